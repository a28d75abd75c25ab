//! Where a collaborator comes from, and the licence overview.

use axum::extract::{Path, State};
use axum::Json;
use gatehouse_policy::{insite_address, UserKind as PolicyKind};
use gatehouse_wire::{
    CollaborationView, CollaboratorPlacement, ErrorBody, LicenceOverview, LicenceRow, UserKind,
};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::context::{require_account_owner, PolicyContext};
use crate::routes::openapi::{EnvParam, SignedIn};
use crate::AppState;

use super::{environment_code, user_code};
use crate::store::landscape::load_landscape;

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
pub(in crate::routes) async fn collaboration(
    State(state): State<AppState>,
    caller: Caller,
    Path((env, code)): Path<(String, String)>,
) -> Result<Json<CollaborationView>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &env).await?;
    let env_code = environment_code(&ctx.env.code)?;
    let user = user_code(&code)?;
    let mut conn = state.store.pool().acquire().await?;
    let world = load_landscape(&mut conn).await?;
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
pub(in crate::routes) async fn licences(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<LicenceOverview>, ApiError> {
    let ctx = PolicyContext::load(&state, &caller, &caller.user.environment).await?;
    require_account_owner(&ctx)?;
    let own = environment_code(&ctx.env.code)?.participant();
    let mut conn = state.store.pool().acquire().await?;
    let world = load_landscape(&mut conn).await?;
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
