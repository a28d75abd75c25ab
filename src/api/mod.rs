//! Wire calls to the Gatehouse server (`/api/v1`), one function per call, verb_noun.

mod environments;
mod failure;
mod session;
mod users;

pub use environments::list_environments;
pub use failure::ApiFailure;
pub use session::{get_session, sign_in, sign_out};
pub use users::list_users;

use gatehouse_wire::ErrorBody;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Where the API lives, relative to the page (the server serves both).
pub const API_BASE: &str = "/api/v1";

/// The header the server requires on every change (its CSRF defence).
pub const CSRF_HEADER: &str = "x-gatehouse-csrf";

/// GETs a JSON document, turning network failures and error answers into [`ApiFailure`].
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    let request = Request::get(&format!("{API_BASE}{path}")).header("accept", "application/json");
    let response = request
        .send()
        .await
        .map_err(|err| ApiFailure::Unreachable(err.to_string()))?;
    read_json(response).await
}

/// Sends a change (`POST`, `PUT`, `DELETE`) with an optional JSON body and reads the answer.
pub async fn send_json<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&B>,
) -> Result<T, ApiFailure> {
    let url = format!("{API_BASE}{path}");
    let builder: RequestBuilder = match method {
        "PUT" => Request::put(&url),
        "DELETE" => Request::delete(&url),
        "PATCH" => Request::patch(&url),
        _ => Request::post(&url),
    };
    let builder = builder
        .header("accept", "application/json")
        .header(CSRF_HEADER, "1");
    let request = match body {
        Some(body) => builder
            .json(body)
            .map_err(|err| ApiFailure::Malformed(err.to_string()))?,
        None => builder
            .build()
            .map_err(|err| ApiFailure::Malformed(err.to_string()))?,
    };
    let response = request
        .send()
        .await
        .map_err(|err| ApiFailure::Unreachable(err.to_string()))?;
    read_json(response).await
}

/// Reads a JSON answer, or the server's `{ error, field }` for an error status.
async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiFailure> {
    if !response.ok() {
        let status = response.status();
        let body = response
            .json::<ErrorBody>()
            .await
            .unwrap_or_else(|_| ErrorBody {
                error: format!("the server answered {status} {}", response.status_text()),
                field: None,
            });
        return Err(ApiFailure::Refused { status, body });
    }
    response
        .json::<T>()
        .await
        .map_err(|err| ApiFailure::Malformed(err.to_string()))
}
