//! Fuzzing on the stable toolchain: the library (load, check, render) run
//! directly on in-memory snapshots of the repository's example content,
//! mutated.
//!
//! Two kinds of cases, one oracle: no panic, an answer within a time bound
//! per case, and every error diagnostic placed at a file and a line.
//!
//! - [`seeded_mutations_of_the_example_content`]: deterministic mutations
//!   (bit flips, truncations, duplicated, deleted and swapped lines, deep
//!   nesting, huge lines, NUL and control characters, invalid UTF-8, broken
//!   YAML indentation, YAML/Markdown/Tera tokens, out-of-range numbers) from
//!   a fixed seed, one file per case, on two threads.
//! - the `proptest!` properties: structured generators for front matter,
//!   Markdown bodies and YAML files, plus byte-level mutation.
//!
//! Settings (environment variables):
//! - `UNISONO_MUTATIONS` (default 512), `UNISONO_MUTATION_SEED`,
//!   `UNISONO_MUTATION_CASE` (run one case);
//! - `UNISONO_FUZZ_CASES` (default 24 per property);
//! - `UNISONO_FUZZ_CASE_SECS` (default 10): the time bound of one case;
//! - `UNISONO_FUZZ_VERBOSE` (print each case), `UNISONO_FUZZ_DUMP=DIR`
//!   (write the mutated workspace, to run the binary on it).
//!
//! A long run: `UNISONO_FUZZ_CASES=100000 UNISONO_MUTATIONS=100000 cargo
//! test --release --test fuzz`.

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use unisono::diag::Diagnostic;
use unisono::model::ParseCache;
use unisono::project::Project;
use unisono::render::templates::Templates;
use unisono::workspace::{File, MAX_FILE_BYTES, Snapshot};

/// Files of a workspace by path, as bytes.
type Files = BTreeMap<PathBuf, Vec<u8>>;

/// Error codes that concern a whole file, so they carry no line.
const WHOLE_FILE_CODES: [&str; 2] = ["missing-file", "file-too-large"];

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The time one case may take (`UNISONO_FUZZ_CASE_SECS`, default 10 s):
/// the slowest seeded case takes about 3 s in a debug build on two busy
/// cores; a hang, or a quadratic on a huge line, takes minutes.
fn case_limit() -> Duration {
    Duration::from_secs(env_number("UNISONO_FUZZ_CASE_SECS", 10))
}

/// The repository's example workspace: channels, reviewers, content, templates.
fn example() -> &'static Files {
    static FILES: OnceLock<Files> = OnceLock::new();
    FILES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Files::new();
        for top in ["channels.yaml", "reviewers.yaml", "content", "templates"] {
            for entry in walkdir::WalkDir::new(root.join(top)).sort_by_file_name() {
                let entry = entry.expect("example content");
                if entry.file_type().is_file() {
                    let rel = entry.path().strip_prefix(root).expect("inside the repository").to_path_buf();
                    files.insert(rel, std::fs::read(entry.path()).expect("read example file"));
                }
            }
        }
        assert!(files.len() > 10, "the example content is missing");
        files
    })
}

fn is_message(path: &Path) -> bool {
    path.starts_with("content/messages")
}

/// The example without its messages but `keep` (and the master of a
/// translation among them): one message renders fast, and every YAML file
/// and template is still read.
fn example_with_messages(keep: &[&Path]) -> Files {
    let mut wanted: Vec<PathBuf> = keep.iter().map(|p| p.to_path_buf()).collect();
    for p in keep {
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if let Some((id, _)) = name.strip_suffix(".md").and_then(|s| s.split_once('.')) {
            wanted.push(p.with_file_name(format!("{id}.md")));
        }
    }
    example()
        .iter()
        .filter(|(p, _)| !is_message(p) || wanted.contains(p))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect()
}

fn snapshot(files: Files) -> Snapshot {
    let files = files
        .into_iter()
        .map(|(p, b)| {
            // As the work tree reader does: a file over the limit is not read.
            let file = if b.len() > MAX_FILE_BYTES { File::TooLarge(b.len()) } else { File::Bytes(b) };
            (p, file)
        })
        .collect();
    Snapshot { files, revision: None, ..Snapshot::default() }
}

