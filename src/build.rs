//! `unisono build`: the pipeline's stages over one [`Project`], in order —
//! evaluate (status of every variant), plan (which variant folders are
//! current), render (approved variants in their final form, the rest
//! marked DRAFT, in parallel), write (through [`writer`]), portal.
//!
//! `dist/.unisono/state.json` remembers the input fingerprint and files of
//! each variant folder, so a variant whose inputs did not change is not
//! rendered or written again, and only files unisono wrote are removed.

use crate::approval::record::Timestamp;
use crate::approval::status::{Status, VariantStatus};
use crate::diag::Diagnostic;
use crate::model::MasterMessage;
use crate::project::{Project, Refused};
use crate::render::{self, Variant};
use crate::review::{self, Review};
use crate::review::{Approvals, SinceByPiece};
use crate::workspace::Workspace;
use crate::writer::{self, SyncStats};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where the build remembers what it wrote, inside the output folder.
const STATE: &str = ".unisono/state.json";

/// What one build did.
pub struct Built {
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
    /// How long each stage took (for `unisono bench`).
    pub timings: Vec<(&'static str, Duration)>,
}

/// The input fingerprint and files of each variant folder written.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct State {
    variants: BTreeMap<String, Entry>,
    /// The review pages written (`_review/<locale>/<id>.html`), with the
    /// fingerprint of what each shows (so an unchanged page is not redone).
    #[serde(default)]
    pages: BTreeMap<String, String>,
    /// The files written with each review page (its certificate, the
    /// approved and current renderings of what changed), by page.
    #[serde(default)]
    page_files: BTreeMap<String, Vec<String>>,
    /// The last approval commits found by the previous build, valid for
    /// its tip and the pieces it looked for (a rebuild at the same commit
    /// does not walk the history again).
    #[serde(default)]
    approvals: Approvals,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Entry {
    input: String,
    files: Vec<String>,
}

/// One variant folder to make current.
struct Job<'p> {
    m: &'p MasterMessage,
    name: &'p str,
    approved: bool,
    dir: String,
    entry: Entry,
    current: bool,
}

