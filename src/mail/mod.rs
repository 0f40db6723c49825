//! `unisono send`: the approved email, byte for byte, through SMTP (lettre,
//! TLS by rustls) or into an outbox folder; the only bytes that differ
//! from the approved variant are an approved salutation slot, filled per
//! recipient. Every send is recorded in a send log committed to git
//! (`sent/`).
//!
//! Credentials come from the environment (`UNISONO_SMTP_USERNAME`,
//! `UNISONO_SMTP_PASSWORD`), never from the repository.

pub mod log;
pub mod recipients;

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
pub use recipients::Recipient;
use std::path::{Path, PathBuf};
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
    /// A recipients file (CSV: email, and optionally title, last_name, hcp).
    pub to_file: Option<&'a Path>,
    /// Interactions (SPEC §12): HCPs with an `unsubscribed` event get nothing.
    pub interactions: Option<&'a Path>,
    /// `smtps://host[:port]`, `smtp://host[:port]` (STARTTLS required) or
    /// `smtp+insecure://127.0.0.1:port` (loopback only); `None`: the outbox.
    pub smtp: Option<&'a str>,
    /// Send the current draft, marked `[DRAFT]`, to reviewers only.
    pub draft: bool,
    /// Say what would be sent to whom; send nothing, write nothing.
    pub dry_run: bool,
}

/// Where a message went.
pub enum Delivery {
    Smtp { server: String },
    Outbox { file: PathBuf },
}

/// One recipient's email: sent, or (dry run) to be sent.
pub struct Sent {
    pub recipient: Recipient,
    /// The filled salutation, when the recipient has a last name; `None`:
    /// the approved generic greeting.
    pub salutation: Option<String>,
    pub message_id: String,
    pub time: Timestamp,
    /// `None` in a dry run.
    pub delivery: Option<Delivery>,
}

/// What a send did.
pub struct Outcome {
    pub subject: String,
    /// The server (without credentials), or `outbox/`.
    pub transport: String,
    pub sent: Vec<Sent>,
    /// Recipients left out because they are suppressed or unsubscribed.
    pub suppressed: usize,
    /// The send log and the commit that added it (not in a dry run).
    pub log: Option<(String, git2::Oid)>,
}

