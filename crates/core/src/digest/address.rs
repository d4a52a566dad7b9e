//! Checks an email address typed into a subscription form before anything is stored or
//! mailed. Hand-written rather than a full RFC 5322 parser on purpose: the digest accepts
//! only the plain `local@domain.tld` form people type, and must refuse anything that could
//! smuggle a header into a message (`a@b.c\r\nBcc: x`) with a message a reader understands.
//! The mail crate parses the address again with lettre before sending.

/// Longest address accepted (RFC 5321's path limit).
pub const MAX_ADDRESS: usize = 254;
/// Longest local part (before the `@`).
pub const MAX_LOCAL: usize = 64;

/// Why an address is refused, in words for the form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("Enter your email address, like name@example.org.")]
    Empty,
    #[error("The email address is too long: use at most {MAX_ADDRESS} characters.")]
    TooLong,
    #[error(
        "The email address contains a line break or another control character. Enter the address alone, like name@example.org."
    )]
    Control,
    #[error(
        "The email address contains a space, a comma or brackets. Enter one address, like name@example.org."
    )]
    Separator,
    #[error("`{0}` is not an email address like name@example.org.")]
    Shape(String),
}

impl AddressError {
    /// The same refusal as a catalogue key and values (see [`crate::problem`]).
    pub fn problem(&self) -> crate::problem::Problem {
        use crate::problem::Problem;
        match self {
            AddressError::Empty => Problem::new("problem-address-empty"),
            AddressError::TooLong => {
                Problem::new("problem-address-too-long").number("max", MAX_ADDRESS)
            }
            AddressError::Control => Problem::new("problem-address-control"),
            AddressError::Separator => Problem::new("problem-address-separator"),
            AddressError::Shape(s) => {
                Problem::new("problem-address-shape").text("value", s.clone())
            }
        }
    }
}

/// The address normalised for storage (trimmed, lowercased), or why it is refused.
pub fn check(input: &str) -> Result<String, AddressError> {
    if input.chars().any(char::is_control) {
        return Err(AddressError::Control);
    }
    let email = input.trim();
    if email.is_empty() {
        return Err(AddressError::Empty);
    }
    if email.len() > MAX_ADDRESS {
        return Err(AddressError::TooLong);
    }
    if email.chars().any(|c| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';' | '<' | '>' | '(' | ')' | '"' | '\\' | '[' | ']'
            )
    }) {
        return Err(AddressError::Separator);
    }
    let shape = || AddressError::Shape(email.to_owned());
    let (local, domain) = email.split_once('@').ok_or_else(shape)?;
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    let local_ok = !local.is_empty()
        && local.len() <= MAX_LOCAL
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    if !domain_ok || !local_ok {
        return Err(shape());
    }
    Ok(email.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_addresses_are_kept_lowercased() {
        assert_eq!(
            check("  Reader@Example.ORG ").unwrap(),
            "reader@example.org"
        );
        assert_eq!(
            check("a.b+news@mail.example.az").unwrap(),
            "a.b+news@mail.example.az"
        );
        assert_eq!(check("rəşad@nümunə.az").unwrap(), "rəşad@nümunə.az");
    }

    #[test]
    fn header_injection_and_junk_are_refused_with_a_reason() {
        assert_eq!(
            check("a@b.c\r\nBcc: x@evil.example"),
            Err(AddressError::Control)
        );
        assert_eq!(check("a@b.c\nBcc: x"), Err(AddressError::Control));
        assert_eq!(check("a@b.c\0"), Err(AddressError::Control));
        assert_eq!(check(""), Err(AddressError::Empty));
        assert_eq!(check("   "), Err(AddressError::Empty));
        assert_eq!(check("a@b.c, d@e.f"), Err(AddressError::Separator));
        assert_eq!(check("Name <a@b.c>"), Err(AddressError::Separator));
        for bad in [
            "plain", "a@", "@b.c", "a@b", "a@@b.c", "a@.b.c", "a@b..c", ".a@b.c", "a..b@c.d",
            "a@-b.c",
        ] {
            assert!(matches!(check(bad), Err(AddressError::Shape(_))), "{bad}");
        }
        let long = format!("{}@example.org", "a".repeat(300));
        assert_eq!(check(&long), Err(AddressError::TooLong));
        let long_local = format!("{}@example.org", "a".repeat(65));
        assert!(matches!(check(&long_local), Err(AddressError::Shape(_))));
        assert!(AddressError::Control.to_string().contains("line break"));
    }
}
