//! What makes an item the same item on every fetch, so a round never stores it twice:
//! the feed's GUID when it gives one, else its address with tracking parameters removed
//! (the same story shared with `?utm_source=…` is one story), else a hash of its title and
//! text. The key is prefixed with the rule that made it, so the kinds never collide.

use sha2::{Digest, Sha256};

/// Longest key kept as written; longer GUIDs and URLs are hashed.
const MAX_KEY: usize = 400;

/// Query parameters that say who shared a link, not what it points to.
const TRACKING: &[&str] = &[
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid",
    "mc_eid", "_ga", "_gl", "ocid", "cmpid", "ref_src", "spm",
];

fn is_tracking(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("utm_") || TRACKING.contains(&lower.as_str())
}

/// `url` without its fragment and tracking parameters (host lower-cased, default port
/// dropped); `None` when it is not an absolute http(s) URL.
pub fn canonical_url(url: &str) -> Option<String> {
    let mut parsed = url::Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    parsed.set_fragment(None);
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| !is_tracking(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(parsed.to_string())
}

fn hashed(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

fn bounded(prefix: &str, value: &str) -> String {
    if value.len() <= MAX_KEY {
        format!("{prefix}:{value}")
    } else {
        format!("{prefix}#:{}", hashed(value))
    }
}

/// The identity of an item: `guid:…`, `url:…` or `hash:…`.
pub fn item_key(guid: Option<&str>, url: Option<&str>, title: &str, body: &str) -> String {
    if let Some(guid) = guid.map(str::trim).filter(|g| !g.is_empty()) {
        return bounded("guid", guid);
    }
    if let Some(url) = url.and_then(canonical_url) {
        return bounded("url", &url);
    }
    format!(
        "hash:{}",
        hashed(&format!("{}\n{}", title.trim(), body.trim()))
    )
}

/// A fingerprint of what an item says, to tell a changed item from an unchanged one.
pub fn content_hash(title: &str, summary: &str, content: &str) -> String {
    hashed(&format!("{title}\n{summary}\n{content}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_parameters_and_fragments_do_not_make_a_new_item() {
        let a = canonical_url("https://Example.az:443/news/1?utm_source=fb&id=5&fbclid=x#top");
        assert_eq!(a.as_deref(), Some("https://example.az/news/1?id=5"));
        let b = canonical_url("https://example.az/news/1?gclid=1&UTM_MEDIUM=y");
        assert_eq!(b.as_deref(), Some("https://example.az/news/1"));
        assert_eq!(canonical_url("javascript:alert(1)"), None);
        assert_eq!(canonical_url("/relative"), None);
    }

    #[test]
    fn guid_then_url_then_hash() {
        assert_eq!(
            item_key(Some(" 42 "), Some("https://a.az/x"), "t", "b"),
            "guid:42"
        );
        assert_eq!(
            item_key(None, Some("https://a.az/x?utm_campaign=c"), "t", "b"),
            "url:https://a.az/x"
        );
        let h = item_key(Some(""), None, "Title", "Body");
        assert!(h.starts_with("hash:"), "{h}");
        assert_eq!(h, item_key(None, Some("not a url"), " Title ", "Body"));
        assert_ne!(h, item_key(None, None, "Title", "Other body"));
        let long = "x".repeat(1000);
        assert!(item_key(Some(&long), None, "", "").len() < 100);
    }
}
