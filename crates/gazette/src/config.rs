//! Configuration: one typed table of options with defaults, read from `gazette.toml`, then
//! `GAZETTE_*` environment variables, then command-line flags (each overriding the last).
//! Unknown keys and bad values stop start-up with a message naming the key.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {0}: {1}")]
    Read(PathBuf, #[source] std::io::Error),
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("environment variable {var} is not a Gazette setting; known ones are: {known}")]
    UnknownEnv { var: String, known: String },
    #[error("setting `{key}`: {message}")]
    Invalid { key: &'static str, message: String },
}

/// Every setting, with its default. Field docs are what `gazette config` explains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address and port to listen on.
    pub listen: String,
    /// Directory for the SQLite database, media and the search index.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means `sqlite://{data_dir}/gazette.db`.
    pub database_url: String,
    /// Public URL of the site, used in canonical links and feeds; empty means `http://{listen}`.
    pub base_url: String,
    /// Directory whose `templates/` and `assets/` override the embedded theme; empty for none.
    pub theme_dir: String,
    /// Seconds between writes of buffered view counts.
    pub view_flush_seconds: u64,
    /// Memory for rendered pages kept for anonymous readers, in MiB (0 turns the cache off).
    pub page_cache_mb: u64,
    /// Largest picture a member of staff may upload, in MiB (1 to 1024).
    pub max_upload_mb: u64,
    /// Let Gazette fetch from loopback, private and link-local addresses (an old site or
    /// feed on your own network). Off, such fetches are refused, so that URLs taken from
    /// imports and feeds cannot reach services inside the network.
    pub fetch_allow_private: bool,
    /// Log filter, e.g. `info` or `gazette=debug,tower_http=info`.
    pub log: String,
    /// Mail server: `smtp://user:password@host:587` (STARTTLS) or `smtps://…:465` (TLS);
    /// empty writes mail as .eml files to `{data_dir}/outbox` instead.
    pub smtp_url: String,
    /// Sender of account mail, e.g. `Gazette <news@example.org>`.
    pub mail_from: String,
    /// Reverse proxies in front of Gazette (addresses or CIDR ranges, e.g. `["127.0.0.1",
    /// "10.0.0.0/8"]`) whose `X-Forwarded-For` header names the client for sign-in rate
    /// limits and the audit log. Empty: the header is ignored.
    pub trusted_proxies: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            database_url: String::new(),
            base_url: String::new(),
            theme_dir: String::new(),
            view_flush_seconds: 10,
            page_cache_mb: 64,
            max_upload_mb: 20,
            fetch_allow_private: false,
            log: "info".into(),
            smtp_url: String::new(),
            mail_from: "Gazette <gazette@localhost>".into(),
            trusted_proxies: Vec::new(),
        }
    }
}

/// Environment variables and the key each sets. `DATABASE_URL` is honoured as well, as
/// most tools and hosting platforms set it.
const ENV: &[(&str, &str)] = &[
    ("GAZETTE_LISTEN", "listen"),
    ("GAZETTE_DATA_DIR", "data_dir"),
    ("GAZETTE_DATABASE_URL", "database_url"),
    ("GAZETTE_BASE_URL", "base_url"),
    ("GAZETTE_THEME_DIR", "theme_dir"),
    ("GAZETTE_VIEW_FLUSH_SECONDS", "view_flush_seconds"),
    ("GAZETTE_PAGE_CACHE_MB", "page_cache_mb"),
    ("GAZETTE_MAX_UPLOAD_MB", "max_upload_mb"),
    ("GAZETTE_FETCH_ALLOW_PRIVATE", "fetch_allow_private"),
    ("GAZETTE_LOG", "log"),
    ("GAZETTE_SMTP_URL", "smtp_url"),
    ("GAZETTE_MAIL_FROM", "mail_from"),
    (
        "GAZETTE_TRUSTED_PROXIES",
        "trusted_proxies (comma-separated)",
    ),
    ("GAZETTE_CONFIG", "(the configuration file's path)"),
];

