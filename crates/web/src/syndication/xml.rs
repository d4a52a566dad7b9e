//! Escaping for XML text and attributes.

/// `s` escaped for XML text or a double-quoted attribute, without the control characters
/// XML 1.0 does not allow (a stray form feed in an article would make the feed invalid).
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_and_drops_forbidden_characters() {
        assert_eq!(
            super::text("a<b>&\"c'\u{0c}\u{0}d\tü"),
            "a&lt;b&gt;&amp;&quot;c&apos;d\tü"
        );
    }
}
