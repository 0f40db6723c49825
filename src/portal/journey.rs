//! The journeys in the review portal: each drawn as a diagram (steps,
//! conditions, channels) with each locale's variant status, and whether it
//! can run end to end.

use crate::approval::status::VariantStatus;
use crate::model::Content;
use crate::model::journey::{Journey, When};
use crate::plan::{Readiness, readiness};
use crate::render::text::escape_html;
use std::fmt::Write as _;

const NODE_H: usize = 78;
const GAP_X: usize = 90;
const GAP_Y: usize = 28;
const CHIP_W: usize = 52;

/// The portal's journeys section (empty without journeys).
pub fn section(content: &Content, statuses: &[VariantStatus], reports: &std::collections::BTreeSet<String>) -> String {
    if content.journeys.is_empty() {
        return String::new();
    }
    let mut out = String::from("<section id=\"journeys\"><h2>Journeys</h2>\n");
    for j in content.journeys.values() {
        let ready = readiness(j, content, statuses);
        let _ = write!(
            out,
            "<article class=\"journey\" data-journey=\"{id}\"><h3><code>{id}</code> <span class=\"meta\">{file}</span>{report}</h3>\n<ul class=\"readiness\">",
            id = escape_html(&j.id),
            file = escape_html(&j.file.display().to_string()),
            report = if reports.contains(&j.id) {
                format!(" <a class=\"report\" href=\"journeys/{}/report.html\">report</a>", escape_html(&j.id))
            } else {
                String::new()
            },
        );
        for r in &ready {
            let blocking: Vec<String> = r
                .steps
                .iter()
                .filter(|s| s.status != "approved")
                .map(|s| format!("{}: {}", s.step, s.status))
                .collect();
            let (class, text) = if r.ready {
                ("approved", "ready end to end".to_string())
            } else {
                ("draft", format!("not ready ({})", blocking.join(", ")))
            };
            let _ = write!(
                out,
                "<li data-locale=\"{l}\" data-ready=\"{ready}\">{l}: <span class=\"status status-{class}\">{t}</span></li>",
                l = escape_html(&r.locale),
                ready = r.ready,
                t = escape_html(&text),
            );
        }
        out.push_str("</ul>\n");
        out.push_str(&diagram(j, &ready));
        out.push_str("</article>\n");
    }
    out.push_str("</section>\n");
    out
}

/// Each step's depth (steps from the entry) and row, for laying it out.
fn layout(j: &Journey) -> Vec<(usize, usize)> {
    let n = j.steps.len();
    let mut first: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, s) in j.steps.iter().enumerate() {
        first.entry(s.id.as_str()).or_insert(i);
    }
    let parent: Vec<Option<usize>> =
        j.steps.iter().map(|s| s.after.as_deref().and_then(|a| first.get(a).copied())).collect();
    let mut depth = vec![0usize; n];
    for (i, _) in j.steps.iter().enumerate() {
        let mut d = 0;
        let mut cur = i;
        // Bounded: a circle is a check error, but never a hang here.
        while let Some(p) = parent[cur] {
            d += 1;
            cur = p;
            if d > n {
                break;
            }
        }
        depth[i] = d.min(n);
    }
    let mut rows_used = vec![0usize; n + 1];
    depth
        .iter()
        .map(|&d| {
            let r = rows_used[d];
            rows_used[d] += 1;
            (d, r)
        })
        .collect()
}

