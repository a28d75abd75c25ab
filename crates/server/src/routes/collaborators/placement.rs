//! A client looks a collaborator up, adds it (system or normal user) and converts it.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use gatehouse_policy::{AddAs, CollaboratorError, UserCode};
use gatehouse_wire::{
    CollaboratorSource, Conversion, ErrorBody, NewCollaborator, UserKind, UserSummary,
};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::routes::context::{audit, require_account_owner, Audited, PolicyContext};
use crate::routes::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use crate::routes::versioning::{etag, if_match, stale};
use crate::store::landscape::{self};
use crate::AppState;

use super::{current_user, environment_code, person_id, refusal, user_code};
use crate::store::landscape::load_landscape;

/// Look up a collaborator to add (account owner only)
///
/// Answers only when the user could be added to this environment now; otherwise the refusal
/// says why.
#[utoipa::path(
    get,
    path = "/environments/{env}/collaborators/sources/{code}",
    tag = "collaborators",
    params(EnvParam, ("code" = String, Path, description = "the collaborator's code in its provider, e.g. `12345.CJansen`")),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the collaborator as its provider's production environment has it", body = CollaboratorSource),
        SignedIn,
        (status = 409, description = "the user cannot be added here: it belongs to this organisation, its provider is unknown or has no collaborator licence, it is not activated as a collaborator, it is already in the environment, or its email belongs to another user here (`field` is `email`)", body = ErrorBody),
        (status = 422, description = "`code` is not a user code (`field` is `code`)", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn source(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, code)): Path<(String, String)>,
) -> Result<Json<CollaboratorSource>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let env_code = environment_code(&ctx.env.code)?;
    let user = user_code(&code)?;
    let mut conn = state.store.pool().acquire().await?;
    let world = load_landscape(&mut conn).await?;
    // Ask the policy crate on a scratch copy: it refuses with the reason when the user cannot
    // be added here (same organisation, no licence, not activated, already present, email).
    let mut trial = world.clone();
    trial
        .add_collaborator(env_code, &user, AddAs::System)
        .map_err(|e| refusal(&world, e))?;
    let (source_env, found) = world
        .collaborator_source(&user)
        .ok_or_else(|| refusal(&world, CollaboratorError::NotACollaborator(user.clone())))?;
    let provider = world
        .organisation(user.participant())
        .map(|o| o.name.clone())
        .unwrap_or_default();
    Ok(Json(CollaboratorSource {
        code: user.to_string(),
        name: found.name.clone(),
        email: found.email.as_ref().map(ToString::to_string),
        provider: user.participant().to_string(),
        provider_name: provider,
        source_environment: source_env.to_string(),
    }))
}

/// Add another organisation's collaborator to this environment (account owner only)
///
/// The user keeps its code; name and email come from its provider, Windows is on.
#[utoipa::path(
    post,
    path = "/environments/{env}/collaborators",
    tag = "collaborators",
    params(EnvParam),
    request_body = NewCollaborator,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 201, description = "added", body = UserSummary, headers(("ETag" = String, description = "the user's version"))),
        SignedIn,
        JsonBody,
        (status = 409, description = "refused by the collaborator rules: the user belongs to this organisation, its provider is unknown or has no collaborator licence, it is not activated as a collaborator, it is already in the environment, or its email belongs to another user here (`field` is `email`)", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn add(
    State(state): State<AppState>,
    caller: Caller,
    Path(env): Path<String>,
    ApiJson(body): ApiJson<NewCollaborator>,
) -> Result<impl IntoResponse, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let env_code = environment_code(&ctx.env.code)?;
    let user =
        UserCode::parse(body.code.trim()).map_err(|e| ApiError::invalid("code", e.to_string()))?;
    let add_as = match (body.kind, body.person.as_deref().map(str::trim)) {
        (UserKind::System, None | Some("")) => AddAs::System,
        (UserKind::System, Some(_)) => return Err(ApiError::invalid(
            "person",
            "a system user is not linked to a person; leave person empty or add as a normal user",
        )),
        (UserKind::Normal, Some(person)) if !person.is_empty() => AddAs::Normal {
            person: person_id(person)?,
        },
        (UserKind::Normal, _) => {
            return Err(ApiError::invalid(
                "person",
                "a normal user must be linked to a person",
            ))
        }
    };
    let mut tx = state.store.begin_write().await?;
    let mut world = load_landscape(&mut tx).await?;
    // A refused step changes nothing, so the refusal reads names from the same world.
    let added = match world.add_collaborator(env_code, &user, add_as) {
        Ok(added) => added.clone(),
        Err(e) => return Err(refusal(&world, e)),
    };
    landscape::insert_copy(&mut tx, &ctx.env.code, &added).await?;
    let what = Audited {
        action: "create",
        entity: "collaborator",
        id: &body.code,
    };
    audit(&mut tx, &ctx, &caller, what, None, Some(&added)).await?;
    tx.commit().await?;
    let created = current_user(&state, &ctx.env.code, &added.code.to_string()).await?;
    Ok((StatusCode::CREATED, etag(created.version), Json(created)))
}

/// Convert a system user into a normal user linked to a person (account owner only)
#[utoipa::path(
    post,
    path = "/environments/{env}/users/{code}/conversion",
    tag = "collaborators",
    params(EnvParam, ("code" = String, Path, description = "the user's code, e.g. `12345.CJansen`"), IfMatch),
    request_body = Conversion,
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "converted", body = UserSummary, headers(("ETag" = String, description = "the user's version"))),
        SignedIn,
        JsonBody,
        IfMatch,
        (status = 409, description = "the user is already a normal user", body = ErrorBody),
    ),
)]
pub(in crate::routes) async fn convert(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, code)): Path<(String, String)>,
    ApiJson(body): ApiJson<Conversion>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let env_code = environment_code(&ctx.env.code)?;
    let user = user_code(&code)?;
    let person = person_id(body.person.trim())?;
    let before = current_user(&state, &ctx.env.code, &code).await?;
    let mut tx = state.store.begin_write().await?;
    let mut world = load_landscape(&mut tx).await?;
    if let Err(e) = world.convert_to_normal(env_code, &user, person.clone()) {
        return Err(refusal(&world, e));
    }
    let stored = person.to_string();
    if !landscape::convert_to_normal(&mut tx, &ctx.env.code, &code, expected, &stored).await? {
        return Err(stale("this user", expected, before.version, &before));
    }
    let what = Audited {
        action: "convert",
        entity: "user",
        id: &code,
    };
    let after = serde_json::json!({ "code": code, "kind": "normal", "person": stored });
    let was = serde_json::json!({ "code": code, "kind": before.kind });
    audit(&mut tx, &ctx, &caller, what, Some(&was), Some(&after)).await?;
    tx.commit().await?;
    let user = current_user(&state, &ctx.env.code, &code).await?;
    Ok((etag(user.version), Json(user)))
}
