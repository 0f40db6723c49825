//! `unisono check`.

use super::Format;
use unisono::Error;
use unisono::diag::{self, render_human};
use unisono::workspace::Workspace;

pub fn run(ws: &Workspace, format: Format, deny_warnings: bool) -> Result<u8, Error> {
    let snap = ws.worktree()?;
    let mut project = unisono::project::Project::load(snap);
    let mut diagnostics = unisono::lint::check(&project);
    // Who may approve is itself approved: an unsigned change to
    // reviewers.yaml is reported here, before anyone relies on it.
    if !diagnostics.iter().any(|d| d.is_error() && d.file.as_path() == std::path::Path::new("reviewers.yaml")) {
        let chain = unisono::approval::trust::evaluate(
            &ws.repo,
            &ws.prefix,
            &project.snapshot,
            unisono::approval::head(&ws.repo),
        )?;
        diagnostics.extend(chain.diagnostics());
        // What reviewers asked for, at the line they pointed to; records
        // are checked against the reviewers.yaml in effect.
        if chain.unverifiable.is_none() {
            let own = std::mem::replace(&mut project.content.reviewers, chain.effective.clone());
            diagnostics.extend(unisono::approval::status::comments(&project.snapshot, &project.content));
            project.content.reviewers = own;
        }
        diag::sort(&mut diagnostics);
    }
    let loaded = Checked { diagnostics, content: &project.content };
    let (errors, warnings) = diag::counts(&loaded.diagnostics);
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    match format {
        Format::Json => {
            let out = serde_json::json!({
                "ok": !failed,
                "errors": errors,
                "warnings": warnings,
                "messages": loaded.content.messages.len(),
                "diagnostics": loaded.diagnostics,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Human => {
            let color = super::color();
            for d in &loaded.diagnostics {
                println!("{}", render_human(d, loaded.content, color));
            }
            let n = loaded.content.messages.len();
            if errors + warnings == 0 {
                println!("check: ok ({n} message file(s), {} channel(s))", loaded.content.channels.len());
            } else {
                println!("check: {errors} error(s), {warnings} warning(s) in {n} message file(s)");
            }
        }
    }
    Ok(u8::from(failed))
}

/// What `check` found, with the content to show it in.
struct Checked<'a> {
    diagnostics: Vec<unisono::diag::Diagnostic>,
    content: &'a unisono::model::Content,
}
