//! The `email` kind: responsive HTML from MJML (mrml), the plain-text part,
//! the whole message as `.eml` (lettre), and the Veeva Approved Email
//! version with Veeva's tokens.

use super::{ChannelRenderer, Files, RenderContext, RenderEnv, tera_context};
use crate::diag::Diagnostic;
use crate::model::ChannelKind;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use std::time::{Duration, UNIX_EPOCH};

/// Where the rendered `.eml` is addressed; `unisono send` replaces it.
pub const PLACEHOLDER_RECIPIENT: &str = "Healthcare Professional <hcp@recipient.invalid>";

/// Renders `index.html`, `body.txt`, `message.eml`, `veeva-approved-email.html`.
pub struct Email;

impl ChannelRenderer for Email {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Email
    }

    fn render(&self, ctx: &RenderContext, env: &RenderEnv<'_>) -> Result<Files, Diagnostic> {
        let mut tctx = tera_context(ctx);
        tctx.insert("veeva", &false);
        let html_mjml = env.template("html", &tctx)?;
        let (html, html_css) = mjml_compile(&html_mjml, env)?;
        let html = finish_html(&html, &html_css, env)?;
        tctx.insert("veeva", &true);
        let veeva_mjml = env.template("html", &tctx)?;
        // The same MJML gives the same HTML (the conversion is
        // deterministic): a template without a Veeva branch is converted once.
        let veeva = if veeva_mjml == html_mjml {
            html.clone()
        } else {
            let (parsed, veeva_css) = mjml_parse(&veeva_mjml, env)?;
            if env.text_only {
                // `check` reads the HTML form only: of the Veeva form it
                // needs the errors. The conversion is run where it could
                // fail (see `may_fail_to_convert`); inlining its CSS cannot
                // fail (nothing is fetched, the output is a buffer in
                // memory), and is still run on CSS that differs from the
                // HTML form's.
                let inline = veeva_css != html_css;
                if inline || may_fail_to_convert(&veeva_mjml) {
                    let veeva = mjml_render(&parsed, env)?;
                    if inline {
                        finish_html(&veeva, &veeva_css, env)?;
                    }
                }
                String::new()
            } else {
                finish_html(&mjml_render(&parsed, env)?, &veeva_css, env)?
            }
        };
        tctx.insert("veeva", &false);
        let text = normalize_text(&env.template("text", &tctx)?);
        // `check` reads the HTML with CRLF turned back into LF, which gives
        // the same text with or without this step (every LF it adds follows
        // a CR it adds, and a CR of the HTML is never left before an LF).
        let (html, veeva, text) =
            if env.text_only { (html, veeva, text) } else { (crlf(&html), crlf(&veeva), crlf(&text)) };
        // Only the pictures the HTML shows (a workspace's own template may show none).
        let images: Vec<(String, Vec<u8>)> = if env.text_only {
            Vec::new()
        } else {
            images(ctx)?.into_iter().filter(|(name, _)| html.contains(&format!("src=\"{name}\""))).collect()
        };
        let eml = if env.text_only {
            // `check` reads no `.eml`: it needs its errors only, and those
            // come from the headers (sender, recipient), never the bodies.
            check_eml(ctx, PLACEHOLDER_RECIPIENT)?;
            Vec::new()
        } else {
            build_eml(ctx, &html, &text, &images, PLACEHOLDER_RECIPIENT)?
        };
        // The Veeva Approved Email upload: the HTML and its pictures side by side.
        let package = if env.text_only {
            Vec::new()
        } else {
            let mut entries: Vec<(&str, &[u8])> = vec![("veeva-approved-email.html", veeva.as_bytes())];
            entries.extend(images.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
            super::package("the Veeva package", &entries, 6)?
        };
        let mut files = Files::from([
            ("body.txt".to_string(), text.into_bytes()),
            ("index.html".to_string(), html.into_bytes()),
            ("message.eml".to_string(), eml),
            ("veeva-approved-email.html".to_string(), veeva.into_bytes()),
            ("veeva-approved-email.zip".to_string(), package),
        ]);
        files.extend(images);
        Ok(files)
    }
}

/// The width charts are drawn at for email: twice the 520 px they are shown
/// at, sharp on high-density screens.
const CHART_PIXELS: u32 = 1040;

/// PNG files drawn this run, by (SVG, width).
type Drawn = std::collections::HashMap<(Vec<u8>, u32), Vec<u8>>;

