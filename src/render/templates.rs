//! Tera templates: the embedded defaults, the workspace's own `templates/`
//! overriding them, and template errors as diagnostics naming the template
//! and line.

use crate::diag::{Diagnostic, Pos};
use crate::workspace::{File, Snapshot};
use std::collections::HashMap;
use std::path::PathBuf;
use tera::Tera;

/// The default templates, embedded from the repository's `templates/`.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("email.mjml.tera", include_str!("../../templates/email.mjml.tera")),
    ("email.txt.tera", include_str!("../../templates/email.txt.tera")),
    ("page.html.tera", include_str!("../../templates/page.html.tera")),
    ("slides.html.tera", include_str!("../../templates/slides.html.tera")),
    ("slide.html.tera", include_str!("../../templates/slide.html.tera")),
    ("slide-content.html.tera", include_str!("../../templates/slide-content.html.tera")),
    ("slides.css.tera", include_str!("../../templates/slides.css.tera")),
    ("video.md.tera", include_str!("../../templates/video.md.tera")),
    ("video.html.tera", include_str!("../../templates/video.html.tera")),
];

/// The file in `templates/` where `unisono templates eject` records the
/// fingerprint of each built-in it copied: never a template itself.
pub const EJECTED: &str = "templates/ejected.yaml";

/// The built-in template `name`, if there is one.
pub fn builtin(name: &str) -> Option<&'static str> {
    DEFAULTS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The fingerprint of each built-in a workspace template was ejected from,
/// by template name (`templates/ejected.yaml`); empty when there is none.
pub type Ejected = std::collections::BTreeMap<String, String>;

/// Reads `templates/ejected.yaml` from the snapshot: the records, or the
/// diagnostic why it cannot be read.
pub fn ejected(snap: &Snapshot) -> Result<Ejected, Diagnostic> {
    let path = std::path::Path::new(EJECTED);
    let Some(file) = snap.get(path) else {
        return Ok(Ejected::new());
    };
    let text = match file {
        File::Bytes(b) => String::from_utf8(b.clone()).map_err(|_| {
            Diagnostic::error(crate::codes::NOT_UTF8, path, "the file is not UTF-8").hint("save it as UTF-8")
        })?,
        File::TooLarge(n) => {
            return Err(Diagnostic::error(crate::codes::FILE_TOO_LARGE, path, format!("the file is {n} bytes"))
                .hint("it holds one line per ejected template"));
        }
    };
    if text.trim().lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Ok(Ejected::new());
    }
    crate::model::yaml::parse(path, &text, 1)
}

/// How a workspace template relates to the built-in of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Only the built-in: the workspace has no file of that name.
    BuiltIn,
    /// The workspace's file is byte for byte the built-in.
    Same,
    /// The workspace's file differs from the built-in, which has not
    /// changed since it was ejected: a customisation.
    Customised,
    /// The workspace's file differs from the built-in, and the built-in
    /// changed since it was ejected.
    Outdated,
    /// The workspace's file differs from the built-in and nothing records
    /// which built-in it was copied from (a copy made by an older `init`).
    Unrecorded,
    /// A template of the workspace's own, with no built-in of that name.
    Workspace,
}

impl Origin {
    /// Of template `name` whose workspace text is `text` (`None`: no file).
    pub fn of(name: &str, text: Option<&str>, ejected: &Ejected) -> Origin {
        match (builtin(name), text) {
            (None, _) => Origin::Workspace,
            (Some(_), None) => Origin::BuiltIn,
            (Some(b), Some(t)) if b == t => Origin::Same,
            (Some(b), Some(_)) => match ejected.get(name) {
                None => Origin::Unrecorded,
                Some(fp) if *fp == crate::fingerprint::of_bytes(b.as_bytes()) => Origin::Customised,
                Some(_) => Origin::Outdated,
            },
        }
    }
}

