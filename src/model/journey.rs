//! Journeys (`journeys/<id>.yaml`): approved pieces sequenced along the
//! HCP's decision journey, where what happened last decides the next step.

use super::{ChannelKind, yaml};
use crate::codes;
use crate::diag::{Diagnostic, Pos, did_you_mean};
use serde::Deserialize;
use std::path::PathBuf;

/// One journey file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journey {
    pub id: String,
    pub product: String,
    #[serde(default)]
    pub audience: Vec<String>,
    pub steps: Vec<Step>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: PathBuf,
}

/// One touchpoint: a message on a channel, after an earlier step's event.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    /// The step this one follows; none for the entry step.
    #[serde(default)]
    pub after: Option<String>,
    /// What must have happened at `after` (default: it took place).
    #[serde(default)]
    pub when: Option<When>,
    /// The window for `when` (`14d`); required for `when: none`.
    #[serde(default)]
    pub within: Option<String>,
    /// How long after the event the step is due (`2d`).
    #[serde(default)]
    pub wait: Option<String>,
    pub message: String,
    pub channel: String,
    /// Which key messages the step covers.
    #[serde(default)]
    pub covers: Covers,
}

/// The event at the previous step that leads to this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum When {
    /// The previous touchpoint was sent (an email) or took place (a visit).
    Sent,
    Opened,
    Clicked,
    Visited,
    /// Nothing beyond sending happened within `within`.
    None,
}

impl When {
    pub fn name(self) -> &'static str {
        match self {
            When::Sent => "sent",
            When::Opened => "opened",
            When::Clicked => "clicked",
            When::Visited => "visited",
            When::None => "none",
        }
    }
}

/// Which key messages a step's variant carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Covers {
    /// The message as written.
    #[default]
    All,
    /// Only the key messages the previous visit did not discuss.
    Undiscussed,
}

/// A duration such as `30m`, `12h`, `14d` or `2w`, in seconds; `None` when
/// it is not one.
pub fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let n: i64 = text[..text.len() - unit.len_utf8()].parse().ok()?;
    let scale = match unit {
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        'w' => 7 * 86_400,
        _ => return None,
    };
    (0..=3650 * 86_400 / scale).contains(&n).then(|| n * scale)
}

/// The folder of a variant that holds its subset forms: `covers/1-3/…`.
pub const COVERS_DIR: &str = "covers";

/// The most key messages a message may have for `covers: undiscussed`
/// (2⁵ − 2 = 30 subset forms beside the whole).
pub const MAX_COVERED_KEY_MESSAGES: usize = 5;

/// Every non-empty, proper subset of `n` key messages (indexes from 0), in
/// a fixed order; none above [`MAX_COVERED_KEY_MESSAGES`].
pub fn covered_subsets(n: usize) -> Vec<Vec<usize>> {
    if !(2..=MAX_COVERED_KEY_MESSAGES).contains(&n) {
        return Vec::new();
    }
    (1..(1u32 << n) - 1).map(|mask| (0..n).filter(|i| mask & (1 << i) != 0).collect()).collect()
}

/// A subset's folder name: its key messages numbered from 1 (`1-3`).
pub fn subset_name(keep: &[usize]) -> String {
    keep.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join("-")
}

impl Journey {
    /// The step with id `id`.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// The steps that follow `id`, in file order.
    pub fn next(&self, id: &str) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(move |s| s.after.as_deref() == Some(id))
    }

    /// The entry step (the first without `after`).
    pub fn entry(&self) -> Option<&Step> {
        self.steps.iter().find(|s| s.after.is_none())
    }
}

