//! One app connector as a card: group, connectors, members, block/unblock and delete.

use gatehouse_policy::ConnectorKind;
use gatehouse_wire::AppConnectorView;
use leptos::prelude::*;

use crate::api;
use crate::studio::env_href;

/// A get or update connector, in words.
pub fn kind_label(kind: ConnectorKind) -> &'static str {
    match kind {
        ConnectorKind::Get => "get",
        ConnectorKind::Update => "update",
    }
}

/// An app connector with its actions.
#[component]
pub fn AppConnectorCard(
    /// The environment code.
    env: String,
    /// The app connector as loaded.
    item: AppConnectorView,
    /// Called after a change was saved (reload).
    on_changed: Callback<()>,
    /// Called when the administrator asks to edit it.
    on_edit: Callback<()>,
    /// Whether the signed-in administrator may change it (the account owner); else the card
    /// is read only and has no actions.
    can_change: bool,
) -> impl IntoView {
    let (id, version, blocked) = (item.id.clone(), item.version, item.blocked);
    let target = StoredValue::new((env, id));
    let confirm_delete = RwSignal::new(false);
    let block = Action::new_local(move |on: &bool| {
        let ((env, id), on) = (target.get_value(), *on);
        async move {
            api::block_app_connector(&env, &id, version, on)
                .await
                .map(drop)
        }
    });
    let delete = Action::new_local(move |_: &()| {
        let (env, id) = target.get_value();
        async move { api::delete_app_connector(&env, &id, version).await }
    });
    Effect::new(move |_| {
        if matches!(block.value().get(), Some(Ok(())))
            || matches!(delete.value().get(), Some(Ok(())))
        {
            on_changed.run(());
        }
    });
    let error = move || {
        block
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| delete.value().get().and_then(Result::err))
    };
    let missing = item.members_missing_email;
    view! {
        <article class="ac-card" data-testid="app-connector" data-name=item.name.clone() data-blocked=blocked.to_string()>
            <header class="ac-head">
                <h2 class="ac-name">{item.name.clone()}</h2>
                {blocked.then(|| view! { <span class="badge badge-blocked" data-testid="blocked-badge">"Blocked — every call is refused"</span> })}
                <span class="top-bar-spacer"></span>
                {can_change.then(|| view! {
                    <button class="button" data-testid="edit-app-connector" on:click=move |_| on_edit.run(())>"Edit"</button>
                    <button class="button" data-testid="toggle-block" disabled=move || block.pending().get()
                        on:click=move |_| { block.dispatch(!blocked); }>{if blocked { "Unblock" } else { "Block" }}</button>
                    <button class="button" data-testid="delete-app-connector" on:click=move |_| confirm_delete.set(true)>"Delete…"</button>
                })}
            </header>
            {move || error().map(|f| view! {
                <div class="conflict" role="alert" data-testid="app-connector-error">
                    <p class="state-title">{f.title()}</p><p>{f.detail()}</p>
                    <button class="button" on:click=move |_| on_changed.run(())>"Reload"</button>
                </div>
            })}
            {move || confirm_delete.get().then(|| view! {
                <div class="conflict" role="alertdialog" aria-label="Confirm delete">
                    <p>"Delete this app connector? Calls through it stop working and its tokens become useless."</p>
                    <div class="state-actions">
                        <button class="button primary" data-testid="confirm-delete" on:click=move |_| { delete.dispatch(()); }>"Delete app connector"</button>
                        <button class="button" on:click=move |_| confirm_delete.set(false)>"Cancel"</button>
                    </div>
                </div>
            })}
            <dl class="ac-facts">
                <dt>"Linked group"</dt><dd data-testid="linked-group"><a href=env_href(&format!("/groups/{}", item.group.id))>{item.group.name.clone()}</a></dd>
                <dt>"Connectors"</dt>
                <dd><ul class="chips" data-testid="included-connectors">
                    {item.connectors.iter().map(|c| view! {
                        <li class="chip">{c.name.clone()}" "<span class="muted">{kind_label(c.kind)}</span></li>
                    }).collect_view()}
                    {item.connectors.is_empty().then(|| view! { <li class="muted">"None included"</li> })}
                </ul></dd>
                <dt>{format!("Members ({})", item.members.len())}</dt>
                <dd><ul class="ac-members" data-testid="ac-members">
                    {item.members.iter().map(|m| view! {
                        <li data-testid="ac-member" data-missing-email=m.missing_email.to_string()>
                            {m.name.clone()}" "<span class="mono muted">{m.code.clone()}</span>
                            {m.missing_email.then(|| view! { <span class="badge badge-warning">"No email — cannot use app connectors"</span> })}
                        </li>
                    }).collect_view()}
                </ul>
                {(missing > 0).then(|| view! { <p class="hint">{format!("{missing} member(s) need an email address before they can call.")}</p> })}
                </dd>
            </dl>
        </article>
    }
}
