//! The one place that puts rendered bytes on disk.
//!
//! Output folders are guarded ([`claim_output`]): unisono writes only into a
//! folder that is new, empty or marked as its own output ([`MARKER`]), never
//! into the workspace's sources, never through a symbolic link inside the
//! folder, and it removes only files it wrote. Every file is written beside
//! its target and renamed over it, so a reader (or a killed build) never
//! sees a partial file. Callers render everything first, so bad input never
//! leaves a half-written output.

use crate::Error;
use crate::workspace::Workspace;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as unisono's output. A non-empty folder
/// without it is somebody else's, and unisono refuses to write there.
pub const MARKER: &str = ".unisono-output";

/// Checks that `out` may be used as an output folder of workspace `ws`:
/// it must not be, contain or lie inside the workspace's sources
/// (`content/`, `templates/`, `approvals/`, the configuration files, `.git`,
/// the workspace root), must not be an existing file, and, when it is a
/// non-empty folder, must carry unisono's [`MARKER`] (or, for `dist/`, the
/// state file of an earlier build). A default output folder inside the
/// workspace must not be a symbolic link. Nothing is touched.
pub fn claim_output(ws: &Workspace, out: &Path) -> Result<(), Error> {
    let refuse = |why: String, help: &str| {
        Err(Error::usage(format!("refusing to write to {}: {why}", out.display())).hint(help))
    };
    let lexical = absolute(out);
    let root = &ws.root;
    // Inside the workspace, no part of the path may be a link (a committed
    // `dist -> /srv` or `published -> ~`).
    if let Ok(below) = lexical.strip_prefix(root) {
        let mut at = root.to_path_buf();
        for c in below.components() {
            at.push(c);
            if at.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                return refuse(
                    format!("{} is a symbolic link inside the workspace (symlink)", at.display()),
                    "remove the link; to write elsewhere, name the real folder with --out",
                );
            }
        }
    }
    let Some(abs) = resolve(&lexical) else {
        return refuse("`..` after a folder that does not exist".into(), "name the output folder without `..`");
    };
    let mut sources: Vec<PathBuf> = crate::workspace::ROOTS.iter().map(|r| root.join(r)).collect();
    sources.push(root.join(".git"));
    sources.push(ws.repo.path().to_path_buf());
    let inside_only: Vec<PathBuf> = sources.iter().filter_map(|p| resolve(p)).collect();
    let mut containing = inside_only.clone();
    containing.extend(resolve(root));
    if let Some(w) = ws.repo.workdir() {
        containing.extend(resolve(w));
    }
    if let Some(p) = containing.iter().find(|p| p.starts_with(&abs)) {
        return refuse(
            format!("it is or contains the workspace's {}", p.display()),
            "choose a new folder for the output, e.g. --out dist",
        );
    }
    if let Some(p) = inside_only.iter().find(|p| abs.starts_with(p)) {
        return refuse(format!("it lies inside {}", p.display()), "choose a folder outside the workspace's sources");
    }
    match abs.symlink_metadata() {
        Err(_) => Ok(()),
        Ok(m) if !m.is_dir() => {
            refuse("it is an existing file".into(), "name a folder; unisono never overwrites a file it did not write")
        }
        Ok(_) => {
            let entries: Vec<String> = std::fs::read_dir(&abs)
                .map_err(|source| Error::Io { path: abs.clone(), source })?
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            let ours = entries.iter().any(|e| e == MARKER)
                || abs.join(".unisono/state.json").symlink_metadata().is_ok_and(|m| m.is_file());
            if entries.is_empty() || ours {
                return Ok(());
            }
            let mut shown: Vec<&str> = entries.iter().map(String::as_str).collect();
            shown.sort_unstable();
            let more = if shown.len() > 5 { format!(" and {} more", shown.len() - 5) } else { String::new() };
            shown.truncate(5);
            refuse(
                format!("the folder holds files unisono did not write ({}{more})", shown.join(", ")),
                "choose a new or empty folder; unisono never deletes what it did not write",
            )
        }
    }
}

