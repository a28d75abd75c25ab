//! A view's state kept in the address's query (`/O12345AA/users?q=williams&status=active`), so
//! a reload, Back into the view or a copied link opens it as it was. The view owns its state
//! (a signal, as before); it reads the query once when it opens ([`opened_with`]) and writes
//! the state back on every change ([`keep_in_address`]), replacing the history entry rather
//! than adding one per keystroke.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

/// The query the view was opened with.
pub fn opened_with() -> ParamsMap {
    use_query_map().get_untracked()
}

/// The parameters of `current` with the view's `pairs` put in: empty values are left out, so
/// a view in its default state has a clean address; parameters the view does not own
/// (`?demo`) are kept, in front.
pub fn merge(
    current: impl IntoIterator<Item = (String, String)>,
    pairs: Vec<(&'static str, String)>,
) -> Vec<(String, String)> {
    let mut merged: Vec<(String, String)> = current
        .into_iter()
        .filter(|(key, _)| !pairs.iter().any(|(own, _)| own == key))
        .collect();
    merged.extend(
        pairs
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(key, value)| (key.to_owned(), value)),
    );
    merged
}

/// `?a=1&b=2` (escaped), or empty without parameters.
fn query_string(params: Vec<(String, String)>) -> String {
    params.into_iter().collect::<ParamsMap>().to_query_string()
}

/// Keeps the address's query equal to `state()` (see [`query_string`]) for as long as the
/// view is on screen at the path it opened with.
pub fn keep_in_address(state: impl Fn() -> Vec<(&'static str, String)> + 'static) {
    let location = use_location();
    let navigate = use_navigate();
    let own_path = location.pathname.get_untracked();
    Effect::new(move |_| {
        let pairs = state();
        // The router has moved on (the view is about to go): leave the address alone.
        if location.pathname.get_untracked() != own_path {
            return;
        }
        let (current, search) = location.query.with_untracked(|query| {
            let params = query
                .into_iter()
                .map(|(key, value)| (key.to_string(), value.to_owned()))
                .collect::<Vec<_>>();
            (query.to_query_string(), query_string(merge(params, pairs)))
        });
        if current != search {
            let hash = location.hash.get_untracked();
            navigate(
                &format!("{own_path}{search}{hash}"),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn empty_values_are_left_out() {
        assert_eq!(merge(vec![], vec![]), owned(&[]));
        assert_eq!(merge(vec![], vec![("q", String::new())]), owned(&[]));
        assert_eq!(
            merge(
                vec![],
                vec![
                    ("q", "de Vries & co".to_owned()),
                    ("status", "active".to_owned()),
                    ("group", String::new()),
                ]
            ),
            owned(&[("q", "de Vries & co"), ("status", "active")])
        );
    }

    #[test]
    fn the_view_replaces_its_own_parameters_and_keeps_the_others() {
        let current = owned(&[("demo", ""), ("q", "old"), ("status", "active")]);
        assert_eq!(
            merge(
                current,
                vec![("q", "new".to_owned()), ("status", String::new())]
            ),
            owned(&[("demo", ""), ("q", "new")])
        );
    }
}
