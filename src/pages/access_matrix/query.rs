//! The matrix's view state kept in the URL query (`?data=staging&q=smit&kind=app`), so a
//! reload or a copied link opens the same matrix; other parameters (e.g. `demo`) are kept.

use leptos::prelude::*;
use leptos_router::hooks::query_signal_with_options;
use leptos_router::NavigateOptions;

/// One query parameter as text: empty when absent.
#[derive(Clone, Copy)]
pub struct Param {
    value: Memo<Option<String>>,
    set: SignalSetter<Option<String>>,
}

impl Param {
    fn new(key: &'static str) -> Self {
        // Replace, not push: typing in a search box must not fill the history.
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..NavigateOptions::default()
        };
        let (value, set) = query_signal_with_options::<String>(key, options);
        Self { value, set }
    }

    /// The value, `""` when the parameter is absent.
    pub fn get(&self) -> String {
        self.value.get().unwrap_or_default()
    }

    /// Sets the value; `""` removes the parameter.
    pub fn put(&self, value: String) {
        self.set.set((!value.trim().is_empty()).then_some(value));
    }
}

/// Every parameter of the matrix view.
#[derive(Clone, Copy)]
pub struct MatrixQuery {
    /// The data environment id, or `all` for the highest role over all of them.
    pub data: Param,
    /// User search (name or code).
    pub user_text: Param,
    /// Group id users must be in.
    pub group: Param,
    /// `active` or `deactivated`.
    pub status: Param,
    /// `app` or `connector`.
    pub kind: Param,
    /// Resource search (name).
    pub resource_text: Param,
    /// `code` sorts users by code; otherwise by name.
    pub sort: Param,
}

impl MatrixQuery {
    /// Reads (and from then on writes) the current URL's query.
    pub fn from_url() -> Self {
        Self {
            data: Param::new("data"),
            user_text: Param::new("q"),
            group: Param::new("group"),
            status: Param::new("status"),
            kind: Param::new("kind"),
            resource_text: Param::new("resource"),
            sort: Param::new("sort"),
        }
    }

    /// Whether any user or resource filter is set (the data environment and sort are not
    /// filters).
    pub fn filtering(&self) -> bool {
        [
            self.user_text,
            self.group,
            self.status,
            self.kind,
            self.resource_text,
        ]
        .iter()
        .any(|p| !p.get().is_empty())
    }

    /// Removes every user and resource filter.
    pub fn clear_filters(&self) {
        for p in [
            self.user_text,
            self.group,
            self.status,
            self.kind,
            self.resource_text,
        ] {
            p.put(String::new());
        }
    }
}
