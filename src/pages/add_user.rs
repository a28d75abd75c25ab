//! The Add user dialog of the Users view (account owner): code with the organisation's
//! prefix, name, email, applications and groups, saved as one change set (`create_user` and an
//! `add_member` per group) — validated by the policy crate on the server (or the demo store),
//! each refusal shown at its field.

use gatehouse_policy::UserFlags as PolicyFlags;
use gatehouse_wire::{ChangeRequest, ChangeSetRequest, GroupSummary, UserFlags};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiFailure};
use crate::components::Modal;
use crate::leave_guard::guard_draft;
use crate::studio::env_href;

/// The dialog; `participant` is the organisation's number (the code's prefix).
#[component]
pub fn AddUserDialog(
    env: String,
    participant: String,
    on_close: Callback<()>,
    on_added: Callback<()>,
) -> impl IntoView {
    let code = RwSignal::new(format!("{participant}."));
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let windows = RwSignal::new(true);
    let insite = RwSignal::new(false);
    let pocket = RwSignal::new(false);
    let chosen = RwSignal::new(Vec::<String>::new());
    let env_s = StoredValue::new(env);
    let groups: LocalResource<Result<Vec<GroupSummary>, ApiFailure>> =
        LocalResource::new(move || async move { api::list_groups(&env_s.get_value()).await });
    let flags = move || PolicyFlags {
        windows: windows.get(),
        insite: insite.get(),
        pocket: pocket.get(),
    };
    let pocket_allowed = move || flags().pocket_available();
    let navigate = use_navigate();
    let save = Action::new_local(move |request: &ChangeSetRequest| {
        let request = request.clone();
        async move { api::apply_changes(&env_s.get_value(), &request).await }
    });
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            on_added.run(());
            navigate(
                &env_href(&format!("/users/{}", code.get_untracked().trim())),
                Default::default(),
            );
        }
    });
    // What has been filled in so far; leaving asks first, and closing throws it away.
    let prefix = format!("{participant}.");
    let filled = move || {
        [
            code.with(|c| c.trim() != prefix),
            name.with(|n| !n.trim().is_empty()),
            email.with(|e| !e.trim().is_empty()),
            !windows.get() || insite.get() || pocket.get(),
            chosen.with(|c| !c.is_empty()),
        ]
        .into_iter()
        .filter(|f| *f)
        .count()
    };
    guard_draft(|| "the new user".to_owned(), filled, on_close);
    let failure = move || save.value().get().and_then(Result::err);
    // A refusal of change 0 (the user) names its field; others (a membership) are general.
    let at_field = move |field: &'static str| {
        move || {
            failure()
                .filter(|f| f.field() == Some(&format!("changes[0].{field}")))
                .map(|f| view! { <p class="form-error" role="alert" data-testid=format!("add-user-error-{field}")>{f.reason()}</p> })
        }
    };
    let general = move || {
        failure()
            .filter(|f| {
                !["code", "name", "email", "flags.pocket"]
                    .iter()
                    .any(|field| f.field() == Some(&format!("changes[0].{field}")))
            })
            .map(|f| view! { <p class="form-error" role="alert" data-testid="add-user-error">{f.reason()}</p> })
    };
    let submit =
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let code_text = code.get_untracked().trim().to_owned();
            // The new user's id, chosen here so that the memberships of the same set can name it.
            let id = format!(
                "usr-{}-{}",
                code_text
                    .to_lowercase()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
                crate::clock::now().0
            );
            let email_text = email.get_untracked().trim().to_owned();
            let mut changes = vec![ChangeRequest::CreateUser {
                user: Some(id.clone()),
                code: code_text,
                name: name.get_untracked(),
                email: (!email_text.is_empty()).then_some(email_text),
                flags: UserFlags {
                    windows: windows.get_untracked(),
                    insite: insite.get_untracked(),
                    pocket: pocket.get_untracked()
                        && (windows.get_untracked() || insite.get_untracked()),
                },
            }];
            changes.extend(chosen.get_untracked().into_iter().map(|group| {
                ChangeRequest::AddMember {
                    group,
                    user: id.clone(),
                }
            }));
            save.dispatch(ChangeSetRequest {
                override_tests: false,
                dry_run: false,
                changes,
            });
        };
    view! {
        <Modal labelled_by="add-user-title" return_focus="[data-testid=add-user]" on_close testid="add-user-dialog">
            <form class="modal-form" on:submit=submit novalidate>
                <header class="modal-header">
                    <div>
                        <h2 id="add-user-title" class="modal-title">"Add a user"</h2>
                        <p class="muted">{format!("A user of your organisation in {}", env_s.get_value())}</p>
                    </div>
                    <button type="button" class="icon-button" aria-label="Close" on:click=move |_| on_close.run(())>"×"</button>
                </header>
                <div class="modal-body">
                    {general}
                    <div class="field">
                        <label class="field-label" for="new-user-code">"User code"</label>
                        <input id="new-user-code" type="text" autocomplete="off" data-testid="new-user-code" data-autofocus=""
                            aria-describedby="new-user-code-hint" prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/>
                        <p id="new-user-code-hint" class="hint">{format!("Starts with your organisation's number, {participant}, then a dot: {participant}.JJansen")}</p>
                        {at_field("code")}
                    </div>
                    <div class="field">
                        <label class="field-label" for="new-user-name">"Name"</label>
                        <input id="new-user-name" type="text" autocomplete="off" data-testid="new-user-name"
                            prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                        {at_field("name")}
                    </div>
                    <div class="field">
                        <label class="field-label" for="new-user-email">"Email (optional)"</label>
                        <input id="new-user-email" type="text" inputmode="email" autocomplete="off" data-testid="new-user-email"
                            aria-describedby="new-user-email-hint" prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                        <p id="new-user-email-hint" class="hint">"Used to sign in and needed for app connectors; one user per address in this environment."</p>
                        {at_field("email")}
                    </div>
                    <fieldset class="flag-set">
                        <legend class="field-label">"Applications"</legend>
                        <label class="check-line"><input type="checkbox" data-testid="new-user-windows" prop:checked=windows
                            on:change=move |ev| windows.set(event_target_checked(&ev))/>"Windows"</label>
                        <label class="check-line"><input type="checkbox" data-testid="new-user-insite" prop:checked=insite
                            on:change=move |ev| insite.set(event_target_checked(&ev))/>"InSite"</label>
                        <label class="check-line"><input type="checkbox" data-testid="new-user-pocket"
                            prop:checked=move || pocket.get() && pocket_allowed() disabled=move || !pocket_allowed()
                            aria-describedby=move || (!pocket_allowed()).then_some("new-user-pocket-reason")
                            on:change=move |ev| pocket.set(event_target_checked(&ev))/>"Pocket"</label>
                        {move || (!pocket_allowed()).then(|| view! { <p id="new-user-pocket-reason" class="hint">"Pocket needs Windows or InSite: turn one of them on first."</p> })}
                        {at_field("flags.pocket")}
                    </fieldset>
                    <fieldset class="flag-set" data-testid="new-user-groups">
                        <legend class="field-label">"Groups"</legend>
                        {move || match groups.get() {
                            None => view! { <p class="muted" role="status">"Loading groups…"</p> }.into_any(),
                            Some(Err(f)) => view! { <p class="form-error">{f.reason()}</p> }.into_any(),
                            Some(Ok(list)) if list.is_empty() => view! { <p class="muted">"No groups yet: the user starts in All Users only."</p> }.into_any(),
                            Some(Ok(list)) => list.into_iter().map(|g| {
                                let id = g.id.clone();
                                let checked = { let id = id.clone(); move || chosen.with(|c| c.contains(&id)) };
                                view! { <label class="check-line"><input type="checkbox" data-testid="new-user-group" prop:checked=checked
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|c| { c.retain(|x| x != &id); if on { c.push(id.clone()); } });
                                    }/>{g.name}</label> }
                            }).collect_view().into_any(),
                        }}
                    </fieldset>
                </div>
                <footer class="modal-footer">
                    <p class="hint">"Saved as one change: the user and their groups, or nothing."</p>
                    <div class="footer-actions">
                        <button type="button" class="button" data-testid="cancel-add-user" on:click=move |_| on_close.run(())>"Cancel"</button>
                        <button type="submit" class="button primary" data-testid="save-add-user" disabled=move || save.pending().get()>
                            {move || if save.pending().get() { "Adding…" } else { "Add user" }}
                        </button>
                    </div>
                </footer>
            </form>
        </Modal>
    }
}
