//! "Add a collaborator": type the code the provider gave you, look it up (the name comes
//! from the provider's production environment, or the reason it cannot be added), then add
//! it as a system user or as a normal user linked to a person (needed for InSite).

use gatehouse_wire::{CollaboratorSource, EnvironmentInfo, NewCollaborator, UserKind, UserSummary};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::ReasonText;
use crate::studio::env_href;

/// The add form for the environment `env`.
#[component]
pub fn AddCollaborator(
    /// The environment the collaborator is added to.
    env: EnvironmentInfo,
    /// Called with the user just added.
    on_added: Callback<UserSummary>,
) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let kind = RwSignal::new(UserKind::System);
    let person = RwSignal::new(String::new());
    let found: RwSignal<Option<Result<CollaboratorSource, ApiFailure>>> = RwSignal::new(None);
    let added: RwSignal<Option<UserSummary>> = RwSignal::new(None);
    let env_code = StoredValue::new(env.code.clone());
    let lookup = Action::new_local(move |code: &String| {
        let (env, code) = (env_code.get_value(), code.clone());
        async move { api::get_collaborator_source(&env, &code).await }
    });
    Effect::new(move |_| found.set(lookup.value().get()));
    let add = Action::new_local(move |body: &NewCollaborator| {
        let (env, body) = (env_code.get_value(), body.clone());
        async move { api::add_collaborator(&env, &body).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(user)) = add.value().get() {
            found.set(None);
            code.set(String::new());
            person.set(String::new());
            added.set(Some(user.clone()));
            on_added.run(user);
        }
    });
    let add_error = move || add.value().get().and_then(Result::err);
    let source = move || found.get().and_then(Result::ok);
    let env_label = env.code.clone();
    let env_done = env.code.clone();
    view! {
        <section class="panel" aria-labelledby="add-title" data-testid="add-collaborator" data-environment=env.code.clone()>
            <h3 id="add-title" class="panel-title">"Add a collaborator"</h3>
            <p class="hint">"Ask the provider for the collaborator's user code. It keeps its code here; its name and email come from the provider and are kept up to date by the nightly sync."</p>
            <form class="inline-row" aria-label="Look up a collaborator" on:submit=move |ev| {
                ev.prevent_default();
                added.set(None);
                lookup.dispatch(code.get_untracked().trim().to_owned());
            }>
                <label class="field"><span class="field-label">"User code"</span>
                    <input type="text" class="mono" data-testid="collaborator-code" placeholder="12345.BWilliams" autocomplete="off"
                        prop:value=code on:input=move |ev| { code.set(event_target_value(&ev)); found.set(None); }/></label>
                <button type="submit" class="button" data-testid="lookup-collaborator"
                    disabled=move || lookup.pending().get() || code.with(|c| c.trim().is_empty())>
                    {move || if lookup.pending().get() { "Looking up…" } else { "Look up" }}
                </button>
            </form>
            {move || match found.get() {
                Some(Err(f)) => Some(view! {
                    <p class="form-error" role="alert" data-testid="lookup-refusal"><ReasonText text=f.reason()/></p>
                }.into_any()),
                Some(Ok(s)) => Some(view! {
                    <div class="source-card" data-testid="collaborator-source">
                        <p class="strong">{s.name.clone()}" "<span class="mono muted">{s.code.clone()}</span></p>
                        <p class="muted">{format!("{} · from {} ({}) · source {}", s.email.clone().unwrap_or_else(|| "no email".into()), s.provider_name, s.provider, s.source_environment)}</p>
                    </div>
                }.into_any()),
                None => None,
            }}
            {move || source().map(|s| {
                let target = env_label.clone();
                view! {
                    <form class="add-as" aria-label="Add the collaborator" on:submit=move |ev| {
                        ev.prevent_default();
                        let person = (kind.get_untracked() == UserKind::Normal).then(|| person.get_untracked().trim().to_owned());
                        add.dispatch(NewCollaborator { code: s.code.clone(), kind: kind.get_untracked(), person });
                    }>
                        <fieldset class="kind-choice">
                            <legend class="field-label">"Add as"</legend>
                            <label class="check-line"><input type="radio" name="kind" data-testid="kind-system"
                                prop:checked=move || kind.get() == UserKind::System on:change=move |_| kind.set(UserKind::System)/>
                                "System user"<span class="hint">" — code only; cannot use InSite"</span></label>
                            <label class="check-line"><input type="radio" name="kind" data-testid="kind-normal"
                                prop:checked=move || kind.get() == UserKind::Normal on:change=move |_| kind.set(UserKind::Normal)/>
                                "Normal user linked to a person"<span class="hint">" — needed for InSite; with InSite it counts toward your InSite licence"</span></label>
                        </fieldset>
                        <div class="inline-row">
                            <label class="field"><span class="field-label">"Person"</span>
                                <input type="text" data-testid="collaborator-person" placeholder="P-98765-017"
                                    disabled=move || kind.get() != UserKind::Normal
                                    prop:value=person on:input=move |ev| person.set(event_target_value(&ev))/></label>
                            <button type="submit" class="button primary" data-testid="add-collaborator-submit"
                                disabled=move || add.pending().get() || (kind.get() == UserKind::Normal && person.with(|p| p.trim().is_empty()))>
                                {format!("Add to {target}")}
                            </button>
                        </div>
                        {move || add_error().map(|f| view! { <p class="form-error" role="alert" data-testid="add-error"><ReasonText text=f.reason()/></p> })}
                    </form>
                }
            })}
            {move || added.get().map(|u| view! {
                <p class="success-note" role="status" data-testid="add-result">
                    {format!("{} was added to {} as a {}. ", u.name, env_done, u.kind.label().to_lowercase())}
                    <a href=env_href(&format!("/users/{}", u.code)) data-testid="added-user-link">{format!("Open {} →", u.name)}</a>
                </p>
            })}
        </section>
    }
}
