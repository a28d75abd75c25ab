//! The coloured badge naming an environment's type (Production red, Accept amber, Test grey).

use gatehouse_wire::EnvironmentKind;
use leptos::prelude::*;

/// A badge for Production / Accept / Test.
#[component]
pub fn EnvironmentBadge(
    /// The environment type.
    #[prop(into)]
    kind: Signal<EnvironmentKind>,
) -> impl IntoView {
    let class = move || match kind.get() {
        EnvironmentKind::Production => "badge env-production",
        EnvironmentKind::Accept => "badge env-accept",
        EnvironmentKind::Test => "badge env-test",
    };
    view! { <span class=class data-testid="environment-kind">{move || kind.get().label()}</span> }
}
