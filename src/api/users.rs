//! Users of an environment.

use gatehouse_wire::{UserList, UserSummary};

use super::{get_json, ApiFailure};

/// All users of the environment `environment`, ordered by name.
pub async fn list_users(environment: &str) -> Result<UserList, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::on_demand::list_users(environment.to_owned()).await;
    }
    get_json(&format!("/environments/{environment}/users")).await
}

/// The first `limit` users of `environment` by name, with `total` counting all of them: the
/// first screenful of a large list, fetched beside the whole list so rows paint sooner.
pub async fn list_first_users(environment: &str, limit: usize) -> Result<UserList, ApiFailure> {
    if crate::demo::is_active() {
        // The demo store is in this browser: the whole list is as quick as a page.
        return crate::demo::on_demand::list_users(environment.to_owned()).await;
    }
    get_json(&format!("/environments/{environment}/users?limit={limit}")).await
}

/// One user of `environment` (a 404 names the code when there is none).
pub async fn get_user(environment: &str, code: &str) -> Result<UserSummary, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::get_user(environment, code);
    }
    get_json(&format!("/environments/{environment}/users/{code}")).await
}
