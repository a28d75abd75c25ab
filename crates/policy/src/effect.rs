//! What one grant yields given the whole policy, counted over everyone it reaches: per data
//! environment, how many people get the grant's role from it and for how many another grant
//! (or the account owner's Owner) decides instead. For one person the answer with its
//! reasons is [`PreparedPolicy::explain`]; this counts the same classification over a group
//! or All Users without explaining each member, so a grant for 10,000 people stays cheap.

use serde::{Deserialize, Serialize};

use crate::compiled::{EnvIx, PreparedPolicy, ResourceIx, UserIx, UserState};
use crate::grants::{GrantKey, Precedence, Subject};
use crate::ids::EnvironmentId;

/// What a grant does in one data environment it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantEffect {
    /// The data environment.
    pub environment: EnvironmentId,
    /// The active people the grant reaches: the user, the group's active members, or every
    /// active user for All Users.
    pub reached: usize,
    /// Of those, the people whose effective role comes from this grant: it decides, or it
    /// ties with the grant that does (what [`crate::Decision`] calls the winner or tied).
    pub gives: usize,
    /// Of those, the people for whom it has no effect: a grant that outranks it under the
    /// precedence rule decides, or they are the account owner (the grant is among the
    /// decision's shadowed grants).
    pub shadowed: usize,
}

impl PreparedPolicy {
    /// What the grant `key` yields in each data environment it covers, in environment order;
    /// `None` when the policy has no such grant. An expired grant reaches people but gives
    /// and shadows nothing.
    pub fn grant_effect(&self, key: &GrantKey) -> Option<Vec<GrantEffect>> {
        let r = self.resource_ix(&key.resource)?;
        let grant = self.grants_on(r).find(|g| g.subject == key.subject)?;
        let expired = grant.is_expired(self.now());
        let level = grant.role.level();
        let reached = self.reached_by(&grant.subject);
        let mut envs: Vec<(EnvIx, &EnvironmentId)> = grant
            .environments
            .iter()
            .filter_map(|e| self.env_ix(e).map(|ix| (ix, e)))
            .collect();
        envs.sort_by_key(|(ix, _)| *ix);
        Some(
            envs.into_iter()
                .map(|(e, environment)| {
                    let mut effect = GrantEffect {
                        environment: environment.clone(),
                        reached: reached.len(),
                        gives: 0,
                        shadowed: 0,
                    };
                    if !expired {
                        for u in &reached {
                            if self.grant_decides(*u, r, e, &grant.subject, level) {
                                effect.gives += 1;
                            } else {
                                effect.shadowed += 1;
                            }
                        }
                    }
                    effect
                })
                .collect(),
        )
    }

    /// The active users a grant for `subject` reaches.
    fn reached_by(&self, subject: &Subject) -> Vec<UserIx> {
        let active = |u: &UserIx| self.user_state(*u) != UserState::Deactivated;
        match subject {
            Subject::AllUsers => self.users().filter(active).collect(),
            Subject::Group(group) => self.active_members(group).unwrap_or(&[]).to_vec(),
            Subject::User(user) => self.user_ix(user).into_iter().filter(active).collect(),
        }
    }

