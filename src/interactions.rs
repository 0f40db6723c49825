//! Interactions exported from the CRM and the email platform (SPEC §12):
//! CSV with a header `time,hcp,locale,message,channel,event,key_messages`,
//! read row by row (streaming: memory does not grow with the rows) into
//! what each HCP has done, per (message, channel).

use crate::Error;
use crate::date::Date;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// What happened at a touchpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Event {
    Sent,
    Opened,
    Clicked,
    Visited,
    Unsubscribed,
}

impl Event {
    pub const ALL: [Event; 5] = [Event::Sent, Event::Opened, Event::Clicked, Event::Visited, Event::Unsubscribed];

    pub fn name(self) -> &'static str {
        match self {
            Event::Sent => "sent",
            Event::Opened => "opened",
            Event::Clicked => "clicked",
            Event::Visited => "visited",
            Event::Unsubscribed => "unsubscribed",
        }
    }

    fn parse(s: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.name() == s)
    }
}

/// One row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interaction<'a> {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub time: i64,
    pub hcp: &'a str,
    pub locale: &'a str,
    pub message: &'a str,
    pub channel: &'a str,
    pub event: Event,
    /// Key messages discussed at a visit, as a bit set (bit 0 = key message 1).
    pub key_messages: u32,
}

/// The columns, in the order of SPEC §12.
pub const COLUMNS: [&str; 7] = ["time", "hcp", "locale", "message", "channel", "event", "key_messages"];

/// What a spreadsheet takes for the start of a formula: an HCP id may not
/// begin with it, since the id goes verbatim into the plan (CSV injection).
const FORMULA_STARTS: [char; 4] = ['=', '+', '-', '@'];

/// The most key messages a row may name (numbers 1 to 32).
const MAX_KEY_MESSAGE: u32 = 32;

/// Reads the interactions in `input` (named `file` in errors), calling `row`
/// for each, in file order. A malformed row is an error naming its line and
/// what is wrong; rows before it have been seen by `row`, so callers that
/// must not act on a half-read file collect first and act after.
pub fn read(input: impl Read, file: &Path, mut row: impl FnMut(&Interaction<'_>)) -> Result<u64, Error> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(input);
    let bad =
        |line: u64, what: String| Error::Usage { message: format!("{}:{line}: {what}", file.display()), hint: None };
    let headers = rdr.headers().map_err(|e| csv_error(file, e))?.clone();
    let mut at = [usize::MAX; 7];
    for (i, h) in headers.iter().enumerate() {
        if let Some(c) = COLUMNS.iter().position(|c| *c == h.trim()) {
            if at[c] != usize::MAX {
                return Err(bad(1, format!("the header names `{}` twice", COLUMNS[c]))
                    .hint("each column is named once: rename or remove the other"));
            }
            at[c] = i;
        }
    }
    if let Some(missing) = COLUMNS.iter().zip(at).find(|(_, i)| *i == usize::MAX).map(|(c, _)| c) {
        return Err(bad(1, format!("the header has no `{missing}` column"))
            .hint(format!("the first line names the columns: {}", COLUMNS.join(","))));
    }
    let mut record = csv::StringRecord::new();
    let mut rows = 0;
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(file, e)),
        }
        let line = record.position().map_or(0, |p| p.line());
        let field = |c: usize| record.get(at[c]).unwrap_or("").trim();
        let time = parse_time(field(0)).ok_or_else(|| {
            bad(line, format!("`{}` is not a time", field(0)))
                .hint("write ISO 8601 with a zone: 2026-11-03T09:15:00Z (or +01:00)")
        })?;
        let hcp = field(1);
        if hcp.is_empty() {
            return Err(bad(line, "the `hcp` column is empty".into()).hint("every row names the HCP it is about"));
        }
        if hcp.starts_with(FORMULA_STARTS) || hcp.chars().any(char::is_control) {
            return Err(bad(line, format!("the `hcp` id {hcp:?} is not an id")).hint(
                "an id does not begin with = + - @ (a spreadsheet would run it as a formula) nor holds a line break or tab",
            ));
        }
        let event = Event::parse(field(5)).ok_or_else(|| {
            bad(line, format!("`{}` is not an event", field(5)))
                .hint("events are sent, opened, clicked, visited, unsubscribed")
        })?;
        let key_messages = parse_key_messages(field(6)).ok_or_else(|| {
            bad(line, format!("`{}` is not a list of key message numbers", field(6)))
                .hint("write the numbers discussed, separated by `;` (e.g. `1;3`), or leave it empty")
        })?;
        let locale = field(2);
        if !locale.is_empty() && !crate::model::is_valid_locale(locale) {
            return Err(bad(line, format!("`{locale}` is not a locale")).hint("write language-REGION, e.g. en-GB"));
        }
        row(&Interaction { time, hcp, locale, message: field(3), channel: field(4), event, key_messages });
        rows += 1;
    }
    Ok(rows)
}

