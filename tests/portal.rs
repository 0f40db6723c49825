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
    // The diff link: on the reviewed piece only, and without an address on disk.
    let diff = reviewed.select(&sel("a.diff")).next().expect("a diff link on a reviewed piece");
    assert_eq!(diff.value().attr("href"), None, "no address from disk");
    assert!(row("sample-other").select(&sel("a.diff")).next().is_none(), "never reviewed: no diff link");

    // Every link in the portal resolves from disk.
    let mut checked = 0;
    for a in doc.select(&sel("a[href]")) {
        let href = a.value().attr("href").unwrap();
        assert!(!href.contains("://") && !href.starts_with('/'), "a relative link: {href}");
        let target = r.ws.root.join("dist").join(href.split('#').next().unwrap());
        assert!(target.is_file(), "{href} does not resolve");
        checked += 1;
    }
    assert!(checked > 10, "{checked}");
}
