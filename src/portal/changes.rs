//! What changed since the last approval, as reviewers see it: the approved
//! and the current rendering of a variant side by side, the words that
//! changed highlighted inside each (removed words in the approved one,
//! added words in the current one).
//!
//! Highlighting works on the rendered HTML itself: the words of its text
//! (outside tags, comments, `<head>`, `<style>`, `<script>` and `<title>`)
//! are diffed, and each changed run of words is wrapped in a `<mark>`.
//! Markup is never altered, so the page renders as it will be sent.

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// The class of a removed word's `<mark>` in the approved rendering.
pub const REMOVED: &str = "unisono-removed";
/// The class of an added word's `<mark>` in the current rendering.
pub const ADDED: &str = "unisono-added";

/// Added at the end of a highlighted rendering: the first change is
/// scrolled into view, so the frame opens where the change is.
const SCROLL: &str = "<script>(function(){var m=document.querySelector(\"mark[class^=unisono-]\");if(m)m.scrollIntoView({block:\"center\"});})();</script>";

/// The style added to a highlighted rendering's `<head>`.
const STYLE: &str = "<style>mark.unisono-removed{background:#fed7d7;color:inherit;text-decoration:line-through}\
mark.unisono-added{background:#c6f6d5;color:inherit;outline:1px solid #2f855a}</style>";

/// A piece of an HTML document: markup (kept as it is) or text.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Markup(&'a str),
    Text(&'a str),
}

/// Elements whose content is not markup: all of it is kept as it is.
const RAW_TEXT: &[&str] =
    &["style", "script", "title", "textarea", "xmp", "plaintext", "noembed", "noframes", "noscript", "iframe"];

/// Splits `html` into markup and text. Text before the `<body>` tag (when
/// there is one), inside comments and inside raw-text elements counts as
/// markup.
fn pieces<'a>(html: &'a str) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    // Before `<body>` nothing is shown; a document without one is a fragment.
    let mut in_body = !html.to_ascii_lowercase().contains("<body");
    let mut i = 0;
    let mut text_from = 0;
    let push_text = |out: &mut Vec<Piece<'a>>, from: usize, to: usize, in_body: bool| {
        if from < to {
            out.push(if in_body { Piece::Text(&html[from..to]) } else { Piece::Markup(&html[from..to]) });
        }
    };
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
            i += 1;
            continue;
        }
        push_text(&mut out, text_from, i, in_body);
        let end = if html[i..].starts_with("<!--") {
            // `<!-->` and `<!--->` are (empty) comments too.
            let body = i + 4;
            if html[body..].starts_with('>') {
                body + 1
            } else if html[body..].starts_with("->") {
                body + 2
            } else {
                html[body..].find("-->").map_or(bytes.len(), |e| body + e + 3)
            }
        } else {
            tag_end(bytes, i)
        };
        let name: String =
            html[i + 1..end].chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        if name == "body" {
            in_body = true;
        }
        // A raw-text element runs to its own closing tag, all markup.
        let end = if RAW_TEXT.contains(&name.as_str()) { raw_text_end(html, end, &name) } else { end };
        out.push(Piece::Markup(&html[i..end]));
        i = end;
        text_from = end;
    }
    push_text(&mut out, text_from, bytes.len(), in_body);
    out
}

/// The end of the closing tag of raw-text element `name` whose content
/// starts at `from` (`</name` followed by space, `/` or `>`), or the end of
/// the document.
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let lower = html[from..].to_ascii_lowercase();
    let close = format!("</{name}");
    let mut at = 0;
    while let Some(k) = lower[at..].find(&close) {
        let start = at + k;
        let after = lower.as_bytes().get(start + close.len()).copied();
        if matches!(after, None | Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')) {
            return tag_end(html.as_bytes(), from + start);
        }
        at = start + close.len();
    }
    html.len()
}

/// The end (exclusive) of the tag that starts at `from`, quotes respected.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (k, &b) in bytes.iter().enumerate().skip(from + 1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return k + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// The words of the text pieces, in order.
fn words<'a>(pieces: &[Piece<'a>]) -> Vec<&'a str> {
    pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Text(t) => Some(t.split_whitespace()),
            Piece::Markup(_) => None,
        })
        .flatten()
        .collect()
}

/// The approved and the current HTML with their changed words marked
/// (`<mark class="unisono-removed">` in the first, `unisono-added` in the
/// second), and the number of changed words on each side.
pub fn highlight(old: &str, new: &str) -> (String, String, usize) {
    let (po, pn) = (pieces(old), pieces(new));
    let (wo, wn) = (words(&po), words(&pn));
    let mut removed = vec![false; wo.len()];
    let mut added = vec![false; wn.len()];
    for op in capture_diff_slices(Algorithm::Myers, &wo, &wn) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { old_index, old_len, .. } => removed[old_index..old_index + old_len].fill(true),
            DiffOp::Insert { new_index, new_len, .. } => added[new_index..new_index + new_len].fill(true),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                removed[old_index..old_index + old_len].fill(true);
                added[new_index..new_index + new_len].fill(true);
            }
        }
    }
    let count = removed.iter().filter(|r| **r).count() + added.iter().filter(|a| **a).count();
    (rebuild(&po, &removed, REMOVED), rebuild(&pn, &added, ADDED), count)
}

