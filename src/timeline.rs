//! `unisono log` and `unisono diff`: the history of one piece, and what
//! changed since its last approval.

use crate::Error;
use crate::approval::head;
use crate::approval::record::{self, Record};
use crate::project::Project;
use crate::render::Variant;
use crate::workspace::Workspace;
use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use std::path::Path;

/// One event in a piece's history.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub commit: String,
    /// UTC time of the commit.
    pub time: String,
    pub author: String,
    /// `edit`, `approved`, `changes-requested` or `withdrawn`.
    pub kind: String,
    /// What happened, in one line.
    pub summary: String,
}

/// True for a message file of `id` (the master or a translation).
fn is_message_of(path: &Path, id: &str) -> bool {
    path.starts_with("content/messages")
        && path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n == format!("{id}.md") || (n.starts_with(&format!("{id}.")) && n.ends_with(".md")))
}

/// Every edit of the message files of `id` and every decision on it, oldest first.
pub fn log(ws: &Workspace, id: &str) -> Result<Vec<Event>, Error> {
    let repo = &ws.repo;
    let Some(head) = head(repo) else {
        return Ok(Vec::new());
    };
    let mut walk = repo.revwalk()?;
    walk.push(head)?;
    walk.set_sorting(git2::Sort::TIME | git2::Sort::REVERSE | git2::Sort::TOPOLOGICAL)?;
    let records_dir = Path::new("approvals").join(id);
    let mut events = Vec::new();
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        let tree = commit.tree()?;
        let parent = commit.parent(0).ok().map(|p| p.tree()).transpose()?;
        let diff = repo.diff_tree_to_tree(parent.as_ref(), Some(&tree), None)?;
        let time = record::Timestamp(commit.time().seconds()).to_string();
        let author = format!("{} <{}>", commit.author().name().unwrap_or(""), commit.author().email().unwrap_or(""));
        let short = commit.id().to_string()[..10].to_string();
        let mut edited = Vec::new();
        for delta in diff.deltas() {
            let Some(path) = delta.new_file().path().or(delta.old_file().path()) else {
                continue;
            };
            let Ok(rel) = path.strip_prefix(&ws.prefix) else {
                continue;
            };
            if is_message_of(rel, id) {
                edited.push(rel.display().to_string());
            } else if rel.starts_with(&records_dir)
                && rel.extension().is_some_and(|e| e == "txt")
                && delta.status() == git2::Delta::Added
                && let Ok(blob) = repo.find_blob(delta.new_file().id())
                && let Ok(r) = Record::parse(&String::from_utf8_lossy(blob.content()))
            {
                let role = if r.role.is_empty() { String::new() } else { format!(" as {}", r.role) };
                let comment = if r.comment.is_empty() { String::new() } else { format!(": {}", r.comment) };
                events.push(Event {
                    commit: short.clone(),
                    time: r.time.to_string(),
                    author: format!("{} <{}>", r.reviewer_name, r.reviewer_email),
                    kind: r.decision.as_str().to_string(),
                    summary: format!(
                        "{} {}{role} ({} channel(s)){comment}",
                        r.decision.as_str(),
                        r.locale,
                        r.variants.len()
                    ),
                });
            }
        }
        if !edited.is_empty() {
            events.push(Event {
                commit: short,
                time,
                author,
                kind: "edit".into(),
                summary: format!("{} — {}", commit.summary().ok().flatten().unwrap_or(""), edited.join(", ")),
            });
        }
    }
    Ok(events)
}

/// What changed since the last approval: the source and each variant.
#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    /// The commit whose content was last approved (`None`: never approved).
    pub since: Option<String>,
    /// Unified diff of the message file.
    pub source: String,
    /// Word diff of each channel's text, for channels that changed.
    pub variants: Vec<(String, String)>,
}

/// Diffs message `id` in `locale` between the content of its last approval
/// record's commit and the work tree.
pub fn diff(ws: &Workspace, id: &str, locale: &str) -> Result<Changes, Error> {
    let (current, _, since) = last_approval(ws, id, locale)?;
    let base = since.map(|s| s.commit);
    let Some(m) = current.content.message(id, locale) else {
        return Err(Error::usage(format!("no message `{id}` in {locale}")));
    };
    let new_source = current.content.texts.get(&m.file).cloned().unwrap_or_default();
    let (old_source, old_variants, old_message) = match &base {
        Some(oid) => {
            let snap = ws.at_revision(&oid.to_string())?;
            let old = Project::load(snap);
            if old.has_errors() {
                return Err(Error::refused("the approved revision no longer renders"));
            }
            let text = old
                .content
                .message(id, locale)
                .and_then(|om| old.content.texts.get(&om.file).cloned())
                .unwrap_or_default();
            let mut variants = Vec::new();
            if let Some(om) = old.content.message(id, locale) {
                for (name, _) in old.content.channels_of(om) {
                    variants.push(final_variant(&old, om, name)?);
                }
            }
            (text, variants, old.content.message(id, locale).cloned())
        }
        None => (String::new(), Vec::new(), None),
    };
    let source = TextDiff::from_lines(&old_source, &new_source).unified_diff().header("approved", "now").to_string();
    let mut variants = Vec::new();
    for (name, _) in current.content.channels_of(m) {
        let v = final_variant(&current, m, name)?;
        let before = old_variants.iter().find(|o| o.channel == v.channel).zip(old_message.as_ref());
        for change in compare(before, &v, m) {
            if change.old_text != change.new_text {
                variants.push((change.label, word_diff(&change.old_text, &change.new_text)));
            } else {
                // Same words, other bytes (a template, the layout, a link):
                // still a change that made the variant stale, named by file.
                variants.push((
                    change.label,
                    format!("(the text is unchanged; changed files: {})", change.files.join(", ")),
                ));
            }
        }
    }
    Ok(Changes { since: base.map(|o| o.to_string()), source, variants })
}