/// Settings resolved from all sources and checked.
#[derive(Debug, Clone)]
pub struct Settings {
    pub raw: Config,
    pub listen: SocketAddr,
    pub database_url: String,
    pub base_url: String,
    pub theme_dir: Option<PathBuf>,
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl Config {
    /// Reads `path` if given, else `./gazette.toml` when it exists, else the defaults.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from("gazette.toml"), false),
        };
        if !required && !path.exists() {
            return Ok(Config::default());
        }
        let text =
            std::fs::read_to_string(&path).map_err(|e| ConfigError::Read(path.clone(), e))?;
        Config::parse(&text).map_err(|message| ConfigError::File { path, message })
    }

    pub fn parse(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| e.to_string().trim_end().to_owned())
    }

    /// Applies `GAZETTE_*` variables from `vars` (normally `std::env::vars()`).
    pub fn apply_env(
        &mut self,
        vars: impl Iterator<Item = (String, String)>,
    ) -> Result<(), ConfigError> {
        for (var, value) in vars {
            if var == "DATABASE_URL" && !value.is_empty() {
                self.database_url = value;
                continue;
            }
            if !var.starts_with("GAZETTE_") {
                continue;
            }
            match var.as_str() {
                "GAZETTE_LISTEN" => self.listen = value,
                "GAZETTE_DATA_DIR" => self.data_dir = PathBuf::from(value),
                "GAZETTE_DATABASE_URL" => self.database_url = value,
                "GAZETTE_BASE_URL" => self.base_url = value,
                "GAZETTE_THEME_DIR" => self.theme_dir = value,
                "GAZETTE_LOG" => self.log = value,
                "GAZETTE_SMTP_URL" => self.smtp_url = value,
                "GAZETTE_MAIL_FROM" => self.mail_from = value,
                "GAZETTE_TRUSTED_PROXIES" => {
                    self.trusted_proxies = value
                        .split(',')
                        .map(|p| p.trim().to_owned())
                        .filter(|p| !p.is_empty())
                        .collect();
                }
                "GAZETTE_VIEW_FLUSH_SECONDS" => {
                    self.view_flush_seconds = value.trim().parse().map_err(|_| ConfigError::Invalid {
                        key: "view_flush_seconds",
                        message: format!("GAZETTE_VIEW_FLUSH_SECONDS=`{value}` is not a whole number of seconds"),
                    })?;
                }
                "GAZETTE_PAGE_CACHE_MB" => {
                    self.page_cache_mb =
                        value.trim().parse().map_err(|_| ConfigError::Invalid {
                            key: "page_cache_mb",
                            message: format!(
                                "GAZETTE_PAGE_CACHE_MB=`{value}` is not a whole number of MiB"
                            ),
                        })?;
                }
                "GAZETTE_MAX_UPLOAD_MB" => {
                    self.max_upload_mb =
                        value.trim().parse().map_err(|_| ConfigError::Invalid {
                            key: "max_upload_mb",
                            message: format!(
                                "GAZETTE_MAX_UPLOAD_MB=`{value}` is not a whole number of MiB"
                            ),
                        })?;
                }
                "GAZETTE_FETCH_ALLOW_PRIVATE" => {
                    self.fetch_allow_private = match value.trim().to_ascii_lowercase().as_str() {
                        "true" | "1" | "yes" | "on" => true,
                        "false" | "0" | "no" | "off" | "" => false,
                        _ => {
                            return Err(ConfigError::Invalid {
                                key: "fetch_allow_private",
                                message: format!(
                                    "GAZETTE_FETCH_ALLOW_PRIVATE=`{value}` is not true or false"
                                ),
                            });
                        }
                    };
                }
                "GAZETTE_CONFIG" => {}
                _ => {
                    return Err(ConfigError::UnknownEnv {
                        var,
                        known: ENV.iter().map(|(v, _)| *v).collect::<Vec<_>>().join(", "),
                    });
                }
            }
        }
        Ok(())
    }

    /// Checks every value and derives the defaults that depend on others.
    pub fn resolve(self) -> Result<Settings, ConfigError> {
        let listen: SocketAddr = self
            .listen
            .trim()
            .parse()
            .map_err(|_| ConfigError::Invalid {
                key: "listen",
                message: format!(
                    "`{}` is not an address and port like 127.0.0.1:8080 or [::]:80",
                    self.listen
                ),
            })?;
        if !(1..=3600).contains(&self.view_flush_seconds) {
            return Err(ConfigError::Invalid {
                key: "view_flush_seconds",
                message: format!("{} is out of range; use 1 to 3600", self.view_flush_seconds),
            });
        }
        if self.page_cache_mb > 65_536 {
            return Err(ConfigError::Invalid {
                key: "page_cache_mb",
                message: format!(
                    "{} MiB is more than this option allows; use 0 to 65536",
                    self.page_cache_mb
                ),
            });
        }
        if !(1..=1024).contains(&self.max_upload_mb) {
            return Err(ConfigError::Invalid {
                key: "max_upload_mb",
                message: format!("{} MiB is out of range; use 1 to 1024", self.max_upload_mb),
            });
        }
        let database_url = if self.database_url.trim().is_empty() {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("gazette.db").display()
            )
        } else {
            self.database_url.trim().to_owned()
        };
        if !["sqlite:", "postgres://", "postgresql://"]
            .iter()
            .any(|p| database_url.starts_with(p))
        {
            return Err(ConfigError::Invalid {
                key: "database_url",
                message: format!(
                    "`{}` is neither sqlite://PATH nor postgres://USER@HOST/DB",
                    redact_url(&database_url)
                ),
            });
        }
        let base_url = if self.base_url.trim().is_empty() {
            format!("http://{listen}")
        } else {
            self.base_url.trim().trim_end_matches('/').to_owned()
        };
        let rest = base_url
            .strip_prefix("https://")
            .or_else(|| base_url.strip_prefix("http://"))
            .filter(|rest| !rest.is_empty() && !rest.contains(['?', '#', ' ']));
        if rest.is_none() {
            return Err(ConfigError::Invalid {
                key: "base_url",
                message: format!(
                    "`{base_url}` must be an absolute http:// or https:// URL like https://news.example"
                ),
            });
        }
        if !self.smtp_url.trim().is_empty() {
            gazette_mail::check_url(&self.smtp_url).map_err(|e| ConfigError::Invalid {
                key: "smtp_url",
                message: e
                    .to_string()
                    .trim_start_matches("setting `smtp_url`: ")
                    .to_owned(),
            })?;
        }
        gazette_mail::check_from(self.mail_from.trim()).map_err(|_| ConfigError::Invalid {
            key: "mail_from",
            message: format!(
                "`{}` is not an address like \"Gazette <news@example.org>\"",
                self.mail_from
            ),
        })?;
        let theme_dir =
            (!self.theme_dir.trim().is_empty()).then(|| PathBuf::from(self.theme_dir.trim()));
        if let Some(dir) = &theme_dir
            && !dir.is_dir()
        {
            return Err(ConfigError::Invalid {
                key: "theme_dir",
                message: format!("{} is not a directory", dir.display()),
            });
        }
        let trusted_proxies = self
            .trusted_proxies
            .iter()
            .map(|p| parse_proxy(p))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Settings {
            listen,
            database_url,
            base_url,
            theme_dir,
            trusted_proxies,
            raw: self,
        })
    }
}

