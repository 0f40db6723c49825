//! `unisono publish` and the withdrawal list: ship only what was approved,
//! with a manifest of what shipped.
//!
//! Publishing reads a committed revision (never the work tree), copies only
//! approved, unexpired, unwithdrawn variants, and writes `manifest.json`.
//! The output folder is written beside its target and swapped in with
//! renames, so it appears complete or not at all.

use crate::approval::record::Timestamp;
use crate::approval::status::{Signed, Status};
use crate::project::Project;
use crate::workspace::Workspace;
use crate::{Error, writer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default output folder, in the workspace (git-ignored).
pub const DEFAULT_OUT: &str = "published";

/// One published file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ManifestFile {
    /// Path relative to the output folder.
    pub path: String,
    pub sha256: String,
    pub bytes: usize,
}

/// One published variant.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ManifestVariant {
    pub id: String,
    pub locale: String,
    pub channel: String,
    pub kind: String,
    /// The variant fingerprint, as signed in the approval records.
    pub fingerprint: String,
    /// The message's source fingerprint.
    pub source: String,
    pub job_code: String,
    pub claims: Vec<String>,
    pub references: Vec<String>,
    pub files: Vec<ManifestFile>,
    pub approvals: Vec<Signed>,
    /// The earliest expiry of its approvals.
    pub expires: String,
}

/// A variant that was not published, and why.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LeftOut {
    pub id: String,
    pub locale: String,
    pub channel: String,
    pub status: String,
    pub reason: String,
}

/// `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// `unisono <version>`.
    pub tool: String,
    /// The commit published.
    pub commit: String,
    pub variants: Vec<ManifestVariant>,
    pub left_out: Vec<LeftOut>,
}

/// What `publish` did.
pub struct Published {
    pub out: PathBuf,
    pub manifest: Manifest,
}

/// Publishes revision `rev` into `out`. With `require_all`, refuses (and
/// writes nothing) when any variant is not publishable.
pub fn publish(
    ws: &Workspace,
    rev: &str,
    out: Option<&Path>,
    require_all: bool,
    trust_root: Option<&str>,
) -> Result<Published, Error> {
    let out = out.map(Path::to_path_buf).unwrap_or_else(|| ws.root.join(DEFAULT_OUT));
    writer::claim_output(ws, &out)?;
    let mut project = Project::load(ws.at_revision(rev)?);
    let commit = project.snapshot.revision.clone().unwrap_or_default();
    let tip = git2::Oid::from_str(&commit).ok();
    let review = crate::review::evaluate(&mut project, &ws.repo, &ws.prefix, tip, Timestamp::now()).map_err(|r| {
        Error::refused(format!("the content at {rev} has {} error(s)", crate::diag::counts(&r.diagnostics).0))
            .hint("run `unisono check` at that revision and fix them")
    })?;
    if let Some(pin) = trust_root {
        crate::approval::trust::check_root(&ws.repo, &review.trust, pin)
            .map_err(|e| Error::refused(e).hint("nothing was published; `unisono trust status` shows the chain"))?;
    }
    let mut files: BTreeMap<PathBuf, Vec<u8>> = BTreeMap::new();
    let mut variants = Vec::new();
    let mut left_out = Vec::new();
    for (piece, name) in project.pieces() {
        let Some(st) = review.status(piece.id(), piece.locale(), name) else {
            continue;
        };
        if st.status != Status::Approved {
            let mut reason = st.notes.join("; ");
            if !st.missing_roles.is_empty() && matches!(st.status, Status::Draft | Status::PartiallyApproved) {
                reason = format!("missing: {}", st.missing_roles.join(", "));
            }
            left_out.push(LeftOut {
                id: piece.id().to_string(),
                locale: piece.locale().to_string(),
                channel: name.to_string(),
                status: st.status.as_str().to_string(),
                reason,
            });
            continue;
        }
        let m = piece;
        let v = review.final_variant(&project, m.id(), m.locale(), name).map_err(|d| Error::refused(d.message))?;
        let channel = &project.content.channels[&v.channel];
        let ctx = crate::render::RenderContext::new(
            &project.content,
            m,
            &v.channel,
            channel,
            false,
            channel.kind == crate::model::ChannelKind::Page,
        );
        let dir = PathBuf::from(v.dir());
        let mut mfiles = Vec::new();
        for (rel, bytes) in &v.files {
            let path = dir.join(rel);
            mfiles.push(ManifestFile {
                path: path.to_string_lossy().replace('\\', "/"),
                sha256: crate::fingerprint::of_bytes(bytes),
                bytes: bytes.len(),
            });
            files.insert(path, bytes.clone());
        }
        variants.push(ManifestVariant {
            id: v.id.clone(),
            locale: v.locale.clone(),
            channel: v.channel.clone(),
            kind: channel.kind.name().to_string(),
            fingerprint: v.fingerprint(),
            source: m.fingerprint.clone(),
            job_code: m.front.job_code.clone(),
            claims: ctx.claims.iter().map(|c| c.id.clone()).collect(),
            references: ctx.references.iter().map(|r| r.id.clone()).collect(),
            files: mfiles,
            approvals: st.approvals.clone(),
            expires: st.approvals.iter().map(|a| a.expires.clone()).min().unwrap_or_default(),
        });
    }
    if require_all && !left_out.is_empty() {
        let list: Vec<String> =
            left_out.iter().map(|l| format!("{} ({}) {}: {}", l.id, l.locale, l.channel, l.status)).collect();
        return Err(Error::refused(format!(
            "--require-all: {} variant(s) are not approved: {}",
            left_out.len(),
            list.join(", ")
        ))
        .hint("nothing was published; `unisono status` shows what is missing"));
    }
    let manifest = Manifest { tool: format!("unisono {}", env!("CARGO_PKG_VERSION")), commit, variants, left_out };
    let json = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
    files.insert(PathBuf::from("manifest.json"), json.into_bytes());
    // What the previous publish wrote: the only files a new one may remove.
    let mut owned = std::collections::BTreeSet::new();
    if let Ok(old) = read_manifest(&out.join("manifest.json")) {
        owned.insert("manifest.json".to_string());
        owned.extend(old.variants.iter().flat_map(|v| v.files.iter().map(|f| f.path.clone())));
    }
    writer::replace_dir(&out, &files, &owned)?;
    Ok(Published { out, manifest })
}

