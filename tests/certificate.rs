//! `unisono certificate`: the printable approval certificate of an approved
//! piece, checked against what `status`, the record files and git say, and
//! its OpenSSH commands run for real.

use crate::common::git;
use crate::common::review::Review;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::io::Read;
use std::path::Path;
use std::process::Command;

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef) -> String {
    e.text().collect()
}

/// The text of the one element matching `css` inside `scope`.
fn one(scope: ElementRef, css: &str) -> String {
    let found: Vec<ElementRef> = scope.select(&sel(css)).collect();
    assert_eq!(found.len(), 1, "one `{css}` in {}", scope.html());
    text(found[0])
}

/// The certificate of the sample, printed on stdout.
fn certificate(r: &Review) -> String {
    let run = r.run(&["certificate", "sample-welcome"]);
    assert_eq!(run.code, 0, "{run:?}");
    run.stdout
}

/// Decodes standard base64 (the `data:` URI of a thumbnail).
fn unbase64(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let digits: Vec<u32> = s
        .bytes()
        .take_while(|&b| b != b'=')
        .map(|b| ALPHABET.iter().position(|&a| a == b).expect("a base64 digit") as u32)
        .collect();
    let mut out = Vec::new();
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, d)| n | d << (18 - 6 * i));
        out.extend(n.to_be_bytes()[1..chunk.len()].iter().copied());
    }
    out
}

/// `thumb.png` of the first slide's CLM zip, as `build` writes it.
fn first_slide_thumb(root: &Path) -> Vec<u8> {
    let clm = root.join("dist/en-GB/sample-welcome/edetail/clm");
    let mut zips: Vec<_> = std::fs::read_dir(&clm).unwrap().map(|e| e.unwrap().path()).collect();
    zips.sort();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zips[0]).unwrap()).unwrap();
    let mut png = Vec::new();
    zip.by_name("thumb.png").unwrap().read_to_end(&mut png).unwrap();
    png
}

