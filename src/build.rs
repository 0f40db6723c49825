//! `unisono build`: decide the status of every variant, render what changed
//! (approved variants in their final form, the rest marked DRAFT) in
//! parallel, and update `dist/`.
//!
//! `dist/.unisono/state.json` remembers the input fingerprint of each
//! variant folder, so a variant whose inputs did not change is not rendered
//! or written again.

use crate::approval::status::{Status, VariantStatus};
use crate::approval::{self, record::Timestamp};
use crate::diag::Diagnostic;
use crate::model::Content;
use crate::render::{self, Variant};
use crate::workspace::{Snapshot, Workspace};
use crate::writer::{self, SyncStats};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the build remembers what it wrote, inside the output folder.
const STATE: &str = ".unisono/state.json";

/// What one build did.
pub struct Built {
    pub content: Content,
    pub templates: crate::render::templates::Templates,
    /// The status of every variant.
    pub statuses: Vec<VariantStatus>,
    /// Variants rendered this time (the others were unchanged).
    pub rendered: Vec<String>,
    /// Variants left as they were.
    pub unchanged: usize,
    /// Files written and removed.
    pub stats: SyncStats,
    /// Warnings found on the way (errors stop rendering).
    pub warnings: Vec<Diagnostic>,
    /// How long each phase took (for `unisono bench`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Why rendering could not go on: the content or a template has errors.
#[derive(Debug)]
pub struct Refused {
    /// All findings, errors and warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The content as far as it was read (for showing source lines).
    pub content: Content,
}

/// The input fingerprint and files of each variant folder written.
#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    variants: BTreeMap<String, Entry>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Entry {
    input: String,
    files: Vec<String>,
}

/// Builds `snap` (history up to `tip`) into `out`. Nothing is written when
/// the content has errors. `progress` is called once per rendered variant.
pub fn build(
    ws: &Workspace,
    snap: &Snapshot,
    tip: Option<git2::Oid>,
    out: &Path,
    progress: &(dyn Fn(&Variant) + Sync),
) -> Result<Built, Box<Refused>> {
    build_with(ws, snap, tip, out, progress, &mut crate::model::ParseCache::default())
}