/// Reads unisono's own file `rel` in output folder `out` (its state), or
/// `None` when it is missing or any part of its path is a link.
pub fn read_own(out: &Path, rel: &str) -> Option<Vec<u8>> {
    let path = out.join(rel);
    if !no_links_between(out, &path) || !path.symlink_metadata().is_ok_and(|m| m.is_file()) {
        return None;
    }
    std::fs::read(path).ok()
}

/// Lets tests kill a command at one of its delicate moments, as a SIGKILL
/// there would: when `UNISONO_INTERRUPT` names it (`publish-before-swap`,
/// `build-after-variants`, `build-before-state`).
pub fn interrupt_point(name: &str) {
    if std::env::var("UNISONO_INTERRUPT").as_deref() == Ok(name) {
        std::process::abort();
    }
}

/// Whether unisono's own file `rel` is in output folder `out` (a file, not
/// a link), without reading it: one `lstat`, since nothing is read here and
/// every write refuses links on the way anyway.
pub fn own_exists(out: &Path, rel: &str) -> bool {
    out.join(rel).symlink_metadata().is_ok_and(|m| m.is_file())
}

/// The files (not links, not folders) directly in folder `rel` of output
/// folder `out`, as paths relative to `out`: one directory read instead of
/// an `lstat` per file. Empty when the folder is missing or a link.
pub fn own_files_in(out: &Path, rel: &str) -> std::collections::HashSet<String> {
    let dir = out.join(rel);
    if check_relative(Path::new(rel)).is_err() || !dir.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        return Default::default();
    }
    let Ok(entries) = std::fs::read_dir(&dir) else { return Default::default() };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(|n| format!("{rel}/{n}")))
        .collect()
}

/// Writes unisono's own file `rel` in output folder `out`, never through a
/// link.
pub fn write_own(out: &Path, rel: &str, bytes: &[u8]) -> Result<(), Error> {
    let path = out.join(rel);
    check_relative(Path::new(rel))?;
    if let Some(dir) = path.parent() {
        real_dirs(out, dir)?;
    }
    write_file(&path, bytes)
}

/// Whether [`write_own`] could write `rel` in `out`: every folder on the
/// way is a real folder or not there yet (none is a link or a file).
/// Creates nothing.
pub fn check_own(out: &Path, rel: &str) -> Result<(), Error> {
    check_relative(Path::new(rel))?;
    let path = out.join(rel);
    walk_dirs(out, path.parent().unwrap_or(out), false)
}

/// Creates the new file `rel` in the workspace at `root` (a message
/// skeleton, a translation): never over an existing file, never through a
/// link on the way.
pub fn create_new(root: &Path, rel: &Path, bytes: &[u8]) -> Result<(), Error> {
    check_relative(rel)?;
    let path = root.join(rel);
    if path.symlink_metadata().is_ok() {
        return Err(Error::usage(format!("{} already exists", rel.display())).hint("edit it, or remove it first"));
    }
    if let Some(dir) = path.parent() {
        real_dirs(root, dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|source| Error::Io { path: path.clone(), source })?;
    std::io::Write::write_all(&mut file, bytes).map_err(|source| Error::Io { path, source })
}

/// Removes a file or folder that unisono generated itself (a benchmark
/// workspace's sample files, its in-memory build).
pub fn remove_generated(path: &Path) -> Result<(), Error> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    match path.symlink_metadata() {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path).map_err(io),
        Ok(_) => std::fs::remove_file(path).map_err(io),
        Err(_) => Ok(()),
    }
}

/// Creates `out` (if needed) and marks it as unisono's output.
pub fn mark_output(out: &Path, what: &str) -> Result<(), Error> {
    if out.join(MARKER).symlink_metadata().is_ok_and(|m| m.is_file()) {
        return Ok(());
    }
    let text = format!(
        "This folder is unisono's {what} output. unisono replaces the files it wrote here and removes nothing else.\n"
    );
    write_own(out, MARKER, text.as_bytes())
}

/// `path` made absolute against the current folder, without touching the
/// disk (`..` is kept: after a link it means the link target's parent).
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) }
}

