//! Undoing a change set or one entry: the inverse change set is decided first (a dry run on
//! the server, or the demo store) and its impact shown — whose access changes, old → new —
//! or the reason it is refused; only then is it applied, as a new change set.

use gatehouse_policy::{Policy, RoleChange};
use gatehouse_wire::{UndoRequest, UndoResult};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{BrokenTestsList, BrokenTestsRefusal, Modal};

/// What to undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoTarget {
    /// The change set (the entry's, for one entry).
    pub change_set: String,
    /// One entry of it, or the whole set.
    pub entry: Option<String>,
    /// What it is, in words, for the dialog's title.
    pub label: String,
}

impl UndoTarget {
    fn request(&self, dry_run: bool, override_tests: bool) -> UndoRequest {
        UndoRequest {
            override_tests,
            change_set: self.entry.is_none().then(|| self.change_set.clone()),
            entry: self.entry.clone(),
            dry_run,
        }
    }
}

/// A role change in words: "Fleur Smit — CRM Portal, Production: Editor → None".
fn change_text(policy: &Policy, change: &RoleChange) -> String {
    let user = policy
        .user(&change.user)
        .map_or_else(|| change.user.to_string(), |u| u.name.clone());
    let resource = policy
        .resource(&change.resource)
        .map_or_else(|| change.resource.to_string(), |r| r.name.clone());
    let env = policy
        .environment(&change.env)
        .map_or_else(|| change.env.to_string(), |e| e.name.clone());
    format!(
        "{user} — {resource}, {env}: {} → {}",
        change.old, change.new
    )
}

/// The most role changes listed in the preview.
const LISTED: usize = 50;

/// The undo dialog.
#[component]
pub fn UndoDialog(
    env: String,
    target: UndoTarget,
    policy: Policy,
    /// Closes without undoing.
    on_close: Callback<()>,
    /// Called with a message once undone.
    on_undone: Callback<String>,
) -> impl IntoView {
    let env = StoredValue::new(env);
    let target = StoredValue::new(target);
    let policy = StoredValue::new(policy);
    let preview: LocalResource<Result<UndoResult, ApiFailure>> = LocalResource::new(move || {
        let (env, request) = (
            env.get_value(),
            target.with_value(|t| t.request(true, false)),
        );
        async move { api::undo_change_set(&env, &request).await }
    });
    // With `true`: saved even though it breaks access tests (the account owner's override).
    let apply = Action::new_local(move |override_tests: &bool| {
        let override_tests = *override_tests;
        let (env, request) = (
            env.get_value(),
            target.with_value(|t| t.request(false, override_tests)),
        );
        async move { api::undo_change_set(&env, &request).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(result)) = apply.value().get() {
            let n = result.changes.len() + result.access_tests.len();
            on_undone.run(format!(
                "Undone: {n} change{} saved as a new change set",
                if n == 1 { "" } else { "s" }
            ));
        }
    });
    let apply_failure = move || apply.value().get().and_then(Result::err);
    let apply_error = move || {
        apply_failure()
            .filter(|f| f.broken_tests().is_none())
            .map(|f| f.reason())
    };
    let ready = move || matches!(preview.get(), Some(Ok(_)));
    let title = target.with_value(|t| {
        if t.entry.is_some() {
            format!("Undo “{}”?", t.label)
        } else {
            format!("Undo {}?", t.label)
        }
    });
    let body = move || {
        match preview.get() {
        None => view! {
            <p class="muted" role="status" data-testid="undo-preview-loading"><span class="spinner" aria-hidden="true"></span>" Working out what the undo would change…"</p>
        }.into_any(),
        Some(Err(failure)) => view! {
            <div class="conflict" role="alert" data-testid="undo-refused">
                <p class="strong">"This cannot be undone"</p>
                <p>{failure.reason()}</p>
            </div>
        }.into_any(),
        Some(Ok(result)) => {
            let n = result.changes.len() + result.access_tests.len();
            let tests = result.access_tests;
            let impact = result.result.impact;
            let people: std::collections::BTreeSet<_> = impact.iter().map(|c| c.user.clone()).collect();
            let summary = format!(
                "The undo saves {n} change{} as a new change set. {}",
                if n == 1 { "" } else { "s" },
                match people.len() {
                    0 => "Nobody's effective access changes.".to_owned(),
                    1 => "1 person's effective access changes:".to_owned(),
                    p => format!("{p} people's effective access changes:"),
                }
            );
            let more = impact.len().saturating_sub(LISTED);
            let lines = policy.with_value(|p| impact.iter().take(LISTED).map(|c| change_text(p, c)).collect::<Vec<_>>());
            view! {
                <p data-testid="undo-summary">{summary}</p>
                {(!tests.is_empty()).then(|| view! {
                    <ul class="impact-list" data-testid="undo-access-tests">
                        {tests.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
                    </ul>
                })}
                {(!lines.is_empty()).then(|| view! {
                    <ul class="impact-list" data-testid="undo-impact">
                        {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                    </ul>
                })}
                {(more > 0).then(|| view! { <p class="hint">{format!("…and {more} more.")}</p> })}
                <BrokenTestsList broken=Signal::stored(result.result.broken_tests) with_heading=true/>
            }.into_any()
        }
    }
    };
    view! {
        <Modal labelled_by="undo-title" return_focus="[data-return-focus]" on_close testid="undo-dialog">
            <div class="modal-form">
                <header class="modal-header">
                    <h2 id="undo-title" class="modal-title">{title}</h2>
                </header>
                <div class="modal-body" aria-live="polite">
                    {body}
                    {move || apply_error().map(|e| view! { <p class="form-error" role="alert" data-testid="undo-error">{e}</p> })}
                    {move || apply_failure().and_then(|f| f.broken_tests().map(|b| (b.to_vec(), f.reason()))).map(|(broken, message)| view! {
                        // The audit log is the account owner's: the override is theirs to make.
                        <BrokenTestsRefusal broken message account_owner=true overriding=apply.pending()
                            on_override=Callback::new(move |()| { apply.dispatch(true); })/>
                    })}
                </div>
                <footer class="modal-footer">
                    <span></span>
                    <div class="footer-actions">
                        <button type="button" class="button" data-testid="undo-cancel" on:click=move |_| on_close.run(())>
                            {move || if ready() { "Cancel" } else { "Close" }}
                        </button>
                        <Show when=ready>
                            <button type="button" class="button primary" data-testid="undo-confirm" disabled=move || apply.pending().get()
                                on:click=move |_| { apply.dispatch(false); }>
                                {move || if apply.pending().get() { "Undoing…" } else { "Undo" }}
                            </button>
                        </Show>
                    </div>
                </footer>
            </div>
        </Modal>
    }
}
