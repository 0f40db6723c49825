//! `unisono check`: every problem in the content, as diagnostics.

use crate::diag::Diagnostic;
use crate::model::{self, Loaded};
use crate::workspace::Snapshot;

/// Warns about `TODO` left in messages (from `unisono new`).
fn todo_rule(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    for m in &loaded.content.messages {
        let Some(text) = loaded.content.texts.get(&m.file) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if let Some(col) = line.find("TODO") {
                out.push(
                    Diagnostic::warning("todo", &m.file, "placeholder `TODO` left in the message")
                        .at(crate::diag::Pos::new(i + 1, line[..col].chars().count() + 1))
                        .span(4)
                        .hint("replace the placeholder with the real text before review"),
                );
            }
        }
    }
}

/// Loads the snapshot and runs every check; returns the content and all
/// findings, sorted.
pub fn check(snap: &Snapshot) -> Loaded {
    let mut loaded = model::load(snap);
    let mut more = Vec::new();
    todo_rule(&loaded, &mut more);
    loaded.diagnostics.extend(more);
    crate::diag::sort(&mut loaded.diagnostics);
    loaded
}
