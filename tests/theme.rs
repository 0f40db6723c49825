//! Brand themes and charts: a product's colours, font and logo reach every
//! channel; a claim's data is drawn as an accessible chart; a bad theme is
//! an error at its line.

use crate::common::{TempWorkspace, only};
use mail_parser::MimeHeaders;
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

const PRODUCT: &str = "content/products/sample.yaml";
const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 30"><rect width="30" height="30" fill="#0b5563"/><text x="36" y="22" font-size="18">Samplera</text></svg>"##;

/// The sample workspace with a theme (and the logo file it names).
fn themed(theme: &str) -> TempWorkspace {
    let ws = TempWorkspace::sample();
    ws.write("content/assets/logo.svg", LOGO);
    ws.edit(PRODUCT, "launched: 2026-01-15\n", &format!("launched: 2026-01-15\ntheme:\n{theme}"));
    ws
}

const GOOD: &str = "  logo: content/assets/logo.svg\n  colors: { primary: \"#0B5563\", accent: \"#E07A1F\" }\n  font: \"Source Sans 3, Helvetica, sans-serif\"\n";

#[test]
fn the_theme_reaches_the_page_and_the_slides() {
    let ws = themed(GOOD);
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    for (file, logo) in [("landing/index.html", "header img.logo"), ("edetail/index.html", "section.slide img.logo")] {
        let html = ws.read(&format!("dist/en-GB/sample-welcome/{file}"));
        let doc = Html::parse_document(&html);
        let img = doc.select(&sel(logo)).next().unwrap_or_else(|| panic!("{file}: no logo"));
        assert_eq!(img.value().attr("alt"), Some("Samplera"));
        let src = img.value().attr("src").unwrap();
        let b64 = src.strip_prefix("data:image/svg+xml;base64,").expect("an SVG data URI");
        assert_eq!(decode_base64(b64), LOGO.as_bytes(), "{file}: the logo's own bytes");
        let style: String = doc.select(&sel("style")).flat_map(|s| s.text()).collect();
        assert!(style.contains("#0b5563"), "{file}: the primary colour");
        assert!(style.contains("'Source Sans 3', Helvetica, sans-serif"), "{file}: the font, quoted for CSS");
        assert!(!style.contains("#0b4f6c"), "{file}: no default colour left");
    }
    // The CLM thumbnail's top bar is the primary colour.
    let dir = ws.root.join("dist/en-GB/sample-welcome/edetail/clm");
    let first = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).min().unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(first).unwrap()).unwrap();
    let mut png = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name("thumb.png").unwrap(), &mut png).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let palette = reader.info().palette.as_ref().map(|p| p.to_vec());
    let px = match (info.color_type, palette) {
        (png::ColorType::Indexed, Some(p)) => {
            let i = buf[100] as usize * 3;
            [p[i], p[i + 1], p[i + 2]]
        }
        _ => [buf[300], buf[301], buf[302]],
    };
    assert_eq!(px, [0x0b, 0x55, 0x63], "the thumbnail's top bar");
}

