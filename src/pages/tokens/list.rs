//! The issued tokens: prefix, user, app connector, dates, status; revoke with confirmation.

use gatehouse_wire::{TokenStatus, TokenView};
use leptos::prelude::*;

use super::day;
use crate::api;
use crate::components::EmptyState;

/// The status of a token as a badge.
fn status_badge(status: TokenStatus) -> impl IntoView {
    let (class, label) = match status {
        TokenStatus::Active => ("badge badge-active", "Active"),
        TokenStatus::Expired => ("badge badge-warning", "Expired"),
        TokenStatus::Revoked => ("badge badge-deactivated", "Revoked"),
    };
    view! { <span class=class data-testid="token-status">{label}</span> }
}

/// The table of tokens.
#[component]
pub fn TokensTable(
    /// The environment code.
    env: String,
    /// The tokens.
    tokens: Vec<TokenView>,
    /// Called after a token was revoked.
    on_changed: Callback<()>,
) -> impl IntoView {
    if tokens.is_empty() {
        return view! { <EmptyState title="No tokens yet" detail="Issue a token above for a member of an app connector's group."/> }.into_any();
    }
    let env_s = StoredValue::new(env);
    let confirm: RwSignal<Option<String>> = RwSignal::new(None);
    let revoke = Action::new_local(move |id: &String| {
        let (id, env) = (id.clone(), env_s.get_value());
        async move { api::revoke_token(&env, &id).await.map(drop) }
    });
    Effect::new(move |_| {
        if matches!(revoke.value().get(), Some(Ok(()))) {
            confirm.set(None);
            on_changed.run(());
        }
    });
    let error = move || revoke.value().get().and_then(Result::err);
    view! {
        {move || error().map(|f| view! { <p class="form-error" role="alert">{f.reason()}</p> })}
        <div class="table-wrap"><table class="data-table tokens-table" data-testid="tokens-table">
            <thead><tr>
                <th scope="col">"Prefix"</th><th scope="col">"User"</th><th scope="col">"App connector"</th>
                <th scope="col">"Created"</th><th scope="col">"Expires"</th><th scope="col">"Last used"</th>
                <th scope="col">"Status"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
            </tr></thead>
            <tbody>{tokens.into_iter().map(|t| {
                let (id, id2) = (t.id.clone(), t.id.clone());
                let asking = move || confirm.get().as_deref() == Some(id.as_str());
                let active = t.status == TokenStatus::Active;
                view! { <tr data-testid="token-row" data-prefix=t.prefix.clone()>
                    <td class="mono">{format!("{}…", t.prefix)}</td>
                    <td>{t.user.name.clone()}<span class="mono muted person-code">{t.user.code.clone()}</span></td>
                    <td>{t.app_connector.name.clone()}</td>
                    <td>{day(t.created_at)}</td>
                    <td>{t.expires_at.map(day).unwrap_or_else(|| "Never".to_owned())}</td>
                    <td data-testid="token-last-used">{t.last_used_at.map(day).unwrap_or_else(|| "Never".to_owned())}</td>
                    <td>{status_badge(t.status)}</td>
                    <td class="actions">{move || match (active, asking()) {
                        (false, _) => ().into_any(),
                        (true, false) => { let id = id2.clone(); view! { <button class="button" data-testid="revoke-token" on:click=move |_| confirm.set(Some(id.clone()))>"Revoke…"</button> }.into_any() }
                        (true, true) => { let id = id2.clone(); view! {
                            <span role="alertdialog" aria-label="Confirm revoke" class="confirm-inline">
                                "Revoke for good? "
                                <button class="button primary" data-testid="confirm-revoke" on:click=move |_| { revoke.dispatch(id.clone()); }>"Revoke"</button>
                                <button class="button" on:click=move |_| confirm.set(None)>"Cancel"</button>
                            </span>
                        }.into_any() }
                    }}</td>
                </tr> }
            }).collect_view()}</tbody>
        </table></div>
    }.into_any()
}
