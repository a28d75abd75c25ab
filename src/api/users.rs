//! Users of an environment.

use gatehouse_wire::UserList;

use super::{get_json, ApiFailure};

/// All users of the environment `environment`, ordered by name.
pub async fn list_users(environment: &str) -> Result<UserList, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::on_demand::list_users(environment.to_owned()).await;
    }
    get_json(&format!("/environments/{environment}/users")).await
}
