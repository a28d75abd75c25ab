//! SCIM provisioning as the studio administers it: the service provider's base URL, the
//! provisioning tokens (their secrets shown once) and the last provisioning calls.

use serde::{Deserialize, Serialize};

/// A provisioning token as listed: never the secret or its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScimTokenView {
    /// Stable id (`tok-…`).
    pub id: String,
    /// What the token is for, e.g. `Microsoft Entra ID`.
    pub name: String,
    /// The first characters of the secret, to recognise it (e.g. `gh_scim_3kTMd8Xq`).
    pub prefix: String,
    /// Unix seconds it was created at.
    pub created_at: i64,
    /// The code of the administrator who created it.
    pub created_by: String,
    /// Their name.
    pub created_by_name: String,
    /// Unix seconds of the last call made with it, if any.
    pub last_used_at: Option<i64>,
    /// Unix seconds it was revoked at, if it was.
    pub revoked_at: Option<i64>,
}

/// The body of a request that creates a provisioning token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewScimToken {
    /// What the token is for: 1–80 characters, e.g. `Microsoft Entra ID`.
    #[cfg_attr(feature = "openapi", schema(max_length = 80))]
    pub name: String,
}

/// A newly created provisioning token: the only time the secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedScimToken {
    /// The token as it will be listed.
    pub token: ScimTokenView,
    /// The secret, to paste into the identity provider as its bearer token.
    pub secret: String,
}

/// One call made to the SCIM service provider, as the studio lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScimCallView {
    /// Unix milliseconds the call was answered at.
    pub at_ms: i64,
    /// The token's id, if the call carried a known token.
    pub token: Option<String>,
    /// The token's name, if the call carried a known token.
    pub token_name: Option<String>,
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: String,
    /// The path under the base URL, with its query (`/Users?filter=…`).
    pub path: String,
    /// The HTTP status answered.
    pub status: u16,
    /// What was done or why not, in words (`created user 12345.JJansen`).
    pub outcome: String,
}

/// What the provisioning page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProvisioningOverview {
    /// The SCIM base URL to give the identity provider, absolute when the server knows its
    /// public address, else from the site root (`/scim/v2/O12345AA`).
    pub base_url: String,
    /// Every provisioning token, newest first, revoked ones included.
    pub tokens: Vec<ScimTokenView>,
    /// The last provisioning calls, newest first (at most 100).
    pub calls: Vec<ScimCallView>,
}
