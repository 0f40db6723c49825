//! Argument definitions and dispatch; each command's body is a thin call
//! into the library.

mod build;
mod check;
mod claims;
mod init;
mod journey;
mod live;
mod review;
mod ship;
mod templates;
mod trust;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use unisono::Error;
use unisono::approval::record::Decision;
use unisono::workspace::Workspace;

/// unisono: one master message, every channel, only what was approved.
#[derive(Parser, Debug)]
#[command(name = "unisono", version, about, long_about = None)]
pub struct Cli {
    /// The workspace (any folder inside its git work tree); default: the current folder.
    #[arg(long, global = true, value_name = "DIR")]
    pub repo: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// Output format of reporting commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write a new workspace (channels, reviewers, a sample product, claims and message) and make it a git repository.
    Init {
        /// The folder to create (must be new or empty).
        dir: PathBuf,
    },
    /// Write a new master message skeleton, or a translation of an existing one.
    New(init::NewArgs),
    /// Report every problem in the content: file:line:col, rule code, hint. Exit 1 on errors.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Render every message × locale × channel into dist/<locale>/<id>/<channel>/ and the review portal dist/index.html.
    Build {
        /// Output folder (default: dist/ in the workspace).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Output format of the report.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Approve a message's variants in your role: render them from HEAD, sign a record (SSH) and commit it.
    Approve(review::SignArgs),
    /// Request changes (a comment is required): a signed record, committed.
    Reject(review::SignArgs),
    /// Withdraw a piece from every channel (a reason is required) and list the published artifacts to pull.
    Withdraw(review::WithdrawArgs),
    /// Show the status of every message × locale × channel, with who signed and what is missing.
    Status {
        /// Evaluate at this git revision instead of the work tree.
        #[arg(long)]
        rev: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Publish the approved, unexpired, unwithdrawn variants of a committed revision, with manifest.json.
    Publish(ship::PublishArgs),
    /// The next touchpoint of every HCP in a journey, from the interactions (CSV) and approved content only.
    Plan(journey::PlanArgs),
    /// Measure a journey over the interactions: reach and rates per step and locale, time between steps, key-message coverage.
    Report(journey::ReportArgs),
    /// Send the approved email through SMTP (or into outbox/); refuses anything not approved.
    Send(ship::SendArgs),
    /// Re-render on every change (only what the change affects), printing what changed and its findings.
    Watch {
        /// Output folder (default: dist/ in the workspace).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Watch, and serve the review portal and every variant on 127.0.0.1 with live reload.
    Serve {
        /// Port on 127.0.0.1 (0: any free port).
        #[arg(long, default_value_t = 4747)]
        port: u16,
        /// Output folder (default: dist/ in the workspace).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Generate a workspace of N plausible messages (for benchmarks).
    #[command(hide = true)]
    Generate {
        /// The folder to create.
        dir: PathBuf,
        /// Number of message files.
        #[arg(long, default_value_t = 1000)]
        messages: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Benchmark: generate workspaces of N messages and measure build, rebuild, status, check, memory, the floor and each channel rendered alone.
    Bench {
        /// Workspace sizes (message files), comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
        messages: Vec<usize>,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to generate the workspaces (default: a folder in the system temp dir).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Benchmark `plan` instead: a journey over this many interaction rows.
        #[arg(long, value_name = "ROWS")]
        plan_rows: Option<usize>,
        /// The HCPs of those rows.
        #[arg(long, value_name = "N", default_value_t = 100_000)]
        plan_hcps: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Who may change reviewers.yaml: `sign` a committed change as an owner, `status` of the chain of trust.
    Trust {
        #[command(subcommand)]
        command: trust::TrustCommand,
    },
    /// The claims library: `list`, and `where-used ID` (every message, locale and channel that uses a claim).
    Claims {
        #[command(subcommand)]
        command: claims::ClaimsCommand,
    },
    /// The templates: `list` (built-in or overridden), `eject NAME` (copy a built-in to customise), `diff NAME`.
    Templates {
        #[command(subcommand)]
        command: templates::TemplatesCommand,
    },
    /// Timeline of edits and decisions of one message, from git history.
    Log {
        /// The message id.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// What changed since the last approval: the source (line diff) and each variant (word diff).
    Diff {
        /// The message id.
        id: String,
        /// The locale (default: the master's).
        #[arg(long)]
        locale: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Print the approval certificate of an approved piece: a printable HTML page (signed fingerprints, signatures, how to verify).
    Certificate {
        /// The message id.
        id: String,
        /// The locale (default: the master's).
        #[arg(long)]
        locale: Option<String>,
        /// Write the page to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Verify every approval record (signature, key owner, role, separation of duties); exit 1 on any failure.
    Verify {
        /// Verify at this git revision instead of the work tree.
        #[arg(long)]
        rev: Option<String>,
        /// Also write an OpenSSH allowed-signers file for `ssh-keygen -Y verify`.
        #[arg(long, value_name = "FILE")]
        allowed_signers: Option<PathBuf>,
        /// Fail unless the root of trust of reviewers.yaml is this commit (pin it once, check it every time).
        #[arg(long, value_name = "COMMIT")]
        trust_root: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to stdout: unisono(1), or unisono-COMMAND(1) for one command.
    Man {
        /// A command, for its own page (e.g. `send`).
        command: Option<String>,
    },
}

/// Runs the command; returns the exit code (errors map to 2).
pub fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Init { dir } => init::init(&dir),
        Command::New(args) => init::new(&open(&cli.repo)?, &args),
        Command::Check { format, deny_warnings } => check::run(&open(&cli.repo)?, format, deny_warnings),
        Command::Build { out, format } => build::run(&open(&cli.repo)?, out, format),
        Command::Approve(a) => review::sign(&open(&cli.repo)?, Decision::Approved, &a),
        Command::Reject(a) => review::sign(&open(&cli.repo)?, Decision::ChangesRequested, &a),
        Command::Withdraw(a) => review::withdraw(&open(&cli.repo)?, &a),
        Command::Status { rev, format } => review::status(&open(&cli.repo)?, rev.as_deref(), format),
        Command::Watch { out } => live::watch(open(&cli.repo)?, out),
        Command::Serve { port, out } => live::serve(open(&cli.repo)?, out, port),
        Command::Generate { dir, messages, seed } => {
            unisono::bench::generate(&dir, messages, seed)?;
            println!("generated {messages} message file(s) in {}", dir.display());
            Ok(0)
        }
        Command::Bench { messages, seed, dir, plan_rows, plan_hcps, format } => {
            let exe = std::env::current_exe().map_err(|source| Error::Io { path: "unisono".into(), source })?;
            let dir = dir.unwrap_or_else(|| std::env::temp_dir().join("unisono-bench"));
            if let Some(rows) = plan_rows {
                let f = unisono::bench::run_plan(rows, plan_hcps, seed, &exe, &dir, &mut |l| eprintln!("{l}"))?;
                match format {
                    Format::Json => println!("{}", serde_json::to_string_pretty(&f).unwrap_or_default()),
                    Format::Human => println!(
                        "| interactions | HCPs | plan | peak memory | plan --partition 1/4 | peak memory |\n|---|---|---|---|---|---|\n| {} | {} | {:.2} s | {:.0} MB | {:.2} s | {:.0} MB |",
                        f.rows, f.hcps, f.plan_s, f.plan_peak_mb, f.partition_s, f.partition_peak_mb
                    ),
                }
                return Ok(0);
            }
            let rows = unisono::bench::run(&messages, seed, &exe, &dir, &mut |l| eprintln!("{l}"))?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&rows).unwrap_or_default()),
                Format::Human => print!("{}\n{}", unisono::bench::table(&rows), unisono::bench::channel_table(&rows)),
            }
            Ok(0)
        }
        Command::Claims { command } => claims::run(&open(&cli.repo)?, &command),
        Command::Templates { command } => templates::run(&open(&cli.repo)?, &command),
        Command::Publish(a) => ship::publish(&open(&cli.repo)?, &a),
        Command::Send(a) => ship::send(&open(&cli.repo)?, &a),
        Command::Plan(a) => journey::plan(&open(&cli.repo)?, &a),
        Command::Report(a) => journey::report(&open(&cli.repo)?, &a),
        Command::Log { id, format } => review::log(&open(&cli.repo)?, &id, format),
        Command::Diff { id, locale, format } => review::diff(&open(&cli.repo)?, &id, locale.as_deref(), format),
        Command::Certificate { id, locale, out } => {
            review::certificate(&open(&cli.repo)?, &id, locale.as_deref(), out.as_deref())
        }
        Command::Verify { rev, allowed_signers, trust_root, format } => {
            review::verify(&open(&cli.repo)?, rev.as_deref(), allowed_signers, trust_root.as_deref(), format)
        }
        Command::Trust { command } => trust::run(&open(&cli.repo)?, &command),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "unisono", &mut std::io::stdout());
            Ok(0)
        }
        Command::Man { command } => man(command.as_deref()),
    }
}

/// `unisono man [COMMAND]`: clap_mangen's page, from the same definitions as `--help`.
fn man(command: Option<&str>) -> Result<u8, Error> {
    let cli = Cli::command();
    let page = match command {
        None => cli,
        Some(name) => {
            let sub = cli.find_subcommand(name).cloned().ok_or_else(|| {
                let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
                Error::usage(format!("no command `{name}`")).hint(format!("one of: {}", names.join(", ")))
            })?;
            let full = format!("unisono-{name}");
            sub.bin_name(format!("unisono {name}")).display_name(full).version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut out)
        .map_err(|source| Error::Io { path: PathBuf::from("<stdout>"), source })?;
    std::io::Write::write_all(&mut std::io::stdout(), &out)
        .map_err(|source| Error::Io { path: PathBuf::from("<stdout>"), source })?;
    Ok(0)
}

/// Opens the workspace at `--repo` or the current folder.
pub fn open(repo: &Option<PathBuf>) -> Result<Workspace, Error> {
    Workspace::open(repo.as_deref().unwrap_or(std::path::Path::new(".")))
}

/// Whether to colour output: stdout is a terminal and NO_COLOR is unset.
pub fn color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints diagnostics to stderr, with their source lines from `content`.
pub fn print_diags(diags: &[unisono::diag::Diagnostic], content: &unisono::model::Content) {
    for d in diags {
        eprintln!("{}", unisono::diag::render_human(d, content, color()));
    }
}

/// Prints why a command could not render; exit 1.
pub fn print_refused(refused: &unisono::project::Refused, content: &unisono::model::Content) -> Result<u8, Error> {
    print_diags(&refused.diagnostics, content);
    let (errors, _) = unisono::diag::counts(&refused.diagnostics);
    eprintln!("refused: the content has {errors} error(s); nothing was written");
    Ok(1)
}
