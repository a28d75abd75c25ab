//! "Add a grant": pick All Users, a group or a user that has no grant yet on this resource.

use gatehouse_policy::{Policy, ResourceKind, Role, Subject};
use leptos::prelude::*;

use crate::permissions_draft::DraftGrant;

/// The subjects that may still get a grant, with display names.
fn candidates(policy: &Policy, taken: &[Subject]) -> Vec<(Subject, String)> {
    let mut out = Vec::new();
    if !taken.contains(&Subject::AllUsers) {
        out.push((Subject::AllUsers, "All Users".to_owned()));
    }
    for group in &policy.groups {
        let subject = Subject::Group(group.id.clone());
        if !taken.contains(&subject) {
            out.push((subject, format!("Group · {}", group.name)));
        }
    }
    let mut users: Vec<_> = policy.users.iter().filter(|u| u.is_active()).collect();
    users.sort_by(|a, b| a.name.cmp(&b.name));
    for user in users {
        let subject = Subject::User(user.id.clone());
        if !taken.contains(&subject) {
            out.push((subject, format!("User · {}", user.name)));
        }
    }
    out
}

/// A select of subjects and an Add button; adds a row with the lowest role above None in
/// every environment (the administrator then narrows it).
#[component]
pub fn AddGrant(
    /// The snapshot to pick subjects from.
    policy: Policy,
    /// Subjects that already have a row.
    taken: Vec<Subject>,
    /// The resource's ladder.
    kind: ResourceKind,
    /// Environment ids a new grant starts with.
    environments: Vec<String>,
    /// Called with the new row.
    on_add: Callback<DraftGrant>,
) -> impl IntoView {
    let options = candidates(&policy, &taken);
    let chosen = RwSignal::new(0usize);
    let options_for_add = options.clone();
    let add = move |_| {
        if let Some((subject, label)) = options_for_add.get(chosen.get_untracked()).cloned() {
            let name = label.split(" · ").last().unwrap_or(&label).to_owned();
            let role = Role::from_level(kind, 1).unwrap_or(Role::none(kind));
            on_add.run(DraftGrant {
                id: None,
                version: 0,
                subject,
                name,
                role,
                environments: environments.iter().cloned().collect(),
                expires_at: None,
                removed: false,
            });
            chosen.set(0);
        }
    };
    let empty = options.is_empty();
    view! {
        <div class="add-grant">
            <label for="add-subject" class="field-label">"Add a grant for"</label>
            <select id="add-subject" data-testid="add-subject" disabled=empty
                on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(0))>
                {options.into_iter().enumerate().map(|(i, (_, label))| view! { <option value=i.to_string()>{label}</option> }).collect_view()}
            </select>
            <button class="button" data-testid="add-grant" disabled=empty on:click=add>"Add"</button>
        </div>
    }
}
