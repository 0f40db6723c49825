//! Strict YAML reading: serde errors become diagnostics with the file, line,
//! column and, for an unknown key, the nearest valid key.

use crate::diag::{Diagnostic, Pos, did_you_mean};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `text` (which starts at line `first_line` of `file`) into `T`.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str, first_line: usize) -> Result<T, Diagnostic> {
    // A generic parse first: it rejects duplicate keys in any mapping, which
    // typed maps (claims by id, channels by name) would silently overwrite.
    if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(text) {
        let mut d = to_diagnostic(file, text, first_line, &e);
        if d.code == crate::codes::DUPLICATE_KEY {
            relocate_duplicate(&mut d, text, first_line);
        }
        return Err(d);
    }
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(file, text, first_line, &e))
}

/// Moves a duplicate-key diagnostic from the mapping to the key's second
/// occurrence, which is the one to rename or remove.
fn relocate_duplicate(d: &mut Diagnostic, text: &str, first_line: usize) {
    let Some(key) = d.message.split('"').nth(1).map(str::to_string) else {
        return;
    };
    let start = (d.line + 1).saturating_sub(first_line).max(1);
    let indent = d.column.saturating_sub(1);
    let hits: Vec<usize> = text
        .lines()
        .enumerate()
        .skip(start - 1)
        .filter(|(_, l)| {
            l.len() > indent
                && l.is_char_boundary(indent)
                && l[..indent].trim().is_empty()
                && key_of(&l[indent..]) == Some(key.as_str())
        })
        .map(|(i, _)| i + 1)
        .take(2)
        .collect();
    if let [_, second] = hits[..] {
        d.line = second + first_line - 1;
        d.len = key.chars().count();
    }
}

fn to_diagnostic(file: &Path, text: &str, first_line: usize, e: &serde_yaml::Error) -> Diagnostic {
    let full = e.to_string();
    // serde_yaml appends " at line N column M"; we show the place ourselves.
    let message = match full.find(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let pos = e.location().map(|l| Pos::new(l.line() + first_line - 1, l.column())).unwrap_or(Pos::new(first_line, 1));
    let (code, mut hint) = classify(&message, text);
    let line = pos.line + 1 - first_line.min(pos.line);
    if let Some(better) = writer_hint(code, &message, text, line, first_line) {
        hint = better;
    }
    Diagnostic::error(code, file, message).at(pos).hint(hint)
}

/// The hint for the mistakes writers make in front matter, read off the
/// line itself (`line` counts from 1 in `text`, which starts at line
/// `first_line` of its file): what exactly to type.
fn writer_hint(code: &str, message: &str, text: &str, line: usize, first_line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    // The line as the writer's editor numbers it.
    let shown = |n: usize| n + first_line.max(1) - 1;
    let at = |n: usize| n.checked_sub(1).and_then(|i| lines.get(i)).copied();
    // A tab where YAML wants spaces (on the line, or the one before: the
    // parser often notices on the next line).
    for n in [line, line.saturating_sub(1)] {
        let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
        if let Some(l) = at(n)
            && l[..indent(l)].contains('\t')
        {
            return Some(format!(
                "line {} is indented with a tab: YAML indents with spaces only; replace the tab with spaces \
                 (two per level, lined up with the keys above)",
                shown(n)
            ));
        }
        if let Some(l) = at(n)
            && let Some((_, value)) = split_key_value(l)
            && value.contains('\t')
        {
            return Some(format!(
                "line {} has a tab in a value: replace it with a space, or put the value in quotes",
                shown(n)
            ));
        }
    }
    if code == crate::codes::INVALID_VALUE {
        let key = (1..=line).rev().find_map(|n| at(n).and_then(split_key_value)).map(|(k, _)| k)?;
        if message.contains("invalid type: sequence") && message.contains("string") {
            return Some(format!(
                "`{key}` takes one text, not a list: write it on one line, `{key}: your text` (no `- ` items)"
            ));
        }
        if message.contains("expected a sequence") {
            return Some(format!("`{key}` takes a list: write `{key}: [first, second]`, or one `- item` per line"));
        }
        if message.contains("invalid type: map") && message.contains("string") {
            return Some(format!(
                "`{key}` takes one text, not keys under it: write `{key}: your text`, \
                 and quote it if the text has `: ` in it"
            ));
        }
        return None;
    }
    if code != crate::codes::YAML_SYNTAX {
        return None;
    }
    // The line the parser stopped on, then the one before (an unclosed
    // value is noticed a line late).
    for n in [line, line.saturating_sub(1)] {
        let Some((key, value)) = at(n).and_then(split_key_value) else { continue };
        let quoted = value.starts_with(['"', '\'', '[', '{', '|', '>']);
        if let Some(c) = value.chars().next().filter(|c| "*&@`!%".contains(*c)) {
            return Some(format!(
                "a value may not start with `{c}` unquoted (YAML reserves it): put the value in quotes: \
                 `{key}: {}`",
                double_quoted(value)
            ));
        }
        if !quoted && (value.contains(": ") || value.ends_with(':')) {
            return Some(format!(
                "the value has `:` in it, which YAML reads as the start of a new key: put the value in quotes: \
                 `{key}: {}`",
                double_quoted(value)
            ));
        }
    }
    None
}

/// The `key` and the trimmed `value` of a `key: value` line (also `- key: value`).
fn split_key_value(line: &str) -> Option<(&str, &str)> {
    let body = line.trim_start_matches([' ', '\t']);
    let body = body.strip_prefix("- ").unwrap_or(body);
    if body.starts_with(['#', '"', '\'']) {
        return None;
    }
    let i = body.find(": ").or_else(|| body.strip_suffix(':').map(str::len))?;
    let key = body[..i].trim();
    let value = body.get(i + 1..).unwrap_or("").trim();
    (!key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || "_-.".contains(c))).then_some((key, value))
}

