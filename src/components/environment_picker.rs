//! The environment switcher as a searchable picker, for an administrator with many
//! environments (a collaborator working for dozens of clients). Loaded on demand with the
//! frame's rare screens (`crate::lazy_routes::Rare`); a short list stays a native select.

use gatehouse_wire::EnvironmentInfo;
use leptos::prelude::*;

use super::environment_switcher::environment_label;
use super::{Picker, PickerOption};

/// Type-ahead over every environment ("Delta", "O54321", "test"), grouped by organisation.
#[component]
pub fn EnvironmentPicker(
    /// Every environment to choose from.
    environments: Signal<Vec<EnvironmentInfo>>,
    /// The environment in use.
    current: Signal<Option<EnvironmentInfo>>,
    /// Called with the picked environment code.
    on_pick: Callback<String>,
) -> impl IntoView {
    let options = Signal::derive(move || {
        environments.with(|list| {
            list.iter()
                .map(|env| PickerOption {
                    key: env.code.clone(),
                    label: format!("{} · {}", env.code, env.kind.label()),
                    detail: env.organisation.clone(),
                    group: format!("{} · {}", env.participant, env.organisation),
                    disabled: None,
                })
                .collect()
        })
    });
    let value = Signal::derive(move || {
        current
            .get()
            .map(|env| environment_label(&env))
            .unwrap_or_default()
    });
    view! {
        <Picker id="environment-picker" label="Environment" label_class="visually-hidden"
            options value placeholder="Find an environment" noun="environments"
            empty="No environment matches" on_pick/>
    }
}
