use gatehouse_policy::{Policy, Resource, ResourceId, ResourceKind};
use gatehouse_wire::{AuditEntry, ChangeRequest, UserStatus};
use serde_json::{json, Value};

use super::*;

fn policy() -> Policy {
    let mut policy = Policy::new();
    policy.resources.push(Resource {
        id: ResourceId::parse("res-crm").unwrap(),
        name: "CRM Portal".to_owned(),
        kind: ResourceKind::App,
        creator: None,
    });
    policy
}

fn entry(
    set: &str,
    at: i64,
    (entity, action, id): (&str, &str, &str),
    before: Option<Value>,
    after: Option<Value>,
) -> AuditEntry {
    AuditEntry {
        id: format!("{set}-{at}"),
        at,
        actor: "12345.AdeVries".to_owned(),
        action: action.to_owned(),
        entity: entity.to_owned(),
        entity_id: id.to_owned(),
        before,
        after,
        change_set: set.to_owned(),
        undo_of: None,
    }
}

fn grant(role: &str, version: i64) -> Value {
    json!({
        "id": "gr-1", "resource": "res-crm",
        "subject": { "subject": { "type": "group", "id": "grp-support" }, "name": "Support" },
        "role": { "app": role }, "environments": ["env-prod"], "expires_at": null,
        "version": version,
    })
}

fn group(name: &str, members: &[&str], version: i64) -> Value {
    let members: Vec<Value> = members
        .iter()
        .map(|id| json!({ "id": id, "code": format!("12345.{id}"), "name": id }))
        .collect();
    json!({ "id": "grp-support", "name": name, "description": "", "members": members,
            "version": version })
}

fn user(name: &str, status: &str) -> Value {
    json!({ "id": "usr-koen", "code": "12345.KPeters", "name": name, "email": null,
            "status": status, "flags": { "windows": true, "insite": false, "pocket": false },
            "version": 3 })
}

fn undo(entries: &[AuditEntry], since: &[AuditEntry]) -> Result<Vec<ChangeRequest>, UndoRefusal> {
    let mut current = CurrentVersions::default();
    current.grants.insert("gr-1".to_owned(), 2);
    current.groups.insert("grp-support".to_owned(), 5);
    current.users.insert("usr-koen".to_owned(), 4);
    undo_changes(entries, since, &current, &policy()).map(|u| u.changes)
}

#[test]
fn a_grant_update_is_put_back_against_the_stored_version() {
    let set = [entry(
        "s1",
        10,
        ("grant", "update", "gr-1"),
        Some(grant("preview_only", 1)),
        Some(grant("editor", 2)),
    )];
    let changes = undo(&set, &[]).unwrap();
    let [ChangeRequest::UpdateGrant {
        grant,
        version,
        role,
        ..
    }] = changes.as_slice()
    else {
        panic!("{changes:?}")
    };
    assert_eq!((grant.as_str(), *version), ("gr-1", 2));
    assert_eq!(
        serde_json::to_value(role).unwrap(),
        json!({ "app": "preview_only" })
    );
}

#[test]
fn a_created_grant_is_deleted_and_a_deleted_one_created_again() {
    let created = [entry(
        "s1",
        10,
        ("grant", "create", "gr-1"),
        None,
        Some(grant("editor", 1)),
    )];
    assert!(matches!(
        undo(&created, &[]).unwrap().as_slice(),
        [ChangeRequest::DeleteGrant { grant, version: 2 }] if grant == "gr-1"
    ));
    let deleted = [entry(
        "s1",
        10,
        ("grant", "delete", "gr-1"),
        Some(grant("editor", 1)),
        None,
    )];
    assert!(matches!(
        undo(&deleted, &[]).unwrap().as_slice(),
        [ChangeRequest::CreateGrant { resource, expires_at: None, .. }] if resource == "res-crm"
    ));
}