/// `value` in YAML double quotes, escaped.
fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Picks the rule code and the hint for a serde_yaml message.
fn classify(message: &str, _text: &str) -> (&'static str, String) {
    if let Some(rest) = after(message, "unknown field `") {
        let wrong = rest.split('`').next().unwrap_or("");
        let valid = backticked(rest.split_once("expected").map(|x| x.1).unwrap_or(""));
        let mean = did_you_mean(wrong, valid.iter().map(String::as_str));
        let list = if valid.is_empty() {
            "this mapping takes no keys".to_string()
        } else {
            format!("valid keys here: {}", valid.join(", "))
        };
        let hint = if mean.is_empty() { list } else { format!("{mean} ({list})") };
        return (crate::codes::UNKNOWN_KEY, hint);
    }
    if let Some(rest) = after(message, "unknown variant `") {
        let wrong = rest.split('`').next().unwrap_or("");
        let valid = backticked(rest.split_once("expected").map(|x| x.1).unwrap_or(""));
        let mean = did_you_mean(wrong, valid.iter().map(String::as_str));
        let list = format!("valid values: {}", valid.join(", "));
        let hint = if mean.is_empty() { list } else { format!("{mean} ({list})") };
        return (crate::codes::INVALID_VALUE, hint);
    }
    if let Some(rest) = after(message, "missing field `") {
        let key = rest.split('`').next().unwrap_or("");
        return (crate::codes::MISSING_KEY, format!("add `{key}:` to this mapping"));
    }
    if message.contains("untagged enum Localized") {
        return (
            crate::codes::INVALID_VALUE,
            "write one text, or one text per locale: `{ en-GB: Placebo, de-DE: Placebo }`".into(),
        );
    }
    if message.contains("duplicate") {
        return (
            crate::codes::DUPLICATE_KEY,
            "each key may appear once in a mapping: remove or rename the repeated one".into(),
        );
    }
    if message.contains("invalid type") || message.contains("invalid value") || message.contains("invalid length") {
        return (crate::codes::INVALID_VALUE, "check the value's type against the format in the README".into());
    }
    (
        crate::codes::YAML_SYNTAX,
        "fix the YAML syntax here (indentation, a missing `:` or an unclosed quote are the usual causes)".into(),
    )
}

fn after<'a>(s: &'a str, needle: &str) -> Option<&'a str> {
    s.find(needle).map(|i| &s[i + needle.len()..])
}

