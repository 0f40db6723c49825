//! The content model: every file of a workspace parsed, validated and
//! cross-checked, with every problem reported as a diagnostic.
//!
//! [`load`] never stops at the first problem: it reads everything it can and
//! reports all it finds, so a writer fixes a file once, not once per error.

pub mod config;
pub mod journey;
pub mod library;
pub mod logo;
pub mod markdown;
pub mod message;
pub mod numbers;
pub mod theme;
pub mod yaml;

use crate::diag::{Diagnostic, LineIndex, Pos, SourceLines, did_you_mean};
use crate::workspace::{File, MAX_FILE_BYTES, Snapshot};
pub use config::{Audience, Channel, ChannelKind, ChannelsFile, Policy, Reviewer, ReviewersFile};
pub use library::{Claim, ClaimStatus, ClaimsFile, GlossaryFile, GlossaryLocale, Product, ProductLocale};
pub use message::{MasterMessage, Stage};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The largest logo file read, in bytes.
pub const MAX_LOGO_BYTES: usize = 256 * 1024;

/// Everything in a workspace, parsed.
#[derive(Debug, Default)]
pub struct Content {
    /// Channels by name (`channels.yaml`).
    pub channels: BTreeMap<String, Channel>,
    /// The audiences `channels.yaml` declares; `None` when it declares none
    /// (then `audience:` values are not checked).
    pub audiences: Option<Vec<Audience>>,
    /// Reviewers and policy (`reviewers.yaml`), if it could be read.
    pub reviewers: Option<ReviewersFile>,
    /// Products by id.
    pub products: BTreeMap<String, Product>,
    /// Claims and references.
    pub claims: ClaimsFile,
    /// Termbase by locale.
    pub glossary: GlossaryFile,
    /// Journeys by id (`journeys/<id>.yaml`).
    pub journeys: BTreeMap<String, journey::Journey>,
    /// Messages that parsed, sorted by (id, locale, file): lookups rely on it.
    pub messages: Vec<MasterMessage>,
    /// Source text of every file read, for showing diagnostics.
    pub texts: BTreeMap<PathBuf, String>,
    /// Files the content points to (a theme's logo), by workspace path.
    pub assets: BTreeMap<PathBuf, Vec<u8>>,
}

impl Content {
    /// The messages with id `id` (master and translations): a slice, since
    /// `messages` is sorted by (id, locale).
    pub fn with_id(&self, id: &str) -> &[MasterMessage] {
        let start = self.messages.partition_point(|m| m.id() < id);
        let end = start + self.messages[start..].partition_point(|m| m.id() == id);
        &self.messages[start..end]
    }

    /// The master (not a translation) with id `id`.
    pub fn master(&self, id: &str) -> Option<&MasterMessage> {
        self.with_id(id).iter().find(|m| !m.is_translation)
    }

    /// The message `id` in `locale` (master or translation).
    pub fn message(&self, id: &str, locale: &str) -> Option<&MasterMessage> {
        self.with_id(id).iter().find(|m| m.locale() == locale)
    }

    /// Whether some journey sends message `id` on `channel` with `covers:
    /// undiscussed`: its variants then carry a form for every subset of the
    /// key messages.
    pub fn covers_undiscussed(&self, id: &str, channel: &str) -> bool {
        self.journeys
            .values()
            .flat_map(|j| &j.steps)
            .any(|s| s.message == id && s.channel == channel && s.covers == journey::Covers::Undiscussed)
    }

    /// The channels a message goes to, in `channels.yaml` order, that exist.
    pub fn channels_of<'a>(&'a self, m: &'a MasterMessage) -> Vec<(&'a str, &'a Channel)> {
        self.channels
            .iter()
            .filter(|(name, _)| m.front.channels.as_ref().is_none_or(|list| list.contains(name)))
            .map(|(n, c)| (n.as_str(), c))
            .collect()
    }
}

impl SourceLines for Content {
    fn source_line(&self, file: &Path, line: usize) -> Option<String> {
        self.texts.get(file)?.lines().nth(line.checked_sub(1)?).map(str::to_string)
    }
}

/// The result of loading: the content that could be read, and what is wrong.
pub struct Loaded {
    pub content: Content,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// `[a-z0-9][a-z0-9-]*`: message, product and channel ids (they become paths).
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && id.len() <= 100
}

/// `[A-Z0-9][A-Z0-9-]*`: claim and reference ids.
pub fn is_valid_claim_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// A BCP 47 tag of the shape unisono supports: `ll[-Script][-RR|-999]`.
pub fn is_valid_locale(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    if !(2..=3).contains(&lang.len()) || !lang.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    let rest: Vec<&str> = parts.collect();
    let (script, region) = match rest.as_slice() {
        [] => (None, None),
        [a] if a.len() == 4 => (Some(*a), None),
        [a] => (None, Some(*a)),
        [a, b] => (Some(*a), Some(*b)),
        _ => return false,
    };
    let script_ok = script.is_none_or(|s| {
        s.len() == 4
            && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && s.chars().skip(1).all(|c| c.is_ascii_lowercase())
    });
    let region_ok = region.is_none_or(|r| {
        (r.len() == 2 && r.chars().all(|c| c.is_ascii_uppercase()))
            || (r.len() == 3 && r.chars().all(|c| c.is_ascii_digit()))
    });
    script_ok && region_ok
}

/// `YYYY-MM-DD`, a real calendar date.
pub fn is_valid_date(s: &str) -> bool {
    parse_date(s).is_some()
}

/// The years a content date (a launch, a date of preparation) may fall in:
/// anything outside is a typo, and date arithmetic stays far from the limits.
pub const CONTENT_YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// The longest approval validity a policy may set (100 years).
pub const MAX_VALID_FOR_MONTHS: u32 = 1200;

/// Parses `YYYY-MM-DD` into (year, month, day).
pub use crate::date::parse_ymd as parse_date;

/// The diagnostic for a content date `s` that is not a date, or not in
/// [`CONTENT_YEARS`]; `what` names it for the hint ("the launch date").
pub(crate) fn content_date_problem(file: &Path, s: &str, pos: Pos, what: &str) -> Option<Diagnostic> {
    match parse_date(s) {
        None => Some(
            Diagnostic::error(crate::codes::INVALID_DATE, file, format!("`{s}` is not a date"))
                .at(pos)
                .hint(format!("write {what} as YYYY-MM-DD")),
        ),
        Some((y, ..)) if !CONTENT_YEARS.contains(&y) => Some(
            Diagnostic::error(
                crate::codes::DATE_OUT_OF_RANGE,
                file,
                format!("`{s}` is outside the years {}-{} unisono accepts", CONTENT_YEARS.start(), CONTENT_YEARS.end()),
            )
            .at(pos)
            .hint(format!("check the year of {what}")),
        ),
        Some(_) => None,
    }
}

/// Reads and validates every file of the snapshot.
pub fn load(snap: &Snapshot) -> Loaded {
    load_cached(snap, &mut ParseCache::default())
}

/// Parsed message files kept between loads (by `watch`): a file whose bytes
/// did not change is not parsed again.
///
/// A load moves each message and its text into the [`Content`] it makes
/// (no copy); [`ParseCache::recycle`] takes them back from that content
/// before the next load. The default cache keeps nothing (a one-off load).
#[derive(Default)]
pub struct ParseCache {
    entries: std::collections::HashMap<PathBuf, CachedMessage>,
    keep: bool,
}

struct CachedMessage {
    text: String,
    message: Option<MasterMessage>,
    diagnostics: Vec<Diagnostic>,
    /// The text and message are in a `Content`, not here.
    lent: bool,
}

impl ParseCache {
    /// A cache that keeps parsed messages between loads.
    pub fn keeping() -> Self {
        ParseCache { entries: Default::default(), keep: true }
    }