/// [`build`], reusing parsed messages from `cache` (kept by `watch`).
pub fn build_with(
    ws: &Workspace,
    snap: &Snapshot,
    tip: Option<git2::Oid>,
    out: &Path,
    progress: &(dyn Fn(&Variant) + Sync),
    cache: &mut crate::model::ParseCache,
) -> Result<Built, Box<Refused>> {
    let io_refusal = |e: crate::Error| {
        Box::new(Refused {
            diagnostics: vec![Diagnostic::error("write-error", out, e.to_string())],
            content: Content::default(),
        })
    };
    let mut clock = std::time::Instant::now();
    let mut timings = Vec::new();
    let mut lap = |name: &'static str| {
        timings.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let review = approval::evaluate_with(&ws.repo, &ws.prefix, snap, tip, Timestamp::now(), cache)?;
    lap("load and status");
    let old: State = writer::read_own(out, STATE).and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let pieces = review.pieces();
    let inputs = render::Inputs::new(&review.content, &review.templates);
    let message_parts: BTreeMap<(&str, &str), String> = review
        .content
        .messages
        .par_iter()
        .map(|m| ((m.id(), m.locale()), inputs.message(m)))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    // What each variant's inputs are now, and whether its folder is current.
    struct Job<'p> {
        m: &'p crate::model::MasterMessage,
        name: &'p str,
        approved: bool,
        dir: String,
        entry: Entry,
        current: bool,
    }
    let jobs: Vec<Job<'_>> = pieces
        .par_iter()
        .map(|(m, name)| {
            let approved = review.status(m.id(), m.locale(), name).is_some_and(|s| s.status == Status::Approved);
            let part = &message_parts[&(m.id(), m.locale())];
            let input = inputs.variant(part, name, !approved);
            let dir = format!("{}/{}/{}", m.locale(), m.id(), name);
            // The state is trusted: it is removed before any write and
            // written after the last, so it never names a partial folder.
            match old.variants.get(&dir) {
                Some(e) if e.input == input => {
                    Job { m, name, approved, dir, entry: Entry { input, files: e.files.clone() }, current: true }
                }
                _ => Job { m, name, approved, dir, entry: Entry { input, files: Vec::new() }, current: false },
            }
        })
        .collect();
    let render_one = |job: &Job<'_>| -> Result<Variant, Diagnostic> {
        let v = if job.approved {
            review.final_variant(job.m.id(), job.m.locale(), job.name)?
        } else {
            let channel = &review.content.channels[job.name];
            render::render_variant(&review.content, &review.templates, job.m, job.name, channel, true)?
        };
        progress(&v);
        Ok(v)
    };
    let write_one = |v: &Variant| -> Result<SyncStats, crate::Error> {
        let files: BTreeMap<PathBuf, Vec<u8>> = v.files.iter().map(|(k, b)| (PathBuf::from(k), b.clone())).collect();
        let dir = v.dir();
        let before = old.variants.get(&dir).map(|e| e.files.as_slice()).unwrap_or_default();
        writer::write_dir(out, &out.join(&dir), &files, before)
    };
    // First one variant of each channel, held in memory: a template that
    // fails at run time fails there, before anything is written.
    let todo: Vec<usize> = (0..jobs.len()).filter(|&i| !jobs[i].current).collect();
    let mut probes: Vec<usize> = Vec::new();
    for &i in &todo {
        if !probes.iter().any(|&p| jobs[p].name == jobs[i].name) {
            probes.push(i);
        }
    }
    let probed: Vec<Result<Variant, Diagnostic>> = probes.par_iter().map(|&i| render_one(&jobs[i])).collect();
    let errors: Vec<Diagnostic> = probed.iter().filter_map(|r| r.as_ref().err().cloned()).collect();
    if !errors.is_empty() {
        return Err(Box::new(Refused { diagnostics: errors, content: review.content }));
    }
    // Until the new state is written, no variant folder counts as current
    // (a build interrupted while writing renders everything again next
    // time), but the state still names every file unisono wrote: the only
    // files it will ever remove.
    writer::mark_output(out, "build").map_err(io_refusal)?;
    if !old.variants.is_empty() {
        let pending = State {
            variants: old
                .variants
                .iter()
                .map(|(dir, e)| (dir.clone(), Entry { input: String::new(), files: e.files.clone() }))
                .collect(),
        };
        let json = serde_json::to_string(&pending).unwrap_or_default() + "\n";
        writer::write_own(out, STATE, json.as_bytes()).map_err(io_refusal)?;
    }
    // The rest render and are written as they go, so memory stays flat.
    type Written = Result<(usize, Vec<String>, SyncStats), Diagnostic>;
    let written: Vec<Written> = todo
        .par_iter()
        .map(|&i| {
            let v = match probes.iter().position(|&p| p == i) {
                Some(k) => probed[k].clone()?,
                None => render_one(&jobs[i])?,
            };
            let stats = write_one(&v).map_err(|e| Diagnostic::error("write-error", out, e.to_string()))?;
            Ok((i, v.files.keys().cloned().collect(), stats))
        })
        .collect();
    lap("render and write");
    let mut state = State::default();
    let mut stats = SyncStats::default();
    let mut rendered = Vec::with_capacity(todo.len());
    let mut files_of: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut warnings = review.trust.diagnostics();
    for r in written {
        match r {
            Ok((i, files, s)) => {
                stats.written += s.written;
                stats.unchanged += s.unchanged;
                stats.removed += s.removed;
                files_of.insert(i, files);
            }
            Err(d) => warnings.push(d),
        }
    }
    if warnings.iter().any(Diagnostic::is_error) {
        return Err(Box::new(Refused { diagnostics: warnings, content: review.content }));
    }
    for (i, job) in jobs.into_iter().enumerate() {
        let mut entry = job.entry;
        if let Some(files) = files_of.remove(&i) {
            entry.files = files;
            rendered.push(job.dir.clone());
        }
        state.variants.insert(job.dir, entry);
    }
    for (gone, entry) in old.variants.iter().filter(|(d, _)| !state.variants.contains_key(*d)) {
        stats.removed += writer::remove_written(out, &out.join(gone), &entry.files).map_err(io_refusal)?;
    }
    let portal = crate::render::portal::render(&review.content, &review.statuses);
    writer::write_own(out, "index.html", &portal).map_err(io_refusal)?;
    let json = serde_json::to_string(&state).unwrap_or_default() + "\n";
    writer::write_own(out, STATE, json.as_bytes()).map_err(io_refusal)?;
    let unchanged = pieces.len() - rendered.len();
    lap("portal and state");
    Ok(Built {
        content: review.content,
        templates: review.templates,
        statuses: review.statuses,
        rendered,
        unchanged,
        stats,
        warnings,
        timings,
    })
}
