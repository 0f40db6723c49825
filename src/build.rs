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
    let io_refusal = |e: crate::Error| {
        Box::new(Refused {
            diagnostics: vec![Diagnostic::error("write-error", out, e.to_string())],
            content: Content::default(),
        })
    };
    let review = approval::evaluate(&ws.repo, &ws.prefix, snap, tip, Timestamp::now())?;
    let old: State =
        std::fs::read(out.join(STATE)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let pieces = review.pieces();
    type Outcome = Result<(String, Entry, Option<Variant>), Diagnostic>;
    let outcomes: Vec<Outcome> = pieces
        .par_iter()
        .map(|(m, name)| {
            let approved = review.status(m.id(), m.locale(), name).is_some_and(|s| s.status == Status::Approved);
            let channel = &review.content.channels[*name];
            let input = render::input_fingerprint(&review.content, &review.templates, m, name, channel, !approved);
            let dir = format!("{}/{}/{}", m.locale(), m.id(), name);
            if let Some(e) = old.variants.get(&dir)
                && e.input == input
                && e.files.iter().all(|f| out.join(&dir).join(f).is_file())
            {
                return Ok((dir, Entry { input, files: e.files.clone() }, None));
            }
            let v = if approved {
                review.final_variant(m.id(), m.locale(), name)?
            } else {
                render::render_variant(&review.content, &review.templates, m, name, channel, true)?
            };
            progress(&v);
            let files = v.files.keys().cloned().collect();
            Ok((dir, Entry { input, files }, Some(v)))
        })
        .collect();
    let mut state = State::default();
    let mut fresh = Vec::new();
    let mut warnings = Vec::new();
    for o in outcomes {
        match o {
            Ok((dir, entry, v)) => {
                state.variants.insert(dir, entry);
                fresh.extend(v);
            }
            Err(d) => warnings.push(d),
        }
    }
    if warnings.iter().any(Diagnostic::is_error) {
        return Err(Box::new(Refused { diagnostics: warnings, content: review.content }));
    }
    let mut stats = SyncStats::default();
    let mut rendered = Vec::with_capacity(fresh.len());
    for v in &fresh {
        let files: BTreeMap<PathBuf, Vec<u8>> = v.files.iter().map(|(k, b)| (PathBuf::from(k), b.clone())).collect();
        let s = writer::sync_dir(&out.join(v.dir()), &files).map_err(io_refusal)?;
        stats.written += s.written;
        stats.unchanged += s.unchanged;
        stats.removed += s.removed;
        rendered.push(v.dir());
    }
    for gone in old.variants.keys().filter(|d| !state.variants.contains_key(*d)) {
        let dir = out.join(gone);
        if dir.is_dir() {
            stats.removed += walkdir::WalkDir::new(&dir)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .count();
            std::fs::remove_dir_all(&dir)
                .map_err(|source| io_refusal(crate::Error::Io { path: dir.clone(), source }))?;
            // The message (and locale) folders go too once empty.
            for parent in dir.ancestors().skip(1).take_while(|p| p.starts_with(out) && *p != out) {
                if std::fs::remove_dir(parent).is_err() {
                    break;
                }
            }
        }
    }
    let portal = crate::render::portal::render(&review.content, &review.statuses);
    writer::write_atomic(&out.join("index.html"), &portal).map_err(io_refusal)?;
    let json = serde_json::to_string_pretty(&state).unwrap_or_default() + "\n";
    writer::write_atomic(&out.join(STATE), json.as_bytes()).map_err(io_refusal)?;
    let unchanged = pieces.len() - rendered.len();
    Ok(Built { content: review.content, statuses: review.statuses, rendered, unchanged, stats, warnings })
}
