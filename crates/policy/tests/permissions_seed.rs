//! Scenarios from the app and connector permissions seed (DESIGN §2).

mod common;

use common::*;
use gatehouse_policy::*;

/// Bob has Preview Only on the CRM app; All Users has Editor everywhere.
fn crm() -> Build {
    Build::new()
        .account_owner("olivia")
        .user("bob", &[])
        .user("carol", &["dev"])
        .group("dev", "Developers")
        .app("crm", "CRM")
        .grant(Subject::AllUsers, "crm", app(AppRole::Editor), &ALL_ENVS)
        .grant(user("bob"), "crm", app(AppRole::PreviewOnly), &["staging"])
        .grant(user("olivia"), "crm", app(AppRole::Owner), &ALL_ENVS)
}

#[test]
fn all_users_editor_beats_individual_preview_only() {
    let prepared = crm().done().prepare(NOW).unwrap();
    let decision = prepared
        .explain(&uid("bob"), &rid("crm"), &env("staging"))
        .unwrap();
    assert_eq!(decision.role, app(AppRole::Editor));
    assert_eq!(decision.basis, Basis::Grant);
    assert_eq!(decision.precedence, Precedence::HighestWins);
    assert_eq!(
        decision.winner.as_ref().map(|w| &w.subject),
        Some(&Subject::AllUsers)
    );
    assert_eq!(decision.contributing.len(), 2);
    assert_eq!(decision.shadowed.len(), 1);
    assert_eq!(
        decision.shadowed[0].message,
        "user grant Preview Only has no effect: All Users grants Editor in Staging"
    );
    assert_eq!(
        decision.summary,
        "Editor in Staging from All Users (highest wins)"
    );
}

#[test]
fn most_specific_wins_lets_the_individual_grant_restrict() {
    let policy = crm().precedence(Precedence::MostSpecificWins).done();
    let prepared = policy.prepare(NOW).unwrap();
    let decision = prepared
        .explain(&uid("bob"), &rid("crm"), &env("staging"))
        .unwrap();
    assert_eq!(decision.role, app(AppRole::PreviewOnly));
    assert_eq!(
        decision.winner.as_ref().map(|w| &w.subject),
        Some(&user("bob"))
    );
    assert_eq!(
        decision.shadowed[0].message,
        "All Users grant Editor does not apply: the user's own grant gives Preview Only in \
         Staging, and the most specific grant wins"
    );
    // Outside the individual grant's environments All Users still applies.
    let production = prepared.effective_role(&uid("bob"), &rid("crm"), &env("production"));
    assert_eq!(production, Ok(app(AppRole::Editor)));
}

#[test]
fn a_group_grant_reaches_its_members_only() {
    let policy = crm()
        .connector("sql", "SQL connector")
        .grant(
            group("dev"),
            "sql",
            connector(ConnectorRole::UseOnly),
            &["development"],
        )
        .done();
    let prepared = policy.prepare(NOW).unwrap();
    let role = |u: &str, e: &str| {
        prepared
            .effective_role(&uid(u), &rid("sql"), &env(e))
            .unwrap()
    };
    assert_eq!(
        role("carol", "development"),
        connector(ConnectorRole::UseOnly)
    );
    assert_eq!(role("carol", "production"), connector(ConnectorRole::None));
    assert_eq!(role("bob", "development"), connector(ConnectorRole::None));
    let decision = prepared
        .explain(&uid("carol"), &rid("sql"), &env("development"))
        .unwrap();
    assert_eq!(
        decision.summary,
        "Use Only in Development from group Developers (highest wins)"
    );
}

#[test]
fn custom_environments_are_grantable() {
    let mut policy = crm().done();
    policy.environments.push(Environment::new(env("qa"), "QA"));
    policy.grants.push(Grant::new(
        user("bob"),
        rid("crm"),
        app(AppRole::Publisher),
        [env("qa")],
    ));
    // Bob already has a grant on crm: one grant per subject and resource.
    assert!(matches!(
        policy.validate(),
        Err(PolicyError::DuplicateGrant { .. })
    ));
    policy
        .grants
        .retain(|g| !(g.subject == user("bob") && g.role == app(AppRole::PreviewOnly)));
    let prepared = policy.prepare(NOW).unwrap();
    assert_eq!(
        prepared.effective_role(&uid("bob"), &rid("crm"), &env("qa")),
        Ok(app(AppRole::Publisher))
    );
}

