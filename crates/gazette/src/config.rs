//! Configuration: one typed table of options with defaults, read from `gazette.toml`, then
//! `GAZETTE_*` environment variables, then command-line flags (each overriding the last).
//! Unknown keys and bad values stop start-up with a message naming the key.

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
    #[error("setting `{key}`: {message}")]
    Env { key: String, message: String },
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
    /// Seconds a client has to send a request's headers (1 to 300); a connection that
    /// takes longer, such as one sending a byte every few seconds, is closed.
    pub header_read_timeout_seconds: u64,
    /// Address for `/metrics` (Prometheus text format), e.g. `127.0.0.1:9464`; empty
    /// turns it off. Never the public address: metrics are for the operator's scraper.
    pub metrics_listen: String,
    /// Memory for rendered pages kept for anonymous readers, in MiB (0 turns the cache off).
    pub page_cache_mb: u64,
    /// Largest picture a member of staff may upload, in MiB (1 to 1024).
    pub max_upload_mb: u64,
    /// Where pictures are kept: empty for `{data_dir}/media`, or `s3://BUCKET[/PREFIX]` for
    /// S3-compatible object storage (AWS, MinIO, Garage, R2…) shared by every node, reached
    /// with `AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
    pub media_store: String,
    /// Public URL that pictures are linked at instead of `{base_url}/media`, e.g. a CDN in
    /// front of the bucket or of the site: `https://cdn.example.org/media` (what follows
    /// `/media/` is appended). Empty: the site's own `/media/`, which keeps working either way.
    pub media_url: String,
    /// Let Gazette fetch from loopback, private and link-local addresses (an old site or
    /// feed on your own network). Off, such fetches are refused, so that URLs taken from
    /// imports and feeds cannot reach services inside the network.
    pub fetch_allow_private: bool,
    /// Seconds the feed desk gives one source's feed (or one article page) to arrive,
    /// body included (1 to 300); a slower source is recorded as failing and retried later.
    pub desk_fetch_timeout_seconds: u64,
    /// Log filter, e.g. `info` or `gazette=debug,tower_http=info`.
    pub log: String,
    /// `text` for people reading a terminal, `json` (one object per line) for log
    /// collectors.
    pub log_format: String,
    /// Mail server: `smtp://user:password@host:587` (STARTTLS) or `smtps://…:465` (TLS);
    /// empty writes mail as .eml files to `{data_dir}/outbox` instead.
    pub smtp_url: String,
    /// Sender of account mail, e.g. `Gazette <news@example.org>`.
    pub mail_from: String,
    /// Reverse proxies in front of Gazette (addresses or CIDR ranges, e.g. `["127.0.0.1",
    /// "10.0.0.0/8"]`) whose `X-Forwarded-For` header names the client for sign-in rate
    /// limits and the audit log. Empty: the header is ignored.
    pub trusted_proxies: Vec<String>,
    /// Local time of day the daily digest goes out, e.g. `07:00` (24-hour clock).
    pub digest_send_time: String,
    /// The site's time zone for the digest's send time, e.g. `Asia/Baku` (DST safe).
    pub digest_time_zone: String,
    /// Day the weekly digest goes out, e.g. `monday`.
    pub digest_weekly_day: String,
    /// An edition not started this many hours after its time is skipped, never sent late
    /// (1 to 48).
    pub digest_skip_after_hours: u64,
    /// Editions are composed this many minutes before their time, so editors can review,
    /// reorder or hold them in the newsroom (0 to 720).
    pub digest_prepare_minutes: u64,
    /// Digest messages handed to the mail server per second at most (0: no limit).
    pub digest_send_per_second: u64,
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
            header_read_timeout_seconds: 10,
            metrics_listen: String::new(),
            page_cache_mb: 64,
            max_upload_mb: 20,
            media_store: String::new(),
            media_url: String::new(),
            fetch_allow_private: false,
            desk_fetch_timeout_seconds: 20,
            log: "info".into(),
            log_format: "text".into(),
            smtp_url: String::new(),
            mail_from: "Gazette <gazette@localhost>".into(),
            trusted_proxies: Vec::new(),
            digest_send_time: "07:00".into(),
            digest_time_zone: "UTC".into(),
            digest_weekly_day: "monday".into(),
            digest_skip_after_hours: 6,
            digest_prepare_minutes: 60,
            digest_send_per_second: 20,
        }
    }
}

/// Every `GAZETTE_*` variable is the upper-cased name of a key of [`Config`], so the struct
/// is the one declaration of an option. `GAZETTE_CONFIG` names the file itself, and
/// `DATABASE_URL` is honoured as well, as most tools and hosting platforms set it.
const ENV_PREFIX: &str = "GAZETTE_";
const ENV_CONFIG_FILE: &str = "GAZETTE_CONFIG";

