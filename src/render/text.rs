//! The one Markdown-to-text path: a message's document tree rendered as
//! HTML, as plain text, or as text to be spoken, with claims inserted
//! verbatim and references numbered per variant in order of first use.

use crate::model::ClaimsFile;
use crate::model::markdown::{Align, Block, Inline};
use std::collections::BTreeMap;

/// Claims and references as numbered in one variant.
#[derive(Debug, Clone, Default)]
pub struct Citations {
    /// Claim ids in order of first use.
    pub claims: Vec<String>,
    /// Reference ids in order of first use; reference number = index + 1.
    pub references: Vec<String>,
    /// Reference numbers of each claim.
    numbers: BTreeMap<String, Vec<usize>>,
}

impl Citations {
    /// Registers the claims of `inlines`, in order.
    pub fn add_inlines(&mut self, library: &ClaimsFile, inlines: &[Inline]) {
        self.add_blocks(library, &[Block::Paragraph(inlines.to_vec())]);
    }

    /// Registers the claims of `blocks`, in order.
    pub fn add_blocks(&mut self, library: &ClaimsFile, blocks: &[Block]) {
        crate::model::markdown::visit_inlines(blocks, &mut |i| {
            if let Inline::Claim { id, .. } = i {
                self.add_claim(library, id);
            }
        });
    }

    fn add_claim(&mut self, library: &ClaimsFile, id: &str) {
        if self.numbers.contains_key(id) {
            return;
        }
        let refs = library.claims.get(id).map(|c| c.references.as_slice()).unwrap_or_default();
        let mut numbers = Vec::with_capacity(refs.len());
        for r in refs {
            let n = match self.references.iter().position(|x| x == r) {
                Some(i) => i + 1,
                None => {
                    self.references.push(r.clone());
                    self.references.len()
                }
            };
            numbers.push(n);
        }
        self.claims.push(id.to_string());
        self.numbers.insert(id.to_string(), numbers);
    }

    /// The reference numbers of claim `id` in this variant.
    pub fn numbers(&self, id: &str) -> &[usize] {
        self.numbers.get(id).map(Vec::as_slice).unwrap_or_default()
    }
}

/// Formats reference numbers compactly: `1`, `1,2`, `1–3`.
pub fn marker(numbers: &[usize]) -> String {
    let mut sorted = numbers.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1] == sorted[j] + 1 {
            j += 1;
        }
        if j >= i + 2 {
            parts.push(format!("{}–{}", sorted[i], sorted[j]));
        } else {
            parts.extend(sorted[i..=j].iter().map(usize::to_string));
        }
        i = j + 1;
    }
    parts.join(",")
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Renders document trees for one variant.
pub struct TextForms<'a> {
    pub library: &'a ClaimsFile,
    pub locale: &'a str,
    pub citations: &'a Citations,
}