    /// Takes back the messages and texts a previous load lent to `content`.
    pub fn recycle(&mut self, mut content: Content) {
        for m in std::mem::take(&mut content.messages) {
            if let Some(entry) = self.entries.get_mut(&m.file)
                && entry.lent
                && let Some(text) = content.texts.remove(&m.file)
            {
                entry.text = text;
                entry.message = Some(m);
                entry.lent = false;
            }
        }
    }
}

/// [`load`], reusing and updating `cache`.
pub fn load_cached(snap: &Snapshot, cache: &mut ParseCache) -> Loaded {
    let mut l = Loader { snap, diags: Vec::new(), content: Content::default(), cache };
    l.report_symlinks();
    l.load_channels();
    l.load_reviewers();
    l.load_products();
    let claims_ok = l.load_claims();
    l.load_glossary();
    l.load_messages();
    l.cross_check(claims_ok);
    l.load_journeys();
    l.unexpected_files();
    let mut diagnostics = l.diags;
    crate::diag::sort(&mut diagnostics);
    Loaded { content: l.content, diagnostics }
}

struct Loader<'a> {
    snap: &'a Snapshot,
    diags: Vec<Diagnostic>,
    content: Content,
    cache: &'a mut ParseCache,
}

impl Loader<'_> {
    /// A committed link could make unisono read or write outside the
    /// workspace (`templates -> ~/.ssh`, `dist -> /srv`): each is an error
    /// at its path, and nothing is read through it.
    fn report_symlinks(&mut self) {
        for (path, target) in &self.snap.symlinks {
            self.diags.push(
                Diagnostic::error(
                    crate::codes::SYMLINK,
                    path,
                    format!("a symbolic link (to `{target}`): unisono reads and writes nothing through links"),
                )
                .hint("replace the link by the real file or folder, or remove it (`git rm --cached` if committed)"),
            );
        }
    }

    /// The file's text, or a diagnostic when it is missing, too large or not UTF-8.
    fn text(&mut self, path: &Path) -> Option<String> {
        let file = self.snap.get(path)?;
        match decode(path, file) {
            Ok(s) => {
                self.content.texts.insert(path.to_path_buf(), s.clone());
                Some(s)
            }
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }

    /// Reads and checks channels.yaml (an error when it is missing).
    fn load_channels(&mut self) {
        let path = Path::new("channels.yaml");
        if self.snap.get(path).is_none() {
            self.diags.push(
                Diagnostic::error(crate::codes::MISSING_FILE, path, "the workspace has no channels.yaml")
                    .hint("create it (see the README), or start from `unisono init DIR`"),
            );
            return;
        }
        let Some(text) = self.text(path) else { return };
        let file: ChannelsFile = match yaml::parse(path, &text, 1) {
            Ok(f) => f,
            Err(d) => return self.diags.push(d),
        };
        for (name, ch) in &file.channels {
            self.check_channel(path, &text, name, ch);
        }
        self.check_audience_list(path, &text, file.audiences.as_deref().unwrap_or_default());
        self.content.audiences = file.audiences.filter(|a| !a.is_empty());
        if file.channels.is_empty() {
            self.diags.push(
                Diagnostic::error(crate::codes::NO_CHANNELS, path, "channels.yaml defines no channels")
                    .at(Pos::new(1, 1))
                    .hint("add at least one channel under `channels:`"),
            );
        }
        self.content.channels = file.channels;
    }

    /// Reads and checks reviewers.yaml: the approval policy and the reviewers.
    fn load_reviewers(&mut self) {
        let path = Path::new("reviewers.yaml");
        if self.snap.get(path).is_none() {
            self.diags.push(
                Diagnostic::warning(
                    crate::codes::MISSING_FILE,
                    path,
                    "the workspace has no reviewers.yaml: nothing can be approved",
                )
                .hint("create it with the approval policy and the reviewers' roles and SSH keys (see the README)"),
            );
            return;
        }
        let Some(text) = self.text(path) else { return };
        let file: ReviewersFile = match yaml::parse(path, &text, 1) {
            Ok(f) => f,
            Err(d) => return self.diags.push(d),
        };
        let ppos = yaml::key_pos(&text, &["policy"]).unwrap_or_default();
        self.check_policy(path, &text, &file, ppos);
        for i in 0..file.reviewers.len() {
            self.check_reviewer(path, &text, &file, i, ppos);
        }
        self.content.reviewers = Some(file);
    }

    /// Reads and checks every content/products/*.yaml; duplicate ids are reported.
    fn load_products(&mut self) {
        let paths: Vec<PathBuf> = self.snap.under("content/products").map(|(p, _)| p.clone()).collect();
        for path in paths {
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let Some(text) = self.text(&path) else {
                continue;
            };
            let mut product: Product = match yaml::parse(&path, &text, 1) {
                Ok(p) => p,
                Err(d) => {
                    self.diags.push(d);
                    continue;
                }
            };
            product.file = path.clone();
            self.check_product(&path, &text, &product);
            self.load_theme(&path, &text, &product);
            let key = |k: &[&str]| yaml::key_pos(&text, k).unwrap_or(Pos::new(1, 1));
            if let Some(other) = self.content.products.get(&product.id) {
                let _ = other;
                self.diags.push(
                    Diagnostic::error(
                        crate::codes::DUPLICATE_ID,
                        &path,
                        format!("product `{}` is defined twice", product.id),
                    )
                    .at(key(&["id"]))
                    .hint("each product has one file"),
                );
                continue;
            }
            self.content.products.insert(product.id.clone(), product);
        }
    }

    /// Reads and checks content/claims.yaml; false when it exists but could not be read.
    fn load_claims(&mut self) -> bool {
        let path = Path::new("content/claims.yaml");
        if self.snap.get(path).is_none() {
            return true;
        }
        let Some(text) = self.text(path) else {
            return false;
        };
        let file: ClaimsFile = match yaml::parse(path, &text, 1) {
            Ok(f) => f,
            Err(d) => {
                self.diags.push(d);
                return false;
            }
        };
        let mut used_refs = std::collections::BTreeSet::new();
        for (id, claim) in &file.claims {
            self.check_claim(path, &text, &file, id, claim, &mut used_refs);
            self.check_claim_data(path, &text, id, claim);
        }
        self.check_references(path, &text, &file, &used_refs);
        self.content.claims = file;
        true
    }

    fn load_glossary(&mut self) {
        let path = Path::new("content/glossary.yaml");
        if self.snap.get(path).is_none() {
            return;
        }
        let Some(text) = self.text(path) else { return };
        let file: GlossaryFile = match yaml::parse(path, &text, 1) {
            Ok(f) => f,
            Err(d) => return self.diags.push(d),
        };
        for loc in file.keys() {
            if !is_valid_locale(loc) {
                self.diags.push(
                    Diagnostic::error(crate::codes::INVALID_LOCALE, path, format!("`{loc}` is not a BCP 47 locale"))
                        .at(yaml::key_pos(&text, &[loc]).unwrap_or_default())
                        .hint("the glossary's top-level keys are locales, e.g. en-GB"),
                );
            }
        }
        self.content.glossary = file;
    }

    fn load_messages(&mut self) {
        use rayon::prelude::*;
        let files: Vec<(&PathBuf, &File)> =
            self.snap.under("content/messages").filter(|(p, _)| p.extension().is_some_and(|e| e == "md")).collect();
        let cache = &self.cache.entries;
        // Unchanged files come from the cache; the others are parsed in parallel.
        let parsed: Vec<(PathBuf, Option<CachedMessage>, Option<Diagnostic>)> = files
            .par_iter()
            .map(|(path, file)| {
                let bytes = match file {
                    File::Bytes(b) => b,
                    File::TooLarge(_) => return ((*path).clone(), None, decode(path, file).err()),
                };
                // The text is the file's bytes without a byte-order mark
                // (see `decode`): the same text parses the same.
                let unmarked = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
                if let Some(c) = cache.get(*path)
                    && !c.lent
                    && c.text.as_bytes() == unmarked
                {
                    return ((*path).clone(), None, None);
                }
                match decode(path, file) {
                    Ok(text) => {
                        let mut diagnostics = Vec::new();
                        let message = message::parse(path, &text, &mut diagnostics);
                        let entry = CachedMessage { text, message, diagnostics, lent: false };
                        ((*path).clone(), Some(entry), None)
                    }
                    Err(d) => ((*path).clone(), None, Some(d)),
                }
            })
            .collect();
        let present: std::collections::HashSet<&PathBuf> = files.iter().map(|(p, _)| *p).collect();
        self.cache.entries.retain(|p, _| present.contains(p));
        for (path, fresh, error) in parsed {
            if let Some(d) = error {
                self.cache.entries.remove(&path);
                self.diags.push(d);
                continue;
            }
            let entry = match fresh {
                Some(entry) => self.cache.entries.entry(path.clone()).insert_entry(entry).into_mut(),
                None => match self.cache.entries.get_mut(&path) {
                    Some(entry) => entry,
                    None => continue,
                },
            };
            // Lent, not copied: the cache takes them back in `recycle`.
            self.content.texts.insert(path.clone(), std::mem::take(&mut entry.text));
            self.diags.extend(entry.diagnostics.iter().cloned());
            if let Some(m) = entry.message.take() {
                self.content.messages.push(m);
            }
            entry.lent = true;
        }
        if !self.cache.keep {
            self.cache.entries.clear();
        }
        self.content.messages.sort_by(|a, b| (a.id(), a.locale(), &a.file).cmp(&(b.id(), b.locale(), &b.file)));
    }

    /// Checks one channel of channels.yaml: its name, templates, limits, size and speed.
    fn check_channel(&mut self, path: &Path, text: &str, name: &str, ch: &Channel) {
        let pos = yaml::key_pos(text, &["channels", name]).unwrap_or_default();
        if !is_valid_id(name) {
            self.diags.push(
                Diagnostic::error(crate::codes::INVALID_ID, path, format!("channel name `{name}` is not allowed"))
                    .at(pos)
                    .hint("channel names are folder names: lower-case letters, digits and hyphens"),
            );
        }
        self.check_channel_templates(path, text, name, ch, pos);
        let allowed = ch.kind.limit_names();
        for limit in ch.limits.set_names() {
            if !allowed.contains(&limit) {
                self.diags.push(
                    Diagnostic::warning(
                        crate::codes::LIMIT_NOT_APPLICABLE,
                        path,
                        format!("limit `{limit}` does not apply to kind `{}`", ch.kind.name()),
                    )
                    .at(yaml::key_pos(text, &["channels", name, "limits", limit]).unwrap_or(pos))
                    .hint(format!("limits of this kind: {}", allowed.join(", "))),
                );
            }
        }
        if let Some([w, h]) = ch.size
            && (w == 0 || h == 0 || w > 8192 || h > 8192)
        {
            self.diags.push(
                Diagnostic::error(crate::codes::INVALID_VALUE, path, format!("size [{w}, {h}] is out of range"))
                    .at(yaml::key_pos(text, &["channels", name, "size"]).unwrap_or(pos))
                    .hint("give width and height in pixels, e.g. [1024, 768]"),
            );
        }
        if ch.words_per_minute == Some(0) {
            self.diags.push(
                Diagnostic::error(crate::codes::INVALID_VALUE, path, "words_per_minute must be positive")
                    .at(yaml::key_pos(text, &["channels", name, "words_per_minute"]).unwrap_or(pos))
                    .hint("typical voice-over speed is 130-160"),
            );
        }
    }

    /// Checks the audiences channels.yaml declares: ids, each once.
    fn check_audience_list(&mut self, path: &Path, text: &str, audiences: &[Audience]) {
        let at = yaml::key_pos(text, &["audiences"]).unwrap_or(Pos::new(1, 1));
        for (i, a) in audiences.iter().enumerate() {
            let pos = yaml::list_value_pos(text, at.line, a.id()).unwrap_or(at);
            if !is_valid_id(a.id()) {
                self.diags.push(
                    Diagnostic::error(crate::codes::INVALID_ID, path, format!("audience `{}` is not allowed", a.id()))
                        .at(pos)
                        .hint("audience ids are lower-case letters, digits and hyphens, e.g. primary-care"),
                );
            } else if audiences[..i].iter().any(|o| o.id() == a.id()) {
                self.diags.push(
                    Diagnostic::error(
                        crate::codes::DUPLICATE_ID,
                        path,
                        format!("audience `{}` is listed twice", a.id()),
                    )
                    .at(yaml::list_value_pos_after(text, at.line, a.id(), pos.line).unwrap_or(pos))
                    .hint("list each audience once"),
                );
            }
        }
    }

    /// Checks the templates a channel names: roles of its kind, paths inside templates/.
    fn check_channel_templates(&mut self, path: &Path, text: &str, name: &str, ch: &Channel, pos: Pos) {
        let roles: Vec<&str> = ch.kind.default_templates().iter().map(|(r, _)| *r).collect();
        for (role, tpl) in &ch.templates {
            let tpos = yaml::key_pos(text, &["channels", name, "templates", role]).unwrap_or(pos);
            if !roles.contains(&role.as_str()) {
                self.diags.push(
                    Diagnostic::error(
                        crate::codes::UNKNOWN_KEY,
                        path,
                        format!("`{role}` is not a template of kind `{}`", ch.kind.name()),
                    )
                    .at(tpos)
                    .hint(
                        format!(
                            "{} (templates of this kind: {})",
                            did_you_mean(role, roles.iter().copied()),
                            roles.join(", ")
                        )
                        .trim_start()
                        .to_string(),
                    ),
                );
            }
            if tpl.contains("..") || tpl.starts_with('/') || tpl.contains('\\') {
                self.diags.push(
                    Diagnostic::error(
                        crate::codes::INVALID_PATH,
                        path,
                        format!("template path `{tpl}` leaves templates/"),
                    )
                    .at(tpos)
                    .hint("name a file inside templates/, e.g. email-congress.mjml.tera"),
                );
            }
        }
    }

    /// Checks the approval policy of reviewers.yaml: roles required, validity, a reviewer per role.
    fn check_policy(&mut self, path: &Path, text: &str, file: &ReviewersFile, ppos: Pos) {
        if file.policy.required_roles.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    crate::codes::INVALID_VALUE,
                    path,
                    "the policy requires no roles: anything would count as approved",
                )
                .at(yaml::key_pos(text, &["policy", "required_roles"]).unwrap_or(ppos))
                .hint("list the roles that must approve, e.g. [medical, legal, regulatory]"),
            );
        }
        if !(1..=MAX_VALID_FOR_MONTHS).contains(&file.policy.valid_for_months) {
            self.diags.push(
                Diagnostic::error(
                    crate::codes::INVALID_VALUE,
                    path,
                    format!("valid_for_months must be 1-{MAX_VALID_FOR_MONTHS}, not {}", file.policy.valid_for_months),
                )
                .at(yaml::key_pos(text, &["policy", "valid_for_months"]).unwrap_or(ppos))
                .hint("approvals are typically re-certified every 24 months"),
            );
        }
        for role in &file.policy.required_roles {
            if !file.reviewers.iter().any(|r| r.roles.contains(role)) {
                self.diags.push(
                    Diagnostic::warning(
                        crate::codes::ROLE_WITHOUT_REVIEWER,
                        path,
                        format!("no reviewer holds the required role `{role}`"),
                    )
                    .at(yaml::key_pos(text, &["policy", "required_roles"])
                        .and_then(|p| yaml::list_value_pos(text, p.line, role))
                        .unwrap_or(ppos))
                    .span(role.chars().count())
                    .hint("add a reviewer with this role, or nothing can be fully approved"),
                );
            }
        }
        let withdraw = &file.policy.withdraw_roles;
        if !withdraw.is_empty() && !file.reviewers.iter().any(|r| r.roles.iter().any(|x| withdraw.contains(x))) {
            self.diags.push(
                Diagnostic::warning(
                    crate::codes::ROLE_WITHOUT_REVIEWER,
                    path,
                    format!("no reviewer holds a withdraw role ({}): nobody can withdraw", withdraw.join(", ")),
                )
                .at(yaml::key_pos(text, &["policy", "withdraw_roles"]).unwrap_or(ppos))
                .hint("give the people who pull content (e.g. marketing) one of these roles"),
            );
        }
    }

    /// Checks reviewer `i` of reviewers.yaml: email, unique, known roles, SSH keys.
    fn check_reviewer(&mut self, path: &Path, text: &str, file: &ReviewersFile, i: usize, ppos: Pos) {
        let r = &file.reviewers[i];
        let item = yaml::item_pos(text, "reviewers", i, "name").unwrap_or(ppos);
        let rpos = yaml::item_pos(text, "reviewers", i, "email").unwrap_or(item);
        let roles_pos = yaml::item_pos(text, "reviewers", i, "roles").unwrap_or(item);
        let keys_pos = yaml::item_pos(text, "reviewers", i, "keys").unwrap_or(item);
        if !r.email.contains('@') {
            self.diags.push(
                Diagnostic::error(crate::codes::INVALID_VALUE, path, format!("`{}` is not an email address", r.email))
                    .at(rpos)
                    .hint("reviewers are identified by their email address"),
            );
        }
        if file.reviewers[..i].iter().any(|o| o.email.eq_ignore_ascii_case(&r.email)) {
            self.diags.push(
                Diagnostic::error(crate::codes::DUPLICATE_ID, path, format!("reviewer `{}` is listed twice", r.email))
                    .at(rpos)
                    .hint("list each person once, with all their roles and keys"),
            );
        }
        for role in &r.roles {
            if !file.policy.declares(role) {
                let p = &file.policy;
                let known = p.required_roles.iter().chain(&p.owners).chain(&p.withdraw_roles).map(String::as_str);
                self.diags.push(
                    Diagnostic::warning(
                        crate::codes::UNKNOWN_ROLE,
                        path,
                        format!("role `{role}` of {} is not a role the policy names", r.name),
                    )
                    .at(yaml::list_value_pos(text, roles_pos.line, role).unwrap_or(roles_pos))
                    .span(role.chars().count())
                    .hint(
                        format!(
                            "{} required roles: {}; declare other roles in the policy, e.g. `withdraw_roles: [{role}]` for those who may withdraw",
                            did_you_mean(role, known),
                            p.required_roles.join(", ")
                        )
                        .trim_start()
                        .to_string(),
                    ),
                );
            }
        }
        if r.keys.is_empty() {
            self.diags.push(
                Diagnostic::error(crate::codes::MISSING_KEY, path, format!("{} has no SSH key", r.name))
                    .at(keys_pos)
                    .hint("add the public key they sign with, e.g. the contents of ~/.ssh/id_ed25519.pub"),
            );
        }
        for key in &r.keys {
            if !looks_like_ssh_key(key) {
                let kpos = yaml::text_pos(text, key.split_whitespace().next().unwrap_or(key), keys_pos.line)
                    .unwrap_or(keys_pos);
                self.diags.push(
                    Diagnostic::error(
                        crate::codes::INVALID_KEY,
                        path,
                        format!("key of {} is not an OpenSSH public key", r.name),
                    )
                    .at(kpos)
                    .hint("paste the whole line of the .pub file: `ssh-ed25519 AAAA... comment`"),
                );
            }
        }
    }

    /// Checks one product file: id matching the file name, launch date, locales present.
    fn check_product(&mut self, path: &Path, text: &str, product: &Product) {
        let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        let key = |k: &[&str]| yaml::key_pos(text, k).unwrap_or(Pos::new(1, 1));
        if !is_valid_id(&product.id) {
            self.diags.push(
                Diagnostic::error(
                    crate::codes::INVALID_ID,
                    path,
                    format!("product id `{}` is not allowed", product.id),
                )
                .at(key(&["id"]))
                .hint("ids are lower-case letters, digits and hyphens"),
            );
        } else if product.id != stem {
            self.diags.push(
                Diagnostic::error(
                    crate::codes::ID_MISMATCH,
                    path,
                    format!("product id `{}` does not match the file name `{stem}`", product.id),
                )
                .at(key(&["id"]))
                .hint(format!("rename the file to `{}.yaml` or set `id: {stem}`", product.id)),
            );
        }
        if let Some(d) = content_date_problem(path, &product.launched, key(&["launched"]), "the launch date") {
            self.diags.push(d);
        }
        if product.locales.is_empty() {
            self.diags.push(
                Diagnostic::error(crate::codes::MISSING_KEY, path, "the product has no locales")
                    .at(key(&["locales"]))
                    .hint("add the ISI, PI link, AE statement and company for at least one locale"),
            );
        }
        for (loc, pl) in &product.locales {
            self.check_product_locale(path, text, loc, pl);
        }
    }

    /// Checks a product's theme and reads its logo into `content.assets`:
    /// colours `#rrggbb`, a font list of plain names, a logo that is an SVG
    /// file under `content/` of at most [`MAX_LOGO_BYTES`].
    fn load_theme(&mut self, path: &Path, text: &str, product: &Product) {
        let Some(theme) = &product.theme else { return };
        let key = |k: &[&str]| yaml::key_pos(text, k).unwrap_or(Pos::new(1, 1));
        for (name, colour) in
            [("primary", &theme.colors.primary), ("accent", &theme.colors.accent), ("text", &theme.colors.text)]
        {
            if let Some(c) = colour.as_deref().filter(|c| !theme::is_colour(c)) {
                self.diags.push(
                    Diagnostic::error(
                        crate::codes::INVALID_VALUE,
                        path,
                        format!("theme colour {name} `{c}` is not a hex colour"),
                    )
                    .at(key(&["theme", "colors", name]))
                    .hint("write it as \"#rrggbb\", e.g. primary: \"#0B5563\" (quoted: YAML reads # as a comment)"),
                );
            }
        }
        if let Some(f) = theme.font.as_deref().filter(|f| theme::font_css(f).is_none()) {
            self.diags.push(
                Diagnostic::error(
                    crate::codes::INVALID_VALUE,
                    path,
                    format!("theme font `{f}` is not a list of font names"),
                )
                .at(key(&["theme", "font"]))
                .hint("list font names separated by commas, e.g. \"Source Sans 3, Helvetica, Arial, sans-serif\""),
            );
        }
        let Some(logo) = &theme.logo else { return };
        let pos = key(&["theme", "logo"]);
        let rel = PathBuf::from(logo);
        let problem =
            if !rel.starts_with("content") || !rel.components().all(|c| matches!(c, std::path::Component::Normal(_))) {
                Some("is not a file under content/".to_string())
            } else if rel.extension().is_none_or(|e| !e.eq_ignore_ascii_case("svg")) {
                Some("is not an SVG file (.svg)".to_string())
            } else {
                match self.snap.get(&rel) {
                    None => Some("does not exist (or is a link, which is never followed)".to_string()),
                    Some(crate::workspace::File::TooLarge(n)) => Some(format!("is {n} bytes, over the limit")),
                    Some(crate::workspace::File::Bytes(b)) if b.len() > MAX_LOGO_BYTES => {
                        Some(format!("is {} bytes; a logo may have at most {MAX_LOGO_BYTES}", b.len()))
                    }
                    Some(crate::workspace::File::Bytes(b)) => match logo::check(b) {
                        Ok(()) => {
                            self.content.assets.insert(rel.clone(), b.clone());
                            None
                        }
                        Err(why) => Some(format!("is not a usable SVG: {why}")),
                    },
                }
            };
        if let Some(why) = problem {
            self.diags.push(
                Diagnostic::error(crate::codes::INVALID_PATH, path, format!("theme logo `{logo}` {why}"))
                    .at(pos)
                    .hint("point `logo:` at an SVG file of the workspace, e.g. content/assets/logo.svg"),
            );
        }
    }

    /// Checks one locale of a product: a valid tag, a usable ISI, http(s) URLs, no empty field.
    fn check_product_locale(&mut self, path: &Path, text: &str, loc: &str, pl: &ProductLocale) {
        let key = |k: &[&str]| yaml::key_pos(text, k).unwrap_or(Pos::new(1, 1));
        let lpos = key(&["locales", loc]);
        if !is_valid_locale(loc) {
            self.diags.push(
                Diagnostic::error(crate::codes::INVALID_LOCALE, path, format!("`{loc}` is not a BCP 47 locale"))
                    .at(lpos)
                    .hint("write language-REGION, e.g. en-GB"),
            );
        }
        if markdown::nesting_too_deep(&pl.isi).is_some() {
            self.diags.push(
                Diagnostic::error(
                    crate::codes::NESTING_TOO_DEEP,
                    path,
                    format!("the {loc} ISI is Markdown nested more than {} levels deep", markdown::MAX_NESTING),
                )
                .at(key(&["locales", loc, "isi"]))
                .hint("flatten the quotes, lists or emphasis of the ISI: no channel can show this nesting"),
            );
        }
        for (field, url) in [("pi_url", &pl.pi_url), ("unsubscribe_url", &pl.unsubscribe_url)] {
            if !url.starts_with("https://") && !url.starts_with("http://") {
                self.diags.push(
                    Diagnostic::error(
                        crate::codes::INVALID_URL,
                        path,
                        format!("`{field}` `{url}` is not an http(s) address"),
                    )
                    .at(key(&["locales", loc, field]))
                    .hint("write the full address, starting with https://"),
                );
            }
        }
        if let Some(sender) = &pl.sender
            && (sender.parse::<lettre::message::Mailbox>().is_err() || pl.sender_domain().is_none())
        {
            self.diags.push(
                Diagnostic::error(crate::codes::INVALID_VALUE, path, format!("`sender` `{sender}` is not a mailbox"))
                    .at(key(&["locales", loc, "sender"]))
                    .hint("write `sender: Name <address@your-domain>`"),
            );
        }
        for (field, value) in [
            ("isi", &pl.isi),
            ("isi_short", &pl.isi_short),
            ("ae_statement", &pl.ae_statement),
            ("company", &pl.company),
        ] {
            if value.trim().is_empty() {
                self.diags.push(
                    Diagnostic::error(crate::codes::MISSING_KEY, path, format!("`{field}` is empty for {loc}"))
                        .at(key(&["locales", loc, field]))
                        .hint("every locale needs its ISI, spoken safety statement, AE statement and company address"),
                );
            }
        }
        // A locale's own brand or generic, when given, is a name: an empty
        // one would print as nothing in titles and footers.
        for (field, value) in [("brand", &pl.brand), ("generic", &pl.generic)] {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                self.diags.push(
                    Diagnostic::error(crate::codes::MISSING_KEY, path, format!("`{field}` is empty for {loc}"))
                        .at(key(&["locales", loc, field]))
                        .hint(format!("write the {loc} {field} name, or remove `{field}:` to use the product's own")),
                );
            }
        }
    }

    /// Checks one claim of claims.yaml: id, wording per locale, references cited (added to `used_refs`).
    fn check_claim(
        &mut self,
        path: &Path,
        text: &str,
        file: &ClaimsFile,
        id: &str,
        claim: &Claim,
        used_refs: &mut std::collections::BTreeSet<String>,
    ) {
        let cpos = yaml::key_pos(text, &["claims", id]).unwrap_or_default();
        if !is_valid_claim_id(id) {
            self.diags.push(
                Diagnostic::error(crate::codes::INVALID_ID, path, format!("claim id `{id}` is not allowed"))
                    .at(cpos)
                    .hint("claim ids are upper-case letters, digits and hyphens, e.g. CZ-EFF-01"),
            );
        }
        for (loc, wording) in &claim.text {
            let lpos = yaml::key_pos(text, &["claims", id, "text", loc]).unwrap_or(cpos);
            if !is_valid_locale(loc) {
                self.diags.push(
                    Diagnostic::error(crate::codes::INVALID_LOCALE, path, format!("`{loc}` is not a BCP 47 locale"))
                        .at(lpos)
                        .hint("write language-REGION, e.g. en-GB"),
                );
            }
            if wording.trim().is_empty() {
                self.diags.push(
                    Diagnostic::error(
                        crate::codes::MISSING_KEY,
                        path,
                        format!("claim `{id}` has empty wording for {loc}"),
                    )
                    .at(lpos)
                    .hint("write the approved wording, or remove the locale"),
                );
            }
        }
        for r in &claim.references {
            used_refs.insert(r.clone());
            if !file.references.contains_key(r) {
                self.diags.push(
                    Diagnostic::error(
                        crate::codes::UNKNOWN_REFERENCE,
                        path,
                        format!("claim `{id}` cites unknown reference `{r}`"),
                    )
                    .at(yaml::text_pos(text, r, cpos.line).unwrap_or(cpos))
                    .span(r.chars().count())
                    .hint(
                        format!(
                            "{} define it under `references:`",
                            did_you_mean(r, file.references.keys().map(String::as_str))
                        )
                        .trim_start()
                        .to_string(),
                    ),
                );
            }
        }
        if claim.references.is_empty()
            && matches!(claim.kind, library::ClaimKind::Efficacy | library::ClaimKind::Safety)
        {
            self.diags.push(
                Diagnostic::error(
                    crate::codes::CLAIM_WITHOUT_REFERENCE,
                    path,
                    format!(
                        "{} claim `{id}` cites no reference",
                        if claim.kind == library::ClaimKind::Efficacy { "efficacy" } else { "safety" }
                    ),
                )
                .at(cpos)
                .hint("efficacy and safety claims must be substantiated: add `references: [REF-...]`"),
            );
        }
    }

    /// Checks a claim's `data:`: at least one arm, finite values, labels and
    /// measure in every locale of the wording, and every value stated in
    /// every locale's wording as that locale writes numbers (`chart-mismatch`).
    fn check_claim_data(&mut self, path: &Path, text: &str, id: &str, claim: &Claim) {
        let Some(data) = &claim.data else { return };
        let dpos = yaml::key_pos(text, &["claims", id, "data"]).unwrap_or_default();
        let apos = yaml::key_pos(text, &["claims", id, "data", "arms"]).unwrap_or(dpos);
        if data.arms.is_empty() {
            self.diags.push(
                Diagnostic::error(crate::codes::INVALID_VALUE, path, format!("claim `{id}` has `data:` without arms"))
                    .at(apos)
                    .hint("list each arm: `arms: [{ label: Cardiozen, value: 52 }, { label: Placebo, value: 3 }]`"),
            );
        }
        for arm in data.arms.iter().filter(|a| !a.value.is_finite()) {
            let label = arm.label.get("").unwrap_or("an arm");
            self.diags.push(
                Diagnostic::error(
                    crate::codes::INVALID_VALUE,
                    path,
                    format!("claim `{id}`: {label} has no finite value"),
                )
                .at(apos)
                .hint("write the value as a number, e.g. `value: 0.62`"),
            );
        }
        for loc in claim.text.keys() {
            let named = [("measure", Some(&data.measure)), ("unit", data.unit.as_ref())]
                .into_iter()
                .filter_map(|(what, l)| l.map(|l| (what.to_string(), l)))
                .chain(data.arms.iter().enumerate().map(|(i, a)| (format!("the label of arm {}", i + 1), &a.label)));
            let missing: Vec<String> = named.filter(|(_, l)| l.get(loc).is_none()).map(|(what, _)| what).collect();
            if !missing.is_empty() {
                self.diags.push(
                    Diagnostic::error(
                        crate::codes::CLAIM_MISSING_LOCALE,
                        path,
                        format!(
                            "claim `{id}` has wording in {loc} but its `data:` has no {} in {loc}",
                            missing.join(", ")
                        ),
                    )
                    .at(dpos)
                    .hint(format!(
                        "add `{loc}: …` to each per-locale text under `data:`, or write one text for every locale"
                    )),
                );
            }
        }
        for (loc, wording) in &claim.text {
            let lpos = yaml::key_pos(text, &["claims", id, "text", loc]).unwrap_or(dpos);
            for arm in data.arms.iter().filter(|a| a.value.is_finite()) {
                if numbers::states(wording, loc, arm.value) {
                    continue;
                }
                let label = arm.label.get(loc).unwrap_or("an arm");
                let written = numbers::write(arm.value.abs(), loc);
                // The value written the other way (0.62 in German copy)?
                let other = if numbers::format(loc).decimal == ',' { "en" } else { "de" };
                let hint = if numbers::states(wording, other, arm.value) && written.contains([',', '.']) {
                    format!(
                        "the wording writes {} with the wrong decimal separator: {loc} writes `{written}`",
                        numbers::write(arm.value.abs(), other)
                    )
                } else {
                    format!(
                        "state `{written}` in the {loc} wording, or correct `value` under `data.arms`: \
                         the chart is drawn from `data:` and must agree with the words"
                    )
                };
                self.diags.push(
                    Diagnostic::error(
                        crate::codes::CHART_MISMATCH,
                        path,
                        format!("claim `{id}` charts {written} for {label}, but its {loc} wording does not state it"),
                    )
                    .at(lpos)
                    .span(loc.chars().count())
                    .hint(hint),
                );
            }
        }
    }

    /// Checks the references of claims.yaml: id, citation, cited by some claim (`used_refs`).
    fn check_references(
        &mut self,
        path: &Path,
        text: &str,
        file: &ClaimsFile,
        used_refs: &std::collections::BTreeSet<String>,
    ) {
        for (r, citation) in &file.references {
            let rpos = yaml::key_pos(text, &["references", r]).unwrap_or_default();
            if !is_valid_claim_id(r) {
                self.diags.push(
                    Diagnostic::error(crate::codes::INVALID_ID, path, format!("reference id `{r}` is not allowed"))
                        .at(rpos)
                        .hint("reference ids are upper-case letters, digits and hyphens, e.g. REF-LIPID-2025"),
                );
            }
            if citation.trim().is_empty() {
                self.diags.push(
                    Diagnostic::error(crate::codes::MISSING_KEY, path, format!("reference `{r}` has no citation"))
                        .at(rpos)
                        .hint("write the full citation"),
                );
            }
            if !used_refs.contains(r) {
                self.diags.push(
                    Diagnostic::warning(
                        crate::codes::UNUSED_REFERENCE,
                        path,
                        format!("reference `{r}` is cited by no claim"),
                    )
                    .at(rpos)
                    .hint("cite it from a claim or remove it"),
                );
            }
        }
    }

    /// Checks that need more than one file: products, claims, channels and
    /// masters that messages name; duplicate ids.
    fn cross_check(&mut self, claims_ok: bool) {
        let c = &self.content;
        let mut diags = Vec::new();
        let products_loaded = self.snap.under("content/products").next().is_some();
        check_senders(c, &mut diags);
        check_audiences_declared(c, &mut diags);
        // Message by message, in parallel; the findings in message order.
        use rayon::prelude::*;
        let found: Vec<Vec<Diagnostic>> = c
            .messages
            .par_iter()
            .enumerate()
            .map(|(i, m)| {
                let mut diags = Vec::new();
                check_duplicate_message(c, i, m, &mut diags);
                check_product_and_locale(c, m, products_loaded, &mut diags);
                check_message_channels(c, m, &mut diags);
                check_message_audience(c, m, &mut diags);
                if claims_ok {
                    check_claim_uses(c, m, &mut diags);
                }
                if m.is_translation {
                    check_translation(c, m, &mut diags);
                }
                diags
            })
            .collect();
        diags.extend(found.into_iter().flatten());
        self.diags.extend(diags);
    }

    /// Files under content/ that unisono does not read.
    /// Reads and checks every `journeys/*.yaml` (after the messages,
    /// channels and products they sequence).
    fn load_journeys(&mut self) {
        let paths: Vec<PathBuf> = self.snap.under("journeys").map(|(p, _)| p.clone()).collect();
        for path in paths {
            if path.parent() != Some(Path::new("journeys")) || path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let Some(text) = self.text(&path) else { continue };
            let mut j: journey::Journey = match yaml::parse(&path, &text, 1) {
                Ok(j) => j,
                Err(d) => {
                    self.diags.push(d);
                    continue;
                }
            };
            j.file = path.clone();
            self.diags.extend(journey::check(&j, &text, &self.content));
            let line = yaml::key_pos(&text, &["audience"]).map(|p| p.line).unwrap_or(1);
            self.diags.extend(unknown_audiences(&self.content, &path, &text, line, &j.audience));
            if let Some(other) = self.content.journeys.get(&j.id) {
                self.diags.push(
                    Diagnostic::error(
                        crate::codes::DUPLICATE_ID,
                        &path,
                        format!("journey `{}` is also defined in {}", j.id, other.file.display()),
                    )
                    .at(yaml::key_pos(&text, &["id"]).unwrap_or(Pos::new(1, 1)))
                    .hint("each journey has one file, named after its id"),
                );
                continue;
            }
            self.content.journeys.insert(j.id.clone(), j);
        }
    }

    fn unexpected_files(&mut self) {
        for (path, _) in self.snap.under("journeys") {
            if path.parent() != Some(Path::new("journeys")) || path.extension().is_none_or(|e| e != "yaml") {
                self.diags.push(
                    Diagnostic::warning(crate::codes::UNEXPECTED_FILE, path, "unisono does not read this file")
                        .hint("journeys are journeys/<id>.yaml; move or remove it"),
                );
            }
        }
        for (path, _) in self.snap.under("content") {
            let known = path == Path::new("content/claims.yaml")
                || path == Path::new("content/glossary.yaml")
                // Read by `send`.
                || path == Path::new("content/suppression.txt")
                || (path.starts_with("content/messages") && path.extension().is_some_and(|e| e == "md"))
                || (path.parent() == Some(Path::new("content/products"))
                    && path.extension().is_some_and(|e| e == "yaml"))
                // A theme's logo, read when its product is.
                || self.content.assets.contains_key(path)
                || self.content.products.values().any(|p| {
                    p.theme.as_ref().and_then(|t| t.logo.as_deref()).is_some_and(|l| Path::new(l) == path)
                });
            if !known {
                self.diags.push(
                    Diagnostic::warning(crate::codes::UNEXPECTED_FILE, path, "unisono does not read this file").hint(
                        "messages are content/messages/**/*.md, products content/products/*.yaml; move or remove it",
                    ),
                );
            }
        }
    }
}