/// The journey as an SVG diagram: a box per step (id, message, channel,
/// a status chip per locale), an arrow per `after` labelled with its
/// condition.
fn diagram(j: &Journey, ready: &[Readiness]) -> String {
    let pos = layout(j);
    let node_w = (ready.len() * CHIP_W + 16).max(250);
    let x = |d: usize| 10 + d * (node_w + GAP_X);
    let y = |r: usize| 10 + r * (NODE_H + GAP_Y);
    let width = x(pos.iter().map(|p| p.0).max().unwrap_or(0)) + node_w + 10;
    let height = y(pos.iter().map(|p| p.1).max().unwrap_or(0)) + NODE_H + 10;
    let mut svg = format!(
        "<svg class=\"journey-diagram\" role=\"img\" aria-label=\"Journey {id}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">\n<defs><marker id=\"arrow-{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#52606d\"/></marker></defs>\n",
        id = escape_html(&j.id)
    );
    for (i, s) in j.steps.iter().enumerate() {
        let Some(p) = s.after.as_deref().and_then(|a| j.steps.iter().position(|o| o.id == a)) else { continue };
        let (x1, y1) = (x(pos[p].0) + node_w, y(pos[p].1) + NODE_H / 2);
        let (x2, y2) = (x(pos[i].0), y(pos[i].1) + NODE_H / 2);
        let mut label = match s.when {
            None => "then".to_string(),
            Some(When::None) => "no response".to_string(),
            Some(w) => w.name().to_string(),
        };
        if let Some(w) = &s.within {
            label.push_str(&format!(" ≤ {w}"));
        }
        if let Some(w) = &s.wait {
            label.push_str(&format!(", wait {w}"));
        }
        let _ = writeln!(
            svg,
            "<path class=\"edge\" d=\"M{x1},{y1} C{cx},{y1} {cx},{y2} {x2},{y2}\" fill=\"none\" stroke=\"#52606d\" stroke-width=\"1.5\" marker-end=\"url(#arrow-{id})\"/><text class=\"condition\" x=\"{lx}\" y=\"{ly}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#323f4b\">{label}</text>",
            cx = (x1 + x2) / 2,
            lx = (x1 + x2) / 2,
            ly = (y1 + y2) / 2 - 4,
            id = escape_html(&j.id),
            label = escape_html(&label),
        );
    }
    for (i, s) in j.steps.iter().enumerate() {
        let (nx, ny) = (x(pos[i].0), y(pos[i].1));
        let covers = if s.covers == crate::model::journey::Covers::Undiscussed { " · undiscussed" } else { "" };
        let _ = write!(
            svg,
            "<g class=\"step\" data-step=\"{sid}\"><rect x=\"{nx}\" y=\"{ny}\" width=\"{node_w}\" height=\"{NODE_H}\" rx=\"6\" fill=\"#f0f4f8\" stroke=\"#9aa5b1\"/><text x=\"{tx}\" y=\"{t1}\" font-size=\"13\" font-weight=\"bold\" fill=\"#1f2933\">{sid}</text><text x=\"{tx}\" y=\"{t2}\" font-size=\"11\" fill=\"#323f4b\">{msg} · {ch}{covers}</text>",
            sid = escape_html(&s.id),
            tx = nx + 8,
            t1 = ny + 18,
            t2 = ny + 36,
            msg = escape_html(&s.message),
            ch = escape_html(&s.channel),
        );
        for (k, r) in ready.iter().enumerate() {
            let status = r.steps.get(i).map_or("missing", |st| st.status.as_str());
            let (fill, ink) = colours(status);
            let cx = nx + 8 + k * CHIP_W;
            let _ = write!(
                svg,
                "<g class=\"chip\" data-locale=\"{l}\" data-status=\"{st}\"><title>{l}: {st}</title><rect x=\"{cx}\" y=\"{cy}\" width=\"{w}\" height=\"20\" rx=\"3\" fill=\"{fill}\"/><text x=\"{tx}\" y=\"{ty}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{ink}\">{l}</text></g>",
                l = escape_html(&r.locale),
                st = escape_html(status),
                cy = ny + 48,
                w = CHIP_W - 6,
                tx = cx + (CHIP_W - 6) / 2,
                ty = ny + 62,
            );
        }
        svg.push_str("</g>\n");
    }
    svg.push_str("</svg>\n");
    svg
}

/// Background and text colour of a status chip (the portal's status colours).
fn colours(status: &str) -> (&'static str, &'static str) {
    match status {
        "approved" => ("#e3f9e5", "#1f5f2b"),
        "partially-approved" | "changes-requested" => ("#fff3c4", "#5c4813"),
        "draft" | "missing" => ("#fce8e8", "#8a1c1c"),
        _ => ("#e4e7eb", "#323f4b"),
    }
}
