//! Who an email goes to: `--to` addresses and a recipients CSV with
//! personalisation fields, less the suppressed addresses
//! (`content/suppression.txt`, and the `unsubscribed` events of an
//! interactions file).

use crate::Error;
use crate::workspace::Workspace;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

/// The largest recipients file read (16 MiB).
pub const MAX_FILE_BYTES: u64 = 16 << 20;
/// The most recipients one send takes.
pub const MAX_RECIPIENTS: usize = 100_000;
/// The longest title or last name, in characters.
pub const MAX_FIELD_CHARS: usize = 100;
/// The columns of a recipients file; `email` is required.
pub const COLUMNS: [&str; 4] = ["email", "title", "last_name", "hcp"];
/// The suppression list: one address per line, `#` comments.
pub const SUPPRESSION: &str = "content/suppression.txt";

/// What a spreadsheet takes for the start of a formula (CSV injection).
const FORMULA_STARTS: [char; 4] = ['=', '+', '-', '@'];

/// One recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// As given: `a@b`, or `Name <a@b>` with `--to`.
    pub to: String,
    /// The bare address in canonical form ([`canonical`]): what suppression
    /// and duplicates compare.
    pub address: String,
    /// Personalisation: the title (`Dr`) and last name, filled into the
    /// approved salutation slot; empty when not given.
    pub title: String,
    pub last_name: String,
    /// The HCP's id in the interactions (their `unsubscribed` events apply).
    pub hcp: String,
    /// Where the recipient was named: `--to` or `FILE:LINE`.
    pub source: String,
}

/// `--to` addresses as recipients; each must be a mailbox.
pub fn from_args(to: &[String]) -> Result<Vec<Recipient>, Error> {
    to.iter()
        .map(|t| {
            if t.chars().any(char::is_control) {
                return Err(Error::usage(format!("--to {t:?}: a control character (line break, tab) in an address"))
                    .hint("name one address per --to, e.g. --to hcp@example.org"));
            }
            let mailbox: lettre::message::Mailbox = t.parse().map_err(|e| {
                Error::usage(format!("--to {t:?} is not an address: {e}"))
                    .hint("write hcp@example.org or \"Dr Jane Roe <jane.roe@example.org>\"")
            })?;
            Ok(Recipient {
                to: t.clone(),
                address: canonical(&mailbox.email),
                title: String::new(),
                last_name: String::new(),
                hcp: String::new(),
                source: "--to".into(),
            })
        })
        .collect()
}

/// Reads a recipients file: CSV with a header naming `email` and any of
/// `title`, `last_name`, `hcp`. Any malformed row is an error naming
/// `file:line`; nothing is sent then.
pub fn read_csv(path: &Path) -> Result<Vec<Recipient>, Error> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::usage(format!("{}: over {} MiB", path.display(), MAX_FILE_BYTES >> 20))
            .hint(format!("send to at most {MAX_RECIPIENTS} recipients at a time: split the file")));
    }
    let bad = |line: u64, what: String| Error::usage(format!("{}:{line}: {what}", path.display()));
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(bytes.as_slice());
    let headers = rdr.headers().map_err(|e| crate::interactions::csv_error(path, e))?.clone();
    let mut at = [usize::MAX; COLUMNS.len()];
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}');
        let Some(c) = COLUMNS.iter().position(|c| *c == h) else {
            return Err(bad(1, format!("unknown column `{h}`"))
                .hint(format!("the columns are {} (only `email` is required)", COLUMNS.join(", "))));
        };
        if at[c] != usize::MAX {
            return Err(bad(1, format!("the header names `{h}` twice")).hint("each column is named once"));
        }
        at[c] = i;
    }
    if at[0] == usize::MAX {
        return Err(bad(1, "the header has no `email` column".into())
            .hint(format!("the first line names the columns, e.g. {}", COLUMNS.join(","))));
    }
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(crate::interactions::csv_error(path, e)),
        }
        let line = record.position().map_or(0, |p| p.line());
        if out.len() == MAX_RECIPIENTS {
            return Err(
                bad(line, format!("more than {MAX_RECIPIENTS} recipients")).hint("send in batches: split the file")
            );
        }
        let field = |c: usize| if at[c] == usize::MAX { "" } else { record.get(at[c]).unwrap_or("").trim() };
        let email = field(0);
        if email.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(bad(line, format!("the address {email:?} holds a space, line break or control character"))
                .hint("one bare address per row, e.g. jane.roe@example.org"));
        }
        let address: lettre::Address = email.parse().map_err(|e| {
            bad(line, format!("`{email}` is not an address: {e}"))
                .hint("one bare address per row, e.g. jane.roe@example.org")
        })?;
        let mut fields = [String::new(), String::new(), String::new()];
        for (k, c) in [1usize, 2, 3].into_iter().enumerate() {
            let v = field(c);
            if let Some(why) = unsafe_field(v) {
                return Err(bad(line, format!("the `{}` {v:?} {why}", COLUMNS[c])).hint(
                    "names are plain text: no line breaks or control characters, not beginning with = + - @ (a spreadsheet would run it as a formula)",
                ));
            }
            fields[k] = v.to_string();
        }
        let [title, last_name, hcp] = fields;
        out.push(Recipient {
            to: address.to_string(),
            address: canonical(&address),
            title,
            last_name,
            hcp,
            source: format!("{}:{line}", path.display()),
        });
    }
    Ok(out)
}

