//! "Add a grant for": a searchable picker of All Users, the groups and the active users that
//! have no grant yet on this resource; picking one adds its row.

use gatehouse_policy::{Policy, ResourceKind, Role, Subject};
use leptos::prelude::*;

use crate::components::{focus_selector, Picker, PickerOption};
use crate::permissions_draft::DraftGrant;

/// The subjects that may still get a grant, with their names and picker options (deactivated
/// users are left out: a grant would give them nothing).
fn candidates(policy: &Policy, taken: &[Subject]) -> Vec<(Subject, String, PickerOption)> {
    let mut out = Vec::new();
    let mut add = |subject: Subject, name: String, detail: String, group: &str| {
        if !taken.contains(&subject) {
            let key = out.len().to_string();
            let option = PickerOption::new(key, name.clone(), detail).in_group(group);
            out.push((subject, name, option));
        }
    };
    add(
        Subject::AllUsers,
        "All Users".to_owned(),
        "everyone".to_owned(),
        "",
    );
    for group in &policy.groups {
        add(
            Subject::Group(group.id.clone()),
            group.name.clone(),
            "group".to_owned(),
            "Groups",
        );
    }
    let mut users: Vec<_> = policy.users.iter().filter(|u| u.is_active()).collect();
    users.sort_by(|a, b| a.name.cmp(&b.name));
    for user in users {
        let code = user
            .code
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        add(
            Subject::User(user.id.clone()),
            user.name.clone(),
            code,
            "Users",
        );
    }
    out
}

/// The picker; adds a row with the lowest role above None in every environment (the
/// administrator then narrows it).
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
    let found = StoredValue::new(candidates(&policy, &taken));
    let options = Signal::stored(
        found.with_value(|c| c.iter().map(|(_, _, o)| o.clone()).collect::<Vec<_>>()),
    );
    let add = move |key: String| {
        let Some((subject, name, _)) = key
            .parse::<usize>()
            .ok()
            .and_then(|i| found.with_value(|c| c.get(i).cloned()))
        else {
            return;
        };
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
        // The list is drawn again without the subject just added: the focus goes back to it.
        request_animation_frame(|| focus_selector("#add-subject"));
    };
    view! {
        <div class="add-grant">
            <Picker
                id="add-subject"
                label="Add a grant for"
                options
                placeholder="Type a name, group or user code"
                noun="people and groups"
                empty="No group or active user matches."
                on_pick=Callback::new(add)
            />
        </div>
    }
}
