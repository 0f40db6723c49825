//! The shared libraries messages draw on: claims and references, products,
//! and the glossary.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `content/claims.yaml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimsFile {
    /// Claims by id.
    #[serde(default)]
    pub claims: BTreeMap<String, Claim>,
    /// Reference citations by id.
    #[serde(default)]
    pub references: BTreeMap<String, String>,
}

/// A claim: locked wording per locale and its supporting references.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Wording by locale; inserted verbatim wherever `[[ID]]` appears.
    pub text: BTreeMap<String, String>,
    /// Reference ids, in the order they are cited.
    #[serde(default)]
    pub references: Vec<String>,
    pub kind: ClaimKind,
    #[serde(default)]
    pub status: ClaimStatus,
    /// The numbers the claim states, for charts drawn from the same locked
    /// source as the wording (every value appears in every locale's wording).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<ClaimData>,
}

/// `data:` of a claim: what is measured and the value of each arm.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClaimData {
    /// What the values measure (the chart's axis title).
    pub measure: Localized,
    /// Shown on the axis; `%` for percentages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Localized>,
    /// One value per arm (treatment group), in the order charted.
    pub arms: Vec<Arm>,
}

/// One arm of a claim's data.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Arm {
    pub label: Localized,
    pub value: f64,
}

/// A text that is the same in every locale, or given per locale.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Localized {
    One(String),
    PerLocale(BTreeMap<String, String>),
}

impl Localized {
    /// The text in `locale`, if there is one.
    pub fn get(&self, locale: &str) -> Option<&str> {
        match self {
            Localized::One(s) => Some(s),
            Localized::PerLocale(m) => m.get(locale).map(String::as_str),
        }
    }
}

/// What a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    Efficacy,
    Safety,
    Dosing,
    Other,
}

/// Whether a claim may still be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimStatus {
    #[default]
    Active,
    Retired,
}

/// `content/products/<id>.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub id: String,
    /// The brand name; a locale may give its own (`locales.<locale>.brand`).
    pub brand: String,
    /// Accompanies the brand at its first mention.
    pub generic: String,
    /// Launch date (YYYY-MM-DD), for the "new" rule.
    pub launched: String,
    /// Per-locale mandatory information.
    pub locales: BTreeMap<String, ProductLocale>,
    /// The brand theme every channel kind uses (a sober default without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Theme>,
    /// The file the product was read from, for diagnostics.
    #[serde(skip)]
    pub file: std::path::PathBuf,
}

impl Product {
    /// The brand name in `locale`: the locale's own `brand`, else the product's.
    pub fn brand_in(&self, locale: &str) -> &str {
        self.locales
            .get(locale)
            .and_then(|l| l.brand.as_deref())
            .filter(|b| !b.trim().is_empty())
            .unwrap_or(&self.brand)
    }

    /// The generic name in `locale`: the locale's own `generic`, else the product's.
    pub fn generic_in(&self, locale: &str) -> &str {
        self.locales
            .get(locale)
            .and_then(|l| l.generic.as_deref())
            .filter(|g| !g.trim().is_empty())
            .unwrap_or(&self.generic)
    }
}

/// `theme:` of a product: logo, colours and font.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// An SVG file of the workspace (`content/assets/…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    #[serde(default)]
    pub colors: ThemeColors,
    /// A CSS font-family list, most wanted first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font: Option<String>,
}

/// The theme's colours, each `#rrggbb` (or `#rgb`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ThemeColors {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The mandatory information for one locale of a product.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProductLocale {
    /// Important Safety Information, Markdown.
    pub isi: String,
    /// Spoken safety statement (video).
    pub isi_short: String,
    pub pi_url: String,
    pub ae_statement: String,
    /// Legal name and postal address.
    pub company: String,
    pub unsubscribe_url: String,
    /// Email sender, `Name <address>`: required when the locale's messages
    /// go to an email channel; Message-IDs use its domain.
    #[serde(default)]
    pub sender: Option<String>,
    /// The brand name in this locale (e.g. `Пульмовия`), when it differs
    /// from the product's `brand`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// The generic name in this locale (e.g. `гликопирроний`), when it
    /// differs from the product's `generic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generic: Option<String>,
}

impl ProductLocale {
    /// The domain of the sender's address (`cardiozen.example` in
    /// `Team <hcp@cardiozen.example>`), if there is a sender with one.
    pub fn sender_domain(&self) -> Option<&str> {
        mailbox_domain(self.sender.as_deref()?)
    }
}

/// The domain of a `Name <address@domain>` (or bare `address@domain`) mailbox.
pub fn mailbox_domain(sender: &str) -> Option<&str> {
    {
        let address = match sender.rfind('<') {
            Some(i) => sender[i + 1..].trim_end().trim_end_matches('>'),
            None => sender.trim(),
        };
        let (_, domain) = address.rsplit_once('@')?;
        let domain = domain.trim();
        (!domain.is_empty()).then_some(domain)
    }
}

/// `content/glossary.yaml`: per-locale termbase.
pub type GlossaryFile = BTreeMap<String, GlossaryLocale>;

/// The termbase of one locale.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GlossaryLocale {
    #[serde(default)]
    pub terms: Vec<Term>,
    /// Words added to the built-in compliance rule pack.
    #[serde(default)]
    pub banned: Vec<String>,
}

/// A preferred term.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub term: String,
    /// How the voice-over says it.
    #[serde(default)]
    pub spoken: Option<String>,
    /// Terms flagged wherever they appear.
    #[serde(default)]
    pub avoid: Vec<String>,
}
