//! The organisation + environment switcher of the top bar (`12345 · O12345AA · Production`).

use gatehouse_wire::{EnvironmentInfo, EnvironmentKind};
use leptos::prelude::*;

use super::picker::{Picker, PickerOption};
use super::EnvironmentBadge;

/// A searchable picker of environments, grouped by organisation, with the current one's type
/// as a badge.
#[component]
pub fn EnvironmentSwitcher(
    /// Every environment to choose from.
    #[prop(into)]
    environments: Signal<Vec<EnvironmentInfo>>,
    /// The code of the environment in use.
    #[prop(into)]
    current: Signal<Option<EnvironmentInfo>>,
    /// Called with the picked environment code.
    on_pick: Callback<String>,
) -> impl IntoView {
    let kind = Signal::derive(move || {
        current
            .get()
            .map(|env| env.kind)
            .unwrap_or(EnvironmentKind::Production)
    });
    // Shows the environment in use until a pick takes effect (a dirty draft asks first, and
    // may stay).
    let value = Signal::derive(move || {
        current
            .get()
            .map(|env| format!("{} · {} · {}", env.participant, env.code, env.kind.label()))
            .unwrap_or_default()
    });
    // One group per organisation: a collaborator also sees the clients it works for.
    let options = Signal::derive(move || {
        environments.with(|list| {
            let mut orgs: Vec<String> = Vec::new();
            let mut named: Vec<(usize, PickerOption)> = list
                .iter()
                .map(|env| {
                    let org = format!("{} · {}", env.participant, env.organisation);
                    let n = orgs.iter().position(|o| *o == org).unwrap_or_else(|| {
                        orgs.push(org.clone());
                        orgs.len() - 1
                    });
                    let label = format!("{} · {}", env.code, env.kind.label());
                    (
                        n,
                        PickerOption::new(env.code.clone(), label, "").in_group(org),
                    )
                })
                .collect();
            named.sort_by_key(|(n, _)| *n);
            named.into_iter().map(|(_, o)| o).collect::<Vec<_>>()
        })
    });
    view! {
        <div class="env-switcher">
            <Picker
                id="environment-select"
                label="Environment"
                label_class="visually-hidden"
                options
                value
                placeholder="Find an environment"
                noun="environments"
                empty="No environment matches."
                on_pick
            />
            <Show when=move || current.get().is_some()>
                <EnvironmentBadge kind=kind/>
            </Show>
        </div>
    }
}