/// Builds `project` (history up to `tip`) into `out`. Nothing is written
/// when the content has errors. `progress` is called once per rendered
/// variant.
pub fn build(
    ws: &Workspace,
    project: &mut Project,
    tip: Option<git2::Oid>,
    out: &Path,
    progress: &(dyn Fn(&Variant) + Sync),
) -> Result<Built, Box<Refused>> {
    let io_refusal = |e: crate::Error| {
        Box::new(Refused { diagnostics: vec![Diagnostic::error(crate::codes::WRITE_ERROR, out, e.to_string())] })
    };
    let mut clock = Stopwatch::start();
    let review = review::evaluate(project, &ws.repo, &ws.prefix, tip, Timestamp::now())?;
    clock.lap("load and status");
    let project = &*project;
    let mut old = read_state(out);
    // The input fingerprints, hashed once for the variants and the review pages.
    let inputs = render::Inputs::new(&project.content, &project.templates);
    let parts: BTreeMap<(&str, &str), String> = project
        .content
        .messages
        .par_iter()
        .map(|m| ((m.id(), m.locale()), inputs.message(m)))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let jobs = plan(project, &review, &old, &inputs, &parts);
    clock.lap("state and plan");
    let render_one = |job: &Job<'_>| -> Result<Variant, Diagnostic> {
        let v = if job.approved {
            review.final_variant(project, job.m.id(), job.m.locale(), job.name)?
        } else {
            let channel = &project.content.channels[job.name];
            render::render_variant(&project.content, &project.templates, job.m, job.name, channel, true)?
        };
        progress(&v);
        Ok(v)
    };
    let todo: Vec<usize> = (0..jobs.len()).filter(|&i| !jobs[i].current).collect();
    let probed = probe(&jobs, &todo, &render_one).map_err(|diagnostics| Box::new(Refused { diagnostics }))?;
    let rewriting: Vec<&str> = todo.iter().map(|&i| jobs[i].dir.as_str()).collect();
    let pending = begin_writing(out, &old, &rewriting).map_err(io_refusal)?;
    let written = render_and_write(out, &jobs, &todo, probed, &old, &render_one);
    writer::interrupt_point("build-after-variants");
    clock.lap("render and write");
    let mut stats = SyncStats::default();
    let mut files_of: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut warnings = review.trust.diagnostics();
    for r in written {
        match r {
            Ok((i, files, s)) => {
                stats.written += s.written;
                stats.unchanged += s.unchanged;
                stats.removed += s.removed;
                files_of.insert(i, files);
            }
            Err(d) => warnings.push(d),
        }
    }
    if warnings.iter().any(Diagnostic::is_error) {
        return Err(Box::new(Refused { diagnostics: warnings }));
    }
    let mut state = State::default();
    let mut rendered = Vec::with_capacity(todo.len());
    // What a fresh output folder looks like, before the old entries move.
    let fresh = old.variants.is_empty() && old.pages.is_empty();
    let mut before = std::mem::take(&mut old.variants);
    for (i, job) in jobs.into_iter().enumerate() {
        let mut entry = job.entry;
        if let Some(files) = files_of.remove(&i) {
            entry.files = files;
            rendered.push(job.dir.clone());
        } else if job.current
            && let Some(kept) = before.remove(&job.dir)
        {
            // Unchanged: its entry moves over, files and all.
            entry = kept;
        }
        before.remove(&job.dir);
        state.variants.insert(job.dir, entry);
    }
    // What is left of the old entries are variants that are gone.
    for (gone, entry) in &before {
        stats.removed += writer::remove_written(out, &out.join(gone), &entry.files).map_err(io_refusal)?;
    }
    // Journey reports written by `unisono report --page` into this folder.
    let reports: BTreeSet<String> = project
        .content
        .journeys
        .keys()
        .filter(|id| writer::own_exists(out, &format!("journeys/{id}/report.html")))
        .cloned()
        .collect();
    let (since, approvals) = review::last_approvals(ws, tip, project, &review, Some(&old.approvals)).map_err(|e| {
        Box::new(Refused { diagnostics: vec![Diagnostic::error(crate::codes::GIT_HISTORY, ".git", e.to_string())] })
    })?;
    state.approvals = approvals;
    let portal = crate::portal::render(&project.content, &review.statuses, &reports, &since);
    writer::write_own(out, "index.html", &portal).map_err(io_refusal)?;
    clock.lap("portal");
    let (pages, page_files) =
        write_review_pages(ws, project, &review, &since, out, &old, fresh, &inputs, &parts, &pending)
            .map_err(io_refusal)?;
    state.pages = pages;
    state.page_files = page_files;
    let unchanged = state.variants.len() - rendered.len();
    writer::interrupt_point("build-before-state");
    write_state(out, state).map_err(io_refusal)?;
    clock.lap("review pages and state");
    Ok(Built { statuses: review.statuses, rendered, unchanged, stats, warnings, timings: clock.laps })
}

