//! Collaborator users (DESIGN §5): a provider activates its user in its production
//! environment; a client looks the collaborator up, adds it as a system or normal user, and
//! may convert it; anyone sees where a collaborator comes from and the licence overview.
//! Every rule is the policy crate's (`Landscape`); the handlers load, ask, and write.

pub(super) mod activation;
pub(super) mod placement;
pub(super) mod views;

use axum::routing::{get, post};
use axum::Router;
use gatehouse_policy::{
    CollaboratorError, EnvUser, EnvironmentCode, Landscape, PersonId, UserCode,
};
use gatehouse_wire::UserSummary;

use crate::error::ApiError;
use crate::AppState;

/// The collaborator routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/environments/{env}/users/{code}/collaborator",
            post(activation::activate).delete(activation::deactivate),
        )
        .route(
            "/environments/{env}/users/{code}/conversion",
            post(placement::convert),
        )
        .route(
            "/environments/{env}/users/{code}/collaboration",
            get(views::collaboration),
        )
        .route("/environments/{env}/collaborators", post(placement::add))
        .route(
            "/environments/{env}/collaborators/sources/{code}",
            get(placement::source),
        )
        .route("/licences", get(views::licences))
}

/// A refusal of the collaborator rules as an API error naming what is wrong.
/// The collaborator rules' refusal as an API error, its sentence with names instead of codes
/// in backticks (from `world`, the landscape the rule judged).
pub fn refusal(world: &Landscape, err: CollaboratorError) -> ApiError {
    let readable = |err: &CollaboratorError| world.readable(&err.to_string());
    match err {
        CollaboratorError::UnknownUser { ref user, .. } => ApiError::NotFound {
            what: "user",
            id: user.to_string(),
            field: "code",
        },
        CollaboratorError::EditOutsideProvider { .. } => ApiError::Forbidden(readable(&err)),
        CollaboratorError::DuplicateEmail { .. } => ApiError::Conflict {
            message: readable(&err),
            field: Some("email".to_owned()),
        },
        CollaboratorError::Flags { .. } => ApiError::invalid("flags.pocket", readable(&err)),
        CollaboratorError::InsiteNeedsNormalUser { .. } => {
            ApiError::invalid("flags.insite", readable(&err))
        }
        other => ApiError::Conflict {
            message: readable(&other),
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

/// The user with `code` in environment `env`, or 404.
pub(in crate::routes) async fn current_user(
    state: &AppState,
    env: &str,
    code: &str,
) -> Result<UserSummary, ApiError> {
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

/// The client environments (and the copies there) where `code` works as a collaborator.
pub(super) fn placements<'a>(
    world: &'a Landscape,
    code: &'a UserCode,
) -> impl Iterator<Item = (EnvironmentCode, &'a EnvUser)> + 'a {
    world.users.iter().filter_map(move |(env, users)| {
        (env.participant() != code.participant())
            .then(|| users.iter().find(|u| &u.code == code).map(|u| (*env, u)))
            .flatten()
    })
}

pub(super) fn person_id(text: &str) -> Result<PersonId, ApiError> {
    PersonId::parse(text).map_err(|e| ApiError::invalid("person", e.to_string()))
}
