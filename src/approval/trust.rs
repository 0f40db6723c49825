//! The root of trust for `reviewers.yaml` (SPEC §3.6): who may approve is
//! itself approved.
//!
//! The first committed version of `reviewers.yaml` that lists a reviewer is
//! the **root of trust**. A later version takes effect only from the commit
//! where enough **owners** of the version in effect before it (holders of a
//! `policy.owners` role; every listed reviewer when no owners are named)
//! have signed it: a [`TrustRecord`] under `approvals/_reviewers/` names the
//! new file's fingerprint *and* the fingerprint it replaces, so a signature
//! can never be replayed for another change. Until then every command uses
//! the version in effect, and warns `reviewers-change-unsigned`.
//!
//! The chain is followed along the first-parent history, from the oldest
//! commit to the evaluated one, then the snapshot itself (the work tree).

use super::record::{Timestamp, escape, take_field, unescape};
use super::signature;
use crate::Error;
use crate::diag::Diagnostic;
use crate::model::ReviewersFile;
use crate::workspace::{File, Snapshot};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The SSHSIG namespace of signatures on reviewers.yaml: an approval
/// signature never counts as one of these, nor the other way round.
pub const NAMESPACE: &str = "unisono-trust";

/// Where the signed records of reviewers.yaml versions live.
pub const DIR: &str = "approvals/_reviewers";

/// The first line of every trust record.
pub const MAGIC: &str = "unisono-trust-record: 1";

const FILE: &str = "reviewers.yaml";

/// An owner's signed statement: this version of reviewers.yaml replaces
/// that one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrustRecord {
    /// Fingerprint of the new reviewers.yaml (`sha256:…`).
    pub fingerprint: String,
    /// Fingerprint of the version in effect that it replaces.
    pub previous: String,
    /// The commit from which that version was in effect: a signature is
    /// bound to one moment of the chain and cannot be replayed when the
    /// same bytes come back later (or in another repository).
    pub previous_commit: String,
    pub signer_name: String,
    pub signer_email: String,
    /// The owner role signed in.
    pub role: String,
    pub time: Timestamp,
    /// The meaning of the signature (21 CFR 11.50).
    pub meaning: String,
    /// SHA-256 fingerprint of the signing key.
    pub key: String,
}

/// What an owner agrees to.
pub const MEANING: &str = "Owner approval: I approve this version of reviewers.yaml (who may approve, in which role, with which keys, and the approval policy) to replace the version in effect.";

impl TrustRecord {
    /// The canonical bytes: what is signed and what is stored.
    pub fn to_canonical(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{MAGIC}");
        let mut line = |k: &str, v: &str| {
            let _ = writeln!(s, "{k}: {}", escape(v));
        };
        line("file", FILE);
        line("fingerprint", &self.fingerprint);
        line("previous", &self.previous);
        line("previous-commit", &self.previous_commit);
        line("signer-name", &self.signer_name);
        line("signer-email", &self.signer_email);
        line("role", &self.role);
        line("time", &self.time.to_string());
        line("meaning", &self.meaning);
        line("key", &self.key);
        s
    }

    /// Parses a record; it must be in canonical form, byte for byte.
    pub fn parse(text: &str) -> Result<TrustRecord, String> {
        let mut lines = text.lines();
        if lines.next() != Some(MAGIC) {
            return Err(format!("the first line is not `{MAGIC}`"));
        }
        let mut fields: Vec<(&str, String)> = Vec::new();
        for (n, l) in lines.enumerate() {
            let (k, v) = l.split_once(": ").ok_or_else(|| format!("line {} is not `key: value`", n + 2))?;
            fields.push((k, unescape(v)));
        }
        let mut it = fields.into_iter();
        if take_field(&mut it, "file")? != FILE {
            return Err(format!("the record is not about {FILE}"));
        }
        let fingerprint = take_field(&mut it, "fingerprint")?;
        let previous = take_field(&mut it, "previous")?;
        let previous_commit = take_field(&mut it, "previous-commit")?;
        let signer_name = take_field(&mut it, "signer-name")?;
        let signer_email = take_field(&mut it, "signer-email")?;
        let role = take_field(&mut it, "role")?;
        let time = take_field(&mut it, "time")?;
        let time = Timestamp::parse(&time).ok_or_else(|| format!("`{time}` is not a UTC time"))?;
        let meaning = take_field(&mut it, "meaning")?;
        let key = take_field(&mut it, "key")?;
        if let Some((k, _)) = it.next() {
            return Err(format!("unexpected `{k}` after `key`"));
        }
        let record =
            TrustRecord { fingerprint, previous, previous_commit, signer_name, signer_email, role, time, meaning, key };
        if record.to_canonical() != text {
            return Err("the record is not in canonical form (edited by hand?)".into());
        }
        Ok(record)
    }

