//! The plan stage of a journey: for each HCP, from what the interactions
//! say they did, the next touchpoint — only ever an approved, unexpired,
//! unwithdrawn final form in the HCP's locale — or why there is none.

use crate::approval::status::{Status, VariantStatus};
use crate::interactions::{Event, Hcp, Tracker, format_time};
use crate::model::journey::{
    COVERS_DIR, Covers, Journey, MAX_COVERED_KEY_MESSAGES, Step, When, parse_duration, subset_name,
};
use crate::model::{ChannelKind, Content};
use crate::review::Review;
use serde::Serialize;

/// What the plan says of one HCP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The next touchpoint, ready to go at `due`.
    Planned,
    /// The next touchpoint cannot go: `reason` says why.
    Blocked,
    /// Nothing is due until the HCP does something (opens, clicks, is visited).
    Waiting,
    /// The journey has nothing more for this HCP.
    Done,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Planned => "planned",
            Outcome::Blocked => "blocked",
            Outcome::Waiting => "waiting",
            Outcome::Done => "done",
        }
    }
}

/// One row of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub hcp: String,
    pub locale: String,
    pub step: String,
    pub message: String,
    pub channel: String,
    /// When the touchpoint is due (ISO 8601, UTC); empty when nothing is.
    pub due: String,
    /// The key messages the touchpoint carries, numbered from 1.
    pub key_messages: Vec<usize>,
    /// The final form's folder (`<locale>/<id>/<channel>[/covers/<subset>]`).
    pub variant: String,
    /// The fingerprint of the channel variant the approvals signed (it
    /// covers every subset form in the variant).
    pub fingerprint: String,
    pub status: Outcome,
    pub reason: String,
}

/// The CSV header of [`Row`]s.
pub const CSV_HEADER: [&str; 11] = [
    "hcp",
    "locale",
    "step",
    "message",
    "channel",
    "due",
    "key_messages",
    "variant",
    "fingerprint",
    "status",
    "reason",
];

impl Row {
    /// The row's CSV fields, in [`CSV_HEADER`] order.
    pub fn fields(&self) -> [String; 11] {
        [
            self.hcp.clone(),
            self.locale.clone(),
            self.step.clone(),
            self.message.clone(),
            self.channel.clone(),
            self.due.clone(),
            self.key_messages.iter().map(usize::to_string).collect::<Vec<_>>().join(";"),
            self.variant.clone(),
            self.fingerprint.clone(),
            self.status.name().to_string(),
            self.reason.clone(),
        ]
    }
}

/// The (message, channel) pairs a journey's steps use, one per step, so a
/// [`Tracker`] keeps exactly what planning reads.
pub fn pairs(j: &Journey) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for s in &j.steps {
        let p = (s.message.clone(), s.channel.clone());
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// When `step` took place for `hcp`: its email (page, video) sent, its
/// visit made.
pub fn took_place(content: &Content, tracker: &Tracker, hcp: &Hcp, step: &Step) -> Option<i64> {
    let touch = &hcp.touches[tracker.pair(&step.message, &step.channel)?];
    match content.channels.get(&step.channel).map(|c| c.kind) {
        Some(ChannelKind::Slides) => touch.at(Event::Visited).or(touch.at(Event::Sent)),
        _ => touch.at(Event::Sent),
    }
}

/// Plans one journey over the HCPs of a tracker.
pub struct Planner<'a> {
    pub journey: &'a Journey,
    pub content: &'a Content,
    pub review: &'a Review,
    pub tracker: &'a Tracker,
    /// The clock: what is due is due by this time.
    pub now: i64,
}

/// Where a step stands for one HCP.
enum Stand {
    /// Its trigger happened: due at this time.
    Due(i64),
    /// It waits for an event at the previous step (what, and until when).
    Awaits(String),
    /// It will never be due (its condition can no longer hold, or its
    /// previous step has not happened).
    Never,
}

