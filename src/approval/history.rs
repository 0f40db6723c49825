//! What git history says: who authored each file and each claim (for
//! separation of duties), and committing approval records.

use crate::Error;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Who wrote workspace files and claims: the git author *and* committer of
/// every commit that changed them, each as `email:<address>` and
/// `name:<name>` (lower-case, trimmed), so a reviewer who committed under
/// another address is still recognised by name, and the other way round.
#[derive(Debug, Default, Clone)]
pub struct Authorship {
    /// Each identity key once, numbered: files and claims name people by
    /// number (a history touching every file of a large workspace names
    /// the same few people hundreds of thousands of times).
    index: HashMap<String, u32>,
    /// What the history says of each file, by workspace path.
    files: HashMap<PathBuf, FileHistory>,
    /// Identities behind the commits that changed a claim's lines, by claim id.
    claims: HashMap<String, Vec<u32>>,
}

/// The authors and committers of a file, and the commit that added it.
#[derive(Debug, Default, Clone)]
struct FileHistory {
    /// Identities behind the commits that changed the file (numbers from `index`).
    who: Vec<u32>,
    /// The commit that first added the file.
    added: Option<git2::Oid>,
}

/// Adds the identities `who` to `to`, each once.
fn add_people(to: &mut Vec<u32>, who: &[u32]) {
    for &i in who {
        if !to.contains(&i) {
            to.push(i);
        }
    }
}

/// The identity keys of a person (see [`Authorship`]).
pub fn identities(name: &str, email: &str) -> [String; 2] {
    [format!("email:{}", email.trim().to_lowercase()), format!("name:{}", name.trim().to_lowercase())]
}

/// The authorship a process last read: (git folder, tip, prefix) and what
/// it found. A commit never changes, so the same tip has the same answer.
type AuthorshipMemo = Option<(PathBuf, git2::Oid, PathBuf, std::sync::Arc<Authorship>)>;
static LAST_AUTHORSHIP: std::sync::Mutex<AuthorshipMemo> = std::sync::Mutex::new(None);

impl Authorship {
    /// [`Authorship::load`], remembered for the last tip walked: `watch`
    /// evaluates the same history at every save until a commit is made.
    pub fn load_shared(
        repo: &git2::Repository,
        tip: Option<git2::Oid>,
        prefix: &Path,
    ) -> Result<std::sync::Arc<Authorship>, Error> {
        let Some(at) = tip else { return Ok(Default::default()) };
        // A shallow clone's history can deepen under the same tip.
        if repo.is_shallow() {
            return Ok(std::sync::Arc::new(Authorship::load(repo, tip, prefix)?));
        }
        if let Ok(memo) = LAST_AUTHORSHIP.lock()
            && let Some((dir, oid, pre, found)) = memo.as_ref()
            && dir == repo.path()
            && *oid == at
            && pre == prefix
        {
            return Ok(found.clone());
        }
        let found = std::sync::Arc::new(Authorship::load(repo, tip, prefix)?);
        if let Ok(mut memo) = LAST_AUTHORSHIP.lock() {
            *memo = Some((repo.path().to_path_buf(), at, prefix.to_path_buf(), found.clone()));
        }
        Ok(found)
    }

    /// Why `reviewer` counts as an author of message `m` (its file, or a
    /// claim it uses), if they do.
    pub fn authored(&self, m: &crate::model::MasterMessage, name: &str, email: &str) -> Option<String> {
        let me: Vec<u32> = identities(name, email).iter().filter_map(|i| self.index.get(i).copied()).collect();
        let hit = |who: Option<&Vec<u32>>| who.is_some_and(|w| w.iter().any(|i| me.contains(i)));
        if hit(self.files.get(&m.file).map(|f| &f.who)) {
            return Some(format!("{email} is a git author or committer of {} (no self-approval)", m.file.display()));
        }
        m.claim_uses
            .iter()
            .find(|u| hit(self.claims.get(&u.id)))
            .map(|u| format!("{email} is a git author or committer of claim {} (no self-approval)", u.id))
    }