/// `template-outdated` for each workspace template that overrides a
/// built-in which changed since it was ejected, or that differs from its
/// built-in with no record of where it came from.
fn outdated(user: &[(String, String)], ejected: &Ejected) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, text) in user {
        let (message, hint) = match Origin::of(name, Some(text), ejected) {
            Origin::Outdated => (
                format!("the built-in `{name}` changed since you ejected it; your copy still overrides it"),
                format!(
                    "compare with `unisono templates diff {name}`, bring over what you want, then record the new built-in with `unisono templates eject {name} --record`; or delete your copy to use the built-in"
                ),
            ),
            Origin::Unrecorded => (
                format!(
                    "`{name}` overrides the built-in of that name and differs from it, with no record of which built-in it was copied from"
                ),
                format!(
                    "if you never edited it, delete it (the built-in is used); if you did, compare with `unisono templates diff {name}` and keep yours with `unisono templates eject {name} --record`"
                ),
            ),
            _ => continue,
        };
        out.push(
            Diagnostic::warning(crate::codes::TEMPLATE_OUTDATED, template_path(name), message)
                .at(Pos::new(1, 1))
                .hint(hint),
        );
    }
    out
}

/// The compiled templates of a workspace.
pub struct Templates {
    tera: Tera,
    /// Source text of each template, for placing runtime errors.
    sources: HashMap<String, String>,
}

impl Templates {
    /// Compiles the defaults and the workspace's `templates/` (which
    /// override defaults of the same name). Syntax errors become diagnostics.
    pub fn load(snap: &Snapshot) -> (Templates, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut sources: HashMap<String, String> =
            DEFAULTS.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        let mut user: Vec<String> = Vec::new();
        let mut user_texts: Vec<(String, String)> = Vec::new();
        for (path, file) in snap.under("templates") {
            let Ok(rel) = path.strip_prefix("templates") else {
                continue;
            };
            if path == std::path::Path::new(EJECTED) {
                continue;
            }
            let name = rel.to_string_lossy().replace('\\', "/");
            match file {
                File::Bytes(b) => match String::from_utf8(b.clone()) {
                    Ok(text) => {
                        user_texts.push((name.clone(), text.clone()));
                        sources.insert(name.clone(), text);
                        user.push(name);
                    }
                    Err(_) => diags.push(
                        Diagnostic::error(crate::codes::NOT_UTF8, path, "the template is not UTF-8")
                            .hint("save it as UTF-8"),
                    ),
                },
                File::TooLarge(n) => diags.push(
                    Diagnostic::error(crate::codes::FILE_TOO_LARGE, path, format!("the template is {n} bytes"))
                        .hint("templates are limited to 1 MiB"),
                ),
            }
        }
        match ejected(snap) {
            Ok(records) => diags.extend(outdated(&user_texts, &records)),
            Err(d) => diags.push(d),
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html.tera", ".mjml.tera", ".html"]);
        tera.set_escape_fn(super::text::escape_html);
        register_filters(&mut tera);
        // Compile each template on its own first, so a syntax error is
        // pinned to its file; then all together for inheritance.
        let mut good: Vec<(String, String)> = Vec::new();
        let mut names: Vec<&String> = sources.keys().collect();
        names.sort();
        for name in names {
            let text = &sources[name];
            // Tera's parser recurses once per nesting level: too deep a
            // template is refused before it can overflow the stack.
            if let Some(d) = too_deep(name, text) {
                diags.push(d);
                continue;
            }
            let mut probe = Tera::default();
            match probe.add_raw_template(name, text) {
                Ok(()) => good.push((name.clone(), text.clone())),
                Err(e) => diags.push(template_diagnostic(name, text, &e, user.contains(name))),
            }
            diags.extend(impure_calls(name, text));
        }
        // Recursion Tera would follow until the stack overflows: such
        // templates are reported and never compiled, so nothing renders them.
        let (recursive, found) = recursion(&sources);
        diags.extend(found);
        good.retain(|(name, _)| !recursive.contains(name));
        if let Err(e) = tera.add_raw_templates(good) {
            diags.push(
                Diagnostic::error(crate::codes::TEMPLATE_ERROR, "templates", chain(&e))
                    .hint("check `extends` and `include` names"),
            );
        }
        (Templates { tera, sources }, diags)
    }

    /// Renders template `name` with `ctx`. A runtime error becomes a
    /// diagnostic naming the template and, where it can be found, the line.
    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, ctx).map_err(|e| {
            let text = self.sources.get(name).map(String::as_str).unwrap_or("");
            let message = chain(&e);
            let mut d = Diagnostic::error(crate::codes::TEMPLATE_ERROR, template_path(name), message.clone())
                .hint("fix the template; the README lists every variable a template can use");
            // Tera names the missing variable in backticks: find its line.
            if let Some(var) = message.split('`').nth(1)
                && let Some(pos) = crate::model::yaml::text_pos(text, var, 1)
            {
                d = d.at(pos).span(var.chars().count());
            }
            d
        })
    }

    /// The templates `names` use, themselves included, through `include`,
    /// `extends` and `import`, sorted.
    pub fn closure(&self, names: &[&str]) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        let mut todo: Vec<&str> = names.to_vec();
        while let Some(name) = todo.pop() {
            let Some((key, text)) = self.sources.get_key_value(name) else {
                continue;
            };
            if seen.contains(&key.as_str()) {
                continue;
            }
            seen.push(key.as_str());
            for tag in ["include", "extends", "import"] {
                for part in text.split(tag).skip(1) {
                    let part = part.trim_start();
                    if let Some(rest) = part.strip_prefix('"')
                        && let Some(dep) = rest.split('"').next()
                    {
                        todo.push(dep);
                    }
                }
            }
        }
        seen.sort_unstable();
        seen
    }

    /// The source of a template.
    pub fn source(&self, name: &str) -> Option<&str> {
        self.sources.get(name).map(String::as_str)
    }

    /// True when a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }
}

