//! The measure stage of a journey: from the same streamed interactions as
//! the plan, per step and locale the HCPs reached, their open, click and
//! visit rates and the time since the previous step; per key message, the
//! share of HCPs who met it, and through which channels.

use crate::interactions::{Event, Tracker};
use crate::model::journey::Journey;
use crate::model::{ChannelKind, Content};
use crate::plan::took_place;
use serde::Serialize;
use std::collections::BTreeMap;

/// One step in one locale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepFigures {
    pub step: String,
    pub locale: String,
    pub message: String,
    pub channel: String,
    /// HCPs for whom the step took place (sent, or visited).
    pub reached: u64,
    pub opened: u64,
    pub clicked: u64,
    pub visited: u64,
    /// Shares of `reached` (0 when nobody was reached).
    pub open_rate: f64,
    pub click_rate: f64,
    pub visit_rate: f64,
    /// The step this one follows.
    pub previous: Option<String>,
    /// Median hours from the previous step to this one, over the HCPs who
    /// had both.
    pub median_hours_since_previous: Option<f64>,
}

/// One key message in one locale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub locale: String,
    pub message: String,
    /// Numbered from 1.
    pub key_message: usize,
    pub title: String,
    /// HCPs the journey reached (its entry step took place) in the locale.
    pub population: u64,
    /// Of those, the HCPs who met the key message in any channel.
    pub met: u64,
    pub share: f64,
    /// HCPs who met it, by channel.
    pub through: BTreeMap<String, u64>,
}

/// The report of one journey.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub journey: String,
    /// HCPs in the interactions.
    pub hcps: u64,
    pub steps: Vec<StepFigures>,
    pub coverage: Vec<Coverage>,
}

/// Of one (locale, message, key message index): the HCPs who met it, and
/// by channel.
type Met<'a> = (u64, BTreeMap<&'a str, u64>);

#[derive(Default)]
struct Tally {
    reached: u64,
    opened: u64,
    clicked: u64,
    visited: u64,
    gaps: Vec<i64>,
}

/// Measures `j` over the HCPs of `tracker`.
pub fn report(j: &Journey, content: &Content, tracker: &Tracker) -> Report {
    let mut tallies: BTreeMap<(usize, &str), Tally> = BTreeMap::new();
    let mut met: BTreeMap<(&str, &str, usize), Met<'_>> = BTreeMap::new();
    let mut population: BTreeMap<&str, u64> = BTreeMap::new();
    let entry = j.entry();
    for hcp in tracker.hcps.values() {
        let locale = hcp.locale.as_str();
        for (i, step) in j.steps.iter().enumerate() {
            let Some(t) = took_place(content, tracker, hcp, step) else { continue };
            let Some(pair) = tracker.pair(&step.message, &step.channel) else { continue };
            let touch = hcp.touches[pair];
            let tally = tallies.entry((i, locale)).or_default();
            tally.reached += 1;
            tally.opened += u64::from(touch.at(Event::Opened).is_some());
            tally.clicked += u64::from(touch.at(Event::Clicked).is_some());
            tally.visited += u64::from(touch.at(Event::Visited).is_some());
            if let Some(prev) = step.after.as_deref().and_then(|a| j.step(a))
                && let Some(tp) = took_place(content, tracker, hcp, prev)
            {
                tally.gaps.push(t - tp);
            }
        }
        let Some(entry) = entry else { continue };
        if took_place(content, tracker, hcp, entry).is_none() {
            continue;
        }
        *population.entry(locale).or_default() += 1;
        // What this HCP met, per message: by channel, then in any.
        let mut seen: BTreeMap<(&str, usize), Vec<&str>> = BTreeMap::new();
        for step in &j.steps {
            if took_place(content, tracker, hcp, step).is_none() {
                continue;
            }
            let Some(pair) = tracker.pair(&step.message, &step.channel) else { continue };
            let touch = hcp.touches[pair];
            let bits = match content.channels.get(&step.channel).map(|c| c.kind) {
                Some(ChannelKind::Slides) => touch.discussed,
                _ => touch.shown,
            };
            let n = key_messages(content, &step.message, locale).len();
            for k in (0..n.min(32)).filter(|k| bits & (1 << k) != 0) {
                let channels = seen.entry((step.message.as_str(), k)).or_default();
                if !channels.contains(&step.channel.as_str()) {
                    channels.push(step.channel.as_str());
                }
            }
        }
        for ((message, k), channels) in seen {
            let entry = met.entry((locale, message, k)).or_default();
            entry.0 += 1;
            for c in channels {
                *entry.1.entry(c).or_default() += 1;
            }
        }
    }
    let locales: Vec<&str> = population.keys().copied().collect();
    let steps = step_figures(j, &tallies, &locales);
    let mut coverage = Vec::new();
    let mut messages: Vec<&str> = j.steps.iter().map(|s| s.message.as_str()).collect();
    messages.dedup();
    for &locale in &locales {
        let mut done: Vec<&str> = Vec::new();
        for &message in &messages {
            if done.contains(&message) {
                continue;
            }
            done.push(message);
            for (k, title) in key_messages(content, message, locale).into_iter().enumerate() {
                let (count, through) = met.get(&(locale, message, k)).cloned().unwrap_or_default();
                let pop = population[locale];
                coverage.push(Coverage {
                    locale: locale.to_string(),
                    message: message.to_string(),
                    key_message: k + 1,
                    title,
                    population: pop,
                    met: count,
                    share: share(count, pop),
                    through: through.into_iter().map(|(c, n)| (c.to_string(), n)).collect(),
                });
            }
        }
    }
    Report { journey: j.id.clone(), hcps: tracker.hcps.len() as u64, steps, coverage }
}