    /// The commit that first added the workspace file at `path` (a record
    /// is judged by the reviewers.yaml in effect then as well as now).
    pub fn added(&self, path: &Path) -> Option<git2::Oid> {
        self.files.get(path)?.added
    }

    /// The index of identity key `id`, added if new.
    fn person(&mut self, id: String) -> u32 {
        let next = self.index.len() as u32;
        *self.index.entry(id).or_insert(next)
    }
}

impl Authorship {
    /// Walks the history reachable from `tip` (`None`: nothing committed).
    /// `prefix` is the workspace's folder inside the repository.
    pub fn load(repo: &git2::Repository, tip: Option<git2::Oid>, prefix: &Path) -> Result<Authorship, Error> {
        let mut out = Authorship::default();
        let Some(tip) = tip else { return Ok(out) };
        let mut walk = repo.revwalk()?;
        // Children before parents: the last commit seen adding a file is the first to add it.
        walk.set_sorting(git2::Sort::TOPOLOGICAL)?;
        walk.push(tip)?;
        let claims_path = prefix.join("content/claims.yaml");
        for oid in walk {
            let commit = repo.find_commit(oid?)?;
            let (author, committer) = (commit.author(), commit.committer());
            let mut who: Vec<u32> = Vec::with_capacity(4);
            for id in [&author, &committer]
                .iter()
                .flat_map(|s| identities(s.name().unwrap_or(""), s.email().unwrap_or("")))
                .filter(|i| !i.ends_with(':'))
            {
                let i = out.person(id);
                add_people(&mut who, &[i]);
            }
            let tree = commit.tree()?;
            let parent_tree = match commit.parent(0) {
                Ok(p) => Some(p.tree()?),
                Err(_) => None,
            };
            let diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), None)?;
            for delta in diff.deltas() {
                if delta.status() == git2::Delta::Added
                    && let Some(rel) = delta.new_file().path().and_then(|f| f.strip_prefix(prefix).ok())
                {
                    out.files.entry(rel.to_path_buf()).or_default().added = Some(commit.id());
                }
                for file in [delta.new_file().path(), delta.old_file().path()].into_iter().flatten() {
                    if let Ok(rel) = file.strip_prefix(prefix) {
                        add_people(&mut out.files.entry(rel.to_path_buf()).or_default().who, &who);
                    }
                }
            }
            if diff.deltas().any(|d| d.new_file().path() == Some(claims_path.as_path())) {
                let new_text = blob_text(repo, &tree, &claims_path);
                let old_text = parent_tree.as_ref().map(|t| blob_text(repo, t, &claims_path)).unwrap_or_default();
                for id in changed_claims(&old_text, &new_text) {
                    add_people(out.claims.entry(id).or_default(), &who);
                }
            }
        }
        Ok(out)
    }
}

fn blob_text(repo: &git2::Repository, tree: &git2::Tree<'_>, path: &Path) -> String {
    tree.get_path(path)
        .ok()
        .and_then(|e| repo.find_blob(e.id()).ok())
        .map(|b| String::from_utf8_lossy(b.content()).into_owned())
        .unwrap_or_default()
}

/// Claim ids whose lines differ between two versions of claims.yaml.
fn changed_claims(old: &str, new: &str) -> BTreeSet<String> {
    let (a, b) = (claim_blocks(old), claim_blocks(new));
    let mut out = BTreeSet::new();
    for (id, text) in &b {
        if a.get(id) != Some(text) {
            out.insert(id.clone());
        }
    }
    for id in a.keys() {
        if !b.contains_key(id) {
            out.insert(id.clone());
        }
    }
    out
}

/// The text of each claim's block under `claims:`, by id.
fn claim_blocks(text: &str) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut in_claims = false;
    let mut current: Option<String> = None;
    let mut indent: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let ind = line.len() - trimmed.len();
        if ind == 0 {
            in_claims = trimmed.starts_with("claims:");
            current = None;
            continue;
        }
        if !in_claims {
            continue;
        }
        if indent.is_none_or(|i| ind <= i) {
            indent = Some(ind);
            current = trimmed.split(':').next().map(|k| k.trim().trim_matches(['"', '\'']).to_string());
        }
        if let Some(id) = &current {
            let block = out.entry(id.clone()).or_default();
            block.push_str(line);
            block.push('\n');
        }
    }
    out
}

