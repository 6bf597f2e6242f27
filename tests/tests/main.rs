//! Integration tests: the real server on port 0 with a fresh database per test, on SQLite
//! and, when `SALESGRAPH_TEST_POSTGRES` names a server, on PostgreSQL.

// Helpers outside `#[test]` functions fail loudly by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod auth;
mod http;
mod migrations;
mod scope;
mod seed;
mod connections;
mod mutations;
