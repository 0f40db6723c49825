//! A generated workspace of N plausible messages, for benchmarks, and the
//! benchmark itself (`unisono bench`).

use crate::{Error, writer};
use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (xorshift64*), so a seed always gives
/// the same workspace.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const LOCALES: [&str; 3] = ["en-GB", "es-ES", "de-DE"];
const CLAIMS: usize = 60;
const STAGES: [&str; 5] = ["knowledge", "interest", "demand", "action", "support"];

const OPENERS: [&str; 6] = [
    "For adults with primary hypercholesterolaemia,",
    "In patients not at their LDL-C goal,",
    "When a statin alone is not enough,",
    "For patients starting lipid-lowering therapy,",
    "In routine practice,",
    "At the next review,",
];
const MIDDLES: [&str; 6] = [
    "Benchmarkol (generatin) adds a once-daily option",
    "Benchmarkol (generatin) offers an oral tablet taken once a day",
    "Benchmarkol (generatin) can be added to current therapy",
    "Benchmarkol (generatin) lowers LDL-C from the first weeks",
    "Benchmarkol (generatin) is taken with or without food",
    "Benchmarkol (generatin) needs no dose titration",
];
const ENDS: [&str; 5] = [
    "that fits existing routines.",
    "with a simple dosing schedule.",
    "supported by trial data.",
    "for appropriate patients.",
    "alongside diet and exercise.",
];