/// Writes a review page per message × locale, with its certificate (an
/// approved piece) or the approved and current renderings of what changed
/// since the last approval, redoing only the pages whose inputs changed
/// (the message part of the input fingerprint, its channels' parts, the
/// statuses of its variants, the approval commit): the rules on the sources
/// run for those messages only. Removes the pages of messages that are
/// gone; returns the pages and their files for the state.
#[allow(clippy::too_many_arguments)]
fn write_review_pages(
    ws: &Workspace,
    project: &Project,
    review: &Review,
    since: &SinceByPiece,
    out: &Path,
    old: &State,
    fresh: bool,
    inputs: &render::Inputs<'_>,
    parts: &BTreeMap<(&str, &str), String>,
    pending: &[String],
) -> Result<Pages, crate::Error> {
    let content = &project.content;
    let comments = crate::approval::status::standing_comments(&review.records, content);
    // Each channel's part (settings and templates), hashed once.
    let channel_parts: BTreeMap<&str, String> =
        content.channels.keys().map(|name| (name.as_str(), inputs.variant("", name, false))).collect();
    // Each page's key; the pages to redo.
    let keyed: Vec<(&MasterMessage, String, String)> = content
        .messages
        .par_iter()
        .map(|m| {
            use std::fmt::Write as _;
            let rel = crate::portal::review_page::path(m);
            let mut key = String::with_capacity(512);
            key.push_str(&parts[&(m.id(), m.locale())]);
            // The page names its file (a message moved to another folder).
            let _ = write!(key, "{}\0", m.file.display());
            for (name, _) in content.channels_of(m) {
                key.push_str(channel_parts.get(name).map(String::as_str).unwrap_or_default());
                if let Some(s) = review.status(m.id(), m.locale(), name) {
                    status_key(&mut key, s);
                }
            }
            if let Some(s) = since.get(&(m.id().to_string(), m.locale().to_string())) {
                key.push_str(&format!("{}\0{}\0{}\0", s.commit, s.changed, s.certified));
            }
            for c in comments.iter().filter(|c| c.file == m.file) {
                key.push_str(&format!("{}\0{}\0", c.line, c.message));
            }
            // A translation's page tells the translator the master's fingerprint.
            if m.is_translation
                && let Some(master) = content.master(m.id())
            {
                key.push_str(&master.fingerprint);
            }
            (m, rel, crate::fingerprint::of_bytes(key.as_bytes()))
        })
        .collect();
    // The pages on disk, a folder read per locale (not an `lstat` per page).
    let locales: BTreeSet<&str> = content.messages.iter().map(|m| m.locale()).collect();
    let on_disk: std::collections::HashSet<String> =
        locales.into_iter().flat_map(|l| writer::own_files_in(out, &format!("_review/{l}"))).collect();
    let redo: Vec<&(&MasterMessage, String, String)> = keyed
        .iter()
        .filter(|(_, rel, key)| {
            old.pages.get(rel) != Some(key)
                || !on_disk.contains(rel)
                || old.page_files.get(rel).into_iter().flatten().any(|f| !writer::own_exists(out, f))
        })
        .collect();
    // What changed since each approval, one old revision loaded at a time.
    let mut changes: BTreeMap<(&str, &str), crate::portal::review_page::Changes> = BTreeMap::new();
    let mut by_commit: BTreeMap<git2::Oid, Vec<&MasterMessage>> = BTreeMap::new();
    for (m, _, _) in &redo {
        if let Some(s) = since.get(&(m.id().to_string(), m.locale().to_string())).filter(|s| s.changed) {
            by_commit.entry(s.commit).or_default().push(m);
        }
    }
    for (commit, messages) in by_commit {
        let then = ws.at_revision(&commit.to_string()).map(Project::load);
        let when = ws
            .repo
            .find_commit(commit)
            .map(|c| crate::approval::record::Timestamp(c.time().seconds()).to_string())
            .unwrap_or_default();
        for m in messages {
            let c = match &then {
                Ok(then) => crate::portal::review_page::changes(then, project, review, m, commit, &when),
                Err(e) => crate::portal::review_page::Changes::unavailable(commit, &when, e.to_string()),
            };
            changes.insert((m.id(), m.locale()), c);
        }
    }
    // The pages about to be rewritten do not count as current until the
    // state is written (a build killed now, then undone, redoes them).
    if !redo.is_empty() && !fresh {
        let mut marked = pending.to_vec();
        marked.extend(redo.iter().map(|(_, rel, _)| rel.clone()));
        write_pending(out, &marked)?;
    }
    let redo_files: BTreeSet<&Path> = redo.iter().map(|(m, _, _)| m.file.as_path()).collect();
    let findings_of = crate::lint::source_checks(project, &redo_files);
    // (page, the page's other files)
    let made: Vec<(String, Vec<String>)> = redo
        .par_iter()
        .map(|(m, rel, _)| {
            let mine: Vec<Diagnostic> = comments.iter().filter(|c| c.file == m.file).cloned().collect();
            let findings = findings_of.get(&m.file).cloned().unwrap_or_default();
            let captions: BTreeMap<String, String> = content
                .channels_of(m)
                .into_iter()
                .filter(|(_, c)| c.kind == crate::model::ChannelKind::Video)
                .filter_map(|(name, _)| {
                    let vtt = writer::read_own(out, &format!("{}/{}/{name}/captions.vtt", m.locale(), m.id()))?;
                    Some((name.to_string(), String::from_utf8_lossy(&vtt).into_owned()))
                })
                .collect();
            let slides: BTreeMap<String, usize> = content
                .channels_of(m)
                .into_iter()
                .filter(|(_, c)| c.kind == crate::model::ChannelKind::Slides)
                .filter_map(|(name, _)| {
                    let deck = writer::read_own(out, &format!("{}/{}/{name}/index.html", m.locale(), m.id()))?;
                    Some((name.to_string(), String::from_utf8_lossy(&deck).matches("id=\"slide-").count()))
                })
                .collect();
            let mut files = Vec::new();
            let since = since.get(&(m.id().to_string(), m.locale().to_string()));
            let mut certificate = None;
            if let Some(s) = since.filter(|s| s.certified)
                && let Ok(bytes) =
                    crate::portal::certificate::page(project, review, m.id(), m.locale(), &s.commit.to_string())
            {
                let path = crate::portal::review_page::certificate_path(m);
                files.push((path.clone(), bytes));
                certificate = Some(path);
            }
            let changed = changes.get(&(m.id(), m.locale()));
            if let Some(c) = changed {
                files.extend(c.files.iter().cloned());
            }
            let extra =
                crate::portal::review_page::Extra { changes: changed, certificate: certificate.as_deref(), slides };
            let bytes =
                crate::portal::review_page::page(content, m, &review.statuses, &findings, &captions, &mine, &extra);
            files.push((rel.clone(), bytes));
            // Written here, page by page: memory holds one page per thread,
            // not every page of the workspace.
            let names: Vec<String> = files.iter().map(|(p, _)| p.clone()).filter(|p| p != rel).collect();
            let stale: Vec<String> = owned_files(old, rel).filter(|f| !names.contains(f)).collect();
            writer::remove_written(out, out, &stale)?;
            for (path, bytes) in &files {
                writer::write_own(out, path, bytes)?;
            }
            Ok((rel.clone(), names))
        })
        .collect::<Result<_, crate::Error>>()?;
    let mut pages = BTreeMap::new();
    let mut page_files = BTreeMap::new();
    for (_, rel, key) in &keyed {
        pages.insert(rel.clone(), key.clone());
        page_files.insert(rel.clone(), owned_files(old, rel).collect::<Vec<_>>());
    }
    for (rel, names) in made {
        page_files.insert(rel, names);
    }
    page_files.retain(|_, files| !files.is_empty());
    // Only what the state names in a page's own place: a state file edited
    // by hand never makes a build remove somebody's file elsewhere in dist/.
    let is_page = |p: &String| p.starts_with("_review/") && p.ends_with(".html");
    let mut gone: Vec<String> = old.pages.keys().filter(|p| !pages.contains_key(*p) && is_page(p)).cloned().collect();
    for page in gone.clone() {
        gone.extend(owned_files(old, &page));
    }
    writer::remove_written(out, out, &gone)?;
    Ok((pages, page_files))
}

