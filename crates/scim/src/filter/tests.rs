//! Filter parsing and evaluation, including every example filter of RFC 7644 §3.4.2.2.

use serde_json::{json, Value};

use super::*;
use crate::error::ScimType;
use crate::schema::{GROUP, USER};

fn bjensen() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "externalId": "bjensen",
        "userName": "bjensen",
        "name": {"formatted": "Ms. Barbara J Jensen III", "familyName": "Jensen", "givenName": "Barbara"},
        "displayName": "Babs Jensen",
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ],
        "active": true,
        "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z", "lastModified": "2011-05-13T04:42:34Z"}
    })
}

fn jomalley() -> Value {
    json!({
        "id": "abc",
        "userName": "Jomalley",
        "name": {"familyName": "O'Malley", "givenName": "John"},
        "emails": [{"value": "john@example.org", "type": "work"}],
        "active": false,
        "meta": {"lastModified": "2011-05-13T04:42:34Z"}
    })
}

fn matching(filter: &str) -> Vec<String> {
    let parsed = Filter::parse(filter);
    assert!(parsed.is_ok(), "{filter}: {parsed:?}");
    let Ok(parsed) = parsed else {
        return Vec::new();
    };
    [bjensen(), jomalley()]
        .into_iter()
        .filter(|user| parsed.matches(user, &USER))
        .filter_map(|user| user["userName"].as_str().map(str::to_owned))
        .collect()
}

fn error_of(filter: &str) -> (Option<ScimType>, String) {
    match Filter::parse(filter) {
        Ok(parsed) => panic!("{filter} parsed as {parsed:?}"),
        Err(error) => (error.scim_type, error.detail),
    }
}

