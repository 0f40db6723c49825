//! The approval certificate of one approved piece: a self-contained,
//! printable HTML page (A4) with the piece, each channel variant's signed
//! fingerprint and thumbnail, each signer's 21 CFR Part 11 §11.50
//! manifestation, the commit that holds the records, and the OpenSSH
//! commands that verify each signature. Same repository state, same bytes.

use crate::Error;
use crate::approval::status::{Signed, Status, VariantStatus};
use crate::model::ChannelKind;
use crate::model::markdown::inline_text;
use crate::project::Project;
use crate::render::text::escape_html;
use crate::review::Review;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::Path;

/// The mark every certificate carries: `--out` replaces only a file that
/// has it, never a file the user wrote.
pub const MARK: &str = "<meta name=\"generator\" content=\"unisono certificate\">";

/// The channel variants of (`id`, `locale`); refused unless every channel
/// of the piece is approved: a certificate exists only for what was approved.
pub fn approved<'r>(
    project: &Project,
    review: &'r Review,
    id: &str,
    locale: &str,
) -> Result<Vec<&'r VariantStatus>, Error> {
    let content = &project.content;
    let m = content.message(id, locale).ok_or_else(|| {
        Error::usage(format!("no message `{id}` in {locale}")).hint("`unisono status` lists every message and locale")
    })?;
    let variants: Vec<&VariantStatus> =
        content.channels_of(m).iter().filter_map(|(channel, _)| review.status(id, locale, channel)).collect();
    let pending: Vec<String> = variants
        .iter()
        .filter(|v| v.status != Status::Approved || v.fingerprint.is_none())
        .map(|v| format!("{} is {}", v.channel, v.status.as_str()))
        .collect();
    if variants.is_empty() || !pending.is_empty() {
        let why = if pending.is_empty() { "it has no channel".to_string() } else { pending.join(", ") };
        return Err(Error::refused(format!("`{id}` ({locale}) is not approved in every channel: {why}"))
            .hint("a certificate exists only for what was approved; `unisono status` says who must still sign"));
    }
    Ok(variants)
}

/// The signatures of an approved piece, one per record in time order, each
/// with the channels it counts for.
pub fn signers<'r>(variants: &[&'r VariantStatus]) -> Vec<(&'r Signed, Vec<&'r str>)> {
    let mut out: Vec<(&Signed, Vec<&str>)> = Vec::new();
    for v in variants {
        for a in &v.approvals {
            match out.iter_mut().find(|(s, _)| s.record == a.record) {
                Some((_, channels)) => channels.push(&v.channel),
                None => out.push((a, vec![&v.channel])),
            }
        }
    }
    out.sort_by(|(a, _), (b, _)| (&a.time, &a.role, &a.record).cmp(&(&b.time, &b.role, &b.record)));
    out
}

