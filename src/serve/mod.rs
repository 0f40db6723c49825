//! `unisono watch` and `unisono serve`: re-render on every change, and a
//! local preview server with live reload.
//!
//! The [`Engine`] keeps the workspace's files in memory and, on a change,
//! re-reads only the changed files and runs an incremental build: every
//! variant's input fingerprint (its message, claims, product locale,
//! glossary, channel settings and templates) is the dependency map, so only
//! the variants whose inputs changed are rendered and written.

pub mod http;

use crate::build;
use crate::diag::Diagnostic;
use crate::model::Content;
use crate::project::Project;
use crate::workspace::{File, MAX_FILE_BYTES, Workspace};
use crate::{Error, approval};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the watcher waits for a burst of file events to settle.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// The in-memory state of a watched workspace.
pub struct Engine {
    pub ws: Workspace,
    /// The output folder (`dist/`).
    pub out: PathBuf,
    project: Project,
    parsed: crate::model::ParseCache,
}

/// What one update did.
pub struct Update {
    /// Workspace files that changed.
    pub changed: Vec<PathBuf>,
    /// Variant folders rendered again.
    pub rendered: Vec<String>,
    /// Findings for the changed files (all errors when the build refused).
    pub diagnostics: Vec<Diagnostic>,
    /// The source texts of the files with diagnostics, for showing them.
    pub content: Content,
    /// False when bad input stopped the build (the output is unchanged).
    pub ok: bool,
    /// From the first event to the output written.
    pub took: Duration,
    /// How long each phase of the build took.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Engine {
    /// Reads the workspace into memory.
    pub fn new(ws: Workspace, out: PathBuf) -> Result<Engine, Error> {
        crate::writer::claim_output(&ws, &out)?;
        let mut parsed = crate::model::ParseCache::default();
        let project = Project::load_cached(ws.worktree()?, &mut parsed);
        Ok(Engine { ws, out, project, parsed })
    }

    /// Re-reads `changed` (absolute or workspace-relative paths; empty:
    /// everything) and rebuilds what they affect.
    pub fn update(&mut self, changed: &[PathBuf]) -> Update {
        let started = Instant::now();
        let mut rels = Vec::new();
        if changed.is_empty()
            && let Ok(s) = self.ws.worktree()
        {
            self.project.snapshot = s;
        }
        for path in changed {
            let rel = path.strip_prefix(&self.ws.root).unwrap_or(path).to_path_buf();
            if !is_watched(&rel) {
                continue;
            }
            let full = self.ws.root.join(&rel);
            // A link is listed (and reported), never followed.
            if full.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                let target = std::fs::read_link(&full).unwrap_or_default();
                self.project.snapshot.files.retain(|p, _| !p.starts_with(&rel));
                self.project.snapshot.symlinks.insert(rel.clone(), target.to_string_lossy().into_owned());
                rels.push(rel);
                continue;
            }
            self.project.snapshot.symlinks.remove(&rel);
            if full.is_dir() {
                continue;
            }
            match std::fs::metadata(&full) {
                Ok(meta) if meta.len() as usize > MAX_FILE_BYTES => {
                    self.project.snapshot.files.insert(rel.clone(), File::TooLarge(meta.len() as usize));
                }
                Ok(_) => match std::fs::read(&full) {
                    Ok(bytes) => {
                        self.project.snapshot.files.insert(rel.clone(), File::Bytes(bytes));
                    }
                    Err(_) => {
                        self.project.snapshot.files.remove(&rel);
                    }
                },
                Err(_) => {
                    // Deleted (or a directory removed with everything in it).
                    self.project.snapshot.files.retain(|p, _| !p.starts_with(&rel));
                }
            }
            rels.push(rel);
        }
        rels.sort();
        rels.dedup();
        let head = approval::head(&self.ws.repo);
        self.project.reload(&mut self.parsed);
        let built = build::build(&self.ws, &mut self.project, head, &self.out, &|_| {});
        let project = &self.project;
        // Only the sources of files with findings travel with the update.
        let sources = |diagnostics: &[Diagnostic]| Content {
            texts: diagnostics
                .iter()
                .filter_map(|d| project.content.texts.get_key_value(&d.file))
                .map(|(p, t)| (p.clone(), t.clone()))
                .collect(),
            ..Content::default()
        };
        match built {
            Ok(built) => {
                // The source rules, on the changed files only: a save shows
                // its own findings at once.
                let mut diagnostics = Vec::new();
                crate::lint::Lint::for_files(&project.content, &project.templates, &rels)
                    .source_rules(&mut diagnostics);
                crate::diag::sort(&mut diagnostics);
                Update {
                    timings: built.timings,
                    changed: rels,
                    rendered: built.rendered,
                    content: sources(&diagnostics),
                    diagnostics,
                    ok: true,
                    took: started.elapsed(),
                }
            }
            Err(refused) => Update {
                changed: rels,
                rendered: Vec::new(),
                content: sources(&refused.diagnostics),
                diagnostics: refused.diagnostics,
                ok: false,
                took: started.elapsed(),
                timings: Vec::new(),
            },
        }
    }
}

/// Files the engine cares about (the workspace's own, not `dist/` or `.git`).
pub fn is_watched(rel: &Path) -> bool {
    let top = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    let scratch = rel.file_name().is_some_and(|n| {
        let n = n.to_string_lossy();
        n.starts_with('.') || n.ends_with('~') || n.ends_with(".swp") || n.ends_with(".unisono-tmp")
    });
    !scratch && ["channels.yaml", "reviewers.yaml", "content", "templates", "approvals"].contains(&top.as_str())
}

/// Watches the workspace and calls `on_update` after each settled burst of
/// changes, until `on_update` returns false.
pub fn watch(engine: &mut Engine, on_update: &mut dyn FnMut(&Update) -> bool) -> Result<(), Error> {
    use notify::Watcher;
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        // Reads are events too (inotify reports opens); only writes matter,
        // or the engine's own reading would wake it again.
        if let Ok(event) = res
            && !matches!(event.kind, notify::EventKind::Access(_) | notify::EventKind::Other)
        {
            for p in event.paths {
                let _ = tx.send(p);
            }
        }
    })
    .map_err(|e| Error::usage(format!("cannot watch the workspace: {e}")))?;
    watcher
        .watch(&engine.ws.root, notify::RecursiveMode::Recursive)
        .map_err(|e| Error::usage(format!("cannot watch {}: {e}", engine.ws.root.display())))?;
    loop {
        let Ok(first) = rx.recv() else { return Ok(()) };
        let mut batch = vec![first];
        // Debounce: editors write a file in several steps.
        while let Ok(p) = rx.recv_timeout(DEBOUNCE) {
            batch.push(p);
        }
        let root = engine.ws.root.clone();
        batch.retain(|p| p.strip_prefix(&root).is_ok_and(is_watched));
        if batch.is_empty() {
            continue;
        }
        let update = engine.update(&batch);
        if !on_update(&update) {
            return Ok(());
        }
    }
}