/// Writes a workspace of `n` message files (about one in five a
/// translation) into `dir`, which must not exist, and makes it a git
/// repository with one commit.
pub fn generate(dir: &Path, n: usize, seed: u64) -> Result<(), Error> {
    crate::init::init(dir)?;
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io { path: p, source }
    };
    let mut rng = Rng(seed.max(1));
    let mut product =
        String::from("id: bench\nbrand: Benchmarkol\ngeneric: generatin\nlaunched: 2026-02-01\nlocales:\n");
    for l in LOCALES {
        let _ = write!(
            product,
            "  {l}:\n    isi: |\n      **Important safety information.** Benchmarkol is contraindicated in active liver disease. Monitor liver function ({l}).\n    isi_short: Not for patients with active liver disease. Check liver function.\n    pi_url: https://bench.example/{l}/pi\n    ae_statement: Adverse events should be reported ({l}).\n    company: Bench Pharma Ltd, 1 Bench Street, London\n    unsubscribe_url: https://bench.example/{l}/unsubscribe\n    sender: Bench Team <team@bench.example>\n"
        );
    }
    let mut claims = String::from("claims:\n");
    for c in 0..CLAIMS {
        let _ = write!(claims, "  BM-CL-{c:02}:\n    text:\n");
        for l in LOCALES {
            let _ = writeln!(claims, "      {l}: Benchmarkol cut LDL-C by {}% at week {}.", 30 + c % 30, 4 + c % 8);
        }
        let _ = writeln!(claims, "    references: [REF-{:02}]\n    kind: efficacy", c % 10);
    }
    claims.push_str("references:\n");
    for r in 0..10 {
        let _ = writeln!(claims, "  REF-{r:02}: Author A, et al. Benchmark study {r}. Example J Med. 2025;{r}:1-9.");
    }
    // Generated copy is denser than an edited script: allow faster captions
    // so the generated workspace checks clean.
    let channels = std::fs::read_to_string(dir.join("channels.yaml")).map_err(io(dir))?;
    let files = [
        ("channels.yaml", channels.replace("caption_chars_per_second: 17", "caption_chars_per_second: 24")),
        ("content/products/bench.yaml", product),
        ("content/claims.yaml", claims),
        ("content/glossary.yaml", "en-GB:\n  terms:\n    - term: LDL-C\n      spoken: L D L cholesterol\n".to_string()),
    ];
    for (rel, text) in files {
        writer::write_atomic(&dir.join(rel), text.as_bytes())?;
    }
    let masters = n - n / 5;
    let mut master_kms: Vec<String> = Vec::with_capacity(masters);
    for i in 0..n {
        let (id, locale, translation_of) = if i < masters {
            (format!("bench-{i:05}"), "en-GB", None)
        } else {
            let m = (i - masters) % masters.max(1);
            (format!("bench-{m:05}"), LOCALES[1 + (i - masters) / masters.max(1) % 2], Some(m))
        };
        let folder = dir.join(format!("content/messages/{:03}", i % masters.max(1) / 100));
        // A translation carries its master's claims.
        let kms = match translation_of {
            Some(m) => master_kms[m].clone(),
            None => {
                let k = 2 + rng.next() % 3;
                let kms: Vec<String> = (0..k)
                    .map(|_| {
                        format!(
                            "- **{}** [[BM-CL-{:02}]]",
                            rng.pick(&["Efficacy.", "Onset.", "Dosing.", "Durability."]),
                            rng.next() % CLAIMS as u64
                        )
                    })
                    .collect();
                master_kms.push(kms.join("\n"));
                kms.join("\n")
            }
        };
        let summary = format!("{} {} {}", rng.pick(&OPENERS), rng.pick(&MIDDLES), rng.pick(&ENDS));
        let body = format!(
            "{} {} {}\n\n{} {} {}",
            rng.pick(&OPENERS),
            rng.pick(&MIDDLES),
            rng.pick(&ENDS),
            rng.pick(&OPENERS),
            rng.pick(&MIDDLES),
            rng.pick(&ENDS)
        );
        let source = match translation_of {
            Some(_) => {
                let master = std::fs::read(folder.join(format!("{id}.md"))).map_err(io(&folder))?;
                format!("source: {}\n", crate::fingerprint::of_bytes(&master))
            }
            None => String::new(),
        };
        let text = format!(
            "---\nid: {id}\nproduct: bench\nlocale: {locale}\n{source}audience: [cardiology]\nstage: {stage}\njob_code: BM-{i:05}\nprepared: 2026-11-01\nemail:\n  subject: LDL-C goals with Benchmarkol\n  preheader: A once-daily option\nvideo:\n  hook: Could more patients reach their LDL-C goal?\ncta:\n  label: Request a visit\n  url: https://bench.example/visit\n---\n\n# Benchmarkol (generatin) message {i}\n\n{summary}\n\n## Key messages {{#key-messages}}\n\n{kms}\n\n## Detail {{#body}}\n\n{body}\n",
            stage = STAGES[i % STAGES.len()],
        );
        let name = match translation_of {
            Some(_) => format!("{id}.{locale}.md"),
            None => format!("{id}.md"),
        };
        writer::write_atomic(&folder.join(name), text.as_bytes())?;
    }
    writer::remove_generated(&dir.join("content/messages/sample-welcome.md"))?;
    writer::remove_generated(&dir.join("content/products/sample.yaml"))?;
    let repo = git2::Repository::open(dir)?;
    let mut index = repo.index()?;
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None)?;
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let sig = git2::Signature::new("Bench Writer", "writer@bench.example", &git2::Time::new(1_790_000_000, 0))?;
    repo.commit(Some("HEAD"), &sig, &sig, "Generated workspace", &tree, &[])?;
    Ok(())
}

/// The figures of one benchmark size.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Figures {
    pub messages: usize,
    pub variants: usize,
    /// `unisono build` in a fresh process, nothing cached, output on disk.
    pub cold_build_s: f64,
    /// The part due to the disk: the cold build minus the same build into
    /// memory (tmpfs).
    pub cold_build_write_s: f64,
    /// Phases of a cold build: load and status; render (and write to memory).
    pub load_and_status_s: f64,
    pub render_s: f64,
    /// `unisono build` again after one message changed (fresh process).
    pub rebuild_one_cli_s: f64,
    /// The watch engine: from the change to the updated output, in process.
    pub rebuild_one_watch_ms: f64,
    /// `unisono status` (fresh process, fingerprint cache warm).
    pub status_s: f64,
    /// `unisono check` (fresh process): renders and checks every variant.
    pub check_s: f64,
    /// Peak resident memory of the cold build and of check.
    pub build_peak_mb: f64,
    pub check_peak_mb: f64,
    /// The floor: pulldown-cmark parse of every message plus the same Tera
    /// templates rendered for every variant, in process.
    pub floor_s: f64,
    /// Each channel rendered alone, in process, into memory.
    pub channels: Vec<ChannelFigures>,
}