/// Where a template lives, for diagnostics.
pub fn template_path(name: &str) -> PathBuf {
    PathBuf::from("templates").join(name)
}

fn template_diagnostic(name: &str, text: &str, e: &tera::Error, _user: bool) -> Diagnostic {
    let message = chain(e);
    // Tera's parse errors carry pest's " --> line:col" marker.
    let pos = message.split("--> ").nth(1).and_then(|rest| {
        let mut it = rest.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
        let line = it.next()?.parse().ok()?;
        let col = it.next()?.parse().ok()?;
        Some(Pos::new(line, col))
    });
    let first = message
        .lines()
        .find(|l| l.trim_start().starts_with("= "))
        .map(|l| l.trim_start().trim_start_matches("= ").to_string())
        .unwrap_or_else(|| message.lines().next().unwrap_or("").to_string());
    let _ = text;
    let mut d = Diagnostic::error(
        crate::codes::TEMPLATE_SYNTAX,
        template_path(name),
        format!("template syntax error: {first}"),
    )
    .hint("fix the Tera syntax here ({{ }} for values, {% %} for tags)");
    if let Some(p) = pos {
        d = d.at(p);
    }
    d
}

/// The error and its causes, on one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut src = e.source();
    while let Some(s) = src {
        parts.push(s.to_string());
        src = s.source();
    }
    parts.join(": ")
}

/// How deep a template may nest brackets inside a tag, or block tags.
const MAX_TEMPLATE_NESTING: usize = 64;

/// A `template-error` when `text` nests brackets in a `{{ }}`/`{% %}` or
/// block tags (`if`, `for`, ...) deeper than [`MAX_TEMPLATE_NESTING`].
fn too_deep(name: &str, text: &str) -> Option<Diagnostic> {
    const BLOCKS: [&str; 6] = ["if", "for", "block", "macro", "filter", "raw"];
    let mut blocks = 0usize;
    let mut at = 0;
    while let Some(i) = text[at..].find('{').map(|i| at + i) {
        let close = match text.as_bytes().get(i + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                at = i + 1;
                continue;
            }
        };
        let end = text[i + 2..].find(close).map_or(text.len(), |j| i + 2 + j);
        let body = &text[i + 2..end];
        let mut depth = 0usize;
        for (k, c) in body.char_indices() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_TEMPLATE_NESTING {
                return Some(deep_error(name, text, i + 2 + k));
            }
        }
        if close == "%}" {
            let word = body.trim_start_matches('-').split_whitespace().next().unwrap_or("");
            if BLOCKS.contains(&word) {
                blocks += 1;
            } else if word.starts_with("end") {
                blocks = blocks.saturating_sub(1);
            }
            if blocks > MAX_TEMPLATE_NESTING {
                return Some(deep_error(name, text, i));
            }
        }
        at = end.max(i + 1);
    }
    None
}

fn deep_error(name: &str, text: &str, at: usize) -> Diagnostic {
    Diagnostic::error(
        crate::codes::TEMPLATE_ERROR,
        template_path(name),
        format!("the template nests more than {MAX_TEMPLATE_NESTING} levels deep"),
    )
    .at(pos_of(text, at))
    .hint("flatten the expression or the blocks")
}

/// How deep templates may include one another.
const MAX_INCLUDE_DEPTH: usize = 16;

