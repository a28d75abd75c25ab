//! Scenarios from the collaborator user seed (DESIGN §5, summarised from the Dutch page):
//! accountant 12345 with collaborator 12345.BWilliams working for client 98765.

mod common;

use gatehouse_policy::*;

fn code(c: &str) -> UserCode {
    UserCode::parse(c).unwrap()
}

fn envc(c: &str) -> EnvironmentCode {
    EnvironmentCode::parse(c).unwrap()
}

fn mail(a: &str) -> EmailAddress {
    EmailAddress::parse(a).unwrap()
}

fn p(n: &str) -> Participant {
    Participant::parse(n).unwrap()
}

fn person(id: &str) -> PersonId {
    PersonId::parse(id).unwrap()
}

fn org(participant: &str, licence: bool, envs: &[&str]) -> Organisation {
    Organisation {
        participant: p(participant),
        name: format!("Org {participant}"),
        collaborator_licence: licence,
        environments: envs.iter().map(|e| envc(e)).collect(),
    }
}

fn env_user(c: &str, name: &str, email: Option<&str>) -> EnvUser {
    EnvUser {
        code: code(c),
        name: name.into(),
        email: email.map(mail),
        kind: UserKind::Normal { person: person(c) },
        flags: UserFlags {
            windows: true,
            ..UserFlags::default()
        },
        collaborator: false,
    }
}

/// The accountant (12345, with a test environment) and two clients.
fn landscape() -> Landscape {
    let mut state = Landscape {
        organisations: vec![
            org("12345", true, &["O12345AA", "T12345AA"]),
            org("98765", false, &["O98765AA"]),
            org("67890", false, &["O67890AA"]),
        ],
        ..Landscape::default()
    };
    state.users.insert(
        envc("O12345AA"),
        vec![
            env_user(
                "12345.BWilliams",
                "Bertine Williams",
                Some("b.williams@accountant.nl"),
            ),
            env_user("12345.Britt", "Britt", Some("britt@accountant.nl")),
        ],
    );
    state.users.insert(
        envc("T12345AA"),
        vec![env_user(
            "12345.BWilliams",
            "Bertine Williams",
            Some("b.williams@accountant.nl"),
        )],
    );
    state.users.insert(
        envc("O98765AA"),
        vec![env_user("98765.Owner", "Client owner", None)],
    );
    state
        .users
        .insert(envc("O67890AA"), vec![env_user("67890.Jan", "Jan", None)]);
    state.validate().unwrap();
    state
}

/// BWilliams and Britt activated and added to both clients.
fn collaborating() -> Landscape {
    let mut state = landscape();
    for c in ["12345.BWilliams", "12345.Britt"] {
        state
            .activate_collaborator(envc("O12345AA"), &code(c))
            .unwrap();
        state
            .add_collaborator(envc("O98765AA"), &code(c), AddAs::System)
            .unwrap();
        state
            .add_collaborator(envc("O67890AA"), &code(c), AddAs::System)
            .unwrap();
    }
    state.validate().unwrap();
    state
}

#[test]
fn a_client_adds_the_collaborator_keeping_its_code_and_name() {
    let state = collaborating();
    let copy = state
        .user(envc("O98765AA"), &code("12345.BWilliams"))
        .unwrap();
    assert_eq!(copy.name, "Bertine Williams");
    assert_eq!(copy.kind, UserKind::System);
    assert_eq!(copy.code.participant(), p("12345"));
}

#[test]
fn an_email_change_in_production_reaches_every_client_environment() {
    let mut state = collaborating();
    let bw = code("12345.BWilliams");
    state
        .set_email(
            envc("O12345AA"),
            &bw,
            Some(mail("b.jansen-williams@accountant.nl")),
        )
        .unwrap();
    let plan = plan_sync(&state);
    assert!(plan.conflicts.is_empty());
    assert_eq!(
        plan.updates.keys().copied().collect::<Vec<_>>(),
        [envc("O67890AA"), envc("O98765AA")]
    );
    let update = &plan.updates[&envc("O98765AA")][0];
    assert_eq!(update.user, bw);
    assert_eq!(update.source, envc("O12345AA"));
    assert_eq!(update.name, None);
    let change = update.email.as_ref().unwrap();
    assert_eq!(change.old, Some(mail("b.williams@accountant.nl")));
    assert_eq!(change.new, Some(mail("b.jansen-williams@accountant.nl")));
    state.apply_sync(&plan).unwrap();
    assert_eq!(
        state.user(envc("O98765AA"), &bw).unwrap().email,
        Some(mail("b.jansen-williams@accountant.nl"))
    );
    assert!(
        plan_sync(&state).is_empty(),
        "a second run has nothing to do"
    );
}

