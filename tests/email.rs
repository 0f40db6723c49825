//! Email that survives mail clients and Veeva, and the market forms every
//! channel shares with it (dates of preparation), checked by parsing what
//! `build` writes.

use crate::common::TempWorkspace;
use scraper::{ElementRef, Html, Selector};

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

/// The declarations of an element's `style` attribute, names lowercased.
fn declarations(e: &ElementRef<'_>) -> Vec<(String, String)> {
    e.value()
        .attr("style")
        .unwrap_or("")
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase()))
        .collect()
}

fn property(e: &ElementRef<'_>, name: &str) -> Option<String> {
    declarations(e).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// `name` as the text `needle` gets it from inline styles: the value on the
/// closest element around the text that sets it (what a client that strips
/// `<style>` blocks shows).
fn inline_style_of_text(doc: &Html, needle: &str, name: &str) -> Option<String> {
    let node = doc.root_element().descendants().find(|n| n.value().as_text().is_some_and(|t| t.contains(needle)))?;
    node.ancestors().filter_map(ElementRef::wrap).find_map(|e| property(&e, name))
}

const EMAILS: [&str; 2] = ["email/index.html", "email/veeva-approved-email.html"];

#[test]
fn styles_that_matter_are_inlined_in_both_versions() {
    let ws = built();
    for f in EMAILS {
        let html = ws.read(&format!("{V}/{f}"));
        let doc = Html::parse_document(&html);
        let h1 = doc.select(&Selector::parse("h1").unwrap()).next().expect("an h1");
        assert_eq!(property(&h1, "color").as_deref(), Some("#0b4f6c"), "{f}: h1 colour");
        assert_eq!(property(&h1, "font-size").as_deref(), Some("24px"), "{f}: h1 size");
        let refs: Vec<_> = doc.select(&Selector::parse("sup.ref").unwrap()).collect();
        assert!(!refs.is_empty(), "{f}: reference marks");
        for r in &refs {
            assert_eq!(property(r, "vertical-align").as_deref(), Some("super"), "{f}: {}", r.html());
            assert_eq!(property(r, "font-size").as_deref(), Some("11px"), "{f}: {}", r.html());
        }
        for a in doc.select(&Selector::parse("a").unwrap()) {
            assert!(property(&a, "color").is_some(), "{f}: a link without its colour: {}", a.html());
        }
        // The CTA button keeps its own white text.
        let button = doc.select(&Selector::parse("a[target=_blank]").unwrap()).next().expect("the CTA");
        assert_eq!(property(&button, "color").as_deref(), Some("#ffffff"), "{f}");
        // The <style> blocks stay for clients that honour media queries.
        assert!(html.contains("@media only screen and (min-width:480px)"), "{f}: the mobile layout");
    }
}

#[test]
fn small_print_is_small_on_the_element_that_holds_it() {
    let ws = built();
    for f in EMAILS {
        let doc = Html::parse_document(&ws.read(&format!("{V}/{f}")));
        for needle in [
            "For healthcare professionals only",
            "Samplera is contraindicated in patients with",
            "Adverse events should be reported",
            "Doe J, et al.",
            "Sample Pharma Ltd, 1 Sample Street",
            "UK-SA-0001",
            "Unsubscribe",
        ] {
            let size = inline_style_of_text(&doc, needle, "font-size");
            assert_eq!(size.as_deref(), Some("12px"), "{f}: {needle:?} size");
            if needle != "Unsubscribe" {
                let color = inline_style_of_text(&doc, needle, "color");
                assert_eq!(color.as_deref(), Some("#52606d"), "{f}: {needle:?} colour");
            }
        }
        let body = inline_style_of_text(&doc, "Samplera (exemplinib) is a once-daily", "font-size");
        assert_eq!(body.as_deref(), Some("15px"), "{f}: body text");
    }
}

/// How many `<!--` follow something other than whitespace.
fn glued_comments(html: &str) -> usize {
    html.match_indices("<!--")
        .filter(|(at, _)| html[..*at].chars().next_back().is_some_and(|c| !c.is_whitespace()))
        .count()
}

#[test]
fn every_comment_follows_whitespace_as_veeva_requires() {
    let ws = built();
    for dir in [V, RU] {
        for f in EMAILS {
            let html = ws.read(&format!("{dir}/{f}"));
            assert!(html.matches("<!--[if mso | IE]>").count() > 5, "{dir}/{f}: Outlook's conditional comments stay");
            assert_eq!(glued_comments(&html), 0, "{dir}/{f}");
        }
    }
    // The message carries exactly the approved HTML.
    let eml = std::fs::read(ws.root.join(format!("{V}/email/message.eml"))).unwrap();
    let msg = mail_parser::MessageParser::default().parse(&eml).expect("parse .eml");
    assert_eq!(msg.body_html(0).unwrap(), ws.read(&format!("{V}/email/index.html")));
}

#[test]
fn the_veeva_version_greets_the_account_in_its_language() {
    let ws = built();
    for (dir, salutation, greeting) in [
        (V, "Dear {{accTitle}} {{accLname}},", "Dear Healthcare Professional,"),
        (RU, "Уважаемый(-ая) {{accTitle}} {{accLname}}!", "Уважаемый специалист здравоохранения!"),
    ] {
        let veeva = html_text(&ws, &format!("{dir}/email/veeva-approved-email.html"));
        assert!(veeva.contains(salutation), "{dir}: {veeva}");
        assert!(!veeva.contains(greeting), "{dir}: one greeting");
        let regular = html_text(&ws, &format!("{dir}/email/index.html"));
        assert!(regular.contains(greeting) && !regular.contains("{{accTitle}}"), "{dir}: {regular}");
    }
}