#[test]
fn group_members_and_name_are_put_back() {
    let set = [entry(
        "s1",
        10,
        ("group", "update", "grp-support"),
        Some(group("Support", &["usr-a", "usr-b"], 4)),
        Some(group("Helpdesk", &["usr-b", "usr-c"], 5)),
    )];
    let changes = undo(&set, &[]).unwrap();
    assert_eq!(changes.len(), 3, "{changes:?}");
    assert!(changes.contains(&ChangeRequest::RenameGroup {
        group: "grp-support".to_owned(),
        version: 5,
        name: "Support".to_owned(),
        description: Some(String::new()),
    }));
    assert!(changes.contains(&ChangeRequest::RemoveMember {
        group: "grp-support".to_owned(),
        user: "usr-c".to_owned()
    }));
    assert!(changes.contains(&ChangeRequest::AddMember {
        group: "grp-support".to_owned(),
        user: "usr-a".to_owned()
    }));
}

#[test]
fn undoing_a_group_creation_deletes_it_without_deleting_its_grants_twice() {
    let mut grant = grant("editor", 1);
    grant["subject"]["subject"] = json!({ "type": "group", "id": "grp-support" });
    let set = [
        entry(
            "s1",
            10,
            ("group", "create", "grp-support"),
            None,
            Some(group("Support", &["usr-a"], 1)),
        ),
        entry("s1", 11, ("grant", "create", "gr-1"), None, Some(grant)),
    ];
    let changes = undo(&set, &[]).unwrap();
    assert!(
        matches!(changes.as_slice(), [ChangeRequest::DeleteGroup { group, version: 5 }] if group == "grp-support"),
        "{changes:?}"
    );
}

#[test]
fn a_deleted_group_comes_back_with_its_id_members_and_grants() {
    let set = [
        entry(
            "s1",
            10,
            ("grant", "delete", "gr-1"),
            Some(grant("editor", 1)),
            None,
        ),
        entry(
            "s1",
            11,
            ("group", "delete", "grp-support"),
            Some(group("Support", &["usr-a"], 4)),
            None,
        ),
    ];
    let changes = undo(&set, &[]).unwrap();
    assert!(
        matches!(&changes[0], ChangeRequest::CreateGroup { group: Some(id), name, .. } if id == "grp-support" && name == "Support")
    );
    assert!(changes.contains(&ChangeRequest::AddMember {
        group: "grp-support".to_owned(),
        user: "usr-a".to_owned()
    }));
    assert!(changes
        .iter()
        .any(|c| matches!(c, ChangeRequest::CreateGrant { .. })));
}

#[test]
fn a_user_edit_is_put_back_and_a_creation_deactivates() {
    let set = [entry(
        "s1",
        10,
        ("user", "update", "12345.KPeters"),
        Some(user("Koen Peters", "active")),
        Some(user("Koen Pieters", "deactivated")),
    )];
    let changes = undo(&set, &[]).unwrap();
    assert!(matches!(
        changes.as_slice(),
        [ChangeRequest::UpdateUser { name, version: 4, status: UserStatus::Active, .. }] if name == "Koen Peters"
    ));
    let created = [entry(
        "s1",
        10,
        ("user", "create", "usr-koen"),
        None,
        Some(user("Koen Peters", "active")),
    )];
    assert!(matches!(
        undo(&created, &[]).unwrap().as_slice(),
        [ChangeRequest::SetUserStatus {
            status: UserStatus::Deactivated,
            version: 4,
            ..
        }]
    ));
}

#[test]
fn an_entity_changed_since_refuses_the_undo_naming_who_changed_it() {
    let set = [entry(
        "s1",
        10,
        ("grant", "update", "gr-1"),
        Some(grant("preview_only", 1)),
        Some(grant("editor", 2)),
    )];
    let mut later = entry("s2", 20, ("grant", "update", "gr-1"), None, None);
    later.actor = "12345.BWilliams".to_owned();
    let refusal = undo(&set, &[later]).unwrap_err();
    let text = refusal.describe(|at| format!("t{at}"));
    assert!(
        text.contains("the grant of Support on CRM Portal"),
        "{text}"
    );
    assert!(text.contains("12345.BWilliams at t20"), "{text}");
    // A later change to something else does not stand in the way.
    let other = entry("s2", 20, ("grant", "update", "gr-2"), None, None);
    assert!(undo(&set, &[other]).is_ok());
}

