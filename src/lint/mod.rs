//! `unisono check`: every problem in the content, as diagnostics pointing at
//! the master source they come from.
//!
//! Structural problems come from loading ([`crate::project::Project`]); the rules
//! here read the loaded messages ([`units`]) and their rendered, final-form
//! variants. Each rule is a small module with its own codes.

pub mod brand;
pub mod consistency;
pub mod register;
pub mod tone;
pub mod units;
pub mod unsupported;
pub mod vocabulary;

/// Readability formulas per language: the `unisono-readability` crate.
pub use unisono_readability as readability;

use crate::diag::{Diagnostic, Pos};
use crate::model::{Content, MasterMessage};
use crate::project::Project;
use crate::render::templates::Templates;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use units::Unit;

/// What the rules read.
pub struct Lint<'a> {
    pub content: &'a Content,
    pub templates: &'a Templates,
    /// The messages the rules read (indexes into `content.messages`), with
    /// their units.
    units: std::borrow::Cow<'a, [(usize, Vec<Unit>)]>,
    /// Whether the claims library is checked too.
    pub claims: bool,
    /// Whether every video variant of the selected messages is rendered in
    /// this run (`check` on a workspace that loads): the video rule then
    /// runs on the rendered scenes, not in [`Lint::source_rules`].
    pub videos_rendered: bool,
}

impl<'a> Lint<'a> {
    /// Prepares the units of every message.
    pub fn new(content: &'a Content, templates: &'a Templates) -> Self {
        Self::select(content, templates, |_| true, true)
    }

    /// Prepares the messages whose file is in `files` only (and the claims
    /// library when it is one of them): what `watch` checks on a save.
    pub fn for_files(content: &'a Content, templates: &'a Templates, files: &[PathBuf]) -> Self {
        let claims = files.iter().any(|f| f == Path::new("content/claims.yaml"));
        let files: BTreeSet<&Path> = files.iter().map(PathBuf::as_path).collect();
        Self::select(content, templates, |m| files.contains(m.file.as_path()), claims)
    }

    fn select(
        content: &'a Content,
        templates: &'a Templates,
        keep: impl Fn(&MasterMessage) -> bool,
        claims: bool,
    ) -> Self {
        let selected: Vec<usize> = (0..content.messages.len()).filter(|&i| keep(&content.messages[i])).collect();
        let units = selected
            .into_par_iter()
            .map(|i| {
                let m = &content.messages[i];
                (i, units::units(m, &content.claims, content.texts.get(&m.file).map(String::as_str).unwrap_or("")))
            })
            .collect::<Vec<_>>()
            .into();
        Lint { content, templates, units, claims, videos_rendered: false }
    }

    /// Every selected message with its units.
    pub fn messages(&self) -> impl Iterator<Item = (&'a MasterMessage, &[Unit])> {
        let messages = &self.content.messages;
        self.units.iter().map(move |(i, u)| (&messages[*i], u.as_slice()))
    }

    /// The selected messages whose claims all have wording in their locale:
    /// the rules that read the whole text (lengths, readability, the
    /// brand's first mention) wait for those, so a broken claim is reported
    /// once, by its own error, and not again as a side effect.
    pub fn whole_messages(&self) -> impl Iterator<Item = (&'a MasterMessage, &[Unit])> {
        self.messages().filter(|(m, _)| self.is_whole(m))
    }

    /// Whether every claim of `m` has wording in its locale (see [`Lint::whole_messages`]).
    fn is_whole(&self, m: &MasterMessage) -> bool {
        let claims = &self.content.claims.claims;
        m.claim_uses.iter().all(|u| claims.get(&u.id).is_some_and(|c| c.text.contains_key(m.locale())))
    }

    /// The units of message `i` (an index into `content.messages`), if selected.
    fn units_of(&self, i: usize) -> Option<&[Unit]> {
        let at = self.units.binary_search_by_key(&i, |(j, _)| *j).ok()?;
        Some(self.units[at].1.as_slice())
    }

    /// Runs the source rules (vocabulary, register, brand, tone, unsupported claims).
    /// Each message is read on its own (in parallel: nothing a rule finds
    /// depends on another message), the claims library once.
    pub fn source_rules(&self, out: &mut Vec<Diagnostic>) {
        let one = |units: &'_ [(usize, Vec<Unit>)], claims: bool| {
            let cx = Lint {
                content: self.content,
                templates: self.templates,
                units: units.into(),
                claims,
                videos_rendered: self.videos_rendered,
            };
            let mut out = Vec::new();
            vocabulary::run(&cx, &mut out);
            register::run(&cx, &mut out);
            brand::run(&cx, &mut out);
            tone::run(&cx, &mut out);
            unsupported::run(&cx, &mut out);
            out
        };
        let found: Vec<Vec<Diagnostic>> = self.units.par_iter().map(|u| one(std::slice::from_ref(u), false)).collect();
        out.extend(one(&[], self.claims));
        out.extend(found.into_iter().flatten());
    }

    /// The source text of a file ("" when unknown).
    pub fn source(&self, path: &Path) -> &'a str {
        self.content.texts.get(path).map(String::as_str).unwrap_or("")
    }
}

