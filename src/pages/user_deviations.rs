//! A user's own filter settings (deviations), for the user's page: for each table that runs
//! according to filter and each of its filters, Inherit / On / Off — with what Inherit means
//! for this user now ("on through group Support") — each change saved at once with the
//! filter's version. Errors and 412s are shown at the row; the demo has no tables.

mod row;

use gatehouse_wire::{FilterMode, TableDetail, TableSummary, UserStatus, UserSummary};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{ErrorState, ServerOnly};
use crate::studio::env_href;
use row::DeviationRow;

/// The user, the tables in filter mode with their filters, and the names of the others.
#[derive(Clone)]
struct Loaded {
    user: UserSummary,
    filtered: Vec<TableDetail>,
    unfiltered: Vec<TableSummary>,
}

/// The user's filter settings, per table in filter mode.
#[component]
pub fn UserDeviations(
    /// The environment code.
    env: String,
    /// The user, as the page loaded them (not fetched again here).
    user: UserSummary,
) -> impl IntoView {
    let target = StoredValue::new((env, user.code.clone()));
    let user = StoredValue::new(user);
    let data: LocalResource<Result<Loaded, ApiFailure>> = LocalResource::new(move || {
        let (env, _) = target.get_value();
        let user = user.get_value();
        async move {
            let tables = api::list_tables(&env).await?;
            let (mut filtered, mut unfiltered) = (Vec::new(), Vec::new());
            for t in tables {
                match t.mode {
                    FilterMode::AccordingToFilter => {
                        filtered.push(api::get_table(&env, &t.id).await?)
                    }
                    FilterMode::AllRows => unfiltered.push(t),
                }
            }
            Ok(Loaded {
                user,
                filtered,
                unfiltered,
            })
        }
    });
    let body = move || {
        match data.get() {
        None => view! { <p class="muted" role="status">"Loading the tables…"</p> }.into_any(),
        Some(Err(f)) if f.is_demo_refusal() => view! { <ServerOnly what="Data filters and deviations" compact=true/> }.into_any(),
        Some(Err(f)) => view! { <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| data.refetch())/> }.into_any(),
        Some(Ok(loaded)) => tables_view(target.get_value(), loaded).into_any(),
    }
    };
    view! {
        <section class="panel deviations" aria-labelledby="deviations-title" data-testid="user-deviations">
            <h2 id="deviations-title" class="panel-title">"Data filters"</h2>
            <p class="panel-lede muted">"Tables that run according to filter show a person only the rows of their active filters. Inherit follows the person's groups; On and Off override the groups for this person alone."</p>
            {body}
        </section>
    }
}

fn tables_view((env, code): (String, String), loaded: Loaded) -> impl IntoView {
    let Loaded {
        user,
        filtered,
        unfiltered,
    } = loaded;
    let others: Vec<String> = unfiltered.iter().map(|t| t.name.clone()).collect();
    let note = (!others.is_empty()).then(|| view! {
        <p class="hint deviation-note" data-testid="unfiltered-tables">{format!("{} {} all rows to everyone; settings here take effect once a table uses filters.", others.join(", "), if others.len() == 1 { "shows" } else { "show" })}</p>
    });
    let deactivated = (user.status == UserStatus::Deactivated).then(|| view! {
        <p class="lock-note" role="note">"Deactivated: this person sees no rows at all, whatever these settings say. They are kept for when the account is reactivated."</p>
    });
    if filtered.is_empty() {
        return view! {
            <div class="state empty-state compact-state" role="status" data-testid="no-filtered-tables">
                <p class="state-title">"No table uses filters"</p>
                <p class="state-detail">"Personal settings matter only for tables that run according to filter. Switch a table to filters in "<a href=env_href("/tables")>"Tables & filters"</a>" first."</p>
            </div>
            {note}
        }.into_any();
    }
    let blocks = filtered.into_iter().map(|d| {
        let saved = RwSignal::new(0u32);
        let (env2, code2, table) = (env.clone(), code.clone(), d.table.id.clone());
        let sees: LocalResource<Option<String>> = LocalResource::new(move || {
            let (env, code, table, _) = (env2.clone(), code2.clone(), table.clone(), saved.get());
            async move {
                let v = api::get_table_visibility(&env, &table, &code).await.ok()?;
                Some(format!("Sees {} of {} rows now.", v.rows.len(), v.total_rows))
            }
        });
        let rows = d.filters.iter().map(|f| view! {
            <DeviationRow env=env.clone() table=d.table.id.clone() user=user.clone() filter=f.clone()
                on_saved=Callback::new(move |()| saved.update(|n| *n += 1))/>
        }).collect_view();
        view! {
            <div class="deviation-block" data-testid="deviation-table" data-table=d.table.id.clone()>
                <div class="deviation-head">
                    <h3 class="subsection-title"><a href=env_href(&format!("/tables/{}", d.table.id))>{d.table.name.clone()}</a></h3>
                    <span class="hint" data-testid="deviation-sees" aria-live="polite">{move || sees.get().flatten()}</span>
                </div>
                <div class="table-wrap"><table class="data-table deviations-table">
                    <thead><tr><th scope="col">"Filter"</th><th scope="col">"Lets through"</th><th scope="col">"Setting for this person"</th><th scope="col">"In effect"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            </div>
        }
    }).collect_view();
    view! { {deactivated}{blocks}{note} }.into_any()
}
