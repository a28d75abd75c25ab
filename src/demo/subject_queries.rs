//! The demo store's answer to one subject's permissions across every resource, as the
//! server's `GET …/users/{code}/permissions` and `GET …/groups/{id}/permissions` answer.

use gatehouse_policy::{GroupId, ResourceKind, Subject, UserId};
use gatehouse_wire::{SubjectPermissions, SubjectView, UserStatus};

use super::queries::{get_permissions, list_resources, refused, users};
use super::with_state;
use crate::api::{ApiFailure, SubjectKey};

/// `GET /environments/{env}/users/{code}/permissions` or `…/groups/{id}/permissions`.
pub fn get_subject_permissions(
    env: &str,
    key: SubjectKey<'_>,
) -> Result<SubjectPermissions, ApiFailure> {
    let (subject, deactivated) = resolve(key)?;
    let mut items = Vec::new();
    for kind in [ResourceKind::App, ResourceKind::Connector] {
        for resource in list_resources(env, kind)?.items {
            let mut perms = get_permissions(env, &resource.id)?;
            perms
                .grants
                .retain(|g| g.subject.subject == subject.subject);
            perms.shadowed.retain(|s| s.subject == subject.subject);
            items.push(perms);
        }
    }
    Ok(SubjectPermissions {
        subject,
        deactivated,
        items,
    })
}

/// The subject a key names, with its display name, and whether it is a deactivated user.
fn resolve(key: SubjectKey<'_>) -> Result<(SubjectView, bool), ApiFailure> {
    with_state(|state| match key {
        SubjectKey::User(code) => {
            let user = users(state)
                .into_iter()
                .find(|u| u.code == code)
                .ok_or_else(|| refused(404, format!("no user `{code}`"), Some("code")))?;
            let id = UserId::parse(&user.id).map_err(|e| ApiFailure::Malformed(e.to_string()))?;
            Ok((
                SubjectView {
                    subject: Subject::User(id),
                    name: user.name,
                },
                user.status == UserStatus::Deactivated,
            ))
        }
        SubjectKey::AllUsers => Ok((
            SubjectView {
                subject: Subject::AllUsers,
                name: "All Users".to_owned(),
            },
            false,
        )),
        SubjectKey::Group(id) => {
            let missing = || refused(404, format!("no group `{id}`"), Some("id"));
            let group = state
                .data
                .groups
                .iter()
                .find(|g| g.id == id)
                .ok_or_else(missing)?;
            let group_id = GroupId::parse(&group.id).map_err(|_| missing())?;
            Ok((
                SubjectView {
                    subject: Subject::Group(group_id),
                    name: group.name.clone(),
                },
                false,
            ))
        }
    })
}
