//! SCIM provisioning as the account owner administers it: the base URL and calls of the SCIM
//! service, and the tokens an identity provider calls it with. The static demo has no SCIM
//! service; its store answers these calls itself ([`crate::demo::get_provisioning`]).

use gatehouse_wire::{IssuedScimToken, NewScimToken, ProvisioningOverview, ScimTokenView};

use super::{get_json, send_json, ApiFailure};

/// The SCIM base URL, every provisioning token and the last calls of `env` (account owner).
pub async fn get_provisioning(env: &str) -> Result<ProvisioningOverview, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::get_provisioning(env);
    }
    get_json(&format!("/environments/{env}/provisioning")).await
}

/// Creates a provisioning token: the answer holds the secret, the only time it is shown. A
/// name that is empty or longer than 80 characters is refused with 422 naming `name`.
pub async fn create_scim_token(env: &str, name: &str) -> Result<IssuedScimToken, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::create_scim_token(env, name);
    }
    let body = NewScimToken {
        name: name.to_owned(),
    };
    send_json(
        "POST",
        &format!("/environments/{env}/provisioning/tokens"),
        Some(&body),
    )
    .await
}

/// Revokes a provisioning token for good (revoking a revoked one answers it unchanged).
pub async fn revoke_scim_token(env: &str, id: &str) -> Result<ScimTokenView, ApiFailure> {
    if crate::demo::is_active() {
        return crate::demo::revoke_scim_token(env, id);
    }
    send_json::<(), _>(
        "POST",
        &format!("/environments/{env}/provisioning/tokens/{id}/revoke"),
        None,
    )
    .await
}
