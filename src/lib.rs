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
pub mod interactions;
pub mod lint;
pub mod mail;
pub mod model;
pub mod plan;
pub mod portal;
pub mod project;
pub mod publish;
pub mod render;
pub mod report;
pub mod review;
pub mod serve;
pub mod timeline;
pub mod workspace;
pub mod writer;

use std::path::PathBuf;

/// Everything that can stop a command other than problems in the content
/// (those travel as [`diag::Diagnostic`]s). Each variant carries its data;
/// [`Error::code`], [`Error::help`] and [`Error::exit_code`] say what it
/// is, what to do, and how the process ends — no hint is baked into a
/// message (just's `Error` is the model).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The folder is not inside a git work tree.
    #[error("{path} is not inside a git repository")]
    NotARepository { path: PathBuf },
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A git revision could not be resolved.
    #[error("cannot resolve revision `{rev}`: {message}")]
    Revision { rev: String, message: String },
    /// An error from git itself.
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    /// The command was used wrongly, or its input could not be used.
    #[error("{message}")]
    Usage { message: String, hint: Option<String> },
    /// The command ran and refused (an unlisted key, a role not held, ...).
    #[error("{message}")]
    Refused { message: String, hint: Option<String> },
}

impl Error {
    /// Bad usage or input (exit 2).
    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage { message: message.into(), hint: None }
    }

    /// The work ran and refused (exit 1).
    pub fn refused(message: impl Into<String>) -> Error {
        Error::Refused { message: message.into(), hint: None }
    }

    /// The same error with what to do about it.
    pub fn hint(self, hint: impl Into<String>) -> Error {
        match self {
            Error::Usage { message, .. } => Error::Usage { message, hint: Some(hint.into()) },
            Error::Refused { message, .. } => Error::Refused { message, hint: Some(hint.into()) },
            other => other,
        }
    }

    /// A stable name for the kind of error (`--format json`, tests).
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotARepository { .. } => "not-a-repository",
            Error::Io { .. } => "io",
            Error::Revision { .. } => "revision",
            Error::Git(_) => "git",
            Error::Usage { .. } => "usage",
            Error::Refused { .. } => "refused",
        }
    }

    /// What to do about it, when there is something to say.
    pub fn help(&self) -> Option<&str> {
        match self {
            Error::NotARepository { .. } => Some(
                "unisono keeps content and approvals in git: run `git init` there, or `unisono init DIR` for a new workspace",
            ),
            Error::Revision { .. } => Some("name a commit, branch or tag that exists, e.g. `HEAD`"),
            Error::Usage { hint, .. } | Error::Refused { hint, .. } => hint.as_deref(),
            Error::Io { .. } | Error::Git(_) => None,
        }
    }

    /// The process exit code for this error (SPEC §9: 2 for bad usage,
    /// configuration or input that could not be read; 1 when the work ran
    /// and refused).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Refused { .. } => 1,
            _ => 2,
        }
    }
}
