//! A searchable picker: the WAI-ARIA 1.2 combobox with a listbox popup. Typing filters
//! (name and code, prefix matches first), the arrow keys, Home/End and PageUp/PageDown move,
//! Enter picks, Escape closes and a second Escape clears. Only the rows in view are in the
//! DOM, so it lists 10,000 people; a polite live region says how many match.

mod filter;
mod list;
mod window;

pub use filter::PickerOption;

use leptos::html::Div;
use leptos::prelude::*;
use web_sys::{HtmlInputElement, KeyboardEvent};

use filter::{haystacks, listing};
use list::PickerList;
use window::{reveal, step};

/// A combobox over `options`; picking one calls `on_pick` with its key.
#[component]
pub fn Picker(
    /// The input's id (the listbox is `{id}-list`, options `{id}-opt-N`).
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The label's class ("field-label", or "visually-hidden" where the context names it).
    #[prop(default = "field-label")]
    label_class: &'static str,
    /// The choices, in order.
    #[prop(into)]
    options: Signal<Vec<PickerOption>>,
    /// The text shown while not typing (the choice in use; empty for none).
    #[prop(into, default = Signal::stored(String::new()))]
    value: Signal<String>,
    /// Hint in the empty input.
    #[prop(default = "")]
    placeholder: &'static str,
    /// What the options are, plural, for the count ("people": "12 of 10,000 people").
    noun: &'static str,
    /// Shown when nothing matches.
    #[prop(default = "Nothing matches.")]
    empty: &'static str,
    /// Called with the picked option's key.
    on_pick: Callback<String>,
) -> impl IntoView {
    let hay = Memo::new(move |_| options.with(|o| haystacks(o)));
    // `None` while not typing: the input shows `value` and every option is listed.
    let query = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let top = RwSignal::new(0.0_f64);
    let list_ref = NodeRef::<Div>::new();
    let shown = Memo::new(move |_| {
        let q = query.get().unwrap_or_default();
        options.with(|o| hay.with(|h| listing(o, h, &q)))
    });
    let scroll_to = move |t: f64| {
        if let Some(el) = list_ref.get_untracked() {
            el.set_scroll_top(t as i32);
        }
        top.set(t);
    };
    let show = move |place: Option<usize>| {
        active.set(place);
        let row = place.and_then(|p| shown.with_untracked(|l| l.row_of.get(p).copied()));
        if let Some(t) = row.and_then(|r| reveal(r, top.get_untracked())) {
            scroll_to(t);
        }
    };
    let close = move || {
        open.set(false);
        active.set(None);
    };
    let pick = move |place: usize| {
        let chosen = shown.with_untracked(|l| l.option_at(place)).and_then(|i| {
            options.with_untracked(|o| {
                o.get(i)
                    .filter(|o| o.disabled.is_none())
                    .map(|o| o.key.clone())
            })
        });
        if let Some(key) = chosen {
            close();
            query.set(None);
            on_pick.run(key);
        }
    };
    let on_key = move |ev: KeyboardEvent| {
        let key = ev.key();
        let is_open = open.get_untracked();
        match key.as_str() {
            "Enter" if is_open => {
                ev.prevent_default();
                if let Some(place) = active.get_untracked() {
                    pick(place);
                }
            }
            "Escape" if is_open || query.with_untracked(Option::is_some) => {
                // Consumed here, so a dialog around the picker stays open.
                ev.prevent_default();
                ev.stop_propagation();
                if is_open {
                    close();
                } else {
                    query.set(None);
                }
            }
            "Tab" => close(),
            "Home" | "End" | "PageUp" | "PageDown" if !is_open => {}
            _ => {
                let count = shown.with_untracked(|l| l.matches());
                if let Some(place) = step(&key, active.get_untracked(), count) {
                    ev.prevent_default();
                    if !is_open {
                        open.set(true);
                        scroll_to(0.0);
                    }
                    show(place);
                }
            }
        }
    };
    let total = move || options.with(Vec::len);
    let count_text = move || {
        let (n, all) = (shown.with(|l| l.matches()), total());
        if query.with(|q| q.as_deref().unwrap_or("").trim().is_empty()) {
            format!("{} {noun}", thousands(all))
        } else {
            format!("{} of {} {noun}", thousands(n), thousands(all))
        }
    };
    let list_id = format!("{id}-list");
    // Focusing selects the text in use, so typing replaces it.
    view! {
        <div class="picker">
            <label class=label_class for=id>{label}</label>
            <input
                id=id
                type="text"
                class="picker-input"
                role="combobox"
                autocomplete="off"
                spellcheck="false"
                aria-autocomplete="list"
                aria-controls=list_id.clone()
                aria-expanded=move || open.get().to_string()
                aria-activedescendant=move || {
                    let option = active.get().and_then(|p| shown.with(|l| l.option_at(p)));
                    option.map(|i| format!("{id}-opt-{i}"))
                }
                data-testid=id
                placeholder=placeholder
                disabled=move || { total() == 0 }
                prop:value=move || query.get().unwrap_or_else(|| value.get())
                on:input=move |ev| {
                    query.set(Some(event_target_value(&ev)));
                    open.set(true);
                    active.set(None);
                    scroll_to(0.0);
                }
                on:focus=move |ev| { event_target::<HtmlInputElement>(&ev).select() }
                on:click=move |ev| {
                    if query.with_untracked(Option::is_none) {
                        event_target::<HtmlInputElement>(&ev).select();
                    }
                    if !open.get_untracked() {
                        open.set(true);
                        scroll_to(0.0);
                    }
                }
                on:keydown=on_key
                on:blur=move |_| {
                    close();
                    query.set(None);
                }
            />
            <span class="visually-hidden" aria-live="polite" data-testid=format!("{id}-count")>
                {move || open.get().then(count_text)}
            </span>
            <div class="picker-popup" hidden=move || !open.get()>
                <p class="picker-count" aria-hidden="true">{count_text}</p>
                <Show when=move || shown.with(|l| l.matches() == 0)>
                    <p class="picker-empty" data-testid="picker-empty">{empty}</p>
                </Show>
                <PickerList id list_id label list_ref=list_ref options shown active open top
                    on_pick=Callback::new(pick)/>
            </div>
        </div>
    }
}

/// `n` with thousands separators ("10,000").
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_separated() {
        assert_eq!(super::thousands(12), "12");
        assert_eq!(super::thousands(10_000), "10,000");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
