//! The views for addresses the studio does not know, and the environment's home.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use leptos_router::NavigateOptions;

use crate::components::EmptyState;
use crate::studio::use_studio;
use crate::studio_path;

/// "No such page", with the way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let location = use_location();
    let studio = use_studio();
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title" class="page-title">"Page not found"</h1>
            <EmptyState
                title="There is no page at this address"
                detail=Signal::derive(move || format!("Nothing lives at {}.", location.pathname.get()))
            >
                <a class="button primary" href=studio.path(studio_path::HOME)>"Go to Users"</a>
            </EmptyState>
        </section>
    }
}

/// The address names an environment the signed-in administrator cannot open (mistyped, of
/// another organisation, or one they no longer collaborate in): say so and offer theirs.
#[component]
pub fn UnknownEnvironment(
    /// The code the address names.
    code: String,
) -> impl IntoView {
    let studio = use_studio();
    let location = use_location();
    let environments = move || {
        studio
            .environments
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
    };
    view! {
        <section class="page" aria-labelledby="page-title" data-testid="unknown-environment">
            <h1 id="page-title" class="page-title">"Environment not found"</h1>
            <EmptyState
                title=format!("You have no environment {code}")
                detail=format!(
                    "The address starts with {code}, which is not an environment you administer. \
                     Open the same view in one of yours:"
                )
            >
                <ul class="environment-links">
                    {move || environments().into_iter().map(|env| {
                        let href = studio_path::switch(&location.pathname.get_untracked(), &env.code);
                        let label = format!("{} · {} · {}", env.organisation, env.code, env.kind.label());
                        view! { <li><a class="button" href=href>{label}</a></li> }
                    }).collect_view()}
                </ul>
            </EmptyState>
        </section>
    }
}

/// `/O12345AA`: the environment alone opens its Users view.
#[component]
pub fn EnvironmentHome() -> impl IntoView {
    let to = use_studio().path(studio_path::HOME);
    view! { <Redirect path=to options=NavigateOptions { replace: true, ..Default::default() }/> }
}