/// The example's templates, loaded once: a debug build spends most of a
/// check parsing them.
fn example_templates() -> &'static (Arc<Templates>, Vec<Diagnostic>) {
    static TEMPLATES: OnceLock<(Arc<Templates>, Vec<Diagnostic>)> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let (templates, diags) = Templates::load(&snapshot(example_with_messages(&[])));
        (Arc::new(templates), diags)
    })
}

/// Runs check (load, templates, every rule, every rendered variant) on a
/// thread of its own and returns what is wrong: a panic, a timeout, or an
/// error diagnostic without a file and line. `Ok` holds the elapsed time.
fn exercise(files: Files) -> Result<Duration, String> {
    let same_templates = files
        .iter()
        .filter(|(p, _)| p.starts_with("templates"))
        .eq(example().iter().filter(|(p, _)| p.starts_with("templates")));
    let snap = snapshot(files);
    let (tx, rx) = std::sync::mpsc::channel();
    let start = Instant::now();
    std::thread::Builder::new()
        .name("fuzz-case".into())
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let project = if same_templates {
                    let (templates, diags) = example_templates();
                    Project::with_templates(snap, templates.clone(), diags.clone(), &mut ParseCache::default())
                } else {
                    Project::load(snap)
                };
                unisono::lint::check(&project)
                    .iter()
                    .filter(|d| d.is_error() && !WHOLE_FILE_CODES.contains(&d.code))
                    // Template problems (not UTF-8, Tera and MJML errors, a
                    // template that drops a required element) name the
                    // template but not yet a line in it: a known gap of
                    // src/render/templates.rs, so only the file is required.
                    .filter(|d| d.file.as_os_str().is_empty() || (d.line == 0 && !d.file.starts_with("templates")))
                    .map(|d| format!("{}:{} [{}] {}", d.file.display(), d.line, d.code, d.message))
                    .collect::<Vec<_>>()
            }));
            let _ = tx.send(result.map_err(|p| {
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            }));
        })
        .expect("spawn a fuzz case");
    match rx.recv_timeout(case_limit()) {
        Ok(Ok(unplaced)) if unplaced.is_empty() => Ok(start.elapsed()),
        Ok(Ok(unplaced)) => Err(format!("error diagnostics without a line: {unplaced:#?}")),
        Ok(Err(panic)) => Err(format!("panic: {panic}")),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(format!("still running after {:?}", case_limit())),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err("the case thread died".into()),
    }
}

// ---------------------------------------------------------------------------
// Seeded mutations.

/// SplitMix64: a small deterministic generator, so a failing case is
/// reproduced by its number.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Openers that nest when repeated, with their closers.
const NESTERS: [(&str, &str); 12] = [
    ("> ", ""),
    ("- ", ""),
    ("1. ", ""),
    ("* ", ""),
    ("_", "_"),
    ("*", "*"),
    ("**", "**"),
    ("[", "](https://x.example)"),
    ("> - ", ""),
    ("<div>", "</div>"),
    ("~~a ", " b~~"),
    ("[^a", "]"),
];

/// Fragments that mean something to YAML, Markdown, Tera or unisono.
const TOKENS: [&str; 44] = [
    "---\n",
    "...\n",
    ": ",
    "- ",
    "  ",
    "\t",
    "\r",
    "\r\n",
    "{#body}",
    "{#key-messages}",
    "## Key messages {#key-messages}\n",
    "# ",
    "[[",
    "]]",
    "[[CZ-EFF-01]]",
    "[[NOPE-1]]",
    "[[CZ-EFF-01|text]]",
    "[^1]",
    "[^1]: note\n",
    "&anchor ",
    "*anchor",
    "!!binary ",
    "? ",
    "|\n",
    ">\n",
    "{{",
    "}}",
    "{%",
    "%}",
    "\u{feff}",
    "\u{202e}",
    "9999-12-31",
    "0000-00-00",
    "1899-12-31",
    "-1",
    "99999999999999999999",
    "~",
    "null",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "e\u{301}\u{1F600}\u{200B}",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
];

/// Byte sequences that are not UTF-8: a lone lead byte, bytes never used,
/// a surrogate, a code point past U+10FFFF.
const BAD_UTF8: [&[u8]; 4] = [&[0xC3], &[0xFF, 0xFE], &[0xED, 0xA0, 0x80], &[0xF4, 0x90, 0x80, 0x80]];

