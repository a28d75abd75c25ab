//! Provisioning (`/provisioning`, account owner): the identity provider creates, updates and
//! deactivates users and groups over SCIM 2.0 — the base URL to give it, the tokens it calls
//! with (a secret shown once; revoke with confirmation) and the last calls it made.

mod calls;
mod copy;
mod new_token;
mod tokens;

use gatehouse_wire::{IssuedScimToken, ProvisioningOverview};
use leptos::prelude::*;

use super::tokens::day;
use crate::api::{self, ApiFailure};
use crate::clock::moment_ms;
use crate::components::{ErrorState, SkeletonRows};
use crate::studio::use_studio;
use calls::CallsTable;
use copy::CopyField;
use new_token::{NewTokenForm, SecretPanel};
use tokens::TokensTable;

/// `unix_seconds` as [`moment_ms`] does.
fn moment(unix_seconds: i64) -> String {
    moment_ms(unix_seconds.saturating_mul(1000))
}

/// The base URL as the identity provider needs it: absolute (the server gives one from the
/// site root when it does not know its public address).
fn absolute(base_url: &str) -> String {
    if !base_url.starts_with('/') {
        return base_url.to_owned();
    }
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{base_url}")
}

/// The Provisioning view: the account owner's, a designed refusal for anyone else.
#[component]
pub fn ProvisioningPage() -> impl IntoView {
    let studio = use_studio();
    let owner = move || studio.is_account_owner();
    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">"Provisioning"</h1>
                <p class="page-lede">"Your identity provider — Microsoft Entra ID, Okta, Google Workspace or Keycloak — creates, updates and deactivates users and groups here over SCIM 2.0. Deleting a user in the identity provider deactivates it here: Gatehouse never deletes people who have a history."</p>
            </header>
            <Show when=owner fallback=|| view! { <OwnerOnly/> }>
                <Provisioning/>
            </Show>
        </section>
    }
}

/// What anyone but the account owner sees.
#[component]
fn OwnerOnly() -> impl IntoView {
    view! {
        <div class="state" role="note" data-testid="provisioning-owner-only">
            <div class="state-icon" aria-hidden="true">"⊘"</div>
            <p class="state-title">"Only the account owner manages provisioning"</p>
            <p class="state-detail">"A provisioning token lets an identity provider create, change and deactivate every user and group in this environment, so only the account owner sees the tokens and issues them. Ask your account owner to connect your identity provider."</p>
        </div>
    }
}

/// What the view can show.
#[derive(Clone, PartialEq)]
enum Phase {
    Loading,
    Failed(ApiFailure),
    Ready,
}

/// The overview as loaded, with the environment and when it arrived.
#[derive(Clone, PartialEq)]
struct Loaded {
    env: String,
    overview: ProvisioningOverview,
    at_ms: i64,
}

/// The account owner's view: base URL, tokens, calls.
#[component]
fn Provisioning() -> impl IntoView {
    let studio = use_studio();
    let data: LocalResource<Result<Loaded, ApiFailure>> = LocalResource::new(move || {
        let selected = studio.selected.get();
        async move {
            let env = studio.environment(selected).await?.code;
            let overview = api::get_provisioning(&env).await?;
            let at_ms = js_sys::Date::now() as i64;
            Ok(Loaded {
                env,
                overview,
                at_ms,
            })
        }
    });
    // The frame is rebuilt only when the phase changes: a refresh keeps the form, the panel
    // and focus where they are while the lists update underneath.
    let phase = Memo::new(move |_| match data.get() {
        None => Phase::Loading,
        Some(Err(f)) => Phase::Failed(f),
        Some(Ok(_)) => Phase::Ready,
    });
    let loaded = Memo::new(move |_| data.get().and_then(Result::ok));
    let tokens = Signal::derive(move || {
        loaded.with(|l| {
            l.as_ref()
                .map(|l| l.overview.tokens.clone())
                .unwrap_or_default()
        })
    });
    let calls = Signal::derive(move || {
        loaded.with(|l| {
            l.as_ref()
                .map(|l| l.overview.calls.clone())
                .unwrap_or_default()
        })
    });
    let base_url = Memo::new(move |_| {
        loaded
            .with(|l| l.as_ref().map(|l| absolute(&l.overview.base_url)))
            .unwrap_or_default()
    });
    let updated = move || {
        loaded.with(|l| {
            l.as_ref()
                .map(|l| format!("Updated {}", moment_ms(l.at_ms)))
        })
    };
    let issued: RwSignal<Option<IssuedScimToken>> = RwSignal::new(None);
    let return_to: RwSignal<Option<String>> = RwSignal::new(None);
    let env = Signal::from(Memo::new(move |_| {
        loaded
            .with(|l| l.as_ref().map(|l| l.env.clone()))
            .unwrap_or_default()
    }));
    view! {
        {move || match phase.get() {
            Phase::Loading => view! {
                <div class="table-wrap"><table class="data-table" aria-busy="true" aria-label="Provisioning tokens, loading"><SkeletonRows rows=3 columns=6/></table></div>
            }.into_any(),
            Phase::Failed(ApiFailure::Refused { status: 403, .. }) => view! { <OwnerOnly/> }.into_any(),
            Phase::Failed(f) => view! {
                <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| data.refetch())/>
            }.into_any(),
            Phase::Ready => view! {
                <h2 class="section-title">"Connect your identity provider"</h2>
                <div class="scim-connect">
                    {move || view! { <CopyField id="scim-base-url" label="SCIM base URL (Tenant URL)" value=base_url.get() testid="scim-base-url"/> }}
                    <p class="hint">"Give the identity provider this address and a token's secret as its bearer token; it calls /Users and /Groups under it (SCIM 2.0, RFC 7644). The audit log records every change it makes with the token as the actor, e.g. scim:Microsoft Entra ID."</p>
                </div>
                <h2 id="scim-tokens-heading" class="section-title" tabindex="-1"
                    data-return-focus=move || (return_to.get().as_deref() == Some("heading")).then_some("")>"Provisioning tokens"</h2>
                <NewTokenForm env on_created=Callback::new(move |token| { issued.set(Some(token)); data.refetch(); })/>
                {move || issued.get().map(|token| view! {
                    <SecretPanel issued=token base_url=base_url.get_untracked() on_close=Callback::new(move |()| issued.set(None))/>
                })}
                <TokensTable env tokens return_to on_revoked=Callback::new(move |()| data.refetch())/>
                <div class="section-heading">
                    <h2 class="section-title">"Recent provisioning calls"</h2>
                    <div class="header-actions">
                        <span class="hint" data-testid="scim-calls-updated">{updated}</span>
                        <button type="button" class="button" data-testid="refresh-scim-calls" on:click=move |_| data.refetch()>"Refresh"</button>
                    </div>
                </div>
                <CallsTable calls/>
            }.into_any(),
        }}
    }
}
