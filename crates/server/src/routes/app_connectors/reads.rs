//! Reading app connectors: the list of an environment and one app connector (any signed-in
//! user of the organisation).

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::Json;
use gatehouse_wire::AppConnectorView;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::app_connector_views::{current_view, view, Extras};
use crate::routes::context::PolicyContext;
use crate::routes::openapi::{EnvParam, SignedIn};
use crate::routes::versioning::etag;
use crate::store::app_connectors as store;
use crate::AppState;

/// The app connectors of an environment
#[utoipa::path(
    get,
    path = "/environments/{env}/app-connectors",
    tag = "app connectors",
    params(EnvParam),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the app connectors", body = Vec<AppConnectorView>),
        SignedIn,
    ),
)]
pub(in crate::routes) async fn list_app_connectors(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
) -> Result<Json<Vec<AppConnectorView>>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let mut conn = state.store.pool().acquire().await?;
    let rows = store::list(&mut conn, &ctx.env.code, None).await?;
    let extras = Extras::load(&mut conn, &ctx.env.code).await?;
    Ok(Json(
        rows.into_iter()
            .map(|row| view(&ctx.policy, &extras, row))
            .collect(),
    ))
}

/// An app connector with its group, members and connectors
#[utoipa::path(
    get,
    path = "/environments/{env}/app-connectors/{id}",
    tag = "app connectors",
    params(EnvParam, ("id" = String, Path, description = "the app connector's id")),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the app connector", body = AppConnectorView, headers(("ETag" = String, description = "the app connector's version"))),
        SignedIn,
    ),
)]
pub(in crate::routes) async fn get_app_connector(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, id)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let mut conn = state.store.pool().acquire().await?;
    let current = current_view(&mut conn, &ctx.policy, &ctx.env.code, &id).await?;
    Ok((etag(current.version), Json(current)))
}