/// Checks a parsed journey against the content it sequences: ids, the
/// product, each step's `after`, message, channel, durations and `covers`,
/// one entry step, no cycles, every step reachable, and stages that do not
/// go backwards along a path (a warning).
pub(super) fn check(j: &Journey, text: &str, c: &super::Content) -> Vec<Diagnostic> {
    let file = j.file.as_path();
    let mut out = Vec::new();
    let top = |k: &str| yaml::key_pos(text, &[k]).unwrap_or(Pos::new(1, 1));
    let at = |i: usize, field: &str| yaml::item_pos(text, "steps", i, field).unwrap_or_else(|| top("steps"));
    let err = |code: &'static str, msg: String| Diagnostic::error(code, file, msg);
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if !super::is_valid_id(&j.id) {
        out.push(
            err(codes::INVALID_ID, format!("journey id `{}` is not allowed", j.id))
                .at(top("id"))
                .hint("journey ids are lower-case letters, digits and hyphens, e.g. cardiozen-launch"),
        );
    } else if j.id != stem {
        out.push(
            err(codes::ID_MISMATCH, format!("journey id `{}` does not match the file name `{stem}.yaml`", j.id))
                .at(top("id"))
                .hint(format!("rename the file to journeys/{}.yaml, or set `id: {stem}`", j.id)),
        );
    }
    if !c.products.is_empty() && !c.products.contains_key(&j.product) {
        out.push(
            err(codes::UNKNOWN_PRODUCT, format!("unknown product `{}`", j.product)).at(top("product")).hint(
                format!(
                    "{} products are content/products/*.yaml",
                    did_you_mean(&j.product, c.products.keys().map(String::as_str))
                )
                .trim_start()
                .to_string(),
            ),
        );
    }
    if j.steps.is_empty() {
        out.push(
            err(codes::MISSING_KEY, "a journey needs at least one step".into())
                .at(top("steps"))
                .hint("add `steps:` with an entry step: `- { id: invite, message: <message id>, channel: email }`"),
        );
        return out;
    }
    let ids: Vec<&str> = j.steps.iter().map(|s| s.id.as_str()).collect();
    for (i, s) in j.steps.iter().enumerate() {
        check_step(j, c, i, s, &ids, &at, &mut out);
    }
    check_shape(j, &at, &mut out);
    check_stages(j, c, &at, &mut out);
    out
}

