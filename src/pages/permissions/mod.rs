//! Edit Permissions (`/apps/:id/permissions`, `/connectors/:id/permissions`): All Users first,
//! then groups, then users; role and environments per grant; the impact of the draft before
//! saving (computed in the browser by the policy crate); a conflict panel for 412s.

mod add_grant;
mod conflict;
mod editor;
mod effect_cell;
mod footer;
mod grant_row;
mod impact;
mod save;
mod who_has_access;

pub use conflict::ConflictPanel;
pub use effect_cell::{outcomes_for, EffectCell};
pub use footer::{ImpactFooter, ImpactSummary};
pub use impact::{actor, preview_all, preview_subject, preview_users, Impact};
pub use save::{change_requests, save_edits};

use gatehouse_policy::Policy;
use gatehouse_wire::ResourcePermissions;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiFailure};
use crate::components::{use_broken_tests, ErrorState, SkeletonRows};
use crate::leave_guard::guard_draft;
use crate::permissions_draft::{changes, draft_from, edits, rebase, DraftGrant, Edit};
use crate::studio::use_studio;
use editor::Editor;
use impact::preview;

/// The environment code, the resource's grants, and the snapshot for previews (if readable).
type Loaded = (String, ResourcePermissions, Option<Policy>);

/// The Edit Permissions view of one resource.
#[component]
pub fn PermissionsPage() -> impl IntoView {
    let studio = use_studio();
    let params = use_params_map();
    let resource_id = move || params.with(|p| p.get("id").unwrap_or_default());
    // The grants and the snapshot the impact is computed on, in one resource, so the rows
    // are drawn once, with their warnings, when both are there (a non-owner may not read the
    // snapshot: no preview then).
    let perms: LocalResource<Result<Loaded, ApiFailure>> = LocalResource::new(move || {
        let (selected, id) = (studio.selected.get(), resource_id());
        async move {
            let env = studio.environment(selected).await?;
            let stored = api::get_permissions(&env.code, &id).await?;
            let policy = api::get_policy(&env.code).await.ok();
            Ok((env.code.clone(), stored, policy))
        }
    });
    let policy = Signal::derive(move || {
        perms.with(|p| match p {
            Some(Ok((_, _, policy))) => policy.clone(),
            _ => None,
        })
    });
    let draft: RwSignal<Option<Vec<DraftGrant>>> = RwSignal::new(None);
    let stored = move || {
        perms.with(|p| match p {
            Some(Ok((env, stored, _))) => Some((env.clone(), stored.clone())),
            _ => None,
        })
    };
    let rows = Memo::new(move |_| {
        let (_, stored) = stored()?;
        Some(match draft.get() {
            Some(edited) => rebase(&edited, &stored),
            None => draft_from(&stored),
        })
    });
    let impact = Memo::new(move |_| {
        let (env, stored) = stored()?;
        let policy = policy.get()?;
        let rows = rows.get()?;
        let actor = studio
            .session
            .with(|s| actor(&policy, s.as_ref().and_then(|s| s.as_ref().ok()), &env))?;
        Some(preview(
            &policy,
            &actor,
            &stored.resource.id,
            &changes(&rows, &stored),
        ))
    });
    let pending = Memo::new(move |_| match (stored(), rows.get()) {
        (Some((_, stored)), Some(rows)) => edits(&rows, &stored),
        _ => Vec::new(),
    });
    let edit_row = Callback::new(move |next: DraftGrant| {
        let current = rows.get_untracked().unwrap_or_default();
        let mut updated: Vec<DraftGrant> = current
            .into_iter()
            .filter(|r| !(r.id.is_none() && r.subject == next.subject && next.removed))
            .collect();
        match updated.iter_mut().find(|r| r.subject == next.subject) {
            Some(row) => *row = next,
            None if !next.removed => updated.push(next),
            None => {}
        }
        draft.set(Some(updated));
    });
    // The access tests the draft would break, from a dry run (none while the draft's own
    // preview refuses it).
    let broken = use_broken_tests(move || {
        let (env, stored) = stored()?;
        if impact.with(|i| i.as_ref().is_some_and(|i| i.refusal.is_some())) {
            return None;
        }
        let resource = stored.resource.id.clone();
        let edits = pending
            .get()
            .into_iter()
            .map(|e| (resource.clone(), e))
            .collect();
        Some((env, change_requests(edits)))
    });
    let account_owner = Signal::derive(move || studio.is_account_owner());
    // The set last sent, to send again with the account owner's override.
    let last_sent = StoredValue::new(None::<(String, String, Vec<Edit>)>);
    let save = Action::new_local(
        move |((env, resource, edits), override_tests): &((String, String, Vec<Edit>), bool)| {
            let (env, resource, edits) = (env.clone(), resource.clone(), edits.clone());
            let override_tests = *override_tests;
            async move {
                let edits = edits.into_iter().map(|e| (resource.clone(), e)).collect();
                let saved = save_edits(&env, edits, override_tests).await;
                // Reload what was saved (grants, versions, the snapshot the warnings come
                // from) from here, not from the effect that shows the toast: a refetch asked
                // for inside that effect did not run.
                if saved.is_ok() {
                    perms.refetch();
                }
                saved
            }
        },
    );
    // Leaving with edits unsaved asks first; going anyway throws the draft away (an environment
    // switch keeps this view mounted).
    guard_draft(
        move || {
            perms.with(|p| match p {
                Some(Ok((_, stored, _))) => format!("the permissions of {}", stored.resource.name),
                _ => "these permissions".to_owned(),
            })
        },
        move || pending.with(Vec::len),
        Callback::new(move |()| {
            draft.set(None);
            save.value().set(None);
        }),
    );
    let saved_message = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(count)) = save.value().get() {
            draft.set(None);
            saved_message.set(Some(format!(
                "Saved {count} change{}",
                if count == 1 { "" } else { "s" }
            )));
        }
    });
    // A refusal for broken access tests is about the set sent: once the draft moves on, the
    // preview speaks for it instead (and an override would send what was refused).
    let failure = move || {
        save.value().get().and_then(Result::err).filter(|(_, f)| {
            f.broken_tests().is_none()
                || pending.with(|now| {
                    last_sent.with_value(|l| l.as_ref().is_some_and(|(_, _, e)| e == now))
                })
        })
    };
    let reload = Callback::new(move |()| {
        save.value().set(None);
        perms.refetch();
    });
    let discard = Callback::new(move |()| {
        draft.set(None);
        reload.run(());
    });

    view! {
        <section class="page" aria-labelledby="page-title">
            {move || match perms.get() {
                None => view! { <h1 id="page-title" class="page-title">"Permissions"</h1><div class="table-wrap"><table class="data-table"><SkeletonRows rows=4 columns=4/></table></div> }.into_any(),
                Some(Err(failure)) => view! {
                    <h1 id="page-title" class="page-title">"Permissions"</h1>
                    <ErrorState title=failure.title().to_owned() detail=failure.detail() on_retry=Callback::new(move |()| perms.refetch())/>
                }.into_any(),
                Some(Ok((env, stored, _))) => view! {
                    <Editor env stored rows=rows.into() impact=impact.into() pending=pending.into()
                        policy
                        edit_row save=Callback::new(move |args: (String, String, Vec<Edit>)| { last_sent.set_value(Some(args.clone())); save.dispatch((args, false)); })
                        saving=save.pending().into()
                        broken account_owner
                        override_save=Callback::new(move |()| { if let Some(args) = last_sent.get_value() { save.dispatch((args, true)); } })
                        failure=Signal::derive(failure) saved_message=saved_message.into() reload discard/>
                }.into_any(),
            }}
        </section>
    }
}
