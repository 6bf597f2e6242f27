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
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: "sqlite://salesgraph.db?mode=rwc".to_owned(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            time_zone: chrono_tz::Asia::Shanghai,
            max_connections: 16,
            log: "info".to_owned(),
            max_body_bytes: 1024 * 1024,
            request_timeout_secs: 30,
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
        figment
            .merge(Env::prefixed("SALESGRAPH_"))
            .merge(Env::raw().only(&["DATABASE_URL"]))
            .extract()
            .map_err(|e| SettingsError::Invalid(Box::new(e)))
    }
}

/// The database URL with any password replaced, for logs and messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((userinfo, host)) = rest.split_once('@') else { return url.to_owned() };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
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
            ..Settings::default()
        };
        let shown = format!("{settings:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("postgres://app:***@db.internal/sales"), "{shown}");
    }
}