/// Commits `files` (workspace-relative path → bytes) on top of HEAD without
/// touching anything else the user has staged, writes them to the work tree
/// and stages them. Returns the new commit id.
pub fn commit_files(
    repo: &git2::Repository,
    root: &Path,
    prefix: &Path,
    files: &[(String, Vec<u8>)],
    message: &str,
    author: &git2::Signature<'_>,
) -> Result<git2::Oid, Error> {
    let head = repo.head().and_then(|h| h.peel_to_commit()).map_err(|_| {
        Error::usage("the repository has no commits yet").hint("commit the content first, then approve it")
    })?;
    let mut index = git2::Index::new()?;
    index.read_tree(&head.tree()?)?;
    let mut real = repo.index()?;
    for (rel, bytes) in files {
        let path = prefix.join(rel);
        let mut entry = index_entry(&path);
        entry.id = repo.blob(bytes)?;
        entry.file_size = bytes.len() as u32;
        index.add(&entry)?;
        // Never through a link on the way (approvals/ is checked out by git).
        crate::writer::write_own(root, rel, bytes)?;
    }
    let tree = repo.find_tree(index.write_tree_to(repo)?)?;
    // Stage the same files in the user's index, so `git status` is clean.
    for (rel, _) in files {
        real.add_path(&prefix.join(rel))?;
    }
    let oid = match committer(repo) {
        Ok(committer) => repo.commit(Some("HEAD"), author, &committer, message, &tree, &[&head])?,
        Err(_) => repo.commit(Some("HEAD"), author, author, message, &tree, &[&head])?,
    };
    real.write()?;
    Ok(oid)
}

/// Who commits, as git decides it: `GIT_COMMITTER_NAME` and
/// `GIT_COMMITTER_EMAIL`, else `user.name` and `user.email` from the
/// repository's configuration, the global one and the system one. The global
/// one is `GIT_CONFIG_GLOBAL` when it is set, as for git (libgit2 alone reads
/// `~/.gitconfig` whatever it says), so `unisono` and `git commit` agree.
pub fn committer(repo: &git2::Repository) -> Result<git2::Signature<'static>, git2::Error> {
    let env = |key: &str| std::env::var(key).ok().filter(|v| !v.trim().is_empty());
    let config = match env("GIT_CONFIG_GLOBAL") {
        Some(global) => {
            let mut config = git2::Config::new()?;
            if let Ok(system) = git2::Config::find_system() {
                config.add_file(&system, git2::ConfigLevel::System, false).ok();
            }
            config.add_file(Path::new(&global), git2::ConfigLevel::Global, false).ok();
            config.add_file(&repo.commondir().join("config"), git2::ConfigLevel::Local, false).ok();
            config
        }
        None => repo.config()?,
    };
    let get = |var: &str, key: &str| env(var).or_else(|| config.get_string(key).ok().filter(|v| !v.trim().is_empty()));
    match (get("GIT_COMMITTER_NAME", "user.name"), get("GIT_COMMITTER_EMAIL", "user.email")) {
        (Some(name), Some(email)) => git2::Signature::now(&name, &email),
        _ => repo.signature(),
    }
}

fn index_entry(path: &Path) -> git2::IndexEntry {
    let path = path.to_string_lossy().replace('\\', "/").into_bytes();
    git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
        file_size: 0,
        id: git2::Oid::ZERO_SHA1,
        flags: path.len().min(0xfff) as u16,
        flags_extended: 0,
        path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_changed_claims() {
        let old =
            "claims:\n  A-1:\n    text:\n      en-GB: one\n  B-2:\n    text:\n      en-GB: two\nreferences:\n  R: x\n";
        let new =
            "claims:\n  A-1:\n    text:\n      en-GB: one!\n  B-2:\n    text:\n      en-GB: two\nreferences:\n  R: y\n";
        assert_eq!(changed_claims(old, new), BTreeSet::from(["A-1".to_string()]));
        assert_eq!(changed_claims("", new).len(), 2);
    }
}