/// Byte offsets of line starts in `b`.
fn line_starts(b: &[u8]) -> Vec<usize> {
    std::iter::once(0).chain(b.iter().enumerate().filter(|(_, c)| **c == b'\n').map(|(i, _)| i + 1)).collect()
}

/// The byte range of a random line (with its newline).
fn random_line(rng: &mut Rng, b: &[u8]) -> (usize, usize) {
    let starts = line_starts(b);
    let i = rng.below(starts.len());
    let start = starts[i].min(b.len());
    let end = starts.get(i + 1).copied().unwrap_or(b.len());
    (start, end)
}

/// Applies one random mutation to `b`; returns its name.
fn mutate(rng: &mut Rng, b: &mut Vec<u8>, other: &[u8]) -> &'static str {
    let at = rng.below(b.len() + 1);
    match rng.below(16) {
        0 => {
            if let Some(c) = b.get_mut(at) {
                *c ^= 1 << rng.below(8);
            }
            "bit flip"
        }
        1 => {
            let byte = *rng.pick(&[0x00, 0xFF, 0x80, 0xC3, b'\n', b':', b'-', b'#', b'>', b'*', b'_', b'[', b'"']);
            b.insert(at, byte);
            "byte insert"
        }
        2 => {
            b.truncate(at);
            "truncation"
        }
        3 => {
            let (s, e) = random_line(rng, b);
            let line = b[s..e].to_vec();
            let times = 1 + rng.below(3);
            for _ in 0..times {
                b.splice(e..e, line.iter().copied());
            }
            "line duplication"
        }
        4 => {
            let (s, e) = random_line(rng, b);
            b.drain(s..e);
            "line deletion"
        }
        5 => {
            let (open, close) = *rng.pick(&NESTERS);
            let depth = *rng.pick(&[33, 100, 4000]);
            let (s, _) = random_line(rng, b);
            let nested = format!("{}x{}\n", open.repeat(depth), close.repeat(depth));
            b.splice(s..s, nested.bytes());
            "deep nesting"
        }
        6 => {
            let word = *rng.pick(&["word ", "x", "supercalifragilistic", "1", "a.", "é", "[[CZ-EFF-01]] "]);
            let len = *rng.pick(&[10_000, 40_000, 120_000]);
            let huge = word.repeat(len / word.len());
            b.splice(at..at, huge.bytes());
            "huge line"
        }
        7 => {
            let c = *rng.pick(&["\0", "\x1b", "\x07", "\x7f", "\u{85}", "\u{9b}"]);
            b.splice(at..at, c.bytes());
            "control character"
        }
        8 => {
            let bad = *rng.pick(&BAD_UTF8);
            b.splice(at..at, bad.iter().copied());
            "invalid UTF-8"
        }
        9 => {
            let (s, e) = random_line(rng, b);
            let indent = b[s..e].iter().take_while(|c| **c == b' ').count();
            match rng.below(3) {
                0 => {
                    b.splice(s..s, "   ".bytes());
                }
                1 => {
                    b.drain(s..s + indent.min(2));
                }
                _ => {
                    b.splice(s..s + indent.min(2), [b'\t']);
                }
            }
            "indentation break"
        }
        10 | 11 => {
            let t = *rng.pick(&TOKENS);
            b.splice(at..at, t.bytes());
            "token insert"
        }
        12 => {
            let (s, e) = random_line(rng, b);
            let (s2, e2) = random_line(rng, b);
            if e <= s2 {
                let second = b[s2..e2].to_vec();
                let first = b[s..e].to_vec();
                b.splice(s2..e2, first);
                b.splice(s..e, second);
            }
            "line swap"
        }
        13 => {
            let from = rng.below(other.len() + 1);
            let len = rng.below(200).min(other.len() - from);
            b.splice(at..at, other[from..from + len].iter().copied());
            "splice from another file"
        }
        14 => {
            // Replace a number or a date-like run of digits.
            if let Some(pos) = b[at.min(b.len())..].iter().position(u8::is_ascii_digit) {
                let p = at + pos;
                let n = *rng.pick(&["0", "9999", "100000", "4294967296", "-5", "1e9", "99999999999999999999"]);
                let end = p + b[p..].iter().take_while(|c| c.is_ascii_digit()).count();
                b.splice(p..end, n.bytes());
            }
            "number"
        }
        _ => {
            let len = rng.below(64).min(b.len() - at.min(b.len()));
            b.drain(at..at + len);
            "chunk deletion"
        }
    }
}

