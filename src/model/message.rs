//! Master messages and their translations: front matter plus a Markdown body
//! split into headline, summary, key messages and body.

use super::markdown::{self, Block, Finding, Inline, TopBlock};
use super::{is_valid_id, is_valid_locale, yaml};
use crate::diag::{Diagnostic, LineIndex, Pos, did_you_mean};
use crate::fingerprint;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Section ids a message may use.
pub const SECTION_IDS: [&str; 2] = ["key-messages", "body"];

/// The front matter of a message file.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub id: String,
    pub product: String,
    pub locale: String,
    #[serde(default)]
    pub audience: Vec<String>,
    pub stage: Stage,
    pub job_code: String,
    /// Date of preparation, YYYY-MM-DD.
    pub prepared: String,
    /// Channels this message goes to; `None` means every channel.
    #[serde(default)]
    pub channels: Option<Vec<String>>,
    #[serde(default)]
    pub email: Option<EmailFields>,
    #[serde(default)]
    pub video: Option<VideoFields>,
    #[serde(default)]
    pub cta: Option<CallToAction>,
    /// For a translation: the master's source fingerprint it was made from.
    #[serde(default)]
    pub source: Option<String>,
}

/// Stage of the customer journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Knowledge,
    Interest,
    Demand,
    Action,
    Support,
}

impl Stage {
    /// Lower-case name, as in front matter.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Knowledge => "knowledge",
            Stage::Interest => "interest",
            Stage::Demand => "demand",
            Stage::Action => "action",
            Stage::Support => "support",
        }
    }
}

/// Email-only fields.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EmailFields {
    pub subject: String,
    #[serde(default)]
    pub preheader: Option<String>,
}

/// Video-only fields.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VideoFields {
    /// The opening line of the video pill.
    pub hook: String,
}

/// The call to action.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CallToAction {
    pub label: String,
    pub url: String,
}

/// One key message: an optional bold title, then text.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyMessage {
    pub title: Vec<Inline>,
    pub text: Vec<Inline>,
    /// Where the item starts in the source file.
    pub pos: Pos,
}

/// A `[[CLAIM-ID]]` in a message, with its place in the source file.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimUse {
    pub id: String,
    pub pos: Pos,
}

/// A parsed master message or translation.
#[derive(Debug, Clone)]
pub struct MasterMessage {
    /// Path relative to the workspace root.
    pub file: PathBuf,
    pub front: FrontMatter,
    pub headline: Vec<Inline>,
    pub summary: Vec<Block>,
    /// Source position of each summary block.
    pub summary_pos: Vec<Pos>,
    pub key_messages: Vec<KeyMessage>,
    pub body: Vec<Block>,
    /// Source position of each body block.
    pub body_pos: Vec<Pos>,
    /// Source position of the `# ` headline.
    pub headline_pos: Pos,
    pub footnotes: Vec<(String, Vec<Block>)>,
    /// Every claim used, in order of appearance.
    pub claim_uses: Vec<ClaimUse>,
    /// SHA-256 of the file's bytes: the source fingerprint.
    pub fingerprint: String,
    /// True for `<id>.<locale>.md`.
    pub is_translation: bool,
}

impl MasterMessage {
    /// The message id.
    pub fn id(&self) -> &str {
        &self.front.id
    }

    /// The message locale.
    pub fn locale(&self) -> &str {
        &self.front.locale
    }
}

/// What the file name says: the id, and the locale for a translation.
pub fn name_parts(file: &Path) -> (String, Option<String>) {
    let name = file.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    match stem.split_once('.') {
        Some((id, locale)) => (id.to_string(), Some(locale.to_string())),
        None => (stem.to_string(), None),
    }
}

