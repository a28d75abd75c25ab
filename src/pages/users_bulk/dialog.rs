//! The dialog of one bulk action: its choices (group; resource, role and data environments),
//! who it changes and who it leaves as they are, the impact preview (decided in the browser by
//! the policy crate, as the save will be), the access tests it would break (a dry run) and
//! Save, which writes one change set — refused for broken tests unless the account owner
//! overrides.

use std::collections::BTreeSet;

use gatehouse_app::{read_changes, Unread};
use gatehouse_policy::{Policy, ResourceId, ResourceKind, Role, UserId};
use gatehouse_wire::{ChangeSetRequest, GrantView, UserStatus, UserSummary};
use leptos::prelude::*;

use super::{opener, BulkKind};
use crate::api::{self, ApiFailure};
use crate::bulk::{plan, unchanged_reason, BulkAction, BulkPlan};
use crate::components::{use_broken_tests, BrokenTestsList, BrokenTestsRefusal, Modal};
use crate::pages::permissions::{actor, preview_users, Impact, ImpactSummary};
use crate::studio::use_studio;
use crate::words::counted;

/// The dialog for `kind` on `users`.
#[component]
pub fn BulkDialog(
    kind: BulkKind,
    env: String,
    users: Vec<UserSummary>,
    on_close: Callback<()>,
    on_saved: Callback<String>,
) -> impl IntoView {
    let env_s = StoredValue::new(env);
    let policy: LocalResource<Result<Policy, ApiFailure>> =
        LocalResource::new(move || async move { api::get_policy(&env_s.get_value()).await });
    let users = StoredValue::new(users);
    let n = users.with_value(Vec::len);
    let title = match kind {
        BulkKind::AddToGroup => format!("Add {} to a group", counted(n, "person", "people")),
        BulkKind::RemoveFromGroup => {
            format!("Remove {} from a group", counted(n, "person", "people"))
        }
        BulkKind::Status(UserStatus::Active) => {
            format!("Activate {}", counted(n, "person", "people"))
        }
        BulkKind::Status(UserStatus::Deactivated) => {
            format!("Deactivate {}", counted(n, "person", "people"))
        }
        BulkKind::SetRole => format!("Set a role for {}", counted(n, "person", "people")),
        BulkKind::RemoveGrant => format!("Remove the grants of {}", counted(n, "person", "people")),
    };
    view! {
        <Modal labelled_by="bulk-title" return_focus=opener(kind) on_close testid="bulk-dialog">
            <div class="modal-form">
                <header class="modal-header">
                    <div>
                        <h2 id="bulk-title" class="modal-title">{title}</h2>
                        <p class="muted">{format!("In {}; saved as one change set: every change or none.", env_s.get_value())}</p>
                    </div>
                    <button type="button" class="icon-button" aria-label="Close" on:click=move |_| on_close.run(())>"×"</button>
                </header>
                {move || match policy.get() {
                    None => view! {
                        <div class="modal-body"><p class="muted" role="status">"Loading the permissions to preview with…"</p></div>
                    }.into_any(),
                    Some(Err(f)) => view! {
                        <div class="modal-body"><p class="form-error" role="alert">{f.reason()}</p></div>
                    }.into_any(),
                    Some(Ok(policy)) => view! {
                        <BulkForm kind env=env_s.get_value() policy users=users.get_value() on_close on_saved/>
                    }.into_any(),
                }}
            </div>
        </Modal>
    }
}

