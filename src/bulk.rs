//! Bulk actions on the users selected in the Users view, as one change set: which requests
//! each action makes for the selected users, and which users it leaves as they are (already a
//! member, already deactivated, no grant to remove). The requests are read into the policy
//! crate's changes with `gatehouse_app::read_changes` — the reader the server and the demo
//! store save with — so the preview decides exactly what saving would. Pure, tested natively.

use gatehouse_app::{Stored, StoredGrant};
use gatehouse_policy::{Role, Subject, UserId};
use gatehouse_wire::{ChangeRequest, GrantView, UserStatus, UserSummary};

/// What to do to every selected user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    /// Put them in the group with this id.
    AddToGroup(String),
    /// Take them out of the group with this id.
    RemoveFromGroup(String),
    /// Activate or deactivate them.
    SetStatus(UserStatus),
    /// Give each their own grant of `role` on `resource` in `environments` (replacing the
    /// grant each already has there; grants through groups stay).
    SetRole {
        /// The resource's id.
        resource: String,
        /// The role.
        role: Role,
        /// Data environment ids, at least one.
        environments: Vec<String>,
    },
    /// Remove each one's own grant on the resource.
    RemoveGrant {
        /// The resource's id.
        resource: String,
    },
}

/// The change set a bulk action makes.
#[derive(Debug, Clone, Default)]
pub struct BulkPlan {
    /// The requests, one per user the action changes.
    pub requests: Vec<ChangeRequest>,
    /// What the requests edit, as stored (for reading them into changes).
    pub stored: Stored,
    /// Names of the selected users the action leaves as they are.
    pub unchanged: Vec<String>,
}

/// Two plans are the same when they make the same requests for the same users (what they
/// edit is read from the same lists).
impl PartialEq for BulkPlan {
    fn eq(&self, other: &Self) -> bool {
        self.requests == other.requests && self.unchanged == other.unchanged
    }
}

impl BulkAction {
    /// Whether the action needs the resource's stored grants (`grants` of [`plan`]).
    pub fn resource(&self) -> Option<&str> {
        match self {
            Self::SetRole { resource, .. } | Self::RemoveGrant { resource } => Some(resource),
            _ => None,
        }
    }
}

/// The requests `action` makes for `users`; `grants` are the stored grants of the action's
/// resource (empty for the other actions).
pub fn plan(action: &BulkAction, users: &[UserSummary], grants: &[GrantView]) -> BulkPlan {
    let mut plan = BulkPlan::default();
    for user in users {
        let request = match action {
            BulkAction::AddToGroup(group) | BulkAction::RemoveFromGroup(group) => {
                let member = user.groups.iter().any(|g| &g.id == group);
                match (action, member) {
                    (BulkAction::AddToGroup(_), false) => Some(ChangeRequest::AddMember {
                        group: group.clone(),
                        user: user.id.clone(),
                    }),
                    (BulkAction::RemoveFromGroup(_), true) => Some(ChangeRequest::RemoveMember {
                        group: group.clone(),
                        user: user.id.clone(),
                    }),
                    _ => None,
                }
            }
            BulkAction::SetStatus(status) => (user.status != *status).then(|| {
                plan.stored.users.insert(user.id.clone(), user.version);
                ChangeRequest::SetUserStatus {
                    user: user.id.clone(),
                    version: user.version,
                    status: *status,
                }
            }),
            BulkAction::SetRole {
                resource,
                role,
                environments,
            } => match own_grant(grants, &user.id) {
                Some(grant)
                    if grant.role == *role && same_set(&grant.environments, environments) =>
                {
                    None
                }
                Some(grant) => {
                    plan.stored.grants.insert(grant.id.clone(), stored(grant));
                    Some(ChangeRequest::UpdateGrant {
                        grant: grant.id.clone(),
                        version: grant.version,
                        role: *role,
                        environments: environments.clone(),
                        expires_at: grant.expires_at,
                    })
                }
                None => Some(ChangeRequest::CreateGrant {
                    resource: resource.clone(),
                    subject: user_subject(&user.id),
                    role: *role,
                    environments: environments.clone(),
                    expires_at: None,
                }),
            },
            BulkAction::RemoveGrant { .. } => own_grant(grants, &user.id).map(|grant| {
                plan.stored.grants.insert(grant.id.clone(), stored(grant));
                ChangeRequest::DeleteGrant {
                    grant: grant.id.clone(),
                    version: grant.version,
                }
            }),
        };
        match request {
            Some(request) => plan.requests.push(request),
            None => plan.unchanged.push(user.name.clone()),
        }
    }
    plan
}

/// Why the action leaves a user as they are, for the dialog ("3 already in Support").
pub fn unchanged_reason(action: &BulkAction) -> &'static str {
    match action {
        BulkAction::AddToGroup(_) => "already in the group",
        BulkAction::RemoveFromGroup(_) => "not in the group",
        BulkAction::SetStatus(UserStatus::Active) => "already active",
        BulkAction::SetStatus(UserStatus::Deactivated) => "already deactivated",
        BulkAction::SetRole { .. } => "already have exactly this grant",
        BulkAction::RemoveGrant { .. } => "have no grant of their own there",
    }
}

fn user_subject(id: &str) -> Subject {
    UserId::parse(id).map_or(Subject::AllUsers, Subject::User)
}

