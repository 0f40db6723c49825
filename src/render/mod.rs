//! Rendering: one master message becomes one variant per channel.
//!
//! Each channel kind is a [`ChannelRenderer`]; all four take the same
//! [`RenderContext`] (which is also what templates see) and return the
//! variant's files as bytes. Nothing here writes to disk: that is
//! `crate::writer`'s job.

pub mod chart;
pub mod context;
pub mod email;
pub mod page;
pub mod slides;
pub mod strings;
pub mod templates;
pub mod text;
pub mod theme;
pub mod video;

pub use context::RenderContext;
/// Caption cues and SRT / WebVTT writing: the `unisono-captions` crate.
pub use unisono_captions as captions;
/// Spoken forms for the voice-over script: the `unisono-spoken` crate.
pub use unisono_spoken as spoken;
/// Slide thumbnails: the `unisono-thumb` crate.
pub use unisono_thumb as thumb;

use crate::diag::Diagnostic;
use crate::model::{Channel, ChannelKind, Content, MasterMessage};
use std::collections::{BTreeMap, BTreeSet};
use templates::Templates;

/// A rendered variant's files: path inside the variant folder → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Everything a renderer may use besides the context.
pub struct RenderEnv<'a> {
    pub content: &'a Content,
    pub message: &'a MasterMessage,
    pub channel: &'a Channel,
    pub templates: &'a Templates,
    /// For `check`: every template is rendered (so every error shows) but
    /// pictures and packages are not drawn or zipped — the rules read text.
    pub text_only: bool,
    /// For `check`: where the video kind leaves the scenes it timed, so the
    /// rule on video length and caption speed reads them instead of timing
    /// them again.
    pub scenes: Option<&'a std::cell::RefCell<Option<Vec<video::Scene>>>>,
}

impl RenderEnv<'_> {
    /// Renders the channel's template for `role` with `ctx`.
    pub fn template(&self, role: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        let name = self.channel.template(role).unwrap_or("");
        if !self.templates.has(name) {
            return Err(Diagnostic::error(
                crate::codes::MISSING_TEMPLATE,
                "channels.yaml",
                format!("template `{name}` ({} {role}) does not exist", self.channel.kind.name()),
            )
            .hint(format!("add templates/{name}, or remove the override from channels.yaml")));
        }
        self.templates.render(name, ctx)
    }
}

/// One channel kind.
pub trait ChannelRenderer {
    /// The kind this renderer implements.
    fn kind(&self) -> ChannelKind;
    /// Whether the kind shows the long-form `{#body}` section.
    fn shows_body(&self) -> bool {
        false
    }
    /// Renders one variant's files.
    fn render(&self, ctx: &RenderContext, env: &RenderEnv<'_>) -> Result<Files, Diagnostic>;
}

/// The renderer of a kind.
pub fn renderer(kind: ChannelKind) -> &'static dyn ChannelRenderer {
    match kind {
        ChannelKind::Email => &email::Email,
        ChannelKind::Page => &page::Page,
        ChannelKind::Slides => &slides::Slides,
        ChannelKind::Video => &video::Video,
    }
}

/// One rendered variant of a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub id: String,
    pub locale: String,
    pub channel: String,
    pub draft: bool,
    pub files: Files,
}

impl Variant {
    /// The variant's folder under `dist/`: `<locale>/<id>/<channel>`.
    pub fn dir(&self) -> String {
        format!("{}/{}/{}", self.locale, self.id, self.channel)
    }

    /// The variant fingerprint: SHA-256 over its files (path and bytes, in
    /// path order), so renaming or changing any file changes it.
    pub fn fingerprint(&self) -> String {
        let mut buf = Vec::new();
        for (path, bytes) in &self.files {
            buf.extend_from_slice(path.as_bytes());
            buf.push(0);
            buf.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
            buf.extend_from_slice(bytes);
        }
        crate::fingerprint::of_bytes(&buf)
    }
}

