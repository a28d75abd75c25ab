//! Saving a permissions draft: every edit in one change set (`POST …/changes`), applied by
//! the server all or nothing, each with the version it was edited at. A refusal or a
//! conflict names whose grant it is about; nothing was saved then, and the draft stays.

use gatehouse_wire::{ChangeRequest, ChangeSetRequest};

use crate::api::{self, ApiFailure};
use crate::permissions_draft::Edit;

/// Sends every (resource id, edit) as one change set — with `override_tests`, saved even
/// though it breaks access tests (the account owner only) — and returns how many were saved.
pub async fn save_edits(
    env: &str,
    edits: Vec<(String, Edit)>,
    override_tests: bool,
) -> Result<usize, (String, ApiFailure)> {
    let names: Vec<String> = edits.iter().map(|(_, e)| edit_name(e).to_owned()).collect();
    let ids: Vec<Option<String>> = edits.iter().map(|(_, e)| edit_id(e)).collect();
    let request = ChangeSetRequest {
        override_tests,
        dry_run: false,
        changes: change_requests(edits),
    };
    match api::apply_changes(env, &request).await {
        Ok(result) => Ok(result.applied),
        Err(failure) => {
            let at = failed_index(&failure, &ids).unwrap_or_default();
            Err((names.get(at).cloned().unwrap_or_default(), failure))
        }
    }
}

/// The changes the (resource id, edit) pairs ask for, as saving sends them (and a dry run
/// previews them).
pub fn change_requests(edits: Vec<(String, Edit)>) -> Vec<ChangeRequest> {
    edits.into_iter().map(to_request).collect()
}

/// The change a draft edit asks for.
fn to_request((resource, edit): (String, Edit)) -> ChangeRequest {
    match edit {
        Edit::Create { grant, .. } => ChangeRequest::CreateGrant {
            resource,
            subject: grant.subject,
            role: grant.role,
            environments: grant.environments,
            expires_at: grant.expires_at,
        },
        Edit::Update {
            id,
            version,
            update,
            ..
        } => ChangeRequest::UpdateGrant {
            grant: id,
            version,
            role: update.role,
            environments: update.environments,
            expires_at: update.expires_at,
        },
        Edit::Delete { id, version, .. } => ChangeRequest::DeleteGrant { grant: id, version },
    }
}

fn edit_name(edit: &Edit) -> &str {
    match edit {
        Edit::Create { name, .. } | Edit::Update { name, .. } | Edit::Delete { name, .. } => name,
    }
}

fn edit_id(edit: &Edit) -> Option<String> {
    match edit {
        Edit::Create { .. } => None,
        Edit::Update { id, .. } | Edit::Delete { id, .. } => Some(id.clone()),
    }
}

/// Which edit a failure is about: the index a refusal names (`changes[2].role`), or the
/// grant a conflict shows the current state of.
fn failed_index(failure: &ApiFailure, ids: &[Option<String>]) -> Option<usize> {
    match failure {
        ApiFailure::Refused { body, .. } => body
            .field
            .as_deref()?
            .strip_prefix("changes[")?
            .split(']')
            .next()?
            .parse()
            .ok(),
        ApiFailure::Stale { current, .. } => {
            let id = serde_json::from_str::<serde_json::Value>(current).ok()?["id"]
                .as_str()?
                .to_owned();
            ids.iter().position(|i| i.as_deref() == Some(id.as_str()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_wire::ErrorBody;

    #[test]
    fn a_refusal_points_at_the_edit_its_field_names() {
        let failure = ApiFailure::Refused {
            status: 422,
            body: ErrorBody {
                error: "there is no data environment moon here".to_owned(),
                field: Some("changes[2].environments".to_owned()),
            },
        };
        assert_eq!(failed_index(&failure, &[None, None, None]), Some(2));
    }

    #[test]
    fn a_conflict_points_at_the_edit_of_the_grant_it_shows() {
        let failure = ApiFailure::Stale {
            message: "the grant of Support was changed by someone else".to_owned(),
            current_version: 3,
            current: r#"{"id":"g-2","version":3}"#.to_owned(),
        };
        let ids = [Some("g-1".to_owned()), Some("g-2".to_owned())];
        assert_eq!(failed_index(&failure, &ids), Some(1));
        assert_eq!(failed_index(&failure, &[None]), None);
    }
}
