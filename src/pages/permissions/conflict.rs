//! The conflict panel shown when saving met a 412: what the other person saved, and the way
//! forward (reload and re-apply, or discard), never a silent overwrite.

use gatehouse_wire::GrantView;
use leptos::prelude::*;

use crate::api::ApiFailure;

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
) -> impl IntoView {
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
}
