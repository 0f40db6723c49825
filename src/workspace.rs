//! Finding the workspace and reading its files, from the work tree or from
//! any git revision, through one type: [`Snapshot`].
//!
//! Everything downstream (loading, rendering, status, publish) reads a
//! snapshot, so the same code serves `check` on a dirty tree and `publish`
//! at a committed revision.

use crate::Error;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// Largest file unisono reads (1 MiB). A master message or a claims library
/// beyond this is almost certainly a mistake (a pasted PDF, a binary).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// The top-level paths a workspace consists of.
pub const ROOTS: [&str; 6] = ["channels.yaml", "reviewers.yaml", "content", "templates", "approvals", "journeys"];

/// The default output folders in the workspace: never written through a link.
pub const OUTPUTS: [&str; 3] = ["dist", "published", "outbox"];

/// A unisono workspace inside a git work tree.
pub struct Workspace {
    /// Absolute path of the workspace root (where `channels.yaml` lives).
    pub root: PathBuf,
    /// The git repository that holds it.
    pub repo: git2::Repository,
    /// The workspace root relative to the repository's work tree ("" at the top).
    pub prefix: PathBuf,
}

impl Workspace {
    /// Opens the workspace that contains `dir`: the nearest folder at or above
    /// `dir` that has a `channels.yaml`, inside a git work tree (the work
    /// tree's root when none has one).
    pub fn open(dir: &Path) -> Result<Self, Error> {
        let dir = dir.canonicalize().map_err(|e| Error::Io { path: dir.to_path_buf(), source: e })?;
        let repo = git2::Repository::discover(&dir).map_err(|_| Error::NotARepository { path: dir.clone() })?;
        let workdir = repo
            .workdir()
            .ok_or_else(|| Error::NotARepository { path: dir.clone() })?
            .canonicalize()
            .map_err(|e| Error::Io { path: dir.clone(), source: e })?;
        let root = dir
            .ancestors()
            .take_while(|a| a.starts_with(&workdir))
            .find(|a| a.join("channels.yaml").is_file())
            .unwrap_or(&workdir)
            .to_path_buf();
        let prefix = root.strip_prefix(&workdir).unwrap_or(Path::new("")).to_path_buf();
        Ok(Workspace { root, repo, prefix })
    }