impl TextForms<'_> {
    fn wording(&self, id: &str) -> Option<&str> {
        self.library.claims.get(id)?.text.get(self.locale).map(String::as_str)
    }

    /// HTML of inline content.
    pub fn inline_html(&self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        for i in inlines {
            match i {
                Inline::Text(t) => out.push_str(&escape_html(t)),
                Inline::Code(t) => {
                    out.push_str("<code>");
                    out.push_str(&escape_html(t));
                    out.push_str("</code>");
                }
                Inline::Strong(c) => wrap(&mut out, "strong", &self.inline_html(c)),
                Inline::Emphasis(c) => wrap(&mut out, "em", &self.inline_html(c)),
                Inline::Strikethrough(c) => wrap(&mut out, "s", &self.inline_html(c)),
                Inline::Link { url, content } => {
                    if crate::model::message::is_safe_url(url) {
                        out.push_str(&format!("<a href=\"{}\">{}</a>", escape_html(url), self.inline_html(content)));
                    } else {
                        out.push_str(&self.inline_html(content));
                    }
                }
                Inline::Claim { id, .. } => match self.wording(id) {
                    Some(text) => {
                        out.push_str(&format!(
                            "<span class=\"claim\" data-claim=\"{}\">{}</span>",
                            escape_html(id),
                            escape_html(text)
                        ));
                        let numbers = self.citations.numbers(id);
                        if !numbers.is_empty() {
                            out.push_str(&format!("<sup class=\"ref\">{}</sup>", marker(numbers)));
                        }
                    }
                    None => out.push_str(&escape_html(&format!("[[{id}]]"))),
                },
                Inline::FootnoteRef(label) => out.push_str(&format!("<sup class=\"fn\">{}</sup>", escape_html(label))),
                Inline::SoftBreak => out.push('\n'),
                Inline::HardBreak => out.push_str("<br>\n"),
            }
        }
        out
    }

    /// HTML of blocks.
    pub fn blocks_html(&self, blocks: &[Block]) -> String {
        let mut out = String::new();
        for b in blocks {
            match b {
                Block::Paragraph(c) => {
                    out.push_str("<p>");
                    out.push_str(&self.inline_html(c));
                    out.push_str("</p>\n");
                }
                Block::Heading { level, content } => {
                    let level = (*level).clamp(2, 6);
                    out.push_str(&format!("<h{level}>{}</h{level}>\n", self.inline_html(content)));
                }
                Block::List { start, items } => {
                    let tag = match start {
                        Some(1) => "ol".to_string(),
                        Some(n) => format!("ol start=\"{n}\""),
                        None => "ul".to_string(),
                    };
                    out.push_str(&format!("<{tag}>\n"));
                    for item in items {
                        let inner = match item.as_slice() {
                            [Block::Paragraph(c)] => self.inline_html(c),
                            _ => self.blocks_html(item),
                        };
                        out.push_str(&format!("<li>{}</li>\n", inner.trim_end()));
                    }
                    out.push_str(if start.is_some() { "</ol>\n" } else { "</ul>\n" });
                }
                Block::Table { align, head, rows } => {
                    out.push_str("<table>\n<thead>\n<tr>");
                    for (i, cell) in head.iter().enumerate() {
                        out.push_str(&format!("<th{}>{}</th>", align_attr(align.get(i)), self.inline_html(cell)));
                    }
                    out.push_str("</tr>\n</thead>\n<tbody>\n");
                    for row in rows {
                        out.push_str("<tr>");
                        for (i, cell) in row.iter().enumerate() {
                            out.push_str(&format!("<td{}>{}</td>", align_attr(align.get(i)), self.inline_html(cell)));
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
                Block::Quote(bs) => {
                    out.push_str("<blockquote>\n");
                    out.push_str(&self.blocks_html(bs));
                    out.push_str("</blockquote>\n");
                }
                Block::Code(code) => {
                    out.push_str("<pre><code>");
                    out.push_str(&escape_html(code));
                    out.push_str("</code></pre>\n");
                }
                Block::Rule => out.push_str("<hr>\n"),
            }
        }
        out
    }

    /// Plain text of inline content; claims followed by `[n]` markers when
    /// `markers` is set, links followed by their address.
    pub fn inline_plain(&self, inlines: &[Inline], markers: bool) -> String {
        let mut out = String::new();
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strikethrough(c) => {
                    out.push_str(&self.inline_plain(c, markers))
                }
                Inline::Link { url, content } => {
                    let text = self.inline_plain(content, markers);
                    out.push_str(&text);
                    if markers && text != *url && crate::model::message::is_safe_url(url) {
                        out.push_str(&format!(" <{url}>"));
                    }
                }
                Inline::Claim { id, .. } => match self.wording(id) {
                    Some(text) => {
                        out.push_str(text);
                        let numbers = self.citations.numbers(id);
                        if markers && !numbers.is_empty() {
                            out.push_str(&format!(" [{}]", marker(numbers)));
                        }
                    }
                    None => out.push_str(&format!("[[{id}]]")),
                },
                Inline::FootnoteRef(label) => {
                    if markers {
                        out.push_str(&format!("[^{label}]"));
                    }
                }
                Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            }
        }
        out
    }

    /// Plain text of blocks: paragraphs separated by blank lines, list
    /// items with `- ` or `1. `, table rows with ` | `.
    pub fn blocks_plain(&self, blocks: &[Block], markers: bool) -> String {
        let mut parts: Vec<String> = Vec::new();
        for b in blocks {
            match b {
                Block::Paragraph(c) | Block::Heading { content: c, .. } => parts.push(self.inline_plain(c, markers)),
                Block::List { start, items } => {
                    let mut lines = Vec::new();
                    for (n, item) in items.iter().enumerate() {
                        let bullet = match start {
                            Some(s) => format!("{}. ", *s as usize + n),
                            None => "- ".to_string(),
                        };
                        let text = self.blocks_plain(item, markers).replace("\n\n", "\n");
                        let indented = text.replace('\n', &format!("\n{}", " ".repeat(bullet.chars().count())));
                        lines.push(format!("{bullet}{indented}"));
                    }
                    parts.push(lines.join("\n"));
                }
                Block::Table { head, rows, .. } => {
                    let row = |cells: &Vec<Vec<Inline>>| {
                        cells.iter().map(|c| self.inline_plain(c, markers)).collect::<Vec<_>>().join(" | ")
                    };
                    let mut lines = vec![row(head)];
                    lines.extend(rows.iter().map(row));
                    parts.push(lines.join("\n"));
                }
                Block::Quote(bs) => parts.push(self.blocks_plain(bs, markers)),
                Block::Code(code) => parts.push(code.trim_end().to_string()),
                Block::Rule => parts.push("---".into()),
            }
        }
        parts.join("\n\n")
    }
}

fn wrap(out: &mut String, tag: &str, inner: &str) {
    out.push_str(&format!("<{tag}>{inner}</{tag}>"));
}

fn align_attr(a: Option<&Align>) -> &'static str {
    match a {
        Some(Align::Left) => " style=\"text-align:left\"",
        Some(Align::Center) => " style=\"text-align:center\"",
        Some(Align::Right) => " style=\"text-align:right\"",
        _ => "",
    }
}

/// Wraps plain text at `width` characters, keeping paragraph breaks and
/// list indentation.
pub fn wrap_text(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width.max(1));
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let indent_len = line.len() - line.trim_start_matches([' ', '-', '*']).len();
        let indent_len = if line.trim_start().starts_with("- ") { indent_len.max(2) } else { 0 };
        let cont = " ".repeat(indent_len);
        let mut col = 0;
        for (j, word) in line.split(' ').enumerate() {
            let w = word.chars().count();
            if j > 0 {
                if col + 1 + w > width && col > indent_len {
                    out.push('\n');
                    out.push_str(&cont);
                    col = indent_len;
                } else {
                    out.push(' ');
                    col += 1;
                }
            }
            out.push_str(word);
            col += w;
        }
    }
    out
}

/// Standard base64 with padding (RFC 4648), for `data:` URIs.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_compact() {
        assert_eq!(marker(&[1]), "1");
        assert_eq!(marker(&[2, 1]), "1,2");
        assert_eq!(marker(&[1, 2, 3, 5]), "1–3,5");
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        let w = wrap_text("one two three four five six", 10);
        assert_eq!(w, "one two\nthree four\nfive six");
        assert!(wrap_text(&"x ".repeat(100), 20).lines().all(|l| l.chars().count() <= 20));
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_html("<script>\"&'"), "&lt;script&gt;&quot;&amp;&#39;");
    }
}