/// The pictures an email shows, as PNG files next to its HTML (email
/// clients do not display SVG): the logo and each key message's chart.
fn images(ctx: &RenderContext) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    // The same drawing at the same width gives the same bytes: each is drawn
    // once per run (a chart or a logo appears in many emails).
    static DRAWN: std::sync::OnceLock<std::sync::Mutex<Drawn>> = std::sync::OnceLock::new();
    let draw = |svg: &[u8], width: u32, what: &str| {
        let memo = DRAWN.get_or_init(Default::default);
        if let Some(png) = memo.lock().ok().and_then(|m| m.get(&(svg.to_vec(), width)).cloned()) {
            return Ok(png);
        }
        let png = unisono_thumb::png_of_svg(svg, width).map_err(|e| {
            Diagnostic::error(crate::codes::RENDER_ERROR, "content/products", format!("could not draw {what}: {e}"))
                .hint("check the product theme's logo (an SVG file)")
        })?;
        if let Ok(mut m) = memo.lock() {
            m.insert((svg.to_vec(), width), png.clone());
        }
        Ok(png)
    };
    let mut out = Vec::new();
    if let (Some(svg), Some(name)) = (&ctx.theme.logo_svg, &ctx.theme.logo_png) {
        out.push((name.clone(), draw(svg, ctx.theme.logo_width * 2, "the logo")?));
    }
    for chart in ctx.key_messages.iter().filter_map(|k| k.chart.as_ref()) {
        if !out.iter().any(|(n, _)| *n == chart.file) {
            out.push((chart.file.clone(), draw(chart.svg.as_bytes(), CHART_PIXELS, "a chart")?));
        }
    }
    Ok(out)
}

/// How deep rendered MJML may nest elements.
const MAX_MJML_DEPTH: usize = 256;

/// HTML elements that never have a closing tag.
const VOID_ELEMENTS: [&str; 14] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// The deepest element nesting of markup `text` (a tag scan: `</x>` closes,
/// `<x/>`, comments and declarations do not open).
fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('<') {
        match bytes.get(i + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(b'!' | b'?') => {}
            Some(c) if c.is_ascii_alphabetic() => {
                let end = text[i..].find('>').map_or(text.len(), |j| i + j);
                let tag: String = text[i + 1..end].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                let void = VOID_ELEMENTS.contains(&tag.to_ascii_lowercase().as_str());
                if !void && !text[..end].ends_with('/') {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
    }
    deepest
}

/// MJML converted by mrml, and the CSS of its `<mj-style inline="inline">`
/// (not yet inlined); errors name the template.
fn mjml_compile(mjml: &str, env: &RenderEnv<'_>) -> Result<(String, String), Diagnostic> {
    let (parsed, inline_css) = mjml_parse(mjml, env)?;
    Ok((mjml_render(&parsed, env)?, inline_css))
}

/// MJML parsed by mrml, and the CSS of its `<mj-style inline="inline">`;
/// errors name the template.
fn mjml_parse(mjml: &str, env: &RenderEnv<'_>) -> Result<(mrml::mjml::Mjml, String), Diagnostic> {
    let name = env.channel.template("html").unwrap_or("");
    // The MJML parser recurses once per element: refuse what would overflow
    // its stack (only a template can nest this deep; content is escaped).
    let deepest = nesting_depth(mjml);
    if deepest > MAX_MJML_DEPTH {
        return Err(Diagnostic::error(
            crate::codes::TEMPLATE_ERROR,
            super::templates::template_path(name),
            format!("the MJML nests {deepest} elements deep (at most {MAX_MJML_DEPTH})"),
        )
        .hint("flatten the template's structure"));
    }
    let parsed = mrml::parse(mjml).map_err(|e| {
        Diagnostic::error(
            crate::codes::TEMPLATE_ERROR,
            super::templates::template_path(name),
            format!("the MJML is not valid: {e}"),
        )
        .hint("check the template's MJML structure (every mj- element closed, content escaped)")
    })?;
    let inline_css: String = parsed
        .element
        .head()
        .map(|head| {
            head.children()
                .iter()
                .filter_map(|child| child.as_mj_style())
                .filter(|style| style.inline_mode() == mrml::mj_style::StyleInlineMode::Inline)
                .map(|style| format!("{}\n", style.children()))
                .collect()
        })
        .unwrap_or_default();
    Ok((parsed.element, inline_css))
}

/// Parsed MJML converted to HTML by mrml; errors name the template.
fn mjml_render(parsed: &mrml::mjml::Mjml, env: &RenderEnv<'_>) -> Result<String, Diagnostic> {
    let name = env.channel.template("html").unwrap_or("");
    parsed.render(&mrml::prelude::render::RenderOptions::default()).map_err(|e| {
        Diagnostic::error(
            crate::codes::TEMPLATE_ERROR,
            super::templates::template_path(name),
            format!("MJML rendering failed: {e}"),
        )
        .hint("check the template's MJML structure")
    })
}

/// Whether mrml could fail to convert `mjml` once parsed. Its conversion
/// writes into a `String` (which never fails) and fails only on a fragment
/// its carousel asks of a child that has none (a comment among the
/// carousel's images): without an `mj-carousel` (in any case; an include
/// is refused by the parser) it cannot fail.
fn may_fail_to_convert(mjml: &str) -> bool {
    mjml.as_bytes().windows(b"mj-carousel".len()).any(|w| w.eq_ignore_ascii_case(b"mj-carousel"))
}

/// The HTML of [`mjml_compile`] with `inline_css` inlined and a newline
/// before each comment: the email's HTML.
fn finish_html(html: &str, inline_css: &str, env: &RenderEnv<'_>) -> Result<String, Diagnostic> {
    let name = env.channel.template("html").unwrap_or("");
    let html = inline_styles(html, inline_css).map_err(|e| {
        Diagnostic::error(
            crate::codes::TEMPLATE_ERROR,
            super::templates::template_path(name),
            format!("the CSS of `<mj-style inline=\"inline\">` could not be inlined: {e}"),
        )
        .hint("check the CSS in the template's `<mj-style inline=\"inline\">`")
    })?;
    Ok(space_before_comments(&html))
}

/// Puts the rules of `<mj-style inline="inline">` into the `style`
/// attributes of the elements they match, as the MJML compiler does (mrml
/// leaves them in a `<style>` block, which some clients strip). The `<style>`
/// blocks stay for the clients that honour them (the mobile layout's media
/// queries); nothing is fetched.
fn inline_styles(html: &str, css: &str) -> Result<String, css_inline::InlineError> {
    if css.trim().is_empty() {
        return Ok(html.to_string());
    }
    css_inline::CSSInliner::options()
        .inline_style_tags(false)
        .keep_style_tags(true)
        .keep_link_tags(true)
        .load_remote_stylesheets(false)
        .extra_css(Some(std::borrow::Cow::Borrowed(css)))
        .build()
        .inline(html)
}

/// A newline before every `<!--` that does not already follow whitespace:
/// Veeva Approved Email refuses a comment glued to the markup before it
/// (mrml writes `<![endif]--><!--[if mso | IE]>` back to back). Whitespace
/// there is insignificant: mrml's conditional comments sit between table
/// cells and blocks, or in cells with `font-size: 0`.
fn space_before_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 64);
    let mut rest = html;
    while let Some(at) = rest.find("<!--") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        if !out.is_empty() && !out.ends_with(|c: char| c.is_ascii_whitespace()) {
            out.push('\n');
        }
        out.push_str("<!--");
        rest = &after[4..];
    }
    out.push_str(rest);
    out
}

