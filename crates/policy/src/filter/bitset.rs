//! A fixed-length set of row indexes, 64 rows to a word.

/// Which rows of a row set are in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitset {
    words: Vec<u64>,
    len: usize,
}

impl Bitset {
    /// No rows of `len`.
    pub fn zeros(len: usize) -> Self {
        Self {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// Every row of `len`.
    pub fn ones(len: usize) -> Self {
        let mut set = Self {
            words: vec![!0; len.div_ceil(64)],
            len,
        };
        set.clear_tail();
        set
    }

    /// The rows whose code passes `test`, one code per row.
    pub(crate) fn from_codes(codes: &[u32], test: impl Fn(u32) -> bool) -> Self {
        let words = codes
            .chunks(64)
            .map(|chunk| {
                chunk
                    .iter()
                    .enumerate()
                    .fold(0u64, |word, (i, code)| word | (u64::from(test(*code)) << i))
            })
            .collect();
        Self {
            words,
            len: codes.len(),
        }
    }

    /// The number of rows the set is over (in or not).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the set is over zero rows.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether row `index` is in.
    pub fn contains(&self, index: usize) -> bool {
        self.words
            .get(index / 64)
            .is_some_and(|w| w >> (index % 64) & 1 == 1)
    }

    /// How many rows are in.
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The rows that are in, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, word)| {
            let mut rest = *word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    i * 64 + bit
                })
            })
        })
    }

    /// Keeps only rows also in `other`.
    pub fn and_with(&mut self, other: &Bitset) {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a &= b);
    }

    /// Adds the rows of `other`.
    pub fn or_with(&mut self, other: &Bitset) {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a |= b);
    }

    /// Swaps in and out.
    pub fn invert(&mut self) {
        self.words.iter_mut().for_each(|w| *w = !*w);
        self.clear_tail();
    }

    fn clear_tail(&mut self) {
        let used = self.len % 64;
        if let (Some(last), true) = (self.words.last_mut(), used != 0) {
            *last &= (1u64 << used) - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ones_inverted_is_empty_and_tail_bits_stay_clear() {
        let mut set = Bitset::ones(70);
        assert_eq!(set.count(), 70);
        set.invert();
        assert_eq!(set.count(), 0);
        set.invert();
        assert_eq!(set.iter().last(), Some(69));
    }

    #[test]
    fn sets_combine_row_by_row() {
        let a = Bitset::from_codes(&[1, 2, 1, 3], |c| c == 1);
        let b = Bitset::from_codes(&[1, 2, 1, 3], |c| c >= 2);
        let mut union = a.clone();
        union.or_with(&b);
        assert_eq!(union.count(), 4);
        let mut both = a.clone();
        both.and_with(&b);
        assert_eq!(both.count(), 0);
        assert_eq!(a.iter().collect::<Vec<_>>(), [0, 2]);
        assert!(a.contains(2) && !a.contains(1) && !a.contains(100));
    }
}