/// Appends what a review page shows of a variant's status to its key.
fn status_key(key: &mut String, s: &VariantStatus) {
    use std::fmt::Write as _;
    let _ = write!(key, "{}\0{}\0", s.status.as_str(), s.fingerprint.as_deref().unwrap_or_default());
    for list in [&s.missing_roles, &s.notes] {
        let _ = write!(key, "{}\0", list.len());
        for item in list {
            let _ = write!(key, "{}\0{item}\0", item.len());
        }
    }
    // Signers are few (a handful per approved variant): their every field.
    if !s.approvals.is_empty() {
        key.push_str(&serde_json::to_string(&s.approvals).unwrap_or_default());
    }
    key.push('\0');
}

/// The files the old state lists for review page `page` that lie in the
/// page's own folder (`_review/<locale>/<id>/`): the only ones it may remove.
fn owned_files<'s>(old: &'s State, page: &str) -> impl Iterator<Item = String> + 's {
    let dir = format!("{}/", page.trim_end_matches(".html"));
    let names = if page.starts_with("_review/") { old.page_files.get(page) } else { None };
    names.into_iter().flatten().filter(move |f| f.starts_with(&dir)).cloned()
}

/// The review pages written with their keys, and each page's other files.
type Pages = (BTreeMap<String, String>, BTreeMap<String, Vec<String>>);

