//! Typed configuration: defaults, then an optional `salesgraph.toml`, then `SALESGRAPH_*`
//! environment variables and `DATABASE_URL`.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// The file read from the working directory when no `--config` is given.
pub const DEFAULT_CONFIG_FILE: &str = "salesgraph.toml";

/// Everything the server and the command line need to know, field by field.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Where the data lives: `sqlite://FILE?mode=rwc` (the default, a file in the working
    /// directory) or `postgres://user:password@host/db`. Also read from `DATABASE_URL`.
    pub database_url: String,
    /// Address the HTTP server listens on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Time zone in which days, months, quarters and years are cut for reporting.
    pub time_zone: Tz,
    /// Largest number of pooled database connections.
    pub max_connections: u32,
    /// Log filter in `tracing` syntax, such as `info` or `salesgraph_api=debug,info`.
    pub log: String,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Time after which a request is cut off, in seconds.
    pub request_timeout_secs: u64,
    /// HMAC key that signs access tokens: at least 32 bytes, never logged. Required by
    /// `serve`; `demo` generates one and keeps it in `.salesgraph-secret`.
    pub jwt_secret: Option<Secret>,
    /// Lifetime of an access token, in minutes.
    pub access_token_minutes: i64,
    /// Lifetime of a refresh token, in days.
    pub refresh_token_days: i64,
    /// Proxies and load balancers in front of the server, as networks in CIDR form such as
    /// `10.0.0.0/8` (one address: `192.0.2.7/32`). A request from one of them is taken to come from the address it puts
    /// in `X-Forwarded-For` (the nearest one that is not itself a trusted proxy): login
    /// throttling counts per client, not per load balancer. Requests from anywhere else are
    /// taken to come from their TCP peer, whatever their headers say. Empty by default.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The company's name, printed at the top of every report page.
    pub company_name: String,
    /// A font file (`.ttf`, `.otf`, or `.ttc` with `report_font_face`) that replaces the
    /// bundled Noto Sans SC in reports. It must cover Chinese, Latin letters and digits.
    pub report_font: Option<PathBuf>,
    /// The bold face of `report_font`; without one, bold text is drawn with an outline.
    pub report_font_bold: Option<PathBuf>,
    /// The face of a font collection (`.ttc`) to use; 0 for a single font file.
    pub report_font_face: usize,
    /// Whether `serve` archives each closed month's company and branch reviews (once, however
    /// many instances run).
    pub report_archive: bool,
    /// Largest response body, in bytes: a larger answer is replaced by a RESPONSE_TOO_LARGE
    /// error.
    pub max_response_bytes: usize,
    /// Whether `GET /graphql` serves GraphiQL to a browser. Unset: on for `demo`, off for
    /// `serve`.
    pub graphiql: Option<bool>,
    /// Who may introspect the schema (`__schema`, `__type`; `__typename` is always
    /// answered): everyone, callers with a token, or nobody. Unset: everyone for `demo`,
    /// callers with a token for `serve`.
    pub introspection: Option<Introspection>,
}

/// Who may introspect the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Introspection {
    /// Everyone, anonymous callers included.
    Public,
    /// Callers with a valid token or API key.
    Authenticated,
    /// Nobody: the schema is in `schema.graphql` and `salesgraph schema`.
    Off,
}

/// The names of the fields of [`Settings`], as the environment spells them after the prefix.
const FIELDS: &[&str] = &[
    "database_url",
    "listen",
    "time_zone",
    "max_connections",
    "log",
    "max_body_bytes",
    "request_timeout_secs",
    "jwt_secret",
    "access_token_minutes",
    "refresh_token_days",
    "trusted_proxies",
    "company_name",
    "report_font",
    "report_font_bold",
    "report_font_face",
    "report_archive",
    "max_response_bytes",
    "graphiql",
    "introspection",
];

/// Shortest accepted signing secret, in bytes.
pub const MIN_SECRET_BYTES: usize = 32;

/// A secret string: shown as `***` in `Debug`, so it cannot reach a log by accident.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the code that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: "sqlite://salesgraph.db?mode=rwc".to_owned(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            time_zone: chrono_tz::Asia::Shanghai,
            max_connections: 16,
            log: "info,sqlx=warn".to_owned(),
            max_body_bytes: 1024 * 1024,
            request_timeout_secs: 30,
            jwt_secret: None,
            access_token_minutes: 15,
            refresh_token_days: 30,
            trusted_proxies: Vec::new(),
            company_name: "salesgraph 示例集团".into(),
            report_font: None,
            report_font_bold: None,
            report_font_face: 0,
            report_archive: true,
            max_response_bytes: 16 * 1024 * 1024,
            graphiql: None,
            introspection: None,
        }
    }
}

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("config file {0} does not exist")]
    MissingFile(PathBuf),
    #[error("config file {path} cannot be read: {source}")]
    UnreadableFile { path: PathBuf, source: std::io::Error },
    #[error("invalid configuration: {0}")]
    Invalid(Box<figment::Error>),
}

