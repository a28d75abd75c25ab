//! Collaborator users (DESIGN §5): a provider activates its user in its production
//! environment; a client looks the collaborator up, adds it as a system or normal user, and
//! may convert it; anyone sees where a collaborator comes from and the licence overview.
//! Every rule is the policy crate's (`Landscape`); the handlers load, ask, and write.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use gatehouse_policy::{
    insite_address, AddAs, CollaboratorError, EnvUser, EnvironmentCode, Landscape, PersonId,
    UserCode, UserKind as PolicyKind,
};
use gatehouse_wire::{
    CollaborationView, CollaboratorPlacement, CollaboratorSource, Conversion, ErrorBody,
    LicenceOverview, LicenceRow, NewCollaborator, UserKind, UserSummary,
};
use sqlx::AnyConnection;

use super::context::{audit, require_account_owner, Audited, PolicyContext};
use super::openapi::{EnvParam, IfMatch, JsonBody, SignedIn};
use super::versioning::{etag, if_match, stale};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::store::landscape::{self, load_landscape};
use crate::AppState;

/// The collaborator routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/users/{code}/collaborator",
            post(activate).delete(deactivate),
        )
        .route("/environments/{env}/users/{code}/conversion", post(convert))
        .route(
            "/environments/{env}/users/{code}/collaboration",
            get(collaboration),
        )
        .route("/environments/{env}/collaborators", post(add))
        .route(
            "/environments/{env}/collaborators/sources/{code}",
            get(source),
        )
        .route("/licences", get(licences))
}

/// A refusal of the collaborator rules as an API error naming what is wrong.
pub fn refusal(err: CollaboratorError) -> ApiError {
    match err {
        CollaboratorError::UnknownUser { ref user, .. } => ApiError::NotFound {
            what: "user",
            id: user.to_string(),
            field: "code",
        },
        CollaboratorError::EditOutsideProvider { .. } => ApiError::Forbidden(err.to_string()),
        CollaboratorError::DuplicateEmail { .. } => ApiError::Conflict {
            message: err.to_string(),
            field: Some("email".to_owned()),
        },
        CollaboratorError::Flags { .. } => ApiError::invalid("flags.pocket", err.to_string()),
        CollaboratorError::InsiteNeedsNormalUser { .. } => {
            ApiError::invalid("flags.insite", err.to_string())
        }
        other => ApiError::Conflict {
            message: other.to_string(),
            field: None,
        },
    }
}

/// Parses a user code from the path.
pub fn user_code(code: &str) -> Result<UserCode, ApiError> {
    UserCode::parse(code).map_err(|e| ApiError::invalid("code", e.to_string()))
}

/// Parses an environment code we already know exists.
pub fn environment_code(code: &str) -> Result<EnvironmentCode, ApiError> {
    EnvironmentCode::parse(code).map_err(|e| ApiError::invalid("environment", e.to_string()))
}

/// Loads the landscape inside a transaction.
pub async fn landscape_in(conn: &mut AnyConnection) -> Result<Landscape, ApiError> {
    Ok(load_landscape(conn).await?)
}

/// The version of a user row, read inside the transaction.
pub async fn user_version(
    conn: &mut AnyConnection,
    environment: &str,
    code: &str,
) -> Result<Option<i64>, ApiError> {
    use sqlx::Row;
    let row = sqlx::query("SELECT version FROM users WHERE environment = $1 AND code = $2")
        .bind(environment)
        .bind(code)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.try_get("version")).transpose()?)
}

async fn current_user(state: &AppState, env: &str, code: &str) -> Result<UserSummary, ApiError> {
    state
        .store
        .find_user(env, code)
        .await?
        .ok_or_else(|| ApiError::NotFound {
            what: "user",
            id: code.to_owned(),
            field: "code",
        })
}

/// Activate one of the organisation's own users as a collaborator (account owner only)
///
/// Only in a production environment, with a collaborator licence, and for a user who has
/// Windows enabled there.
#[utoipa::path(
    post,
    path = "/environments/{env}/users/{code}/collaborator",
    tag = "collaborators",
    params(EnvParam, ("code" = String, Path, description = "the user's code, e.g. `12345.BWilliams`"), IfMatch),
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "activated", body = UserSummary, headers(("ETag" = String, description = "the user's version"))),
        SignedIn,
        IfMatch,
        (status = 409, description = "refused by the collaborator rules: not a production environment, the organisation has no collaborator licence, the user belongs to another organisation, or the user does not have Windows enabled", body = ErrorBody),
        (status = 422, description = "`code` is not a user code (`field` is `code`)", body = ErrorBody),
    ),
)]
async fn activate(
    state: State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    path: Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    set_activation(state, caller, headers, path, true).await
}