    /// Whether a grant in force for `subject` at `level`, which reaches the active user `u`,
    /// gives `u` their role on `r` in `e` (as the winner or tied with it) rather than being
    /// shadowed — the classification [`PreparedPolicy::explain`] makes.
    fn grant_decides(
        &self,
        u: UserIx,
        r: ResourceIx,
        e: EnvIx,
        subject: &Subject,
        level: u8,
    ) -> bool {
        if self.user_state(u) != UserState::Normal {
            // The account owner's Owner decides every cell.
            return false;
        }
        let effective = self.effective_level(u, r, e);
        match self.precedence() {
            // Nothing can decide below a grant that reaches the cell, so it decides exactly
            // where the effective role is its own.
            Precedence::HighestWins => effective == level,
            // A more specific grant in force overrides it whatever its role.
            Precedence::MostSpecificWins => {
                let cells = &self.compiled.cells;
                let cell = r.index() * cells.envs + e.index();
                let own = cells.own_cell(u.index(), r.index(), e.index()) != 0;
                let groups = cells.groups_cell(u.index(), cell) != 0;
                let overridden = match subject {
                    Subject::AllUsers => own || groups,
                    Subject::Group(_) => own,
                    Subject::User(_) => false,
                };
                !overridden && effective == level
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::grants::Grant;
    use crate::ids::{GroupId, ResourceId, UserId};
    use crate::policy::{Group, Policy, Resource, User, UserStatus};
    use crate::roles::{AppRole, ResourceKind, Role};
    use crate::time::Timestamp;

    fn uid(id: &str) -> UserId {
        UserId::parse(id).unwrap()
    }

    fn gid(id: &str) -> GroupId {
        GroupId::parse(id).unwrap()
    }

    fn crm() -> ResourceId {
        ResourceId::parse("crm").unwrap()
    }

    fn env(id: &str) -> EnvironmentId {
        EnvironmentId::parse(id).unwrap()
    }

    fn role(role: AppRole) -> Role {
        Role::App(role)
    }

    /// ICT (Carlos, Emre) and Support (Emre, Fleur); Hana deactivated in ICT; Anna the
    /// account owner. CRM: All Users Preview Only, ICT Editor, Carlos's own Preview Only,
    /// Hana's own Editor, all in Production.
    fn policy(precedence: Precedence) -> Policy {
        let mut policy = Policy::new();
        policy.precedence = precedence;
        policy.groups = vec![
            Group::new(gid("ict"), "ICT"),
            Group::new(gid("support"), "Support"),
        ];
        let user = |id: &str, name: &str, groups: &[&str]| {
            let mut u = User::new(uid(id), name);
            u.groups = groups.iter().map(|g| gid(g)).collect();
            u
        };
        let mut anna = user("anna", "Anna", &[]);
        anna.account_owner = true;
        let mut hana = user("hana", "Hana", &["ict"]);
        hana.status = UserStatus::Deactivated;
        policy.users = vec![
            anna,
            user("carlos", "Carlos", &["ict"]),
            user("emre", "Emre", &["ict", "support"]),
            user("fleur", "Fleur", &["support"]),
            hana,
        ];
        policy.resources = vec![Resource {
            id: crm(),
            name: "CRM Portal".to_owned(),
            kind: ResourceKind::App,
            creator: None,
        }];
        let grant =
            |subject: Subject, r: AppRole| Grant::new(subject, crm(), role(r), [env("production")]);
        policy.grants = vec![
            grant(Subject::AllUsers, AppRole::PreviewOnly),
            grant(Subject::Group(gid("ict")), AppRole::Editor),
            grant(Subject::User(uid("carlos")), AppRole::PreviewOnly),
            grant(Subject::User(uid("hana")), AppRole::Editor),
        ];
        policy
    }

    fn effect(policy: &Policy, subject: Subject) -> GrantEffect {
        let prepared = policy.prepare(Timestamp(0)).unwrap();
        let key = GrantKey {
            subject,
            resource: crm(),
        };
        prepared.grant_effect(&key).unwrap().remove(0)
    }

    fn counts(effect: &GrantEffect) -> (usize, usize, usize) {
        (effect.reached, effect.gives, effect.shadowed)
    }

    #[test]
    fn a_group_grant_gives_its_role_to_every_active_member_it_outranks_others_for() {
        let ict = effect(&policy(Precedence::HighestWins), Subject::Group(gid("ict")));
        // Carlos and Emre; Hana is deactivated and not counted.
        assert_eq!(counts(&ict), (2, 2, 0));
    }

    #[test]
    fn all_users_is_shadowed_for_members_of_a_group_that_gives_more_and_the_account_owner() {
        let all = effect(&policy(Precedence::HighestWins), Subject::AllUsers);
        // Anna (account owner), Carlos and Emre (ICT Editor) shadowed; Fleur gets Preview Only.
        assert_eq!(counts(&all), (4, 1, 3));
    }

    #[test]
    fn a_users_own_lower_grant_is_shadowed_by_a_group_under_highest_wins() {
        let carlos = effect(
            &policy(Precedence::HighestWins),
            Subject::User(uid("carlos")),
        );
        assert_eq!(counts(&carlos), (1, 0, 1));
    }

    #[test]
    fn a_users_own_grant_decides_under_most_specific_wins_and_overrides_the_group() {
        let policy = policy(Precedence::MostSpecificWins);
        let carlos = effect(&policy, Subject::User(uid("carlos")));
        assert_eq!(counts(&carlos), (1, 1, 0));
        let ict = effect(&policy, Subject::Group(gid("ict")));
        // Carlos's own grant overrides ICT for him; Emre gets Editor from ICT.
        assert_eq!(counts(&ict), (2, 1, 1));
    }

    #[test]
    fn a_deactivated_users_grant_reaches_nobody() {
        let hana = effect(&policy(Precedence::HighestWins), Subject::User(uid("hana")));
        assert_eq!(counts(&hana), (0, 0, 0));
    }

    #[test]
    fn an_expired_grant_gives_nothing() {
        let mut policy = policy(Precedence::HighestWins);
        policy.grants[1] = policy.grants[1].clone().expiring_at(Timestamp(0));
        assert_eq!(
            counts(&effect(&policy, Subject::Group(gid("ict")))),
            (2, 0, 0)
        );
    }

    #[test]
    fn only_the_environments_the_grant_covers_are_listed_in_order() {
        let mut policy = policy(Precedence::HighestWins);
        policy.grants[1].environments = BTreeSet::from([env("development"), env("production")]);
        let prepared = policy.prepare(Timestamp(0)).unwrap();
        let key = GrantKey {
            subject: Subject::Group(gid("ict")),
            resource: crm(),
        };
        let listed: Vec<_> = prepared
            .grant_effect(&key)
            .unwrap()
            .into_iter()
            .map(|e| e.environment)
            .collect();
        assert_eq!(listed, vec![env("production"), env("development")]);
        let missing = GrantKey {
            subject: Subject::Group(gid("support")),
            resource: crm(),
        };
        assert_eq!(prepared.grant_effect(&missing), None);
    }
}
