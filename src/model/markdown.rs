//! The master message body as a small document tree.
//!
//! pulldown-cmark events become [`Block`]s and [`Inline`]s once, here; every
//! text form (HTML, plain, spoken) is rendered from this tree, so there is
//! one Markdown path. Byte offsets into the body are kept where diagnostics
//! need them (headings, claims, raw HTML).

use pulldown_cmark::{Alignment, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// A block of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// A heading inside a section (level 3 or deeper in the source).
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Quote(Vec<Block>),
    Code(String),
    Rule,
}

/// Column alignment of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    Code(String),
    Link {
        url: String,
        content: Vec<Inline>,
    },
    /// `[[CLAIM-ID]]`: the claim's locked wording and a reference marker.
    Claim {
        id: String,
        offset: usize,
    },
    /// `[^label]`.
    FootnoteRef(String),
    SoftBreak,
    HardBreak,
}

impl Block {
    /// Gives back the room the parse left spare in every list and text of
    /// the block: a parsed message is held for the whole command, and the
    /// lists grown one item at a time (room for four) and the texts joined
    /// from pieces (doubled at each join) were two thirds spare.
    pub fn shrink(&mut self) {
        match self {
            Block::Paragraph(content) | Block::Heading { content, .. } => shrink_inlines(content),
            Block::List { items, .. } => {
                items.iter_mut().for_each(shrink_blocks);
                items.shrink_to_fit();
            }
            Block::Table { align, head, rows } => {
                align.shrink_to_fit();
                head.iter_mut().for_each(shrink_inlines);
                head.shrink_to_fit();
                for row in rows.iter_mut() {
                    row.iter_mut().for_each(shrink_inlines);
                    row.shrink_to_fit();
                }
                rows.shrink_to_fit();
            }
            Block::Quote(blocks) => shrink_blocks(blocks),
            Block::Code(text) => text.shrink_to_fit(),
            Block::Rule => {}
        }
    }
}

/// [`Block::shrink`] for each block, and the list itself.
pub fn shrink_blocks(blocks: &mut Vec<Block>) {
    blocks.iter_mut().for_each(Block::shrink);
    blocks.shrink_to_fit();
}

/// [`Block::shrink`] for inline content.
pub fn shrink_inlines(inlines: &mut Vec<Inline>) {
    for inline in inlines.iter_mut() {
        match inline {
            Inline::Text(text) | Inline::Code(text) | Inline::FootnoteRef(text) => text.shrink_to_fit(),
            Inline::Strong(content) | Inline::Emphasis(content) | Inline::Strikethrough(content) => {
                shrink_inlines(content)
            }
            Inline::Link { url, content } => {
                url.shrink_to_fit();
                shrink_inlines(content);
            }
            Inline::Claim { id, .. } => id.shrink_to_fit(),
            Inline::SoftBreak | Inline::HardBreak => {}
        }
    }
    inlines.shrink_to_fit();
}

/// A top-level block with the byte range it came from.
#[derive(Debug, Clone)]
pub struct Spanned {
    pub block: TopBlock,
    pub range: Range<usize>,
}

/// Top-level structure: headings with their attribute id, or content.
#[derive(Debug, Clone)]
pub enum TopBlock {
    Heading {
        level: u8,
        id: Option<String>,
        content: Vec<Inline>,
    },
    Content(Block),
    /// `[^label]: ...`
    FootnoteDefinition {
        label: String,
        blocks: Vec<Block>,
    },
}

/// Something in the Markdown that the loader turns into a diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// Raw HTML (escaped on output); the text.
    RawHtml { offset: usize, html: String },
    /// An image (only its alt text is kept).
    Image { offset: usize },
    /// A claim written with display text (`[[ID|text]]`).
    ClaimWithText { offset: usize, id: String },
    /// Nesting deeper than [`MAX_NESTING`] starts here; nothing was parsed.
    TooDeep { offset: usize },
}

/// The parse of a body: top-level blocks and findings.
pub struct Parsed {
    pub blocks: Vec<Spanned>,
    pub findings: Vec<Finding>,
}

/// The Markdown dialect of master messages: CommonMark plus tables,
/// footnotes, strikethrough, heading attributes and `[[claim]]` links.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// The deepest nesting of Markdown elements (quotes, list items, emphasis,
/// links, table cells, ...) a text may have. Real messages stay under ten;
/// the tree built from the text, and everything that walks it (rendering,
/// rules, even dropping it), recurses once per level, so the depth is checked
/// on the flat event stream before any tree exists.
pub const MAX_NESTING: usize = 32;