/// Sends the approved email of a message (from HEAD) to each recipient that
/// is not suppressed, and commits the send log.
pub fn send(ws: &Workspace, s: &Send<'_>) -> Result<Outcome, Error> {
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
    // Everyone named, checked before anything is sent.
    let mut all = recipients::from_args(s.to)?;
    if let Some(file) = s.to_file {
        all.extend(recipients::read_csv(file)?);
    }
    if all.is_empty() {
        return Err(Error::usage("name at least one recipient: --to ADDRESS or --to-file FILE"));
    }
    recipients::refuse_duplicates(&all)?;
    let suppression = recipients::Suppression::load(ws, s.interactions)?;
    let before = all.len();
    all.retain(|r| !suppression.suppresses(r));
    let suppressed = before - all.len();
    let (variant, ctx) = if s.draft {
        let reviewers = content.reviewers.as_ref().map(|r| r.reviewers.as_slice()).unwrap_or_default();
        for r in &all {
            let listed = |email: &str| {
                email.parse::<lettre::Address>().is_ok_and(|a| recipients::canonical(&a) == r.address)
                    || email.eq_ignore_ascii_case(&r.address)
            };
            if !reviewers.iter().any(|x| listed(&x.email)) {
                return Err(Error::refused(format!(
                    "{} is not a reviewer: a --draft test goes only to addresses in reviewers.yaml",
                    r.to
                )));
            }
        }
        let v = crate::render::render_variant(content, &project.templates, m, channel_name, channel, true)
            .map_err(|d| Error::refused(d.message))?;
        (v, RenderContext::new(content, m, channel_name, channel, true, false))
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
        (v, RenderContext::new(content, m, channel_name, channel, false, false))
    };
    let (html, text, images) =
        (part(&variant.files, "index.html"), part(&variant.files, "body.txt"), pictures(&variant.files));
    let slot = Slot::of(&variant.files, locale);
    if all.iter().any(|r| !r.last_name.is_empty()) && slot.is_none() {
        return Err(Error::refused(format!(
            "{} ({locale}) {channel_name} has no approved salutation slot: the recipients' names cannot be filled in",
            s.id
        ))
        .hint("the slot is the locale's greeting in index.html and body.txt with the Veeva salutation (`{{accTitle}} {{accLname}}`) in veeva-approved-email.html, as the built-in email template renders them; or drop the title and last_name columns"));
    }
    let transport = match s.smtp.map(str::to_string).or_else(|| std::env::var(SMTP_ENV).ok()) {
        Some(url) => Some((transport(&url)?, url)),
        None => None,
    };
    let transport_name = transport.as_ref().map_or_else(|| "outbox/".to_string(), |(_, url)| redact(url));
    // Who sends is part of the record: known before anything goes out.
    let sender = if s.dry_run { None } else { Some(log::sender(&ws.repo)?) };
    if !s.dry_run {
        log::check_writable(ws, s.id, locale, channel_name)?;
    }
    let now = Timestamp::now();
    let fingerprint = variant.fingerprint();
    let mut out = Outcome {
        subject: ctx.email.subject.clone(),
        transport: transport_name.clone(),
        sent: Vec::new(),
        suppressed,
        log: None,
    };
    let mut failure = None;
    for (i, r) in all.iter().enumerate() {
        let unique =
            crate::fingerprint::of_bytes(format!("{}\0{}\0{i}\0{}", now.0, r.address, std::process::id()).as_bytes());
        let tag = &unique[7..31];
        let id = crate::render::email::message_id(&ctx, tag).map_err(|d| Error::usage(d.message).hint(d.hint))?;
        let (html, text, salutation) = match (&slot, r.last_name.is_empty()) {
            (Some(slot), false) => {
                let (h, t, said) = slot.fill(&html, &text, &r.title, &r.last_name);
                (h, t, Some(said))
            }
            _ => (html.clone(), text.clone(), None),
        };
        let message = crate::render::email::message(
            &ctx,
            &html,
            &text,
            &images,
            &r.to,
            &id,
            UNIX_EPOCH + Duration::from_secs(now.0.max(0) as u64),
            tag,
        )
        .map_err(|d| Error::usage(d.message))?;
        if s.dry_run {
            out.sent.push(Sent { recipient: r.clone(), salutation, message_id: id, time: now, delivery: None });
            continue;
        }
        let delivery = match &transport {
            Some((t, url)) => match t.send(&message) {
                Ok(_) => Delivery::Smtp { server: redact(url) },
                Err(e) => {
                    failure = Some(smtp_error(&r.to, url, &e));
                    break;
                }
            },
            None => match to_outbox(ws, s.id, locale, channel_name, now, r, &message.formatted()) {
                Ok(file) => Delivery::Outbox { file },
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            },
        };
        out.sent.push(Sent {
            recipient: r.clone(),
            salutation,
            message_id: id,
            time: Timestamp::now(),
            delivery: Some(delivery),
        });
    }
    if let Some(sender) = sender
        && !out.sent.is_empty()
    {
        let record = log::Record {
            piece: s.id,
            locale,
            channel: channel_name,
            draft: s.draft,
            commit: approval::head(&ws.repo).map(|o| o.to_string()).unwrap_or_default(),
            fingerprint: &fingerprint,
            subject: &out.subject,
            from: ctx.product.sender.as_deref().unwrap_or(""),
            sent_by: &sender,
            transport: &transport_name,
            started: now,
            recipients_file: s.to_file,
            suppressed,
            sent: &out.sent,
            failure: failure.as_ref().map(|e: &Error| e.to_string()),
        };
        out.log = Some(log::commit(ws, &record, &sender)?);
    }
    if let Some(e) = failure {
        return Err(match &out.log {
            Some((path, _)) => {
                let hint = e.help().map(str::to_string).unwrap_or_default();
                Error::refused(format!("{e}; the {} sent before it are recorded in {path}", out.sent.len())).hint(hint)
            }
            None => e,
        });
    }
    Ok(out)
}

/// The approved salutation slot of an email variant: the locale's generic
/// greeting, once in `index.html` and once in `body.txt`, and the Veeva
/// salutation with its account tokens (`Dear {{accTitle}} {{accLname}},`)
/// in `veeva-approved-email.html` — all three approved with the variant.
/// Personalisation puts the Veeva salutation, its two tokens filled, where
/// the greeting is; every other byte stays as approved.
struct Slot {
    greeting: &'static str,
    salutation: &'static str,
}

