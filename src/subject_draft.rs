//! Edit Permissions for one subject (a user, a group or All Users) across every resource: the
//! subject's grant per resource as drafted, and what saving it would send and change. Builds
//! on the per-resource draft (`permissions_draft`) so both editors save the same way. Pure;
//! tested natively.

use std::collections::{BTreeMap, BTreeSet};

use gatehouse_policy::{ResourceKind, Role, SetChange, Subject};
use gatehouse_wire::ResourcePermissions;

use crate::permissions_draft::{changes, draft_from, edits, DraftGrant, Edit};

/// The subject's desired grant per resource id; a resource missing here is as stored, `None`
/// means "no grant".
pub type SubjectDraft = BTreeMap<String, Option<DraftGrant>>;

/// The subject's stored grant on a resource, as a draft row.
pub fn stored_grant(stored: &ResourcePermissions, subject: &Subject) -> Option<DraftGrant> {
    draft_from(stored)
        .into_iter()
        .find(|row| &row.subject == subject)
}

/// The subject's grant on a resource as drafted (or as stored when untouched).
pub fn current_grant(
    draft: &SubjectDraft,
    stored: &ResourcePermissions,
    subject: &Subject,
) -> Option<DraftGrant> {
    match draft.get(&stored.resource.id) {
        Some(desired) => desired.clone(),
        None => stored_grant(stored, subject),
    }
}

/// A new grant row for the subject: `role` in every data environment of the resource.
pub fn new_grant(
    stored: &ResourcePermissions,
    subject: &Subject,
    name: &str,
    role: Role,
) -> DraftGrant {
    DraftGrant {
        id: None,
        version: 0,
        subject: subject.clone(),
        name: name.to_owned(),
        role,
        environments: stored
            .environments
            .iter()
            .map(|e| e.id.clone())
            .collect::<BTreeSet<_>>(),
        expires_at: None,
        removed: false,
    }
}

/// The resource's full draft with the subject's row set to `desired`.
fn resource_rows(
    stored: &ResourcePermissions,
    subject: &Subject,
    desired: Option<&DraftGrant>,
) -> Vec<DraftGrant> {
    let mut rows = draft_from(stored);
    match (rows.iter_mut().find(|r| &r.subject == subject), desired) {
        (Some(row), Some(want)) => {
            *row = DraftGrant {
                id: row.id.clone(),
                version: row.version,
                removed: false,
                ..want.clone()
            };
        }
        (Some(row), None) => row.removed = true,
        (None, Some(want)) => rows.push(DraftGrant {
            id: None,
            version: 0,
            removed: false,
            ..want.clone()
        }),
        (None, None) => {}
    }
    rows
}

/// The requests saving the draft would send, per resource, in resource order.
pub fn subject_edits(
    draft: &SubjectDraft,
    stored: &[ResourcePermissions],
    subject: &Subject,
) -> Vec<(String, Edit)> {
    stored
        .iter()
        .filter_map(|perms| {
            draft
                .get(&perms.resource.id)
                .map(|desired| (perms, desired.as_ref()))
        })
        .flat_map(|(perms, desired)| {
            edits(&resource_rows(perms, subject, desired), perms)
                .into_iter()
                .map(|edit| (perms.resource.id.clone(), edit))
        })
        .collect()
}

/// The policy changes of the draft, for previews.
pub fn subject_changes(
    draft: &SubjectDraft,
    stored: &[ResourcePermissions],
    subject: &Subject,
) -> Vec<SetChange> {
    stored
        .iter()
        .filter_map(|perms| {
            draft
                .get(&perms.resource.id)
                .map(|desired| changes(&resource_rows(perms, subject, desired.as_ref()), perms))
        })
        .flatten()
        .collect()
}

