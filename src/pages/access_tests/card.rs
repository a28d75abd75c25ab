//! One access test in the list: its name, a status badge in words, the expectation as a
//! sentence, and for a failing test who breaks it (person, data environment, effective role);
//! for a broken one what it names that is gone. The account owner edits or deletes it here.

use gatehouse_wire::{AccessTestView, TestStatus};
use leptos::prelude::*;

use crate::api;
use crate::components::{focus_selector, RoleBadge};

/// The status in words and its badge class (colour is never the only signal).
fn status_badge(status: TestStatus) -> (&'static str, &'static str) {
    match status {
        TestStatus::Passed => ("Passing", "badge badge-passed"),
        TestStatus::Failed => ("Failing", "badge badge-failed"),
        TestStatus::Broken => ("Broken", "badge badge-broken"),
    }
}

/// The server's sentence ("every member of ICT has …") as the start of a sentence.
fn capitalised(sentence: &str) -> String {
    let mut chars = sentence.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// An access test with how it fares now.
#[component]
pub fn TestCard(
    /// The organisation environment's code.
    env: String,
    /// The test.
    test: AccessTestView,
    /// Whether the signed-in administrator is the account owner (edits and deletes).
    owner: Signal<bool>,
    /// The test whose dialog was opened last (focus returns to its Edit button).
    marked: Signal<Option<String>>,
    /// Open the form on this test.
    on_edit: Callback<AccessTestView>,
    /// Called with a message once the test is deleted.
    on_deleted: Callback<String>,
) -> impl IntoView {
    let (word, class) = status_badge(test.status);
    let confirming = RwSignal::new(false);
    let stored = StoredValue::new(test.clone());
    let delete = Action::new_local(move |(): &()| {
        let (env, id, version) = stored.with_value(|t| (env.clone(), t.id.clone(), t.version));
        async move { api::delete_access_test(&env, &id, version).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            on_deleted.run(format!(
                "Deleted the access test “{}”",
                stored.with_value(|t| t.name.clone())
            ));
        }
    });
    let delete_error = move || {
        delete
            .value()
            .get()
            .and_then(Result::err)
            .map(|f| f.reason())
    };
    let id = test.id.clone();
    let heading_id = format!("test-{}", test.id);
    let labelled_by = heading_id.clone();
    let shown = test.violations.len();
    let more = test.violation_count.saturating_sub(shown);
    let ask = move |_| {
        confirming.set(true);
        request_animation_frame(|| focus_selector("[data-testid=confirm-delete-test]"));
    };
    view! {
        <li class="test-card" data-testid="test-card" data-test-name=test.name.clone() data-status=word aria-labelledby=labelled_by>
            <div class="test-card-head">
                <h2 class="test-name" id=heading_id>{test.name.clone()}</h2>
                <span class=class data-testid="test-status">{word}</span>
                <Show when=move || owner.get()>
                    <div class="test-actions">
                        <button class="button button-small" data-testid="edit-test"
                            data-return-focus={let id = id.clone(); move || (marked.get().as_deref() == Some(id.as_str())).then_some("")}
                            aria-label=format!("Edit {}", stored.with_value(|t| t.name.clone()))
                            on:click=move |_| on_edit.run(stored.get_value())>"Edit"</button>
                        <button class="button button-small" data-testid="delete-test"
                            aria-label=format!("Delete {}", stored.with_value(|t| t.name.clone()))
                            on:click=ask>"Delete…"</button>
                    </div>
                </Show>
            </div>
            <p class="test-sentence" data-testid="test-sentence">{capitalised(&test.sentence)}</p>
            {(test.status == TestStatus::Failed).then(|| view! {
                <p class="test-violation-count" data-testid="violation-count">{match test.violation_count {
                    1 => "1 person breaks it now:".to_owned(),
                    n => format!("{n} people break it now (one line per data environment):"),
                }}</p>
                <div class="table-wrap">
                    <table class="data-table violations-table" data-testid="violations">
                        <thead><tr><th scope="col">"Person"</th><th scope="col">"Data environment"</th><th scope="col">"Effective role"</th></tr></thead>
                        <tbody>
                            {test.violations.iter().map(|v| view! {
                                <tr data-testid="violation" data-user=v.user_name.clone()>
                                    <td class="strong">{v.user_name.clone()}</td>
                                    <td>{format!("Data: {}", v.environment_name)}</td>
                                    <td><RoleBadge role=v.effective/></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                {(more > 0).then(|| view! { <p class="muted" data-testid="violations-more">{format!("Showing {shown} of {}", test.violation_count)}</p> })}
            })}
            {(test.status == TestStatus::Broken).then(|| view! {
                <ul class="test-stale" data-testid="test-stale">
                    {test.stale.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}
                </ul>
                <p class="muted">"It checks nothing until it is edited or deleted."</p>
            })}
            <Show when=move || confirming.get()>
                <div class="conflict" role="alertdialog" aria-label="Confirm delete" data-testid="delete-test-confirm">
                    <p>"Delete this access test? Changes are no longer checked against it; the deletion is recorded in the audit log."</p>
                    {move || delete_error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    <div class="state-actions">
                        <button class="button danger" data-testid="confirm-delete-test" disabled=move || delete.pending().get()
                            on:click=move |_| { delete.dispatch(()); }>"Delete test"</button>
                        <button class="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                    </div>
                </div>
            </Show>
        </li>
    }
}