#[test]
fn a_user_changed_since_under_its_code_or_id_refuses() {
    let set = [entry(
        "s1",
        10,
        ("user", "create", "usr-koen"),
        None,
        Some(user("Koen", "active")),
    )];
    let by_code = entry("s2", 20, ("user", "update", "12345.KPeters"), None, None);
    assert!(matches!(
        undo(&set, &[by_code]),
        Err(UndoRefusal::MovedOn { .. })
    ));
}

#[test]
fn an_undone_set_is_not_undone_twice() {
    let set = [entry(
        "s1",
        10,
        ("grant", "update", "gr-1"),
        Some(grant("preview_only", 1)),
        Some(grant("editor", 2)),
    )];
    let mut undo_entry = entry("s2", 20, ("grant", "update", "gr-1"), None, None);
    undo_entry.undo_of = Some("s1".to_owned());
    assert!(matches!(
        undo(&set, &[undo_entry]),
        Err(UndoRefusal::AlreadyUndone { .. })
    ));
}

#[test]
fn kinds_undo_does_not_cover_are_refused_with_the_reason() {
    let set = [entry(
        "s1",
        10,
        ("app_connector", "create", "ac-1"),
        None,
        Some(json!({})),
    )];
    let text = undo(&set, &[]).unwrap_err().describe(|at| at.to_string());
    assert!(
        text.starts_with("a change to app connector cannot be undone"),
        "{text}"
    );
    let sync = [entry(
        "s1",
        10,
        ("user", "sync", "12345.JDekker"),
        Some(json!({"name": "J"})),
        Some(json!({"name": "K"})),
    )];
    assert!(matches!(
        undo(&sync, &[]),
        Err(UndoRefusal::NotUndoable { .. })
    ));
    assert_eq!(undo(&[], &[]), Err(UndoRefusal::Empty));
}

#[test]
fn the_precedence_rule_is_put_back() {
    let set = [entry(
        "s1",
        10,
        ("organisation", "update", "12345"),
        Some(json!({ "participant": "12345", "precedence": "highest_wins" })),
        Some(json!({ "participant": "12345", "precedence": "most_specific_wins" })),
    )];
    assert_eq!(
        undo(&set, &[]).unwrap(),
        vec![ChangeRequest::SetPrecedence {
            precedence: gatehouse_wire::Precedence::HighestWins
        }]
    );
}

fn access_test(name: &str) -> Value {
    json!({
        "id": "tst-1", "name": name,
        "subject": { "type": "group", "id": "grp-support" },
        "comparison": { "type": "at_most", "role": { "app": "editor" } },
        "resource": "res-crm", "environments": { "type": "only", "ids": ["env-prod"] },
    })
}

fn undo_tests(entries: &[AuditEntry], since: &[AuditEntry]) -> Result<Undo, UndoRefusal> {
    let mut current = CurrentVersions::default();
    current.tests.insert("tst-1".to_owned(), 3);
    undo_changes(entries, since, &current, &policy())
}