/// Case `case` of the seeded run: a label and the mutated files.
fn seeded_case(seed: u64, case: u64) -> (String, Files) {
    let paths: Vec<&PathBuf> = example().keys().collect();
    let messages: Vec<&PathBuf> = paths.iter().copied().filter(|p| is_message(p)).collect();
    let mut rng = Rng(seed ^ case.wrapping_mul(0x2545_F491_4F6C_DD1D));
    // Messages most often: they are what writers edit every day.
    let target = if rng.below(2) == 0 { *rng.pick(&messages) } else { *rng.pick(&paths) };
    let shown = if is_message(target) { target.as_path() } else { rng.pick(&messages).as_path() };
    let mut files = example_with_messages(&[shown, target]);
    let other = example()[*rng.pick(&paths)].clone();
    let bytes = files.get_mut(target).expect("target file");
    let mut done = Vec::new();
    for _ in 0..1 + rng.below(3) {
        done.push(mutate(&mut rng, bytes, &other));
    }
    (format!("case {case}: {} ({})", target.display(), done.join(", ")), files)
}

#[test]
fn seeded_mutations_of_the_example_content() {
    let cases = env_number("UNISONO_MUTATIONS", 512);
    let seed = env_number("UNISONO_MUTATION_SEED", 0x0075_6E69_736F_6E6F);
    let only: Option<u64> = std::env::var("UNISONO_MUTATION_CASE").ok().and_then(|v| v.parse().ok());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4) as u64;
    let started = Instant::now();
    let slowest = std::sync::Mutex::new((Duration::ZERO, String::new()));
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for worker in 0..workers {
            let (slowest, failures) = (&slowest, &failures);
            s.spawn(move || {
                for case in (worker..cases).step_by(workers as usize).filter(|c| only.is_none_or(|o| o == *c)) {
                    let (label, files) = seeded_case(seed, case);
                    if let Some(dir) = std::env::var_os("UNISONO_FUZZ_DUMP") {
                        // Writes the case as a workspace, to run the real binary on it.
                        for (path, bytes) in &files {
                            let path = Path::new(&dir).join(path);
                            std::fs::create_dir_all(path.parent().expect("a folder")).expect("dump folder");
                            std::fs::write(path, bytes).expect("dump file");
                        }
                    }
                    let verbose = std::env::var_os("UNISONO_FUZZ_VERBOSE").is_some();
                    if verbose {
                        eprintln!("start {label}");
                    }
                    let result = exercise(files);
                    if verbose {
                        eprintln!("{label}: {result:?}");
                    }
                    match result {
                        Ok(t) => {
                            let mut slowest = slowest.lock().expect("lock");
                            if t > slowest.0 {
                                *slowest = (t, label);
                            }
                        }
                        Err(e) => failures.lock().expect("lock").push(format!("{label}: {e}")),
                    }
                }
            });
        }
    });
    let slowest = slowest.into_inner().expect("lock");
    let mut failures = failures.into_inner().expect("lock");
    failures.sort();
    eprintln!(
        "{cases} mutations on {workers} threads in {:.1?}; slowest {:.1?} ({})",
        started.elapsed(),
        slowest.0,
        slowest.1
    );
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n"));
}

