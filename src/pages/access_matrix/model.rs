//! Which users and resources the matrix shows, in which order: pure functions over the
//! prepared snapshot (no policy rule here — roles come from the policy crate).

use gatehouse_policy::{PreparedPolicy, ResourceIx, ResourceKind, UserIx, UserStatus};

/// The user rows' filters and order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserFilter {
    /// Matched, case-insensitively, against the name and the user code.
    pub text: String,
    /// Only members of the group with this id (empty: any).
    pub group: String,
    /// `active` or `deactivated` (anything else: any).
    pub status: String,
    /// Sort by user code instead of name.
    pub by_code: bool,
}

/// The resource columns' filters (always sorted by name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceFilter {
    /// Matched, case-insensitively, against the name.
    pub text: String,
    /// `app` or `connector` (anything else: both).
    pub kind: String,
}

/// The users that pass `filter`, in its order (ties by code).
pub fn shown_users(prepared: &PreparedPolicy, filter: &UserFilter) -> Vec<UserIx> {
    let text = filter.text.trim().to_lowercase();
    let status = match filter.status.as_str() {
        "active" => Some(UserStatus::Active),
        "deactivated" => Some(UserStatus::Deactivated),
        _ => None,
    };
    let users = &prepared.policy().users;
    let mut shown: Vec<(String, String, UserIx)> = prepared
        .users()
        .zip(users)
        .filter(|(_, u)| status.is_none_or(|s| u.status == s))
        .filter(|(_, u)| {
            filter.group.is_empty() || u.groups.iter().any(|g| g.as_str() == filter.group)
        })
        .filter_map(|(ix, u)| {
            let code = u.code.as_ref().map(ToString::to_string).unwrap_or_default();
            let name = u.name.to_lowercase();
            let lowered_code = code.to_lowercase();
            let hit = text.is_empty() || name.contains(&text) || lowered_code.contains(&text);
            let key = if filter.by_code {
                (lowered_code, name, ix)
            } else {
                (name, lowered_code, ix)
            };
            hit.then_some(key)
        })
        .collect();
    shown.sort();
    shown.into_iter().map(|(_, _, ix)| ix).collect()
}

/// The resources that pass `filter`, by name.
pub fn shown_resources(prepared: &PreparedPolicy, filter: &ResourceFilter) -> Vec<ResourceIx> {
    let text = filter.text.trim().to_lowercase();
    let kind = match filter.kind.as_str() {
        "app" => Some(ResourceKind::App),
        "connector" => Some(ResourceKind::Connector),
        _ => None,
    };
    let mut shown: Vec<(String, ResourceIx)> = prepared
        .resources()
        .zip(&prepared.policy().resources)
        .filter(|(_, r)| kind.is_none_or(|k| r.kind == k))
        .filter_map(|(ix, r)| {
            let name = r.name.to_lowercase();
            (text.is_empty() || name.contains(&text)).then_some((name, ix))
        })
        .collect();
    shown.sort();
    shown.into_iter().map(|(_, ix)| ix).collect()
}

/// "Fleur Smit (12345.FSmit)", or the name alone without a code.
pub fn user_label(prepared: &PreparedPolicy, user: UserIx) -> String {
    match prepared.policy().users.get(user.index()) {
        Some(u) => match &u.code {
            Some(code) => format!("{} ({code})", u.name),
            None => u.name.clone(),
        },
        None => String::new(),
    }
}

/// The resource's display name.
pub fn resource_name(prepared: &PreparedPolicy, resource: ResourceIx) -> String {
    prepared
        .policy()
        .resources
        .get(resource.index())
        .map(|r| r.name.clone())
        .unwrap_or_default()
}