#[test]
fn an_expired_grant_no_longer_applies_and_is_reported_as_expired() {
    let mut policy = crm().done();
    policy.grants.push(
        Grant::new(
            user("carol"),
            rid("crm"),
            app(AppRole::Publisher),
            [env("production")],
        )
        .expiring_at(Timestamp(NOW.0 + 60)),
    );
    let before = policy.prepare(NOW).unwrap();
    assert_eq!(before.valid_until(), Some(Timestamp(NOW.0 + 60)));
    assert!(before.is_current(Timestamp(NOW.0 + 59)) && !before.is_current(Timestamp(NOW.0 + 60)));
    let role =
        |p: &PreparedPolicy| p.effective_role(&uid("carol"), &rid("crm"), &env("production"));
    assert_eq!(role(&before), Ok(app(AppRole::Publisher)));
    let after = policy.prepare(Timestamp(NOW.0 + 60)).unwrap();
    assert_eq!(role(&after), Ok(app(AppRole::Editor)));
    let decision = after
        .explain(&uid("carol"), &rid("crm"), &env("production"))
        .unwrap();
    assert_eq!(decision.expired.len(), 1);
    assert_eq!(decision.expired[0].role, app(AppRole::Publisher));
}

#[test]
fn the_account_owner_is_owner_everywhere_without_grants() {
    let policy = crm().connector("sql", "SQL").done();
    let prepared = policy.prepare(NOW).unwrap();
    let decision = prepared
        .explain(&uid("olivia"), &rid("sql"), &env("staging"))
        .unwrap();
    assert_eq!(decision.role, connector(ConnectorRole::Owner));
    assert_eq!(decision.basis, Basis::AccountOwner);
}

#[test]
fn a_deactivated_user_has_no_access_and_frozen_permissions() {
    let policy = crm().deactivated("dave").done();
    let prepared = policy.prepare(NOW).unwrap();
    let decision = prepared
        .explain(&uid("dave"), &rid("crm"), &env("production"))
        .unwrap();
    assert_eq!(decision.role, app(AppRole::None));
    assert_eq!(decision.basis, Basis::Deactivated);
    assert_eq!(
        decision.shadowed[0].message,
        "All Users grant Editor has no effect: the account is deactivated"
    );
    let change = Change::UpsertGrant {
        grant: Grant::new(
            user("dave"),
            rid("crm"),
            app(AppRole::Owner),
            [env("production")],
        ),
    };
    assert_eq!(
        check_change(&policy, &change),
        Err(GuardError::DeactivatedUser(uid("dave")))
    );
}

#[test]
fn the_creator_becomes_owner_of_a_new_resource() {
    let mut policy = crm().done();
    policy
        .add_resource(Resource {
            id: rid("hr"),
            name: "HR".into(),
            kind: ResourceKind::App,
            creator: Some(uid("carol")),
        })
        .unwrap();
    let prepared = policy.prepare(NOW).unwrap();
    for e in ALL_ENVS {
        assert_eq!(
            prepared.effective_role(&uid("carol"), &rid("hr"), &env(e)),
            Ok(app(AppRole::Owner))
        );
    }
    assert_eq!(
        prepared.may_edit_permissions(&uid("carol"), &rid("hr")),
        Ok(())
    );
    let unknown_creator = Resource {
        id: rid("x"),
        name: "X".into(),
        kind: ResourceKind::App,
        creator: Some(uid("nobody")),
    };
    assert!(policy.add_resource(unknown_creator).is_err());
    assert!(
        policy.resource(&rid("x")).is_none(),
        "a refused add changes nothing"
    );
}