/// The position of front-matter key `key` in message `m`'s file (line 2 when not found).
fn front_key_pos(c: &Content, m: &MasterMessage, key: &[&str]) -> Pos {
    let text = c.texts.get(&m.file).map(String::as_str).unwrap_or("");
    yaml::key_pos(text, key).unwrap_or(Pos::new(2, 1))
}

/// Checks that message `m` (the `i`th, sorted) repeats no earlier message's id and locale, or master.
fn check_duplicate_message(c: &Content, i: usize, m: &MasterMessage, diags: &mut Vec<Diagnostic>) {
    // Sorted by id: earlier messages with the same id are just before.
    if let Some(prev) = c.messages[..i]
        .iter()
        .rev()
        .take_while(|o| o.id() == m.id())
        .find(|o| o.locale() == m.locale() || (!o.is_translation && !m.is_translation))
    {
        diags.push(
            Diagnostic::error(
                crate::codes::DUPLICATE_ID,
                &m.file,
                format!("message `{}` ({}) is also defined in {}", m.id(), m.locale(), prev.file.display()),
            )
            .at(front_key_pos(c, m, &["id"]))
            .hint("ids are unique: rename one of them, or make this one a translation `<id>.<locale>.md`"),
        );
    }
}

/// Checks that the message's product exists and has the message's locale.
fn check_product_and_locale(c: &Content, m: &MasterMessage, products_loaded: bool, diags: &mut Vec<Diagnostic>) {
    let f = &m.front;
    match c.products.get(&f.product) {
        None if products_loaded || c.products.is_empty() => {
            let known: Vec<&str> = c.products.keys().map(String::as_str).collect();
            diags.push(
                Diagnostic::error(crate::codes::UNKNOWN_PRODUCT, &m.file, format!("unknown product `{}`", f.product))
                    .at(front_key_pos(c, m, &["product"]))
                    .hint(
                        format!(
                            "{} products are files in content/products/ ({})",
                            did_you_mean(&f.product, known.iter().copied()),
                            if known.is_empty() { "none yet".to_string() } else { known.join(", ") }
                        )
                        .trim_start()
                        .to_string(),
                    ),
            );
        }
        Some(p) if !p.locales.contains_key(&f.locale) && is_valid_locale(&f.locale) => {
            let known: Vec<&str> = p.locales.keys().map(String::as_str).collect();
            diags.push(
                Diagnostic::error(
                    crate::codes::UNKNOWN_LOCALE,
                    &m.file,
                    format!("product `{}` has no locale `{}`", p.id, f.locale),
                )
                .at(front_key_pos(c, m, &["locale"]))
                .hint(format!(
                    "add `{}` to content/products/{}.yaml (its ISI, PI link, AE statement), or use one of: {}",
                    f.locale,
                    p.id,
                    known.join(", ")
                )),
            );
        }
        _ => {}
    }
}

