//! Consistency of the rendered variants with their sources: every claim
//! verbatim, ISI and AE statement exactly as in the product file, every
//! claim's references listed, no claim the master lacks, and every element
//! the channel requires.

use super::Lint;
use crate::diag::Diagnostic;
use crate::model::config::Requirement;
use crate::model::{ChannelKind, MasterMessage};
use crate::render::text::escape_html;
use crate::render::{RenderContext, Variant};
use std::path::PathBuf;

/// The file of a variant that holds its copy, by kind.
fn primary(kind: ChannelKind) -> &'static str {
    match kind {
        ChannelKind::Email | ChannelKind::Page | ChannelKind::Slides => "index.html",
        ChannelKind::Video => "script.html",
    }
}

/// Runs the consistency rules on one rendered (final-form) variant.
/// `contexts` are the render contexts of its forms as
/// [`crate::render::render_variant_text`] returns them (a form without one
/// gets its context built here).
pub fn variant(cx: &Lint<'_>, v: &Variant, contexts: &[RenderContext], out: &mut Vec<Diagnostic>) {
    let Some(m) = cx.content.message(&v.id, &v.locale) else {
        return;
    };
    let Some(channel) = cx.content.channels.get(&v.channel) else {
        return;
    };
    form(cx, v, m, "", contexts.first(), out);
    // A follow-up's subset forms are final forms too: each is checked with
    // the key messages it carries.
    if cx.content.covers_undiscussed(m.id(), &v.channel) {
        use crate::model::journey::{COVERS_DIR, covered_subsets, subset_name};
        for (i, keep) in covered_subsets(m.key_messages.len()).into_iter().enumerate() {
            let prefix = format!("{COVERS_DIR}/{}/", subset_name(&keep));
            if v.files.contains_key(&format!("{prefix}{}", primary(channel.kind))) {
                form(cx, v, &m.covering(&keep), &prefix, contexts.get(i + 1), out);
            }
        }
    }
}

/// Text as it must appear in a variant's HTML, in [`comparable`] form.
fn esc(text: &str) -> String {
    comparable(&escape_html(text))
}

/// HTML in a form that survives re-serialisation, for comparing rendered
/// text with what the context holds: the email's HTML goes through an HTML
/// parser and serialiser (css-inline), which adds `style` attributes to tags
/// and writes apostrophes, quotes and no-break spaces its own way.
///
/// Three steps, in this order: ` style="…"` inside a tag is dropped; `&#39;`,
/// `&quot;` and `&nbsp;` become the characters they stand for; whitespace
/// between two tags is dropped (a serialiser may drop it: it is layout, not
/// text). The last two run as one pass (no replacement makes or breaks an
/// entity, so replacing them as the pass meets them is the same).
fn comparable(html: &str) -> String {
    tighten(&strip_styles(html))
}