/// Every `quoted` word in `s`.
fn backticked(s: &str) -> Vec<String> {
    s.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// Position of the key at `path` (e.g. `["email", "subject"]`) in block-style
/// YAML `text`, or of its deepest ancestor found; `None` if not even the first.
pub fn key_pos(text: &str, path: &[&str]) -> Option<Pos> {
    let mut found: Option<Pos> = None;
    let mut level = 0;
    let mut parent_indent: Option<usize> = None;
    // Indentation of the keys at the current level, fixed by the first one.
    let mut child_indent: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut indent = line.len() - trimmed.len();
        if let Some(p) = parent_indent
            && indent <= p
        {
            break;
        }
        let mut key_text = trimmed;
        while let Some(rest) = key_text.strip_prefix("- ") {
            key_text = rest.trim_start();
            indent = line.len() - key_text.len();
        }
        match child_indent {
            None => child_indent = Some(indent),
            Some(c) if c != indent => continue,
            Some(_) => {}
        }
        let Some(key) = key_of(key_text) else { continue };
        if key == path[level] {
            found = Some(Pos::new(i + 1, line[..indent].chars().count() + 1));
            level += 1;
            parent_indent = Some(indent);
            child_indent = None;
            if level == path.len() {
                break;
            }
        }
    }
    found
}

/// Position of `field` in the `n`th item (from 0) of the block list under
/// top-level key `list` (`steps:` / `  - id: …`), or of the item itself when
/// it has no such field; `None` without the list or the item.
pub fn item_pos(text: &str, list: &str, n: usize, field: &str) -> Option<Pos> {
    let start = key_pos(text, &[list])?;
    let mut dash_indent: Option<usize> = None;
    let mut count = 0;
    let mut item: Option<Pos> = None;
    for (i, line) in text.lines().enumerate().skip(start.line) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let col = |extra: usize| line[..indent].chars().count() + 1 + extra;
        let dash = trimmed.strip_prefix("- ").or_else(|| (trimmed == "-").then_some(""));
        let d = *dash_indent.get_or_insert(indent);
        if indent < d || (indent == d && dash.is_none()) {
            break;
        }
        match dash {
            Some(rest) if indent == d => {
                if item.is_some() {
                    break;
                }
                if count == n {
                    item = Some(Pos::new(i + 1, col(0)));
                    if key_of(rest) == Some(field) {
                        return Some(Pos::new(i + 1, col(2)));
                    }
                }
                count += 1;
            }
            _ if item.is_some() && key_of(trimmed) == Some(field) => return Some(Pos::new(i + 1, col(0))),
            _ => {}
        }
    }
    item
}

/// The key of a `key: value` line, unquoted.
fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    let key = key.trim();
    let key = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
        .unwrap_or(key);
    Some(key)
}

/// Position of `value` as a whole item of the list whose key is on `line`:
/// in its flow form (`key: [a, b]`) on that line, or as a block item
/// (`- b`) below it. A value inside a longer word (`legal` in
/// `legal-review`, `marketing` in `marketing@example.com`) is not it.
pub fn list_value_pos(text: &str, line: usize, value: &str) -> Option<Pos> {
    list_value_pos_after(text, line, value, 0)
}

/// [`list_value_pos`], the first occurrence on a line after `after`.
pub fn list_value_pos_after(text: &str, line: usize, value: &str, after: usize) -> Option<Pos> {
    let lines: Vec<&str> = text.lines().collect();
    let first = *lines.get(line.checked_sub(1)?)?;
    let at = |i: usize, l: &str, byte: usize| Pos::new(i + 1, l[..byte].chars().count() + 1);
    let start = first.find(':').map_or(0, |c| c + 1);
    if line > after
        && let Some(c) = word_find(&first[start..], value)
    {
        return Some(at(line - 1, first, start + c));
    }
    let indent = first.len() - first.trim_start().len();
    for (i, l) in lines.iter().enumerate().skip(line) {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let ind = l.len() - t.len();
        let item = t.strip_prefix("- ");
        if ind < indent || (ind == indent && item.is_none()) {
            break;
        }
        if let Some(rest) = item
            && i + 1 > after
            && let Some(c) = word_find(rest, value)
        {
            return Some(at(i, l, ind + 2 + c));
        }
    }
    None
}

/// The byte offset of `needle` in `hay` where it is a whole word.
fn word_find(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '@' | '.');
    hay.match_indices(needle)
        .find(|(i, _)| {
            !hay[..*i].chars().next_back().is_some_and(word)
                && !hay[i + needle.len()..].chars().next().is_some_and(word)
        })
        .map(|(i, _)| i)
}

