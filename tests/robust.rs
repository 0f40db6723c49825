//! No input hangs or crashes a command: each test is an input that once did
//! (a date far in the future, Markdown nested thousands deep, a NUL byte, a
//! closed stdout), and what must happen instead.

use crate::common::review::Review;
use crate::common::{TempWorkspace, assert_at, only, unisono_bounded};
use serde_json::Value;
use std::time::Duration;

/// Far more than any of these commands needs on the sample, even in a debug
/// build on a busy machine; what it catches is a command that never ends.
const LIMIT: Duration = Duration::from_secs(60);

const MESSAGE: &str = "content/messages/sample-welcome.md";
const PRODUCT: &str = "content/products/sample.yaml";

/// `check --format json`, bounded in time: exit code and diagnostics.
fn check(ws: &TempWorkspace) -> (i32, Vec<Value>) {
    let run = unisono_bounded(&ws.root, &["check", "--format", "json"], &[], LIMIT);
    assert!(!run.stderr.contains("panicked"), "{run:?}");
    (run.code, run.json()["diagnostics"].as_array().cloned().unwrap_or_default())
}

/// The 1-based line of the first line of `text` that starts with `prefix`.
fn line_of(text: &str, prefix: &str) -> u64 {
    text.lines().position(|l| l.trim_start().starts_with(prefix)).expect("line") as u64 + 1
}

#[test]
fn a_launch_date_in_the_year_9999_is_an_error_not_a_hang() {
    let ws = TempWorkspace::sample();
    ws.edit(PRODUCT, "launched: 2026-01-15", "launched: 9999-01-01");
    let (code, diags) = check(&ws);
    assert_eq!(code, 1);
    let d = only(&diags, "date-out-of-range");
    assert_at(d, PRODUCT, line_of(&ws.read(PRODUCT), "launched:"), "error");
    assert!(d["message"].as_str().unwrap().contains("1900-2999"), "{d:#}");
}

#[test]
fn a_date_of_preparation_out_of_range_is_an_error() {
    let ws = TempWorkspace::sample();
    ws.edit(MESSAGE, "prepared: 2026-01-20", "prepared: 0001-01-01");
    let (code, diags) = check(&ws);
    assert_eq!(code, 1);
    assert_at(only(&diags, "date-out-of-range"), MESSAGE, line_of(&ws.read(MESSAGE), "prepared:"), "error");
}

#[test]
fn an_approval_period_of_100000_months_is_an_error_and_approve_ends() {
    let r = Review::new();
    r.ws.edit("reviewers.yaml", "valid_for_months: 24", "valid_for_months: 100000");
    r.ws.commit("Approvals valid for ever");
    let (code, diags) = check(&r.ws);
    assert_eq!(code, 1);
    let d = only(&diags, "invalid-value");
    assert_at(d, "reviewers.yaml", line_of(&r.ws.read("reviewers.yaml"), "valid_for_months:"), "error");
    // approve used to loop for ever computing the expiry date.
    let key = r.key("ana");
    let run =
        unisono_bounded(&r.ws.root, &["approve", "sample-welcome", "--role", "medical", "--key", &key], &[], LIMIT);
    assert!(run.code == 0 || run.code == 1 || run.code == 2, "{run:?}");
    assert!(!run.stderr.contains("panicked"), "{run:?}");
}

/// `open` repeated `n` times, `x`, then `close` repeated `n` times.
fn nest(open: &str, close: &str, n: usize) -> String {
    format!("{}x{}", open.repeat(n), close.repeat(n))
}

#[test]
fn markdown_nested_4000_deep_is_an_error_at_its_line_for_check_build_and_status() {
    let cases = [
        nest("> ", "", 4000),
        nest("- ", "", 4000),
        nest("1. ", "", 4000),
        nest("_", "_", 4000),
        nest("*", "*", 4000),
        nest("> - 1. ", "", 1500),
        // A table cell and a footnote hold inline nesting too.
        format!("| a |\n|---|\n| {} |", nest("**", "**", 2000)),
        format!("Text[^n].\n\n[^n]: {}", nest("> ", "", 4000)),
    ];
    for nested in cases {
        let ws = TempWorkspace::sample();
        let original = ws.read(MESSAGE);
        let text = format!("{original}\n{nested}\n");
        ws.write(MESSAGE, &text);
        let first = &nested[..nested.len().min(12)];
        let (code, diags) = check(&ws);
        assert_eq!(code, 1, "{first:?}: {diags:#?}");
        let d = only(&diags, "nesting-too-deep");
        assert_eq!(d["file"], MESSAGE, "{first:?}: {d:#}");
        assert!(d["line"].as_u64().unwrap() > original.lines().count() as u64, "{first:?}: {d:#}");
        for args in [&["build"][..], &["status"], &["status", "--format", "json"]] {
            let run = unisono_bounded(&ws.root, args, &[], LIMIT);
            // Not 134 (a stack overflow), not 101 (a panic), not a signal (-1).
            assert!([0, 1, 2].contains(&run.code), "{args:?} on {first:?}: {run:?}");
            assert!(!run.stderr.contains("panicked") && !run.stderr.contains("overflow"), "{run:?}");
        }
    }
}

