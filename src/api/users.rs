//! Users of an environment.

use gatehouse_wire::UserList;

use super::{get_json, ApiFailure};

/// All users of the environment `environment`, ordered by name.
pub async fn list_users(environment: &str) -> Result<UserList, ApiFailure> {
    get_json(&format!("/environments/{environment}/users")).await
}
