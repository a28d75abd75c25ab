//! The matrix's toolbar: the data environment, the user filters and order, the resource
//! filters — each kept in the URL query.

use std::sync::Arc;

use gatehouse_policy::PreparedPolicy;
use leptos::prelude::*;

use super::query::{MatrixQuery, Param};

/// The data environment picker and the filters.
#[component]
pub fn Filters(
    /// The view state in the URL.
    query: MatrixQuery,
    /// The prepared snapshot (its data environments and groups).
    prepared: StoredValue<Arc<PreparedPolicy>>,
) -> impl IntoView {
    let (environments, groups) = prepared.with_value(|p| {
        let policy = p.policy();
        let envs: Vec<(String, String)> = policy
            .environments
            .iter()
            .map(|e| (e.id.to_string(), e.name.clone()))
            .collect();
        let mut groups: Vec<(String, String)> = policy
            .groups
            .iter()
            .map(|g| (g.id.to_string(), g.name.clone()))
            .collect();
        groups.sort_by_key(|(_, name)| name.to_lowercase());
        (envs, groups)
    });
    let first_env = environments
        .first()
        .map(|(id, _)| id.clone())
        .unwrap_or_default();
    let data_value = move || {
        let data = query.data.get();
        if data.is_empty() {
            first_env.clone()
        } else {
            data
        }
    };
    view! {
        <form class="mx-filters" role="search" aria-label="Matrix filters" on:submit=|ev| ev.prevent_default()>
            <fieldset class="mx-fieldset">
                <legend class="mx-legend-title">"Data environment"</legend>
                <label class="field"><span class="visually-hidden">"Data environment"</span>
                    <select data-testid="matrix-env" prop:value=data_value
                        on:change=move |ev| query.data.put(event_target_value(&ev))>
                        {environments.into_iter().map(|(id, name)| view! { <option value=id>{format!("Data: {name}")}</option> }).collect_view()}
                        <option value="all">"All (highest per cell)"</option>
                    </select>
                </label>
            </fieldset>
            <fieldset class="mx-fieldset">
                <legend class="mx-legend-title">"Users"</legend>
                <Search param=query.user_text label="Search users" placeholder="Name or user code" testid="matrix-user-search"/>
                <Choice param=query.group label="Group" testid="matrix-group"
                    options=std::iter::once((String::new(), "All groups".to_owned())).chain(groups).collect()/>
                <Choice param=query.status label="Status" testid="matrix-status"
                    options=vec![(String::new(), "Any status".to_owned()), ("active".to_owned(), "Active".to_owned()), ("deactivated".to_owned(), "Deactivated".to_owned())]/>
                <Choice param=query.sort label="Sort users" testid="matrix-sort"
                    options=vec![(String::new(), "By name".to_owned()), ("code".to_owned(), "By user code".to_owned())]/>
            </fieldset>
            <fieldset class="mx-fieldset">
                <legend class="mx-legend-title">"Resources"</legend>
                <Search param=query.resource_text label="Search resources" placeholder="Name" testid="matrix-resource-search"/>
                <Choice param=query.kind label="Kind" testid="matrix-kind"
                    options=vec![(String::new(), "Apps and connectors".to_owned()), ("app".to_owned(), "Apps".to_owned()), ("connector".to_owned(), "Connectors".to_owned())]/>
            </fieldset>
        </form>
    }
}

/// A search box bound to a query parameter.
#[component]
fn Search(
    param: Param,
    label: &'static str,
    placeholder: &'static str,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <label class="field"><span class="visually-hidden">{label}</span>
            <input type="search" class="search" data-testid=testid placeholder=placeholder aria-label=label
                prop:value=move || param.get()
                on:input=move |ev| param.put(event_target_value(&ev))/>
        </label>
    }
}

/// A select bound to a query parameter; the first option (value `""`) is "any".
#[component]
fn Choice(
    param: Param,
    label: &'static str,
    testid: &'static str,
    options: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <label class="field"><span class="visually-hidden">{label}</span>
            <select data-testid=testid aria-label=label prop:value=move || param.get()
                on:change=move |ev| param.put(event_target_value(&ev))>
                {options.into_iter().map(|(value, text)| view! { <option value=value>{text}</option> }).collect_view()}
            </select>
        </label>
    }
}
