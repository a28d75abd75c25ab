//! Access matrix (`/access-matrix`): every user (rows) × every resource (columns), each cell
//! the effective role in one data environment (or the highest over all of them), computed in
//! the browser by the policy crate from one snapshot, windowed so 10,000 × 1,000 stays
//! smooth. A cell opens its explanation; the filtered matrix downloads as CSV.

mod detail;
mod filters;
mod grid;
mod legend;
mod model;
mod query;

use std::sync::Arc;

use gatehouse_policy::{EnvIx, EnvironmentId, PreparedPolicy, ResourceIx, UserIx};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::clock::now;
use crate::components::{EmptyState, ErrorState};
use crate::studio::env_href;
use crate::studio::use_studio;
use detail::Detail;
use filters::Filters;
use grid::Grid;
use legend::Legend;
use model::{shown_resources, shown_users, ResourceFilter, UserFilter};
use query::MatrixQuery;

/// What the page is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The policy snapshot is on its way.
    Fetching,
    /// The snapshot arrived; the policy crate prepares it.
    Computing,
}

/// The prepared snapshot of one organisation environment.
#[derive(Clone)]
struct Loaded {
    /// The organisation environment's code (`O12345AA`).
    env_code: String,
    /// The snapshot, prepared for decisions now.
    prepared: Arc<PreparedPolicy>,
}

/// The Access matrix view.
#[component]
pub fn AccessMatrixPage() -> impl IntoView {
    let studio = use_studio();
    let step = RwSignal::new(Step::Fetching);
    let loaded: LocalResource<Result<Loaded, ApiFailure>> = LocalResource::new(move || {
        let selected = studio.selected.get();
        async move {
            step.set(Step::Fetching);
            let env = studio.environment(selected).await?;
            let policy = api::get_policy(&env.code).await?;
            step.set(Step::Computing);
            // Let the browser paint "Computing…" before the (synchronous) preparation.
            next_paint().await;
            let prepared = gatehouse_policy::PreparedPolicy::new(policy, now())
                .map_err(|e| ApiFailure::Malformed(e.to_string()))?;
            Ok(Loaded {
                env_code: env.code,
                prepared: Arc::new(prepared),
            })
        }
    });
    view! {
        <section class="page mx-page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">"Access matrix"</h1>
                <p class="page-lede">"Everyone's effective role on every app and connector, computed in your browser by the same rules the server enforces. Pick a cell to see why."</p>
            </header>
            {move || match loaded.get() {
                None => view! { <Loading step/> }.into_any(),
                Some(Err(f)) if matches!(f, ApiFailure::Refused { status: 403, .. }) => {
                    view! { <NoAccess reason=f.reason()/> }.into_any()
                }
                Some(Err(f)) => view! {
                    <ErrorState title=f.title().to_owned() detail=f.detail()
                        on_retry=Callback::new(move |()| loaded.refetch())/>
                }.into_any(),
                Some(Ok(loaded)) => view! { <Matrix loaded/> }.into_any(),
            }}
        </section>
    }
}

/// Progress while the snapshot loads and the matrix is prepared.
#[component]
fn Loading(step: RwSignal<Step>) -> impl IntoView {
    let label = move || match step.get() {
        Step::Fetching => "Loading the policy snapshot…",
        Step::Computing => "Computing the matrix…",
    };
    view! {
        <div class="mx-loading" role="status" data-testid="matrix-loading">
            <progress class="mx-progress" aria-label=label></progress>
            <p>{label}</p>
        </div>
    }
}

/// The designed refusal for people who may not read the whole policy.
#[component]
fn NoAccess(reason: String) -> impl IntoView {
    view! {
        <div class="state mx-no-access" role="status" data-testid="matrix-no-access">
            <div class="state-icon" aria-hidden="true">"⊘"</div>
            <p class="state-title">"The access matrix is for administrators"</p>
            <p class="state-detail">{format!("It shows everyone's access, so {reason}. Ask the account owner if you need it; your own permissions are on your user page.")}</p>
            <div class="state-actions"><A href=env_href("/users") attr:class="button">"Go to Users"</A></div>
        </div>
    }
}

