//! A generated workspace of N plausible messages, for benchmarks, and the
//! benchmark itself (`unisono bench`).

use crate::Error;
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
        let p = dir.join(rel);
        std::fs::write(&p, text).map_err(io(&p))?;
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
        std::fs::create_dir_all(&folder).map_err(io(&folder))?;
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
        let p = folder.join(name);
        std::fs::write(&p, text).map_err(io(&p))?;
    }
    std::fs::remove_file(dir.join("content/messages/sample-welcome.md")).map_err(io(dir))?;
    std::fs::remove_file(dir.join("content/products/sample.yaml")).map_err(io(dir))?;
    let repo = git2::Repository::open(dir)?;
    let mut index = repo.index()?;
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None)?;
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let sig = git2::Signature::new("Bench Writer", "writer@bench.example", &git2::Time::new(1_790_000_000, 0))?;
    repo.commit(Some("HEAD"), &sig, &sig, "Generated workspace", &tree, &[])?;
    Ok(())
}
