//! Organisation environments.

use gatehouse_wire::{
    Administrators, ChangeRequest, ChangeSetRequest, ChangeSetResult, DataEnvironmentView,
    EnvironmentComparison, EnvironmentInfo,
};

use super::{get_json, ApiFailure};

/// Every environment the studio can work in.
pub async fn list_environments() -> Result<Vec<EnvironmentInfo>, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::on_demand::list_environments().await;
    }
    get_json("/environments").await
}

/// Who administers `env`: its active account owners, the people to ask for what only they do.
pub async fn get_administrators(env: &str) -> Result<Administrators, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::get_administrators(env);
    }
    get_json(&format!("/environments/{env}/administrators")).await
}

/// The data environments of `env`, with their versions and how many grants cover each.
pub async fn list_data_environments(env: &str) -> Result<Vec<DataEnvironmentView>, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::list_data_environments(env);
    }
    get_json(&format!("/environments/{env}/data-environments")).await
}

/// Data environments `from` and `to` of `env` compared grant by grant.
pub async fn compare_data_environments(
    env: &str,
    from: &str,
    to: &str,
) -> Result<EnvironmentComparison, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::compare_data_environments(env, from, to);
    }
    get_json(&format!(
        "/environments/{env}/data-environments/compare?from={from}&to={to}"
    ))
    .await
}

/// Creates, renames or deletes a data environment: a change set of one change, its refusal
/// naming the change's own field (`name`, `environment`). With `override_tests`, saved even
/// though it breaks access tests (the account owner only).
pub async fn change_data_environment(
    env: &str,
    change: ChangeRequest,
    override_tests: bool,
) -> Result<ChangeSetResult, ApiFailure> {
    let request = ChangeSetRequest {
        override_tests,
        dry_run: false,
        changes: vec![change],
    };
    super::apply_changes(env, &request)
        .await
        .map_err(ApiFailure::of_single_change)
}
