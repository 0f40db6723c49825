//! `unisono check`.

use super::Format;
use unisono::Error;
use unisono::diag::{self, render_human};
use unisono::workspace::Workspace;

pub fn run(ws: &Workspace, format: Format, deny_warnings: bool) -> Result<u8, Error> {
    let snap = ws.worktree()?;
    let loaded = unisono::lint::check(&snap);
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
                println!("{}", render_human(d, &loaded.content, color));
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
