//! The salesgraph server: configuration, database, GraphQL API, demo data and command line.

// The mutation root merges one object per editable table; async-graphql nests merged objects
// one level per member.
#![recursion_limit = "256"]

pub mod accounts;
pub mod analytics;
pub mod app;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod db;
pub mod error;
pub mod graphql;
pub mod lifecycle;
pub mod reports;
pub mod scope;
pub mod scoring;
pub mod seed;
pub mod settings;
pub mod state;
pub mod targets;
pub mod throttle;

pub use app::Application;
pub use settings::Settings;
pub use state::AppState;