/// Position of the first occurrence of `needle` in `text`, at or after line
/// `from_line`.
pub fn text_pos(text: &str, needle: &str, from_line: usize) -> Option<Pos> {
    text.lines()
        .enumerate()
        .skip(from_line.saturating_sub(1))
        .find_map(|(i, line)| line.find(needle).map(|c| Pos::new(i + 1, line[..c].chars().count() + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_keys() {
        let text = "channels:\n  email:\n    kind: email\n    limits:\n      words: 3\n  video:\n    kind: video\n";
        assert_eq!(key_pos(text, &["channels", "email", "limits", "words"]), Some(Pos::new(5, 7)));
        assert_eq!(key_pos(text, &["channels", "video", "kind"]), Some(Pos::new(7, 5)));
        // a missing leaf falls back to its parent
        assert_eq!(key_pos(text, &["channels", "email", "size"]), Some(Pos::new(2, 3)));
        assert_eq!(key_pos(text, &["nothing"]), None);
    }

    #[test]
    fn unknown_key_names_the_nearest() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Limits {
            subject_chars: Option<u32>,
            words: Option<u32>,
        }
        let d = parse::<Limits>(Path::new("c.yaml"), "words: 1\nsubjct_chars: 3\n", 1).unwrap_err();
        assert_eq!(d.code, "unknown-key");
        assert_eq!((d.line, d.column), (2, 1));
        assert!(d.hint.contains("did you mean `subject_chars`?"), "{}", d.hint);
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Email {
        subject: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn fail(text: &str) -> (String, String) {
        let d = parse::<Email>(Path::new("m.md"), text, 2).unwrap_err();
        (d.code.to_string(), d.hint)
    }

    #[test]
    fn a_colon_in_a_value_says_put_it_in_quotes() {
        let (code, hint) = fail("subject: Samplera: the best \"new\" choice\n");
        assert_eq!(code, "yaml-syntax");
        assert!(hint.contains(r#"`subject: "Samplera: the best \"new\" choice"`"#), "{hint}");
    }

    #[test]
    fn a_reserved_first_character_says_put_it_in_quotes() {
        for c in ['*', '&', '@', '`'] {
            let (code, hint) = fail(&format!("subject: {c}new{c} results\n"));
            assert_eq!(code, "yaml-syntax", "{c}: {hint}");
            assert!(hint.contains(&format!("`subject: \"{c}new{c} results\"`")), "{c}: {hint}");
        }
    }

    #[test]
    fn a_tab_says_use_spaces() {
        let d = parse::<serde_yaml::Value>(Path::new("c.yaml"), "email:\n\tsubject: x\n", 1).unwrap_err();
        assert!(d.hint.contains("line 2 is indented with a tab"), "{}", d.hint);
    }

    #[test]
    fn a_list_where_a_text_is_expected_says_write_one_line() {
        let (code, hint) = fail("subject:\n  - one\n  - two\n");
        assert_eq!(code, "invalid-value");
        assert!(hint.contains("`subject` takes one text, not a list"), "{hint}");
        let (_, hint) = fail("subject: x\ntags: one\n");
        assert!(hint.contains("`tags` takes a list: write `tags: [first, second]`"), "{hint}");
    }

    #[test]
    fn finds_fields_of_list_items() {
        let text =
            "id: j\nsteps:\n  - id: a\n    channel: email\n  - id: b\n    after: a\n    tags:\n      - x\n  - id: c\n";
        assert_eq!(item_pos(text, "steps", 0, "channel"), Some(Pos::new(4, 5)));
        assert_eq!(item_pos(text, "steps", 1, "id"), Some(Pos::new(5, 5)));
        assert_eq!(item_pos(text, "steps", 1, "after"), Some(Pos::new(6, 5)));
        assert_eq!(item_pos(text, "steps", 2, "id"), Some(Pos::new(9, 5)));
        assert_eq!(item_pos(text, "steps", 2, "wait"), Some(Pos::new(9, 3)));
        assert_eq!(item_pos(text, "steps", 3, "id"), None);
        let flush = "steps:\n- id: a\n  wait: 2d\n";
        assert_eq!(item_pos(flush, "steps", 0, "wait"), Some(Pos::new(3, 3)));
    }
}