/// The resources of one kind, in name order.
pub fn of_kind(stored: &[ResourcePermissions], kind: ResourceKind) -> Vec<ResourcePermissions> {
    let mut list: Vec<ResourcePermissions> = stored
        .iter()
        .filter(|p| p.resource.kind == kind)
        .cloned()
        .collect();
    list.sort_by(|a, b| a.resource.name.cmp(&b.resource.name));
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_policy::{AppRole, GroupId};
    use gatehouse_wire::{DataEnvironment, GrantView, ResourceSummary, SubjectView};

    fn support() -> Subject {
        Subject::Group(GroupId::parse("grp-support").unwrap())
    }

    fn perms(id: &str, grants: Vec<GrantView>) -> ResourcePermissions {
        ResourcePermissions {
            resource: ResourceSummary {
                id: id.to_owned(),
                kind: ResourceKind::App,
                name: id.to_uppercase(),
                my_roles: Vec::new(),
                can_edit_permissions: true,
                edit_refusal: None,
                version: 1,
            },
            environments: ["production", "staging"]
                .iter()
                .map(|e| DataEnvironment {
                    id: (*e).to_owned(),
                    name: (*e).to_owned(),
                    builtin: true,
                })
                .collect(),
            grants,
            shadowed: Vec::new(),
        }
    }

    fn grant(id: &str, resource: &str, role: AppRole) -> GrantView {
        GrantView {
            id: id.to_owned(),
            resource: resource.to_owned(),
            subject: SubjectView {
                subject: support(),
                name: "Support".to_owned(),
            },
            role: Role::App(role),
            environments: vec!["production".to_owned()],
            expires_at: None,
            version: 4,
        }
    }

    #[test]
    fn an_untouched_draft_sends_nothing() {
        let stored = vec![perms("crm", vec![grant("g1", "crm", AppRole::Editor)])];
        assert!(subject_edits(&SubjectDraft::new(), &stored, &support()).is_empty());
        assert!(subject_changes(&SubjectDraft::new(), &stored, &support()).is_empty());
    }

    #[test]
    fn choosing_a_role_where_there_was_none_creates_a_grant_in_every_environment() {
        let stored = vec![perms("crm", Vec::new())];
        let row = new_grant(
            &stored[0],
            &support(),
            "Support",
            Role::App(AppRole::Publisher),
        );
        let draft = SubjectDraft::from([("crm".to_owned(), Some(row))]);
        let edits = subject_edits(&draft, &stored, &support());
        assert_eq!(edits.len(), 1);
        let (resource, Edit::Create { grant, .. }) = &edits[0] else {
            panic!("expected a create, got {edits:?}");
        };
        assert_eq!(resource, "crm");
        assert_eq!(grant.environments, ["production", "staging"]);
        assert_eq!(subject_changes(&draft, &stored, &support()).len(), 1);
    }

    #[test]
    fn no_grant_removes_the_stored_one_at_its_version() {
        let stored = vec![perms("crm", vec![grant("g1", "crm", AppRole::Editor)])];
        let draft = SubjectDraft::from([("crm".to_owned(), None)]);
        let edits = subject_edits(&draft, &stored, &support());
        assert!(matches!(&edits[..], [(_, Edit::Delete { id, version: 4, .. })] if id == "g1"));
    }

    #[test]
    fn a_changed_role_updates_only_that_resource() {
        let stored = vec![
            perms("crm", vec![grant("g1", "crm", AppRole::Editor)]),
            perms("hr", vec![grant("g2", "hr", AppRole::Editor)]),
        ];
        let mut row = stored_grant(&stored[1], &support()).unwrap();
        row.role = Role::App(AppRole::PreviewOnly);
        let draft = SubjectDraft::from([("hr".to_owned(), Some(row))]);
        let edits = subject_edits(&draft, &stored, &support());
        assert!(matches!(&edits[..], [(r, Edit::Update { id, .. })] if r == "hr" && id == "g2"));
        assert_eq!(
            current_grant(&draft, &stored[1], &support()).unwrap().role,
            Role::App(AppRole::PreviewOnly)
        );
        assert_eq!(
            current_grant(&draft, &stored[0], &support()).unwrap().role,
            Role::App(AppRole::Editor)
        );
    }
}