/// Stage timings.
#[derive(Default)]
struct Stopwatch {
    started: Option<Instant>,
    laps: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn start() -> Self {
        Stopwatch { started: Some(Instant::now()), laps: Vec::new() }
    }

    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push((name, now - self.started.unwrap_or(now)));
        self.started = Some(now);
    }
}

/// Names the variant folders a build is rewriting until its state is
/// written: those, and only those, do not count as current after an
/// interrupted build.
const PENDING: &str = ".unisono/pending.json";

/// The state a process last wrote, with the size and modification time of
/// its file: `watch` reads it back from memory instead of parsing the file
/// again, as long as the file is the one it wrote.
type StateMemo = Option<(PathBuf, u64, std::time::SystemTime, State)>;
static LAST_STATE: std::sync::Mutex<StateMemo> = std::sync::Mutex::new(None);

fn state_stamp(out: &Path) -> Option<(u64, std::time::SystemTime)> {
    let meta = out.join(STATE).symlink_metadata().ok().filter(|m| m.is_file())?;
    Some((meta.len(), meta.modified().ok()?))
}

/// What the previous build wrote.
fn read_state(out: &Path) -> State {
    let stamp = state_stamp(out);
    let remembered = LAST_STATE.lock().ok().and_then(|mut memo| match memo.take() {
        Some((dir, len, time, state)) if dir == out && stamp == Some((len, time)) => Some(state),
        _ => None,
    });
    let mut state = remembered.unwrap_or_else(|| {
        writer::read_own(out, STATE).and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    });
    // An interrupted build: what it was rewriting is not current.
    if let Some(bytes) = writer::read_own(out, PENDING) {
        match serde_json::from_slice::<Vec<String>>(&bytes) {
            Ok(dirs) => {
                for dir in dirs {
                    if let Some(entry) = state.variants.get_mut(&dir) {
                        entry.input.clear();
                    }
                    if let Some(key) = state.pages.get_mut(&dir) {
                        key.clear();
                    }
                }
            }
            Err(_) => {
                state.variants.values_mut().for_each(|e| e.input.clear());
                state.pages.values_mut().for_each(String::clear);
            }
        }
    }
    state
}

fn write_state(out: &Path, state: State) -> Result<(), crate::Error> {
    // Sized from the last state written: a large workspace's is megabytes,
    // and growing the buffer copied it over and over.
    let mut json = Vec::with_capacity(state_stamp(out).map_or(0, |(len, _)| len as usize + len as usize / 8) + 4096);
    serde_json::to_writer(&mut json, &state).unwrap_or_default();
    json.push(b'\n');
    writer::write_own(out, STATE, &json)?;
    writer::remove_written(out, out, &[PENDING.to_string()])?;
    if let (Some((len, time)), Ok(mut memo)) = (state_stamp(out), LAST_STATE.lock()) {
        *memo = Some((out.to_path_buf(), len, time, state));
    }
    Ok(())
}

/// The plan: every variant's input fingerprint now, and whether its folder
/// is current.
fn plan<'p>(
    project: &'p Project,
    review: &Review,
    old: &State,
    inputs: &render::Inputs<'_>,
    message_parts: &BTreeMap<(&str, &str), String>,
) -> Vec<Job<'p>> {
    project
        .pieces()
        .par_iter()
        .map(|(m, name)| {
            let approved = review.status(m.id(), m.locale(), name).is_some_and(|s| s.status == Status::Approved);
            let part = &message_parts[&(m.id(), m.locale())];
            let input = inputs.variant(part, name, !approved);
            let dir = format!("{}/{}/{}", m.locale(), m.id(), name);
            match old.variants.get(&dir) {
                // The files are taken from the old entry once the build is done.
                Some(e) if e.input == input => {
                    Job { m, name, approved, dir, entry: Entry { input, files: Vec::new() }, current: true }
                }
                _ => Job { m, name, approved, dir, entry: Entry { input, files: Vec::new() }, current: false },
            }
        })
        .collect()
}

