//! Diagnostics as data: what went wrong, where in the source, and what to do.
//!
//! Every problem unisono finds in a workspace becomes a [`Diagnostic`]; the
//! terminal and `--format json` renderings both live here, so there is one
//! place that decides how a problem is shown.

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a finding is: errors fail `check`, warnings do not (unless denied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding: a rule code, a place in a source file, a message and a hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// `error` or `warning`.
    pub severity: Severity,
    /// Stable rule code, e.g. `unknown-claim`; documented in the README.
    pub code: &'static str,
    /// Path of the source file, relative to the workspace root.
    pub file: PathBuf,
    /// 1-based line in `file` (0 when the problem concerns the whole file).
    pub line: usize,
    /// 1-based column in characters (0 when unknown).
    pub column: usize,
    /// Length of the offending text in characters, for the caret line.
    #[serde(skip)]
    pub len: usize,
    /// Channel whose rendered variant showed the problem, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, in one sentence.
    pub hint: String,
}

impl Diagnostic {
    /// An error at the start of `file`.
    pub fn error(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, file, message)
    }

    /// A warning at the start of `file`.
    pub fn warning(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, file, message)
    }

    fn new(severity: Severity, code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            file: file.into(),
            line: 0,
            column: 0,
            len: 0,
            channel: None,
            message: message.into(),
            hint: String::new(),
        }
    }

    /// Places the finding at a line and column (1-based).
    pub fn at(mut self, pos: Pos) -> Self {
        self.line = pos.line;
        self.column = pos.column;
        self
    }

    /// Sets how many characters the caret underlines.
    pub fn span(mut self, len: usize) -> Self {
        self.len = len;
        self
    }

    /// Sets the one-line fix hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }

    /// Names the channel whose variant showed the problem.
    pub fn channel(mut self, channel: impl Into<String>) -> Self {
        self.channel = Some(channel.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    /// Line `line`, column `column`, both 1-based.
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }
}

/// Maps byte offsets in a text to 1-based line and character columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The line and column of byte `offset` in `text`.
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = text.get(start..offset).map(|s| s.chars().count()).unwrap_or(0) + 1;
        Pos { line, column }
    }
}

/// Counts of errors and warnings in a list of diagnostics.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    (errors, diags.len() - errors)
}

/// Sorts diagnostics by file, line, column, code so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code, &a.message).cmp(&(&b.file, b.line, b.column, b.code, &b.message))
    });
}

/// Looks up source lines for the terminal rendering.
pub trait SourceLines {
    /// The text of `line` (1-based) of `file`, if known.
    fn source_line(&self, file: &Path, line: usize) -> Option<String>;
}

/// Renders one diagnostic for the terminal, rustc-style: header, location,
/// the source line with a caret under the offending text, and the hint.
pub fn render_human(d: &Diagnostic, sources: &dyn SourceLines, color: bool) -> String {
    let (sev, sev_color) = match d.severity {
        Severity::Error => ("error", "\x1b[1;31m"),
        Severity::Warning => ("warning", "\x1b[1;33m"),
    };
    let (bold, blue, reset) = if color { ("\x1b[1m", "\x1b[1;34m", "\x1b[0m") } else { ("", "", "") };
    let sev_color = if color { sev_color } else { "" };
    let mut out = String::new();
    let _ = writeln!(out, "{sev_color}{sev}[{}]{reset}{bold}: {}{reset}", d.code, d.message);
    let loc = match (d.line, d.column) {
        (0, _) => d.file.display().to_string(),
        (l, 0) => format!("{}:{l}", d.file.display()),
        (l, c) => format!("{}:{l}:{c}", d.file.display()),
    };
    let channel = d.channel.as_deref().map(|c| format!(" (in the {c} variant)")).unwrap_or_default();
    let source = if d.line > 0 { sources.source_line(&d.file, d.line) } else { None };
    let gutter = " ".repeat(d.line.max(1).to_string().len());
    let _ = writeln!(out, "{gutter}{blue}-->{reset} {loc}{channel}");
    if let Some(text) = source {
        let text = text.replace('\t', " ");
        let _ = writeln!(out, "{gutter} {blue}|{reset}");
        let _ = writeln!(out, "{blue}{}{reset} {blue}|{reset} {text}", d.line);
        if d.column > 0 {
            let pad = " ".repeat(d.column - 1);
            let width = text.chars().count().saturating_sub(d.column - 1);
            let carets = "^".repeat(d.len.clamp(1, width.max(1)));
            let _ = writeln!(out, "{gutter} {blue}|{reset} {pad}{sev_color}{carets}{reset}");
        }
    }
    if !d.hint.is_empty() {
        let _ = writeln!(out, "{gutter} {blue}={reset} {bold}help{reset}: {}", d.hint);
    }
    out
}

/// Suggests the candidate closest to `wrong`, if any is close enough.
pub fn nearest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_l = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wrong_l, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// "did you mean `x`?" or an empty string.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    nearest(wrong, candidates).map(|n| format!("did you mean `{n}`?")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let text = "ab\nñé x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.pos(text, 0), Pos::new(1, 1));
        let x = text.find('x').unwrap();
        assert_eq!(idx.pos(text, x), Pos::new(2, 4));
    }

    #[test]
    fn nearest_prefers_close_names() {
        assert_eq!(nearest("subjct_chars", ["words", "subject_chars"]), Some("subject_chars"));
        assert_eq!(nearest("zzz", ["words", "subject_chars"]), None);
    }
}
