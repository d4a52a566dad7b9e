//! A small SMTP server for tests (feature `test-server`): it listens on loopback, speaks
//! just enough ESMTP for lettre (EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET, NOOP,
//! QUIT) and keeps every message it receives, so tests assert on real mail delivery
//! rather than on a mock. Written by hand because the crates that embed an SMTP server
//! pull in OpenSSL or far more than a test needs.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A message as it arrived: envelope and the raw data (headers and body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
    /// The `AUTH` line's mechanism and payload, when the client authenticated.
    pub auth: Option<String>,
}

impl Received {
    /// The value of the first header `name` (case-insensitive), folded lines joined.
    pub fn header(&self, name: &str) -> Option<String> {
        let (head, _) = self.data.split_once("\r\n\r\n")?;
        header_in(head, name)
    }

    /// The decoded body of the MIME part whose `Content-Type` starts with `content_type`
    /// (`text/plain`, `text/html`) in a multipart message, as a mail client shows it.
    pub fn part(&self, content_type: &str) -> Option<String> {
        let (head, body) = self.data.split_once("\r\n\r\n")?;
        let ct = header_in(head, "Content-Type")?;
        let boundary = ct.split("boundary=").nth(1)?.trim_matches('"').to_owned();
        body.split(&format!("--{boundary}")).find_map(|part| {
            let part = part.trim_start_matches("\r\n");
            let (h, b) = part.split_once("\r\n\r\n")?;
            let ty = header_in(h, "Content-Type")?;
            if !ty.to_ascii_lowercase().starts_with(content_type) {
                return None;
            }
            let b = b.strip_suffix("\r\n").unwrap_or(b);
            Some(match header_in(h, "Content-Transfer-Encoding").as_deref() {
                Some(e) if e.eq_ignore_ascii_case("quoted-printable") => decode_qp(b),
                Some(e) if e.eq_ignore_ascii_case("base64") => decode_base64(b),
                _ => b.to_owned(),
            })
        })
    }

    /// The body after the headers, quoted-printable decoded as a mail client would.
    pub fn body(&self) -> String {
        let raw = self
            .data
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        match self.header("Content-Transfer-Encoding") {
            Some(e) if e.eq_ignore_ascii_case("quoted-printable") => decode_qp(&raw),
            Some(e) if e.eq_ignore_ascii_case("base64") => decode_base64(&raw),
            _ => raw,
        }
    }

    /// The header `name` as a mail client shows it: RFC 2047 encoded words
    /// (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) decoded, so a Russian subject reads in Russian.
    pub fn decoded_header(&self, name: &str) -> Option<String> {
        let raw = self.header(name)?;
        let mut out = String::new();
        let mut rest = raw.as_str();
        let mut after_word = false;
        while let Some(start) = rest.find("=?") {
            let between = &rest[..start];
            // Whitespace between two encoded words is not part of the text.
            if !(after_word && between.trim().is_empty()) {
                out.push_str(between);
            }
            let word = &rest[start + 2..];
            let mut parts = word.splitn(3, '?');
            let (Some(_charset), Some(encoding), Some(tail)) =
                (parts.next(), parts.next(), parts.next())
            else {
                out.push_str(&rest[start..]);
                return Some(out);
            };
            let Some(end) = tail.find("?=") else {
                out.push_str(&rest[start..]);
                return Some(out);
            };
            let text = &tail[..end];
            if encoding.eq_ignore_ascii_case("b") {
                out.push_str(&decode_base64(text));
            } else {
                out.push_str(&decode_qp(&text.replace('_', " ")));
            }
            rest = &tail[end + 2..];
            after_word = true;
        }
        out.push_str(rest);
        Some(out)
    }
}

