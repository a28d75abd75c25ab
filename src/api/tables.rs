//! Tables, their filter mode and filters (DESIGN §4). The demo mode has none of these: every
//! call answers a designed 501 refusal instead.

use gatehouse_wire::{
    AccessLoss, Deviation, DeviationUpdate, FilterFields, FilterGroups, FilterMode, FilterView,
    RowGain, TableDetail, TableModeResult, TableModeUpdate, TableSummary, TableVisibility,
};

use super::integration::not_in_demo;
use super::{get_json, send_json_if_match, ApiFailure};

/// The tables of an environment.
pub async fn list_tables(env: &str) -> Result<Vec<TableSummary>, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    get_json(&format!("/environments/{env}/tables")).await
}

/// One table with its rows and filters.
pub async fn get_table(env: &str, id: &str) -> Result<TableDetail, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    get_json(&format!("/environments/{env}/tables/{id}")).await
}

/// Who would see no row at all of the table in filter mode.
pub async fn get_access_loss(env: &str, id: &str) -> Result<AccessLoss, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    get_json(&format!("/environments/{env}/tables/{id}/access-loss")).await
}

/// Who would see more rows of the table with all rows shown, and how many they see now.
pub async fn get_row_gain(env: &str, id: &str) -> Result<RowGain, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    get_json(&format!("/environments/{env}/tables/{id}/row-gain")).await
}

/// Switches the filter mode of a table loaded at `version`.
pub async fn set_table_mode(
    env: &str,
    id: &str,
    version: i64,
    mode: FilterMode,
) -> Result<TableModeResult, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    let path = format!("/environments/{env}/tables/{id}/mode");
    send_json_if_match("PUT", &path, version, Some(&TableModeUpdate { mode })).await
}

/// Sets the groups a filter (loaded at `version`) is active for.
pub async fn set_filter_groups(
    env: &str,
    table: &str,
    filter: &str,
    version: i64,
    groups: Vec<String>,
) -> Result<FilterView, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    let path = format!("/environments/{env}/tables/{table}/filters/{filter}/groups");
    send_json_if_match("PUT", &path, version, Some(&FilterGroups { groups })).await
}

/// What `user` (a user code) sees of a table, and which filters let each row through.
pub async fn get_table_visibility(
    env: &str,
    id: &str,
    user: &str,
) -> Result<TableVisibility, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    get_json(&format!(
        "/environments/{env}/tables/{id}/visible?user={user}"
    ))
    .await
}

/// Creates a filter on a table.
pub async fn create_filter(
    env: &str,
    table: &str,
    fields: &FilterFields,
) -> Result<FilterView, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    let path = format!("/environments/{env}/tables/{table}/filters");
    super::send_json("POST", &path, Some(fields)).await
}

/// Deletes a filter loaded at `version`.
pub async fn delete_filter(
    env: &str,
    table: &str,
    filter: &str,
    version: i64,
) -> Result<(), ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    let path = format!("/environments/{env}/tables/{table}/filters/{filter}");
    send_json_if_match::<(), ()>("DELETE", &path, version, None).await
}

/// Renames and re-defines a filter loaded at `version`.
pub async fn update_filter(
    env: &str,
    table: &str,
    filter: &str,
    version: i64,
    fields: &FilterFields,
) -> Result<FilterView, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    let path = format!("/environments/{env}/tables/{table}/filters/{filter}");
    send_json_if_match("PUT", &path, version, Some(fields)).await
}

/// Sets `user`'s (a user code) own setting for a filter loaded at `version`.
pub async fn set_filter_deviation(
    env: &str,
    table: &str,
    filter: &str,
    user: &str,
    version: i64,
    deviation: Deviation,
) -> Result<FilterView, ApiFailure> {
    if crate::demo::is_active() {
        return Err(not_in_demo());
    }
    let path = format!("/environments/{env}/tables/{table}/filters/{filter}/deviations/{user}");
    send_json_if_match("PUT", &path, version, Some(&DeviationUpdate { deviation })).await
}
