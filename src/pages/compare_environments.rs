//! Compare data environments (`/data-environments/compare`, account owner): pick two, see per
//! resource and subject the grants that cover one and not the other, and make the second like
//! the first for all or chosen rows — previewed in the browser with the policy crate's
//! `decide` (as the save is decided) and saved as one change set.

use std::collections::BTreeSet;

use gatehouse_app::{align_requests, read_changes, Unread};
use gatehouse_policy::Policy;
use gatehouse_wire::{
    ChangeSetRequest, ComparedSide, DataEnvironmentView, EnvironmentComparison,
    EnvironmentDifference,
};
use leptos::prelude::*;

use super::permissions::{actor, preview_all, Impact, ImpactSummary};
use crate::api::{self, ApiFailure};
use crate::components::{EmptyState, ErrorState, RoleBadge, SkeletonRows};
use crate::studio::env_href;
use crate::studio::use_studio;
use crate::words::counted;

/// The compare view.
#[component]
pub fn CompareEnvironmentsPage() -> impl IntoView {
    let studio = use_studio();
    let from = RwSignal::new("production".to_owned());
    let to = RwSignal::new("staging".to_owned());
    let toast = RwSignal::new(None::<String>);
    let envs: LocalResource<Result<(String, Vec<DataEnvironmentView>), ApiFailure>> =
        LocalResource::new(move || {
            let selected = studio.selected.get();
            async move {
                let env = studio.environment(selected).await?;
                let list = api::list_data_environments(&env.code).await?;
                Ok((env.code.clone(), list))
            }
        });
    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <p class="breadcrumb"><a href=env_href("/data-environments")>"Data environments"</a></p>
                <h1 id="page-title" class="page-title">"Compare data environments"</h1>
                <p class="page-lede">"The grants that give a role in one data environment and not in the other — and copy them across, all or some, in one change set."</p>
            </header>
            {move || toast.get().map(|m| view! { <div class="toast" role="status" data-testid="toast">{m}</div> })}
            {move || match envs.get() {
                None => view! { <div class="table-wrap"><table class="data-table" aria-busy="true"><SkeletonRows rows=4 columns=4/></table></div> }.into_any(),
                Some(Err(f)) => view! {
                    <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| envs.refetch())/>
                }.into_any(),
                Some(Ok((env, list))) => {
                    let options = StoredValue::new(list);
                    let picker = move |id: &'static str, label: &'static str, value: RwSignal<String>| view! {
                        <div class="field">
                            <label class="field-label" for=id>{label}</label>
                            <select id=id data-testid=id prop:value=move || value.get()
                                on:change=move |ev| value.set(event_target_value(&ev))>
                                {options.with_value(|l| l.iter().map(|e| view! { <option value=e.id.clone()>{e.name.clone()}</option> }).collect_view())}
                            </select>
                        </div>
                    };
                    view! {
                        <div class="toolbar compare-pickers">
                            {picker("compare-from", "Compare", from)}
                            <button class="button" data-testid="compare-swap" aria-label="Swap the two data environments"
                                on:click=move |_| { let f = from.get_untracked(); from.set(to.get_untracked()); to.set(f); }>"⇄"</button>
                            {picker("compare-to", "with", to)}
                        </div>
                        {move || {
                            let (f, t) = (from.get(), to.get());
                            view! { <Comparison env=env.clone() from=f to=t toast/> }
                        }}
                    }.into_any()
                }
            }}
        </section>
    }
}

#[derive(Clone)]
struct Loaded {
    comparison: EnvironmentComparison,
    policy: Policy,
}

#[component]
fn Comparison(
    env: String,
    from: String,
    to: String,
    toast: RwSignal<Option<String>>,
) -> impl IntoView {
    let env_s = StoredValue::new(env);
    let query = StoredValue::new((from, to));
    let loaded: LocalResource<Result<Loaded, ApiFailure>> =
        LocalResource::new(move || async move {
            let env = env_s.get_value();
            let (from, to) = query.get_value();
            let comparison = api::compare_data_environments(&env, &from, &to).await?;
            let policy = api::get_policy(&env).await?;
            Ok(Loaded { comparison, policy })
        });
    move || {
        match loaded.get() {
        None => view! { <div class="table-wrap"><table class="data-table" aria-busy="true"><SkeletonRows rows=4 columns=5/></table></div> }.into_any(),
        Some(Err(f)) => view! {
            <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| loaded.refetch())/>
        }.into_any(),
        Some(Ok(l)) => view! {
            <Differences env=env_s.get_value() loaded=l on_saved=Callback::new(move |message: String| {
                toast.set(Some(message));
                loaded.refetch();
            })/>
        }.into_any(),
    }
    }
}

