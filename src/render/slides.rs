//! The `slides` kind: an e-detail deck on a fixed canvas (title, one slide
//! per key message, safety, references) and one Veeva CLM key-message zip
//! per slide (`index.html` + `thumb.png`).

use super::context::Rich;
use super::{ChannelRenderer, Files, RenderContext, RenderEnv, tera_context, thumb};
use crate::diag::Diagnostic;
use crate::model::ChannelKind;
use serde::Serialize;

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
    /// On a safety slide, the part of the ISI it shows (a long ISI runs over
    /// several safety slides, whole paragraphs each).
    pub isi: Option<String>,
    /// On a safety slide: the last one, which also shows the PI link and
    /// the AE statement.
    pub last_safety: bool,
}

/// The most text (characters of ISI and AE statement) one safety slide
/// holds at the smallest size; a longer ISI continues on the next.
const SAFETY_CHARS: usize = 2400;

/// The characters of `html` outside its tags.
fn text_len(html: &str) -> usize {
    let mut in_tag = false;
    html.chars()
        .filter(|&c| {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => {
                    in_tag = false;
                    return false;
                }
                _ => {}
            }
            !in_tag
        })
        .count()
}

/// The paragraphs of rendered HTML (`<p>…</p>`, lists and other blocks
/// kept whole), in order.
pub fn paragraphs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html.trim();
    while !rest.is_empty() {
        let end = ["</p>", "</ul>", "</ol>", "</blockquote>", "</table>"]
            .iter()
            .filter_map(|close| rest.find(close).map(|i| i + close.len()))
            .min()
            .unwrap_or(rest.len());
        out.push(rest[..end].trim().to_string());
        rest = rest[end..].trim_start();
    }
    out
}

/// The ISI split into the parts safety slides show: whole paragraphs, at
/// most [`SAFETY_CHARS`] of text a part (the last leaves room for the AE
/// statement); one part when it all fits.
fn isi_parts(isi_html: &str, ae_chars: usize) -> Vec<String> {
    if text_len(isi_html) + ae_chars <= SAFETY_CHARS {
        return vec![isi_html.to_string()];
    }
    let mut parts: Vec<(String, usize)> = Vec::new();
    for p in paragraphs(isi_html) {
        let n = text_len(&p);
        match parts.last_mut() {
            Some((html, len)) if *len + n <= SAFETY_CHARS => {
                html.push('\n');
                html.push_str(&p);
                *len += n;
            }
            _ => parts.push((p, n)),
        }
    }
    if parts.last().is_some_and(|(_, len)| len + ae_chars > SAFETY_CHARS) {
        // The AE statement and PI link get a slide of their own.
        parts.push((String::new(), 0));
    }
    parts.into_iter().map(|(h, _)| h).collect()
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
        let mut pages = Vec::with_capacity(slides.len());
        for slide in &slides {
            tctx.insert("slide", slide);
            let html = env.template("slide", &tctx)?;
            if !env.text_only {
                pages.push((html, thumb_text(ctx, slide)));
            }
        }
        // The slide's footer, job code first: the rest would not fit at thumbnail size.
        let footer = format!("{} · {}", ctx.message.job_code, ctx.message.prepared_text);
        let thumbs: Vec<thumb::Thumb> = pages
            .iter()
            .map(|(_, (title, body))| thumb::Thumb {
                title,
                body,
                footer: &footer,
                // The slide stylesheet's accent (`templates/slides.css.tera`).
                accent: rgb(&ctx.theme.primary),
                draft_label: ctx.draft.then_some(ctx.strings.draft),
            })
            .collect();
        // The deck's thumbnails drawn together: each the same bytes as drawn alone, in less time.
        let pngs = thumb::render_all(&thumbs);
        for ((slide, (html, _)), png) in slides.iter().zip(&pages).zip(&pngs) {
            // A Veeva CLM key-message zip: `index.html` and `thumb.png` at the root.
            let zip = super::package("the CLM zip", &[("index.html", html.as_bytes()), ("thumb.png", png)], 1)?;
            files.insert(format!("clm/{}.zip", slide.name), zip);
        }
        Ok(files)
    }
}