/// The filters, the grid and the explanation of the picked cell.
#[component]
fn Matrix(loaded: Loaded) -> impl IntoView {
    let query = MatrixQuery::from_url();
    let env_code = loaded.env_code.clone();
    let prepared = StoredValue::new(loaded.prepared);
    let env = Memo::new(move |_| -> Option<EnvIx> {
        let data = query.data.get();
        prepared.with_value(|p| {
            if data == "all" {
                return None;
            }
            EnvironmentId::parse(&data)
                .ok()
                .and_then(|id| p.env_ix(&id))
                .or_else(|| p.environments().next())
        })
    });
    let users = Memo::new(move |_| {
        let filter = UserFilter {
            text: query.user_text.get(),
            group: query.group.get(),
            status: query.status.get(),
            by_code: query.sort.get() == "code",
        };
        prepared.with_value(|p| shown_users(p, &filter))
    });
    let resources = Memo::new(move |_| {
        let filter = ResourceFilter {
            text: query.resource_text.get(),
            kind: query.kind.get(),
        };
        prepared.with_value(|p| shown_resources(p, &filter))
    });
    let selected = RwSignal::new(None::<(UserIx, ResourceIx)>);
    let active = RwSignal::new((0usize, 0usize));
    let has_cells =
        Memo::new(move |_| !users.with(Vec::is_empty) && !resources.with(Vec::is_empty));
    let env_label = move || {
        prepared.with_value(|p| {
            match env
                .get()
                .and_then(|e| p.policy().environments.get(e.index()))
            {
                Some(e) => format!("Data: {}", e.name),
                None => "Highest in any data environment".to_owned(),
            }
        })
    };
    let count = move || {
        let (u, r) = (users.with(Vec::len), resources.with(Vec::len));
        format!(
            "{u} {} × {r} {} · {}",
            if u == 1 { "user" } else { "users" },
            if r == 1 { "resource" } else { "resources" },
            env_label()
        )
    };
    let export_error = RwSignal::new(None::<String>);
    let export = move |_| {
        let env_ix = env.get_untracked();
        let (csv, data) = prepared.with_value(|p| {
            let csv = users.with_untracked(|u| {
                resources.with_untracked(|r| gatehouse_app::access_matrix_csv(p, u, r, env_ix))
            });
            let data = env_ix
                .and_then(|e| p.env_id(e))
                .map_or_else(|| "all".to_owned(), ToString::to_string);
            (csv, data)
        });
        let name = format!("access-matrix-{env_code}-{data}.csv");
        export_error.set(crate::download::download(&name, &csv, "text/csv;charset=utf-8").err());
    };
    let close = Callback::new(move |()| {
        selected.set(None);
        grid::focus_active(active.get_untracked());
    });
    view! {
        <Filters query prepared/>
        <div class="mx-bar">
            <p class="mx-count" data-testid="matrix-count" aria-live="polite">{count}</p>
            <Legend/>
            <button class="button" type="button" data-testid="matrix-export" on:click=export
                disabled=move || !has_cells.get()>"Export CSV"</button>
        </div>
        {move || export_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <Show when=move || has_cells.get() fallback=move || view! { <NothingMatches query/> }>
            <div class="mx-layout" class:with-detail=move || selected.get().is_some()>
                <Grid prepared users resources env selected active/>
                {move || selected.get().map(|(user, resource)| view! {
                    <Detail prepared user resource env on_close=close/>
                })}
            </div>
        </Show>
    }
}

/// The empty state: what to change when no user or no resource passes the filters.
#[component]
fn NothingMatches(query: MatrixQuery) -> impl IntoView {
    let filtering = move || query.filtering();
    view! {
        <EmptyState
            title=Signal::derive(move || if filtering() { "No users or resources match these filters".to_owned() } else { "Nothing to show yet".to_owned() })
            detail=Signal::derive(move || if filtering() {
                "Change the search or the filters, or clear them to see everyone.".to_owned()
            } else {
                "This environment has no users or no apps and connectors yet. Add them under People and Resources.".to_owned()
            })>
            <Show when=filtering>
                <button class="button primary" type="button" data-testid="matrix-clear"
                    on:click=move |_| query.clear_filters()>"Clear filters"</button>
            </Show>
        </EmptyState>
    }
}

/// Resolves just after the browser's next paint: an animation frame, then a zero timer (which
/// runs once that frame is painted). A hidden tab runs no animation frames, so a 50 ms timer
/// resolves it as well, whichever comes first.
async fn next_paint() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 50);
        let after_frame = Closure::once_into_js(move || {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    resolve.unchecked_ref(),
                    0,
                );
            }
        });
        let _ = window.request_animation_frame(after_frame.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