/// `path` as the file system sees it: its longest existing ancestor with
/// every link and `..` resolved, then the rest. `None` when a part that
/// does not exist yet is `..` (which could not be checked).
fn resolve(path: &Path) -> Option<PathBuf> {
    let abs = absolute(path);
    let mut rest = Vec::new();
    let mut base = abs.as_path();
    loop {
        if let Ok(real) = base.canonicalize() {
            return Some(rest.iter().rev().fold(real, |p, c| p.join(c)));
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return None,
        }
    }
}

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SyncStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Replaces the folder `out` by a new one holding exactly `files` (and the
/// [`MARKER`]). The new tree is written beside `out` and exchanged with it
/// in one atomic step (Linux `renameat2(RENAME_EXCHANGE)`; two renames
/// where the file system cannot), so at every moment `out` holds either the
/// complete old tree or the complete new one. The old tree is then removed
/// — only after checking that it holds nothing but `owned` (the files the
/// previous run wrote, by path relative to `out`) and the marker; anything
/// else in it makes the call refuse before anything changes.
pub fn replace_dir(out: &Path, files: &BTreeMap<PathBuf, Vec<u8>>, owned: &BTreeSet<String>) -> Result<(), Error> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io { path: p, source }
    };
    if out.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        let mut foreign = Vec::new();
        for entry in walkdir::WalkDir::new(out).min_depth(1).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Io { path: out.to_path_buf(), source: e.into() })?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry.path().strip_prefix(out).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            if rel != MARKER && !owned.contains(&rel) {
                foreign.push(rel);
            }
        }
        if !foreign.is_empty() {
            let more = if foreign.len() > 5 { format!(" and {} more", foreign.len() - 5) } else { String::new() };
            foreign.truncate(5);
            return Err(Error::usage(format!(
                "refusing to replace {}: it holds files unisono did not write ({}{more})",
                out.display(),
                foreign.join(", ")
            ))
            .hint("move them out of the output folder; unisono never deletes what it did not write"));
        }
    }
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "published".into());
    let staging = parent.join(format!(".{name}.unisono-new"));
    // A staging folder left by an interrupted run is ours if marked (or empty).
    if staging.symlink_metadata().is_ok() {
        if staging.join(MARKER).is_file() {
            remove_marked_tree(&staging)?;
        } else {
            std::fs::remove_dir(&staging).map_err(|_| {
                Error::usage(format!("{} exists and is not unisono's", staging.display()))
                    .hint("move it away; unisono uses that name for its staging folder")
            })?;
        }
    }
    std::fs::create_dir(&staging).map_err(io(&staging))?;
    mark_output(&staging, "publish")?;
    for (rel, bytes) in files {
        check_relative(rel)?;
        let path = staging.join(rel);
        if let Some(dir) = path.parent() {
            real_dirs(&staging, dir)?;
        }
        write_file(&path, bytes)?;
    }
    interrupt_point("publish-before-swap");
    if out.symlink_metadata().is_err() {
        return std::fs::rename(&staging, out).map_err(io(out));
    }
    if exchange(&staging, out).is_err() {
        // No atomic exchange here: the shortest gap two renames allow.
        let old = parent.join(format!(".{name}.unisono-old"));
        if old.join(MARKER).is_file() {
            remove_marked_tree(&old)?;
        }
        std::fs::rename(out, &old).map_err(io(out))?;
        std::fs::rename(&staging, out).map_err(io(out))?;
        return remove_marked_tree(&old);
    }
    // `staging` now holds the old tree, checked above to be all ours.
    remove_marked_tree(&staging)
}

/// Removes a tree unisono wrote, its [`MARKER`] last: a removal killed
/// halfway leaves a tree that is still recognisably unisono's.
fn remove_marked_tree(dir: &Path) -> Result<(), Error> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io { path: p, source }
    };
    for entry in std::fs::read_dir(dir).map_err(io(dir))?.filter_map(Result::ok) {
        let path = entry.path();
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::remove_dir_all(&path).map_err(io(&path))?;
        } else {
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    let marker = dir.join(MARKER);
    if marker.symlink_metadata().is_ok() {
        std::fs::remove_file(&marker).map_err(io(&marker))?;
    }
    std::fs::remove_dir(dir).map_err(io(dir))
}

/// Swaps two paths atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "no atomic exchange"))
}

