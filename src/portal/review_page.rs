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

/// The folder of the page's own files (next to the page).
fn files_dir(m: &MasterMessage) -> String {
    format!("_review/{}/{}", m.locale(), m.id())
}

/// The certificate's path in the output folder (an approved piece).
pub fn certificate_path(m: &MasterMessage) -> String {
    format!("{}/certificate.html", files_dir(m))
}

pub use crate::review::Since;

/// What a review page shows besides the piece: what changed since the last
/// approval, and the certificate of an approved piece (its path).
#[derive(Default)]
pub struct Extra<'a> {
    pub changes: Option<&'a Changes>,
    pub certificate: Option<&'a str>,
    /// The number of slides of each slides channel's deck, as written.
    pub slides: std::collections::BTreeMap<String, usize>,
}

/// What changed in a piece since its last approval: the source, and each
/// channel's forms in text and bytes, with the approved and current
/// renderings (changed words highlighted) as files next to the page.
#[derive(Debug, Default)]
pub struct Changes {
    /// The commit of the last approval and its time.
    pub commit: String,
    pub when: String,
    /// Why the approved revision could not be compared, when it could not.
    pub problem: Option<String>,
    /// Unified diff of the message file.
    pub source: String,
    pub channels: Vec<ChannelChange>,
    /// (path in the output folder, bytes) of the renderings.
    pub files: Vec<(String, Vec<u8>)>,
}

/// What changed in one channel.
#[derive(Debug)]
pub struct ChannelChange {
    pub channel: String,
    pub forms: Vec<crate::timeline::FormChange>,
    /// The approved and current renderings, relative to the review page
    /// (`None` on a side that does not exist).
    pub approved: Option<String>,
    pub now: Option<String>,
}

impl Changes {
    /// The comparison could not be made.
    pub fn unavailable(commit: git2::Oid, when: &str, why: String) -> Changes {
        Changes { commit: commit.to_string(), when: when.into(), problem: Some(why), ..Changes::default() }
    }
}

/// The file of a kind's rendering that a reviewer looks at.
fn shown_file(kind: ChannelKind) -> &'static str {
    match kind {
        ChannelKind::Video => "script.html",
        _ => "index.html",
    }
}

/// What changed in `m` between project `then` (at the approval `commit`,
/// made at `when`) and `now`, both in final form.
pub fn changes(
    then: &crate::project::Project,
    now: &crate::project::Project,
    review: &crate::review::Review,
    m: &MasterMessage,
    commit: git2::Oid,
    when: &str,
) -> Changes {
    if then.has_errors() {
        let n = crate::diag::counts(&then.findings).0;
        return Changes::unavailable(
            commit,
            when,
            format!("the approved revision has {n} error(s) and does not render"),
        );
    }
    let om = then.content.message(m.id(), m.locale());
    let old_text = om.and_then(|om| then.content.texts.get(&om.file)).map(String::as_str).unwrap_or("");
    let new_text = now.content.texts.get(&m.file).map(String::as_str).unwrap_or("");
    let source = similar::TextDiff::from_lines(old_text, new_text).unified_diff().header("approved", "now").to_string();
    let mut out = Changes { commit: commit.to_string(), when: when.into(), source, ..Changes::default() };
    let dir = files_dir(m);
    for (name, channel) in now.content.channels_of(m) {
        let new = match review.final_variant(now, m.id(), m.locale(), name) {
            Ok(v) => v,
            Err(d) => {
                out.problem = Some(format!("{name} does not render: {}", d.message));
                continue;
            }
        };
        let old = om.filter(|om| then.content.channels_of(om).iter().any(|(n, _)| *n == name)).and_then(|om| {
            let ch = then.content.channels.get(name)?;
            crate::render::render_variant(&then.content, &then.templates, om, name, ch, false).ok().map(|v| (v, om))
        });
        let forms = crate::timeline::compare(old.as_ref().map(|(v, om)| (v, *om)), &new, m);
        if forms.is_empty() {
            continue;
        }
        let shown = shown_file(channel.kind);
        let as_text = |v: &crate::render::Variant| v.files.get(shown).map(|b| String::from_utf8_lossy(b).into_owned());
        let (old_html, new_html) = (old.as_ref().and_then(|(v, _)| as_text(v)), as_text(&new));
        let (old_html, new_html) = match (old_html, new_html) {
            (Some(o), Some(n)) => {
                let (o, n, _) = super::changes::highlight(&o, &n);
                (Some(o), Some(n))
            }
            other => other,
        };
        let mut side = |label: &str, v: Option<&crate::render::Variant>, html: Option<String>| -> Option<String> {
            let (v, html) = (v?, html?);
            let base = format!("{dir}/changes/{name}/{label}");
            for (file, bytes) in &v.files {
                if file == shown {
                    out.files.push((format!("{base}/{file}"), html.clone().into_bytes()));
                } else if !file.ends_with(".zip") && !file.ends_with(".eml") {
                    out.files.push((format!("{base}/{file}"), bytes.clone()));
                }
            }
            Some(format!("{}/changes/{name}/{label}/{shown}", m.id()))
        };
        let approved = side("approved", old.as_ref().map(|(v, _)| v), old_html);
        let now_path = side("now", Some(&new), new_html);
        out.channels.push(ChannelChange { channel: name.to_string(), forms, approved, now: now_path });
    }
    out
}

