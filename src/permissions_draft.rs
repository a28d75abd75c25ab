//! The Edit Permissions draft: the grants as the administrator is editing them, what would be
//! sent to save them, and the policy changes to preview them with. Pure; tested natively.

use std::collections::BTreeSet;

use gatehouse_policy::{
    EnvironmentId, Grant, GrantKey, ResourceId, Role, SetChange, Subject, Timestamp,
};
use gatehouse_wire::{GrantUpdate, NewGrant, ResourcePermissions};

/// One grant row of the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftGrant {
    /// The stored grant's id; `None` for a grant being added.
    pub id: Option<String>,
    /// The stored version the edit is based on.
    pub version: i64,
    /// Who it is for.
    pub subject: Subject,
    /// Display name of the subject.
    pub name: String,
    /// The role chosen.
    pub role: Role,
    /// The data environments chosen.
    pub environments: BTreeSet<String>,
    /// Expiry, unix seconds.
    pub expires_at: Option<i64>,
    /// Marked for removal.
    pub removed: bool,
}

/// A request that saving the draft needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Add a grant.
    Create {
        /// The grant.
        grant: NewGrant,
        /// Who it is for (for messages).
        name: String,
    },
    /// Change a grant loaded at `version`.
    Update {
        /// Grant id.
        id: String,
        /// Version it was loaded at.
        version: i64,
        /// The new values.
        update: GrantUpdate,
        /// Who it is for (for messages).
        name: String,
    },
    /// Remove a grant loaded at `version`.
    Delete {
        /// Grant id.
        id: String,
        /// Version it was loaded at.
        version: i64,
        /// Who it was for (for messages).
        name: String,
    },
}

/// The draft rows, starting as the stored grants.
pub fn draft_from(perms: &ResourcePermissions) -> Vec<DraftGrant> {
    perms
        .grants
        .iter()
        .map(|g| DraftGrant {
            id: Some(g.id.clone()),
            version: g.version,
            subject: g.subject.subject.clone(),
            name: g.subject.name.clone(),
            role: g.role,
            environments: g.environments.iter().cloned().collect(),
            expires_at: g.expires_at,
            removed: false,
        })
        .collect()
}

/// After reloading: keeps every edit but takes the fresh ids and versions, so saving again
/// re-applies the edits on top of what someone else saved.
pub fn rebase(draft: &[DraftGrant], fresh: &ResourcePermissions) -> Vec<DraftGrant> {
    let mut rows = draft_from(fresh);
    for edited in draft {
        match rows.iter_mut().find(|r| r.subject == edited.subject) {
            Some(row) => {
                let (id, version) = (row.id.clone(), row.version);
                *row = DraftGrant {
                    id,
                    version,
                    ..edited.clone()
                };
            }
            None if !edited.removed => rows.push(DraftGrant {
                id: None,
                version: 0,
                ..edited.clone()
            }),
            None => {}
        }
    }
    rows
}

/// The requests that turn the stored grants into the draft.
pub fn edits(draft: &[DraftGrant], stored: &ResourcePermissions) -> Vec<Edit> {
    let mut out = Vec::new();
    for row in draft {
        let original = stored
            .grants
            .iter()
            .find(|g| Some(&g.id) == row.id.as_ref());
        let environments: Vec<String> = row.environments.iter().cloned().collect();
        match (original, row.removed) {
            (None, false) => out.push(Edit::Create {
                grant: NewGrant {
                    subject: row.subject.clone(),
                    role: row.role,
                    environments,
                    expires_at: row.expires_at,
                },
                name: row.name.clone(),
            }),
            (None, true) => {}
            (Some(g), true) => out.push(Edit::Delete {
                id: g.id.clone(),
                version: row.version,
                name: row.name.clone(),
            }),
            (Some(g), false) => {
                if g.role != row.role
                    || g.environments != environments
                    || g.expires_at != row.expires_at
                {
                    out.push(Edit::Update {
                        id: g.id.clone(),
                        version: row.version,
                        update: GrantUpdate {
                            role: row.role,
                            environments,
                            expires_at: row.expires_at,
                        },
                        name: row.name.clone(),
                    });
                }
            }
        }
    }
    out
}