/// The cost of one channel: every variant of it rendered (draft form) in
/// process, in parallel, nothing written.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ChannelFigures {
    pub channel: String,
    pub kind: &'static str,
    pub variants: usize,
    pub seconds: f64,
    pub files: usize,
    pub bytes: u64,
}

impl ChannelFigures {
    /// Milliseconds of one core per variant (wall time × cores ÷ variants).
    pub fn ms_per_variant(&self) -> f64 {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
        if self.variants == 0 { 0.0 } else { self.seconds * 1000.0 * cores / self.variants as f64 }
    }
}

/// Renders each channel of the workspace at `dir` alone and measures it.
pub fn per_channel(dir: &Path) -> Result<Vec<ChannelFigures>, Error> {
    use rayon::prelude::*;
    let ws = crate::workspace::Workspace::open(dir)?;
    let project = crate::project::Project::load(ws.worktree()?);
    let content = &project.content;
    let mut out = Vec::new();
    for (name, channel) in &content.channels {
        let messages: Vec<&crate::model::MasterMessage> =
            content.messages.iter().filter(|m| content.channels_of(m).iter().any(|(n, _)| n == name)).collect();
        let started = std::time::Instant::now();
        let (files, bytes) = messages
            .par_iter()
            .map(|m| match crate::render::render_variant(content, &project.templates, m, name, channel, true) {
                Ok(v) => (v.files.len(), v.files.values().map(|b| b.len() as u64).sum::<u64>()),
                Err(_) => (0, 0),
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        out.push(ChannelFigures {
            channel: name.clone(),
            kind: channel.kind.name(),
            variants: messages.len(),
            seconds: started.elapsed().as_secs_f64(),
            files,
            bytes,
        });
    }
    Ok(out)
}

/// Runs the benchmark for each size; `exe` is the unisono binary.
pub fn run(
    sizes: &[usize],
    seed: u64,
    exe: &Path,
    workdir: &Path,
    log: &mut dyn FnMut(&str),
) -> Result<Vec<Figures>, Error> {
    let mut out = Vec::new();
    for &n in sizes {
        // A new folder each run: deleting a large tree first would slow the
        // disk down for the measurements that follow.
        let dir = workdir.join(format!("bench-{n}-{}-{}", std::process::id(), crate::date::now_unix()));
        log(&format!("generating {n} message files in {}", dir.display()));
        generate(&dir, n, seed)?;
        let (cold, build_peak, build_err) = timed(exe, &dir, &["build"])?;
        log(&format!("cold build: {cold:.2} s"));
        let load_s = phase(&build_err, "load and status");
        // The same build into memory (tmpfs), to tell rendering from the disk.
        let shm = std::path::PathBuf::from("/dev/shm").join(format!("unisono-bench-{n}-{}", std::process::id()));
        let (in_memory, _, mem_err) = if Path::new("/dev/shm").is_dir() {
            timed(exe, &dir, &["build", "--out", &shm.to_string_lossy()])?
        } else {
            (cold, 0.0, build_err.clone())
        };
        let _ = writer::remove_generated(&shm);
        let render_s = phase(&mem_err, "render and write");
        let write_s = (cold - in_memory).max(0.0);
        log(&format!("cold build into memory: {in_memory:.2} s"));
        // One message changes.
        let target = dir.join("content/messages/000/bench-00001.md");
        let text = std::fs::read_to_string(&target).map_err(|source| Error::Io { path: target.clone(), source })?;
        writer::write_atomic(
            &target,
            text.replacen("## Detail {#body}", "## Detail {#body}\n\nAn edited paragraph.", 1).as_bytes(),
        )?;
        let (rebuild, _, _) = timed(exe, &dir, &["build"])?;
        log(&format!("rebuild after one edit (CLI): {rebuild:.2} s"));
        let ws = crate::workspace::Workspace::open(&dir)?;
        let mut engine = crate::serve::Engine::new(ws, dir.join("dist"))?;
        engine.update(&[]);
        let text = std::fs::read_to_string(&target).map_err(|source| Error::Io { path: target.clone(), source })?;
        writer::write_atomic(
            &target,
            text.replacen("An edited paragraph.", "An edited paragraph, edited again.", 1).as_bytes(),
        )?;
        let started = std::time::Instant::now();
        let update = engine.update(std::slice::from_ref(&target));
        let watch_ms = started.elapsed().as_secs_f64() * 1000.0;
        log(&format!("rebuild after one edit (watch): {watch_ms:.0} ms, {} variant(s)", update.rendered.len()));
        let (status, _, _) = timed(exe, &dir, &["status"])?;
        log(&format!("status: {status:.2} s"));
        let (check, check_peak, _) = timed(exe, &dir, &["check"])?;
        log(&format!("check: {check:.2} s"));
        let floor = floor(&dir)?;
        log(&format!("floor: {floor:.2} s"));
        let channels = per_channel(&dir)?;
        for c in &channels {
            log(&format!(
                "{} ({}): {:.2} s, {} variants, {} files, {:.1} MB",
                c.channel,
                c.kind,
                c.seconds,
                c.variants,
                c.files,
                c.bytes as f64 / 1e6
            ));
        }
        out.push(Figures {
            messages: n,
            variants: engine_variants(&dir),
            cold_build_s: cold,
            cold_build_write_s: write_s,
            load_and_status_s: load_s,
            render_s,
            rebuild_one_cli_s: rebuild,
            rebuild_one_watch_ms: watch_ms,
            status_s: status,
            check_s: check,
            build_peak_mb: build_peak,
            check_peak_mb: check_peak,
            floor_s: floor,
            channels,
        });
    }
    Ok(out)
}

fn engine_variants(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join("dist/.unisono/state.json")).map(|s| s.matches("\"input\"").count()).unwrap_or(0)
}

/// Runs the binary; returns wall seconds, peak RSS in MB and stderr.
fn timed(exe: &Path, dir: &Path, args: &[&str]) -> Result<(f64, f64, String), Error> {
    let started = std::time::Instant::now();
    let out = std::process::Command::new(exe)
        .args(args)
        .current_dir(dir)
        .env("UNISONO_REPORT", "1")
        .output()
        .map_err(|source| Error::Io { path: exe.to_path_buf(), source })?;
    let secs = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let peak = stderr
        .lines()
        .find_map(|l| l.strip_prefix("unisono-peak-rss-kb: "))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0;
    Ok((secs, peak, stderr))
}

/// A phase's seconds from `UNISONO_REPORT` output.
fn phase(stderr: &str, name: &str) -> f64 {
    stderr
        .lines()
        .find_map(|l| l.strip_prefix(&format!("unisono-phase {name}: ")))
        .and_then(|v| v.trim().trim_end_matches(" s").parse().ok())
        .unwrap_or(0.0)
}

/// The floor: parse every message with pulldown-cmark, and render the same
/// templates with the same contexts (prepared beforehand, not timed). The
/// contexts are prepared and rendered a batch at a time: prepared all at
/// once they held 18 GB at 100,000 messages (each carries its message's
/// whole render context).
fn floor(dir: &Path) -> Result<f64, Error> {
    use rayon::prelude::*;
    /// Variants prepared at a time (about 40 KB of context each).
    const BATCH: usize = 4096;
    let ws = crate::workspace::Workspace::open(dir)?;
    let project = crate::project::Project::load(ws.worktree()?);
    let (content, templates) = (&project.content, &*project.templates);
    let texts: Vec<&str> =
        content.messages.iter().filter_map(|m| content.texts.get(&m.file).map(String::as_str)).collect();
    let started = std::time::Instant::now();
    let parsed: usize = texts
        .par_iter()
        .map(|t| {
            let mut html = String::new();
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(t, crate::model::markdown::options()),
            );
            html.len()
        })
        .sum();
    let mut secs = started.elapsed().as_secs_f64();
    let pieces: Vec<_> =
        content.messages.iter().flat_map(|m| content.channels_of(m).into_iter().map(move |c| (m, c))).collect();
    let mut rendered = 0;
    for batch in pieces.chunks(BATCH) {
        let jobs: Vec<_> = batch
            .par_iter()
            .map(|&(m, (name, channel))| {
                let ctx = crate::render::RenderContext::new(content, m, name, channel, true, true);
                let mut tctx = crate::render::tera_context(&ctx);
                tctx.insert("veeva", &false);
                tctx.insert("slides", &crate::render::slides::deck(&ctx));
                tctx.insert("scenes", &Vec::<()>::new());
                tctx.insert(
                    "video",
                    &serde_json::json!({"words_per_minute": 140, "total_ms": 0, "total_seconds": "0"}),
                );
                let roles: Vec<String> = channel
                    .kind
                    .default_templates()
                    .iter()
                    .filter(|(r, _)| *r != "slide")
                    .filter_map(|(r, _)| channel.template(r).map(str::to_string))
                    .collect();
                (tctx, roles)
            })
            .collect();
        let started = std::time::Instant::now();
        rendered += jobs
            .par_iter()
            .map(|(ctx, roles)| {
                roles.iter().map(|r| templates.render(r, ctx).map(|s| s.len()).unwrap_or(0)).sum::<usize>()
            })
            .sum::<usize>();
        secs += started.elapsed().as_secs_f64();
    }
    std::hint::black_box((parsed, rendered));
    Ok(secs)
}