/// A CSV reading error as a usage error naming `file` and the line.
pub fn csv_error(file: &Path, e: csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    let what = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("the row has {len} field(s), the header {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "the row is not UTF-8".to_string(),
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    };
    Error::Usage {
        message: format!("{}:{line}: {what}", file.display()),
        hint: Some("each row has the header's columns, separated by commas; quote a field that has a comma".into()),
    }
}

/// `1;3` → bits 0 and 2; empty → 0.
fn parse_key_messages(s: &str) -> Option<u32> {
    let mut bits = 0u32;
    for part in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let n: u32 = part.parse().ok()?;
        if !(1..=MAX_KEY_MESSAGE).contains(&n) {
            return None;
        }
        bits |= 1 << (n - 1);
    }
    Some(bits)
}

/// ISO 8601: `2026-11-03`, `2026-11-03T09:15Z`, `2026-11-03T09:15:00Z`,
/// `2026-11-03T09:15:00.250+01:00`; a time without a zone is UTC.
pub fn parse_time(s: &str) -> Option<i64> {
    let (date, rest) = match s.split_once(['T', ' ']) {
        Some((d, r)) => (d, Some(r)),
        None => (s, None),
    };
    if date.len() != 10 {
        return None;
    }
    let days = Date::parse(date)?.days();
    let Some(rest) = rest else { return Some(days * 86_400) };
    let (clock, offset) = if let Some(c) = rest.strip_suffix('Z') {
        (c, 0)
    } else if let Some(i) = rest.rfind(['+', '-']) {
        let (c, z) = rest.split_at(i);
        let sign = if z.starts_with('-') { -1 } else { 1 };
        let z = &z[1..];
        let (h, m) = z.split_once(':').unwrap_or((z.get(..2)?, z.get(2..).unwrap_or("0")));
        let (h, m): (i64, i64) = (h.parse().ok()?, if m.is_empty() { 0 } else { m.parse().ok()? });
        if h > 14 || m > 59 {
            return None;
        }
        (c, sign * (h * 3600 + m * 60))
    } else {
        (rest, 0)
    };
    let clock =
        clock.split_once('.').map_or(clock, |(c, frac)| if frac.chars().all(|c| c.is_ascii_digit()) { c } else { "x" });
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let n = |i: usize| parts.get(i).map_or(Some(0), |p| p.parse::<i64>().ok());
    let (h, m, sec) = (n(0)?, n(1)?, n(2)?);
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some(days * 86_400 + h * 3600 + m * 60 + sec - offset)
}

/// `seconds` since the epoch as `2026-11-03T09:15:00Z`.
pub fn format_time(seconds: i64) -> String {
    crate::approval::record::Timestamp(seconds).to_string()
}

/// What one HCP did with one (message, channel): the first time of each
/// event, and the key messages discussed at its visits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Touch {
    /// First time of each event, by [`Event`] order (unsubscribed unused).
    pub first: [Option<i64>; 4],
    /// Key messages discussed at visits (bit 0 = key message 1).
    pub discussed: u32,
    /// Key messages the sent touchpoints carried (all when a `sent` row
    /// names none).
    pub shown: u32,
}

impl Touch {
    /// The first time of `event`.
    pub fn at(&self, event: Event) -> Option<i64> {
        self.first.get(event as usize).copied().flatten()
    }

    fn see(&mut self, event: Event, time: i64, key_messages: u32) {
        if let Some(slot) = self.first.get_mut(event as usize) {
            *slot = Some(slot.map_or(time, |t| t.min(time)));
        }
        match event {
            Event::Visited => self.discussed |= key_messages,
            Event::Sent => self.shown |= if key_messages == 0 { u32::MAX } else { key_messages },
            _ => {}
        }
    }
}

