//! `unisono init` and `unisono new`: new workspaces and new messages.
//!
//! The defaults are embedded in the binary, so `init` needs nothing else;
//! the built-in templates stay there (`templates eject` copies one out).

pub mod templates;

use crate::Error;
use crate::date::Date;
use crate::model::{self, Content};
use std::path::{Path, PathBuf};

/// The files `init` writes, by path. No templates: the built-ins are used
/// until one is ejected, so a newer unisono's fixes reach every workspace.
const SAMPLE: &[(&str, &str)] = &[
    ("channels.yaml", include_str!("sample/channels.yaml")),
    ("reviewers.yaml", include_str!("sample/reviewers.yaml")),
    ("content/products/sample.yaml", include_str!("sample/content/products/sample.yaml")),
    ("content/claims.yaml", include_str!("sample/content/claims.yaml")),
    ("content/glossary.yaml", include_str!("sample/content/glossary.yaml")),
    ("content/messages/sample-welcome.md", include_str!("sample/content/messages/sample-welcome.md")),
    (".gitignore", include_str!("sample/gitignore")),
    ("approvals/README.md", "Signed approval records, written by `unisono approve`. Do not edit by hand.\n"),
];

/// Writes a new workspace into `dir` (created if missing, must be empty) and
/// makes it a git repository. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(Error::usage(format!("{} is not empty", dir.display()))
                .hint("`unisono init` writes a new workspace; name a new or empty folder"));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in SAMPLE {
        let rel = PathBuf::from(rel);
        crate::writer::create_new(dir, &rel, text.as_bytes())?;
        written.push(rel);
    }
    git2::Repository::init(dir)?;
    Ok(written)
}

/// Writes a new master message skeleton; returns its path (relative).
pub fn new_message(root: &Path, content: &Content, id: &str, product: &str, locale: &str) -> Result<PathBuf, Error> {
    if !model::is_valid_id(id) {
        return Err(Error::usage(format!("`{id}` is not a valid message id"))
            .hint("ids are lower-case letters, digits and hyphens: [a-z0-9][a-z0-9-]*"));
    }
    if let Some(existing) = content.messages.iter().find(|m| m.id() == id) {
        return Err(Error::usage(format!("message `{id}` already exists: {}", existing.file.display()))
            .hint(format!("choose another id, or `unisono new --translate {id} --locale L` for a translation")));
    }
    let Some(p) = content.products.get(product) else {
        let known: Vec<&str> = content.products.keys().map(String::as_str).collect();
        return Err(Error::usage(format!("unknown product `{product}`")).hint(format!(
            "products are files in content/products/ ({})",
            if known.is_empty() { "none yet".into() } else { known.join(", ") }
        )));
    };
    if !p.locales.contains_key(locale) {
        return Err(Error::usage(format!("product `{product}` has no locale `{locale}`")).hint(format!(
            "add it to content/products/{product}.yaml first, or use one of: {}",
            p.locales.keys().cloned().collect::<Vec<_>>().join(", ")
        )));
    }
    let rel = PathBuf::from(format!("content/messages/{id}.md"));
    // The first declared audience, the others named beside it; with none
    // declared, an empty list that `check` reports.
    let audience = match content.audiences.as_deref().unwrap_or_default() {
        [] => "audience: []   # who it is for: declare audiences in channels.yaml (`audiences:`)".to_string(),
        [one] => format!("audience: [{}]", one.id()),
        [first, rest @ ..] => format!(
            "audience: [{}]   # also declared: {}",
            first.id(),
            rest.iter().map(crate::model::Audience::id).collect::<Vec<_>>().join(", ")
        ),
    };
    let text = format!(
        "---\nid: {id}\nproduct: {product}\nlocale: {locale}\n{audience}\nstage: knowledge\njob_code: TODO-JOB-CODE\nprepared: {today}\nemail:\n  subject: TODO subject line\n  preheader: TODO preheader\nvideo:\n  hook: TODO opening line of the video\ncta:\n  label: TODO call to action\n  url: https://example.com/TODO\n---\n\n# TODO headline\n\nTODO summary: one or two sentences that introduce the message.\n\n## Key messages {{#key-messages}}\n\n- **TODO title.** TODO text; insert a claim from content/claims.yaml by its id in double square brackets.\n\n## Detail {{#body}}\n\nTODO long-form text for the landing page.\n",
        today = Date::today()
    );
    write_new(root, &rel, &text)?;
    Ok(rel)
}

/// Writes a translation of master `id` into `locale` beside it, with
/// `source:` set to the master's fingerprint; returns its path (relative).
pub fn new_translation(root: &Path, content: &Content, id: &str, locale: &str) -> Result<PathBuf, Error> {
    let Some(master) = content.master(id) else {
        return Err(Error::usage(format!("no master message `{id}`")).hint("`unisono status` lists the messages"));
    };
    if !model::is_valid_locale(locale) {
        return Err(
            Error::usage(format!("`{locale}` is not a BCP 47 locale")).hint("write language-REGION, e.g. es-ES")
        );
    }
    if master.locale() == locale {
        return Err(Error::usage(format!("`{id}` is already written in {locale}")));
    }
    if let Some(p) = content.products.get(&master.front.product)
        && !p.locales.contains_key(locale)
    {
        return Err(Error::usage(format!("product `{}` has no locale `{locale}`", p.id))
            .hint(format!("add its {locale} ISI, PI link and AE statement to content/products/{}.yaml first", p.id)));
    }
    let name = format!("{id}.{locale}.md");
    let rel = master.file.with_file_name(name);
    let text = content.texts.get(&master.file).cloned().unwrap_or_default();
    let mut out = String::with_capacity(text.len() + 100);
    let mut in_front = false;
    let mut fences = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" && fences < 2 {
            fences += 1;
            in_front = fences == 1;
            out.push_str(line);
            continue;
        }
        if in_front && !line.starts_with([' ', '\t']) {
            let key = bare.split(':').next().unwrap_or("");
            match key {
                "locale" => {
                    out.push_str(&format!("locale: {locale}\nsource: {}\n", master.fingerprint));
                    continue;
                }
                "job_code" => {
                    out.push_str("job_code: TODO-JOB-CODE   # the local job code\n");
                    continue;
                }
                "prepared" => {
                    out.push_str(&format!("prepared: {}\n", Date::today()));
                    continue;
                }
                "source" => continue,
                _ => {}
            }
        }
        out.push_str(line);
    }
    write_new(root, &rel, &out)?;
    Ok(rel)
}

fn write_new(root: &Path, rel: &Path, text: &str) -> Result<(), Error> {
    crate::writer::create_new(root, rel, text.as_bytes())
}
