//! Asks before a draft with unsaved edits is left. Views register their drafts with
//! [`guard_draft`] (and are forgotten when they unmount); while any draft holds edits, closing
//! or reloading the tab raises the browser's own `beforeunload` prompt, and leaving inside the
//! studio — any same-origin link, the browser's Back and Forward, switching environment,
//! signing out — first asks in the studio's dialog ("Leave without saving?").
//!
//! Leptos 0.8's router cannot block a navigation, so the guard stands in front of it: a
//! capturing click listener on the window runs before the router's own (which ignores a click
//! whose default was prevented), and a `popstate` listener added before the router exists (the
//! window runs its listeners in the order they were added) stops the router's, putting the
//! page's address back until the administrator decides.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_url};
use leptos_router::location::Url;

use crate::lazy_routes::Rare;

/// Marks the control that set off a question, so focus goes back there when it is answered.
const RETURN_MARK: &str = "data-leave-return";

/// The drafts of the views on screen and the question being asked; provided by `App`.
#[derive(Clone, Copy)]
pub struct LeaveGuard {
    drafts: RwSignal<Vec<Draft>>,
    asking: RwSignal<Option<Leave>>,
    /// Lets the next `popstate` through: the Back the administrator just agreed to.
    passing: StoredValue<bool>,
    /// The router's address (the view on screen), once the signed-in frame is there.
    url: StoredValue<Option<ReadSignal<Url>>>,
}

/// One registered draft.
#[derive(Clone)]
struct Draft {
    id: u64,
    what: Signal<String>,
    unsaved: Signal<usize>,
    discard: Callback<()>,
}

/// Where the administrator was going when the guard stopped them.
#[derive(Clone)]
enum Leave {
    /// An in-app address (a link).
    To(String),
    /// The browser's history entry it was moving to (Back or Forward).
    History,
    /// Anything else that drops the drafts: switching environment, signing out.
    Then(Arc<dyn Fn() + Send + Sync>),
}

impl LeaveGuard {
    /// How many unsaved changes, and on what ("the permissions of CRM Portal").
    fn unsaved(&self) -> (usize, Vec<String>) {
        self.drafts.with_untracked(|drafts| {
            drafts
                .iter()
                .filter_map(|d| {
                    let n = d.unsaved.try_get_untracked().unwrap_or(0);
                    (n > 0).then(|| (n, d.what.try_get_untracked().unwrap_or_default()))
                })
                .fold((0, Vec::new()), |(total, mut names), (n, what)| {
                    names.push(what);
                    (total + n, names)
                })
        })
    }

    fn dirty(&self) -> bool {
        self.unsaved().0 > 0
    }

    /// Opens the question; `origin` gets the focus back when it is answered.
    fn ask(&self, leave: Leave, origin: Option<web_sys::Element>) {
        let document = document();
        if let Ok(marked) = document.query_selector_all(&format!("[{RETURN_MARK}]")) {
            for node in (0..marked.length()).filter_map(|i| marked.get(i)) {
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(node) {
                    let _ = el.remove_attribute(RETURN_MARK);
                }
            }
        }
        if let Some(origin) = origin.filter(|el| Some(el) != document.body().as_deref()) {
            let _ = origin.set_attribute(RETURN_MARK, "");
        }
        self.asking.set(Some(leave));
    }

    /// Drops every draft and goes where the administrator was going.
    fn leave(&self, navigate: &dyn Fn(&str)) {
        let Some(leave) = self.asking.get_untracked() else {
            return;
        };
        let discards: Vec<Callback<()>> = self
            .drafts
            .with_untracked(|d| d.iter().map(|d| d.discard).collect());
        for discard in discards {
            discard.run(());
        }
        self.asking.set(None);
        match leave {
            Leave::To(path) => navigate(&path),
            Leave::History => {
                self.passing.set_value(true);
                let _ = window().history().and_then(|h| h.back());
            }
            Leave::Then(go) => go(),
        }
    }
}

/// Provides the guard and starts listening; called by `App` before it creates the router, so
/// the guard hears Back and Forward first. The listeners end with the current owner.
pub fn provide_leave_guard() {
    let guard = LeaveGuard {
        drafts: RwSignal::new(Vec::new()),
        asking: RwSignal::new(None),
        passing: StoredValue::new(false),
        url: StoredValue::new(None),
    };
    provide_context(guard);
    // Only a browser has a window to listen on (native builds run the unit tests).
    if cfg!(target_arch = "wasm32") {
        listen::install(guard);
    }
}

/// Registers a draft of the current view for as long as the view is mounted: `what` names it
/// ("the permissions of CRM Portal"), `unsaved` counts its unsaved changes (0: nothing to
/// lose) and `discard` throws them away when the administrator chooses to leave.
pub fn guard_draft(
    what: impl Fn() -> String + Send + Sync + 'static,
    unsaved: impl Fn() -> usize + Send + Sync + 'static,
    discard: Callback<()>,
) {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let Some(guard) = use_context::<LeaveGuard>() else {
        return;
    };
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    let draft = Draft {
        id,
        what: Signal::derive(what),
        unsaved: Signal::derive(unsaved),
        discard,
    };
    guard.drafts.update(|d| d.push(draft));
    on_cleanup(move || {
        guard.drafts.try_update(|d| d.retain(|d| d.id != id));
    });
}

/// Runs `go` (which drops the view's drafts: switching environment, signing out) at once when
/// nothing is unsaved, else after the administrator agrees to discard the edits.
pub fn ask_before(go: impl Fn() + Send + Sync + 'static) {
    match use_context::<LeaveGuard>() {
        Some(guard) if guard.dirty() => {
            let origin = document().active_element();
            guard.ask(Leave::Then(Arc::new(go)), origin);
        }
        _ => go(),
    }
}

