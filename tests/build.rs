//! `unisono build`: what users get, checked by parsing it — HTML with a real
//! HTML parser, the `.eml` with a MIME parser, CLM packages with a zip
//! reader and a PNG decoder, captions with strict SRT/WebVTT parsers.

use crate::common::{TempWorkspace, tree};
use mail_parser::MimeHeaders;
use scraper::{Html, Selector};
use std::io::Read;

const MSG: &str = "content/messages/sample-welcome.md";
const V: &str = "dist/en-GB/sample-welcome";

fn built() -> TempWorkspace {
    let ws = TempWorkspace::sample();
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    ws
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn texts(doc: &Html, s: &str) -> Vec<String> {
    doc.select(&sel(s)).map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_channel_gets_its_files() {
    let ws = built();
    let files: Vec<String> = tree(&ws.root.join(V)).keys().map(|p| p.display().to_string()).collect();
    for f in [
        "email/index.html",
        "email/body.txt",
        "email/message.eml",
        "email/veeva-approved-email.html",
        "landing/index.html",
        "edetail/index.html",
        "video/script.md",
        "video/script.html",
        "video/captions.srt",
        "video/captions.vtt",
    ] {
        assert!(files.contains(&f.to_string()), "missing {f} in {files:?}");
    }
    assert!(ws.root.join("dist/index.html").is_file(), "review portal");
}

#[test]
fn landing_page_is_accessible_and_complete() {
    let ws = built();
    let doc = Html::parse_document(&ws.read(&format!("{V}/landing/index.html")));
    assert_eq!(doc.select(&sel("html")).next().unwrap().value().attr("lang"), Some("en-GB"));
    assert_eq!(doc.select(&sel("h1")).count(), 1, "exactly one h1");
    assert_eq!(doc.select(&sel("main")).count(), 1, "a main landmark");
    // Headings never skip a level.
    let levels: Vec<u8> =
        doc.select(&sel("h1, h2, h3, h4, h5, h6")).map(|e| e.value().name()[1..].parse().unwrap()).collect();
    assert!(levels.windows(2).all(|w| w[1] <= w[0] + 1), "heading order {levels:?}");
    let all = norm(&doc.root_element().text().collect::<String>());
    let product = ws.read("content/products/sample.yaml");
    let ae = product.lines().find_map(|l| l.trim().strip_prefix("ae_statement: ")).unwrap();
    assert!(all.contains(ae), "AE statement verbatim");
    assert!(all.contains("Samplera is contraindicated in patients with hypersensitivity to exemplinib."), "ISI");
    assert!(all.contains("UK-SA-0001"), "job code");
    assert!(all.contains("January 2026"), "date of preparation");
    assert!(all.contains("DRAFT — not approved for use"), "not approved: DRAFT mark");
    let pi: Vec<_> = doc.select(&sel("a")).filter_map(|a| a.value().attr("href")).collect();
    assert!(pi.contains(&"https://samplera.example/uk/prescribing-information"), "PI link {pi:?}");
    // Claims verbatim, references numbered in order of first use.
    let claims = texts(&doc, "span.claim");
    assert_eq!(
        claims,
        [
            "Samplera reduced the primary end point by 40% versus placebo at week 24.",
            "Samplera is taken as one tablet once daily, with or without food."
        ]
    );
    assert_eq!(texts(&doc, "sup.ref"), ["1", "2"]);
    let refs = texts(&doc, "#references + ol li");
    assert_eq!(refs.len(), 2, "{refs:?}");
    assert!(refs[0].starts_with("Doe J, et al."), "{refs:?}");
}

#[test]
fn content_is_escaped_in_every_output() {
    let ws = TempWorkspace::sample();
    ws.edit(
        "content/claims.yaml",
        "en-GB: Samplera is taken as one tablet once daily, with or without food.",
        "en-GB: \"Samplera <script>alert(1)</script> is taken once daily & with food.\"",
    );
    ws.edit(MSG, "Read the Summary", "Read <img src=x> the Summary");
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    for f in [
        "landing/index.html",
        "email/index.html",
        "email/veeva-approved-email.html",
        "edetail/index.html",
        "video/script.html",
    ] {
        let doc = Html::parse_document(&ws.read(&format!("{V}/{f}")));
        assert_eq!(doc.select(&sel("script")).count(), 0, "{f}: a script element came through");
        assert_eq!(doc.select(&sel("img")).count(), 0, "{f}: raw HTML came through");
        let text = doc.root_element().text().collect::<String>();
        assert!(text.contains("<script>alert(1)</script>"), "{f}: the text is shown, escaped");
    }
    let doc = Html::parse_document(&ws.read(&format!("{V}/landing/index.html")));
    assert!(doc.root_element().text().collect::<String>().contains("Read <img src=x> the Summary"));
}

#[test]
fn email_is_a_well_formed_multipart_message() {
    let ws = built();
    let eml = std::fs::read(ws.root.join(format!("{V}/email/message.eml"))).unwrap();
    let msg = mail_parser::MessageParser::default().parse(&eml).expect("parse .eml");
    assert_eq!(msg.subject(), Some("[DRAFT] Introducing Samplera for your patients"));
    let ct = msg.content_type().unwrap();
    assert_eq!((ct.ctype(), ct.subtype()), ("multipart", Some("alternative")));
    let kinds: Vec<String> = msg.parts[1..]
        .iter()
        .map(|p| {
            let c = p.content_type().unwrap();
            format!("{}/{}", c.ctype(), c.subtype().unwrap_or(""))
        })
        .collect();
    assert_eq!(kinds, ["text/plain", "text/html"], "plain first, then HTML");
    assert_eq!(msg.body_text(0).unwrap(), ws.read(&format!("{V}/email/body.txt")));
    assert_eq!(msg.body_html(0).unwrap(), ws.read(&format!("{V}/email/index.html")));
    let header = |name: &str| msg.header_raw(name).map(|h| h.trim().to_string());
    assert_eq!(header("List-Unsubscribe").as_deref(), Some("<https://samplera.example/uk/unsubscribe>"));
    assert_eq!(header("List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    assert_eq!(msg.from().unwrap().first().unwrap().address(), Some("medinfo@samplera.example"));
    // The Message-ID is in the sender's domain, and derived from the content.
    let id = msg.message_id().expect("a Message-ID");
    assert!(id.starts_with("sample-welcome.en-GB.email."), "{id}");
    assert!(id.ends_with("@samplera.example"), "the sender's domain: {id}");

    // The HTML: table-based layout, inlined styles, the preheader, the footer.
    let doc = Html::parse_document(&ws.read(&format!("{V}/email/index.html")));
    assert!(doc.select(&sel("table")).count() > 3, "table-based layout");
    assert!(doc.select(&sel("td[style]")).count() > 3, "inlined CSS");
    let text = norm(&doc.root_element().text().collect::<String>());
    for needed in [
        "One tablet once daily, with or without food",
        "UK-SA-0001",
        "Sample Pharma Ltd, 1 Sample Street",
        "Unsubscribe",
        "DRAFT — not approved for use",
    ] {
        assert!(text.contains(needed), "email lacks {needed:?}");
    }
    let hrefs: Vec<_> = doc.select(&sel("a")).filter_map(|a| a.value().attr("href")).collect();
    assert!(hrefs.contains(&"https://samplera.example/uk/unsubscribe"), "{hrefs:?}");

    // The Veeva version carries Veeva's tokens instead.
    let veeva = Html::parse_document(&ws.read(&format!("{V}/email/veeva-approved-email.html")));
    let hrefs: Vec<_> = veeva.select(&sel("a")).filter_map(|a| a.value().attr("href")).collect();
    for token in ["{{unsubscribe_product_link}}", "{{PILink}}", "{{ISILink}}"] {
        assert!(hrefs.contains(&token), "veeva lacks {token}: {hrefs:?}");
    }
    assert!(norm(&veeva.root_element().text().collect::<String>()).contains("{{accTitle}} {{accLname}},"));
}

#[test]
fn slides_are_a_deck_and_clm_packages() {
    let ws = built();
    let deck = Html::parse_document(&ws.read(&format!("{V}/edetail/index.html")));
    let kinds: Vec<String> = deck
        .select(&sel("section.slide"))
        .map(|s| s.value().attr("class").unwrap().split(' ').nth(1).unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["slide-title", "slide-key-message", "slide-key-message", "slide-safety", "slide-references"]);
    let clm = ws.root.join(format!("{V}/edetail/clm"));
    let mut zips: Vec<String> =
        std::fs::read_dir(&clm).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    zips.sort();
    assert_eq!(zips.len(), 5);
    assert_eq!(zips[1], "sample-welcome-en-GB-02-key-message.zip");
    for name in &zips {
        assert!(name.is_ascii() && !name.contains(' '), "{name}");
        let mut zip = zip::ZipArchive::new(std::fs::File::open(clm.join(name)).unwrap()).unwrap();
        let mut entries: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
        entries.sort();
        assert_eq!(entries, ["index.html", "thumb.png"], "{name}");
        let mut html = String::new();
        zip.by_name("index.html").unwrap().read_to_string(&mut html).unwrap();
        let doc = Html::parse_document(&html);
        assert_eq!(doc.select(&sel("section.slide")).count(), 1, "one slide per package");
        let mut png = Vec::new();
        let mut entry = zip.by_name("thumb.png").unwrap();
        assert_eq!(entry.compression(), zip::CompressionMethod::Deflated, "{name}");
        entry.read_to_end(&mut png).unwrap();
        assert!(png.len() <= 15 * 1024, "{name}: thumb.png is {} bytes", png.len());
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (200, 150), "{name}");
        assert_eq!(reader.info().color_type, png::ColorType::Indexed, "{name}");
    }
}

/// A cue of a caption file.
#[derive(Debug, PartialEq)]
struct Cue {
    start: u64,
    end: u64,
    lines: Vec<String>,
}

fn time(s: &str, sep: char) -> u64 {
    let (hms, ms) = s.split_once(sep).unwrap_or_else(|| panic!("bad time {s}"));
    let p: Vec<u64> = hms.split(':').map(|x| x.parse().unwrap()).collect();
    assert_eq!(p.len(), 3, "bad time {s}");
    assert_eq!(ms.len(), 3, "bad time {s}");
    ((p[0] * 60 + p[1]) * 60 + p[2]) * 1000 + ms.parse::<u64>().unwrap()
}

fn parse_cues(blocks: &[&str], sep: char, numbered: bool) -> Vec<Cue> {
    blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let mut lines = b.lines();
            if numbered {
                assert_eq!(lines.next().unwrap(), (i + 1).to_string(), "cue number");
            }
            let (a, z) = lines.next().unwrap().split_once(" --> ").expect("timing line");
            let cue = Cue { start: time(a, sep), end: time(z, sep), lines: lines.map(str::to_string).collect() };
            assert!(!cue.lines.is_empty(), "empty cue");
            cue
        })
        .collect()
}

#[test]
fn captions_are_well_formed_and_within_limits() {
    let ws = built();
    let srt = ws.read(&format!("{V}/video/captions.srt"));
    let vtt = ws.read(&format!("{V}/video/captions.vtt"));
    let srt_blocks: Vec<&str> = srt.trim_end().split("\n\n").collect();
    let srt_cues = parse_cues(&srt_blocks, ',', true);
    let body = vtt.strip_prefix("WEBVTT\n\n").expect("WEBVTT header");
    let vtt_blocks: Vec<&str> = body.trim_end().split("\n\n").collect();
    let vtt_cues = parse_cues(&vtt_blocks, '.', false);
    assert_eq!(srt_cues, vtt_cues, "SRT and WebVTT carry the same cues");
    assert!(srt_cues.len() >= 4);
    let mut last = 0;
    for c in &srt_cues {
        assert!(c.start >= last && c.end > c.start, "monotonic: {c:?}");
        last = c.end;
        assert!(c.lines.len() <= 2, "{c:?}");
        for l in &c.lines {
            assert!(l.chars().count() <= 42, "line too long: {l:?}");
        }
        let chars: usize = c.lines.iter().map(|l| l.chars().count()).sum();
        let cps = chars as f64 * 1000.0 / (c.end - c.start) as f64;
        assert!(cps <= 17.0 + 1e-9, "reading speed {cps:.1} cps: {c:?}");
    }
    // The spoken safety statement is captioned.
    let all: String = srt_cues.iter().flat_map(|c| c.lines.iter()).cloned().collect::<Vec<_>>().join(" ");
    assert!(all.contains("Check liver function before and during treatment."), "{all}");
}

#[test]
fn av_script_has_the_required_scenes() {
    let ws = built();
    let doc = Html::parse_document(&ws.read(&format!("{V}/video/script.html")));
    let header: Vec<String> = texts(&doc, "thead th");
    assert_eq!(header, ["Scene", "Visual direction", "On screen", "Voice-over", "Claims", "Duration"]);
    let rows: Vec<Vec<String>> = doc
        .select(&sel("tbody tr"))
        .map(|r| r.select(&sel("th, td")).map(|c| norm(&c.text().collect::<String>())).collect())
        .collect();
    let labels: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        labels,
        [
            "1. Hook",
            "2. Summary",
            "3. Key message 1",
            "4. Key message 2",
            "5. Call to action",
            "6. Safety information",
            "7. End card"
        ]
    );
    let visuals: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        visuals,
        [
            "Title card: Samplera (exemplinib): one tablet, once daily",
            "Summary text on screen",
            "Claim on screen with reference mark",
            "Claim on screen with reference mark",
            "Call to action and link on screen",
            "Safety information on screen",
            "End card: AE reporting, references, PI link"
        ]
    );
    let safety = &rows[5];
    let isi_short =
        "Samplera is not for patients allergic to exemplinib. Check liver function before and during treatment.";
    assert!(safety[2].contains(isi_short), "safety on screen: {safety:?}");
    assert!(safety[3].contains("Check liver function"), "safety in audio: {safety:?}");
    let end = &rows[6];
    for needed in
        ["UK-SA-0001", "https://samplera.example/uk/prescribing-information", "Adverse events should be reported."]
    {
        assert!(end[2].contains(needed), "end card lacks {needed}: {end:?}");
    }
    assert_eq!(rows[2][4], "SA-EFF-01", "claim ids per scene");
    assert!(!rows[2][3].contains('['), "no reference markers in the voice-over");
    // Brackets are not read aloud: "Samplera (exemplinib)" is said "Samplera, exemplinib,".
    assert!(rows[1][2].contains("Samplera (exemplinib)"), "{:?}", rows[1]);
    for row in &rows {
        assert!(!row[3].contains(['(', ')', '[', ']']), "brackets in the voice-over: {row:?}");
    }
    assert!(rows[1][3].starts_with("Samplera, exemplinib, is"), "{:?}", rows[1]);
    // A claim id never wraps: each is its own unbreakable span.
    let ids: Vec<String> = texts(&doc, "td.claims .claim-id");
    assert_eq!(ids, ["SA-EFF-01", "SA-DOS-01"]);
    let style = texts(&doc, "style").join(" ");
    assert!(style.contains(".claim-id, .duration { white-space: nowrap; }"), "{style}");
    let md = ws.read(&format!("{V}/video/script.md"));
    assert!(md.contains("| `SA-EFF-01` |"), "claim ids are code spans in Markdown: {md}");
    assert!(md.contains("| Scene | Visual direction | On screen |"), "{md}");
}