/// Renders message `m` in channel `channel_name`.
pub fn render_variant(
    content: &Content,
    templates: &Templates,
    m: &MasterMessage,
    channel_name: &str,
    channel: &Channel,
    draft: bool,
) -> Result<Variant, Diagnostic> {
    render_variant_as(content, templates, m, channel_name, channel, draft, false).map(|t| t.variant)
}

/// A variant as `check` reads it.
pub struct TextVariant {
    /// Its text files.
    pub variant: Variant,
    /// The render contexts of its forms, in order: the whole message, then
    /// each subset form of a follow-up (in the order of
    /// [`crate::model::journey::covered_subsets`]), so the rules that compare
    /// a form with its context need not build it again.
    pub contexts: Vec<RenderContext>,
    /// The timed scenes of the whole message (video kind only).
    pub scenes: Option<Vec<video::Scene>>,
}

/// A variant's text files as `check` reads them: the same templates
/// rendered (so the same errors), without drawing pictures (thumbnails,
/// charts as PNG), writing packages (CLM zips, the Veeva zip) or the files
/// no rule reads (see each kind).
pub fn render_variant_text(
    content: &Content,
    templates: &Templates,
    m: &MasterMessage,
    channel_name: &str,
    channel: &Channel,
) -> Result<TextVariant, Diagnostic> {
    render_variant_as(content, templates, m, channel_name, channel, false, true)
}

fn render_variant_as(
    content: &Content,
    templates: &Templates,
    m: &MasterMessage,
    channel_name: &str,
    channel: &Channel,
    draft: bool,
    text_only: bool,
) -> Result<TextVariant, Diagnostic> {
    let r = renderer(channel.kind);
    // The contexts and scenes are kept for `check` only (see `TextVariant`).
    let mut contexts = Vec::new();
    let scenes = std::cell::RefCell::new(None);
    let mut render = |m: &MasterMessage| {
        let ctx = RenderContext::new(content, m, channel_name, channel, draft, r.shows_body());
        // The whole message is rendered first.
        let whole = contexts.is_empty();
        let env = RenderEnv {
            content,
            message: m,
            channel,
            templates,
            text_only,
            scenes: (text_only && whole).then_some(&scenes),
        };
        let files = r.render(&ctx, &env).map_err(|d| if d.channel.is_none() { d.channel(channel_name) } else { d });
        if text_only {
            contexts.push(ctx);
        }
        files
    };
    let mut files = render(m)?;
    // A follow-up that covers what a visit left open: one form per
    // non-empty, proper subset of the key messages, inside the variant, so
    // its fingerprint (and so every approval of it) covers them all.
    if content.covers_undiscussed(m.id(), channel_name) {
        use crate::model::journey::{COVERS_DIR, covered_subsets, subset_name};
        for keep in covered_subsets(m.key_messages.len()) {
            let name = subset_name(&keep);
            for (path, bytes) in render(&m.covering(&keep))? {
                files.insert(format!("{COVERS_DIR}/{name}/{path}"), bytes);
            }
        }
    }
    let variant = Variant {
        id: m.id().to_string(),
        locale: m.locale().to_string(),
        channel: channel_name.to_string(),
        draft,
        files,
    };
    Ok(TextVariant { variant, contexts, scenes: scenes.into_inner() })
}

/// The Tera context of a render context plus extra values.
pub fn tera_context(ctx: &RenderContext) -> tera::Context {
    tera::Context::from_serialize(ctx).unwrap_or_default()
}

/// Input fingerprints: SHA-256 over everything a variant's bytes depend on
/// — the tool version, the message file, the product's locale, the claims
/// the message uses with their references, the glossary of the locale, the
/// channel's settings and templates (with what they include), and the draft
/// flag. Same inputs, same bytes, so a variant whose input fingerprint is
/// unchanged need not be rendered again.
///
/// The message part and the channel part are hashed once each and then
/// combined, so fingerprinting every variant of a large workspace stays cheap.
pub struct Inputs<'a> {
    content: &'a Content,
    channels: BTreeMap<&'a str, String>,
    /// What many messages share, hashed once: each (product, locale) part
    /// (names, theme, logo, ISI and the rest of the locale), each claim
    /// with its references, each locale's glossary.
    products: BTreeMap<(&'a str, &'a str), String>,
    claims: BTreeMap<&'a str, String>,
    glossaries: BTreeMap<&'a str, String>,
}

