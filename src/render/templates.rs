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
        for (path, file) in snap.under("templates") {
            let Ok(rel) = path.strip_prefix("templates") else {
                continue;
            };
            let name = rel.to_string_lossy().replace('\\', "/");
            match file {
                File::Bytes(b) => match String::from_utf8(b.clone()) {
                    Ok(text) => {
                        sources.insert(name.clone(), text);
                        user.push(name);
                    }
                    Err(_) => diags.push(
                        Diagnostic::error("not-utf8", path, "the template is not UTF-8").hint("save it as UTF-8"),
                    ),
                },
                File::TooLarge(n) => diags.push(
                    Diagnostic::error("file-too-large", path, format!("the template is {n} bytes"))
                        .hint("templates are limited to 1 MiB"),
                ),
            }
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
            let mut probe = Tera::default();
            match probe.add_raw_template(name, text) {
                Ok(()) => good.push((name.clone(), text.clone())),
                Err(e) => diags.push(template_diagnostic(name, text, &e, user.contains(name))),
            }
            diags.extend(impure_calls(name, text));
        }
        if let Err(e) = tera.add_raw_templates(good) {
            diags.push(
                Diagnostic::error("template-error", "templates", chain(&e)).hint("check `extends` and `include` names"),
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
            let mut d = Diagnostic::error("template-error", template_path(name), message.clone())
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
    let mut d = Diagnostic::error("template-syntax", template_path(name), format!("template syntax error: {first}"))
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
                            "template-error",
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