/// The document again, each run of marked words (within one text piece)
/// wrapped in a `<mark>` of `class`, the style added before `</head>`.
fn rebuild(pieces: &[Piece<'_>], marked: &[bool], class: &str) -> String {
    let mut out = String::new();
    let mut w = 0;
    for p in pieces {
        match p {
            Piece::Markup(m) => out.push_str(m),
            Piece::Text(t) => {
                let mut open = false;
                let mut rest = *t;
                while !rest.is_empty() {
                    let space = rest.len() - rest.trim_start().len();
                    let (gap, after) = rest.split_at(space);
                    let len = after.find(char::is_whitespace).unwrap_or(after.len());
                    if len == 0 {
                        out.push_str(gap);
                        break;
                    }
                    let (word, tail) = after.split_at(len);
                    let mark = marked.get(w).copied().unwrap_or(false);
                    w += 1;
                    if open && !mark {
                        out.push_str("</mark>");
                        open = false;
                    }
                    out.push_str(gap);
                    if mark && !open {
                        out.push_str(&format!("<mark class=\"{class}\">"));
                        open = true;
                    }
                    out.push_str(word);
                    rest = tail;
                }
                if open {
                    out.push_str("</mark>");
                }
            }
        }
    }
    if marked.iter().any(|m| *m) {
        match out.rfind("</body>") {
            Some(at) => out.insert_str(at, SCROLL),
            None => out.push_str(SCROLL),
        }
    }
    match out.find("</head>") {
        Some(at) if !pieces.is_empty() => out.insert_str(at, STYLE),
        _ => out.insert_str(0, STYLE),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_text_in_the_body_is_marked() {
        let old = "<html><head><title>A b</title><style>p{color:red}</style></head><body><p class=\"x\">One tablet once daily</p><!-- once --></body></html>";
        let new = "<html><head><title>A c</title><style>p{color:blue}</style></head><body><p class=\"x\">One tablet a day</p><!-- twice --></body></html>";
        let (o, n, count) = highlight(old, new);
        assert!(o.contains("One tablet <mark class=\"unisono-removed\">once daily</mark></p>"), "{o}");
        assert!(n.contains("One tablet <mark class=\"unisono-added\">a day</mark></p>"), "{n}");
        assert_eq!(count, 4);
        // Markup, the title and comments are untouched.
        assert!(n.contains("<title>A c</title>") && n.contains("<!-- twice -->") && n.contains("p{color:blue}"));
    }

    #[test]
    fn unchanged_words_and_markup_changes_mark_nothing() {
        let old = "<body><p>Same <b>words</b> here</p></body>";
        let new = "<body><div>Same <i>words</i>\n here</div></body>";
        let (o, n, count) = highlight(old, new);
        assert_eq!(count, 0);
        assert!(!o.contains("<mark") && !n.contains("<mark"));
        assert!(n.ends_with(new.trim_start_matches("<body>")), "{n}");
    }

    #[test]
    fn raw_text_comments_and_a_body_named_in_a_comment_are_markup() {
        let old = "<html><head><!-- <body> --><title>T</title></head><BODY><script>var s='</scriptx>'; var a = 1;</script><xmp>one</xmp><!-->x<p>one</p></body>";
        let new = "<html><head><!-- <body> --><title>T</title></head><BODY><script>var s='</scriptx>'; var a = 2;</script><xmp>two</xmp><!-->x<p>two</p></body>";
        let (_, n, count) = highlight(old, new);
        assert_eq!(count, 2, "{n}");
        assert!(n.contains("var a = 2;</script><xmp>two</xmp>"), "{n}");
        assert!(n.contains("<p><mark class=\"unisono-added\">two</mark></p>"), "{n}");
    }

    #[test]
    fn a_less_than_sign_in_text_and_quoted_brackets_in_tags() {
        let old = "<body><p title=\"a>b\">p &lt; 0.05 and 3 < 4</p></body>";
        let new = "<body><p title=\"a>b\">p &lt; 0.01 and 3 < 4</p></body>";
        let (_, n, count) = highlight(old, new);
        assert_eq!(count, 2);
        assert!(n.contains("<p title=\"a>b\">p &lt; <mark class=\"unisono-added\">0.01</mark> and 3 < 4</p>"), "{n}");
    }
}
