//! Group records on the demo store: create, rename and delete, each a change set of one
//! change decided by the policy crate, as on the server.

use gatehouse_wire::{ChangeRequest, GroupDetail, GroupFields};

use super::change_sets::apply_one;
use crate::api::ApiFailure;
use crate::demo::change;

/// The group a one-change set stored.
fn stored(result: gatehouse_wire::ChangeSetResult) -> Result<GroupDetail, ApiFailure> {
    result
        .groups
        .into_iter()
        .next()
        .ok_or_else(|| ApiFailure::Malformed("the group was not stored".to_owned()))
}

/// `POST /groups`.
pub fn create_group(_env: &str, fields: &GroupFields) -> Result<GroupDetail, ApiFailure> {
    change(|state| {
        let change = ChangeRequest::CreateGroup {
            group: None,
            name: fields.name.clone(),
            description: fields.description.clone(),
        };
        stored(apply_one(state, change)?)
    })
}

/// `PUT /groups/{id}` with `If-Match`.
pub fn rename_group(
    _env: &str,
    id: &str,
    version: i64,
    fields: &GroupFields,
) -> Result<GroupDetail, ApiFailure> {
    change(|state| {
        let change = ChangeRequest::RenameGroup {
            group: id.to_owned(),
            version,
            name: fields.name.clone(),
            description: Some(fields.description.clone()),
        };
        stored(apply_one(state, change)?)
    })
}

/// `DELETE /groups/{id}` with `If-Match`.
pub fn delete_group(_env: &str, id: &str, version: i64) -> Result<(), ApiFailure> {
    change(|state| {
        let change = ChangeRequest::DeleteGroup {
            group: id.to_owned(),
            version,
        };
        apply_one(state, change).map(|_| ())
    })
}
