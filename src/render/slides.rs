//! The `slides` kind: an e-detail deck on a fixed canvas (title, one slide
//! per key message, safety, references) and one Veeva CLM key-message zip
//! per slide (`index.html` + `thumb.png`).

use super::context::Rich;
use super::{ChannelRenderer, Files, RenderContext, RenderEnv, tera_context, thumb};
use crate::diag::Diagnostic;
use crate::model::ChannelKind;
use serde::Serialize;
use std::io::Write;

/// Renders `index.html` and `clm/<key-message>.zip`.
pub struct Slides;

/// One slide, as templates see it (`slide`).
#[derive(Debug, Clone, Serialize)]
pub struct Slide {
    /// 1-based position in the deck.
    pub number: usize,
    /// `title`, `key-message`, `safety` or `references`.
    pub kind: &'static str,
    /// CLM key-message name: ASCII, also the zip's file name without `.zip`.
    pub name: String,
    /// Human label (for `aria-label` and thumbnails).
    pub label: String,
    /// The key message shown, on `key-message` slides.
    pub key_message: Option<super::context::KeyMessageCtx>,
}

impl ChannelRenderer for Slides {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Slides
    }

    fn render(&self, ctx: &RenderContext, env: &RenderEnv<'_>) -> Result<Files, Diagnostic> {
        let slides = deck(ctx);
        let mut tctx = tera_context(ctx);
        tctx.insert("slides", &slides);
        let mut files = Files::new();
        files.insert("index.html".into(), env.template("html", &tctx)?.into_bytes());
        for slide in &slides {
            tctx.insert("slide", slide);
            let html = env.template("slide", &tctx)?;
            let (title, body) = thumb_text(ctx, slide);
            let png = thumb::render(&thumb::Thumb {
                title: &title,
                body: &body,
                // The slide's footer, job code first: the rest would not fit at thumbnail size.
                footer: &format!("{} · {}", ctx.message.job_code, ctx.message.prepared_text),
                // The slide stylesheet's accent (`templates/slides.css.tera`).
                accent: [0x0b, 0x4f, 0x6c],
                draft_label: ctx.draft.then_some(ctx.strings.draft),
            });
            let zip = clm_zip(&html, &png).map_err(|e| {
                Diagnostic::error(crate::codes::RENDER_ERROR, "templates", format!("could not write the CLM zip: {e}"))
                    .hint("this is a bug in unisono; please report it")
            })?;
            files.insert(format!("clm/{}.zip", slide.name), zip);
        }
        Ok(files)
    }
}

/// The slides of a deck, in order.
pub fn deck(ctx: &RenderContext) -> Vec<Slide> {
    let base = ascii_name(&format!("{}-{}", ctx.message.id, ctx.message.locale));
    let mut slides = Vec::new();
    let mut push = |kind: &'static str, label: String, key_message| {
        let number = slides.len() + 1;
        slides.push(Slide { number, kind, name: format!("{base}-{number:02}-{kind}"), label, key_message });
    };
    push("title", ctx.headline.bare.clone(), None);
    for k in &ctx.key_messages {
        let label = if k.title.bare.is_empty() { k.text.bare.clone() } else { k.title.bare.clone() };
        push("key-message", label, Some(k.clone()));
    }
    push("safety", ctx.strings.isi.to_string(), None);
    if !ctx.references.is_empty() {
        push("references", ctx.strings.references.to_string(), None);
    }
    slides
}

/// The text a slide's thumbnail shows.
fn thumb_text(ctx: &RenderContext, slide: &Slide) -> (String, String) {
    let bare = |r: &Rich| r.bare.clone();
    match (slide.kind, &slide.key_message) {
        ("title", _) => (bare(&ctx.headline), bare(&ctx.summary)),
        (_, Some(k)) => (slide.label.clone(), bare(&k.text)),
        ("safety", _) => (slide.label.clone(), bare(&ctx.product.isi)),
        _ => (
            slide.label.clone(),
            ctx.references.iter().map(|r| format!("{}. {}", r.number, r.citation)).collect::<Vec<_>>().join("\n"),
        ),
    }
}

/// CLM names are ASCII letters, digits, `-` and `_` (Veeva rejects others).
pub fn ascii_name(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

/// A Veeva CLM key-message zip: `index.html` and `thumb.png` at the root.
/// Fixed timestamps and permissions, so the bytes are reproducible.
fn clm_zip(html: &str, png: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    zip.start_file("index.html", opts)?;
    zip.write_all(html.as_bytes())?;
    zip.start_file("thumb.png", opts)?;
    zip.write_all(png)?;
    Ok(zip.finish()?.into_inner())
}