#[component]
fn BulkForm(
    kind: BulkKind,
    env: String,
    policy: Policy,
    users: Vec<UserSummary>,
    on_close: Callback<()>,
    on_saved: Callback<String>,
) -> impl IntoView {
    let studio = use_studio();
    let mut groups: Vec<(String, String)> = policy
        .groups
        .iter()
        .map(|g| (g.id.to_string(), g.name.clone()))
        .collect();
    groups.sort_by_key(|g| g.1.to_lowercase());
    let mut resources: Vec<(String, String, ResourceKind)> = policy
        .resources
        .iter()
        .map(|r| (r.id.to_string(), r.name.clone(), r.kind))
        .collect();
    resources.sort_by_key(|r| (r.2, r.1.to_lowercase()));
    let environments: Vec<(String, String)> = policy
        .environments
        .iter()
        .map(|e| (e.id.to_string(), e.name.clone()))
        .collect();
    let resource_names: Vec<(String, String)> = resources
        .iter()
        .map(|(id, name, _)| (id.clone(), name.clone()))
        .collect();

    let group = RwSignal::new(groups.first().map(|g| g.0.clone()).unwrap_or_default());
    let resource = RwSignal::new(resources.first().map(|r| r.0.clone()).unwrap_or_default());
    let level = RwSignal::new(1_u8);
    let envs = RwSignal::new(environments.iter().map(|e| e.0.clone()).collect::<Vec<_>>());
    let kind_of = {
        let resources = resources.clone();
        move |id: &str| {
            resources
                .iter()
                .find(|r| r.0 == id)
                .map_or(ResourceKind::App, |r| r.2)
        }
    };
    let kind_of = StoredValue::new(kind_of);
    let role = Memo::new(move |_| {
        let k = resource.with(|r| kind_of.with_value(|f| f(r)));
        Role::from_level(k, level.get().min(k.owner_level()))
    });

    let env_s = StoredValue::new(env);
    let users_s = StoredValue::new(users);
    // Prepared once: a preview of 1,000 changes on 10,000 users decides on it again and again.
    let prepared = StoredValue::new(policy.prepare(crate::clock::now()).ok());
    let policy_s = StoredValue::new(policy);
    let action = Memo::new(move |_| -> Option<BulkAction> {
        Some(match kind {
            BulkKind::AddToGroup => {
                BulkAction::AddToGroup(Some(group.get()).filter(|g| !g.is_empty())?)
            }
            BulkKind::RemoveFromGroup => {
                BulkAction::RemoveFromGroup(Some(group.get()).filter(|g| !g.is_empty())?)
            }
            BulkKind::Status(status) => BulkAction::SetStatus(status),
            BulkKind::SetRole => BulkAction::SetRole {
                resource: Some(resource.get()).filter(|r| !r.is_empty())?,
                role: role.get()?,
                environments: Some(envs.get()).filter(|e| !e.is_empty())?,
            },
            BulkKind::RemoveGrant => BulkAction::RemoveGrant {
                resource: Some(resource.get()).filter(|r| !r.is_empty())?,
            },
        })
    });
    // The resource's stored grants (their ids and versions), for the actions on grants.
    let grants: LocalResource<Option<Result<Vec<GrantView>, ApiFailure>>> =
        LocalResource::new(move || {
            let wanted = action.with(|a| a.as_ref().and_then(|a| a.resource().map(str::to_owned)));
            async move {
                let resource = wanted?;
                Some(
                    api::get_permissions(&env_s.get_value(), &resource)
                        .await
                        .map(|p| p.grants),
                )
            }
        });
    let planned: Memo<Option<Result<BulkPlan, ApiFailure>>> = Memo::new(move |_| {
        let action = action.get()?;
        let grants = if action.resource().is_some() {
            match grants.get()? {
                Some(Ok(grants)) => grants,
                Some(Err(f)) => return Some(Err(f)),
                None => return None,
            }
        } else {
            Vec::new()
        };
        Some(Ok(users_s.with_value(|users| plan(&action, users, &grants))))
    });
    let impact: Memo<Option<Impact>> = Memo::new(move |_| {
        let planned = planned.get()?.ok()?;
        policy_s.with_value(|policy| {
            let actor = studio.session.with(|s| {
                let session = s.as_ref().and_then(|s| s.as_ref().ok());
                env_s.with_value(|env| actor(policy, session, env))
            })?;
            let mut no_new_ids = |kind: &str| format!("{kind}-unused");
            match read_changes(&planned.requests, &planned.stored, policy, &mut no_new_ids) {
                Ok(changes) => {
                    let ids: BTreeSet<UserId> = users_s.with_value(|users| {
                        users
                            .iter()
                            .filter_map(|u| UserId::parse(&u.id).ok())
                            .collect()
                    });
                    let on = action
                        .with(|a| a.as_ref().and_then(|a| a.resource().map(str::to_owned)))
                        .and_then(|r| ResourceId::parse(&r).ok());
                    prepared.with_value(|before| {
                        before.as_ref().map(|before| {
                            preview_users(before, &actor, &ids, on.as_ref(), &changes)
                        })
                    })
                }
                Err(Unread::Refused(r)) => Some(Impact {
                    refusal: Some(r.message),
                    ..Impact::default()
                }),
                Err(Unread::Stale { entity, .. }) => Some(Impact {
                    refusal: Some(format!(
                        "{entity} changed since the list was loaded: reload and try again"
                    )),
                    ..Impact::default()
                }),
            }
        })
    });
    let pending = Memo::new(move |_| {
        planned.with(|p| match p {
            Some(Ok(p)) => p.requests.len(),
            _ => 0,
        })
    });
    let refused = move || impact.with(|i| i.as_ref().is_some_and(|i| i.refusal.is_some()));

    // The access tests the action would break, from a dry run of the same set.
    let broken = use_broken_tests(move || {
        if refused() {
            return None;
        }
        let requests = planned.with(|p| match p {
            Some(Ok(p)) => Some(p.requests.clone()),
            _ => None,
        })?;
        Some((env_s.get_value(), requests))
    });
    let account_owner = Signal::derive(move || studio.is_account_owner());
    let save = Action::new_local(move |request: &ChangeSetRequest| {
        let request = request.clone();
        async move { api::apply_changes(&env_s.get_value(), &request).await }
    });
    // The set last sent: a refusal for broken tests is about it while the plan is still it,
    // and the override sends it again.
    let last_sent = StoredValue::new(None::<ChangeSetRequest>);
    let send = move |request: ChangeSetRequest| {
        last_sent.set_value(Some(request.clone()));
        save.dispatch(request);
    };
    let send_override = move || {
        if let Some(request) = last_sent.get_value() {
            send(ChangeSetRequest {
                override_tests: true,
                ..request
            });
        }
    };
    let tests_refusal = move || {
        let failure = save.value().get().and_then(Result::err)?;
        let same = planned.with(|p| {
            last_sent.with_value(|l| match (p, l) {
                (Some(Ok(p)), Some(l)) => p.requests == l.changes,
                _ => false,
            })
        });
        (failure.broken_tests().is_some() && same).then_some(failure)
    };
    let summary_after = move || {
        let n = pending.get_untracked();
        let what = match kind {
            BulkKind::AddToGroup | BulkKind::RemoveFromGroup => {
                let name = group.with_untracked(|g| policy_s.with_value(|p| group_name(p, g)));
                if kind == BulkKind::AddToGroup {
                    format!("{} added to {name}", counted(n, "person", "people"))
                } else {
                    format!("{} removed from {name}", counted(n, "person", "people"))
                }
            }
            BulkKind::Status(UserStatus::Active) => {
                format!("{} activated", counted(n, "person", "people"))
            }
            BulkKind::Status(UserStatus::Deactivated) => {
                format!("{} deactivated", counted(n, "person", "people"))
            }
            BulkKind::SetRole => format!("Role set for {}", counted(n, "person", "people")),
            BulkKind::RemoveGrant => {
                format!("Grants of {} removed", counted(n, "person", "people"))
            }
        };
        format!("Saved: {what}")
    };
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            on_saved.run(summary_after());
        }
    });
    let submit = move |_| {
        if let Some(Ok(p)) = planned.get_untracked() {
            send(ChangeSetRequest {
                override_tests: false,
                dry_run: false,
                changes: p.requests,
            });
        }
    };
    let unchanged = move || {
        planned.with(|p| match p {
            Some(Ok(p)) if !p.unchanged.is_empty() => {
                let reason = action.with(|a| a.as_ref().map(unchanged_reason).unwrap_or_default());
                let names = p
                    .unchanged
                    .iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                let more = p.unchanged.len().saturating_sub(5);
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                Some(format!(
                    "{} {}: left as they are ({names}{more}).",
                    p.unchanged.len(),
                    reason
                ))
            }
            _ => None,
        })
    };
    let changes_line = move || match planned.get() {
        None => "Working out the changes…".to_owned(),
        Some(Err(_)) => String::new(),
        Some(Ok(p)) if p.requests.is_empty() => {
            "Nothing to change for the selected users.".to_owned()
        }
        Some(Ok(p)) => format!(
            "{} to change.",
            counted(p.requests.len(), "person", "people")
        ),
    };

    let group_picker = {
        let groups = groups.clone();
        move || {
            let empty = groups.is_empty();
            view! {
                <div class="field">
                    <label class="field-label" for="bulk-group">"Group"</label>
                    <select id="bulk-group" data-testid="bulk-group" data-autofocus="" disabled=empty
                        prop:value=move || group.get() on:change=move |ev| group.set(event_target_value(&ev))>
                        {groups.iter().map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> }).collect_view()}
                    </select>
                    {empty.then(|| view! { <p class="hint">"This environment has no groups yet: create one on the Groups page."</p> })}
                </div>
            }
        }
    };
    let resource_picker = {
        let resources = resources.clone();
        move || {
            view! {
                <div class="field">
                    <label class="field-label" for="bulk-resource">"App or connector"</label>
                    <select id="bulk-resource" data-testid="bulk-resource" data-autofocus=""
                        prop:value=move || resource.get() on:change=move |ev| resource.set(event_target_value(&ev))>
                        {resources.iter().map(|(id, name, k)| view! {
                            <option value=id.clone()>{format!("{name} ({})", k.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
            }
        }
    };
    let role_picker = move || {
        view! {
            <div class="field">
                <label class="field-label" for="bulk-role">"Role"</label>
                <select id="bulk-role" data-testid="bulk-role"
                    prop:value=move || role.get().map(|r| r.level().to_string()).unwrap_or_default()
                    on:change=move |ev| level.set(event_target_value(&ev).parse().unwrap_or(1))>
                    {move || {
                        let k = resource.with(|r| kind_of.with_value(|f| f(r)));
                        k.roles().into_iter().map(|r| view! { <option value=r.level().to_string()>{r.label()}</option> }).collect_view()
                    }}
                </select>
                <p class="hint">"Replaces each person's own grant on it; grants through groups stay."</p>
            </div>
        }
    };
    let env_picker = {
        let environments = environments.clone();
        move || {
            view! {
                <fieldset class="flag-set" data-testid="bulk-environments">
                    <legend class="field-label">"Data environments"</legend>
                    {environments.iter().map(|(id, name)| {
                        let id = id.clone();
                        let checked = { let id = id.clone(); move || envs.with(|e| e.contains(&id)) };
                        view! { <label class="check-line"><input type="checkbox" data-testid="bulk-environment" prop:checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                envs.update(|e| { e.retain(|x| x != &id); if on { e.push(id.clone()); } });
                            }/>{name.clone()}</label> }
                    }).collect_view()}
                    {move || envs.with(Vec::is_empty).then(|| view! { <p class="form-error" role="alert">"Choose at least one data environment."</p> })}
                </fieldset>
            }
        }
    };
    view! {
        <div class="modal-body">
            {match kind {
                BulkKind::AddToGroup | BulkKind::RemoveFromGroup => group_picker().into_any(),
                BulkKind::SetRole => view! { {resource_picker.clone()()} {role_picker()} {env_picker()} }.into_any(),
                BulkKind::RemoveGrant => view! {
                    {resource_picker()}
                    <p class="hint">"Removes each selected person's own grant there; grants through groups stay."</p>
                }.into_any(),
                BulkKind::Status(UserStatus::Deactivated) => view! {
                    <p class="hint">"Deactivated people keep their grants but have no access until activated again."</p>
                }.into_any(),
                BulkKind::Status(UserStatus::Active) => view! {
                    <p class="hint">"Activated people get the access their grants and groups give."</p>
                }.into_any(),
            }}
            <p data-testid="bulk-changes" aria-live="polite">{changes_line}</p>
            {move || unchanged().map(|text| view! { <p class="hint" data-testid="bulk-unchanged">{text}</p> })}
            {move || match planned.get() {
                Some(Err(f)) => Some(view! { <p class="form-error" role="alert">{f.reason()}</p> }),
                _ => None,
            }}
            <div data-testid="bulk-impact">
                <ImpactSummary impact=Signal::from(impact) pending=Signal::from(pending) resource_names
                    broken_tests=Signal::derive(move || broken.with(Vec::len))/>
            </div>
            {move || save.value().get().and_then(Result::err).filter(|f| f.broken_tests().is_none()).map(|f| view! {
                <p class="form-error" role="alert" data-testid="bulk-error">{f.reason()}</p>
            })}
            {move || match tests_refusal() {
                Some(f) => view! {
                    <BrokenTestsRefusal broken=f.broken_tests().unwrap_or_default().to_vec() message=f.reason() account_owner
                        overriding=save.pending() on_override=Callback::new(move |()| send_override())/>
                }.into_any(),
                None => view! { <BrokenTestsList broken with_heading=true/> }.into_any(),
            }}
        </div>
        <footer class="modal-footer">
            <p class="hint">"Saved as one change set, or nothing is saved."</p>
            <div class="footer-actions">
                <button type="button" class="button" data-testid="bulk-cancel" on:click=move |_| on_close.run(())>"Cancel"</button>
                <button type="button" class="button primary" data-testid="bulk-save"
                    disabled=move || pending.get() == 0 || refused() || save.pending().get()
                    on:click=submit>
                    {move || if save.pending().get() { "Saving…".to_owned() } else { format!("Save {}", counted(pending.get(), "change", "changes")) }}
                </button>
            </div>
        </footer>
    }
}

fn group_name(policy: &Policy, id: &str) -> String {
    policy
        .groups
        .iter()
        .find(|g| g.id.as_str() == id)
        .map_or_else(|| id.to_owned(), |g| g.name.clone())
}