impl Slot {
    fn of(files: &crate::render::Files, locale: &str) -> Option<Slot> {
        let strings = crate::render::strings::for_locale(locale);
        let esc = crate::render::text::escape_html;
        let once = |name: &str, needle: &str| part(files, name).matches(needle).count() == 1;
        (once("index.html", &esc(strings.greeting))
            && once("body.txt", strings.greeting)
            && part(files, "veeva-approved-email.html").contains(&esc(strings.veeva_salutation)))
        .then_some(Slot { greeting: strings.greeting, salutation: strings.veeva_salutation })
    }

    /// The HTML and text with the salutation for `title` and `last_name` in
    /// the slot, and the salutation as text.
    fn fill(&self, html: &str, text: &str, title: &str, last_name: &str) -> (String, String, String) {
        let esc = crate::render::text::escape_html;
        let said = fill_tokens(self.salutation, title, last_name);
        let said_html = fill_tokens(&esc(self.salutation), &esc(title), &esc(last_name));
        (html.replacen(&esc(self.greeting), &said_html, 1), text.replacen(self.greeting, &said, 1), said)
    }
}

/// `Dear {{accTitle}} {{accLname}},` with both tokens filled in one pass (a
/// value is never read for tokens); without a title, no double space.
fn fill_tokens(pattern: &str, title: &str, last_name: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + title.len() + last_name.len());
    let mut rest = pattern;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        if let Some(r) = after.strip_prefix("{{accTitle}}") {
            out.push_str(title);
            rest = r;
        } else if let Some(r) = after.strip_prefix("{{accLname}}") {
            out.push_str(last_name);
            rest = r;
        } else {
            out.push_str("{{");
            rest = &after[2..];
        }
    }
    out.push_str(rest);
    if title.is_empty() {
        let collapsed = out.replace("  ", " ");
        return collapsed.replace(" ,", ",").replace(" :", ":").replace(" !", "!");
    }
    out
}

/// Writes one message to `outbox/`, never through a link, never over a file.
fn to_outbox(
    ws: &Workspace,
    id: &str,
    locale: &str,
    channel: &str,
    now: Timestamp,
    r: &Recipient,
    bytes: &[u8],
) -> Result<PathBuf, Error> {
    let outbox = ws.root.join("outbox");
    if outbox.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Error::usage(format!(
            "{} is a symbolic link (symlink): unisono writes nothing through links",
            outbox.display()
        ))
        .hint("remove the link; outbox/ is a plain folder in the workspace"));
    }
    let safe: String =
        r.address.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '@' { c } else { '_' }).collect();
    let file = ws.root.join("outbox").join(format!("{}-{id}-{locale}-{channel}-{safe}.eml", now.compact()));
    let rel = file.strip_prefix(&ws.root).unwrap_or(&file).to_string_lossy().into_owned();
    writer::write_own(&ws.root, &rel, bytes)?;
    Ok(file)
}

/// A failed SMTP send, with what to do about it.
fn smtp_error(to: &str, url: &str, e: &lettre::transport::smtp::Error) -> Error {
    let text = e.to_string();
    if text.contains("STARTTLS") {
        let rest = redact(url).split_once("://").map(|(_, r)| r.to_string()).unwrap_or_default();
        let host = rest.split('/').next().unwrap_or("").rsplit_once(':').map_or(rest.as_str(), |(h, _)| h);
        let host = host.trim_matches(['[', ']']);
        let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
        let error = Error::usage(format!(
            "the SMTP server at {} does not offer STARTTLS, and smtp:// sends only encrypted; nothing was sent to {to}",
            redact(url)
        ));
        return if loopback {
            error.hint(format!(
                "this is a server on this machine: if it is a test server, send unencrypted with smtp+insecure://{rest} (allowed only to loopback)"
            ))
        } else {
            error.hint("use smtps://host:465, or the port of the server that offers STARTTLS (587)")
        };
    }
    Error::refused(format!("sending to {to} via {} failed: {e}", redact(url)))
}

/// The PNG files an email's HTML shows (the logo, charts), sent with it.
fn pictures(files: &crate::render::Files) -> Vec<(String, Vec<u8>)> {
    files.iter().filter(|(n, _)| n.ends_with(".png") && !n.contains('/')).map(|(n, b)| (n.clone(), b.clone())).collect()
}

fn part(files: &crate::render::Files, name: &str) -> String {
    files.get(name).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default()
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
