//! Small builders shared by the scenario tests, so each test reads as its seed example.
#![allow(
    dead_code,
    reason = "each test file uses a different part of the helpers"
)]

use gatehouse_policy::*;

/// The moment the scenarios are evaluated at.
pub const NOW: Timestamp = Timestamp(1_700_000_000);

pub fn uid(id: &str) -> UserId {
    UserId::parse(id).unwrap()
}

pub fn gid(id: &str) -> GroupId {
    GroupId::parse(id).unwrap()
}

pub fn rid(id: &str) -> ResourceId {
    ResourceId::parse(id).unwrap()
}

pub fn env(id: &str) -> EnvironmentId {
    EnvironmentId::parse(id).unwrap()
}

pub fn email(address: &str) -> EmailAddress {
    EmailAddress::parse(address).unwrap()
}

pub const ALL_ENVS: [&str; 3] = ["production", "staging", "development"];

/// A policy built step by step.
#[derive(Default)]
pub struct Build(pub Policy);

impl Build {
    pub fn new() -> Self {
        Self(Policy::new())
    }

    pub fn group(mut self, id: &str, name: &str) -> Self {
        self.0.groups.push(Group::new(gid(id), name));
        self
    }

    pub fn user(mut self, id: &str, groups: &[&str]) -> Self {
        let mut user = User::new(uid(id), id.to_uppercase());
        user.groups = groups.iter().map(|g| gid(g)).collect();
        user.email = Some(email(&format!("{id}@example.com")));
        self.0.users.push(user);
        self
    }

    pub fn account_owner(mut self, id: &str) -> Self {
        self = self.user(id, &[]);
        if let Some(user) = self.0.users.last_mut() {
            user.account_owner = true;
        }
        self
    }

    pub fn deactivated(mut self, id: &str) -> Self {
        self = self.user(id, &[]);
        if let Some(user) = self.0.users.last_mut() {
            user.status = UserStatus::Deactivated;
        }
        self
    }

    pub fn app(mut self, id: &str, name: &str) -> Self {
        self.0.resources.push(Resource {
            id: rid(id),
            name: name.to_owned(),
            kind: ResourceKind::App,
            creator: None,
        });
        self
    }

    pub fn connector(mut self, id: &str, name: &str) -> Self {
        self.0.resources.push(Resource {
            id: rid(id),
            name: name.to_owned(),
            kind: ResourceKind::Connector,
            creator: None,
        });
        self
    }

    pub fn grant(mut self, subject: Subject, resource: &str, role: Role, envs: &[&str]) -> Self {
        self.0.grants.push(Grant::new(
            subject,
            rid(resource),
            role,
            envs.iter().map(|e| env(e)),
        ));
        self
    }

    pub fn precedence(mut self, precedence: Precedence) -> Self {
        self.0.precedence = precedence;
        self
    }

    pub fn done(self) -> Policy {
        self.0.validate().unwrap();
        self.0
    }
}

pub fn user(id: &str) -> Subject {
    Subject::User(uid(id))
}

pub fn group(id: &str) -> Subject {
    Subject::Group(gid(id))
}

pub fn app(role: AppRole) -> Role {
    Role::App(role)
}

pub fn connector(role: ConnectorRole) -> Role {
    Role::Connector(role)
}