/// Checks that every product locale whose messages go to an email channel
/// names its sender: unisono never invents a From address. One finding per
/// product locale, at the locale in the product file.
fn check_senders(c: &Content, diags: &mut Vec<Diagnostic>) {
    let mut reported: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
    for m in &c.messages {
        let Some(p) = c.products.get(&m.front.product) else { continue };
        let Some(pl) = p.locales.get(m.locale()) else { continue };
        if pl.sender.is_some() || reported.contains(&(p.id.as_str(), m.locale())) {
            continue;
        }
        let Some((channel, _)) = c.channels_of(m).into_iter().find(|(_, ch)| ch.kind == ChannelKind::Email) else {
            continue;
        };
        reported.insert((p.id.as_str(), m.locale()));
        let text = c.texts.get(&p.file).map(String::as_str).unwrap_or("");
        diags.push(
            Diagnostic::error(
                crate::codes::MISSING_SENDER,
                &p.file,
                format!(
                    "product `{}` has no `sender` for {}, and `{}` goes to the email channel `{channel}`",
                    p.id,
                    m.locale(),
                    m.id()
                ),
            )
            .at(yaml::key_pos(text, &["locales", m.locale()]).unwrap_or(Pos::new(1, 1)))
            .hint("add `sender: Name <address@your-domain>` under the locale"),
        );
    }
}