/// The slides of a deck, in order.
pub fn deck(ctx: &RenderContext) -> Vec<Slide> {
    let base = ascii_name(&format!("{}-{}", ctx.message.id, ctx.message.locale));
    let mut slides = Vec::new();
    let make =
        |number: usize, kind: &'static str, label: String, key_message: Option<super::context::KeyMessageCtx>| {
            let (heading, chars, limits) = match (kind, &key_message) {
                ("title", _) => (ctx.headline.html.clone(), ctx.summary.bare.chars().count(), [160, 280, 420]),
                (_, Some(k)) => {
                    let heading =
                        if k.title.html.is_empty() { ctx.headline.html.clone() } else { k.title.html.clone() };
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
            Slide {
                number,
                kind,
                name: format!("{base}-{number:02}-{kind}"),
                label: without_full_stop(&label),
                key_message,
                heading: without_full_stop(&heading),
                size,
                isi: None,
                last_safety: false,
            }
        };
    let push = |slides: &mut Vec<Slide>, kind, label, key_message| {
        let slide = make(slides.len() + 1, kind, label, key_message);
        slides.push(slide);
    };
    push(&mut slides, "title", ctx.headline.bare.clone(), None);
    for k in &ctx.key_messages {
        let label = if k.title.bare.is_empty() { k.text.bare.clone() } else { k.title.bare.clone() };
        push(&mut slides, "key-message", label, Some(k.clone()));
    }
    let ae_chars = ctx.product.ae_statement.chars().count() + 40;
    let parts = isi_parts(&ctx.product.isi.html, ae_chars);
    let count = parts.len();
    for (i, part) in parts.into_iter().enumerate() {
        push(&mut slides, "safety", ctx.strings.isi.to_string(), None);
        if let Some(slide) = slides.last_mut() {
            let chars = text_len(&part) + if i + 1 == count { ae_chars } else { 0 };
            slide.size = match chars {
                n if n <= 600 => "l",
                n if n <= 900 => "m",
                n if n <= 1300 => "s",
                _ => "xs",
            };
            slide.isi = Some(part);
            slide.last_safety = i + 1 == count;
        }
    }
    if !ctx.references.is_empty() {
        push(&mut slides, "references", ctx.strings.references.to_string(), None);
    }
    slides
}

/// A heading without its closing full stop (`Onset of effect.` → `Onset of
/// effect`), also when the stop sits before closing tags; an ellipsis and
/// the point of a one-letter abbreviation stay.
pub fn without_full_stop(heading: &str) -> String {
    /// Words whose point is part of them.
    const ABBREVIATIONS: &[&str] = &[
        "inc", "ltd", "co", "corp", "etc", "vs", "no", "nos", "approx", "dr", "mr", "mrs", "ms", "prof", "st", "al",
        "resp", "incl", "ca", "bzw", "usw", "ggf", "vgl", "bspw", "sr", "sra", "dra", "ej", "pág", "т", "п", "г", "др",
        "пр", "им", "ул",
    ];
    let trimmed = heading.trim_end();
    let mut end = trimmed.len();
    // Past closing tags: `<strong>Title.</strong>`.
    while trimmed[..end].ends_with('>') {
        match trimmed[..end].rfind("</") {
            Some(k) if !trimmed[k..end].contains(' ') => end = k,
            _ => break,
        }
    }
    // A claim's locked wording keeps its every character.
    if trimmed[end..].contains("</span>") {
        return trimmed.to_string();
    }
    let before = &trimmed[..end];
    let word =
        before.strip_suffix('.').and_then(|b| b.rsplit(|c: char| c.is_whitespace() || c == '>').next()).unwrap_or("");
    let abbreviation =
        word.contains('.') || ABBREVIATIONS.contains(&word.to_lowercase().as_str()) || word.chars().count() <= 1;
    if before.ends_with('.') && !before.ends_with("..") && !abbreviation {
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
        assert_eq!(without_full_stop("From Sample Pharma Inc."), "From Sample Pharma Inc.");
        assert_eq!(without_full_stop("Diet, exercise etc."), "Diet, exercise etc.");
        assert_eq!(without_full_stop("Works as shown, e.g."), "Works as shown, e.g.");
        let claim = "<span class=\"claim\" data-claim=\"X\">Take it with or without food.</span>";
        assert_eq!(without_full_stop(claim), claim);
        assert_eq!(rgb("#0B5563"), [0x0b, 0x55, 0x63]);
        assert_eq!(rgb("#abc"), [0xaa, 0xbb, 0xcc]);
    }
}
