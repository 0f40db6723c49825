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
    /// The slide's heading as HTML, without a closing full stop (a heading
    /// is not a sentence): the key message's title, or the headline.
    pub heading: String,
    /// How much text the slide holds, so the layout sizes it to fit:
    /// `l`, `m`, `s` or `xs`.
    pub size: &'static str,
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
                accent: rgb(&ctx.theme.primary),
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
    let mut push = |kind: &'static str, label: String, key_message: Option<super::context::KeyMessageCtx>| {
        let number = slides.len() + 1;
        let (heading, chars, limits) = match (kind, &key_message) {
            ("title", _) => (ctx.headline.html.clone(), ctx.summary.bare.chars().count(), [160, 280, 420]),
            (_, Some(k)) => {
                let heading = if k.title.html.is_empty() { ctx.headline.html.clone() } else { k.title.html.clone() };
                let limits = if k.chart.is_some() { [90, 160, 260] } else { [140, 240, 360] };
                (heading, k.text.bare.chars().count(), limits)
            }
            ("safety", _) => {
                let chars = ctx.product.isi.bare.chars().count() + ctx.product.ae_statement.chars().count();
                (ctx.strings.isi.to_string(), chars, [600, 900, 1300])
            }
            _ => {
                let chars = ctx.references.iter().map(|r| r.citation.chars().count() + 4).sum();
                (ctx.strings.references.to_string(), chars, [500, 900, 1400])
            }
        };
        let size = match chars {
            n if n <= limits[0] => "l",
            n if n <= limits[1] => "m",
            n if n <= limits[2] => "s",
            _ => "xs",
        };
        slides.push(Slide {
            number,
            kind,
            name: format!("{base}-{number:02}-{kind}"),
            label: without_full_stop(&label),
            key_message,
            heading: without_full_stop(&heading),
            size,
        });
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

/// A heading without its closing full stop (`Onset of effect.` → `Onset of
/// effect`), also when the stop sits before closing tags; an ellipsis and
/// the point of a one-letter abbreviation stay.
pub fn without_full_stop(heading: &str) -> String {
    let trimmed = heading.trim_end();
    let mut end = trimmed.len();
    // Past closing tags: `<strong>Title.</strong>`.
    while trimmed[..end].ends_with('>') {
        match trimmed[..end].rfind("</") {
            Some(k) if !trimmed[k..end].contains(' ') => end = k,
            _ => break,
        }
    }
    let before = &trimmed[..end];
    let word = before.strip_suffix('.').and_then(|b| b.rsplit(char::is_whitespace).next()).unwrap_or("");
    if before.ends_with('.') && !before.ends_with("..") && word.chars().count() > 1 {
        format!("{}{}", &before[..before.len() - 1], &trimmed[end..])
    } else {
        trimmed.to_string()
    }
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

/// `#rrggbb` or `#rgb` as RGB (the theme's colours are checked; black otherwise).
fn rgb(hex: &str) -> [u8; 3] {
    let h = hex.trim_start_matches('#');
    let full: String = if h.len() == 3 { h.chars().flat_map(|c| [c, c]).collect() } else { h.to_string() };
    let byte = |i: usize| full.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()).unwrap_or(0);
    [byte(0), byte(2), byte(4)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lose_their_closing_full_stop_only() {
        assert_eq!(without_full_stop("Onset of effect."), "Onset of effect");
        assert_eq!(without_full_stop("<em>Onset</em> of effect.</strong>"), "<em>Onset</em> of effect</strong>");
        assert_eq!(without_full_stop("Wait for it..."), "Wait for it...");
        assert_eq!(without_full_stop("Vitamin D."), "Vitamin D.");
        assert_eq!(without_full_stop("Why?"), "Why?");
        assert_eq!(rgb("#0B5563"), [0x0b, 0x55, 0x63]);
        assert_eq!(rgb("#abc"), [0xaa, 0xbb, 0xcc]);
    }
}