    /// `approvals/_reviewers/<fingerprint>/<time>-<who>.txt` (the signature beside it, `.sig`).
    pub fn path(&self) -> String {
        let who: String = self
            .signer_email
            .split('@')
            .next()
            .unwrap_or("")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
            .collect();
        let fp = self.fingerprint.trim_start_matches("sha256:");
        format!("{DIR}/{}/{}-{who}.txt", &fp[..fp.len().min(16)], self.time.compact())
    }
}

/// One version of reviewers.yaml that is or was in effect.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    /// The commit from which it took effect; `None`: the work tree.
    pub commit: Option<String>,
    pub fingerprint: String,
    /// Who signed it in (`Name <email> (role)`); empty for the root.
    pub signers: Vec<String>,
}

/// A change to reviewers.yaml that is not (yet) in effect.
#[derive(Debug, Clone, Serialize)]
pub struct Pending {
    /// The first commit that holds it; `None`: only in the work tree.
    pub commit: Option<String>,
    pub fingerprint: String,
    /// Valid owner signatures so far, and how many are needed.
    pub signatures: usize,
    pub needed: usize,
    /// The owner roles that may sign it (empty: any listed reviewer).
    pub owners: Vec<String>,
}

/// A trust record that does not count, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Discounted {
    pub path: PathBuf,
    pub reason: String,
}

/// The chain of trust of reviewers.yaml, as of a snapshot.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Chain {
    /// The root of trust: the first committed version listing a reviewer.
    pub root: Option<Version>,
    /// Every version that took effect after the root, in order.
    pub changes: Vec<Version>,
    /// The change waiting for owners' signatures, if any.
    pub pending: Option<Pending>,
    /// Trust records of the snapshot that count for nothing.
    pub discounted: Vec<Discounted>,
    /// The version in effect for the snapshot, parsed.
    #[serde(skip)]
    pub effective: Option<ReviewersFile>,
    /// Its fingerprint.
    pub effective_fingerprint: Option<String>,
    /// The commit from which it is in effect (`None`: the work tree).
    pub effective_since: Option<String>,
    /// True when the snapshot's own reviewers.yaml is the one in effect.
    pub snapshot_in_effect: bool,
    /// Why no version can be trusted (a shallow clone, two unrelated
    /// roots, a root other than the pinned one): then no one counts as a
    /// reviewer.
    pub unverifiable: Option<String>,
}

impl Chain {
    /// The version in effect (the last change, or the root).
    pub fn current(&self) -> Option<&Version> {
        self.changes.last().or(self.root.as_ref())
    }

    /// Warnings about the chain, for `check`, `status` and `build`.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if let Some(why) = &self.unverifiable {
            out.push(Diagnostic::warning(crate::codes::REVIEWERS_UNTRUSTED, FILE, why.clone()).hint(
                "fetch the whole history (`git fetch --unshallow`), or check which history is the real one (`unisono trust status`)",
            ));
        }
        if let Some(p) = &self.pending {
            let at = p.commit.as_deref().map(|c| format!("commit {}", short(c))).unwrap_or("the work tree".into());
            let in_effect = self
                .current()
                .map(|v| {
                    let c = v.commit.as_deref().map(short).unwrap_or("the work tree");
                    format!("the version of commit {c}")
                })
                .unwrap_or_default();
            let who = if p.owners.is_empty() {
                "reviewer(s) listed in the version in effect".to_string()
            } else {
                format!("owner(s) (roles: {}) of the version in effect", p.owners.join(", "))
            };
            out.push(
                Diagnostic::warning(
                    crate::codes::REVIEWERS_CHANGE_UNSIGNED,
                    FILE,
                    format!(
                        "the change to reviewers.yaml in {at} is not in effect: {} of {} signature(s) by {who}; every command uses {in_effect}",
                        p.signatures, p.needed
                    ),
                )
                .hint("commit the change, then an owner signs it: `unisono trust sign --key ~/.ssh/id_ed25519`"),
            );
        }
        if let Some(eff) = &self.effective
            && !eff.reviewers.is_empty()
        {
            if eff.policy.owners.is_empty() {
                out.push(
                    Diagnostic::warning(
                        crate::codes::REVIEWERS_NO_OWNERS,
                        FILE,
                        "the policy names no owners: any listed reviewer may sign a change to reviewers.yaml",
                    )
                    .hint("name the roles that own the list of reviewers, e.g. `owners: [qa]` under `policy:`"),
                );
            } else if owners_of(eff).len() < needed(eff) {
                out.push(
                    Diagnostic::warning(
                        crate::codes::REVIEWERS_NO_OWNERS,
                        FILE,
                        format!(
                            "{} signature(s) by owners (roles: {}) are needed to change reviewers.yaml, but only {} reviewer(s) hold those roles",
                            needed(eff),
                            eff.policy.owners.join(", "),
                            owners_of(eff).len()
                        ),
                    )
                    .hint("give the owner role to enough reviewers, or lower `owner_approvals`"),
                );
            }
        }
        out
    }
}

