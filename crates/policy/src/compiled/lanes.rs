//! Byte-wise row operations done eight cells at a time in a `u64` ("SIMD within a
//! register"), so the row and matrix loops are fast even where the target has no vector
//! instructions (WebAssembly without `simd128`). Every cell value is below 128 (an encoded
//! level is at most 6), which the bit tricks rely on.

const HIGH: u64 = 0x8080_8080_8080_8080;

#[inline(always)]
fn load(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(bytes);
    u64::from_le_bytes(word)
}

/// 0x01 in every byte of `x` that is not zero (bytes below 128).
#[inline(always)]
fn non_zero(x: u64) -> u64 {
    ((x.wrapping_add(!HIGH) | x) & HIGH) >> 7
}

/// Byte-wise maximum (bytes below 128).
#[inline(always)]
fn max(a: u64, b: u64) -> u64 {
    // High bit of each byte of (b | 0x80) - a is set where b >= a.
    let b_wins = (((b | HIGH).wrapping_sub(a) & HIGH) >> 7).wrapping_mul(0xFF);
    (a & !b_wins) | (b & b_wins)
}

/// Applies `word` to whole eight-byte lanes and `byte` to the rest.
#[inline(always)]
fn zip_apply(
    out: &mut [u8],
    other: &[u8],
    word: impl Fn(u64, u64) -> u64,
    byte: impl Fn(u8, u8) -> u8,
) {
    let len = out.len().min(other.len());
    let (out, other) = (&mut out[..len], &other[..len]);
    let mut out_lanes = out.chunks_exact_mut(8);
    let mut other_lanes = other.chunks_exact(8);
    for (o, b) in (&mut out_lanes).zip(&mut other_lanes) {
        o.copy_from_slice(&word(load(o), load(b)).to_le_bytes());
    }
    for (o, b) in out_lanes
        .into_remainder()
        .iter_mut()
        .zip(other_lanes.remainder())
    {
        *o = byte(*o, *b);
    }
}

/// `out[i] = max(out[i], other[i])`.
#[inline]
pub(crate) fn max_into(out: &mut [u8], other: &[u8]) {
    zip_apply(out, other, max, u8::max);
}

/// `out[i] = out[i] - 1`, but 0 stays 0: decodes `level + 1` cells to levels.
#[inline]
pub(crate) fn decode(out: &mut [u8]) {
    let mut lanes = out.chunks_exact_mut(8);
    for lane in &mut lanes {
        let x = load(lane);
        lane.copy_from_slice(&(x - non_zero(x)).to_le_bytes());
    }
    for cell in lanes.into_remainder() {
        *cell = cell.saturating_sub(1);
    }
}

/// "Most specific wins" without own grants: where `groups[i]` (encoded) is set its level,
/// else the All Users level from `all_users[i]` (encoded). Written into `groups`.
#[inline]
pub(crate) fn groups_else_all_users(groups: &mut [u8], all_users: &[u8]) {
    zip_apply(
        groups,
        all_users,
        |g, a| {
            let has_group = non_zero(g);
            let keep = has_group.wrapping_mul(0xFF);
            ((g - has_group) & keep) | ((a - non_zero(a)) & !keep)
        },
        |g, a| if g == 0 { a.saturating_sub(1) } else { g - 1 },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells() -> Vec<u8> {
        (0..203u32).map(|i| (i * 7 % 8) as u8).collect()
    }

    #[test]
    fn lane_max_matches_byte_max() {
        let a = cells();
        let b: Vec<u8> = a.iter().rev().copied().collect();
        let mut out = a.clone();
        max_into(&mut out, &b);
        let expected: Vec<u8> = a.iter().zip(&b).map(|(x, y)| *x.max(y)).collect();
        assert_eq!(out, expected);
    }

    #[test]
    fn lane_decode_matches_saturating_sub() {
        let mut out = cells();
        let expected: Vec<u8> = out.iter().map(|x| x.saturating_sub(1)).collect();
        decode(&mut out);
        assert_eq!(out, expected);
    }

    #[test]
    fn lane_fallback_matches_the_rule() {
        let groups = cells();
        let all: Vec<u8> = groups.iter().map(|g| (g + 3) % 7).collect();
        let expected: Vec<u8> = groups
            .iter()
            .zip(&all)
            .map(|(g, a)| if *g == 0 { a.saturating_sub(1) } else { g - 1 })
            .collect();
        let mut out = groups.clone();
        groups_else_all_users(&mut out, &all);
        assert_eq!(out, expected);
    }
}
