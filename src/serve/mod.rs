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
    /// Those of `changed` that are gone (removed or renamed away).
    pub removed: Vec<PathBuf>,
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
        let mut parsed = crate::model::ParseCache::keeping();
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
        // A folder that appeared (moved in, checked out) may hold files the
        // watcher saw no event for: each of them counts as changed.
        let mut paths: Vec<PathBuf> = Vec::with_capacity(changed.len());
        for path in changed {
            let full = self.ws.root.join(path.strip_prefix(&self.ws.root).unwrap_or(path));
            if full.symlink_metadata().is_ok_and(|m| m.is_dir()) {
                paths.extend(
                    walkdir::WalkDir::new(&full)
                        .follow_links(false)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_map(Result::ok)
                        .filter(|e| !e.file_type().is_dir())
                        .map(|e| e.into_path()),
                );
            }
            paths.push(full);
        }
        for path in &paths {
            let rel = path.strip_prefix(&self.ws.root).unwrap_or(path).to_path_buf();
            if !self.reads(&rel) {
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
        let removed: Vec<PathBuf> =
            rels.iter().filter(|r| self.ws.root.join(r).symlink_metadata().is_err()).cloned().collect();
        let head = approval::head(&self.ws.repo);
        // Nothing named: everything was read again (the templates too).
        let reread: &[PathBuf] = if changed.is_empty() { &[] } else { &rels };
        self.project.reload(&mut self.parsed, reread);
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
                    removed,
                    rendered: built.rendered,
                    content: sources(&diagnostics),
                    diagnostics,
                    ok: true,
                    took: started.elapsed(),
                }
            }
            Err(refused) => Update {
                changed: rels,
                removed,
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

impl Engine {
    /// Whether `rel` (workspace-relative) is a file unisono reads — or a
    /// folder that held one (a folder removed with its files) — so that its
    /// change counts. Editor temp and backup files, and anything else
    /// unisono does not read, never start a rebuild.
    pub fn reads(&self, rel: &Path) -> bool {
        // Paths sort component by component: those under `rel` follow it.
        reads_path(rel)
            || !rel.as_os_str().is_empty()
                && (self
                    .project
                    .snapshot
                    .files
                    .range(rel.to_path_buf()..)
                    .map(|(p, _)| p)
                    .take_while(|p| p.starts_with(rel))
                    .any(|p| p != rel && reads_path(p))
                    || self.is_new_folder(rel))
    }

    /// Whether `rel` is a folder (not a link) that appeared holding a file
    /// unisono reads: its files may have been written before the watcher
    /// saw the folder, so the update reads it whole.
    fn is_new_folder(&self, rel: &Path) -> bool {
        // Only where unisono reads files: never the output folder or `.git`.
        let top = rel.components().next().map(|c| c.as_os_str().to_string_lossy());
        if !top.is_some_and(|t| ["content", "journeys", "approvals", "templates"].contains(&t.as_ref())) {
            return false;
        }
        let full = self.ws.root.join(rel);
        full.symlink_metadata().is_ok_and(|m| m.is_dir())
            && walkdir::WalkDir::new(&full)
                .follow_links(false)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .any(|e| e.path().strip_prefix(&self.ws.root).is_ok_and(reads_path))
    }
}

/// Whether unisono reads the file at `rel`, by its path alone: the
/// configuration files, `content/claims.yaml`, `glossary.yaml` and
/// `suppression.txt` (read by `send`),
/// messages (`content/messages/**/*.md`), products
/// (`content/products/*.yaml`), logos (`content/**/*.svg`), journeys
/// (`journeys/*.yaml`), records (`approvals/**/*.txt`, `.sig`) and
/// templates (any name under `templates/`, since a template may include any
/// file there, except an editor's temp and backup files).
pub fn reads_path(rel: &Path) -> bool {
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    // The editor's scratch names are file names: folders are only ever
    // skipped when hidden (`content/messages/2026/` is a folder of messages,
    // `4913` a file vim writes to test a folder).
    let Some((name, folders)) = parts.split_last() else { return false };
    if is_editor_scratch(name) || folders.iter().any(|p| p.starts_with('.')) {
        return false;
    }
    let ext = |e: &str| rel.extension().is_some_and(|x| x == e);
    match (parts[0].as_str(), parts.len()) {
        ("channels.yaml" | "reviewers.yaml", 1) => true,
        ("content", 2) => {
            ["claims.yaml", "glossary.yaml", "suppression.txt"].contains(&parts[1].as_str()) || ext("svg")
        }
        ("content", _) => {
            parts[1] == "messages" && ext("md")
                || parts[1] == "products" && parts.len() == 3 && ext("yaml")
                || ext("svg")
        }
        ("journeys", 2) => ext("yaml"),
        ("approvals", n) if n > 1 => ext("txt") || ext("sig"),
        ("templates", n) => n > 1,
        _ => false,
    }
}

/// The name of a file an editor or tool writes beside the one being saved:
/// hidden files (vim's `.x.swp`, emacs' `.#x` lock, kate's `.x.kate-swp`,
/// gedit's `.goutputstream-*`), backups (`x~`, `x.bak`, `x.orig`), emacs'
/// `#x#`, vim's write test `4913` (any all-digit name), `sed -i`'s
/// `sedXXXXXX`, `x.tmp`, `x.swp`/`.swx`/`.swo`, JetBrains'
/// `x___jb_tmp___`/`___jb_old___`, Office's `~$x`, and unisono's own
/// `.unisono-tmp`.
pub fn is_editor_scratch(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with("~$")
        || name.starts_with('#') && name.ends_with('#')
        || !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit())
        || name.len() == 9 && name.starts_with("sed") && name[3..].bytes().all(|b| b.is_ascii_alphanumeric())
        || [".tmp", ".temp", ".swp", ".swx", ".swo", ".bak", ".orig", ".rej", ".kate-swp", ".unisono-tmp"]
            .iter()
            .any(|e| lower.ends_with(e))
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// Watches the workspace and calls `on_update` after each settled burst of
/// changes, until `on_update` returns false. `on_ready` is called once the
/// watcher is in place (from then on no change is missed).
pub fn watch(
    engine: &mut Engine,
    on_ready: &mut dyn FnMut(),
    on_update: &mut dyn FnMut(&Update) -> bool,
) -> Result<(), Error> {
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
    on_ready();
    loop {
        let Ok(first) = rx.recv() else { return Ok(()) };
        let mut batch = vec![first];
        // Debounce: editors write a file in several steps.
        while let Ok(p) = rx.recv_timeout(DEBOUNCE) {
            batch.push(p);
        }
        let root = engine.ws.root.clone();
        batch.retain(|p| p.strip_prefix(&root).is_ok_and(|rel| engine.reads(rel)));
        if batch.is_empty() {
            continue;
        }
        let update = engine.update(&batch);
        if !on_update(&update) {
            return Ok(());
        }
    }
}