/// A workspace holding the repository's example content (channels, reviewers, content, templates), built.
pub(crate) fn example_built() -> TempWorkspace {
    let ws = TempWorkspace::sample();
    std::fs::remove_dir_all(ws.root.join("content")).unwrap();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for top in ["channels.yaml", "reviewers.yaml", "content", "templates"] {
        for entry in walkdir::WalkDir::new(repo.join(top)).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(repo).unwrap();
                ws.write(&rel.display().to_string(), std::fs::read(entry.path()).unwrap());
            }
        }
    }
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    ws
}

/// Duration in ms of a script row's last cell ("44.2 s").
fn row_ms(row: &[String]) -> u64 {
    let seconds: f64 = row.last().and_then(|d| d.strip_suffix(" s")).and_then(|d| d.parse().ok()).unwrap();
    (seconds * 1000.0).round() as u64
}

#[test]
fn example_captions_are_held_long_enough_to_read() {
    let ws = example_built();
    let videos: Vec<std::path::PathBuf> = tree(&ws.root.join("dist"))
        .keys()
        .filter(|p| p.ends_with("video/captions.vtt"))
        .map(|p| p.parent().unwrap().to_path_buf())
        .collect();
    for locale in ["en-GB", "es-ES", "de-DE", "ru-RU"] {
        assert!(videos.iter().any(|v| v.starts_with(locale)), "no {locale} video in {videos:?}");
    }
    // The German start-today video is back: its claims are held long enough to caption.
    assert!(videos.iter().any(|v| v.starts_with("de-DE/cardiozen-start-today")), "{videos:?}");
    let (mut longest, mut fastest) = (0u64, 0f64);
    for video in &videos {
        let dir = format!("dist/{}", video.display());
        let srt = ws.read(&format!("{dir}/captions.srt"));
        let vtt = ws.read(&format!("{dir}/captions.vtt"));
        let srt_blocks: Vec<&str> = srt.trim_end().split("\n\n").collect();
        let srt_cues = parse_cues(&srt_blocks, ',', true);
        let body = vtt.strip_prefix("WEBVTT\n\n").expect("WEBVTT header");
        let vtt_blocks: Vec<&str> = body.trim_end().split("\n\n").collect();
        let vtt_cues = parse_cues(&vtt_blocks, '.', false);
        assert_eq!(srt_cues.len(), vtt_cues.len(), "{dir}");
        for (c, v) in srt_cues.iter().zip(&vtt_cues) {
            assert_eq!((c.start, c.end), (v.start, v.end), "{dir}");
        }
        let mut last = 0;
        for c in &srt_cues {
            assert!(c.start >= last && c.end > c.start, "monotonic in {dir}: {c:?}");
            last = c.end;
            assert!(c.end - c.start <= 7000, "a cue longer than 7 s in {dir}: {c:?}");
            assert!(c.lines.len() <= 2 && c.lines.iter().all(|l| l.chars().count() <= 42), "{dir}: {c:?}");
            let chars: usize = c.lines.iter().map(|l| l.chars().count()).sum();
            let cps = chars as f64 * 1000.0 / (c.end - c.start) as f64;
            assert!(cps <= 17.0 + 1e-9, "{cps:.1} characters per second in {dir}: {c:?}");
            longest = longest.max(c.end - c.start);
            fastest = fastest.max(cps);
        }
        // The end card is held for its text at the reading speed, after the last caption.
        let doc = Html::parse_document(&ws.read(&format!("{dir}/script.html")));
        let rows: Vec<Vec<String>> = doc
            .select(&sel("tbody tr"))
            .map(|r| r.select(&sel("th, td")).map(|c| c.text().collect::<String>()).collect())
            .collect();
        let end_card = rows.last().unwrap();
        let shown: usize = end_card[2].chars().count();
        let end_ms = row_ms(end_card);
        assert!(end_ms as f64 >= shown as f64 * 1000.0 / 17.0, "{dir}: {shown} chars in {end_ms} ms");
        let before: u64 = rows[..rows.len() - 1].iter().map(|r| row_ms(r)).sum();
        assert!(last <= before, "{dir}: a caption runs into the end card");
        assert!(rows.iter().all(|r| !r[1].trim().is_empty()), "{dir}: a scene without visual direction");
        for row in &rows {
            assert!(!row[3].contains(['(', ')']), "{dir}: brackets in the voice-over: {row:?}");
        }
    }
    eprintln!("longest cue {longest} ms, fastest {fastest:.2} characters per second");
    // A claim with `data:` is charted.
    let script = ws.read("dist/en-GB/cardiozen-add-on-evidence/video/script.md");
    assert!(script.contains("Chart: CZ-EFF-0"), "{script}");
    let script = ws.read("dist/de-DE/cardiozen-ldl-goal/video/script.md");
    assert!(script.contains("| Szene | Bildregie | Bildschirm |"), "{script}");
}

