//! Diagnostics as data: what went wrong, where in the source, and what to do.
//!
//! Every problem unisono finds in a workspace becomes a [`Diagnostic`]; the
//! terminal and `--format json` renderings both live here, so there is one
//! place that decides how a problem is shown.

use serde::Serialize;
use std::path::{Path, PathBuf};

/// How bad a finding is: errors fail `check`, warnings do not (unless denied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Information for the writer (a reviewer's comment): never fails.
    Note,
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

    /// A note at the start of `file`.
    pub fn note(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, file, message)
    }

    /// A warning at the start of `file`.
    pub fn warning(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, file, message)
    }

    fn new(severity: Severity, code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        debug_assert!(crate::codes::rule(code).is_some(), "`{code}` is not in the table of rule codes (src/codes.rs)");
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
    let warnings = diags.iter().filter(|d| d.severity == Severity::Warning).count();
    (errors, warnings)
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

/// Renders one diagnostic for the terminal, rustc-style, through
/// annotate-snippets (the renderer rustc uses): the `error[code]: message`
/// title, the `--> file:line:col` origin, the source line with the offending
/// text underlined, and the hint as a `help:` footer. Columns and spans are
/// counted in characters; the renderer lays them out by display width, so the
/// carets stay under the text with wide (CJK) or combining characters before
/// them. ANSI colour only when `color` is true.
pub fn render_human(d: &Diagnostic, sources: &dyn SourceLines, color: bool) -> String {
    use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};

    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let path = d.file.display().to_string();
    let source = if d.line > 0 { sources.source_line(&d.file, d.line) } else { None };
    let title = level.primary_title(d.message.as_str()).id(d.code);
    let mut group = match &source {
        Some(text) => {
            let mut snippet = Snippet::source(text.as_str()).line_start(d.line).path(path.as_str());
            if d.column > 0 {
                snippet = snippet.annotation(AnnotationKind::Primary.span(char_span(text, d.column, d.len)));
            }
            title.element(snippet)
        }
        None => {
            let mut origin = Origin::path(path.as_str());
            if d.line > 0 {
                origin = origin.line(d.line);
                if d.column > 0 {
                    origin = origin.char_column(d.column);
                }
            }
            title.element(origin)
        }
    };
    if let Some(channel) = &d.channel {
        group = group.element(Level::NOTE.message(format!("in the {channel} variant")));
    }
    if !d.hint.is_empty() {
        group = group.element(Level::HELP.message(d.hint.as_str()));
    }
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = renderer.render(&[group]);
    out.push('\n');
    out
}

/// The byte range of `len` characters (at least one) from 1-based character
/// `column` of `text`, clamped to the line; an empty range at the end of the
/// line when the column is past it.
fn char_span(text: &str, column: usize, len: usize) -> std::ops::Range<usize> {
    let byte_at = |chars: usize| text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i);
    let start = byte_at(column - 1);
    let end = byte_at(column - 1 + len.max(1));
    start..end
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

    struct One(&'static str);

    impl SourceLines for One {
        fn source_line(&self, _: &Path, line: usize) -> Option<String> {
            self.0.lines().nth(line - 1).map(str::to_string)
        }
    }

    fn at(text: &'static str, needle: &str, line: usize) -> Diagnostic {
        let l = text.lines().nth(line - 1).unwrap();
        let column = l[..l.find(needle).unwrap()].chars().count() + 1;
        Diagnostic::error(crate::codes::BANNED_TERM, "content/messages/x.md", format!("`{needle}` is banned"))
            .at(Pos::new(line, column))
            .span(needle.chars().count())
            .hint("say something else")
    }

    #[test]
    fn human_rendering_is_rustc_style() {
        let src = One("---\nheadline: Hello\n- **Efficacy.** [[SA-EFF-02]]\n");
        let d = at(src.0, "[[SA-EFF-02]]", 3);
        let got = render_human(&d, &src, false);
        let want = "error[banned-term]: `[[SA-EFF-02]]` is banned
 --> content/messages/x.md:3:17
  |
3 | - **Efficacy.** [[SA-EFF-02]]
  |                 ^^^^^^^^^^^^^
  |
  = help: say something else
";
        assert_eq!(got, want);
    }

    #[test]
    fn carets_follow_display_width_under_wide_and_combining_characters() {
        // 患者 is two wide characters (4 columns); e\u{301} is `é` written as
        // `e` plus a combining acute accent (1 column, 2 characters).
        let src = One("患者 cafe\u{301} miracle cure\n");
        let d = at(src.0, "miracle", 1);
        assert_eq!(d.column, 10, "columns are counted in characters, 9 before `miracle`");
        let got = render_human(&d, &src, false);
        let lines: Vec<&str> = got.lines().collect();
        let source = lines.iter().find(|l| l.starts_with("1 |")).unwrap();
        let carets = lines.iter().find(|l| l.contains('^')).unwrap();
        // Display columns before `miracle`: 患者 (4) + space (1) + café (4) + space (1).
        let prefix = "  | ";
        assert_eq!(carets, &format!("{prefix}{}{}", " ".repeat(10), "^".repeat(7)), "{got}");
        assert!(source.ends_with("患者 cafe\u{301} miracle cure"), "{got}");
    }

    #[test]
    fn file_level_diagnostics_have_no_snippet() {
        let d = Diagnostic::error(crate::codes::NOT_UTF8, "content/claims.yaml", "not UTF-8");
        let got = render_human(&d, &One(""), false);
        assert_eq!(got, "error[not-utf8]: not UTF-8\n--> content/claims.yaml\n");
    }

    #[test]
    fn spans_past_the_end_of_the_line_are_clamped() {
        let src = One("short\n");
        let d = Diagnostic::error(crate::codes::BANNED_TERM, "f.md", "m").at(Pos::new(1, 40)).span(9);
        assert!(render_human(&d, &src, false).contains("1 | short"));
        let d = Diagnostic::error(crate::codes::BANNED_TERM, "f.md", "m").at(Pos::new(1, 3)).span(99);
        assert!(render_human(&d, &src, false).contains("  |   ^^^\n"));
        assert_eq!(char_span("a患b", 2, 0), 1..4, "an empty span still marks one character");
    }

    #[test]
    fn color_only_when_asked() {
        let src = One("a bad word\n");
        let d = at(src.0, "bad", 1);
        assert!(!render_human(&d, &src, false).contains('\x1b'));
        assert!(render_human(&d, &src, true).contains("\x1b["));
    }

    #[test]
    fn nearest_prefers_close_names() {
        assert_eq!(nearest("subjct_chars", ["words", "subject_chars"]), Some("subject_chars"));
        assert_eq!(nearest("zzz", ["words", "subject_chars"]), None);
    }
}
