//! The application state shared by every request.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::settings::Settings;

/// Database and settings, cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    db: DatabaseConnection,
    settings: Settings,
}

impl AppState {
    /// Wraps an open database and the settings it was opened with.
    pub fn new(db: DatabaseConnection, settings: Settings) -> Self {
        Self(Arc::new(Inner { db, settings }))
    }

    /// The connection pool.
    pub fn db(&self) -> &DatabaseConnection {
        &self.0.db
    }

    /// The settings the server runs with.
    pub fn settings(&self) -> &Settings {
        &self.0.settings
    }
}
