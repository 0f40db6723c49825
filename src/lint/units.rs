//! Text units: the pieces of a message that rules read, each with the place
//! in the master source it comes from, and which channels show it.

use crate::diag::Pos;
use crate::model::markdown::{Block, Inline};
use crate::model::{ChannelKind, ClaimsFile, MasterMessage, yaml};
use crate::render::text::{Citations, TextForms};
use std::path::PathBuf;

/// What part of a message a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Subject,
    Preheader,
    Hook,
    CtaLabel,
    Headline,
    Summary,
    KeyMessage(usize),
    Body,
    /// A footnote of the `{#body}` section (pages show them under the body).
    Footnote,
}

impl UnitKind {
    /// Whether channels of `kind` show this unit.
    pub fn shown_in(self, kind: ChannelKind) -> bool {
        use UnitKind::*;
        match kind {
            ChannelKind::Email => matches!(self, Subject | Preheader | Headline | Summary | KeyMessage(_) | CtaLabel),
            ChannelKind::Page => matches!(self, Headline | Summary | KeyMessage(_) | Body | Footnote | CtaLabel),
            ChannelKind::Slides => matches!(self, Headline | Summary | KeyMessage(_)),
            ChannelKind::Video => matches!(self, Hook | Headline | Summary | KeyMessage(_) | CtaLabel),
        }
    }

    /// Whether the unit is part of the copy counted by word limits.
    pub fn is_copy(self) -> bool {
        !matches!(self, UnitKind::Subject | UnitKind::Preheader | UnitKind::Hook | UnitKind::Footnote)
    }
}

/// A piece of text with its source.
#[derive(Debug, Clone)]
pub struct Unit {
    pub kind: UnitKind,
    /// The text as readers see it, claims' wording included.
    pub text: String,
    /// The writer's own words: claims left out (they are checked where
    /// they are written, in claims.yaml).
    pub own: String,
    /// Ids of the claims the unit carries.
    pub claims: Vec<String>,
    /// False for tables and code, which are not sentences.
    pub prose: bool,
    /// The message file and the place the unit starts.
    pub file: PathBuf,
    pub pos: Pos,
}

/// The units of a message, in reading order.
pub fn units(m: &MasterMessage, library: &ClaimsFile, source: &str) -> Vec<Unit> {
    let citations = Citations::default();
    let forms = TextForms { library, locale: m.locale(), citations: &citations };
    let strip = |inl: &[Inline]| -> Vec<Inline> { strip_claims(inl) };
    let fm = |key: &[&str]| yaml::key_pos(source, key).map(|p| Pos::new(p.line, p.column)).unwrap_or(Pos::new(1, 1));
    let mut out = Vec::new();
    let mut push = |kind, text: String, own: String, pos, blocks: &[Block]| {
        out.push(Unit {
            kind,
            text,
            own,
            claims: crate::model::markdown::claim_ids(blocks),
            prose: !matches!(blocks, [Block::Table { .. }] | [Block::Code(_)]),
            file: m.file.clone(),
            pos,
        })
    };
    if let Some(e) = &m.front.email {
        push(
            UnitKind::Subject,
            e.subject.clone(),
            e.subject.clone(),
            value_pos(source, fm(&["email", "subject"])),
            &[],
        );
        if let Some(p) = &e.preheader {
            push(UnitKind::Preheader, p.clone(), p.clone(), value_pos(source, fm(&["email", "preheader"])), &[]);
        }
    }
    if let Some(v) = &m.front.video {
        push(UnitKind::Hook, v.hook.clone(), v.hook.clone(), value_pos(source, fm(&["video", "hook"])), &[]);
    }
    push(
        UnitKind::Headline,
        forms.inline_plain(&m.headline, false),
        forms.inline_plain(&strip(&m.headline), false),
        m.headline_pos,
        &[Block::Paragraph(m.headline.clone())],
    );
    for (b, pos) in m.summary.iter().zip(&m.summary_pos) {
        let own = forms.blocks_plain(&strip_blocks(std::slice::from_ref(b)), false);
        push(UnitKind::Summary, forms.blocks_plain(std::slice::from_ref(b), false), own, *pos, std::slice::from_ref(b));
    }
    for (i, k) in m.key_messages.iter().enumerate() {
        let all = [k.title.clone(), vec![Inline::Text(" ".into())], k.text.clone()].concat();
        push(
            UnitKind::KeyMessage(i),
            forms.inline_plain(&all, false).trim().to_string(),
            forms.inline_plain(&strip(&all), false).trim().to_string(),
            k.pos,
            &[Block::Paragraph(all.clone())],
        );
    }
    for (b, pos) in m.body.iter().zip(&m.body_pos) {
        let own = forms.blocks_plain(&strip_blocks(std::slice::from_ref(b)), false);
        push(UnitKind::Body, forms.blocks_plain(std::slice::from_ref(b), false), own, *pos, std::slice::from_ref(b));
    }
    for (label, blocks) in &m.footnotes {
        let own = forms.blocks_plain(&strip_blocks(blocks), false);
        push(UnitKind::Footnote, forms.blocks_plain(blocks, false), own, footnote_pos(source, label), blocks);
    }
    if let Some(c) = &m.front.cta {
        push(UnitKind::CtaLabel, c.label.clone(), c.label.clone(), value_pos(source, fm(&["cta", "label"])), &[]);
    }
    out
}