// ---------------------------------------------------------------------------
// Structured generators.

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: env_number("UNISONO_FUZZ_CASES", 24) as u32,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A string as YAML writes it: JSON-quoted (always valid), or raw.
fn yaml_scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
        any::<String>(),
        "[a-z0-9 .,-]{0,40}",
        Just("9999-01-01".to_string()),
        Just("2026-02-29".to_string()),
        Just("".to_string()),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    let id = prop_oneof![Just("fuzz".to_string()), Just("../x".into()), Just("Fuzz".into()), yaml_scalar()];
    let locale = prop_oneof![Just("en-GB".to_string()), Just("es-ES".into()), Just("xx".into()), yaml_scalar()];
    let stage = prop_oneof![Just("interest".to_string()), Just("nope".into()), yaml_scalar()];
    let date = prop_oneof![
        Just("2026-11-03".to_string()),
        Just("9999-12-31".into()),
        Just("0000-01-01".into()),
        Just("2026-02-30".into()),
        yaml_scalar()
    ];
    let channels = prop::collection::vec(
        prop_oneof![Just("email"), Just("landing"), Just("edetail"), Just("video"), Just("nope")],
        0..5,
    );
    (
        id,
        locale,
        stage,
        date,
        proptest::option::of(channels),
        yaml_scalar(),
        yaml_scalar(),
        yaml_scalar(),
        any::<bool>(),
    )
        .prop_map(|(id, locale, stage, date, channels, subject, hook, url, extra)| {
            let mut s = format!(
                "id: {id}\nproduct: cardiozen\nlocale: {locale}\nstage: {stage}\njob_code: UK-CZ-1\nprepared: {date}\n"
            );
            if let Some(c) = channels {
                s.push_str(&format!("channels: [{}]\n", c.join(", ")));
            }
            s.push_str(&format!(
                "email:\n  subject: {subject}\nvideo:\n  hook: {hook}\ncta:\n  label: Go\n  url: {url}\n"
            ));
            if extra {
                s.push_str("unknown_key: 1\n");
            }
            s
        })
}

/// Inline Markdown: text, emphasis, claims, links, code, footnotes, HTML.
fn inline() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        "[A-Za-z ,.]{1,30}",
        any::<String>(),
        Just("[[CZ-EFF-01]]".to_string()),
        Just("[[CZ-DOS-01]]".to_string()),
        Just("[[NOPE]]".to_string()),
        Just("`code`".to_string()),
        Just("[^1]".to_string()),
        Just("<b>x</b>".to_string()),
        Just("20 mg/dL".to_string()),
    ];
    leaf.prop_recursive(40, 200, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|s| format!("**{s}**")),
            inner.clone().prop_map(|s| format!("_{s}_")),
            inner.clone().prop_map(|s| format!("~~{s}~~")),
            inner.clone().prop_map(|s| format!("[{s}](https://x.example)")),
            prop::collection::vec(inner, 1..4).prop_map(|v| v.join(" ")),
        ]
    })
}

/// Block Markdown: paragraphs, lists, quotes, tables, code, nested up to 40 deep.
fn block() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        inline(),
        inline().prop_map(|s| format!("### {s}")),
        inline().prop_map(|s| format!("| a | b |\n|---|---|\n| {s} | x |")),
        Just("```\ncode\n```".to_string()),
        Just("---".to_string()),
        Just("[^1]: A note.".to_string()),
    ];
    leaf.prop_recursive(40, 200, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|s| s.lines().map(|l| format!("> {l}")).collect::<Vec<_>>().join("\n")),
            inner.clone().prop_map(|s| format!("- {}", s.replace('\n', "\n  "))),
            inner.clone().prop_map(|s| format!("1. {}", s.replace('\n', "\n   "))),
            prop::collection::vec(inner, 1..4).prop_map(|v| v.join("\n\n")),
        ]
    })
}

fn body() -> impl Strategy<Value = String> {
    (inline(), block(), prop::collection::vec(inline(), 0..4), block(), any::<bool>()).prop_map(
        |(headline, summary, kms, detail, sections)| {
            let mut s = format!("\n# {headline}\n\n{summary}\n\n");
            if sections {
                s.push_str("## Key messages {#key-messages}\n\n");
                for k in kms {
                    s.push_str(&format!("- **Title.** {}\n", k.replace('\n', " ")));
                }
                s.push_str(&format!("\n## Detail {{#body}}\n\n{detail}\n"));
            } else {
                s.push_str(&detail);
            }
            s
        },
    )
}

