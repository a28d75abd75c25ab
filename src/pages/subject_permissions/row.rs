//! One resource in the subject's Edit Permissions: the subject's role on it ("No grant" or
//! the resource's ladder, each role described), the environments, warnings, and a link to
//! everyone's grants on the resource.

use gatehouse_policy::{ResourceKind, Role};
use gatehouse_wire::ResourcePermissions;
use leptos::prelude::*;

use crate::access_view::Outcome;
use crate::pages::permissions::EffectCell;
use crate::permissions_draft::DraftGrant;
use crate::studio::env_href;

/// The stored spelling of a role on its ladder (`editor`, `use_only`, …).
fn role_value(role: Role) -> String {
    serde_json::to_value(role)
        .ok()
        .and_then(|v| v.as_object().and_then(|m| m.values().next().cloned()))
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn role_from(kind: ResourceKind, value: &str) -> Option<Role> {
    let key = match kind {
        ResourceKind::App => "app",
        ResourceKind::Connector => "connector",
    };
    serde_json::from_value(serde_json::json!({ key: value })).ok()
}

/// What a row reports when edited: the resource id and the subject's desired grant.
pub type RowEdit = (String, Option<DraftGrant>);

/// A resource row.
#[component]
pub fn SubjectGrantRow(
    /// The resource's stored permissions.
    perms: ResourcePermissions,
    /// The subject's grant as drafted.
    grant: Option<DraftGrant>,
    /// Whether the draft differs from what is stored.
    changed: bool,
    /// Why the row cannot be edited, if it cannot.
    locked: Option<String>,
    /// Warnings about the subject's grant here.
    warnings: Vec<String>,
    /// Makes a new grant with a role (all environments).
    new_grant: Callback<(ResourcePermissions, Role), DraftGrant>,
    /// What the subject's grant here yields given the whole policy, draft included (`None`
    /// when the snapshot is not readable).
    outcomes: Option<Vec<Outcome>>,
    /// Called with the edit.
    on_change: Callback<RowEdit>,
) -> impl IntoView {
    let resource = perms.resource.clone();
    let kind = resource.kind;
    let disabled = locked.is_some();
    let select_id = format!("subject-role-{}", resource.id);
    let value = grant
        .as_ref()
        .map(|g| role_value(g.role))
        .unwrap_or_default();
    let href = match kind {
        ResourceKind::App => env_href(&format!("/apps/{}/permissions", resource.id)),
        ResourceKind::Connector => env_href(&format!("/connectors/{}/permissions", resource.id)),
    };
    let id_for_role = resource.id.clone();
    let grant_for_role = grant.clone();
    let perms_for_role = perms.clone();
    let on_role = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        let next = role_from(kind, &chosen).map(|role| match grant_for_role.clone() {
            Some(existing) => DraftGrant { role, ..existing },
            None => new_grant.run((perms_for_role.clone(), role)),
        });
        on_change.run((id_for_role.clone(), next));
    };
    view! {
        <tr data-testid="subject-row" data-resource=resource.id.clone() class:row-changed=changed>
            <th scope="row">
                <span class="subject-name">{resource.name.clone()}</span>
                <a class="subject-kind" href=href>"Everyone's grants"</a>
                {changed.then(|| view! { <span class="badge badge-new">"Changed"</span> })}
            </th>
            <td>
                <label class="visually-hidden" for=select_id.clone()>{format!("Role on {}", resource.name)}</label>
                <select id=select_id data-testid="subject-role" disabled=disabled
                    title=locked.clone().unwrap_or_default() prop:value=value on:change=on_role>
                    <option value="">"No grant"</option>
                    {kind.roles().into_iter().rev().map(|role| view! {
                        <option value=role_value(role) title=role.description()>{role.label()}</option>
                    }).collect_view()}
                </select>
                <span class="role-hint">{grant.as_ref().map_or("Nothing from this grant; other grants still apply.", |g| g.role.description())}</span>
                {locked.clone().map(|why| view! { <p class="row-locked" data-testid="row-locked">{why}</p> })}
            </td>
            <td>
                {match grant.clone() {
                    None => view! { <span class="muted">"—"</span> }.into_any(),
                    Some(g) => {
                        let id = resource.id.clone();
                        view! {
                            <fieldset class="env-chips" disabled=disabled>
                                <legend class="visually-hidden">{format!("Environments on {}", resource.name)}</legend>
                                {perms.environments.iter().map(|env| {
                                    let checked = g.environments.contains(&env.id);
                                    let (g, id, env_id) = (g.clone(), id.clone(), env.id.clone());
                                    view! {
                                        <label class="chip-check">
                                            <input type="checkbox" data-testid=format!("subject-env-{}", env.id) prop:checked=checked
                                                on:change=move |ev| {
                                                    let mut next = g.clone();
                                                    if event_target_checked(&ev) { next.environments.insert(env_id.clone()); } else { next.environments.remove(&env_id); }
                                                    on_change.run((id.clone(), Some(next)));
                                                }/>
                                            {env.name.clone()}
                                        </label>
                                    }
                                }).collect_view()}
                            </fieldset>
                        }.into_any()
                    }
                }}
                {warnings.into_iter().map(|w| view! { <p class="row-warning" role="note" data-testid="subject-warning">"⚠ " {w}</p> }).collect_view()}
            </td>
            <td class="effect-cell">{grant.map(|g| view! { <EffectCell outcomes granted=g.role who=resource.name.clone()/> })}</td>
        </tr>
    }
}
