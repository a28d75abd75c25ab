//! What a picker lists for a query: the matching options, prefix matches first, under their
//! group headers.

/// One choice of a picker.
#[derive(Clone, Debug, PartialEq)]
pub struct PickerOption {
    /// The value handed to `on_pick` (a user id, a subject key, an environment code).
    pub key: String,
    /// The name people read ("Fleur Smit").
    pub label: String,
    /// A second, muted part that is searched too ("12345.FSmit"); may be empty.
    pub detail: String,
    /// The header the option is listed under ("Groups", "Users"); empty for none.
    pub group: String,
    /// Why it cannot be picked, if it cannot (shown beside it; the option stays readable).
    pub disabled: Option<String>,
}

impl PickerOption {
    /// An option with a label and a detail, in no group, enabled.
    pub fn new(
        key: impl Into<String>,
        label: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            key: key.into(),
            label: label.into(),
            detail: detail.into(),
            group: String::new(),
            disabled: None,
        }
    }

    /// The same option under a group header.
    pub fn in_group(mut self, group: impl Into<String>) -> Self {
        self.group = group.into();
        self
    }
}

/// One line of the list: a group header or the option at an index of the options.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Row {
    /// A header; the index of the first option under it.
    Header(usize),
    /// An option, by index into the options, and its place among the matches.
    Item { option: usize, place: usize },
}

/// The rows for a query and, for each match in order, the row it is on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listing {
    /// Headers and options, in display order.
    pub rows: Vec<Row>,
    /// The row of the n-th match.
    pub row_of: Vec<usize>,
}

impl Listing {
    /// How many options match.
    pub fn matches(&self) -> usize {
        self.row_of.len()
    }

    /// The option index of the n-th match.
    pub fn option_at(&self, place: usize) -> Option<usize> {
        match self.rows.get(*self.row_of.get(place)?)? {
            Row::Item { option, .. } => Some(*option),
            Row::Header(_) => None,
        }
    }
}

/// The options' text in lower case, once per list, so each keystroke only compares.
pub fn haystacks(options: &[PickerOption]) -> Vec<[String; 3]> {
    options
        .iter()
        .map(|o| {
            [
                o.label.to_lowercase(),
                o.detail.to_lowercase(),
                o.group.to_lowercase(),
            ]
        })
        .collect()
}

/// 0 when the label, a word of it or the detail starts with the query, 1 when the text
/// merely contains it, `None` when it does not match.
fn rank(hay: &[String; 3], query: &str) -> Option<u8> {
    let [label, detail, group] = hay;
    let prefix = label.starts_with(query)
        || detail.starts_with(query)
        || label.split([' ', '·', '(']).any(|w| w.starts_with(query));
    if prefix {
        Some(0)
    } else if label.contains(query) || detail.contains(query) || group.contains(query) {
        Some(1)
    } else {
        None
    }
}

/// The listing for `query` (case-insensitive; blank lists everything): groups keep the order
/// they first appear in, and within a group prefix matches come before the others.
pub fn listing(options: &[PickerOption], hay: &[[String; 3]], query: &str) -> Listing {
    let query = query.trim().to_lowercase();
    let mut groups: Vec<&str> = Vec::new();
    let mut found: Vec<(usize, u8, usize)> = Vec::new();
    for (i, (option, hay)) in options.iter().zip(hay).enumerate() {
        let Some(r) = (if query.is_empty() {
            Some(0)
        } else {
            rank(hay, &query)
        }) else {
            continue;
        };
        let g = match groups.iter().position(|g| *g == option.group) {
            Some(g) => g,
            None => {
                groups.push(&option.group);
                groups.len() - 1
            }
        };
        found.push((g, r, i));
    }
    found.sort_by_key(|&(g, r, i)| (g, r, i));
    let mut listing = Listing::default();
    let mut last_group = None;
    for (g, _, i) in found {
        if last_group != Some(g) {
            last_group = Some(g);
            if !options[i].group.is_empty() {
                listing.rows.push(Row::Header(i));
            }
        }
        let place = listing.row_of.len();
        listing.row_of.push(listing.rows.len());
        listing.rows.push(Row::Item { option: i, place });
    }
    listing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<PickerOption> {
        vec![
            PickerOption::new("all", "All Users", "").in_group(""),
            PickerOption::new("g1", "ICT", "").in_group("Groups"),
            PickerOption::new("u1", "Anna de Smit", "12345.ASmit").in_group("Users"),
            PickerOption::new("u2", "Fleur Smit", "12345.FSmit").in_group("Users"),
            PickerOption::new("u3", "Smitty Jansen", "12345.SJansen").in_group("Users"),
            PickerOption::new("u4", "Ivo Mulder", "12345.IMulder").in_group("Users"),
        ]
    }

    fn keys(options: &[PickerOption], query: &str) -> Vec<String> {
        let l = listing(options, &haystacks(options), query);
        (0..l.matches())
            .map(|p| options[l.option_at(p).unwrap()].key.clone())
            .collect()
    }

    #[test]
    fn a_blank_query_lists_everything_under_its_headers() {
        let options = people();
        let l = listing(&options, &haystacks(&options), " ");
        assert_eq!(l.matches(), 6);
        assert_eq!(
            l.rows[0],
            Row::Item {
                option: 0,
                place: 0
            }
        );
        assert_eq!(l.rows[1], Row::Header(1));
        assert_eq!(l.rows[3], Row::Header(2));
        assert_eq!(l.row_of, vec![0, 2, 4, 5, 6, 7]);
    }

    #[test]
    fn matching_ignores_case_and_searches_name_and_code() {
        let options = people();
        assert_eq!(keys(&options, "MULDER"), vec!["u4"]);
        assert_eq!(keys(&options, "12345.fs"), vec!["u2"]);
        assert!(keys(&options, "nobody").is_empty());
    }

    #[test]
    fn prefix_matches_come_before_other_matches_in_a_group() {
        let options = people();
        // "Smitty" starts with it; "Anna de Smit" and "Fleur Smit" have a word that does;
        // none merely contains it, so the original order holds among prefixes.
        assert_eq!(keys(&options, "smit"), vec!["u1", "u2", "u3"]);
        // "mit" is inside every Smit but starts none of them: all rank alike.
        assert_eq!(keys(&options, "sj"), vec!["u3"]);
        let mixed = vec![
            PickerOption::new("a", "Jan Dijk", "12345.JDijk"),
            PickerOption::new("b", "Dijkstra", "12345.Dijkstra"),
            PickerOption::new("c", "Hendijk", "12345.Hendijk"),
        ];
        assert_eq!(keys(&mixed, "dijk"), vec!["a", "b", "c"]);
        assert_eq!(keys(&mixed, "ijk"), vec!["a", "b", "c"]);
        let later = vec![
            PickerOption::new("c", "Hendijk", ""),
            PickerOption::new("b", "Dijkstra", ""),
        ];
        assert_eq!(keys(&later, "dijk"), vec!["b", "c"]);
    }

    #[test]
    fn a_group_name_matches_every_option_under_it() {
        let options = vec![
            PickerOption::new("p", "O12345AA · Production", "").in_group("12345 · Acme"),
            PickerOption::new("t", "T98765AA · Test", "").in_group("98765 · Globex"),
        ];
        assert_eq!(keys(&options, "globex"), vec!["t"]);
    }
}