/// `html` without the ` style="…"` attributes inside its tags.
fn strip_styles(html: &str) -> String {
    const ATTR: &str = " style=\"";
    let mut out = String::with_capacity(html.len());
    // Whether the last of `<` and `>` in `out` is `<`: `out` ends inside a tag.
    let mut in_tag = false;
    let mut rest = html;
    while let Some(at) = memchr::memmem::find(rest.as_bytes(), ATTR.as_bytes()) {
        let before = &rest[..at];
        if let Some(i) = memchr::memrchr2(b'<', b'>', before.as_bytes()) {
            in_tag = before.as_bytes()[i] == b'<';
        }
        out.push_str(before);
        let after = &rest[at + ATTR.len()..];
        match memchr::memchr(b'"', after.as_bytes()) {
            Some(end) if in_tag => rest = &after[end + 1..],
            _ => {
                out.push_str(ATTR);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The entities css-inline's serialiser writes as characters, and what they stand for.
const ENTITIES: [(&str, char); 3] = [("&#39;", '\''), ("&quot;", '"'), ("&nbsp;", '\u{a0}')];

/// [`comparable`]'s last two steps: entities replaced, whitespace between
/// tags dropped.
fn tighten(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut pending = String::new();
    let mut after_tag = false;
    let mut i = 0;
    while i < bytes.len() {
        if !after_tag {
            // Nothing changes up to the next `&` or `>`: copied at once.
            let run = memchr::memchr2(b'&', b'>', &bytes[i..]).map_or(bytes.len(), |n| i + n);
            out.push_str(&html[i..run]);
            i = run;
            if i == bytes.len() {
                break;
            }
        }
        let (c, len) = match ENTITIES.iter().find(|(e, _)| html[i..].starts_with(e)) {
            Some((e, c)) => (*c, e.len()),
            None => {
                let c = html[i..].chars().next().unwrap_or_default();
                (c, c.len_utf8())
            }
        };
        i += len;
        if after_tag && c.is_whitespace() {
            pending.push(c);
            continue;
        }
        if c != '<' {
            out.push_str(&pending);
        }
        pending.clear();
        after_tag = c == '>';
        out.push(c);
    }
    out
}

/// Whether `needle` occurs in `haystack` (a SIMD substring search: the
/// rules search each variant's HTML many times).
fn has(haystack: &str, needle: &str) -> bool {
    memchr::memmem::find(haystack.as_bytes(), needle.as_bytes()).is_some()
}

/// Checks one form of a variant (`prefix`: its folder in the variant, ""
/// for the whole message), with its render context if there is one.
fn form(
    cx: &Lint<'_>,
    v: &Variant,
    m: &MasterMessage,
    prefix: &str,
    rendered: Option<&RenderContext>,
    out: &mut Vec<Diagnostic>,
) {
    {
        let Some(channel) = cx.content.channels.get(&v.channel) else {
            return;
        };
        let html = v
            .files
            .get(&format!("{prefix}{}", primary(channel.kind)))
            .map(|b| comparable(&String::from_utf8_lossy(b).replace("\r\n", "\n")))
            .unwrap_or_default();
        let built;
        let ctx = match rendered {
            Some(ctx) => ctx,
            None => {
                built =
                    RenderContext::new(cx.content, m, &v.channel, channel, false, channel.kind == ChannelKind::Page);
                &built
            }
        };
        let template = PathBuf::from("templates").join(channel.template("html").unwrap_or(""));
        let form_name = prefix.trim_end_matches('/');
        let label = if form_name.is_empty() { String::new() } else { format!(", form {form_name}") };
        let missing = |what: String, hint: &str| {
            Diagnostic::error(
                crate::codes::MISSING_ELEMENT,
                &template,
                format!("the {} variant of `{}` ({}{label}) lacks {what}", v.channel, v.id, v.locale),
            )
            .channel(&v.channel)
            .hint(hint.to_string())
        };
        let p = &ctx.product;
        for req in &channel.require {
            let ok = match req {
                Requirement::Isi => {
                    has(&html, &comparable(p.isi.html.trim()))
                        || (channel.kind == ChannelKind::Video && has(&html, &esc(&p.isi_short)))
                        // A long ISI runs over several safety slides, whole paragraphs each.
                        || (channel.kind == ChannelKind::Slides
                            && crate::render::slides::paragraphs(&p.isi.html)
                                .iter()
                                .all(|para| has(&html, &comparable(para))))
                }
                Requirement::PiLink => {
                    has(&html, &format!("href=\"{}\"", esc(&p.pi_url))) || has(&html, &esc(&p.pi_url))
                }
                Requirement::AeStatement => {
                    has(&html, &comparable(&p.ae_statement_html)) || has(&html, &esc(&p.ae_statement))
                }
                Requirement::JobCode => has(&html, &esc(&ctx.message.job_code)),
                Requirement::DateOfPreparation => {
                    has(&html, &esc(&ctx.message.prepared_text)) || has(&html, &esc(&ctx.message.prepared))
                }
                Requirement::Unsubscribe => has(&html, &esc(&p.unsubscribe_url)),
                Requirement::PostalAddress => has(&html, &esc(&p.company)),
                Requirement::References => ctx.references.iter().all(|r| has(&html, &esc(&r.citation))),
            };
            if !ok {
                let (what, hint) = match req {
                    Requirement::Isi => {
                        ("the ISI exactly as in the product file", "render `product.isi.html | safe` in the template")
                    }
                    Requirement::PiLink => ("the prescribing information link", "link to `product.pi_url`"),
                    Requirement::AeStatement => (
                        "the AE statement exactly as in the product file",
                        "render `product.ae_statement_html | safe` (or `product.ae_statement`)",
                    ),
                    Requirement::JobCode => ("the job code", "render `message.job_code`"),
                    Requirement::DateOfPreparation => ("the date of preparation", "render `message.prepared_text`"),
                    Requirement::Unsubscribe => ("the unsubscribe link", "link to `product.unsubscribe_url`"),
                    Requirement::PostalAddress => ("the postal address", "render `product.company`"),
                    Requirement::References => ("the references of its claims", "list `references` (each `.citation`)"),
                };
                out.push(missing(what.to_string(), hint));
            }
        }
        claims(m, v, channel.kind, &html, ctx, out);
    }
}

/// Claims verbatim, and no claim the message does not use.
fn claims(
    m: &MasterMessage,
    v: &Variant,
    kind: ChannelKind,
    html: &str,
    ctx: &RenderContext,
    out: &mut Vec<Diagnostic>,
) {
    for c in &ctx.claims {
        if !has(html, &esc(&c.text)) {
            let pos = m.claim_uses.iter().find(|u| u.id == c.id).map(|u| u.pos).unwrap_or(m.headline_pos);
            out.push(
                Diagnostic::error(
                    crate::codes::CLAIM_NOT_VERBATIM,
                    &m.file,
                    format!("claim `{}` does not appear verbatim in the {} variant", c.id, v.channel),
                )
                .at(pos)
                .channel(&v.channel)
                .hint("the template must render claims from the context, unchanged"),
            );
        }
    }
    if kind != ChannelKind::Video {
        for part in html.split("data-claim=\"").skip(1) {
            let id = part.split('"').next().unwrap_or("");
            if !m.claim_uses.iter().any(|u| u.id == id) {
                out.push(
                    Diagnostic::error(
                        crate::codes::FOREIGN_CLAIM,
                        PathBuf::from("templates"),
                        format!(
                            "the {} variant of `{}` carries claim `{id}`, which the message does not use",
                            v.channel, v.id
                        ),
                    )
                    .channel(&v.channel)
                    .hint("templates may only render the message's own claims"),
                );
            }
        }
    }
}

/// A translation carries no claim its master lacks.
pub fn translations(cx: &Lint<'_>, out: &mut Vec<Diagnostic>) {
    for m in cx.content.messages.iter().filter(|m| m.is_translation) {
        let Some(master) = cx.content.master(m.id()) else {
            continue;
        };
        for u in &m.claim_uses {
            if !master.claim_uses.iter().any(|x| x.id == u.id) {
                out.push(
                    Diagnostic::error(
                        crate::codes::TRANSLATION_EXTRA_CLAIM,
                        &m.file,
                        format!("claim `{}` is not in the master {}", u.id, master.file.display()),
                    )
                    .at(u.pos)
                    .span(u.id.chars().count() + 4)
                    .hint("a translation carries the master's claims only: add it to the master first, or remove it"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparable_html_ignores_inlined_styles_and_serialiser_escapes() {
        let inlined = "<a href=\"https://x.example/?a=1&amp;b\" style=\"color: #0b4f6c;\">it's 1\u{a0}g</a>";
        let rendered = "<a href=\"https://x.example/?a=1&amp;b\">it&#39;s 1&nbsp;g</a>";
        assert_eq!(comparable(inlined), comparable(rendered));
        // Whitespace between blocks is not text.
        assert_eq!(comparable("<p>a</p>\n<p>b</p>\n"), comparable("<p>a</p><p>b</p>"));
        assert_eq!(comparable("<b>a</b> <i>b</i>"), "<b>a</b><i>b</i>");
        // Text that reads like an attribute is text, and stays.
        assert_eq!(comparable("<p>a style=\"b\"</p>"), "<p>a style=\"b\"</p>");
    }

    /// The first, plain version of [`comparable`] (three passes over a
    /// copy each): the fast one must give the same text for any input.
    fn comparable_reference(html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(at) = rest.find(" style=\"") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 8..];
            let in_tag = out.rfind('<').is_some_and(|open| out.rfind('>').is_none_or(|close| close < open));
            match after.find('"') {
                Some(end) if in_tag => rest = &after[end + 1..],
                _ => {
                    out.push_str(" style=\"");
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        let out = out.replace("&#39;", "'").replace("&quot;", "\"").replace("&nbsp;", "\u{a0}");
        let mut tight = String::with_capacity(out.len());
        let mut pending = String::new();
        let mut after_tag = false;
        for c in out.chars() {
            if after_tag && c.is_whitespace() {
                pending.push(c);
                continue;
            }
            if c != '<' {
                tight.push_str(&pending);
            }
            pending.clear();
            after_tag = c == '>';
            tight.push(c);
        }
        tight
    }

    proptest::proptest! {
        #[test]
        fn comparable_is_the_reference(parts in proptest::collection::vec(proptest::sample::select(vec![
            "<", ">", "<p>", "</p>", " ", "\n", "\t", "\u{a0}", "\u{2009}", "\u{3000}", "&", "&#39;", "&#39",
            "&quot;", "&nbsp;", "&amp;", "&nb", "sp;", " style=\"", " style=", "\"", "'", "a", "é", "claim", "=",
        ]), 0..40)) {
            let html: String = parts.concat();
            proptest::prop_assert_eq!(comparable(&html), comparable_reference(&html));
        }
    }
}