fn short(c: &str) -> &str {
    &c[..c.len().min(12)]
}

fn needed(f: &ReviewersFile) -> usize {
    f.policy.owner_approvals.max(1) as usize
}

/// The reviewers of `f` who may sign a change to it.
fn owners_of(f: &ReviewersFile) -> Vec<&crate::model::Reviewer> {
    f.reviewers
        .iter()
        .filter(|r| f.policy.owners.is_empty() || r.roles.iter().any(|x| f.policy.owners.contains(x)))
        .collect()
}

/// The version of reviewers.yaml that was in effect at `commit` (the last
/// version of the chain that took effect at it or before it), parsed —
/// only when `commit` is in the history of the commit from which the
/// version in effect now took effect: a commit made later on a branch from
/// an old commit is judged by the version in effect now.
pub fn in_effect_at(repo: &git2::Repository, prefix: &Path, chain: &Chain, commit: git2::Oid) -> Option<ReviewersFile> {
    if let Some(now) = chain.effective_since.as_deref().and_then(|c| git2::Oid::from_str(c).ok())
        && now != commit
        && !repo.graph_descendant_of(now, commit).unwrap_or(false)
    {
        return None;
    }
    let since = chain
        .root
        .iter()
        .chain(&chain.changes)
        .rev()
        .filter_map(|v| git2::Oid::from_str(v.commit.as_deref()?).ok())
        .find(|&c| c == commit || repo.graph_descendant_of(commit, c).unwrap_or(false))?;
    let tree = repo.find_commit(since).ok()?.tree().ok()?;
    let blob = repo.find_blob(tree.get_path(&prefix.join(FILE)).ok()?.id()).ok()?;
    parse(blob.content())
}

/// Parses a version of reviewers.yaml; `None` when it cannot be read.
fn parse(bytes: &[u8]) -> Option<ReviewersFile> {
    let text = std::str::from_utf8(bytes).ok()?;
    crate::model::yaml::parse(Path::new(FILE), text, 1).ok()
}

