//! The review portal `dist/index.html`: every message × locale × channel
//! with its status and links to each variant, filterable by product,
//! journey stage and status.

pub mod certificate;
pub mod changes;
mod journey;
pub mod report;
pub mod review_page;

use crate::approval::status::VariantStatus;
use crate::model::{ChannelKind, Content, MasterMessage};
use crate::render::text::escape_html;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Renders the portal page.
/// `reports`: the journeys whose report page is in the portal's folder.
/// `since`: the last approval of each piece that changed since or has a
/// certificate; the portal links to those pages only.
pub fn render(
    content: &Content,
    statuses: &[VariantStatus],
    reports: &BTreeSet<String>,
    since: &std::collections::BTreeMap<(String, String), review_page::Since>,
) -> Vec<u8> {
    let channels: Vec<&String> = content.channels.keys().collect();
    // Each message's row on its own (in parallel), joined once into a
    // buffer of the exact size: the page of a large workspace is tens of
    // megabytes, and growing one string copied it over and over.
    let rows: Vec<String> = content.messages.par_iter().map(|m| row(content, m, statuses, since, &channels)).collect();
    let columns: String = channels.iter().map(|c| format!("<th scope=\"col\">{}</th>", escape_html(c))).collect();
    let option = |values: BTreeSet<String>| -> String {
        values.into_iter().map(|v| format!("<option value=\"{0}\">{0}</option>", escape_html(&v))).collect()
    };
    let products = option(content.messages.iter().map(|m| m.front.product.clone()).collect());
    let stages = option(content.messages.iter().map(|m| m.front.stage.name().to_string()).collect());
    let all_statuses = option(statuses.iter().map(|s| s.status.as_str().to_string()).collect());
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for s in statuses {
        *counts.entry(s.status.as_str()).or_default() += 1;
    }
    let summary: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
    let top = format!(
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>unisono review portal</title>
<style>
body {{ font: 15px/1.5 Arial, Helvetica, sans-serif; color: #1f2933; margin: 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #cbd2d9; padding: .4rem .6rem; text-align: left; vertical-align: top; }}
thead th {{ background: #f0f4f8; }}
.meta, .diff {{ color: #52606d; font-size: .85rem; }}
.filters label {{ margin-right: 1rem; }}
.status {{ display: inline-block; border-radius: 3px; padding: 0 .4rem; font-size: .8rem; }}
.status-draft {{ background: #fce8e8; color: #8a1c1c; }}
.status-approved {{ background: #e3f9e5; color: #1f5f2b; }}
.status-partially-approved, .status-changes-requested {{ background: #fff3c4; color: #5c4813; }}
.status-stale, .status-expired, .status-withdrawn, .status-outdated {{ background: #e4e7eb; color: #323f4b; }}
.journey-diagram {{ max-width: 100%; height: auto; font-family: Arial, Helvetica, sans-serif; }}
.readiness {{ list-style: none; padding: 0; }}
ul.review {{ list-style: none; padding: 0; margin: .2rem 0 0; font-size: .8rem; }}
</style>
</head>
<body>
<main>
<h1>Review portal</h1>
<p id="summary">{n} message file(s) × {c} channel(s): {summary}.</p>
<form class="filters" aria-label="Filter">
<label>Product <select id="f-product"><option value="">all</option>{products}</select></label>
<label>Stage <select id="f-stage"><option value="">all</option>{stages}</select></label>
<label>Status <select id="f-status"><option value="">all</option>{all_statuses}</select></label>
</form>
<table id="matrix">
<thead><tr><th scope="col">Message</th><th scope="col">Locale</th><th scope="col">Product</th><th scope="col">Stage</th>{columns}</tr></thead>
<tbody>
"##,
        n = content.messages.len(),
        c = channels.len(),
        summary = summary.join(", "),
    );
    let tail = format!(
        r##"</tbody>
</table>
{journeys}</main>
<script>
(function () {{
  var f = ["product", "stage", "status"].map(function (k) {{ return [k, document.getElementById("f-" + k)]; }});
  function apply() {{
    document.querySelectorAll("#matrix tbody tr").forEach(function (row) {{
      var show = f.every(function (p) {{
        var v = p[1].value;
        return !v || (row.dataset[p[0]] || "").split(" ").indexOf(v) >= 0;
      }});
      row.hidden = !show;
    }});
  }}
  f.forEach(function (p) {{ p[1].addEventListener("change", apply); }});
}})();
</script>
</body>
</html>
"##,
        journeys = journey::section(content, statuses, reports),
    );
    let mut page = Vec::with_capacity(top.len() + rows.iter().map(String::len).sum::<usize>() + tail.len());
    page.extend_from_slice(top.as_bytes());
    for r in &rows {
        page.extend_from_slice(r.as_bytes());
    }
    page.extend_from_slice(tail.as_bytes());
    page
}

/// One message's row of the portal's table.
fn row(
    content: &Content,
    m: &MasterMessage,
    statuses: &[VariantStatus],
    since: &std::collections::BTreeMap<(String, String), review_page::Since>,
    channels: &[&String],
) -> String {
    let mut rows = String::with_capacity(2048);
    // `statuses` is sorted by (id, locale, channel): this message's are one run.
    let start = statuses.partition_point(|s| (s.id.as_str(), s.locale.as_str()) < (m.id(), m.locale()));
    let mine: Vec<&VariantStatus> =
        statuses[start..].iter().take_while(|s| s.id == m.id() && s.locale == m.locale()).collect();
    let row_statuses: BTreeSet<&str> = mine.iter().map(|s| s.status.as_str()).collect();
    // Links only to what was written: the changes since the last
    // approval (on the review page) and the certificate.
    let mut diff = String::new();
    if let Some(since) = since.get(&(m.id().to_string(), m.locale().to_string())) {
        if since.changed {
            let _ = write!(
                diff,
                "<br><a class=\"diff\" href=\"{}#changes\">changes since approval</a>",
                escape_html(&review_page::path(m))
            );
        }
        if since.certified {
            let _ = write!(
                diff,
                "<br><a class=\"certificate\" href=\"{}\">approval certificate</a>",
                escape_html(&review_page::certificate_path(m))
            );
        }
    }
    let _ = write!(
        rows,
        "<tr data-product=\"{p}\" data-stage=\"{s}\" data-status=\"{st}\"><th scope=\"row\"><code>{id}</code><br><span class=\"meta\">{h}</span><br><span class=\"meta job-code\">Job code {job}</span><br><a class=\"review-page\" href=\"{page}\">review page</a>{diff}</th><td>{loc}</td><td>{p}</td><td>{s}</td>",
        id = escape_html(m.id()),
        h = escape_html(&crate::model::markdown::inline_text(&m.headline)),
        job = escape_html(&m.front.job_code),
        page = escape_html(&review_page::path(m)),
        loc = escape_html(m.locale()),
        p = escape_html(&m.front.product),
        s = m.front.stage.name(),
        st = row_statuses.into_iter().collect::<Vec<_>>().join(" "),
    );
    for ch in channels {
        let status = mine.iter().find(|s| &s.channel == *ch);
        match (status, content.channels.get(*ch)) {
            (Some(st), Some(channel)) => {
                let status = st.status.as_str();
                let dir = format!("{}/{}/{}", escape_html(m.locale()), escape_html(m.id()), escape_html(ch));
                let links = match channel.kind {
                    ChannelKind::Email => format!(
                        "<a href=\"{dir}/index.html\">{}</a> · <a href=\"{dir}/body.txt\">text</a>",
                        escape_html(ch)
                    ),
                    ChannelKind::Video => format!(
                        "<a href=\"{dir}/script.html\">{}</a> · <a href=\"{dir}/captions.vtt\">captions</a>",
                        escape_html(ch)
                    ),
                    _ => format!("<a href=\"{dir}/index.html\">{}</a>", escape_html(ch)),
                };
                // A follow-up's forms, one per subset of key messages.
                let links = if content.covers_undiscussed(m.id(), ch) {
                    let forms: Vec<String> = crate::model::journey::covered_subsets(m.key_messages.len())
                        .iter()
                        .map(|keep| {
                            let name = crate::model::journey::subset_name(keep);
                            format!(
                                "<a href=\"{dir}/{}/{name}/index.html\">{name}</a>",
                                crate::model::journey::COVERS_DIR
                            )
                        })
                        .collect();
                    format!("{links}<br><span class=\"meta covers\">covers key messages: {}</span>", forms.join(" · "))
                } else {
                    links
                };
                let mut who = String::new();
                for a in &st.approvals {
                    let _ = write!(
                        who,
                        "<li class=\"signer\" data-role=\"{r}\">{r}: {n} <span class=\"meta\">{t}</span></li>",
                        r = escape_html(&a.role),
                        n = escape_html(&a.name),
                        t = escape_html(a.time.get(..10).unwrap_or(&a.time)),
                    );
                }
                if !st.missing_roles.is_empty() {
                    let _ = write!(
                        who,
                        "<li class=\"missing\">missing: {}</li>",
                        escape_html(&st.missing_roles.join(", "))
                    );
                }
                if let Some(until) = st.approvals.iter().map(|a| a.expires.as_str()).min() {
                    let _ = write!(who, "<li class=\"expires\">expires {}</li>", escape_html(until));
                }
                let _ = write!(
                    rows,
                    "<td data-channel=\"{ch}\">{links} <span class=\"status status-{status}\" data-status=\"{status}\">{status}</span><ul class=\"review\">{who}</ul></td>",
                    ch = escape_html(ch)
                );
            }
            _ => rows.push_str("<td class=\"none\">—</td>"),
        }
    }
    rows.push_str("</tr>\n");
    rows
}
