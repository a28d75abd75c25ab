//! The sign-in screen, shown at any URL while nobody is signed in (the URL is kept, so a deep
//! link opens after signing in).

use gatehouse_wire::SignIn;
use leptos::prelude::*;

use crate::api;
use crate::components::DemoBanner;
use crate::studio::use_studio;

/// User code + password form.
#[component]
pub fn SignInPage() -> impl IntoView {
    let studio = use_studio();
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = Action::new_local(move |body: &SignIn| api::sign_in(body.clone()));
    let error = move || {
        submit
            .value()
            .get()
            .and_then(Result::err)
            .map(|f| f.reason())
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = submit.value().get() {
            studio.reload_session();
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.dispatch(SignIn {
            code: code.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            environment: None,
        });
    };
    view! {
        <DemoBanner/>
        <main class="sign-in" id="main">
            <form class="sign-in-card" on:submit=on_submit data-testid="sign-in-form" aria-labelledby="sign-in-title">
                <div class="brand sign-in-brand">
                    <span class="brand-mark" aria-hidden="true">"G"</span>
                    "Gatehouse"
                </div>
                <h1 id="sign-in-title" class="sign-in-title">"Sign in"</h1>
                <p class="muted">"Administrators sign in with their user code, e.g. " <code>"12345.AdeVries"</code>"."</p>
                <label class="field">
                    <span class="field-label">"User code"</span>
                    <input type="text" name="username" autocomplete="username" required autofocus
                        data-testid="sign-in-code" placeholder="12345.AdeVries"
                        prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/>
                </label>
                <label class="field">
                    <span class="field-label">"Password"</span>
                    <input type="password" name="password" autocomplete="current-password" required
                        data-testid="sign-in-password"
                        prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                </label>
                {move || error().map(|message| view! {
                    <p class="form-error" role="alert" data-testid="sign-in-error">{message}</p>
                })}
                <button type="submit" class="button primary wide" data-testid="sign-in-submit"
                    disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
                <p class="hint">"Demo accounts: every demo user has the password " <code>"gatehouse"</code>
                    "; " <code>"12345.AdeVries"</code> " is the account owner."</p>
            </form>
        </main>
    }
}