#[test]
fn four_thousand_nested_links_parse_flat() {
    // Links cannot contain links: this is deep only to a naive reader.
    let ws = TempWorkspace::sample();
    let text = format!("{}\n{}\n", ws.read(MESSAGE), nest("[", "](https://x.example)", 4000));
    ws.write(MESSAGE, text);
    let (code, diags) = check(&ws);
    assert!(code == 0 || code == 1, "{diags:#?}");
    assert!(diags.iter().all(|d| d["line"].as_u64().unwrap_or(0) > 0 || d["severity"] == "warning"), "{diags:#?}");
}

#[test]
fn a_deeply_nested_isi_is_an_error_at_the_product() {
    let ws = TempWorkspace::sample();
    ws.edit(
        PRODUCT,
        "      Refer to the Summary",
        &format!("      {}\n      Refer to the Summary", nest("_", "_", 4000)),
    );
    let (code, diags) = check(&ws);
    assert_eq!(code, 1);
    assert_at(only(&diags, "nesting-too-deep"), PRODUCT, line_of(&ws.read(PRODUCT), "isi:"), "error");
    let run = unisono_bounded(&ws.root, &["build"], &[], LIMIT);
    assert!([1, 2].contains(&run.code), "{run:?}");
}

#[test]
fn a_nul_byte_in_a_message_is_reported_at_its_line_not_as_a_template_error() {
    let ws = TempWorkspace::sample();
    ws.edit(MESSAGE, "once-daily oral", "once-daily\0 oral");
    let (code, diags) = check(&ws);
    assert_eq!(code, 1);
    assert!(diags.iter().all(|d| d["code"] != "template-error"), "{diags:#?}");
    let d = only(&diags, "control-character");
    let text = ws.read(MESSAGE);
    let line = line_of(&text, "Samplera (exemplinib) is");
    assert_at(d, MESSAGE, line, "error");
    let column = text.lines().nth(line as usize - 1).unwrap().find('\0').unwrap() + 1;
    assert_eq!(d["column"], column, "{d:#}");
    assert!(d["message"].as_str().unwrap().contains("U+0000 (NUL)"), "{d:#}");
    assert!(!d["hint"].as_str().unwrap().is_empty());
    // The terminal rendering does not print the raw byte back.
    let human = unisono_bounded(&ws.root, &["check"], &[], LIMIT);
    assert_eq!(human.code, 1);
    assert!(human.stdout.contains("sample-welcome.md:") && !human.stdout.contains('\0'), "{human:?}");
    let build = unisono_bounded(&ws.root, &["build", "--format", "json"], &[], LIMIT);
    assert!(!build.stdout.contains("template-error") && !build.stderr.contains("template-error"), "{build:?}");
}

#[test]
fn control_characters_in_yaml_files_are_reported_at_their_line() {
    for (file, from, to) in [
        (PRODUCT, "brand: Samplera", "brand: Sample\x1bra"),
        ("content/claims.yaml", "SA-EFF-01:", "SA-EFF-01:\x07"),
        ("channels.yaml", "channels:", "channels:\x7f"),
        ("reviewers.yaml", "policy:", "policy: \u{85}"),
        ("content/glossary.yaml", "en-GB:", "en-GB:\x00"),
    ] {
        let ws = TempWorkspace::sample();
        ws.edit(file, from, to);
        let (code, diags) = check(&ws);
        assert_eq!(code, 1, "{file}: {diags:#?}");
        let d = only(&diags, "control-character");
        assert_at(d, file, line_of(&ws.read(file), from.trim_end_matches(':').split(' ').next().unwrap()), "error");
    }
}

