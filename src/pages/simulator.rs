//! Simulator (`/simulator`): pick a user — or a hypothetical one with chosen groups — a
//! resource and an environment, and see the effective role and why, computed instantly in the
//! browser by the same policy crate the server enforces with.

use std::collections::BTreeSet;

use gatehouse_policy::{Decision, GroupId, Policy, Precedence, User, UserId};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::clock::now;
use crate::components::{ErrorState, RoleBadge};
use crate::studio::use_studio;

const HYPOTHETICAL: &str = "__hypothetical__";

/// The Simulator view.
#[component]
pub fn SimulatorPage() -> impl IntoView {
    let studio = use_studio();
    let policy: LocalResource<Result<Policy, ApiFailure>> = LocalResource::new(move || {
        let selected = studio.selected.get();
        async move { api::get_policy(&studio.environment(selected).await?.code).await }
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">"Simulator"</h1>
                <p class="page-lede">"What can someone do, and why? Computed in your browser by the same rules the server enforces."</p>
            </header>
            {move || match policy.get() {
                None => view! { <p class="muted" role="status">"Loading the policy…"</p> }.into_any(),
                Some(Err(f)) => view! { <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| policy.refetch())/> }.into_any(),
                Some(Ok(policy)) => view! { <Simulator policy/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Simulator(policy: Policy) -> impl IntoView {
    let first_user = policy
        .users
        .iter()
        .find(|u| u.is_active())
        .map(|u| u.id.to_string())
        .unwrap_or_default();
    let first_resource = policy
        .resources
        .first()
        .map(|r| r.id.to_string())
        .unwrap_or_default();
    // The choices live in the address (`?user=…&resource=…&data=…`): a reload or a copied
    // link runs the same simulation. Unknown ids fall back to the first user and resource.
    let opened = crate::url_state::opened_with();
    let from_url = |key: &str| opened.get(key).filter(|v| !v.is_empty());
    let user_known =
        |id: &str| id == HYPOTHETICAL || policy.users.iter().any(|u| u.id.as_str() == id);
    let who = RwSignal::new(
        from_url("user")
            .filter(|id| user_known(id))
            .unwrap_or(first_user),
    );
    let groups = RwSignal::new(
        from_url("groups")
            .map(|list| {
                list.split(',')
                    .filter(|id| policy.groups.iter().any(|g| g.id.as_str() == *id))
                    .filter_map(|id| GroupId::parse(id).ok())
                    .collect::<BTreeSet<GroupId>>()
            })
            .unwrap_or_default(),
    );
    let resource = RwSignal::new(
        from_url("resource")
            .filter(|id| policy.resources.iter().any(|r| r.id.as_str() == id))
            .unwrap_or(first_resource),
    );
    let env = RwSignal::new(
        from_url("data")
            .filter(|id| policy.environments.iter().any(|e| e.id.as_str() == id))
            .unwrap_or_default(),
    );
    let precedence = RwSignal::new(match from_url("precedence").as_deref() {
        Some("most") => Precedence::MostSpecificWins,
        Some("highest") => Precedence::HighestWins,
        _ => policy.precedence,
    });
    let stored_precedence = policy.precedence;
    crate::url_state::keep_in_address(move || {
        let hypothetical = who.with(|w| w == HYPOTHETICAL);
        vec![
            ("user", who.get()),
            (
                "groups",
                if hypothetical {
                    groups.with(|g| g.iter().map(|g| g.as_str()).collect::<Vec<_>>().join(","))
                } else {
                    String::new()
                },
            ),
            ("resource", resource.get()),
            ("data", env.get()),
            (
                "precedence",
                match precedence.get() {
                    p if p == stored_precedence => String::new(),
                    Precedence::MostSpecificWins => "most".to_owned(),
                    Precedence::HighestWins => "highest".to_owned(),
                },
            ),
        ]
    });
    let stored = StoredValue::new(policy.clone());
    let decisions = Memo::new(move |_| -> Result<Vec<Decision>, String> {
        let mut policy = stored.get_value();
        policy.precedence = precedence.get();
        let user_id = if who.get() == HYPOTHETICAL {
            let id = UserId::parse(HYPOTHETICAL).map_err(|e| e.to_string())?;
            let mut user = User::new(id.clone(), "Hypothetical user");
            user.groups = groups.get();
            policy.users.push(user);
            id
        } else {
            UserId::parse(&who.get()).map_err(|e| e.to_string())?
        };
        let resource_id =
            gatehouse_policy::ResourceId::parse(&resource.get()).map_err(|e| e.to_string())?;
        let prepared = policy.prepare(now()).map_err(|e| e.to_string())?;
        let env_filter = env.get();
        policy
            .environments
            .iter()
            .filter(|e| env_filter.is_empty() || e.id.as_str() == env_filter)
            .map(|e| {
                prepared
                    .explain(&user_id, &resource_id, &e.id)
                    .map_err(|err| err.to_string())
            })
            .collect()
    });
    let env_name = move |id: &str| {
        stored.with_value(|p| {
            p.environments
                .iter()
                .find(|e| e.id.as_str() == id)
                .map(|e| e.name.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <form class="sim-controls" on:submit=|ev| ev.prevent_default()>
            <label class="field"><span class="field-label">"Who"</span>
                <select data-testid="sim-user" prop:value=move || who.get() on:change=move |ev| who.set(event_target_value(&ev))>
                    {policy.users.iter().map(|u| {
                        let label = if u.is_active() { u.name.clone() } else { format!("{} (deactivated)", u.name) };
                        let chosen = who.get_untracked() == u.id.as_str();
                        view! { <option value=u.id.to_string() selected=chosen>{label}</option> }
                    }).collect_view()}
                    <option value=HYPOTHETICAL selected=who.get_untracked() == HYPOTHETICAL>"Hypothetical user…"</option>
                </select>
            </label>
            <label class="field"><span class="field-label">"Resource"</span>
                <select data-testid="sim-resource" prop:value=move || resource.get() on:change=move |ev| resource.set(event_target_value(&ev))>
                    {policy.resources.iter().map(|r| view! { <option value=r.id.to_string() selected=resource.get_untracked() == r.id.as_str()>{format!("{} · {}", r.name, if r.kind == gatehouse_policy::ResourceKind::App { "App" } else { "Connector" })}</option> }).collect_view()}
                </select>
            </label>
            <label class="field"><span class="field-label">"Data environment"</span>
                <select data-testid="sim-env" on:change=move |ev| env.set(event_target_value(&ev))>
                    <option value="">"All data environments"</option>
                    {policy.environments.iter().map(|e| view! { <option value=e.id.to_string() selected=env.get_untracked() == e.id.as_str()>{e.name.clone()}</option> }).collect_view()}
                </select>
            </label>
            <label class="field"><span class="field-label">"Precedence"</span>
                <select data-testid="sim-precedence" on:change=move |ev| precedence.set(if event_target_value(&ev) == "most" { Precedence::MostSpecificWins } else { Precedence::HighestWins })>
                    <option value="highest" selected=precedence.get_untracked() == Precedence::HighestWins>"Highest wins"</option>
                    <option value="most" selected=precedence.get_untracked() == Precedence::MostSpecificWins>"Most specific wins"</option>
                </select>
            </label>
        </form>
        <Show when=move || who.get() == HYPOTHETICAL>
            <fieldset class="sim-groups" data-testid="sim-groups">
                <legend>"Groups of the hypothetical user (All Users always applies)"</legend>
                {stored.with_value(|p| p.groups.clone()).into_iter().map(|g| {
                    let id = g.id.clone();
                    let checked = groups.with_untracked(|set| set.contains(&id));
                    view! { <label class="chip-check"><input type="checkbox" prop:checked=checked on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        groups.update(|set| { if on { set.insert(id.clone()); } else { set.remove(&id); } });
                    }/>{g.name.clone()}</label> }
                }).collect_view()}
            </fieldset>
        </Show>
        <div class="decisions" aria-live="polite">
            {move || match decisions.get() {
                Err(message) => view! { <p class="form-error">{message}</p> }.into_any(),
                Ok(list) => list.into_iter().map(|d| view! { <DecisionCard env_name=env_name(d.environment.as_str()) decision=d/> }).collect_view().into_any(),
            }}
        </div>
    }
}

#[component]
fn DecisionCard(env_name: String, decision: Decision) -> impl IntoView {
    view! {
        <article class="decision" data-testid="decision" data-env=decision.environment.to_string()>
            <header class="decision-head">
                <h2 class="decision-env">{env_name}</h2>
                <RoleBadge role=decision.role why=decision.summary.clone()/>
                <span class="muted">{format!("Precedence: {}", decision.precedence.label())}</span>
            </header>
            <p class="decision-summary" data-testid="decision-summary">{decision.summary.clone()}</p>
            {decision.winner.clone().map(|w| view! { <p data-testid="decision-winner">"Winner: "<strong>{w.subject_name}</strong>" · "{w.role.label()}</p> })}
            {(!decision.contributing.is_empty()).then(|| view! {
                <h3 class="decision-sub">"Grants that apply"</h3>
                <ul>{decision.contributing.iter().map(|c| view! { <li>{c.subject_name.clone()}" · "<RoleBadge role=c.role/></li> }).collect_view()}</ul>
            })}
            {(!decision.tied.is_empty()).then(|| view! {
                <h3 class="decision-sub">"Tied with the winner"</h3>
                <p class="muted">"These give the same role and would decide it just as well."</p>
                <ul>{decision.tied.iter().map(|c| view! { <li data-testid="decision-tied">{c.subject_name.clone()}" · "{c.role.label()}</li> }).collect_view()}</ul>
            })}
            {(!decision.shadowed.is_empty()).then(|| view! {
                <h3 class="decision-sub">"Shadowed (no effect)"</h3>
                <ul>{decision.shadowed.iter().map(|s| view! { <li class="row-warning" data-testid="decision-shadowed">"⚠ "{s.message.clone()}</li> }).collect_view()}</ul>
            })}
            {(!decision.expired.is_empty()).then(|| view! {
                <h3 class="decision-sub">"Expired"</h3>
                <ul>{decision.expired.iter().map(|c| view! { <li class="muted">{c.subject_name.clone()}" · "{c.role.label()}</li> }).collect_view()}</ul>
            })}
        </article>
    }
}