#[test]
fn builds_are_deterministic_across_runs_and_folders() {
    let ws = built();
    let first = tree(&ws.root.join("dist"));
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 0);
    assert_eq!(first, tree(&ws.root.join("dist")), "second build, same bytes");
    // The same workspace in another folder builds to the same bytes.
    let other = tempfile::tempdir().unwrap();
    let copy = other.path().join("elsewhere");
    for (rel, bytes) in tree(&ws.root) {
        if rel.starts_with("dist") {
            continue;
        }
        let p = copy.join(&rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    crate::common::git(&copy, &["init", "-q"]);
    assert_eq!(crate::common::unisono(&copy, &["build"]).code, 0);
    assert_eq!(first, tree(&copy.join("dist")), "another folder, same bytes");
}

#[test]
fn build_refuses_bad_content_and_writes_nothing() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "[[SA-EFF-01]]", "[[SA-EFF-99]]");
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[unknown-claim]"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(!ws.root.join("dist").exists());
}

#[test]
fn template_errors_name_the_template_and_line() {
    let ws = TempWorkspace::sample();
    ws.eject("page.html.tera");
    ws.edit("templates/page.html.tera", "<h1>{{ headline.html | safe }}</h1>", "<h1>{{ headline.html | safe }</h1>");
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[template-syntax]"), "{}", run.stderr);
    let line = ws.read("templates/page.html.tera").lines().position(|l| l.contains("<h1>")).unwrap() + 1;
    assert!(run.stderr.contains(&format!("templates/page.html.tera:{line}:")), "{}", run.stderr);
    assert!(!ws.root.join("dist").exists());

    let ws = TempWorkspace::sample();
    ws.eject("page.html.tera");
    ws.edit("templates/page.html.tera", "{{ strings.main_content }}", "{{ strings.main_contnt }}");
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[template-error]"), "{}", run.stderr);
    let line = ws.read("templates/page.html.tera").lines().position(|l| l.contains("main_contnt")).unwrap() + 1;
    assert!(run.stderr.contains(&format!("templates/page.html.tera:{line}:")), "{}", run.stderr);
}

