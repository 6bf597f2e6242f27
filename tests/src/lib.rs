//! test support crate
