//! The report host: the plugin registry, report runs (requested, executed as the requester,
//! rendered off the async workers, stored with their PDF), downloads and the monthly archive.

pub mod archive;
pub mod audience;
pub mod http;
pub mod registry;
pub mod runs;

pub use registry::{Registry, RegistryBuilder, RegistryError};
