//! Organisation environments.

use gatehouse_wire::EnvironmentInfo;

use super::{get_json, ApiFailure};

/// Every environment the studio can work in.
pub async fn list_environments() -> Result<Vec<EnvironmentInfo>, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::on_demand::list_environments().await;
    }
    get_json("/environments").await
}
