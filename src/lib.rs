//! nwlint: a linter for help-center troubleshooting content.
//!
//! Data flows one way: [`workspace`] finds the config and roots, [`load`]
//! reads, parses and validates files against [`schema`], [`rules`] check what
//! a schema cannot express, [`drift`] compares sections across devices and
//! articles (and [`diff`] two devices), both with [`compare`], and
//! [`report`] prints. [`source`] and [`span`] turn JSON pointers into
//! line:col, lazily, for files that have findings.

// Functions stay under 100 lines (the threshold is in clippy.toml).
#![warn(clippy::too_many_lines)]

pub mod atomic;
pub mod cache;
pub mod catalog;
pub mod check;
pub mod commands;
pub mod compare;
pub mod config;
pub mod corpus;
pub mod diag;
pub mod diff;
pub mod drift;
pub mod edit;
pub mod exclude;
pub mod explain;
pub mod fingerprint;
pub mod hash;
pub mod import;
pub mod init;
pub mod load;
pub mod model;
pub mod normalize;
pub mod overview;
pub mod regular_file;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod server;
pub mod source;
pub mod span;
pub mod strict_json;
pub mod text;
pub mod timings;
pub mod tools;
pub mod wire;
pub mod workspace;
