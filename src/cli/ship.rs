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
    #[arg(long, required_unless_present = "to_file")]
    pub to: Vec<String>,
    /// Recipients from a CSV file with a header: email, and optionally title, last_name (filled into the approved salutation) and hcp (matched against unsubscribed events).
    #[arg(long, value_name = "FILE")]
    pub to_file: Option<PathBuf>,
    /// Interactions (CSV, as for `plan`): HCPs with an `unsubscribed` event are skipped.
    #[arg(long, value_name = "FILE")]
    pub interactions: Option<PathBuf>,
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
    /// Print what would be sent to whom; send nothing, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn send(ws: &Workspace, a: &SendArgs) -> Result<u8, Error> {
    let out = mail::send(
        ws,
        &mail::Send {
            id: &a.id,
            locale: a.locale.as_deref(),
            channel: a.channel.as_deref(),
            to: &a.to,
            to_file: a.to_file.as_deref(),
            interactions: a.interactions.as_deref(),
            smtp: a.smtp.as_deref(),
            draft: a.draft,
            dry_run: a.dry_run,
        },
    )?;
    let greeting = |s: &mail::Sent| match &s.salutation {
        Some(said) => format!(" ({said:?})"),
        None => String::new(),
    };
    for s in &out.sent {
        match &s.delivery {
            None => println!("would send to {}{}", s.recipient.to, greeting(s)),
            Some(Delivery::Smtp { server }) => println!("sent to {} via {server}{}", s.recipient.to, greeting(s)),
            Some(Delivery::Outbox { file }) => {
                println!("no SMTP server configured: wrote {}{}", file.display(), greeting(s))
            }
        }
    }
    if out.suppressed > 0 {
        println!("skipped {} suppressed or unsubscribed recipient(s)", out.suppressed);
    }
    if a.dry_run {
        println!(
            "dry run: {} email(s) \"{}\" would go via {}; {} skipped; nothing sent, nothing written",
            out.sent.len(),
            out.subject,
            out.transport,
            out.suppressed
        );
    } else if let Some((path, commit)) = &out.log {
        let commit = commit.to_string();
        println!("send log: {path} (committed as {})", &commit[..12.min(commit.len())]);
    } else {
        println!("nothing sent: every recipient is suppressed or unsubscribed");
    }
    Ok(0)
}