/// The figures as a Markdown table.
pub fn table(rows: &[Figures]) -> String {
    let mut s = String::from(
        "| messages | variants | cold build | of which disk | load + status | render | rebuild one (CLI) | rebuild one (watch) | status | check | peak memory (build / check) | floor | render ÷ floor |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {:.1} s | {:.1} s | {:.2} s | {:.1} s | {:.2} s | {:.0} ms | {:.2} s | {:.1} s | {:.0} / {:.0} MB | {:.2} s | {:.1}× |",
            r.messages,
            r.variants,
            r.cold_build_s,
            r.cold_build_write_s,
            r.load_and_status_s,
            r.render_s,
            r.rebuild_one_cli_s,
            r.rebuild_one_watch_ms,
            r.status_s,
            r.check_s,
            r.build_peak_mb,
            r.check_peak_mb,
            r.floor_s,
            if r.floor_s > 0.0 { r.render_s / r.floor_s } else { 0.0 }
        );
    }
    s
}

/// The per-channel figures as a Markdown table: one row per size and channel.
pub fn channel_table(rows: &[Figures]) -> String {
    let mut s = String::from(
        "| messages | channel | kind | variants | wall | ms per variant (one core) | files per variant | KB per variant |\n|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        for c in &r.channels {
            let per = |x: f64| if c.variants == 0 { 0.0 } else { x / c.variants as f64 };
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {:.2} s | {:.2} | {:.1} | {:.1} |",
                r.messages,
                c.channel,
                c.kind,
                c.variants,
                c.seconds,
                c.ms_per_variant(),
                per(c.files as f64),
                per(c.bytes as f64) / 1024.0
            );
        }
    }
    s
}

