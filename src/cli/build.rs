//! `unisono build`.

use super::Format;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use unisono::Error;
use unisono::diag::render_human;
use unisono::workspace::Workspace;

pub fn run(ws: &Workspace, out: Option<PathBuf>, format: Format) -> Result<u8, Error> {
    let snap = ws.worktree()?;
    let out = out.unwrap_or_else(|| ws.root.join("dist"));
    // A bar on a terminal only; CI logs and pipes get plain lines.
    let bar = if std::io::stderr().is_terminal() && format == Format::Human {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} rendering {pos} variants ({per_sec})")
                .unwrap_or(ProgressStyle::default_spinner()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let result = unisono::build::render_all(ws, &snap, unisono::approval::head(&ws.repo), &|_| bar.inc(1));
    bar.finish_and_clear();
    let rendered = match result {
        Ok(r) => r,
        Err(refused) => return print_refused(&refused),
    };
    let stats = unisono::build::write(&out, &rendered)?;
    let drafts = rendered.variants.iter().filter(|v| v.draft).count();
    match format {
        Format::Json => {
            let variants: Vec<_> = rendered
                .variants
                .iter()
                .map(|v| {
                    serde_json::json!({
                        "id": v.id, "locale": v.locale, "channel": v.channel,
                        "draft": v.draft, "dir": v.dir(), "fingerprint": v.fingerprint(),
                        "files": v.files.keys().collect::<Vec<_>>(),
                    })
                })
                .collect();
            let out = serde_json::json!({
                "out": out, "variants": variants,
                "written": stats.written, "unchanged": stats.unchanged, "removed": stats.removed,
                "warnings": rendered.warnings,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Human => {
            for d in &rendered.warnings {
                eprintln!("{}", render_human(d, &rendered.content, super::color()));
            }
            println!(
                "build: {} variant(s) of {} message file(s) in {} ({} draft); {} file(s) written, {} unchanged, {} removed",
                rendered.variants.len(),
                rendered.content.messages.len(),
                out.display(),
                drafts,
                stats.written,
                stats.unchanged,
                stats.removed
            );
            println!("review portal: {}", out.join("index.html").display());
        }
    }
    Ok(0)
}

/// Prints why a command could not render; exit 1.
pub fn print_refused(refused: &unisono::build::Refused) -> Result<u8, Error> {
    super::review::print_diags(&refused.diagnostics, &refused.content);
    let (errors, _) = unisono::diag::counts(&refused.diagnostics);
    eprintln!("refused: the content has {errors} error(s); nothing was written");
    Ok(1)
}
