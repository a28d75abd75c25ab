//! Access tests on the demo store: the server's four routes, answered with the same
//! application functions (`access_test_from_input`, `test_views`) and the same refusals. The
//! tests a change set breaks are judged in `writes::change_sets` by the app layer's one rule.

use gatehouse_app::{may_read_policy, test_views, SavedTest, MAX_TESTS};
use gatehouse_policy::{
    access_test_from_input, authorize_actor, AccessTest, AccessTestError, AccessTestInput, Actor,
    Change, PreparedPolicy, SetRefusal, UserId,
};
use gatehouse_wire::AccessTestView;

use super::audit::{now_micros, record_one, value};
use super::queries::{actor, prepared, refused};
use super::{change, with_state, DemoState, DemoTest};
use crate::api::ApiFailure;

/// The saved tests, for judging a change set.
pub(crate) fn tests_of(state: &DemoState) -> Vec<AccessTest> {
    state.access_tests.iter().map(|t| t.test.clone()).collect()
}

/// The signed-in user as the policy crate sees them.
fn signed_in(state: &DemoState) -> Result<(String, Actor), ApiFailure> {
    let user = actor(state)?;
    let id = UserId::parse(&user.id).map_err(|e| ApiFailure::Malformed(e.to_string()))?;
    Ok((user.code, Actor::User(id)))
}

/// Whether the signed-in user is the account owner: who may change the organisation's
/// settings (the server's probe, with the same refusal).
fn owner_check(state: &DemoState, prepared: &PreparedPolicy) -> Result<(), ApiFailure> {
    let (_, actor) = signed_in(state)?;
    let probe = Change::SetPrecedence {
        precedence: prepared.policy().precedence,
    };
    authorize_actor(prepared, &actor, &probe)
        .map_err(|r| refused(403, r.describe_with_contacts(prepared), None))
}

/// Whether the signed-in user may override access tests (the account owner).
pub(crate) fn is_account_owner(
    state: &DemoState,
    prepared: &PreparedPolicy,
) -> Result<bool, ApiFailure> {
    signed_in(state)?;
    Ok(owner_check(state, prepared).is_ok())
}

fn saved(state: &DemoState) -> Vec<SavedTest> {
    state
        .access_tests
        .iter()
        .map(|t| SavedTest {
            test: t.test.clone(),
            version: t.version,
        })
        .collect()
}

fn one_view(prepared: &PreparedPolicy, test: &DemoTest) -> Result<AccessTestView, ApiFailure> {
    let saved = [SavedTest {
        test: test.test.clone(),
        version: test.version,
    }];
    test_views(prepared, &saved)
        .pop()
        .ok_or_else(|| ApiFailure::Malformed("the access test has no view".to_owned()))
}

fn invalid(err: &AccessTestError) -> ApiFailure {
    super::writes::refusal(vec![SetRefusal {
        index: None,
        kind: err.kind(),
        field: Some(err.field().to_owned()),
        message: err.to_string(),
    }])
}

/// 409 when another test has `test`'s name (regardless of case).
fn name_is_free(state: &DemoState, test: &AccessTest) -> Result<(), ApiFailure> {
    let name = test.name.to_lowercase();
    let taken = state
        .access_tests
        .iter()
        .any(|t| t.test.id != test.id && t.test.name.to_lowercase() == name);
    if taken {
        return Err(refused(
            409,
            format!("another access test is already called '{}'", test.name),
            Some("name"),
        ));
    }
    Ok(())
}

/// The stored test `id` at `version`: 404 when there is none, 412 when it moved on.
fn current(
    state: &DemoState,
    prepared: &PreparedPolicy,
    id: &str,
    version: i64,
) -> Result<usize, ApiFailure> {
    let at = state
        .access_tests
        .iter()
        .position(|t| t.test.id.as_str() == id)
        .ok_or_else(|| refused(404, format!("no access test `{id}`"), Some("id")))?;
    let stored = &state.access_tests[at];
    if stored.version != version {
        let view = one_view(prepared, stored)?;
        return Err(ApiFailure::Stale {
            message: format!(
                "the access test was changed by someone else (you edited version {version}, it is now at version {})",
                stored.version
            ),
            current_version: stored.version,
            current: serde_json::to_string(&view).unwrap_or_default(),
        });
    }
    Ok(at)
}

/// `GET /environments/{env}/access-tests`.
pub fn list_access_tests(_env: &str) -> Result<Vec<AccessTestView>, ApiFailure> {
    with_state(|state| {
        let (_, actor) = signed_in(state)?;
        let prepared = prepared(&state.policy())?;
        may_read_policy(&prepared, &actor).map_err(|why| refused(403, why, None))?;
        Ok(test_views(&prepared, &saved(state)))
    })
}

/// `POST /environments/{env}/access-tests`.
pub fn create_access_test(
    _env: &str,
    input: &AccessTestInput,
) -> Result<AccessTestView, ApiFailure> {
    change(|state| {
        let policy = state.policy();
        let prepared = prepared(&policy)?;
        owner_check(state, &prepared)?;
        let id = state.new_id("tst");
        let test = access_test_from_input(&policy, &id, input).map_err(|e| invalid(&e))?;
        if state.access_tests.len() >= MAX_TESTS {
            return Err(refused(
                409,
                format!("an environment holds at most {MAX_TESTS} access tests; delete one first"),
                None,
            ));
        }
        name_is_free(state, &test)?;
        let kept = DemoTest { test, version: 1 };
        let (code, _) = signed_in(state)?;
        let what = ("create", "access_test", kept.test.id.as_str());
        record_one(
            state,
            &code,
            what,
            None,
            value(Some(&kept.test)),
            now_micros(),
        );
        state.access_tests.push(kept.clone());
        one_view(&prepared, &kept)
    })
}

/// `PUT /environments/{env}/access-tests/{id}` with `If-Match: "version"`.
pub fn replace_access_test(
    _env: &str,
    id: &str,
    version: i64,
    input: &AccessTestInput,
) -> Result<AccessTestView, ApiFailure> {
    change(|state| {
        let policy = state.policy();
        let prepared = prepared(&policy)?;
        owner_check(state, &prepared)?;
        let at = current(state, &prepared, id, version)?;
        let test = access_test_from_input(&policy, id, input).map_err(|e| invalid(&e))?;
        name_is_free(state, &test)?;
        let before = state.access_tests[at].test.clone();
        let kept = DemoTest {
            test,
            version: version + 1,
        };
        let (code, _) = signed_in(state)?;
        let what = ("update", "access_test", id);
        let (old, new) = (value(Some(&before)), value(Some(&kept.test)));
        record_one(state, &code, what, old, new, now_micros());
        state.access_tests[at] = kept.clone();
        one_view(&prepared, &kept)
    })
}

/// `DELETE /environments/{env}/access-tests/{id}` with `If-Match: "version"`.
pub fn delete_access_test(_env: &str, id: &str, version: i64) -> Result<(), ApiFailure> {
    change(|state| {
        let prepared = prepared(&state.policy())?;
        owner_check(state, &prepared)?;
        let at = current(state, &prepared, id, version)?;
        let removed = state.access_tests.remove(at);
        let (code, _) = signed_in(state)?;
        let what = ("delete", "access_test", id);
        record_one(
            state,
            &code,
            what,
            value(Some(&removed.test)),
            None,
            now_micros(),
        );
        Ok(())
    })
}
