//! What one grant row yields given the whole policy: the decision of its cell for a user's
//! own grant, the policy crate's counts for a group or All Users.

use gatehouse_policy::{Basis, Decision, GrantKey, PreparedPolicy, ResourceId, Role, Subject};

/// How a grant row fares in some of its data environments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Yield {
    /// The grant decides (or ties with the grant that does).
    Gives,
    /// Another grant or the account owner's Owner decides.
    Shadowed,
    /// Nothing comes of it (deactivated, expired, nobody reached).
    NoEffect,
}

/// What a grant row yields in a set of its data environments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The effective role to show as a badge (`None` for no effect).
    pub role: Option<Role>,
    /// E.g. "Editor (this grant)", "Effectively Owner — from group Management; this grant is
    /// shadowed", "No effect — deactivated", "Editor for 2 of 3 members · shadowed for 1".
    pub text: String,
    /// Which way it goes.
    pub kind: Yield,
    /// The data environments' names, empty when it is the same in all the grant covers.
    pub environments: Vec<String>,
    /// The explanation lines behind it (winner, shadowed grants, precedence rule).
    pub why: Vec<String>,
}

/// What the grant of `subject` on `resource` yields in `after`, one outcome per distinct
/// result, in data environment order; empty when `after` lacks the grant.
pub fn grant_outcomes(
    after: &PreparedPolicy,
    subject: &Subject,
    resource: &ResourceId,
) -> Vec<Outcome> {
    let key = GrantKey {
        subject: subject.clone(),
        resource: resource.clone(),
    };
    let Some(effects) = after.grant_effect(&key) else {
        return Vec::new();
    };
    let policy = after.policy();
    let Some(grant) = after
        .resource_ix(resource)
        .and_then(|r| after.grants_on(r).find(|g| &g.subject == subject))
    else {
        return Vec::new();
    };
    let expired = grant.is_expired(after.now());
    let mut per_env: Vec<(String, Outcome)> = Vec::new();
    for effect in &effects {
        let env_name = policy.environment_name(&effect.environment);
        let outcome = match subject {
            Subject::User(user) if !expired => after
                .explain(user, resource, &effect.environment)
                .map(|d| user_outcome(&d, subject))
                .unwrap_or_else(|_| no_effect("not found")),
            _ if expired => no_effect("expired"),
            _ => shared_outcome(
                subject,
                grant.role,
                effect.reached,
                effect.gives,
                effect.shadowed,
            ),
        };
        per_env.push((env_name, outcome));
    }
    group_by_outcome(per_env)
}

fn no_effect(why: &str) -> Outcome {
    Outcome {
        role: None,
        text: format!("No effect — {why}"),
        kind: Yield::NoEffect,
        environments: Vec::new(),
        why: Vec::new(),
    }
}

/// A user's own grant, from the decision of its cell.
fn user_outcome(decision: &Decision, subject: &Subject) -> Outcome {
    let mut why = vec![decision.summary.clone()];
    why.extend(decision.shadowed.iter().map(|s| s.message.clone()));
    why.push(format!("Precedence: {}", decision.precedence.label()));
    let is_this = |s: &Subject| s == subject;
    let (role, text, kind) = match decision.basis {
        Basis::Deactivated => (None, "No effect — deactivated".to_owned(), Yield::NoEffect),
        Basis::AccountOwner => (
            Some(decision.role),
            format!(
                "Effectively {} — account owner; this grant is shadowed",
                decision.role
            ),
            Yield::Shadowed,
        ),
        Basis::Grant
            if decision
                .winner
                .as_ref()
                .is_some_and(|w| is_this(&w.subject))
                || decision.tied.iter().any(|t| is_this(&t.subject)) =>
        {
            (
                Some(decision.role),
                format!("{} (this grant)", decision.role),
                Yield::Gives,
            )
        }
        Basis::Grant => {
            let from = decision
                .winner
                .as_ref()
                .map(|w| source(&w.subject, &w.subject_name))
                .unwrap_or_default();
            (
                Some(decision.role),
                format!(
                    "Effectively {} — {from}; this grant is shadowed",
                    decision.role
                ),
                Yield::Shadowed,
            )
        }
        Basis::NoGrant => (None, "No effect".to_owned(), Yield::NoEffect),
    };
    Outcome {
        role,
        text,
        kind,
        environments: Vec::new(),
        why,
    }
}

/// A group or All Users grant, from its counts.
fn shared_outcome(
    subject: &Subject,
    role: Role,
    reached: usize,
    gives: usize,
    shadowed: usize,
) -> Outcome {
    let whom = match subject {
        Subject::AllUsers => "people",
        _ => "members",
    };
    let (text, kind) = if reached == 0 {
        (format!("No effect — no active {whom}"), Yield::NoEffect)
    } else if gives == 0 {
        (
            format!("No effect — shadowed for all {reached} {whom}"),
            Yield::Shadowed,
        )
    } else if shadowed == 0 {
        (format!("{role} for all {reached} {whom}"), Yield::Gives)
    } else {
        (
            format!("{role} for {gives} of {reached} {whom} · shadowed for {shadowed}"),
            Yield::Gives,
        )
    };
    Outcome {
        role: (gives > 0).then_some(role),
        text,
        kind,
        environments: Vec::new(),
        why: vec![format!(
            "Of the {reached} active {whom} this grant reaches, {gives} get {role} from it; for {shadowed} a grant that outranks it (or the account owner's Owner) decides."
        )],
    }
}

/// Merges environments with the same outcome, naming them only when the outcome differs
/// between environments.
fn group_by_outcome(per_env: Vec<(String, Outcome)>) -> Vec<Outcome> {
    let mut grouped: Vec<Outcome> = Vec::new();
    for (env, outcome) in per_env {
        match grouped
            .iter_mut()
            .find(|o| o.text == outcome.text && o.role == outcome.role)
        {
            Some(found) => found.environments.push(env),
            None => grouped.push(Outcome {
                environments: vec![env],
                ..outcome
            }),
        }
    }
    if grouped.len() == 1 {
        if let Some(only) = grouped.first_mut() {
            only.environments.clear();
        }
    }
    grouped
}

/// Where a decision's role comes from, in the words under its badge: "from group ICT",
/// "own grant", "account owner", "deactivated", "no grant".
pub fn reason(decision: &gatehouse_policy::Decision) -> String {
    match decision.basis {
        gatehouse_policy::Basis::AccountOwner => "account owner".to_owned(),
        gatehouse_policy::Basis::Deactivated => "deactivated".to_owned(),
        gatehouse_policy::Basis::NoGrant => "no grant".to_owned(),
        gatehouse_policy::Basis::Grant => decision
            .winner
            .as_ref()
            .map(|w| source(&w.subject, &w.subject_name))
            .unwrap_or_default(),
    }
}

/// "from group ICT", "from All Users", "own grant", "account owner".
pub fn source(subject: &Subject, name: &str) -> String {
    match subject {
        Subject::AllUsers => "from All Users".to_owned(),
        Subject::Group(_) => format!("from group {name}"),
        Subject::User(_) => "own grant".to_owned(),
    }
}
