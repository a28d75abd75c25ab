//! A read-only value with a Copy button, saying "Copied" through a live region.

use leptos::html::Input;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Writes `text` with `navigator.clipboard.writeText`; false where the browser has no
/// clipboard (an insecure origin) or refuses.
async fn write_clipboard(text: &str) -> bool {
    use js_sys::{Function, Promise, Reflect};
    let clipboard = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator"))
        .and_then(|nav| Reflect::get(&nav, &JsValue::from_str("clipboard")));
    let Ok(clipboard) = clipboard else {
        return false;
    };
    if clipboard.is_undefined() {
        return false;
    }
    let write = Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    let Some(write) = write else {
        return false;
    };
    match write
        .call1(&clipboard, &JsValue::from_str(text))
        .map(Promise::from)
    {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    }
}

/// A labelled read-only field with a Copy button; the field selects itself when focused so
/// the value can also be copied from the keyboard.
#[component]
pub fn CopyField(
    /// The field's id (its label points at it).
    id: &'static str,
    /// The label, e.g. "Tenant URL".
    label: &'static str,
    /// The value shown and copied.
    value: String,
    /// `data-testid` of the input; the button is `{testid}-copy`, the status `{testid}-copied`.
    testid: &'static str,
) -> impl IntoView {
    let input: NodeRef<Input> = NodeRef::new();
    let status = RwSignal::new(String::new());
    let value = StoredValue::new(value);
    let select = move || {
        if let Some(input) = input.get_untracked() {
            input.select();
        }
    };
    let copy = move |_| {
        status.set(String::new());
        leptos::task::spawn_local(async move {
            let copied = write_clipboard(&value.get_value()).await;
            if copied {
                status.set("Copied".to_owned());
            } else {
                // No clipboard here: the value is selected for the keyboard's own copy.
                select();
                status.set("Selected: press Ctrl+C (⌘C on a Mac) to copy".to_owned());
            }
        });
    };
    view! {
        <div class="field copy-field">
            <label class="field-label" for=id>{label}</label>
            <div class="copy-row">
                <input id=id type="text" class="mono" readonly spellcheck="false" data-testid=testid
                    node_ref=input prop:value=value.get_value() on:focus=move |_| select()/>
                <button type="button" class="button" data-testid=format!("{testid}-copy") on:click=copy>
                    "Copy"<span class="visually-hidden">{format!(" {label}")}</span>
                </button>
                <span class="copy-status" role="status" aria-live="polite" data-testid=format!("{testid}-copied")>
                    {move || status.get()}
                </span>
            </div>
        </div>
    }
}
