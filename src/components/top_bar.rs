//! The top bar: product name, environment switcher, the precedence rule in force.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use super::{AccountMenu, EnvironmentSwitcher};
use crate::leave_guard::ask_before;
use crate::studio::use_studio;
use crate::studio_path;

/// The bar across the top of every view.
#[component]
pub fn TopBar() -> impl IntoView {
    let studio = use_studio();
    let environments = Signal::derive(move || {
        studio
            .environments
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
    });
    let current = Signal::derive(move || studio.current());
    let precedence = move || current.get().map(|env| env.precedence.label());
    // Links follow the environment in the address.
    let href = move |view: &'static str| move || studio.path_tracked(view);
    let location = use_location();
    // Stored: the pick runs later, from the leave guard, which wants a thread-safe closure.
    let navigate = StoredValue::new_local(use_navigate());
    view! {
        <header class="top-bar">
            <a class="brand" href=href(studio_path::HOME)>
                <span class="brand-mark" aria-hidden="true">"G"</span>
                "Gatehouse"
            </a>
            <EnvironmentSwitcher
                environments=environments
                current=current
                on_pick=Callback::new(move |code: String| {
                    // Another environment drops the drafts of this one: ask first.
                    // The same kind of view in the other environment (its address says which).
                    ask_before(move || {
                        let to = studio_path::switch(&location.pathname.get_untracked(), &code);
                        navigate.with_value(|navigate| navigate(&to, Default::default()));
                    });
                })
            />
            <div class="top-bar-spacer"></div>
            {move || {
                precedence()
                    .map(|label| {
                        view! {
                            <a
                                class="precedence"
                                href=href("/precedence")
                                title="How grants from All Users, groups and the user combine"
                                data-testid="precedence"
                            >
                                "Precedence: "
                                <strong>{label}</strong>
                            </a>
                        }
                    })
            }}
            <AccountMenu/>
        </header>
    }
}
