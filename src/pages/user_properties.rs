//! The "Edit properties" dialog of a user: name, email, Windows / InSite / Pocket and status,
//! saved as a change set of one `update_user` change (against the version loaded). Before
//! saving, the draft is decided in the browser with the policy crate's `decide` — the function
//! the server decides the save with — so whose access a deactivation takes away, and every
//! refusal (an address in use, the last Owner of a resource, one's own account), shows while
//! editing. A collaborator's name and email are read-only outside its provider; refusals are
//! shown at the field they name, and a 412 opens the conflict panel.

use gatehouse_policy::{edited_user, Policy, SetChange, Subject, UserEdit, UserId};
use gatehouse_wire::{
    EnvironmentInfo, EnvironmentKind, UserFlags, UserKind, UserProperties, UserStatus, UserSummary,
};
use leptos::prelude::*;

use super::permissions::{actor, preview_subject, Impact, ImpactSummary};
use crate::api::{self, ApiFailure};
use crate::components::{Modal, ReasonText};
use crate::leave_guard::guard_draft;
use crate::studio::use_studio;
use conflict::{rebase, StalePanel};

mod conflict;

/// The properties as stored for `user`.
fn stored(user: &UserSummary) -> UserProperties {
    UserProperties {
        name: user.name.clone(),
        email: user.email.clone(),
        flags: user.flags,
        status: user.status,
    }
}

/// The labels of the properties that differ between `before` and `after`.
fn changed_labels(before: &UserProperties, after: &UserProperties) -> Vec<&'static str> {
    let mut out = Vec::new();
    if before.name.trim() != after.name.trim() {
        out.push("name");
    }
    if before.email != after.email {
        out.push("email");
    }
    for (label, was, now) in [
        ("Windows", before.flags.windows, after.flags.windows),
        ("InSite", before.flags.insite, after.flags.insite),
        ("Pocket", before.flags.pocket, after.flags.pocket),
    ] {
        if was != now {
            out.push(label);
        }
    }
    if before.status != after.status {
        out.push("status");
    }
    out
}