#[test]
fn only_an_owner_or_the_account_owner_may_edit_permissions() {
    let policy = crm()
        .user("erin", &[])
        .grant(user("erin"), "crm", app(AppRole::Owner), &["development"])
        .done();
    let prepared = policy.prepare(NOW).unwrap();
    assert_eq!(
        prepared.may_edit_permissions(&uid("olivia"), &rid("crm")),
        Ok(())
    );
    assert_eq!(
        prepared.may_edit_permissions(&uid("erin"), &rid("crm")),
        Ok(())
    );
    let refused = prepared
        .may_edit_permissions(&uid("bob"), &rid("crm"))
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "only an owner of `crm` or the account owner may change its permissions, and `bob` is neither"
    );
    assert_eq!(
        may_edit_permissions(&policy, &uid("bob"), &rid("crm"), NOW),
        Err(refused)
    );
    let editors = permission_editors(&prepared, &rid("crm"));
    assert_eq!(editors, [uid("olivia"), uid("erin")]);
    let grant_change = Change::RemoveGrant {
        key: GrantKey {
            subject: user("bob"),
            resource: rid("crm"),
        },
    };
    assert!(authorize(&prepared, &uid("bob"), &grant_change).is_err());
    let membership = Change::AddMembership {
        user: uid("bob"),
        group: gid("dev"),
    };
    assert_eq!(
        authorize(&prepared, &uid("erin"), &membership),
        Err(Refusal::NotAccountOwner(uid("erin")))
    );
    assert_eq!(authorize(&prepared, &uid("olivia"), &membership), Ok(()));
}

#[test]
fn the_lock_out_guard_keeps_an_owner_and_an_account_owner() {
    let policy = crm().done();
    let remove_owner = Change::RemoveGrant {
        key: GrantKey {
            subject: user("olivia"),
            resource: rid("crm"),
        },
    };
    assert_eq!(
        check_change(&policy, &remove_owner),
        Err(GuardError::ResourceWithoutOwner(rid("crm")))
    );
    let deactivate_owner = Change::SetUserStatus {
        user: uid("olivia"),
        status: UserStatus::Deactivated,
    };
    assert!(check_change(&policy, &deactivate_owner).is_err());
    let demote = Change::SetAccountOwner {
        user: uid("olivia"),
        account_owner: false,
    };
    assert_eq!(
        check_change(&policy, &demote),
        Err(GuardError::NoAccountOwner)
    );
    let harmless = Change::SetPrecedence {
        precedence: Precedence::MostSpecificWins,
    };
    assert_eq!(check_change(&policy, &harmless), Ok(()));
    let unknown = Change::AddMembership {
        user: uid("nobody"),
        group: gid("dev"),
    };
    assert_eq!(
        check_change(&policy, &unknown),
        Err(GuardError::Change(ChangeError::UnknownUser(uid("nobody"))))
    );
    // A second permanent owner makes the first one's removal safe.
    let mut two = policy.clone();
    two.grants.push(Grant::new(
        group("dev"),
        rid("crm"),
        app(AppRole::Owner),
        [env("production")],
    ));
    assert_eq!(check_change(&two, &remove_owner), Ok(()));
}

#[test]
fn the_lint_lists_every_shadowed_grant() {
    let policy = crm()
        .grant(
            group("dev"),
            "crm",
            app(AppRole::PreviewOnly),
            &["production"],
        )
        .done();
    let findings = lint(&policy, NOW).unwrap();
    let messages: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "user grant Preview Only of BOB on CRM has no effect: All Users grants Editor in Staging",
            "user grant Owner of OLIVIA on CRM has no effect: the account owner has Owner everywhere",
            "user grant Owner of OLIVIA on CRM has no effect: the account owner has Owner everywhere",
            "user grant Owner of OLIVIA on CRM has no effect: the account owner has Owner everywhere",
            "group Developers grant Preview Only on CRM has no effect: All Users grants Editor in Production",
        ]
    );
    let most_specific = Build(policy)
        .precedence(Precedence::MostSpecificWins)
        .done();
    assert!(lint(&most_specific, NOW)
        .unwrap()
        .iter()
        .all(|f| f.cause == ShadowCause::AccountOwner));
}

