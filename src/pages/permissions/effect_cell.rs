//! The "Gives" cell of a grant row: what the grant actually yields given the whole policy
//! (draft included) — the effective role as a badge and a sentence per data environment,
//! with a "Why" disclosure holding the explanation (winner, shadowed grants, precedence).

use gatehouse_policy::{ResourceId, Role, Subject};
use leptos::prelude::*;

use crate::access_view::{grant_outcomes, Outcome, Prepared, Yield};
use crate::components::RoleBadge;

/// The outcomes of the grant of `subject` on `resource` in `after`; `None` without a
/// snapshot (the caller then shows the granted role).
pub fn outcomes_for(
    after: Option<&Prepared>,
    subject: &Subject,
    resource: &ResourceId,
) -> Option<Vec<Outcome>> {
    after.map(|p| grant_outcomes(&p.0, subject, resource))
}

/// The cell.
#[component]
pub fn EffectCell(
    /// What the grant yields; `None` when the snapshot is not readable.
    outcomes: Option<Vec<Outcome>>,
    /// The granted role, shown when the effect is unknown.
    granted: Role,
    /// Whose grant, for the disclosure's accessible name.
    who: String,
) -> impl IntoView {
    let Some(outcomes) = outcomes.filter(|o| !o.is_empty()) else {
        return view! { <RoleBadge role=granted why="Grants this role; its effect shows to administrators".to_owned()/> }.into_any();
    };
    let why: Vec<String> =
        outcomes
            .iter()
            .flat_map(|o| o.why.iter().cloned())
            .fold(Vec::new(), |mut all, line| {
                if !all.contains(&line) {
                    all.push(line);
                }
                all
            });
    view! {
        <div class="effect" data-testid="grant-effect">
            {outcomes.into_iter().map(|o| {
                let class = match o.kind { Yield::Gives => "effect-line", Yield::Shadowed => "effect-line effect-shadowed", Yield::NoEffect => "effect-line effect-none" };
                let envs = (!o.environments.is_empty()).then(|| view! { <span class="effect-envs">{format!("{}: ", o.environments.join(", "))}</span> });
                view! {
                    <p class=class data-testid="grant-effect-line">
                        {envs}
                        {o.role.map(|role| view! { <RoleBadge role/> })}
                        " "<span class="effect-text">{o.text}</span>
                    </p>
                }
            }).collect_view()}
            {(!why.is_empty()).then(|| view! {
                <details class="effect-why">
                    <summary>"Why?"<span class="visually-hidden">{format!(" The grant of {who}")}</span></summary>
                    <ul>{why.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                </details>
            })}
        </div>
    }
    .into_any()
}