/// The `{% ... %}` tags of `text`: (byte offset of the tag's body, body).
fn tags(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find("{%").map(|i| at + i) {
        let body_start = i + 2;
        let end = text[body_start..].find("%}").map_or(text.len(), |j| body_start + j);
        out.push((body_start, &text[body_start..end]));
        at = end;
    }
    out
}

/// Line and column (1-based, in characters) of byte offset `at`.
fn pos_of(text: &str, at: usize) -> Pos {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Pos::new(line, col)
}

/// The templates `text` includes, extends or imports, with where it says so.
fn template_uses(text: &str) -> Vec<(String, Pos)> {
    let mut out = Vec::new();
    for (at, body) in tags(text) {
        let word = body.trim_start_matches('-').split_whitespace().next().unwrap_or("");
        if !["include", "extends", "import"].contains(&word) {
            continue;
        }
        for (k, part) in body.split(['"', '\'']).enumerate() {
            if k % 2 == 1 {
                out.push((part.to_string(), pos_of(text, at)));
            }
        }
    }
    out
}

/// Macros defined in `text` and the macros each calls (`ns::name(`), with
/// where: (macro, callee, position of the call).
fn macro_calls(text: &str) -> Vec<(String, String, Pos)> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut last = 0;
    for (at, body) in tags(text) {
        let trimmed = body.trim_start_matches('-').trim_start();
        if let Some(def) = trimmed.strip_prefix("macro ") {
            current = def.split('(').next().map(|n| n.trim().to_string());
            last = at + body.len();
            continue;
        }
        if trimmed.starts_with("endmacro")
            && let Some(m) = current.take()
        {
            let inner = &text[last.min(at)..at];
            for (i, _) in inner.match_indices("::") {
                let callee: String = inner[i + 2..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !callee.is_empty() && inner[i + 2 + callee.len()..].trim_start().starts_with('(') {
                    out.push((m.clone(), callee, pos_of(text, last.min(at) + i)));
                }
            }
        }
    }
    out
}

/// Templates Tera would recurse through without end (an include cycle, an
/// include chain deeper than [`MAX_INCLUDE_DEPTH`], a macro that calls
/// itself directly or through others), and a `template-error` for each.
fn recursion(sources: &HashMap<String, String>) -> (std::collections::BTreeSet<String>, Vec<Diagnostic>) {
    let mut bad = std::collections::BTreeSet::new();
    let mut diags = Vec::new();
    let uses: HashMap<&str, Vec<(String, Pos)>> = sources.iter().map(|(n, t)| (n.as_str(), template_uses(t))).collect();
    let mut names: Vec<&str> = uses.keys().copied().collect();
    names.sort_unstable();
    // Depth-first, iteratively (no recursion of our own): an edge back to a
    // template on the current path closes a cycle; `depth` is the longest
    // include chain below each template, once it is finished.
    let mut depth: HashMap<&str, usize> = HashMap::new();
    let mut on_path: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for start in &names {
        if depth.contains_key(start) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        on_path.insert(start);
        while let Some((here, next)) = stack.pop() {
            let edges = &uses[here];
            if let Some((dep, pos)) = edges.get(next) {
                stack.push((here, next + 1));
                let Some((dep, _)) = uses.get_key_value(dep.as_str()) else { continue };
                if on_path.contains(dep) {
                    if bad.insert(here.to_string()) {
                        diags.push(
                            Diagnostic::error(
                                crate::codes::TEMPLATE_ERROR,
                                template_path(here),
                                format!("`{here}` uses `{dep}`, which leads back to `{here}`: an endless loop"),
                            )
                            .at(*pos)
                            .hint("break the cycle: a template may not include, extend or import itself"),
                        );
                    }
                } else if !depth.contains_key(dep) {
                    on_path.insert(dep);
                    stack.push((dep, 0));
                }
                continue;
            }
            // Every edge done: the longest chain below `here`.
            let below = edges.iter().filter_map(|(d, _)| depth.get(d.as_str())).max().map_or(0, |d| d + 1);
            depth.insert(here, below);
            on_path.remove(here);
            if below > MAX_INCLUDE_DEPTH && bad.insert(here.to_string()) {
                let pos = edges.first().map(|(_, p)| *p).unwrap_or_default();
                diags.push(
                    Diagnostic::error(
                        crate::codes::TEMPLATE_ERROR,
                        template_path(here),
                        format!("templates include one another {below} deep (at most {MAX_INCLUDE_DEPTH})"),
                    )
                    .at(pos)
                    .hint("flatten the includes"),
                );
            }
        }
    }
    // Macros: a cycle in the graph of who calls whom (by name).
    let mut calls: HashMap<String, Vec<(String, &str, Pos)>> = HashMap::new();
    for name in &names {
        for (m, callee, pos) in macro_calls(&sources[*name]) {
            calls.entry(m).or_default().push((callee, name, pos));
        }
    }
    let mut macros: Vec<&String> = calls.keys().collect();
    macros.sort_unstable();
    for m in macros {
        let mut seen = std::collections::BTreeSet::new();
        let mut todo: Vec<&String> = calls[m].iter().map(|(c, _, _)| c).collect();
        while let Some(c) = todo.pop() {
            if c == m {
                let (_, file, pos) = &calls[m][0];
                if bad.insert(file.to_string()) {
                    diags.push(
                        Diagnostic::error(
                            crate::codes::TEMPLATE_ERROR,
                            template_path(file),
                            format!("macro `{m}` calls itself (directly or through other macros): recursive macros are not supported"),
                        )
                        .at(*pos)
                        .hint("render nested content from the template context instead of recursion"),
                    );
                }
                break;
            }
            if seen.insert(c) {
                todo.extend(calls.get(c).into_iter().flatten().map(|(c, _, _)| c));
            }
        }
    }
    (bad, diags)
}