/// Parses a message file; structural problems go to `diags`. Returns `None`
/// when the front matter is unusable.
pub fn parse(file: &Path, text: &str, diags: &mut Vec<Diagnostic>) -> Option<MasterMessage> {
    let index = LineIndex::new(text);
    let at = |offset: usize| index.pos(text, offset);
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        diags.push(
            Diagnostic::error("front-matter", file, "the message does not start with YAML front matter")
                .at(Pos::new(1, 1))
                .hint(
                    "start the file with a line `---`, the front matter (id, product, locale, ...), and another `---`",
                ),
        );
        return None;
    };
    let fm_start = text.len() - rest.len();
    let Some((fm_len, body_start)) = closing_fence(rest) else {
        diags.push(
            Diagnostic::error("front-matter", file, "the front matter is not closed")
                .at(Pos::new(1, 1))
                .span(3)
                .hint("add a line `---` after the last front-matter key"),
        );
        return None;
    };
    let fm_text = &rest[..fm_len];
    let body_offset = fm_start + body_start;
    let front: FrontMatter = match yaml::parse(file, fm_text, 2) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let key = |k: &[&str]| yaml::key_pos(fm_text, k).map(|p| Pos::new(p.line + 1, p.column)).unwrap_or(Pos::new(2, 1));
    check_front(file, &front, &key, diags);

    let body_text = &text[body_offset..];
    let parsed = markdown::parse(body_text);
    for finding in &parsed.findings {
        match finding {
            Finding::TooDeep { offset } => {
                diags.push(
                    Diagnostic::error(
                        "nesting-too-deep",
                        file,
                        format!("Markdown nested more than {} levels deep", markdown::MAX_NESTING),
                    )
                    .at(at(body_offset + offset))
                    .hint("flatten the quotes, lists or emphasis here: no channel can show this nesting"),
                );
                return None;
            }
            Finding::RawHtml { offset, html } => {
                let lower = html.to_ascii_lowercase();
                let active = ["<script", "<iframe", "<object", "<embed", "<style", "javascript:"]
                    .iter()
                    .any(|t| lower.contains(t))
                    || lower.contains(" on") && lower.contains('=');
                let first_line = html.lines().next().unwrap_or("").trim();
                let d = if active {
                    Diagnostic::error("script-in-content", file, format!("active HTML in content: `{first_line}`"))
                        .hint("remove it: scripts, frames and event handlers never reach any channel")
                } else {
                    Diagnostic::warning("raw-html", file, format!("raw HTML is not passed through: `{first_line}`"))
                        .hint("write it in Markdown; unisono shows the HTML as literal text")
                };
                diags.push(d.at(at(body_offset + offset)).span(first_line.chars().count()));
            }
            Finding::Image { offset } => diags.push(
                Diagnostic::warning("image-in-content", file, "images are not supported in master messages")
                    .at(at(body_offset + offset))
                    .hint("remove the image; only its alt text is kept"),
            ),
            Finding::ClaimWithText { offset, id } => diags.push(
                Diagnostic::error("claim-display-text", file, format!("claim `{id}` is given display text"))
                    .at(at(body_offset + offset))
                    .hint(format!("write `[[{id}]]`: a claim's wording comes from claims.yaml and is never retyped")),
            ),
        }
    }

    let mut headline: Option<Vec<Inline>> = None;
    let mut summary = Vec::new();
    let mut summary_pos = Vec::new();
    let mut body_pos = Vec::new();
    let mut headline_pos = Pos::new(1, 1);
    let mut key_messages = None;
    let mut body = None;
    let mut footnotes = Vec::new();
    // Which section the next content block belongs to.
    enum Into {
        BeforeHeadline,
        Summary,
        KeyMessages,
        Body,
        Unknown,
    }
    let mut into = Into::BeforeHeadline;
    let mut key_blocks: Vec<(Block, usize)> = Vec::new();
    let mut body_blocks: Vec<Block> = Vec::new();
    for sp in parsed.blocks {
        let pos = at(body_offset + sp.range.start);
        match sp.block {
            TopBlock::Heading { level: 1, content, .. } => {
                if headline.is_some() {
                    diags.push(
                        Diagnostic::error("multiple-headlines", file, "a message has exactly one `# ` headline")
                            .at(pos)
                            .hint("make this a `## ` section or a `### ` subheading inside the body"),
                    );
                } else {
                    headline = Some(content);
                    headline_pos = pos;
                    into = Into::Summary;
                }
            }
            TopBlock::Heading { level: 2, id, content } => {
                if headline.is_none() {
                    into = Into::Unknown;
                    continue;
                }
                let title = markdown::inline_text(&content);
                match id.as_deref() {
                    Some("key-messages") if key_messages.is_none() => {
                        key_messages = Some(pos);
                        into = Into::KeyMessages;
                    }
                    Some("body") if body.is_none() => {
                        body = Some(pos);
                        into = Into::Body;
                    }
                    Some(sid @ ("key-messages" | "body")) => {
                        diags.push(
                            Diagnostic::error("duplicate-section", file, format!("section `{{#{sid}}}` appears twice"))
                                .at(pos)
                                .hint("merge the two sections into one"),
                        );
                        into = Into::Unknown;
                    }
                    Some(other) => {
                        let mean = did_you_mean(other, SECTION_IDS);
                        diags.push(
                            Diagnostic::error("unknown-section", file, format!("unknown section id `{{#{other}}}`"))
                                .at(pos)
                                .hint(format!(
                                    "{}sections are `{{#key-messages}}` (required) and `{{#body}}` (optional)",
                                    if mean.is_empty() { String::new() } else { format!("{mean} ") }
                                )),
                        );
                        into = Into::Unknown;
                    }
                    None => {
                        diags.push(
                            Diagnostic::error("section-without-id", file, format!("section `{title}` has no id"))
                                .at(pos)
                                .hint(format!("write `## {title} {{#key-messages}}` or `## {title} {{#body}}`; for a subheading in the body use `### `")),
                        );
                        into = Into::Unknown;
                    }
                }
            }
            TopBlock::Heading { level, content, .. } => match into {
                Into::Body => {
                    body_blocks.push(Block::Heading { level, content });
                    body_pos.push(pos);
                }
                _ => diags.push(
                    Diagnostic::error(
                        "misplaced-heading",
                        file,
                        format!("a level-{level} heading outside the `{{#body}}` section"),
                    )
                    .at(pos)
                    .hint("subheadings belong inside `## ... {#body}`"),
                ),
            },
            TopBlock::FootnoteDefinition { label, blocks } => footnotes.push((label, blocks)),
            TopBlock::Content(block) => match into {
                Into::BeforeHeadline => {
                    diags.push(
                        Diagnostic::error("content-before-headline", file, "content before the `# ` headline")
                            .at(pos)
                            .hint("start the body with the `# ` headline; put metadata in the front matter"),
                    );
                    into = Into::Unknown;
                }
                Into::Summary => {
                    summary.push(block);
                    summary_pos.push(pos);
                }
                Into::KeyMessages => key_blocks.push((block, body_offset + sp.range.start)),
                Into::Body => {
                    body_blocks.push(block);
                    body_pos.push(pos);
                }
                Into::Unknown => {}
            },
        }
    }

    let end_pos = at(text.len().saturating_sub(1));
    let Some(headline) = headline else {
        diags.push(
            Diagnostic::error("missing-headline", file, "the message has no `# ` headline")
                .at(at(body_offset))
                .hint("add one line `# Headline` after the front matter"),
        );
        return None;
    };
    if summary.is_empty() {
        diags.push(
            Diagnostic::error("missing-summary", file, "the message has no summary")
                .at(at(body_offset))
                .hint("write one or two paragraphs between the `# ` headline and the first `## ` section"),
        );
    }
    let mut kms = Vec::new();
    match key_messages {
        None => diags.push(
            Diagnostic::error("missing-section", file, "the required section `{#key-messages}` is missing")
                .at(end_pos)
                .hint("add `## Key messages {#key-messages}` with a bullet list, one item per key message"),
        ),
        Some(section_pos) => {
            let mut lists = key_blocks.into_iter();
            match lists.next() {
                Some((Block::List { items, .. }, offset)) => {
                    let item_offsets = item_starts(text, offset, items.len());
                    for (item, off) in items.into_iter().zip(item_offsets) {
                        match key_message(item) {
                            Some((title, text_inl)) => kms.push(KeyMessage { title, text: text_inl, pos: at(off) }),
                            None => diags.push(
                                Diagnostic::error(
                                    "key-message-shape",
                                    file,
                                    "a key message is one paragraph: an optional **bold title**, then text",
                                )
                                .at(at(off))
                                .hint("move extra paragraphs or nested lists to the `{#body}` section"),
                            ),
                        }
                    }
                }
                _ => diags.push(
                    Diagnostic::error("missing-section", file, "`{#key-messages}` must hold a bullet list")
                        .at(section_pos)
                        .hint("write each key message as `- **Title.** text [[CLAIM-ID]]`"),
                ),
            }
            for (_, offset) in lists {
                diags.push(
                    Diagnostic::error(
                        "key-message-shape",
                        file,
                        "`{#key-messages}` holds exactly one list and nothing else",
                    )
                    .at(at(offset))
                    .hint("move this to the `{#body}` section"),
                );
            }
        }
    }

    // Claims, links and footnote references, with file positions.
    let mut claim_uses = Vec::new();
    let all_blocks: Vec<Block> = std::iter::once(Block::Paragraph(headline.clone()))
        .chain(summary.iter().cloned())
        .chain(kms.iter().map(|k| Block::Paragraph([k.title.clone(), k.text.clone()].concat())))
        .chain(body_blocks.iter().cloned())
        .chain(footnotes.iter().flat_map(|(_, b)| b.iter().cloned()))
        .collect();
    markdown::visit_inlines(&all_blocks, &mut |i| match i {
        Inline::Claim { id, offset } => claim_uses.push(ClaimUse { id: id.clone(), pos: at(body_offset + offset) }),
        Inline::Link { url, .. } if !is_safe_url(url) => diags.push(
            Diagnostic::error("script-in-content", file, format!("link to `{url}` is not allowed"))
                .at(yaml::text_pos(text, url, 1).unwrap_or(Pos::new(1, 1)))
                .span(url.chars().count())
                .hint("links go to https:, http: or mailto: addresses"),
        ),
        _ => {}
    });
    claim_uses.sort_by_key(|c| (c.pos.line, c.pos.column));

    Some(MasterMessage {
        file: file.to_path_buf(),
        is_translation: name_parts(file).1.is_some(),
        front,
        headline,
        summary,
        summary_pos,
        key_messages: kms,
        body: body_blocks,
        body_pos,
        headline_pos,
        footnotes,
        claim_uses,
        fingerprint: fingerprint::of_bytes(text.as_bytes()),
    })
}

