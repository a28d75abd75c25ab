//! An effective role as a coloured badge (None grey, Preview/Use Only blue, Editor green,
//! Publisher teal, Owner purple), with its explanation as the tooltip.

use gatehouse_policy::{AppRole, ConnectorRole, Role};
use leptos::prelude::*;

/// The CSS class of a role's colour.
pub fn role_class(role: Role) -> &'static str {
    match role {
        Role::App(AppRole::None) | Role::Connector(ConnectorRole::None) => "role role-none",
        Role::App(AppRole::PreviewOnly) | Role::Connector(ConnectorRole::UseOnly) => {
            "role role-preview"
        }
        Role::App(AppRole::Editor) | Role::Connector(ConnectorRole::Editor) => "role role-editor",
        Role::App(AppRole::Publisher) => "role role-publisher",
        Role::App(AppRole::Owner) | Role::Connector(ConnectorRole::Owner) => "role role-owner",
    }
}

/// A role badge.
#[component]
pub fn RoleBadge(
    /// The role.
    role: Role,
    /// Why the role is what it is (shown as tooltip and to screen readers).
    #[prop(optional, into)]
    why: Option<String>,
) -> impl IntoView {
    let title = why.unwrap_or_else(|| role.description().to_owned());
    view! { <span class=role_class(role) title=title.clone() aria-label=format!("{}: {title}", role.label())>{role.label()}</span> }
}
