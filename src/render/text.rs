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
    // The text between the five characters goes over whole: they are ASCII,
    // so no byte of a longer UTF-8 character is ever one of them.
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out
}

/// Plain text as escaped HTML with its contacts as links: `http(s)` URLs as
/// `<a href>`, email addresses as `mailto:`, telephone numbers as `tel:`
/// (digits and `+` only). Nothing else becomes a link — no other scheme, so
/// a `javascript:` address stays text — and every byte is escaped.
pub fn link_contacts(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_end);
        let space_end = after.find(|c: char| !c.is_whitespace()).unwrap_or(after.len());
        let (space, next) = after.split_at(space_end);
        let core_start = word.len() - word.trim_start_matches(['(', '[', '«', '„', '“', '"', '\'', '<']).len();
        let core_end =
            word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '»', '“', '”', '"', '\'', '>']).len();
        let core = if core_start < core_end { &word[core_start..core_end] } else { "" };
        let href = if is_web_url(core) {
            Some(core.to_string())
        } else if is_email_address(core) {
            Some(format!("mailto:{core}"))
        } else {
            None
        };
        match href {
            Some(href) => {
                plain.push_str(&word[..core_start]);
                out.push_str(&link_phones(&plain));
                plain.clear();
                out.push_str(&format!("<a href=\"{}\">{}</a>", escape_html(&href), escape_html(core)));
                plain.push_str(&word[core_end..]);
            }
            None => plain.push_str(word),
        }
        plain.push_str(space);
        rest = next;
    }
    out.push_str(&link_phones(&plain));
    out
}

/// An absolute `http` or `https` URL with a host, and no character that
/// could end an attribute or a tag.
fn is_web_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let Some(after) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) else {
        return false;
    };
    after.chars().next().is_some_and(|c| c.is_alphanumeric())
        && s.chars().all(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\'))
}

/// `local@domain.tld` in the common ASCII form (no quoted local parts).
fn is_email_address(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Digits in a telephone number (E.164 allows at most 15; fewer than 7 is a
/// code or a year, not a number to call).
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 7..=15;

/// `2026-01-20`, `20/01/2026`: three groups, a four-digit year first or last.
fn looks_like_date(number: &str) -> bool {
    let groups: Vec<usize> = number.split(|c: char| !c.is_ascii_digit()).map(str::len).collect();
    match groups[..] {
        [4, m, d] | [d, m, 4] => (1..=2).contains(&m) && (1..=2).contains(&d),
        _ => false,
    }
}

/// Escaped `text` with its telephone numbers as `tel:` links: a run of
/// digits with spaces, hyphens, slashes or parentheses between them,
/// optionally after a `+`, not glued to a word.
fn link_phones(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let (mut i, mut copied) = (0, 0);
    while i < chars.len() {
        let (at, c) = chars[i];
        let glued = i > 0 && (chars[i - 1].1.is_alphanumeric() || matches!(chars[i - 1].1, '+' | '-' | '/' | '.'));
        let starts =
            c.is_ascii_digit() || ((c == '+' || c == '(') && chars.get(i + 1).is_some_and(|n| n.1.is_ascii_digit()));
        if glued || !starts {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut last_digit = if c.is_ascii_digit() { Some(i) } else { None };
        while let Some(&(_, d)) = chars.get(j) {
            if d.is_ascii_digit() {
                last_digit = Some(j);
            } else if !matches!(d, ' ' | '\u{a0}' | '-' | '/' | '(' | ')') {
                break;
            }
            j += 1;
        }
        let Some(end) = last_digit else {
            i += 1;
            continue;
        };
        // A closing parenthesis that belongs to the number, as in "(030) 123".
        let end_byte = chars.get(end + 1).map_or(text.len(), |n| n.0);
        let number = &text[at..end_byte];
        let after_glued = text[end_byte..].chars().next().is_some_and(|n| n.is_alphanumeric());
        let digits = number.chars().filter(char::is_ascii_digit).count();
        if after_glued || !PHONE_DIGITS.contains(&digits) || looks_like_date(number) {
            i = end + 1;
            continue;
        }
        let mut dial: String = number.replace("(0)", "").chars().filter(|c| c.is_ascii_digit()).collect();
        if number.starts_with('+') {
            dial.insert(0, '+');
        }
        out.push_str(&escape_html(&text[copied..at]));
        out.push_str(&format!("<a href=\"tel:{dial}\">{}</a>", escape_html(number)));
        copied = end_byte;
        i = end + 1;
    }
    out.push_str(&escape_html(&text[copied..]));
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

    proptest::proptest! {
        /// The escape, character by character as it was first written.
        #[test]
        fn escaping_is_the_five_entities_and_nothing_else(text in "\\PC*|[<>&\"'a é€😀]*") {
            let reference: String = text
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(escape_html(&text), reference);
        }
    }

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
    fn contacts_become_links() {
        let ae = "Report at https://yellowcard.example/report. Or call 0808 157 0142 or write to pv@pharma.example.";
        assert_eq!(
            link_contacts(ae),
            "Report at <a href=\"https://yellowcard.example/report\">https://yellowcard.example/report</a>. \
             Or call <a href=\"tel:08081570142\">0808 157 0142</a> or write to \
             <a href=\"mailto:pv@pharma.example\">pv@pharma.example</a>."
        );
        assert_eq!(
            link_contacts("по телефону 8 800 000-01-42 или +44 (0)20 7946 0000."),
            "по телефону <a href=\"tel:88000000142\">8 800 000-01-42</a> или \
             <a href=\"tel:+442079460000\">+44 (0)20 7946 0000</a>."
        );
        assert_eq!(
            link_contacts("(https://a.example?x=1&y=2)"),
            "(<a href=\"https://a.example?x=1&amp;y=2\">https://a.example?x=1&amp;y=2</a>)"
        );
    }

    #[test]
    fn only_contacts_become_links_and_everything_is_escaped() {
        for hostile in [
            "javascript:alert(1)",
            "JavaScript://x.example/%0aalert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "http://",
            "https://\"onmouseover=\"alert(1)",
            "mailto:x@y.example",
        ] {
            let html = link_contacts(hostile);
            assert!(!html.contains('<'), "{hostile} became markup: {html}");
        }
        assert_eq!(
            link_contacts("https://x.example/\"><script>alert(1)</script>"),
            "https://x.example/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(link_contacts("<b>Call</b> & see"), "&lt;b&gt;Call&lt;/b&gt; &amp; see");
        // Years, codes and dates are not telephone numbers.
        assert_eq!(
            link_contacts("Job code UK-SA-0001, 2026-01-20, ref 12345."),
            "Job code UK-SA-0001, 2026-01-20, ref 12345."
        );
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_html("<script>\"&'"), "&lt;script&gt;&quot;&amp;&#39;");
    }
}