/// Owner signatures among `records` (path → bytes, `.txt` and `.sig`) for
/// the change `previous` (in effect since `since`) → `fingerprint`, checked against the version in
/// effect `eff`: the signers who count, and why the others do not.
fn signers(
    records: &BTreeMap<PathBuf, Vec<u8>>,
    eff: &ReviewersFile,
    previous: &str,
    since: &str,
    fingerprint: &str,
) -> (Vec<String>, BTreeMap<PathBuf, String>) {
    let mut counted: BTreeMap<String, String> = BTreeMap::new();
    let mut discounted = BTreeMap::new();
    for (path, bytes) in records {
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        let record = match TrustRecord::parse(&text) {
            Ok(r) => r,
            Err(e) => {
                discounted.insert(path.clone(), e);
                continue;
            }
        };
        if record.fingerprint != fingerprint || record.previous != previous || record.previous_commit != since {
            continue;
        }
        let why = (|| {
            let sig = records.get(&path.with_extension("sig")).ok_or("the signature file is missing")?;
            let sig = String::from_utf8_lossy(sig);
            let key = signature::signer(&sig)?;
            signature::verify_in(NAMESPACE, &key, text.as_bytes(), &sig)?;
            if record.key != signature::fingerprint(&key) {
                return Err(format!("the record names key {} but was signed with another", record.key));
            }
            let owner = eff
                .reviewers
                .iter()
                .find(|r| {
                    r.keys.iter().filter_map(|k| signature::public_key(k).ok()).any(|k| signature::same_key(&k, &key))
                })
                .ok_or_else(|| {
                    format!(
                        "the signing key {} is not listed in the version of reviewers.yaml in effect",
                        signature::fingerprint(&key)
                    )
                })?;
            if !owner.email.eq_ignore_ascii_case(&record.signer_email) || owner.name != record.signer_name {
                return Err(format!("signed with {}'s key, not {}'s", owner.email, record.signer_email));
            }
            if !owner.roles.contains(&record.role)
                || !(eff.policy.owners.is_empty() || eff.policy.owners.contains(&record.role))
            {
                return Err(format!(
                    "{} does not hold an owner role (`{}`) in the version in effect",
                    owner.email, record.role
                ));
            }
            Ok(owner.email.to_lowercase())
        })();
        match why {
            Ok(email) => {
                counted
                    .entry(email)
                    .or_insert_with(|| format!("{} <{}> ({})", record.signer_name, record.signer_email, record.role));
            }
            Err(e) => {
                discounted.insert(path.clone(), e);
            }
        }
    }
    (counted.into_values().collect(), discounted)
}

/// The trust records of a snapshot.
fn snapshot_records(snap: &Snapshot) -> BTreeMap<PathBuf, Vec<u8>> {
    snap.under(DIR)
        .filter_map(|(p, f)| match f {
            File::Bytes(b) => Some((p.clone(), b.clone())),
            File::TooLarge(_) => None,
        })
        .collect()
}

/// The trust records in a commit's tree.
fn tree_records(repo: &git2::Repository, tree: &git2::Tree<'_>, prefix: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Ok(entry) = tree.get_path(&prefix.join(DIR)) else { return out };
    let Ok(sub) = repo.find_tree(entry.id()) else { return out };
    let _ = sub.walk(git2::TreeWalkMode::PreOrder, |dir, e| {
        if e.kind() == Some(git2::ObjectType::Blob)
            && e.filemode() != i32::from(git2::FileMode::Link)
            && let Ok(blob) = repo.find_blob(e.id())
            && blob.size() <= crate::workspace::MAX_FILE_BYTES
        {
            out.insert(Path::new(DIR).join(dir).join(e.name().unwrap_or("")), blob.content().to_vec());
        }
        git2::TreeWalkResult::Ok
    });
    out
}

/// The version in effect at some commit.
struct Effective {
    bytes: Vec<u8>,
    fingerprint: String,
    file: ReviewersFile,
    /// The commit from which it is in effect.
    since: String,
}

/// The chain of trust as of one commit.
#[derive(Clone, Default)]
struct State {
    eff: Option<Rc<Effective>>,
    /// The root, then every signed change, in order.
    versions: Rc<Vec<Version>>,
    pending: Option<Pending>,
}

/// Follows the chain of trust of reviewers.yaml through the whole history
/// up to `tip` (every parent of every merge, oldest first), then into
/// `snap`. Refuses a shallow clone (its oldest commit would pose as the
/// root), two unrelated roots of trust, and a root other than the one
/// pinned in git config `unisono.trustRoot`.
pub fn evaluate(
    repo: &git2::Repository,
    prefix: &Path,
    snap: &Snapshot,
    tip: Option<git2::Oid>,
) -> Result<Chain, Error> {
    match walk_chain(repo, prefix, snap, tip) {
        Ok(chain) => Ok(chain),
        // Approvals cannot be trusted: nobody counts as a reviewer, so
        // everything stays a draft, and the reason is shown everywhere.
        Err(Error::Refused { message, .. }) => Ok(Chain { unverifiable: Some(message), ..Chain::default() }),
        Err(e) => Err(e),
    }
}

