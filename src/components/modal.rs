//! A modal dialog: labelled by its heading, focus moves in when it opens, Tab stays inside,
//! Esc closes, and focus goes back to the control that opened it.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

/// What can take focus inside the dialog, in document order.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
                         select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// The focusable elements inside `root`.
fn focusables(root: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Focuses the first element matching `css` in the page, if any.
pub fn focus_selector(css: &str) {
    let found = document().query_selector(css).ok().flatten();
    if let Some(el) = found.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// A modal dialog over a dimmed page.
#[component]
pub fn Modal(
    /// The id of the heading inside `children` that names the dialog.
    labelled_by: &'static str,
    /// A CSS selector for the control that opened the dialog; focus returns there on close.
    return_focus: &'static str,
    /// Called when the administrator presses Esc (the owner then closes the dialog).
    on_close: Callback<()>,
    /// `data-testid` of the dialog.
    testid: &'static str,
    /// Header, body and footer.
    children: Children,
) -> impl IntoView {
    let dialog: NodeRef<Div> = NodeRef::new();
    // Focus the field marked `data-autofocus`, else the first focusable element.
    Effect::new(move |_| {
        if let Some(root) = dialog.get() {
            let root: HtmlElement = root.into();
            let preferred = root
                .query_selector("[data-autofocus]:not([disabled])")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            if let Some(el) = preferred.or_else(|| focusables(&root).into_iter().next()) {
                let _ = el.focus();
            }
        }
    });
    on_cleanup(move || request_animation_frame(move || focus_selector(return_focus)));
    let on_keydown = move |ev: KeyboardEvent| {
        let Some(root) = dialog.get_untracked() else {
            return;
        };
        let root: HtmlElement = root.into();
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                on_close.run(());
            }
            "Tab" => {
                let items = focusables(&root);
                let (Some(first), Some(last)) = (items.first(), items.last()) else {
                    ev.prevent_default();
                    return;
                };
                let active = document().active_element();
                let at = |el: &HtmlElement| active.as_ref().is_some_and(|a| a == el.as_ref());
                let inside = active
                    .as_ref()
                    .is_some_and(|a| root.contains(Some(a.as_ref())));
                if ev.shift_key() && (at(first) || !inside) {
                    ev.prevent_default();
                    let _ = last.focus();
                } else if !ev.shift_key() && (at(last) || !inside) {
                    ev.prevent_default();
                    let _ = first.focus();
                }
            }
            _ => {}
        }
    };
    view! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby=labelled_by
                data-testid=testid node_ref=dialog on:keydown=on_keydown>
                {children()}
            </div>
        </div>
    }
}