/// What the interactions say of one HCP, for the touchpoints of interest.
#[derive(Debug, Clone, Default)]
pub struct Hcp {
    /// The locale of the HCP's latest row that names one.
    pub locale: String,
    locale_time: i64,
    /// When the HCP unsubscribed from email, if they did.
    pub unsubscribed: Option<i64>,
    /// One entry per tracked (message, channel), by the tracker's index.
    pub touches: Vec<Touch>,
}

/// Folds interactions into one [`Hcp`] per HCP, keeping only the
/// (message, channel) pairs it was built for: memory grows with HCPs, not rows.
pub struct Tracker {
    pairs: Vec<(String, String)>,
    /// Only HCPs whose id this accepts (a partition).
    accept: Box<dyn Fn(&str) -> bool>,
    /// Rows after this time have not happened yet (the plan's clock).
    until: Option<i64>,
    pub hcps: HashMap<String, Hcp>,
}

impl Tracker {
    /// A tracker of `pairs` (message, channel), for the HCPs `accept` takes.
    pub fn new(pairs: Vec<(String, String)>, accept: Box<dyn Fn(&str) -> bool>) -> Tracker {
        Tracker { pairs, accept, until: None, hcps: HashMap::new() }
    }

    /// The same tracker, ignoring rows after `time`.
    pub fn until(mut self, time: i64) -> Tracker {
        self.until = Some(time);
        self
    }

    /// The index of (message, channel) among the tracked pairs.
    pub fn pair(&self, message: &str, channel: &str) -> Option<usize> {
        self.pairs.iter().position(|(m, c)| m == message && c == channel)
    }

    /// Takes one row into account.
    pub fn see(&mut self, r: &Interaction<'_>) {
        if !(self.accept)(r.hcp) || self.until.is_some_and(|t| r.time > t) {
            return;
        }
        let pair = self.pair(r.message, r.channel);
        let n = self.pairs.len();
        let hcp = match self.hcps.get_mut(r.hcp) {
            Some(h) => h,
            None => self.hcps.entry(r.hcp.to_string()).or_insert_with(|| Hcp {
                touches: vec![Touch::default(); n],
                locale_time: i64::MIN,
                ..Hcp::default()
            }),
        };
        if !r.locale.is_empty() && r.time >= hcp.locale_time {
            if hcp.locale != r.locale {
                hcp.locale = r.locale.to_string();
            }
            hcp.locale_time = r.time;
        }
        if r.event == Event::Unsubscribed {
            hcp.unsubscribed = Some(hcp.unsubscribed.map_or(r.time, |t| t.min(r.time)));
        } else if let Some(p) = pair {
            hcp.touches[p].see(r.event, r.time, r.key_messages);
        }
    }
}

/// Whether `hcp` belongs to partition `k` of `n` (1 ≤ k ≤ n): a stable hash
/// of the id (SHA-256), so every machine agrees and each HCP is in exactly
/// one partition.
pub fn in_partition(hcp: &str, k: u64, n: u64) -> bool {
    use sha2::Digest;
    let d = sha2::Sha256::digest(hcp.as_bytes());
    let h = u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]);
    h % n == k - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_time("1970-01-02"), Some(86_400));
        assert_eq!(parse_time("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_time("1970-01-01T00:00:00.5-00:30"), Some(1800));
        assert_eq!(parse_time("1970-01-01T10:15Z"), Some(36_900));
        for bad in ["", "yesterday", "1970-01-01T25:00Z", "1970-1-1", "1970-01-01T10", "1970-01-01Tab:cdZ", "é"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn key_messages() {
        assert_eq!(parse_key_messages("1;3"), Some(0b101));
        assert_eq!(parse_key_messages(""), Some(0));
        assert_eq!(parse_key_messages(" 2 ; "), Some(0b10));
        assert_eq!(parse_key_messages("0"), None);
        assert_eq!(parse_key_messages("33"), None);
        assert_eq!(parse_key_messages("1,3"), None);
    }

    #[test]
    fn partitions_cover_every_hcp_once() {
        for id in ["a", "hcp-1", "HCP-000042", ""] {
            assert_eq!((1..=4).filter(|&k| in_partition(id, k, 4)).count(), 1, "{id}");
        }
    }
}
