//! Comparing two data environments grant by grant, and the change set that copies the
//! differences across. A subject has at most one grant on a resource, with one role for all the
//! data environments it covers: two environments differ where a grant covers one and not the
//! other. Copying to the second environment adds it to the grants only the first has; aligning
//! also takes it out of the grants only the second has (a grant left covering nothing goes).
//! The server and the demo store answer the comparison with these functions; the studio builds
//! the copy's change set with them.

use gatehouse_policy::{Policy, ResourceId, Subject};
use gatehouse_wire::{
    ChangeRequest, ComparedSide, DataEnvironment, EnvironmentComparison, EnvironmentDifference,
    GrantView,
};

use crate::changes::{Stored, StoredGrant};
use crate::resources::data_environments;

/// Why two environments cannot be compared: the query parameter and the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareRefusal {
    /// `from` or `to`.
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
    /// The id that names no data environment here, when that is what is wrong.
    pub unknown: Option<String>,
}

/// Compares data environments `from` and `to` (ids) over `grants`, the stored grants of the
/// environment (with their ids and versions); names come from `policy`.
pub fn compare_environments(
    policy: &Policy,
    grants: &[GrantView],
    from: &str,
    to: &str,
) -> Result<EnvironmentComparison, CompareRefusal> {
    let known = data_environments(policy);
    let find = |field: &'static str, id: &str| {
        known
            .iter()
            .find(|e| e.id == id)
            .cloned()
            .ok_or_else(|| CompareRefusal {
                field,
                message: format!("no data environment `{id}` here"),
                unknown: Some(id.to_owned()),
            })
    };
    let (from_env, to_env): (DataEnvironment, DataEnvironment) =
        (find("from", from)?, find("to", to)?);
    if from == to {
        return Err(CompareRefusal {
            field: "to",
            message: "choose two different data environments to compare".to_owned(),
            unknown: None,
        });
    }
    let mut same = 0;
    let mut differences = Vec::new();
    for grant in grants {
        let in_from = grant.environments.iter().any(|e| e == from);
        let in_to = grant.environments.iter().any(|e| e == to);
        let side = match (in_from, in_to) {
            (true, true) => {
                same += 1;
                continue;
            }
            (true, false) => ComparedSide::OnlyFrom,
            (false, true) => ComparedSide::OnlyTo,
            (false, false) => continue,
        };
        let resource = ResourceId::parse(&grant.resource)
            .ok()
            .and_then(|id| policy.resources.iter().find(|r| r.id == id));
        let Some(resource) = resource else { continue };
        differences.push(EnvironmentDifference {
            resource_name: resource.name.clone(),
            resource_kind: resource.kind,
            side,
            frozen: policy.grants_frozen(&grant.subject.subject),
            grant: grant.clone(),
        });
    }
    differences.sort_by(|a, b| {
        let key = |d: &EnvironmentDifference| {
            (
                d.resource_name.to_lowercase(),
                d.grant.resource.clone(),
                specificity(&d.grant.subject.subject),
                d.grant.subject.name.to_lowercase(),
            )
        };
        key(a).cmp(&key(b))
    });
    Ok(EnvironmentComparison {
        from: from_env,
        to: to_env,
        same,
        differences,
    })
}

fn specificity(subject: &Subject) -> u8 {
    match subject {
        Subject::AllUsers => 0,
        Subject::Group(_) => 1,
        Subject::User(_) => 2,
    }
}

/// The change set that makes `to` like `from` for the chosen `differences`: a grant only
/// `from` has gets `to` added; a grant only `to` has loses it (and goes when `to` was all it
/// covered). With the grants as stored, for reading the requests into changes.
pub fn align_requests(
    differences: &[&EnvironmentDifference],
    to: &str,
) -> (Vec<ChangeRequest>, Stored) {
    let mut stored = Stored::default();
    let mut requests = Vec::with_capacity(differences.len());
    for difference in differences {
        let grant = &difference.grant;
        stored.grants.insert(
            grant.id.clone(),
            StoredGrant {
                resource: grant.resource.clone(),
                subject: grant.subject.subject.clone(),
                version: grant.version,
            },
        );
        let mut environments = grant.environments.clone();
        match difference.side {
            ComparedSide::OnlyFrom => environments.push(to.to_owned()),
            ComparedSide::OnlyTo => environments.retain(|e| e != to),
        }
        requests.push(if environments.is_empty() {
            ChangeRequest::DeleteGrant {
                grant: grant.id.clone(),
                version: grant.version,
            }
        } else {
            ChangeRequest::UpdateGrant {
                grant: grant.id.clone(),
                version: grant.version,
                role: grant.role,
                environments,
                expires_at: grant.expires_at,
            }
        });
    }
    (requests, stored)
}

#[cfg(test)]
mod tests {
    use gatehouse_policy::{
        AppRole, Environment, EnvironmentId, Group, GroupId, Policy, Resource, ResourceId,
        ResourceKind, Role, Subject,
    };
    use gatehouse_wire::{ChangeRequest, ComparedSide, GrantView, SubjectView};