impl Planner<'_> {
    /// The plan of every HCP, sorted by HCP id.
    pub fn plan(&self) -> Vec<Row> {
        let mut ids: Vec<&String> = self.tracker.hcps.keys().collect();
        ids.sort_unstable();
        ids.into_iter().map(|id| self.plan_hcp(id, &self.tracker.hcps[id])).collect()
    }

    /// When `step` took place for `hcp`.
    pub fn took_place(&self, hcp: &Hcp, step: &Step) -> Option<i64> {
        took_place(self.content, self.tracker, hcp, step)
    }

    fn stand(&self, hcp: &Hcp, step: &Step) -> Stand {
        let Some(parent) = step.after.as_deref().and_then(|a| self.journey.step(a)) else {
            return Stand::Due(self.now);
        };
        let Some(t) = self.took_place(hcp, parent) else { return Stand::Never };
        let touch = self.tracker.pair(&parent.message, &parent.channel).map(|p| hcp.touches[p]).unwrap_or_default();
        let within = step.within.as_deref().and_then(parse_duration);
        let wait = step.wait.as_deref().and_then(parse_duration).unwrap_or(0);
        let event = match step.when {
            None | Some(When::Sent) => return Stand::Due(t + wait),
            Some(When::None) => {
                let window = within.unwrap_or(0);
                let engaged = [Event::Opened, Event::Clicked, Event::Visited]
                    .into_iter()
                    .filter(|e| !(*e == Event::Visited && self.is_visit(parent)))
                    .filter_map(|e| touch.at(e))
                    .any(|at| at <= t + window);
                return if engaged { Stand::Never } else { Stand::Due(t + window + wait) };
            }
            Some(When::Opened) => Event::Opened,
            Some(When::Clicked) => Event::Clicked,
            Some(When::Visited) => Event::Visited,
        };
        match touch.at(event) {
            Some(at) if within.is_none_or(|w| at <= t + w) => Stand::Due(at.max(t) + wait),
            Some(_) => Stand::Never,
            None if within.is_some_and(|w| self.now > t + w) => Stand::Never,
            None => Stand::Awaits(format!(
                "waiting for `{}` to be {}{}",
                parent.id,
                event.name(),
                within.map(|w| format!(" (until {})", format_time(t + w))).unwrap_or_default()
            )),
        }
    }

    fn is_visit(&self, step: &Step) -> bool {
        self.content.channels.get(&step.channel).is_some_and(|c| c.kind == ChannelKind::Slides)
    }

    /// The plan of one HCP.
    pub fn plan_hcp(&self, id: &str, hcp: &Hcp) -> Row {
        let mut row = Row {
            hcp: id.to_string(),
            locale: hcp.locale.clone(),
            step: String::new(),
            message: String::new(),
            channel: String::new(),
            due: String::new(),
            key_messages: Vec::new(),
            variant: String::new(),
            fingerprint: String::new(),
            status: Outcome::Done,
            reason: "the journey has no further step for this HCP".into(),
        };
        let mut due: Vec<(i64, &Step)> = Vec::new();
        let mut waiting: Option<String> = None;
        for step in &self.journey.steps {
            if self.took_place(hcp, step).is_some() {
                continue;
            }
            match self.stand(hcp, step) {
                Stand::Due(at) => due.push((at, step)),
                Stand::Awaits(what) if waiting.is_none() => waiting = Some(what),
                _ => {}
            }
        }
        // The earliest due step (the first in the file among equals); a
        // follow-up with nothing left to say is no touchpoint: the next one is.
        due.sort_by_key(|(at, _)| *at);
        let mut nothing_to_say: Option<Row> = None;
        for (at, step) in due {
            let mut candidate = row.clone();
            candidate.step = step.id.clone();
            candidate.message = step.message.clone();
            candidate.channel = step.channel.clone();
            candidate.due = format_time(at);
            match self.final_form(hcp, step, at) {
                Ok((key_messages, variant, fingerprint)) => {
                    candidate.key_messages = key_messages;
                    candidate.variant = variant;
                    candidate.fingerprint = fingerprint;
                    candidate.status = Outcome::Planned;
                    candidate.reason = String::new();
                }
                Err((Outcome::Done, reason)) => {
                    candidate.reason = reason;
                    nothing_to_say.get_or_insert(candidate);
                    continue;
                }
                Err((status, reason)) => {
                    candidate.status = status;
                    candidate.reason = reason;
                }
            }
            return candidate;
        }
        if let Some(what) = waiting {
            row.status = Outcome::Waiting;
            row.reason = what;
            return row;
        }
        nothing_to_say.unwrap_or(row)
    }

    /// The approved final form `step` sends to `hcp` at `due`: key
    /// messages, folder and signed fingerprint; or the outcome and reason it
    /// cannot go.
    fn final_form(&self, hcp: &Hcp, step: &Step, due: i64) -> Result<(Vec<usize>, String, String), (Outcome, String)> {
        let blocked = |why: String| Err((Outcome::Blocked, why));
        let kind = self.content.channels.get(&step.channel).map(|c| c.kind);
        if kind == Some(ChannelKind::Email)
            && let Some(at) = hcp.unsubscribed
            && at <= self.now
        {
            return blocked(format!("unsubscribed from email on {}", format_time(at)));
        }
        if hcp.locale.is_empty() {
            return blocked("the interactions give no locale for this HCP".into());
        }
        let Some(m) = self.content.message(&step.message, &hcp.locale) else {
            return blocked(format!("`{}` has no {} version", step.message, hcp.locale));
        };
        let status = self.review.status(&step.message, &hcp.locale, &step.channel);
        let Some(s) = status.filter(|s| s.status == Status::Approved) else {
            let what = status.map_or("not rendered for this channel", |s| s.status.as_str());
            let detail = status
                .map(|s| {
                    if s.missing_roles.is_empty() {
                        String::new()
                    } else {
                        format!("; missing: {}", s.missing_roles.join(", "))
                    }
                })
                .unwrap_or_default();
            return blocked(format!("{}/{}/{} is {what}{detail}", hcp.locale, step.message, step.channel));
        };
        let all: Vec<usize> = (0..m.key_messages.len()).collect();
        let mut keep = all.clone();
        if step.covers == Covers::Undiscussed
            && let Some(parent) = step.after.as_deref().and_then(|a| self.journey.step(a))
            && let Some(p) = self.tracker.pair(&parent.message, &parent.channel)
        {
            let discussed = hcp.touches[p].discussed;
            keep.retain(|i| discussed & (1 << i) == 0);
            if keep.is_empty() {
                return Err((Outcome::Done, format!("the visit discussed every key message of `{}`", step.message)));
            }
        }
        let mut variant = format!("{}/{}/{}", hcp.locale, step.message, step.channel);
        // Approved now, but still when it is due? (Valid through the day it expires.)
        let due_date = crate::date::Date::from_days(due.div_euclid(86_400));
        if let Some(expires) =
            s.approvals.iter().filter_map(|a| crate::date::Date::parse(&a.expires)).min().filter(|e| *e < due_date)
        {
            return blocked(format!("{variant}: its approval expires on {expires}, before it is due"));
        }
        if keep != all && all.len() > MAX_COVERED_KEY_MESSAGES {
            // No such form in the variant: nothing signed to send.
            return blocked(format!(
                "{variant} has no form of key messages {}: `covers: undiscussed` takes at most {MAX_COVERED_KEY_MESSAGES}",
                subset_name(&keep)
            ));
        }
        if keep != all {
            variant = format!("{variant}/{COVERS_DIR}/{}", subset_name(&keep));
        }
        let fingerprint = s.fingerprint.clone().unwrap_or_default();
        Ok((keep.iter().map(|i| i + 1).collect(), variant, fingerprint))
    }
}

