//! The list of the access tests a change set breaks: each test's name, its expectation, and
//! how the set breaks it (the first reasons, and how many more).

use gatehouse_wire::BrokenTestView;
use leptos::prelude::*;

/// The broken tests, each with its reasons; nothing when there are none.
#[component]
pub fn BrokenTestsList(
    /// The tests the change set breaks.
    #[prop(into)]
    broken: Signal<Vec<BrokenTestView>>,
    /// Also say, above the list, how many tests the change breaks (the preview's form).
    #[prop(optional)]
    with_heading: bool,
) -> impl IntoView {
    view! {
        <Show when=move || broken.with(|b| !b.is_empty())>
            <div class="broken-tests" id=with_heading.then_some("broken-tests") data-testid="broken-tests">
                {with_heading.then(|| view! {
                    <p class="broken-tests-title" data-testid="broken-tests-heading">
                        <span class="badge badge-failed">"Breaks tests"</span>" "
                        {move || format!("{}:", super::breaks_heading(broken.with(Vec::len)))}
                    </p>
                })}
                <ul class="broken-tests-list">
                    {move || broken.get().into_iter().map(|b| view! {
                        <li data-testid="broken-test">
                            <p><span class="strong" data-testid="broken-test-name">{b.name}</span>
                                <span class="muted">" — "{b.sentence}</span></p>
                            <ul class="broken-test-reasons">
                                {b.reasons.into_iter().map(|r| view! { <li data-testid="broken-test-reason">{r}</li> }).collect_view()}
                                {(b.more > 0).then(|| view! { <li class="muted">{format!("…and {} more", b.more)}</li> })}
                            </ul>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}
