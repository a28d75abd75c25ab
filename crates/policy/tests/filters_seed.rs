//! Scenarios from the filter authorisation seed (DESIGN §4): ICT and Support employees, the
//! ICT/Support manager who sees both, and the general manager with the All filter.

mod common;

use common::*;
use gatehouse_policy::filter::{Activation, MAX_DEPTH};
use gatehouse_policy::*;

fn tbl() -> TableId {
    TableId::parse("dossier").unwrap()
}

fn fid(id: &str) -> FilterId {
    FilterId::parse(id).unwrap()
}

fn row(kind: &str, subject: &str) -> Row {
    [
        ("kind".to_owned(), Value::from(kind)),
        ("subject".to_owned(), Value::from(subject)),
    ]
    .into()
}

fn dossier_rows() -> RowSet {
    let fields = ["kind".to_owned(), "subject".to_owned()];
    let rows = [
        row("ICT", "laptop broken"),
        row("Support", "customer call"),
        row("Purchasing", "new chairs"),
        row("ICT", "vpn access"),
        row("Support", "refund"),
    ];
    RowSet::from_rows(&fields, &rows)
}

/// The seed's setup: ICT filter for ICT employees, Support filter for Support employees,
/// both for the ICT/Support manager, All for the general manager.
fn seed(mode: FilterMode) -> Policy {
    let mut policy = Build::new()
        .group("ict", "ICT employees")
        .group("support", "Support employees")
        .group("manager", "ICT/Support manager")
        .group("general", "General manager")
        .user("ivan", &["ict"])
        .user("sara", &["support"])
        .user("mia", &["manager"])
        .user("gus", &["general"])
        .user("pete", &[])
        .done();
    let mut table = Table::new(
        tbl(),
        "Dossier items",
        vec!["kind".into(), "subject".into()],
    );
    table.mode = mode;
    if let Some(all) = table.filter_mut(&fid("all")) {
        all.groups.insert(gid("general"));
    }
    let mut ict = Filter::new(fid("ict"), "ICT filter", Predicate::eq("kind", "ICT"));
    ict.groups = [gid("ict"), gid("manager")].into();
    let mut support = Filter::new(
        fid("support"),
        "Support filter",
        Predicate::eq("kind", "Support"),
    );
    support.groups = [gid("support"), gid("manager")].into();
    table.filters.extend([ict, support]);
    policy.tables.push(table);
    policy.validate().unwrap();
    policy
}

fn visible(policy: &Policy, user: &str) -> Visibility {
    visible_rows(policy, &tbl(), &uid(user), &dossier_rows()).unwrap()
}

fn indexes(visibility: &Visibility) -> Vec<usize> {
    match visibility {
        Visibility::Filtered(rows) => rows.iter().map(|r| r.index).collect(),
        other => panic!("expected filtered rows, got {other:?}"),
    }
}

#[test]
fn ict_employees_see_only_ict_requests() {
    assert_eq!(
        indexes(&visible(&seed(FilterMode::AccordingToFilter), "ivan")),
        [0, 3]
    );
}

#[test]
fn support_employees_see_only_support_requests() {
    assert_eq!(
        indexes(&visible(&seed(FilterMode::AccordingToFilter), "sara")),
        [1, 4]
    );
}

#[test]
fn the_ict_support_manager_sees_the_sum_of_both_filters() {
    let visibility = visible(&seed(FilterMode::AccordingToFilter), "mia");
    let Visibility::Filtered(rows) = &visibility else {
        panic!("{visibility:?}")
    };
    let seen: Vec<(usize, Vec<&str>)> = rows
        .iter()
        .map(|r| (r.index, r.filters().map(FilterId::as_str).collect()))
        .collect();
    assert_eq!(
        seen,
        [
            (0, vec!["ict"]),
            (1, vec!["support"]),
            (3, vec!["ict"]),
            (4, vec!["support"])
        ]
    );
}

#[test]
fn the_general_manager_sees_everything_through_the_all_filter() {
    let visibility = visible(&seed(FilterMode::AccordingToFilter), "gus");
    assert_eq!(visibility.count(), 5);
    let Visibility::Filtered(rows) = &visibility else {
        panic!()
    };
    assert!(rows
        .iter()
        .all(|r| r.filters().map(FilterId::as_str).eq(["all"])));
}

#[test]
fn no_active_filter_means_no_rows_and_says_so() {
    let policy = seed(FilterMode::AccordingToFilter);
    assert_eq!(visible(&policy, "pete"), Visibility::NoActiveFilter);
    assert_eq!(visible(&policy, "pete").count(), 0);
}

#[test]
fn a_table_without_filters_shows_all_rows_to_everyone() {
    assert_eq!(
        visible(&seed(FilterMode::AllRows), "pete"),
        Visibility::AllRows { rows: 5 }
    );
}

#[test]
fn user_deviations_override_the_groups_both_ways() {
    let mut policy = seed(FilterMode::AccordingToFilter);
    let table = &mut policy.tables[0];
    table
        .filter_mut(&fid("support"))
        .unwrap()
        .deviations
        .insert(uid("ivan"), Deviation::ForceOn);
    table
        .filter_mut(&fid("ict"))
        .unwrap()
        .deviations
        .insert(uid("mia"), Deviation::ForceOff);
    assert_eq!(indexes(&visible(&policy, "ivan")), [0, 1, 3, 4]);
    assert_eq!(indexes(&visible(&policy, "mia")), [1, 4]);
    let states = filter_states(&policy, &tbl(), &uid("mia")).unwrap();
    let activations: Vec<_> = states
        .iter()
        .map(|s| (s.filter.as_str(), s.activation.clone()))
        .collect();
    assert_eq!(
        activations,
        [
            ("all", Activation::NotActivated),
            ("ict", Activation::ForcedOff),
            ("support", Activation::Groups(vec![gid("manager")])),
        ]
    );
}