fn walk_chain(repo: &git2::Repository, prefix: &Path, snap: &Snapshot, tip: Option<git2::Oid>) -> Result<Chain, Error> {
    if repo.is_shallow() {
        return Err(Error::refused(
            "this is a shallow clone: the root of trust of reviewers.yaml is not in it, so no approval counts",
        ));
    }
    let committed = match tip {
        Some(tip) => walk_history(repo, prefix, tip)?,
        None => State::default(),
    };
    let mut state = committed.clone();
    // The work tree: a change signed there is in effect for a preview only;
    // a revision's snapshot is its commit, which the walk has seen.
    let records = snapshot_records(snap);
    let snap_bytes = match snap.get(Path::new(FILE)) {
        Some(File::Bytes(b)) => Some(b.as_slice()),
        _ => None,
    };
    let mut chain = Chain::default();
    match (snap.revision.is_none(), snap_bytes) {
        (true, Some(bytes)) if state.eff.is_none() => {
            // Nothing committed lists a reviewer yet: the work tree's
            // version is all there is (nothing can be approved before a commit).
            chain.effective = parse(bytes);
            chain.effective_fingerprint = Some(crate::fingerprint::of_bytes(bytes));
        }
        (true, Some(bytes)) => {
            state.see(None, bytes, |eff, fp| signers(&records, &eff.file, &eff.fingerprint, &eff.since, fp).0)
        }
        _ => {}
    }
    if let Some(eff) = &state.eff {
        chain.effective = Some(eff.file.clone());
        chain.effective_fingerprint = Some(eff.fingerprint.clone());
        chain.effective_since = Some(eff.since.clone()).filter(|s| !s.is_empty());
        chain.snapshot_in_effect = snap_bytes == Some(eff.bytes.as_slice());
    } else {
        chain.snapshot_in_effect = chain.effective.is_some();
    }
    chain.pending = state.pending.clone();
    chain.discounted = discounted(&records, &state, &committed);
    let mut versions = (*state.versions).clone().into_iter();
    chain.root = versions.next();
    chain.changes = versions.collect();
    if let Ok(pin) = repo.config().and_then(|c| c.get_string("unisono.trustroot")) {
        check_root(repo, &chain, &pin)
            .map_err(|e| Error::refused(e).hint("the root is pinned by git config unisono.trustRoot"))?;
    }
    Ok(chain)
}

/// The chain as of `tip`, through the whole history (every parent of every
/// merge, oldest first). At a merge the parent whose chain went furthest
/// wins, so merging an older branch never undoes a signed change; parents
/// with different roots are refused.
fn walk_history(repo: &git2::Repository, prefix: &Path, tip: git2::Oid) -> Result<State, Error> {
    let path = prefix.join(FILE);
    let records_path = prefix.join(DIR);
    let mut states: HashMap<git2::Oid, State> = HashMap::new();
    // Owner signatures found for one (file, records, version in effect).
    let mut signed_cache: HashMap<(git2::Oid, Option<git2::Oid>, String), Vec<String>> = HashMap::new();
    let mut walk = repo.revwalk()?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
    walk.push(tip)?;
    for oid in walk {
        let oid = oid?;
        let commit = repo.find_commit(oid)?;
        let parents: Vec<&State> = commit.parent_ids().filter_map(|p| states.get(&p)).collect();
        let roots: BTreeSet<&str> =
            parents.iter().filter_map(|s| s.versions.first()).filter_map(|v| v.commit.as_deref()).collect();
        if roots.len() > 1 {
            let list: Vec<&str> = roots.iter().map(|r| short(r)).collect();
            return Err(Error::refused(format!(
                "commit {} joins unrelated histories with different roots of trust for reviewers.yaml ({}), so no approval counts",
                short(&oid.to_string()),
                list.join(", ")
            )));
        }
        let base = parents.iter().enumerate().max_by_key(|(i, s)| (s.versions.len(), std::cmp::Reverse(*i)));
        let mut state = base.map(|(_, s)| (*s).clone()).unwrap_or_default();
        let tree = commit.tree()?;
        if let Ok(entry) = tree.get_path(&path)
            && let Ok(blob) = repo.find_blob(entry.id())
        {
            let records_id = tree.get_path(&records_path).ok().map(|e| e.id());
            state.see(Some(oid.to_string()), blob.content(), |eff, fingerprint| {
                signed_cache
                    .entry((entry.id(), records_id, eff.since.clone()))
                    .or_insert_with(|| {
                        let records = tree_records(repo, &tree, prefix);
                        signers(&records, &eff.file, &eff.fingerprint, &eff.since, fingerprint).0
                    })
                    .clone()
            });
        }
        if oid == tip {
            return Ok(state);
        }
        states.insert(oid, state);
    }
    Ok(State::default())
}