    use super::{align_requests, compare_environments};

    fn policy() -> Policy {
        let mut policy = Policy::new();
        policy.environments = vec![
            Environment::new(EnvironmentId::parse("production").unwrap(), "Production"),
            Environment::new(EnvironmentId::parse("staging").unwrap(), "Staging"),
            Environment::new(EnvironmentId::parse("acceptance").unwrap(), "Acceptance"),
        ];
        policy.resources = vec![
            Resource {
                id: ResourceId::parse("res-b").unwrap(),
                name: "Billing".into(),
                kind: ResourceKind::App,
                creator: None,
            },
            Resource {
                id: ResourceId::parse("res-a").unwrap(),
                name: "Atlas".into(),
                kind: ResourceKind::App,
                creator: None,
            },
        ];
        policy.groups = vec![Group {
            id: GroupId::parse("grp-s").unwrap(),
            name: "Support".into(),
            description: String::new(),
        }];
        policy
    }

    fn grant(id: &str, resource: &str, subject: Subject, envs: &[&str]) -> GrantView {
        GrantView {
            id: id.into(),
            resource: resource.into(),
            subject: SubjectView {
                name: match &subject {
                    Subject::AllUsers => "All Users".into(),
                    _ => "Support".into(),
                },
                subject,
            },
            role: Role::App(AppRole::Editor),
            environments: envs.iter().map(|e| (*e).to_owned()).collect(),
            expires_at: Some(99),
            version: 3,
        }
    }

    fn grants() -> Vec<GrantView> {
        let support = Subject::Group(GroupId::parse("grp-s").unwrap());
        vec![
            grant("g1", "res-b", Subject::AllUsers, &["production", "staging"]),
            grant("g2", "res-b", support.clone(), &["production"]),
            grant("g3", "res-a", support, &["staging"]),
            grant("g4", "res-a", Subject::AllUsers, &["production"]),
            grant("g5", "res-a", Subject::AllUsers, &["acceptance"]),
        ]
    }

    #[test]
    fn grants_covering_one_side_differ_sorted_by_resource_then_subject() {
        let c = compare_environments(&policy(), &grants(), "production", "staging").unwrap();
        assert_eq!(c.same, 1);
        let got: Vec<_> = c
            .differences
            .iter()
            .map(|d| (d.grant.id.as_str(), d.side))
            .collect();
        assert_eq!(
            got,
            [
                ("g4", ComparedSide::OnlyFrom),
                ("g3", ComparedSide::OnlyTo),
                ("g2", ComparedSide::OnlyFrom),
            ]
        );
        assert_eq!(c.differences[0].resource_name, "Atlas");
        assert_eq!(c.from.name, "Production");
    }

    #[test]
    fn unknown_or_equal_environments_are_refused_naming_the_parameter() {
        let err = compare_environments(&policy(), &[], "production", "nowhere").unwrap_err();
        assert_eq!(err.field, "to");
        assert!(err.message.contains("nowhere"), "{err:?}");
        let err = compare_environments(&policy(), &[], "staging", "staging").unwrap_err();
        assert_eq!(err.field, "to");
    }

    #[test]
    fn aligning_adds_the_target_or_takes_it_out_and_deletes_what_covers_nothing() {
        let c = compare_environments(&policy(), &grants(), "production", "staging").unwrap();
        let chosen: Vec<_> = c.differences.iter().collect();
        let (requests, stored) = align_requests(&chosen, "staging");
        assert_eq!(
            requests,
            [
                ChangeRequest::UpdateGrant {
                    grant: "g4".into(),
                    version: 3,
                    role: Role::App(AppRole::Editor),
                    environments: vec!["production".into(), "staging".into()],
                    expires_at: Some(99),
                },
                ChangeRequest::DeleteGrant {
                    grant: "g3".into(),
                    version: 3
                },
                ChangeRequest::UpdateGrant {
                    grant: "g2".into(),
                    version: 3,
                    role: Role::App(AppRole::Editor),
                    environments: vec!["production".into(), "staging".into()],
                    expires_at: Some(99),
                },
            ]
        );
        assert_eq!(stored.grants.len(), 3);
        // After aligning, the two environments no longer differ.
        let after: Vec<GrantView> = grants()
            .into_iter()
            .filter_map(|mut g| {
                match requests.iter().find(|r| matches!(r, ChangeRequest::UpdateGrant { grant, .. } | ChangeRequest::DeleteGrant { grant, .. } if *grant == g.id)) {
                    Some(ChangeRequest::UpdateGrant { environments, .. }) => {
                        g.environments = environments.clone();
                        Some(g)
                    }
                    Some(_) => None,
                    None => Some(g),
                }
            })
            .collect();
        let c = compare_environments(&policy(), &after, "production", "staging").unwrap();
        assert!(c.differences.is_empty());
        assert_eq!(c.same, 3);
    }
}
