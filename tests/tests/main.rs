//! Integration tests: the real server on port 0 with a fresh database per test, on SQLite
//! and, when `SALESGRAPH_TEST_POSTGRES` names a server, on PostgreSQL.

// Helpers outside `#[test]` functions fail loudly by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod accounts;
mod agility_mutations;
mod analytics;
mod auth;
mod collaboration_mutations;
mod communication_mutations;
mod competition_mutations;
mod concurrent_writers;
mod connections;
mod customers_mutations;
mod empty_periods;
mod error_codes;
mod history_import;
mod hostile;
mod http;
mod lifecycle;
mod migrations;
mod money_bounds;
mod mutations;
mod opportunity_mutations;
mod performance_mutations;
mod records;
mod report_figures;
mod reports;
mod scope;
mod scoring;
mod seed;
mod service_mutations;
mod target_splits;
mod targets;
mod training_mutations;