/// The byte offset where `text` first nests deeper than [`MAX_NESTING`], if it does.
pub fn nesting_too_deep(text: &str) -> Option<usize> {
    too_deep(&Parser::new_ext(text, options()).into_offset_iter().collect::<Vec<_>>())
}

fn too_deep(events: &[(Event<'_>, Range<usize>)]) -> Option<usize> {
    let mut depth = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(range.start);
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Parses a message body. A text nested deeper than [`MAX_NESTING`] gives
/// no blocks and a [`Finding::TooDeep`].
pub fn parse(text: &str) -> Parsed {
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(text, options()).into_offset_iter().collect();
    if let Some(offset) = too_deep(&events) {
        return Parsed { blocks: Vec::new(), findings: vec![Finding::TooDeep { offset }] };
    }
    let mut b = Builder { events, at: 0, findings: Vec::new() };
    let mut blocks = Vec::new();
    while b.at < b.events.len() {
        let (event, range) = b.events[b.at].clone();
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                b.at += 1;
                let content = b.inlines(TagEnd::Heading(level));
                blocks.push(Spanned {
                    block: TopBlock::Heading { level: heading_level(level), id: id.map(|i| i.to_string()), content },
                    range,
                });
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                b.at += 1;
                let inner = b.blocks(Some(TagEnd::FootnoteDefinition));
                blocks.push(Spanned {
                    block: TopBlock::FootnoteDefinition { label: label.to_string(), blocks: inner },
                    range,
                });
            }
            _ => {
                let before = b.at;
                let mut one = b.blocks_one();
                if let Some(block) = one.take() {
                    blocks.push(Spanned { block: TopBlock::Content(block), range });
                }
                if b.at == before {
                    b.at += 1;
                }
            }
        }
    }
    Parsed { blocks, findings: b.findings }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

struct Builder<'a> {
    events: Vec<(Event<'a>, Range<usize>)>,
    at: usize,
    findings: Vec<Finding>,
}

impl<'a> Builder<'a> {
    fn peek(&self) -> Option<&(Event<'a>, Range<usize>)> {
        self.events.get(self.at)
    }

    /// Blocks until the end tag `until` (consumed) or the end of input.
    fn blocks(&mut self, until: Option<TagEnd>) -> Vec<Block> {
        let mut out = Vec::new();
        while let Some((event, _)) = self.peek() {
            if let (Event::End(end), Some(until)) = (event, until)
                && *end == until
            {
                self.at += 1;
                break;
            }
            let before = self.at;
            if let Some(block) = self.blocks_one() {
                out.push(block);
            }
            if self.at == before {
                self.at += 1;
            }
        }
        out
    }

    /// One block starting at the current event, if it starts one.
    fn blocks_one(&mut self) -> Option<Block> {
        let (event, range) = self.peek()?.clone();
        match event {
            Event::Start(Tag::Paragraph) => {
                self.at += 1;
                Some(Block::Paragraph(self.inlines(TagEnd::Paragraph)))
            }
            Event::Start(Tag::Heading { level, .. }) => {
                self.at += 1;
                Some(Block::Heading { level: heading_level(level), content: self.inlines(TagEnd::Heading(level)) })
            }
            Event::Start(Tag::List(start)) => {
                self.at += 1;
                let ordered = start.is_some();
                let mut items = Vec::new();
                while let Some((event, _)) = self.peek() {
                    match event {
                        Event::Start(Tag::Item) => {
                            self.at += 1;
                            items.push(self.blocks(Some(TagEnd::Item)));
                        }
                        Event::End(TagEnd::List(_)) => {
                            self.at += 1;
                            break;
                        }
                        _ => self.at += 1,
                    }
                }
                let _ = ordered;
                Some(Block::List { start, items })
            }
            Event::Start(Tag::BlockQuote(_)) => {
                self.at += 1;
                Some(Block::Quote(self.blocks(Some(TagEnd::BlockQuote(None)))))
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.at += 1;
                let mut code = String::new();
                while let Some((event, _)) = self.peek().cloned() {
                    self.at += 1;
                    match event {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                Some(Block::Code(code))
            }
            Event::Start(Tag::Table(aligns)) => {
                self.at += 1;
                Some(self.table(&aligns))
            }
            Event::Rule => {
                self.at += 1;
                Some(Block::Rule)
            }
            Event::Start(Tag::HtmlBlock) => {
                self.at += 1;
                let mut html = String::new();
                while let Some((event, _)) = self.peek().cloned() {
                    self.at += 1;
                    match event {
                        Event::Html(t) | Event::Text(t) => html.push_str(&t),
                        Event::End(TagEnd::HtmlBlock) => break,
                        _ => {}
                    }
                }
                self.findings.push(Finding::RawHtml { offset: range.start, html: html.clone() });
                // Kept as visible text: nothing silently disappears, nothing is interpreted.
                Some(Block::Paragraph(vec![Inline::Text(html.trim_end().to_string())]))
            }
            Event::Start(Tag::FootnoteDefinition(_)) | Event::End(_) => None,
            // Inline content directly in a tight list item: an implicit paragraph.
            _ => {
                let content = self.inline_run();
                (!content.is_empty()).then_some(Block::Paragraph(content))
            }
        }
    }

    fn table(&mut self, aligns: &[Alignment]) -> Block {
        let align = aligns
            .iter()
            .map(|a| match a {
                Alignment::None => Align::None,
                Alignment::Left => Align::Left,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
            })
            .collect();
        let mut head = Vec::new();
        let mut rows = Vec::new();
        let mut in_head = false;
        let mut row: Vec<Vec<Inline>> = Vec::new();
        while let Some((event, _)) = self.peek().cloned() {
            self.at += 1;
            match event {
                Event::Start(Tag::TableHead) => in_head = true,
                Event::End(TagEnd::TableHead) => {
                    in_head = false;
                    head = std::mem::take(&mut row);
                }
                Event::Start(Tag::TableRow) => row.clear(),
                Event::End(TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
                Event::Start(Tag::TableCell) => row.push(self.inlines(TagEnd::TableCell)),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        let _ = in_head;
        Block::Table { align, head, rows }
    }

    /// Inline events up to (not including) the next block-level event.
    fn inline_run(&mut self) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, _)) = self.peek() {
            if is_block_event(event) {
                break;
            }
            let before = self.at;
            self.inline_one(&mut out);
            if self.at == before {
                self.at += 1;
            }
        }
        out
    }

    /// Inlines until the end tag `until` (consumed).
    fn inlines(&mut self, until: TagEnd) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, _)) = self.peek() {
            if let Event::End(end) = event
                && *end == until
            {
                self.at += 1;
                break;
            }
            let before = self.at;
            self.inline_one(&mut out);
            if self.at == before {
                self.at += 1;
            }
        }
        out
    }

    fn inline_one(&mut self, out: &mut Vec<Inline>) {
        let Some((event, range)) = self.peek().cloned() else {
            return;
        };
        self.at += 1;
        match event {
            Event::Text(t) => push_text(out, &t),
            Event::Code(c) => out.push(Inline::Code(c.to_string())),
            Event::SoftBreak => out.push(Inline::SoftBreak),
            Event::HardBreak => out.push(Inline::HardBreak),
            Event::FootnoteReference(label) => out.push(Inline::FootnoteRef(label.to_string())),
            Event::InlineHtml(html) | Event::Html(html) => {
                self.findings.push(Finding::RawHtml { offset: range.start, html: html.to_string() });
                push_text(out, &html);
            }
            Event::InlineMath(m) | Event::DisplayMath(m) => push_text(out, &m),
            Event::TaskListMarker(done) => push_text(out, if done { "[x] " } else { "[ ] " }),
            Event::Start(Tag::Strong) => {
                let content = self.inlines(TagEnd::Strong);
                out.push(Inline::Strong(content));
            }
            Event::Start(Tag::Emphasis) => {
                let content = self.inlines(TagEnd::Emphasis);
                out.push(Inline::Emphasis(content));
            }
            Event::Start(Tag::Strikethrough) => {
                let content = self.inlines(TagEnd::Strikethrough);
                out.push(Inline::Strikethrough(content));
            }
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                let content = self.inlines(TagEnd::Link);
                if let LinkType::WikiLink { has_pothole } = link_type {
                    let id = dest_url.trim().to_string();
                    if has_pothole {
                        self.findings.push(Finding::ClaimWithText { offset: range.start, id: id.clone() });
                    }
                    out.push(Inline::Claim { id, offset: range.start });
                } else {
                    out.push(Inline::Link { url: dest_url.to_string(), content });
                }
            }
            Event::Start(Tag::Image { .. }) => {
                self.findings.push(Finding::Image { offset: range.start });
                let alt = self.inlines(TagEnd::Image);
                out.extend(alt);
            }
            Event::Start(Tag::Superscript) => out.extend(self.inlines(TagEnd::Superscript)),
            Event::Start(Tag::Subscript) => out.extend(self.inlines(TagEnd::Subscript)),
            _ => {}
        }
    }
}