/// A warning when channels.yaml declares no audiences (at its first line),
/// naming the values the messages use: until they are declared, nothing
/// checks them.
fn check_audiences_declared(c: &Content, diags: &mut Vec<Diagnostic>) {
    // Only when channels.yaml was read: a broken one is reported by itself.
    if c.audiences.is_some() || c.channels.is_empty() {
        return;
    }
    let mut used: Vec<&str> = c.messages.iter().flat_map(|m| m.front.audience.iter().map(String::as_str)).collect();
    used.sort_unstable();
    used.dedup();
    let list = if used.is_empty() { "cardiology, primary-care".to_string() } else { used.join(", ") };
    diags.push(
        Diagnostic::warning(
            crate::codes::NO_AUDIENCE,
            "channels.yaml",
            "channels.yaml declares no audiences: the messages' `audience:` values are not checked",
        )
        .at(Pos::new(1, 1))
        .hint(format!("declare the audiences messages may name, e.g. `audiences: [{list}]`")),
    );
}

/// `audience` values of a message or journey (`values`, the list at `line`
/// of `file`) that channels.yaml does not declare: an error at each.
fn unknown_audiences(c: &Content, file: &Path, text: &str, line: usize, values: &[String]) -> Vec<Diagnostic> {
    let Some(declared) = &c.audiences else { return Vec::new() };
    let ids: Vec<&str> = declared.iter().map(Audience::id).collect();
    values
        .iter()
        .filter(|v| !ids.contains(&v.as_str()))
        .map(|v| {
            Diagnostic::error(crate::codes::UNKNOWN_AUDIENCE, file, format!("unknown audience `{v}`"))
                .at(yaml::list_value_pos(text, line, v).unwrap_or(Pos::new(line, 1)))
                .span(v.chars().count())
                .hint(
                    format!(
                        "{} audiences declared in channels.yaml: {}",
                        did_you_mean(v, ids.iter().copied()),
                        ids.join(", ")
                    )
                    .trim_start()
                    .to_string(),
                )
        })
        .collect()
}