#[test]
fn switching_to_filters_shows_who_loses_all_access() {
    let policy = seed(FilterMode::AllRows);
    assert_eq!(who_loses_access(&policy, &tbl()).unwrap(), [uid("pete")]);
    let unknown = TableId::parse("ledger").unwrap();
    assert_eq!(
        who_loses_access(&policy, &unknown),
        Err(FilterError::UnknownTable(unknown))
    );
}

#[test]
fn switching_to_all_rows_shows_who_sees_more() {
    let policy = seed(FilterMode::AccordingToFilter);
    // Of five requests: Ivan and Sara see two, Mia four, Pete none; Gus (All) sees all five
    // already and gains nothing.
    assert_eq!(
        who_gains_rows(&policy, &tbl(), &dossier_rows()).unwrap(),
        [
            (uid("ivan"), 2),
            (uid("sara"), 2),
            (uid("mia"), 4),
            (uid("pete"), 0)
        ]
    );
    assert!(
        who_gains_rows(&seed(FilterMode::AllRows), &tbl(), &dossier_rows())
            .unwrap()
            .is_empty()
    );
    let unknown = TableId::parse("ledger").unwrap();
    assert_eq!(
        who_gains_rows(&policy, &unknown, &dossier_rows()),
        Err(FilterError::UnknownTable(unknown))
    );
}

#[test]
fn predicates_combine_with_and_or_not_in_and_references() {
    let mut policy = seed(FilterMode::AccordingToFilter);
    let table = &mut policy.tables[0];
    let mut custom = Filter::new(
        fid("custom"),
        "Not ICT, or the VPN request",
        Predicate::or([
            Predicate::and([
                Predicate::ne("kind", "ICT"),
                Predicate::negate(Predicate::is_in("kind", ["Support"])),
            ]),
            Predicate::Filter { filter: fid("vpn") },
        ]),
    );
    custom.deviations.insert(uid("pete"), Deviation::ForceOn);
    table.filters.push(custom);
    table.filters.push(Filter::new(
        fid("vpn"),
        "VPN",
        Predicate::eq("subject", "vpn access"),
    ));
    policy.validate().unwrap();
    assert_eq!(indexes(&visible(&policy, "pete")), [2, 3]);
}

#[test]
fn bad_filters_are_typed_errors() {
    let check = |predicate: Predicate| {
        let mut policy = seed(FilterMode::AccordingToFilter);
        policy.tables[0]
            .filters
            .push(Filter::new(fid("bad"), "Bad", predicate));
        policy.validate().unwrap_err().to_string()
    };
    assert_eq!(
        check(Predicate::eq("colour", "red")),
        "filter `bad` on table `dossier` uses unknown field `colour`"
    );
    assert_eq!(
        check(Predicate::is_in::<&str>("kind", [])),
        "filter `bad` on table `dossier` checks field `kind` against an empty set"
    );
    assert_eq!(
        check(Predicate::or([])),
        "filter `bad` on table `dossier` has an `or` without conditions"
    );
    let deep = (0..MAX_DEPTH).fold(Predicate::All {}, |p, _| Predicate::negate(p));
    assert_eq!(
        check(deep),
        format!("filter `bad` on table `dossier` nests deeper than {MAX_DEPTH} levels")
    );
    assert_eq!(
        check(Predicate::Filter {
            filter: fid("ghost")
        }),
        "table `dossier` has no filter `ghost`"
    );
    assert_eq!(
        check(Predicate::Filter { filter: fid("bad") }),
        "filters on table `dossier` refer to each other in a cycle: `bad` → `bad`"
    );
}

#[test]
fn a_longer_cycle_names_every_filter_on_it() {
    let mut policy = seed(FilterMode::AccordingToFilter);
    let refer =
        |id: &str, to: &str| Filter::new(fid(id), id, Predicate::Filter { filter: fid(to) });
    policy.tables[0]
        .filters
        .extend([refer("a", "b"), refer("b", "c"), refer("c", "a")]);
    assert_eq!(
        policy.validate().unwrap_err(),
        PolicyError::Filter(FilterError::Cycle {
            table: tbl(),
            path: vec![fid("a"), fid("b"), fid("c"), fid("a")],
        })
    );
}

#[test]
fn filters_round_trip_through_json() {
    let predicate = Predicate::and([
        Predicate::eq("kind", "ICT"),
        Predicate::is_in("owner", [1i64, 2]),
    ]);
    let json = serde_json::to_value(&predicate).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"op": "and", "of": [
            {"op": "eq", "field": "kind", "value": "ICT"},
            {"op": "in", "field": "owner", "values": [1, 2]}
        ]})
    );
    assert_eq!(
        serde_json::from_value::<Predicate>(json).unwrap(),
        predicate
    );
}

#[test]
fn activation_for_unknown_groups_or_users_is_refused() {
    let mut policy = seed(FilterMode::AccordingToFilter);
    policy.tables[0].filters[1].groups.insert(gid("ghosts"));
    assert_eq!(
        policy.validate().unwrap_err().to_string(),
        "filter `ict` on table `dossier` is activated for unknown group `ghosts`"
    );
}