/// Finds the closing `---` of front matter in `rest`: (front matter length,
/// offset where the body starts).
fn closing_fence(rest: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare == "---" || bare == "..." {
            return Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

/// Byte offsets of the `count` list items starting at or after `offset`.
fn item_starts(text: &str, offset: usize, count: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut pos = offset;
    for line in text[offset..].split_inclusive('\n') {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if indent < 2
            && (t.starts_with("- ")
                || t.starts_with("* ")
                || t.starts_with("+ ")
                || t.split_once(". ").is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty()))
        {
            starts.push(pos + indent);
            if starts.len() == count {
                break;
            }
        }
        pos += line.len();
    }
    while starts.len() < count {
        starts.push(offset);
    }
    starts
}

/// Splits a list item into (title, text) when it is one paragraph.
fn key_message(item: Vec<Block>) -> Option<(Vec<Inline>, Vec<Inline>)> {
    let [Block::Paragraph(inlines)] = <[Block; 1]>::try_from(item).ok()? else {
        return None;
    };
    let mut iter = inlines.into_iter();
    match iter.next() {
        Some(Inline::Strong(title)) => {
            let mut text: Vec<Inline> = iter.collect();
            if let Some(Inline::Text(t)) = text.first_mut() {
                *t = t.trim_start().to_string();
                if t.is_empty() {
                    text.remove(0);
                }
            }
            Some((title, text))
        }
        Some(first) => Some((Vec::new(), std::iter::once(first).chain(iter).collect())),
        None => Some((Vec::new(), Vec::new())),
    }
}

/// Link targets that can reach an output.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || lower.starts_with('#')
}

