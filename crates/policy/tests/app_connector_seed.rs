//! Scenarios from the app connector user group seed (DESIGN §3): a call is refused naming
//! the first condition that fails, in a fixed order.

mod common;

use common::*;
use gatehouse_policy::*;

fn tid(id: &str) -> TokenId {
    TokenId::parse(id).unwrap()
}

fn aid(id: &str) -> AppConnectorId {
    AppConnectorId::parse(id).unwrap()
}

fn get(name: &str) -> ConnectorRef {
    ConnectorRef {
        kind: ConnectorKind::Get,
        name: name.into(),
    }
}

/// Leave requests for everybody; hours only for consultants (the seed's two apps).
fn setup() -> Policy {
    let mut policy = Build::new()
        .group("everybody", "Everybody")
        .group("consultancy", "Consultancy")
        .user("anna", &["everybody"])
        .user("kees", &["everybody", "consultancy"])
        .done();
    policy.app_connectors = vec![
        AppConnector {
            id: aid("leave"),
            name: "Leave requests".into(),
            group: gid("everybody"),
            connectors: [
                get("Leave"),
                ConnectorRef {
                    kind: ConnectorKind::Update,
                    name: "Leave".into(),
                },
            ]
            .into(),
            blocked: false,
        },
        AppConnector {
            id: aid("hours"),
            name: "Hours".into(),
            group: gid("consultancy"),
            connectors: [get("Projects")].into(),
            blocked: false,
        },
    ];
    policy.validate().unwrap();
    policy
}

fn token(user: &str, app_connector: &str) -> TokenRecord {
    TokenRecord {
        id: tid(&format!("{user}-{app_connector}")),
        user: uid(user),
        app_connector: aid(app_connector),
        expires_at: None,
        revoked: false,
    }
}

fn call(
    policy: &Policy,
    token: Option<&TokenRecord>,
    app_connector: &str,
    connector: &ConnectorRef,
) -> CallDecision {
    let app_connector = aid(app_connector);
    let request = CallRequest {
        token,
        user: None,
        app_connector: &app_connector,
        connector,
    };
    let decision = check_call(policy, &request, NOW);
    let prepared = policy.prepare(NOW).expect("valid");
    assert_eq!(
        prepared.check_call(&request, NOW),
        decision,
        "the prepared snapshot decides the same"
    );
    decision
}

fn refusal(decision: CallDecision) -> CallRefusal {
    match decision {
        CallDecision::Deny(refusal) => refusal,
        CallDecision::Allow { user } => panic!("allowed for {user}"),
    }
}

#[test]
fn a_member_with_a_valid_token_may_call_an_included_connector() {
    let policy = setup();
    let decision = call(
        &policy,
        Some(&token("kees", "hours")),
        "hours",
        &get("Projects"),
    );
    assert_eq!(decision, CallDecision::Allow { user: uid("kees") });
}

