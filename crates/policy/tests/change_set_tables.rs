//! Tables under filter authorisation in change sets: managed by the account owner and the
//! Owners of the connectors serving the table; the built-in All filter stays; a filter another
//! uses stays; groups created in the same set may be activated; every touched table is valid
//! after the set.

mod common;

use common::*;
use gatehouse_policy::{
    decide, filter_from_input, Actor, ConnectorRole, Deviation, FilterId, FilterMode, Group,
    Policy, Predicate, PreparedPolicy, RefusalKind, SetChange, SetRefusal, Table, TableId,
};

/// Anna is account owner; Gijs Owner of HR Database, which serves table Dossier items; Fleur a
/// plain user in ICT. The table has the built-in All filter and "ICT" (department = ICT), and
/// "ICT or HR" which uses "ICT".
fn org() -> Policy {
    let mut policy = Build::new()
        .group("ict", "ICT")
        .account_owner("anna")
        .user("gijs", &[])
        .user("fleur", &["ict"])
        .connector("hrdb", "HR Database")
        .grant(
            user("gijs"),
            "hrdb",
            connector(ConnectorRole::Owner),
            &ALL_ENVS,
        )
        .done();
    let mut table = Table::new(
        TableId::parse("tbl-dossier").unwrap(),
        "Dossier items",
        vec!["department".to_owned()],
    );
    table.connectors.insert(rid("hrdb"));
    table
        .filters
        .push(filter("ICT", Predicate::eq("department", "ICT")));
    table.filters.push(filter(
        "ICT or HR",
        Predicate::Or {
            of: vec![
                Predicate::Filter { filter: fid("ict") },
                Predicate::eq("department", "HR"),
            ],
        },
    ));
    policy.tables.push(table);
    policy.validate().unwrap();
    policy
}

fn fid(id: &str) -> FilterId {
    FilterId::parse(id).unwrap()
}

fn tbl() -> TableId {
    TableId::parse("tbl-dossier").unwrap()
}

fn filter(name: &str, predicate: Predicate) -> gatehouse_policy::Filter {
    filter_from_input(0, None, None, name, predicate).unwrap()
}

fn decide_as(
    actor: &str,
    changes: &[SetChange],
) -> Result<gatehouse_policy::Decided, Vec<SetRefusal>> {
    let prepared = PreparedPolicy::new(org(), NOW).unwrap();
    decide(&prepared, &Actor::User(uid(actor)), changes)
}

fn table_after(decided: &gatehouse_policy::Decided) -> Table {
    decided.after.policy().tables[0].clone()
}

#[test]
fn a_connector_owner_manages_the_table_and_others_may_not() {
    let changes = [
        SetChange::CreateFilter {
            table: tbl(),
            filter: filter("HR only", Predicate::eq("department", "HR")),
        },
        SetChange::SetFilterGroups {
            table: tbl(),
            filter: fid("ict"),
            groups: vec![gid("ict")],
        },
        SetChange::SetDeviation {
            table: tbl(),
            filter: fid("ict"),
            user: uid("gijs"),
            deviation: Deviation::ForceOn,
        },
        SetChange::SetTableMode {
            table: tbl(),
            mode: FilterMode::AccordingToFilter,
        },
    ];
    let decided = decide_as("gijs", &changes).unwrap();
    let table = table_after(&decided);
    assert_eq!(table.mode, FilterMode::AccordingToFilter);
    assert!(
        table.filter(&fid("hr-only")).is_some(),
        "{:?}",
        table.filters
    );
    let ict = table.filter(&fid("ict")).unwrap();
    assert!(ict.groups.contains(&gid("ict")));
    assert_eq!(ict.deviation(&uid("gijs")), Deviation::ForceOn);
    assert!(decided.impact.is_empty(), "filters give no roles");

    let refused = decide_as("fleur", &changes).unwrap_err();
    assert_eq!(refused.len(), 4);
    assert_eq!(refused[0].kind, RefusalKind::Forbidden);
    assert_eq!(
        refused[0].message,
        "only an owner of HR Database or the account owner may manage table Dossier items, and you are neither"
    );
    decide_as("anna", &changes).unwrap();
}