/// The "what changed" section of the page.
fn changes_section(c: &Changes) -> String {
    let e = |s: &str| escape_html(s);
    let mut html = format!(
        "<section id=\"changes\"><h2>What changed since the last approval</h2><p class=\"meta\">Compared with commit <code>{}</code> ({}), where this piece was last approved. In the renderings, removed words are struck through in red in the approved version and added words are marked in green in the current one.</p>",
        e(c.commit.get(..12).unwrap_or(&c.commit)),
        e(&c.when),
    );
    if let Some(p) = &c.problem {
        let _ = write!(html, "<p class=\"problem\">{}</p>", e(p));
    }
    if c.channels.is_empty() && c.problem.is_none() {
        html.push_str("<p>No channel changed: the variants are byte for byte what was approved.</p>");
    }
    for ch in &c.channels {
        let _ = write!(html, "<section class=\"change\" data-channel=\"{c}\"><h3>{c}</h3>", c = e(&ch.channel));
        // Forms with the same change (a follow-up's subsets) are listed once.
        let mut shown: Vec<(String, Vec<&str>)> = Vec::new();
        for f in &ch.forms {
            let body = if f.old_text != f.new_text {
                format!("<div class=\"word-diff\">{}</div>", crate::timeline::word_diff_html(&f.old_text, &f.new_text))
            } else {
                format!(
                    "<p class=\"files-changed\">The text is unchanged; changed files: {}</p>",
                    e(&f.files.join(", "))
                )
            };
            match shown.iter_mut().find(|(b, _)| *b == body) {
                Some((_, labels)) => labels.push(&f.label),
                None => shown.push((body, vec![&f.label])),
            }
        }
        for (body, labels) in shown {
            let _ = write!(
                html,
                "<div class=\"form\" data-forms=\"{}\">{}{body}</div>",
                e(&labels.join("|")),
                if labels == [ch.channel.as_str()] {
                    String::new()
                } else {
                    format!("<h4>{}</h4>", e(&labels.join(", ")))
                }
            );
        }
        html.push_str("<div class=\"frames\">");
        for (label, src) in [("approved", &ch.approved), ("now", &ch.now)] {
            match src {
                Some(src) => {
                    let _ = write!(
                        html,
                        "<figure class=\"{label}\"><figcaption>{label}</figcaption><iframe src=\"{s}\" title=\"{c}, {label}\" width=\"600\" height=\"640\" sandbox=\"allow-scripts\"></iframe></figure>",
                        s = e(src),
                        c = e(&ch.channel),
                    );
                }
                None => {
                    let _ = write!(
                        html,
                        "<figure class=\"{label}\"><figcaption>{label}</figcaption><p>(none: the channel was not approved)</p></figure>"
                    );
                }
            }
        }
        html.push_str("</div></section>");
    }
    if !c.source.is_empty() {
        let lines: String = c
            .source
            .lines()
            .map(|l| {
                let class = match l.as_bytes().first() {
                    Some(b'+') if !l.starts_with("+++") => " class=\"add\"",
                    Some(b'-') if !l.starts_with("---") => " class=\"del\"",
                    _ => "",
                };
                format!("<span{class}>{}</span>\n", e(l))
            })
            .collect();
        let _ = write!(
            html,
            "<details><summary>The source, line by line</summary><pre class=\"source-diff\">{lines}</pre></details>"
        );
    }
    html.push_str("</section>");
    html
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
    extra: &Extra<'_>,
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
            ChannelKind::Slides => {
                // One small frame a slide, each opened at its slide.
                let n = extra.slides.get(name).copied().unwrap_or(0);
                let strip: String = (1..=n)
                    .map(|k| {
                        format!(
                            "<figure class=\"slide\"><div class=\"thumb\"><iframe src=\"{dir}/index.html#slide-{k}\" title=\"{c}: slide {k}\" width=\"1024\" height=\"768\" tabindex=\"-1\" sandbox=\"\"></iframe></div><figcaption><a href=\"{dir}/index.html#slide-{k}\">slide {k}</a></figcaption></figure>",
                            c = e(name)
                        )
                    })
                    .collect();
                format!(
                    "<div class=\"strip\">{strip}</div><p><a href=\"{dir}/index.html\">the whole deck</a> ({n} slides)</p>"
                )
            }
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
    let changes = extra.changes.map(changes_section).unwrap_or_default();
    let certificate = extra
        .certificate
        .map(|_| {
            format!(
                "<p><a class=\"certificate\" href=\"{}/certificate.html\">Approval certificate</a> (printable, with how to verify each signature)</p>",
                e(m.id())
            )
        })
        .unwrap_or_default();
    let changes_link = if extra.changes.is_some() {
        "<p><a href=\"#changes\">What changed since the last approval</a></p>"
    } else {
        ""
    };
    let mut claim_ids: Vec<&str> = m.claim_uses.iter().map(|u| u.id.as_str()).collect();
    claim_ids.sort_unstable();
    claim_ids.dedup();
    let claim_options: String = claim_ids.iter().map(|c| format!("<option>{}</option>", e(c))).collect();
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
.strip {{ overflow-x: auto; display: flex; gap: .75rem; }}
.strip figure.slide {{ flex: none; }}
.strip .thumb {{ width: 256px; height: 192px; overflow: hidden; border: 1px solid #cbd2d9; }}
.strip .thumb iframe {{ border: 0; transform: scale(.25); transform-origin: 0 0; pointer-events: none; }}
.status {{ display: inline-block; border-radius: 3px; padding: 0 .4rem; font-size: .8rem; }}
.status-draft {{ background: #fce8e8; color: #8a1c1c; }}
.status-approved {{ background: #e3f9e5; color: #1f5f2b; }}
.status-partially-approved, .status-changes-requested {{ background: #fff3c4; color: #5c4813; }}
.status-stale, .status-expired, .status-withdrawn, .status-outdated {{ background: #e4e7eb; color: #323f4b; }}
.finding.error {{ color: #8a1c1c; }}
ol.source {{ font-size: .85rem; background: #f8fafc; padding: .5rem 0 .5rem 3.5rem; }}
ol.source code {{ white-space: pre-wrap; }}
li.commented {{ background: #fff3c4; }}
del {{ background: #fed7d7; }}
ins {{ background: #c6f6d5; text-decoration: none; }}
pre.source-diff .add {{ background: #e3f9e5; }}
pre.source-diff .del {{ background: #fce8e8; }}
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
{certificate}{changes_link}{changes}
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
<label>or at claim <select name="claim"><option value="">(none)</option>{claim_options}</select></label>
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
    var out = document.getElementById("decision-result");
    if (data.get("line") && data.get("claim")) {{
      out.textContent = "Point the comment at a line or at a claim, not both.";
      return;
    }}
    if (data.get("line")) body.line = parseInt(data.get("line"), 10);
    else if (data.get("claim")) body.claim = data.get("claim");
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
