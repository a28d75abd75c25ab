//! Access tests: saved expectations about access, listed with how each fares now; the
//! account owner adds, changes and deletes them (each write with the version it was read at).

use gatehouse_wire::{AccessTestInput, AccessTestView};

use super::{get_json, send_json, send_json_if_match, ApiFailure};

/// Every access test of `env`, in the order they were added, with how each fares now.
pub async fn list_access_tests(env: &str) -> Result<Vec<AccessTestView>, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::list_access_tests(env);
    }
    get_json(&format!("/environments/{env}/access-tests")).await
}

/// Adds an access test (account owner only).
pub async fn create_access_test(
    env: &str,
    input: &AccessTestInput,
) -> Result<AccessTestView, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::create_access_test(env, input);
    }
    send_json(
        "POST",
        &format!("/environments/{env}/access-tests"),
        Some(input),
    )
    .await
}

/// Replaces test `id`'s fields, as read at `version` (account owner only).
pub async fn replace_access_test(
    env: &str,
    id: &str,
    version: i64,
    input: &AccessTestInput,
) -> Result<AccessTestView, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::replace_access_test(env, id, version, input);
    }
    send_json_if_match(
        "PUT",
        &format!("/environments/{env}/access-tests/{id}"),
        version,
        Some(input),
    )
    .await
}

/// Deletes test `id`, as read at `version` (account owner only).
pub async fn delete_access_test(env: &str, id: &str, version: i64) -> Result<(), ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::delete_access_test(env, id, version);
    }
    send_json_if_match::<(), ()>(
        "DELETE",
        &format!("/environments/{env}/access-tests/{id}"),
        version,
        None,
    )
    .await
}
