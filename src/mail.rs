//! `unisono send`: the approved email, byte for byte, through SMTP (lettre,
//! TLS by rustls) or into an outbox folder.
//!
//! Credentials come from the environment (`UNISONO_SMTP_USERNAME`,
//! `UNISONO_SMTP_PASSWORD`), never from the repository.

use crate::approval::record::Timestamp;
use crate::approval::status::Status;
use crate::approval::{self};
use crate::model::ChannelKind;
use crate::project::Project;
use crate::render::RenderContext;
use crate::workspace::Workspace;
use crate::{Error, writer};
use lettre::Transport;
use lettre::transport::smtp::authentication::Credentials;
use std::path::PathBuf;
use std::time::{Duration, UNIX_EPOCH};

/// Environment variable naming the SMTP server when `--smtp` is not given.
pub const SMTP_ENV: &str = "UNISONO_SMTP_URL";

/// What to send.
pub struct Send<'a> {
    pub id: &'a str,
    pub locale: Option<&'a str>,
    /// The email channel (default: the first email channel of the message).
    pub channel: Option<&'a str>,
    pub to: &'a [String],
    /// `smtps://host[:port]`, `smtp://host[:port]` (STARTTLS required) or
    /// `smtp+insecure://127.0.0.1:port` (loopback only); `None`: the outbox.
    pub smtp: Option<&'a str>,
    /// Send the current draft, marked `[DRAFT]`, to reviewers only.
    pub draft: bool,
}

/// Where a message went.
pub enum Delivery {
    Smtp { server: String },
    Outbox { file: PathBuf },
}

/// Sends the approved email of a message (from HEAD) to each recipient.
pub fn send(ws: &Workspace, s: &Send<'_>) -> Result<Vec<(String, Delivery)>, Error> {
    let mut project = Project::load(ws.at_revision("HEAD")?);
    let review =
        crate::review::evaluate(&mut project, &ws.repo, &ws.prefix, approval::head(&ws.repo), Timestamp::now())
            .map_err(|r| {
                Error::refused(format!(
                    "the committed content has {} error(s); run `unisono check`",
                    crate::diag::counts(&r.diagnostics).0
                ))
            })?;
    let content = &project.content;
    let master =
        content.master(s.id).ok_or_else(|| Error::usage(format!("no message `{}` in the committed content", s.id)))?;
    let locale = s.locale.unwrap_or(master.locale());
    let m = content.message(s.id, locale).ok_or_else(|| Error::usage(format!("`{}` has no {locale} version", s.id)))?;
    let (channel_name, channel) = content
        .channels_of(m)
        .into_iter()
        .find(|(n, c)| c.kind == ChannelKind::Email && s.channel.is_none_or(|want| want == *n))
        .ok_or_else(|| {
            Error::usage(format!(
                "`{}` goes to no email channel{}",
                s.id,
                s.channel.map(|c| format!(" named `{c}`")).unwrap_or_default()
            ))
        })?;
    let status = review.status(s.id, locale, channel_name).ok_or_else(|| Error::usage("no such variant"))?;
    if s.to.is_empty() {
        return Err(Error::usage("name at least one recipient: --to ADDRESS"));
    }
    let (html, text, images, ctx) = if s.draft {
        let reviewers = content.reviewers.as_ref().map(|r| r.reviewers.as_slice()).unwrap_or_default();
        for to in s.to {
            let address = mailbox_address(to);
            if !reviewers.iter().any(|r| r.email.eq_ignore_ascii_case(&address)) {
                return Err(Error::refused(format!(
                    "{to} is not a reviewer: a --draft test goes only to addresses in reviewers.yaml"
                )));
            }
        }
        let v = crate::render::render_variant(content, &project.templates, m, channel_name, channel, true)
            .map_err(|d| Error::refused(d.message))?;
        let ctx = RenderContext::new(content, m, channel_name, channel, true, false);
        (part(&v.files, "index.html"), part(&v.files, "body.txt"), pictures(&v.files), ctx)
    } else {
        if status.status != Status::Approved {
            let why = if status.notes.is_empty() {
                format!("missing: {}", status.missing_roles.join(", "))
            } else {
                status.notes.join("; ")
            };
            return Err(Error::refused(format!(
                "{} ({locale}) {channel_name} is {}, not approved ({why})",
                s.id,
                status.status.as_str()
            ))
            .hint("only approved email can be sent; `--draft` sends a marked test to reviewers"));
        }
        let v = review.final_variant(&project, s.id, locale, channel_name).map_err(|d| Error::refused(d.message))?;
        (
            part(&v.files, "index.html"),
            part(&v.files, "body.txt"),
            pictures(&v.files),
            RenderContext::new(content, m, channel_name, channel, false, false),
        )
    };
    let transport = match s.smtp.map(str::to_string).or_else(|| std::env::var(SMTP_ENV).ok()) {
        Some(url) => Some((transport(&url)?, url)),
        None => None,
    };
    let now = Timestamp::now();
    let mut out = Vec::new();
    for (i, to) in s.to.iter().enumerate() {
        let unique = crate::fingerprint::of_bytes(format!("{}\0{to}\0{i}\0{}", now.0, std::process::id()).as_bytes());
        let tag = &unique[7..31];
        let id = crate::render::email::message_id(&ctx, tag).map_err(|d| Error::usage(d.message).hint(d.hint))?;
        let message = crate::render::email::message(
            &ctx,
            &html,
            &text,
            &images,
            to,
            &id,
            UNIX_EPOCH + Duration::from_secs(now.0.max(0) as u64),
            tag,
        )
        .map_err(|d| Error::usage(d.message))?;
        match &transport {
            Some((t, url)) => {
                t.send(&message)
                    .map_err(|e| Error::refused(format!("sending to {to} via {} failed: {e}", redact(url))))?;
                out.push((to.clone(), Delivery::Smtp { server: redact(url) }));
            }
            None => {
                let outbox = ws.root.join("outbox");
                if outbox.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                    return Err(Error::usage(format!(
                        "{} is a symbolic link (symlink): unisono writes nothing through links",
                        outbox.display()
                    ))
                    .hint("remove the link; outbox/ is a plain folder in the workspace"));
                }
                let safe: String = mailbox_address(to)
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '@' { c } else { '_' })
                    .collect();
                let file = ws.root.join("outbox").join(format!(
                    "{}-{}-{locale}-{channel_name}-{safe}.eml",
                    now.compact(),
                    s.id
                ));
                let rel = file.strip_prefix(&ws.root).unwrap_or(&file).to_string_lossy().into_owned();
                writer::write_own(&ws.root, &rel, &message.formatted())?;
                out.push((to.clone(), Delivery::Outbox { file }));
            }
        }
    }
    Ok(out)
}

