//! The provisioning tokens: name, prefix, created, last used, status; revoke with a
//! confirmation dialog.

use gatehouse_wire::ScimTokenView;
use leptos::prelude::*;

use super::{day, moment};
use crate::api;
use crate::components::{EmptyState, Modal};

/// Where focus goes when the revoke dialog closes: the button that opened it, or (after a
/// revocation, when that button is gone) the tokens heading.
const RETURN_FOCUS: &str = "[data-return-focus]";

/// The tokens table, or its empty state.
#[component]
pub fn TokensTable(
    /// The environment code.
    env: Signal<String>,
    /// Every token, newest first.
    #[prop(into)]
    tokens: Signal<Vec<ScimTokenView>>,
    /// The token whose Revoke button gets focus back (its id), or `heading` for the heading.
    return_to: RwSignal<Option<String>>,
    /// Called after a token was revoked.
    on_revoked: Callback<()>,
) -> impl IntoView {
    let asking: RwSignal<Option<ScimTokenView>> = RwSignal::new(None);
    let rows = move || {
        tokens.get().into_iter().map(|t| {
            let (id, open) = (t.id.clone(), t.clone());
            let marked = move || (return_to.get().as_deref() == Some(id.as_str())).then_some("");
            let (created, by) = (day(t.created_at), format!("by {} ({})", t.created_by_name, t.created_by));
            let status = match t.revoked_at {
                None => view! { <span class="badge badge-active" data-testid="scim-token-status">"Active"</span> }.into_any(),
                Some(at) => view! { <span class="badge badge-deactivated" data-testid="scim-token-status">{format!("Revoked on {}", day(at))}</span> }.into_any(),
            };
            view! {
                <tr data-testid="scim-token-row" data-name=t.name.clone()>
                    <td class="strong">{t.name.clone()}</td>
                    <td class="mono">{format!("{}…", t.prefix)}</td>
                    <td class="scim-created">{created}<span class="muted">{by}</span></td>
                    <td>{t.last_used_at.map(moment).unwrap_or_else(|| "Never".to_owned())}</td>
                    <td>{status}</td>
                    <td class="actions">{t.revoked_at.is_none().then(|| view! {
                        <button type="button" class="button button-small" data-testid="revoke-scim-token" data-return-focus=marked
                            on:click=move |_| { return_to.set(Some(open.id.clone())); asking.set(Some(open.clone())); }>
                            "Revoke…"<span class="visually-hidden">{format!(" {}", t.name)}</span>
                        </button>
                    })}</td>
                </tr>
            }
        }).collect_view()
    };
    view! {
        <Show when=move || tokens.with(|t| !t.is_empty())
            fallback=|| view! { <EmptyState title="No provisioning tokens yet" detail="Create one above and paste it into your identity provider."/> }>
            <div class="table-wrap">
                <table class="data-table" data-testid="scim-tokens-table">
                    <caption class="visually-hidden">"Provisioning tokens, newest first"</caption>
                    <thead><tr>
                        <th scope="col">"Name"</th><th scope="col">"Prefix"</th><th scope="col">"Created"</th>
                        <th scope="col">"Last used"</th><th scope="col">"Status"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Show>
        {move || asking.get().map(|token| view! {
            <RevokeDialog env=env.get_untracked() token
                on_cancel=Callback::new(move |()| asking.set(None))
                on_revoked=Callback::new(move |()| {
                    return_to.set(Some("heading".to_owned()));
                    asking.set(None);
                    on_revoked.run(());
                })/>
        })}
    }
}

/// Asks before revoking `token`: what stops working, and what stays.
#[component]
fn RevokeDialog(
    env: String,
    token: ScimTokenView,
    on_cancel: Callback<()>,
    on_revoked: Callback<()>,
) -> impl IntoView {
    let env = StoredValue::new(env);
    let id = StoredValue::new(token.id.clone());
    let revoke = Action::new_local(move |_: &()| {
        let (env, id) = (env.get_value(), id.get_value());
        async move { api::revoke_scim_token(&env, &id).await }
    });
    Effect::new(move |_| {
        if matches!(revoke.value().get(), Some(Ok(_))) {
            on_revoked.run(());
        }
    });
    let error = move || revoke.value().get().and_then(Result::err);
    view! {
        <Modal labelled_by="revoke-scim-title" return_focus=RETURN_FOCUS on_close=on_cancel testid="revoke-scim-dialog">
            <div class="modal-form">
                <header class="modal-header">
                    <h2 id="revoke-scim-title" class="modal-title">{format!("Revoke “{}”?", token.name)}</h2>
                </header>
                <div class="modal-body">
                    <p>"From now on every call the identity provider makes with this token is refused (401), so it stops creating, changing and deactivating users and groups here."</p>
                    <p class="hint">{format!("Users and groups it provisioned stay as they are. A revoked token cannot be used again: to reconnect, create a new token. Prefix {}…", token.prefix)}</p>
                    {move || error().map(|f| view! { <p class="form-error" role="alert" data-testid="revoke-scim-error">{f.reason()}</p> })}
                </div>
                <footer class="modal-footer">
                    <span></span>
                    <div class="footer-actions">
                        <button type="button" class="button" data-testid="revoke-scim-cancel" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                        <button type="button" class="button primary" data-testid="revoke-scim-confirm" disabled=move || revoke.pending().get()
                            on:click=move |_| { revoke.dispatch(()); }>
                            {move || if revoke.pending().get() { "Revoking…" } else { "Revoke token" }}
                        </button>
                    </div>
                </footer>
            </div>
        </Modal>
    }
}
