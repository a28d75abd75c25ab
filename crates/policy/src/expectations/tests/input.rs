//! Making an access test from the form's fields: each refusal names its field and, where
//! there is one, the display name involved.

use super::*;
use crate::change_set::RefusalKind;

fn input(subject: TestSubject, comparison: Comparison, resource: &str) -> AccessTestInput {
    AccessTestInput {
        name: "  Support edits CRM at most ".to_owned(),
        subject,
        comparison,
        resource: resource.to_owned(),
        environments: Some(vec![
            "qa".to_owned(),
            " production".to_owned(),
            "qa".to_owned(),
        ]),
    }
}

fn support_at_most_editor() -> AccessTestInput {
    input(
        TestSubject::Group(gid("grp-support")),
        Comparison::AtMost(app(AppRole::Editor)),
        "crm",
    )
}

fn refused(input: &AccessTestInput) -> (AccessTestError, &'static str, RefusalKind, String) {
    let err = access_test_from_input(&org(), "tst-9", input).unwrap_err();
    let (field, kind, message) = (err.field(), err.kind(), err.to_string());
    (err, field, kind, message)
}

#[test]
fn a_valid_test_is_trimmed_ordered_and_remembers_its_names() {
    let test = access_test_from_input(&org(), " tst-9 ", &support_at_most_editor()).unwrap();
    assert_eq!(test.id.as_str(), "tst-9");
    assert_eq!(test.name, "Support edits CRM at most");
    // Each environment once, in the organisation's order.
    assert_eq!(
        test.environments,
        TestEnvironments::Only(vec![env("production"), env("qa")])
    );
    assert_eq!(test.saved_names.resource, "CRM Portal");
    assert_eq!(test.saved_names.subject, "Support");
    assert_eq!(
        test.saved_names
            .environments
            .get(&env("qa"))
            .map(String::as_str),
        Some("QA")
    );
    let mut everywhere = support_at_most_editor();
    everywhere.environments = None;
    let test = access_test_from_input(&org(), "tst-9", &everywhere).unwrap();
    assert_eq!(test.environments, TestEnvironments::All);
    let fleur = input(user_subject("fleur"), Comparison::NoAccess, "hr");
    let test = access_test_from_input(&org(), "tst-9", &fleur).unwrap();
    assert_eq!(test.saved_names.subject, "Fleur Smit (12345.FSmit)");
}

#[test]
fn unknown_things_are_refused_by_field() {
    let mut unknown_resource = support_at_most_editor();
    unknown_resource.resource = "erp".to_owned();
    let (err, field, kind, _) = refused(&unknown_resource);
    assert_eq!(
        (err, field, kind),
        (
            AccessTestError::UnknownResource,
            "resource",
            RefusalKind::NotFound
        )
    );
    let ghost = input(user_subject("ghost"), Comparison::NoAccess, "crm");
    let (err, field, kind, _) = refused(&ghost);
    assert_eq!(
        (err, field, kind),
        (
            AccessTestError::UnknownUser,
            "subject",
            RefusalKind::NotFound
        )
    );
    for subject in [
        TestSubject::Group(gid("grp-hr")),
        TestSubject::EveryoneOutside(gid("grp-hr")),
    ] {
        let (err, field, _, message) = refused(&input(subject, Comparison::NoAccess, "crm"));
        assert_eq!((err, field), (AccessTestError::UnknownGroup, "subject"));
        assert_eq!(message, "no such group here");
    }
    let mut unknown_env = support_at_most_editor();
    unknown_env.environments = Some(vec!["production".to_owned(), "uat".to_owned()]);
    let (_, field, kind, message) = refused(&unknown_env);
    assert_eq!((field, kind), ("environments", RefusalKind::Invalid));
    assert_eq!(message, "there is no data environment uat here");
}

#[test]
fn an_empty_environment_list_is_refused() {
    for empty in [vec![], vec!["  ".to_owned()]] {
        let mut none = support_at_most_editor();
        none.environments = Some(empty);
        let (err, field, _, message) = refused(&none);
        assert_eq!(
            (err, field),
            (AccessTestError::NoEnvironments, "environments")
        );
        assert_eq!(message, "choose at least one environment");
    }
}

#[test]
fn a_role_of_the_other_ladder_is_refused_naming_the_resource() {
    let wrong = input(
        TestSubject::Everyone,
        Comparison::AtLeast(connector(ConnectorRole::UseOnly)),
        "crm",
    );
    let (_, field, kind, message) = refused(&wrong);
    assert_eq!((field, kind), ("comparison", RefusalKind::Invalid));
    assert_eq!(
        message,
        "Use Only is a connector role, but CRM Portal is an app: choose one of its roles"
    );
    // No access is on every ladder.
    let none = input(TestSubject::Everyone, Comparison::NoAccess, "crm");
    assert!(access_test_from_input(&org(), "tst-9", &none).is_ok());
}

#[test]
fn the_name_is_one_to_eighty_visible_characters() {
    for (name, ok) in [
        ("", false),
        ("   ", false),
        ("x", true),
        (&"x".repeat(ACCESS_TEST_NAME_CHARS), true),
        (&"x".repeat(ACCESS_TEST_NAME_CHARS + 1), false),
        ("CRM\u{202E}owners", false),
    ] {
        let mut named = support_at_most_editor();
        named.name = name.to_owned();
        match access_test_from_input(&org(), "tst-9", &named) {
            Ok(test) => assert!(ok, "{name:?} accepted as {:?}", test.name),
            Err(err) => {
                assert!(!ok, "{name:?} refused: {err}");
                assert_eq!(err.field(), "name");
                assert!(matches!(err, AccessTestError::Name(_)));
            }
        }
    }
    let (_, field, _, _) = {
        let err = access_test_from_input(&org(), "", &support_at_most_editor()).unwrap_err();
        (err.clone(), err.field(), err.kind(), err.to_string())
    };
    assert_eq!(field, "id");
}