    /// Reads the workspace's files as they are in the work tree.
    pub fn worktree(&self) -> Result<Snapshot, Error> {
        let mut files = BTreeMap::new();
        let mut symlinks = BTreeMap::new();
        for out in OUTPUTS {
            let path = self.root.join(out);
            if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                let target = std::fs::read_link(&path).unwrap_or_default();
                symlinks.insert(PathBuf::from(out), target.to_string_lossy().into_owned());
            }
        }
        // The tree is walked in order; the files are read in parallel.
        let mut found: Vec<(PathBuf, PathBuf)> = Vec::new();
        for top in ROOTS {
            let start = self.root.join(top);
            if start.symlink_metadata().is_err() {
                continue;
            }
            // Links are listed, never followed: not even a linked top-level
            // folder (`templates -> /elsewhere`) is read.
            for entry in walkdir::WalkDir::new(&start).follow_root_links(false).sort_by_file_name() {
                let entry = entry
                    .map_err(|e| Error::Io { path: e.path().unwrap_or(&start).to_path_buf(), source: e.into() })?;
                let rel = entry.path().strip_prefix(&self.root).unwrap_or(entry.path()).to_path_buf();
                if is_scratch_file(&rel) {
                    continue;
                }
                if entry.path_is_symlink() {
                    let target = std::fs::read_link(entry.path()).unwrap_or_default();
                    symlinks.insert(rel, target.to_string_lossy().into_owned());
                    continue;
                }
                if !entry.file_type().is_file() {
                    continue;
                }
                found.push((entry.into_path(), rel));
            }
        }
        use rayon::prelude::*;
        // A file saved away (or replaced by a link) since it was listed is
        // left out, as if listed a moment later; nothing is read through a link.
        let read: Vec<Result<Option<(PathBuf, File)>, Error>> = found
            .into_par_iter()
            .map(|(path, rel)| {
                let file = read_listed(&path).map_err(|e| Error::Io { path, source: e })?;
                Ok(file.map(|f| (rel, f)))
            })
            .collect();
        // The first read failure in the walk's order.
        for r in read {
            if let Some((rel, file)) = r? {
                files.insert(rel, file);
            }
        }
        Ok(Snapshot { files, symlinks, revision: None })
    }

    /// Reads the workspace's files as committed at `rev` (any git revision
    /// expression: `HEAD`, a branch, a tag, a commit id).
    pub fn at_revision(&self, rev: &str) -> Result<Snapshot, Error> {
        let object = self
            .repo
            .revparse_single(rev)
            .map_err(|e| Error::Revision { rev: rev.to_string(), message: e.message().to_string() })?;
        let commit = object
            .peel_to_commit()
            .map_err(|e| Error::Revision { rev: rev.to_string(), message: e.message().to_string() })?;
        let tree = commit.tree()?;
        let mut files = BTreeMap::new();
        let mut symlinks = BTreeMap::new();
        let mut failure = None;
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() != Some(git2::ObjectType::Blob) {
                return git2::TreeWalkResult::Ok;
            }
            let full = PathBuf::from(dir).join(entry.name().unwrap_or(""));
            let Ok(rel) = full.strip_prefix(&self.prefix) else {
                return git2::TreeWalkResult::Ok;
            };
            let is_link = entry.filemode() == i32::from(git2::FileMode::Link);
            let in_workspace = rel.components().next().is_some_and(|c| ROOTS.iter().any(|r| c.as_os_str() == *r));
            let is_output = OUTPUTS.iter().any(|o| rel == Path::new(o));
            if !(in_workspace || is_link && is_output) || is_scratch_file(rel) {
                return git2::TreeWalkResult::Ok;
            }
            match self.repo.find_blob(entry.id()) {
                // In git a symbolic link is a blob holding the path it points to.
                Ok(blob) if is_link => {
                    symlinks.insert(rel.to_path_buf(), String::from_utf8_lossy(blob.content()).into_owned());
                    git2::TreeWalkResult::Ok
                }
                Ok(blob) => {
                    let file = if blob.size() > MAX_FILE_BYTES {
                        File::TooLarge(blob.size())
                    } else {
                        File::Bytes(blob.content().to_vec())
                    };
                    files.insert(rel.to_path_buf(), file);
                    git2::TreeWalkResult::Ok
                }
                Err(e) => {
                    failure = Some(e);
                    git2::TreeWalkResult::Abort
                }
            }
        })?;
        if let Some(e) = failure {
            return Err(e.into());
        }
        Ok(Snapshot { files, symlinks, revision: Some(commit.id().to_string()) })
    }
}

/// Editor backups and hidden files are never content.
fn is_scratch_file(path: &Path) -> bool {
    path.components().any(|c| match c {
        Component::Normal(name) => {
            let name = name.to_string_lossy();
            name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp")
        }
        _ => false,
    })
}

/// One file of a snapshot.
#[derive(Debug, Clone)]
pub enum File {
    /// The file's bytes.
    Bytes(Vec<u8>),
    /// The file was over [`MAX_FILE_BYTES`] and was not read; its size.
    TooLarge(usize),
}

/// The workspace's files at one point in time, in memory, by relative path.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Files by path relative to the workspace root, in sorted order.
    pub files: BTreeMap<PathBuf, File>,
    /// Symbolic links found where unisono reads or writes (path → the path
    /// it points to). They are never followed; loading reports each one.
    pub symlinks: BTreeMap<PathBuf, String>,
    /// The commit id the files were read from; `None` for the work tree.
    pub revision: Option<String>,
}

impl Snapshot {
    /// The file at `path`, if present.
    pub fn get(&self, path: &Path) -> Option<&File> {
        self.files.get(path)
    }

    /// The files under folder `dir`, in sorted order.
    pub fn under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a PathBuf, &'a File)> + 'a {
        self.files.iter().filter(move |(p, _)| p.starts_with(dir))
    }
}

/// Reads the workspace file at `path` without following a link (a file
/// over [`MAX_FILE_BYTES`] is not read: its size is kept): `Ok(None)` when
/// it is gone or became a link since it was listed (a save in between), so
/// what is read is always the listed regular file.
fn read_listed(path: &Path) -> std::io::Result<Option<File>> {
    // Opened for reading only: nothing is written here.
    let mut options = std::fs::File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Ok(None),
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(None);
    }
    let len = meta.len() as usize;
    if len > MAX_FILE_BYTES {
        return Ok(Some(File::TooLarge(len)));
    }
    let mut bytes = Vec::with_capacity(len);
    std::io::Read::read_to_end(&mut file, &mut bytes)?;
    Ok(Some(File::Bytes(bytes)))
}