#[test]
fn a_channel_may_use_its_own_template() {
    let ws = TempWorkspace::sample();
    ws.write("templates/microsite.html.tera", "<!DOCTYPE html><html lang=\"{{ message.locale }}\"><title>x</title><h1>{{ headline.html | safe }}</h1><p>{{ message.job_code }}</p></html>\n");
    ws.edit(
        "channels.yaml",
        "  landing:\n    kind: page\n",
        "  landing:\n    kind: page\n  microsite:\n    kind: page\n    templates: { html: microsite.html.tera }\n",
    );
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let doc = Html::parse_document(&ws.read(&format!("{V}/microsite/index.html")));
    assert_eq!(texts(&doc, "p"), ["UK-SA-0001"]);
}

#[test]
fn portal_lists_every_message_locale_and_channel() {
    let ws = built();
    let doc = Html::parse_document(&ws.read("dist/index.html"));
    let rows: Vec<_> = doc.select(&sel("tbody tr")).collect();
    assert_eq!(rows.len(), 1);
    let links: Vec<_> = rows[0].select(&sel("td a")).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(links.len(), 6, "each channel, the email's text and the video's captions: {links:?}");
    for l in links {
        assert!(ws.root.join("dist").join(l).is_file(), "portal links to a missing file {l}");
    }
    assert_eq!(texts(&doc, ".status"), ["draft", "draft", "draft", "draft"]);
}