#[test]
fn a_taken_email_skips_that_client_environment_and_reports_the_conflict() {
    let mut state = collaborating();
    let bw = code("12345.BWilliams");
    // In the client environment O98765AA the new address already belongs to 12345.Britt.
    state.users.get_mut(&envc("O98765AA")).unwrap()[2].email =
        Some(mail("b.jansen-williams@accountant.nl"));
    state.validate().unwrap();
    state
        .set_email(
            envc("O12345AA"),
            &bw,
            Some(mail("b.jansen-williams@accountant.nl")),
        )
        .unwrap();
    let plan = plan_sync(&state);
    assert_eq!(plan.conflicts.len(), 1);
    assert_eq!(
        plan.conflicts[0].to_string(),
        "b.jansen-williams@accountant.nl already belongs to 12345.Britt in O98765AA"
    );
    let skipped: Vec<_> = plan
        .updates
        .get(&envc("O98765AA"))
        .into_iter()
        .flatten()
        .filter(|u| u.user == bw)
        .collect();
    assert!(
        skipped.is_empty(),
        "the conflicting environment gets no update for BWilliams"
    );
    assert_eq!(
        plan.updates[&envc("O67890AA")][0].user,
        bw,
        "other clients are still updated"
    );
}

#[test]
fn changes_in_test_environments_are_never_synchronised() {
    let mut state = collaborating();
    let bw = code("12345.BWilliams");
    state
        .set_name(envc("T12345AA"), &bw, "Bertine Jansen-Williams")
        .unwrap();
    assert!(plan_sync(&state).is_empty());
    state
        .set_name(envc("O12345AA"), &bw, "Bertine Jansen-Williams")
        .unwrap();
    let plan = plan_sync(&state);
    assert_eq!(plan.updates.len(), 2);
    assert!(plan.updates.values().flatten().all(|u| u
        .name
        .as_ref()
        .is_some_and(|n| n.new == "Bertine Jansen-Williams")));
}

#[test]
fn email_and_name_are_editable_only_in_the_provider_environments() {
    let mut state = collaborating();
    let bw = code("12345.BWilliams");
    let refused = state.set_email(envc("O98765AA"), &bw, None).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "email and name of `12345.BWilliams` can only be changed in environments of `12345`"
    );
    assert!(state.set_name(envc("O98765AA"), &bw, "B").is_err());
}

#[test]
fn an_email_belongs_to_one_user_per_environment() {
    let mut state = collaborating();
    let refused = state
        .set_email(
            envc("O12345AA"),
            &code("12345.Britt"),
            Some(mail("b.williams@accountant.nl")),
        )
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "email address `b.williams@accountant.nl` already belongs to `12345.BWilliams` in `O12345AA`"
    );
}

#[test]
fn activation_refuses_each_missing_condition_with_its_own_error() {
    let bw = code("12345.BWilliams");
    let mut state = landscape();
    assert_eq!(
        state.activate_collaborator(envc("T12345AA"), &bw),
        Err(CollaboratorError::NotProductionEnvironment(envc(
            "T12345AA"
        )))
    );
    let mut unlicensed = landscape();
    unlicensed.organisations[0].collaborator_licence = false;
    assert_eq!(
        unlicensed.activate_collaborator(envc("O12345AA"), &bw),
        Err(CollaboratorError::NoCollaboratorLicence(p("12345")))
    );
    state.users.get_mut(&envc("O12345AA")).unwrap()[0]
        .flags
        .windows = false;
    assert_eq!(
        state
            .activate_collaborator(envc("O12345AA"), &bw)
            .unwrap_err()
            .to_string(),
        "user `12345.BWilliams` must have windows enabled in the provider's production environment"
    );
    assert!(matches!(
        state.activate_collaborator(envc("O12345AA"), &code("98765.Owner")),
        Err(CollaboratorError::NotOwnUser { .. })
    ));
    assert!(matches!(
        state.activate_collaborator(envc("O12345AA"), &code("12345.Nobody")),
        Err(CollaboratorError::UnknownUser { .. })
    ));
    assert_eq!(
        state.activate_collaborator(envc("O11111AA"), &bw),
        Err(CollaboratorError::UnknownEnvironment(envc("O11111AA")))
    );
}

