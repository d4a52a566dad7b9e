//! Gazette's email transport: SMTP through lettre when an `smtp_url` is configured,
//! otherwise a file outbox (`<data_dir>/outbox`, one `.eml` per message) that a person can
//! read on a machine without a mail server.
//!
//! `smtp://host:port` uses STARTTLS (required) except towards a loopback relay, where
//! plain SMTP is allowed; `?tls=opportunistic` or `?tls=required` overrides that;
//! `smtps://` is TLS from the first byte. `user:password@` in the URL is used for AUTH.
//! TLS is rustls with ring and the webpki roots: no OpenSSL.

pub mod digest;
#[cfg(feature = "test-server")]
pub mod test_server;

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, HeaderName, HeaderValue};
use lettre::message::{Body, MultiPart, SinglePart};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("setting `smtp_url`: {0}")]
    SmtpUrl(String),
    #[error("setting `mail_from`: `{0}` is not an address like \"Gazette <news@example.org>\"")]
    From(String),
    #[error("`{0}` is not a valid email address")]
    To(String),
    #[error("the message could not be built: {0}")]
    Build(String),
    #[error("the SMTP server refused or failed: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("the outbox could not be written: {0}")]
    Outbox(String),
}

/// One plain-text message to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
}

/// A message with more than plain text (the digest): an optional HTML alternative, a
/// fixed `Message-ID` and extra headers (`List-Unsubscribe`, `List-Id`, …).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Letter {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// Sent as `multipart/alternative` with `text` when present.
    pub html: Option<String>,
    /// Without angle brackets, e.g. `digest-3-42@news.example`.
    pub message_id: Option<String>,
    /// Header names and values; a value with a line break is refused.
    pub headers: Vec<(&'static str, String)>,
}

/// How the server answered a refused message, for the digest's ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A 4xx reply or no answer (connection, timeout): try again later.
    Temporary,
    /// A 5xx reply, or a message that cannot be built: do not try again.
    Permanent,
}

impl MailError {
    /// The SMTP reply code, when the server gave one.
    pub fn code(&self) -> Option<u16> {
        match self {
            MailError::Smtp(e) => e.status().map(u16::from),
            _ => None,
        }
    }

    /// Whether trying again later may help.
    pub fn refusal(&self) -> Refusal {
        match self {
            MailError::Smtp(e) if e.is_permanent() => Refusal::Permanent,
            MailError::Smtp(_) | MailError::Outbox(_) => Refusal::Temporary,
            _ => Refusal::Permanent,
        }
    }
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(AsyncFileTransport<Tokio1Executor>),
}

/// Sends mail; cheap to share behind an `Arc`.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    description: String,
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The URL lettre gets, with our TLS default filled in, and the host for messages.
fn effective_url(url: &str) -> Result<String, MailError> {
    let (scheme, rest) = url.split_once("://").ok_or_else(|| {
        MailError::SmtpUrl(format!(
            "`{}` is not a URL like smtp://host:587",
            redact(url)
        ))
    })?;
    if scheme != "smtp" && scheme != "smtps" {
        return Err(MailError::SmtpUrl(format!(
            "scheme `{scheme}` is not supported; use smtp:// (STARTTLS) or smtps:// (TLS)"
        )));
    }
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port
            .split_once(']')
            .map_or(host_port, |(h, _)| h)
            .trim_start_matches('[')
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        return Err(MailError::SmtpUrl(format!(
            "`{}` names no host",
            redact(url)
        )));
    }
    let tls = rest
        .split_once('?')
        .map(|(_, q)| {
            q.split('&')
                .filter_map(|p| p.strip_prefix("tls="))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    match tls.as_slice() {
        [] if scheme == "smtp" && !is_loopback(host) => {
            let sep = if rest.contains('?') { '&' } else { '?' };
            Ok(format!("{url}{sep}tls=required"))
        }
        [] | ["required" | "opportunistic"] => Ok(url.to_owned()),
        other => Err(MailError::SmtpUrl(format!(
            "`tls={}` is not understood; use tls=required or tls=opportunistic",
            other.join(",")
        ))),
    }
}

/// The URL with its password hidden, for logs and `gazette config`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            format!("{scheme}://{user}:********@{host}{tail}")
        }
        _ => url.to_owned(),
    }
}

/// Checks an `smtp_url` value without connecting (for start-up validation).
pub fn check_url(url: &str) -> Result<(), MailError> {
    effective_url(url.trim()).map(|_| ())
}

/// Checks a `mail_from` value.
pub fn check_from(from: &str) -> Result<(), MailError> {
    from.parse::<Mailbox>()
        .map(|_| ())
        .map_err(|_| MailError::From(from.to_owned()))
}

