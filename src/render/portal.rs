//! The review portal `dist/index.html`: every message × locale × channel
//! with its status and a link to each variant.

use crate::approval::status::VariantStatus;
use crate::model::{ChannelKind, Content};
use crate::render::text::escape_html;
use std::fmt::Write as _;

/// Renders the portal page.
pub fn render(content: &Content, statuses: &[VariantStatus]) -> Vec<u8> {
    let channels: Vec<&String> = content.channels.keys().collect();
    let mut rows = String::new();
    for m in &content.messages {
        let _ = write!(
            rows,
            "<tr data-product=\"{p}\" data-stage=\"{s}\"><th scope=\"row\"><code>{id}</code><br><span class=\"meta\">{h}</span></th><td>{loc}</td><td>{p}</td><td>{s}</td>",
            id = escape_html(m.id()),
            h = escape_html(&crate::model::markdown::inline_text(&m.headline)),
            loc = escape_html(m.locale()),
            p = escape_html(&m.front.product),
            s = m.front.stage.name(),
        );
        for ch in &channels {
            let status = statuses.iter().find(|s| s.id == m.id() && s.locale == m.locale() && &s.channel == *ch);
            match (status, content.channels.get(*ch)) {
                (Some(st), Some(channel)) => {
                    let status = st.status.as_str();
                    let entry = if channel.kind == ChannelKind::Video { "script.html" } else { "index.html" };
                    let _ = write!(
                        rows,
                        "<td><a href=\"{loc}/{id}/{ch}/{entry}\">{ch}</a> <span class=\"status status-{status}\" data-status=\"{status}\">{status}</span></td>",
                        loc = escape_html(m.locale()),
                        id = escape_html(m.id()),
                        ch = escape_html(ch),
                    );
                }
                _ => rows.push_str("<td class=\"none\">—</td>"),
            }
        }
        rows.push_str("</tr>\n");
    }
    let head: String = channels.iter().map(|c| format!("<th scope=\"col\">{}</th>", escape_html(c))).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>unisono review portal</title>\n<style>\nbody {{ font: 15px/1.5 Arial, Helvetica, sans-serif; color: #1f2933; margin: 1rem; }}\ntable {{ border-collapse: collapse; width: 100%; }}\nth, td {{ border: 1px solid #cbd2d9; padding: .4rem .6rem; text-align: left; vertical-align: top; }}\nthead th {{ background: #f0f4f8; }}\n.meta {{ color: #52606d; font-size: .85rem; }}\n.status {{ display: inline-block; border-radius: 3px; padding: 0 .4rem; font-size: .8rem; }}\n.status-draft {{ background: #fce8e8; color: #8a1c1c; }}\n.status-approved {{ background: #e3f9e5; color: #1f5f2b; }}\n.status-partially-approved, .status-changes-requested {{ background: #fff3c4; color: #5c4813; }}\n.status-stale, .status-expired, .status-withdrawn, .status-outdated {{ background: #e4e7eb; color: #323f4b; }}\n</style>\n</head>\n<body>\n<main>\n<h1>Review portal</h1>\n<p>{n} message file(s) × {c} channel(s).</p>\n<table>\n<thead><tr><th scope=\"col\">Message</th><th scope=\"col\">Locale</th><th scope=\"col\">Product</th><th scope=\"col\">Stage</th>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</main>\n</body>\n</html>\n",
        n = content.messages.len(),
        c = channels.len(),
    )
    .into_bytes()
}
