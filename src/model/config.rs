//! `channels.yaml` and `reviewers.yaml`: what channels exist and who may approve.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `channels.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ChannelsFile {
    /// The audiences a message's (or journey's) `audience:` may name;
    /// `None` when the file declares none.
    #[serde(default)]
    pub audiences: Option<Vec<Audience>>,
    /// Channels by name; the name is also the folder in `dist/`.
    pub channels: BTreeMap<String, Channel>,
}

/// One declared audience: `cardiology`, or `{ id: cardiology, label: Cardiologists }`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Audience {
    Id(String),
    Labelled(LabelledAudience),
}

/// An audience with a label for people.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LabelledAudience {
    pub id: String,
    #[serde(default)]
    pub label: Option<String>,
}

impl Audience {
    /// The id messages name.
    pub fn id(&self) -> &str {
        match self {
            Audience::Id(id) => id,
            Audience::Labelled(a) => &a.id,
        }
    }

    /// The label, if one is given.
    pub fn label(&self) -> Option<&str> {
        match self {
            Audience::Id(_) => None,
            Audience::Labelled(a) => a.label.as_deref(),
        }
    }
}

/// The four built-in channel kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    Email,
    Page,
    Slides,
    Video,
}

impl ChannelKind {
    /// Lower-case name, as in `channels.yaml`.
    pub fn name(self) -> &'static str {
        match self {
            ChannelKind::Email => "email",
            ChannelKind::Page => "page",
            ChannelKind::Slides => "slides",
            ChannelKind::Video => "video",
        }
    }

    /// The template roles of this kind and their default template files.
    pub fn default_templates(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ChannelKind::Email => {
                &[("html", "email.mjml.tera"), ("text", "email.txt.tera"), ("veeva", "email.veeva.mjml.tera")]
            }
            ChannelKind::Page => &[("html", "page.html.tera")],
            ChannelKind::Slides => &[("html", "slides.html.tera"), ("slide", "slide.html.tera")],
            ChannelKind::Video => &[("script", "video.md.tera"), ("html", "video.html.tera")],
        }
    }

    /// The limits that make sense for this kind.
    pub fn limit_names(self) -> &'static [&'static str] {
        match self {
            ChannelKind::Email => &["subject_chars", "preheader_chars", "words"],
            ChannelKind::Page => &["words"],
            ChannelKind::Slides => &["words_per_slide", "key_messages"],
            ChannelKind::Video => &["seconds", "caption_chars_per_line", "caption_chars_per_second"],
        }
    }
}

/// One channel.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// Which built-in renderer produces it.
    pub kind: ChannelKind,
    /// Template file per role, overriding the kind's defaults.
    #[serde(default)]
    pub templates: BTreeMap<String, String>,
    /// Length limits.
    #[serde(default)]
    pub limits: Limits,
    /// Tone profile.
    #[serde(default)]
    pub tone: Tone,
    /// Elements every variant of this channel must contain.
    #[serde(default)]
    pub require: Vec<Requirement>,
    /// Canvas size in pixels (slides).
    #[serde(default)]
    pub size: Option<[u32; 2]>,
    /// Voice-over speed (video).
    #[serde(default)]
    pub words_per_minute: Option<u32>,
}

impl Channel {
    /// The template file for `role`: the channel's own or the kind's default.
    pub fn template(&self, role: &str) -> Option<&str> {
        self.templates
            .get(role)
            .map(String::as_str)
            .or_else(|| self.kind.default_templates().iter().find(|(r, _)| *r == role).map(|(_, f)| *f))
    }
}

/// Length limits of a channel (which apply depends on the kind).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub subject_chars: Option<usize>,
    pub preheader_chars: Option<usize>,
    pub words: Option<usize>,
    pub words_per_slide: Option<usize>,
    pub key_messages: Option<usize>,
    pub seconds: Option<u32>,
    pub caption_chars_per_line: Option<usize>,
    pub caption_chars_per_second: Option<f64>,
}

impl Limits {
    /// Names of the limits that are set.
    pub fn set_names(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        let pairs: [(&'static str, bool); 8] = [
            ("subject_chars", self.subject_chars.is_some()),
            ("preheader_chars", self.preheader_chars.is_some()),
            ("words", self.words.is_some()),
            ("words_per_slide", self.words_per_slide.is_some()),
            ("key_messages", self.key_messages.is_some()),
            ("seconds", self.seconds.is_some()),
            ("caption_chars_per_line", self.caption_chars_per_line.is_some()),
            ("caption_chars_per_second", self.caption_chars_per_second.is_some()),
        ];
        for (name, set) in pairs {
            if set {
                v.push(name);
            }
        }
        v
    }
}

/// Tone profile of a channel.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Tone {
    /// `formal` flags informal address.
    #[serde(default)]
    pub register: Option<Register>,
    pub max_sentence_words: Option<usize>,
    pub min_reading_ease: Option<f64>,
}

/// Register of address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Register {
    Formal,
    Neutral,
}

/// An element a channel's variants must contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    Isi,
    PiLink,
    AeStatement,
    JobCode,
    DateOfPreparation,
    Unsubscribe,
    PostalAddress,
    References,
}

/// `reviewers.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewersFile {
    pub policy: Policy,
    #[serde(default)]
    pub reviewers: Vec<Reviewer>,
}

/// The approval policy.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Every one of these roles must approve a variant.
    pub required_roles: Vec<String>,
    /// One person may not sign two roles of one piece.
    #[serde(default = "yes")]
    pub distinct_reviewers: bool,
    /// No git author of the message or its claims may approve it.
    #[serde(default = "yes")]
    pub forbid_self_approval: bool,
    /// Approvals expire after this many months.
    #[serde(default = "two_years")]
    pub valid_for_months: u32,
    /// Roles whose holders may sign a change to reviewers.yaml (SPEC §3.6);
    /// empty: every listed reviewer may.
    #[serde(default)]
    pub owners: Vec<String>,
    /// How many distinct owners must sign a change to reviewers.yaml.
    #[serde(default = "one")]
    pub owner_approvals: u32,
    /// Roles whose holders may withdraw a piece (their signed role is in
    /// the record); empty: every listed reviewer may, as before.
    #[serde(default)]
    pub withdraw_roles: Vec<String>,
}

impl Policy {
    /// Whether `role` is one the policy names: required, owner or withdraw.
    pub fn declares(&self, role: &str) -> bool {
        [&self.required_roles, &self.owners, &self.withdraw_roles].iter().any(|l| l.iter().any(|r| r == role))
    }
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

fn two_years() -> u32 {
    24
}

/// A person who may approve.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    pub name: String,
    pub email: String,
    pub roles: Vec<String>,
    /// OpenSSH public keys (`ssh-ed25519 AAAA... comment`).
    pub keys: Vec<String>,
}