/// Checks the front matter on its own (no other files needed).
fn check_front(file: &Path, f: &FrontMatter, key: &dyn Fn(&[&str]) -> Pos, diags: &mut Vec<Diagnostic>) {
    let (name_id, name_locale) = name_parts(file);
    if !is_valid_id(&f.id) {
        diags.push(
            Diagnostic::error("invalid-id", file, format!("id `{}` is not allowed", f.id)).at(key(&["id"])).hint(
                "ids are lower-case letters, digits and hyphens, starting with a letter or digit: [a-z0-9][a-z0-9-]*",
            ),
        );
    } else if f.id != name_id {
        diags.push(
            Diagnostic::error("id-mismatch", file, format!("id `{}` does not match the file name `{name_id}`", f.id))
                .at(key(&["id"]))
                .hint(format!("rename the file to `{}.md` or set `id: {name_id}`", f.id)),
        );
    }
    if !is_valid_locale(&f.locale) {
        diags.push(
            Diagnostic::error("invalid-locale", file, format!("`{}` is not a BCP 47 locale", f.locale))
                .at(key(&["locale"]))
                .hint("write language-REGION, e.g. en-GB, es-ES, de-DE, ru-RU"),
        );
    }
    if let Some(nl) = &name_locale
        && *nl != f.locale
    {
        diags.push(
            Diagnostic::error(
                "locale-mismatch",
                file,
                format!("locale `{}` does not match the file name's `{nl}`", f.locale),
            )
            .at(key(&["locale"]))
            .hint(format!("a translation is named `<id>.<locale>.md`: set `locale: {nl}` or rename the file")),
        );
    }
    if let Some(d) = super::content_date_problem(file, &f.prepared, key(&["prepared"]), "the date of preparation") {
        diags.push(d);
    }
    if f.job_code.trim().is_empty() || f.job_code.len() > 40 || f.job_code.chars().any(char::is_control) {
        diags.push(
            Diagnostic::error("invalid-job-code", file, "the job code must be 1-40 printable characters")
                .at(key(&["job_code"]))
                .hint("set `job_code:` to the approval code printed on every variant, e.g. UK-CZ-2611-0142"),
        );
    }
    match (&name_locale, &f.source) {
        (Some(_), None) => diags.push(
            Diagnostic::error(
                "missing-source",
                file,
                "a translation needs `source:`, the master's fingerprint it was translated from",
            )
            .at(Pos::new(2, 1))
            .hint(format!(
                "run `unisono new --translate {} --locale {}` or copy the master's fingerprint from `unisono status`",
                f.id, f.locale
            )),
        ),
        (Some(_), Some(s)) if !fingerprint::is_well_formed(s) => diags.push(
            Diagnostic::error("invalid-source", file, format!("`{s}` is not a fingerprint"))
                .at(key(&["source"]))
                .hint("write `source: sha256:` followed by the 64 hex digits of the master's fingerprint"),
        ),
        (None, Some(_)) => diags.push(
            Diagnostic::error("source-on-master", file, "only translations (`<id>.<locale>.md`) have `source:`")
                .at(key(&["source"]))
                .hint("remove `source:`, or rename the file to `<id>.<locale>.md` if it is a translation"),
        ),
        _ => {}
    }
    if let Some(cta) = &f.cta
        && !is_safe_url(&cta.url)
    {
        diags.push(
            Diagnostic::error(
                "invalid-url",
                file,
                format!("call-to-action URL `{}` is not an http(s) address", cta.url),
            )
            .at(key(&["cta", "url"]))
            .hint("write the full address, e.g. https://brand.example/visit"),
        );
    }
    if let Some(channels) = &f.channels {
        if channels.is_empty() {
            diags.push(
                Diagnostic::error("no-channels", file, "`channels:` is empty")
                    .at(key(&["channels"]))
                    .hint("list at least one channel, or remove `channels:` to use every channel"),
            );
        }
        for (i, c) in channels.iter().enumerate() {
            if channels[..i].contains(c) {
                diags.push(
                    Diagnostic::error("duplicate-channel", file, format!("channel `{c}` is listed twice"))
                        .at(key(&["channels"]))
                        .hint("list each channel once"),
                );
            }
        }
    }
    if let Some(e) = &f.email
        && e.subject.trim().is_empty()
    {
        diags.push(
            Diagnostic::error("empty-subject", file, "the email subject is empty")
                .at(key(&["email", "subject"]))
                .hint("write a subject line under `email: subject:`"),
        );
    }
}