/// Warns about `TODO` left in messages (from `unisono new`).
fn todo_rule(content: &Content, out: &mut Vec<Diagnostic>) {
    for m in &content.messages {
        todo_in(content, m, out);
    }
}

/// [`todo_rule`] for one message.
fn todo_in(content: &Content, m: &MasterMessage, out: &mut Vec<Diagnostic>) {
    {
        let Some(text) = content.texts.get(&m.file) else {
            return;
        };
        for (i, line) in text.lines().enumerate() {
            if let Some(col) = line.find("TODO") {
                out.push(
                    Diagnostic::warning(crate::codes::TODO, &m.file, "placeholder `TODO` left in the message")
                        .at(Pos::new(i + 1, line[..col].chars().count() + 1))
                        .span(4)
                        .hint("replace the placeholder with the real text before review"),
                );
            }
        }
    }
}

/// Runs every check on `project`: its structural findings, language and
/// tone rules on the sources, and consistency rules on every rendered
/// variant. Returns all findings, sorted and without duplicates.
pub fn check(project: &Project) -> Vec<Diagnostic> {
    run(project, None)
}

/// [`check`] limited to the messages in `files`: their source rules and
/// their variants (structure is still checked for the whole workspace).
pub fn check_files(project: &Project, files: &[std::path::PathBuf]) -> Vec<Diagnostic> {
    run(project, Some(files))
}

/// The findings of loading and of the rules on the sources of the message
/// in `file` (no variant is rendered): what its review page shows.
pub fn source_check(project: &Project, file: &Path) -> Vec<Diagnostic> {
    source_checks(project, &BTreeSet::from([file])).remove(file).unwrap_or_default()
}

/// [`source_check`] for many message files at once, in one pass over the
/// workspace (a build redoing every review page asks for all of them).
pub fn source_checks(project: &Project, files: &BTreeSet<&Path>) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    let mut out: Vec<Diagnostic> =
        project.findings.iter().filter(|d| files.contains(d.file.as_path())).cloned().collect();
    for m in project.content.messages.iter().filter(|m| files.contains(m.file.as_path())) {
        todo_in(&project.content, m, &mut out);
    }
    Lint::select(&project.content, &project.templates, |m| files.contains(m.file.as_path()), false)
        .source_rules(&mut out);
    let mut by_file: BTreeMap<PathBuf, Vec<Diagnostic>> = files.iter().map(|f| (f.to_path_buf(), Vec::new())).collect();
    for d in out {
        if let Some(mine) = by_file.get_mut(&d.file) {
            mine.push(d);
        }
    }
    for mine in by_file.values_mut() {
        crate::diag::sort(mine);
        mine.dedup();
    }
    by_file
}

fn run(project: &Project, only: Option<&[std::path::PathBuf]>) -> Vec<Diagnostic> {
    let (content, templates) = (&project.content, &*project.templates);
    let mut more = Vec::new();
    todo_rule(content, &mut more);
    // Every finding in one run: the rules on the sources read every file
    // that parsed, even when it or another file has structural errors (a
    // file that could not be parsed is not in `content`: it is reported
    // once, by its own error).
    let mut cx = match only {
        Some(files) => Lint::for_files(content, templates, files),
        None => Lint::new(content, templates),
    };
    // Rules that read rendered text need a workspace that renders.
    let renders = !project.has_errors();
    cx.videos_rendered = renders;
    cx.source_rules(&mut more);
    if renders {
        // Each variant is rendered, checked and dropped: memory stays flat.
        let pieces: Vec<(usize, &MasterMessage, &str)> = content
            .messages
            .iter()
            .enumerate()
            .filter(|(_, m)| only.is_none_or(|files| files.contains(&m.file)))
            .flat_map(|(i, m)| content.channels_of(m).into_iter().map(move |(n, _)| (i, m, n)))
            .collect();
        let found: Vec<Vec<Diagnostic>> = pieces
            .par_iter()
            .map(|&(i, m, name)| {
                let mut out = Vec::new();
                let channel = &content.channels[name];
                let mut scenes = None;
                match crate::render::render_variant_text(content, templates, m, name, channel) {
                    Ok(t) => {
                        consistency::variant(&cx, &t.variant, &t.contexts, &mut out);
                        scenes = t.scenes;
                    }
                    Err(d) => out.push(d),
                }
                // The tone rule's video part (see `Lint::videos_rendered`), for the messages it reads.
                if channel.kind == crate::model::ChannelKind::Video
                    && cx.is_whole(m)
                    && let Some(units) = cx.units_of(i)
                {
                    tone::video(&cx, m, units, name, channel, scenes, &mut out);
                }
                out
            })
            .collect();
        more.extend(found.into_iter().flatten());
        consistency::translations(&cx, &mut more);
    }
    let mut all = project.findings.clone();
    all.extend(more);
    crate::diag::sort(&mut all);
    all.dedup();
    all
}