fn step_figures(j: &Journey, tallies: &BTreeMap<(usize, &str), Tally>, locales: &[&str]) -> Vec<StepFigures> {
    let mut out = Vec::new();
    for (i, step) in j.steps.iter().enumerate() {
        for &locale in locales {
            let empty = Tally::default();
            let t = tallies.get(&(i, locale)).unwrap_or(&empty);
            out.push(StepFigures {
                step: step.id.clone(),
                locale: locale.to_string(),
                message: step.message.clone(),
                channel: step.channel.clone(),
                reached: t.reached,
                opened: t.opened,
                clicked: t.clicked,
                visited: t.visited,
                open_rate: share(t.opened, t.reached),
                click_rate: share(t.clicked, t.reached),
                visit_rate: share(t.visited, t.reached),
                previous: step.after.clone(),
                median_hours_since_previous: median(&t.gaps).map(|s| (s / 360.0).round() / 10.0),
            });
        }
    }
    out
}

/// The titles of a message's key messages in `locale` (the master's when
/// the locale has no version).
fn key_messages(content: &Content, id: &str, locale: &str) -> Vec<String> {
    content
        .message(id, locale)
        .or_else(|| content.master(id))
        .map(|m| {
            m.key_messages
                .iter()
                .map(|k| crate::model::markdown::inline_text(&k.title).trim().trim_end_matches('.').to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn share(n: u64, of: u64) -> f64 {
    if of == 0 { 0.0 } else { ((n as f64 / of as f64) * 10_000.0).round() / 10_000.0 }
}

/// The median of `values` (seconds), as f64.
fn median(values: &[i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] as f64 } else { (v[n / 2 - 1] as f64 + v[n / 2] as f64) / 2.0 })
}

/// The CSV header and rows of the step table.
pub fn steps_csv(r: &Report) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let header = vec![
        "step",
        "locale",
        "message",
        "channel",
        "reached",
        "opened",
        "clicked",
        "visited",
        "open_rate",
        "click_rate",
        "visit_rate",
        "previous",
        "median_hours_since_previous",
    ];
    let rows = r
        .steps
        .iter()
        .map(|s| {
            vec![
                s.step.clone(),
                s.locale.clone(),
                s.message.clone(),
                s.channel.clone(),
                s.reached.to_string(),
                s.opened.to_string(),
                s.clicked.to_string(),
                s.visited.to_string(),
                format!("{:.4}", s.open_rate),
                format!("{:.4}", s.click_rate),
                format!("{:.4}", s.visit_rate),
                s.previous.clone().unwrap_or_default(),
                s.median_hours_since_previous.map(|h| format!("{h:.1}")).unwrap_or_default(),
            ]
        })
        .collect();
    (header, rows)
}

/// The CSV header and rows of the coverage table.
pub fn coverage_csv(r: &Report) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let header = vec!["locale", "message", "key_message", "title", "population", "met", "share", "through"];
    let rows = r
        .coverage
        .iter()
        .map(|c| {
            vec![
                c.locale.clone(),
                c.message.clone(),
                c.key_message.to_string(),
                c.title.clone(),
                c.population.to_string(),
                c.met.to_string(),
                format!("{:.4}", c.share),
                c.through.iter().map(|(ch, n)| format!("{ch}:{n}")).collect::<Vec<_>>().join(";"),
            ]
        })
        .collect();
    (header, rows)
}