/// Checks the message's `audience:`: every value declared, and not empty.
fn check_message_audience(c: &Content, m: &MasterMessage, diags: &mut Vec<Diagnostic>) {
    let known = |v: &String| c.audiences.as_ref().is_none_or(|d| d.iter().any(|a| a.id() == v));
    // Positions are looked up only for a finding (this runs for every message).
    if !m.front.audience.is_empty() && m.front.audience.iter().all(known) {
        return;
    }
    let text = c.texts.get(&m.file).map(String::as_str).unwrap_or("");
    let at = front_key_pos(c, m, &["audience"]);
    diags.extend(unknown_audiences(c, &m.file, text, at.line, &m.front.audience));
    if !m.front.audience.is_empty() {
        return;
    }
    let declared: Vec<&str> = c.audiences.iter().flatten().map(Audience::id).collect();
    let message = if yaml::key_pos(text, &["audience"]).is_some() {
        "`audience` is empty: say who the message is for"
    } else {
        "the message has no `audience`: say who it is for"
    };
    let d = if declared.is_empty() {
        Diagnostic::warning(crate::codes::NO_AUDIENCE, &m.file, message)
            .hint("write e.g. `audience: [primary-care]`, and declare the audiences in channels.yaml (`audiences:`)")
    } else {
        Diagnostic::error(crate::codes::NO_AUDIENCE, &m.file, message).hint(format!(
            "write `audience: [{}]` with one or more of the audiences declared in channels.yaml: {}",
            declared[0],
            declared.join(", ")
        ))
    };
    diags.push(d.at(at));
}

