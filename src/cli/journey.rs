//! `plan` and (later) `report`: a journey over the interactions exported
//! from the CRM and the email platform.

use super::review::at;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use unisono::Error;
use unisono::approval::record::Timestamp;
use unisono::interactions::{self, Tracker};
use unisono::model::journey::Journey;
use unisono::plan::{self, Planner};
use unisono::project::Project;
use unisono::workspace::Workspace;

/// Output format of tables (`plan`, `report`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum TableFormat {
    #[default]
    Csv,
    Json,
}

#[derive(Args, Debug)]
pub struct PlanArgs {
    /// The journey id (journeys/<id>.yaml).
    pub journey: String,
    /// The interactions: CSV with the header time,hcp,locale,message,channel,event,key_messages.
    #[arg(long, value_name = "FILE")]
    pub interactions: PathBuf,
    /// The clock (ISO 8601, e.g. 2026-11-20T09:00:00Z); default: now.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// Plan only the HCPs whose id hashes to partition K of N (1 ≤ K ≤ N).
    #[arg(long, value_name = "K/N")]
    pub partition: Option<String>,
    /// Evaluate approvals at this git revision instead of the work tree.
    #[arg(long)]
    pub rev: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
}

pub fn plan(ws: &Workspace, a: &PlanArgs) -> Result<u8, Error> {
    let now = match &a.now {
        Some(t) => interactions::parse_time(t).ok_or_else(|| {
            Error::usage(format!("--now `{t}` is not a time")).hint("write ISO 8601, e.g. 2026-11-20T09:00:00Z")
        })?,
        None => Timestamp::now().0,
    };
    let partition = a.partition.as_deref().map(parse_partition).transpose()?;
    let (snap, tip) = at(ws, a.rev.as_deref())?;
    let mut project = Project::load(snap);
    let review = match unisono::review::evaluate(&mut project, &ws.repo, &ws.prefix, tip, Timestamp(now)) {
        Ok(r) => r,
        Err(refused) => return super::print_refused(&refused, &project.content),
    };
    let journey = journey(&project, &a.journey)?;
    let accept: Box<dyn Fn(&str) -> bool> = match partition {
        Some((k, n)) => Box::new(move |hcp: &str| interactions::in_partition(hcp, k, n)),
        None => Box::new(|_: &str| true),
    };
    let mut tracker = Tracker::new(plan::pairs(journey), accept).until(now);
    let file =
        std::fs::File::open(&a.interactions).map_err(|source| Error::Io { path: a.interactions.clone(), source })?;
    interactions::read(std::io::BufReader::with_capacity(1 << 16, file), &a.interactions, |r| tracker.see(r))?;
    let rows = Planner { journey, content: &project.content, review: &review, tracker: &tracker, now }.plan();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match a.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rows).map_err(std::io::Error::from).and_then(|()| writeln!(out))
        }
        TableFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            let r = w
                .write_record(plan::CSV_HEADER)
                .and_then(|()| rows.iter().try_for_each(|row| w.write_record(row.fields())));
            r.and_then(|()| w.flush().map_err(csv::Error::from)).map_err(std::io::Error::other)
        }
    };
    written.and_then(|()| out.flush()).map_err(|source| Error::Io { path: "stdout".into(), source })?;
    Ok(0)
}

/// `K/N` with 1 ≤ K ≤ N.
fn parse_partition(s: &str) -> Result<(u64, u64), Error> {
    let parsed =
        s.split_once('/').and_then(|(k, n)| Some((k.trim().parse::<u64>().ok()?, n.trim().parse::<u64>().ok()?)));
    match parsed {
        Some((k, n)) if n >= 1 && (1..=n).contains(&k) => Ok((k, n)),
        _ => Err(Error::usage(format!("--partition `{s}` is not K/N"))
            .hint("write the partition and the number of partitions, 1 ≤ K ≤ N: `--partition 2/8`")),
    }
}

/// The journey `id` of the project, or a usage error with the nearest id.
fn journey<'p>(project: &'p Project, id: &str) -> Result<&'p Journey, Error> {
    project.content.journeys.get(id).ok_or_else(|| {
        let known = &project.content.journeys;
        let hint = if known.is_empty() {
            "journeys are journeys/<id>.yaml: there are none".to_string()
        } else {
            format!(
                "{} journeys: {}",
                unisono::diag::did_you_mean(id, known.keys().map(String::as_str)),
                known.keys().cloned().collect::<Vec<_>>().join(", ")
            )
            .trim_start()
            .to_string()
        };
        Error::usage(format!("no journey `{id}`")).hint(hint)
    })
}

/// Which table `report --format csv` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Table {
    #[default]
    Steps,
    Coverage,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The journey id (journeys/<id>.yaml).
    pub journey: String,
    /// The interactions: CSV with the header time,hcp,locale,message,channel,event,key_messages.
    #[arg(long, value_name = "FILE")]
    pub interactions: PathBuf,
    /// Output format (JSON holds both tables).
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
    /// The table of `--format csv`: per step and locale, or key-message coverage.
    #[arg(long, value_enum, default_value_t)]
    pub table: Table,
    /// Also write the report page with charts into the portal: <out>/journeys/<id>/report.html.
    #[arg(long)]
    pub page: bool,
    /// The portal's folder for `--page` (default: dist/ in the workspace).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn report(ws: &Workspace, a: &ReportArgs) -> Result<u8, Error> {
    let project = Project::load(ws.worktree()?);
    let journey = journey(&project, &a.journey)?;
    // Measuring needs a sound journey (the rest of the workspace may be a
    // work in progress).
    let broken: Vec<_> = project.findings.iter().filter(|d| d.is_error() && d.file == journey.file).cloned().collect();
    if !broken.is_empty() {
        return super::print_refused(&unisono::project::Refused { diagnostics: broken }, &project.content);
    }
    let mut tracker = Tracker::new(plan::pairs(journey), Box::new(|_: &str| true));
    let file =
        std::fs::File::open(&a.interactions).map_err(|source| Error::Io { path: a.interactions.clone(), source })?;
    interactions::read(std::io::BufReader::with_capacity(1 << 16, file), &a.interactions, |r| tracker.see(r))?;
    let report = unisono::report::report(journey, &project.content, &tracker);
    if a.page {
        let out = a.out.clone().unwrap_or_else(|| ws.root.join("dist"));
        unisono::writer::claim_output(ws, &out)?;
        unisono::writer::mark_output(&out, "build")?;
        let rel = format!("journeys/{}/report.html", journey.id);
        unisono::writer::write_own(&out, &rel, &unisono::portal::report::page(&report))?;
        eprintln!("report page: {}", out.join(&rel).display());
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match a.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report).map_err(std::io::Error::from).and_then(|()| writeln!(out))
        }
        TableFormat::Csv => {
            let (header, rows) = match a.table {
                Table::Steps => unisono::report::steps_csv(&report),
                Table::Coverage => unisono::report::coverage_csv(&report),
            };
            let mut w = csv::Writer::from_writer(&mut out);
            let r = w.write_record(&header).and_then(|()| rows.iter().try_for_each(|row| w.write_record(row)));
            r.and_then(|()| w.flush().map_err(csv::Error::from)).map_err(std::io::Error::other)
        }
    };
    written.and_then(|()| out.flush()).map_err(|source| Error::Io { path: "stdout".into(), source })?;
    Ok(0)
}