impl<'a> Inputs<'a> {
    /// Hashes the channel parts (settings and templates) once.
    pub fn new(content: &'a Content, templates: &'a Templates) -> Inputs<'a> {
        let channels = content
            .channels
            .iter()
            .map(|(name, channel)| {
                let mut buf = Vec::new();
                field(&mut buf, "channel", name.as_bytes());
                field(&mut buf, "settings", serde_json::to_string(channel).unwrap_or_default().as_bytes());
                let roles: Vec<&str> =
                    channel.kind.default_templates().iter().filter_map(|(r, _)| channel.template(r)).collect();
                for t in templates.closure(&roles) {
                    field(&mut buf, t, templates.source(t).unwrap_or_default().as_bytes());
                }
                (name.as_str(), crate::fingerprint::of_bytes(&buf))
            })
            .collect();
        let pairs: BTreeSet<(&str, &str)> =
            content.messages.iter().map(|m| (m.front.product.as_str(), m.locale())).collect();
        let products = pairs
            .into_iter()
            .filter_map(|(id, locale)| {
                let p = content.products.get(id)?;
                let mut buf = Vec::new();
                field(&mut buf, "product", format!("{}\0{}\0{}\0{}", p.id, p.brand, p.generic, p.launched).as_bytes());
                if let Some(t) = &p.theme {
                    field(&mut buf, "theme", serde_json::to_string(t).unwrap_or_default().as_bytes());
                    if let Some(logo) = t.logo.as_ref().and_then(|l| content.assets.get(std::path::Path::new(l))) {
                        field(&mut buf, "logo", logo);
                    }
                }
                field(&mut buf, "locale", serde_json::to_string(&p.locales.get(locale)).unwrap_or_default().as_bytes());
                Some(((id, locale), crate::fingerprint::of_bytes(&buf)))
            })
            .collect();
        let claims = content
            .claims
            .claims
            .iter()
            .map(|(id, c)| {
                let mut buf = Vec::new();
                field(&mut buf, id, serde_json::to_string(c).unwrap_or_default().as_bytes());
                for r in &c.references {
                    field(&mut buf, r, content.claims.references.get(r).map(String::as_bytes).unwrap_or_default());
                }
                (id.as_str(), crate::fingerprint::of_bytes(&buf))
            })
            .collect();
        let locales: BTreeSet<&str> = content.messages.iter().map(|m| m.locale()).collect();
        let glossaries = locales
            .into_iter()
            .map(|l| {
                (
                    l,
                    crate::fingerprint::of_bytes(
                        serde_json::to_string(&content.glossary.get(l)).unwrap_or_default().as_bytes(),
                    ),
                )
            })
            .collect();
        Inputs { content, channels, products, claims, glossaries }
    }

    /// The message part: its file, product locale, claims and glossary (the
    /// shared parts by their digests, hashed once in [`Inputs::new`]).
    pub fn message(&self, m: &MasterMessage) -> String {
        let content = self.content;
        let mut buf: Vec<u8> = Vec::with_capacity(1024);
        field(&mut buf, "tool", concat!(env!("CARGO_PKG_VERSION"), "+", env!("UNISONO_SOURCE_HASH")).as_bytes());
        field(&mut buf, "message", m.fingerprint.as_bytes());
        if let Some(part) = self.products.get(&(m.front.product.as_str(), m.locale())) {
            field(&mut buf, "product", part.as_bytes());
        }
        let mut ids: Vec<&str> = m.claim_uses.iter().map(|u| u.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            if let Some(part) = self.claims.get(id) {
                field(&mut buf, id, part.as_bytes());
            }
        }
        let covered: Vec<&str> =
            content.channels.keys().filter(|c| content.covers_undiscussed(m.id(), c)).map(String::as_str).collect();
        if !covered.is_empty() {
            field(&mut buf, "covers", covered.join("\0").as_bytes());
        }
        field(&mut buf, "glossary", self.glossaries.get(m.locale()).map(String::as_bytes).unwrap_or_default());
        crate::fingerprint::of_bytes(&buf)
    }

    /// The input fingerprint of (message part, channel, draft flag).
    pub fn variant(&self, message_part: &str, channel_name: &str, draft: bool) -> String {
        let channel = self.channels.get(channel_name).map(String::as_str).unwrap_or("");
        crate::fingerprint::of_bytes(format!("{message_part}\0{channel}\0{}", u8::from(draft)).as_bytes())
    }
}

