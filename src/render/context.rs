//! [`RenderContext`]: everything a channel renderer needs about one variant,
//! and exactly what its Tera templates see. The README documents each field.

use super::strings::{self, Strings};
use super::text::{Citations, TextForms};
use crate::model::markdown::{self, Block, TopBlock};
use crate::model::{Channel, Content, MasterMessage};
use serde::Serialize;

/// Text in its two written forms.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Rich {
    /// Escaped HTML, claims in `<span class="claim">` with `<sup class="ref">` markers.
    pub html: String,
    /// Plain text, claims followed by ` [n]` markers.
    pub plain: String,
    /// Plain text without reference markers or link addresses (for captions).
    pub bare: String,
    /// Ids of the claims in the text, in order of first use.
    pub claims: Vec<String>,
}

/// The message's metadata.
#[derive(Debug, Clone, Serialize)]
pub struct MessageInfo {
    pub id: String,
    pub locale: String,
    /// Language subtag of the locale (`en`), for `<html lang>`.
    pub lang: String,
    pub product: String,
    pub stage: &'static str,
    pub audience: Vec<String>,
    pub job_code: String,
    /// Date of preparation, YYYY-MM-DD.
    pub prepared: String,
    /// The date of preparation as the locale prints it ("November 2026", "noviembre de 2026").
    pub prepared_text: String,
    /// Source fingerprint of the message file.
    pub fingerprint: String,
}

/// The channel being rendered.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelInfo {
    pub name: String,
    pub kind: &'static str,
    /// Canvas size (slides), default 1024×768.
    pub width: u32,
    pub height: u32,
}

/// One key message.
#[derive(Debug, Clone, Serialize)]
pub struct KeyMessageCtx {
    /// 1-based position.
    pub number: usize,
    /// The bold title (may be empty).
    pub title: Rich,
    /// The text after the title.
    pub text: Rich,
    /// Claim ids used in it.
    pub claims: Vec<String>,
    /// The chart of the first claim of this key message that carries data.
    pub chart: Option<super::chart::ChartCtx>,
}

/// A claim used in the variant.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimCtx {
    pub id: String,
    /// The locked wording for the locale.
    pub text: String,
    pub kind: &'static str,
    /// Its reference numbers in this variant.
    pub references: Vec<usize>,
}

/// A numbered reference.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceCtx {
    pub number: usize,
    pub id: String,
    pub citation: String,
}

/// The call to action.
#[derive(Debug, Clone, Serialize)]
pub struct CtaCtx {
    pub label: String,
    pub url: String,
}

/// Email fields.
#[derive(Debug, Clone, Serialize)]
pub struct EmailCtx {
    /// The subject, prefixed with the DRAFT mark when not approved.
    pub subject: String,
    pub preheader: String,
}

/// The product's mandatory information for the locale.
#[derive(Debug, Clone, Serialize)]
pub struct ProductCtx {
    pub brand: String,
    pub generic: String,
    /// Important Safety Information, byte-identical to the product file's Markdown rendered.
    pub isi: Rich,
    /// Spoken safety statement.
    pub isi_short: String,
    pub pi_url: String,
    pub ae_statement: String,
    /// The AE statement as escaped HTML, its URLs, email addresses and telephone numbers as links.
    pub ae_statement_html: String,
    /// Legal name and postal address.
    pub company: String,
    pub unsubscribe_url: String,
    /// `Name <address>` of the sender, if set.
    pub sender: Option<String>,
}

/// Everything a renderer and its templates see about one variant.
#[derive(Debug, Clone, Serialize)]
pub struct RenderContext {
    pub message: MessageInfo,
    /// The product's brand theme (or the default).
    pub theme: super::theme::ThemeCtx,
    /// A chart for each claim cited that carries data, in order of first use.
    pub charts: Vec<super::chart::ChartCtx>,
    pub channel: ChannelInfo,
    /// True when the variant is not approved: templates show `strings.draft_mark`.
    pub draft: bool,
    /// Interface words in the message's language.
    pub strings: &'static Strings,
    pub headline: Rich,
    /// The paragraphs between the headline and the first section.
    pub summary: Rich,
    pub key_messages: Vec<KeyMessageCtx>,
    /// The `{#body}` section with footnotes (page kind only; empty otherwise).
    pub body: Rich,
    pub cta: Option<CtaCtx>,
    pub email: EmailCtx,
    /// Opening line of the video (front matter `video.hook`, else the headline).
    pub hook: String,
    /// Claims in order of first use.
    pub claims: Vec<ClaimCtx>,
    /// References in order of first use, numbered from 1.
    pub references: Vec<ReferenceCtx>,
    pub product: ProductCtx,
}