fn push_text(out: &mut Vec<Inline>, t: &str) {
    if let Some(Inline::Text(prev)) = out.last_mut() {
        prev.push_str(t);
    } else {
        out.push(Inline::Text(t.to_string()));
    }
}

fn is_block_event(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::List(_)
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::Table(_)
                | Tag::HtmlBlock
                | Tag::FootnoteDefinition(_)
        ),
        Event::End(end) => matches!(
            end,
            TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::Table
                | TagEnd::HtmlBlock
                | TagEnd::FootnoteDefinition
        ),
        Event::Rule => true,
        _ => false,
    }
}

/// The plain text of inlines, claims shown as `[[ID]]` (for messages about them).
pub fn inline_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => s.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strikethrough(c) => s.push_str(&inline_text(c)),
            Inline::Link { content, .. } => s.push_str(&inline_text(content)),
            Inline::Claim { id, .. } => {
                s.push_str("[[");
                s.push_str(id);
                s.push_str("]]");
            }
            Inline::FootnoteRef(_) => {}
            Inline::SoftBreak | Inline::HardBreak => s.push(' '),
        }
    }
    s
}

/// Visits every inline of a block list, depth first.
pub fn visit_inlines<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Inline)) {
    fn inl<'a>(inlines: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
        for i in inlines {
            f(i);
            match i {
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strikethrough(c) => inl(c, f),
                Inline::Link { content, .. } => inl(content, f),
                _ => {}
            }
        }
    }
    for b in blocks {
        match b {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => inl(c, f),
            Block::List { items, .. } => items.iter().for_each(|it| visit_inlines(it, f)),
            Block::Quote(bs) => visit_inlines(bs, f),
            Block::Table { head, rows, .. } => {
                head.iter().for_each(|c| inl(c, f));
                rows.iter().flatten().for_each(|c| inl(c, f));
            }
            Block::Code(_) | Block::Rule => {}
        }
    }
}