#[test]
fn a_bad_theme_is_an_error_at_its_line() {
    let cases = [
        ("  colors: { primary: red }\n", "invalid-value", 6),
        ("  font: \"Arial; } body { display: none\"\n", "invalid-value", 6),
        ("  logo: ../outside.svg\n", "invalid-path", 6),
        ("  logo: content/assets/missing.svg\n", "invalid-path", 6),
        ("  logo: content/assets/evil.svg\n", "invalid-path", 6),
        ("  logo: content/assets/filter.svg\n", "invalid-path", 6),
        ("  logo: content/assets/outside.svg\n", "invalid-path", 6),
    ];
    for (theme, code, line) in cases {
        let ws = themed(theme);
        ws.write("content/assets/evil.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>");
        // A filter whose drawing never ends, and a picture of a file outside the workspace.
        ws.write(
            "content/assets/filter.svg",
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40"><filter id="f"><feTurbulence baseFrequency="0.05" numOctaves="100000000"/></filter><rect width="200" height="40" filter="url(#f)"/></svg>"#,
        );
        ws.write(
            "content/assets/outside.svg",
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 200 40"><image width="200" height="40" xlink:href="/etc/hostname"/></svg>"#,
        );
        let (exit, diags) = ws.check();
        assert_eq!(exit, 1, "{theme}");
        let d = only(&diags, code);
        assert_eq!(d["file"], PRODUCT, "{theme}");
        assert_eq!(d["line"], line, "{theme}");
    }
}

#[test]
fn a_claim_with_data_is_drawn_as_an_accessible_chart() {
    let ws = TempWorkspace::sample();
    ws.edit("content/claims.yaml", "by 40% versus placebo", "by 40% versus 12% with placebo");
    ws.edit(
        "content/claims.yaml",
        "    kind: efficacy\n",
        "    kind: efficacy\n    data:\n      measure: Reduction of the primary end point\n      unit: \"%\"\n      arms:\n        - { label: Samplera, value: 40 }\n        - { label: Placebo <b>, value: 12 }\n",
    );
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    for file in ["landing/index.html", "edetail/index.html"] {
        let doc = Html::parse_document(&ws.read(&format!("dist/en-GB/sample-welcome/{file}")));
        let svg = doc.select(&sel("figure.chart svg[role=img]")).next().unwrap_or_else(|| panic!("{file}: no chart"));
        let title: String = svg.select(&sel("title")).next().unwrap().text().collect();
        assert_eq!(title, "Reduction of the primary end point");
        let desc: String = svg.select(&sel("desc")).next().unwrap().text().collect();
        assert_eq!(desc, "Reduction of the primary end point: Samplera 40%; Placebo <b> 12%.");
        let labels = svg.value().attr("aria-labelledby").unwrap();
        for id in labels.split(' ') {
            assert!(svg.select(&sel(&format!("#{id}"))).next().is_some(), "{file}: {id}");
        }
        let rows: Vec<String> = doc
            .select(&sel("figure.chart table.chart-data tbody tr"))
            .map(|r| r.text().collect::<Vec<_>>().join("|"))
            .collect();
        assert_eq!(rows, ["Samplera|40%", "Placebo <b>|12%"], "{file}");
    }
}

fn decode_base64(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=').map(value).collect();
    bytes
        .chunks(4)
        .flat_map(|c| {
            let n = c.iter().enumerate().fold(0u32, |n, (i, &v)| n | u32::from(v) << (18 - 6 * i));
            let out = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            out.into_iter().take(c.len() - 1)
        })
        .collect()
}

#[test]
fn the_email_carries_its_logo_and_charts_as_pictures() {
    let ws = themed(GOOD);
    ws.edit("content/claims.yaml", "by 40% versus placebo", "by 40% versus 12% with placebo");
    ws.edit(
        "content/claims.yaml",
        "    kind: efficacy\n",
        "    kind: efficacy\n    data:\n      measure: Reduction of the primary end point\n      unit: \"%\"\n      arms:\n        - { label: Samplera, value: 40 }\n        - { label: Placebo, value: 12 }\n",
    );
    assert_eq!(ws.run(&["build"]).code, 0);
    let dir = ws.root.join("dist/en-GB/sample-welcome/email");
    // The HTML shows the pictures from files beside it (so it opens from disk).
    let html = Html::parse_document(&ws.read("dist/en-GB/sample-welcome/email/index.html"));
    let srcs: Vec<&str> = html.select(&sel("img")).map(|i| i.value().attr("src").unwrap()).collect();
    assert_eq!(srcs, ["logo.png", "chart-sa-eff-01.png"]);
    let chart = html.select(&sel("img[src='chart-sa-eff-01.png']")).next().unwrap();
    assert_eq!(chart.value().attr("alt"), Some("Reduction of the primary end point: Samplera 40%; Placebo 12%."));
    for src in &srcs {
        let png = std::fs::read(dir.join(src)).unwrap();
        let reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
        assert!(reader.info().width >= 80, "{src}");
    }
    // The message: text and HTML as alternatives, the pictures related to the HTML by Content-ID.
    let eml = std::fs::read(dir.join("message.eml")).unwrap();
    let message = mail_parser::MessageParser::default().parse(&eml).unwrap();
    let body = message.body_html(0).unwrap();
    let cids: Vec<String> = Html::parse_document(&body)
        .select(&sel("img"))
        .map(|i| i.value().attr("src").unwrap().strip_prefix("cid:").expect("a cid: source").to_string())
        .collect();
    assert_eq!(cids, ["logo.png@unisono", "chart-sa-eff-01.png@unisono"]);
    for cid in &cids {
        let part = message
            .parts
            .iter()
            .find(|p| p.content_id() == Some(cid.as_str()))
            .unwrap_or_else(|| panic!("no part with Content-ID {cid}"));
        let file = std::fs::read(dir.join(cid.trim_end_matches("@unisono"))).unwrap();
        assert_eq!(part.contents(), file.as_slice(), "{cid}: the same bytes as the file");
        assert_eq!(
            part.content_type().map(|c| format!("{}/{}", c.c_type, c.subtype().unwrap_or(""))),
            Some("image/png".into())
        );
    }
    assert!(message.body_text(0).unwrap().contains("Samplera"));
    // The Veeva package: the template and its pictures, side by side.
    let zip = std::fs::File::open(dir.join("veeva-approved-email.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(zip).unwrap();
    let mut names: Vec<String> =
        (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().unwrap().to_string()).collect();
    names.sort();
    assert_eq!(names, ["chart-sa-eff-01.png", "logo.png", "veeva-approved-email.html"]);
}

#[test]
fn the_video_script_wears_the_theme_too() {
    let ws = themed(GOOD);
    assert_eq!(ws.run(&["build"]).code, 0);
    let doc = Html::parse_document(&ws.read("dist/en-GB/sample-welcome/video/script.html"));
    let img = doc.select(&sel("header img.logo")).next().expect("the logo heads the script");
    assert!(img.value().attr("src").unwrap().starts_with("data:image/svg+xml;base64,"));
    let style: String = doc.select(&sel("style")).flat_map(|s| s.text()).collect();
    assert!(style.contains("#0b5563") && style.contains("'Source Sans 3'"), "{style}");
}

#[test]
fn a_logo_is_read_as_content_and_an_email_attaches_only_what_it_shows() {
    let ws = themed(GOOD);
    let (_, diags) = ws.check();
    assert!(diags.iter().all(|d| d["code"] != "unexpected-file"), "{diags:#?}");
    // A workspace template that shows no pictures sends none.
    ws.eject("email.mjml.tera").edit("templates/email.mjml.tera", "{%- if theme.logo_png %}", "{%- if false %}");
    assert_eq!(ws.run(&["build"]).code, 0);
    let eml = std::fs::read(ws.root.join("dist/en-GB/sample-welcome/email/message.eml")).unwrap();
    let message = mail_parser::MessageParser::default().parse(&eml).unwrap();
    assert!(message.parts.iter().all(|p| p.content_id().is_none()), "no picture parts");
    assert!(!ws.root.join("dist/en-GB/sample-welcome/email/logo.png").exists());
}