/// The checks of one step on its own.
fn check_step(
    j: &Journey,
    c: &super::Content,
    i: usize,
    s: &Step,
    ids: &[&str],
    at: &impl Fn(usize, &str) -> Pos,
    out: &mut Vec<Diagnostic>,
) {
    let file = j.file.as_path();
    let err = |code: &'static str, msg: String| Diagnostic::error(code, file, msg);
    if !super::is_valid_id(&s.id) {
        out.push(
            err(codes::INVALID_ID, format!("step id `{}` is not allowed", s.id))
                .at(at(i, "id"))
                .hint("step ids are lower-case letters, digits and hyphens, e.g. follow-up"),
        );
    }
    if let Some(twin) = j.steps[..i].iter().find(|o| o.message == s.message && o.channel == s.channel) {
        out.push(
            err(
                codes::INVALID_VALUE,
                format!("steps `{}` and `{}` both send `{}` on `{}`", twin.id, s.id, s.message, s.channel),
            )
            .at(at(i, "channel"))
            .hint("the interactions could not tell the two apart: use another message or channel for one of them"),
        );
    }
    if ids[..i].contains(&s.id.as_str()) {
        out.push(
            err(codes::DUPLICATE_ID, format!("step `{}` is defined twice", s.id))
                .at(at(i, "id"))
                .hint("give each step its own id"),
        );
    }
    if let Some(after) = &s.after
        && !ids.contains(&after.as_str())
    {
        out.push(
            err(codes::UNKNOWN_STEP, format!("step `{}` follows `{after}`, which is not a step of this journey", s.id))
                .at(at(i, "after"))
                .hint(
                    format!("{} steps: {}", did_you_mean(after, ids.iter().copied()), ids.join(", "))
                        .trim_start()
                        .to_string(),
                ),
        );
    }
    if s.after.is_none() && (s.when.is_some() || s.within.is_some()) {
        out.push(
            err(codes::INVALID_VALUE, format!("the entry step `{}` has `when`/`within` but follows nothing", s.id))
                .at(at(i, if s.when.is_some() { "when" } else { "within" }))
                .hint("add `after: <step>`, or remove `when` and `within`"),
        );
    }
    for (key, value) in [("within", &s.within), ("wait", &s.wait)] {
        if let Some(v) = value
            && parse_duration(v).is_none()
        {
            out.push(
                err(codes::INVALID_VALUE, format!("`{key}: {v}` is not a duration"))
                    .at(at(i, key))
                    .hint(format!("write a number and a unit: `{key}: 14d` (m minutes, h hours, d days, w weeks)")),
            );
        }
    }
    if s.when == Some(When::None) && s.within.is_none() {
        out.push(
            err(codes::MISSING_KEY, format!("step `{}` waits for nothing to happen, but not how long", s.id))
                .at(at(i, "when"))
                .hint("add `within: 14d`: the step is due when nothing happened in that time"),
        );
    }
    let channel = c.channels.get(&s.channel);
    if channel.is_none() {
        out.push(
            err(codes::UNKNOWN_CHANNEL, format!("unknown channel `{}`", s.channel)).at(at(i, "channel")).hint(
                format!(
                    "{} channels are defined in channels.yaml",
                    did_you_mean(&s.channel, c.channels.keys().map(String::as_str))
                )
                .trim_start()
                .to_string(),
            ),
        );
    }
    match c.master(&s.message) {
        None => out.push(
            err(codes::UNKNOWN_MESSAGE, format!("unknown message `{}`", s.message)).at(at(i, "message")).hint(
                format!(
                    "{} messages are content/messages/**/<id>.md",
                    did_you_mean(&s.message, c.messages.iter().filter(|m| !m.is_translation).map(|m| m.id()))
                )
                .trim_start()
                .to_string(),
            ),
        ),
        Some(m) => {
            if channel.is_some() && !c.channels_of(m).iter().any(|(n, _)| *n == s.channel) {
                out.push(
                    err(
                        codes::CHANNEL_NOT_IN_MESSAGE,
                        format!(
                            "step `{}` sends `{}` on `{}`, but the message does not go to that channel",
                            s.id, s.message, s.channel
                        ),
                    )
                    .at(at(i, "channel"))
                    .hint(format!("add `{}` to the message's `channels:`, or pick one of its channels", s.channel)),
                );
            }
            if m.front.product != j.product {
                out.push(
                    err(
                        codes::INVALID_VALUE,
                        format!(
                            "step `{}` uses `{}`, a message about `{}`, in a journey about `{}`",
                            s.id, s.message, m.front.product, j.product
                        ),
                    )
                    .at(at(i, "message"))
                    .hint("a journey sequences one product's messages"),
                );
            }
        }
    }
    if s.covers == Covers::Undiscussed
        && let Some(ch) = channel
        && !matches!(ch.kind, ChannelKind::Email | ChannelKind::Page)
    {
        out.push(
            err(
                codes::COVERS_NOT_APPLICABLE,
                format!(
                    "`covers: undiscussed` on `{}`, a {} channel, which cannot show a subset of key messages",
                    s.channel,
                    ch.kind.name()
                ),
            )
            .at(at(i, "covers"))
            .hint("use `covers: undiscussed` on an email or page channel (the follow-up), or remove it"),
        );
    }
    if s.covers == Covers::Undiscussed
        && let Some(n) = c.with_id(&s.message).iter().map(|m| m.key_messages.len()).max()
        && n > MAX_COVERED_KEY_MESSAGES
    {
        out.push(
            err(
                codes::COVERS_NOT_APPLICABLE,
                format!(
                    "`covers: undiscussed` on step `{}`, whose message `{}` has {n} key messages: a follow-up carries a form for every subset of at most {MAX_COVERED_KEY_MESSAGES}",
                    s.id, s.message
                ),
            )
            .at(at(i, "covers"))
            .hint(format!(
                "keep `{}` to {MAX_COVERED_KEY_MESSAGES} key messages, or remove `covers`",
                s.message
            )),
        );
    }
    if s.covers == Covers::Undiscussed
        && let Some(p) = s.after.as_deref().and_then(|a| j.step(a))
        && p.message != s.message
    {
        out.push(
            err(
                codes::COVERS_NOT_APPLICABLE,
                format!(
                    "`covers: undiscussed` on step `{}`, which sends `{}` after a visit with `{}`: the key messages discussed are `{}`'s",
                    s.id, s.message, p.message, p.message
                ),
            )
            .at(at(i, "message"))
            .hint(format!("follow up with `message: {}` (on an email channel), or remove `covers`", p.message)),
        );
    }
    if s.covers == Covers::Undiscussed
        && s.after
            .as_deref()
            .and_then(|a| j.step(a))
            .is_some_and(|p| c.channels.get(&p.channel).is_some_and(|ch| ch.kind != ChannelKind::Slides))
    {
        out.push(
            err(
                codes::COVERS_NOT_APPLICABLE,
                format!("`covers: undiscussed` on step `{}`, which does not follow a visit", s.id),
            )
            .at(at(i, "covers"))
            .hint("key messages are discussed at a visit (a slides channel): put the step after one"),
        );
    }
}

