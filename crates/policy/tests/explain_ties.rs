//! Explanations name the grants that tie with the winner, and old explanations without
//! them still read.

mod common;

use common::*;
use gatehouse_policy::*;

/// Carol is in Developers; All Users and Developers both grant Editor on the CRM app.
fn tie() -> Build {
    Build::new()
        .user("carol", &["dev"])
        .group("dev", "Developers")
        .app("crm", "CRM")
        .grant(Subject::AllUsers, "crm", app(AppRole::Editor), &ALL_ENVS)
        .grant(group("dev"), "crm", app(AppRole::Editor), &ALL_ENVS)
}

#[test]
fn a_grant_giving_the_winners_role_is_listed_as_tied_not_shadowed() {
    let prepared = tie().done().prepare(NOW).unwrap();
    let decision = prepared
        .explain(&uid("carol"), &rid("crm"), &env("staging"))
        .unwrap();
    assert_eq!(decision.role, app(AppRole::Editor));
    assert_eq!(
        decision.winner.as_ref().map(|w| &w.subject),
        Some(&group("dev"))
    );
    assert!(decision.shadowed.is_empty());
    let tied: Vec<&Subject> = decision.tied.iter().map(|t| &t.subject).collect();
    assert_eq!(tied, [&Subject::AllUsers]);
}

#[test]
fn under_most_specific_wins_a_less_specific_equal_grant_is_overridden_not_tied() {
    let policy = tie().precedence(Precedence::MostSpecificWins).done();
    let decision = policy
        .prepare(NOW)
        .unwrap()
        .explain(&uid("carol"), &rid("crm"), &env("staging"))
        .unwrap();
    assert!(decision.tied.is_empty());
    assert_eq!(decision.shadowed.len(), 1);
}

#[test]
fn an_explanation_without_ties_reads_and_writes_as_before() {
    let decision = tie()
        .done()
        .prepare(NOW)
        .unwrap()
        .explain(&uid("carol"), &rid("crm"), &env("staging"))
        .unwrap();
    let mut json = serde_json::to_value(&decision).unwrap();
    json.as_object_mut().unwrap().remove("tied");
    let read: Decision = serde_json::from_value(json).unwrap();
    assert!(read.tied.is_empty());
    let untied = serde_json::to_value(&read).unwrap();
    assert!(untied.get("tied").is_none());
}

#[test]
fn row_and_column_buffers_are_resized_and_overwritten() {
    let prepared = tie().user("bob", &[]).done().prepare(NOW).unwrap();
    let mut row = vec![9u8; 100];
    let mut column = vec![9u8; 1];
    for u in prepared.users() {
        prepared.user_row_into(u, &mut row);
        assert_eq!(row, prepared.user_row(u));
    }
    for r in prepared.resources() {
        prepared.resource_column_into(r, &mut column);
        assert_eq!(column, prepared.resource_column(r));
    }
}
