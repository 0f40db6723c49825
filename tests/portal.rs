//! The review portal from disk: per piece the job code, signers, missing
//! roles and expiry; every link resolves.

use crate::common::review::Review;
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

#[test]
fn the_portal_shows_who_signed_what_is_missing_and_links_only_to_what_exists() {
    let r = Review::new();
    // A second piece, never reviewed.
    let master = r.ws.read("content/messages/sample-welcome.md");
    r.ws.write(
        "content/messages/sample-other.md",
        master.replace("id: sample-welcome", "id: sample-other").replace("UK-SA-0001", "UK-SA-0002"),
    );
    r.ws.commit("Another piece");
    r.approve("ana", "medical");
    assert_eq!(r.run(&["build"]).code, 0);
    let doc = Html::parse_document(&r.ws.read("dist/index.html"));
    let row = |id: &str| {
        doc.select(&sel("#matrix tbody tr"))
            .find(|tr| tr.select(&sel("th code")).next().is_some_and(|c| c.text().collect::<String>() == id))
            .unwrap()
    };
    let reviewed = row("sample-welcome");
    let job: String = reviewed.select(&sel(".job-code")).next().unwrap().text().collect();
    assert_eq!(job, "Job code UK-SA-0001");
    let email = reviewed.select(&sel("td[data-channel=email]")).next().unwrap();
    let signers: Vec<String> = email.select(&sel("li.signer")).map(|l| l.text().collect()).collect();
    assert_eq!(signers.len(), 1, "{signers:?}");
    assert!(signers[0].starts_with("medical: Ana "), "{signers:?}");
    let missing: String = email.select(&sel("li.missing")).next().unwrap().text().collect();
    assert_eq!(missing, "missing: legal, regulatory");
    assert!(email.select(&sel("li.expires")).next().is_some());
    // No "changes since approval" while the approved bytes are current.
    assert!(reviewed.select(&sel("a.diff")).next().is_none(), "nothing changed: no diff link");
    assert!(row("sample-other").select(&sel("a.diff")).next().is_none(), "never reviewed: no diff link");
    // After an edit, the link points at the changes on the review page.
    r.ws.edit("content/messages/sample-welcome.md", "oral treatment for adults.", "oral tablet for adults.");
    r.ws.commit("An edit after the approval");
    assert_eq!(r.run(&["build"]).code, 0);
    let doc = Html::parse_document(&r.ws.read("dist/index.html"));
    let row = |id: &str| {
        doc.select(&sel("#matrix tbody tr"))
            .find(|tr| tr.select(&sel("th code")).next().is_some_and(|c| c.text().collect::<String>() == id))
            .unwrap()
    };
    let diff = row("sample-welcome").select(&sel("a.diff")).next().expect("a diff link on a changed piece");
    assert_eq!(diff.value().attr("href"), Some("_review/en-GB/sample-welcome.html#changes"));
    assert!(row("sample-other").select(&sel("a.diff")).next().is_none(), "never reviewed: no diff link");

    // Every link in the portal resolves from disk.
    let checked = assert_links_resolve(&r.ws.root.join("dist"), "index.html");
    assert!(checked > 10, "{checked}");
}

/// Every `href` and `src` of an HTML file in `dist/`, resolved from disk;
/// the number of relative links. Without `external_ok`, a link off disk
/// (`https:`, `/…`) fails too; with it, addresses for mail clients and the
/// web (and Veeva's merge fields, filled at send time) are left alone.
fn resolve_links(dist: &std::path::Path, page: &str, external_ok: bool) -> usize {
    let html = std::fs::read_to_string(dist.join(page)).unwrap();
    let doc = Html::parse_document(&html);
    let base = dist.join(page).parent().unwrap().to_path_buf();
    let mut n = 0;
    for el in doc.select(&sel("[href], [src]")) {
        let link = el.value().attr("href").or(el.value().attr("src")).unwrap();
        let external = ["http:", "https:", "mailto:", "tel:", "data:", "cid:", "#"].iter().any(|p| link.starts_with(p))
            || link.starts_with("{{");
        if external && external_ok {
            continue;
        }
        assert!(!link.contains("://") && !link.starts_with('/'), "{page}: a relative link: {link}");
        let target = base.join(link.split('#').next().unwrap());
        assert!(target.is_file(), "{page}: {link} does not resolve");
        n += 1;
    }
    n
}

fn assert_links_resolve(dist: &std::path::Path, page: &str) -> usize {
    resolve_links(dist, page, false)
}

