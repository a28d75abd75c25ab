//! OpenAPI descriptions of policy types the wire shapes carry (`Role`, `Subject`): the policy
//! crate has no OpenAPI dependency, so these mirror their JSON for the document only. The
//! tests below decode every policy value into its mirror, so a change of the JSON that is not
//! made here too fails.

use serde::Deserialize;
use utoipa::ToSchema;

/// A role on an app's ladder.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AppRoleSchema {
    /// No access.
    None,
    /// May open the app and look.
    PreviewOnly,
    /// May change the app.
    Editor,
    /// May publish it.
    Publisher,
    /// May do everything, permissions included.
    Owner,
}

/// A role on a connector's ladder.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConnectorRoleSchema {
    /// No access.
    None,
    /// May call it.
    UseOnly,
    /// May change it.
    Editor,
    /// May do everything, permissions included.
    Owner,
}

/// A role on the resource's ladder: `{"app": "editor"}` or `{"connector": "use_only"}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoleSchema {
    /// A role on an app.
    App(AppRoleSchema),
    /// A role on a connector.
    Connector(ConnectorRoleSchema),
}

/// Who a grant is for: `{"type": "all_users"}`, `{"type": "group", "id": "grp-…"}` or
/// `{"type": "user", "id": "usr-…"}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum SubjectSchema {
    /// The built-in All Users group.
    AllUsers,
    /// Every member of a group (its id).
    Group(String),
    /// One user (its id).
    User(String),
}

/// A value a row's field holds: `null`, a boolean, an integer or a text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ValueSchema {
    /// No value.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A text.
    Text(String),
}

/// Which rows a filter lets through, e.g. `{"op": "eq", "field": "department", "value":
/// "ICT"}`; `and`/`or`/`not` nest at most 16 deep.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum PredicateSchema {
    /// Every row.
    All,
    /// The field equals the value.
    Eq {
        /// A field of the table.
        #[schema(min_length = 1, max_length = 128)]
        field: String,
        /// The value.
        value: ValueSchema,
    },
    /// The field differs from the value.
    Ne {
        /// A field of the table.
        #[schema(min_length = 1, max_length = 128)]
        field: String,
        /// The value.
        value: ValueSchema,
    },
    /// The field equals one of the values.
    In {
        /// A field of the table.
        #[schema(min_length = 1, max_length = 128)]
        field: String,
        /// The values.
        values: Vec<ValueSchema>,
    },
    /// Every one of these.
    And {
        /// The predicates.
        #[schema(no_recursion)]
        of: Vec<PredicateSchema>,
    },
    /// Any one of these.
    Or {
        /// The predicates.
        #[schema(no_recursion)]
        of: Vec<PredicateSchema>,
    },
    /// Not this one.
    Not {
        /// The predicate.
        #[schema(no_recursion)]
        of: Box<PredicateSchema>,
    },
    /// What another filter of the same table lets through.
    Filter {
        /// That filter's id.
        #[schema(min_length = 1, max_length = 128)]
        filter: String,
    },
}

/// A role given to a subject on a resource in data environments.
#[derive(Debug, Deserialize, ToSchema)]
pub struct GrantSchema {
    /// Who it is for.
    pub subject: SubjectSchema,
    /// The resource's id.
    #[schema(min_length = 1, max_length = 128)]
    pub resource: String,
    /// The role.
    pub role: RoleSchema,
    /// Data environment ids; at least one.
    #[schema(min_items = 1)]
    pub environments: Vec<String>,
    /// Unix seconds after which it no longer applies.
    #[serde(default)]
    pub expires_at: Option<i64>,
}

/// What identifies a grant: its subject and resource.
#[derive(Debug, Deserialize, ToSchema)]
pub struct GrantKeySchema {
    /// Who it is for.
    pub subject: SubjectSchema,
    /// The resource's id.
    #[schema(min_length = 1, max_length = 128)]
    pub resource: String,
}

/// Active or deactivated.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UserStatusSchema {
    /// May sign in; grants apply.
    Active,
    /// Cannot sign in; grants are kept but give nothing.
    Deactivated,
}

/// Which grant wins when several apply.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PrecedenceSchema {
    /// The highest role wins.
    HighestWins,
    /// The most specific subject (user, then group, then All Users) wins.
    MostSpecificWins,
}