#[test]
fn the_built_in_all_filter_and_used_filters_stay() {
    let refused = decide_as(
        "anna",
        &[
            SetChange::DeleteFilter {
                table: tbl(),
                filter: fid("all"),
            },
            SetChange::UpdateFilter {
                table: tbl(),
                filter: gatehouse_policy::Filter::new(
                    fid("ict"),
                    "ICT",
                    Predicate::eq("department", "ICT"),
                ),
            },
        ],
    )
    .unwrap_err();
    assert_eq!(
        refused[0].message,
        "the built-in All filter cannot be deleted"
    );

    let used = decide_as(
        "anna",
        &[SetChange::DeleteFilter {
            table: tbl(),
            filter: fid("ict"),
        }],
    )
    .unwrap_err();
    assert_eq!(used[0].kind, RefusalKind::Conflict);
    assert_eq!(
        used[0].message,
        "the filter is used by filter ICT or HR; change that first"
    );
    // Both in one set: nothing uses it afterwards.
    decide_as(
        "anna",
        &[
            SetChange::DeleteFilter {
                table: tbl(),
                filter: fid("ict"),
            },
            SetChange::DeleteFilter {
                table: tbl(),
                filter: fid("ict-or-hr"),
            },
        ],
    )
    .unwrap();
}

#[test]
fn the_table_is_checked_as_it_is_after_the_set() {
    let unknown_field = decide_as(
        "anna",
        &[SetChange::UpdateFilter {
            table: tbl(),
            filter: gatehouse_policy::Filter::new(fid("ict"), "ICT", Predicate::eq("salary", 1)),
        }],
    )
    .unwrap_err();
    assert_eq!(unknown_field[0].field.as_deref(), Some("predicate"));
    assert!(
        !unknown_field[0].message.contains('`')
            && unknown_field[0].message.contains("Dossier items"),
        "{unknown_field:?}"
    );
    // A group of the same set may be activated; a made-up one may not.
    decide_as(
        "anna",
        &[
            SetChange::CreateGroup {
                group: Group::new(gid("hr"), "HR"),
            },
            SetChange::SetFilterGroups {
                table: tbl(),
                filter: fid("ict-or-hr"),
                groups: vec![gid("hr")],
            },
        ],
    )
    .unwrap();
    let made_up = decide_as(
        "anna",
        &[SetChange::SetFilterGroups {
            table: tbl(),
            filter: fid("ict"),
            groups: vec![gid("nobody")],
        }],
    )
    .unwrap_err();
    assert_eq!(made_up[0].field.as_deref(), Some("groups[0]"));
    // Names are unique in the table regardless of case.
    let clash = decide_as(
        "anna",
        &[SetChange::CreateFilter {
            table: tbl(),
            filter: filter_from_input(
                0,
                Some(&org().tables[0]),
                None,
                "ict or hr",
                Predicate::All {},
            )
            .unwrap(),
        }],
    )
    .unwrap_err();
    assert_eq!(clash[0].field.as_deref(), Some("name"));
}

#[test]
fn a_deviation_for_a_filter_the_set_deletes_is_refused() {
    let refused = decide_as(
        "anna",
        &[
            SetChange::DeleteFilter {
                table: tbl(),
                filter: fid("ict-or-hr"),
            },
            SetChange::SetDeviation {
                table: tbl(),
                filter: fid("ict-or-hr"),
                user: uid("fleur"),
                deviation: Deviation::ForceOff,
            },
        ],
    )
    .unwrap_err();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].index, Some(1));
    let unknown_table = decide_as(
        "anna",
        &[SetChange::SetTableMode {
            table: TableId::parse("tbl-nope").unwrap(),
            mode: FilterMode::AllRows,
        }],
    )
    .unwrap_err();
    assert_eq!(unknown_table[0].kind, RefusalKind::NotFound);
}