/// The certificate page of (`id`, `locale`), whose records `commit` holds.
/// Refused unless the piece is approved in every channel.
pub fn page(project: &Project, review: &Review, id: &str, locale: &str, commit: &str) -> Result<Vec<u8>, Error> {
    let variants = approved(project, review, id, locale)?;
    let content = &project.content;
    let m = content.message(id, locale).ok_or_else(|| Error::usage(format!("no message `{id}` in {locale}")))?;
    let headline = inline_text(&m.headline);
    let job = &m.front.job_code;
    let signers = signers(&variants);

    let mut rows = String::new();
    for v in &variants {
        let kind = content.channels.get(&v.channel).map(|c| c.kind);
        let thumb = match kind {
            Some(ChannelKind::Slides) => first_slide_thumbnail(project, review, v)?,
            _ => None,
        };
        let thumb = match thumb {
            Some(png) => format!(
                "<img src=\"data:image/png;base64,{}\" alt=\"First slide of {}\">",
                crate::render::text::base64(&png),
                escape_html(&v.channel)
            ),
            None => "—".to_string(),
        };
        let _ = writeln!(
            rows,
            "<tr data-channel=\"{c}\"><th scope=\"row\" class=\"channel\">{c}</th><td class=\"kind\">{k}</td><td class=\"fingerprint\"><code>{f}</code></td><td class=\"thumb\">{thumb}</td></tr>",
            c = escape_html(&v.channel),
            k = kind.map(ChannelKind::name).unwrap_or(""),
            f = escape_html(v.fingerprint.as_deref().unwrap_or("")),
        );
    }

    let mut signatures = String::new();
    let mut verify = String::new();
    for (s, channels) in &signers {
        let txt = s.record.display().to_string();
        let sig = s.record.with_extension("sig").display().to_string();
        let _ = writeln!(
            signatures,
            "<section class=\"signer\" data-role=\"{role}\" data-record=\"{txt}\">\n<h3>{role} — {name}</h3>\n<dl class=\"fields\">\
             <dt>Printed name</dt><dd class=\"name\">{name}</dd>\
             <dt>Email</dt><dd class=\"email\">{email}</dd>\
             <dt>Role</dt><dd class=\"role\">{role}</dd>\
             <dt>Signed (UTC)</dt><dd><time class=\"time\" datetime=\"{time}\">{time}</time></dd>\
             <dt>Meaning of the signature</dt><dd class=\"meaning\">{meaning}</dd>\
             <dt>Expires</dt><dd class=\"expires\">{expires}</dd>\
             <dt>Key fingerprint</dt><dd class=\"key\"><code>{key}</code></dd>\
             <dt>Record</dt><dd class=\"record\"><code>{txt}</code></dd>\
             <dt>Signature</dt><dd class=\"signature\"><code>{sig}</code></dd>\
             <dt>Counts for</dt><dd class=\"channels\">{channels}</dd></dl>\n</section>",
            role = escape_html(&s.role),
            name = escape_html(&s.name),
            email = escape_html(&s.email),
            time = escape_html(&s.time),
            meaning = escape_html(&s.meaning),
            expires = escape_html(&s.expires),
            key = escape_html(&s.key),
            txt = escape_html(&txt),
            sig = escape_html(&sig),
            channels = escape_html(&channels.join(", ")),
        );
        let command = format!(
            "ssh-keygen -Y verify -f allowed_signers -I {} -n unisono-approval \\\n  -s {} \\\n  < {}",
            sh_quote(&s.email),
            sh_quote(&sig),
            sh_quote(&txt)
        );
        let _ = writeln!(
            verify,
            "<pre class=\"command verify\" data-record=\"{}\"><code>{}</code></pre>",
            escape_html(&txt),
            escape_html(&command)
        );
    }

    let prepare = format!("git checkout {}\nunisono verify --allowed-signers allowed_signers", sh_quote(commit));
    let title = format!("Approval certificate · {job} · {id} ({locale})");
    let html = format!(
        r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="unisono certificate">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24; max-width: 52rem; margin: 1.5rem auto; padding: 0 1rem; }}