/// The journey of the plan benchmark, over generated messages: an invite,
/// a visit when opened, a follow-up of what the visit left open, a nudge.
const BENCH_JOURNEY: &str = "id: bench-journey\nproduct: bench\nsteps:\n  - { id: invite, message: bench-00000, channel: email }\n  - { id: visit, after: invite, when: opened, within: 14d, message: bench-00001, channel: edetail }\n  - { id: follow-up, after: visit, wait: 2d, message: bench-00001, channel: email, covers: undiscussed }\n  - { id: nudge, after: invite, when: none, within: 14d, message: bench-00002, channel: landing }\n";

/// Writes `rows` interactions of `hcps` HCPs (CSV, SPEC §12) to `path`:
/// each HCP's invite, opens, clicks, visits with the key messages
/// discussed, follow-ups, unsubscriptions, and traffic of other messages,
/// interleaved in time as an export would be.
pub fn generate_interactions(path: &Path, rows: usize, hcps: usize, seed: u64) -> Result<(), Error> {
    use std::io::Write;
    let hcps = hcps.max(1);
    let file = std::fs::File::create(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut rng = Rng(seed.max(1));
    let start = 1_790_000_000i64;
    let mut line = String::with_capacity(128);
    let mut write =
        |line: &str| out.write_all(line.as_bytes()).map_err(|source| Error::Io { path: path.to_path_buf(), source });
    write("time,hcp,locale,message,channel,event,key_messages\n")?;
    let per_hcp = rows.div_ceil(hcps);
    let mut written = 0;
    for round in 0..per_hcp {
        for h in 0..hcps {
            if written == rows {
                break;
            }
            let time = start + (round as i64) * 86_400 + (h as i64 % 86_400);
            let stamp = crate::interactions::format_time(time);
            let locale = LOCALES[h % LOCALES.len()];
            let r = rng.next();
            let (message, channel, event, kms) = match round {
                0 => ("bench-00000", "email", "sent", String::new()),
                1 if !r.is_multiple_of(3) => ("bench-00000", "email", "opened", String::new()),
                2 if r.is_multiple_of(3) => ("bench-00000", "email", "clicked", String::new()),
                3 if r.is_multiple_of(2) => {
                    ("bench-00001", "edetail", "visited", format!("{};{}", 1 + r % 2, 2 + r % 2))
                }
                5 if r.is_multiple_of(4) => ("bench-00001", "email", "sent", String::new()),
                7 if r.is_multiple_of(50) => ("", "", "unsubscribed", String::new()),
                _ => ("bench-00050", "email", ["sent", "opened", "clicked"][(r % 3) as usize], String::new()),
            };
            line.clear();
            let _ = writeln!(line, "{stamp},hcp-{h:07},{locale},{message},{channel},{event},{kms}");
            write(&line)?;
            written += 1;
        }
    }
    out.flush().map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

/// The figures of the plan benchmark.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlanFigures {
    pub rows: usize,
    pub hcps: usize,
    /// `unisono plan` over every HCP (fresh process, output to a pipe).
    pub plan_s: f64,
    pub plan_peak_mb: f64,
    /// `unisono plan --partition 1/4`: one machine's share of a fan-out.
    pub partition_s: f64,
    pub partition_peak_mb: f64,
}

/// Generates a workspace of 100 messages with a journey, and `rows`
/// interactions of `hcps` HCPs, and times `unisono plan` over them.
pub fn run_plan(
    rows: usize,
    hcps: usize,
    seed: u64,
    exe: &Path,
    workdir: &Path,
    log: &mut dyn FnMut(&str),
) -> Result<PlanFigures, Error> {
    let dir = workdir.join(format!("bench-plan-{}-{}", std::process::id(), crate::date::now_unix()));
    log(&format!("generating 100 message files and a journey in {}", dir.display()));
    generate(&dir, 100, seed)?;
    writer::write_atomic(&dir.join("journeys/bench-journey.yaml"), BENCH_JOURNEY.as_bytes())?;
    let log_file = dir.join("interactions.csv");
    log(&format!("generating {rows} interactions of {hcps} HCPs"));
    generate_interactions(&log_file, rows, hcps, seed)?;
    let args = ["plan", "bench-journey", "--interactions", "interactions.csv", "--now", "2026-12-01T00:00:00Z"];
    let (plan_s, plan_peak_mb, _) = timed(exe, &dir, &args)?;
    log(&format!("plan: {plan_s:.2} s, {plan_peak_mb:.0} MB"));
    let (partition_s, partition_peak_mb, _) = timed(exe, &dir, &[&args[..], &["--partition", "1/4"]].concat())?;
    log(&format!("plan --partition 1/4: {partition_s:.2} s, {partition_peak_mb:.0} MB"));
    Ok(PlanFigures { rows, hcps, plan_s, plan_peak_mb, partition_s, partition_peak_mb })
}
