//! Windowing and keyboard moves of a picker's list: which rows are in the DOM, where to scroll
//! so the active option shows, and where each key moves the active option.

/// Height of one row in pixels (the CSS sets `.picker-row` to the same).
pub const ROW_PX: f64 = 36.0;
/// Rows the list shows at once (its CSS max-height), and how far PageUp/PageDown move.
pub const PAGE: usize = 8;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 4;

/// The rows `first..last` to render for a list scrolled to `top` of `total` rows.
pub fn visible(top: f64, total: usize) -> (usize, usize) {
    let first = ((top.max(0.0) / ROW_PX) as usize)
        .saturating_sub(OVERSCAN)
        .min(total);
    (first, (first + PAGE + 2 * OVERSCAN).min(total))
}

/// The scroll position that brings `row` into a list scrolled to `top`, or `None` when it shows.
pub fn reveal(row: usize, top: f64) -> Option<f64> {
    let (row_top, height) = (row as f64 * ROW_PX, PAGE as f64 * ROW_PX);
    if row_top < top {
        Some(row_top)
    } else if row_top + ROW_PX > top + height {
        Some(row_top + ROW_PX - height)
    } else {
        None
    }
}

/// Where a key moves the active match among `count` (`None`: the key is not a move).
pub fn step(key: &str, active: Option<usize>, count: usize) -> Option<Option<usize>> {
    if !matches!(
        key,
        "ArrowDown" | "ArrowUp" | "Home" | "End" | "PageDown" | "PageUp"
    ) {
        return None;
    }
    let last = count.checked_sub(1);
    let moved = match (key, active) {
        (_, _) if count == 0 => None,
        ("ArrowDown", None) | ("Home", _) => Some(0),
        ("ArrowUp", None) | ("End", _) => last,
        ("ArrowDown", Some(a)) => Some((a + 1).min(count - 1)),
        ("ArrowUp", Some(a)) => Some(a.saturating_sub(1)),
        ("PageDown", a) => Some(a.map_or(PAGE - 1, |a| a + PAGE).min(count - 1)),
        ("PageUp", a) => Some(a.map_or(0, |a| a.saturating_sub(PAGE))),
        _ => return None,
    };
    Some(moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_window_of_a_long_list_is_rendered() {
        assert_eq!(visible(0.0, 10_000), (0, 16));
        let (first, last) = visible(ROW_PX * 5_000.0, 10_000);
        assert!(first <= 5_000 && last >= 5_000 + PAGE && last - first <= 16);
        assert_eq!(visible(ROW_PX * 9_999.0, 10_000).1, 10_000);
        assert_eq!(visible(0.0, 3), (0, 3));
    }

    #[test]
    fn revealing_scrolls_only_when_the_row_is_out_of_view() {
        assert_eq!(reveal(2, 0.0), None);
        assert_eq!(reveal(PAGE, 0.0), Some(ROW_PX));
        assert_eq!(reveal(3, ROW_PX * 10.0), Some(ROW_PX * 3.0));
    }

    #[test]
    fn keys_move_within_the_matches() {
        assert_eq!(step("ArrowDown", None, 5), Some(Some(0)));
        assert_eq!(step("ArrowDown", Some(4), 5), Some(Some(4)));
        assert_eq!(step("ArrowUp", Some(0), 5), Some(Some(0)));
        assert_eq!(step("ArrowUp", None, 5), Some(Some(4)));
        assert_eq!(step("End", Some(1), 5), Some(Some(4)));
        assert_eq!(step("Home", Some(3), 5), Some(Some(0)));
        assert_eq!(step("PageDown", Some(1), 50), Some(Some(1 + PAGE)));
        assert_eq!(step("PageUp", Some(3), 50), Some(Some(0)));
        assert_eq!(step("ArrowDown", None, 0), Some(None));
        assert_eq!(step("a", Some(1), 5), None);
        // With nothing listed, typing goes on (a letter is no move).
        assert_eq!(step("l", None, 0), None);
    }
}
