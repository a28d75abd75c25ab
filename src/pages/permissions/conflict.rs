//! The conflict panel shown when saving met a 412: what the other person saved, and the way
//! forward (reload and re-apply, or discard), never a silent overwrite.

use gatehouse_wire::GrantView;
use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::components::BrokenTestsRefusal;

/// Explains a failed save.
#[component]
pub fn ConflictPanel(
    /// Whose grant failed.
    name: String,
    /// The failure.
    failure: ApiFailure,
    /// Reload the latest and keep the draft on top of it.
    on_reload: Callback<()>,
    /// Throw the draft away.
    on_discard: Callback<()>,
    /// Whether the signed-in administrator is the account owner, who alone may override the
    /// access tests a refused set breaks.
    #[prop(optional, into)]
    account_owner: Signal<bool>,
    /// Save the same set again overriding the access tests it breaks (for such a refusal).
    #[prop(optional)]
    on_override: Option<Callback<()>>,
    /// An override save is running.
    #[prop(optional, into)]
    overriding: Signal<bool>,
) -> impl IntoView {
    if let Some(broken) = failure.broken_tests() {
        let owner = Signal::derive(move || on_override.is_some() && account_owner.get());
        let on_override = on_override.unwrap_or(Callback::new(|()| {}));
        return view! {
            <BrokenTestsRefusal broken=broken.to_vec() message=failure.reason() account_owner=owner overriding on_override/>
        }
        .into_any();
    }
    let stale = matches!(failure, ApiFailure::Stale { .. });
    let current = match &failure {
        ApiFailure::Stale { current, .. } => serde_json::from_str::<GrantView>(current).ok(),
        _ => None,
    };
    let now_saved = current.map(|g| {
        format!(
            "It is now {} in {} (version {}).",
            g.role.label(),
            g.environments.join(", "),
            g.version
        )
    });
    let title = if stale {
        format!("Someone else changed {name}'s grant")
    } else {
        format!("Saving {name}'s grant failed")
    };
    view! {
        <div class="conflict" role="alert" data-testid=if stale { "conflict-panel" } else { "save-error" }>
            <p class="state-title">{title}</p>
            <p>{failure.detail()}</p>
            {now_saved.map(|s| view! { <p data-testid="conflict-current">{s}</p> })}
            <p class="muted">{if stale { "Nothing of yours was overwritten and theirs was kept. Reload to see the latest; your other edits stay in the draft so you can re-apply them." } else { "Your draft is kept; fix the problem and save again." }}</p>
            <div class="state-actions">
                {stale.then(|| view! { <button class="button primary" data-testid="conflict-reload" on:click=move |_| on_reload.run(())>"Reload and re-apply my changes"</button> })}
                <button class="button" on:click=move |_| on_discard.run(())>"Discard my changes"</button>
            </div>
        </div>
    }
    .into_any()
}
