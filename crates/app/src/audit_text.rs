//! An audit entry in words: a headline ("Changed the grant of Support on CRM Portal") and
//! its changed fields before → after, with display names (resources, data environments,
//! people), never internal ids. The studio shows the log with it, on the server's and the
//! static demo's entries alike.

use std::collections::BTreeSet;

use gatehouse_policy::{EnvironmentId, Policy, ResourceId, Role};
use gatehouse_wire::{AuditEntry, GrantView, GroupDetail, Precedence, UserFlags, UserStatus};
use serde::Deserialize;
use serde_json::Value;

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The field's name ("Role", "Members").
    pub field: String,
    /// Its value before ("" when it had none).
    pub before: String,
    /// Its value after ("" when it has none).
    pub after: String,
}

/// An entry in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryText {
    /// What happened, in one line.
    pub headline: String,
    /// What changed, field by field (for a creation or deletion: the state it had).
    pub fields: Vec<FieldChange>,
}

/// `entry` in words, names looked up in `policy` (the snapshot now; a name missing there is
/// taken from the entry itself, else shown as recorded).
pub fn describe_entry(entry: &AuditEntry, policy: &Policy) -> EntryText {
    let before = entry.before.as_ref();
    let after = entry.after.as_ref();
    match entry.entity.as_str() {
        "grant" => grant_text(entry, policy),
        "group" => group_text(entry),
        "user" if entry.action == "sync" => EntryText {
            headline: format!("Sync updated {}", user_label(entry, policy)),
            fields: generic_fields(before, after),
        },
        "user" => user_text(entry, policy),
        "organisation" => {
            let rule = |v: Option<&Value>| {
                v.and_then(|v| v.get("precedence"))
                    .and_then(|p| Precedence::deserialize(p).ok())
                    .map(|p| sentence_case(p.label()))
                    .unwrap_or_default()
            };
            EntryText {
                headline: "Changed the precedence rule".to_owned(),
                fields: changed(vec![field("Precedence rule", rule(before), rule(after))]),
            }
        }
        other => {
            let name = after
                .or(before)
                .and_then(|v| v.get("name"))
                .and_then(Value::as_str)
                .unwrap_or(&entry.entity_id);
            EntryText {
                headline: format!("{} {} {name}", verb(&entry.action), kind_words(other)),
                fields: generic_fields(before, after),
            }
        }
    }
}

fn field(name: &str, before: String, after: String) -> FieldChange {
    FieldChange {
        field: name.to_owned(),
        before,
        after,
    }
}

/// Only the fields whose value differs.
fn changed(fields: Vec<FieldChange>) -> Vec<FieldChange> {
    fields.into_iter().filter(|f| f.before != f.after).collect()
}

fn verb(action: &str) -> &'static str {
    match action {
        "create" => "Created",
        "delete" => "Deleted",
        "sync" => "Synced",
        _ => "Changed",
    }
}

fn kind_words(entity: &str) -> String {
    match entity {
        "app_connector" => "app connector".to_owned(),
        "data_environment" => "data environment".to_owned(),
        "scim_token" => "provisioning token".to_owned(),
        other => other.replace('_', " "),
    }
}

fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn parse<T: for<'de> Deserialize<'de>>(value: Option<&Value>) -> Option<T> {
    value.and_then(|v| T::deserialize(v).ok())
}

fn resource_name(policy: &Policy, id: &str) -> String {
    ResourceId::parse(id)
        .ok()
        .and_then(|id| policy.resource(&id).map(|r| r.name.clone()))
        .unwrap_or_else(|| id.to_owned())
}