/// What changed in one form of a channel variant (the variant itself, or
/// one of its `covers/<subset>/` forms) between two final forms.
#[derive(Debug, Clone)]
pub struct FormChange {
    /// `channel`, or `channel covers 1-3`.
    pub label: String,
    /// The form's folder inside the variant (`""` for the variant itself).
    pub prefix: String,
    /// The text as a reader sees it, unwrapped, before and now.
    pub old_text: String,
    pub new_text: String,
    /// The form's files whose bytes differ (or exist in one only).
    pub files: Vec<String>,
}

/// Every form of variant `new` (of message `m`) that differs from the same
/// form of `old` (the approved variant and its message; `None`: the channel
/// was not approved), in text or in bytes.
pub fn compare(
    old: Option<(&Variant, &crate::model::MasterMessage)>,
    new: &Variant,
    m: &crate::model::MasterMessage,
) -> Vec<FormChange> {
    let before = old.map(|(v, om)| form_texts(v, om)).unwrap_or_default();
    let mut out = Vec::new();
    for (label, prefix, new_text) in form_texts(new, m) {
        let old_text = before.iter().find(|(l, _, _)| *l == label).map(|(_, _, t)| t.clone()).unwrap_or_default();
        let files = match old {
            Some((ov, _)) => changed_files(ov, new, &prefix),
            None => new.files.keys().filter(|f| f.starts_with(&prefix)).cloned().collect(),
        };
        if old_text != new_text || !files.is_empty() {
            out.push(FormChange { label, prefix, old_text, new_text, files });
        }
    }
    out
}

/// A variant in its final (approved) form.
fn final_variant(project: &Project, m: &crate::model::MasterMessage, channel: &str) -> Result<Variant, Error> {
    let ch = &project.content.channels[channel];
    crate::render::render_variant(&project.content, &project.templates, m, channel, ch, false)
        .map_err(|e| Error::refused(e.message))
}

/// The last approval of (`id`, `locale`) in the work tree with history up
/// to HEAD (see [`crate::review::last_approvals`]), with the project and
/// its review.
pub fn last_approval(
    ws: &Workspace,
    id: &str,
    locale: &str,
) -> Result<(Project, crate::review::Review, Option<crate::review::Since>), Error> {
    let tip = head(&ws.repo);
    let mut project = Project::load(ws.worktree()?);
    let review = crate::review::evaluate(&mut project, &ws.repo, &ws.prefix, tip, record::Timestamp::now()).map_err(
        |refused| {
            Error::refused(format!(
                "the content has {} error(s); run `unisono check`",
                crate::diag::counts(&refused.diagnostics).0.max(1)
            ))
        },
    )?;
    let (since, _) = crate::review::last_approvals(ws, tip, &project, &review, None)?;
    let piece = since.get(&(id.to_string(), locale.to_string())).copied();
    Ok((project, review, piece))
}

/// The readable text of a variant and of each of its subset forms, labelled
/// `channel` and `channel covers 1-3`, with the folder prefix of each form:
/// an email's text begins with its subject and preheader, and lines are
/// unwrapped (re-wrapping a paragraph is not a change).
fn form_texts(v: &Variant, m: &crate::model::MasterMessage) -> Vec<(String, String, String)> {
    let header = match (&m.front.email, v.files.contains_key("message.eml")) {
        (Some(e), true) => format!("Subject: {}\n\nPreheader: {}\n\n", e.subject, e.preheader.as_deref().unwrap_or("")),
        _ => String::new(),
    };
    let text = |prefix: &str| {
        let file =
            ["body.txt", "script.md", "index.html"].into_iter().find_map(|f| v.files.get(&format!("{prefix}{f}")));
        let text = file.map(|b| String::from_utf8_lossy(b).replace("\r\n", "\n")).unwrap_or_default();
        let plain = ["body.txt", "script.md"].iter().any(|f| v.files.contains_key(&format!("{prefix}{f}")));
        unwrap_lines(&format!("{header}{}", if plain { text } else { strip_tags(&text) }))
    };
    let mut out = vec![(v.channel.clone(), String::new(), text(""))];
    let dir = format!("{}/", crate::model::journey::COVERS_DIR);
    let mut forms: Vec<&str> = v
        .files
        .keys()
        .filter_map(|p| p.strip_prefix(&dir))
        .filter_map(|rest| rest.split_once('/').map(|(n, _)| n))
        .collect();
    forms.dedup();
    for name in forms {
        let prefix = format!("{dir}{name}/");
        out.push((format!("{} covers {name}", v.channel), prefix.clone(), text(&prefix)));
    }
    out
}

