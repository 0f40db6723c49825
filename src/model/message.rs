//! Master messages and their translations: front matter plus a Markdown body
//! split into headline, summary, key messages and body.

use super::markdown::{self, Block, Finding, Inline, Spanned, TopBlock};
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
    /// Gives back the room the parse left spare (see [`Block::shrink`]).
    fn shrink(&mut self) {
        markdown::shrink_inlines(&mut self.headline);
        markdown::shrink_blocks(&mut self.summary);
        self.summary_pos.shrink_to_fit();
        for k in &mut self.key_messages {
            markdown::shrink_inlines(&mut k.title);
            markdown::shrink_inlines(&mut k.text);
        }
        self.key_messages.shrink_to_fit();
        markdown::shrink_blocks(&mut self.body);
        self.body_pos.shrink_to_fit();
        for (label, blocks) in &mut self.footnotes {
            label.shrink_to_fit();
            markdown::shrink_blocks(blocks);
        }
        self.footnotes.shrink_to_fit();
        self.claim_uses.shrink_to_fit();
    }

    /// The message id.
    pub fn id(&self) -> &str {
        &self.front.id
    }

    /// The message locale.
    pub fn locale(&self) -> &str {
        &self.front.locale
    }

    /// The message with only the key messages at `keep` (indexes from 0, in
    /// the message's order): the form a follow-up takes when a visit has
    /// discussed the others. Claims used only in the dropped key messages
    /// go with them.
    pub fn covering(&self, keep: &[usize]) -> MasterMessage {
        let mut m = self.clone();
        m.key_messages =
            self.key_messages.iter().enumerate().filter(|(i, _)| keep.contains(i)).map(|(_, k)| k.clone()).collect();
        let mut kept: Vec<Block> = vec![Block::Paragraph(m.headline.clone())];
        kept.extend(m.summary.iter().cloned());
        kept.extend(m.key_messages.iter().map(|k| Block::Paragraph([k.title.clone(), k.text.clone()].concat())));
        kept.extend(m.body.iter().cloned());
        kept.extend(m.footnotes.iter().flat_map(|(_, b)| b.iter().cloned()));
        let ids = markdown::claim_ids(&kept);
        m.claim_uses.retain(|u| ids.contains(&u.id));
        m
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
    let (fm_text, body_offset) = split_front_matter(file, text, diags)?;
    let front = typed_front_matter(file, fm_text, diags)?;
    let src = Source { file, text, index: LineIndex::new(text), body_offset };

    let parsed = markdown::parse(&text[body_offset..]);
    report_findings(&src, &parsed.findings, diags)?;
    let sections = sort_blocks(&src, parsed.blocks, diags);

    let Some(headline) = sections.headline else {
        diags.push(
            Diagnostic::error(crate::codes::MISSING_HEADLINE, file, "the message has no `# ` headline")
                .at(src.at(body_offset))
                .hint("add one line `# Headline` after the front matter"),
        );
        return None;
    };
    if sections.summary.is_empty() {
        diags.push(
            Diagnostic::error(crate::codes::MISSING_SUMMARY, file, "the message has no summary")
                .at(src.at(body_offset))
                .hint("write one or two paragraphs between the `# ` headline and the first `## ` section"),
        );
    }
    let kms = key_messages(&src, sections.key_messages, sections.key_blocks, diags);

    let mut message = MasterMessage {
        file: file.to_path_buf(),
        is_translation: name_parts(file).1.is_some(),
        front,
        headline,
        summary: sections.summary,
        summary_pos: sections.summary_pos,
        key_messages: kms,
        body: sections.body_blocks,
        body_pos: sections.body_pos,
        headline_pos: sections.headline_pos,
        footnotes: sections.footnotes,
        claim_uses: Vec::new(),
        fingerprint: fingerprint::of_bytes(text.as_bytes()),
    };
    message.claim_uses = claim_uses(&src, &message, diags);
    message.shrink();
    Some(message)
}

/// The message file being parsed: path, text, and a line index turning byte offsets into positions.
struct Source<'a> {
    file: &'a Path,
    text: &'a str,
    index: LineIndex,
    /// Byte offset where the Markdown body starts, after the front matter.
    body_offset: usize,
}

impl Source<'_> {
    /// The position of byte `offset` of the whole file.
    fn at(&self, offset: usize) -> Pos {
        self.index.pos(self.text, offset)
    }

    /// The position of byte `offset` of the Markdown body.
    fn body_at(&self, offset: usize) -> Pos {
        self.at(self.body_offset + offset)
    }
}