#[component]
fn Differences(env: String, loaded: Loaded, on_saved: Callback<String>) -> impl IntoView {
    let studio = use_studio();
    let Loaded { comparison, policy } = loaded;
    let (from_name, to_name) = (comparison.from.name.clone(), comparison.to.name.clone());
    let to_id = comparison.to.id.clone();
    if comparison.differences.is_empty() {
        let detail = format!(
            "{} cover both; none covers only one of them.",
            counted(comparison.same, "grant", "grants")
        );
        return view! {
            <EmptyState title=format!("{from_name} and {to_name} give the same roles") detail=detail/>
        }
        .into_any();
    }
    let total = comparison.differences.len();
    // Every row that can be copied starts chosen: "make To like From" is what people come
    // here for. A deactivated user's grant is kept as it is and cannot be chosen.
    let copyable: BTreeSet<usize> = comparison
        .differences
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.frozen)
        .map(|(i, _)| i)
        .collect();
    let copyable_n = copyable.len();
    let copyable = StoredValue::new(copyable);
    let same = comparison.same;
    let differences = StoredValue::new(comparison.differences);
    let chosen = RwSignal::new(copyable.get_value());
    let env_s = StoredValue::new(env);
    let policy_s = StoredValue::new(policy);
    let to_s = StoredValue::new(to_id);
    let planned = Memo::new(move |_| {
        chosen
            .with(|c| {
                differences.with_value(|d| {
                    let picked: Vec<&EnvironmentDifference> =
                        c.iter().filter_map(|i| d.get(*i)).collect();
                    to_s.with_value(|to| align_requests(&picked, to))
                })
            })
            .0
    });
    let impact: Memo<Option<Impact>> = Memo::new(move |_| {
        let picked: Vec<EnvironmentDifference> = chosen.with(|c| {
            differences.with_value(|d| c.iter().filter_map(|i| d.get(*i).cloned()).collect())
        });
        let refs: Vec<&EnvironmentDifference> = picked.iter().collect();
        let (requests, stored) = to_s.with_value(|to| align_requests(&refs, to));
        policy_s.with_value(|policy| {
            let actor = studio.session.with(|s| {
                let session = s.as_ref().and_then(|s| s.as_ref().ok());
                env_s.with_value(|env| actor(policy, session, env))
            })?;
            let mut no_new_ids = |kind: &str| format!("{kind}-unused");
            Some(
                match read_changes(&requests, &stored, policy, &mut no_new_ids) {
                    Ok(changes) => preview_all(policy, &actor, &changes),
                    Err(Unread::Refused(r)) => Impact {
                        refusal: Some(r.message),
                        ..Impact::default()
                    },
                    Err(Unread::Stale { entity, .. }) => Impact {
                        refusal: Some(format!(
                            "{entity} changed since the comparison: compare again"
                        )),
                        ..Impact::default()
                    },
                },
            )
        })
    });
    let pending = Memo::new(move |_| planned.with(Vec::len));
    let refused = move || impact.with(|i| i.as_ref().is_some_and(|i| i.refusal.is_some()));
    let resource_names: Vec<(String, String)> = policy_s.with_value(|p| {
        p.resources
            .iter()
            .map(|r| (r.id.to_string(), r.name.clone()))
            .collect()
    });
    let counts = move || {
        chosen.with(|c| {
            differences.with_value(|d| {
                let adds = c
                    .iter()
                    .filter(|i| d.get(**i).is_some_and(|d| d.side == ComparedSide::OnlyFrom))
                    .count();
                (adds, c.len() - adds)
            })
        })
    };
    let save = Action::new_local(move |request: &ChangeSetRequest| {
        let request = request.clone();
        async move { api::apply_changes(&env_s.get_value(), &request).await }
    });
    let to_name_s = StoredValue::new(to_name.clone());
    Effect::new(move |_| {
        if let Some(Ok(result)) = save.value().get() {
            on_saved.run(format!(
                "Saved: {} changed in {}",
                counted(result.applied, "grant", "grants"),
                to_name_s.get_value()
            ));
        }
    });
    let submit = move |_| {
        save.dispatch(ChangeSetRequest {
            override_tests: false,
            dry_run: false,
            changes: planned.get_untracked(),
        });
    };
    let all_chosen = move || copyable_n > 0 && chosen.with(BTreeSet::len) == copyable_n;
    let rows = move || {
        differences.with_value(|d| {
            d.iter()
                .enumerate()
                .map(|(i, diff)| {
                    let (in_from, in_to) = match diff.side {
                        ComparedSide::OnlyFrom => (Some(diff.grant.role), None),
                        ComparedSide::OnlyTo => (None, Some(diff.grant.role)),
                    };
                    let role_cell = |role: Option<gatehouse_policy::Role>| match role {
                        Some(role) => view! { <RoleBadge role/> }.into_any(),
                        None => view! { <span class="muted">"No grant"</span> }.into_any(),
                    };
                    let label = format!(
                        "Choose {} on {}",
                        diff.grant.subject.name, diff.resource_name
                    );
                    view! {
                        <tr data-testid="difference" class:row-selected=move || chosen.with(|c| c.contains(&i))>
                            <td class="select-col">
                                <input type="checkbox" data-testid="choose-difference" aria-label=label
                                    disabled=diff.frozen
                                    prop:checked=move || chosen.with(|c| c.contains(&i))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|c| { if on { c.insert(i); } else { c.remove(&i); } });
                                    }/>
                            </td>
                            <td>{diff.resource_name.clone()}<span class="muted">{format!(" · {}", diff.resource_kind.label())}</span></td>
                            <td>{diff.grant.subject.name.clone()}</td>
                            <td>{role_cell(in_from)}</td>
                            <td>{role_cell(in_to)}</td>
                            <td class="muted">{match (diff.frozen, diff.side) {
                                (true, _) => "Deactivated: the grant is kept as it is".to_owned(),
                                (false, ComparedSide::OnlyFrom) => format!("Add {} to the grant", to_name_s.get_value()),
                                (false, ComparedSide::OnlyTo) => format!("Take {} out of the grant", to_name_s.get_value()),
                            }}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <p data-testid="compare-summary" aria-live="polite">
            {format!("{} between {from_name} and {to_name}; {same} give the same role in both.", counted(total, "grant differs", "grants differ"))}
        </p>
        <div class="table-wrap">
            <table class="data-table" data-testid="differences">
                <caption class="visually-hidden">{format!("Grants that differ between {from_name} and {to_name}")}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="select-col">
                            <input type="checkbox" data-testid="choose-all-differences" aria-label="Choose every row"
                                prop:checked=all_chosen
                                prop:indeterminate=move || !all_chosen() && chosen.with(|c| !c.is_empty())
                                on:change=move |_| chosen.set(if all_chosen() { BTreeSet::new() } else { copyable.get_value() })/>
                        </th>
                        <th scope="col">"Resource"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">{from_name.clone()}</th>
                        <th scope="col">{to_name.clone()}</th>
                        <th scope="col">"Copying does"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <div class="member-draft" data-testid="compare-impact">
            <div>
                <ImpactSummary impact=Signal::from(impact) pending=Signal::from(pending) resource_names/>
            </div>
            <div class="footer-actions">
                <button class="button primary" data-testid="compare-save"
                    disabled=move || pending.get() == 0 || refused() || save.pending().get()
                    on:click=submit>
                    {move || {
                        if save.pending().get() {
                            return "Saving…".to_owned();
                        }
                        let (adds, removals) = counts();
                        let to = to_name_s.get_value();
                        match (adds, removals) {
                            (0, 0) => format!("Make {to} like this"),
                            (a, 0) => format!("Copy {} to {to}", counted(a, "grant", "grants")),
                            (0, r) => format!("Take {} out of {to}", counted(r, "grant", "grants")),
                            (a, r) => format!("Make {to} match: copy {a}, take {r} out"),
                        }
                    }}
                </button>
            </div>
        </div>
        {move || save.value().get().and_then(Result::err).map(|f| view! {
            <p class="form-error" role="alert" data-testid="compare-error">{f.reason()}</p>
        })}
    }
    .into_any()
}
