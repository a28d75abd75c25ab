//! Data environments in change sets: custom ones created (and granted in the same set),
//! renamed and deleted by the account owner only; the built-ins stay; names unique regardless
//! of case after the whole set; a deletion takes the environment out of every grant, shows
//! who loses what, and cannot take away a resource's last Owner.

mod common;

use common::*;
use gatehouse_policy::{
    data_environment_from_input, decide, Actor, AppRole, Environment, Grant, Policy,
    PreparedPolicy, RefusalKind, Role, SetChange, SetRefusal,
};

/// Anna is account owner; Fleur Owner of CRM Portal in Production; ICT Editor of CRM Portal in
/// Production and Acceptance; Bram (in ICT) Publisher of CRM Portal in Acceptance only; Lotte
/// has no grant.
fn org() -> Policy {
    let mut policy = Build::new()
        .group("ict", "ICT")
        .account_owner("anna")
        .user("fleur", &[])
        .user("bram", &["ict"])
        .user("lotte", &[])
        .app("crm", "CRM Portal")
        .done();
    policy
        .environments
        .push(Environment::new(env("acceptance"), "Acceptance"));
    policy.grants.push(Grant::new(
        user("fleur"),
        rid("crm"),
        app(AppRole::Owner),
        [env("production")],
    ));
    policy.grants.push(Grant::new(
        group("ict"),
        rid("crm"),
        app(AppRole::Editor),
        [env("production"), env("acceptance")],
    ));
    policy.grants.push(Grant::new(
        user("bram"),
        rid("crm"),
        app(AppRole::Publisher),
        [env("acceptance")],
    ));
    policy.validate().unwrap();
    policy
}

fn prepared() -> PreparedPolicy {
    PreparedPolicy::new(org(), NOW).unwrap()
}

fn as_anna(changes: &[SetChange]) -> Result<gatehouse_policy::Decided, Vec<SetRefusal>> {
    decide(&prepared(), &Actor::User(uid("anna")), changes)
}

fn environment(id: &str, name: &str) -> Environment {
    data_environment_from_input(0, id, name).unwrap()
}

#[test]
fn a_new_environment_may_be_granted_in_the_same_set() {
    let changes = [
        SetChange::CreateGrant {
            grant: Grant::new(
                user("lotte"),
                rid("crm"),
                app(AppRole::Editor),
                [env("training")],
            ),
        },
        SetChange::CreateDataEnvironment {
            environment: environment(" training ", " Training "),
        },
    ];
    let decided = as_anna(&changes).unwrap();
    let names: Vec<&str> = decided
        .after
        .policy()
        .environments
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Production",
            "Staging",
            "Development",
            "Acceptance",
            "Training"
        ]
    );
    // Lotte gains Editor in Training; nobody else changes anywhere (the account owner is
    // Owner in every environment, also a new one, before and after alike).
    assert_eq!(decided.impact.len(), 1, "{:?}", decided.impact);
    let gained = &decided.impact[0];
    assert_eq!(
        (gained.user.as_str(), gained.env.as_str()),
        ("lotte", "training")
    );
    assert_eq!(
        (gained.old, gained.new),
        (app(AppRole::None), app(AppRole::Editor))
    );
}

#[test]
fn deleting_an_environment_takes_it_out_of_grants_and_shows_who_loses_what() {
    let decided = as_anna(&[SetChange::DeleteDataEnvironment {
        environment: env("acceptance"),
    }])
    .unwrap();
    let after = decided.after.policy();
    assert!(after.environment(&env("acceptance")).is_none());
    // ICT keeps its grant in Production; Bram's grant covered only Acceptance and goes.
    let ict = after
        .grants
        .iter()
        .find(|g| g.subject == group("ict"))
        .unwrap();
    assert_eq!(
        ict.environments.iter().collect::<Vec<_>>(),
        [&env("production")]
    );
    assert!(!after.grants.iter().any(|g| g.subject == user("bram")));
    // Bram was Publisher in Acceptance (his own grant over ICT's Editor); the account owner's
    // Owner there goes with the environment too.
    let lost: Vec<(&str, &str, Role)> = decided
        .impact
        .iter()
        .map(|c| (c.user.as_str(), c.env.as_str(), c.old))
        .collect();
    assert!(
        lost.contains(&("bram", "acceptance", app(AppRole::Publisher))),
        "{lost:?}"
    );
    assert!(decided
        .impact
        .iter()
        .all(|c| c.env.as_str() == "acceptance" && c.new == app(AppRole::None)));
    assert!(decided.resources.is_none(), "grants anywhere may change");
}

