//! unisono: one master message, every channel, only what was approved.
//!
//! The crate is a pipeline, one module per stage:
//! [`workspace`] (read files from the work tree or a git revision) →
//! [`model`] (parse and validate the content) → render → check →
//! approve → publish. The binary in `src/main.rs` is a thin layer over it.

// Diagnostics are returned by value on the cold error path; boxing them buys nothing.
#![allow(clippy::result_large_err)]

pub mod approval;
pub mod approve;
pub mod bench;
pub mod build;
pub mod cache;
pub mod codes;
pub mod date;
pub mod diag;
pub mod fingerprint;
pub mod init;
pub mod lint;
pub mod mail;
pub mod model;
pub mod portal;
pub mod project;
pub mod publish;
pub mod render;
pub mod review;
pub mod serve;
pub mod timeline;
pub mod workspace;
pub mod writer;

use std::path::PathBuf;

/// Everything that can stop a command before it has done its work.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The folder is not inside a git work tree.
    #[error(
        "{path} is not inside a git repository\n  = help: unisono keeps content and approvals in git: run `git init` there, or `unisono init DIR` for a new workspace"
    )]
    NotARepository { path: PathBuf },
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A git revision could not be resolved.
    #[error(
        "cannot resolve revision `{rev}`: {message}\n  = help: name a commit, branch or tag that exists, e.g. `HEAD`"
    )]
    Revision { rev: String, message: String },
    /// An error from git itself.
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    /// The command was used wrongly.
    #[error("{0}")]
    Usage(String),
    /// The command ran and refused (an unlisted key, a role not held, ...).
    #[error("{0}")]
    Refused(String),
}

impl Error {
    /// The process exit code for this error (SPEC §9: 2 for bad usage,
    /// configuration or input that could not be read; 1 when the work ran
    /// and refused).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Refused(_) => 1,
            _ => 2,
        }
    }
}