/// Renders one variant of each channel first, held in memory: a template
/// that fails at run time fails there, before anything is written.
fn probe(
    jobs: &[Job<'_>],
    todo: &[usize],
    render_one: &(dyn Fn(&Job<'_>) -> Result<Variant, Diagnostic> + Sync),
) -> Result<BTreeMap<usize, Variant>, Vec<Diagnostic>> {
    let mut probes: Vec<usize> = Vec::new();
    for &i in todo {
        if !probes.iter().any(|&p| jobs[p].name == jobs[i].name) {
            probes.push(i);
        }
    }
    let probed: Vec<(usize, Result<Variant, Diagnostic>)> =
        probes.par_iter().map(|&i| (i, render_one(&jobs[i]))).collect();
    let errors: Vec<Diagnostic> = probed.iter().filter_map(|(_, r)| r.as_ref().err().cloned()).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(probed.into_iter().filter_map(|(i, r)| r.ok().map(|v| (i, v))).collect())
}

/// Marks the output as unisono's and records which variant folders are
/// about to be rewritten: until the new state is written those do not
/// count as current (an interrupted build renders them again), while the
/// state still names every file unisono wrote — the only files it will
/// ever remove. What an earlier interrupted build left unfinished stays
/// listed (it may not be rewritten this time: its message may be gone for
/// now). Returns the list.
fn begin_writing(out: &Path, old: &State, dirs: &[&str]) -> Result<Vec<String>, crate::Error> {
    writer::mark_output(out, "build")?;
    if old.variants.is_empty() && old.pages.is_empty() {
        return Ok(Vec::new());
    }
    let mut pending: BTreeSet<String> = dirs.iter().map(|d| d.to_string()).collect();
    pending.extend(old.variants.iter().filter(|(_, e)| e.input.is_empty()).map(|(d, _)| d.clone()));
    pending.extend(old.pages.iter().filter(|(_, key)| key.is_empty()).map(|(p, _)| p.clone()));
    let pending: Vec<String> = pending.into_iter().collect();
    write_pending(out, &pending)?;
    Ok(pending)
}

fn write_pending(out: &Path, pending: &[String]) -> Result<(), crate::Error> {
    let json = serde_json::to_string(pending).unwrap_or_default() + "\n";
    writer::write_own(out, PENDING, json.as_bytes())
}

type Written = Result<(usize, Vec<String>, SyncStats), Diagnostic>;

/// Renders the rest and writes each variant as soon as it is rendered, so
/// memory stays flat.
fn render_and_write(
    out: &Path,
    jobs: &[Job<'_>],
    todo: &[usize],
    mut probed: BTreeMap<usize, Variant>,
    old: &State,
    render_one: &(dyn Fn(&Job<'_>) -> Result<Variant, Diagnostic> + Sync),
) -> Vec<Written> {
    let probed: BTreeMap<usize, std::sync::Mutex<Option<Variant>>> =
        std::mem::take(&mut probed).into_iter().map(|(i, v)| (i, std::sync::Mutex::new(Some(v)))).collect();
    todo.par_iter()
        .map(|&i| {
            let held = probed.get(&i).and_then(|m| m.lock().ok().and_then(|mut v| v.take()));
            let v = match held {
                Some(v) => v,
                None => render_one(&jobs[i])?,
            };
            let dir = v.dir();
            let names: Vec<String> = v.files.keys().cloned().collect();
            // The rendered bytes move to the writer; nothing is copied.
            let files: BTreeMap<PathBuf, Vec<u8>> = v.files.into_iter().map(|(k, b)| (PathBuf::from(k), b)).collect();
            let before = old.variants.get(&dir).map(|e| e.files.as_slice()).unwrap_or_default();
            let stats = writer::write_dir(out, &out.join(&dir), &files, before)
                .map_err(|e| Diagnostic::error(crate::codes::WRITE_ERROR, out, e.to_string()))?;
            Ok((i, names, stats))
        })
        .collect()
}
