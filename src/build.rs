//! `unisono build`: decide the status of every variant, render the approved
//! ones in their final form and the rest with the DRAFT mark, then write
//! `dist/` in one go.

use crate::Error;
use crate::approval::status::{Status, VariantStatus};
use crate::approval::{self, record::Timestamp};
use crate::diag::Diagnostic;
use crate::model::Content;
use crate::render::{self, Variant};
use crate::workspace::{Snapshot, Workspace};
use crate::writer::{self, SyncStats};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every variant of a snapshot, rendered in memory.
pub struct Rendered {
    pub content: Content,
    /// Approved variants in their final form, the others marked DRAFT.
    pub variants: Vec<Variant>,
    /// The status of each variant.
    pub statuses: Vec<VariantStatus>,
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

/// Decides status and renders every variant of `snap` (history up to
/// `tip`). `progress` is called once per variant.
pub fn render_all(
    ws: &Workspace,
    snap: &Snapshot,
    tip: Option<git2::Oid>,
    progress: &(dyn Fn(&Variant) + Sync),
) -> Result<Rendered, Box<Refused>> {
    let review = approval::evaluate(&ws.repo, &ws.prefix, snap, tip, Timestamp::now())?;
    let results: Vec<Result<Variant, Diagnostic>> = review
        .variants
        .par_iter()
        .map(|v| {
            let approved = review
                .status(&v.id, &v.locale, &v.channel)
                .is_some_and(|s| s.status == Status::Approved);
            let out = if approved {
                v.clone()
            } else {
                let m = review.content.message(&v.id, &v.locale).ok_or_else(|| {
                    Diagnostic::error(
                        "render-error",
                        "content",
                        format!("message {} ({}) vanished", v.id, v.locale),
                    )
                })?;
                let channel = &review.content.channels[&v.channel];
                render::render_variant(&review.content, &review.templates, m, &v.channel, channel, true)?
            };
            progress(&out);
            Ok(out)
        })
        .collect();
    let mut variants = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for r in results {
        match r {
            Ok(v) => variants.push(v),
            Err(d) => diagnostics.push(d),
        }
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Box::new(Refused {
            diagnostics,
            content: review.content,
        }));
    }
    Ok(Rendered {
        content: review.content,
        variants,
        statuses: review.statuses,
        warnings: diagnostics,
    })
}

/// The files of `dist/`: every variant under `<locale>/<id>/<channel>/`, and
/// the review portal `index.html`.
pub fn dist_files(rendered: &Rendered, portal: Vec<u8>) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for v in &rendered.variants {
        let dir = PathBuf::from(v.dir());
        for (rel, bytes) in &v.files {
            files.insert(dir.join(rel), bytes.clone());
        }
    }
    files.insert(PathBuf::from("index.html"), portal);
    files
}

/// Writes the rendered output into `out` (usually `dist/`).
pub fn write(out: &Path, rendered: &Rendered) -> Result<SyncStats, Error> {
    let portal = crate::render::portal::render(rendered);
    writer::sync_dir(out, &dist_files(rendered, portal))
}