#[test]
fn what_if_lists_the_cells_a_change_would_change() {
    let policy = crm().done();
    let raise = Change::UpsertGrant {
        grant: Grant::new(
            Subject::AllUsers,
            rid("crm"),
            app(AppRole::Publisher),
            [env("production")],
        ),
    };
    let changes = what_if(&policy, &raise, NOW).unwrap();
    // All Users now only covers production: bob and carol gain Publisher there and lose
    // Editor in staging (carol) and development (both); bob keeps Preview Only in staging.
    let mut seen: Vec<_> = changes
        .iter()
        .map(|c| {
            (
                c.user.as_str(),
                c.env.as_str(),
                c.old.label(),
                c.new.label(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("bob", "development", "Editor", "None"),
            ("bob", "production", "Editor", "Publisher"),
            ("bob", "staging", "Editor", "Preview Only"),
            ("carol", "development", "Editor", "None"),
            ("carol", "production", "Editor", "Publisher"),
            ("carol", "staging", "Editor", "None"),
        ]
    );
}

#[test]
fn invalid_policies_are_typed_errors_naming_the_problem() {
    let base = crm().done();
    let with = |grant: Grant| {
        let mut p = base.clone();
        p.grants.push(grant);
        p.validate().unwrap_err().to_string()
    };
    let editor = app(AppRole::Editor);
    assert_eq!(
        with(Grant::new(
            user("zed"),
            rid("crm"),
            editor,
            [env("staging")]
        )),
        "grant on `crm` is for unknown user `zed`"
    );
    assert_eq!(
        with(Grant::new(
            group("ops"),
            rid("nope"),
            editor,
            [env("staging")]
        )),
        "grant on `nope` is for unknown group `ops`"
    );
    assert_eq!(
        with(Grant::new(
            user("carol"),
            rid("nope"),
            editor,
            [env("staging")]
        )),
        "grant for user `carol` is on unknown resource `nope`"
    );
    assert_eq!(
        with(Grant::new(user("carol"), rid("crm"), editor, [env("moon")])),
        "grant for user `carol` on `crm` names unknown environment `moon`"
    );
    assert_eq!(
        with(Grant::new(
            user("carol"),
            rid("crm"),
            connector(ConnectorRole::UseOnly),
            [env("staging")]
        )),
        "grant for user `carol` on `crm` gives connector role Use Only, but `crm` is an app"
    );
    assert_eq!(
        with(Grant::new(user("carol"), rid("crm"), editor, [])),
        "grant for user `carol` on `crm` covers no environment"
    );
    let mut stray = base.clone();
    stray.users[1].groups.insert(gid("ghosts"));
    assert_eq!(
        stray.validate().unwrap_err().to_string(),
        "user `bob` is a member of unknown group `ghosts`"
    );
    let mut no_prod = base.clone();
    no_prod.environments.remove(0);
    assert_eq!(
        no_prod.validate().unwrap_err().to_string(),
        "built-in environment `production` is missing"
    );
    let mut same_mail = base;
    same_mail.users[2].email = same_mail.users[1].email.clone();
    assert!(matches!(
        same_mail.validate(),
        Err(PolicyError::DuplicateEmail { .. })
    ));
}

#[test]
fn a_policy_round_trips_through_json_and_is_validated_when_prepared() {
    let policy = crm().done();
    let json = serde_json::to_string(&policy).unwrap();
    let back: Policy = serde_json::from_str(&json).unwrap();
    assert_eq!(back, policy);
    let minimal: Policy = serde_json::from_str(r#"{"users":[{"id":"a","name":"A"}]}"#).unwrap();
    assert_eq!(minimal.environments.len(), 3);
    assert!(minimal.prepare(NOW).is_ok());
    let bad: Result<Policy, _> = serde_json::from_str(r#"{"users":[{"id":"","name":"A"}]}"#);
    assert!(bad.is_err());
}

#[test]
fn rows_columns_and_the_matrix_agree_with_single_decisions() {
    let policy = crm()
        .connector("sql", "SQL")
        .grant(
            group("dev"),
            "sql",
            connector(ConnectorRole::Editor),
            &["staging", "development"],
        )
        .deactivated("dave")
        .done();
    for precedence in Precedence::ALL {
        let prepared = Build(policy.clone())
            .precedence(precedence)
            .done()
            .prepare(NOW)
            .unwrap();
        let matrix = prepared.matrix();
        let envs = prepared.environments().count();
        for u in prepared.users() {
            let row = prepared.user_row(u);
            assert_eq!(row, matrix.row(u.index()));
            for r in prepared.resources() {
                let column = prepared.resource_column(r);
                for e in prepared.environments() {
                    let level = prepared.effective_level(u, r, e);
                    assert_eq!(row[r.index() * envs + e.index()], level);
                    assert_eq!(column[u.index() * envs + e.index()], level);
                    assert_eq!(matrix.level(u.index(), r.index(), e.index()), level);
                }
            }
        }
    }
}
