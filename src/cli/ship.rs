//! `unisono publish` and `unisono send`.

use super::Format;
use clap::Args;
use std::path::PathBuf;
use unisono::Error;
use unisono::mail::{self, Delivery};
use unisono::workspace::Workspace;

/// Arguments of publish.
#[derive(Args, Debug)]
pub struct PublishArgs {
    /// The committed revision to publish.
    #[arg(long, default_value = "HEAD")]
    pub rev: String,
    /// Output folder (default: published/ in the workspace).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Refuse, and publish nothing, unless every variant is approved.
    #[arg(long)]
    pub require_all: bool,
    /// Refuse unless the root of trust of reviewers.yaml is this commit.
    #[arg(long, value_name = "COMMIT")]
    pub trust_root: Option<String>,
    /// Output format of the report.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn publish(ws: &Workspace, a: &PublishArgs) -> Result<u8, Error> {
    let p = unisono::publish::publish(ws, &a.rev, a.out.as_deref(), a.require_all, a.trust_root.as_deref())?;
    match a.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&p.manifest).unwrap_or_default()),
        Format::Human => {
            for v in &p.manifest.variants {
                println!("published {} ({}) {}  {}", v.id, v.locale, v.channel, v.fingerprint);
            }
            for l in &p.manifest.left_out {
                println!("left out  {} ({}) {}: {} {}", l.id, l.locale, l.channel, l.status, l.reason);
            }
            println!(
                "publish: {} variant(s) of commit {} in {}; {} left out; manifest.json written",
                p.manifest.variants.len(),
                &p.manifest.commit[..12.min(p.manifest.commit.len())],
                p.out.display(),
                p.manifest.left_out.len()
            );
        }
    }
    Ok(0)
}

/// Arguments of send.
#[derive(Args, Debug)]
pub struct SendArgs {
    /// The message id.
    pub id: String,
    /// Recipient address(es).
    #[arg(long, required = true)]
    pub to: Vec<String>,
    /// The locale (default: the master's).
    #[arg(long)]
    pub locale: Option<String>,
    /// The email channel (default: the message's first email channel).
    #[arg(long)]
    pub channel: Option<String>,
    /// SMTP server: smtps://host[:465], smtp://host[:587] (STARTTLS), smtp+insecure://127.0.0.1:PORT (loopback only).
    /// Default: $UNISONO_SMTP_URL; with neither, messages go to outbox/ as .eml files.
    #[arg(long, value_name = "URL")]
    pub smtp: Option<String>,
    /// Send the current draft, marked [DRAFT], to reviewers only.
    #[arg(long)]
    pub draft: bool,
}

pub fn send(ws: &Workspace, a: &SendArgs) -> Result<u8, Error> {
    let sent = mail::send(
        ws,
        &mail::Send {
            id: &a.id,
            locale: a.locale.as_deref(),
            channel: a.channel.as_deref(),
            to: &a.to,
            smtp: a.smtp.as_deref(),
            draft: a.draft,
        },
    )?;
    for (to, d) in sent {
        match d {
            Delivery::Smtp { server } => println!("sent to {to} via {server}"),
            Delivery::Outbox { file } => println!("no SMTP server configured: wrote {}", file.display()),
        }
    }
    Ok(0)
}