/// One proposed change for the what-if simulation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum WhatIfChangeSchema {
    /// Adds or replaces the grant with this subject and resource.
    UpsertGrant {
        /// The grant.
        grant: GrantSchema,
    },
    /// Removes the grant with this subject and resource.
    RemoveGrant {
        /// Which grant.
        key: GrantKeySchema,
    },
    /// Adds a user to a group.
    AddMembership {
        /// The user's id.
        #[schema(min_length = 1, max_length = 128)]
        user: String,
        /// The group's id.
        #[schema(min_length = 1, max_length = 128)]
        group: String,
    },
    /// Removes a user from a group.
    RemoveMembership {
        /// The user's id.
        #[schema(min_length = 1, max_length = 128)]
        user: String,
        /// The group's id.
        #[schema(min_length = 1, max_length = 128)]
        group: String,
    },
    /// Activates or deactivates a user.
    SetUserStatus {
        /// The user's id.
        #[schema(min_length = 1, max_length = 128)]
        user: String,
        /// The new status.
        status: UserStatusSchema,
    },
    /// Makes a user account owner or not.
    SetAccountOwner {
        /// The user's id.
        #[schema(min_length = 1, max_length = 128)]
        user: String,
        /// Whether account owner.
        account_owner: bool,
    },
    /// Chooses the organisation's precedence rule.
    SetPrecedence {
        /// The rule.
        precedence: PrecedenceSchema,
    },
}

/// How a table authorises rows.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FilterModeSchema {
    /// Everyone with access sees every row.
    AllRows,
    /// Each user sees the rows their active filters let through.
    AccordingToFilter,
}

/// One user's deviation from a filter's group activation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeviationSchema {
    /// As the user's groups say.
    Inherit,
    /// Active for the user whatever the groups say.
    ForceOn,
    /// Inactive for the user whatever the groups say.
    ForceOff,
}

/// What an app connector may do with a connector.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConnectorKindSchema {
    /// Read.
    Get,
    /// Write.
    Update,
}

/// An app or a connector.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKindSchema {
    /// An app.
    App,
    /// A connector.
    Connector,
}

/// Whose access an access test is about: `{"type": "user", "id": "usr-…"}`,
/// `{"type": "group", "id": "grp-…"}`, `{"type": "everyone"}` or
/// `{"type": "everyone_outside", "id": "grp-…"}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(
    tag = "type",
    content = "id",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum TestSubjectSchema {
    /// One user (its id).
    User(String),
    /// Each active member of a group (its id).
    Group(String),
    /// Every active user.
    Everyone,
    /// Every active user outside a group (its id).
    EveryoneOutside(String),
}

/// What an access test expects: `{"type": "at_least", "role": {"app": "editor"}}`, `at_most`,
/// `exactly`, or `{"type": "no_access"}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "type", content = "role", rename_all = "snake_case")]
pub enum ComparisonSchema {
    /// The role or a higher one.
    AtLeast(RoleSchema),
    /// The role or a lower one.
    AtMost(RoleSchema),
    /// Exactly the role.
    Exactly(RoleSchema),
    /// No access at all.
    NoAccess,
}

/// The fields of an access test (create or replace).
#[derive(Debug, Deserialize, ToSchema)]
pub struct AccessTestInputSchema {
    /// What to call the test, 1 to 80 characters, unique in the environment.
    #[schema(min_length = 1, max_length = 80)]
    pub name: String,
    /// Whose access it is about.
    pub subject: TestSubjectSchema,
    /// What their effective role must be.
    pub comparison: ComparisonSchema,
    /// The app's or connector's id.
    #[schema(min_length = 1, max_length = 128)]
    pub resource: String,
    /// The data environment ids it holds in; absent or null for every environment.
    #[serde(default)]
    pub environments: Option<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_policy::{AppRole, ConnectorRole, GroupId, Role, Subject, UserId};

    fn mirrors<T: for<'de> Deserialize<'de>>(value: &impl serde::Serialize) {
        let json = serde_json::to_value(value).unwrap();
        if let Err(err) = serde_json::from_value::<T>(json.clone()) {
            panic!("{json} is not described by the OpenAPI mirror: {err}");
        }
    }

    #[test]
    fn every_role_is_described() {
        for role in [
            AppRole::None,
            AppRole::PreviewOnly,
            AppRole::Editor,
            AppRole::Publisher,
            AppRole::Owner,
        ] {
            mirrors::<RoleSchema>(&Role::App(role));
        }
        for role in [
            ConnectorRole::None,
            ConnectorRole::UseOnly,
            ConnectorRole::Editor,
            ConnectorRole::Owner,
        ] {
            mirrors::<RoleSchema>(&Role::Connector(role));
        }
    }