nav {{ display: flex; gap: 1rem; flex-wrap: wrap; padding: .5rem 0; border-bottom: 1px solid #d0d7de; margin-bottom: 1rem; font-size: .9rem; }}
.kicker {{ text-transform: uppercase; letter-spacing: .08em; font-size: .75rem; color: #57606a; margin: 0; }}
h1 {{ font-size: 1.5rem; margin: .2rem 0 1rem; }}
h2 {{ font-size: 1.15rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }}
h3 {{ font-size: 1rem; margin: 1rem 0 .3rem; text-transform: capitalize; }}
dl.fields {{ display: grid; grid-template-columns: 12rem 1fr; gap: .15rem .75rem; margin: 0; }}
dt {{ color: #57606a; }}
dd {{ margin: 0; overflow-wrap: anywhere; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #d0d7de; }}
code, pre {{ font: 9pt/1.4 ui-monospace, "SF Mono", Menlo, Consolas, monospace; overflow-wrap: anywhere; }}
pre {{ white-space: pre-wrap; background: #f6f8fa; border: 1px solid #d0d7de; padding: .5rem .75rem; }}
.thumb img {{ width: 10rem; height: auto; border: 1px solid #d0d7de; }}
.signer {{ break-inside: avoid; }}
footer {{ margin-top: 2rem; font-size: .8rem; color: #57606a; }}
@page {{ size: A4; margin: 18mm 16mm 20mm; }}
@media print {{
  body {{ max-width: none; margin: 0; padding: 0; font-size: 10pt; }}
  nav {{ display: none; }}
  a {{ color: inherit; text-decoration: none; }}
  pre {{ background: none; }}
  tr, pre, .signer {{ break-inside: avoid; }}
  h2, h3 {{ break-after: avoid; }}
}}
</style>
</head>
<body>
<nav aria-label="Sections"><a href="#piece">Piece</a><a href="#variants">Channel variants</a><a href="#signatures">Signatures</a><a href="#verify">Verify</a><span>To keep a PDF: print this page and choose “Save as PDF”.</span></nav>
<main>
<header id="piece">
<p class="kicker">Approval certificate</p>
<h1 class="title">{headline}</h1>
<dl class="fields piece">
<dt>Job code</dt><dd class="job-code">{job}</dd>
<dt>Message</dt><dd class="message-id"><code>{id}</code></dd>
<dt>Headline</dt><dd class="headline">{headline}</dd>
<dt>Locale</dt><dd class="locale">{locale}</dd>
<dt>Product</dt><dd class="product">{product}</dd>
<dt>Date of preparation</dt><dd class="prepared">{prepared}</dd>
<dt>Source file</dt><dd class="source"><code>{file}</code> <code>{source}</code></dd>
<dt>Status</dt><dd class="status">approved in every channel ({n})</dd>
<dt>Approval commit</dt><dd><code class="commit">{commit}</code></dd>
</dl>
</header>
<section id="variants">
<h2>Channel variants</h2>
<p>Each fingerprint is SHA-256 over the variant's files (path and bytes) in their final form: exactly the <code>variant:</code> line every approval record signs.</p>
<table class="variants">
<thead><tr><th scope="col">Channel</th><th scope="col">Kind</th><th scope="col">Fingerprint</th><th scope="col">Thumbnail</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
</section>
<section id="signatures">
<h2>Electronic signatures (21 CFR Part 11 §11.50)</h2>
{signatures}</section>
<section id="verify">
<h2>How to verify with OpenSSH alone</h2>
<p>In a clone of the repository, in the workspace folder, check out the commit that holds the records and write the allowed-signers file (one line per key of reviewers.yaml in effect: <code>&lt;email&gt; namespaces="unisono-approval" &lt;key&gt;</code>):</p>
<pre class="command prepare"><code>{prepare}</code></pre>
<p>Then check each signature; OpenSSH answers <code>Good "unisono-approval" signature for &lt;email&gt;</code> with the key fingerprint shown above:</p>
{verify}</section>
</main>
<footer>unisono approval certificate of <code>{id}</code> ({locale}), job code {job}, from commit <code>{commit}</code>.</footer>
</body>
</html>
"##,
        title = escape_html(&title),
        headline = escape_html(&headline),
        job = escape_html(job),
        id = escape_html(id),
        locale = escape_html(locale),
        product = escape_html(&m.front.product),
        prepared = escape_html(&m.front.prepared),
        file = escape_html(&m.file.display().to_string()),
        source = escape_html(&m.fingerprint),
        n = variants.len(),
        commit = escape_html(commit),
        prepare = escape_html(&prepare),
    );
    Ok(html.into_bytes())
}

/// The thumbnail of a deck's first slide: `thumb.png` of the first CLM
/// key-message zip of the approved variant (the bytes that were signed).
fn first_slide_thumbnail(project: &Project, review: &Review, v: &VariantStatus) -> Result<Option<Vec<u8>>, Error> {
    let variant = review.final_variant(project, &v.id, &v.locale, &v.channel).map_err(|d| {
        Error::refused(format!("could not render {} ({}) {}: {}", v.id, v.locale, v.channel, d.message))
    })?;
    // Zip names are `<id>-<locale>-<NN>-<kind>.zip`: the first in path order is slide 01.
    let first = variant.files.iter().find(|(path, _)| is_clm_zip(Path::new(path.as_str())));
    let Some((_, zip)) = first else { return Ok(None) };
    let png = zip::ZipArchive::new(std::io::Cursor::new(zip.as_slice())).ok().and_then(|mut archive| {
        let mut png = Vec::new();
        archive.by_name("thumb.png").ok()?.read_to_end(&mut png).ok()?;
        Some(png)
    });
    Ok(png)
}

/// True for `clm/<name>.zip` of the deck itself (not of a follow-up's form).
fn is_clm_zip(path: &Path) -> bool {
    path.parent() == Some(Path::new("clm")) && path.extension().is_some_and(|e| e == "zip")
}

/// `s` as one shell word: as is when it has only safe characters, else in
/// single quotes (content is untrusted: an email could hold `;`).
fn sh_quote(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c);
    if !s.is_empty() && s.chars().all(safe) { s.to_string() } else { format!("'{}'", s.replace('\'', r"'\''")) }
}

#[cfg(test)]
mod tests {
    use super::sh_quote;
    use crate::render::text::base64;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases =
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("foobar", "Zm9vYmFy")];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn shell_words_are_quoted_when_needed() {
        assert_eq!(sh_quote("approvals/a/en-GB/x.sig"), "approvals/a/en-GB/x.sig");
        assert_eq!(sh_quote("a;b"), "'a;b'");
        assert_eq!(sh_quote("it's"), r"'it'\''s'");
        assert_eq!(sh_quote(""), "''");
    }
}