/// Paragraphs joined into one line each, blank runs collapsed: the text as
/// a reader sees it, whatever the line breaks.
fn unwrap_lines(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The files of a form (`prefix`: "" for the variant itself) whose bytes
/// differ between `old` and `new`, or exist in one only.
fn changed_files(old: &Variant, new: &Variant, prefix: &str) -> Vec<String> {
    let dir = format!("{}/", crate::model::journey::COVERS_DIR);
    let mine = |p: &&String| {
        if prefix.is_empty() { !p.starts_with(&dir) } else { p.starts_with(prefix) }
    };
    let mut names: Vec<&String> = old.files.keys().chain(new.files.keys()).filter(mine).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| old.files.get(*n) != new.files.get(*n))
        .map(|n| n.strip_prefix(prefix).unwrap_or(n).to_string())
        .collect()
}

/// HTML to text for display: tags dropped, entities for the five escaped
/// characters decoded, blank runs collapsed.
fn strip_tags(html: &str) -> String {
    let body = html.split("<body").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One run of words in a word diff: unchanged, removed or added.
pub type Run = (ChangeTag, String);

/// The lines of a word diff that changed, each as runs (long lines cut to
/// the words around a change, the cuts shown as `…`).
pub fn word_changes(old: &str, new: &str) -> Vec<Vec<Run>> {
    let diff = TextDiff::from_words(old, new);
    let mut lines: Vec<Vec<Run>> = vec![Vec::new()];
    for change in diff.iter_all_changes() {
        let mut parts = change.value().split('\n');
        if let Some(first) = parts.next() {
            push_run(lines.last_mut().expect("one line at least"), change.tag(), first);
        }
        for part in parts {
            lines.push(Vec::new());
            push_run(lines.last_mut().expect("just pushed"), change.tag(), part);
        }
    }
    lines.into_iter().filter(|l| l.iter().any(|(t, _)| *t != ChangeTag::Equal)).map(excerpt).collect()
}

fn push_run(line: &mut Vec<Run>, tag: ChangeTag, text: &str) {
    if text.is_empty() {
        return;
    }
    match line.last_mut() {
        Some((t, s)) if *t == tag => s.push_str(text),
        _ => line.push((tag, text.to_string())),
    }
}

/// `git diff --word-diff=plain` style, `[-removed-]{+added+}`, showing only
/// the lines that changed (long lines cut to the words around a change).
pub fn word_diff(old: &str, new: &str) -> String {
    render_runs(&word_changes(old, new), |tag, text| match tag {
        ChangeTag::Equal => text.to_string(),
        ChangeTag::Delete => format!("[-{text}-]"),
        ChangeTag::Insert => format!("{{+{text}+}}"),
    })
}

/// The same as HTML: one `<p>` a changed line, removed words in `<del>`,
/// added words in `<ins>`, every text escaped.
pub fn word_diff_html(old: &str, new: &str) -> String {
    word_changes(old, new)
        .iter()
        .map(|line| {
            let inner = render_runs(std::slice::from_ref(line), |tag, text| {
                let text = crate::render::text::escape_html(text);
                match tag {
                    ChangeTag::Equal => text,
                    ChangeTag::Delete => format!("<del>{text}</del>"),
                    ChangeTag::Insert => format!("<ins>{text}</ins>"),
                }
            });
            format!("<p class=\"diff-line\">{inner}</p>")
        })
        .collect()
}

fn render_runs(lines: &[Vec<Run>], mark: impl Fn(ChangeTag, &str) -> String) -> String {
    lines.iter().map(|line| line.iter().map(|(t, s)| mark(*t, s)).collect::<String>()).collect::<Vec<_>>().join("\n")
}

/// The words around the changes of a long line: an unchanged run keeps
/// its first words after a change and its last words before one.
fn excerpt(line: Vec<Run>) -> Vec<Run> {
    const CONTEXT: usize = 8;
    let words: usize = line.iter().map(|(_, s)| s.split_whitespace().count()).sum();
    if words <= 3 * CONTEXT {
        return line;
    }
    let last = line.len() - 1;
    line.iter()
        .enumerate()
        .map(|(i, (tag, text))| {
            if *tag != ChangeTag::Equal {
                return (*tag, text.clone());
            }
            let w: Vec<&str> = text.split(' ').collect();
            let (head, tail) = (if i == 0 { 0 } else { CONTEXT }, if i == last { 0 } else { CONTEXT });
            if w.len() <= head + tail + 1 {
                return (*tag, text.clone());
            }
            let mut s = w[..head].join(" ");
            if head > 0 {
                s.push(' ');
            }
            s.push('…');
            if tail > 0 {
                s.push(' ');
                s.push_str(&w[w.len() - tail..].join(" "));
            }
            (*tag, s)
        })
        .collect()
}
