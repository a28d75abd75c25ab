//! The access test form's pickers, once the snapshot is there: whose access (a user found by
//! name or code, or a group), the app or connector, the comparison with a role of that
//! resource's ladder (with what the role allows), and the data environments.

use gatehouse_policy::{Policy, ResourceKind};
use leptos::prelude::*;

use super::fields::{ladder, CompareKind, Fields, SubjectKind};

/// Most people the person picker lists at once (type to narrow).
const PEOPLE_LISTED: usize = 50;

/// The pickers, once the snapshot is there.
#[component]
pub fn TestFields(
    /// The snapshot the pickers list from.
    policy: Policy,
    /// The form's fields.
    fields: RwSignal<Fields>,
    /// The person picker's search text.
    people_filter: RwSignal<String>,
    /// The chosen resource's kind (its role ladder).
    kind: Signal<ResourceKind>,
    /// The form's own complaint, cleared on each edit.
    set_error: RwSignal<Option<(&'static str, String)>>,
) -> impl IntoView {
    let policy = StoredValue::new(policy);
    let edit = move |f: Box<dyn Fn(&mut Fields)>| {
        set_error.set(None);
        fields.update(|fields| f(fields));
    };
    let subject = move || fields.with(|f| f.subject);
    let people = move || {
        let text = people_filter.get().to_lowercase();
        let chosen = fields.with(|f| f.user.clone());
        policy.with_value(|p| {
            p.users
                .iter()
                .filter(|u| {
                    u.id.as_str() == chosen
                        || text.is_empty()
                        || u.name.to_lowercase().contains(&text)
                        || u.code
                            .as_ref()
                            .is_some_and(|c| c.to_string().to_lowercase().contains(&text))
                })
                .take(PEOPLE_LISTED)
                .map(|u| {
                    let label = match &u.code {
                        Some(code) => format!("{} ({code})", u.name),
                        None => u.name.clone(),
                    };
                    (u.id.to_string(), label)
                })
                .collect::<Vec<_>>()
        })
    };
    let groups: Vec<(String, String)> = policy.with_value(|p| {
        p.groups
            .iter()
            .map(|g| (g.id.to_string(), g.name.clone()))
            .collect()
    });
    let resources = move |k: ResourceKind| -> Vec<(String, String)> {
        policy.with_value(|p| {
            p.resources
                .iter()
                .filter(|r| r.kind == k)
                .map(|r| (r.id.to_string(), r.name.clone()))
                .collect()
        })
    };
    let environments: Vec<(String, String)> = policy.with_value(|p| {
        p.environments
            .iter()
            .map(|e| (e.id.to_string(), e.name.clone()))
            .collect()
    });
    let resource_option = move |(id, name): (String, String)| {
        let selected = {
            let id = id.clone();
            move || fields.with(|f| f.resource == id)
        };
        view! { <option value=id selected=selected>{name}</option> }
    };
    view! {
        <fieldset class="test-fieldset">
            <legend class="field-label">"Whose access"</legend>
            <div class="field">
                <label class="visually-hidden" for="test-subject-kind">"Whose access"</label>
                <select id="test-subject-kind" data-testid="test-subject-kind"
                    on:change=move |ev| { let k = SubjectKind::parse(&event_target_value(&ev)); edit(Box::new(move |f| f.subject = k)); }>
                    {SubjectKind::ALL.into_iter().map(|k| view! { <option value=k.value() selected=move || subject() == k>{k.label()}</option> }).collect_view()}
                </select>
            </div>
            <Show when=move || subject() == SubjectKind::User>
                <div class="field">
                    <label class="field-label" for="test-user-filter">"Find a person"</label>
                    <input id="test-user-filter" type="search" data-testid="test-user-filter" placeholder="Name or user code"
                        prop:value=people_filter on:input=move |ev| people_filter.set(event_target_value(&ev))/>
                    <label class="visually-hidden" for="test-user">"Person"</label>
                    <select id="test-user" data-testid="test-user" aria-describedby="test-subject-error"
                        on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |f| f.user = v.clone())); }>
                        <option value="" selected=move || fields.with(|f| f.user.is_empty())>"Choose a person…"</option>
                        {move || people().into_iter().map(|(id, label)| {
                            let selected = { let id = id.clone(); move || fields.with(|f| f.user == id) };
                            view! { <option value=id selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </Show>
            <Show when=move || matches!(subject(), SubjectKind::Group | SubjectKind::EveryoneOutside)>
                <div class="field">
                    <label class="field-label" for="test-group">"Group"</label>
                    <select id="test-group" data-testid="test-group"
                        on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |f| f.group = v.clone())); }>
                        {groups.clone().into_iter().map(|(id, name)| {
                            let selected = { let id = id.clone(); move || fields.with(|f| f.group == id) };
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </Show>
        </fieldset>
        <div class="field">
            <label class="field-label" for="test-resource">"App or connector"</label>
            <select id="test-resource" data-testid="test-resource"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let k = policy.with_value(|p| p.resources.iter().find(|r| r.id.as_str() == v).map(|r| r.kind)).unwrap_or(ResourceKind::App);
                    // A role of the other ladder means nothing here: keep the position, within the new ladder.
                    let top = ladder(k).last().map_or(1, |r| r.level());
                    edit(Box::new(move |f| { f.resource = v.clone(); f.level = f.level.clamp(1, top); }));
                }>
                <optgroup label="Apps">{resources(ResourceKind::App).into_iter().map(resource_option).collect_view()}</optgroup>
                <optgroup label="Connectors">{resources(ResourceKind::Connector).into_iter().map(resource_option).collect_view()}</optgroup>
            </select>
        </div>
        <fieldset class="test-fieldset">
            <legend class="field-label">"Expectation"</legend>
            <div class="test-compare">
                <label class="visually-hidden" for="test-comparison">"Comparison"</label>
                <select id="test-comparison" data-testid="test-comparison"
                    on:change=move |ev| { let c = CompareKind::parse(&event_target_value(&ev)); edit(Box::new(move |f| f.compare = c)); }>
                    {CompareKind::ALL.into_iter().map(|c| view! { <option value=c.value() selected=move || fields.with(|f| f.compare == c)>{c.label()}</option> }).collect_view()}
                </select>
                <Show when=move || fields.with(|f| f.compare != CompareKind::NoAccess)>
                    <label class="visually-hidden" for="test-role">"Role"</label>
                    <select id="test-role" data-testid="test-role"
                        on:change=move |ev| { let level = event_target_value(&ev).parse().unwrap_or(1); edit(Box::new(move |f| f.level = level)); }>
                        {move || ladder(kind.get()).into_iter().map(|role| {
                            let level = role.level();
                            view! { <option value=level.to_string() title=role.description() selected=move || fields.with(|f| f.level == level)>{role.label()}</option> }
                        }).collect_view()}
                    </select>
                </Show>
            </div>
            <p class="hint">{move || ladder(kind.get()).into_iter().find(|r| fields.with(|f| f.level == r.level() && f.compare != CompareKind::NoAccess)).map(|r| format!("{}: {}", r.label(), r.description())).unwrap_or_default()}</p>
        </fieldset>
        <fieldset class="test-fieldset">
            <legend class="field-label">"Data environments"</legend>
            <label class="radio"><input type="radio" name="test-envs" data-testid="test-envs-all" prop:checked=move || fields.with(|f| f.every)
                on:change=move |_| edit(Box::new(|f| f.every = true))/>" Every data environment (also ones added later)"</label>
            <label class="radio"><input type="radio" name="test-envs" data-testid="test-envs-only" prop:checked=move || fields.with(|f| !f.every)
                on:change=move |_| edit(Box::new(|f| f.every = false))/>" Only these:"</label>
            <div class="env-chips" role="group" aria-label="Chosen data environments">
                {environments.into_iter().map(|(id, name)| {
                    let (check, toggle) = (id.clone(), id.clone());
                    view! { <label class="chip-check">
                        <input type="checkbox" data-testid=format!("test-env-{id}") disabled=move || fields.with(|f| f.every)
                            prop:checked=move || fields.with(|f| f.environments.contains(&check))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let id = toggle.clone();
                                edit(Box::new(move |f| { f.environments.retain(|e| e != &id); if on { f.environments.push(id.clone()); } }));
                            }/>
                        {format!("Data: {name}")}
                    </label> }
                }).collect_view()}
            </div>
        </fieldset>
    }
}