/// Step 1: finds the `---` fences; returns the front matter's text and the byte offset of the body.
fn split_front_matter<'t>(file: &Path, text: &'t str, diags: &mut Vec<Diagnostic>) -> Option<(&'t str, usize)> {
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        diags.push(
            Diagnostic::error(crate::codes::FRONT_MATTER, file, "the message does not start with YAML front matter")
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
            Diagnostic::error(crate::codes::FRONT_MATTER, file, "the front matter is not closed")
                .at(Pos::new(1, 1))
                .span(3)
                .hint("add a line `---` after the last front-matter key"),
        );
        return None;
    };
    Some((&rest[..fm_len], fm_start + body_start))
}

/// Step 2: deserializes the front matter and checks it on its own.
fn typed_front_matter(file: &Path, fm_text: &str, diags: &mut Vec<Diagnostic>) -> Option<FrontMatter> {
    let front: FrontMatter = match yaml::parse(file, fm_text, 2) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let key = |k: &[&str]| yaml::key_pos(fm_text, k).map(|p| Pos::new(p.line + 1, p.column)).unwrap_or(Pos::new(2, 1));
    check_front(file, &front, &key, diags);
    Some(front)
}

/// Step 3: reports the Markdown parser's findings; `None` when the body is nested too deep to use.
fn report_findings(src: &Source, findings: &[Finding], diags: &mut Vec<Diagnostic>) -> Option<()> {
    let file = src.file;
    for finding in findings {
        match finding {
            Finding::TooDeep { offset } => {
                diags.push(
                    Diagnostic::error(
                        crate::codes::NESTING_TOO_DEEP,
                        file,
                        format!("Markdown nested more than {} levels deep", markdown::MAX_NESTING),
                    )
                    .at(src.body_at(*offset))
                    .hint("flatten the quotes, lists or emphasis here: no channel can show this nesting"),
                );
                return None;
            }
            Finding::RawHtml { offset, html } => {
                diags.push(raw_html(file, html).at(src.body_at(*offset)).span(first_line(html).chars().count()));
            }
            Finding::Image { offset } => diags.push(
                Diagnostic::warning(
                    crate::codes::IMAGE_IN_CONTENT,
                    file,
                    "images are not supported in master messages",
                )
                .at(src.body_at(*offset))
                .hint("remove the image; only its alt text is kept"),
            ),
            Finding::ClaimWithText { offset, id } => diags.push(
                Diagnostic::error(
                    crate::codes::CLAIM_DISPLAY_TEXT,
                    file,
                    format!("claim `{id}` is given display text"),
                )
                .at(src.body_at(*offset))
                .hint(format!("write `[[{id}]]`: a claim's wording comes from claims.yaml and is never retyped")),
            ),
        }
    }
    Some(())
}

/// The first line of a raw HTML fragment, trimmed: what diagnostics quote.
fn first_line(html: &str) -> &str {
    html.lines().next().unwrap_or("").trim()
}

/// The diagnostic (no position yet) for raw HTML: an error when active (scripts, handlers), else a warning.
fn raw_html(file: &Path, html: &str) -> Diagnostic {
    let lower = html.to_ascii_lowercase();
    let active = ["<script", "<iframe", "<object", "<embed", "<style", "javascript:"].iter().any(|t| lower.contains(t))
        || lower.contains(" on") && lower.contains('=');
    let first_line = first_line(html);
    if active {
        Diagnostic::error(crate::codes::SCRIPT_IN_CONTENT, file, format!("active HTML in content: `{first_line}`"))
            .hint("remove it: scripts, frames and event handlers never reach any channel")
    } else {
        Diagnostic::warning(crate::codes::RAW_HTML, file, format!("raw HTML is not passed through: `{first_line}`"))
            .hint("write it in Markdown; unisono shows the HTML as literal text")
    }
}

/// Which section the next content block belongs to.
enum Target {
    BeforeHeadline,
    Summary,
    KeyMessages,
    Body,
    Unknown,
}

/// The body's top-level blocks sorted into headline, summary, sections and footnotes.
struct Sections {
    headline: Option<Vec<Inline>>,
    headline_pos: Pos,
    summary: Vec<Block>,
    summary_pos: Vec<Pos>,
    /// Where `{#key-messages}` starts, once seen.
    key_messages: Option<Pos>,
    /// The blocks of `{#key-messages}`, with their byte offsets in the file.
    key_blocks: Vec<(Block, usize)>,
    /// Where `{#body}` starts, once seen.
    body: Option<Pos>,
    body_blocks: Vec<Block>,
    body_pos: Vec<Pos>,
    footnotes: Vec<(String, Vec<Block>)>,
}