/// One `trusted_proxies` entry: an address (a network of one) or a CIDR range.
fn parse_proxy(entry: &str) -> Result<ipnet::IpNet, ConfigError> {
    let entry = entry.trim();
    entry
        .parse::<ipnet::IpNet>()
        .or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| ConfigError::Invalid {
            key: "trusted_proxies",
            message: format!(
                "`{entry}` is not an IP address or CIDR range like 127.0.0.1 or 10.0.0.0/8"
            ),
        })
}

/// The URL with any password replaced, for logs and `gazette config`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_once('/').map_or((rest, ""), |(a, t)| (a, t));
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return url.to_owned();
    };
    let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
    let slash = if rest.contains('/') { "/" } else { "" };
    if userinfo.contains(':') {
        format!("{scheme}://{user}:********@{host}{slash}{tail}")
    } else {
        url.to_owned()
    }
}

impl Settings {
    /// The effective settings as TOML, secrets redacted.
    pub fn describe(&self) -> String {
        let r = &self.raw;
        let mut out =
            String::from("# Effective Gazette settings (file < GAZETTE_* environment < flags)\n");
        let _ = writeln!(out, "listen = {:?}", self.listen.to_string());
        let _ = writeln!(out, "data_dir = {:?}", r.data_dir.display().to_string());
        let _ = writeln!(out, "database_url = {:?}", redact_url(&self.database_url));
        let _ = writeln!(out, "base_url = {:?}", self.base_url);
        let _ = writeln!(out, "theme_dir = {:?}", r.theme_dir);
        let _ = writeln!(out, "view_flush_seconds = {}", r.view_flush_seconds);
        let _ = writeln!(out, "page_cache_mb = {}", r.page_cache_mb);
        let _ = writeln!(out, "max_upload_mb = {}", r.max_upload_mb);
        let _ = writeln!(out, "fetch_allow_private = {}", r.fetch_allow_private);
        let _ = writeln!(out, "log = {:?}", r.log);
        let _ = writeln!(out, "smtp_url = {:?}", gazette_mail::redact(&r.smtp_url));
        let _ = writeln!(out, "mail_from = {:?}", r.mail_from);
        let _ = writeln!(out, "trusted_proxies = {:?}", r.trusted_proxies);
        out
    }