impl Mailer {
    /// SMTP when `smtp_url` is given, else the file outbox in `outbox_dir` (created here).
    pub fn new(smtp_url: Option<&str>, from: &str, outbox_dir: &Path) -> Result<Mailer, MailError> {
        let from: Mailbox = from.parse().map_err(|_| MailError::From(from.to_owned()))?;
        match smtp_url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => {
                let effective = effective_url(url)?;
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&effective)
                    .map_err(|e| MailError::SmtpUrl(format!("`{}`: {e}", redact(url))))?
                    .timeout(Some(Duration::from_secs(20)))
                    .build();
                Ok(Mailer {
                    transport: Transport::Smtp(transport),
                    from,
                    description: format!("SMTP {}", redact(&effective)),
                })
            }
            None => Mailer::outbox(outbox_dir, from),
        }
    }

    fn outbox(dir: &Path, from: Mailbox) -> Result<Mailer, MailError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| MailError::Outbox(format!("cannot create {}: {e}", dir.display())))?;
        Ok(Mailer {
            transport: Transport::Outbox(AsyncFileTransport::new(dir)),
            from,
            description: format!("file outbox {}", dir.display()),
        })
    }

    /// Where mail goes, for the start-up log.
    pub fn describe(&self) -> &str {
        &self.description
    }

    /// The outbox directory when mail is written to files.
    pub fn outbox_dir(&self) -> Option<PathBuf> {
        self.description
            .strip_prefix("file outbox ")
            .map(PathBuf::from)
    }

    /// Sends one message and waits until the server (or the disk) has accepted it;
    /// counted in `gazette_mails_total` by outcome (`sent`, `failed`).
    pub async fn send(&self, email: &Email) -> Result<(), MailError> {
        let result = self.deliver(email).await;
        let outcome = if result.is_ok() { "sent" } else { "failed" };
        metrics::counter!("gazette_mails_total", "outcome" => outcome).increment(1);
        result
    }

    /// Sends a [`Letter`] and returns the server's reply (`250 …`, or `written to the
    /// outbox`); counted in `gazette_mails_total` like [`Mailer::send`].
    pub async fn send_letter(&self, letter: &Letter) -> Result<String, MailError> {
        let result = self.deliver_letter(letter).await;
        let outcome = if result.is_ok() { "sent" } else { "failed" };
        metrics::counter!("gazette_mails_total", "outcome" => outcome).increment(1);
        result
    }

    async fn deliver_letter(&self, letter: &Letter) -> Result<String, MailError> {
        let to: Mailbox = letter
            .to
            .parse()
            .map_err(|_| MailError::To(letter.to.clone()))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject.clone());
        if let Some(id) = &letter.message_id {
            builder = builder.message_id(Some(format!("<{id}>")));
        }
        for (name, value) in &letter.headers {
            if value.contains(['\r', '\n']) {
                return Err(MailError::Build(format!("header {name} has a line break")));
            }
            let name = HeaderName::new_from_ascii((*name).to_owned())
                .map_err(|e| MailError::Build(format!("header {name}: {e}")))?;
            builder = builder.raw_header(HeaderValue::new(name, value.clone()));
        }
        let text = SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .body(letter.text.clone());
        let message = match &letter.html {
            Some(html) => builder.multipart(
                MultiPart::alternative()
                    .singlepart(text)
                    .singlepart(SinglePart::html(html.clone())),
            ),
            None => builder.singlepart(text),
        }
        .map_err(|e| MailError::Build(e.to_string()))?;
        let reply = match &self.transport {
            Transport::Smtp(t) => {
                let response = t.send(message).await?;
                let words = response.message().collect::<Vec<_>>().join(" ");
                format!("{} {words}", response.code())
            }
            Transport::Outbox(t) => {
                t.send(message)
                    .await
                    .map_err(|e| MailError::Outbox(e.to_string()))?;
                "written to the outbox".to_owned()
            }
        };
        tracing::debug!(to = %letter.to, subject = %letter.subject, via = %self.description, "mail sent");
        Ok(reply)
    }

    async fn deliver(&self, email: &Email) -> Result<(), MailError> {
        let to: Mailbox = email
            .to
            .parse()
            .map_err(|_| MailError::To(email.to.clone()))?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .header(ContentType::TEXT_PLAIN);
        // Short-lined text goes as 8-bit, readable in the raw message; longer lines (links
        // with tokens) get lettre's choice, quoted-printable, which mail clients decode.
        let body = Body::new_with_encoding(email.text.clone(), ContentTransferEncoding::EightBit)
            .unwrap_or_else(|_| Body::new(email.text.clone()));
        let message = builder
            .body(body)
            .map_err(|e| MailError::Build(e.to_string()))?;
        match &self.transport {
            Transport::Smtp(t) => {
                t.send(message).await?;
            }
            Transport::Outbox(t) => {
                t.send(message)
                    .await
                    .map_err(|e| MailError::Outbox(e.to_string()))?;
            }
        }
        tracing::info!(to = %email.to, subject = %email.subject, via = %self.description, "mail sent");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_defaults_to_starttls_except_on_loopback() {
        assert_eq!(
            effective_url("smtp://u:p@mail.example:587").unwrap(),
            "smtp://u:p@mail.example:587?tls=required"
        );
        assert_eq!(
            effective_url("smtp://127.0.0.1:2525").unwrap(),
            "smtp://127.0.0.1:2525"
        );
        assert_eq!(effective_url("smtp://[::1]:25").unwrap(), "smtp://[::1]:25");
        assert_eq!(
            effective_url("smtp://mail.example?tls=opportunistic").unwrap(),
            "smtp://mail.example?tls=opportunistic"
        );
        assert_eq!(
            effective_url("smtps://mail.example").unwrap(),
            "smtps://mail.example"
        );
        let err = effective_url("http://mail.example")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("setting `smtp_url`: scheme `http`"),
            "{err}"
        );
        let err = effective_url("smtp://mail.example?tls=none")
            .unwrap_err()
            .to_string();
        assert!(err.contains("tls=none"), "{err}");
        let err = effective_url("mail.example").unwrap_err().to_string();
        assert!(err.contains("smtp://host:587"), "{err}");
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("smtps://news:s3cret@mail.example:465?x=1"),
            "smtps://news:********@mail.example:465?x=1"
        );
        assert_eq!(redact("smtp://mail.example"), "smtp://mail.example");
    }

    #[test]
    fn a_bad_from_address_names_the_setting() {
        let dir = tempfile::tempdir().unwrap();
        let err = Mailer::new(None, "not an address", dir.path())
            .err()
            .unwrap();
        assert!(err.to_string().starts_with("setting `mail_from`"), "{err}");
    }
}