/// One entry step; no cycles; every step reachable from the entry.
fn check_shape(j: &Journey, at: &impl Fn(usize, &str) -> Pos, out: &mut Vec<Diagnostic>) {
    let file = j.file.as_path();
    let entries: Vec<usize> = (0..j.steps.len()).filter(|&i| j.steps[i].after.is_none()).collect();
    if entries.is_empty() {
        out.push(
            Diagnostic::error(codes::JOURNEY_CYCLE, file, "every step follows another: the journey has no entry step")
                .at(at(0, "after"))
                .hint("remove `after` from the step the journey starts with"),
        );
    }
    for &i in entries.iter().skip(1) {
        out.push(
            Diagnostic::error(
                codes::MULTIPLE_ENTRY_STEPS,
                file,
                format!(
                    "step `{}` follows nothing, but `{}` is already the entry step",
                    j.steps[i].id, j.steps[entries[0]].id
                ),
            )
            .at(at(i, "id"))
            .hint(format!("add `after: <step>` to `{}`, or make it a journey of its own", j.steps[i].id)),
        );
    }
    // Each step names at most one predecessor: follow the chain up. The
    // predecessors are looked up once, so a long chain stays quadratic.
    let mut first: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, s) in j.steps.iter().enumerate() {
        first.entry(s.id.as_str()).or_insert(i);
    }
    let parent: Vec<Option<usize>> =
        j.steps.iter().map(|s| s.after.as_deref().and_then(|a| first.get(a).copied())).collect();
    let mut in_cycle = vec![false; j.steps.len()];
    let mut on_path = vec![false; j.steps.len()];
    for start in 0..j.steps.len() {
        let mut seen = vec![start];
        on_path[start] = true;
        let mut cur = start;
        while let Some(p) = parent[cur] {
            if p == start {
                if !in_cycle[start] {
                    for &s in &seen {
                        in_cycle[s] = true;
                    }
                    let names: Vec<&str> = seen.iter().map(|&s| j.steps[s].id.as_str()).collect();
                    out.push(
                        Diagnostic::error(
                            codes::JOURNEY_CYCLE,
                            file,
                            format!("steps follow each other in a circle: {} → {}", names.join(" → "), names[0]),
                        )
                        .at(at(start, "after"))
                        .hint("a journey goes forward: break the circle by changing one `after`"),
                    );
                }
                break;
            }
            if on_path[p] {
                break;
            }
            on_path[p] = true;
            seen.push(p);
            cur = p;
        }
        for &s in &seen {
            on_path[s] = false;
        }
    }
    // Reachable: the chain up ends at an entry step, not in a cycle.
    for (i, s) in j.steps.iter().enumerate() {
        if in_cycle[i] {
            continue;
        }
        let mut cur = i;
        let mut hops = 0;
        let reached = loop {
            match j.steps[cur].after.as_deref() {
                None => break true,
                Some(_) => match parent[cur] {
                    Some(p) if !in_cycle[p] && hops < j.steps.len() => {
                        cur = p;
                        hops += 1;
                    }
                    Some(_) => break false,
                    None => break true, // reported as unknown-step
                },
            }
        };
        if !reached {
            out.push(
                Diagnostic::error(codes::UNREACHABLE_STEP, file, format!("step `{}` can never be reached", s.id))
                    .at(at(i, "after"))
                    .hint("it follows a circle of steps: make it follow a step the entry step leads to"),
            );
        }
    }
}

/// A warning where a step's message is at an earlier stage of the HCP's
/// journey than the step it follows.
fn check_stages(j: &Journey, c: &super::Content, at: &impl Fn(usize, &str) -> Pos, out: &mut Vec<Diagnostic>) {
    for (i, s) in j.steps.iter().enumerate() {
        let Some(prev) = s.after.as_deref().and_then(|a| j.step(a)) else { continue };
        let (Some(m), Some(p)) = (c.master(&s.message), c.master(&prev.message)) else { continue };
        if m.front.stage < p.front.stage {
            out.push(
                Diagnostic::warning(
                    codes::STAGE_BACKWARDS,
                    &j.file,
                    format!(
                        "step `{}` goes back from {} (`{}`) to {} (`{}`)",
                        s.id,
                        p.front.stage.name(),
                        prev.message,
                        m.front.stage.name(),
                        s.message
                    ),
                )
                .at(at(i, "message"))
                .hint("journeys move forward: knowledge → interest → demand → action → support"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations() {
        assert_eq!(super::parse_duration("14d"), Some(14 * 86_400));
        assert_eq!(super::parse_duration("2w"), Some(14 * 86_400));
        assert_eq!(super::parse_duration("30m"), Some(1800));
        assert_eq!(super::parse_duration("12h"), Some(43_200));
        for bad in ["", "d", "14", "14 days", "-1d", "99999999999999999d", "1é"] {
            assert_eq!(super::parse_duration(bad), None, "{bad}");
        }
    }
}