/// Step 4: sorts the top-level blocks into headline, summary, sections and footnotes; reports misplaced ones.
fn sort_blocks(src: &Source, blocks: Vec<Spanned>, diags: &mut Vec<Diagnostic>) -> Sections {
    let file = src.file;
    let mut s = Sections {
        headline: None,
        headline_pos: Pos::new(1, 1),
        summary: Vec::new(),
        summary_pos: Vec::new(),
        key_messages: None,
        key_blocks: Vec::new(),
        body: None,
        body_blocks: Vec::new(),
        body_pos: Vec::new(),
        footnotes: Vec::new(),
    };
    let mut into = Target::BeforeHeadline;
    for sp in blocks {
        let pos = src.body_at(sp.range.start);
        match sp.block {
            TopBlock::Heading { level: 1, content, .. } => {
                if s.headline.is_some() {
                    diags.push(
                        Diagnostic::error(
                            crate::codes::MULTIPLE_HEADLINES,
                            file,
                            "a message has exactly one `# ` headline",
                        )
                        .at(pos)
                        .hint("make this a `## ` section or a `### ` subheading inside the body"),
                    );
                } else {
                    s.headline = Some(content);
                    s.headline_pos = pos;
                    into = Target::Summary;
                }
            }
            TopBlock::Heading { level: 2, id, content } => into = s.open_section(file, id, &content, pos, diags),
            TopBlock::Heading { level, content, .. } => match into {
                Target::Body => {
                    s.body_blocks.push(Block::Heading { level, content });
                    s.body_pos.push(pos);
                }
                _ => diags.push(
                    Diagnostic::error(
                        crate::codes::MISPLACED_HEADING,
                        file,
                        format!("a level-{level} heading outside the `{{#body}}` section"),
                    )
                    .at(pos)
                    .hint("subheadings belong inside `## ... {#body}`"),
                ),
            },
            TopBlock::FootnoteDefinition { label, blocks } => s.footnotes.push((label, blocks)),
            TopBlock::Content(block) => match into {
                Target::BeforeHeadline => {
                    diags.push(
                        Diagnostic::error(
                            crate::codes::CONTENT_BEFORE_HEADLINE,
                            file,
                            "content before the `# ` headline",
                        )
                        .at(pos)
                        .hint("start the body with the `# ` headline; put metadata in the front matter"),
                    );
                    into = Target::Unknown;
                }
                Target::Summary => {
                    s.summary.push(block);
                    s.summary_pos.push(pos);
                }
                Target::KeyMessages => s.key_blocks.push((block, src.body_offset + sp.range.start)),
                Target::Body => {
                    s.body_blocks.push(block);
                    s.body_pos.push(pos);
                }
                Target::Unknown => {}
            },
        }
    }
    s
}

impl Sections {
    /// A `## ` heading: opens a section or reports a bad section id; returns where the next blocks go.
    fn open_section(
        &mut self,
        file: &Path,
        id: Option<String>,
        content: &[Inline],
        pos: Pos,
        diags: &mut Vec<Diagnostic>,
    ) -> Target {
        if self.headline.is_none() {
            return Target::Unknown;
        }
        let title = markdown::inline_text(content);
        match id.as_deref() {
            Some("key-messages") if self.key_messages.is_none() => {
                self.key_messages = Some(pos);
                Target::KeyMessages
            }
            Some("body") if self.body.is_none() => {
                self.body = Some(pos);
                Target::Body
            }
            Some(sid @ ("key-messages" | "body")) => {
                diags.push(
                    Diagnostic::error(
                        crate::codes::DUPLICATE_SECTION,
                        file,
                        format!("section `{{#{sid}}}` appears twice"),
                    )
                    .at(pos)
                    .hint("merge the two sections into one"),
                );
                Target::Unknown
            }
            Some(other) => {
                let mean = did_you_mean(other, SECTION_IDS);
                diags.push(
                    Diagnostic::error(
                        crate::codes::UNKNOWN_SECTION,
                        file,
                        format!("unknown section id `{{#{other}}}`"),
                    )
                    .at(pos)
                    .hint(format!(
                        "{}sections are `{{#key-messages}}` (required) and `{{#body}}` (optional)",
                        if mean.is_empty() { String::new() } else { format!("{mean} ") }
                    )),
                );
                Target::Unknown
            }
            None => {
                diags.push(
                    Diagnostic::error(crate::codes::SECTION_WITHOUT_ID, file, format!("section `{title}` has no id"))
                        .at(pos)
                        .hint(format!("write `## {title} {{#key-messages}}` or `## {title} {{#body}}`; for a subheading in the body use `### `")),
                );
                Target::Unknown
            }
        }
    }
}

