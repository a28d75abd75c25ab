//! A save refused because it breaks access tests: which tests and why, and the way on. The
//! account owner may save anyway after confirming (the override is audited); anyone else is
//! told that only the account owner can.

use gatehouse_wire::BrokenTestView;
use leptos::prelude::*;

use super::list::BrokenTestsList;
use crate::components::focus_selector;

/// The refusal with the override (account owner) or who may override (anyone else).
#[component]
pub fn BrokenTestsRefusal(
    /// The tests the refused change set breaks.
    broken: Vec<BrokenTestView>,
    /// The server's sentence.
    message: String,
    /// Whether the signed-in administrator is the account owner, who alone may override.
    #[prop(into)]
    account_owner: Signal<bool>,
    /// An override save is running.
    #[prop(into)]
    overriding: Signal<bool>,
    /// Save the same change set again with `override_tests`.
    on_override: Callback<()>,
) -> impl IntoView {
    let count = broken.len();
    // Shown where the draft is, maybe below the fold: brought into view and focused, so it is
    // seen and read out.
    let panel: NodeRef<leptos::html::Div> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(el) = panel.get() {
            el.scroll_into_view_with_bool(true);
            let _ = el.focus();
        }
    });
    let confirming = RwSignal::new(false);
    let ask = move |_| {
        confirming.set(true);
        request_animation_frame(|| focus_selector("[data-testid=override-confirm]"));
    };
    let back = move |_| {
        confirming.set(false);
        request_animation_frame(|| focus_selector("[data-testid=override-tests]"));
    };
    let tests_word = if count == 1 { "test" } else { "tests" };
    view! {
        <div class="conflict tests-refusal" id="broken-tests" role="alert" tabindex="-1" data-testid="tests-refusal" node_ref=panel>
            <p class="state-title">{format!("Not saved: {}", super::breaks_heading(count).replacen("This change", "this change", 1))}</p>
            <p class="visually-hidden">{message}</p>
            <BrokenTestsList broken=Signal::stored(broken)/>
            {move || if !account_owner.get() {
                view! {
                    <p class="muted" data-testid="override-owner-only">
                        "Only the account owner can override access tests. Change the draft so the tests hold, or ask the account owner to save it."
                    </p>
                }.into_any()
            } else if confirming.get() {
                view! {
                    <div class="override-confirm" role="group" aria-labelledby="override-question">
                        <p id="override-question" class="strong">{format!("Save anyway, breaking {count} access {tests_word}?")}</p>
                        <p class="muted">"The tests stay saved and will show as failing until the access is fixed. The override is recorded in the audit log."</p>
                        <div class="state-actions">
                            <button class="button danger" data-testid="override-confirm" disabled=move || overriding.get()
                                on:click=move |_| on_override.run(())>
                                {move || if overriding.get() { "Saving…" } else { "Yes, save and override" }}
                            </button>
                            <button class="button" data-testid="override-cancel" on:click=back>"Cancel"</button>
                        </div>
                    </div>
                }.into_any()
            } else {
                view! {
                    <div class="state-actions">
                        <button class="button" data-testid="override-tests" on:click=ask>"Save anyway (override access tests)"</button>
                    </div>
                }.into_any()
            }}
        </div>
    }
}