/// Writes `files` into `dir` (each atomically), leaves identical files
/// alone, and removes the files of `before` (what unisono wrote there last
/// time) that are no longer produced. Nothing else in `dir` is removed, and
/// nothing is written through a symbolic link below `base` (the output
/// folder).
pub fn write_dir(
    base: &Path,
    dir: &Path,
    files: &BTreeMap<PathBuf, Vec<u8>>,
    before: &[String],
) -> Result<SyncStats, Error> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io { path: p, source }
    };
    let mut stats = SyncStats::default();
    let mut made: BTreeSet<PathBuf> = BTreeSet::new();
    for (rel, bytes) in files {
        check_relative(rel)?;
        let path = dir.join(rel);
        let parent = path.parent().unwrap_or(dir).to_path_buf();
        if !made.contains(&parent) {
            real_dirs(base, &parent)?;
            made.insert(parent);
        }
        let same = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && std::fs::read(&path).is_ok_and(|old| old == *bytes);
        if same {
            stats.unchanged += 1;
        } else {
            write_file(&path, bytes)?;
            stats.written += 1;
        }
    }
    for rel in before {
        let rel = Path::new(rel);
        if files.contains_key(rel) || check_relative(rel).is_err() {
            continue;
        }
        let path = dir.join(rel);
        if path.symlink_metadata().is_ok_and(|m| !m.is_dir()) && no_links_between(base, &path) {
            std::fs::remove_file(&path).map_err(io(&path))?;
            stats.removed += 1;
        }
    }
    Ok(stats)
}

/// Removes the files `names` (relative to `dir`) that unisono wrote, then
/// `dir` and its parents up to `base` as far as they are empty.
pub fn remove_written(base: &Path, dir: &Path, names: &[String]) -> Result<usize, Error> {
    let mut removed = 0;
    let mut dirs = BTreeSet::new();
    if dir.strip_prefix(base).map_or(true, |d| check_relative(d).is_err()) {
        return Ok(0);
    }
    for rel in names {
        let rel = Path::new(rel);
        if check_relative(rel).is_err() {
            continue;
        }
        let path = dir.join(rel);
        if path.symlink_metadata().is_ok_and(|m| !m.is_dir()) && no_links_between(base, &path) {
            std::fs::remove_file(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
            removed += 1;
        }
        dirs.extend(path.ancestors().skip(1).take_while(|p| p.starts_with(base) && *p != base).map(Path::to_path_buf));
    }
    // Deepest first, so parents empty out after their children; a folder
    // that still holds anything stays.
    let mut dirs: Vec<PathBuf> = dirs.into_iter().collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        let _ = std::fs::remove_dir(d);
    }
    Ok(removed)
}

/// True when no folder between `base` and `path` is a symbolic link, so
/// removing `path` removes a file in the output folder and nowhere else.
fn no_links_between(base: &Path, path: &Path) -> bool {
    let Some(rel) = path.parent().and_then(|p| p.strip_prefix(base).ok()) else {
        return false;
    };
    let mut at = base.to_path_buf();
    rel.components().all(|c| {
        at.push(c);
        matches!(c, Component::Normal(_)) && at.symlink_metadata().is_ok_and(|m| m.is_dir())
    })
}

/// Creates the folders from `base` down to `dir`, refusing any that is a
/// symbolic link (a link planted in an output folder would carry the
/// writes elsewhere).
fn real_dirs(base: &Path, dir: &Path) -> Result<(), Error> {
    // Only a folder that is not there is made: a `mkdir` that fails because
    // it exists costs a system call per file written.
    if base.symlink_metadata().is_err() {
        std::fs::create_dir_all(base).map_err(|source| Error::Io { path: base.to_path_buf(), source })?;
    }
    walk_dirs(base, dir, true)
}