/// Claim ids used in `blocks`, in order of first use.
pub fn claim_ids(blocks: &[Block]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    visit_inlines(blocks, &mut |i| {
        if let Inline::Claim { id, .. } = i
            && !ids.contains(id)
        {
            ids.push(id.clone());
        }
    });
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_become_claim_inlines() {
        let p = parse("- **Title.** Text [[CZ-EFF-01]]\n- Two\n");
        let TopBlock::Content(Block::List { items, .. }) = &p.blocks[0].block else { panic!("{:?}", p.blocks) };
        assert_eq!(items.len(), 2);
        let Block::Paragraph(inl) = &items[0][0] else { panic!() };
        assert!(matches!(&inl[0], Inline::Strong(_)));
        assert!(inl.iter().any(|i| matches!(i, Inline::Claim { id, offset: 18 } if id == "CZ-EFF-01")));
    }

    #[test]
    fn raw_html_is_found_and_kept_as_text() {
        let p = parse("Hello <b>x</b>\n\n<script>alert(1)</script>\n");
        assert_eq!(p.findings.len(), 3);
        let TopBlock::Content(Block::Paragraph(inl)) = &p.blocks[1].block else { panic!() };
        assert_eq!(inline_text(inl), "<script>alert(1)</script>");
    }

    #[test]
    fn deep_nesting_is_found_before_any_tree_is_built() {
        for (open, close) in
            [("> ", ""), ("- ", ""), ("1. ", ""), ("_", "_"), ("*", "*"), ("**", "**"), ("> - 1. ", "")]
        {
            let text = format!("{}x{}\n", open.repeat(4000), close.repeat(4000));
            let p = parse(&text);
            assert!(p.blocks.is_empty(), "{open:?}");
            assert!(matches!(p.findings[..], [Finding::TooDeep { .. }]), "{open:?}: {:?}", p.findings);
        }
        // Links cannot contain links: 4,000 `[` stay flat, and parse.
        let links = format!("{}x{}\n", "[".repeat(4000), "](x)".repeat(4000));
        assert!(nesting_too_deep(&links).is_none());
        assert!(!parse(&links).blocks.is_empty());
        let ok = format!("{}x\n", "> ".repeat(10));
        assert!(nesting_too_deep(&ok).is_none());
        assert!(!parse(&ok).blocks.is_empty());
    }

    #[test]
    fn headings_carry_their_ids() {
        let p = parse("# Head\n\n## Key messages {#key-messages}\n");
        assert!(matches!(&p.blocks[1].block, TopBlock::Heading { level: 2, id: Some(id), .. } if id == "key-messages"));
    }
}