#[test]
fn a_rebuild_renders_only_what_changed() {
    let ws = TempWorkspace::sample();
    assert_eq!(ws.run(&["new", "sample-second", "--product", "sample", "--locale", "en-GB"]).code, 0);
    let first = ws.run(&["build", "--format", "json"]).json();
    assert_eq!(first["rendered"].as_array().unwrap().len(), 8);
    let again = ws.run(&["build", "--format", "json"]).json();
    assert_eq!(again["rendered"].as_array().unwrap().len(), 0, "nothing changed, nothing rendered");
    assert_eq!(again["unchanged"], 8);
    ws.edit("content/messages/sample-second.md", "TODO summary", "A new summary");
    let edited = ws.run(&["build", "--format", "json"]).json();
    let dirs: Vec<&str> = edited["rendered"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
    assert_eq!(
        dirs,
        [
            "en-GB/sample-second/edetail",
            "en-GB/sample-second/email",
            "en-GB/sample-second/landing",
            "en-GB/sample-second/video"
        ]
    );
    ws.eject("email.txt.tera").edit("templates/email.txt.tera", "{{ strings.for_hcps }}", "{{ strings.for_hcps }}.");
    let template = ws.run(&["build", "--format", "json"]).json();
    let dirs: Vec<&str> = template["rendered"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
    assert_eq!(
        dirs,
        ["en-GB/sample-second/email", "en-GB/sample-welcome/email"],
        "a template change re-renders its channel only"
    );
    // A removed message's output goes too.
    std::fs::remove_file(ws.root.join("content/messages/sample-second.md")).unwrap();
    assert_eq!(ws.run(&["build"]).code, 0);
    assert!(!ws.root.join("dist/en-GB/sample-second").exists());
}
