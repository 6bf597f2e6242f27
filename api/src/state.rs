//! The application state shared by every request.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use salesgraph_report_sdk::{FontError, Fonts};
use sea_orm::DatabaseConnection;
use tokio::sync::OnceCell;

use crate::auth::api_keys::KeyCache;
use crate::auth::jwt::JwtKeys;
use crate::error::ApiError;
use crate::reports::{Registry, RegistryError};
use crate::settings::{MIN_SECRET_BYTES, Settings};

/// Why the state cannot be built from the settings.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error(
        "jwt_secret is missing or shorter than {MIN_SECRET_BYTES} bytes: set SALESGRAPH_JWT_SECRET \
         (or jwt_secret in salesgraph.toml) to a long random string"
    )]
    WeakSecret,
    #[error("the report font cannot be used: {0}")]
    Font(#[from] FontError),
    #[error(transparent)]
    Registry(#[from] RegistryError),
}

/// Database, settings and token keys, cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    db: DatabaseConnection,
    settings: Settings,
    jwt: JwtKeys,
    /// A hash to verify against when the username is unknown, so that an unknown user and a
    /// wrong password take the same time.
    dummy_hash: OnceCell<String>,
    key_cache: KeyCache,
    statements: Arc<AtomicU64>,
    registry: Registry,
    fonts: Arc<Fonts>,
    /// Reports produced at once: one per core, so that a burst of requests queues instead of
    /// rendering dozens of PDFs side by side.
    report_slots: tokio::sync::Semaphore,
    /// Analytics computed at once, per caller and over all.
    analytics: crate::throttle::Throttle,
}

impl AppState {
    /// Wraps an open database and the settings it was opened with, with the report plugins
    /// of the enabled cargo features. Refuses a missing or short signing secret and an
    /// unusable report font.
    pub fn new(db: DatabaseConnection, settings: Settings) -> Result<Self, StateError> {
        Self::with_registry(db, settings, Registry::with_default_plugins()?)
    }

    /// Like [`AppState::new`], with the report plugins of `registry`: how a server with its
    /// own plugins is built.
    pub fn with_registry(
        mut db: DatabaseConnection,
        settings: Settings,
        registry: Registry,
    ) -> Result<Self, StateError> {
        let secret = settings
            .jwt_secret
            .clone()
            .filter(|s| s.expose().len() >= MIN_SECRET_BYTES)
            .ok_or(StateError::WeakSecret)?;
        let jwt = JwtKeys::new(&secret, settings.access_token_minutes);
        let fonts = match &settings.report_font {
            Some(path) => Fonts::from_files(
                path,
                settings.report_font_bold.as_deref(),
                settings.report_font_face,
            )?,
            None => Fonts::bundled()?,
        };
        let statements = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&statements);
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        Ok(Self(Arc::new(Inner {
            db,
            jwt,
            dummy_hash: OnceCell::new(),
            key_cache: KeyCache::default(),
            statements,
            registry,
            fonts: Arc::new(fonts),
            report_slots: tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get),
            ),
            analytics: crate::throttle::Throttle::for_pool(settings.max_connections),
            settings,
        })))
    }

    /// The report plugins.
    pub fn registry(&self) -> &Registry {
        &self.0.registry
    }

    /// Waits for a free report slot; the report is produced while the permit lives.
    pub async fn report_slot(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        self.0.report_slots.acquire().await.ok()
    }

    /// Waits for a slot to compute an analysis for `actor` (see [`crate::throttle`]); the
    /// analysis runs while the permit lives.
    pub async fn analytics_slot(&self, actor: crate::auth::Actor) -> crate::throttle::Permit<'_> {
        self.0.analytics.acquire(actor).await
    }

    /// The fonts reports are set in.
    pub fn fonts(&self) -> &Arc<Fonts> {
        &self.0.fonts
    }

    /// The connection pool.
    pub fn db(&self) -> &DatabaseConnection {
        &self.0.db
    }

    /// The settings the server runs with.
    pub fn settings(&self) -> &Settings {
        &self.0.settings
    }

    /// The business day (in the configured time zone) of the instant `at`: how every date the
    /// server derives from a timestamp is cut.
    pub fn business_day(&self, at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
        crate::analytics::period::business_day(at, self.0.settings.time_zone)
    }

    /// Signs and verifies access tokens.
    pub fn jwt(&self) -> &JwtKeys {
        &self.0.jwt
    }

    /// How many SQL statements the server has run since it started.
    pub fn statements_run(&self) -> u64 {
        self.0.statements.load(Ordering::Relaxed)
    }

    /// API keys verified recently.
    pub fn key_cache(&self) -> &KeyCache {
        &self.0.key_cache
    }

    /// The hash unknown usernames are checked against.
    pub async fn dummy_hash(&self) -> Result<&str, ApiError> {
        self.0
            .dummy_hash
            .get_or_try_init(|| async {
                tokio::task::spawn_blocking(|| crate::auth::password::hash("no such user"))
                    .await
                    .map_err(|e| ApiError::Internal(e.into()))?
            })
            .await
            .map(String::as_str)
    }
}
