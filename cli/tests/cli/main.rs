//! The built `twilio-flex` binary, run as a pipeline runs it, against the embedded mock on
//! 127.0.0.1 (`twilio_flex::mock::MockServer`, `--base-url` and its credentials). Every run
//! checks that no secret appears in its output (`common::run`).

mod api;
mod commands;
mod common;
mod exit_codes;
mod pipeline;