/// An address as suppression and duplicates compare it: the local part
/// lower-case, the domain in its ASCII form as DNS resolves it (UTS #46:
/// `bücher.example`, `BÜCHER.example` and `xn--bcher-kva.example` are one
/// domain, full-width letters are the ASCII ones). `+tags` are kept: they
/// may be other mailboxes.
pub fn canonical(address: &lettre::Address) -> String {
    let domain = address.domain();
    let domain = idna::domain_to_ascii(domain).unwrap_or_else(|_| domain.to_lowercase());
    format!("{}@{domain}", address.user().to_lowercase())
}

/// Why a personalisation field may not be used, if it may not.
fn unsafe_field(v: &str) -> Option<String> {
    if v.chars().any(|c| c.is_control()) {
        return Some("holds a line break or control character".into());
    }
    // Bidirectional overrides and invisible characters would disguise the text.
    if v.chars()
        .any(|c| matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'))
    {
        return Some("holds an invisible or direction-changing character".into());
    }
    if v.starts_with(FORMULA_STARTS) {
        return Some("begins like a spreadsheet formula".into());
    }
    let n = v.chars().count();
    (n > MAX_FIELD_CHARS).then(|| format!("is {n} characters long (at most {MAX_FIELD_CHARS})"))
}

/// Refuses an address named twice (in the file or with `--to`): nobody
/// gets the same email twice from one send.
pub fn refuse_duplicates(list: &[Recipient]) -> Result<(), Error> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for r in list {
        if let Some(first) = seen.insert(&r.address, &r.source) {
            return Err(Error::usage(format!("{}: {} is also named at {first}", r.source, r.address))
                .hint("name each recipient once"));
        }
    }
    Ok(())
}

/// The suppressed addresses and HCP ids.
#[derive(Debug, Default)]
pub struct Suppression {
    addresses: BTreeSet<String>,
    hcps: BTreeSet<String>,
}

impl Suppression {
    /// Reads `content/suppression.txt` as committed and as in the work tree
    /// (an address added but not yet committed counts), and the HCPs with
    /// an `unsubscribed` event in `interactions`.
    pub fn load(ws: &Workspace, interactions: Option<&Path>) -> Result<Suppression, Error> {
        let mut s = Suppression::default();
        let committed = ws
            .repo
            .revparse_single(&format!("HEAD:{}", ws.prefix.join(SUPPRESSION).to_string_lossy().replace('\\', "/")))
            .ok()
            .and_then(|o| o.peel_to_blob().ok())
            .map(|b| b.content().to_vec());
        let path = ws.root.join(SUPPRESSION);
        if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Error::usage(format!(
                "{SUPPRESSION} is a symbolic link (symlink): unisono reads nothing through links"
            ))
            .hint("make it a plain file in the workspace"));
        }
        let on_disk = match std::fs::read(&path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(Error::Io { path, source }),
        };
        for (what, bytes) in [("as committed", committed), ("in the work tree", on_disk)] {
            let Some(bytes) = bytes else { continue };
            let text = String::from_utf8(bytes)
                .map_err(|_| Error::usage(format!("{SUPPRESSION} ({what}) is not UTF-8")).hint("save it as UTF-8"))?;
            for (i, line) in text.lines().enumerate() {
                let line = line.split('#').next().unwrap_or("").trim();
                if line.is_empty() {
                    continue;
                }
                let address: lettre::Address = line.parse().map_err(|e| {
                    Error::usage(format!("{SUPPRESSION}:{} ({what}): `{line}` is not an address: {e}", i + 1))
                        .hint("one address per line; `#` starts a comment")
                })?;
                s.addresses.insert(canonical(&address));
            }
        }
        if let Some(file) = interactions {
            let f = std::fs::File::open(file).map_err(|source| Error::Io { path: file.to_path_buf(), source })?;
            let mut hcps = BTreeSet::new();
            crate::interactions::read(std::io::BufReader::new(f), file, |r| {
                if r.event == crate::interactions::Event::Unsubscribed {
                    // An HCP id may be their address: compared as addresses are.
                    hcps.insert(
                        r.hcp.parse::<lettre::Address>().map_or_else(|_| r.hcp.to_lowercase(), |a| canonical(&a)),
                    );
                }
            })?;
            s.hcps = hcps;
        }
        Ok(s)
    }

    /// Whether `r` must not receive mail: their address is listed, or they
    /// (by HCP id or by address) unsubscribed.
    pub fn suppresses(&self, r: &Recipient) -> bool {
        self.addresses.contains(&r.address)
            || self.hcps.contains(&r.address)
            || !r.hcp.is_empty() && self.hcps.contains(&r.hcp.to_lowercase())
    }
}
