//! Approval records: what a reviewer signed, in a canonical text form.
//!
//! A record is a small UTF-8 text file of `key: value` lines in a fixed
//! order. Its bytes are exactly what is signed, so an auditor can verify it
//! with `ssh-keygen -Y verify` alone; any edit breaks the signature, and a
//! file that is not in canonical form is refused before the signature is
//! even checked.

use crate::date::Date;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The first line of every record: format and version.
pub const MAGIC: &str = "unisono-approval-record: 1";

/// What the reviewer decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Approved,
    ChangesRequested,
    Withdrawn,
}

impl Decision {
    /// The word used in records, file names and commit trailers.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::ChangesRequested => "changes-requested",
            Decision::Withdrawn => "withdrawn",
        }
    }

    fn parse(s: &str) -> Option<Decision> {
        match s {
            "approved" => Some(Decision::Approved),
            "changes-requested" => Some(Decision::ChangesRequested),
            "withdrawn" => Some(Decision::Withdrawn),
            _ => None,
        }
    }
}

/// A UTC instant, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The current time, or `UNISONO_NOW` (RFC 3339 `YYYY-MM-DDTHH:MM:SSZ`)
    /// when set: audits and tests evaluate status as of a given moment.
    pub fn now() -> Timestamp {
        std::env::var("UNISONO_NOW")
            .ok()
            .and_then(|s| Timestamp::parse(&s))
            .unwrap_or(Timestamp(crate::date::now_unix()))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn parse(s: &str) -> Option<Timestamp> {
        let (date, time) = s.strip_suffix('Z')?.split_once('T')?;
        let d = Date::parse(date)?;
        let t: Vec<i64> = time.split(':').map(|x| x.parse().ok()).collect::<Option<_>>()?;
        let [h, m, sec] = t[..] else { return None };
        if !(0..24).contains(&h) || !(0..60).contains(&m) || !(0..60).contains(&sec) || time.len() != 8 {
            return None;
        }
        Some(Timestamp(d.days() * 86_400 + h * 3600 + m * 60 + sec))
    }

    /// The date part.
    pub fn date(self) -> Date {
        Date::from_days(self.0.div_euclid(86_400))
    }

    /// `YYYYMMDDTHHMMSSZ`, for file names.
    pub fn compact(self) -> String {
        self.to_string().replace(['-', ':'], "")
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.0.rem_euclid(86_400);
        write!(f, "{}T{:02}:{:02}:{:02}Z", self.date(), secs / 3600, secs % 3600 / 60, secs % 60)
    }
}

/// One signed decision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Record {
    pub decision: Decision,
    pub message: String,
    pub locale: String,
    /// The role signed for (empty for a withdrawal, which is not a role's act).
    pub role: String,
    /// Printed name of the signer (21 CFR 11.50(a)(1)).
    pub reviewer_name: String,
    pub reviewer_email: String,
    /// UTC date and time of signing (11.50(a)(2)).
    pub time: Timestamp,
    /// The meaning of the signature (11.50(a)(3)).
    pub meaning: String,
    /// Last day the approval is valid.
    pub expires: Date,
    /// Source fingerprint of the message file.
    pub source: String,
    /// Fingerprint of each channel variant, in its final form.
    pub variants: BTreeMap<String, String>,
    /// The reviewer's comment or the withdrawal reason.
    pub comment: String,
    /// Where the comment points: `line N` of the message file, or
    /// `claim ID`; empty when it points nowhere in particular.
    pub anchor: String,
    /// SHA-256 fingerprint of the signing key (`SHA256:...`).
    pub key: String,
}

impl Record {
    /// The canonical bytes: what is signed and what is stored.
    pub fn to_canonical(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{MAGIC}");
        let mut line = |k: &str, v: &str| {
            let _ = writeln!(s, "{k}: {}", escape(v));
        };
        line("decision", self.decision.as_str());
        line("message", &self.message);
        line("locale", &self.locale);
        line("role", &self.role);
        line("reviewer-name", &self.reviewer_name);
        line("reviewer-email", &self.reviewer_email);
        line("time", &self.time.to_string());
        line("meaning", &self.meaning);
        line("expires", &self.expires.to_string());
        line("source", &self.source);
        for (channel, fp) in &self.variants {
            line("variant", &format!("{channel} {fp}"));
        }
        line("comment", &self.comment);
        // Only anchored comments carry the line: records without one keep
        // the canonical form they were signed in.
        if !self.anchor.is_empty() {
            line("anchor", &self.anchor);
        }
        line("key", &self.key);
        s
    }