impl State {
    /// What a version of reviewers.yaml seen at commit `at` (`None`: the
    /// work tree) does to the chain: it becomes the root (a committed
    /// version that lists a reviewer), is the version in effect again, is a
    /// change signed by enough owners (`signed` gives the signers for a
    /// change from the version in effect to a fingerprint), or is pending.
    fn see(&mut self, at: Option<String>, bytes: &[u8], signed: impl FnOnce(&Effective, &str) -> Vec<String>) {
        let Some(eff) = self.eff.clone() else {
            if let (Some(since), Some(file)) = (at, parse(bytes).filter(|f| !f.reviewers.is_empty())) {
                let fingerprint = crate::fingerprint::of_bytes(bytes);
                self.versions = Rc::new(vec![Version {
                    commit: Some(since.clone()),
                    fingerprint: fingerprint.clone(),
                    signers: Vec::new(),
                }]);
                self.eff = Some(Rc::new(Effective { bytes: bytes.to_vec(), fingerprint, file, since }));
            }
            return;
        };
        if eff.bytes == bytes {
            self.pending = None;
            return;
        }
        let fingerprint = crate::fingerprint::of_bytes(bytes);
        let signers = signed(&eff, &fingerprint);
        match parse(bytes) {
            Some(file) if signers.len() >= needed(&eff.file) => {
                let mut versions = (*self.versions).clone();
                versions.push(Version { commit: at.clone(), fingerprint: fingerprint.clone(), signers });
                self.versions = Rc::new(versions);
                self.pending = None;
                let since = at.unwrap_or_default();
                self.eff = Some(Rc::new(Effective { bytes: bytes.to_vec(), fingerprint, file, since }));
            }
            _ => {
                let first = match &self.pending {
                    Some(p) if p.fingerprint == fingerprint => p.commit.clone(),
                    _ => at,
                };
                self.pending = Some(Pending {
                    commit: first,
                    fingerprint,
                    signatures: signers.len(),
                    needed: needed(&eff.file),
                    owners: eff.file.policy.owners.clone(),
                });
            }
        }
    }
}

/// Records of the snapshot that count for nothing: unreadable, badly
/// signed, or for a change that is neither in effect nor pending.
fn discounted(records: &BTreeMap<PathBuf, Vec<u8>>, state: &State, committed: &State) -> Vec<Discounted> {
    let used: BTreeSet<(String, String)> = state
        .versions
        .windows(2)
        .map(|w| (w[0].commit.clone().unwrap_or_default(), w[1].fingerprint.clone()))
        .collect();
    let mut out = Vec::new();
    for (path, bytes) in records {
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let reason = match TrustRecord::parse(&String::from_utf8_lossy(bytes)) {
            Err(e) => Some(e),
            Ok(r) if used.contains(&(r.previous_commit.clone(), r.fingerprint.clone())) => None,
            Ok(r) => match (&state.pending, &committed.eff) {
                (Some(p), Some(eff))
                    if p.fingerprint == r.fingerprint
                        && eff.fingerprint == r.previous
                        && eff.since == r.previous_commit =>
                {
                    let (_, bad) = signers(records, &eff.file, &eff.fingerprint, &eff.since, &p.fingerprint);
                    bad.get(path).cloned()
                }
                _ => Some("it signs a change of reviewers.yaml that is neither in effect nor pending".to_string()),
            },
        };
        if let Some(reason) = reason {
            out.push(Discounted { path: path.clone(), reason });
        }
    }
    out
}

/// What `unisono trust sign` did.
pub struct SignedChange {
    pub record: TrustRecord,
    pub commit: git2::Oid,
    /// Valid owner signatures now, and how many are needed.
    pub signatures: usize,
    pub needed: usize,
}

