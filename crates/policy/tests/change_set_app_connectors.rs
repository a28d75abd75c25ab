//! App connectors in change sets: created with a group of the same set, changed, blocked and
//! deleted by the account owner only; the linked group and the included connectors checked
//! against the environment, names unique regardless of case after the whole set.

mod common;

use common::*;
use gatehouse_policy::{
    app_connector_from_input, decide, Actor, AppConnector, AppConnectorInput, ConnectorKind, Group,
    Policy, PreparedPolicy, RefusalKind, SetChange, SetRefusal,
};

/// Anna is account owner; Fleur a plain user; ICT a group; HR Database a connector, CRM
/// Portal an app; app connector "Leave requests" links ICT.
fn org() -> Policy {
    let mut policy = Build::new()
        .group("ict", "ICT")
        .account_owner("anna")
        .user("fleur", &["ict"])
        .app("crm", "CRM Portal")
        .connector("hrdb", "HR Database")
        .done();
    policy
        .app_connectors
        .push(connector("ac-leave", "Leave requests", "ict", &["hrdb"]));
    policy
}

fn connector(id: &str, name: &str, group: &str, connectors: &[&str]) -> AppConnector {
    app_connector_from_input(
        0,
        &AppConnectorInput {
            id,
            name,
            group,
            connectors: connectors
                .iter()
                .map(|c| (ConnectorKind::Get, *c))
                .collect(),
            blocked: false,
        },
    )
    .unwrap()
}

fn refused(changes: &[SetChange]) -> Vec<SetRefusal> {
    decide(&prepared(), &Actor::User(uid("anna")), changes).unwrap_err()
}

fn prepared() -> PreparedPolicy {
    PreparedPolicy::new(org(), NOW).unwrap()
}

#[test]
fn an_app_connector_is_created_for_a_group_of_the_same_set() {
    let changes = [
        SetChange::CreateAppConnector {
            app_connector: connector("ac-payroll", " Payroll ", "interns", &["hrdb"]),
        },
        SetChange::CreateGroup {
            group: Group::new(gid("interns"), "Interns"),
        },
    ];
    let decided = decide(&prepared(), &Actor::User(uid("anna")), &changes).unwrap();
    let created = decided
        .after
        .policy()
        .app_connectors
        .iter()
        .find(|a| a.id.as_str() == "ac-payroll")
        .unwrap();
    assert_eq!(created.name, "Payroll");
    assert_eq!(created.group, gid("interns"));
    assert!(decided.impact.is_empty(), "app connectors give no roles");
}

#[test]
fn only_the_account_owner_manages_app_connectors() {
    let mut blocked = connector("ac-leave", "Leave requests", "ict", &["hrdb"]);
    blocked.blocked = true;
    let refusals = decide(
        &prepared(),
        &Actor::User(uid("fleur")),
        &[SetChange::UpdateAppConnector {
            app_connector: blocked.clone(),
        }],
    )
    .unwrap_err();
    assert_eq!(refusals[0].kind, RefusalKind::Forbidden);
    let decided = decide(
        &prepared(),
        &Actor::User(uid("anna")),
        &[SetChange::UpdateAppConnector {
            app_connector: blocked,
        }],
    )
    .unwrap();
    assert!(decided.after.policy().app_connectors[0].blocked);
}

#[test]
fn the_group_and_the_connectors_must_exist_here() {
    let no_group = refused(&[SetChange::CreateAppConnector {
        app_connector: connector("ac-x", "X", "nobody", &[]),
    }]);
    assert_eq!(no_group[0].field.as_deref(), Some("group"));
    let an_app = refused(&[SetChange::CreateAppConnector {
        app_connector: connector("ac-x", "X", "ict", &["crm"]),
    }]);
    assert_eq!(an_app[0].field.as_deref(), Some("connectors[0].connector"));
    assert_eq!(an_app[0].message, "CRM Portal is an app, not a connector");
    let unknown = refused(&[SetChange::CreateAppConnector {
        app_connector: connector("ac-x", "X", "ict", &["res-gone"]),
    }]);
    assert_eq!(unknown[0].message, "no such connector here");
    let missing = refused(&[SetChange::DeleteAppConnector {
        app_connector: gatehouse_policy::AppConnectorId::parse("ac-gone").unwrap(),
    }]);
    assert_eq!(missing[0].kind, RefusalKind::NotFound);
}

#[test]
fn names_are_unique_regardless_of_case_after_the_set() {
    let taken = refused(&[SetChange::CreateAppConnector {
        app_connector: connector("ac-x", "LEAVE REQUESTS", "ict", &[]),
    }]);
    assert_eq!(taken[0].kind, RefusalKind::Conflict);
    assert_eq!(taken[0].field.as_deref(), Some("name"));
    // Renaming the old one away in the same set frees the name.
    let changes = [
        SetChange::CreateAppConnector {
            app_connector: connector("ac-x", "Leave requests", "ict", &[]),
        },
        SetChange::UpdateAppConnector {
            app_connector: connector("ac-leave", "Leave (old)", "ict", &["hrdb"]),
        },
    ];
    decide(&prepared(), &Actor::User(uid("anna")), &changes).unwrap();
    // So does deleting it.
    let changes = [
        SetChange::CreateAppConnector {
            app_connector: connector("ac-x", "Leave requests", "ict", &[]),
        },
        SetChange::DeleteAppConnector {
            app_connector: gatehouse_policy::AppConnectorId::parse("ac-leave").unwrap(),
        },
    ];
    let decided = decide(&prepared(), &Actor::User(uid("anna")), &changes).unwrap();
    assert_eq!(decided.after.policy().app_connectors.len(), 1);
}

#[test]
fn bad_fields_are_refused_naming_them() {
    let blank = app_connector_from_input(
        2,
        &AppConnectorInput {
            id: "ac-x",
            name: " \u{202e} ",
            group: "ict",
            connectors: Vec::new(),
            blocked: false,
        },
    )
    .unwrap_err();
    assert_eq!(
        (blank.index, blank.field.as_deref()),
        (Some(2), Some("name"))
    );
    let bad_connector = app_connector_from_input(
        0,
        &AppConnectorInput {
            id: "ac-x",
            name: "X",
            group: "ict",
            connectors: vec![(ConnectorKind::Update, "")],
            blocked: false,
        },
    )
    .unwrap_err();
    assert_eq!(
        bad_connector.field.as_deref(),
        Some("connectors[0].connector")
    );
}

#[test]
fn a_linked_group_goes_only_with_its_app_connector_or_after_relinking() {
    let delete_ict = SetChange::DeleteGroup { group: gid("ict") };
    let alone = refused(std::slice::from_ref(&delete_ict));
    assert!(
        alone[0]
            .message
            .contains("linked to app connector Leave requests"),
        "{alone:?}"
    );
    let with_it = [
        delete_ict.clone(),
        SetChange::DeleteAppConnector {
            app_connector: gatehouse_policy::AppConnectorId::parse("ac-leave").unwrap(),
        },
    ];
    decide(&prepared(), &Actor::User(uid("anna")), &with_it).unwrap();
    let relinked = [
        delete_ict,
        SetChange::CreateGroup {
            group: Group::new(gid("hr"), "HR"),
        },
        SetChange::UpdateAppConnector {
            app_connector: connector("ac-leave", "Leave requests", "hr", &["hrdb"]),
        },
    ];
    decide(&prepared(), &Actor::User(uid("anna")), &relinked).unwrap();
}
