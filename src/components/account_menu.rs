//! The signed-in administrator and the sign-out button, at the right of the top bar.

use leptos::prelude::*;

use crate::api;
use crate::leave_guard::ask_before;
use crate::studio::use_studio;

/// Name, user code and "Sign out".
#[component]
pub fn AccountMenu() -> impl IntoView {
    let studio = use_studio();
    let sign_out = Action::new_local(|_: &()| api::sign_out());
    Effect::new(move |_| {
        if sign_out.value().get().is_some() {
            studio.reload_session();
        }
    });
    let user = move || studio.session.get().and_then(Result::ok).map(|s| s.user);
    view! {
        {move || user().map(|user| view! {
            <div class="account" data-testid="account">
                <span class="account-name">{user.name.clone()}</span>
                <span class="account-code mono">{user.code.clone()}</span>
                {user.account_owner.then(|| view! { <span class="badge badge-owner">"Account owner"</span> })}
            </div>
        })}
        <button class="button" data-testid="sign-out" on:click=move |_| ask_before(move || { sign_out.dispatch(()); })>
            "Sign out"
        </button>
    }
}