/// The PNG files an email's HTML shows (the logo, charts), sent with it.
fn pictures(files: &crate::render::Files) -> Vec<(String, Vec<u8>)> {
    files.iter().filter(|(n, _)| n.ends_with(".png") && !n.contains('/')).map(|(n, b)| (n.clone(), b.clone())).collect()
}

fn part(files: &crate::render::Files, name: &str) -> String {
    files.get(name).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default()
}

/// `Name <a@b>` → `a@b`.
fn mailbox_address(to: &str) -> String {
    match (to.rfind('<'), to.rfind('>')) {
        (Some(a), Some(b)) if a < b => to[a + 1..b].trim().to_string(),
        _ => to.trim().to_string(),
    }
}

/// The URL without any password.
fn redact(url: &str) -> String {
    match url
        .split_once("://")
        .and_then(|(scheme, rest)| rest.split_once('@').map(|(_, host)| format!("{scheme}://{host}")))
    {
        Some(u) => u,
        None => url.to_string(),
    }
}

/// Builds the SMTP transport for `url`: TLS unless the server is on loopback.
fn transport(url: &str) -> Result<lettre::SmtpTransport, Error> {
    let bad = |why: &str| {
        Error::usage(format!("bad SMTP address `{}`: {why}", redact(url))).hint("smtps://host[:465] (TLS), smtp://host[:587] (STARTTLS), or smtp+insecure://127.0.0.1:PORT for a local test server")
    };
    let (scheme, rest) = url.split_once("://").ok_or_else(|| bad("no scheme"))?;
    if rest.contains('@') {
        return Err(bad("credentials in the address; set UNISONO_SMTP_USERNAME and UNISONO_SMTP_PASSWORD instead"));
    }
    let hostport = rest.split('/').next().unwrap_or("");
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || hostport.starts_with('[') => (
            h.trim_matches(['[', ']']).to_string(),
            Some(p.parse::<u16>().map_err(|_| bad("the port is not a number"))?),
        ),
        _ => (hostport.trim_matches(['[', ']']).to_string(), None),
    };
    if host.is_empty() {
        return Err(bad("no host"));
    }
    let builder = match scheme {
        "smtps" => lettre::SmtpTransport::relay(&host).map_err(|e| bad(&e.to_string()))?.port(port.unwrap_or(465)),
        "smtp" => {
            lettre::SmtpTransport::starttls_relay(&host).map_err(|e| bad(&e.to_string()))?.port(port.unwrap_or(587))
        }
        "smtp+insecure" => {
            let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
            if !loopback {
                return Err(bad(
                    "unencrypted SMTP is allowed only to a server on this machine (127.0.0.1, ::1, localhost)",
                ));
            }
            lettre::SmtpTransport::builder_dangerous(&host).port(port.unwrap_or(25))
        }
        other => return Err(bad(&format!("unknown scheme `{other}`"))),
    };
    let builder = match (std::env::var("UNISONO_SMTP_USERNAME"), std::env::var("UNISONO_SMTP_PASSWORD")) {
        (Ok(u), Ok(p)) => builder.credentials(Credentials::new(u, p)),
        _ => builder,
    };
    Ok(builder.timeout(Some(Duration::from_secs(30))).build())
}
