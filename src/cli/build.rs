//! `unisono build`.

use super::Format;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use unisono::Error;
use unisono::approval::status::Status;
use unisono::diag::render_human;
use unisono::workspace::Workspace;

pub fn run(ws: &Workspace, out: Option<PathBuf>, format: Format) -> Result<u8, Error> {
    let started = std::time::Instant::now();
    let snapshot = ws.worktree()?;
    let read = started.elapsed();
    let mut project = unisono::project::Project::load(snapshot);
    let loaded = started.elapsed() - read;
    let out = out.unwrap_or_else(|| ws.root.join("dist"));
    unisono::writer::claim_output(ws, &out)?;
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
    let result = unisono::build::build(ws, &mut project, unisono::approval::head(&ws.repo), &out, &|_| bar.inc(1));
    bar.finish_and_clear();
    let built = match result {
        Ok(b) => b,
        Err(refused) => return super::print_refused(&refused, &project.content),
    };
    if std::env::var_os("UNISONO_REPORT").is_some() {
        eprintln!("unisono-phase read: {:.3} s", read.as_secs_f64());
        eprintln!("unisono-phase parse: {:.3} s", loaded.as_secs_f64());
        for (name, d) in &built.timings {
            eprintln!("unisono-phase {name}: {:.3} s", d.as_secs_f64());
        }
    }
    let drafts = built.statuses.iter().filter(|s| s.status != Status::Approved).count();
    match format {
        Format::Json => {
            let out = serde_json::json!({
                "out": out,
                "variants": built.statuses,
                "rendered": built.rendered,
                "unchanged": built.unchanged,
                "written": built.stats.written,
                "removed": built.stats.removed,
                "warnings": built.warnings,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Human => {
            for d in &built.warnings {
                eprintln!("{}", render_human(d, &project.content, super::color()));
            }
            println!(
                "build: {} variant(s) of {} message file(s) in {} ({} not approved, marked DRAFT); {} rendered, {} unchanged; {} file(s) written, {} removed",
                built.statuses.len(),
                project.content.messages.len(),
                out.display(),
                drafts,
                built.rendered.len(),
                built.unchanged,
                built.stats.written,
                built.stats.removed
            );
            println!("review portal: {}", out.join("index.html").display());
        }
    }
    // The process ends here: freeing the loaded workspace piece by piece
    // (every message, every status) would only delay the exit.
    std::mem::forget(project);
    std::mem::forget(built);
    Ok(0)
}