impl RenderContext {
    /// Builds the context of message `m` in channel `channel_name`.
    /// `with_body` says whether the kind shows the long-form body.
    pub fn new(
        content: &Content,
        m: &MasterMessage,
        channel_name: &str,
        channel: &Channel,
        draft: bool,
        with_body: bool,
    ) -> RenderContext {
        let library = &content.claims;
        let locale = m.locale();
        let mut citations = Citations::default();
        citations.add_inlines(library, &m.headline);
        citations.add_blocks(library, &m.summary);
        for k in &m.key_messages {
            citations.add_inlines(library, &k.title);
            citations.add_inlines(library, &k.text);
        }
        let footnote_blocks: Vec<Block> = m.footnotes.iter().flat_map(|(_, b)| b.iter().cloned()).collect();
        if with_body {
            citations.add_blocks(library, &m.body);
            citations.add_blocks(library, &footnote_blocks);
        }
        let forms = TextForms { library, locale, citations: &citations };
        let blk = |b: &[Block]| Rich {
            html: forms.blocks_html(b),
            plain: forms.blocks_plain(b, true),
            bare: forms.blocks_plain(b, false),
            claims: crate::model::markdown::claim_ids(b),
        };
        let inl = |i: &[markdown::Inline]| {
            let claims = crate::model::markdown::claim_ids(&[Block::Paragraph(i.to_vec())]);
            Rich {
                html: forms.inline_html(i),
                plain: forms.inline_plain(i, true),
                bare: forms.inline_plain(i, false),
                claims,
            }
        };
        let mut body = if with_body { blk(&m.body) } else { Rich::default() };
        if with_body && !m.footnotes.is_empty() {
            body.html.push_str("<div class=\"footnotes\">\n");
            for (label, blocks) in &m.footnotes {
                let inner = forms.blocks_html(blocks);
                let inner = inner.trim_end().strip_prefix("<p>").unwrap_or(inner.trim_end());
                body.html.push_str(&format!(
                    "<p class=\"footnote\"><sup>{}</sup> {}\n",
                    super::text::escape_html(label),
                    inner
                ));
                body.plain.push_str(&format!("\n\n[^{label}] {}", forms.blocks_plain(blocks, true)));
            }
            body.html.push_str("</div>\n");
        }
        let key_messages: Vec<KeyMessageCtx> = m
            .key_messages
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let (title, text) = (inl(&k.title), inl(&k.text));
                let mut claims = title.claims.clone();
                claims.extend(text.claims.iter().filter(|c| !title.claims.contains(c)).cloned());
                KeyMessageCtx { number: i + 1, title, text, claims, chart: None }
            })
            .collect();
        let claims = citations
            .claims
            .iter()
            .filter_map(|id| {
                let c = library.claims.get(id)?;
                Some(ClaimCtx {
                    id: id.clone(),
                    text: c.text.get(locale).cloned().unwrap_or_default(),
                    kind: match c.kind {
                        crate::model::library::ClaimKind::Efficacy => "efficacy",
                        crate::model::library::ClaimKind::Safety => "safety",
                        crate::model::library::ClaimKind::Dosing => "dosing",
                        crate::model::library::ClaimKind::Other => "other",
                    },
                    references: citations.numbers(id).to_vec(),
                })
            })
            .collect();
        let references = citations
            .references
            .iter()
            .enumerate()
            .map(|(i, r)| ReferenceCtx {
                number: i + 1,
                id: r.clone(),
                citation: library.references.get(r).cloned().unwrap_or_default(),
            })
            .collect();
        let strings = strings::for_locale(locale);
        let pl = content.products.get(&m.front.product).and_then(|p| p.locales.get(locale).map(|l| (p, l)));
        let product = match pl {
            Some((p, l)) => ProductCtx {
                brand: p.brand_in(locale).to_string(),
                generic: p.generic_in(locale).to_string(),
                isi: markdown_rich(&l.isi, &forms),
                isi_short: l.isi_short.trim().to_string(),
                pi_url: l.pi_url.clone(),
                ae_statement: l.ae_statement.trim().to_string(),
                ae_statement_html: super::text::link_contacts(l.ae_statement.trim()),
                company: l.company.trim().to_string(),
                unsubscribe_url: l.unsubscribe_url.clone(),
                sender: l.sender.clone(),
            },
            None => ProductCtx {
                brand: m.front.product.clone(),
                generic: String::new(),
                isi: Rich::default(),
                isi_short: String::new(),
                pi_url: String::new(),
                ae_statement: String::new(),
                ae_statement_html: String::new(),
                company: String::new(),
                unsubscribe_url: String::new(),
                sender: None,
            },
        };
        let headline = inl(&m.headline);
        let subject = m.front.email.as_ref().map(|e| e.subject.trim().to_string()).unwrap_or(headline.bare.clone());
        let email = EmailCtx {
            subject: if draft { format!("{} {subject}", strings.draft_subject) } else { subject },
            preheader: m.front.email.as_ref().and_then(|e| e.preheader.clone()).unwrap_or_default().trim().to_string(),
        };
        let [width, height] = channel.size.unwrap_or([1024, 768]);
        let theme = super::theme::ThemeCtx::of(content, &m.front.product, &product.brand);
        let palette = theme.palette();
        let mut charts: Vec<super::chart::ChartCtx> = citations
            .claims
            .iter()
            .filter_map(|id| super::chart::chart(id, library.claims.get(id)?, locale, &palette))
            .collect();
        let key_messages: Vec<KeyMessageCtx> = key_messages
            .into_iter()
            .map(|mut k: KeyMessageCtx| {
                k.chart = k.claims.iter().find_map(|id| charts.iter().find(|c| &c.claim == id)).cloned();
                k
            })
            .collect();
        for c in &mut charts {
            c.in_key_message = key_messages.iter().any(|k| k.chart.as_ref().is_some_and(|kc| kc.claim == c.claim));
        }
        RenderContext {
            theme,
            charts,
            message: MessageInfo {
                id: m.id().to_string(),
                locale: locale.to_string(),
                lang: strings::language(locale).to_string(),
                product: m.front.product.clone(),
                stage: m.front.stage.name(),
                audience: m.front.audience.clone(),
                job_code: m.front.job_code.clone(),
                prepared: m.front.prepared.clone(),
                prepared_text: strings::month_year(locale, &m.front.prepared),
                fingerprint: m.fingerprint.clone(),
            },
            channel: ChannelInfo { name: channel_name.to_string(), kind: channel.kind.name(), width, height },
            draft,
            strings,
            hook: m.front.video.as_ref().map(|v| v.hook.trim().to_string()).unwrap_or(headline.bare.clone()),
            headline,
            summary: blk(&m.summary),
            key_messages,
            body,
            cta: m
                .front
                .cta
                .as_ref()
                .map(|c| CtaCtx { label: c.label.trim().to_string(), url: c.url.trim().to_string() }),
            email,
            claims,
            references,
            product,
        }
    }
}

/// Renders standalone Markdown (the ISI) in both written forms.
fn markdown_rich(text: &str, forms: &TextForms<'_>) -> Rich {
    let blocks: Vec<Block> = markdown::parse(text)
        .blocks
        .into_iter()
        .filter_map(|b| match b.block {
            TopBlock::Content(c) => Some(c),
            TopBlock::Heading { level, content, .. } => Some(Block::Heading { level, content }),
            TopBlock::FootnoteDefinition { .. } => None,
        })
        .collect();
    Rich {
        html: forms.blocks_html(&blocks),
        plain: forms.blocks_plain(&blocks, true),
        bare: forms.blocks_plain(&blocks, false),
        claims: crate::model::markdown::claim_ids(&blocks),
    }
}
