//! One group (`/groups/:id`): rename, members (searchable; the edit previewed with the policy
//! crate's `decide` — who gains or loses what, lock-out refusals — and saved as one change
//! set at the group's version), delete, and the grants the group holds.
//! `/groups/all-users` shows the built-in group's grants.

use std::collections::BTreeSet;

use gatehouse_policy::{GroupId, Policy, SetChange, Subject, UserId};
use gatehouse_wire::{member_changes, ChangeSetRequest, GroupDetail, GroupFields, UserSummary};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{self, ApiFailure};
use crate::components::{
    use_broken_tests, BrokenTestsList, BrokenTestsRefusal, ErrorState, RoleBadge,
};
use crate::leave_guard::guard_draft;
use crate::pages::group_members::GroupMembers;
use crate::pages::permissions::{actor, preview_subject, Impact, ImpactSummary};
use crate::studio::env_href;
use crate::studio::use_studio;

type Loaded = (
    String,
    Option<GroupDetail>,
    Vec<UserSummary>,
    Option<Policy>,
);

/// The group view.
#[component]
pub fn GroupPage() -> impl IntoView {
    let studio = use_studio();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let data: LocalResource<Result<Loaded, ApiFailure>> = LocalResource::new(move || {
        let (selected, id) = (studio.selected.get(), id());
        async move {
            let env = studio.environment(selected).await?;
            let group = if id == "all-users" {
                None
            } else {
                Some(api::get_group(&env.code, &id).await?)
            };
            let users = api::list_users(&env.code).await?.items;
            let policy = api::get_policy(&env.code).await.ok();
            Ok((env.code.clone(), group, users, policy))
        }
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <nav class="breadcrumb" aria-label="Breadcrumb"><a href=env_href("/groups")>"Groups"</a></nav>
            {move || match data.get() {
                None => view! { <h1 id="page-title" class="page-title">"Group"</h1><p class="muted" role="status">"Loading…"</p> }.into_any(),
                Some(Err(f)) => view! { <h1 id="page-title" class="page-title">"Group"</h1><ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| data.refetch())/> }.into_any(),
                Some(Ok((env, group, users, policy))) => {
                    let subject = match &group {
                        Some(g) => gatehouse_policy::GroupId::parse(&g.id).ok().map(Subject::Group),
                        None => Some(Subject::AllUsers),
                    };
                    view! {
                        {match group {
                            Some(group) => view! { <GroupEditor env=env.clone() group users policy=policy.clone() on_saved=Callback::new(move |()| data.refetch())/> }.into_any(),
                            None => view! {
                                <h1 id="page-title" class="page-title">"All Users"</h1>
                                <p class="page-lede">"The built-in group: everyone in this environment is a member, so it cannot be joined, left, renamed or deleted. Its grants reach every user."</p>
                            }.into_any(),
                        }}
                        <GroupGrants policy subject/>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The grants a group holds, with links to each resource's permissions.
#[component]
fn GroupGrants(policy: Option<Policy>, subject: Option<Subject>) -> impl IntoView {
    let (Some(policy), Some(subject)) = (policy, subject) else {
        return view! { <p class="muted">"Grants are shown to administrators only."</p> }
            .into_any();
    };
    let grants: Vec<_> = policy
        .grants
        .iter()
        .filter(|g| g.subject == subject)
        .cloned()
        .collect();
    let env_name = |id: &gatehouse_policy::EnvironmentId| policy.environment_name(id);
    let edit_href = match &subject {
        Subject::Group(id) => format!("/groups/{id}/permissions"),
        _ => "/groups/all-users/permissions".to_owned(),
    };
    view! {
        <div class="section-head">
            <h2 class="section-title">"Permissions"</h2>
            <a class="button primary" href=env_href(&edit_href) data-testid="edit-subject-permissions">"Edit permissions"</a>
        </div>
        {if grants.is_empty() {
            view! { <p class="muted" data-testid="group-no-grants">"This group has no grants yet. Use Edit permissions to give it a role on apps and connectors."</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap"><table class="data-table" data-testid="group-grants">
                    <thead><tr><th scope="col">"Resource"</th><th scope="col">"Role"</th><th scope="col">"Data environments"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                    <tbody>{grants.into_iter().map(|g| {
                        let resource = policy.resource(&g.resource).cloned();
                        let (name, base) = resource.map(|r| (r.name, if r.kind == gatehouse_policy::ResourceKind::App { "/apps" } else { "/connectors" })).unwrap_or_default();
                        let envs: Vec<String> = g.environments.iter().map(env_name).collect();
                        view! { <tr>
                            <td class="strong">{name}</td><td><RoleBadge role=g.role/></td><td>{envs.join(", ")}</td>
                            <td class="actions"><a class="button" href=env_href(&format!("{base}/{}/permissions", g.resource))>"Edit permissions"</a></td>
                        </tr> }
                    }).collect_view()}</tbody>
                </table></div>
            }.into_any()
        }}
    }.into_any()
}

/// Rename, members and delete for one group.
#[component]
fn GroupEditor(
    env: String,
    group: GroupDetail,
    users: Vec<UserSummary>,
    /// The snapshot the member edits are previewed on (administrators only).
    policy: Option<Policy>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let studio = use_studio();
    let name = RwSignal::new(group.name.clone());
    let description = RwSignal::new(group.description.clone());
    let members = RwSignal::new(
        group
            .members
            .iter()
            .map(|m| m.id.clone())
            .collect::<BTreeSet<_>>(),
    );
    let original: BTreeSet<String> = group.members.iter().map(|m| m.id.clone()).collect();
    let confirm_delete = RwSignal::new(false);
    let (id, version) = (group.id.clone(), group.version);
    let env_s = StoredValue::new(env);
    let id_s = StoredValue::new(id);
    let rename = Action::new_local(move |fields: &GroupFields| {
        let fields = fields.clone();
        async move {
            api::rename_group(&env_s.get_value(), &id_s.get_value(), version, &fields)
                .await
                .map(drop)
        }
    });
    let group_s = StoredValue::new(group.clone());
    // One change set: the group's version checked, each member added or removed — the
    // same set the preview below decides.
    // With `true`: saved even though it breaks access tests (the account owner's override).
    let save_members = Action::new_local(move |(list, override_tests): &(Vec<String>, bool)| {
        let request = ChangeSetRequest {
            override_tests: *override_tests,
            dry_run: false,
            changes: group_s.with_value(|g| member_changes(g, version, list)),
        };
        async move {
            api::apply_changes(&env_s.get_value(), &request)
                .await
                .map(drop)
        }
    });
    let original_s = StoredValue::new(original);
    let policy_s = StoredValue::new(policy);
    let pending = Memo::new(move |_| {
        members.with(|m| original_s.with_value(|o| m.symmetric_difference(o).count()))
    });
    let impact: Memo<Option<Impact>> = Memo::new(move |_| {
        let group_id = GroupId::parse(&id_s.get_value()).ok()?;
        let changes: Vec<SetChange> = members.with(|m| {
            original_s.with_value(|o| {
                let removed = o.difference(m).map(|u| (u, false));
                let added = m.difference(o).map(|u| (u, true));
                removed
                    .chain(added)
                    .filter_map(|(u, add)| {
                        let user = UserId::parse(u).ok()?;
                        let group = group_id.clone();
                        Some(if add {
                            SetChange::AddMember { user, group }
                        } else {
                            SetChange::RemoveMember { user, group }
                        })
                    })
                    .collect()
            })
        });
        policy_s.with_value(|policy| {
            let policy = policy.as_ref()?;
            let actor = studio.session.with(|s| {
                let session = s.as_ref().and_then(|s| s.as_ref().ok());
                env_s.with_value(|env| actor(policy, session, env))
            })?;
            Some(preview_subject(
                policy,
                &actor,
                &Subject::Group(group_id.clone()),
                &changes,
            ))
        })
    });
    let refused = move || impact.with(|i| i.as_ref().is_some_and(|i| i.refusal.is_some()));
    // The access tests the member edit would break, from a dry run of the same set.
    let broken = use_broken_tests(move || {
        if pending.get() == 0 || refused() {
            return None;
        }
        let list: Vec<String> = members.get().into_iter().collect();
        let changes = group_s.with_value(|g| member_changes(g, version, &list));
        Some((env_s.get_value(), changes))
    });
    let account_owner = Signal::derive(move || studio.is_account_owner());
    // The members last sent, to send again with the account owner's override.
    let last_sent = StoredValue::new(None::<Vec<String>>);
    let send = move |override_tests: bool| {
        let list: Vec<String> = if override_tests {
            last_sent.get_value().unwrap_or_default()
        } else {
            members.get_untracked().into_iter().collect()
        };
        last_sent.set_value(Some(list.clone()));
        save_members.dispatch((list, override_tests));
    };
    // A refusal for broken tests, while the members are still the ones sent.
    let tests_refusal = move || {
        let failure = save_members.value().get().and_then(Result::err)?;
        let now: Vec<String> = members.with(|m| m.iter().cloned().collect());
        let same = last_sent.with_value(|l| l.as_ref().is_some_and(|l| *l == now));
        (failure.broken_tests().is_some() && same).then_some(failure)
    };
    let delete = Action::new_local(move |_: &()| async move {
        api::delete_group(&env_s.get_value(), &id_s.get_value(), version).await
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if matches!(rename.value().get(), Some(Ok(())))
            || matches!(save_members.value().get(), Some(Ok(())))
        {
            on_saved.run(());
        }
    });
    Effect::new(move |_| {
        if matches!(delete.value().get(), Some(Ok(()))) {
            navigate(&env_href("/groups"), Default::default());
        }
    });
    let error = move || {
        [
            rename.value().get(),
            save_members.value().get(),
            delete.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
        .filter(|f| f.broken_tests().is_none())
    };
    let changed = move || pending.get() > 0;
    // Unsaved members, name or description: leaving asks first.
    let (saved_name, saved_description) = (group.name.clone(), group.description.clone());
    let renamed = move || {
        usize::from(name.with(|n| n.trim() != saved_name.trim()))
            + usize::from(description.with(|d| d.trim() != saved_description.trim()))
    };
    let what = format!("group {}", group.name);
    let (reset_name, reset_description) = (group.name.clone(), group.description.clone());
    guard_draft(
        move || what.clone(),
        move || pending.get() + renamed(),
        Callback::new(move |()| {
            members.set(original_s.get_value());
            name.set(reset_name.clone());
            description.set(reset_description.clone());
        }),
    );
    let users_s = StoredValue::new(users);
    view! {
        <h1 id="page-title" class="page-title">{group.name.clone()}</h1>
        {move || error().map(|f| view! {
            <div class="conflict" role="alert" data-testid="group-error">
                <p class="state-title">{f.title()}</p><p>{f.detail()}</p>
                <button class="button" on:click=move |_| on_saved.run(())>"Reload"</button>
            </div>
        })}
        <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); rename.dispatch(GroupFields { name: name.get_untracked(), description: description.get_untracked() }); }>
            <label class="field"><span class="field-label">"Name"</span>
                <input type="text" required data-testid="group-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/></label>
            <label class="field grow"><span class="field-label">"Description"</span>
                <input type="text" prop:value=description on:input=move |ev| description.set(event_target_value(&ev))/></label>
            <button class="button" type="submit" data-testid="rename-group">"Save name"</button>
        </form>
        <h2 class="section-title">{move || format!("Members ({})", members.with(BTreeSet::len))}</h2>
        <div class="member-draft" data-testid="member-impact">
            <ImpactSummary impact=Signal::from(impact) pending=Signal::from(pending) broken_tests=Signal::derive(move || broken.with(Vec::len))/>
            <div class="footer-actions">
                <button class="button" data-testid="cancel-members" disabled=move || !changed()
                    on:click=move |_| members.set(original_s.get_value())>"Undo changes"</button>
                <button class="button primary" data-testid="save-members" disabled=move || !changed() || refused() || save_members.pending().get()
                    on:click=move |_| send(false)>
                    {move || if save_members.pending().get() { "Saving…" } else { "Save members" }}
                </button>
            </div>
        </div>
        {move || match tests_refusal() {
            Some(f) => view! {
                <BrokenTestsRefusal broken=f.broken_tests().unwrap_or_default().to_vec() message=f.reason() account_owner
                    overriding=save_members.pending() on_override=Callback::new(move |()| send(true))/>
            }.into_any(),
            None => view! { <BrokenTestsList broken with_heading=true/> }.into_any(),
        }}
        <GroupMembers users=users_s members original=original_s/>
        <h2 class="section-title">"Delete"</h2>
        {move || if confirm_delete.get() {
            view! { <div class="conflict" role="alertdialog" aria-label="Confirm delete">
                <p>"Delete this group? Its members keep their other access; the group's own grants are removed."</p>
                <div class="state-actions">
                    <button class="button primary" data-testid="confirm-delete" on:click=move |_| { delete.dispatch(()); }>"Delete group"</button>
                    <button class="button" on:click=move |_| confirm_delete.set(false)>"Cancel"</button>
                </div>
            </div> }.into_any()
        } else {
            view! { <button class="button" data-testid="delete-group" on:click=move |_| confirm_delete.set(true)>"Delete group…"</button> }.into_any()
        }}
    }
}
