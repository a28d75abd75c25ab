//! The top bar: product name, environment switcher, the precedence rule in force.

use leptos::prelude::*;

use super::{AccountMenu, EnvironmentSwitcher};
use crate::leave_guard::ask_before;
use crate::studio::use_studio;

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
    view! {
        <header class="top-bar">
            <a class="brand" href="/users">
                <span class="brand-mark" aria-hidden="true">"G"</span>
                "Gatehouse"
            </a>
            <EnvironmentSwitcher
                environments=environments
                current=current
                on_pick=Callback::new(move |code: String| {
                    // Another environment drops the drafts of this one: ask first.
                    ask_before(move || studio.selected.set(Some(code.clone())));
                })
            />
            <div class="top-bar-spacer"></div>
            {move || {
                precedence()
                    .map(|label| {
                        view! {
                            <a
                                class="precedence"
                                href="/precedence"
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