    /// Parses a record; it must be in canonical form, byte for byte.
    pub fn parse(text: &str) -> Result<Record, String> {
        let mut lines = text.lines();
        if lines.next() != Some(MAGIC) {
            return Err(format!("the first line is not `{MAGIC}`"));
        }
        let mut fields: Vec<(&str, String)> = Vec::new();
        for (n, l) in lines.enumerate() {
            let (k, v) = l.split_once(": ").ok_or_else(|| format!("line {} is not `key: value`", n + 2))?;
            fields.push((k, unescape(v)));
        }
        let mut it = fields.into_iter().peekable();
        let decision = take_field(&mut it, "decision")?;
        let decision = Decision::parse(&decision).ok_or_else(|| format!("unknown decision `{decision}`"))?;
        let message = take_field(&mut it, "message")?;
        let locale = take_field(&mut it, "locale")?;
        let role = take_field(&mut it, "role")?;
        let reviewer_name = take_field(&mut it, "reviewer-name")?;
        let reviewer_email = take_field(&mut it, "reviewer-email")?;
        let time = take_field(&mut it, "time")?;
        let time = Timestamp::parse(&time).ok_or_else(|| format!("`{time}` is not a UTC time"))?;
        let meaning = take_field(&mut it, "meaning")?;
        let expires = take_field(&mut it, "expires")?;
        let expires = Date::parse(&expires).ok_or_else(|| format!("`{expires}` is not a date"))?;
        let source = take_field(&mut it, "source")?;
        let mut variants = BTreeMap::new();
        while let Some((k, v)) = it.peek()
            && *k == "variant"
        {
            let (channel, fp) = v.split_once(' ').ok_or("a variant line is not `channel fingerprint`")?;
            variants.insert(channel.to_string(), fp.to_string());
            it.next();
        }
        let comment = take_field(&mut it, "comment")?;
        let anchor = match it.peek() {
            Some((k, _)) if *k == "anchor" => take_field(&mut it, "anchor")?,
            _ => String::new(),
        };
        let key = take_field(&mut it, "key")?;
        if let Some((k, _)) = it.next() {
            return Err(format!("unexpected `{k}` after `key`"));
        }
        let record = Record {
            decision,
            message,
            locale,
            role,
            reviewer_name,
            reviewer_email,
            time,
            meaning,
            expires,
            source,
            variants,
            comment,
            anchor,
            key,
        };
        if record.to_canonical() != text {
            return Err("the record is not in canonical form (edited by hand?)".into());
        }
        Ok(record)
    }

    /// Where the record lives: `approvals/<id>/<locale>/<time>-<decision>-<role>-<who>.txt`
    /// (the signature beside it, `.sig`).
    pub fn path(&self) -> String {
        let who: String = self
            .reviewer_email
            .split('@')
            .next()
            .unwrap_or("")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
            .collect();
        let role = if self.role.is_empty() { "all".to_string() } else { self.role.clone() };
        format!(
            "approvals/{}/{}/{}-{}-{}-{}.txt",
            self.message,
            self.locale,
            self.time.compact(),
            self.decision.as_str(),
            role,
            who
        )
    }
}

/// The meaning of a signature, in words a reviewer agrees to (Part 11 §11.50).
pub fn meaning(decision: Decision, role: &str) -> String {
    match (decision, role) {
        (Decision::Approved, "medical") => "Medical approval: I confirm that this content is medically accurate, fair, balanced and consistent with the product's approved information.".into(),
        (Decision::Approved, "legal") => "Legal approval: I confirm that this content complies with applicable law and the code of practice.".into(),
        (Decision::Approved, "regulatory") => "Regulatory approval: I certify this content for use in the channels listed in this record.".into(),
        (Decision::Approved, r) => format!("Approval: I approve this content in my role as {r}."),
        (Decision::ChangesRequested, r) => format!("Changes requested: in my role as {r}, I do not approve this content; see the comment."),
        (Decision::Withdrawn, _) => "Withdrawal: this content must no longer be used in any channel; see the reason.".into(),
    }
}

/// The next field, which must be `key`.
pub(crate) fn take_field<'a>(it: &mut impl Iterator<Item = (&'a str, String)>, key: &str) -> Result<String, String> {
    match it.next() {
        Some((k, v)) if k == key => Ok(v),
        Some((k, _)) => Err(format!("expected `{key}`, found `{k}`")),
        None => Err(format!("`{key}` is missing")),
    }
}

pub(crate) fn escape(v: &str) -> String {
    v.replace('\\', "\\\\").replace('\n', "\\n").replace('\r', "\\r")
}

pub(crate) fn unescape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Record {
        Record {
            decision: Decision::Approved,
            message: "m".into(),
            locale: "en-GB".into(),
            role: "medical".into(),
            reviewer_name: "Dr. Ana García".into(),
            reviewer_email: "ana@example.com".into(),
            time: Timestamp::parse("2026-11-23T13:05:09Z").unwrap(),
            meaning: meaning(Decision::Approved, "medical"),
            expires: Date::parse("2028-11-23").unwrap(),
            source: "sha256:00".into(),
            variants: BTreeMap::from([("email".into(), "sha256:11".into()), ("video".into(), "sha256:22".into())]),
            comment: "fine\nwith two lines: and a colon".into(),
            anchor: String::new(),
            key: "SHA256:abc".into(),
        }
    }

    #[test]
    fn round_trips_canonically() {
        let r = sample();
        let text = r.to_canonical();
        assert_eq!(Record::parse(&text).unwrap(), r);
        assert_eq!(r.path(), "approvals/m/en-GB/20261123T130509Z-approved-medical-ana.txt");
        assert!(Record::parse(&text.replace('\n', "\r\n")).is_err(), "CRLF is not canonical");
        assert!(Record::parse(&text.replace("role: medical", "role:medical")).is_err());
        assert!(Record::parse(&format!("{text}extra: 1\n")).is_err());
    }

    #[test]
    fn timestamps() {
        let t = Timestamp::parse("2026-11-23T13:05:09Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-23T13:05:09Z");
        assert!(Timestamp::parse("2026-11-23T25:05:09Z").is_none());
        assert!(Timestamp::parse("2026-11-23 13:05:09").is_none());
    }
}