/// Tera's built-in functions that read the environment, the clock or
/// random numbers. A variant must be a pure function of its inputs (the
/// approved bytes are re-rendered and compared), and the environment holds
/// secrets such as the SMTP password.
const IMPURE_FUNCTIONS: [&str; 3] = ["get_env", "now", "get_random"];

/// Every call of an [`IMPURE_FUNCTIONS`] function inside a `{{ }}` or
/// `{% %}` block of `text`, as a `template-error` at its line.
fn impure_calls(name: &str, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find(['{']).map(|i| rest + i) {
        let close_tag = match text.as_bytes().get(open + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                rest = open + 1;
                continue;
            }
        };
        let end = text[open + 2..].find(close_tag).map_or(text.len(), |i| open + 2 + i);
        let block = &text[open + 2..end];
        for f in IMPURE_FUNCTIONS {
            for (i, _) in block.match_indices(f) {
                let before = block[..i].chars().next_back();
                let after = block[i + f.len()..].trim_start();
                let starts_word = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
                if starts_word && after.starts_with('(') {
                    let at = open + 2 + i;
                    let line = text[..at].matches('\n').count() + 1;
                    let col = text[..at].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    out.push(
                        Diagnostic::error(
                            crate::codes::TEMPLATE_ERROR,
                            template_path(name),
                            format!(
                                "`{f}()` is not available: templates are pure (no environment, clock or random numbers)"
                            ),
                        )
                        .at(Pos::new(line, col))
                        .span(f.chars().count())
                        .hint("render only from the template context; the README lists every variable"),
                    );
                }
            }
        }
        rest = end.min(text.len());
        if rest == open {
            rest += 1;
        }
    }
    out
}

fn register_filters(tera: &mut Tera) {
    // The impure built-ins are replaced by functions that refuse, in case a
    // call slips past the static scan (e.g. built by a macro).
    for f in IMPURE_FUNCTIONS {
        tera.register_function(f, move |_: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
            Err(tera::Error::msg(format!("`{f}()` is not available: templates are pure")))
        });
    }
    // `md_cell`: text safe inside a Markdown table cell.
    tera.register_filter("md_cell", |v: &tera::Value, _: &HashMap<String, tera::Value>| {
        let s = tera::try_get_value!("md_cell", "value", String, v);
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '|' | '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '#' => {
                    out.push('\\');
                    out.push(c);
                }
                '\n' => out.push_str("<br>"),
                _ => out.push(c),
            }
        }
        Ok(tera::Value::String(out))
    });
    // `wrap(width=76)`: plain text wrapped for the email text part.
    tera.register_filter("wrap", |v: &tera::Value, args: &HashMap<String, tera::Value>| {
        let s = tera::try_get_value!("wrap", "value", String, v);
        let width = args.get("width").and_then(tera::Value::as_u64).unwrap_or(76) as usize;
        Ok(tera::Value::String(super::text::wrap_text(&s, width)))
    });
}