/// Walks from `base` down to `dir`, refusing a link or a file on the way;
/// a missing folder is made when `create`, else the walk stops there.
fn walk_dirs(base: &Path, dir: &Path, create: bool) -> Result<(), Error> {
    let Ok(rel) = dir.strip_prefix(base) else {
        return Err(Error::usage(format!("refusing to write `{}` outside {}", dir.display(), base.display())));
    };
    let mut path = base.to_path_buf();
    for c in rel.components() {
        path.push(c);
        match path.symlink_metadata() {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(Error::usage(format!(
                    "refusing to write through the symbolic link {} (symlink)",
                    path.display()
                ))
                .hint("remove the link: unisono writes nothing through links"));
            }
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(Error::usage(format!("{} is a file where unisono writes a folder", path.display()))
                    .hint("move or remove the file"));
            }
            Err(_) if !create => break,
            Err(_) => std::fs::create_dir(&path)
                .or_else(|e| if path.is_dir() { Ok(()) } else { Err(e) })
                .map_err(|source| Error::Io { path: path.clone(), source })?,
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` via a temporary file in the same folder and a
/// rename, so readers never see a partial file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let parent = path.parent().unwrap_or(Path::new("."));
    if !parent.is_dir() {
        std::fs::create_dir_all(parent).map_err(|source| Error::Io { path: parent.to_path_buf(), source })?;
    }
    write_file(path, bytes)
}

/// [`write_atomic`] into a folder that exists.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io { path: p, source }
    };
    let parent = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let tmp = parent.join(format!(".{name}.unisono-tmp"));
    // A leftover (or a planted link) is removed, never written through:
    // `create_new` refuses to follow a link that reappears in between.
    if tmp.symlink_metadata().is_ok() {
        std::fs::remove_file(&tmp).map_err(io(&tmp))?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp).map_err(io(&tmp))?;
    std::io::Write::write_all(&mut file, bytes).map_err(io(&tmp))?;
    drop(file);
    // Renaming over a link replaces the link, never what it points to.
    std::fs::rename(&tmp, path).map_err(io(path))
}

/// Refuses paths that would leave the output folder.
fn check_relative(rel: &Path) -> Result<(), Error> {
    let ok = rel.components().all(|c| matches!(c, std::path::Component::Normal(_)));
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!("refusing to write `{}` outside the output folder", rel.display())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_dir_removes_only_what_it_wrote() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().join("dist");
        let dir = base.join("v");
        let files =
            BTreeMap::from([(PathBuf::from("a/x.txt"), b"1".to_vec()), (PathBuf::from("b.txt"), b"2".to_vec())]);
        assert_eq!(write_dir(&base, &dir, &files, &[]).unwrap(), SyncStats { written: 2, unchanged: 0, removed: 0 });
        std::fs::write(dir.join("mine.txt"), "user").unwrap();
        let fewer = BTreeMap::from([(PathBuf::from("b.txt"), b"2".to_vec())]);
        let before = vec!["a/x.txt".to_string(), "b.txt".to_string()];
        assert_eq!(
            write_dir(&base, &dir, &fewer, &before).unwrap(),
            SyncStats { written: 0, unchanged: 1, removed: 1 }
        );
        assert_eq!(std::fs::read_to_string(dir.join("mine.txt")).unwrap(), "user", "a user's file stays");
        let evil = BTreeMap::from([(PathBuf::from("../evil"), vec![])]);
        assert!(write_dir(&base, &dir, &evil, &[]).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_link_in_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().join("dist");
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir_all(&base).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, base.join("en-GB")).unwrap();
        let files = BTreeMap::from([(PathBuf::from("index.html"), b"x".to_vec())]);
        let err = write_dir(&base, &base.join("en-GB/m/email"), &files, &[]).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    }

    #[test]
    fn replace_dir_swaps_and_refuses_foreign_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("published");
        let one = BTreeMap::from([(PathBuf::from("a/x.txt"), b"1".to_vec())]);
        replace_dir(&out, &one, &BTreeSet::new()).unwrap();
        assert_eq!(std::fs::read(out.join("a/x.txt")).unwrap(), b"1");
        let two = BTreeMap::from([(PathBuf::from("b.txt"), b"2".to_vec())]);
        let owned = BTreeSet::from(["a/x.txt".to_string()]);
        replace_dir(&out, &two, &owned).unwrap();
        assert!(!out.join("a/x.txt").exists() && out.join("b.txt").is_file() && out.join(MARKER).is_file());
        std::fs::write(out.join("notes.txt"), "user").unwrap();
        let err = replace_dir(&out, &one, &BTreeSet::from(["b.txt".to_string()])).unwrap_err();
        assert!(err.to_string().contains("notes.txt"), "{err}");
        assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "user");
        assert!(out.join("b.txt").is_file(), "nothing changed");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().filter_map(Result::ok).collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left behind");
    }
}