#[test]
fn each_piece_has_a_review_page_that_works_from_disk() {
    let r = Review::new();
    r.ws.edit(
        "content/messages/sample-welcome.md",
        "Samplera (exemplinib) is a once-daily oral treatment for adults.",
        "Samplera (exemplinib) is a once-daily oral treatment for adults. TODO: confirm the age range.",
    );
    r.ws.commit("A note to self");
    let run = r.run(&[
        "reject",
        "sample-welcome",
        "--role",
        "legal",
        "--key",
        &r.key("tom"),
        "--comment",
        "Finish the TODO.",
        "--line",
        "21",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    r.approve("ana", "medical");
    assert_eq!(r.run(&["build"]).code, 0);
    let dist = r.ws.root.join("dist");
    let page = "_review/en-GB/sample-welcome.html";
    let doc = Html::parse_document(&std::fs::read_to_string(dist.join(page)).unwrap());
    // Every channel, with its status and who did what.
    let channels: Vec<&str> =
        doc.select(&sel("section.variant")).map(|s| s.value().attr("data-channel").unwrap()).collect();
    assert_eq!(channels, ["edetail", "email", "landing", "video"]);
    let email = doc.select(&sel("#status tr[data-channel=email]")).next().unwrap();
    let text: String = email.text().collect();
    assert!(text.contains("changes-requested"), "{text}");
    assert!(text.contains("medical: Ana <ana@example.com>") && text.contains("Medical approval"), "{text}");
    assert!(text.contains("changes requested by Tom (legal)") && text.contains("Finish the TODO."), "{text}");
    assert!(text.contains("missing: legal, regulatory"), "{text}");
    // The email at two widths; the claims with their references; the findings.
    let frames: Vec<&str> =
        doc.select(&sel("section[data-channel=email] iframe")).map(|f| f.value().attr("class").unwrap()).collect();
    assert_eq!(frames, ["desktop", "mobile"]);
    // The deck as a strip of slides, each frame opened at its own slide.
    let deck = r.ws.read("dist/en-GB/sample-welcome/edetail/index.html");
    let slides = Html::parse_document(&deck).select(&sel("section.slide")).count();
    let strip: Vec<&str> = doc
        .select(&sel("section[data-channel=edetail] .strip iframe"))
        .map(|f| f.value().attr("src").unwrap())
        .collect();
    assert!(slides >= 4 && strip.len() == slides, "{slides} slide(s), {strip:?}");
    for (k, src) in strip.iter().enumerate() {
        assert!(src.ends_with(&format!("/index.html#slide-{}", k + 1)), "{src}");
    }
    let claim: String = doc.select(&sel("dt[data-claim=SA-EFF-01] + dd")).next().unwrap().text().collect();
    assert!(claim.contains("40% versus placebo") && claim.contains("SAMPLE-1"), "{claim}");
    let cues = doc.select(&sel("section[data-channel=video] table.captions tbody tr")).count();
    assert!(cues >= 3, "the caption timeline: {cues} cue(s)");
    let findings: Vec<&str> =
        doc.select(&sel("#findings li.finding")).map(|l| l.value().attr("data-code").unwrap()).collect();
    assert!(findings.contains(&"todo"), "{findings:?}");
    // The source, with the reviewer's comment under the line it points to.
    let commented: String = doc.select(&sel("ol.source li#L21.commented div.comment")).next().unwrap().text().collect();
    assert_eq!(commented, "Tom (legal) asks for changes: Finish the TODO.");
    assert_eq!(doc.select(&sel("ol.source li.commented")).count(), 1);
    // From disk, every link and frame resolves; the portal links the page.
    assert!(assert_links_resolve(&dist, page) >= 8);
    assert!(assert_links_resolve(&dist, "index.html") >= 7);
    let portal = Html::parse_document(&r.ws.read("dist/index.html"));
    let links: Vec<&str> = portal.select(&sel("a.review-page")).map(|a| a.value().attr("href").unwrap()).collect();
    assert_eq!(links, [page]);

    // A message that is gone takes its review page with it.
    let master = r.ws.read("content/messages/sample-welcome.md");
    r.ws.write(
        "content/messages/sample-temp.md",
        master.replace("id: sample-welcome", "id: sample-temp").replace("UK-SA-0001", "UK-SA-0003"),
    );
    assert_eq!(r.run(&["build"]).code, 0);
    assert!(dist.join("_review/en-GB/sample-temp.html").is_file());
    std::fs::remove_file(r.ws.root.join("content/messages/sample-temp.md")).unwrap();
    assert_eq!(r.run(&["build"]).code, 0);
    assert!(!dist.join("_review/en-GB/sample-temp.html").exists());
}

/// Every relative link of every HTML file under `dist/`, resolved.
fn walk_links(dist: &std::path::Path) -> usize {
    walkdir::WalkDir::new(dist)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| resolve_links(dist, p.strip_prefix(dist).unwrap().to_str().unwrap(), true))
        .sum()
}

#[test]
fn every_link_in_dist_resolves_from_disk() {
    let r = Review::new();
    // One piece approved (with its certificate), one changed since its approval.
    r.ws.add_start_message(&[]);
    r.ws.commit("A second piece");
    r.approve_every(&["sample-welcome", "sample-start"]);
    r.ws.edit("content/messages/sample-start.md", "Simple dosing.", "Easy dosing.");
    r.ws.commit("An edit after the approval");
    assert_eq!(r.run(&["build"]).code, 0);
    let dist = r.ws.root.join("dist");
    assert!(dist.join("_review/en-GB/sample-welcome/certificate.html").is_file());
    assert!(dist.join("_review/en-GB/sample-start/changes").is_dir());
    let n = walk_links(&dist);
    assert!(n > 40, "{n} link(s)");
}