#[test]
fn the_certificate_holds_what_status_the_records_and_git_say() {
    let r = Review::new();
    r.approve_all();
    let html = certificate(&r);
    let doc = Html::parse_document(&html);
    let root = doc.root_element();

    // The piece.
    assert_eq!(one(root, "dd.job-code"), "UK-SA-0001");
    assert_eq!(one(root, "dd.message-id"), "sample-welcome");
    assert_eq!(one(root, "dd.headline"), "Samplera (exemplinib): one tablet, once daily");
    assert_eq!(one(root, "dd.locale"), "en-GB");
    assert_eq!(one(root, "dd.prepared"), "2026-01-20");

    // One row per channel, with the fingerprint status computes and every
    // record signs.
    let statuses: Vec<Value> = r.statuses().into_iter().filter(|s| s["id"] == "sample-welcome").collect();
    let rows: Vec<ElementRef> = doc.select(&sel("table.variants tbody tr")).collect();
    assert_eq!(rows.len(), statuses.len(), "one row per channel");
    assert_eq!(rows.len(), 4);
    let records: Vec<String> = ["medical", "legal", "regulatory"]
        .iter()
        .map(|role| std::fs::read_to_string(r.record(&format!("-approved-{role}-"))).unwrap())
        .collect();
    for (row, status) in rows.iter().zip(&statuses) {
        let channel = status["channel"].as_str().unwrap();
        assert_eq!(row.value().attr("data-channel"), Some(channel));
        assert_eq!(one(*row, "th.channel"), channel);
        let fingerprint = one(*row, "td.fingerprint");
        assert_eq!(fingerprint, status["fingerprint"].as_str().unwrap(), "{channel}");
        for record in &records {
            assert!(record.lines().any(|l| l == format!("variant: {channel} {fingerprint}")), "{record}");
        }
        let thumb = one(*row, "td.thumb");
        if channel == "edetail" {
            assert!(thumb.is_empty(), "a picture, not text: {thumb}");
        } else {
            assert_eq!(thumb, "—", "{channel}");
        }
    }

    // The deck's thumbnail is the first slide's, byte for byte as in its CLM zip.
    let img = doc.select(&sel("tr[data-channel=edetail] td.thumb img")).next().expect("a thumbnail");
    let src = img.value().attr("src").unwrap();
    let png = unbase64(src.strip_prefix("data:image/png;base64,").expect("a data: URI"));
    assert_eq!(r.run(&["build"]).code, 0);
    assert_eq!(png, first_slide_thumb(&r.ws.root));
    assert_eq!(doc.select(&sel("img")).count(), 1, "no thumbnail for email, landing, video");

    // Three signers, each with the manifestation status shows.
    let approvals = statuses[0]["approvals"].as_array().unwrap();
    let signers: Vec<ElementRef> = doc.select(&sel("section.signer")).collect();
    assert_eq!(signers.len(), 3);
    for signer in &signers {
        let role = one(*signer, "dd.role");
        let a = approvals.iter().find(|a| a["role"] == role.as_str()).unwrap_or_else(|| panic!("{role}"));
        assert_eq!(one(*signer, "dd.name"), a["name"].as_str().unwrap());
        assert_eq!(one(*signer, "dd.email"), a["email"].as_str().unwrap());
        assert_eq!(one(*signer, ".time"), a["time"].as_str().unwrap());
        assert_eq!(one(*signer, "dd.meaning"), a["meaning"].as_str().unwrap());
        assert_eq!(one(*signer, "dd.expires"), a["expires"].as_str().unwrap());
        assert_eq!(one(*signer, "dd.key"), a["key"].as_str().unwrap());
        assert_eq!(one(*signer, "dd.record"), a["record"].as_str().unwrap());
        assert!(r.ws.root.join(a["record"].as_str().unwrap()).is_file());
    }
    let who = |role: &str| {
        r.fingerprint(match role {
            "medical" => "ana",
            "legal" => "tom",
            _ => "mira",
        })
    };
    for signer in &signers {
        assert_eq!(one(*signer, "dd.key"), who(&one(*signer, "dd.role")), "the signer's own key");
    }

    // The commit that holds the records: the last approval.
    let head = git(&r.ws.root, &["rev-parse", "HEAD"]);
    assert_eq!(one(root, "code.commit"), head.trim());

    // The verify commands name this piece's records and signatures.
    let commands: Vec<String> = doc.select(&sel("#verify pre.verify")).map(text).collect();
    assert_eq!(commands.len(), 3);
    for a in approvals {
        let txt = a["record"].as_str().unwrap();
        let sig = txt.replace(".txt", ".sig");
        let email = a["email"].as_str().unwrap();
        assert!(
            commands
                .iter()
                .any(|c| c.contains(&format!("-I {email} ")) && c.contains(&sig) && c.contains(&format!("< {txt}"))),
            "{txt}: {commands:#?}"
        );
    }
    assert!(one(root, "#verify pre.prepare").contains(&format!("git checkout {}", head.trim())));

    // Printable: A4, margins, no navigation on paper.
    let style = one(root, "head style");
    assert!(style.contains("@page") && style.contains("size: A4") && style.contains("margin:"), "{style}");
    let print = &style[style.find("@media print").expect("print CSS")..];
    assert!(print.contains("nav { display: none; }"), "{print}");
    assert_eq!(doc.select(&sel("nav")).count(), 1);

    // Deterministic, and --out writes the same bytes.
    let out = r.ws.root.join("certificate.html");
    let run = r.run(&["certificate", "sample-welcome", "--locale", "en-GB", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), html);
    assert_eq!(certificate(&r), html);
}

