//! The save-time gate of access tests against the naïve reference: for random organisations,
//! random saved tests and random change sets decided by the real write path
//! (`gatehouse_policy::decide`), a set is refused exactly when its post-state violates a
//! saved test in a cell that held before, or deletes what a test names; the preview lists
//! exactly the tests the save is refused for; only the account owner's override saves it.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../../policy/tests/access_model/mod.rs"]
mod access_model;
#[path = "../../policy/tests/reference/mod.rs"]
mod reference;

use std::collections::BTreeSet;

use access_model::*;
use gatehouse_app::{broken_views, gate_tests, TestsRefusal};
use gatehouse_policy::*;
use proptest::prelude::*;

/// One random change of a set: (kind, a, b, c, d).
type RawChange = (u8, u8, u8, u8, u8);

/// A change of the set the real write path reads: grants created, replaced and deleted,
/// members added and removed, users (de)activated, groups deleted. `None` where it names
/// nothing of `policy`.
fn change(policy: &Policy, (kind, a, b, c, d): RawChange) -> Option<SetChange> {
    let user = &policy.users[a as usize % policy.users.len()];
    let group = (!policy.groups.is_empty())
        .then(|| policy.groups[b as usize % policy.groups.len()].id.clone());
    match kind {
        0..=2 => {
            let resource = &policy.resources[b as usize % policy.resources.len()];
            let subject = match c % 3 {
                0 => Subject::AllUsers,
                1 => Subject::Group(group?),
                _ => Subject::User(user.id.clone()),
            };
            let role = Role::from_level(resource.kind, d % (resource.kind.owner_level() + 1))?;
            let grant = Grant::new(subject, resource.id.clone(), role, envs_of(policy, a ^ d));
            let exists = policy.grants.iter().any(|g| g.key() == grant.key());
            Some(if exists {
                SetChange::UpdateGrant { grant }
            } else {
                SetChange::CreateGrant { grant }
            })
        }
        3 => {
            let grant = policy.grants.get(b as usize % policy.grants.len().max(1))?;
            Some(SetChange::DeleteGrant { key: grant.key() })
        }
        4 => {
            let group = group?;
            let user = user.id.clone();
            Some(if policy.user(&user)?.groups.contains(&group) {
                SetChange::RemoveMember { user, group }
            } else {
                SetChange::AddMember { user, group }
            })
        }
        5 => Some(SetChange::SetUserStatus {
            user: user.id.clone(),
            status: match user.status {
                UserStatus::Active => UserStatus::Deactivated,
                UserStatus::Deactivated => UserStatus::Active,
            },
        }),
        _ => Some(SetChange::DeleteGroup { group: group? }),
    }
}

/// The tests the reference says the set breaks: a cell violated after and not before, or a
/// test that named only existing things before and names something gone after.
fn breaks(before: &Policy, after: &Policy, tests: &[AccessTest]) -> Vec<AccessTestId> {
    tests
        .iter()
        .filter(
            |test| match (expected(before, test), expected(after, test)) {
                (Some(_), None) => true,
                (then, Some(now)) => {
                    let then: BTreeSet<_> = then
                        .unwrap_or_default()
                        .into_iter()
                        .map(|(u, e, _)| (u, e))
                        .collect();
                    now.iter()
                        .any(|(u, e, _)| !then.contains(&(u.clone(), e.clone())))
                }
                (None, None) => false,
            },
        )
        .map(|test| test.id.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn a_set_is_refused_exactly_when_it_breaks_a_saved_test(
        spec in spec(),
        raw_tests in prop::collection::vec(any_test(), 2..10),
        raw_changes in prop::collection::vec((0u8..8, any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()), 1..8),
    ) {
        let mut policy = build(&spec);
        // The account owner acts (Owner of everything: the set is refused only by the lock-out
        // guard or conflicts, never for want of a right).
        policy.users[0].account_owner = true;
        policy.users[0].status = UserStatus::Active;
        let owner = policy.users[0].id.clone();
        let tests: Vec<AccessTest> = raw_tests
            .into_iter()
            .enumerate()
            .map(|(n, t)| make_test(&policy, n, t))
            .collect();
        let mut changes: Vec<SetChange> = raw_changes.into_iter().filter_map(|c| change(&policy, c)).collect();
        // One change per grant and per membership: a set never edits one thing twice.
        let mut seen = BTreeSet::new();
        changes.retain(|c| seen.insert(format!("{:?}", match c {
            SetChange::CreateGrant { grant } | SetChange::UpdateGrant { grant } => format!("{:?}", grant.key()),
            SetChange::DeleteGrant { key } => format!("{key:?}"),
            other => format!("{other:?}"),
        })));
        let before = policy.prepare(NOW).unwrap();
        // Changes the write path refuses (the lock-out guard, a grant that would shadow
        // nothing…) are dropped, and the rest decided again.
        let actor = Actor::User(owner);
        let mut decided = None;
        for _ in 0..4 {
            if changes.is_empty() {
                break;
            }
            match decide(&before, &actor, &changes) {
                Ok(d) => {
                    decided = Some(d);
                    break;
                }
                Err(refusals) => {
                    let refused: BTreeSet<usize> = refusals.iter().filter_map(|r| r.index).collect();
                    if refused.is_empty() {
                        break;
                    }
                    changes = changes.into_iter().enumerate().filter(|(i, _)| !refused.contains(i)).map(|(_, c)| c).collect();
                }
            }
        }
        prop_assume!(decided.is_some());
        let after = decided.unwrap().after;

        let want = breaks(&policy, after.policy(), &tests);
        let preview: Vec<String> = broken_views(&before, &after, &tests).into_iter().map(|b| b.test).collect();
        let want_text: Vec<String> = want.iter().map(ToString::to_string).collect();
        prop_assert_eq!(&preview, &want_text, "the preview lists what the reference breaks");

        match gate_tests(&before, &after, &tests, false, true) {
            Ok(overridden) => prop_assert!(want.is_empty() && overridden.is_empty(), "saved though it breaks {:?}", want),
            Err(TestsRefusal::Broken(broken)) => {
                let ids: Vec<String> = broken.into_iter().map(|b| b.test).collect();
                prop_assert_eq!(&ids, &want_text, "refused for what the preview listed");
            }
            Err(other) => prop_assert!(false, "refused without an override asked: {:?}", other),
        }
        // The account owner's override saves it, reporting what it overrode; anyone else's
        // is refused exactly when there is something to override.
        let overridden = gate_tests(&before, &after, &tests, true, true);
        prop_assert_eq!(overridden.map(|b| b.into_iter().map(|b| b.test).collect::<Vec<_>>()), Ok(want_text.clone()));
        let theirs = gate_tests(&before, &after, &tests, true, false);
        prop_assert_eq!(theirs.is_err(), !want.is_empty());
        if let Err(refusal) = theirs {
            prop_assert!(matches!(refusal, TestsRefusal::OverrideNotAllowed(_)));
            prop_assert!(refusal.message().contains("Only the account owner may override"));
        }
    }
}