fn environment_names(policy: &Policy, ids: &[String]) -> String {
    ids.iter()
        .map(|id| {
            EnvironmentId::parse(id)
                .ok()
                .and_then(|e| policy.environment(&e).map(|e| e.name.clone()))
                .unwrap_or_else(|| id.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `unix_seconds` as `2026-12-07` (UTC), or "never".
fn expiry(expires_at: Option<i64>) -> String {
    match expires_at {
        None => "never".to_owned(),
        Some(at) => crate::provisioning::rfc3339_millis(at.saturating_mul(1000))
            .get(..10)
            .unwrap_or_default()
            .to_owned(),
    }
}

fn role_text(role: &Role) -> String {
    role.to_string()
}

fn grant_text(entry: &AuditEntry, policy: &Policy) -> EntryText {
    let before = parse::<GrantView>(entry.before.as_ref());
    let after = parse::<GrantView>(entry.after.as_ref());
    let Some(any) = after.as_ref().or(before.as_ref()) else {
        return EntryText {
            headline: format!("{} a grant", verb(&entry.action)),
            fields: generic_fields(entry.before.as_ref(), entry.after.as_ref()),
        };
    };
    let on = format!(
        "{} on {}",
        any.subject.name,
        resource_name(policy, &any.resource)
    );
    let headline = match (&before, &after) {
        (None, Some(after)) => format!("Gave {on} the role {}", role_text(&after.role)),
        (Some(_), None) => format!("Removed the grant of {on}"),
        _ => format!("Changed the grant of {on}"),
    };
    let parts = |g: Option<&GrantView>| match g {
        Some(g) => (
            role_text(&g.role),
            environment_names(policy, &g.environments),
            expiry(g.expires_at),
        ),
        None => Default::default(),
    };
    let (role_a, envs_a, expiry_a) = parts(before.as_ref());
    let (role_b, envs_b, expiry_b) = parts(after.as_ref());
    EntryText {
        headline,
        fields: changed(vec![
            field("Role", role_a, role_b),
            field("Data environments", envs_a, envs_b),
            field("Expires", expiry_a, expiry_b),
        ]),
    }
}

fn group_text(entry: &AuditEntry) -> EntryText {
    let before = parse::<GroupDetail>(entry.before.as_ref());
    let after = parse::<GroupDetail>(entry.after.as_ref());
    let name = after
        .as_ref()
        .or(before.as_ref())
        .map(|g| g.name.clone())
        .unwrap_or_else(|| entry.entity_id.clone());
    let members = |g: Option<&GroupDetail>| -> BTreeSet<(String, String)> {
        g.map(|g| {
            g.members
                .iter()
                .map(|m| (m.name.clone(), m.code.clone()))
                .collect()
        })
        .unwrap_or_default()
    };
    let (was, is) = (members(before.as_ref()), members(after.as_ref()));
    let listed = |set: Vec<&(String, String)>| {
        set.iter()
            .map(|(name, code)| format!("{name} ({code})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let text = |g: Option<&GroupDetail>, f: fn(&GroupDetail) -> &String| {
        g.map(|g| f(g).clone()).unwrap_or_default()
    };
    let mut fields = changed(vec![
        field(
            "Name",
            text(before.as_ref(), |g| &g.name),
            text(after.as_ref(), |g| &g.name),
        ),
        field(
            "Description",
            text(before.as_ref(), |g| &g.description),
            text(after.as_ref(), |g| &g.description),
        ),
    ]);
    let added = listed(is.difference(&was).collect());
    let removed = listed(was.difference(&is).collect());
    if !added.is_empty() {
        fields.push(field("Members added", String::new(), added));
    }
    if !removed.is_empty() {
        fields.push(field("Members removed", removed, String::new()));
    }
    EntryText {
        headline: format!("{} group {name}", verb(&entry.action)),
        fields,
    }
}

/// A user as its entries record it.
struct UserText {
    name: String,
    code: String,
    email: String,
    status: String,
    apps: String,
}

fn user_fields(value: Option<&Value>) -> Option<UserText> {
    let value = value?;
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let status = match parse::<UserStatus>(value.get("status")) {
        Some(UserStatus::Active) => "Active",
        Some(UserStatus::Deactivated) => "Deactivated",
        None => "",
    };
    let apps = parse::<UserFlags>(value.get("flags"))
        .map(|f| {
            [
                (f.windows, "Windows"),
                (f.insite, "InSite"),
                (f.pocket, "Pocket"),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, name)| *name)
            .collect::<Vec<_>>()
            .join(", ")
        })
        .unwrap_or_default();
    Some(UserText {
        name: text("name"),
        code: text("code"),
        email: text("email"),
        status: status.to_owned(),
        apps: if apps.is_empty() {
            "none".to_owned()
        } else {
            apps
        },
    })
}

fn user_label(entry: &AuditEntry, policy: &Policy) -> String {
    if let Some(user) = user_fields(entry.after.as_ref().or(entry.before.as_ref())) {
        if !user.name.is_empty() && !user.code.is_empty() {
            return format!("{} ({})", user.name, user.code);
        }
    }
    policy
        .users
        .iter()
        .find(|u| {
            u.id.to_string() == entry.entity_id
                || u.code
                    .as_ref()
                    .is_some_and(|c| c.to_string() == entry.entity_id)
        })
        .map(|u| match &u.code {
            Some(code) => format!("{} ({code})", u.name),
            None => u.name.clone(),
        })
        .unwrap_or_else(|| entry.entity_id.clone())
}

fn user_text(entry: &AuditEntry, policy: &Policy) -> EntryText {
    let before = user_fields(entry.before.as_ref());
    let after = user_fields(entry.after.as_ref());
    let label = user_label(entry, policy);
    if before.is_none() && after.is_none() {
        return EntryText {
            headline: format!("{} user {label}", verb(&entry.action)),
            fields: generic_fields(entry.before.as_ref(), entry.after.as_ref()),
        };
    }
    let get = |u: &Option<UserText>, f: fn(&UserText) -> &String| {
        u.as_ref().map(|u| f(u).clone()).unwrap_or_default()
    };
    let headline = match entry.action.as_str() {
        "create" => format!("Added user {label}"),
        _ => format!("{} user {label}", verb(&entry.action)),
    };
    EntryText {
        headline,
        fields: changed(vec![
            field("Name", get(&before, |u| &u.name), get(&after, |u| &u.name)),
            field(
                "Email",
                get(&before, |u| &u.email),
                get(&after, |u| &u.email),
            ),
            field(
                "Status",
                get(&before, |u| &u.status),
                get(&after, |u| &u.status),
            ),
            field(
                "Applications",
                get(&before, |u| &u.apps),
                get(&after, |u| &u.apps),
            ),
        ]),
    }
}

/// Top-level fields that differ, as recorded (versions and ids left out).
fn generic_fields(before: Option<&Value>, after: Option<&Value>) -> Vec<FieldChange> {
    let keys: BTreeSet<&String> = [before, after]
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .flat_map(|o| o.keys())
        .filter(|k| !matches!(k.as_str(), "id" | "version"))
        .collect();
    let show = |v: Option<&Value>, key: &str| match v.and_then(|v| v.get(key)) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    changed(
        keys.into_iter()
            .map(|k| {
                field(
                    &sentence_case(&k.replace('_', " ")),
                    show(before, k),
                    show(after, k),
                )
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use gatehouse_policy::{Environment, Resource, ResourceKind};
    use serde_json::json;

    use super::*;

    fn policy() -> Policy {
        let mut policy = Policy::new();
        policy.resources.push(Resource {
            id: ResourceId::parse("res-crm").unwrap(),
            name: "CRM Portal".to_owned(),
            kind: ResourceKind::App,
            creator: None,
        });
        policy.environments = vec![
            Environment::new(EnvironmentId::parse("production").unwrap(), "Production"),
            Environment::new(EnvironmentId::parse("staging").unwrap(), "Staging"),
        ];
        policy
    }

    fn entry(
        entity: &str,
        action: &str,
        before: Option<Value>,
        after: Option<Value>,
    ) -> AuditEntry {
        AuditEntry {
            id: "e1".to_owned(),
            at: 1,
            actor: "12345.AdeVries".to_owned(),
            action: action.to_owned(),
            entity: entity.to_owned(),
            entity_id: "x".to_owned(),
            before,
            after,
            change_set: "s1".to_owned(),
            undo_of: None,
        }
    }

    fn grant(role: &str, envs: &[&str]) -> Value {
        json!({ "id": "gr-1", "resource": "res-crm",
                "subject": { "subject": { "type": "group", "id": "grp-support" }, "name": "Support" },
                "role": { "app": role }, "environments": envs, "expires_at": null, "version": 1 })
    }

    #[test]
    fn a_grant_change_names_the_subject_the_resource_and_the_data_environments() {
        let text = describe_entry(
            &entry(
                "grant",
                "update",
                Some(grant("editor", &["production"])),
                Some(grant("publisher", &["production", "staging"])),
            ),
            &policy(),
        );
        assert_eq!(text.headline, "Changed the grant of Support on CRM Portal");
        assert_eq!(
            text.fields,
            vec![
                field("Role", "Editor".into(), "Publisher".into()),
                field(
                    "Data environments",
                    "Production".into(),
                    "Production, Staging".into()
                ),
            ]
        );
        let created = describe_entry(
            &entry(
                "grant",
                "create",
                None,
                Some(grant("editor", &["production"])),
            ),
            &policy(),
        );
        assert_eq!(
            created.headline,
            "Gave Support on CRM Portal the role Editor"
        );
        assert!(created
            .fields
            .iter()
            .any(|f| f.field == "Expires" && f.after == "never"));
    }

    #[test]
    fn a_group_change_lists_members_added_and_removed_by_name() {
        let group = |members: Value| {
            json!({ "id": "grp-support", "name": "Support", "description": "",
                                             "members": members, "version": 1 })
        };
        let text = describe_entry(
            &entry(
                "group",
                "update",
                Some(group(
                    json!([{ "id": "usr-a", "code": "12345.A", "name": "Ann" }]),
                )),
                Some(group(
                    json!([{ "id": "usr-b", "code": "12345.B", "name": "Bob" }]),
                )),
            ),
            &policy(),
        );
        assert_eq!(text.headline, "Changed group Support");
        assert_eq!(
            text.fields,
            vec![
                field("Members added", String::new(), "Bob (12345.B)".into()),
                field("Members removed", "Ann (12345.A)".into(), String::new()),
            ]
        );
    }

    #[test]
    fn a_user_change_shows_only_what_changed_in_words() {
        let user = |status: &str, pocket: bool| {
            json!({ "id": "usr-k", "code": "12345.KPeters", "name": "Koen Peters",
            "email": null, "status": status, "flags": { "windows": true, "insite": false, "pocket": pocket } })
        };
        let text = describe_entry(
            &entry(
                "user",
                "update",
                Some(user("active", false)),
                Some(user("deactivated", true)),
            ),
            &policy(),
        );
        assert_eq!(text.headline, "Changed user Koen Peters (12345.KPeters)");
        assert_eq!(
            text.fields,
            vec![
                field("Status", "Active".into(), "Deactivated".into()),
                field("Applications", "Windows".into(), "Windows, Pocket".into()),
            ]
        );
    }

    #[test]
    fn the_precedence_rule_and_other_kinds_are_readable() {
        let text = describe_entry(
            &entry(
                "organisation",
                "update",
                Some(json!({ "participant": "12345", "precedence": "highest_wins" })),
                Some(json!({ "participant": "12345", "precedence": "most_specific_wins" })),
            ),
            &policy(),
        );
        assert_eq!(
            text.fields,
            vec![field(
                "Precedence rule",
                "Highest wins".into(),
                "Most specific wins".into()
            )]
        );
        let other = describe_entry(
            &entry(
                "app_connector",
                "update",
                Some(json!({ "name": "HR", "blocked": false, "version": 1 })),
                Some(json!({ "name": "HR", "blocked": true, "version": 2 })),
            ),
            &policy(),
        );
        assert_eq!(other.headline, "Changed app connector HR");
        assert_eq!(
            other.fields,
            vec![field("Blocked", "false".into(), "true".into())]
        );
    }
}
