//! The `gazette` binary as an operator meets it: help, configuration errors, `config`,
//! `migrate`, and `serve` stopping cleanly on SIGTERM with its data saved.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::common::assert_contains;
use crate::common::gazette_command as gazette;
use std::time::{Duration, Instant};

/// A site folder whose `gazette.toml` holds `toml`.
fn configured(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gazette.toml"), toml).unwrap();
    dir
}

/// What a finished command printed, and whether it succeeded.
struct Ran {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Ran {
    let out = cmd.output().unwrap();
    Ran {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `cmd` and asserts it succeeded; its error output is the failure message.
fn run_ok(cmd: &mut Command) -> Ran {
    let ran = run(cmd);
    assert!(ran.ok, "{}", ran.stderr);
    ran
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["demo", "--help"],
        vec!["config", "--help"],
        vec!["reindex", "--help"],
        vec!["import", "wordpress", "--help"],
    ] {
        let out = run(gazette(dir.path()).args(&args));
        assert!(out.ok, "{args:?}");
        assert!(out.stdout.contains("Usage: gazette"), "{args:?}");
    }
    let help = run(gazette(dir.path()).args(["serve", "--help"])).stdout;
    for flag in ["--listen", "--data", "--demo", "--config"] {
        assert!(help.contains(flag), "serve --help lacks {flag}");
    }
}

#[test]
fn bad_configuration_stops_start_up_naming_the_key() {
    let dir = configured("listen = \"127.0.0.1:8080\"\nlisten_port = 9\n");
    let out = run(gazette(dir.path()).arg("config"));
    assert!(!out.ok);
    let err = out.stderr;
    assert!(
        err.contains("gazette.toml") && err.contains("listen_port"),
        "{err}"
    );

    std::fs::write(dir.path().join("gazette.toml"), "view_flush_seconds = -3\n").unwrap();
    let err = run(gazette(dir.path()).arg("config")).stderr;
    assert!(err.contains("view_flush_seconds"), "{err}");

    std::fs::remove_file(dir.path().join("gazette.toml")).unwrap();
    let out = run(gazette(dir.path())
        .arg("config")
        .env("GAZETTE_LISTEN", "everywhere"));
    assert!(!out.ok);
    assert!(out.stderr.contains("setting `listen`"));
    let out = run(gazette(dir.path()).arg("config").env("GAZETTE_LISTN", "x"));
    assert!(
        out.stderr
            .contains("GAZETTE_LISTN is not a Gazette setting")
    );
    let out = run(gazette(dir.path()).args(["config", "--config", "missing.toml"]));
    assert!(out.stderr.contains("missing.toml"));
}

#[test]
fn config_prints_effective_settings_with_secrets_redacted() {
    let dir = configured("listen = \"127.0.0.1:9000\"\nbase_url = \"https://news.example/\"\n");
    let text = run_ok(
        gazette(dir.path())
            .arg("config")
            .env("GAZETTE_LISTEN", "127.0.0.1:9100")
            .env("DATABASE_URL", "postgres://news:hunter2@db.example/gazette"),
    )
    .stdout;
    assert_contains(
        &text,
        &[
            "listen = \"127.0.0.1:9100\"",
            "base_url = \"https://news.example\"",
            "postgres://news:********@db.example/gazette",
        ],
    );
    assert!(!text.contains("hunter2"));
}

/// Starts `serve` on a free port with its output piped; returns the process and port.
fn start_serve(cmd: &mut Command) -> (std::process::Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = cmd
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    (child, port)
}

/// Sends SIGTERM and waits (at most 15 s) for the process to exit.
fn stop(child: &mut std::process::Child) -> std::process::ExitStatus {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        assert!(
            Instant::now() < deadline,
            "serve did not stop within 15 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn logs_are_one_json_object_per_line_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, _) = start_serve(
        gazette(dir.path())
            .env("GAZETTE_LOG", "info")
            .env("GAZETTE_LOG_FORMAT", "json")
            .args(["serve", "--data", "site"]),
    );
    // The first line on stdout says the site is up; the pipe stays open until it stops.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut String::new()).unwrap();
    let exit = stop(&mut child);
    drop(stdout);
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(exit.success(), "serve exited with {exit}: {stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() >= 2, "{stderr}");
    for l in &lines {
        let v: serde_json::Value =
            serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"));
        assert!(v["level"].is_string() && v["timestamp"].is_string(), "{l}");
        assert!(v["fields"]["message"].is_string(), "{l}");
    }
    assert!(
        lines.iter().any(|l| l.contains("shutting down")),
        "the shutdown is logged: {stderr}"
    );
    // A format that does not exist is refused with the key named.
    let bad = run(gazette(dir.path())
        .env("GAZETTE_LOG_FORMAT", "xml")
        .arg("config"));
    assert!(!bad.ok);
    assert!(bad.stderr.contains("log_format"), "{}", bad.stderr);
}

#[test]
fn serve_answers_health_checks_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    run_ok(gazette(dir.path()).args(["migrate", "--data", "site"]));
    assert!(dir.path().join("site/gazette.db").exists());

    let (mut child, port) = start_serve(gazette(dir.path()).args(["serve", "--data", "site"]));
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    assert!(
        line.contains(&format!("http://127.0.0.1:{port}/")),
        "{line}"
    );
    // A fresh site has no admin: it prints the one-time setup link.
    let mut setup = String::new();
    stdout.read_line(&mut setup).unwrap();
    stdout.read_line(&mut setup).unwrap();
    assert!(
        setup.contains(&format!(
            "Admin setup: http://127.0.0.1:{port}/account/setup/"
        )),
        "{setup}"
    );
    drop(stdout);
    let health = std::net::TcpStream::connect(("127.0.0.1", port)).and_then(|mut s| {
        use std::io::{Read, Write};
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
        let mut buf = String::new();
        s.read_to_string(&mut buf)?;
        Ok(buf)
    });
    assert!(health.unwrap().starts_with("HTTP/1.1 200"));

    let exit = stop(&mut child);
    assert!(exit.success(), "serve exited with {exit}");
}

#[test]
fn demo_refuses_a_database_that_has_content() {
    let dir = tempfile::tempdir().unwrap();
    let demo = ["demo", "--articles", "5", "--images", "1"];
    let first = run_ok(gazette(dir.path()).args(demo));
    assert!(first.stderr.contains("Demo ready: 5 articles"));
    let second = run(gazette(dir.path()).args(demo));
    assert!(!second.ok);
    assert!(second.stderr.contains("already has content"));
}

#[test]
fn reindex_rebuilds_the_search_index_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    run_ok(gazette(dir.path()).args(["demo", "--articles", "20", "--images", "2"]));
    let Ran { stdout, stderr, .. } = run_ok(gazette(dir.path()).arg("reindex"));
    assert!(
        stderr.contains("Indexing") && stderr.contains("100%"),
        "progress: {stderr}"
    );
    let indexed: u64 = stdout
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count in {stdout}"));
    assert!((1..=20).contains(&indexed), "{stdout}");
    assert!(dir.path().join("data/search/applied-change").exists());
}

/// A raw HTTP/1.1 GET; the whole answer as text.
fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )?;
    let mut buf = String::new();
    s.read_to_string(&mut buf)?;
    Ok(buf)
}