/// The user's own grant among `grants` (not one through a group).
fn own_grant<'g>(grants: &'g [GrantView], user: &str) -> Option<&'g GrantView> {
    grants
        .iter()
        .find(|g| matches!(&g.subject.subject, Subject::User(id) if id.as_str() == user))
}

fn stored(grant: &GrantView) -> StoredGrant {
    StoredGrant {
        resource: grant.resource.clone(),
        subject: grant.subject.subject.clone(),
        version: grant.version,
    }
}

fn same_set(a: &[String], b: &[String]) -> bool {
    let mut a: Vec<&String> = a.iter().collect();
    let mut b: Vec<&String> = b.iter().collect();
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

#[cfg(test)]
mod tests {
    use gatehouse_policy::{AppRole, Role, Subject, UserId};
    use gatehouse_wire::{
        ChangeRequest, GrantView, GroupRef, SubjectView, UserStatus, UserSummary,
    };

    use super::{plan, BulkAction};

    fn user(id: &str, groups: &[&str], status: UserStatus) -> UserSummary {
        let json = serde_json::json!({
            "id": id, "code": format!("12345.{id}"), "name": format!("Name {id}"),
            "email": null, "status": status, "account_owner": false,
            "flags": {"windows": true, "insite": false, "pocket": false},
            "groups": groups.iter().map(|g| GroupRef { id: (*g).to_owned(), name: (*g).to_owned() }).collect::<Vec<_>>(),
            "version": 4,
        });
        serde_json::from_value(json).expect("a user summary")
    }

    fn grant(id: &str, user: &str, role: AppRole, envs: &[&str]) -> GrantView {
        GrantView {
            id: id.to_owned(),
            resource: "res-crm".to_owned(),
            subject: SubjectView {
                subject: Subject::User(UserId::parse(user).expect("id")),
                name: user.to_owned(),
            },
            role: Role::App(role),
            environments: envs.iter().map(|e| (*e).to_owned()).collect(),
            expires_at: None,
            version: 7,
        }
    }

    #[test]
    fn adding_to_a_group_skips_members() {
        let users = [
            user("usr-a", &["grp-x"], UserStatus::Active),
            user("usr-b", &[], UserStatus::Active),
        ];
        let p = plan(&BulkAction::AddToGroup("grp-x".into()), &users, &[]);
        assert_eq!(
            p.requests,
            [ChangeRequest::AddMember {
                group: "grp-x".into(),
                user: "usr-b".into()
            }]
        );
        assert_eq!(p.unchanged, ["Name usr-a"]);
        let p = plan(&BulkAction::RemoveFromGroup("grp-x".into()), &users, &[]);
        assert_eq!(p.requests.len(), 1);
        assert_eq!(p.unchanged, ["Name usr-b"]);
    }

    #[test]
    fn status_changes_carry_the_version_and_skip_users_already_there() {
        let users = [
            user("usr-a", &[], UserStatus::Active),
            user("usr-b", &[], UserStatus::Deactivated),
        ];
        let p = plan(&BulkAction::SetStatus(UserStatus::Deactivated), &users, &[]);
        assert_eq!(
            p.requests,
            [ChangeRequest::SetUserStatus {
                user: "usr-a".into(),
                version: 4,
                status: UserStatus::Deactivated
            }]
        );
        assert_eq!(p.stored.users.get("usr-a"), Some(&4));
    }

    #[test]
    fn setting_a_role_creates_updates_or_leaves_each_users_own_grant() {
        let users = [
            user("usr-a", &[], UserStatus::Active),
            user("usr-b", &[], UserStatus::Active),
            user("usr-c", &[], UserStatus::Active),
        ];
        let grants = [
            grant("g-b", "usr-b", AppRole::PreviewOnly, &["production"]),
            grant("g-c", "usr-c", AppRole::Editor, &["staging", "production"]),
        ];
        let action = BulkAction::SetRole {
            resource: "res-crm".into(),
            role: Role::App(AppRole::Editor),
            environments: vec!["production".into(), "staging".into()],
        };
        let p = plan(&action, &users, &grants);
        assert_eq!(p.requests.len(), 2);
        assert!(
            matches!(&p.requests[0], ChangeRequest::CreateGrant { subject: Subject::User(u), .. } if u.as_str() == "usr-a")
        );
        assert!(
            matches!(&p.requests[1], ChangeRequest::UpdateGrant { grant, version: 7, .. } if grant == "g-b")
        );
        assert_eq!(p.unchanged, ["Name usr-c"]);
        assert!(p.stored.grants.contains_key("g-b"));
    }

    #[test]
    fn removing_grants_deletes_only_own_grants() {
        let users = [
            user("usr-a", &[], UserStatus::Active),
            user("usr-b", &[], UserStatus::Active),
        ];
        let grants = [grant("g-b", "usr-b", AppRole::PreviewOnly, &["production"])];
        let p = plan(
            &BulkAction::RemoveGrant {
                resource: "res-crm".into(),
            },
            &users,
            &grants,
        );
        assert_eq!(
            p.requests,
            [ChangeRequest::DeleteGrant {
                grant: "g-b".into(),
                version: 7
            }]
        );
        assert_eq!(p.unchanged, ["Name usr-a"]);
    }
}