impl Settings {
    /// Whether GraphiQL is served (off unless set or `demo`).
    pub fn graphiql(&self) -> bool {
        self.graphiql.unwrap_or(false)
    }

    /// Who may introspect (callers with a token unless set or `demo`).
    pub fn introspection(&self) -> Introspection {
        self.introspection.unwrap_or(Introspection::Authenticated)
    }

    /// Loads the settings. An explicit `config` file must exist; without one,
    /// `salesgraph.toml` in the working directory is read if present.
    pub fn load(config: Option<&Path>) -> Result<Self, SettingsError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        let file = match config {
            Some(path) if !path.exists() => return Err(SettingsError::MissingFile(path.into())),
            Some(path) => Some(path.to_path_buf()),
            None => Some(PathBuf::from(DEFAULT_CONFIG_FILE)).filter(|p| p.exists()),
        };
        if let Some(path) = file {
            // Read it ourselves so that an unreadable file is an error, not a silent default.
            let text = std::fs::read_to_string(&path)
                .map_err(|source| SettingsError::UnreadableFile { path: path.clone(), source })?;
            figment = figment.merge(Toml::string(&text));
        }
        // Only the fields above: other SALESGRAPH_* variables (such as the test suite's
        // SALESGRAPH_TEST_POSTGRES) belong to someone else.
        figment
            .merge(
                Env::prefixed("SALESGRAPH_").filter(|key| {
                    FIELDS.iter().any(|field| key.as_str().eq_ignore_ascii_case(field))
                }),
            )
            .merge(Env::raw().only(&["DATABASE_URL"]))
            .extract()
            .map_err(|e| SettingsError::Invalid(Box::new(e)))
    }
}

/// The database URL with any password replaced, for logs and messages: the password of the
/// user part and a `password` query parameter. A URL that cannot be parsed is not shown.
pub fn redact_url(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return "<unparsable database URL>".to_owned();
    };
    if parsed.password().is_some() {
        let _ = parsed.set_password(Some("***"));
    }
    if parsed.query_pairs().any(|(k, _)| k.eq_ignore_ascii_case("password")) {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(k, v)| {
                let v = if k.eq_ignore_ascii_case("password") {
                    "***".to_owned()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.to_string()
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &redact_url(&self.database_url))
            .field("listen", &self.listen)
            .field("time_zone", &self.time_zone)
            .field("max_connections", &self.max_connections)
            .field("log", &self.log)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("request_timeout_secs", &self.request_timeout_secs)
            .field("jwt_secret", &self.jwt_secret)
            .field("access_token_minutes", &self.access_token_minutes)
            .field("refresh_token_days", &self.refresh_token_days)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("company_name", &self.company_name)
            .field("report_font", &self.report_font)
            .field("report_font_bold", &self.report_font_bold)
            .field("report_font_face", &self.report_font_face)
            .field("report_archive", &self.report_archive)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("graphiql", &self.graphiql)
            .field("introspection", &self.introspection)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_debug_output() {
        let settings = Settings {
            database_url: "postgres://app:s3cret@db.internal/sales".to_owned(),
            jwt_secret: Some(Secret::new("signing-key-that-must-stay-private")),
            ..Settings::default()
        };
        let shown = format!("{settings:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(!shown.contains("signing-key"), "{shown}");
        assert!(shown.contains("postgres://app:***@db.internal/sales"), "{shown}");
    }

    #[test]
    fn every_form_of_database_password_is_redacted() {
        for url in [
            "postgres://app:p%40ss@db/sales",
            "postgres://app@db/sales?sslmode=require&password=hunter2",
            "postgres://app:hunter2@db:5432/sales?password=hunter2",
        ] {
            let shown = redact_url(url);
            assert!(
                !shown.contains("hunter2") && !shown.contains("p%40ss"),
                "{url} shown as {shown}"
            );
            assert!(shown.contains("***"), "{shown}");
        }
        assert_eq!(
            redact_url("sqlite://salesgraph.db?mode=rwc"),
            "sqlite://salesgraph.db?mode=rwc"
        );
        assert_eq!(redact_url("not a url at all"), "<unparsable database URL>");
    }

    #[test]
    fn the_environment_list_names_every_field() {
        let value = serde_json::to_value(Settings::default()).unwrap();
        let mut keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        let mut fields = FIELDS.to_vec();
        keys.sort_unstable();
        fields.sort_unstable();
        assert_eq!(keys, fields);
    }
}