/// The same edits as a change set of the policy crate, to preview with the function the
/// server decides with.
pub fn changes(draft: &[DraftGrant], stored: &ResourcePermissions) -> Vec<SetChange> {
    let Ok(resource) = ResourceId::parse(&stored.resource.id) else {
        return Vec::new();
    };
    let grant = |subject: &Subject, role: Role, envs: &[String], expires_at: Option<i64>| {
        let envs = envs
            .iter()
            .filter_map(|e| EnvironmentId::parse(e.trim()).ok());
        let mut grant = Grant::new(subject.clone(), resource.clone(), role, envs);
        grant.expires_at = expires_at.map(Timestamp::from_unix_seconds);
        grant
    };
    let subject_of = |id: &str| {
        draft
            .iter()
            .find(|r| r.id.as_deref() == Some(id))
            .map(|r| r.subject.clone())
    };
    edits(draft, stored)
        .into_iter()
        .filter_map(|edit| match edit {
            Edit::Create { grant: new, .. } => Some(SetChange::CreateGrant {
                grant: grant(&new.subject, new.role, &new.environments, new.expires_at),
            }),
            Edit::Update { id, update, .. } => {
                subject_of(&id).map(|subject| SetChange::UpdateGrant {
                    grant: grant(
                        &subject,
                        update.role,
                        &update.environments,
                        update.expires_at,
                    ),
                })
            }
            Edit::Delete { id, .. } => subject_of(&id).map(|subject| SetChange::DeleteGrant {
                key: GrantKey {
                    subject,
                    resource: resource.clone(),
                },
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_policy::{AppRole, GroupId, ResourceKind};
    use gatehouse_wire::{GrantView, ResourceSummary, SubjectView};

    fn stored() -> ResourcePermissions {
        let grant =
            |id: &str, subject: Subject, name: &str, role: AppRole, envs: &[&str]| GrantView {
                id: id.into(),
                resource: "res-crm".into(),
                subject: SubjectView {
                    subject,
                    name: name.into(),
                },
                role: Role::App(role),
                environments: envs.iter().map(|e| e.to_string()).collect(),
                expires_at: None,
                version: 3,
            };
        ResourcePermissions {
            resource: ResourceSummary {
                id: "res-crm".into(),
                kind: ResourceKind::App,
                name: "CRM".into(),
                my_roles: vec![],
                can_edit_permissions: true,
                edit_refusal: None,
                version: 7,
            },
            environments: vec![],
            grants: vec![
                grant(
                    "g1",
                    Subject::AllUsers,
                    "All Users",
                    AppRole::PreviewOnly,
                    &["production"],
                ),
                grant(
                    "g2",
                    Subject::Group(GroupId::parse("grp-ict").unwrap()),
                    "ICT",
                    AppRole::Editor,
                    &["staging"],
                ),
            ],
            shadowed: vec![],
        }
    }

    #[test]
    fn an_untouched_draft_needs_no_requests() {
        let perms = stored();
        assert!(edits(&draft_from(&perms), &perms).is_empty());
        assert!(changes(&draft_from(&perms), &perms).is_empty());
    }

    #[test]
    fn role_change_removal_and_addition_become_update_delete_create() {
        let perms = stored();
        let mut draft = draft_from(&perms);
        draft[0].role = Role::App(AppRole::Editor);
        draft[1].removed = true;
        draft.push(DraftGrant {
            id: None,
            version: 0,
            subject: Subject::Group(GroupId::parse("grp-support").unwrap()),
            name: "Support".into(),
            role: Role::App(AppRole::Publisher),
            environments: ["production".to_string()].into(),
            expires_at: None,
            removed: false,
        });
        let out = edits(&draft, &perms);
        assert!(matches!(&out[0], Edit::Update { id, version: 3, .. } if id == "g1"));
        assert!(matches!(&out[1], Edit::Delete { id, .. } if id == "g2"));
        assert!(
            matches!(&out[2], Edit::Create { grant, .. } if grant.role == Role::App(AppRole::Publisher))
        );
        assert_eq!(changes(&draft, &perms).len(), 3);
    }

    #[test]
    fn rebase_keeps_edits_on_fresh_versions() {
        let perms = stored();
        let mut draft = draft_from(&perms);
        draft[0].role = Role::App(AppRole::Owner);
        let mut fresh = stored();
        fresh.grants[0].version = 4;
        fresh.grants[0].role = Role::App(AppRole::Editor);
        let rebased = rebase(&draft, &fresh);
        assert_eq!(rebased[0].version, 4);
        assert_eq!(rebased[0].role, Role::App(AppRole::Owner));
        assert!(matches!(
            &edits(&rebased, &fresh)[0],
            Edit::Update { version: 4, .. }
        ));
    }
}
