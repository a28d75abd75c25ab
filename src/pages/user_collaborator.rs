//! The "Collaborator" panel of a user: for an own user, activating or deactivating it as a
//! collaborator (provider's production environment); for another organisation's
//! collaborator, where it comes from, this client's InSite address and the single sign-on
//! note; for a system user, converting it to a normal user linked to a person.

use gatehouse_wire::{
    CollaborationView, Conversion, EnvironmentInfo, EnvironmentKind, UserKind, UserSummary,
};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{OwnerOnlyNote, ReasonText, ServerOnly};
use crate::studio::use_studio;

/// The panel.
#[component]
pub fn CollaboratorPanel(
    /// The environment viewed.
    env: EnvironmentInfo,
    /// The user as loaded.
    user: UserSummary,
    /// Where the user comes from (`None` while loading).
    collaboration: Option<Result<CollaborationView, ApiFailure>>,
    /// Whether the own organisation holds a collaborator licence, when known.
    licensed: Option<bool>,
    /// Called with the user after a change (activation, conversion).
    on_changed: Callback<UserSummary>,
) -> impl IntoView {
    // Converting needs the server too: offered once the collaboration view has loaded.
    let loaded = matches!(collaboration, Some(Ok(_)));
    let body = match collaboration {
        None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
        Some(Err(f)) if f.is_demo_refusal() => {
            view! { <ServerOnly what="Collaborator details" compact=true/> }.into_any()
        }
        Some(Err(f)) => view! {
            <p class="form-error" role="alert" data-testid="collab-error"><ReasonText text=f.reason()/></p>
        }
        .into_any(),
        Some(Ok(view)) if view.provider != env.participant => {
            view! { <Foreign env=env.clone() user=user.clone() view/> }.into_any()
        }
        Some(Ok(_)) => view! { <Own env=env.clone() user=user.clone() licensed on_changed/> }.into_any(),
    };
    let convert = (loaded && user.kind == UserKind::System).then(|| {
        view! { <ConvertForm env=env.code.clone() user=user.clone() on_changed/> }
    });
    view! {
        <section class="panel" aria-labelledby="collab-title" data-testid="collaborator-panel">
            <h2 id="collab-title" class="panel-title">"Collaborator"</h2>
            {body}
            {convert}
        </section>
    }
}

/// Another organisation's collaborator, as seen by the client.
#[component]
fn Foreign(env: EnvironmentInfo, user: UserSummary, view: CollaborationView) -> impl IntoView {
    let counts = if user.kind == UserKind::Normal && user.flags.insite {
        format!("They count for {}'s licence, except InSite: as a normal user with InSite they count toward {}'s InSite licence.", view.provider_name, env.organisation)
    } else {
        format!(
            "They count for {}'s licence, not {}'s.",
            view.provider_name, env.organisation
        )
    };
    let kind_here = match (&user.kind, &user.person) {
        (UserKind::Normal, Some(person)) => format!("Normal user · person {person}"),
        (kind, _) => kind.label().to_owned(),
    };
    let source = view
        .source_environment
        .clone()
        .unwrap_or_else(|| "no longer activated at the provider".to_owned());
    let at_source = match (&view.source_name, &view.source_email) {
        (Some(n), Some(e)) => format!("{n} · {e}"),
        (Some(n), None) => format!("{n} · no email"),
        _ => "—".to_owned(),
    };
    view! {
        <p class="panel-lede">
            <span class="badge badge-collaborator">"Collaborator"</span>" "
            {format!("{} works here for {} ({}). {counts}", user.name, view.provider_name, view.provider)}
        </p>
        <dl class="facts">
            <dt>"Provider"</dt><dd data-testid="collab-provider">{format!("{} · {}", view.provider_name, view.provider)}</dd>
            <dt>"Source environment"</dt><dd class="mono" data-testid="collab-source">{source}</dd>
            <dt>"At the source"</dt><dd>{at_source}</dd>
            <dt>"Here"</dt><dd data-testid="collab-kind">{kind_here}</dd>
            <dt>"InSite address"</dt>
            <dd data-testid="collab-insite">{match view.insite_address.clone() {
                Some(url) => view! { <a href=url.clone() target="_blank" rel="noopener">{url.clone()}</a>
                    <span class="hint">{format!(" — sign in there as {}", user.code)}</span> }.into_any(),
                None => view! { <span class="muted">"—"</span> }.into_any(),
            }}</dd>
            <dt>"Single sign-on"</dt>
            <dd data-testid="collab-sso">{if view.single_sign_on {
                "Available".to_owned()
            } else {
                "Not available for collaborators: they always sign in with their user code and password.".to_owned()
            }}</dd>
        </dl>
        {(!view.identity_editable).then(|| view! {
            <p class="lock-note" data-testid="collab-read-only">
                <strong>"Name and email are read-only here: "</strong>
                <ReasonText text=view.read_only_reason.clone().unwrap_or_default()/>
                ". The nightly sync copies them from the source."
            </p>
        })}
    }
}