/// Stop a user being a collaborator (account owner only)
///
/// Refused while a client still has the user in one of its environments.
#[utoipa::path(
    delete,
    path = "/environments/{env}/users/{code}/collaborator",
    tag = "collaborators",
    params(EnvParam, ("code" = String, Path, description = "the user's code, e.g. `12345.BWilliams`"), IfMatch),
    security(("gatehouse_session" = [], "gatehouse_csrf" = [])),
    responses(
        (status = 200, description = "no longer a collaborator", body = UserSummary, headers(("ETag" = String, description = "the user's version"))),
        SignedIn,
        IfMatch,
        (status = 409, description = "the user still works in a client's environment (named); the client must remove the user there first", body = ErrorBody),
        (status = 422, description = "`code` is not a user code (`field` is `code`)", body = ErrorBody),
    ),
)]
async fn deactivate(
    state: State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    path: Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    set_activation(state, caller, headers, path, false).await
}

async fn set_activation(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((env, code)): Path<(String, String)>,
    on: bool,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let env_code = environment_code(&ctx.env.code)?;
    let user = user_code(&code)?;
    let before = current_user(&state, &ctx.env.code, &code).await?;
    let mut tx = state.store.pool().begin().await?;
    let mut world = landscape_in(&mut tx).await?;
    if on {
        world
            .activate_collaborator(env_code, &user)
            .map_err(refusal)?;
    } else {
        let placed: Vec<String> = placements(&world, &user)
            .map(|(env, _)| env.to_string())
            .collect();
        if !placed.is_empty() {
            return Err(ApiError::Conflict {
                message: format!(
                    "`{user}` still works in {}; the client must remove the user there first",
                    placed.join(", ")
                ),
                field: None,
            });
        }
    }
    if !landscape::set_collaborator(&mut tx, &ctx.env.code, &code, expected, on).await? {
        return Err(stale("this user", expected, before.version, &before));
    }
    let action = if on { "activate" } else { "deactivate" };
    let what = Audited {
        action,
        entity: "collaborator",
        id: &code,
    };
    let after = serde_json::json!({ "code": code, "collaborator": on });
    let was = serde_json::json!({ "code": code, "collaborator": before.collaborator });
    audit(&mut tx, &ctx, &caller, what, Some(&was), Some(&after)).await?;
    tx.commit().await?;
    let user = current_user(&state, &ctx.env.code, &code).await?;
    Ok((etag(user.version), Json(user)))
}

