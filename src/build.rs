//! `unisono build`: check, render every (message, locale, channel) in
//! parallel, then write `dist/` in one go.

use crate::Error;
use crate::diag::Diagnostic;
use crate::model::Content;
use crate::render::templates::Templates;
use crate::render::{self, Variant};
use crate::workspace::Snapshot;
use crate::writer::{self, SyncStats};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every variant of a snapshot, rendered in memory.
pub struct Rendered {
    pub content: Content,
    pub variants: Vec<Variant>,
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

/// Checks and renders every variant. `progress` is called once per variant.
pub fn render_all(snap: &Snapshot, progress: &(dyn Fn(&Variant) + Sync)) -> Result<Rendered, Box<Refused>> {
    let loaded = crate::model::load(snap);
    let (templates, template_diags) = Templates::load(snap);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(template_diags);
    let content = loaded.content;
    if diagnostics.iter().any(Diagnostic::is_error) {
        crate::diag::sort(&mut diagnostics);
        return Err(Box::new(Refused { diagnostics, content }));
    }
    let jobs: Vec<(usize, &str)> = content
        .messages
        .iter()
        .enumerate()
        .flat_map(|(i, m)| content.channels_of(m).into_iter().map(move |(name, _)| (i, name)))
        .collect();
    let results: Vec<Result<Variant, Diagnostic>> = jobs
        .par_iter()
        .map(|&(i, name)| {
            let m = &content.messages[i];
            let channel = &content.channels[name];
            let v = render::render_variant(&content, &templates, m, name, channel, true)?;
            progress(&v);
            Ok(v)
        })
        .collect();
    let mut variants = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(v) => variants.push(v),
            Err(d) => diagnostics.push(d),
        }
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        crate::diag::sort(&mut diagnostics);
        return Err(Box::new(Refused { diagnostics, content }));
    }
    Ok(Rendered {
        content,
        variants,
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
