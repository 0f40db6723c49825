//! `unisono templates`: the built-in templates stay in the binary; `list`
//! shows them beside the workspace's own, `eject` copies one into
//! `templates/` for customisation (recording which built-in it copied, so
//! `check` can tell when that built-in changes), `diff` compares a copy with
//! the built-in.

use crate::Error;
use crate::diag::did_you_mean;
use crate::render::templates::{self, DEFAULTS, EJECTED, Ejected, Origin};
use crate::workspace::{File, Snapshot};
use std::path::{Path, PathBuf};

/// One template as `templates list` shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    /// The template's name (its file name under `templates/`).
    pub name: String,
    /// Whether unisono has a built-in of that name.
    pub built_in: bool,
    /// Whether the workspace has a file of that name (which is then used).
    pub overridden: bool,
    /// How the workspace's file relates to the built-in.
    pub origin: Origin,
}

/// The workspace's templates as text, by name (the records file aside).
fn workspace_templates(snap: &Snapshot) -> Vec<(String, Option<String>)> {
    snap.under("templates")
        .filter(|(p, _)| p.as_path() != Path::new(EJECTED))
        .filter_map(|(p, f)| {
            let name = p.strip_prefix("templates").ok()?.to_string_lossy().replace('\\', "/");
            let text = match f {
                File::Bytes(b) => String::from_utf8(b.clone()).ok(),
                File::TooLarge(_) => None,
            };
            Some((name, text))
        })
        .collect()
}

/// The records of `templates/ejected.yaml`, or why they cannot be read.
fn records(snap: &Snapshot) -> Result<Ejected, Error> {
    templates::ejected(snap).map_err(|d| {
        Error::usage(format!("{}: {}", d.file.display(), d.message))
            .hint("fix or remove templates/ejected.yaml (it lists the built-ins your templates were copied from)")
    })
}

/// Every built-in template and every template of the workspace, by name.
pub fn list(snap: &Snapshot) -> Result<Vec<Entry>, Error> {
    let ejected = records(snap)?;
    let own = workspace_templates(snap);
    let mut names: Vec<String> = DEFAULTS.iter().map(|(n, _)| n.to_string()).collect();
    names.extend(own.iter().map(|(n, _)| n.clone()));
    names.sort();
    names.dedup();
    Ok(names
        .into_iter()
        .map(|name| {
            let file = own.iter().find(|(n, _)| *n == name);
            // An unreadable file still overrides: it is what `build` reports.
            let origin = match file {
                Some((_, Some(text))) => Origin::of(&name, Some(text), &ejected),
                Some((_, None)) if templates::builtin(&name).is_some() => Origin::Unrecorded,
                Some((_, None)) => Origin::Workspace,
                None => Origin::of(&name, None, &ejected),
            };
            Entry { built_in: templates::builtin(&name).is_some(), overridden: file.is_some(), origin, name }
        })
        .collect())
}

/// The built-in `name` (a bare name or `templates/NAME`), or a usage error
/// with the nearest built-in name.
fn known(name: &str) -> Result<(&'static str, &'static str), Error> {
    let bare = name.strip_prefix("templates/").unwrap_or(name);
    DEFAULTS.iter().find(|(n, _)| *n == bare).copied().ok_or_else(|| {
        let names: Vec<&str> = DEFAULTS.iter().map(|(n, _)| *n).collect();
        Error::usage(format!("unisono has no built-in template `{bare}`")).hint(
            format!("{} built-in templates: {}", did_you_mean(bare, names.iter().copied()), names.join(", "))
                .trim_start()
                .to_string(),
        )
    })
}

/// Copies the built-in `name` to `templates/NAME` in the workspace at
/// `root` and records its fingerprint in `templates/ejected.yaml`. Never
/// replaces a file. With `record_only`, the file must exist already and
/// only the record is written: the current built-in becomes its origin.
/// Returns the path written (relative).
pub fn eject(root: &Path, snap: &Snapshot, name: &str, record_only: bool) -> Result<PathBuf, Error> {
    let (name, text) = known(name)?;
    let mut ejected = records(snap)?;
    let rel = Path::new("templates").join(name);
    let exists = root.join(&rel).symlink_metadata().is_ok();
    if record_only {
        if !exists {
            return Err(Error::usage(format!("{} does not exist: there is nothing to record", rel.display()))
                .hint(format!("`unisono templates eject {name}` copies the built-in")));
        }
    } else if exists {
        return Err(Error::usage(format!("{} exists already: eject never replaces a file", rel.display())).hint(
            format!(
                "compare it with the built-in: `unisono templates diff {name}`; to keep yours and record the current built-in as its origin: `unisono templates eject {name} --record`"
            ),
        ));
    } else {
        crate::writer::create_new(root, &rel, text.as_bytes())?;
    }
    ejected.insert(name.to_string(), crate::fingerprint::of_bytes(text.as_bytes()));
    let mut out = String::from(
        "# Written by `unisono templates eject`: the fingerprint of the built-in each\n# template here was copied from. `unisono check` warns `template-outdated`\n# when that built-in changes in a newer unisono. Commit it; do not edit it.\n",
    );
    for (n, fp) in &ejected {
        out.push_str(&format!("{n}: {fp}\n"));
    }
    crate::writer::write_own(root, EJECTED, out.as_bytes())?;
    Ok(rel)
}

/// A unified line diff from the built-in `name` to the workspace's copy
/// (empty when they are the same).
pub fn diff(snap: &Snapshot, name: &str) -> Result<String, Error> {
    let (name, builtin) = known(name)?;
    let rel = Path::new("templates").join(name);
    let ours = match snap.get(&rel) {
        None => {
            return Err(Error::usage(format!("the workspace has no {}: the built-in is used", rel.display()))
                .hint(format!("`unisono templates eject {name}` copies it for customisation")));
        }
        Some(File::TooLarge(n)) => return Err(Error::usage(format!("{} is {n} bytes", rel.display()))),
        Some(File::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
    };
    if ours == builtin {
        return Ok(String::new());
    }
    Ok(similar::TextDiff::from_lines(builtin, ours.as_str())
        .unified_diff()
        .header(&format!("built-in {name}"), &rel.display().to_string())
        .to_string())
}
