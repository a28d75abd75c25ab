//! The explanation of one cell: per data environment shown, the policy crate's decision —
//! the winning grant, grants tied with it, shadowed and expired grants — in display names,
//! with a link to the resource's permissions where the winning grant is edited.

use std::sync::Arc;

use gatehouse_policy::{
    Contribution, Decision, EnvIx, PreparedPolicy, ResourceIx, ResourceKind, Subject, UserIx,
};
use leptos::prelude::*;
use leptos_router::components::A;

use super::model::{resource_name, user_label};
use crate::components::RoleBadge;
use crate::studio::env_href;

/// The open explanation of the cell of `user` on `resource`.
#[component]
pub fn Detail(
    /// The prepared snapshot.
    prepared: StoredValue<Arc<PreparedPolicy>>,
    /// The cell's user.
    user: UserIx,
    /// The cell's resource.
    resource: ResourceIx,
    /// The data environment shown (`None`: every one).
    env: Memo<Option<EnvIx>>,
    /// Closes the panel.
    on_close: Callback<()>,
) -> impl IntoView {
    let (title, edit_href, resource_title) = prepared.with_value(|p| {
        let r = p.policy().resources.get(resource.index());
        let href = r.map(|r| match r.kind {
            ResourceKind::App => env_href(&format!("/apps/{}/permissions", r.id)),
            ResourceKind::Connector => env_href(&format!("/connectors/{}/permissions", r.id)),
        });
        let name = resource_name(p, resource);
        (format!("{} on {name}", user_label(p, user)), href, name)
    });
    let decisions = move || -> Result<Vec<Decision>, String> {
        let env = env.get();
        prepared.with_value(|p| {
            let (Some(u), Some(r)) = (p.user_id(user), p.resource_id(resource)) else {
                return Err("This cell is no longer in the snapshot.".to_owned());
            };
            let envs: Vec<EnvIx> = match env {
                Some(e) => vec![e],
                None => p.environments().collect(),
            };
            envs.into_iter()
                .filter_map(|e| p.env_id(e))
                .map(|e| p.explain(u, r, e).map_err(|err| err.to_string()))
                .collect()
        })
    };
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <aside class="mx-detail" aria-labelledby="mx-detail-title" data-testid="matrix-detail"
            on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Escape" { on_close.run(()) }>
            <header class="mx-detail-head">
                <h2 id="mx-detail-title" class="mx-detail-title" tabindex="-1" node_ref=heading>{title}</h2>
                <button class="icon-button" type="button" aria-label="Close the explanation"
                    data-testid="matrix-detail-close" on:click=move |_| on_close.run(())>"×"</button>
            </header>
            {move || match decisions() {
                Err(message) => view! { <p class="form-error">{message}</p> }.into_any(),
                Ok(list) => list.into_iter().map(|d| view! { <Explained prepared decision=d/> }).collect_view().into_any(),
            }}
            {edit_href.map(|href| view! {
                <p class="mx-detail-edit">
                    <A href=href attr:class="button" attr:data-testid="matrix-edit-link">
                        {format!("Edit permissions of {resource_title}")}
                    </A>
                </p>
            })}
        </aside>
    }
}

/// One data environment's decision.
#[component]
fn Explained(prepared: StoredValue<Arc<PreparedPolicy>>, decision: Decision) -> impl IntoView {
    let env_name = prepared.with_value(|p| environment_name(p, decision.environment.as_str()));
    let grant = move |c: &Contribution| prepared.with_value(|p| describe(p, c));
    let winner = decision.winner.as_ref().map(grant);
    let tied: Vec<String> = decision.tied.iter().map(grant).collect();
    let shadowed: Vec<(String, String)> = decision
        .shadowed
        .iter()
        .map(|s| (grant(&s.grant), s.message.clone()))
        .collect();
    let expired: Vec<String> = decision.expired.iter().map(grant).collect();
    view! {
        <section class="mx-decision" data-testid="matrix-decision" data-env=decision.environment.to_string()>
            <h3 class="mx-decision-head">{format!("Data: {env_name}")}<RoleBadge role=decision.role why=decision.summary.clone()/></h3>
            <p class="mx-summary" data-testid="matrix-summary">{decision.summary.clone()}</p>
            <h4 class="decision-sub">"Winning grant"</h4>
            <p data-testid="matrix-winner">{winner.unwrap_or_else(|| "None: no grant decides this cell.".to_owned())}</p>
            {(!tied.is_empty()).then(|| view! {
                <h4 class="decision-sub">"Tied with the winner"</h4>
                <ul data-testid="matrix-tied">{tied.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            })}
            {(!shadowed.is_empty()).then(|| view! {
                <h4 class="decision-sub">"Shadowed (no effect)"</h4>
                <ul data-testid="matrix-shadowed">{shadowed.into_iter().map(|(g, why)| view! {
                    <li>{g}<br/><span class="muted">{why}</span></li>
                }).collect_view()}</ul>
            })}
            {(!expired.is_empty()).then(|| view! {
                <h4 class="decision-sub">"Expired"</h4>
                <ul data-testid="matrix-expired">{expired.into_iter().map(|e| view! { <li class="muted">{e}</li> }).collect_view()}</ul>
            })}
        </section>
    }
}

/// "group ICT · Editor · Production, Staging · no expiry".
fn describe(p: &PreparedPolicy, c: &Contribution) -> String {
    let subject = match &c.subject {
        Subject::AllUsers => "All Users".to_owned(),
        Subject::Group(_) => format!("group {}", c.subject_name),
        Subject::User(id) => p
            .user_ix(id)
            .map_or_else(|| c.subject_name.clone(), |u| user_label(p, u)),
    };
    let envs: Vec<String> = p
        .policy()
        .environments
        .iter()
        .filter(|e| c.environments.contains(&e.id))
        .map(|e| e.name.clone())
        .collect();
    let expiry = match c.expires_at {
        None => "no expiry".to_owned(),
        Some(at) if p.now().has_passed(Some(at)) => format!("expired {}", day(at.unix_seconds())),
        Some(at) => format!("expires {}", day(at.unix_seconds())),
    };
    format!(
        "{subject} · {} · {} · {expiry}",
        c.role.label(),
        envs.join(", ")
    )
}

fn environment_name(p: &PreparedPolicy, id: &str) -> String {
    p.policy()
        .environments
        .iter()
        .find(|e| e.id.as_str() == id)
        .map_or_else(|| id.to_owned(), |e| e.name.clone())
}

/// `unix_seconds` as a UTC date, `2026-05-01`.
fn day(unix_seconds: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        unix_seconds as f64 * 1000.0,
    ));
    String::from(date.to_iso_string())
        .chars()
        .take(10)
        .collect()
}