#[test]
fn rfc_example_filters_select_the_expected_users() {
    let both = ["bjensen", "Jomalley"];
    let cases: &[(&str, &[&str])] = &[
        (r#"userName eq "bjensen""#, &["bjensen"]),
        (r#"name.familyName co "O'Malley""#, &["Jomalley"]),
        (r#"userName sw "J""#, &["Jomalley"]),
        (
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
            &["Jomalley"],
        ),
        ("title pr", &[]),
        (r#"meta.lastModified gt "2011-05-13T04:42:34Z""#, &[]),
        (r#"meta.lastModified ge "2011-05-13T04:42:34Z""#, &both),
        (r#"meta.lastModified lt "2011-05-13T04:42:34Z""#, &[]),
        (r#"meta.lastModified le "2011-05-13T04:42:34Z""#, &both),
        (r#"title pr and userType eq "Employee""#, &[]),
        (r#"title pr or userType eq "Intern""#, &[]),
        (
            r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
            &[],
        ),
        (
            r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
            &[],
        ),
        (
            r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
            &[],
        ),
        (r#"userType eq "Employee" and (emails.type eq "work")"#, &[]),
        (
            r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
            &[],
        ),
        (
            r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
            &["bjensen"],
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(matching(filter), *expected, "{filter}");
    }
}

#[test]
fn rfc_shapes_select_users_when_the_attributes_exist() {
    assert_eq!(
        matching(r#"emails co "example.com" or emails.value co "example.org""#),
        ["bjensen", "Jomalley"]
    );
    assert_eq!(matching(r#"not (emails co "example.com")"#), ["Jomalley"]);
    assert_eq!(matching(r#"emails.type eq "home""#), ["bjensen"]);
    assert_eq!(
        matching("name.givenName pr and active eq true"),
        ["bjensen"]
    );
    assert_eq!(
        matching(r#"meta.created lt "2011-01-01T00:00:00Z""#),
        ["bjensen"]
    );
}

#[test]
fn names_and_operators_ignore_case_but_case_exact_values_do_not() {
    assert_eq!(matching(r#"USERNAME EQ "BJENSEN""#), ["bjensen"]);
    assert_eq!(matching(r#"id eq "ABC""#), Vec::<String>::new());
    assert_eq!(matching(r#"id eq "abc""#), ["Jomalley"]);
    assert_eq!(matching(r#"externalId eq "BJENSEN""#), Vec::<String>::new());
}

#[test]
fn urn_prefix_of_another_schema_never_matches() {
    assert!(matching(r#"urn:ietf:params:scim:schemas:core:2.0:Group:displayName pr"#).is_empty());
}

#[test]
fn and_binds_tighter_than_or() {
    let parsed = Filter::parse("a pr or b pr and c pr");
    let expected = Filter::Or(
        Box::new(Filter::Present(AttrPath::attribute("a"))),
        Box::new(Filter::And(
            Box::new(Filter::Present(AttrPath::attribute("b"))),
            Box::new(Filter::Present(AttrPath::attribute("c"))),
        )),
    );
    assert_eq!(parsed, Ok(expected));
}

#[test]
fn literals_cover_strings_with_escapes_numbers_booleans_and_null() {
    let value = |text: &str| match Filter::parse(text) {
        Ok(Filter::Compare { value, .. }) => value,
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(value(r#"a eq "x\"y\u00e9""#), json!("x\"yé"));
    assert_eq!(value("a eq -12.5e1"), json!(-125.0));
    assert_eq!(
        value("a eq -259067474.71645343"),
        json!(-259_067_474.716_453_43_f64)
    );
    assert_eq!(value("a eq TRUE"), json!(true));
    assert_eq!(value("a eq false"), json!(false));
    assert_eq!(value("a eq null"), Value::Null);
}

#[test]
fn malformed_filters_are_invalid_filter_and_say_where() {
    let cases = [
        (
            "userName eq",
            "expected a value after \"eq\" at position 11",
        ),
        (
            "userName eqq \"x\"",
            "unknown operator \"eqq\" at position 9 in filter",
        ),
        (
            "(userName eq \"x\"",
            "missing \")\" to close the \"(\" at position 0",
        ),
        (
            "userName eq \"unterminated",
            "unterminated string starting at position 12",
        ),
        ("", "the filter is empty"),
        ("userName", "expected an operator after \"userName\""),
        ("userName eq \"x\" )", "unexpected \")\" at position 16"),
        (
            "userName eq \"x\" userName",
            "expected \"and\", \"or\" or the end",
        ),
        ("userName eq bjensen", "expected a value"),
        ("emails[type eq \"work\"", "missing \"]\""),
        ("emails[type[value eq \"x\"]]", "cannot be nested"),
        ("userName eq \"x\" and", "expected an attribute name"),
        (
            "not userName eq \"x\"",
            "expected \"(\" after \"not\" at position 4",
        ),
        ("userName € \"x\"", "unexpected character"),
    ];
    for (filter, needle) in cases {
        let (kind, detail) = error_of(filter);
        assert_eq!(kind, Some(ScimType::InvalidFilter), "{filter}");
        assert!(detail.contains(needle), "{filter}: {detail}");
    }
}

#[test]
fn overlong_and_deeply_nested_filters_are_rejected_without_overflowing() {
    let long = format!("userName eq \"{}\"", "x".repeat(MAX_FILTER_LEN));
    assert!(error_of(&long).1.contains("limit is 4096"));
    let deep = format!("{}a pr{}", "(".repeat(1000), ")".repeat(1000));
    assert!(error_of(&deep).1.contains("deeper than 64"));
    let nots = format!("{}a pr{}", "not (".repeat(65), ")".repeat(65));
    assert!(error_of(&nots).1.contains("deeper than 64"));
    let ok = format!("{}a pr{}", "(".repeat(64), ")".repeat(64));
    assert!(Filter::parse(&ok).is_ok());
}

#[test]
fn multi_valued_complex_attributes_compare_their_value_sub_attribute() {
    let group = json!({"displayName": "Ops", "members": [{"value": "usr-1"}, {"value": "usr-2"}]});
    let hit = |filter: &str| Filter::parse(filter).is_ok_and(|f| f.matches(&group, &GROUP));
    assert!(hit(r#"members eq "usr-2""#));
    assert!(hit(r#"members.value eq "USR-1""#));
    assert!(hit(r#"members[value sw "usr"]"#));
    assert!(!hit(r#"members eq "usr-3""#));
    assert!(hit("members pr"));
    assert!(!hit(r#"displayName ne "ops""#));
}

#[test]
fn eq_null_means_unassigned_and_ordering_on_booleans_is_false() {
    let user = jomalley();
    let hit = |filter: &str| Filter::parse(filter).is_ok_and(|f| f.matches(&user, &USER));
    assert!(hit("displayName eq null"));
    assert!(!hit("userName eq null"));
    assert!(hit("userName ne null"));
    assert!(!hit("active gt false"));
    assert!(!hit("active co \"f\""));
    assert!(hit("active eq \"False\""));
    assert!(!hit("userName gt 5"));
    assert!(hit("displayName ne \"x\""));
}

#[test]
fn present_requires_a_non_empty_value() {
    let user = json!({"userName": "a", "displayName": "", "emails": [], "name": {}});
    let hit = |filter: &str| Filter::parse(filter).is_ok_and(|f| f.matches(&user, &USER));
    assert!(hit("userName pr"));
    assert!(!hit("displayName pr"));
    assert!(!hit("emails pr"));
    assert!(!hit("name pr"));
}

#[test]
fn equality_exposes_top_level_eq_for_index_lookups() {
    let key = |filter: &str| {
        Filter::parse(filter)
            .ok()
            .and_then(|f| f.equality().map(|(key, value)| (key, value.clone())))
    };
    assert_eq!(
        key(r#"userName eq "x""#),
        Some(("username".to_owned(), json!("x")))
    );
    assert_eq!(
        key(r#"emails.Value eq "x""#),
        Some(("emails.value".to_owned(), json!("x")))
    );
    assert_eq!(
        key(r#"urn:ietf:params:scim:schemas:core:2.0:User:externalId eq "x""#),
        Some(("externalid".to_owned(), json!("x")))
    );
    assert_eq!(key(r#"userName ne "x""#), None);
    assert_eq!(key(r#"userName eq "x" and active eq true"#), None);
    assert_eq!(key(r#"urn:example:Other:userName eq "x""#), None);
}

#[test]
fn display_prints_filters_that_parse_back_to_the_same_tree() {
    for text in [
        r#"userName eq "bjensen""#,
        r#"a pr or (b pr or c pr)"#,
        r#"(a pr or b pr) and c pr and (d pr and e pr)"#,
        r#"not (a eq 1) or emails[type eq "work" and value co "@x"]"#,
    ] {
        let parsed = Filter::parse(text);
        let printed = parsed.as_ref().map(ToString::to_string);
        assert_eq!(printed.as_deref(), Ok(text));
    }
}
