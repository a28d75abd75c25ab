//! Tokens (`/tokens`): issue a token for a user and app connector (the secret shown once),
//! the list with status, revoke, and "Try a call" against the connect endpoint.

mod issue;
mod list;
mod try_call;

use gatehouse_wire::{AppConnectorView, IssuedToken, TokenView, UserSummary};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{ErrorState, SkeletonRows};
use crate::studio::use_studio;
use issue::{IssueTokenForm, SecretPanel};
use list::TokensTable;
use try_call::TryCall;

/// What the view needs.
#[derive(Clone)]
struct Loaded {
    env: String,
    tokens: Vec<TokenView>,
    users: Vec<UserSummary>,
    app_connectors: Vec<AppConnectorView>,
}

/// `YYYY-MM-DD` of a unix time (UTC).
pub(crate) fn day(unix_seconds: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        unix_seconds as f64 * 1000.0,
    ));
    String::from(date.to_iso_string())
        .chars()
        .take(10)
        .collect()
}

/// The Tokens view.
#[component]
pub fn TokensPage() -> impl IntoView {
    let studio = use_studio();
    let data: LocalResource<Result<Loaded, ApiFailure>> = LocalResource::new(move || {
        let selected = studio.selected.get();
        async move {
            let env = studio.environment(selected).await?.code;
            let tokens = api::list_tokens(&env).await?;
            let users = api::list_users(&env).await?.items;
            let app_connectors = api::list_app_connectors(&env).await?;
            Ok(Loaded {
                env,
                tokens,
                users,
                app_connectors,
            })
        }
    });
    let issued: RwSignal<Option<IssuedToken>> = RwSignal::new(None);
    // The token list as asked again after a call (its "Last used" moved), without rebuilding
    // the form or the call's result; `None`: as loaded.
    let tokens_now: RwSignal<Option<Vec<TokenView>>> = RwSignal::new(None);
    let on_issued = Callback::new(move |token: IssuedToken| {
        issued.set(Some(token));
        tokens_now.set(None);
        data.refetch();
    });
    let reload = Callback::new(move |()| {
        tokens_now.set(None);
        data.refetch();
    });
    let on_called = Callback::new(move |()| {
        let Some(env) = data.with_untracked(|d| match d {
            Some(Ok(d)) => Some(d.env.clone()),
            _ => None,
        }) else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(tokens) = api::list_tokens(&env).await {
                tokens_now.set(Some(tokens));
            }
        });
    });
    // Anyone but the account owner issues tokens only for themself.
    let only_self = move || {
        studio
            .session
            .get_untracked()
            .and_then(Result::ok)
            .filter(|s| !s.user.account_owner)
            .map(|s| s.user.code)
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">"Tokens"</h1>
                <p class="page-lede">"A token lets an outside application call through one app connector as one user. The secret is shown once; only a hash is kept."</p>
            </header>
            {move || match data.get() {
                None => view! { <div class="table-wrap"><table class="data-table"><SkeletonRows rows=3 columns=7/></table></div> }.into_any(),
                Some(Err(f)) => view! { <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| data.refetch())/> }.into_any(),
                Some(Ok(d)) => view! {
                    <IssueTokenForm env=d.env.clone() users=d.users.clone() app_connectors=d.app_connectors.clone()
                        only_self=only_self() on_issued/>
                    {move || issued.get().map(|token| view! { <SecretPanel token on_close=Callback::new(move |()| issued.set(None))/> })}
                    {
                        let (env, loaded) = (d.env.clone(), d.tokens.clone());
                        move || {
                            let tokens = tokens_now.get().unwrap_or_else(|| loaded.clone());
                            view! {
                                <h2 class="section-title">{format!("Issued tokens ({})", tokens.len())}</h2>
                                <TokensTable env=env.clone() tokens on_changed=reload/>
                            }
                        }
                    }
                    <TryCall app_connectors=d.app_connectors.clone() issued=issued.read_only() on_called/>
                }.into_any(),
            }}
        </section>
    }
}
