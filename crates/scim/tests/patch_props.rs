//! Property tests for PATCH: member adds and removes agree with a set, and arbitrary
//! operations never panic.

use std::collections::BTreeSet;

use gatehouse_scim::{apply, PatchRequest, GROUP, PATCH_SCHEMA, USER};
use proptest::prelude::*;
use serde_json::{json, Value};

#[derive(Debug, Clone)]
enum MemberOp {
    Add(Vec<u8>),
    RemoveListed(Vec<u8>),
    RemoveFiltered(u8),
}

fn member_op() -> impl Strategy<Value = MemberOp> {
    let ids = proptest::collection::vec(0u8..8, 1..4);
    prop_oneof![
        ids.clone().prop_map(MemberOp::Add),
        ids.prop_map(MemberOp::RemoveListed),
        (0u8..8).prop_map(MemberOp::RemoveFiltered),
    ]
}

fn operation(op: &MemberOp) -> Value {
    let members = |ids: &[u8]| -> Value {
        ids.iter()
            .map(|id| json!({"value": format!("u{id}")}))
            .collect()
    };
    match op {
        MemberOp::Add(ids) => json!({"op": "Add", "path": "members", "value": members(ids)}),
        MemberOp::RemoveListed(ids) => {
            json!({"op": "Remove", "path": "members", "value": members(ids)})
        }
        MemberOp::RemoveFiltered(id) => {
            json!({"op": "remove", "path": format!("members[value eq \"u{id}\"]")})
        }
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        prop_oneof![
            Just("True".to_owned()),
            Just("u1".to_owned()),
            Just("work".to_owned()),
            ".{0,8}",
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        let key = prop_oneof![
            Just("value".to_owned()),
            Just("primary".to_owned()),
            Just("type".to_owned()),
            Just("givenName".to_owned()),
            Just("displayName".to_owned()),
            Just("urn:ietf:params:scim:schemas:core:2.0:User".to_owned()),
            "[a-zA-Z.:]{1,8}",
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map(key, inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn path() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        Just("members".to_owned()),
        Just("members[value eq \"u1\"]".to_owned()),
        Just("members[value eq \"u1\"].value".to_owned()),
        Just("emails".to_owned()),
        Just("emails[type eq \"work\"].primary".to_owned()),
        Just("emails.value".to_owned()),
        Just("name.givenName".to_owned()),
        Just("name".to_owned()),
        Just("displayName".to_owned()),
        Just("active".to_owned()),
        Just("userName".to_owned()),
        Just("id".to_owned()),
        Just("groups".to_owned()),
        "[a-zA-Z.\\[\\] \"]{0,12}",
    ])
}

fn raw_operation() -> impl Strategy<Value = Value> {
    let op = prop_oneof![Just("add"), Just("Replace"), Just("REMOVE"), Just("copy")];
    (op, path(), proptest::option::of(json_value())).prop_map(|(op, path, value)| {
        let mut operation = json!({"op": op});
        if let Some(path) = path {
            operation["path"] = Value::from(path);
        }
        if let Some(value) = value {
            operation["value"] = value;
        }
        operation
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn member_patches_agree_with_a_set(ops in proptest::collection::vec(member_op(), 0..12)) {
        let mut group = json!({"id": "g1", "displayName": "Ops"});
        let mut model = BTreeSet::new();
        for op in &ops {
            let body = json!({"schemas": [PATCH_SCHEMA], "Operations": [operation(op)]});
            let request = PatchRequest::parse(&body);
            prop_assert!(request.is_ok(), "{:?}", request);
            if let Ok(request) = request {
                prop_assert_eq!(apply(&mut group, &request, &GROUP), Ok(()));
            }
            match op {
                MemberOp::Add(ids) => model.extend(ids.iter().map(|id| format!("u{id}"))),
                MemberOp::RemoveListed(ids) => {
                    for id in ids {
                        model.remove(&format!("u{id}"));
                    }
                }
                MemberOp::RemoveFiltered(id) => {
                    model.remove(&format!("u{id}"));
                }
            }
        }
        let members: Vec<String> = group["members"]
            .as_array()
            .map(|items| items.iter().filter_map(|m| m["value"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        let unique: BTreeSet<String> = members.iter().cloned().collect();
        prop_assert_eq!(members.len(), unique.len(), "duplicates in {:?}", members);
        prop_assert_eq!(unique, model);
    }

    #[test]
    fn apply_never_panics_on_arbitrary_operations(ops in proptest::collection::vec(raw_operation(), 1..4)) {
        let body = json!({"schemas": [PATCH_SCHEMA], "Operations": ops});
        if let Ok(request) = PatchRequest::parse(&body) {
            let mut user = json!({
                "id": "u1", "userName": "b", "name": {"givenName": "B"},
                "emails": [{"value": "a@x", "type": "work", "primary": true}], "active": true
            });
            let before = user.clone();
            if apply(&mut user, &request, &USER).is_err() {
                prop_assert_eq!(&user, &before);
            }
            let mut group = json!({"id": "g1", "displayName": "Ops", "members": [{"value": "u1"}]});
            let _ = apply(&mut group, &request, &GROUP);
        }
    }
}
