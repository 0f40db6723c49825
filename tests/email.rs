//! Email that survives mail clients and Veeva, and the market forms every
//! channel shares with it (dates of preparation), checked by parsing what
//! `build` writes.

use crate::common::TempWorkspace;
use scraper::{Html, Selector};

const MSG: &str = "content/messages/sample-welcome.md";
const V: &str = "dist/en-GB/sample-welcome";
const RU: &str = "dist/ru-RU/sample-ru";

/// The sample workspace with a Russian piece beside the English one, built.
fn built() -> TempWorkspace {
    let ws = TempWorkspace::sample();
    ws.add_locale(
        "ru-RU",
        "Сэмплера снизила систолическое давление на 12 мм рт. ст.",
        "Сэмплера принимают по одной таблетке один раз в сутки.",
    );
    let master = ws.read(MSG);
    ws.write(
        "content/messages/sample-ru.md",
        master.replace("id: sample-welcome", "id: sample-ru").replace("locale: en-GB", "locale: ru-RU"),
    );
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    ws
}

/// The visible text of an HTML file, whitespace collapsed.
fn html_text(ws: &TempWorkspace, rel: &str) -> String {
    let doc = Html::parse_document(&ws.read(rel));
    doc.root_element().text().collect::<String>().split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_channel_prints_the_date_of_preparation_as_its_market_writes_it() {
    let ws = built();
    for (dir, date, label) in
        [(V, "January 2026", "Date of preparation"), (RU, "январь 2026\u{a0}г.", "Дата подготовки")]
    {
        let needle = format!("{label}: {date}");
        for f in ["email/index.html", "email/veeva-approved-email.html", "landing/index.html", "edetail/index.html"] {
            let text = html_text(&ws, &format!("{dir}/{f}"));
            assert!(text.contains(&needle), "{dir}/{f} lacks {needle:?}");
            assert!(!text.contains("2026-01-20"), "{dir}/{f} still prints the ISO date");
        }
        for f in ["email/body.txt", "video/script.md"] {
            let text = ws.read(&format!("{dir}/{f}"));
            assert!(text.contains(date), "{dir}/{f} lacks {date:?}");
            assert!(!text.contains("2026-01-20"), "{dir}/{f} still prints the ISO date");
        }
        // The end card of the video shows it too.
        let script = html_text(&ws, &format!("{dir}/video/script.html"));
        assert_eq!(script.matches(date).count(), 2, "header and end card: {script}");
    }
}

#[test]
fn ae_contacts_are_links_on_every_html_channel_and_nothing_else_is() {
    let ws = TempWorkspace::sample();
    ws.edit(
        "content/products/sample.yaml",
        "ae_statement: Adverse events should be reported. Reporting forms and information can be found at https://yellowcard.example. Adverse events should also be reported to Sample Pharma Ltd on 0800 000 000.",
        "ae_statement: 'Report at https://yellowcard.example/report?a=1&b=2. Not javascript:alert(1) nor <a href=\"javascript:alert(2)\">x</a> nor JAVASCRIPT://x.example. Call +44 (0)800 000 000 or write to pv@samplera.example.'",
    );
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let a = Selector::parse("a[href]").unwrap();
    for f in ["email/index.html", "email/veeva-approved-email.html", "landing/index.html", "edetail/index.html"] {
        let doc = Html::parse_document(&ws.read(&format!("{V}/{f}")));
        let links: Vec<(String, String)> = doc
            .select(&a)
            .map(|e| (e.value().attr("href").unwrap_or("").to_string(), e.text().collect::<String>()))
            .collect();
        for (href, text) in [
            ("https://yellowcard.example/report?a=1&b=2", "https://yellowcard.example/report?a=1&b=2"),
            ("tel:+44800000000", "+44 (0)800 000 000"),
            ("mailto:pv@samplera.example", "pv@samplera.example"),
        ] {
            assert!(links.contains(&(href.to_string(), text.to_string())), "{f}: no link {href} in {links:?}");
        }
        for (href, _) in &links {
            let scheme = href.trim().to_ascii_lowercase();
            assert!(!scheme.starts_with("javascript:") && !scheme.starts_with("data:"), "{f}: {href}");
        }
        let text = html_text(&ws, &format!("{V}/{f}"));
        assert!(
            text.contains("Not javascript:alert(1) nor <a href=\"javascript:alert(2)\">x</a>"),
            "{f}: shown as text"
        );
    }
    // The plain-text part keeps the statement as written.
    assert!(ws.read(&format!("{V}/email/body.txt")).contains("pv@samplera.example"));
    // The completeness check finds the statement in its linked form.
    let (_, diags) = ws.check();
    assert!(!diags.iter().any(|d| d["code"] == "missing-element"), "{diags:?}");
}
