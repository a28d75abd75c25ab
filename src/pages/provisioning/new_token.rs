//! Creating a provisioning token, and the panel that shows its secret the only time it exists
//! outside a hash: with the two values to paste into the identity provider.

use gatehouse_wire::IssuedScimToken;
use leptos::html::H3;
use leptos::prelude::*;

use super::copy::CopyField;
use crate::api;
use crate::components::focus_selector;

/// The New token form: a name; the server's refusal of it is shown beside the field.
#[component]
pub fn NewTokenForm(
    /// The environment code.
    env: Signal<String>,
    /// Called with the created token (and its secret).
    on_created: Callback<IssuedScimToken>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let create = Action::new_local(move |name: &String| {
        let (env, name) = (env.get_untracked(), name.clone());
        async move { api::create_scim_token(&env, &name).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(issued)) = create.value().get() {
            // The secret lives on only in the panel, which forgets it when dismissed.
            create.value().set(None);
            name.set(String::new());
            on_created.run(issued);
        }
    });
    let failure = move || create.value().get().and_then(Result::err);
    let field_error = move || {
        failure()
            .filter(|f| f.field() == Some("name"))
            .map(|f| f.reason())
    };
    let other_error = move || failure().filter(|f| f.field() != Some("name"));
    view! {
        <form class="inline-form scim-token-form" aria-label="New provisioning token" data-testid="new-scim-token"
            on:submit=move |ev| { ev.prevent_default(); create.dispatch(name.get_untracked()); }>
            <div class="field grow">
                <label class="field-label" for="scim-token-name">"Name of the new token"</label>
                <input id="scim-token-name" type="text" maxlength="80" autocomplete="off" data-testid="scim-token-name"
                    placeholder="e.g. Microsoft Entra ID" aria-describedby="scim-token-name-hint scim-token-name-error"
                    aria-invalid=move || field_error().is_some().then_some("true")
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <p id="scim-token-name-hint" class="hint">"Say which identity provider uses it, up to 80 characters."</p>
                {move || field_error().map(|why| view! {
                    <p id="scim-token-name-error" class="field-error" role="alert" data-testid="scim-token-name-error">{why}</p>
                })}
            </div>
            <button class="button primary" type="submit" data-testid="create-scim-token" disabled=move || create.pending().get()>
                {move || if create.pending().get() { "Creating…" } else { "New token" }}
            </button>
            {move || other_error().map(|f| if f.is_demo_refusal() {
                view! {
                    <div class="scim-demo-refusal" role="alert" data-testid="scim-demo-refusal">
                        <span class="state-icon" aria-hidden="true">"⇄"</span>
                        <div>
                            <p class="strong">"Provisioning needs the Gatehouse server"</p>
                            <p class="hint">{f.reason()}</p>
                        </div>
                    </div>
                }.into_any()
            } else {
                view! { <p class="form-error" role="alert" data-testid="scim-token-error">{f.reason()}</p> }.into_any()
            })}
        </form>
    }
}

/// The just-created token's secret, with the Tenant URL beside it: shown once, forgotten when
/// dismissed.
#[component]
pub fn SecretPanel(
    /// The token just created, with its secret.
    issued: IssuedScimToken,
    /// The SCIM base URL, absolute.
    base_url: String,
    /// Called when the administrator dismisses the panel.
    on_close: Callback<()>,
) -> impl IntoView {
    let heading: NodeRef<H3> = NodeRef::new();
    // Focus moves to the panel, so a screen reader reads what just appeared.
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    let close = move |_| {
        on_close.run(());
        request_animation_frame(|| focus_selector("#scim-token-name"));
    };
    view! {
        <section class="secret-panel scim-secret" aria-labelledby="scim-secret-title" data-testid="scim-secret-panel">
            <h3 id="scim-secret-title" class="subsection-title" tabindex="-1" node_ref=heading>
                {format!("Token “{}” created", issued.token.name)}
            </h3>
            <p class="secret-warning" data-testid="scim-secret-warning">
                "Copy the secret token now: it will not be shown again. Gatehouse keeps only a hash of it; if it is lost, create a new token and revoke this one."
            </p>
            <p class="hint">"Paste these two values into your identity provider's provisioning settings (Tenant URL and Secret token in Microsoft Entra ID; base URL and API token in Okta)."</p>
            <div class="scim-values">
                <CopyField id="scim-tenant-url" label="Tenant URL" value=base_url testid="scim-tenant-url"/>
                <CopyField id="scim-secret" label="Secret token" value=issued.secret testid="scim-secret"/>
            </div>
            <button type="button" class="button" data-testid="scim-secret-done" on:click=close>
                "I have stored it — hide the secret"
            </button>
        </section>
    }
}
