//! Which users of the Users view are selected for a bulk action: a set of user ids plus the
//! anchor of the last plain click, so that a shift-click selects the range between them in the
//! order shown. Pure functions, tested natively.

use std::collections::BTreeSet;

/// The selected users (by id) and the anchor of range selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Selected user ids.
    pub ids: BTreeSet<String>,
    /// The id last clicked without Shift: where a Shift-click range starts.
    pub anchor: Option<String>,
}

impl Selection {
    /// Checks or unchecks `id`. With `range`, every user shown between the anchor and `id`
    /// (inclusive) gets `id`'s new state; without, `id` becomes the anchor. `shown` is the list
    /// in the order on screen.
    pub fn toggle(&mut self, id: &str, range: bool, shown: &[&str]) {
        let select = !self.ids.contains(id);
        let span = range
            .then(|| {
                let anchor = self.anchor.as_deref()?;
                let from = shown.iter().position(|s| *s == anchor)?;
                let to = shown.iter().position(|s| *s == id)?;
                Some(if from <= to { from..=to } else { to..=from })
            })
            .flatten();
        match span {
            Some(span) => {
                for id in &shown[span] {
                    self.set(id, select);
                }
            }
            None => {
                self.set(id, select);
                self.anchor = Some(id.to_owned());
            }
        }
    }

    /// Selects every user in `shown` when not all of them are selected; otherwise unselects
    /// them (users selected but not shown stay selected).
    pub fn toggle_all(&mut self, shown: &[&str]) {
        let select = !self.all_of(shown);
        for id in shown {
            self.set(id, select);
        }
    }

    /// Whether every user of `shown` is selected (false for an empty list).
    pub fn all_of(&self, shown: &[&str]) -> bool {
        !shown.is_empty() && shown.iter().all(|id| self.ids.contains(*id))
    }

    /// How many users of `shown` are selected.
    pub fn count_of(&self, shown: &[&str]) -> usize {
        shown.iter().filter(|id| self.ids.contains(**id)).count()
    }

    /// Keeps only the ids that still exist in `present` (after a reload).
    pub fn retain_present(&mut self, present: &[&str]) {
        let present: BTreeSet<&str> = present.iter().copied().collect();
        self.ids.retain(|id| present.contains(id.as_str()));
        if self.anchor.as_deref().is_some_and(|a| !present.contains(a)) {
            self.anchor = None;
        }
    }

    fn set(&mut self, id: &str, selected: bool) {
        if selected {
            self.ids.insert(id.to_owned());
        } else {
            self.ids.remove(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Selection;

    const SHOWN: [&str; 5] = ["a", "b", "c", "d", "e"];

    fn ids(s: &Selection) -> Vec<&str> {
        s.ids.iter().map(String::as_str).collect()
    }

    #[test]
    fn a_click_toggles_one_and_sets_the_anchor() {
        let mut s = Selection::default();
        s.toggle("b", false, &SHOWN);
        assert_eq!(ids(&s), ["b"]);
        assert_eq!(s.anchor.as_deref(), Some("b"));
        s.toggle("b", false, &SHOWN);
        assert!(s.ids.is_empty());
    }

    #[test]
    fn shift_click_selects_the_range_in_either_direction() {
        let mut s = Selection::default();
        s.toggle("d", false, &SHOWN);
        s.toggle("b", true, &SHOWN);
        assert_eq!(ids(&s), ["b", "c", "d"]);
        // The anchor stays where the plain click was.
        assert_eq!(s.anchor.as_deref(), Some("d"));
        s.toggle("e", true, &SHOWN);
        assert_eq!(ids(&s), ["b", "c", "d", "e"]);
    }

    #[test]
    fn shift_click_on_a_selected_row_unselects_the_range() {
        let mut s = Selection::default();
        s.toggle_all(&SHOWN);
        s.toggle("a", false, &SHOWN);
        s.toggle("c", true, &SHOWN);
        assert_eq!(ids(&s), ["d", "e"]);
    }

    #[test]
    fn shift_click_without_an_anchor_in_view_is_a_plain_click() {
        let mut s = Selection {
            anchor: Some("gone".to_owned()),
            ..Selection::default()
        };
        s.toggle("c", true, &SHOWN);
        assert_eq!(ids(&s), ["c"]);
        assert_eq!(s.anchor.as_deref(), Some("c"));
    }

    #[test]
    fn toggle_all_selects_what_is_shown_then_clears_it() {
        let mut s = Selection::default();
        s.toggle("z", false, &["z"]);
        s.toggle("a", false, &SHOWN);
        s.toggle_all(&SHOWN);
        assert!(s.all_of(&SHOWN));
        assert_eq!(s.count_of(&SHOWN), 5);
        s.toggle_all(&SHOWN);
        // A user selected under another search stays selected.
        assert_eq!(ids(&s), ["z"]);
        assert!(!s.all_of(&[]));
    }

    #[test]
    fn retain_present_drops_users_that_went_away() {
        let mut s = Selection::default();
        s.toggle("a", false, &SHOWN);
        s.toggle("b", false, &SHOWN);
        s.retain_present(&["a", "c"]);
        assert_eq!(ids(&s), ["a"]);
        assert_eq!(s.anchor, None);
    }
}
