//! The salesgraph server: configuration, database, GraphQL API, demo data and command line.

pub mod app;
pub mod cli;
pub mod db;
pub mod error;
pub mod graphql;
pub mod seed;
pub mod settings;
pub mod state;

pub use app::Application;
pub use settings::Settings;
pub use state::AppState;