#[test]
fn an_access_test_is_deleted_put_back_or_added_back_by_its_undo() {
    let created = [entry(
        "s1",
        10,
        ("access_test", "create", "tst-1"),
        None,
        Some(access_test("Support at most Editor")),
    )];
    let undo = undo_tests(&created, &[]).unwrap();
    assert!(undo.changes.is_empty(), "{undo:?}");
    let [TestUndo::Remove { test, version }] = undo.tests.as_slice() else {
        panic!("{undo:?}")
    };
    assert_eq!((test.id.as_str(), *version), ("tst-1", 3));
    assert_eq!(
        undo.tests[0].describe(),
        "Deletes the access test 'Support at most Editor'"
    );

    let changed = [entry(
        "s1",
        10,
        ("access_test", "update", "tst-1"),
        Some(access_test("Old name")),
        Some(access_test("New name")),
    )];
    let undo = undo_tests(&changed, &[]).unwrap();
    let [TestUndo::Revert { test, version }] = undo.tests.as_slice() else {
        panic!("{undo:?}")
    };
    assert_eq!((test.name.as_str(), *version), ("Old name", 3));

    let deleted = [entry(
        "s1",
        10,
        ("access_test", "delete", "tst-1"),
        Some(access_test("Gone")),
        None,
    )];
    let undo = undo_tests(&deleted, &[]).unwrap();
    let [TestUndo::Restore(test)] = undo.tests.as_slice() else {
        panic!("{undo:?}")
    };
    assert_eq!(test.name, "Gone");
    assert_eq!(
        undo_needs(&changed).tests,
        vec!["tst-1".to_owned()],
        "the test's stored version is needed"
    );
}

#[test]
fn an_access_test_changed_since_refuses_the_undo_naming_who_changed_it() {
    let created = [entry(
        "s1",
        10,
        ("access_test", "create", "tst-1"),
        None,
        Some(access_test("Support at most Editor")),
    )];
    let mut later = entry(
        "s2",
        20,
        ("access_test", "update", "tst-1"),
        Some(access_test("Support at most Editor")),
        Some(access_test("Renamed")),
    );
    later.actor = "12345.FSmit".to_owned();
    let refusal = undo_tests(&created, &[later]).unwrap_err();
    let text = refusal.describe(|at| at.to_string());
    assert!(
        text.starts_with(
            "the access test 'Support at most Editor' was changed since, by 12345.FSmit at 20"
        ),
        "{text}"
    );
}

#[test]
fn an_override_neither_moves_a_test_on_nor_stops_its_set_being_undone() {
    let created = [entry(
        "s1",
        10,
        ("access_test", "create", "tst-1"),
        None,
        Some(access_test("Support at most Editor")),
    )];
    let overridden = entry(
        "s2",
        20,
        ("access_test", "override", "tst-1"),
        None,
        Some(json!({ "test": "tst-1", "name": "Support at most Editor" })),
    );
    assert!(undo_tests(&created, std::slice::from_ref(&overridden)).is_ok());
    // The set that overrode it is undone without its override entry.
    let set = [
        entry(
            "s2",
            19,
            ("grant", "update", "gr-1"),
            Some(grant("preview_only", 1)),
            Some(grant("editor", 2)),
        ),
        overridden,
    ];
    let changes = undo(&set, &[]).unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
}

#[test]
fn a_test_undo_is_checked_against_the_tests_stored_when_written() {
    let test: gatehouse_policy::AccessTest =
        serde_json::from_value(access_test("Support at most Editor")).unwrap();
    let mut other = test.clone();
    other.id = gatehouse_policy::AccessTestId::parse("tst-2").unwrap();
    let saved = |test: &gatehouse_policy::AccessTest, version| crate::SavedTest {
        test: test.clone(),
        version,
    };
    let restore = TestUndo::Restore(test.clone());
    assert_eq!(check_test_undo(&[], &restore), Ok(()));
    assert_eq!(
        check_test_undo(&[saved(&other, 1)], &restore),
        Err(TestUndoConflict::NameTaken(
            "Support at most Editor".to_owned()
        ))
    );
    let revert = TestUndo::Revert {
        test: test.clone(),
        version: 2,
    };
    assert_eq!(check_test_undo(&[saved(&test, 2)], &revert), Ok(()));
    assert!(matches!(
        check_test_undo(&[saved(&test, 3)], &revert),
        Err(TestUndoConflict::MovedOn(_))
    ));
}
