//! The access test form's choices as plain values: whose access (subject kind), how it is
//! compared, the role ladder of the chosen resource, and the form's fields as the API's input.

use gatehouse_policy::{AppRole, ConnectorRole, GroupId, ResourceKind, Role, UserId};
use gatehouse_wire::{AccessTestInput, AccessTestView, Comparison, TestSubject};

/// Whose access a test is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    User,
    Group,
    Everyone,
    EveryoneOutside,
}

impl SubjectKind {
    /// Every kind, in the order the form offers them.
    pub const ALL: [Self; 4] = [
        Self::User,
        Self::Group,
        Self::Everyone,
        Self::EveryoneOutside,
    ];

    /// The form's value.
    pub fn value(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Group => "group",
            Self::Everyone => "everyone",
            Self::EveryoneOutside => "everyone_outside",
        }
    }

    /// The option's words.
    pub fn label(self) -> &'static str {
        match self {
            Self::User => "A user",
            Self::Group => "Members of a group",
            Self::Everyone => "Everyone",
            Self::EveryoneOutside => "Everyone outside a group",
        }
    }

    /// The kind of a form value.
    pub fn parse(value: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|k| k.value() == value)
            .unwrap_or(Self::Group)
    }
}

/// How the effective role is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareKind {
    AtLeast,
    AtMost,
    Exactly,
    NoAccess,
}

impl CompareKind {
    /// Every comparison, in the order the form offers them.
    pub const ALL: [Self; 4] = [Self::AtLeast, Self::AtMost, Self::Exactly, Self::NoAccess];

    /// The form's value.
    pub fn value(self) -> &'static str {
        match self {
            Self::AtLeast => "at_least",
            Self::AtMost => "at_most",
            Self::Exactly => "exactly",
            Self::NoAccess => "no_access",
        }
    }

    /// The option's words.
    pub fn label(self) -> &'static str {
        match self {
            Self::AtLeast => "have at least",
            Self::AtMost => "have at most",
            Self::Exactly => "have exactly",
            Self::NoAccess => "have no access",
        }
    }

    /// The comparison of a form value.
    pub fn parse(value: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|k| k.value() == value)
            .unwrap_or(Self::AtMost)
    }

    /// The comparison with `role`.
    pub fn with(self, role: Role) -> Comparison {
        match self {
            Self::AtLeast => Comparison::AtLeast(role),
            Self::AtMost => Comparison::AtMost(role),
            Self::Exactly => Comparison::Exactly(role),
            Self::NoAccess => Comparison::NoAccess,
        }
    }
}

/// The roles a test may name on a resource of `kind`, lowest first (None is "no access").
pub fn ladder(kind: ResourceKind) -> Vec<Role> {
    match kind {
        ResourceKind::App => AppRole::ALL[1..].iter().copied().map(Role::App).collect(),
        ResourceKind::Connector => ConnectorRole::ALL[1..]
            .iter()
            .copied()
            .map(Role::Connector)
            .collect(),
    }
}

/// The form's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub name: String,
    pub subject: SubjectKind,
    pub user: String,
    pub group: String,
    pub compare: CompareKind,
    /// The role's position on the resource's ladder.
    pub level: u8,
    pub resource: String,
    /// Every data environment, or only [`Fields::environments`].
    pub every: bool,
    pub environments: Vec<String>,
}

impl Fields {
    /// The fields of a saved test.
    pub fn of(test: &AccessTestView) -> Self {
        let (subject, user, group) = match &test.subject {
            TestSubject::User(u) => (SubjectKind::User, u.to_string(), String::new()),
            TestSubject::Group(g) => (SubjectKind::Group, String::new(), g.to_string()),
            TestSubject::Everyone => (SubjectKind::Everyone, String::new(), String::new()),
            TestSubject::EveryoneOutside(g) => {
                (SubjectKind::EveryoneOutside, String::new(), g.to_string())
            }
        };
        let compare = match test.comparison {
            Comparison::AtLeast(_) => CompareKind::AtLeast,
            Comparison::AtMost(_) => CompareKind::AtMost,
            Comparison::Exactly(_) => CompareKind::Exactly,
            Comparison::NoAccess => CompareKind::NoAccess,
        };
        Self {
            name: test.name.clone(),
            subject,
            user,
            group,
            compare,
            level: test.comparison.role().map_or(2, Role::level),
            resource: test.resource.clone(),
            every: test.environments.is_none(),
            environments: test.environments.clone().unwrap_or_default(),
        }
    }

    /// The API's input, or the field to fix and why.
    pub fn input(&self, kind: ResourceKind) -> Result<AccessTestInput, (&'static str, String)> {
        let group =
            || GroupId::parse(&self.group).map_err(|_| ("subject", "choose a group".to_owned()));
        let subject = match self.subject {
            SubjectKind::User => TestSubject::User(
                UserId::parse(&self.user).map_err(|_| ("subject", "choose a person".to_owned()))?,
            ),
            SubjectKind::Group => TestSubject::Group(group()?),
            SubjectKind::Everyone => TestSubject::Everyone,
            SubjectKind::EveryoneOutside => TestSubject::EveryoneOutside(group()?),
        };
        let role =
            Role::from_level(kind, self.level).ok_or(("comparison", "choose a role".to_owned()))?;
        if self.resource.is_empty() {
            return Err(("resource", "choose an app or connector".to_owned()));
        }
        if !self.every && self.environments.is_empty() {
            return Err((
                "environments",
                "choose at least one data environment".to_owned(),
            ));
        }
        Ok(AccessTestInput {
            name: self.name.clone(),
            subject,
            comparison: self.compare.with(role),
            resource: self.resource.clone(),
            environments: (!self.every).then(|| self.environments.clone()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_app_ladder_offers_preview_only_to_owner_and_a_connector_use_only_to_owner() {
        let app: Vec<&str> = ladder(ResourceKind::App)
            .into_iter()
            .map(Role::label)
            .collect();
        assert_eq!(app, ["Preview Only", "Editor", "Publisher", "Owner"]);
        let connector: Vec<&str> = ladder(ResourceKind::Connector)
            .into_iter()
            .map(Role::label)
            .collect();
        assert_eq!(connector, ["Use Only", "Editor", "Owner"]);
    }

    #[test]
    fn a_group_test_in_production_becomes_the_apis_input() {
        let fields = Fields {
            name: "ICT at most Editor".to_owned(),
            subject: SubjectKind::Group,
            user: String::new(),
            group: "grp-ict".to_owned(),
            compare: CompareKind::AtMost,
            level: 2,
            resource: "res-crm".to_owned(),
            every: false,
            environments: vec!["production".to_owned()],
        };
        let input = fields.input(ResourceKind::App).expect("input");
        let json = serde_json::to_value(&input).expect("json");
        assert_eq!(
            json["subject"],
            serde_json::json!({"type": "group", "id": "grp-ict"})
        );
        assert_eq!(
            json["comparison"],
            serde_json::json!({"type": "at_most", "role": {"app": "editor"}})
        );
        assert_eq!(json["environments"], serde_json::json!(["production"]));
        let none = Fields {
            every: false,
            environments: Vec::new(),
            ..fields
        };
        assert_eq!(none.input(ResourceKind::App).unwrap_err().0, "environments");
    }
}
