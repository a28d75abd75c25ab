//! Byte-wise row operations. Where the compiler has vector instructions (x86-64, aarch64,
//! wasm with `simd128`) plain loops vectorise; WebAssembly without `simd128` — the default
//! build — instead works eight cells at a time in a `u64` ("SIMD within a register"). Every
//! cell value is below 128 (an encoded level is at most 6), which the bit tricks rely on.

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

/// Whether to use the `u64` lanes: only where the compiler has no vector instructions.
const LANES: bool = cfg!(all(target_arch = "wasm32", not(target_feature = "simd128")));

/// `out[i] = max(out[i], other[i])`.
#[inline]
pub(crate) fn max_into(out: &mut [u8], other: &[u8]) {
    if LANES {
        zip_apply(out, other, max, u8::max);
    } else {
        out.iter_mut()
            .zip(other)
            .for_each(|(a, b)| *a = (*a).max(*b));
    }
}

/// `out[i] = out[i] - 1`, but 0 stays 0: decodes `level + 1` cells to levels.
#[inline]
pub(crate) fn decode(out: &mut [u8]) {
    if LANES {
        decode_lanes(out);
    } else {
        out.iter_mut().for_each(|c| *c = c.saturating_sub(1));
    }
}

fn decode_lanes(out: &mut [u8]) {
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
    if !LANES {
        for (g, a) in groups.iter_mut().zip(all_users) {
            // Masks instead of a branch, so the loop vectorises.
            let keep = u8::from(*g != 0).wrapping_neg();
            *g = (g.wrapping_sub(1) & keep) | (a.saturating_sub(1) & !keep);
        }
        return;
    }
    zip_apply(groups, all_users, fallback_lane, |g, a| {
        if g == 0 {
            a.saturating_sub(1)
        } else {
            g - 1
        }
    });
}

/// [`groups_else_all_users`] on eight cells.
#[inline(always)]
fn fallback_lane(g: u64, a: u64) -> u64 {
    let has_group = non_zero(g);
    let keep = has_group.wrapping_mul(0xFF);
    ((g - has_group) & keep) | ((a - non_zero(a)) & !keep)
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
        zip_apply(&mut out, &b, max, u8::max);
        let expected: Vec<u8> = a.iter().zip(&b).map(|(x, y)| *x.max(y)).collect();
        assert_eq!(out, expected);
    }

    #[test]
    fn lane_decode_matches_saturating_sub() {
        let mut out = cells();
        let expected: Vec<u8> = out.iter().map(|x| x.saturating_sub(1)).collect();
        decode_lanes(&mut out);
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
        let mut lanes = groups.clone();
        zip_apply(&mut lanes, &all, fallback_lane, |g, a| {
            if g == 0 {
                a.saturating_sub(1)
            } else {
                g - 1
            }
        });
        assert_eq!(lanes, expected);
    }
}
