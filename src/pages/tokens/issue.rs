//! Issuing a token, and the panel that shows its secret the only time it is available.

use gatehouse_wire::{AppConnectorView, IssuedToken, NewToken, UserSummary};
use leptos::prelude::*;

use crate::api;

/// The form that issues a token: user, app connector, optional expiry date.
#[component]
pub fn IssueTokenForm(
    /// The environment code.
    env: String,
    /// The users to issue for.
    users: Vec<UserSummary>,
    /// The app connectors to issue for.
    app_connectors: Vec<AppConnectorView>,
    /// Called with the issued token (and its secret).
    on_issued: Callback<IssuedToken>,
) -> impl IntoView {
    let user = RwSignal::new(users.first().map(|u| u.code.clone()).unwrap_or_default());
    let app_connector = RwSignal::new(
        app_connectors
            .first()
            .map(|a| a.id.clone())
            .unwrap_or_default(),
    );
    let expires = RwSignal::new(String::new());
    let env_s = StoredValue::new(env);
    let issue = Action::new_local(move |body: &NewToken| {
        let (body, env) = (body.clone(), env_s.get_value());
        async move { api::issue_token(&env, &body).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(token)) = issue.value().get() {
            on_issued.run(token);
        }
    });
    let error = move || issue.value().get().and_then(Result::err);
    view! {
        <form class="inline-form" data-testid="issue-token" aria-label="Issue a token" on:submit=move |ev| {
            ev.prevent_default();
            let date = expires.get_untracked();
            // The end of the chosen day (UTC), so a token "until 31 Dec" works on 31 Dec.
            let expires_at = (!date.is_empty())
                .then(|| js_sys::Date::parse(&date))
                .filter(|ms| ms.is_finite())
                .map(|ms| (ms / 1000.0) as i64 + 86_399);
            issue.dispatch(NewToken { user: user.get_untracked(), app_connector: app_connector.get_untracked(), expires_at });
        }>
            <label class="field"><span class="field-label">"User"</span>
                <select data-testid="token-user" prop:value=user on:change=move |ev| user.set(event_target_value(&ev))>
                    {users.iter().map(|u| view! { <option value=u.code.clone()>{format!("{} · {}", u.name, u.code)}</option> }).collect_view()}
                </select></label>
            <label class="field"><span class="field-label">"App connector"</span>
                <select data-testid="token-app-connector" prop:value=app_connector on:change=move |ev| app_connector.set(event_target_value(&ev))>
                    {app_connectors.iter().map(|a| view! { <option value=a.id.clone()>{a.name.clone()}</option> }).collect_view()}
                </select></label>
            <label class="field"><span class="field-label">"Expires (optional)"</span>
                <input type="date" data-testid="token-expires" prop:value=expires on:input=move |ev| expires.set(event_target_value(&ev))/></label>
            <button class="button primary" type="submit" data-testid="issue-token-submit" disabled=move || issue.pending().get()>"Issue token"</button>
            {move || error().map(|f| view! { <p class="form-error" role="alert" data-testid="issue-error">{f.reason()}</p> })}
        </form>
    }
}

/// Copies `text` with `navigator.clipboard.writeText` (no-op where the browser lacks it).
fn copy_to_clipboard(text: &str) -> bool {
    use js_sys::{Function, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let clipboard = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator"))
        .and_then(|nav| Reflect::get(&nav, &JsValue::from_str("clipboard")));
    let Ok(clipboard) = clipboard else {
        return false;
    };
    let write = Reflect::get(&clipboard, &JsValue::from_str("writeText"));
    match write.ok().and_then(|f| f.dyn_into::<Function>().ok()) {
        Some(write) => write.call1(&clipboard, &JsValue::from_str(text)).is_ok(),
        None => false,
    }
}

/// The secret of a just-issued token, with a Copy button and the server's warnings.
#[component]
pub fn SecretPanel(
    /// The token just issued.
    token: IssuedToken,
    /// Called when the administrator dismisses the panel.
    on_close: Callback<()>,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let secret = StoredValue::new(token.secret.clone());
    view! {
        <div class="secret-panel" role="region" aria-label="New token" data-testid="secret-panel">
            <p class="state-title">{format!("Token for {} · {}", token.token.user.name, token.token.app_connector.name)}</p>
            <p class="secret-warning" data-testid="secret-warning">"Copy this secret now: it will not be shown again."</p>
            <div class="secret-row">
                <code class="mono secret" data-testid="token-secret">{token.secret.clone()}</code>
                <button class="button primary" data-testid="copy-secret" on:click=move |_| copied.set(secret.with_value(|s| copy_to_clipboard(s)))>
                    {move || if copied.get() { "Copied" } else { "Copy" }}
                </button>
            </div>
            {(!token.warnings.is_empty()).then(|| view! {
                <ul class="secret-warnings" data-testid="token-warnings">
                    {token.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
                </ul>
            })}
            <button class="button" on:click=move |_| on_close.run(())>"I have stored it"</button>
        </div>
    }
}
