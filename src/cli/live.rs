//! `unisono watch` and `unisono serve`.

use std::path::PathBuf;
use unisono::Error;
use unisono::diag::render_human;
use unisono::serve::{self, Engine, Update};
use unisono::workspace::Workspace;

/// Prints one update, grouped under a header naming what was saved and
/// when, so each save's findings and results stay together:
/// `── content/messages/x.md saved (14:03:07 UTC) ──`.
fn report(u: &Update) {
    let time = unisono::approval::record::Timestamp::now().to_string();
    let time = time.get(11..19).unwrap_or("");
    let what = if u.changed.is_empty() {
        "workspace read".to_string()
    } else {
        let files: Vec<String> = u
            .changed
            .iter()
            .map(|p| format!("{} {}", p.display(), if u.removed.contains(p) { "removed" } else { "saved" }))
            .collect();
        files.join(", ")
    };
    println!("── {what} ({time} UTC) ──");
    // The findings go to stderr: the header must be out first.
    let _ = std::io::Write::flush(&mut std::io::stdout());
    for d in &u.diagnostics {
        eprintln!("{}", render_human(d, &u.content, super::color()));
    }
    if u.ok {
        println!("  {} variant(s) rendered in {} ms", u.rendered.len(), u.took.as_millis());
        for r in &u.rendered {
            println!("    {r}");
        }
        if std::env::var_os("UNISONO_REPORT").is_some() {
            for (name, d) in &u.timings {
                println!("  phase {name}: {} ms", d.as_millis());
            }
        }
    } else {
        println!("  not rendered (fix the errors above; still watching)");
    }
    let _ = std::io::Write::flush(&mut std::io::stdout());
}

pub fn watch(ws: Workspace, out: Option<PathBuf>) -> Result<u8, Error> {
    let out = out.unwrap_or_else(|| ws.root.join("dist"));
    let mut engine = Engine::new(ws, out)?;
    report(&engine.update(&[]));
    let root = engine.ws.root.clone();
    let ready = &mut || {
        println!("watching {} (Ctrl-C to stop)", root.display());
        let _ = std::io::Write::flush(&mut std::io::stdout());
    };
    serve::watch(&mut engine, ready, &mut |u| {
        report(u);
        true
    })?;
    Ok(0)
}

pub fn serve(ws: Workspace, out: Option<PathBuf>, port: u16) -> Result<u8, Error> {
    let out = out.unwrap_or_else(|| ws.root.join("dist"));
    let engine = Engine::new(ws, out)?;
    let on_listen = &mut |addr| {
        println!("serving the review portal on http://{addr}/ (Ctrl-C to stop)");
        let _ = std::io::Write::flush(&mut std::io::stdout());
    };
    serve::http::serve(engine, port, on_listen, &mut |u| report(u))?;
    Ok(0)
}