/// Reads a publish manifest.
pub fn read_manifest(path: &Path) -> Result<Manifest, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    serde_json::from_str(&text)
        .map_err(|e| Error::usage(format!("{}: not a unisono publish manifest ({e})", path.display())))
}

/// Every published artifact of message `id` (in `locale`, or every locale)
/// listed in `manifests` (default: the workspace's `published/manifest.json`).
pub fn withdrawal_list(
    ws: &Workspace,
    id: &str,
    locale: Option<&str>,
    manifests: &[PathBuf],
) -> Result<Vec<String>, Error> {
    let default = ws.root.join(DEFAULT_OUT).join("manifest.json");
    let paths: Vec<PathBuf> = if manifests.is_empty() {
        if default.is_file() { vec![default] } else { Vec::new() }
    } else {
        manifests.to_vec()
    };
    let mut out = Vec::new();
    for path in paths {
        let manifest = read_manifest(&path)?;
        for v in manifest.variants.iter().filter(|v| v.id == id && locale.is_none_or(|l| l == v.locale)) {
            let what = match v.kind.as_str() {
                "slides" => {
                    let zips: Vec<&str> = v
                        .files
                        .iter()
                        .filter(|f| f.path.ends_with(".zip"))
                        .filter_map(|f| f.path.rsplit('/').next())
                        .collect();
                    format!("Veeva CLM key messages {}", zips.join(", "))
                }
                "email" => "approved email (and its Veeva Approved Email template)".to_string(),
                "page" => "landing page".to_string(),
                "video" => "video pill script and captions".to_string(),
                other => other.to_string(),
            };
            out.push(format!(
                "{} {} [{}, job code {}] — {what} (from {})",
                v.locale,
                v.channel,
                v.kind,
                v.job_code,
                path.display()
            ));
            for f in &v.files {
                out.push(format!("    {}  {}", f.path, f.sha256));
            }
        }
    }
    Ok(out)
}
