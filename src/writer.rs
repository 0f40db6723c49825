//! The one place that puts rendered bytes on disk.
//!
//! [`sync_dir`] makes a folder hold exactly a given set of files: it writes
//! what changed (each file written beside its target and renamed over it),
//! leaves identical files untouched, and removes files that are no longer
//! produced. Callers render everything first, so bad input never leaves a
//! half-written output.

use crate::Error;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a sync did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SyncStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Makes `dir` hold exactly `files` (relative path → bytes).
pub fn sync_dir(dir: &Path, files: &BTreeMap<PathBuf, Vec<u8>>) -> Result<SyncStats, Error> {
    let mut stats = SyncStats::default();
    for (rel, bytes) in files {
        check_relative(rel)?;
        let path = dir.join(rel);
        if std::fs::read(&path).is_ok_and(|old| old == *bytes) {
            stats.unchanged += 1;
            continue;
        }
        write_atomic(&path, bytes)?;
        stats.written += 1;
    }
    if dir.exists() {
        let mut stale = Vec::new();
        for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
            if entry.file_type().is_file()
                && let Ok(rel) = entry.path().strip_prefix(dir)
                && !files.contains_key(rel)
            {
                stale.push(entry.path().to_path_buf());
            }
        }
        for path in stale {
            std::fs::remove_file(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
            stats.removed += 1;
        }
        remove_empty_dirs(dir);
    }
    Ok(stats)
}

/// Makes `dir` hold exactly `files`, fast: folders are created once, files
/// are written in place (callers make the result count only once all is
/// written, as `build` does with its state file), identical files are left
/// alone, and files no longer produced are removed.
pub fn write_dir(dir: &Path, files: &BTreeMap<PathBuf, Vec<u8>>) -> Result<SyncStats, Error> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io { path: p, source }
    };
    let mut stats = SyncStats::default();
    let mut made: std::collections::BTreeSet<PathBuf> = std::collections::BTreeSet::new();
    for (rel, bytes) in files {
        check_relative(rel)?;
        let path = dir.join(rel);
        let parent = path.parent().unwrap_or(dir).to_path_buf();
        if !made.contains(&parent) {
            std::fs::create_dir_all(&parent).map_err(io(&parent))?;
            made.insert(parent);
        }
        let same = std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64)
            && std::fs::read(&path).is_ok_and(|old| old == *bytes);
        if same {
            stats.unchanged += 1;
        } else {
            std::fs::write(&path, bytes).map_err(io(&path))?;
            stats.written += 1;
        }
    }
    for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file()
            && let Ok(rel) = entry.path().strip_prefix(dir)
            && !files.contains_key(rel)
        {
            std::fs::remove_file(entry.path()).map_err(io(entry.path()))?;
            stats.removed += 1;
        }
    }
    Ok(stats)
}

/// Writes `bytes` to `path` via a temporary file in the same folder and a
/// rename, so readers never see a partial file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io { path: p, source }
    };
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let tmp = parent.join(format!(".{name}.unisono-tmp"));
    std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

/// Refuses paths that would leave the output folder.
fn check_relative(rel: &Path) -> Result<(), Error> {
    let ok = rel.components().all(|c| matches!(c, std::path::Component::Normal(_)));
    if ok {
        Ok(())
    } else {
        Err(Error::Usage(format!("refusing to write `{}` outside the output folder", rel.display())))
    }
}

fn remove_empty_dirs(dir: &Path) {
    let mut dirs: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().to_path_buf())
        .collect();
    // Deepest first, so parents empty out after their children.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        let _ = std::fs::remove_dir(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_writes_keeps_and_removes() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("dist");
        let mut files =
            BTreeMap::from([(PathBuf::from("a/x.txt"), b"1".to_vec()), (PathBuf::from("b.txt"), b"2".to_vec())]);
        assert_eq!(sync_dir(&dir, &files).unwrap(), SyncStats { written: 2, unchanged: 0, removed: 0 });
        files.remove(Path::new("a/x.txt"));
        files.insert(PathBuf::from("b.txt"), b"2".to_vec());
        assert_eq!(sync_dir(&dir, &files).unwrap(), SyncStats { written: 0, unchanged: 1, removed: 1 });
        assert!(!dir.join("a").exists(), "empty folders go too");
        assert!(sync_dir(&dir, &BTreeMap::from([(PathBuf::from("../evil"), vec![])])).is_err());
    }
}