/// The question, while one is asked; rendered once by the frame, inside the router.
#[component]
pub fn LeavePrompt() -> impl IntoView {
    let guard = expect_context::<LeaveGuard>();
    guard.url.set_value(Some(use_url()));
    let navigate = use_navigate();
    let message = Signal::derive(move || {
        // Tracked, so the count follows the drafts while the question is open.
        guard.drafts.track();
        let (count, names) = guard.unsaved();
        let (changes, them) = if count == 1 {
            ("1 unsaved change".to_owned(), "it")
        } else {
            (format!("{count} unsaved changes"), "them")
        };
        format!(
            "You have {changes} on {}. Leaving discards {them}.",
            names.join(" and ")
        )
    });
    let on_stay = Callback::new(move |()| guard.asking.set(None));
    let on_leave = Callback::new(move |()| {
        guard.leave(&|path: &str| navigate(path, Default::default()));
    });
    // The question's code arrives once a draft first holds an edit, before anyone leaves.
    Effect::new(move |fetched: Option<bool>| {
        let fetched = fetched.unwrap_or(false);
        let dirty = !fetched
            && guard
                .drafts
                .with(|d| d.iter().any(|d| d.unsaved.try_get().unwrap_or(0) > 0));
        if dirty {
            crate::lazy_routes::prefetch_rare_area();
            return true;
        }
        fetched
    });
    view! {
        <Show when=move || guard.asking.with(Option::is_some)>
            {crate::lazy_routes::rare(Rare::Leave { message, on_stay, on_leave })}
        </Show>
    }
}

/// The window listeners.
mod listen {
    use leptos::prelude::*;
    use leptos_router::location::Url;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{BeforeUnloadEvent, Event, HtmlAnchorElement, MouseEvent};

    use super::{Leave, LeaveGuard};

    /// Adds the three listeners and removes them when the current owner is cleaned up.
    pub fn install(guard: LeaveGuard) {
        let click = listener("click", true, move |ev: Event| {
            on_click(guard, ev.unchecked_into());
        });
        let popstate = listener("popstate", true, move |ev: Event| on_popstate(guard, ev));
        let unload = listener("beforeunload", false, move |ev: Event| {
            if guard.dirty() {
                ev.prevent_default();
                // Older browsers prompt only when a message is set (they show their own text).
                if let Some(ev) = ev.dyn_ref::<BeforeUnloadEvent>() {
                    ev.set_return_value("You have unsaved changes.");
                }
            }
        });
        let added = StoredValue::new_local(vec![click, popstate, unload]);
        on_cleanup(move || {
            added.with_value(|list| {
                for (name, capture, callback) in list {
                    let _ = window().remove_event_listener_with_callback_and_bool(
                        name,
                        callback.unchecked_ref(),
                        *capture,
                    );
                }
            });
        });
    }

    /// Adds one window listener; returns what removing it needs.
    fn listener(
        name: &'static str,
        capture: bool,
        f: impl Fn(Event) + 'static,
    ) -> (&'static str, bool, JsValue) {
        let callback = Closure::<dyn Fn(Event)>::new(f).into_js_value();
        let _ = window().add_event_listener_with_callback_and_bool(
            name,
            callback.unchecked_ref(),
            capture,
        );
        (name, capture, callback)
    }

    /// The path, query and fragment of `url`, as the router writes them.
    fn full_path(url: &Url) -> String {
        let query = if url.search().is_empty() { "" } else { "?" };
        format!("{}{query}{}{}", url.path(), url.search(), url.hash())
    }

    /// A plain click on a link the router would follow, away from the view: ask first.
    fn on_click(guard: LeaveGuard, ev: MouseEvent) {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.alt_key()
            || ev.ctrl_key()
            || ev.shift_key()
        {
            return;
        }
        let path = ev.composed_path();
        let Some(link) =
            (0..path.length()).find_map(|i| path.get(i).dyn_into::<HtmlAnchorElement>().ok())
        else {
            return;
        };
        let rel = link.rel();
        if link.href().is_empty()
            || !link.target().is_empty()
            || link.has_attribute("download")
            || rel.split_whitespace().any(|r| r == "external")
        {
            return;
        }
        let Ok(to) = web_sys::Url::new(&link.href()) else {
            return;
        };
        let Some(here) = guard.url.get_value().map(|url| url.get_untracked()) else {
            return;
        };
        let same_view =
            to.pathname() == here.path() && to.search().trim_start_matches('?') == here.search();
        if to.origin() != window().location().origin().unwrap_or_default()
            || same_view
            || !guard.dirty()
        {
            return;
        }
        ev.prevent_default();
        let target = format!("{}{}{}", to.pathname(), to.search(), to.hash());
        guard.ask(Leave::To(target), Some(link.into()));
    }

    /// Back or Forward away from the view: stop the router, put the view's address back on
    /// top of the entry the browser moved to (so agreeing later is one Back), and ask.
    fn on_popstate(guard: LeaveGuard, ev: Event) {
        if guard.passing.get_value() {
            guard.passing.set_value(false);
            return;
        }
        let Some(here) = guard.url.get_value().map(|url| url.get_untracked()) else {
            return;
        };
        let location = window().location();
        let same_view = location.pathname().ok().as_deref() == Some(here.path())
            && location
                .search()
                .ok()
                .as_deref()
                .map(|s| s.trim_start_matches('?'))
                == Some(here.search());
        if same_view || !guard.dirty() {
            return;
        }
        ev.stop_immediate_propagation();
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&full_path(&here)));
        }
        guard.ask(Leave::History, document().active_element());
    }
}