/// Email files use CRLF, the canonical line ending of MIME text (RFC 2045),
/// so the approved files are byte for byte the parts of the message sent.
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// Trims trailing spaces and collapses runs of blank lines in the text part.
fn normalize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    let trimmed = out.trim_matches('\n');
    format!("{trimmed}\n")
}

/// Builds the `.eml`: multipart/alternative (plain first, then HTML), with
/// List-Unsubscribe headers. Deterministic: the date is the date of
/// preparation, the Message-ID and MIME boundary derive from the content.
pub fn build_eml(
    ctx: &RenderContext,
    html: &str,
    text: &str,
    images: &[(String, Vec<u8>)],
    to: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let seed = crate::fingerprint::of_bytes(format!("{html}\0{text}").as_bytes());
    let tag = &seed[7..31];
    let id = message_id(ctx, tag)?;
    let date = crate::date::Date::parse(&ctx.message.prepared).map(|d| d.days()).unwrap_or(0).max(0) as u64;
    let date = UNIX_EPOCH + Duration::from_secs(date * 86_400 + 9 * 3600);
    Ok(message(ctx, html, text, images, to, &id, date, tag)?.formatted())
}

/// The errors [`build_eml`] would report, without writing the message:
/// they come from the Message-ID, the sender and the recipient (lettre
/// refuses a message for its headers, never its bodies), so the message is
/// assembled with empty parts, and not formatted.
fn check_eml(ctx: &RenderContext, to: &str) -> Result<(), Diagnostic> {
    let id = message_id(ctx, "")?;
    message(ctx, "", "", &[], to, &id, UNIX_EPOCH, "").map(drop)
}

