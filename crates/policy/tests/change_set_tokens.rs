//! App connector tokens in change sets: a user issues and revokes their own, the account owner
//! anyone's; never for a deactivated user, never already expired; the app connector must
//! exist after the set (it may be created in it, not deleted in it).

mod common;

use common::*;
use gatehouse_policy::{
    app_connector_from_input, decide, token_from_input, Actor, AppConnectorInput, ConnectorKind,
    Policy, PreparedPolicy, RefusalKind, SetChange, SetRefusal, TokenRecord,
};

/// Anna is account owner; Fleur and Bram plain users (Bram in ICT); Dirk deactivated; app
/// connector "Leave requests" links ICT.
fn org() -> Policy {
    let mut policy = Build::new()
        .group("ict", "ICT")
        .account_owner("anna")
        .user("fleur", &[])
        .user("bram", &["ict"])
        .deactivated("dirk")
        .connector("hrdb", "HR Database")
        .done();
    policy
        .app_connectors
        .push(app_connector("ac-leave", "Leave requests"));
    policy
}

fn app_connector(id: &str, name: &str) -> gatehouse_policy::AppConnector {
    app_connector_from_input(
        0,
        &AppConnectorInput {
            id,
            name,
            group: "ict",
            connectors: vec![(ConnectorKind::Get, "hrdb")],
            blocked: false,
        },
    )
    .unwrap()
}

fn token(id: &str, user: &str, app_connector: &str, expires_at: Option<i64>) -> TokenRecord {
    token_from_input(0, id, user, app_connector, expires_at).unwrap()
}

fn issue(id: &str, user: &str) -> SetChange {
    SetChange::IssueToken {
        token: token(id, user, "ac-leave", None),
    }
}

fn decide_as(
    user: &str,
    changes: &[SetChange],
) -> Result<gatehouse_policy::Decided, Vec<SetRefusal>> {
    let prepared = PreparedPolicy::new(org(), NOW).unwrap();
    decide(&prepared, &Actor::User(uid(user)), changes)
}

#[test]
fn a_user_issues_and_revokes_their_own_tokens_only() {
    let decided = decide_as("bram", &[issue("tok-1", "bram")]).unwrap();
    assert!(decided.impact.is_empty(), "a token gives no roles");
    let mut stored = token("tok-2", "bram", "ac-leave", None);
    decide_as(
        "bram",
        &[SetChange::RevokeToken {
            token: stored.clone(),
        }],
    )
    .unwrap();
    // Revoking a revoked token is allowed: it changes nothing.
    stored.revoked = true;
    decide_as("bram", &[SetChange::RevokeToken { token: stored }]).unwrap();

    let for_other = decide_as("fleur", &[issue("tok-3", "bram")]).unwrap_err();
    assert_eq!(for_other[0].kind, RefusalKind::Forbidden);
    assert_eq!(
        for_other[0].message,
        "only the account owner may issue tokens for other users"
    );
    let revoke_other = decide_as(
        "fleur",
        &[SetChange::RevokeToken {
            token: token("tok-4", "bram", "ac-leave", None),
        }],
    )
    .unwrap_err();
    assert_eq!(revoke_other[0].kind, RefusalKind::Forbidden);
    assert_eq!(revoke_other[0].field.as_deref(), Some("token"));
}

#[test]
fn the_account_owner_issues_for_anyone_active_and_never_already_expired() {
    // Fleur is not in ICT: allowed (every call is still checked; the issuer is warned).
    decide_as("anna", &[issue("tok-1", "fleur")]).unwrap();
    let deactivated = decide_as("anna", &[issue("tok-2", "dirk")]).unwrap_err();
    assert_eq!(deactivated[0].kind, RefusalKind::Conflict);
    assert_eq!(
        deactivated[0].message,
        "DIRK is deactivated: no token can be issued for them"
    );
    let expired = decide_as(
        "anna",
        &[SetChange::IssueToken {
            token: token("tok-3", "fleur", "ac-leave", Some(NOW.unix_seconds())),
        }],
    )
    .unwrap_err();
    assert_eq!(expired[0].field.as_deref(), Some("expires_at"));
    decide_as(
        "anna",
        &[SetChange::IssueToken {
            token: token("tok-4", "fleur", "ac-leave", Some(NOW.unix_seconds() + 60)),
        }],
    )
    .unwrap();
    let unknown = decide_as("anna", &[issue("tok-5", "nobody")]).unwrap_err();
    assert_eq!(unknown[0].field.as_deref(), Some("user"));
}

#[test]
fn the_app_connector_must_exist_after_the_set() {
    let with_new = [
        SetChange::IssueToken {
            token: token("tok-1", "bram", "ac-payroll", None),
        },
        SetChange::CreateAppConnector {
            app_connector: app_connector("ac-payroll", "Payroll"),
        },
    ];
    decide_as("anna", &with_new).unwrap();
    let with_deleted = [
        issue("tok-2", "bram"),
        SetChange::DeleteAppConnector {
            app_connector: app_connector("ac-leave", "Leave requests").id,
        },
    ];
    let refused = decide_as("anna", &with_deleted).unwrap_err();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(
        (refused[0].index, refused[0].field.as_deref()),
        (Some(0), Some("app_connector"))
    );
    let nowhere = decide_as(
        "anna",
        &[SetChange::IssueToken {
            token: token("tok-3", "bram", "ac-nope", None),
        }],
    )
    .unwrap_err();
    assert_eq!(nowhere[0].kind, RefusalKind::Invalid);
}

#[test]
fn one_token_is_changed_once_per_set() {
    let stored = token("tok-1", "bram", "ac-leave", None);
    let twice = decide_as(
        "anna",
        &[
            SetChange::RevokeToken {
                token: stored.clone(),
            },
            SetChange::RevokeToken { token: stored },
        ],
    )
    .unwrap_err();
    assert_eq!(twice[0].index, Some(1));
    assert_eq!(
        twice[0].message,
        "the same token is changed twice in one set"
    );
}