/// Step 5: the key messages from the one list of `{#key-messages}`; reports a missing or misshapen section.
fn key_messages(
    src: &Source,
    section: Option<Pos>,
    key_blocks: Vec<(Block, usize)>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<KeyMessage> {
    let file = src.file;
    let mut kms = Vec::new();
    let Some(section_pos) = section else {
        diags.push(
            Diagnostic::error(crate::codes::MISSING_SECTION, file, "the required section `{#key-messages}` is missing")
                .at(src.at(src.text.len().saturating_sub(1)))
                .hint("add `## Key messages {#key-messages}` with a bullet list, one item per key message"),
        );
        return kms;
    };
    let mut lists = key_blocks.into_iter();
    match lists.next() {
        Some((Block::List { items, .. }, offset)) => {
            let item_offsets = item_starts(src.text, offset, items.len());
            for (item, off) in items.into_iter().zip(item_offsets) {
                match key_message(item) {
                    Some((title, text_inl)) => kms.push(KeyMessage { title, text: text_inl, pos: src.at(off) }),
                    None => diags.push(
                        Diagnostic::error(
                            crate::codes::KEY_MESSAGE_SHAPE,
                            file,
                            "a key message is one paragraph: an optional **bold title**, then text",
                        )
                        .at(src.at(off))
                        .hint("move extra paragraphs or nested lists to the `{#body}` section"),
                    ),
                }
            }
        }
        _ => diags.push(
            Diagnostic::error(crate::codes::MISSING_SECTION, file, "`{#key-messages}` must hold a bullet list")
                .at(section_pos)
                .hint("write each key message as `- **Title.** text [[CLAIM-ID]]`"),
        ),
    }
    for (_, offset) in lists {
        diags.push(
            Diagnostic::error(
                crate::codes::KEY_MESSAGE_SHAPE,
                file,
                "`{#key-messages}` holds exactly one list and nothing else",
            )
            .at(src.at(offset))
            .hint("move this to the `{#body}` section"),
        );
    }
    kms
}

/// Step 6: every `[[CLAIM-ID]]` with its file position, in order; reports links to unsafe URLs on the way.
fn claim_uses(src: &Source, m: &MasterMessage, diags: &mut Vec<Diagnostic>) -> Vec<ClaimUse> {
    let file = src.file;
    let mut claim_uses = Vec::new();
    let all_blocks: Vec<Block> = std::iter::once(Block::Paragraph(m.headline.clone()))
        .chain(m.summary.iter().cloned())
        .chain(m.key_messages.iter().map(|k| Block::Paragraph([k.title.clone(), k.text.clone()].concat())))
        .chain(m.body.iter().cloned())
        .chain(m.footnotes.iter().flat_map(|(_, b)| b.iter().cloned()))
        .collect();
    markdown::visit_inlines(&all_blocks, &mut |i| match i {
        Inline::Claim { id, offset } => claim_uses.push(ClaimUse { id: id.clone(), pos: src.body_at(*offset) }),
        Inline::Link { url, .. } if !is_safe_url(url) => diags.push(
            Diagnostic::error(crate::codes::SCRIPT_IN_CONTENT, file, format!("link to `{url}` is not allowed"))
                .at(yaml::text_pos(src.text, url, 1).unwrap_or(Pos::new(1, 1)))
                .span(url.chars().count())
                .hint("links go to https:, http: or mailto: addresses"),
        ),
        _ => {}
    });
    claim_uses.sort_by_key(|c| (c.pos.line, c.pos.column));
    claim_uses
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
    check_id_and_locale(file, f, key, &name_id, name_locale.as_deref(), diags);
    if let Some(d) = super::content_date_problem(file, &f.prepared, key(&["prepared"]), "the date of preparation") {
        diags.push(d);
    }
    if f.job_code.trim().is_empty() || f.job_code.len() > 40 || f.job_code.chars().any(char::is_control) {
        diags.push(
            Diagnostic::error(crate::codes::INVALID_JOB_CODE, file, "the job code must be 1-40 printable characters")
                .at(key(&["job_code"]))
                .hint("set `job_code:` to the approval code printed on every variant, e.g. UK-CZ-2611-0142"),
        );
    }
    check_source(file, f, key, name_locale.is_some(), diags);
    if let Some(cta) = &f.cta
        && !is_safe_url(&cta.url)
    {
        diags.push(
            Diagnostic::error(
                crate::codes::INVALID_URL,
                file,
                format!("call-to-action URL `{}` is not an http(s) address", cta.url),
            )
            .at(key(&["cta", "url"]))
            .hint("write the full address, e.g. https://brand.example/visit"),
        );
    }
    if let Some(channels) = &f.channels {
        check_channel_list(file, channels, key, diags);
    }
    if let Some(e) = &f.email
        && e.subject.trim().is_empty()
    {
        diags.push(
            Diagnostic::error(crate::codes::EMPTY_SUBJECT, file, "the email subject is empty")
                .at(key(&["email", "subject"]))
                .hint("write a subject line under `email: subject:`"),
        );
    }
}

/// Checks that `id` and `locale` are well formed and match the file name (`name_id`, `name_locale`).
fn check_id_and_locale(
    file: &Path,
    f: &FrontMatter,
    key: &dyn Fn(&[&str]) -> Pos,
    name_id: &str,
    name_locale: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) {
    if !is_valid_id(&f.id) {
        diags.push(
            Diagnostic::error(crate::codes::INVALID_ID, file, format!("id `{}` is not allowed", f.id)).at(key(&["id"])).hint(
                "ids are lower-case letters, digits and hyphens, starting with a letter or digit: [a-z0-9][a-z0-9-]*",
            ),
        );
    } else if f.id != name_id {
        diags.push(
            Diagnostic::error(
                crate::codes::ID_MISMATCH,
                file,
                format!("id `{}` does not match the file name `{name_id}`", f.id),
            )
            .at(key(&["id"]))
            .hint(format!("rename the file to `{}.md` or set `id: {name_id}`", f.id)),
        );
    }
    if !is_valid_locale(&f.locale) {
        diags.push(
            Diagnostic::error(crate::codes::INVALID_LOCALE, file, format!("`{}` is not a BCP 47 locale", f.locale))
                .at(key(&["locale"]))
                .hint("write language-REGION, e.g. en-GB, es-ES, de-DE, ru-RU"),
        );
    }
    if let Some(nl) = name_locale
        && nl != f.locale
    {
        diags.push(
            Diagnostic::error(
                crate::codes::LOCALE_MISMATCH,
                file,
                format!("locale `{}` does not match the file name's `{nl}`", f.locale),
            )
            .at(key(&["locale"]))
            .hint(format!("a translation is named `<id>.<locale>.md`: set `locale: {nl}` or rename the file")),
        );
    }
}

/// Checks `source:`: a well-formed fingerprint on a translation, absent on a master.
fn check_source(
    file: &Path,
    f: &FrontMatter,
    key: &dyn Fn(&[&str]) -> Pos,
    is_translation: bool,
    diags: &mut Vec<Diagnostic>,
) {
    match (is_translation, &f.source) {
        (true, None) => diags.push(
            Diagnostic::error(
                crate::codes::MISSING_SOURCE,
                file,
                "a translation needs `source:`, the master's fingerprint it was translated from",
            )
            .at(Pos::new(2, 1))
            .hint(format!(
                "run `unisono new --translate {} --locale {}` or copy the master's fingerprint from `unisono status`",
                f.id, f.locale
            )),
        ),
        (true, Some(s)) if !fingerprint::is_well_formed(s) => diags.push(
            Diagnostic::error(crate::codes::INVALID_SOURCE, file, format!("`{s}` is not a fingerprint"))
                .at(key(&["source"]))
                .hint("write `source: sha256:` followed by the 64 hex digits of the master's fingerprint"),
        ),
        (false, Some(_)) => diags.push(
            Diagnostic::error(
                crate::codes::SOURCE_ON_MASTER,
                file,
                "only translations (`<id>.<locale>.md`) have `source:`",
            )
            .at(key(&["source"]))
            .hint("remove `source:`, or rename the file to `<id>.<locale>.md` if it is a translation"),
        ),
        _ => {}
    }
}

/// Checks a `channels:` list on its own: not empty, no channel twice.
fn check_channel_list(file: &Path, channels: &[String], key: &dyn Fn(&[&str]) -> Pos, diags: &mut Vec<Diagnostic>) {
    if channels.is_empty() {
        diags.push(
            Diagnostic::error(crate::codes::NO_CHANNELS, file, "`channels:` is empty")
                .at(key(&["channels"]))
                .hint("list at least one channel, or remove `channels:` to use every channel"),
        );
    }
    for (i, c) in channels.iter().enumerate() {
        if channels[..i].contains(c) {
            diags.push(
                Diagnostic::error(crate::codes::DUPLICATE_CHANNEL, file, format!("channel `{c}` is listed twice"))
                    .at(key(&["channels"]))
                    .hint("list each channel once"),
            );
        }
    }
}
