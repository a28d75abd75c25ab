//! The footer of both Edit Permissions views: the impact summary on the left ("3 people's
//! effective access changes · 1 warning", who is affected, old → new), Cancel and Save on the
//! right; Save is disabled while nothing changed or the set would be refused. The summary on
//! its own serves other drafts (a group's members).

use leptos::prelude::*;

use super::impact::Impact;
use crate::components::RoleBadge;

/// The impact summary and the Cancel / Save buttons.
#[component]
pub fn ImpactFooter(
    /// The draft's impact (when the policy snapshot is available).
    impact: Signal<Option<Impact>>,
    /// How many requests saving would send.
    pending: Signal<usize>,
    /// Whether the administrator may save at all.
    can_edit: Signal<bool>,
    /// A save is running.
    saving: Signal<bool>,
    /// Save the draft.
    on_save: Callback<()>,
    /// Throw the draft away.
    on_cancel: Callback<()>,
    /// Resource id → name, to name the resource in each line (empty: one resource, unnamed).
    #[prop(optional)]
    resource_names: Vec<(String, String)>,
    /// How many access tests the draft would break (from a dry run).
    #[prop(optional, into)]
    broken_tests: MaybeProp<usize>,
) -> impl IntoView {
    let blocked = move || impact.with(|i| i.as_ref().is_some_and(|i| i.refusal.is_some()));
    view! {
        <footer class="dialog-footer" data-testid="impact-footer">
            <ImpactSummary impact pending resource_names broken_tests/>
            <div class="footer-actions">
                <button class="button" data-testid="cancel" disabled=move || pending.get() == 0 on:click=move |_| on_cancel.run(())>"Cancel"</button>
                <button class="button primary" data-testid="save"
                    disabled=move || !can_edit.get() || saving.get() || pending.get() == 0 || blocked()
                    on:click=move |_| on_save.run(())>
                    {move || if saving.get() { "Saving…" } else { "Save" }}
                </button>
            </div>
        </footer>
    }
}

/// How many changed cells the impact lists (a bulk action may change thousands).
const LISTED: usize = 200;

/// "3 people's effective access changes · 1 warning", the reasons a save would be refused,
/// and who is affected (old → new), for any draft previewed with the policy crate.
#[component]
pub fn ImpactSummary(
    /// The draft's impact (when the policy snapshot is available).
    impact: Signal<Option<Impact>>,
    /// How many changes the draft holds.
    pending: Signal<usize>,
    /// Resource id → name, to name the resource in each line (empty: one resource, unnamed).
    #[prop(optional)]
    resource_names: Vec<(String, String)>,
    /// How many access tests the draft would break (from a dry run); the list itself is
    /// shown beside the draft (`#broken-tests`).
    #[prop(optional, into)]
    broken_tests: MaybeProp<usize>,
) -> impl IntoView {
    let resource_of = move |id: &str| -> String {
        resource_names
            .iter()
            .find(|(rid, _)| rid == id)
            .map(|(_, name)| format!("{name} · "))
            .unwrap_or_default()
    };
    let summary = move || match impact.get() {
        _ if pending.get() == 0 => "No unsaved changes".to_owned(),
        None => format!("{} unsaved change(s) · preview unavailable", pending.get()),
        Some(i) if i.refusal.is_some() => match pending.get() {
            1 => "This change cannot be saved as it is".to_owned(),
            n => format!("These {n} changes cannot be saved as they are"),
        },
        Some(i) => {
            let people = if i.people == 1 {
                "1 person's".to_owned()
            } else {
                format!("{} people's", i.people)
            };
            let warnings = match i.warnings.len() {
                0 => String::new(),
                1 => " · 1 warning".to_owned(),
                n => format!(" · {n} warnings"),
            };
            format!("{people} effective access changes{warnings}")
        }
    };
    view! {
        <div class="impact">
            <p class="impact-summary" aria-live="polite" data-testid="impact-summary">{summary}</p>
            {move || broken_tests.get().filter(|n| *n > 0 && pending.get() > 0).map(|n| view! {
                <p class="impact-tests" data-testid="impact-tests">
                    <a href="#broken-tests">{if n == 1 { "Breaks 1 access test".to_owned() } else { format!("Breaks {n} access tests") }}</a>
                </p>
            })}
            {move || impact.get().map(|i| { let none = i.changes.is_empty(); view! {
                {i.refusal.clone().map(|r| view! { <p class="form-error" role="alert" data-testid="impact-refusal">{r}</p> })}
                <details class="impact-details" hidden=none>
                    <summary>"Show who is affected"</summary>
                    <ul data-testid="impact-list">
                        {i.changes.iter().take(LISTED).cloned().map(|(name, env, c)| view! {
                            <li>{name}" · "{resource_of(c.resource.as_str())}{env}": "<RoleBadge role=c.old/>" → "<RoleBadge role=c.new/></li>
                        }).collect_view()}
                        {(i.changes.len() > LISTED).then(|| view! {
                            <li class="muted" data-testid="impact-more">{format!("… and {} more", i.changes.len() - LISTED)}</li>
                        })}
                    </ul>
                </details>
            }})}
        </div>
    }
}
