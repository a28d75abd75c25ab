//! The create/edit form of an app connector: name, linked group, included connectors with
//! their kind (get or update).

use std::collections::BTreeMap;

use gatehouse_policy::ConnectorKind;
use gatehouse_wire::{
    AppConnectorFields, AppConnectorView, ConnectorInclusion, GroupSummary, ResourceSummary,
};
use leptos::prelude::*;

use crate::api;

/// Creates an app connector (`initial` is `None`) or edits one.
#[component]
pub fn AppConnectorForm(
    /// The environment code.
    env: String,
    /// The app connector to edit, or `None` to create one.
    initial: Option<AppConnectorView>,
    /// The groups to link.
    groups: Vec<GroupSummary>,
    /// The connectors to include.
    connectors: Vec<ResourceSummary>,
    /// Called after saving.
    on_saved: Callback<()>,
    /// Called when the administrator cancels.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(initial.as_ref().map(|a| a.name.clone()).unwrap_or_default());
    let group = RwSignal::new(
        initial
            .as_ref()
            .map(|a| a.group.id.clone())
            .or_else(|| groups.first().map(|g| g.id.clone()))
            .unwrap_or_default(),
    );
    let included: RwSignal<BTreeMap<String, ConnectorKind>> = RwSignal::new(
        initial
            .as_ref()
            .map(|a| {
                a.connectors
                    .iter()
                    .map(|c| (c.connector.clone(), c.kind))
                    .collect()
            })
            .unwrap_or_default(),
    );
    let existing = initial.as_ref().map(|a| (a.id.clone(), a.version));
    // Leaving with edits in the form asks first; each field that differs is one change.
    let start = (
        name.get_untracked(),
        group.get_untracked(),
        included.get_untracked(),
    );
    let what = match &initial {
        Some(a) => format!("the app connector {}", a.name),
        None => "the new app connector".to_owned(),
    };
    let saved = RwSignal::new(false);
    crate::leave_guard::guard_draft(
        move || what.clone(),
        move || {
            if saved.get() {
                return 0;
            }
            usize::from(name.with(|n| *n != start.0))
                + usize::from(group.with(|g| *g != start.1))
                + usize::from(included.with(|i| *i != start.2))
        },
        on_cancel,
    );
    let env_s = StoredValue::new(env);
    let save = Action::new_local(move |fields: &AppConnectorFields| {
        let (fields, env, existing) = (fields.clone(), env_s.get_value(), existing.clone());
        async move {
            match existing {
                Some((id, version)) => api::update_app_connector(&env, &id, version, &fields).await,
                None => api::create_app_connector(&env, &fields).await,
            }
            .map(drop)
        }
    });
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            saved.set(true);
            on_saved.run(());
        }
    });
    let error = move || save.value().get().and_then(Result::err);
    let title = if initial.is_some() {
        "Edit app connector"
    } else {
        "New app connector"
    };
    view! {
        <form class="ac-card ac-form" data-testid="app-connector-form" aria-label=title on:submit=move |ev| {
            ev.prevent_default();
            let connectors = included.get_untracked().into_iter().map(|(connector, kind)| ConnectorInclusion { connector, kind }).collect();
            save.dispatch(AppConnectorFields { name: name.get_untracked(), group: group.get_untracked(), connectors });
        }>
            <h2 class="ac-name">{title}</h2>
            <div class="inline-form">
                <label class="field"><span class="field-label">"Name"</span>
                    <input type="text" required data-testid="ac-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/></label>
                <label class="field"><span class="field-label">"Linked user group"</span>
                    <select data-testid="ac-group" prop:value=group on:change=move |ev| group.set(event_target_value(&ev))>
                        {groups.iter().map(|g| view! { <option value=g.id.clone()>{g.name.clone()}</option> }).collect_view()}
                    </select></label>
            </div>
            <fieldset class="ac-connectors">
                <legend class="field-label">"Included connectors"</legend>
                {connectors.into_iter().map(|c| {
                    let (id, id2) = (c.id.clone(), c.id.clone());
                    let on = move || included.with(|m| m.contains_key(&id));
                    let id2 = StoredValue::new(id2);
                    let kind = move || included.with(|m| id2.with_value(|k| m.get(k).copied()));
                    let (toggle_id, kind_id) = (c.id.clone(), c.id.clone());
                    view! {
                        <div class="ac-connector-row" data-testid="ac-connector" data-id=c.id.clone()>
                            <label class="chip-check"><input type="checkbox" prop:checked=on on:change=move |ev| {
                                let checked = event_target_checked(&ev);
                                included.update(|m| { if checked { m.insert(toggle_id.clone(), ConnectorKind::Get); } else { m.remove(&toggle_id); } });
                            }/>{c.name.clone()}</label>
                            <label class="visually-hidden" for=format!("kind-{}", c.id)>{format!("Kind of {}", c.name)}</label>
                            <select id=format!("kind-{}", c.id) disabled=move || kind().is_none()
                                prop:value=move || if kind() == Some(ConnectorKind::Update) { "update" } else { "get" }
                                on:change=move |ev| {
                                    let k = if event_target_value(&ev) == "update" { ConnectorKind::Update } else { ConnectorKind::Get };
                                    included.update(|m| { if let Some(v) = m.get_mut(&kind_id) { *v = k; } });
                                }>
                                <option value="get">"Get connector"</option>
                                <option value="update">"Update connector"</option>
                            </select>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            {move || error().map(|f| view! { <p class="form-error" role="alert" data-testid="ac-form-error">{f.reason()}</p> })}
            <div class="footer-actions">
                <button class="button" type="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                <button class="button primary" type="submit" data-testid="save-app-connector" disabled=move || save.pending().get()>"Save"</button>
            </div>
        </form>
    }
}
