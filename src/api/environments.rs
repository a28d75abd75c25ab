//! Organisation environments.

use gatehouse_wire::EnvironmentInfo;

use super::{get_json, ApiFailure};

/// Every environment the studio can work in.
pub async fn list_environments() -> Result<Vec<EnvironmentInfo>, ApiFailure> {
    get_json("/environments").await
}
