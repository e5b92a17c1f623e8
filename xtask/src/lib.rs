//! Maintainer tasks for the `twilio-flex` workspace, run as
//! `cargo run -p xtask -- <command>`. The logic lives in this library so that
//! it can be unit-tested; `main.rs` only dispatches.

#![warn(missing_docs)]

pub mod snapshot;
pub mod spec_diff;
pub mod update_spec;
