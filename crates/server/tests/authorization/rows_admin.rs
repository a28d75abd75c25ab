//! Matrix rows for administering people and permissions: session, users, groups, resources,
//! grants, effective access, lint, what-if, audit log and the policy snapshot.

use reqwest::{Method as M, StatusCode as S};
use serde_json::{json, Value};

use crate::matrix::{
    at, env_path, Fixture, Row, BRITT, FLEUR, GIJS, HIDDEN_FROM_BRITT, ONLY_OWNER,
};

/// The rows, with the fixture's ids filled in.
pub fn rows(f: &Fixture) -> Vec<Row> {
    let crm = env_path("/resources/res-crm/permissions");
    let hrdb = env_path("/resources/res-hrdb/permissions");
    let new_user = |code: &str| json!({ "code": code, "name": "New Colleague" });
    let grant_for = |user: &str, role: Value| {
        let subject = json!({ "type": "user", "id": user });
        json!({ "subject": subject, "role": role, "environments": ["production"] })
    };
    let everywhere = json!(["production", "staging", "development"]);
    let ict_owns_ledger = json!([{ "op": "upsert_grant", "grant": {
        "subject": { "type": "group", "id": "grp-ict" }, "resource": "res-ledger",
        "role": { "connector": "owner" }, "environments": everywhere } }]);
    vec![
        // Session and environments: every signed-in administrator, for themself.
        at(M::GET, "/session", &[]).open_to(BRITT).owner_gets(S::OK),
        at(M::DELETE, "/session", &[])
            .open_to(BRITT)
            .owner_gets(S::NO_CONTENT)
            .unchanged("/api/v1/session".to_owned()),
        at(M::GET, "/environments", &[])
            .open_to(BRITT)
            .owner_gets(S::OK),
        // Who administers an environment: everyone who works there may ask.
        at(M::GET, "/environments/{env}/administrators", &[])
            .open_to(BRITT)
            .owner_gets(S::OK),
        // Users: everyone reads; only the account owner adds and edits.
        at(M::GET, "/environments/{env}/users", &[]).open_to(BRITT),
        at(M::GET, "/environments/{env}/users/{code}", &[GIJS]).open_to(BRITT),
        at(M::POST, "/environments/{env}/users", &[])
            .body(new_user("12345.NNieuw"))
            .refused(BRITT, ONLY_OWNER)
            .owner_gets(S::CREATED)
            .unchanged(env_path("/users")),
        at(M::POST, "/environments/{env}/users", &[])
            .body(new_user("12345.ONieuw"))
            .refused(GIJS, ONLY_OWNER)
            .unchanged(env_path("/users")),
        at(
            M::PUT,
            "/environments/{env}/users/{code}/properties",
            &["12345.KPeters"],
        )
        .version(1)
        .body(
            json!({ "name": "Koen Peters", "email": "koen.peters@northwind.example",
                "flags": { "windows": true, "insite": true, "pocket": false },
                "status": "active" }),
        )
        .refused(BRITT, ONLY_OWNER)
        .owner_gets(S::OK)
        .unchanged(env_path("/users/12345.KPeters")),
        // Groups: everyone reads; only the account owner changes, even a resource Owner may not.
        at(M::GET, "/environments/{env}/groups", &[]).open_to(BRITT),
        at(M::GET, "/environments/{env}/groups/{id}", &["grp-ict"]).open_to(BRITT),
        at(M::POST, "/environments/{env}/groups", &[])
            .body(json!({ "name": "Auditors" }))
            .refused(BRITT, ONLY_OWNER)
            .owner_gets(S::CREATED)
            .unchanged(env_path("/groups")),
        at(M::POST, "/environments/{env}/groups", &[])
            .body(json!({ "name": "Fleur's" }))
            .refused(FLEUR, ONLY_OWNER)
            .unchanged(env_path("/groups")),
        at(M::PUT, "/environments/{env}/groups/{id}", &["grp-support"])
            .version(1)
            .body(json!({ "name": "Support", "description": "Helps customers" }))
            .refused(BRITT, ONLY_OWNER)
            .owner_gets(S::OK)
            .unchanged(env_path("/groups/grp-support")),
        at(
            M::DELETE,
            "/environments/{env}/groups/{id}",
            &[&f.spare_group],
        )
        .version(1)
        .refused(BRITT, ONLY_OWNER)
        .owner_gets(S::NO_CONTENT)
        .unchanged(env_path(&format!("/groups/{}", f.spare_group))),
        at(
            M::PUT,
            "/environments/{env}/groups/{id}/members",
            &["grp-management"],
        )
        .version(1)
        .body(json!({ "members":
                ["usr-12345-dbakker", "usr-12345-gmeijer", "usr-12345-jdekker"] }))
        .refused(BRITT, ONLY_OWNER)
        .owner_gets(S::OK)
        .unchanged(env_path("/groups/grp-management")),
        // Data environments: everyone reads; only the account owner creates, renames, deletes.
        at(M::GET, "/environments/{env}/data-environments", &[]).open_to(BRITT),
        at(M::POST, "/environments/{env}/data-environments", &[])
            .body(json!({ "name": "Training" }))
            .refused(BRITT, ONLY_OWNER)
            .owner_gets(S::CREATED)
            .unchanged(env_path("/data-environments")),
        at(
            M::PUT,
            "/environments/{env}/data-environments/{id}",
            &[&f.data_environment_to_rename],
        )
        .version(1)
        .body(json!({ "name": "Pre-production" }))
        .refused(FLEUR, ONLY_OWNER)
        .owner_gets(S::OK)
        .unchanged(env_path("/data-environments")),
        at(
            M::DELETE,
            "/environments/{env}/data-environments/{id}",
            &[&f.spare_data_environment],
        )
        .version(1)
        .refused(BRITT, ONLY_OWNER)
        .owner_gets(S::NO_CONTENT)
        .unchanged(env_path("/data-environments")),
        // Comparing data environments reads every grant: the account owner and resource owners.
        at(M::GET, "/environments/{env}/data-environments/compare", &[])
            .query("from=production&to=staging")
            .refused(BRITT, "only the account owner and resource owners")
            .owner_gets(S::OK),
        // Users in and out as CSV: everyone who lists users exports; only the account owner
        // imports, even a dry run.
        at(M::GET, "/environments/{env}/users.csv", &[])
            .open_to(BRITT)
            .owner_gets(S::OK),
        at(M::POST, "/environments/{env}/imports/users", &[])
            .body(json!({ "csv": "code,name\n12345.QNieuw,Quinten Nieuw\n" }))
            .refused(FLEUR, "only the account owner imports users")
            .owner_gets(S::OK)
            .unchanged(env_path("/users")),
        // Resources and grants: role None hides a resource; only its Owner edits permissions.
        at(M::GET, "/environments/{env}/resources", &[]).filtered(BRITT, &HIDDEN_FROM_BRITT),
        at(
            M::GET,
            "/environments/{env}/resources/{id}/permissions",
            &["res-hrdb"],
        )
        .hidden(BRITT)
        .owner_gets(S::OK),
        at(
            M::POST,
            "/environments/{env}/resources/{id}/grants",
            &["res-crm"],
        )
        .body(grant_for("usr-12345-gmeijer", json!({ "app": "editor" })))
        .refused(BRITT, "only an owner of `CRM Portal`")
        .owner_gets(S::CREATED)
        .unchanged(crm.clone()),
        at(
            M::POST,
            "/environments/{env}/resources/{id}/grants",
            &["res-hrdb"],
        )
        .body(grant_for(
            "usr-12345-kpeters",
            json!({ "connector": "use_only" }),
        ))
        .hidden(BRITT)
        .owner_gets(S::CREATED)
        .unchanged(hrdb.clone()),
        at(M::PUT, "/environments/{env}/grants/{grant}", &["grant-4"])
            .version(1)
            .body(json!({ "role": { "app": "editor" },
                "environments": ["staging", "development"] }))
            .refused(BRITT, "only an owner of `CRM Portal`")
            .owner_gets(S::OK)
            .unchanged(crm),
        at(M::PUT, "/environments/{env}/grants/{grant}", &["grant-15"])
            .version(1)
            .body(json!({ "role": { "connector": "owner" }, "environments": everywhere }))
            .hidden(BRITT)
            .owner_gets(S::OK)
            .unchanged(hrdb.clone()),
        at(
            M::DELETE,
            "/environments/{env}/grants/{grant}",
            &["grant-7"],
        )
        .version(1)
        .refused(FLEUR, "only an owner of `Timesheets`")
        .unchanged(env_path("/resources/res-timesheets/permissions")),
        at(
            M::DELETE,
            "/environments/{env}/grants/{grant}",
            &["grant-7"],
        )
        .version(1)
        .refused(BRITT, "only an owner of `Timesheets`")
        .owner_gets(S::NO_CONTENT)
        .unchanged(env_path("/resources/res-timesheets/permissions")),
        at(
            M::DELETE,
            "/environments/{env}/grants/{grant}",
            &["grant-16"],
        )
        .version(1)
        .hidden(BRITT)
        .owner_gets(S::NO_CONTENT)
        .unchanged(hrdb),
        // Change sets: each change is authorised as its own route would be.
        at(M::POST, "/environments/{env}/changes", &[])
            .body(
                json!({ "changes": [{ "op": "create_grant", "resource": "res-crm",
                "subject": { "type": "user", "id": "usr-12345-jdekker" },
                "role": { "app": "editor" }, "environments": ["production"] }] }),
            )
            .refused(BRITT, "only an owner of `CRM Portal`")
            .owner_gets(S::OK)
            .unchanged(env_path("/resources/res-crm/permissions")),
        at(M::POST, "/environments/{env}/changes", &[])
            .body(
                json!({ "changes": [{ "op": "create_grant", "resource": "res-hrdb",
                "subject": { "type": "user", "id": "usr-12345-gmeijer" },
                "role": { "connector": "editor" }, "environments": ["production"] }] }),
            )
            .hidden(BRITT)
            .unchanged(env_path("/resources/res-hrdb/permissions")),
        at(M::POST, "/environments/{env}/changes", &[])
            .body(
                json!({ "changes": [{ "op": "add_member", "group": "grp-management",
                "user": "usr-12345-kpeters" }] }),
            )
            .refused(FLEUR, ONLY_OWNER)
            .owner_gets(S::OK)
            .unchanged(env_path("/groups/grp-management")),
        // Effective access, lint and what-if only speak of resources the caller sees.
        at(M::GET, "/environments/{env}/users/{code}/access", &[GIJS])
            .filtered(BRITT, &HIDDEN_FROM_BRITT),
        // One subject's grants across resources: only the resources the caller sees.
        at(
            M::GET,
            "/environments/{env}/users/{code}/permissions",
            &[GIJS],
        )
        .filtered(BRITT, &HIDDEN_FROM_BRITT),
        at(
            M::GET,
            "/environments/{env}/groups/{id}/permissions",
            &["grp-ict"],
        )
        .filtered(BRITT, &HIDDEN_FROM_BRITT),
        at(M::GET, "/environments/{env}/lint", &[]).filtered(BRITT, &["res-ledger"]),
        at(M::POST, "/environments/{env}/what-if", &[])
            .body(ict_owns_ledger)
            .filtered(BRITT, &["res-ledger"])
            .unchanged(env_path("/resources/res-ledger/permissions")),
        at(M::GET, "/environments/{env}/audit", &[])
            .refused(BRITT, "only the account owner can read the audit log")
            .owner_gets(S::OK),
        at(M::GET, "/environments/{env}/audit", &[])
            .refused(GIJS, "only the account owner can read the audit log"),
        at(M::GET, "/environments/{env}/audit/change-sets", &[])
            .refused(BRITT, "only the account owner can read the audit log")
            .owner_gets(S::OK),
        at(M::GET, "/environments/{env}/audit/change-sets", &[])
            .refused(GIJS, "only the account owner can read the audit log"),
        // An undo of a set that does not exist: refused before it is looked for, except for
        // the owner, who learns it does not exist.
        at(M::POST, "/environments/{env}/audit/undo", &[])
            .body(json!({ "change_set": "no-such-set", "dry_run": true }))
            .refused(BRITT, "only the account owner can read the audit log")
            .owner_gets(S::NOT_FOUND)
            .unchanged(env_path("/resources/res-ledger/permissions")),
        at(M::POST, "/environments/{env}/audit/undo", &[])
            .body(json!({ "change_set": "no-such-set" }))
            .refused(GIJS, "only the account owner can read the audit log")
            .unchanged(env_path("/resources/res-ledger/permissions")),
        // Access tests: who reads the whole policy reads them; only the account owner writes.
        at(M::GET, "/environments/{env}/access-tests", &[])
            .refused(BRITT, "only the account owner and resource owners")
            .owner_gets(S::OK),
        at(M::POST, "/environments/{env}/access-tests", &[])
            .body(json!({ "name": "Support edits the CRM",
                          "subject": { "type": "group", "id": "grp-support" },
                          "comparison": { "type": "at_least", "role": { "app": "editor" } },
                          "resource": "res-crm", "environments": ["production"] }))
            .refused(FLEUR, ONLY_OWNER)
            .owner_gets(S::CREATED)
            .unchanged(env_path("/access-tests")),
        at(
            M::PUT,
            "/environments/{env}/access-tests/{id}",
            &[&f.test_to_change],
        )
        .version(1)
        .body(
            json!({ "name": "Still harmless", "subject": { "type": "everyone" },
                      "comparison": { "type": "at_most", "role": { "app": "owner" } },
                      "resource": "res-crm" }),
        )
        .refused(FLEUR, ONLY_OWNER)
        .owner_gets(S::OK)
        .unchanged(env_path("/access-tests")),
        at(
            M::DELETE,
            "/environments/{env}/access-tests/{id}",
            &[&f.test_to_delete],
        )
        .version(1)
        .refused(GIJS, ONLY_OWNER)
        .owner_gets(S::NO_CONTENT)
        .unchanged(env_path("/access-tests")),
        at(M::GET, "/environments/{env}/policy", &[])
            .refused(BRITT, "only the account owner and resource owners")
            .owner_gets(S::OK),
        at(M::GET, "/environments/{env}/policy/compact", &[])
            .refused(BRITT, "only the account owner and resource owners")
            .owner_gets(S::OK),
    ]
}
