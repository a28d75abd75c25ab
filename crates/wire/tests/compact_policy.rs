//! The compact snapshot (`CompactPolicy`) against the plain one: for random organisations,
//! encoding then decoding gives back exactly the policy, and the JSON form survives a round
//! trip too; damaged compact snapshots are refused with the index that is wrong.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../../policy/tests/access_model/mod.rs"]
mod access_model;
#[path = "../../policy/tests/reference/mod.rs"]
mod reference;

use access_model::{build, spec};
use gatehouse_policy::{Grant, Policy, Role, Subject};
use gatehouse_wire::{CompactError, CompactPolicy};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn decoding_an_encoded_policy_gives_it_back(spec in spec()) {
        let policy = build(&spec);
        let compact = CompactPolicy::encode(&policy).unwrap();
        let json = serde_json::to_string(&compact).unwrap();
        let read: CompactPolicy = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&read, &compact);
        prop_assert_eq!(read.decode().unwrap(), policy);
    }

    #[test]
    fn every_grant_is_four_numbers_and_each_environment_set_is_written_once(spec in spec()) {
        let policy = build(&spec);
        let compact = CompactPolicy::encode(&policy).unwrap();
        let g = &compact.grants;
        prop_assert_eq!(g.subjects.len(), policy.grants.len());
        prop_assert_eq!(g.levels.len(), policy.grants.len());
        let distinct: std::collections::BTreeSet<_> =
            policy.grants.iter().map(|g| g.environments.clone()).collect();
        prop_assert_eq!(g.environment_sets.len(), distinct.len());
        prop_assert_eq!(
            g.expiring.len(),
            policy.grants.iter().filter(|g| g.expires_at.is_some()).count()
        );
    }
}

/// A small organisation with a user grant, a group grant, an All Users grant and an expiry.
fn sample() -> Policy {
    let spec = access_model::Spec {
        groups: 1,
        custom_envs: 1,
        most_specific: false,
        users: vec![(vec![true], 5, 5)],
        connectors: vec![false, true],
        grants: vec![
            Some((1, 3, 9)),
            Some((2, 1, 1)),
            Some((1, 7, 9)),
            None,
            Some((3, 2, 9)),
            Some((1, 1, 9)),
        ],
    };
    build(&spec)
}

#[test]
fn the_sample_holds_every_kind_of_subject_and_an_expiry() {
    let policy = sample();
    let has = |f: fn(&Grant) -> bool| policy.grants.iter().any(f);
    assert!(has(|g| g.subject == Subject::AllUsers));
    assert!(has(|g| matches!(g.subject, Subject::Group(_))));
    assert!(has(|g| matches!(g.subject, Subject::User(_))));
    assert!(has(|g| g.expires_at.is_some()));
    assert!(has(|g| matches!(g.role, Role::Connector(_))));
    assert_eq!(
        CompactPolicy::encode(&policy).unwrap().decode().unwrap(),
        policy
    );
}

#[test]
fn a_grant_naming_an_unknown_id_cannot_be_encoded() {
    let mut policy = sample();
    policy.users.clear();
    let err = CompactPolicy::encode(&policy).unwrap_err();
    assert!(
        matches!(&err, CompactError::UnknownId { what: "user", id, .. } if id == "u0"),
        "{err}"
    );
    assert!(err.to_string().contains("user `u0`"), "{err}");
}

#[test]
fn damaged_snapshots_are_refused_naming_the_index() {
    let good = CompactPolicy::encode(&sample()).unwrap();
    let subjects = 1 + good.groups.len() + good.users.len();

    let mut bad = good.clone();
    bad.grants.subjects[2] = subjects as u32;
    let err = bad.decode().unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("grant 2: subject index {subjects} is out of range (there are {subjects})")
    );

    let mut bad = good.clone();
    bad.grants.resources[0] = 2;
    assert!(matches!(
        bad.decode().unwrap_err(),
        CompactError::OutOfRange {
            grant: 0,
            what: "resource",
            index: 2,
            len: 2
        }
    ));

    let mut bad = good.clone();
    bad.grants.environment_sets[0].push(9);
    assert!(matches!(
        bad.decode().unwrap_err(),
        CompactError::OutOfRange {
            what: "environment",
            index: 9,
            ..
        }
    ));

    let mut bad = good.clone();
    bad.grants.environments[1] = 99;
    assert!(matches!(
        bad.decode().unwrap_err(),
        CompactError::OutOfRange {
            grant: 1,
            what: "environment set",
            index: 99,
            ..
        }
    ));

    let mut bad = good.clone();
    let connector_grant = bad.grants.resources.iter().position(|&r| r == 1).unwrap();
    bad.grants.levels[connector_grant] = 4;
    let err = bad.decode().unwrap_err();
    assert!(
        err.to_string()
            .contains("level 4 is not a role on connector `r1`"),
        "{err}"
    );

    let mut bad = good.clone();
    bad.grants.levels.pop();
    assert!(matches!(
        bad.decode().unwrap_err(),
        CompactError::Columns { .. }
    ));

    let mut bad = good.clone();
    let (first, when) = bad.grants.expiring[0];
    bad.grants.expiring.push((first, when));
    assert!(matches!(
        bad.decode().unwrap_err(),
        CompactError::OutOfRange { what, .. } if what.starts_with("expiring grant")
    ));
}

#[test]
fn decoded_grants_share_the_lists_ids() {
    let policy = CompactPolicy::encode(&sample()).unwrap().decode().unwrap();
    let user = &policy.users[0].id;
    let grant = policy
        .grants
        .iter()
        .find(|g| matches!(&g.subject, Subject::User(_)))
        .unwrap();
    let Subject::User(id) = &grant.subject else {
        unreachable!()
    };
    assert!(std::ptr::eq(user.as_str(), id.as_str()));
}