    pub fn media_dir(&self) -> PathBuf {
        self.raw.data_dir.join("media")
    }

    /// Where mail is written when no SMTP server is configured.
    pub fn outbox_dir(&self) -> PathBuf {
        self.raw.data_dir.join("outbox")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Iterator<Item = (String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn defaults_resolve_to_sqlite_in_the_data_dir() {
        let s = Config::default().resolve().unwrap();
        assert_eq!(s.listen.to_string(), "127.0.0.1:8080");
        assert!(s.database_url.starts_with("sqlite://./data/gazette.db"));
        assert_eq!(s.base_url, "http://127.0.0.1:8080");
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_key() {
        let err = Config::parse("listen = \"0.0.0.0:80\"\nlisten_port = 80\n").unwrap_err();
        assert!(err.contains("listen_port"), "{err}");
        let err = Config::parse("view_flush_seconds = \"soon\"").unwrap_err();
        assert!(err.contains("view_flush_seconds"), "{err}");
        let err = Config {
            listen: "localhost".into(),
            ..Config::default()
        }
        .resolve()
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "setting `listen`: `localhost` is not an address and port like 127.0.0.1:8080 or [::]:80"
        );
        let err = Config {
            base_url: "news.example".into(),
            ..Config::default()
        }
        .resolve()
        .unwrap_err();
        assert!(err.to_string().starts_with("setting `base_url`"), "{err}");
        let err = Config {
            view_flush_seconds: 0,
            ..Config::default()
        }
        .resolve()
        .unwrap_err();
        assert!(err.to_string().contains("use 1 to 3600"), "{err}");
        let err = Config {
            database_url: "mysql://x".into(),
            ..Config::default()
        }
        .resolve()
        .unwrap_err();
        assert!(
            err.to_string().starts_with("setting `database_url`"),
            "{err}"
        );
    }

    #[test]
    fn environment_overrides_the_file_and_unknown_variables_are_refused() {
        let mut c = Config::parse("listen = \"127.0.0.1:9000\"").unwrap();
        c.apply_env(env(&[
            ("GAZETTE_LISTEN", "127.0.0.1:9100"),
            ("PATH", "/bin"),
            ("DATABASE_URL", "postgres://a:b@h/d"),
        ]))
        .unwrap();
        assert_eq!(c.listen, "127.0.0.1:9100");
        assert_eq!(c.database_url, "postgres://a:b@h/d");
        let err = c
            .clone()
            .apply_env(env(&[("GAZETTE_LISTN", "x")]))
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("GAZETTE_LISTN is not a Gazette setting"),
            "{err}"
        );
        let err = c
            .clone()
            .apply_env(env(&[("GAZETTE_VIEW_FLUSH_SECONDS", "ten")]))
            .unwrap_err();
        assert!(err.to_string().contains("view_flush_seconds"), "{err}");
        assert!(!c.fetch_allow_private);
        c.apply_env(env(&[("GAZETTE_FETCH_ALLOW_PRIVATE", "true")]))
            .unwrap();
        assert!(c.fetch_allow_private);
        let err = c
            .apply_env(env(&[("GAZETTE_FETCH_ALLOW_PRIVATE", "maybe")]))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "setting `fetch_allow_private`: GAZETTE_FETCH_ALLOW_PRIVATE=`maybe` is not true or false"
        );
        let file = Config::parse("fetch_allow_private = true").unwrap();
        assert!(file.fetch_allow_private);
        let err = Config::parse("fetch_allow_private = \"yes\"").unwrap_err();
        assert!(err.contains("fetch_allow_private"), "{err}");
    }

