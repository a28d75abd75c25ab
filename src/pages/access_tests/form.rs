//! The dialog that adds or changes an access test: a name; whose access (a user, a group's
//! members, everyone, everyone outside a group) with a person or group picker; the app or
//! connector; the comparison with a role from that resource's ladder; and every data
//! environment or chosen ones. A refusal is shown next to the field the server names.

use gatehouse_policy::{Policy, ResourceKind};
use gatehouse_wire::AccessTestView;
use leptos::prelude::*;

use super::fields::{ladder, CompareKind, Fields, SubjectKind};
use crate::api::{self, ApiFailure};
use crate::components::Modal;

/// Most people the person picker lists at once (type to narrow).
const PEOPLE_LISTED: usize = 50;

/// The add / edit dialog.
#[component]
pub fn TestDialog(
    /// The organisation environment's code.
    env: String,
    /// The test to change; `None` to add one.
    test: Option<AccessTestView>,
    /// The snapshot the pickers list from (`None` while it loads).
    policy: Signal<Option<Policy>>,
    /// Close without saving.
    on_close: Callback<()>,
    /// Called with a message once saved.
    on_saved: Callback<String>,
) -> impl IntoView {
    let editing = test.as_ref().map(|t| (t.id.clone(), t.version));
    let title = match &test {
        Some(t) => format!("Edit “{}”", t.name),
        None => "Add access test".to_owned(),
    };
    let fields = RwSignal::new(test.as_ref().map_or_else(
        || Fields {
            name: String::new(),
            subject: SubjectKind::Group,
            user: String::new(),
            group: String::new(),
            compare: CompareKind::AtMost,
            level: 2,
            resource: String::new(),
            every: true,
            environments: Vec::new(),
        },
        Fields::of,
    ));
    // Defaults from the snapshot once it is there: the first group and the first resource.
    Effect::new(move |_| {
        policy.with(|p| {
            if let Some(p) = p {
                fields.update(|f| {
                    if f.group.is_empty() {
                        f.group = p
                            .groups
                            .first()
                            .map(|g| g.id.to_string())
                            .unwrap_or_default();
                    }
                    if f.resource.is_empty() {
                        f.resource = p
                            .resources
                            .first()
                            .map(|r| r.id.to_string())
                            .unwrap_or_default();
                    }
                });
            }
        });
    });
    let kind = move || {
        let resource = fields.with(|f| f.resource.clone());
        policy
            .with(|p| {
                p.as_ref().and_then(|p| {
                    p.resources
                        .iter()
                        .find(|r| r.id.as_str() == resource)
                        .map(|r| r.kind)
                })
            })
            .unwrap_or(ResourceKind::App)
    };
    let local_error = RwSignal::new(None::<(&'static str, String)>);
    let save = Action::new_local(move |input: &gatehouse_wire::AccessTestInput| {
        let (env, input, editing) = (env.clone(), input.clone(), editing.clone());
        async move {
            match editing {
                Some((id, version)) => api::replace_access_test(&env, &id, version, &input).await,
                None => api::create_access_test(&env, &input).await,
            }
        }
    });
    let adding = test.is_none();
    Effect::new(move |_| {
        if let Some(Ok(view)) = save.value().get() {
            let verb = if adding { "Added" } else { "Saved" };
            on_saved.run(format!("{verb} the access test “{}”", view.name));
        }
    });
    let failure = move || save.value().get().and_then(Result::err);
    const FIELDS: [&str; 5] = ["name", "subject", "resource", "comparison", "environments"];
    let error_at = move |field: &'static str| -> Option<String> {
        if let Some((f, message)) = local_error.get() {
            return (f == field).then_some(message);
        }
        failure()
            .filter(|f| f.field() == Some(field))
            .map(|f: ApiFailure| f.reason())
    };
    let general_error = move || {
        failure()
            .filter(|f| !f.field().is_some_and(|field| FIELDS.contains(&field)))
            .map(|f| f.reason())
    };
    let error_view = move |field: &'static str| {
        move || {
            error_at(field).map(|e| view! { <p class="field-error" id=format!("test-{field}-error") role="alert" data-testid=format!("test-{field}-error")>{e}</p> })
        }
    };
    let described =
        move |field: &'static str| move || error_at(field).map(|_| format!("test-{field}-error"));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match fields.with_untracked(|f| f.input(kind())) {
            Ok(input) => {
                local_error.set(None);
                save.dispatch(input);
            }
            Err(problem) => local_error.set(Some(problem)),
        }
    };
    let set = move |f: fn(&mut Fields, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            local_error.set(None);
            fields.update(|fields| f(fields, value));
        }
    };
    let people_filter = RwSignal::new(String::new());
    view! {
        <Modal labelled_by="test-form-title" return_focus="[data-return-focus]" on_close testid="test-dialog">
            <form class="modal-form" on:submit=submit novalidate>
                <header class="modal-header">
                    <h2 id="test-form-title" class="modal-title">{title}</h2>
                </header>
                <div class="modal-body test-form">
                    <div class="field">
                        <label class="field-label" for="test-name">"Name"</label>
                        <input id="test-name" type="text" data-testid="test-name" data-autofocus maxlength="80" required
                            aria-invalid=move || error_at("name").is_some().to_string() aria-describedby=described("name")
                            prop:value=move || fields.with(|f| f.name.clone()) on:input=set(|f, v| f.name = v)/>
                        {error_view("name")}
                    </div>
                    {move || match policy.get() {
                        None => view! { <p class="muted" role="status">"Loading people, groups and resources…"</p> }.into_any(),
                        Some(p) => view! { <TestFields policy=p fields people_filter kind=Signal::derive(kind) set_error=local_error/> }.into_any(),
                    }}
                    {error_view("subject")}
                    {error_view("comparison")}
                    {error_view("resource")}
                    {error_view("environments")}
                    {move || general_error().map(|e| view! { <p class="form-error" role="alert" data-testid="test-form-error">{e}</p> })}
                </div>
                <footer class="modal-footer">
                    <span class="muted">"Checked against every change before it is saved."</span>
                    <div class="footer-actions">
                        <button type="button" class="button" data-testid="test-cancel" on:click=move |_| on_close.run(())>"Cancel"</button>
                        <button type="submit" class="button primary" data-testid="test-save" disabled=move || save.pending().get() || policy.with(Option::is_none)>
                            {move || if save.pending().get() { "Saving…" } else if adding { "Add test" } else { "Save test" }}
                        </button>
                    </div>
                </footer>
            </form>
        </Modal>
    }
}

/// The pickers, once the snapshot is there.
#[component]
fn TestFields(
    policy: Policy,
    fields: RwSignal<Fields>,
    people_filter: RwSignal<String>,
    kind: Signal<ResourceKind>,
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