/// The position of a front-matter key's value (after `key: `).
fn value_pos(source: &str, key: Pos) -> Pos {
    let fm_line = key.line;
    let line = source.lines().nth(fm_line - 1).unwrap_or("");
    let col = line.find(':').map(|c| line[..c + 1].chars().count() + 2).unwrap_or(key.column);
    Pos::new(fm_line, col)
}

/// Where the definition of footnote `label` starts (`[^label]: text`): its
/// text, or the top of the file when it cannot be found.
fn footnote_pos(source: &str, label: &str) -> Pos {
    let mark = format!("[^{label}]:");
    for (i, line) in source.lines().enumerate() {
        let Some(at) = line.find(&mark) else { continue };
        let after = &line[at + mark.len()..];
        let text = at + mark.len() + (after.len() - after.trim_start().len());
        return Pos::new(i + 1, line[..text].chars().count() + 1);
    }
    Pos::new(1, 1)
}

fn strip_claims(inlines: &[Inline]) -> Vec<Inline> {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Claim { .. } => Inline::Text(" ".into()),
            Inline::Strong(c) => Inline::Strong(strip_claims(c)),
            Inline::Emphasis(c) => Inline::Emphasis(strip_claims(c)),
            Inline::Strikethrough(c) => Inline::Strikethrough(strip_claims(c)),
            Inline::Link { url, content } => Inline::Link { url: url.clone(), content: strip_claims(content) },
            other => other.clone(),
        })
        .collect()
}

fn strip_blocks(blocks: &[Block]) -> Vec<Block> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(c) => Block::Paragraph(strip_claims(c)),
            Block::Heading { level, content } => Block::Heading { level: *level, content: strip_claims(content) },
            Block::List { start, items } => {
                Block::List { start: *start, items: items.iter().map(|it| strip_blocks(it)).collect() }
            }
            Block::Table { align, head, rows } => Block::Table {
                align: align.clone(),
                head: head.iter().map(|c| strip_claims(c)).collect(),
                rows: rows.iter().map(|r| r.iter().map(|c| strip_claims(c)).collect()).collect(),
            },
            Block::Quote(bs) => Block::Quote(strip_blocks(bs)),
            other => other.clone(),
        })
        .collect()
}

/// Finds `needle` (case-insensitive, whole word) in `haystack`; returns the
/// byte offset.
pub fn find_word(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.to_lowercase();
    let n = needle.to_lowercase();
    if n.is_empty() || h.len() != haystack.len() {
        // Lower-casing changed byte lengths (rare scripts): search as is.
        return find_word_exact(haystack, needle);
    }
    find_word_exact(&h, &n)
}

fn find_word_exact(h: &str, n: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = h[from..].find(n) {
        let start = from + i;
        let end = start + n.len();
        let before = h[..start].chars().next_back();
        let after = h[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            return Some(start);
        }
        from = start + h[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// The place of `word` in the source, searched from the unit's line on
/// (within a few lines); the unit's start when the word is not written
/// there (it came from a claim, say).
pub fn word_pos(source: &str, unit_pos: Pos, word: &str) -> Pos {
    for (i, line) in source.lines().enumerate().skip(unit_pos.line.saturating_sub(1)).take(12) {
        if let Some(off) = find_word(line, word) {
            return Pos::new(i + 1, line[..off].chars().count() + 1);
        }
    }
    unit_pos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert_eq!(find_word("The best option", "best"), Some(4));
        assert_eq!(find_word("bestow", "best"), None);
        assert_eq!(find_word("Safety first", "safe"), None);
        assert_eq!(find_word("it is safe.", "safe"), Some(6));
        assert_eq!(find_word("Ты знаешь", "ты"), Some(0));
        assert_eq!(find_word("no side effects at all", "no side effects"), Some(0));
    }
}
