//! The signed links of the digest: confirming a subscription, and the preferences and
//! one-click unsubscribe links in every mail. No account is needed: a link names the
//! subscriber and carries an HMAC-SHA256 over its purpose, the subscriber's id and a random
//! per-subscriber nonce, under the site's signing key. A deleted and re-created
//! subscription gets a new nonce, so links from older mail stop working.
//!
//! Form: `{id}.{signature}` with the signature as 32 hex characters (128 bits of the MAC),
//! short enough for a `List-Unsubscribe` header and URL-safe.

use hmac::{Hmac, KeyInit, Mac};
use sha2_next::Sha256;

/// What a link may do; signed into it so a confirmation link cannot unsubscribe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// `/subscribe/confirm/{token}`: the double opt-in.
    Confirm,
    /// `/subscribe/preferences/{token}` and `/unsubscribe/{token}`: manage or leave.
    Manage,
}

impl Purpose {
    fn label(self) -> &'static str {
        match self {
            Purpose::Confirm => "digest-confirm",
            Purpose::Manage => "digest-manage",
        }
    }
}

/// Hex characters of the MAC kept in a link.
const SIGNATURE_HEX: usize = 32;

fn mac(key: &[u8], purpose: Purpose, id: i64, nonce: &str) -> Option<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(purpose.label().as_bytes());
    mac.update(b"\0");
    mac.update(id.to_string().as_bytes());
    mac.update(b"\0");
    mac.update(nonce.as_bytes());
    let full = hex::encode(mac.finalize().into_bytes());
    Some(full[..SIGNATURE_HEX].to_owned())
}

/// The token for subscriber `id` with `nonce`.
pub fn sign(key: &[u8], purpose: Purpose, id: i64, nonce: &str) -> String {
    // HMAC takes keys of any length, so `mac` cannot fail here.
    format!("{id}.{}", mac(key, purpose, id, nonce).unwrap_or_default())
}

/// The subscriber id a token names, before its signature is checked (the caller loads the
/// subscriber's nonce with it, then calls [`verify`]). `None` for anything malformed.
pub fn subscriber_of(token: &str) -> Option<i64> {
    let (id, signature) = token.split_once('.')?;
    if signature.len() != SIGNATURE_HEX || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    id.parse::<i64>().ok().filter(|id| *id > 0)
}

/// Whether `token` was signed for `purpose`, subscriber `id` and `nonce` (constant time).
pub fn verify(key: &[u8], purpose: Purpose, id: i64, nonce: &str, token: &str) -> bool {
    let Some((_, signature)) = token.split_once('.') else {
        return false;
    };
    let Some(expected) = mac(key, purpose, id, nonce) else {
        return false;
    };
    subscriber_of(token) == Some(id)
        && expected.len() == signature.len()
        && expected
            .bytes()
            .zip(signature.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b.to_ascii_lowercase()))
            == 0
}

/// The links one subscriber's mail carries, absolute under `base_url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    /// The signed token of the preferences and unsubscribe links.
    pub token: String,
    pub preferences: String,
    pub unsubscribe: String,
}

/// Path of the confirmation page for `token`.
pub fn confirm_path(token: &str) -> String {
    format!("/subscribe/confirm/{token}")
}

/// Path of the preferences page for `token`.
pub fn preferences_path(token: &str) -> String {
    format!("/subscribe/preferences/{token}")
}

/// Path of the one-click unsubscribe for `token`.
pub fn unsubscribe_path(token: &str) -> String {
    format!("/unsubscribe/{token}")
}

/// The preferences and unsubscribe links of subscriber `id` with `nonce`.
pub fn links(base_url: &str, key: &[u8], id: i64, nonce: &str) -> Links {
    let token = sign(key, Purpose::Manage, id, nonce);
    Links {
        preferences: format!("{base_url}{}", preferences_path(&token)),
        unsubscribe: format!("{base_url}{}", unsubscribe_path(&token)),
        token,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_only_for_its_purpose_subscriber_nonce_and_key() {
        let key = b"0123456789abcdef0123456789abcdef";
        let t = sign(key, Purpose::Manage, 42, "n1");
        assert_eq!(subscriber_of(&t), Some(42));
        assert!(verify(key, Purpose::Manage, 42, "n1", &t));
        assert!(!verify(key, Purpose::Confirm, 42, "n1", &t));
        assert!(!verify(key, Purpose::Manage, 43, "n1", &t));
        assert!(!verify(key, Purpose::Manage, 42, "n2", &t));
        assert!(!verify(b"another key", Purpose::Manage, 42, "n1", &t));
        let forged = t.replace("42.", "43.");
        assert!(!verify(key, Purpose::Manage, 43, "n1", &forged));
    }

    #[test]
    fn malformed_tokens_name_no_subscriber() {
        for bad in [
            "",
            "42",
            "42.",
            "x.0123456789abcdef0123456789abcdef",
            "-1.0123456789abcdef0123456789abcdef",
            "42.zz23456789abcdef0123456789abcdef",
            "42.0123",
        ] {
            assert_eq!(subscriber_of(bad), None, "{bad}");
        }
    }
}
