//! Access tests: saved expectations about access (`/environments/{env}/access-tests`), how
//! each fares now, and the tests a change set would break (in its preview and its refusal).

use serde::{Deserialize, Serialize};

pub use gatehouse_policy::{AccessTestInput, Comparison, TestSubject};

use crate::Role;

/// Most violations a test's view lists (its `violation_count` counts them all).
pub const VIOLATIONS_SHOWN: usize = 100;

/// Most reasons a broken test lists in a preview or refusal (`more` counts the rest).
pub const REASONS_SHOWN: usize = 20;

/// A saved access test with how it fares against the environment now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessTestView {
    /// Stable id (`tst-…`).
    pub id: String,
    /// Its version, for `If-Match` on an update or deletion.
    pub version: i64,
    /// What administrators call it.
    pub name: String,
    /// Whose access it is about: `{"type":"user","id":…}`, `{"type":"group","id":…}`,
    /// `{"type":"everyone"}` or `{"type":"everyone_outside","id":…}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub subject: TestSubject,
    /// What their effective role must be: `{"type":"at_least"|"at_most"|"exactly","role":…}`
    /// or `{"type":"no_access"}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub comparison: Comparison,
    /// The app's or connector's id.
    pub resource: String,
    /// The data environment ids it holds in; absent for every environment.
    #[serde(default)]
    pub environments: Option<Vec<String>>,
    /// The expectation as a sentence, by display name.
    pub sentence: String,
    /// `passed`, `failed` or `broken` (it names something that is gone).
    pub status: TestStatus,
    /// How many (user, environment) cells break it now.
    pub violation_count: usize,
    /// The first [`VIOLATIONS_SHOWN`] of them, in user order.
    pub violations: Vec<ViolationView>,
    /// Why a broken test says nothing any more, one sentence each.
    #[serde(default)]
    pub stale: Vec<String>,
}

/// How an access test fares now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TestStatus {
    /// Everyone it is about has a role it allows.
    Passed,
    /// Someone's effective role breaks it.
    Failed,
    /// It names something that no longer exists: edit or delete it.
    Broken,
}

/// One person in one data environment whose effective role breaks a test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ViolationView {
    /// The user's id.
    pub user: String,
    /// "Fleur Smit (12345.FSmit)".
    pub user_name: String,
    /// The data environment's id.
    pub environment: String,
    /// Its name.
    pub environment_name: String,
    /// The user's effective role there (the ladder's None for no access).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub effective: Role,
    /// The violation as a sentence.
    pub sentence: String,
}

/// An access test a change set would break.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BrokenTestView {
    /// The test's id.
    pub test: String,
    /// Its name.
    pub name: String,
    /// The expectation as a sentence.
    pub sentence: String,
    /// How the set breaks it: the first [`REASONS_SHOWN`] new violations or deleted names.
    pub reasons: Vec<String>,
    /// How many more reasons there are.
    #[serde(default)]
    pub more: usize,
}

/// The body of a change set refused because it breaks access tests (409): the sentence, and
/// every test it breaks. Only the account owner may save it anyway, with `override_tests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BrokenTestsBody {
    /// What is wrong.
    pub error: String,
    /// Always `override_tests`.
    #[serde(default)]
    pub field: Option<String>,
    /// The tests the set breaks.
    pub broken_tests: Vec<BrokenTestView>,
}
