//! Whether a site's robots.txt lets Gazette fetch one of its pages for the full text
//! (feeds themselves are published to be fetched). Parsing is texting_robots', a parser
//! tested against Google's robots.txt test suite; this wraps it in the desk's terms: the
//! rules for Gazette's agent name, and "allowed" when there are no usable rules.

/// The agent name robots.txt rules are matched against.
pub const AGENT: &str = "Gazette";

/// A site's rules for Gazette.
pub struct Rules(Option<texting_robots::Robot>);

impl std::fmt::Debug for Rules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rules")
            .field("read", &self.0.is_some())
            .finish_non_exhaustive()
    }
}

impl Rules {
    /// Rules from a robots.txt body; an unreadable file allows everything.
    pub fn parse(body: &[u8]) -> Rules {
        Rules(texting_robots::Robot::new(AGENT, body).ok())
    }

    /// No robots.txt (404, unreachable): everything is allowed.
    pub fn none() -> Rules {
        Rules(None)
    }

    pub fn allows(&self, url: &str) -> bool {
        self.0.as_ref().is_none_or(|r| r.allowed(url))
    }
}

/// The address of the robots.txt that governs `url`.
pub fn robots_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    parsed.join("/robots.txt").ok().map(|u| u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_for_gazette_or_everyone_apply() {
        let rules = Rules::parse(
            b"User-agent: *\nDisallow: /private/\n\nUser-agent: Gazette\nDisallow: /paywall/\n",
        );
        assert!(!rules.allows("https://x.az/paywall/story"));
        assert!(
            rules.allows("https://x.az/private/ok-for-gazette"),
            "the named group wins"
        );
        assert!(rules.allows("https://x.az/news/1"));
        let everyone = Rules::parse(b"User-agent: *\nDisallow: /\n");
        assert!(!everyone.allows("https://x.az/news/1"));
        assert!(Rules::none().allows("https://x.az/anything"));
        assert!(Rules::parse(&[0xff, 0xfe, 0x00]).allows("https://x.az/"));
        assert_eq!(
            robots_url("https://x.az/a/b?c").as_deref(),
            Some("https://x.az/robots.txt")
        );
    }
}
