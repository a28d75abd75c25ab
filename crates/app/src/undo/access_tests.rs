//! Undoing what was done to a saved access test (added, changed, deleted). Tests are kept
//! beside the policy, not in it, so their undo is not a change of the inverse set: it is a
//! [`TestUndo`] the server and the static demo write with their own test store, in the
//! undo's change set, after checking it still fits the tests stored then
//! ([`check_test_undo`]).

use gatehouse_policy::AccessTest;
use gatehouse_wire::AuditEntry;

use super::{parse, CurrentVersions, UndoRefusal};
use crate::access_tests::{SavedTest, MAX_TESTS};

/// What an undo does to one saved access test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestUndo {
    /// Adds a deleted test back as it was, with its id.
    Restore(AccessTest),
    /// Puts a changed test back as it was (`test`); it is stored now at `version`.
    Revert {
        /// The test as it was before the change.
        test: AccessTest,
        /// Its version stored now.
        version: i64,
    },
    /// Deletes the test the undone change added; it is stored now at `version`.
    Remove {
        /// The test as stored.
        test: AccessTest,
        /// Its version stored now.
        version: i64,
    },
}

impl TestUndo {
    /// The test's id.
    pub fn id(&self) -> &str {
        self.test().id.as_str()
    }

    /// The test as the undo leaves it (or, for [`TestUndo::Remove`], as it was).
    pub fn test(&self) -> &AccessTest {
        match self {
            Self::Restore(test) | Self::Revert { test, .. } | Self::Remove { test, .. } => test,
        }
    }

    /// What the undo does to the test, as a sentence for the undo's preview.
    pub fn describe(&self) -> String {
        match self {
            Self::Restore(test) => format!("Adds back the access test '{}'", test.name),
            Self::Revert { test, .. } => {
                format!("Puts back the access test '{}' as it was", test.name)
            }
            Self::Remove { test, .. } => format!("Deletes the access test '{}'", test.name),
        }
    }
}

/// Why a [`TestUndo`] does not fit the tests stored when it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestUndoConflict {
    /// Another test has the name the undo would put back (`name` is it).
    NameTaken(String),
    /// The test is not stored as the undo was built on (changed, deleted or added since).
    MovedOn(String),
    /// The environment holds [`MAX_TESTS`] tests: a deleted one cannot come back.
    Full,
}

impl TestUndoConflict {
    /// The conflict as a sentence.
    pub fn describe(&self) -> String {
        match self {
            Self::NameTaken(name) => format!(
                "another access test is already called '{name}': rename it first, then undo"
            ),
            Self::MovedOn(name) => format!(
                "the access test '{name}' was changed while the undo was being saved: try again"
            ),
            Self::Full => {
                format!("an environment holds at most {MAX_TESTS} access tests; delete one first")
            }
        }
    }
}

/// Whether `undo` can be written on the tests stored now (`saved`): the test still at the
/// version the undo was built on (or, for a deleted one, still absent), and its name free.
pub fn check_test_undo(saved: &[SavedTest], undo: &TestUndo) -> Result<(), TestUndoConflict> {
    let stored = saved.iter().find(|s| s.test.id.as_str() == undo.id());
    let test = undo.test();
    let fits = match (undo, stored) {
        (TestUndo::Restore(_), None) => true,
        (TestUndo::Revert { version, .. } | TestUndo::Remove { version, .. }, Some(s)) => {
            s.version == *version
        }
        _ => false,
    };
    if !fits {
        return Err(TestUndoConflict::MovedOn(test.name.clone()));
    }
    if matches!(undo, TestUndo::Restore(_)) && saved.len() >= MAX_TESTS {
        return Err(TestUndoConflict::Full);
    }
    let name = test.name.to_lowercase();
    let taken = !matches!(undo, TestUndo::Remove { .. })
        && saved
            .iter()
            .any(|s| s.test.id != test.id && s.test.name.to_lowercase() == name);
    if taken {
        return Err(TestUndoConflict::NameTaken(test.name.clone()));
    }
    Ok(())
}

/// The undo of one `access_test` entry (`None` for an override, which records a set that
/// broke the test and changed nothing of it); `what` is the entry in words for refusals.
pub(super) fn inverse_test(
    entry: &AuditEntry,
    current: &CurrentVersions,
    what: impl Fn() -> String,
) -> Result<Option<TestUndo>, UndoRefusal> {
    let before = parse::<AccessTest>(entry.before.as_ref());
    let after = parse::<AccessTest>(entry.after.as_ref());
    let version = current.tests.get(&entry.entity_id).copied();
    let gone = || UndoRefusal::NotUndoable {
        what: what(),
        reason: "the access test is no longer here".to_owned(),
    };
    let undo = match (entry.action.as_str(), before, after) {
        ("override", _, _) => return Ok(None),
        ("create", None, Some(after)) => TestUndo::Remove {
            version: version.ok_or_else(gone)?,
            test: after,
        },
        ("update", Some(before), Some(_)) => TestUndo::Revert {
            version: version.ok_or_else(gone)?,
            test: before,
        },
        ("delete", Some(before), None) => TestUndo::Restore(before),
        _ => {
            return Err(UndoRefusal::NotUndoable {
                what: what(),
                reason: "its entry does not record the state to put back".to_owned(),
            })
        }
    };
    Ok(Some(undo))
}
