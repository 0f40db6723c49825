//! The Project: one snapshot of the workspace with its content and
//! templates, loaded once — the start of every command (Zola's `Site`).
//!
//! Loading is the first stage of the pipeline: load → check → evaluate →
//! render → write → portal. Everything after it reads a `Project`.

use crate::diag::Diagnostic;
use crate::model::{self, Content, MasterMessage, ParseCache};
use crate::render::templates::Templates;
use crate::workspace::Snapshot;
use std::sync::Arc;

/// A snapshot of the workspace, loaded.
pub struct Project {
    /// The files, from the work tree or a git revision.
    pub snapshot: Snapshot,
    /// The parsed and validated content (messages, claims, products,
    /// glossary, channels, reviewers).
    pub content: Content,
    /// The compiled templates (the workspace's over the embedded defaults).
    pub templates: Arc<Templates>,
    /// What loading found: structural problems of the content and the
    /// templates, sorted.
    pub findings: Vec<Diagnostic>,
    /// The templates' own findings (kept for a reload with the same templates).
    template_findings: Vec<Diagnostic>,
}

/// Why a command could not go on: the content or a template has errors
/// (shown with the project's content, which holds the source lines).
#[derive(Debug)]
pub struct Refused {
    /// All findings, errors and warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    /// Loads `snapshot`: content and templates.
    pub fn load(snapshot: Snapshot) -> Project {
        Project::load_cached(snapshot, &mut ParseCache::default())
    }

    /// [`Project::load`], reusing parsed messages from `cache` (kept by `watch`).
    pub fn load_cached(snapshot: Snapshot, cache: &mut ParseCache) -> Project {
        let (templates, template_findings) = Templates::load(&snapshot);
        Project::with_templates(snapshot, Arc::new(templates), template_findings, cache)
    }

    /// [`Project::load_cached`] with templates compiled already (and their
    /// findings): for callers that load many snapshots with the same
    /// templates, such as the fuzzing tests.
    pub fn with_templates(
        snapshot: Snapshot,
        templates: Arc<Templates>,
        template_findings: Vec<Diagnostic>,
        cache: &mut ParseCache,
    ) -> Project {
        let loaded = model::load_cached(&snapshot, cache);
        let mut findings = loaded.diagnostics;
        findings.extend(template_findings.iter().cloned());
        crate::diag::sort(&mut findings);
        Project { snapshot, content: loaded.content, templates, findings, template_findings }
    }

    /// Reads the snapshot again after it changed (`watch`), reusing what
    /// `cache` has parsed, and the compiled templates when no file under
    /// `templates/` changed (`changed`: the workspace paths that did; empty:
    /// everything is read again).
    pub fn reload(&mut self, cache: &mut ParseCache, changed: &[std::path::PathBuf]) {
        let snapshot = std::mem::take(&mut self.snapshot);
        cache.recycle(std::mem::take(&mut self.content));
        if changed.is_empty() || changed.iter().any(|p| p.starts_with("templates")) {
            *self = Project::load_cached(snapshot, cache);
        } else {
            let templates = self.templates.clone();
            let template_findings = std::mem::take(&mut self.template_findings);
            *self = Project::with_templates(snapshot, templates, template_findings, cache);
        }
    }

    /// True when loading found an error: nothing can be rendered.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Diagnostic::is_error)
    }

    /// The findings of a project that cannot go on.
    pub fn refused(&self) -> Refused {
        Refused { diagnostics: self.findings.clone() }
    }

    /// Every (message, channel) pair, in order: the pieces that become variants.
    pub fn pieces(&self) -> Vec<(&MasterMessage, &str)> {
        self.content
            .messages
            .iter()
            .flat_map(|m| self.content.channels_of(m).into_iter().map(move |(n, _)| (m, n)))
            .collect()
    }
}
