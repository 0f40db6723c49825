//! A journey's report as a page of the portal
//! (`dist/journeys/<id>/report.html`): per step and locale, bars of the
//! open, click and visit rates; per key message, the share of HCPs who met it.

use crate::render::text::escape_html;
use crate::report::Report;
use std::fmt::Write as _;

const BAR_W: f64 = 320.0;

/// One labelled horizontal bar of `share` (0..=1), with its figure.
fn bar(label: &str, share: f64, detail: &str, colour: &str) -> String {
    let w = (share.clamp(0.0, 1.0) * BAR_W).round();
    format!(
        "<div class=\"bar\"><span class=\"label\">{l}</span><svg width=\"{BAR_W}\" height=\"16\" role=\"img\" aria-label=\"{l}: {p:.1}%\"><rect width=\"{BAR_W}\" height=\"16\" fill=\"#e4e7eb\"/><rect class=\"value\" data-share=\"{share:.4}\" width=\"{w}\" height=\"16\" fill=\"{colour}\"/></svg> <span class=\"figure\">{p:.1}% {d}</span></div>",
        l = escape_html(label),
        p = share * 100.0,
        d = escape_html(detail),
    )
}

/// The page.
pub fn page(r: &Report) -> Vec<u8> {
    let mut steps = String::new();
    for s in &r.steps {
        let since = match (&s.previous, s.median_hours_since_previous) {
            (Some(p), Some(h)) => format!("median {h:.1} h after {p}"),
            _ => String::new(),
        };
        let _ = writeln!(
            steps,
            "<section class=\"step\" data-step=\"{id}\" data-locale=\"{l}\"><h3>{id} · {l} <span class=\"meta\">{m} · {c} · {n} reached {since}</span></h3>{o}{k}{v}</section>",
            id = escape_html(&s.step),
            l = escape_html(&s.locale),
            m = escape_html(&s.message),
            c = escape_html(&s.channel),
            n = s.reached,
            since = escape_html(&since),
            o = bar("opened", s.open_rate, &format!("({})", s.opened), "#3e7bfa"),
            k = bar("clicked", s.click_rate, &format!("({})", s.clicked), "#7b61ff"),
            v = bar("visited", s.visit_rate, &format!("({})", s.visited), "#1f9d55"),
        );
    }
    let mut coverage = String::new();
    for c in &r.coverage {
        let through: Vec<String> = c.through.iter().map(|(ch, n)| format!("{ch} {n}")).collect();
        let _ = writeln!(
            coverage,
            "<div class=\"coverage\" data-locale=\"{l}\" data-message=\"{m}\" data-key-message=\"{k}\">{b}</div>",
            l = escape_html(&c.locale),
            m = escape_html(&c.message),
            k = c.key_message,
            b = bar(
                &format!("{} · {} · {}. {}", c.locale, c.message, c.key_message, c.title),
                c.share,
                &if through.is_empty() {
                    format!("({} of {})", c.met, c.population)
                } else {
                    format!("({} of {}; {})", c.met, c.population, through.join(", "))
                },
                "#f0b429"
            ),
        );
    }
    format!(
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Journey report: {id}</title>
<style>
body {{ font: 15px/1.5 Arial, Helvetica, sans-serif; color: #1f2933; margin: 1rem; }}
.meta {{ color: #52606d; font-size: .85rem; font-weight: normal; }}
.bar {{ display: flex; align-items: center; gap: .5rem; margin: .15rem 0; }}
.bar .label {{ display: inline-block; min-width: 22rem; font-size: .9rem; }}
.figure {{ font-size: .85rem; color: #323f4b; }}
</style>
</head>
<body>
<main>
<p><a href="../../index.html">Review portal</a></p>
<h1>Journey report: <code>{id}</code></h1>
<p>{hcps} HCP(s) in the interactions.</p>
<h2>Steps</h2>
{steps}<h2>Key-message coverage</h2>
<p>The share of the HCPs the journey reached who met each key message, in any channel (and through which).</p>
{coverage}</main>
</body>
</html>
"##,
        id = escape_html(&r.journey),
        hcps = r.hcps,
    )
    .into_bytes()
}