/// Checks that every channel the message lists is defined in channels.yaml.
fn check_message_channels(c: &Content, m: &MasterMessage, diags: &mut Vec<Diagnostic>) {
    let Some(list) = &m.front.channels else { return };
    for ch in list {
        if !c.channels.contains_key(ch) && !c.channels.is_empty() {
            diags.push(
                Diagnostic::error(crate::codes::UNKNOWN_CHANNEL, &m.file, format!("unknown channel `{ch}`"))
                    .at(yaml::text_pos(
                        c.texts.get(&m.file).map(String::as_str).unwrap_or(""),
                        ch,
                        front_key_pos(c, m, &["channels"]).line,
                    )
                    .unwrap_or(front_key_pos(c, m, &["channels"])))
                    .span(ch.chars().count())
                    .hint(
                        format!(
                            "{} channels in channels.yaml: {}",
                            did_you_mean(ch, c.channels.keys().map(String::as_str)),
                            c.channels.keys().cloned().collect::<Vec<_>>().join(", ")
                        )
                        .trim_start()
                        .to_string(),
                    ),
            );
        }
    }
}

/// Checks that every claim the message uses exists, is not retired and has wording in its locale.
fn check_claim_uses(c: &Content, m: &MasterMessage, diags: &mut Vec<Diagnostic>) {
    let f = &m.front;
    for u in &m.claim_uses {
        let span = u.id.chars().count() + 4;
        match c.claims.claims.get(&u.id) {
            None => diags.push(
                Diagnostic::error(crate::codes::UNKNOWN_CLAIM, &m.file, format!("unknown claim `{}`", u.id))
                    .at(u.pos)
                    .span(span)
                    .hint(
                        format!(
                            "{} claims are defined in content/claims.yaml",
                            did_you_mean(&u.id, c.claims.claims.keys().map(String::as_str))
                        )
                        .trim_start()
                        .to_string(),
                    ),
            ),
            Some(claim) if claim.status == ClaimStatus::Retired => diags.push(
                Diagnostic::error(
                    crate::codes::RETIRED_CLAIM,
                    &m.file,
                    format!("claim `{}` is retired and may not be used", u.id),
                )
                .at(u.pos)
                .span(span)
                .hint("remove it or replace it with an active claim"),
            ),
            Some(claim) if !claim.text.contains_key(&f.locale) => diags.push(
                Diagnostic::error(
                    crate::codes::CLAIM_MISSING_LOCALE,
                    &m.file,
                    format!("claim `{}` has no {} wording", u.id, f.locale),
                )
                .at(u.pos)
                .span(span)
                .hint(format!(
                    "add `{}:` under claims.{}.text in content/claims.yaml (it has: {})",
                    f.locale,
                    u.id,
                    claim.text.keys().cloned().collect::<Vec<_>>().join(", ")
                )),
            ),
            _ => {}
        }
    }
}