#[test]
fn the_printed_openssh_commands_verify_each_signature() {
    let r = Review::new();
    r.approve_all();
    let doc = Html::parse_document(&certificate(&r));
    let prepare = text(doc.select(&sel("#verify pre.prepare")).next().expect("the preparing commands"));
    // The commands as printed, with this build's unisono on PATH.
    let bin = Path::new(env!("CARGO_BIN_EXE_unisono")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let sh = |script: &str| {
        Command::new("sh").args(["-e", "-c", script]).current_dir(&r.ws.root).env("PATH", &path).output().unwrap()
    };
    let out = sh(&prepare);
    assert!(out.status.success(), "{prepare}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(r.ws.root.join("allowed_signers").is_file());
    let commands: Vec<String> = doc.select(&sel("#verify pre.verify")).map(text).collect();
    assert_eq!(commands.len(), 3);
    for command in &commands {
        let out = sh(command);
        let said = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{command}\n{said}");
        assert!(said.contains("Good \"unisono-approval\" signature for"), "{said}");
    }
    // The same command fails on a record changed by one byte.
    let first = &commands[0];
    let txt = first.rsplit("< ").next().unwrap().trim();
    let record = r.ws.root.join(txt);
    let text = std::fs::read_to_string(&record).unwrap();
    std::fs::write(&record, text.replace("decision: approved", "decision: approvee")).unwrap();
    assert!(!sh(first).status.success(), "a changed record does not verify");
}

#[test]
fn hostile_content_is_escaped() {
    let r = Review::new();
    let hostile = "Samplera (exemplinib) `</h1><script>alert(1)</script>` & \"co\": one tablet, once daily";
    r.ws.edit(
        "content/messages/sample-welcome.md",
        "# Samplera (exemplinib): one tablet, once daily",
        &format!("# {hostile}"),
    );
    r.ws.commit("A headline that quotes markup");
    r.approve_all();
    let html = certificate(&r);
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("script")).count(), 0, "no script element");
    let shown = "Samplera (exemplinib) </h1><script>alert(1)</script> & \"co\": one tablet, once daily";
    assert_eq!(one(doc.root_element(), "dd.headline"), shown);
    assert_eq!(one(doc.root_element(), "h1"), shown);
    assert!(html.contains("&lt;/h1&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;"));

    // A hostile id on the command line is refused before any page is made.
    let run = r.run(&["certificate", "<script>alert(1)</script>"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty() && run.stderr.contains("no message"), "{run:?}");
}

#[test]
fn a_piece_not_approved_in_every_channel_has_no_certificate() {
    let r = Review::new();
    let out = r.ws.root.join("certificate.html");
    let args = ["certificate", "sample-welcome", "--out", out.to_str().unwrap()];
    let run = r.run(&args);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("is not approved in every channel: edetail is draft"), "{run:?}");
    assert!(run.stderr.contains("a certificate exists only for what was approved"), "the hint: {run:?}");
    assert!(!out.exists(), "nothing written");

    // Partially approved: still no certificate, on stdout either.
    assert_eq!(r.approve("ana", "medical").code, 0);
    let run = r.run(&args);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("email is partially-approved"), "{run:?}");
    assert!(!out.exists(), "nothing written");
    let run = r.run(&["certificate", "sample-welcome"]);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{run:?}");

    // Changed after approval (stale): refused too.
    r.approve("tom", "legal");
    r.approve("mira", "regulatory");
    assert_eq!(r.run(&args).code, 0);
    std::fs::remove_file(&out).unwrap();
    r.ws.edit("content/messages/sample-welcome.md", "once daily", "once a day");
    let run = r.run(&args);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("is stale"), "{run:?}");
    assert!(!out.exists(), "nothing written");

    // Approved in the work tree, but the last record is not committed: the
    // certificate would name a commit without it.
    git(&r.ws.root, &["checkout", "--", "content"]);
    git(&r.ws.root, &["reset", "--soft", "HEAD~1"]);
    assert!(r.statuses().iter().all(|s| s["status"] == "approved"));
    let run = r.run(&args);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("the approval records of `sample-welcome` (en-GB) are not committed"), "{run:?}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn out_never_replaces_a_file_the_user_wrote() {
    let r = Review::new();
    r.approve_all();
    let dir = r.ws.root.parent().unwrap();
    let mine = dir.join("notes.html");
    std::fs::write(&mine, "my own notes").unwrap();
    let run = r.run(&["certificate", "sample-welcome", "--out", mine.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "my own notes");
    // Nor a source of the workspace.
    let run = r.run(&["certificate", "sample-welcome", "--out", "content/messages/cert.html"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(!r.ws.root.join("content/messages/cert.html").exists());
    // A certificate it wrote before is replaced.
    let cert = dir.join("cert.html");
    assert_eq!(r.run(&["certificate", "sample-welcome", "--out", cert.to_str().unwrap()]).code, 0);
    assert_eq!(r.run(&["certificate", "sample-welcome", "--out", cert.to_str().unwrap()]).code, 0);
}
