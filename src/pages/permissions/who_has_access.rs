//! "Who has access": everyone with an effective role on the resource, per data environment,
//! with the reason as text ("from group ICT", "account owner") — as it will be after Save,
//! with what the unsaved draft changes marked ("was Editor"). Searchable, a page of 50 at a
//! time, so a 10,000-person organisation stays quick (only a page is explained).

use gatehouse_policy::{EnvironmentId, ResourceId, RoleChange};
use gatehouse_wire::DataEnvironment;
use leptos::prelude::*;

use crate::access_view::{cells, holders, search, DraftChanges, Holder, Prepared};
use crate::components::RoleBadge;
use crate::studio::env_href;

/// People per page.
const PER_PAGE: usize = 50;

/// The section.
#[component]
pub fn WhoHasAccess(
    /// The snapshot to show: after the draft, or as stored when the draft would be refused.
    snapshot: Signal<Option<Prepared>>,
    /// Whether the draft would be refused (then the stored access is shown).
    refused: Signal<bool>,
    /// Unsaved changes in the draft.
    pending: Signal<usize>,
    /// Cells the draft changes (old → new), for the "was" marks.
    changes: Signal<Vec<RoleChange>>,
    /// The resource.
    resource: ResourceId,
    /// The resource's data environments (the columns).
    environments: Vec<DataEnvironment>,
) -> impl IntoView {
    // The search and page live in the address (`?who=smit&who_page=2`): a reload keeps them.
    let opened = crate::url_state::opened_with();
    let query = RwSignal::new(opened.get("who").unwrap_or_default());
    let page = RwSignal::new(
        opened
            .get("who_page")
            .and_then(|p| p.parse::<usize>().ok())
            .map_or(0, |p| p.saturating_sub(1)),
    );
    crate::url_state::keep_in_address(move || {
        let page = page.get();
        vec![
            ("who", query.get()),
            (
                "who_page",
                if page > 0 {
                    (page + 1).to_string()
                } else {
                    String::new()
                },
            ),
        ]
    });
    let resource = StoredValue::new(resource);
    let env_ids: Vec<EnvironmentId> = environments
        .iter()
        .filter_map(|e| EnvironmentId::parse(&e.id).ok())
        .collect();
    let env_ids = StoredValue::new(env_ids);
    let draft =
        Memo::new(move |_| changes.with(|c| resource.with_value(|r| DraftChanges::on(r, c))));
    let everyone = Memo::new(move |_| {
        snapshot.with(|s| {
            s.as_ref()
                .map(|p| draft.with(|d| resource.with_value(|r| holders(&p.0, r, d))))
        })
    });
    let shown = Memo::new(move |_| {
        let q = query.get();
        everyone.with(|list| {
            list.as_ref()
                .map(|l| search(l, &q).into_iter().cloned().collect::<Vec<Holder>>())
        })
    });
    let pages = move || shown.with(|s| s.as_ref().map_or(1, |s| s.len().div_ceil(PER_PAGE).max(1)));
    let current = move || page.get().min(pages() - 1);
    let marker = move || {
        if refused.get() {
            Some(view! { <span class="badge badge-warning" data-testid="who-draft-marker">"As saved — your draft would be refused"</span> }.into_any())
        } else if pending.get() > 0 {
            let n = draft.with(DraftChanges::people);
            let detail = match n {
                0 => "no one's access changes".to_owned(),
                1 => "1 person's access changes".to_owned(),
                n => format!("{n} people's access changes"),
            };
            Some(view! { <span class="badge badge-changed" data-testid="who-draft-marker">{format!("After your unsaved changes · {detail}")}</span> }.into_any())
        } else {
            None
        }
    };
    let count = move || {
        let (shown, all) = (
            shown.with(|s| s.as_ref().map_or(0, Vec::len)),
            everyone.with(|l| l.as_ref().map_or(0, Vec::len)),
        );
        let people = |n: usize| {
            if n == 1 {
                "1 person".to_owned()
            } else {
                format!("{n} people")
            }
        };
        if query.with(|q| q.trim().is_empty()) {
            people(all)
        } else {
            format!("{} of {}", shown, people(all))
        }
    };
    let header = environments.clone();
    let rows = move || {
        let Some(snapshot) = snapshot.get() else {
            return Vec::new();
        };
        let first = current() * PER_PAGE;
        let list = shown.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.iter()
                        .skip(first)
                        .take(PER_PAGE)
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        });
        draft.with(|c| {
            list.into_iter()
                .map(|holder| {
                    let row = env_ids.with_value(|envs| {
                        resource.with_value(|r| cells(&snapshot.0, &holder.user, r, envs, c))
                    });
                    (holder, row)
                })
                .collect::<Vec<_>>()
        })
    };
    let columns = environments.len() + 1;
    // Rebuilt only when the snapshot comes or goes, not on every edit (the search box keeps
    // its focus while the draft changes).
    let available = Memo::new(move |_| snapshot.with(Option::is_some));
    view! {
        <section class="who-has-access" aria-labelledby="who-title" data-testid="who-has-access">
            <div class="section-heading">
                <h2 id="who-title" class="section-title">"Who has access"</h2>
                {marker}
            </div>
            <p class="muted">"Everyone with an effective role on this resource, per data environment, and where it comes from — what applies once you save."</p>
            {move || if !available.get() { view! {
                <p class="muted" data-testid="who-unavailable">"Who has access shows to administrators: the account owner and owners of a resource."</p>
            }.into_any() } else { view! {
            <div class="toolbar">
                <label class="visually-hidden" for="who-search">"Search people with access"</label>
                <input id="who-search" type="search" class="search" placeholder="Search by name or code" data-testid="who-search"
                    prop:value=move || query.get() on:input=move |ev| { query.set(event_target_value(&ev)); page.set(0); }
                    on:change=move |ev| { query.set(event_target_value(&ev)); page.set(0); }/>
                <span class="count" data-testid="who-count" aria-live="polite">{count}</span>
            </div>
            <div class="table-wrap">
                <table class="data-table who-table" data-testid="who-table">
                    <thead><tr>
                        <th scope="col">"Person"</th>
                        {header.clone().into_iter().map(|e| view! { <th scope="col">{format!("Data: {}", e.name)}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {move || {
                            let rows = rows();
                            if rows.is_empty() {
                                let text = if query.with(|q| q.trim().is_empty()) { "No one has access yet: add a grant above." } else { "No one with access matches this search." };
                                return view! { <tr><td colspan=columns.to_string() class="muted">{text}</td></tr> }.into_any();
                            }
                            rows.into_iter().map(|(holder, row)| view! { <WhoRow holder row/> }).collect_view().into_any()
                        }}
                    </tbody>
                </table>
            </div>
            }.into_any() }}
            {move || (pages() > 1).then(|| view! {
                <nav class="pager" aria-label="Who has access pages">
                    <button type="button" class="button" data-testid="who-previous" disabled=move || current() == 0
                        on:click=move |_| page.set(current().saturating_sub(1))>"Previous"</button>
                    <span class="muted" data-testid="who-page">{move || format!("Page {} of {}", current() + 1, pages())}</span>
                    <button type="button" class="button" data-testid="who-next" disabled=move || current() + 1 >= pages()
                        on:click=move |_| page.set(current() + 1)>"Next"</button>
                </nav>
            })}
        </section>
    }
}

/// One person's row.
#[component]
fn WhoRow(holder: Holder, row: Vec<Option<crate::access_view::Cell>>) -> impl IntoView {
    let name = match holder.code.clone() {
        Some(code) => view! { <a href=env_href(&format!("/users/{code}")) data-testid="who-person">{holder.name.clone()}</a> }.into_any(),
        None => view! { <span data-testid="who-person">{holder.name.clone()}</span> }.into_any(),
    };
    view! {
        <tr data-testid="who-row" data-person=holder.name.clone() class:row-changed=holder.changed>
            <th scope="row">{name}{holder.changed.then(|| view! { " "<span class="badge badge-changed">"Changes"</span> })}</th>
            {row.into_iter().map(|cell| view! {
                <td data-testid="who-cell">{cell.map(|c| view! {
                    <RoleBadge role=c.role why=c.summary/>
                    " "<span class="who-reason">{c.reason}</span>
                    {c.was.map(|was| view! { <span class="who-was">{format!(" (was {was})")}</span> })}
                })}</td>
            }).collect_view()}
        </tr>
    }
}
