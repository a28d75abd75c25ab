//! What one user can effectively do, first on their page: per kind (apps, then connectors),
//! each resource a link to its permissions, each cell the role that applies with where it
//! comes from in words, and shadowed grants listed on demand (keyboard and screen reader
//! reach them; nothing hides in a hover-only tooltip).

use gatehouse_policy::{Decision, ResourceKind};
use gatehouse_wire::UserAccess;
use leptos::prelude::*;

use crate::components::{EmptyState, RoleBadge};
use crate::studio::env_href;

/// A resource the grid lists: its kind, id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// App or connector.
    pub kind: ResourceKind,
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// The list page and permissions path of a kind.
fn kind_words(kind: ResourceKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        ResourceKind::App => ("Apps", "App", "/apps"),
        ResourceKind::Connector => ("Connectors", "Connector", "/connectors"),
    }
}

/// The effective-access section: a download and one grid per kind.
#[component]
pub fn UserAccessView(
    /// The user's explained decisions.
    access: UserAccess,
    /// The user's name, for the lede.
    name: String,
    /// The resources to list, apps and connectors.
    resources: Vec<Listed>,
) -> impl IntoView {
    if resources.is_empty() {
        return view! {
            <section class="user-access" aria-labelledby="access-title">
                <h2 id="access-title" class="section-title">"Effective access"</h2>
                <EmptyState title="No apps or connectors in this environment yet"
                    detail="Once apps or connectors exist here, this shows what the user can do with each of them and why."/>
            </section>
        }
        .into_any();
    }
    let names: Vec<(String, String)> = resources
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect();
    let csv = gatehouse_app::access_csv(&access, &names);
    let filename = format!("access-{}.csv", access.code);
    let download_error = RwSignal::new(None::<String>);
    let access = StoredValue::new(access);
    let grids = [ResourceKind::App, ResourceKind::Connector]
        .into_iter()
        .map(|kind| {
            let listed: Vec<Listed> = resources
                .iter()
                .filter(|r| r.kind == kind)
                .cloned()
                .collect();
            (!listed.is_empty()).then(|| {
                access.with_value(|a| view! { <KindGrid kind access=a.clone() resources=listed/> })
            })
        })
        .collect_view();
    view! {
        <section class="user-access" aria-labelledby="access-title" data-testid="user-access">
            <div class="section-heading">
                <h2 id="access-title" class="section-title">"Effective access"</h2>
                <button class="button" data-testid="download-access" on:click=move |_| {
                    download_error.set(crate::download::download(&filename, &csv, "text/csv;charset=utf-8").err());
                }>"Download CSV"</button>
            </div>
            {move || download_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <p class="muted">{format!("What {name} can do with each app and connector in each data environment, and where it comes from. Grants that have no effect are listed under ⚠.")}</p>
            {grids}
        </section>
    }
    .into_any()
}

/// One kind's grid: resources as rows, data environments as columns.
#[component]
fn KindGrid(kind: ResourceKind, access: UserAccess, resources: Vec<Listed>) -> impl IntoView {
    let (title, singular, base) = kind_words(kind);
    let envs = access.environments.clone();
    let cell = move |resource: &str, env: &str| -> Option<Decision> {
        access
            .decisions
            .iter()
            .find(|d| d.resource.as_str() == resource && d.environment.as_str() == env)
            .cloned()
    };
    let heading_id = format!("access-{}", title.to_lowercase());
    view! {
        <h3 id=heading_id.clone() class="subsection-title">{title}</h3>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=heading_id>
            <table class="data-table access-grid" data-testid="access-grid" data-kind=title.to_lowercase()>
                <thead><tr>
                    <th scope="col">{singular}</th>
                    {envs.iter().map(|e| view! { <th scope="col">{format!("Data: {}", e.name)}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {resources.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row" class="strong">
                                <a href=env_href(&format!("{base}/{}/permissions", r.id)) data-testid="access-resource">{r.name.clone()}</a>
                            </th>
                            {envs.iter().map(|e| match cell(&r.id, &e.id) {
                                Some(d) => view! { <AccessCell decision=d resource=r.id.clone() env=e.id.clone()/> }.into_any(),
                                None => view! { <td class="muted">"—"</td> }.into_any(),
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One decision: badge, reason in words, shadowed grants behind a disclosure.
#[component]
fn AccessCell(decision: Decision, resource: String, env: String) -> impl IntoView {
    let why = crate::access_view::reason(&decision);
    let shadowed: Vec<String> = decision
        .shadowed
        .iter()
        .map(|s| s.message.clone())
        .collect();
    let count = shadowed.len();
    view! {
        <td data-testid="access-cell" data-resource=resource data-env=env>
            <RoleBadge role=decision.role why=decision.summary.clone()/>
            <span class="cell-why" data-testid="access-why">{why}</span>
            {(count > 0).then(|| view! {
                <details class="cell-shadowed" data-testid="access-shadowed">
                    <summary>{if count == 1 { "⚠ 1 shadowed grant".to_owned() } else { format!("⚠ {count} shadowed grants") }}</summary>
                    <ul>{shadowed.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </details>
            })}
        </td>
    }
}