/// The dialog; the owner renders it while it is open.
#[component]
pub fn PropertiesDialog(
    /// The environment the user is edited in.
    env: EnvironmentInfo,
    /// The user as loaded.
    user: UserSummary,
    /// Why name and email may not be edited here (a collaborator outside its provider).
    identity_lock: Option<String>,
    /// Called with the saved user.
    on_saved: Callback<UserSummary>,
    /// Called when the administrator closes the dialog without saving.
    on_close: Callback<()>,
) -> impl IntoView {
    let base = RwSignal::new(user.clone());
    let name = RwSignal::new(user.name.clone());
    let email = RwSignal::new(user.email.clone().unwrap_or_default());
    let windows = RwSignal::new(user.flags.windows);
    let insite = RwSignal::new(user.flags.insite);
    let pocket = RwSignal::new(user.flags.pocket);
    let status = RwSignal::new(user.status);
    let reset_to = move |u: &UserSummary| {
        name.set(u.name.clone());
        email.set(u.email.clone().unwrap_or_default());
        windows.set(u.flags.windows);
        insite.set(u.flags.insite);
        pocket.set(u.flags.pocket);
        status.set(u.status);
    };
    let pocket_allowed = move || windows.get() || insite.get();
    let draft = Memo::new(move |_| {
        let email = email.get().trim().to_owned();
        UserProperties {
            name: name.get().trim().to_owned(),
            email: (!email.is_empty()).then_some(email),
            flags: UserFlags {
                windows: windows.get(),
                insite: insite.get(),
                pocket: pocket.get() && pocket_allowed(),
            },
            status: status.get(),
        }
    });
    let changes = Memo::new(move |_| base.with(|b| changed_labels(&stored(b), &draft.get())));
    let failure: RwSignal<Option<ApiFailure>> = RwSignal::new(None);
    let (env_code, id) = (env.code.clone(), user.id.clone());
    let env_s = StoredValue::new(env.code.clone());
    let id_s = StoredValue::new(user.id.clone());
    let save = Action::new_local(move |(version, body): &(i64, UserProperties)| {
        let (env, id, version, body) = (env_code.clone(), id.clone(), *version, body.clone());
        async move { api::update_user_properties(&env, &id, version, &body).await }
    });
    let policy: LocalResource<Result<Policy, ApiFailure>> =
        LocalResource::new(move || async move { api::get_policy(&env_s.get_value()).await });
    let studio = use_studio();
    let pending = Memo::new(move |_| changes.with(Vec::len));
    let impact: Memo<Option<Impact>> = Memo::new(move |_| {
        let draft = draft.get();
        let pending = pending.get();
        policy.with(|loaded| {
            let policy = loaded.as_ref()?.as_ref().ok()?;
            let actor = studio.session.with(|s| {
                let session = s.as_ref().and_then(|s| s.as_ref().ok());
                env_s.with_value(|env| actor(policy, session, env))
            })?;
            let id = UserId::parse(&id_s.get_value()).ok()?;
            let edit = UserEdit {
                name: &draft.name,
                email: draft.email.as_deref(),
                flags: draft.flags.into(),
                status: draft.status.into(),
            };
            let changes = match edited_user(0, policy.user(&id)?, edit) {
                _ if pending == 0 => Vec::new(),
                Ok(user) => vec![SetChange::EditUser { user }],
                Err(refusal) => {
                    return Some(Impact {
                        refusal: Some(refusal.message),
                        ..Impact::default()
                    })
                }
            };
            Some(preview_subject(
                policy,
                &actor,
                &Subject::User(id),
                &changes,
            ))
        })
    });
    let refused = move || impact.with(|i| i.as_ref().is_some_and(|i| i.refusal.is_some()));
    // Closing the dialog is what discards its edits.
    let what = format!("the properties of {}", user.name);
    guard_draft(move || what.clone(), move || pending.get(), on_close);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => on_saved.run(saved),
        Some(Err(f)) => failure.set(Some(f)),
        None => {}
    });
    let at_field = move |prefix: &'static str| {
        move || {
            failure.with(|f| {
                f.as_ref()
                    .filter(|f| f.field().is_some_and(|n| n.starts_with(prefix)))
                    .map(|f| view! { <p class="field-error" role="alert" data-testid=format!("prop-{prefix}-error")><ReasonText text=f.reason()/></p> })
            })
        }
    };
    let general = move || {
        failure.with(|f| match f {
            Some(ApiFailure::Stale { .. }) | None => None,
            Some(f) if f.field().is_some_and(|n| ["name", "email", "flags", "status"].iter().any(|p| n.starts_with(p))) => None,
            Some(f) => Some(view! { <p class="form-error" role="alert" data-testid="prop-error"><ReasonText text=f.reason()/></p> }),
        })
    };
    let locked = identity_lock.is_some();
    let system_user = user.kind == UserKind::System;
    let insite_blocked = move || system_user && !base.with(|b| b.flags.insite);
    let own = user.code.split('.').next() == Some(env.participant.as_str());
    let production = env.kind == EnvironmentKind::Production;
    let collaborator = user.collaborator;
    let first_name = user
        .name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    let sync_note = move || {
        let identity = changes.with(|c| c.contains(&"name") || c.contains(&"email"));
        match (identity && own, production && collaborator) {
            (false, _) => None,
            (true, true) => Some(format!("{first_name} works at clients as a collaborator: the new name or email reaches their environments with the nightly sync.")),
            (true, false) if !production => Some("Changes in a test or accept environment are never synchronised to client environments.".to_owned()),
            (true, false) => None,
        }
    };
    let summary = move || match changes.with(Vec::len) {
        0 => "No changes".to_owned(),
        _ => format!("Changes: {}", changes.get().join(", ")),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if changes.with(Vec::is_empty) || save.pending().get_untracked() {
            return;
        }
        failure.set(None);
        save.dispatch((base.with_untracked(|b| b.version), draft.get_untracked()));
    };
    let stale_current = move || {
        failure.with(|f| match f {
            Some(ApiFailure::Stale {
                current, message, ..
            }) => Some((
                message.clone(),
                serde_json::from_str::<UserSummary>(current).ok(),
            )),
            _ => None,
        })
    };
    // My edits (what differs from the version I loaded) on top of the version now saved.
    let reapply = move |current: Option<UserSummary>| {
        if let Some(current) = current {
            let merged = rebase(&base.get_untracked(), &draft.get_untracked(), &current);
            reset_to(&merged);
            base.set(current);
        }
        failure.set(None);
    };
    let discard = move |current: Option<UserSummary>| {
        if let Some(current) = current {
            reset_to(&current);
            base.set(current);
        }
        failure.set(None);
    };
    let lock_text = identity_lock.clone().unwrap_or_default();
    view! {
        <Modal labelled_by="properties-title" return_focus="[data-testid=edit-properties]" on_close testid="properties-dialog">
            <form class="modal-form" on:submit=submit novalidate>
                <header class="modal-header">
                    <div>
                        <h2 id="properties-title" class="modal-title">"Edit properties"</h2>
                        <p class="muted">{format!("{} · {} · {}", user.name, user.code, env.code)}</p>
                    </div>
                    <button type="button" class="icon-button" aria-label="Close" on:click=move |_| on_close.run(())>"×"</button>
                </header>
                <div class="modal-body">
                    {move || stale_current().map(|(message, current)| view! {
                        <StalePanel message current on_reapply=Callback::new(reapply) on_discard=Callback::new(discard)/>
                    })}
                    {general}
                    <div class="field">
                        <label class="field-label" for="prop-name">"Name"</label>
                        <input id="prop-name" type="text" data-testid="prop-name" data-autofocus=(!locked).then_some("")
                            readonly=locked aria-describedby=locked.then_some("identity-lock")
                            prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                        {at_field("name")}
                    </div>
                    <div class="field">
                        <label class="field-label" for="prop-email">"Email"</label>
                        <input id="prop-email" type="text" inputmode="email" autocomplete="off" data-testid="prop-email"
                            readonly=locked aria-describedby=if locked { "identity-lock" } else { "email-hint" }
                            prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                        {(!locked).then(|| view! { <p id="email-hint" class="hint">"Used to sign in; one user per environment. Leave empty to clear it."</p> })}
                        {at_field("email")}
                    </div>
                    {locked.then(|| view! {
                        <p id="identity-lock" class="lock-note" data-testid="identity-read-only">
                            <strong>"Read-only here: "</strong><ReasonText text=lock_text.clone()/>
                        </p>
                    })}
                    <fieldset class="flag-set">
                        <legend class="field-label">"Applications"</legend>
                        <label class="check-line"><input type="checkbox" data-testid="prop-windows" prop:checked=windows data-autofocus=locked.then_some("")
                            on:change=move |ev| windows.set(event_target_checked(&ev))/>"Windows"</label>
                        <label class="check-line"><input type="checkbox" data-testid="prop-insite" prop:checked=insite
                            disabled=insite_blocked aria-describedby=move || insite_blocked().then_some("insite-reason")
                            on:change=move |ev| insite.set(event_target_checked(&ev))/>"InSite"</label>
                        {move || insite_blocked().then(|| view! { <p id="insite-reason" class="hint" data-testid="insite-reason">"A system user cannot use InSite: convert it to a normal user linked to a person first."</p> })}
                        <label class="check-line"><input type="checkbox" data-testid="prop-pocket"
                            prop:checked=move || pocket.get() && pocket_allowed() disabled=move || !pocket_allowed()
                            aria-describedby=move || (!pocket_allowed()).then_some("pocket-reason") on:change=move |ev| pocket.set(event_target_checked(&ev))/>"Pocket"</label>
                        {move || (!pocket_allowed()).then(|| view! { <p id="pocket-reason" class="hint" data-testid="pocket-reason">"Pocket needs Windows or InSite: turn one of them on first."</p> })}
                        {at_field("flags")}
                    </fieldset>
                    <div class="field">
                        <label class="field-label" for="prop-status">"Status"</label>
                        <select id="prop-status" data-testid="prop-status"
                            prop:value=move || if status.get() == UserStatus::Active { "active" } else { "deactivated" }
                            on:change=move |ev| status.set(if event_target_value(&ev) == "active" { UserStatus::Active } else { UserStatus::Deactivated })>
                            <option value="active">"Active"</option>
                            <option value="deactivated">"Deactivated — no access, permissions kept"</option>
                        </select>
                        {at_field("status")}
                    </div>
                </div>
                <footer class="modal-footer">
                    <div class="impact">
                        <p class="impact-summary" aria-live="polite" data-testid="properties-summary">{summary}</p>
                        <div data-testid="properties-impact">
                            <ImpactSummary impact=Signal::from(impact) pending=Signal::from(pending)/>
                        </div>
                        {move || sync_note().map(|n| view! { <p class="hint" data-testid="sync-note">{n}</p> })}
                    </div>
                    <div class="footer-actions">
                        <button type="button" class="button" data-testid="cancel-properties" on:click=move |_| on_close.run(())>"Cancel"</button>
                        <button type="submit" class="button primary" data-testid="save-properties"
                            disabled=move || changes.with(Vec::is_empty) || refused() || save.pending().get()>
                            {move || if save.pending().get() { "Saving…" } else { "Save" }}
                        </button>
                    </div>
                </footer>
            </form>
        </Modal>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(name: &str, email: Option<&str>, pocket: bool) -> UserProperties {
        UserProperties {
            name: name.to_owned(),
            email: email.map(str::to_owned),
            flags: UserFlags {
                windows: true,
                insite: false,
                pocket,
            },
            status: UserStatus::Active,
        }
    }

    #[test]
    fn only_the_properties_that_differ_are_changes() {
        let before = props("Britt Williams", Some("b@x.example"), false);
        assert!(changed_labels(&before, &before.clone()).is_empty());
        let after = props("Britt Williams ", Some("c@x.example"), true);
        assert_eq!(changed_labels(&before, &after), ["email", "Pocket"]);
    }
}