/// The running server; dropped, it stops accepting.
pub struct TestSmtp {
    pub port: u16,
    messages: Arc<Mutex<Vec<Received>>>,
    /// Recipients to refuse at `RCPT TO`, with the reply line to give.
    refusals: Arc<Mutex<Vec<(String, String)>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestSmtp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestSmtp {
    pub async fn start() -> std::io::Result<TestSmtp> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let refusals = Arc::new(Mutex::new(Vec::new()));
        let store = Arc::clone(&messages);
        let refuse = Arc::clone(&refusals);
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let store = Arc::clone(&store);
                let refuse = Arc::clone(&refuse);
                tokio::spawn(async move {
                    let _ = session(socket, store, refuse).await;
                });
            }
        });
        Ok(TestSmtp {
            port,
            messages,
            refusals,
            task,
        })
    }

    /// `smtp://127.0.0.1:PORT` (plain SMTP is allowed towards loopback).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Refuses mail to `address` at `RCPT TO` with `reply` (e.g. `550 5.1.1 no such user`
    /// or `451 4.7.1 try later`) until [`TestSmtp::accept`] is called for it.
    pub fn refuse(&self, address: &str, reply: &str) {
        if let Ok(mut r) = self.refusals.lock() {
            r.push((address.to_owned(), reply.to_owned()));
        }
    }

    /// Takes `address` off the refusal list.
    pub fn accept(&self, address: &str) {
        if let Ok(mut r) = self.refusals.lock() {
            r.retain(|(a, _)| a != address);
        }
    }

    /// How many messages arrived, without copying them (for waiting on thousands).
    pub fn count(&self) -> usize {
        self.messages.lock().map(|m| m.len()).unwrap_or_default()
    }

    pub fn messages(&self) -> Vec<Received> {
        self.messages.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// Waits up to five seconds for the `n`th message (counting from 1).
    pub async fn wait_for(&self, n: usize) -> Option<Received> {
        for _ in 0..100 {
            if let Some(m) = self.messages().get(n - 1) {
                return Some(m.clone());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }
}

async fn session(
    socket: tokio::net::TcpStream,
    store: Arc<Mutex<Vec<Received>>>,
    refusals: Arc<Mutex<Vec<(String, String)>>>,
) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 test.smtp ESMTP ready\r\n").await?;
    let mut current = Received {
        from: String::new(),
        to: Vec::new(),
        data: String::new(),
        auth: None,
    };
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let upper = command.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-test.smtp\r\n250-8BITMIME\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 10485760\r\n"
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            b"250 OK\r\n"
        } else if upper.starts_with("AUTH PLAIN") {
            current.auth = Some(command.clone());
            if upper.trim() == "AUTH PLAIN" {
                write.write_all(b"334 \r\n").await?;
                line.clear();
                lines.read_line(&mut line).await?;
                current.auth = Some(format!("AUTH PLAIN {}", line.trim_end()));
            }
            b"235 2.7.0 Authentication successful\r\n"
        } else if upper.starts_with("AUTH LOGIN") {
            let mut parts = Vec::new();
            for _ in 0..2 {
                write.write_all(b"334 \r\n").await?;
                line.clear();
                lines.read_line(&mut line).await?;
                parts.push(line.trim_end().to_owned());
            }
            current.auth = Some(format!("AUTH LOGIN {}", parts.join(" ")));
            b"235 2.7.0 Authentication successful\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            current.from = address(&command);
            current.to.clear();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            let to = address(&command);
            let refused = refusals.lock().ok().and_then(|r| {
                r.iter()
                    .find(|(a, _)| *a == to)
                    .map(|(_, reply)| reply.clone())
            });
            if let Some(reply) = refused {
                write.write_all(format!("{reply}\r\n").as_bytes()).await?;
                continue;
            }
            current.to.push(to);
            b"250 OK\r\n"
        } else if upper == "DATA" {
            write
                .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                // Dot-stuffing: a leading dot was doubled by the client.
                let text = line.strip_prefix('.').unwrap_or(&line);
                data.push_str(text);
            }
            current.data = data;
            if let Ok(mut m) = store.lock() {
                m.push(current.clone());
            }
            b"250 OK queued\r\n"
        } else if upper == "RSET" {
            current.to.clear();
            b"250 OK\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 Command not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}

fn address(command: &str) -> String {
    command
        .split_once(':')
        .map(|(_, a)| a.trim())
        .and_then(|a| a.split('>').next())
        .map(|a| a.trim_start_matches('<').to_owned())
        .unwrap_or_default()
}

/// Quoted-printable: `=\r\n` is a soft break, `=XX` a byte.
fn decode_qp(text: &str) -> String {
    let joined = text.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && let Some(b) = joined
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The header `name` in a header block, with folded continuation lines joined.
fn header_in(head: &str, name: &str) -> Option<String> {
    let mut value: Option<String> = None;
    for line in head.split("\r\n") {
        if let Some(v) = value.as_mut() {
            if line.starts_with([' ', '\t']) {
                v.push(' ');
                v.push_str(line.trim());
                continue;
            }
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case(name)
        {
            value = Some(v.trim().to_owned());
        }
    }
    value
}

/// Base64 as MIME bodies carry it (line breaks ignored).
fn decode_base64(text: &str) -> String {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