#[test]
fn each_condition_is_refused_in_order() {
    let policy = setup();
    let good = token("anna", "hours");
    let deny = |p: &Policy, t: Option<&TokenRecord>, ac: &str, c: &ConnectorRef| {
        refusal(call(p, t, ac, c))
    };

    assert_eq!(
        deny(&policy, None, "hours", &get("Projects")),
        CallRefusal::NoToken
    );
    let revoked = TokenRecord {
        revoked: true,
        ..good.clone()
    };
    assert_eq!(
        deny(&policy, Some(&revoked), "hours", &get("Projects")).condition(),
        CallCondition::ValidToken
    );
    let expired = TokenRecord {
        expires_at: Some(NOW),
        ..good.clone()
    };
    assert_eq!(
        deny(&policy, Some(&expired), "hours", &get("Projects")),
        CallRefusal::TokenExpired {
            token: tid("anna-hours")
        }
    );
    let other = token("anna", "leave");
    assert_eq!(
        deny(&policy, Some(&other), "hours", &get("Projects")).to_string(),
        "token `anna-leave` is for app connector `leave`, not `hours`"
    );

    let mut inactive = policy.clone();
    inactive.users[0].status = UserStatus::Deactivated;
    let refused = deny(&inactive, Some(&good), "hours", &get("Nope"));
    assert_eq!(
        refused.condition(),
        CallCondition::UserActive,
        "user checks come before the connector"
    );

    let mut no_mail = policy.clone();
    no_mail.users[0].email = None;
    assert_eq!(
        deny(&no_mail, Some(&good), "hours", &get("Projects")).to_string(),
        "user `anna` has no email address, which app connector users need"
    );

    assert_eq!(
        deny(&policy, Some(&good), "hours", &get("Projects")).to_string(),
        "user `anna` is not a member of group `consultancy` linked to app connector `hours`"
    );

    let mut blocked = policy.clone();
    blocked.app_connectors[1].blocked = true;
    let kees = token("kees", "hours");
    assert_eq!(
        deny(&blocked, Some(&kees), "hours", &get("Nope")).condition(),
        CallCondition::NotBlocked
    );

    assert_eq!(
        deny(&policy, Some(&kees), "hours", &get("Leave")).to_string(),
        "connector `Leave` is not included in app connector `hours`"
    );
}

#[test]
fn a_token_of_an_unknown_user_is_not_valid() {
    let policy = setup();
    let refused = refusal(call(
        &policy,
        Some(&token("nobody", "leave")),
        "leave",
        &get("Leave"),
    ));
    assert_eq!(
        refused,
        CallRefusal::UnknownUser {
            token: tid("nobody-leave"),
            user: uid("nobody")
        }
    );
}

#[test]
fn a_token_only_works_for_its_own_user() {
    let policy = setup();
    let kees = token("kees", "hours");
    let app_connector = aid("hours");
    let anna = uid("anna");
    let request = CallRequest {
        token: Some(&kees),
        user: Some(&anna),
        app_connector: &app_connector,
        connector: &get("Projects"),
    };
    assert!(matches!(
        check_call(&policy, &request, NOW),
        CallDecision::Deny(CallRefusal::TokenForOtherUser { .. })
    ));
}

#[test]
fn refusals_serialise_with_a_reason_tag() {
    let json = serde_json::to_value(CallDecision::Deny(CallRefusal::NoToken)).unwrap();
    assert_eq!(json, serde_json::json!({"deny": {"reason": "no_token"}}));
}

#[test]
fn members_without_email_are_listed_for_a_warning() {
    let mut policy = setup();
    policy.users[1].email = None;
    let missing = app_connector::users_missing_email(&policy);
    assert_eq!(
        missing,
        [(aid("leave"), uid("kees")), (aid("hours"), uid("kees"))]
    );
}

#[test]
fn pocket_needs_windows_or_insite_in_a_policy() {
    let mut policy = setup();
    policy.users[0].flags = UserFlags {
        pocket: true,
        ..UserFlags::default()
    };
    assert_eq!(
        policy.validate().unwrap_err().to_string(),
        "user `anna`: pocket can only be enabled together with windows or insite"
    );
}

#[test]
fn an_app_connector_must_link_an_existing_group() {
    let mut policy = setup();
    policy.app_connectors[0].group = gid("nobody");
    assert_eq!(
        policy.validate().unwrap_err().to_string(),
        "app connector `leave` is linked to unknown group `nobody`"
    );
}

#[test]
fn issued_tokens_carry_a_checksum_that_scanners_can_verify() {
    let secret = token::format_secret(token::APP_TOKEN_PREFIX, &[9u8; 32]).unwrap();
    assert!(token::verify_checksum(&secret));
    let leaked = format!("export TOKEN={secret}\n");
    assert_eq!(
        token::find_tokens(&leaked, token::APP_TOKEN_PREFIX),
        [secret.as_str()]
    );
}