/// `gazette serve` on `data`, and the answer to `path` as the very first request it
/// answers (asked as soon as the ready line is printed).
fn first_answer(dir: &std::path::Path, data: &str, path: &str) -> String {
    let (mut child, port) = start_serve(gazette(dir).args(["serve", "--data", data]));
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut String::new()).unwrap();
    let answer = http_get(port, path).unwrap();
    drop(stdout);
    stop(&mut child);
    answer
}

/// Writes `posts` as the WordPress export `file` in `dir` and imports it into the site
/// folder `site` there; returns what the import printed.
fn import_posts(dir: &std::path::Path, file: &str, posts: &[(&str, &str, Option<&str>)]) -> String {
    std::fs::write(dir.join(file), crate::common::wxr_export(None, posts)).unwrap();
    run_ok(gazette(dir).args(["import", "wordpress", file, "--data", "site"])).stdout
}

#[test]
fn the_first_search_after_an_import_finds_what_was_imported() {
    let dir = tempfile::tempdir().unwrap();
    let posts: Vec<(String, String)> = (0..400)
        .map(|i| (format!("post-{i}"), format!("Harbour report number {i}")))
        .chain([(
            "the-quokka".to_owned(),
            "A quokka at the harbour".to_owned(),
        )])
        .collect();
    let list: Vec<(&str, &str, Option<&str>)> = posts
        .iter()
        .map(|(s, t)| (s.as_str(), t.as_str(), None))
        .collect();
    let imported = import_posts(dir.path(), "export.xml", &list);
    assert_contains(
        &imported,
        &["Search index: built with 401 published articles."],
    );
    let answer = first_answer(dir.path(), "site", "/search?q=quokka");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer.contains("href=\"/the-quokka/\""),
        "the first search finds the imported post: {answer}"
    );

    // The old site's next export (one post more) into the indexed site: only the changes
    // are applied.
    let mut more = list.clone();
    more.push(("the-wombat", "A wombat in town", None));
    let imported = import_posts(dir.path(), "more.xml", &more);
    assert_contains(&imported, &["Search index: up to date ("]);
    let answer = first_answer(dir.path(), "site", "/search?q=wombat");
    assert!(answer.contains("href=\"/the-wombat/\""), "{answer}");
    let answer = first_answer(dir.path(), "site", "/search?q=quokka");
    assert!(answer.contains("href=\"/the-quokka/\""), "{answer}");
}
