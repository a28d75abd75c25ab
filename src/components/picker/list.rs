//! The picker's listbox: only the rows in view (plus a margin) are rendered, spacers stand in
//! for the rest so the scrollbar is true to the whole list; headers group the options.

use leptos::html::Div;
use leptos::prelude::*;

use super::filter::{Listing, PickerOption, Row};
use super::window::{visible, ROW_PX};

/// The listbox of a `Picker`.
#[component]
pub fn PickerList(
    /// The input's id, the prefix of the options' ids.
    id: &'static str,
    /// The listbox's id.
    list_id: String,
    /// The listbox's name (the picker's label).
    label: &'static str,
    /// The scrolling element, for the picker to scroll the active option into view.
    list_ref: NodeRef<Div>,
    /// Every option.
    options: Signal<Vec<PickerOption>>,
    /// What matches the query, in rows.
    shown: Memo<Listing>,
    /// The active match.
    active: RwSignal<Option<usize>>,
    /// Whether the popup is open (nothing is rendered while closed).
    open: RwSignal<bool>,
    /// The list's scroll position.
    top: RwSignal<f64>,
    /// Called with a match's place when it is clicked.
    on_pick: Callback<usize>,
) -> impl IntoView {
    let window = Memo::new(move |_| {
        if !open.get() {
            return (0, 0);
        }
        visible(top.get(), shown.with(|l| l.rows.len()))
    });
    let rows = move || {
        let (first, last) = window.get();
        let slice: Vec<Row> = shown.with(|l| l.rows.get(first..last).unwrap_or(&[]).to_vec());
        options.with(|options| render(id, options, &slice, active, on_pick))
    };
    // A mousedown on the list is cancelled: the focus stays in the input while a row is clicked.
    view! {
        <div
            id=list_id
            role="listbox"
            aria-label=label
            class="picker-list"
            hidden=move || shown.with(|l| l.matches() == 0)
            node_ref=list_ref
            on:scroll=move |ev| { top.set(f64::from(event_target::<web_sys::Element>(&ev).scroll_top())) }
            on:mousedown=|ev| ev.prevent_default()
        >
            // Spacers, not padding: a scroll container's bottom padding does not always add
            // to its scroll height.
            <div aria-hidden="true" style:height=move || format!("{}px", window.get().0 as f64 * ROW_PX)></div>
            {rows}
            <div aria-hidden="true" style:height=move || {
                let (_, last) = window.get();
                format!("{}px", shown.with(|l| l.rows.len()).saturating_sub(last) as f64 * ROW_PX)
            }></div>
        </div>
    }
}

/// The views for a window of rows: options under a `role="group"` named by their header
/// (the header row itself is hidden from screen readers, the group's name says it).
fn render(
    id: &'static str,
    options: &[PickerOption],
    slice: &[Row],
    active: RwSignal<Option<usize>>,
    on_pick: Callback<usize>,
) -> Vec<AnyView> {
    let mut out: Vec<AnyView> = Vec::new();
    let mut group: Option<(String, Vec<AnyView>)> = None;
    let flush = |group: &mut Option<(String, Vec<AnyView>)>, out: &mut Vec<AnyView>| {
        if let Some((name, items)) = group.take() {
            out.push(view! { <div role="group" aria-label=name>{items}</div> }.into_any());
        }
    };
    for row in slice {
        let (i, header) = match *row {
            Row::Header(i) => (i, true),
            Row::Item { option, .. } => (option, false),
        };
        let Some(option) = options.get(i) else {
            continue;
        };
        if header || group.as_ref().is_some_and(|(g, _)| *g != option.group) {
            flush(&mut group, &mut out);
        }
        if !option.group.is_empty() && group.is_none() {
            group = Some((option.group.clone(), Vec::new()));
        }
        let item = match *row {
            Row::Header(_) => view! {
                <div class="picker-row picker-header" aria-hidden="true">{option.group.clone()}</div>
            }
            .into_any(),
            Row::Item { option: i, place } => option_view(id, i, place, option, active, on_pick),
        };
        match group.as_mut() {
            Some((_, items)) => items.push(item),
            None => out.push(item),
        }
    }
    flush(&mut group, &mut out);
    out
}

/// One `role="option"`; `aria-selected` marks the active one (the combobox pattern).
fn option_view(
    id: &'static str,
    i: usize,
    place: usize,
    option: &PickerOption,
    active: RwSignal<Option<usize>>,
    on_pick: Callback<usize>,
) -> AnyView {
    let selected = move || active.get() == Some(place);
    let disabled = option.disabled.is_some();
    view! {
        <div
            id=format!("{id}-opt-{i}")
            role="option"
            class="picker-row picker-option"
            class:active=selected
            aria-selected=move || selected().to_string()
            aria-disabled=disabled.then_some("true")
            data-testid="picker-option"
            on:click=move |_| on_pick.run(place)
            on:mousemove=move |_| if !selected() { active.set(Some(place)) }
        >
            <span class="picker-label">{option.label.clone()}</span>
            {(!option.detail.is_empty()).then(|| view! { <span class="picker-detail">{option.detail.clone()}</span> })}
            {option.disabled.clone().map(|why| view! { <span class="picker-reason">{why}</span> })}
        </div>
    }
    .into_any()
}