/// Checks that translation `m` has a master, then checks it against it.
fn check_translation(c: &Content, m: &MasterMessage, diags: &mut Vec<Diagnostic>) {
    match c.master(m.id()) {
        None => diags.push(
            Diagnostic::error(
                crate::codes::ORPHAN_TRANSLATION,
                &m.file,
                format!("translation of `{}` has no master `{}.md`", m.id(), m.id()),
            )
            .at(front_key_pos(c, m, &["id"]))
            .hint("a translation lives beside its master: check the id and the folder"),
        ),
        Some(master) => check_against_master(c, m, master, diags),
    }
}

/// Checks translation `m` against its master: own locale, same folder, the master's current fingerprint.
fn check_against_master(c: &Content, m: &MasterMessage, master: &MasterMessage, diags: &mut Vec<Diagnostic>) {
    if master.locale() == m.locale() {
        diags.push(
            Diagnostic::error(
                crate::codes::DUPLICATE_ID,
                &m.file,
                format!("`{}` is already the master's locale", m.locale()),
            )
            .at(front_key_pos(c, m, &["locale"]))
            .hint("a translation has a locale of its own"),
        );
    }
    if master.file.parent() != m.file.parent() {
        diags.push(
            Diagnostic::warning(
                crate::codes::TRANSLATION_ELSEWHERE,
                &m.file,
                format!("the master is in {}", master.file.display()),
            )
            .at(Pos::new(1, 1))
            .hint("move the translation beside its master"),
        );
    }
    if let Some(src) = &m.front.source
        && crate::fingerprint::is_well_formed(src)
        && *src != master.fingerprint
    {
        diags.push(
            Diagnostic::warning(
                crate::codes::TRANSLATION_OUTDATED,
                &m.file,
                format!("the master `{}` has changed since this translation was made", master.file.display()),
            )
            .at(front_key_pos(c, m, &["source"]))
            .hint(format!("bring the translation up to date, then set `source: {}`", master.fingerprint)),
        );
    }
}

/// A file's text, or a diagnostic when it is too large or not UTF-8 (a
/// leading byte-order mark is dropped).
fn decode(path: &Path, file: &File) -> Result<String, Diagnostic> {
    let bytes = match file {
        File::TooLarge(len) => {
            return Err(Diagnostic::error(
                crate::codes::FILE_TOO_LARGE,
                path,
                format!("the file is {len} bytes; the limit is {MAX_FILE_BYTES}"),
            )
            .hint("split it, or remove what does not belong in content (binaries, pasted documents)"));
        }
        File::Bytes(b) => b,
    };
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            let s = s.strip_prefix('\u{feff}').unwrap_or(s);
            match control_character(path, s) {
                Some(d) => Err(d),
                None => Ok(s.to_string()),
            }
        }
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or("");
            let pos = LineIndex::new(valid).pos(valid, valid.len());
            Err(Diagnostic::error(
                crate::codes::NOT_UTF8,
                path,
                format!("the file is not UTF-8 (invalid byte 0x{:02X})", bytes[e.valid_up_to()]),
            )
            .at(pos)
            .hint("save the file as UTF-8 (most editors: File → Save with encoding → UTF-8)"))
        }
    }
}

/// Characters a content file may not hold: the C0 and C1 control
/// characters and DEL, except tab, line feed and carriage return. They are
/// invisible in an editor and break the outputs (a NUL ends a string in mail
/// and subtitle tools, MJML and XML reject them).
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// An error at the first forbidden control character of `text`, if any.
fn control_character(path: &Path, text: &str) -> Option<Diagnostic> {
    let (offset, c) = text.char_indices().find(|&(_, c)| is_forbidden_control(c))?;
    let count = text.chars().filter(|&c| is_forbidden_control(c)).count();
    let name = match c {
        '\0' => " (NUL)".to_string(),
        '\u{7f}' => " (DEL)".to_string(),
        c if (c as u32) < 0x20 => format!(" (Ctrl-{})", char::from(b'@' + c as u8)),
        _ => String::new(),
    };
    let more = if count > 1 { format!(" (and {} more in the file)", count - 1) } else { String::new() };
    Some(
        Diagnostic::error(
            crate::codes::CONTROL_CHARACTER,
            path,
            format!("control character U+{:04X}{name} in the text{more}", c as u32),
        )
        .at(LineIndex::new(text).pos(text, offset))
        .span(1)
        .hint("delete it (it is invisible in most editors and breaks every output); tabs and line breaks are fine"),
    )
}

fn looks_like_ssh_key(key: &str) -> bool {
    let mut parts = key.split_whitespace();
    let algo = parts.next().unwrap_or("");
    let blob = parts.next().unwrap_or("");
    (algo.starts_with("ssh-") || algo.starts_with("ecdsa-sha2-") || algo.starts_with("sk-"))
        && blob.len() > 20
        && blob.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_locales() {
        assert!(is_valid_id("cardiozen-ldl-goal"));
        assert!(!is_valid_id("../etc"));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id("Upper"));
        assert!(is_valid_locale("en-GB"));
        assert!(is_valid_locale("sr-Latn-RS"));
        assert!(is_valid_locale("es-419"));
        assert!(!is_valid_locale("en_GB"));
        assert!(!is_valid_locale("en-gb"));
        assert!(!is_valid_locale("../en"));
        assert!(is_valid_date("2024-02-29"));
        assert!(!is_valid_date("2025-02-29"));
        assert!(!is_valid_date("2025-13-01"));
    }
}