fn field(buf: &mut Vec<u8>, label: &str, bytes: &[u8]) {
    buf.extend_from_slice(label.as_bytes());
    buf.push(0);
    buf.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
    buf.extend_from_slice(bytes);
}

/// Final-form fingerprints of `pieces` by (id, locale, channel): from
/// `cache` when a piece's inputs did not change, by rendering otherwise
/// (those variants are returned too, for reuse). Errors are the render
/// errors.
#[allow(clippy::type_complexity)]
pub fn fingerprints(
    content: &Content,
    templates: &templates::Templates,
    pieces: &[(&MasterMessage, &str)],
    cache: &mut crate::cache::FingerprintCache,
) -> Result<(BTreeMap<(String, String, String), String>, BTreeMap<(String, String, String), Variant>), Vec<Diagnostic>>
{
    use rayon::prelude::*;
    let inputs = Inputs::new(content, templates);
    let key = |m: &MasterMessage, name: &str| (m.id().to_string(), m.locale().to_string(), name.to_string());
    let wanted: Vec<(&MasterMessage, &str, String, Option<String>)> = pieces
        .par_iter()
        .map(|(m, name)| {
            let input = inputs.variant(&inputs.message(m), name, false);
            let cached = cache.get(&input).map(str::to_string);
            (*m, *name, input, cached)
        })
        .collect();
    let fresh: Vec<Result<(String, Variant), Diagnostic>> = wanted
        .par_iter()
        .filter(|(_, _, _, cached)| cached.is_none())
        .map(|(m, name, input, _)| {
            Ok((input.clone(), render_variant(content, templates, m, name, &content.channels[*name], false)?))
        })
        .collect();
    let mut rendered = BTreeMap::new();
    let mut errors = Vec::new();
    for r in fresh {
        match r {
            Ok((input, v)) => {
                cache.insert(input, v.fingerprint());
                rendered.insert((v.id.clone(), v.locale.clone(), v.channel.clone()), v);
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let found = wanted
        .into_iter()
        .filter_map(|(m, name, input, cached)| {
            cached.or_else(|| cache.get(&input).map(str::to_string)).map(|f| (key(m, name), f))
        })
        .collect();
    Ok((found, rendered))
}

/// A zip of `entries` (name, bytes) in order, deflated at `level`, with
/// fixed timestamps and permissions so the bytes are reproducible: the
/// packages channels hand to other systems (CLM key messages, the Veeva
/// email upload). `what` names it in the (never expected) error.
pub(crate) fn package(what: &str, entries: &[(&str, &[u8])], level: i64) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Write;
    let write = || -> zip::result::ZipResult<Vec<u8>> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(level))
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        for (name, bytes) in entries {
            zip.start_file(*name, opts)?;
            zip.write_all(bytes)?;
        }
        Ok(zip.finish()?.into_inner())
    };
    write().map_err(|e| {
        Diagnostic::error(crate::codes::RENDER_ERROR, "templates", format!("could not write {what}: {e}"))
            .hint("this is a bug in unisono; please report it")
    })
}
