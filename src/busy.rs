//! The studio's "settled" signal: `<html data-busy="true">` while a request to the server (or
//! the demo store) or a view's code is in flight, `"false"` once the last one has ended and the
//! rendering its answer caused has run.
//!
//! Browser tests wait for `data-busy="false"` instead of for the first matching element, so
//! they never read a view that is about to be re-rendered with data still on its way.
//!
//! Ending is deferred to a new task (`setTimeout(0)`): the answer's resource update and the
//! re-render it triggers run as microtasks before it, and a request that a finished one starts
//! (an environment list, then the users of that environment) begins before it, so the page
//! never reads as settled between two requests of one chain.

use std::cell::Cell;
use std::future::Future;

thread_local! {
    static IN_FLIGHT: Cell<u32> = const { Cell::new(0) };
}

/// One piece of work in flight; the page is busy until every `Busy` has been dropped.
#[must_use = "the work counts as in flight only while this is held"]
pub struct Busy(());

impl Busy {
    /// Counts one piece of work as in flight.
    pub fn start() -> Self {
        let now = IN_FLIGHT.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        if now == 1 {
            show(true);
        }
        Busy(())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        after_current_task(|| {
            let now = IN_FLIGHT.with(|n| {
                n.set(n.get().saturating_sub(1));
                n.get()
            });
            if now == 0 {
                show(false);
            }
        });
    }
}

/// Runs `work` counted as in flight.
pub async fn track<T>(work: impl Future<Output = T>) -> T {
    let _busy = Busy::start();
    work.await
}

/// Marks the page settled when the studio starts (nothing is in flight yet).
pub fn init() {
    if IN_FLIGHT.with(Cell::get) == 0 {
        show(false);
    }
}

/// Writes the state onto the root element.
fn show(busy: bool) {
    #[cfg(target_arch = "wasm32")]
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-busy", if busy { "true" } else { "false" });
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = busy;
}

/// Runs `f` in a task of its own, after the microtasks the current one queued.
fn after_current_task(f: impl FnOnce() + 'static) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let callback = Closure::once_into_js(f);
        let scheduled = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0)
                .ok()
        });
        if scheduled.is_none() {
            // No window (a worker): nothing renders, so ending now is as good.
            if let Ok(f) = callback.dyn_into::<js_sys::Function>() {
                let _ = f.call0(&wasm_bindgen::JsValue::NULL);
            }
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    f();
}