#[test]
fn built_in_environments_stay_and_unknown_ones_are_not_found() {
    let refusals = as_anna(&[
        SetChange::DeleteDataEnvironment {
            environment: env("production"),
        },
        SetChange::RenameDataEnvironment {
            environment: environment("staging", "Test"),
        },
        SetChange::DeleteDataEnvironment {
            environment: env("nowhere"),
        },
    ])
    .unwrap_err();
    assert_eq!(refusals.len(), 3, "{refusals:?}");
    assert_eq!(
        refusals[0].message,
        "Production is a built-in data environment: it cannot be deleted"
    );
    assert_eq!(
        refusals[1].message,
        "Staging is a built-in data environment: it cannot be renamed"
    );
    assert_eq!(refusals[2].kind, RefusalKind::NotFound);
    assert_eq!(refusals[2].field.as_deref(), Some("environment"));
}

#[test]
fn only_the_account_owner_manages_data_environments() {
    let refusals = decide(
        &prepared(),
        &Actor::User(uid("fleur")),
        &[SetChange::CreateDataEnvironment {
            environment: environment("training", "Training"),
        }],
    )
    .unwrap_err();
    assert_eq!(refusals[0].kind, RefusalKind::Forbidden);
}

#[test]
fn names_are_unique_regardless_of_case_after_the_whole_set() {
    let clash = as_anna(&[SetChange::CreateDataEnvironment {
        environment: environment("accept2", "ACCEPTANCE"),
    }])
    .unwrap_err();
    assert_eq!(clash[0].field.as_deref(), Some("name"));
    assert_eq!(
        clash[0].message,
        "another data environment is already called ACCEPTANCE; choose another name"
    );
    // The name a rename frees may be taken by a new environment in the same set.
    as_anna(&[
        SetChange::RenameDataEnvironment {
            environment: environment("acceptance", "Pre-production"),
        },
        SetChange::CreateDataEnvironment {
            environment: environment("accept2", "Acceptance"),
        },
    ])
    .unwrap();
    // Blank and hidden names are refused at the field.
    let blank = data_environment_from_input(3, "x", "  ").unwrap_err();
    assert_eq!(
        (blank.index, blank.field.as_deref()),
        (Some(3), Some("name"))
    );
    assert!(data_environment_from_input(0, "x", "Acc\u{200b}").is_err());
    assert!(data_environment_from_input(0, "", "Nameless").is_err());
}

#[test]
fn a_grant_may_not_name_an_environment_the_set_deletes() {
    let refusals = as_anna(&[
        SetChange::DeleteDataEnvironment {
            environment: env("acceptance"),
        },
        SetChange::CreateGrant {
            grant: Grant::new(
                user("anna"),
                rid("crm"),
                app(AppRole::Editor),
                [env("acceptance")],
            ),
        },
    ])
    .unwrap_err();
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert_eq!(refusals[0].index, Some(1));
    assert_eq!(refusals[0].field.as_deref(), Some("environments"));
    assert_eq!(
        refusals[0].message,
        "data environment Acceptance is deleted in this set; leave it out of this grant"
    );
}

#[test]
fn deleting_the_environment_of_the_only_owner_grant_is_refused_by_the_guard() {
    let mut policy = org();
    // Fleur's Owner grant covers Acceptance only now.
    policy.grants[0].environments = [env("acceptance")].into_iter().collect();
    let prepared = PreparedPolicy::new(policy, NOW).unwrap();
    let refusals = decide(
        &prepared,
        &Actor::User(uid("anna")),
        &[SetChange::DeleteDataEnvironment {
            environment: env("acceptance"),
        }],
    )
    .unwrap_err();
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert!(
        refusals[0]
            .message
            .contains("would leave CRM Portal without an owner"),
        "{refusals:?}"
    );
}