    #[test]
    fn every_access_test_shape_is_described() {
        use gatehouse_policy::{AccessTestInput, Comparison, TestSubject};
        let editor = Role::App(AppRole::Editor);
        let group = GroupId::parse("grp-ict").unwrap();
        let subjects = [
            TestSubject::User(UserId::parse("usr-1").unwrap()),
            TestSubject::Group(group.clone()),
            TestSubject::Everyone,
            TestSubject::EveryoneOutside(group),
        ];
        let comparisons = [
            Comparison::AtLeast(editor),
            Comparison::AtMost(editor),
            Comparison::Exactly(editor),
            Comparison::NoAccess,
        ];
        for (subject, comparison) in subjects.into_iter().zip(comparisons) {
            let input = AccessTestInput {
                name: "t".to_owned(),
                subject,
                comparison,
                resource: "res-crm".to_owned(),
                environments: Some(vec!["production".to_owned()]),
            };
            mirrors::<AccessTestInputSchema>(&input);
        }
    }

    #[test]
    fn every_predicate_is_described() {
        use gatehouse_policy::{FilterId, Predicate};
        let all = [
            Predicate::All {},
            Predicate::eq("department", "ICT"),
            Predicate::ne("active", true),
            Predicate::is_in("grade", [1_i64, 2]),
            Predicate::And {
                of: vec![
                    Predicate::All {},
                    Predicate::Not {
                        of: Box::new(Predicate::eq("x", gatehouse_policy::Value::Null)),
                    },
                ],
            },
            Predicate::Or { of: vec![] },
            Predicate::Filter {
                filter: FilterId::parse("ict").unwrap(),
            },
        ];
        for predicate in all {
            mirrors::<PredicateSchema>(&predicate);
        }
    }

    #[test]
    fn every_what_if_change_is_described() {
        use gatehouse_policy::{
            Change, EnvironmentId, Grant, GrantKey, Precedence, ResourceId, UserStatus,
        };
        let user = || UserId::parse("usr-12345-fsmit").unwrap();
        let group = || GroupId::parse("grp-support").unwrap();
        let resource = ResourceId::parse("res-crm").unwrap();
        let grant = Grant {
            subject: Subject::Group(group()),
            resource: resource.clone(),
            role: Role::App(AppRole::Editor),
            environments: [EnvironmentId::parse("production").unwrap()].into(),
            expires_at: None,
        };
        let changes = [
            Change::UpsertGrant { grant },
            Change::RemoveGrant {
                key: GrantKey {
                    subject: Subject::AllUsers,
                    resource,
                },
            },
            Change::AddMembership {
                user: user(),
                group: group(),
            },
            Change::RemoveMembership {
                user: user(),
                group: group(),
            },
            Change::SetUserStatus {
                user: user(),
                status: UserStatus::Deactivated,
            },
            Change::SetAccountOwner {
                user: user(),
                account_owner: true,
            },
            Change::SetPrecedence {
                precedence: Precedence::MostSpecificWins,
            },
        ];
        for change in changes {
            mirrors::<WhatIfChangeSchema>(&change);
        }
    }

    #[test]
    fn every_mode_deviation_kind_and_status_is_described() {
        use gatehouse_policy::{
            ConnectorKind, Deviation, FilterMode, Precedence, ResourceKind, UserStatus,
        };
        for mode in [FilterMode::AllRows, FilterMode::AccordingToFilter] {
            mirrors::<FilterModeSchema>(&mode);
        }
        for deviation in [Deviation::Inherit, Deviation::ForceOn, Deviation::ForceOff] {
            mirrors::<DeviationSchema>(&deviation);
        }
        for kind in [ConnectorKind::Get, ConnectorKind::Update] {
            mirrors::<ConnectorKindSchema>(&kind);
        }
        for kind in [ResourceKind::App, ResourceKind::Connector] {
            mirrors::<ResourceKindSchema>(&kind);
        }
        for status in [UserStatus::Active, UserStatus::Deactivated] {
            mirrors::<UserStatusSchema>(&status);
        }
        for precedence in Precedence::ALL {
            mirrors::<PrecedenceSchema>(&precedence);
        }
    }

    #[test]
    fn every_subject_is_described() {
        mirrors::<SubjectSchema>(&Subject::AllUsers);
        mirrors::<SubjectSchema>(&Subject::Group(GroupId::parse("grp-support").unwrap()));
        mirrors::<SubjectSchema>(&Subject::User(UserId::parse("usr-12345-fsmit").unwrap()));
    }
}
