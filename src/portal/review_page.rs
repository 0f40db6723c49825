//! The review page of one piece (`dist/_review/<locale>/<id>.html`): every
//! channel variant side by side — the email at desktop and mobile width,
//! the landing page, the slide deck, the video script with its caption
//! timeline — with the claims and their references, the piece's findings,
//! and its status: who signed which role when and with what meaning, who
//! asked for changes and why, what is missing, when it expires.
//!
//! Pre-rendered by `build`, so it works from disk; `serve` serves it too.

use crate::approval::status::VariantStatus;
use crate::diag::Diagnostic;
use crate::model::{ChannelKind, Content, MasterMessage};
use crate::render::text::escape_html;
use std::fmt::Write as _;

/// The page's path in the output folder.
pub fn path(m: &MasterMessage) -> String {
    format!("_review/{}/{}.html", m.locale(), m.id())
}

/// Renders the page. `statuses`: every variant's status (sorted as the
/// review's); `findings`: what `check` reports in the message's file.
/// `captions`: each video channel's WebVTT, as written, for its timeline.
pub fn page(
    content: &Content,
    m: &MasterMessage,
    statuses: &[VariantStatus],
    findings: &[Diagnostic],
    captions: &std::collections::BTreeMap<String, String>,
    comments: &[Diagnostic],
) -> Vec<u8> {
    let e = |s: &str| escape_html(s);
    // From `_review/<locale>/` back to the output folder.
    let up = "../../";
    let mut status_rows = String::new();
    let mut variants = String::new();
    for (name, channel) in content.channels_of(m) {
        let st = crate::review::status_in(statuses, m.id(), m.locale(), name);
        let status = st.map_or("draft", |s| s.status.as_str());
        let mut who = String::new();
        for a in st.map(|s| s.approvals.as_slice()).unwrap_or_default() {
            let _ = write!(
                who,
                "<li class=\"signer\" data-role=\"{r}\"><strong>{r}</strong>: {n} &lt;{mail}&gt;, {t} — “{meaning}”; expires {x}</li>",
                r = e(&a.role),
                n = e(&a.name),
                mail = e(&a.email),
                t = e(&a.time),
                meaning = e(&a.meaning),
                x = e(&a.expires),
            );
        }
        for note in st.map(|s| s.notes.as_slice()).unwrap_or_default() {
            let _ = write!(who, "<li class=\"note\">{}</li>", e(note));
        }
        if let Some(s) = st.filter(|s| !s.missing_roles.is_empty()) {
            let _ = write!(who, "<li class=\"missing\">missing: {}</li>", e(&s.missing_roles.join(", ")));
        }
        let _ = write!(
            status_rows,
            "<tr data-channel=\"{c}\"><th scope=\"row\">{c}</th><td><span class=\"status status-{status}\">{status}</span></td><td><ul>{who}</ul></td><td><code>{fp}</code></td></tr>",
            c = e(name),
            fp = e(st.and_then(|s| s.fingerprint.as_deref()).unwrap_or("")),
        );
        let dir = format!("{up}{}/{}/{}", e(m.locale()), e(m.id()), e(name));
        let body = match channel.kind {
            ChannelKind::Email => format!(
                "<div class=\"frames\"><figure><figcaption>desktop (600 px)</figcaption><iframe class=\"desktop\" src=\"{dir}/index.html\" title=\"{c} at desktop width\" width=\"640\" height=\"720\"></iframe></figure><figure><figcaption>mobile (375 px)</figcaption><iframe class=\"mobile\" src=\"{dir}/index.html\" title=\"{c} at mobile width\" width=\"375\" height=\"720\"></iframe></figure></div><p><a href=\"{dir}/body.txt\">plain text</a> · <a href=\"{dir}/message.eml\">message.eml</a></p>",
                c = e(name)
            ),
            ChannelKind::Page => format!(
                "<iframe class=\"page\" src=\"{dir}/index.html\" title=\"{c}\" width=\"100%\" height=\"720\"></iframe>",
                c = e(name)
            ),
            ChannelKind::Slides => format!(
                "<div class=\"strip\"><iframe class=\"deck\" src=\"{dir}/index.html\" title=\"{c}: the deck\" width=\"1024\" height=\"768\"></iframe></div>",
                c = e(name)
            ),
            ChannelKind::Video => format!(
                "<iframe class=\"script\" src=\"{dir}/script.html\" title=\"{c}: the AV script\" width=\"100%\" height=\"520\"></iframe><p><a href=\"{dir}/captions.vtt\">captions.vtt</a> · <a href=\"{dir}/captions.srt\">captions.srt</a></p>{timeline}",
                c = e(name),
                timeline = timeline(captions.get(name).map(String::as_str).unwrap_or("")),
            ),
        };
        let _ = writeln!(
            variants,
            "<section class=\"variant\" data-channel=\"{c}\" data-kind=\"{k}\"><h3>{c} <span class=\"status status-{status}\">{status}</span></h3>{body}</section>",
            c = e(name),
            k = channel.kind.name(),
        );
    }
    let claims = claims_section(content, m);
    let mut found = String::new();
    for d in findings {
        let severity = match d.severity {
            crate::diag::Severity::Error => "error",
            crate::diag::Severity::Warning => "warning",
            crate::diag::Severity::Note => "note",
        };
        let _ = write!(
            found,
            "<li class=\"finding {severity}\" data-code=\"{code}\"><strong>{severity}[{code}]</strong> line {line}: {msg}{hint}</li>",
            code = e(d.code),
            line = d.line,
            msg = e(&d.message),
            hint = if d.hint.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"meta\">— {}</span>", e(&d.hint))
            },
        );
    }
    if found.is_empty() {
        found.push_str("<li class=\"none\">no findings</li>");
    }
    let headline = crate::model::markdown::inline_text(&m.headline);
    let source = source_section(content.texts.get(&m.file).map(String::as_str).unwrap_or(""), comments);
    let roles: String = content
        .reviewers
        .as_ref()
        .map(|r| r.policy.required_roles.iter().map(|role| format!("<option>{}</option>", e(role))).collect())
        .unwrap_or_default();
    format!(
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Review: {id} ({locale})</title>
<style>
body {{ font: 15px/1.5 Arial, Helvetica, sans-serif; color: #1f2933; margin: 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #cbd2d9; padding: .4rem .6rem; text-align: left; vertical-align: top; }}
td ul {{ margin: 0; padding-left: 1rem; }}
.meta {{ color: #52606d; font-size: .85rem; }}
.frames {{ display: flex; gap: 1rem; flex-wrap: wrap; }}
figure {{ margin: 0; }}
iframe {{ border: 1px solid #cbd2d9; background: #fff; }}
.strip {{ overflow-x: auto; }}
.status {{ display: inline-block; border-radius: 3px; padding: 0 .4rem; font-size: .8rem; }}
.status-draft {{ background: #fce8e8; color: #8a1c1c; }}
.status-approved {{ background: #e3f9e5; color: #1f5f2b; }}
.status-partially-approved, .status-changes-requested {{ background: #fff3c4; color: #5c4813; }}
.status-stale, .status-expired, .status-withdrawn, .status-outdated {{ background: #e4e7eb; color: #323f4b; }}
.finding.error {{ color: #8a1c1c; }}
ol.source {{ font-size: .85rem; background: #f8fafc; padding: .5rem 0 .5rem 3.5rem; }}
ol.source code {{ white-space: pre-wrap; }}
li.commented {{ background: #fff3c4; }}
div.comment {{ font-family: Arial, Helvetica, sans-serif; color: #5c4813; border-left: 3px solid #f0b429; padding-left: .5rem; }}
</style>
</head>
<body>
<main>
<p><a href="{up}index.html">Review portal</a></p>
<h1 lang="{locale}">{headline}</h1>
<p class="meta"><code>{id}</code> · {locale} · job code <span class="job-code">{job}</span> · prepared {prepared} · product {product} · stage {stage} · <code>{file}</code></p>
<h2>Status</h2>
<table id="status"><thead><tr><th scope="col">channel</th><th scope="col">status</th><th scope="col">signatures, requests, what is missing</th><th scope="col">fingerprint</th></tr></thead>
<tbody>{status_rows}</tbody></table>
<h2>Findings</h2>
<ul id="findings">{found}</ul>
<h2>Claims and references</h2>
<div lang="{locale}">{claims}</div>
<h2>Source</h2>
<div lang="{locale}">{source}</div>
<section id="decide" hidden>
<h2>Decide</h2>
<p class="meta">Signed on this machine with your SSH key (git's <code>user.signingkey</code>: in ssh-agent or on a security key), and committed exactly as <code>unisono approve</code> commits.</p>
<form id="decision" data-id="{id}" data-locale="{locale}">
<label>Role <select name="role">{roles}</select></label>
<label>Comment <textarea name="comment" rows="3" cols="60"></textarea></label>
<label>At line <input name="line" type="number" min="1"></label>
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="reject">Request changes</button>
</form>
<p id="decision-result" role="status"></p>
</section>
<h2>Every channel</h2>
{variants}</main>
<script>
(function () {{
  var meta = document.querySelector('meta[name="unisono-token"]');
  if (!meta) return;
  var form = document.getElementById("decision");
  document.getElementById("decide").hidden = false;
  form.addEventListener("submit", function (ev) {{
    ev.preventDefault();
    var data = new FormData(form);
    var body = {{ id: form.dataset.id, locale: form.dataset.locale, role: data.get("role"),
      decision: ev.submitter ? ev.submitter.value : "approve", comment: data.get("comment") || "" }};
    if (data.get("line")) body.line = parseInt(data.get("line"), 10);
    var out = document.getElementById("decision-result");
    out.textContent = "signing…";
    fetch("/_unisono/decide", {{ method: "POST", headers: {{ "Content-Type": "application/json",
      "X-Unisono-Token": meta.content }}, body: JSON.stringify(body) }})
      .then(function (r) {{ return r.text().then(function (t) {{ return [r.ok, t]; }}); }})
      .then(function (res) {{ out.textContent = res[0] ? "committed: " + JSON.parse(res[1]).commit : res[1]; }})
      .catch(function (err) {{ out.textContent = "not sent: " + err; }});
  }});
}})();
</script>
</body>
</html>
"##,
        id = e(m.id()),
        locale = e(m.locale()),
        headline = e(&headline),
        job = e(&m.front.job_code),
        prepared = e(&m.front.prepared),
        product = e(&m.front.product),
        stage = m.front.stage.name(),
        file = e(&m.file.display().to_string()),
    )
    .into_bytes()
}

/// The message's source with line numbers, each standing reviewer comment
/// under the line it points to.
fn source_section(text: &str, comments: &[Diagnostic]) -> String {
    let mut out = String::from("<ol class=\"source\">");
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let notes: String = comments
            .iter()
            .filter(|c| c.line == n)
            .map(|c| format!("<div class=\"comment\" data-line=\"{n}\">{}</div>", escape_html(&c.message)))
            .collect();
        let class = if notes.is_empty() { "" } else { " class=\"commented\"" };
        let _ = write!(out, "<li id=\"L{n}\"{class}><code>{}</code>{notes}</li>", escape_html(line));
    }
    out.push_str("</ol>");
    out
}

/// The caption cues of a WebVTT file as a table: start, end, text.
fn timeline(vtt: &str) -> String {
    let mut rows = String::new();
    for cue in vtt.split("\n\n") {
        let mut lines = cue.lines().skip_while(|l| !l.contains(" --> "));
        let Some(times) = lines.next() else { continue };
        let Some((start, end)) = times.split_once(" --> ") else { continue };
        let text: Vec<&str> = lines.collect();
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_html(start.trim()),
            escape_html(end.split_whitespace().next().unwrap_or("")),
            escape_html(&text.join(" / "))
        );
    }
    if rows.is_empty() {
        return String::new();
    }
    format!(
        "<table class=\"captions\"><caption>Caption timeline</caption><thead><tr><th scope=\"col\">from</th><th scope=\"col\">to</th><th scope=\"col\">caption</th></tr></thead><tbody>{rows}</tbody></table>"
    )
}

/// Each claim the message uses: its locked wording in the locale and its
/// references with their citations.
fn claims_section(content: &Content, m: &MasterMessage) -> String {
    let mut ids: Vec<&str> = Vec::new();
    for u in &m.claim_uses {
        if !ids.contains(&u.id.as_str()) {
            ids.push(&u.id);
        }
    }
    if ids.is_empty() {
        return "<p>No claims.</p>".into();
    }
    let mut out = String::from("<dl id=\"claims\">");
    for id in ids {
        let Some(c) = content.claims.claims.get(id) else { continue };
        let wording = c.text.get(m.locale()).map(String::as_str).unwrap_or("(no wording in this locale)");
        let refs: Vec<String> = c
            .references
            .iter()
            .map(|r| {
                format!(
                    "<li data-reference=\"{}\">{}</li>",
                    escape_html(r),
                    escape_html(content.claims.references.get(r).map(String::as_str).unwrap_or(r))
                )
            })
            .collect();
        let _ = write!(
            out,
            "<dt data-claim=\"{i}\"><code>{i}</code></dt><dd><blockquote>{w}</blockquote><ol>{r}</ol></dd>",
            i = escape_html(id),
            w = escape_html(wording),
            r = refs.join(""),
        );
    }
    out.push_str("</dl>");
    out
}