/// Runs `args` with a stdout pipe whose reader is gone before the first
/// write: the command must end without a panic message or exit 101.
fn with_closed_stdout(ws: &TempWorkspace, args: &[&str]) {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_unisono"))
        .args(args)
        .current_dir(&ws.root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run unisono");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    assert_ne!(out.status.code(), Some(101), "{args:?}: {stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        // Ended by SIGPIPE, as `ls | head` is, or finished before writing.
        assert!(
            out.status.signal() == Some(libc::SIGPIPE) || out.status.code().is_some(),
            "{args:?}: {:?}",
            out.status
        );
    }
}

#[test]
fn a_closed_stdout_ends_the_command_quietly() {
    let ws = TempWorkspace::sample();
    ws.commit("Sample");
    for args in [
        &["status"][..],
        &["status", "--format", "json"],
        &["check"],
        &["check", "--format", "json"],
        &["build", "--format", "json"],
        &["claims", "list"],
    ] {
        with_closed_stdout(&ws, args);
    }
}

#[test]
fn a_call_to_action_of_one_400000_character_word_is_checked_in_linear_time() {
    // The caption rule searched a scene's whole caption once per cue: a
    // quadratic that took minutes on this label in a debug build.
    let ws = TempWorkspace::sample();
    let label = "supercalifragilistic".repeat(20_000);
    ws.edit(MESSAGE, "label: Read the prescribing information", &format!("label: {label}"));
    // A hang guard (the quadratic took minutes), not a benchmark.
    let run = unisono_bounded(&ws.root, &["check", "--format", "json"], &[], LIMIT);
    assert_eq!(run.code, 1, "{run:?}");
    let diags = run.json()["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_at(only(&diags, "caption-line-too-long"), MESSAGE, line_of(&ws.read(MESSAGE), "label:"), "error");
}

/// `check` and `build` on a workspace whose template `name` got `edit`:
/// both end (no stack overflow), `check` with a template-error in `name`
/// at `line`.
fn template_refused(name: &str, edit: impl Fn(&str) -> (String, u64)) {
    let ws = TempWorkspace::sample();
    let path = format!("templates/{name}");
    let (text, line) = edit(&ws.eject(name).read(&path));
    ws.write(&path, text);
    let (code, diags) = check(&ws);
    assert_eq!(code, 1, "{diags:#?}");
    let d = diags.iter().find(|d| d["code"] == "template-error").unwrap_or_else(|| panic!("{diags:#?}"));
    assert_at(d, &path, line, "error");
    let build = unisono_bounded(&ws.root, &["build"], &[], LIMIT);
    assert_eq!(build.code, 1, "{build:?}");
}

#[test]
fn a_template_that_includes_itself_is_an_error_not_a_stack_overflow() {
    template_refused("slides.css.tera", |t| {
        (format!("{t}{{% include \"slides.css.tera\" %}}\n"), t.lines().count() as u64 + 1)
    });
}

#[test]
fn templates_that_include_each_other_are_an_error() {
    let ws = TempWorkspace::sample();
    ws.write("templates/a.html.tera", "{% include \"b.html.tera\" %}\n");
    ws.write("templates/b.html.tera", "\n{% include \"a.html.tera\" %}\n");
    ws.write(
        "templates/page.html.tera",
        format!("{{% include \"a.html.tera\" %}}\n{}", ws.eject("page.html.tera").read("templates/page.html.tera")),
    );
    let (code, diags) = check(&ws);
    assert_eq!(code, 1);
    assert!(diags.iter().any(|d| d["code"] == "template-error"), "{diags:#?}");
    assert_eq!(unisono_bounded(&ws.root, &["build"], &[], LIMIT).code, 1);
}

#[test]
fn a_recursive_macro_is_an_error_not_a_stack_overflow() {
    template_refused("page.html.tera", |t| {
        (
            format!(
                "{{% macro loop(n) %}}{{{{ self::loop(n=n) }}}}{{% endmacro loop %}}\n{{{{ self::loop(n=1) }}}}\n{t}"
            ),
            1,
        )
    });
}

#[test]
fn a_template_nested_3000_deep_is_an_error_not_a_stack_overflow() {
    template_refused("page.html.tera", |t| {
        let t = t.trim_end();
        (format!("{t}\n{{{{ {}1{} }}}}\n", "(".repeat(3000), ")".repeat(3000)), t.lines().count() as u64 + 1)
    });
}

#[test]
fn an_email_template_nesting_mjml_1000_deep_is_an_error_not_a_stack_overflow() {
    let ws = TempWorkspace::sample();
    let path = "templates/email.mjml.tera";
    ws.eject("email.mjml.tera");
    let deep = format!("<mj-raw>{}x{}</mj-raw>", "<div>".repeat(1000), "</div>".repeat(1000));
    ws.write(path, ws.read(path).replacen("<mj-body", &format!("<mj-body>{deep}</mj-body><mj-body"), 1));
    let build = unisono_bounded(&ws.root, &["build"], &[], LIMIT);
    assert_eq!(build.code, 1, "{build:?}");
    assert!(build.stderr.contains("nests 100") && build.stderr.contains("email.mjml.tera"), "{}", build.stderr);
}