#[test]
fn only_activated_collaborators_can_be_added_to_a_client() {
    let mut state = landscape();
    let bw = code("12345.BWilliams");
    assert_eq!(
        state
            .add_collaborator(envc("O98765AA"), &bw, AddAs::System)
            .unwrap_err(),
        CollaboratorError::NotACollaborator(bw.clone())
    );
    state.activate_collaborator(envc("O12345AA"), &bw).unwrap();
    assert!(matches!(
        state.add_collaborator(envc("T12345AA"), &bw, AddAs::System),
        Err(CollaboratorError::SameOrganisation { .. })
    ));
    state
        .add_collaborator(envc("O98765AA"), &bw, AddAs::System)
        .unwrap();
    assert!(matches!(
        state.add_collaborator(envc("O98765AA"), &bw, AddAs::System),
        Err(CollaboratorError::AlreadyPresent { .. })
    ));
}

#[test]
fn a_system_user_converts_to_a_normal_user_for_insite() {
    let mut state = collaborating();
    let bw = code("12345.BWilliams");
    let client = envc("O67890AA");
    let insite = UserFlags {
        windows: true,
        insite: true,
        pocket: false,
    };
    assert!(matches!(
        state.set_flags(client, &bw, insite),
        Err(CollaboratorError::InsiteNeedsNormalUser { .. })
    ));
    state
        .convert_to_normal(client, &bw, person("p-jan"))
        .unwrap();
    assert!(matches!(
        state.convert_to_normal(client, &bw, person("p-jan")),
        Err(CollaboratorError::AlreadyNormal { .. })
    ));
    state.set_flags(client, &bw, insite).unwrap();
    assert_eq!(
        insite_address(p("67890"), "afasinsite.nl").unwrap(),
        "https://67890.afasinsite.nl"
    );
    assert!(insite_address(p("67890"), "not a domain").is_err());
}

#[test]
fn collaborators_count_for_the_provider_except_insite_at_the_client() {
    let mut state = collaborating();
    let counts = state.licence_counts();
    assert_eq!(
        counts[&p("12345")],
        LicenceCount {
            users: 2,
            collaborators: 2,
            insite: 0
        }
    );
    assert_eq!(
        counts[&p("98765")],
        LicenceCount {
            users: 1,
            collaborators: 0,
            insite: 0
        }
    );
    let client = envc("O67890AA");
    let bw = code("12345.BWilliams");
    state
        .convert_to_normal(client, &bw, person("p-jan"))
        .unwrap();
    state
        .set_flags(
            client,
            &bw,
            UserFlags {
                windows: true,
                insite: true,
                pocket: false,
            },
        )
        .unwrap();
    let counts = state.licence_counts();
    assert_eq!(
        counts[&p("67890")],
        LicenceCount {
            users: 1,
            collaborators: 0,
            insite: 1
        }
    );
    assert_eq!(
        counts[&p("12345")].users,
        2,
        "still counted for the provider's licence"
    );
}

#[test]
fn collaborators_cannot_use_single_sign_on() {
    let state = collaborating();
    let bw = code("12345.BWilliams");
    assert_eq!(
        state.check_sign_in(envc("O98765AA"), &bw, SignInMethod::SingleSignOn),
        Err(CollaboratorError::SingleSignOnNotAllowed(bw.clone()))
    );
    assert_eq!(
        state.check_sign_in(envc("O98765AA"), &bw, SignInMethod::Password),
        Ok(())
    );
    assert_eq!(
        state.check_sign_in(envc("O12345AA"), &bw, SignInMethod::SingleSignOn),
        Ok(())
    );
}

#[test]
fn a_landscape_round_trips_through_json() {
    let state = collaborating();
    let json = serde_json::to_string(&state).unwrap();
    assert!(json.contains("\"12345.BWilliams\""));
    assert_eq!(serde_json::from_str::<Landscape>(&json).unwrap(), state);
}

#[test]
fn refusals_read_with_names_not_codes_in_backticks() {
    let mut state = landscape();
    let err = state
        .add_collaborator(envc("O98765AA"), &code("12345.BWilliams"), AddAs::System)
        .unwrap_err();
    let raw = err.to_string();
    assert!(raw.contains('`'), "{raw}");
    let shown = state.readable(&raw);
    assert!(!shown.contains('`'), "{shown}");
    assert!(
        shown.contains("Bertine Williams (12345.BWilliams)"),
        "{shown}"
    );

    let err = state
        .activate_collaborator(envc("O98765AA"), &code("98765.Owner"))
        .unwrap_err();
    let shown = state.readable(&err.to_string());
    assert!(shown.contains("Org 98765 (98765)"), "{shown}");
    assert!(!shown.contains('`'), "{shown}");
}
