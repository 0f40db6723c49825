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
    pub brand: String,
    /// Accompanies the brand at its first mention.
    pub generic: String,
    /// Launch date (YYYY-MM-DD), for the "new" rule.
    pub launched: String,
    /// Per-locale mandatory information.
    pub locales: BTreeMap<String, ProductLocale>,
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
    /// Email sender, `Name <address>`.
    #[serde(default)]
    pub sender: Option<String>,
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