/// A YAML value tree with keys unisono knows, nested up to 8 deep.
fn yaml_value() -> impl Strategy<Value = serde_yaml::Value> {
    use serde_yaml::Value;
    let key = prop_oneof![
        Just("channels"),
        Just("kind"),
        Just("email"),
        Just("page"),
        Just("limits"),
        Just("words"),
        Just("size"),
        Just("templates"),
        Just("policy"),
        Just("valid_for_months"),
        Just("required_roles"),
        Just("reviewers"),
        Just("claims"),
        Just("text"),
        Just("en-GB"),
        Just("references"),
        Just("status"),
        Just("terms"),
        Just("term"),
        Just("avoid"),
        Just("id"),
        Just("launched"),
        Just("locales"),
        Just("isi"),
    ]
    .prop_map(|k| Value::String(k.to_string()));
    let leaf = prop_oneof![
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<u64>().prop_map(|n| Value::Number(n.into())),
        any::<f64>().prop_map(|n| Value::Number(n.into())),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        any::<String>().prop_map(Value::String),
        Just(Value::String("9999-01-01".into())),
        Just(Value::String("email".into())),
    ];
    leaf.prop_recursive(8, 64, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Sequence),
            prop::collection::vec((key.clone(), inner), 0..5).prop_map(|kv| Value::Mapping(kv.into_iter().collect())),
        ]
    })
}

const YAML_FILES: [&str; 5] = [
    "channels.yaml",
    "reviewers.yaml",
    "content/claims.yaml",
    "content/products/cardiozen.yaml",
    "content/glossary.yaml",
];

fn check_case(files: Files) -> Result<(), TestCaseError> {
    exercise(files).map(|_| ()).map_err(TestCaseError::fail)
}

const MESSAGE: &str = "content/messages/cardiozen/cardiozen-ldl-goal.md";

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_messages(fm in front_matter(), body in body()) {
        let mut files = example_with_messages(&[]);
        files.insert(PathBuf::from("content/messages/fuzz/fuzz.md"), format!("---\n{fm}---\n{body}").into_bytes());
        check_case(files)?;
    }

    #[test]
    fn generated_bodies_under_valid_front_matter(body in body()) {
        let mut files = example_with_messages(&[]);
        let original = String::from_utf8(example()[Path::new(MESSAGE)].clone()).expect("UTF-8");
        let end = original.find("\n---\n").expect("front matter") + 5;
        files.insert(PathBuf::from(MESSAGE), format!("{}{body}", &original[..end]).into_bytes());
        check_case(files)?;
    }

    #[test]
    fn generated_yaml_files(which in 0..YAML_FILES.len(), value in yaml_value()) {
        let mut files = example_with_messages(&[Path::new(MESSAGE)]);
        let text = serde_yaml::to_string(&value).unwrap_or_default();
        files.insert(PathBuf::from(YAML_FILES[which]), text.into_bytes());
        check_case(files)?;
    }

    #[test]
    fn byte_mutations(which in 0..6usize, edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..8)) {
        let path = if which < YAML_FILES.len() { YAML_FILES[which] } else { MESSAGE };
        let mut files = example_with_messages(&[Path::new(MESSAGE)]);
        let bytes = files.get_mut(Path::new(path)).expect("example file");
        for (index, byte, op) in edits {
            let at = index.index(bytes.len() + 1);
            match op {
                0 => bytes.insert(at, byte),
                1 if at < bytes.len() => bytes[at] = byte,
                _ if at < bytes.len() => { bytes.remove(at); }
                _ => {}
            }
        }
        check_case(files)?;
    }
}

#[test]
fn markdown_nested_just_within_the_limit_is_checked_and_rendered_on_a_small_stack() {
    // Everything that walks the tree recurses once per level: at the deepest
    // nesting allowed, check and every renderer must still fit the 2 MiB
    // stack of a worker thread, in a debug build.
    let original = String::from_utf8(example()[Path::new(MESSAGE)].clone()).expect("UTF-8");
    for (open, close) in NESTERS {
        let deepest = (1..200)
            .take_while(|n| {
                unisono::model::markdown::nesting_too_deep(&format!("{}x{}", open.repeat(*n), close.repeat(*n)))
                    .is_none()
            })
            .last()
            .unwrap_or(0);
        let nested = format!("{}x{}", open.repeat(deepest), close.repeat(deepest));
        for place in ["## Detail {#body}\n", "## Key messages {#key-messages}\n"] {
            let mut files = example_with_messages(&[]);
            let text = original.replacen(place, &format!("{place}\n{nested}\n\n"), 1);
            files.insert(PathBuf::from(MESSAGE), text.into_bytes());
            if let Err(e) = exercise(files) {
                panic!("{open:?} nested {deepest} deep: {e}");
            }
        }
    }
}
