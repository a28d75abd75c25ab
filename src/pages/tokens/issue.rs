//! Issuing a token, and the panel that shows its secret the only time it is available.

use gatehouse_wire::{AppConnectorView, IssuedToken, NewToken, UserStatus, UserSummary};
use leptos::prelude::*;

use crate::api;
use crate::components::OwnerOnlyNote;

/// Who a token may be issued for: the signed-in administrator alone unless they are the
/// account owner (`only_self`), and never a deactivated user (the server refuses those).
fn issuable(users: Vec<UserSummary>, only_self: Option<&str>) -> Vec<UserSummary> {
    users
        .into_iter()
        .filter(|u| u.status == UserStatus::Active)
        .filter(|u| only_self.is_none_or(|me| u.code == me))
        .collect()
}

/// Why a call with a token for `code` through `connector` would be refused as things stand,
/// said before issuing it (the app connector's own member list, as the server built it).
fn issue_warning(connector: Option<&AppConnectorView>, code: &str, name: &str) -> Option<String> {
    let connector = connector?;
    match connector.members.iter().find(|m| m.code == code) {
        None => Some(format!(
            "{name} is not a member of group {}, whose members may call through {}: calls with this token will be refused until they join it.",
            connector.group.name, connector.name
        )),
        Some(m) if m.missing_email => Some(format!(
            "{name} has no email address: calls through {} will be refused until one is set.",
            connector.name
        )),
        Some(_) => None,
    }
}

/// The form that issues a token: user, app connector, optional expiry date.
#[component]
pub fn IssueTokenForm(
    /// The environment code.
    env: String,
    /// The users to issue for.
    users: Vec<UserSummary>,
    /// The app connectors to issue for.
    app_connectors: Vec<AppConnectorView>,
    /// The signed-in administrator's code when they may issue tokens only for themself (not
    /// the account owner).
    only_self: Option<String>,
    /// Called with the issued token (and its secret).
    on_issued: Callback<IssuedToken>,
) -> impl IntoView {
    let users = issuable(users, only_self.as_deref());
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
    let (users_s, connectors_s) = (
        StoredValue::new(users.clone()),
        StoredValue::new(app_connectors.clone()),
    );
    let warning = move || {
        let code = user.get();
        let name =
            users_s.with_value(|us| us.iter().find(|u| u.code == code).map(|u| u.name.clone()))?;
        let id = app_connector.get();
        connectors_s.with_value(|cs| issue_warning(cs.iter().find(|c| c.id == id), &code, &name))
    };
    let note_env = env_s.get_value();
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
                <select data-testid="token-user" prop:value=user disabled=only_self.is_some()
                    aria-describedby=only_self.is_some().then_some("token-owner-only")
                    on:change=move |ev| user.set(event_target_value(&ev))>
                    {users.iter().map(|u| view! { <option value=u.code.clone()>{format!("{} ({})", u.name, u.code)}</option> }).collect_view()}
                </select></label>
            <label class="field"><span class="field-label">"App connector"</span>
                <select data-testid="token-app-connector" prop:value=app_connector on:change=move |ev| app_connector.set(event_target_value(&ev))>
                    {app_connectors.iter().map(|a| view! { <option value=a.id.clone()>{a.name.clone()}</option> }).collect_view()}
                </select></label>
            <label class="field"><span class="field-label">"Expires (optional)"</span>
                <input type="date" data-testid="token-expires" prop:value=expires on:input=move |ev| expires.set(event_target_value(&ev))/></label>
            <button class="button primary" type="submit" data-testid="issue-token-submit" disabled=move || issue.pending().get()>"Issue token"</button>
            {only_self.is_some().then(|| view! { <OwnerOnlyNote env=note_env.clone() id="token-owner-only"
                text="You can issue tokens for yourself; only the account owner issues them for others."/> })}
            {move || warning().map(|w| view! { <p class="form-warning" role="status" data-testid="issue-warning">"⚠ "{w}</p> })}
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
