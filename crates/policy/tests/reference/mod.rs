//! A deliberately naïve reference evaluator, written straight from DESIGN §2 and §4 without
//! any of the crate's evaluation code: linear scans over the snapshot, nothing prepared.
//! The property tests check that the real evaluator agrees with it on every decision.
#![allow(dead_code, reason = "each property file uses a different part")]

use gatehouse_policy::*;

/// A role's rung, counted by hand from the ladders in DESIGN §2.
pub fn rung(role: Role) -> u8 {
    match role {
        Role::Connector(ConnectorRole::None) | Role::App(AppRole::None) => 0,
        Role::Connector(ConnectorRole::UseOnly) | Role::App(AppRole::PreviewOnly) => 1,
        Role::Connector(ConnectorRole::Editor) | Role::App(AppRole::Editor) => 2,
        Role::Connector(ConnectorRole::Owner) | Role::App(AppRole::Publisher) => 3,
        Role::App(AppRole::Owner) => 4,
    }
}

/// The top rung of a resource's ladder.
pub fn owner_rung(kind: ResourceKind) -> u8 {
    match kind {
        ResourceKind::App => 4,
        ResourceKind::Connector => 3,
    }
}

/// The effective rung of `user` on `resource` in `env` at `now`.
pub fn effective(
    policy: &Policy,
    user: &UserId,
    resource: &ResourceId,
    env: &EnvironmentId,
    now: Timestamp,
) -> u8 {
    let the_user = policy
        .users
        .iter()
        .find(|u| &u.id == user)
        .expect("user exists");
    let the_resource = policy
        .resources
        .iter()
        .find(|r| &r.id == resource)
        .expect("resource exists");
    if the_user.status == UserStatus::Deactivated {
        return 0;
    }
    if the_user.account_owner {
        return owner_rung(the_resource.kind);
    }
    let mut everyone: Option<u8> = None;
    let mut groups: Option<u8> = None;
    let mut own: Option<u8> = None;
    for grant in &policy.grants {
        let in_force = match grant.expires_at {
            None => true,
            Some(at) => now < at,
        };
        if &grant.resource != resource || !grant.environments.contains(env) || !in_force {
            continue;
        }
        let r = rung(grant.role);
        match &grant.subject {
            Subject::AllUsers => everyone = Some(everyone.map_or(r, |x| x.max(r))),
            Subject::Group(g) if the_user.groups.contains(g) => {
                groups = Some(groups.map_or(r, |x| x.max(r)))
            }
            Subject::User(u) if u == user => own = Some(own.map_or(r, |x| x.max(r))),
            _ => {}
        }
    }
    match policy.precedence {
        Precedence::HighestWins => [everyone, groups, own]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(0),
        Precedence::MostSpecificWins => own.or(groups).or(everyone).unwrap_or(0),
    }
}

/// Every cell of the policy, user-major, then resource, then environment (policy order).
pub fn all_cells(policy: &Policy, now: Timestamp) -> Vec<u8> {
    let mut out = Vec::new();
    for u in &policy.users {
        for r in &policy.resources {
            for e in &policy.environments {
                out.push(effective(policy, &u.id, &r.id, &e.id, now));
            }
        }
    }
    out
}

/// Whether a predicate passes a row, by direct recursion over the map.
pub fn passes(table: &Table, predicate: &Predicate, row: &Row) -> bool {
    let value = |field: &str| row.get(field).cloned().unwrap_or(Value::Null);
    match predicate {
        Predicate::All {} => true,
        Predicate::Eq { field, value: v } => value(field) == *v,
        Predicate::Ne { field, value: v } => value(field) != *v,
        Predicate::In { field, values } => values.contains(&value(field)),
        Predicate::And { of } => of.iter().all(|p| passes(table, p, row)),
        Predicate::Or { of } => of.iter().any(|p| passes(table, p, row)),
        Predicate::Not { of } => !passes(table, of, row),
        Predicate::Filter { filter } => {
            let target = table
                .filters
                .iter()
                .find(|f| &f.id == filter)
                .expect("filter exists");
            passes(table, &target.predicate, row)
        }
    }
}