/// The client environments (and the copies there) where `code` works as a collaborator.
fn placements<'a>(
    world: &'a Landscape,
    code: &'a UserCode,
) -> impl Iterator<Item = (EnvironmentCode, &'a EnvUser)> + 'a {
    world.users.iter().filter_map(move |(env, users)| {
        (env.participant() != code.participant())
            .then(|| users.iter().find(|u| &u.code == code).map(|u| (*env, u)))
            .flatten()
    })
}

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
async fn source(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, code)): Path<(String, String)>,
) -> Result<Json<CollaboratorSource>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    require_account_owner(&ctx)?;
    let env_code = environment_code(&ctx.env.code)?;
    let user = user_code(&code)?;
    let mut conn = state.store.pool().acquire().await?;
    let world = landscape_in(&mut conn).await?;
    // Ask the policy crate on a scratch copy: it refuses with the reason when the user cannot
    // be added here (same organisation, no licence, not activated, already present, email).
    let mut trial = world.clone();
    trial
        .add_collaborator(env_code, &user, AddAs::System)
        .map_err(refusal)?;
    let (source_env, found) = world
        .collaborator_source(&user)
        .ok_or_else(|| refusal(CollaboratorError::NotACollaborator(user.clone())))?;
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
async fn add(
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
    let mut tx = state.store.pool().begin().await?;
    let mut world = landscape_in(&mut tx).await?;
    let added = world
        .add_collaborator(env_code, &user, add_as)
        .map_err(refusal)?
        .clone();
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

fn person_id(text: &str) -> Result<PersonId, ApiError> {
    PersonId::parse(text).map_err(|e| ApiError::invalid("person", e.to_string()))
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
async fn convert(
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
    let mut tx = state.store.pool().begin().await?;
    let mut world = landscape_in(&mut tx).await?;
    world
        .convert_to_normal(env_code, &user, person.clone())
        .map_err(refusal)?;
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

/// Where a user comes from, and what that means here
///
/// Whether name and email may be edited here (and why not), the source's values, the InSite
/// address for a client's collaborator, and whether single sign-on is allowed.
#[utoipa::path(
    get,
    path = "/environments/{env}/users/{code}/collaboration",
    tag = "collaborators",
    params(EnvParam, ("code" = String, Path, description = "the user's code, e.g. `12345.CJansen`")),
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the user's provider and source", body = CollaborationView),
        SignedIn,
        (status = 422, description = "`code` is not a user code (`field` is `code`)", body = ErrorBody),
    ),
)]
async fn collaboration(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, code)): Path<(String, String)>,
) -> Result<Json<CollaborationView>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let env_code = environment_code(&ctx.env.code)?;
    let user = user_code(&code)?;
    let mut conn = state.store.pool().acquire().await?;
    let world = landscape_in(&mut conn).await?;
    let here = world
        .user(env_code, &user)
        .ok_or_else(|| ApiError::NotFound {
            what: "user",
            id: code.clone(),
            field: "code",
        })?;
    // Whether name and email may be edited here is the policy's answer to a no-op rename.
    let editable = world
        .clone()
        .set_name(env_code, &user, &here.name)
        .map_err(|e| e.to_string());
    let provider = user.participant();
    let foreign = provider != env_code.participant();
    let source = world.collaborator_source(&user);
    Ok(Json(CollaborationView {
        code: user.to_string(),
        provider: provider.to_string(),
        provider_name: world
            .organisation(provider)
            .map(|o| o.name.clone())
            .unwrap_or_default(),
        source_environment: source.map(|(e, _)| e.to_string()),
        source_name: source.map(|(_, u)| u.name.clone()),
        source_email: source.and_then(|(_, u)| u.email.as_ref().map(ToString::to_string)),
        identity_editable: editable.is_ok(),
        read_only_reason: editable.err(),
        insite_address: if foreign {
            insite_address(env_code.participant(), &state.sync.insite_domain).ok()
        } else {
            None
        },
        single_sign_on: !foreign,
    }))
}

/// The licence overview of the caller's organisation (account owner only)
///
/// Licence use of the organisation and of those it shares collaborators with, and where its
/// own collaborators work.
#[utoipa::path(
    get,
    path = "/licences",
    tag = "collaborators",
    security(("gatehouse_session" = [])),
    responses(
        (status = 200, description = "the organisations' licence use and the placements", body = LicenceOverview),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 403, description = "not the account owner", body = ErrorBody),
    ),
)]
async fn licences(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<LicenceOverview>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &caller.user.environment).await?;
    require_account_owner(&ctx)?;
    let own = environment_code(&ctx.env.code)?.participant();
    let mut conn = state.store.pool().acquire().await?;
    let world = landscape_in(&mut conn).await?;
    let counts = world.licence_counts();
    // The caller's organisation, then those its collaborators work for and those whose
    // collaborators work in it.
    let mut related = vec![own];
    for (env, users) in &world.users {
        for user in users {
            let pair = (user.code.participant(), env.participant());
            let other = if pair.0 == own && pair.1 != own {
                Some(pair.1)
            } else if pair.1 == own && pair.0 != own {
                Some(pair.0)
            } else {
                None
            };
            if let Some(other) = other.filter(|o| !related.contains(o)) {
                related.push(other);
            }
        }
    }
    let organisations = related
        .iter()
        .filter_map(|p| world.organisation(*p))
        .map(|org| {
            let count = counts.get(&org.participant).copied().unwrap_or_default();
            LicenceRow {
                participant: org.participant.to_string(),
                name: org.name.clone(),
                collaborator_licence: org.collaborator_licence,
                users: count.users,
                collaborators: count.collaborators,
                insite: count.insite,
            }
        })
        .collect();
    let mut placements_out = Vec::new();
    for (env, users) in &world.users {
        if env.participant() == own {
            continue;
        }
        for user in users.iter().filter(|u| u.code.participant() == own) {
            placements_out.push(CollaboratorPlacement {
                code: user.code.to_string(),
                name: user.name.clone(),
                environment: env.to_string(),
                organisation: world
                    .organisation(env.participant())
                    .map(|o| o.name.clone())
                    .unwrap_or_default(),
                kind: match user.kind {
                    PolicyKind::System => UserKind::System,
                    PolicyKind::Normal { .. } => UserKind::Normal,
                },
                insite: user.flags.insite,
            });
        }
    }
    Ok(Json(LicenceOverview {
        organisations,
        placements: placements_out,
    }))
}
