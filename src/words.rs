//! Counted nouns in the studio's sentences ("1 person", "3 people").

/// `n` with the singular or the plural noun: `counted(1, "grant", "grants")` is "1 grant".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(counted(1, "person", "people"), "1 person");
        assert_eq!(counted(0, "person", "people"), "0 people");
        assert_eq!(
            counted(1000, "grant differs", "grants differ"),
            "1000 grants differ"
        );
    }
}
