//! One editable grant row: subject, role picker (the resource's ladder, with descriptions),
//! environment checkboxes, remove.

use gatehouse_policy::{ResourceKind, Role};
use gatehouse_wire::DataEnvironment;
use leptos::prelude::*;

use super::effect_cell::EffectCell;
use crate::access_view::Outcome;
use crate::permissions_draft::DraftGrant;

/// A grant row; `on_change` receives the edited row.
#[component]
pub fn GrantRow(
    /// The row as drafted.
    row: DraftGrant,
    /// The resource's ladder.
    kind: ResourceKind,
    /// The environments to choose from.
    environments: Vec<DataEnvironment>,
    /// Why the row cannot be edited, if it cannot.
    locked: Option<String>,
    /// Warnings about this row (shadowed in some environment).
    warnings: Vec<String>,
    /// What the grant yields given the whole policy, draft included (`None` when the
    /// snapshot is not readable).
    outcomes: Option<Vec<Outcome>>,
    /// Called with the edited row.
    on_change: Callback<DraftGrant>,
) -> impl IntoView {
    let disabled = locked.is_some();
    let kind_label = match &row.subject {
        gatehouse_policy::Subject::AllUsers => "Built-in group",
        gatehouse_policy::Subject::Group(_) => "Group",
        gatehouse_policy::Subject::User(_) => "User",
    };
    let role_value = serde_json::to_value(row.role)
        .ok()
        .and_then(|v| v.as_object().and_then(|m| m.values().next().cloned()))
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let row_for_role = row.clone();
    let select_id = format!("role-{}", row.name.replace(' ', "-"));
    view! {
        <tr data-testid="grant-row" data-subject=row.name.clone() class:row-removed=row.removed>
            <th scope="row">
                <span class="subject-name">{row.name.clone()}</span>
                <span class="subject-kind">{kind_label}</span>
                {row.id.is_none().then(|| view! { <span class="badge badge-new">"New"</span> })}
            </th>
            <td>
                <label class="visually-hidden" for=select_id.clone()>{format!("Role of {}", row.name)}</label>
                <select id=select_id data-testid="role-select" disabled=disabled || row.removed title=locked.clone().unwrap_or_default()
                    prop:value=role_value
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let json = serde_json::json!({ match kind { ResourceKind::App => "app", ResourceKind::Connector => "connector" }: value });
                        if let Ok(role) = serde_json::from_value::<Role>(json) {
                            on_change.run(DraftGrant { role, ..row_for_role.clone() });
                        }
                    }>
                    {kind.roles().into_iter().rev().map(|role| {
                        let value = serde_json::to_value(role).ok().and_then(|v| v.as_object().and_then(|m| m.values().next().cloned()))
                            .and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                        view! { <option value=value title=role.description()>{role.label()}</option> }
                    }).collect_view()}
                </select>
                <span class="role-hint">{row.role.description()}</span>
            </td>
            <td>
                <fieldset class="env-chips" disabled=disabled || row.removed>
                    <legend class="visually-hidden">{format!("Environments of {}", row.name)}</legend>
                    {environments.into_iter().map(|env| {
                        let checked = row.environments.contains(&env.id);
                        let row = row.clone();
                        view! {
                            <label class="chip-check">
                                <input type="checkbox" data-testid=format!("env-{}", env.id) prop:checked=checked
                                    on:change=move |ev| {
                                        let mut next = row.clone();
                                        if event_target_checked(&ev) { next.environments.insert(env.id.clone()); } else { next.environments.remove(&env.id); }
                                        on_change.run(next);
                                    }/>
                                {env.name.clone()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                {warnings.into_iter().map(|w| view! { <p class="row-warning" role="note" data-testid="grant-warning">"⚠ " {w}</p> }).collect_view()}
            </td>
            <td class="effect-cell">{if row.removed {
                view! { <span class="muted">"Removed on save"</span> }.into_any()
            } else {
                view! { <EffectCell outcomes granted=row.role who=row.name.clone()/> }.into_any()
            }}</td>
            <td class="actions">
                {
                    let row = row.clone();
                    let label = if row.removed { "Undo remove" } else { "Remove" };
                    // A locked row offers no action at all (the reason is on the page or
                    // in the row), rather than a button that cannot be used.
                    (!disabled).then(|| view! {
                        <button class="button" data-testid="remove-grant"
                            on:click=move |_| on_change.run(DraftGrant { removed: !row.removed, ..row.clone() })>{label}</button>
                    })
                }
            </td>
        </tr>
    }
}
