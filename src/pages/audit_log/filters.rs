//! The audit log's toolbar: free text, person, kind, action and a date range.

use leptos::prelude::*;

use crate::api::AuditFilter;

/// The kinds of entity the log records, with their names.
const KINDS: &[(&str, &str)] = &[
    ("grant", "Grants"),
    ("group", "Groups and members"),
    ("user", "Users"),
    ("organisation", "Precedence rule"),
    ("data_environment", "Data environments"),
    ("app_connector", "App connectors"),
    ("token", "Tokens"),
    ("table", "Tables"),
    ("filter", "Filters"),
    ("collaborator", "Collaborators"),
    ("scim_token", "Provisioning tokens"),
];

/// Midnight (local time) of a `YYYY-MM-DD` date, in microseconds since the epoch, moved by
/// `days`.
pub(super) fn day_start_micros(date: &str, days: i32) -> Option<i64> {
    let mut parts = date.split('-').map(|p| p.parse::<i32>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let ms = js_sys::Date::new_with_year_month_day(y as u32, m - 1, d + days).get_time();
    ms.is_finite().then(|| (ms as i64).saturating_mul(1000))
}

/// The toolbar; every change starts again at page 1.
#[component]
pub fn FilterBar(
    /// The filters.
    filter: RwSignal<AuditFilter>,
    /// The "From" date as typed (`YYYY-MM-DD`), kept in the address beside the filters.
    from_text: RwSignal<String>,
    /// The "To" date as typed.
    to_text: RwSignal<String>,
    /// People to pick as the actor: (name, code), by name.
    actors: Signal<Vec<(String, String)>>,
    /// "12 change sets".
    count: Signal<String>,
    /// Reloads the log.
    on_refresh: Callback<()>,
) -> impl IntoView {
    let set = move |f: fn(&mut AuditFilter, String), value: String| {
        filter.update(|filter| {
            f(filter, value);
            filter.page = 1;
        });
    };
    let any = move || {
        filter.with(|f| {
            !(f.q.is_empty()
                && f.actor.is_empty()
                && f.entity.is_empty()
                && f.action.is_empty()
                && f.from.is_none()
                && f.to.is_none())
        })
    };
    view! {
        <div class="toolbar audit-toolbar" role="search">
            <label class="visually-hidden" for="audit-search">"Search the log"</label>
            <input id="audit-search" class="search" type="search" data-testid="audit-search"
                placeholder="Search names, codes, values"
                prop:value=move || filter.with(|f| f.q.clone())
                on:change=move |ev| set(|f, v| f.q = v, event_target_value(&ev))/>
            <label class="visually-hidden" for="audit-actor">"Changed by"</label>
            <select id="audit-actor" data-testid="audit-actor"
                prop:value=move || filter.with(|f| f.actor.clone())
                on:change=move |ev| set(|f, v| f.actor = v, event_target_value(&ev))>
                <option value="">"Anyone"</option>
                {move || actors.get().into_iter().map(|(name, code)| {
                    let label = format!("{name} ({code})");
                    // `selected` too: an actor from the address is set before the options exist.
                    let chosen = { let code = code.clone(); move || filter.with(|f| f.actor == code) };
                    view! { <option value=code prop:selected=chosen>{label}</option> }
                }).collect_view()}
            </select>
            <label class="visually-hidden" for="audit-kind">"What changed"</label>
            <select id="audit-kind" data-testid="audit-kind"
                prop:value=move || filter.with(|f| f.entity.clone())
                on:change=move |ev| set(|f, v| f.entity = v, event_target_value(&ev))>
                <option value="">"Everything"</option>
                {KINDS.iter().map(|(value, label)| view! {
                    <option value=*value prop:selected=move || filter.with(|f| f.entity == *value)>{*label}</option>
                }).collect_view()}
            </select>
            <label class="visually-hidden" for="audit-action">"Action"</label>
            <select id="audit-action" data-testid="audit-action"
                prop:value=move || filter.with(|f| f.action.clone())
                on:change=move |ev| set(|f, v| f.action = v, event_target_value(&ev))>
                <option value="">"Any action"</option>
                {[("create", "Created"), ("update", "Changed"), ("delete", "Deleted"), ("sync", "Synced")]
                    .into_iter()
                    .map(|(value, label)| view! {
                        <option value=value prop:selected=move || filter.with(|f| f.action == value)>{label}</option>
                    })
                    .collect_view()}
            </select>
            <label class="audit-date">
                <span>"From"</span>
                <input type="date" data-testid="audit-from" prop:value=move || from_text.get()
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        let from = day_start_micros(&text, 0);
                        from_text.set(text);
                        filter.update(|f| { f.from = from; f.page = 1; });
                    }/>
            </label>
            <label class="audit-date">
                <span>"To"</span>
                <input type="date" data-testid="audit-to" prop:value=move || to_text.get()
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        let to = day_start_micros(&text, 1);
                        to_text.set(text);
                        filter.update(|f| { f.to = to; f.page = 1; });
                    }/>
            </label>
            <Show when=any>
                <button type="button" class="button" data-testid="audit-clear" on:click=move |_| {
                    from_text.set(String::new());
                    to_text.set(String::new());
                    filter.update(|f| *f = AuditFilter { page: 1, per_page: f.per_page, ..AuditFilter::default() });
                }>"Clear filters"</button>
            </Show>
            <span class="count" aria-live="polite" data-testid="audit-count">{move || count.get()}</span>
            <button type="button" class="button" data-testid="audit-refresh" on:click=move |_| on_refresh.run(())>"Refresh"</button>
        </div>
    }
}
