//! Saving a permissions draft: every request in order, each with the version it was edited
//! at; the first failure stops the rest and names whose grant failed.

use crate::api::{self, ApiFailure};
use crate::permissions_draft::Edit;

/// Sends each (resource id, edit) in order; returns how many were saved.
pub async fn save_edits(
    env: &str,
    edits: Vec<(String, Edit)>,
) -> Result<usize, (String, ApiFailure)> {
    let count = edits.len();
    for (resource, edit) in edits {
        match edit {
            Edit::Create { grant, name } => {
                api::create_grant(env, &resource, &grant)
                    .await
                    .map_err(|f| (name, f))?;
            }
            Edit::Update {
                id,
                version,
                update,
                name,
            } => {
                api::update_grant(env, &id, version, &update)
                    .await
                    .map_err(|f| (name, f))?;
            }
            Edit::Delete { id, version, name } => {
                api::delete_grant(env, &id, version)
                    .await
                    .map_err(|f| (name, f))?;
            }
        }
    }
    Ok(count)
}