/// A Message-ID `<id.locale.channel.tag@sender-domain>`: in the sender's
/// domain, as RFC 5322 asks, so no invented address appears anywhere.
pub fn message_id(ctx: &RenderContext, tag: &str) -> Result<String, Diagnostic> {
    let domain = ctx.product.sender.as_deref().and_then(crate::model::library::mailbox_domain).ok_or_else(|| {
        Diagnostic::error(
            crate::codes::MISSING_SENDER,
            "content/products",
            format!("product `{}` has no `sender` with an address for {}", ctx.message.product, ctx.message.locale),
        )
        .hint("add `sender: Name <address@your-domain>` under the locale")
    })?;
    // A header is ASCII: an internationalised domain in its `xn--` form.
    let domain = idna::domain_to_ascii(domain).map_err(|_| {
        Diagnostic::error(
            crate::codes::EMAIL_ERROR,
            "content/products",
            format!("the domain of `sender` `{domain}` for {} is not a valid domain name", ctx.message.locale),
        )
        .hint("write `sender: Name <address@your-domain>` with a domain such as `example.com`")
    })?;
    Ok(format!("<{}.{}.{}.{tag}@{domain}>", ctx.message.id, ctx.message.locale, ctx.channel.name))
}

/// The email as a lettre message: its parts `text`, and `html` with each
/// of `images` as a related part (`src="chart.png"` in the HTML becomes
/// `src="cid:chart.png@unisono"`, the part's Content-ID).
#[allow(clippy::too_many_arguments)]
pub fn message(
    ctx: &RenderContext,
    html: &str,
    text: &str,
    images: &[(String, Vec<u8>)],
    to: &str,
    message_id: &str,
    date: std::time::SystemTime,
    boundary: &str,
) -> Result<lettre::Message, Diagnostic> {
    let err = |msg: String| {
        Diagnostic::error(crate::codes::EMAIL_ERROR, "content/products", msg)
            .hint("check the product's `sender` and `unsubscribe_url` for this locale, and the recipient")
    };
    let sender = ctx.product.sender.as_deref().ok_or_else(|| {
        Diagnostic::error(
            crate::codes::MISSING_SENDER,
            "content/products",
            format!("product `{}` has no `sender` for {}", ctx.message.product, ctx.message.locale),
        )
        .hint("add `sender: Name <address@your-domain>` under the locale")
    })?;
    let from: Mailbox = sender.parse().map_err(|e| err(format!("sender `{sender}` is not a mailbox: {e}")))?;
    let to: Mailbox = to.parse().map_err(|e| err(format!("recipient `{to}` is not a mailbox: {e}")))?;
    lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(ctx.email.subject.clone())
        .date(date)
        .message_id(Some(message_id.to_string()))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{}>", ctx.product.unsubscribe_url),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".to_string(),
        ))
        .multipart({
            let plain = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(text.to_string());
            let alternative = MultiPart::alternative().boundary(format!("unisono-{boundary}")).singlepart(plain);
            if images.is_empty() {
                alternative.singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(html.to_string()))
            } else {
                let mut cid_html = html.to_string();
                for (name, _) in images {
                    cid_html = cid_html.replace(&format!("src=\"{name}\""), &format!("src=\"cid:{name}@unisono\""));
                }
                let png = ContentType::parse("image/png").map_err(|e| err(format!("image/png: {e}")))?;
                let mut related = MultiPart::related()
                    .boundary(format!("unisono-related-{boundary}"))
                    .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(cid_html));
                for (name, bytes) in images {
                    related = related.singlepart(
                        lettre::message::Attachment::new_inline(format!("{name}@unisono"))
                            .body(bytes.clone(), png.clone()),
                    );
                }
                alternative.multipart(related)
            }
        })
        .map_err(|e| err(format!("the email could not be assembled: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_comment_follows_whitespace() {
        assert_eq!(
            space_before_comments("<td><!--[if mso]><x><![endif]--> <!--a--><!--[if !mso]><!-->"),
            "<td>\n<!--[if mso]><x><![endif]--> <!--a-->\n<!--[if !mso]>\n<!-->"
        );
        assert_eq!(space_before_comments("<!--x-->"), "<!--x-->");
    }

    proptest::proptest! {
        /// `check` skips [`crlf`]: what it reads (CRLF turned back into LF)
        /// is the same either way.
        #[test]
        fn crlf_undone_is_lf_normalised(parts in proptest::collection::vec(
            proptest::sample::select(vec!["\r", "\n", "\r\n", "a", "<p>", " "]), 0..30)) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(crlf(&text).replace("\r\n", "\n"), text.replace("\r\n", "\n"));
        }
    }
}
