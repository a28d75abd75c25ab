//! Property tests for filter authorisation: what a user sees is exactly the union of the
//! rows their active filters pass, each row listing exactly the filters that passed it.
#![cfg(not(target_arch = "wasm32"))]

mod reference;

use gatehouse_policy::filter::visibility_for;
use gatehouse_policy::filter::CompiledTable;
use gatehouse_policy::*;
use proptest::prelude::*;

const FIELDS: [&str; 3] = ["kind", "owner", "open"];

fn value(roll: u8) -> Value {
    match roll % 6 {
        0 => Value::Null,
        1 => Value::from("ICT"),
        2 => Value::from("Support"),
        3 => Value::Int(i64::from(roll % 3)),
        4 => Value::Bool(roll.is_multiple_of(2)),
        _ => Value::from("Sales"),
    }
}

fn predicate() -> impl Strategy<Value = Predicate> {
    let leaf = prop_oneof![
        Just(Predicate::All {}),
        (0usize..3, any::<u8>()).prop_map(|(f, v)| Predicate::Eq {
            field: FIELDS[f].into(),
            value: value(v)
        }),
        (0usize..3, any::<u8>()).prop_map(|(f, v)| Predicate::Ne {
            field: FIELDS[f].into(),
            value: value(v)
        }),
        (0usize..3, prop::collection::vec(any::<u8>(), 1..4)).prop_map(|(f, vs)| Predicate::In {
            field: FIELDS[f].into(),
            values: vs.into_iter().map(value).collect()
        }),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..3).prop_map(|of| Predicate::And { of }),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|of| Predicate::Or { of }),
            inner.prop_map(Predicate::negate),
        ]
    })
}

fn setup() -> impl Strategy<Value = (Policy, Vec<Row>)> {
    (
        prop::collection::vec((predicate(), any::<u8>(), any::<u8>()), 0..5),
        prop::collection::vec(prop::collection::vec(any::<u8>(), 3), 0..70),
        prop::collection::vec(any::<u8>(), 1..5),
        any::<bool>(),
    )
        .prop_map(|(filters, rows, users, filtered)| {
            let mut policy = Policy::new();
            policy.groups = (0..3)
                .map(|g| Group::new(format!("g{g}").parse().unwrap(), "G"))
                .collect();
            for (i, roll) in users.iter().enumerate() {
                let mut user = User::new(format!("u{i}").parse().unwrap(), "U");
                user.groups = (0..3)
                    .filter(|g| roll >> g & 1 == 1)
                    .map(|g| format!("g{g}").parse().unwrap())
                    .collect();
                policy.users.push(user);
            }
            let mut table = Table::new(
                "t".parse().unwrap(),
                "T",
                FIELDS.iter().map(|f| (*f).to_owned()).collect(),
            );
            table.mode = if filtered {
                FilterMode::AccordingToFilter
            } else {
                FilterMode::AllRows
            };
            table.filters.clear();
            for (i, (predicate, groups, deviations)) in filters.into_iter().enumerate() {
                let mut filter = Filter::new(format!("f{i}").parse().unwrap(), "F", predicate);
                filter.groups = (0..3)
                    .filter(|g| groups >> g & 1 == 1)
                    .map(|g| format!("g{g}").parse().unwrap())
                    .collect();
                for u in 0..users.len() {
                    let deviation = match deviations >> (2 * (u % 4)) & 3 {
                        1 => Deviation::ForceOn,
                        2 => Deviation::ForceOff,
                        _ => continue,
                    };
                    filter
                        .deviations
                        .insert(format!("u{u}").parse().unwrap(), deviation);
                }
                table.filters.push(filter);
            }
            policy.tables.push(table);
            policy.validate().unwrap();
            let rows = rows
                .into_iter()
                .map(|vals| {
                    FIELDS
                        .iter()
                        .zip(vals)
                        .filter(|(_, v)| v % 7 != 0)
                        .map(|(f, v)| ((*f).to_owned(), value(v)))
                        .collect()
                })
                .collect();
            (policy, rows)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn visibility_is_the_union_of_the_active_filters((policy, rows) in setup()) {
        let table = &policy.tables[0];
        let set = RowSet::from_rows(&table.fields, &rows);
        let compiled = CompiledTable::new(table, &set).unwrap();
        for user in &policy.users {
            let visibility = visibility_for(table, &compiled, user);
            let active: Vec<&Filter> = table.filters.iter().filter(|f| reference::active(f, user)).collect();
            match (&visibility, table.mode) {
                (Visibility::AllRows { rows: n }, FilterMode::AllRows) => prop_assert_eq!(*n, rows.len()),
                (Visibility::NoActiveFilter, FilterMode::AccordingToFilter) => prop_assert!(active.is_empty()),
                (Visibility::Filtered(filtered), FilterMode::AccordingToFilter) => {
                    prop_assert!(!active.is_empty());
                    let mut expected = Vec::new();
                    for (i, row) in rows.iter().enumerate() {
                        let passing: Vec<&str> = active
                            .iter()
                            .filter(|f| reference::passes(table, &f.predicate, row))
                            .map(|f| f.id.as_str())
                            .collect();
                        if !passing.is_empty() {
                            expected.push((i, passing));
                        }
                    }
                    let got: Vec<(usize, Vec<&str>)> =
                        filtered.iter().map(|r| (r.index, r.filters().map(FilterId::as_str).collect())).collect();
                    prop_assert_eq!(got, expected);
                }
                (other, mode) => prop_assert!(false, "unexpected {:?} in mode {:?}", other, mode),
            }
        }
        let losing = who_loses_access(&policy, &table.id).unwrap();
        let expected: Vec<UserId> = policy
            .users
            .iter()
            .filter(|u| !table.filters.iter().any(|f| reference::active(f, u)))
            .map(|u| u.id.clone())
            .collect();
        prop_assert_eq!(losing, expected);
        // Who would see more rows with all rows shown: in filter mode, exactly the active
        // users whose active filters let fewer than every row through; nobody otherwise.
        let gaining = who_gains_rows(&policy, &table.id, &set).unwrap();
        let expected: Vec<(UserId, usize)> = match table.mode {
            FilterMode::AllRows => Vec::new(),
            FilterMode::AccordingToFilter => policy
                .users
                .iter()
                .filter(|u| u.is_active())
                .map(|u| {
                    let active: Vec<&Filter> =
                        table.filters.iter().filter(|f| reference::active(f, u)).collect();
                    let sees = rows
                        .iter()
                        .filter(|row| active.iter().any(|f| reference::passes(table, &f.predicate, row)))
                        .count();
                    (u.id.clone(), sees)
                })
                .filter(|(_, sees)| *sees < rows.len())
                .collect(),
        };
        prop_assert_eq!(gaining, expected);
    }
}