/// Whether a journey can run in one locale: each step's variant status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Readiness {
    pub journey: String,
    pub locale: String,
    /// Every step's variant is approved (unexpired, unwithdrawn) in the locale.
    pub ready: bool,
    pub steps: Vec<StepReadiness>,
}

/// One step of a [`Readiness`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepReadiness {
    pub step: String,
    pub message: String,
    pub channel: String,
    /// The variant's status (`approved`, `draft`, …), or `missing` when the
    /// message has no version in the locale.
    pub status: String,
}

/// The readiness of `j` in each locale of its product (or, without one, of
/// its messages).
pub fn readiness(j: &Journey, content: &Content, statuses: &[VariantStatus]) -> Vec<Readiness> {
    let mut locales: Vec<String> = match content.products.get(&j.product) {
        Some(p) => p.locales.keys().cloned().collect(),
        None => j.steps.iter().flat_map(|s| content.with_id(&s.message)).map(|m| m.locale().to_string()).collect(),
    };
    locales.sort();
    locales.dedup();
    locales
        .into_iter()
        .map(|locale| {
            let steps: Vec<StepReadiness> = j
                .steps
                .iter()
                .map(|s| StepReadiness {
                    step: s.id.clone(),
                    message: s.message.clone(),
                    channel: s.channel.clone(),
                    status: match crate::review::status_in(statuses, &s.message, &locale, &s.channel) {
                        Some(v) => v.status.as_str().to_string(),
                        None => "missing".to_string(),
                    },
                })
                .collect();
            let ready = steps.iter().all(|s| s.status == Status::Approved.as_str());
            Readiness { journey: j.id.clone(), locale, ready, steps }
        })
        .collect()
}

/// The journeys that send message `id` (in any step), with those steps.
pub fn journeys_using<'c>(content: &'c Content, id: &str) -> Vec<(&'c Journey, Vec<&'c str>)> {
    content
        .journeys
        .values()
        .filter_map(|j| {
            let steps: Vec<&str> = j.steps.iter().filter(|s| s.message == id).map(|s| s.id.as_str()).collect();
            (!steps.is_empty()).then_some((j, steps))
        })
        .collect()
}