/// An own user: activate or deactivate as collaborator.
#[component]
fn Own(
    env: EnvironmentInfo,
    user: UserSummary,
    licensed: Option<bool>,
    on_changed: Callback<UserSummary>,
) -> impl IntoView {
    if env.kind != EnvironmentKind::Production {
        return view! {
            <p class="hint" data-testid="collab-not-production">{format!(
                "Collaborators are activated in your production environment; {} is a {} environment. Name and email changes made here are never synchronised to clients.",
                env.code, env.kind.label().to_lowercase())}</p>
        }.into_any();
    }
    if licensed == Some(false) && !user.collaborator {
        return view! {
            <p class="hint" data-testid="collab-no-licence">{format!(
                "{} has no collaborator licence. With one, you can activate users here so your clients can add them to their environments.",
                env.organisation)}</p>
        }.into_any();
    }
    let (env_code, code, version) = (env.code.clone(), user.code.clone(), user.version);
    let toggle = Action::new_local(move |on: &bool| {
        let (env, code, on) = (env_code.clone(), code.clone(), *on);
        async move {
            if on {
                api::activate_collaborator(&env, &code, version).await
            } else {
                api::deactivate_collaborator(&env, &code, version).await
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(saved)) = toggle.value().get() {
            on_changed.run(saved);
        }
    });
    let refusal = move || {
        toggle.value().get().and_then(Result::err).map(|f| {
            view! { <p class="form-error" role="alert" data-testid="collab-refusal"><ReasonText text=f.reason()/></p> }
        })
    };
    let active = user.collaborator;
    // The account owner's to change: said up front, with who to ask, instead of refused.
    let owner = use_studio().is_account_owner_untracked();
    let text = if active {
        format!("{} is activated as a collaborator. Clients add the user code {} to their environments and decide what it may do there; a new name or email made here reaches them with the nightly sync.", user.name, user.code)
    } else {
        format!("Activate {} to let your clients add the user code {} to their environments. The user needs Windows here; it counts for your licence, not the client's.", user.name, user.code)
    };
    view! {
        <p class="panel-lede">
            {active.then(|| view! { <span class="badge badge-collaborator" data-testid="collab-active">"Activated as collaborator"</span>" " })}
            {text}
        </p>
        <div class="panel-actions">
            <button class=if active { "button" } else { "button primary" }
                data-testid=if active { "deactivate-collaborator" } else { "activate-collaborator" }
                disabled=move || !owner || toggle.pending().get()
                aria-describedby=(!owner).then_some("collab-owner-only")
                on:click=move |_| { toggle.dispatch(!active); }>
                {if active { "Deactivate as collaborator" } else { "Activate as collaborator" }}
            </button>
            {(!owner).then(|| view! { <OwnerOnlyNote env=env.code.clone() id="collab-owner-only"
                text="Only the account owner activates and deactivates collaborators."/> })}
        </div>
        {refusal}
    }.into_any()
}

/// Converts a system user into a normal user linked to a person.
#[component]
fn ConvertForm(env: String, user: UserSummary, on_changed: Callback<UserSummary>) -> impl IntoView {
    let person = RwSignal::new(String::new());
    let (code, version) = (user.code.clone(), user.version);
    let env_note = env.clone();
    let convert = Action::new_local(move |person: &String| {
        let (env, code, person) = (env.clone(), code.clone(), person.clone());
        async move { api::convert_user(&env, &code, version, &Conversion { person }).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(saved)) = convert.value().get() {
            on_changed.run(saved);
        }
    });
    let error = move || convert.value().get().and_then(Result::err);
    let owner = use_studio().is_account_owner_untracked();
    view! {
        <form class="convert-form" data-testid="convert-form" aria-labelledby="convert-title" on:submit=move |ev| {
            ev.prevent_default();
            convert.dispatch(person.get_untracked().trim().to_owned());
        }>
            <h3 id="convert-title" class="subsection-title">"Convert to normal user"</h3>
            <p class="hint">"A system user has only a code. Link it to a person to make it a normal user — needed for InSite."</p>
            <div class="inline-row">
                <label class="field"><span class="field-label">"Person"</span>
                    <input type="text" data-testid="convert-person" placeholder="P-98765-017" aria-invalid=move || error().is_some().to_string()
                        prop:value=person on:input=move |ev| person.set(event_target_value(&ev))/></label>
                <button type="submit" class="button" data-testid="convert-submit"
                    aria-describedby=(!owner).then_some("convert-owner-only")
                    disabled=move || !owner || convert.pending().get() || person.with(|p| p.trim().is_empty())>"Convert to normal user"</button>
            </div>
            {(!owner).then(|| view! { <OwnerOnlyNote env=env_note.clone() id="convert-owner-only"
                text="Only the account owner converts users."/> })}
            {move || error().map(|f| view! { <p class="form-error" role="alert" data-testid="convert-error"><ReasonText text=f.reason()/></p> })}
        </form>
    }
}
