//! Wire calls to the Gatehouse server (`/api/v1`), one function per call, verb_noun.

mod environments;
mod failure;
mod users;

pub use environments::list_environments;
pub use failure::ApiFailure;
pub use users::list_users;

use gatehouse_wire::ErrorBody;
use gloo_net::http::Request;
use serde::de::DeserializeOwned;

/// Where the API lives, relative to the page (the server serves both).
pub const API_BASE: &str = "/api/v1";

/// GETs a JSON document, turning network failures and error answers into [`ApiFailure`].
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    let response = Request::get(&format!("{API_BASE}{path}"))
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|err| ApiFailure::Unreachable(err.to_string()))?;
    if !response.ok() {
        let status = response.status();
        let body = response.json::<ErrorBody>().await.unwrap_or_else(|_| ErrorBody {
            error: format!("the server answered {status} {}", response.status_text()),
            field: None,
        });
        return Err(ApiFailure::Refused { status, body });
    }
    response.json::<T>().await.map_err(|err| ApiFailure::Malformed(err.to_string()))
}
