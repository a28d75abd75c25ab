//! Tables & filters (`/tables`): each table with its filter mode, switching it with an
//! access-loss warning; `/tables/:id` shows one table's filters, activations and preview.

mod activations;
mod conditions;
mod filter_conflict;
mod filter_delete;
mod filter_edit;
mod filter_editor;
mod mode_switch;
mod predicate;
mod preview;
mod rule;
mod rule_editor;
mod table;

use gatehouse_wire::TableSummary;
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{EmptyState, ErrorState, OwnerOnlyNote, SkeletonRows};
use crate::studio::env_href;
use crate::studio::use_studio;
use mode_switch::ModeSwitch;
pub(crate) use predicate::describe;
pub use table::TablePage;

/// The Tables & filters view.
#[component]
pub fn TablesPage() -> impl IntoView {
    let studio = use_studio();
    let data: LocalResource<Result<(String, Vec<TableSummary>), ApiFailure>> =
        LocalResource::new(move || {
            let selected = studio.selected.get();
            async move {
                let env = studio.environment(selected).await?.code;
                let tables = api::list_tables(&env).await?;
                Ok((env, tables))
            }
        });
    let reload = Callback::new(move |()| data.refetch());
    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">"Tables & filters"</h1>
                <p class="page-lede">"A table either shows all rows, or runs access entirely through filters activated per group: then people with no active filter see nothing."</p>
            </header>
            {move || match data.get() {
                None => view! { <div class="table-wrap"><table class="data-table"><SkeletonRows rows=4 columns=5/></table></div> }.into_any(),
                Some(Err(f)) => view! { <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| data.refetch())/> }.into_any(),
                Some(Ok((_, tables))) if tables.is_empty() && studio.is_account_owner() => view! { <EmptyState title="No tables" detail="Tables come with the connectors that serve them."/> }.into_any(),
                // Only the tables one manages are listed: say so, and who else sees them.
                Some(Ok((env, tables))) if tables.is_empty() => view! {
                    <EmptyState title="No tables you manage" detail="A table's filters and mode are managed by the Owners of the connectors that serve it and by the account owner."/>
                    <OwnerOnlyNote env id="tables-owner-only" text="To change a table served by a connector you do not own:"/>
                }.into_any(),
                Some(Ok((env, tables))) => view! {
                    <div class="table-wrap"><table class="data-table" data-testid="tables-table">
                        <thead><tr><th scope="col">"Table"</th><th scope="col">"Served by"</th><th scope="col">"Rows"</th><th scope="col">"Filters"</th><th scope="col">"Filter mode"</th></tr></thead>
                        <tbody>{tables.into_iter().map(|t| {
                            let served: Vec<String> = t.connectors.iter().map(|c| c.name.clone()).collect();
                            let (id, name, rows, filters) = (t.id.clone(), t.name.clone(), t.row_count, t.filter_count);
                            view! { <tr data-testid="table-row" data-id=id.clone()>
                                <td><a class="strong" href=env_href(&format!("/tables/{id}"))>{name}</a></td>
                                <td>{served.join(", ")}</td>
                                <td>{rows}</td>
                                <td>{filters}</td>
                                <td class="mode-cell"><ModeSwitch env=env.clone() table=t on_changed=reload/></td>
                            </tr> }
                        }).collect_view()}</tbody>
                    </table></div>
                }.into_any(),
            }}
        </section>
    }
}
