//! The organisation + environment switcher of the top bar (`12345 · O12345AA · Production`).

use gatehouse_wire::{EnvironmentInfo, EnvironmentKind};
use leptos::prelude::*;
use web_sys::HtmlSelectElement;

use super::EnvironmentBadge;

/// How an environment is named in the switcher: `12345 · O12345AA · Production`.
pub fn environment_label(env: &EnvironmentInfo) -> String {
    format!("{} · {} · {}", env.participant, env.code, env.kind.label())
}

/// Up to this many environments the switcher is a native select (quick, and what phones do
/// best); beyond it — a collaborator working for many clients — a searchable picker, whose
/// code loads only then.
pub const SELECT_LIMIT: usize = 30;

/// A labelled select (or, past [`SELECT_LIMIT`], a picker) of environments with the current
/// one's type as a badge.
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
    let value = move || current.get().map(|env| env.code).unwrap_or_default();
    view! {
        <div class="env-switcher">
            {move || if environments.with(Vec::len) > SELECT_LIMIT {
                crate::lazy_routes::rare(crate::lazy_routes::Rare::EnvironmentPicker {
                    environments,
                    current,
                    on_pick,
                })
                .into_any()
            } else {
                view! {
                <label class="visually-hidden" for="environment-select">"Environment"</label>
                <select
                    id="environment-select"
                    data-testid="environment-select"
                    prop:value=value
                    on:change=move |ev| {
                        let picked = event_target_value(&ev);
                        // Keeps showing the environment in use until the pick takes effect (a
                        // dirty draft asks first, and may stay).
                        let in_use = current.with_untracked(|env| env.as_ref().map(|env| env.code.clone()));
                        event_target::<HtmlSelectElement>(&ev).set_value(&in_use.unwrap_or_default());
                        on_pick.run(picked);
                    }
                >
                    // The address names none of these (an unknown environment): say so, rather
                    // than showing the first as if it were in use.
                    {move || current.get().is_none().then(|| view! {
                        <option value="" disabled=true>"Choose an environment"</option>
                    })}
                    {move || {
                        // One group per organisation: a collaborator also sees the clients it works for.
                        let mut groups: Vec<(String, Vec<EnvironmentInfo>)> = Vec::new();
                        for env in environments.get() {
                            let name = format!("{} · {}", env.participant, env.organisation);
                            match groups.iter_mut().find(|(n, _)| *n == name) {
                                Some((_, list)) => list.push(env),
                                None => groups.push((name, vec![env])),
                            }
                        }
                        groups
                            .into_iter()
                            .map(|(name, list)| {
                                view! {
                                    <optgroup label=name>
                                        {list.into_iter().map(|env| {
                                            let label = environment_label(&env);
                                            view! { <option value=env.code.clone()>{label}</option> }
                                        }).collect_view()}
                                    </optgroup>
                                }
                            })
                            .collect_view()
                    }}
                </select>
                }
                .into_any()
            }}
            <Show when=move || current.get().is_some()>
                <EnvironmentBadge kind=kind/>
            </Show>
        </div>
    }
}
