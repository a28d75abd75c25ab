//! The dialog that adds or changes an access test: a name; whose access (a user, a group's
//! members, everyone, everyone outside a group) with a person or group picker; the app or
//! connector; the comparison with a role from that resource's ladder; and every data
//! environment or chosen ones. A refusal is shown next to the field the server names.

use gatehouse_policy::{Policy, ResourceKind};
use gatehouse_wire::AccessTestView;
use leptos::prelude::*;

use super::fields::{CompareKind, Fields, SubjectKind};
use super::pickers::TestFields;
use crate::api::{self, ApiFailure};
use crate::components::Modal;

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
    // The fields as the form opened (with the defaults below), to tell an edit from none.
    let baseline: RwSignal<Option<Fields>> = RwSignal::new(None);
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
                if baseline.with_untracked(Option::is_none) {
                    baseline.set(Some(fields.get_untracked()));
                }
            }
        });
    });
    // Leaving with an edited form asks first (the form as opened, defaults filled in, is the
    // baseline).
    let saved = RwSignal::new(false);
    let what = match &test {
        Some(t) => format!("the access test “{}”", t.name),
        None => "the new access test".to_owned(),
    };
    crate::leave_guard::guard_draft(
        move || what.clone(),
        move || {
            let changed = baseline.with(|b| b.as_ref().is_some_and(|b| fields.with(|f| f != b)));
            usize::from(changed && !saved.get())
        },
        on_close,
    );
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
            saved.set(true);
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
