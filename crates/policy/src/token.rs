//! The text form of app connector tokens: `<prefix><base62 body><6-char checksum>`, e.g.
//! `gh_at_3kTMd…0aB1cD`. The checksum (CRC32 of the body, in base62) lets a secret scanner
//! recognise a leaked token without asking the server. Randomness and hashing are the
//! server's job: this module only formats and checks text.

/// The prefix of Gatehouse app connector tokens.
pub const APP_TOKEN_PREFIX: &str = "gh_at_";

/// The prefix of Gatehouse provisioning (SCIM) tokens.
pub const SCIM_TOKEN_PREFIX: &str = "gh_scim_";

/// Length of the checksum at the end of a token, in base62 characters.
pub const CHECKSUM_CHARS: usize = 6;

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Why a token cannot be formatted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenFormatError {
    /// The prefix is empty, too long, not lowercase ASCII or does not end with `_`.
    #[error(
        "token prefix `{0}` must be 2 to 16 lowercase letters, digits or `_`, ending with `_`"
    )]
    Prefix(String),
    /// Too little or too much randomness.
    #[error("a token needs 16 to 64 random bytes, not {0}")]
    RandomLength(usize),
}

/// Formats a token from a prefix and the server's random bytes.
pub fn format_secret(prefix: &str, random_bytes: &[u8]) -> Result<String, TokenFormatError> {
    let prefix_ok = (2..=16).contains(&prefix.len())
        && prefix.ends_with('_')
        && prefix
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !prefix_ok {
        return Err(TokenFormatError::Prefix(prefix.to_owned()));
    }
    if !(16..=64).contains(&random_bytes.len()) {
        return Err(TokenFormatError::RandomLength(random_bytes.len()));
    }
    let body = base62(random_bytes, base62_width(random_bytes.len()));
    let checksum = base62(&crc32(body.as_bytes()).to_be_bytes(), CHECKSUM_CHARS);
    Ok(format!("{prefix}{body}{checksum}"))
}

/// Whether `token` is `<prefix ending in _><base62 body><checksum>` with a matching checksum.
pub fn verify_checksum(token: &str) -> bool {
    let Some(split) = token.rfind('_') else {
        return false;
    };
    let rest = &token[split + 1..];
    if split == 0 || rest.len() <= CHECKSUM_CHARS || !rest.bytes().all(is_base62) {
        return false;
    }
    let (body, checksum) = rest.split_at(rest.len() - CHECKSUM_CHARS);
    base62(&crc32(body.as_bytes()).to_be_bytes(), CHECKSUM_CHARS) == checksum
}

/// Every token with `prefix` and a valid checksum inside `text` (for secret scanning).
pub fn find_tokens<'a>(text: &'a str, prefix: &'a str) -> Vec<&'a str> {
    if prefix.is_empty() {
        return Vec::new();
    }
    text.match_indices(prefix)
        .filter_map(|(start, _)| {
            let after = &text[start + prefix.len()..];
            let len = after.bytes().take_while(|b| is_base62(*b)).count();
            let candidate = &text[start..start + prefix.len() + len];
            verify_checksum(candidate).then_some(candidate)
        })
        .collect()
}

fn is_base62(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Characters needed to write any `bytes`-byte number in base62.
fn base62_width(bytes: usize) -> usize {
    // 62^w >= 256^n  <=>  w >= 8n / log2(62); never an exact integer, as 62 = 2 * 31.
    let bits = (bytes * 8) as f64;
    (bits / 62f64.log2()).ceil() as usize
}

/// Big-endian `bytes` in base62, left-padded with `0` to `width` characters.
fn base62(bytes: &[u8], width: usize) -> String {
    let mut number = bytes.to_vec();
    let mut digits = Vec::with_capacity(width);
    while number.iter().any(|b| *b != 0) {
        let mut remainder = 0u32;
        for byte in &mut number {
            let value = (remainder << 8) | u32::from(*byte);
            *byte = (value / 62) as u8;
            remainder = value % 62;
        }
        digits.push(ALPHABET[remainder as usize]);
    }
    digits.resize(digits.len().max(width), b'0');
    digits.iter().rev().map(|d| char::from(*d)).collect()
}

const CRC_TABLE: [u32; 256] = crc_table();

const fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

/// CRC-32 (IEEE 802.3, as in zip and PNG).
pub fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |crc, byte| {
        CRC_TABLE[((crc ^ u32::from(*byte)) & 0xFF) as usize] ^ (crc >> 8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn a_formatted_token_has_prefix_fixed_length_body_and_valid_checksum() {
        let token = format_secret(APP_TOKEN_PREFIX, &[7u8; 32]).unwrap();
        assert!(token.starts_with("gh_at_"));
        assert_eq!(token.len(), 6 + 43 + CHECKSUM_CHARS);
        assert!(verify_checksum(&token));
        let zeros = format_secret(APP_TOKEN_PREFIX, &[0u8; 32]).unwrap();
        assert_eq!(zeros.len(), token.len());
        assert!(verify_checksum(&zeros));
    }

    #[test]
    fn a_changed_character_breaks_the_checksum() {
        let token = format_secret("gh_at_", &[200u8; 32]).unwrap();
        let mut chars: Vec<char> = token.chars().collect();
        chars[10] = if chars[10] == 'a' { 'b' } else { 'a' };
        let tampered: String = chars.into_iter().collect();
        assert!(!verify_checksum(&tampered));
        assert!(!verify_checksum("gh_at_"));
        assert!(!verify_checksum("no-underscore"));
        assert!(!verify_checksum("gh_at_abc-def012345"));
    }

    #[test]
    fn bad_prefixes_and_lengths_are_refused() {
        assert!(matches!(
            format_secret("GH_", &[1; 32]),
            Err(TokenFormatError::Prefix(_))
        ));
        assert!(matches!(
            format_secret("gh", &[1; 32]),
            Err(TokenFormatError::Prefix(_))
        ));
        assert_eq!(
            format_secret("gh_", &[1; 8]),
            Err(TokenFormatError::RandomLength(8))
        );
    }

    #[test]
    fn leaked_tokens_are_found_in_text() {
        let token = format_secret(APP_TOKEN_PREFIX, &[42u8; 24]).unwrap();
        let text = format!("config: key={token}; other=gh_at_notatoken123456");
        assert_eq!(find_tokens(&text, APP_TOKEN_PREFIX), [token.as_str()]);
    }
}
