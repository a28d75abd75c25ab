//! The body of Edit Permissions once loaded: grants table, add row, impact footer, conflicts.

use gatehouse_policy::{Policy, ResourceId, ResourceKind, Subject};
use gatehouse_wire::ResourcePermissions;
use leptos::prelude::*;

use super::add_grant::AddGrant;
use super::conflict::ConflictPanel;
use super::effect_cell::outcomes_for;
use super::footer::ImpactFooter;
use super::grant_row::GrantRow;
use super::impact::Impact;
use super::who_has_access::WhoHasAccess;
use crate::api::ApiFailure;
use crate::components::BrokenTestsList;
use crate::permissions_draft::{DraftGrant, Edit};
use crate::studio::env_href;
use gatehouse_wire::BrokenTestView;

/// The editor.
#[component]
pub fn Editor(
    /// Organisation environment code.
    env: String,
    /// The stored permissions.
    stored: ResourcePermissions,
    /// The draft rows.
    rows: Signal<Option<Vec<DraftGrant>>>,
    /// The draft's impact (when the policy snapshot is available).
    impact: Signal<Option<Impact>>,
    /// The requests saving would send.
    pending: Signal<Vec<Edit>>,
    /// The snapshot (administrators only).
    policy: Signal<Option<Policy>>,
    /// Called with an edited row.
    edit_row: Callback<DraftGrant>,
    /// Called to save.
    save: Callback<(String, String, Vec<Edit>)>,
    /// A save is running.
    saving: Signal<bool>,
    /// The last save's failure: whose grant, and why.
    failure: Signal<Option<(String, ApiFailure)>>,
    /// The last save's success message.
    saved_message: Signal<Option<String>>,
    /// Reload keeping the draft.
    reload: Callback<()>,
    /// Throw the draft away.
    discard: Callback<()>,
    /// The access tests the draft would break (from a dry run).
    broken: Signal<Vec<BrokenTestView>>,
    /// Whether the signed-in administrator is the account owner (who may override tests).
    account_owner: Signal<bool>,
    /// Save the refused set again, overriding the access tests it breaks.
    override_save: Callback<()>,
) -> impl IntoView {
    let resource = stored.resource.clone();
    let kind = resource.kind;
    let (list_label, list_href) = match kind {
        ResourceKind::App => ("Apps", "/apps"),
        ResourceKind::Connector => ("Connectors", "/connectors"),
    };
    let can_edit = resource.can_edit_permissions;
    let refusal = resource.edit_refusal.clone();
    let environments = stored.environments.clone();
    let stored_shadowed = stored.shadowed.clone();
    let lock_reason = move |row: &DraftGrant| -> Option<String> {
        if !can_edit {
            return Some(
                refusal
                    .clone()
                    .unwrap_or_else(|| "you may not change these permissions".to_owned()),
            );
        }
        let Subject::User(id) = &row.subject else {
            return None;
        };
        policy.with(|p| {
            p.as_ref()
                .and_then(|p| p.user(id))
                .filter(|u| !u.is_active())
                .map(|u| {
                    format!(
                        "{} is deactivated: their permissions cannot be edited",
                        u.name
                    )
                })
        })
    };
    let warnings_for = move |subject: &Subject| -> Vec<String> {
        let list = impact
            .with(|i| i.as_ref().map(|i| i.warnings.clone()))
            .unwrap_or_else(|| stored_shadowed.clone());
        list.into_iter()
            .filter(|s| &s.subject == subject)
            .map(|s| s.message)
            .collect()
    };
    // What the grants yield and who has access, as they will be after Save: the snapshot
    // after the draft (the stored one while nothing is drafted, or while the draft would be
    // refused — the section says which).
    let resource_key = ResourceId::parse(&resource.id).ok();
    let snapshot = Memo::new(move |_| {
        impact.with(|i| {
            i.as_ref()
                .and_then(|i| i.after.clone().or_else(|| i.stored.clone()))
        })
    });
    let refused =
        Signal::derive(move || impact.with(|i| i.as_ref().is_some_and(|i| i.refusal.is_some())));
    let draft_changes = Memo::new(move |_| {
        impact.with(|i| {
            i.as_ref()
                .map(|i| {
                    i.changes
                        .iter()
                        .map(|(_, _, c)| c.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let who = resource_key.clone().map(|resource| {
        view! {
            <WhoHasAccess snapshot=snapshot.into() refused pending=Signal::derive(move || pending.with(Vec::len))
                changes=draft_changes.into() resource environments=environments.clone()/>
        }
    });
    let env_ids: Vec<String> = environments.iter().map(|e| e.id.clone()).collect();
    let resource_id = resource.id.clone();
    let env_for_save = env.clone();
    let on_save = move |()| {
        save.run((
            env_for_save.clone(),
            resource_id.clone(),
            pending.get_untracked(),
        ))
    };
    // The stored grants as a CSV file; users' codes from the snapshot where it may be read.
    let stored_for_csv = StoredValue::new(stored.clone());
    let download_error = RwSignal::new(None::<String>);
    let download_grants = move |_| {
        let codes: Vec<(String, String)> = policy.with_untracked(|p| {
            p.as_ref()
                .map(|p| {
                    p.users
                        .iter()
                        .filter_map(|u| Some((u.id.to_string(), u.code.as_ref()?.to_string())))
                        .collect()
                })
                .unwrap_or_default()
        });
        let (csv, filename) = stored_for_csv.with_value(|s| {
            (
                gatehouse_app::grants_csv(s, &codes),
                format!("grants-{}.csv", s.resource.id),
            )
        });
        download_error
            .set(crate::download::download(&filename, &csv, "text/csv;charset=utf-8").err());
    };
    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href=env_href(list_href)>{list_label}</a>" / "<span>{resource.name.clone()}</span></nav>
        <header class="page-header page-header-actions">
            <div>
                <h1 id="page-title" class="page-title">{format!("{} — permissions", resource.name)}</h1>
                <p class="page-lede">"All Users first, then groups, then users. Each grant gives one role in the environments ticked."</p>
            </div>
            <div class="header-actions">
                <button class="button" data-testid="download-grants" on:click=download_grants>"Download CSV"</button>
            </div>
        </header>
        {move || download_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        {(!can_edit).then(|| view! {
            <div class="banner banner-readonly" role="note" data-testid="read-only">
                <strong>"Read only. "</strong>{resource.edit_refusal.clone().unwrap_or_default()}
            </div>
        })}
        {move || saved_message.get().map(|m| view! { <div class="toast" role="status" data-testid="toast">{m}</div> })}
        {move || failure.get().filter(|(_, f)| f.broken_tests().is_none()).map(|(name, f)| view! { <ConflictPanel name failure=f on_reload=reload on_discard=discard/> })}
        <div class="table-wrap">
            <table class="data-table grants-table" data-testid="grants-table">
                <thead><tr>
                    <th scope="col">"Who"</th><th scope="col">"Role"</th><th scope="col">"Data environments"</th>
                    <th scope="col">"Effect"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody>
                    {move || rows.get().unwrap_or_default().into_iter().map(|row| {
                        let locked = lock_reason(&row);
                        let warnings = warnings_for(&row.subject);
                        let outcomes = resource_key.as_ref().and_then(|r| snapshot.with(|s| outcomes_for(s.as_ref(), &row.subject, r)));
                        view! { <GrantRow row kind environments=environments.clone() locked warnings outcomes on_change=edit_row/> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {move || (can_edit).then(|| policy.get()).flatten().map(|p| {
            let taken: Vec<Subject> = rows.get().unwrap_or_default().into_iter().map(|r| r.subject).collect();
            view! { <AddGrant policy=p taken kind environments=env_ids.clone() on_add=edit_row/> }
        })}
        {who}
        // Beside Save: the tests the draft would break, or the refusal of a save that broke them.
        {move || match failure.get().filter(|(_, f)| f.broken_tests().is_some()) {
            Some((name, f)) => view! { <ConflictPanel name failure=f on_reload=reload on_discard=discard account_owner on_override=override_save overriding=saving/> }.into_any(),
            None => view! { <BrokenTestsList broken with_heading=true/> }.into_any(),
        }}
        // Read only: no Cancel or Save to press (the banner says why and who may edit).
        {can_edit.then(|| view! {
            <ImpactFooter impact pending=Signal::derive(move || pending.with(Vec::len))
                can_edit=Signal::derive(move || can_edit) saving on_save=Callback::new(on_save) on_cancel=discard
                broken_tests=Signal::derive(move || broken.with(Vec::len))/>
        })}
    }
}
