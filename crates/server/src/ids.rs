//! Minting ids: a prefix plus 22 characters of the shortuuid alphabet.

use sha2::{Digest, Sha256};

/// The shortuuid alphabet: digits and letters without the look-alikes
/// `0`, `1`, `I`, `O` and `l`.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Length of the encoded part: 57^22 > 2^128, so every 128-bit value fits.
const ENCODED_LEN: usize = 22;

/// Encodes a 128-bit value in the shortuuid alphabet, most significant
/// digit first.
fn encode(mut value: u128) -> String {
    let base = ALPHABET.len() as u128;
    let mut digits = [0u8; ENCODED_LEN];
    for slot in digits.iter_mut().rev() {
        *slot = ALPHABET[(value % base) as usize];
        value /= base;
    }
    digits.iter().map(|&byte| char::from(byte)).collect()
}

/// Mints a new random id such as `face_nxS3BTriNXmqzFFW8ADKzf`.
pub fn random(prefix: &str) -> String {
    format!("{prefix}{}", encode(random_u128()))
}

/// Derives an id from `parts`, so the demo seed mints the same ids on
/// every machine.
pub fn derived(prefix: &str, parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prefix.as_bytes());
    for part in parts {
        hasher.update([0u8]);
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    format!("{prefix}{}", encode(u128::from_be_bytes(bytes)))
}

/// Returns 128 random bits for ids and file names, which must be unique
/// but need not be secret. Use [`random_secret`] for secrets.
pub fn random_u128() -> u128 {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // Uniqueness is all an id needs, so the clock is an acceptable
        // fallback if the operating system's source fails.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos())
            .unwrap_or_default();
        return nanos ^ u128::from(std::process::id());
    }
    u128::from_be_bytes(bytes)
}

/// Generates a secret of 22 shortuuid characters from the operating
/// system's random source, for tokens.
pub fn random_secret() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(encode(u128::from_be_bytes(bytes)))
}

/// Generates a random name part that must be unique but need not be secret.
pub fn random_suffix() -> String {
    encode(random_u128())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_ids_have_prefix_and_length() {
        let id = random("face_");
        assert!(id.starts_with("face_"));
        assert_eq!(id.len(), "face_".len() + ENCODED_LEN);
        assert!(
            id["face_".len()..]
                .bytes()
                .all(|byte| ALPHABET.contains(&byte))
        );
    }

    #[test]
    fn derived_ids_are_stable() {
        assert_eq!(derived("asset_", &["a.jpg"]), derived("asset_", &["a.jpg"]));
        assert_ne!(derived("asset_", &["a.jpg"]), derived("asset_", &["b.jpg"]));
        assert_ne!(derived("face_", &["a", "1"]), derived("face_", &["a1"]));
    }

    #[test]
    fn extreme_values_encode() {
        assert_eq!(encode(0), "2".repeat(ENCODED_LEN));
        assert_eq!(encode(u128::MAX).len(), ENCODED_LEN);
    }
}
