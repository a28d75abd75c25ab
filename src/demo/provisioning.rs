//! SCIM provisioning in the static demo: there is no SCIM service in the browser, so the
//! overview is the base URL the server would give with no tokens and no calls, and creating a
//! token is refused with the way to a server (the page shows that refusal in place).

use gatehouse_wire::{IssuedScimToken, ProvisioningOverview, ScimTokenView};

use super::queries::{actor, refused};
use super::with_state;
use crate::api::ApiFailure;

/// What the static demo says instead of creating a provisioning token.
const NO_SCIM_IN_THE_DEMO: &str = "The static demo cannot provision: SCIM needs the \
    Gatehouse server, which keeps the tokens and answers the identity provider. Run the server \
    (scripts/run.sh) to create a token and connect Microsoft Entra ID, Okta, Google Workspace \
    or Keycloak.";

/// Refuses anyone but the account owner, as the server does.
fn only_the_account_owner() -> Result<(), ApiFailure> {
    with_state(|state| {
        if actor(state)?.account_owner {
            Ok(())
        } else {
            Err(refused(
                403,
                "only the account owner manages provisioning, and you are not the account owner",
                None,
            ))
        }
    })
}

/// `GET /environments/{env}/provisioning`: the demo's base URL, no tokens, no calls.
pub fn get_provisioning(env: &str) -> Result<ProvisioningOverview, ApiFailure> {
    only_the_account_owner()?;
    Ok(ProvisioningOverview {
        base_url: format!("/scim/v2/{env}"),
        tokens: Vec::new(),
        calls: Vec::new(),
    })
}

/// `POST /environments/{env}/provisioning/tokens`: refused (501, the demo's refusal of what
/// needs the server) with the way to a server.
pub fn create_scim_token(_env: &str, _name: &str) -> Result<IssuedScimToken, ApiFailure> {
    only_the_account_owner()?;
    Err(refused(501, NO_SCIM_IN_THE_DEMO, None))
}

/// `POST /environments/{env}/provisioning/tokens/{id}/revoke`: the demo has no tokens.
pub fn revoke_scim_token(_env: &str, id: &str) -> Result<ScimTokenView, ApiFailure> {
    only_the_account_owner()?;
    Err(refused(
        404,
        format!("there is no provisioning token {id} in the static demo"),
        Some("id"),
    ))
}