/// Whether a filter is active for a user: deviation first, else any of the user's groups.
pub fn active(filter: &Filter, user: &User) -> bool {
    match filter.deviations.get(&user.id) {
        Some(Deviation::ForceOn) => true,
        Some(Deviation::ForceOff) => false,
        _ => filter.groups.iter().any(|g| user.groups.contains(g)),
    }
}

/// The parts of an explanation, derived by hand: which grants reach the cell, which are in
/// force, which one decides it and how the rest relate to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// The effective rung.
    pub rung: u8,
    /// Grants in force reaching the cell, in policy order.
    pub contributing: Vec<Contribution>,
    /// The deciding grant, for an active user who is not the account owner.
    pub winner: Option<Contribution>,
    /// Grants in force giving the winner's role that the rule does not rank below it.
    pub tied: Vec<Contribution>,
    /// Every other grant in force.
    pub shadowed: Vec<Contribution>,
    /// Reaching grants that have expired.
    pub expired: Vec<Contribution>,
}

/// Explains `user` on `resource` in `env` from `grants` (the grants on `resource`, in
/// policy order; the caller narrows them only so large policies stay quick).
pub fn explain(
    policy: &Policy,
    grants: &[&Grant],
    user: &User,
    resource: &Resource,
    env: &EnvironmentId,
    now: Timestamp,
) -> Explained {
    let mut contributing = Vec::new();
    let mut expired = Vec::new();
    for grant in grants {
        let reaches = match &grant.subject {
            Subject::AllUsers => true,
            Subject::Group(g) => user.groups.contains(g),
            Subject::User(u) => u == &user.id,
        };
        if grant.resource != resource.id || !reaches || !grant.environments.contains(env) {
            continue;
        }
        let contribution = Contribution {
            subject: grant.subject.clone(),
            subject_name: policy.subject_name(&grant.subject),
            role: grant.role,
            environments: grant.environments.clone(),
            expires_at: grant.expires_at,
        };
        match grant.expires_at {
            Some(at) if now >= at => expired.push(contribution),
            _ => contributing.push(contribution),
        }
    }
    let specificity = |c: &Contribution| match c.subject {
        Subject::AllUsers => 0,
        Subject::Group(_) => 1,
        Subject::User(_) => 2,
    };
    let rank = |c: &Contribution| match policy.precedence {
        Precedence::HighestWins => (rung(c.role), specificity(c)),
        Precedence::MostSpecificWins => (specificity(c), rung(c.role)),
    };
    let normal = user.status != UserStatus::Deactivated && !user.account_owner;
    // The last of the best-ranked grants decides.
    let mut winner_at = None;
    if normal {
        for (i, c) in contributing.iter().enumerate() {
            if winner_at.is_none_or(|w: usize| rank(c) >= rank(&contributing[w])) {
                winner_at = Some(i);
            }
        }
    }
    let winner = winner_at.map(|w| contributing[w].clone());
    let mut tied = Vec::new();
    let mut shadowed = Vec::new();
    for (i, c) in contributing.iter().enumerate() {
        if Some(i) == winner_at {
            continue;
        }
        let ties = winner.as_ref().is_some_and(|w| {
            rung(c.role) == rung(w.role)
                && (policy.precedence == Precedence::HighestWins
                    || specificity(c) == specificity(w))
        });
        if ties {
            tied.push(c.clone());
        } else {
            shadowed.push(c.clone());
        }
    }
    let rung = if user.status == UserStatus::Deactivated {
        0
    } else if user.account_owner {
        owner_rung(resource.kind)
    } else {
        winner.as_ref().map_or(0, |w| rung(w.role))
    };
    Explained {
        rung,
        contributing,
        winner,
        tied,
        shadowed,
        expired,
    }
}