/// Settings resolved from all sources and checked.
#[derive(Debug, Clone)]
pub struct Settings {
    pub raw: Config,
    pub listen: SocketAddr,
    pub database_url: String,
    pub base_url: String,
    pub theme_dir: Option<PathBuf>,
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Where pages link pictures (`media_url`, checked, no trailing slash; empty: `/media/`).
    pub media_url: String,
    /// Where pictures are kept (`media_store`; tests may put another store here).
    pub media: gazette_media::MediaStore,
    /// When the digest goes out (from the `digest_*` settings).
    pub digest: crate::digest::Schedule,
}

/// Refuses `value` of the option `key` outside `range`; `unit` follows the value in the
/// message (" MiB").
fn in_range(
    key: &'static str,
    value: u64,
    range: std::ops::RangeInclusive<u64>,
    unit: &str,
) -> Result<(), ConfigError> {
    if range.contains(&value) {
        return Ok(());
    }
    Err(ConfigError::Invalid {
        key,
        message: format!(
            "{value}{unit} is out of range; use {} to {}",
            range.start(),
            range.end()
        ),
    })
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

    /// Applies `GAZETTE_*` variables from `vars` (normally `std::env::vars()`). Each value is
    /// read as the type of the key it sets (text, whole number, true/false, or a
    /// comma-separated list), then the whole table is checked as a configuration file is.
    pub fn apply_env(
        &mut self,
        vars: impl Iterator<Item = (String, String)>,
    ) -> Result<(), ConfigError> {
        let mut table = self.to_table();
        for (var, value) in vars {
            if var == "DATABASE_URL" && !value.is_empty() {
                table.insert("database_url".into(), toml::Value::String(value));
                continue;
            }
            let Some(name) = var.strip_prefix(ENV_PREFIX) else {
                continue;
            };
            if var == ENV_CONFIG_FILE {
                continue;
            }
            let key = name.to_ascii_lowercase();
            let Some(current) = table.get(&key) else {
                return Err(ConfigError::UnknownEnv {
                    var,
                    known: env_names(&table).join(", "),
                });
            };
            let parsed = env_value(current, &value).map_err(|expected| ConfigError::Env {
                key: key.clone(),
                message: format!("{var}=`{value}` is not {expected}"),
            })?;
            table.insert(key, parsed);
        }
        *self = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Env {
                key: "(environment)".into(),
                message: e.message().to_owned(),
            })?;
        Ok(())
    }

    /// The options as a TOML table, in declaration order.
    fn to_table(&self) -> toml::Table {
        // A struct of strings, small numbers, booleans and lists always converts.
        match toml::Value::try_from(self) {
            Ok(toml::Value::Table(table)) => table,
            _ => toml::Table::new(),
        }
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
        if !self.metrics_listen.trim().is_empty() {
            let metrics: SocketAddr =
                self.metrics_listen
                    .trim()
                    .parse()
                    .map_err(|_| ConfigError::Invalid {
                        key: "metrics_listen",
                        message: format!(
                            "`{}` is not an address and port like 127.0.0.1:9464",
                            self.metrics_listen
                        ),
                    })?;
            if metrics == listen && listen.port() != 0 {
                return Err(ConfigError::Invalid {
                    key: "metrics_listen",
                    message: "is the site's own address; metrics must not be public, give them a port of their own".into(),
                });
            }
        }
        if !matches!(self.log_format.as_str(), "text" | "json") {
            return Err(ConfigError::Invalid {
                key: "log_format",
                message: format!(
                    "`{}` is not a log format; use text or json",
                    self.log_format
                ),
            });
        }
        in_range("view_flush_seconds", self.view_flush_seconds, 1..=3600, "")?;
        in_range(
            "header_read_timeout_seconds",
            self.header_read_timeout_seconds,
            1..=300,
            "",
        )?;
        if self.page_cache_mb > 65_536 {
            return Err(ConfigError::Invalid {
                key: "page_cache_mb",
                message: format!(
                    "{} MiB is more than this option allows; use 0 to 65536",
                    self.page_cache_mb
                ),
            });
        }
        in_range("max_upload_mb", self.max_upload_mb, 1..=1024, " MiB")?;
        in_range(
            "desk_fetch_timeout_seconds",
            self.desk_fetch_timeout_seconds,
            1..=300,
            " seconds",
        )?;
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
        let media_url = self.media_url.trim().trim_end_matches('/').to_owned();
        if !media_url.is_empty()
            && media_url
                .strip_prefix("https://")
                .is_none_or(|rest| rest.is_empty() || rest.contains(['?', '#', ' ', '"', '\'']))
        {
            return Err(ConfigError::Invalid {
                key: "media_url",
                message: format!(
                    "`{media_url}` must be an https:// URL like https://cdn.example.org/media \
                     (pages allow pictures over https only), or empty"
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
        let media = gazette_media::MediaStore::from_setting(
            &self.media_store,
            &self.data_dir.join("media"),
            &|name| std::env::var(name).ok(),
        )
        .map_err(|e| ConfigError::Invalid {
            key: "media_store",
            message: e.to_string(),
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
        let digest = crate::digest::Schedule::parse(
            &self.digest_send_time,
            &self.digest_time_zone,
            &self.digest_weekly_day,
            self.digest_skip_after_hours,
            self.digest_prepare_minutes,
            self.digest_send_per_second,
        )
        .map_err(|(key, message)| ConfigError::Invalid { key, message })?;
        Ok(Settings {
            listen,
            database_url,
            base_url,
            media_url,
            theme_dir,
            trusted_proxies,
            media,
            digest,
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

/// The variable that sets each key, plus the one naming the file.
fn env_names(table: &toml::Table) -> Vec<String> {
    table
        .keys()
        .map(|k| format!("{ENV_PREFIX}{}", k.to_ascii_uppercase()))
        .chain([ENV_CONFIG_FILE.to_owned()])
        .collect()
}

/// Reads an environment value as the type of the key's current value; on failure, says
/// what was expected.
fn env_value(current: &toml::Value, value: &str) -> Result<toml::Value, &'static str> {
    Ok(match current {
        // Every numeric option is a count or size: no sign.
        toml::Value::Integer(_) => toml::Value::Integer(
            value
                .trim()
                .parse::<u32>()
                .map_err(|_| "a whole number")?
                .into(),
        ),
        toml::Value::Boolean(_) => {
            toml::Value::Boolean(match value.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => true,
                "false" | "0" | "no" | "off" | "" => false,
                _ => return Err("true or false"),
            })
        }
        toml::Value::Array(_) => toml::Value::Array(
            value
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| toml::Value::String(p.to_owned()))
                .collect(),
        ),
        _ => toml::Value::String(value.to_owned()),
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
        let shown = Config {
            listen: self.listen.to_string(),
            database_url: redact_url(&self.database_url),
            base_url: self.base_url.clone(),
            smtp_url: gazette_mail::redact(&self.raw.smtp_url),
            ..self.raw.clone()
        };
        let mut out =
            String::from("# Effective Gazette settings (file < GAZETTE_* environment < flags)\n");
        out.push_str(&toml::to_string(&shown).unwrap_or_default());
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

    #[test]
    fn a_media_url_must_be_https_and_loses_its_trailing_slash() {
        let resolve = |url: &str| {
            Config {
                media_url: url.into(),
                ..Config::default()
            }
            .resolve()
        };
        let ok = resolve("https://cdn.example.org/media/").unwrap();
        assert_eq!(ok.media_url, "https://cdn.example.org/media");
        assert_eq!(resolve("").unwrap().media_url, "");
        for bad in [
            "http://cdn.example.org",
            "cdn.example.org",
            "https://",
            "https://cdn.example.org/?a=1",
            "https://cdn.example.org/\"x",
            "javascript:alert(1)",
        ] {
            let message = resolve(bad).unwrap_err().to_string();
            assert!(message.contains("media_url"), "{bad}: {message}");
        }
    }

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

    /// The README's configuration block is the reference operators copy: it must name every
    /// option with its environment variable and show the real default.
    #[test]
    fn the_readme_documents_every_option_with_its_default() {
        let readme = include_str!("../../../README.md");
        let block = readme
            .split("```toml\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("README has a ```toml block");
        let documented = Config::parse(block).unwrap_or_else(|e| panic!("README block: {e}"));
        assert_eq!(documented, Config::default(), "README defaults differ");
        let table: toml::Table = toml::from_str(block).unwrap();
        let all = Config::default().to_table();
        let missing: Vec<_> = all.keys().filter(|k| !table.contains_key(*k)).collect();
        assert!(missing.is_empty(), "README lacks {missing:?}");
        for key in all.keys() {
            let var = format!("GAZETTE_{}", key.to_ascii_uppercase());
            let line = block
                .lines()
                .find(|l| l.starts_with(&format!("{key} ")))
                .unwrap();
            assert!(
                line.contains(&var),
                "README line for {key} lacks {var}: {line}"
            );
        }
    }

    #[test]
    fn every_option_can_be_set_from_the_environment() {
        let mut c = Config::default();
        c.apply_env(env(&[
            ("GAZETTE_PAGE_CACHE_MB", "8"),
            ("GAZETTE_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,"),
            ("GAZETTE_DATA_DIR", "/srv/news"),
            ("GAZETTE_CONFIG", "ignored.toml"),
        ]))
        .unwrap();
        assert_eq!(c.page_cache_mb, 8);
        assert_eq!(c.trusted_proxies, ["127.0.0.1", "10.0.0.0/8"]);
        assert_eq!(c.data_dir, PathBuf::from("/srv/news"));
        let err = c
            .apply_env(env(&[("GAZETTE_PAGE_CACHE_MB", "-1")]))
            .unwrap_err();
        assert!(
            err.to_string().starts_with("setting `page_cache_mb`"),
            "{err}"
        );
    }
}