/// Signs the committed reviewers.yaml (HEAD) as an owner of the version in
/// effect, and commits the record.
pub fn sign(
    ws: &crate::workspace::Workspace,
    key: Option<&Path>,
    prompt: &dyn Fn() -> Option<String>,
) -> Result<SignedChange, Error> {
    super::refuse_if_dirty(ws)?;
    let snap = ws.at_revision("HEAD")?;
    let tip = super::head(&ws.repo);
    let chain = evaluate(&ws.repo, &ws.prefix, &snap, tip)?;
    let Some(pending) = chain.pending.clone() else {
        return Err(Error::refused(format!(
            "reviewers.yaml at HEAD is already the version in effect ({})",
            chain.effective_fingerprint.as_deref().unwrap_or("none")
        ))
        .hint("commit the change to reviewers.yaml first, then sign it"));
    };
    let (Some(eff), Some(previous), Some(since)) =
        (chain.effective.as_ref(), chain.effective_fingerprint.clone(), chain.effective_since.clone())
    else {
        return Err(Error::refused("no committed version of reviewers.yaml is in effect yet"));
    };
    let signing = super::signing_key(&ws.repo, key, prompt)?;
    let public = signing.public();
    let owner = eff
        .reviewers
        .iter()
        .find(|r| r.keys.iter().filter_map(|k| signature::public_key(k).ok()).any(|k| signature::same_key(&k, &public)))
        .ok_or_else(|| {
            Error::refused(format!(
                "the key {} is not listed in the version of reviewers.yaml in effect",
                signature::fingerprint(&public)
            ))
            .hint("a change is signed by owners listed before it; a key added by the change itself cannot sign it")
        })?;
    let role = owner
        .roles
        .iter()
        .find(|r| eff.policy.owners.is_empty() || eff.policy.owners.contains(r))
        .cloned()
        .ok_or_else(|| {
            Error::refused(format!(
                "{} holds no owner role (owners: {}) in the version of reviewers.yaml in effect",
                owner.email,
                eff.policy.owners.join(", ")
            ))
        })?;
    let records = snapshot_records(&snap);
    let (signed, _) = signers(&records, eff, &previous, &since, &pending.fingerprint);
    let me = format!("<{}>", owner.email);
    if signed.iter().any(|s| s.to_lowercase().contains(&me.to_lowercase())) {
        return Err(Error::refused(format!("{} already signed this change", owner.email)));
    }
    let now = super::record::Timestamp::now();
    let record = TrustRecord {
        fingerprint: pending.fingerprint.clone(),
        previous,
        previous_commit: since,
        signer_name: owner.name.clone(),
        signer_email: owner.email.clone(),
        role,
        time: now,
        meaning: MEANING.to_string(),
        key: signature::fingerprint(&public),
    };
    let text = record.to_canonical();
    let sig = signing.sign_in(NAMESPACE, text.as_bytes())?;
    let path = record.path();
    if snap.get(Path::new(&path)).is_some() {
        return Err(Error::refused(format!("{path} already exists: wait a second and sign again")));
    }
    let files = vec![(path.clone(), text.into_bytes()), (path.replace(".txt", ".sig"), sig.into_bytes())];
    let message = format!(
        "Sign reviewers.yaml {} as owner\n\n{} <{}> signed: {}\n\nUnisono-Decision: reviewers-approved\nUnisono-Reviewers: {}\nUnisono-Previous: {}\nUnisono-Reviewer: {} <{}>\nUnisono-Key: {}\nUnisono-Record: {path}\n",
        short(pending.fingerprint.trim_start_matches("sha256:")),
        record.signer_name,
        record.signer_email,
        record.meaning,
        record.fingerprint,
        record.previous,
        record.signer_name,
        record.signer_email,
        record.key
    );
    let author = git2::Signature::new(&owner.name, &owner.email, &git2::Time::new(now.0, 0))?;
    let commit = super::history::commit_files(&ws.repo, &ws.root, &ws.prefix, &files, &message, &author)?;
    Ok(SignedChange { record, commit, signatures: signed.len() + 1, needed: pending.needed })
}

/// Checks `chain`'s root against the commit an auditor pinned
/// (`--trust-root`); the error says what differs.
pub fn check_root(repo: &git2::Repository, chain: &Chain, pinned: &str) -> Result<(), String> {
    let want = repo
        .revparse_single(pinned)
        .and_then(|o| o.peel_to_commit())
        .map(|c| c.id().to_string())
        .unwrap_or_else(|_| pinned.to_string());
    match chain.root.as_ref().and_then(|r| r.commit.as_deref()) {
        Some(root) if root == want => Ok(()),
        Some(root) => Err(format!(
            "the root of trust of reviewers.yaml is commit {root}, not {pinned}: the history was rewritten, or this is another repository"
        )),
        None => Err(format!("no committed reviewers.yaml lists a reviewer, so the root of trust is not {pinned}")),
    }
}