    #[test]
    fn the_upload_limit_is_checked() {
        assert_eq!(Config::default().max_upload_mb, 20);
        let mut c = Config::default();
        c.apply_env(env(&[("GAZETTE_MAX_UPLOAD_MB", "5")])).unwrap();
        assert_eq!(c.clone().resolve().unwrap().raw.max_upload_mb, 5);
        let e = c
            .clone()
            .apply_env(env(&[("GAZETTE_MAX_UPLOAD_MB", "lots")]))
            .unwrap_err();
        assert!(e.to_string().contains("max_upload_mb"), "{e}");
        for bad in [0, 1025] {
            let c = Config {
                max_upload_mb: bad,
                ..Config::default()
            };
            let e = c.resolve().unwrap_err().to_string();
            assert!(
                e.contains("max_upload_mb") && e.contains("1 to 1024"),
                "{e}"
            );
        }
    }

    #[test]
    fn mail_settings_are_checked_and_redacted() {
        let err = Config {
            smtp_url: "mail.example:587".into(),
            ..Config::default()
        }
        .resolve()
        .unwrap_err();
        assert!(err.to_string().starts_with("setting `smtp_url`"), "{err}");
        let err = Config {
            mail_from: "nobody".into(),
            ..Config::default()
        }
        .resolve()
        .unwrap_err();
        assert!(err.to_string().starts_with("setting `mail_from`"), "{err}");
        let s = Config {
            smtp_url: "smtps://news:pw123@mail.example:465".into(),
            ..Config::default()
        }
        .resolve()
        .unwrap();
        assert!(
            s.describe()
                .contains("smtps://news:********@mail.example:465")
        );
        assert!(!s.describe().contains("pw123"));
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://news:s3cret@db.example:5432/gazette"),
            "postgres://news:********@db.example:5432/gazette"
        );
        assert_eq!(
            redact_url("postgres://root@127.0.0.1/test"),
            "postgres://root@127.0.0.1/test"
        );
        assert_eq!(
            redact_url("sqlite://./data/gazette.db"),
            "sqlite://./data/gazette.db"
        );
        let s = Config {
            database_url: "postgres://u:pw@h/db".into(),
            ..Config::default()
        }
        .resolve()
        .unwrap();
        assert!(!s.describe().contains("pw@"));
    }
}
