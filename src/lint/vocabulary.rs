//! Compliance vocabulary: built-in rule packs per language (absolutes and
//! superlatives, unqualified "safe", "new" after 12 months), the glossary's
//! banned terms, and terms to avoid with their preferred term.

use super::Lint;
use super::units::{Unit, find_word, word_pos};
use crate::date::Date;
use crate::diag::{Diagnostic, Pos};
use crate::model::{MasterMessage, yaml};
use crate::render::strings::language;

/// A language's rule pack.
struct Pack {
    /// Absolute and superlative wording: never acceptable in promotion.
    absolutes: &'static [&'static str],
    /// "Safe" and its forms: acceptable only when a safety claim backs them.
    safe: &'static [&'static str],
    /// "New": acceptable for 12 months after launch.
    new: &'static [&'static str],
}

const EN: Pack = Pack {
    absolutes: &[
        "best",
        "cure",
        "cures",
        "cured",
        "curative",
        "guaranteed",
        "guarantee",
        "guarantees",
        "no side effects",
        "without side effects",
        "100% effective",
        "100 % effective",
        "completely safe",
        "totally safe",
        "risk-free",
        "miracle",
        "miraculous",
        "revolutionary",
        "breakthrough",
        "unrivalled",
        "unrivaled",
        "unmatched",
        "unbeatable",
        "perfect",
        "safest",
        "most effective",
        "never fails",
        "always works",
    ],
    safe: &["safe", "safely", "harmless"],
    new: &["new", "newly", "latest"],
};

const ES: Pack = Pack {
    absolutes: &[
        "el mejor",
        "la mejor",
        "los mejores",
        "las mejores",
        "cura",
        "curar",
        "curación",
        "garantizado",
        "garantizada",
        "garantiza",
        "garantía",
        "sin efectos secundarios",
        "sin efectos adversos",
        "100 % eficaz",
        "100% eficaz",
        "milagro",
        "milagroso",
        "milagrosa",
        "revolucionario",
        "revolucionaria",
        "perfecto",
        "perfecta",
        "inigualable",
        "el más eficaz",
        "la más eficaz",
    ],
    safe: &["seguro", "segura", "seguros", "seguras", "inocuo", "inocua"],
    new: &["nuevo", "nueva", "nuevos", "nuevas", "novedoso", "novedosa"],
};

const DE: Pack = Pack {
    absolutes: &[
        "beste",
        "besten",
        "bester",
        "bestes",
        "heilt",
        "heilen",
        "heilung",
        "garantiert",
        "garantie",
        "keine nebenwirkungen",
        "ohne nebenwirkungen",
        "100 % wirksam",
        "100% wirksam",
        "wunder",
        "wundermittel",
        "revolutionär",
        "perfekt",
        "unübertroffen",
        "konkurrenzlos",
        "am wirksamsten",
    ],
    safe: &["sicher", "sichere", "sicheres", "sicheren", "ungefährlich", "harmlos"],
    new: &["neu", "neue", "neuer", "neues", "neuen", "neuem", "neuheit"],
};

const RU: Pack = Pack {
    absolutes: &[
        "лучший",
        "лучшая",
        "лучшее",
        "лучшие",
        "лучшего",
        "вылечит",
        "вылечивает",
        "излечивает",
        "излечение",
        "гарантированно",
        "гарантирует",
        "гарантия",
        "без побочных эффектов",
        "100 % эффективен",
        "100% эффективен",
        "чудо",
        "чудодейственный",
        "революционный",
        "идеальный",
        "непревзойдённый",
        "непревзойденный",
        "самый эффективный",
    ],
    safe: &["безопасный", "безопасна", "безопасен", "безопасно", "безопасная", "безопасное", "безвредный"],
    new: &["новый", "новая", "новое", "новые", "новинка"],
};

fn pack(locale: &str) -> Option<&'static Pack> {
    match language(locale) {
        "en" => Some(&EN),
        "es" => Some(&ES),
        "de" => Some(&DE),
        "ru" => Some(&RU),
        _ => None,
    }
}

/// Runs the vocabulary rules on every message and on the claims library.
pub fn run(cx: &Lint<'_>, out: &mut Vec<Diagnostic>) {
    for (m, units) in cx.messages() {
        let source = cx.source(&m.file);
        let locale = m.locale();
        let new_expired = new_has_expired(cx, m);
        for u in units {
            check_text(cx, locale, &u.own, &|word| word_pos(source, u.pos, word), &m.file, new_expired, Some(u), out);
        }
    }
    // Claims are written once, in claims.yaml: findings in their wording
    // point there, not at every message that uses them.
    if !cx.claims {
        return;
    }
    let path = std::path::Path::new("content/claims.yaml");
    let text = cx.source(path);
    for (id, claim) in &cx.content.claims.claims {
        for (locale, wording) in &claim.text {
            let base = yaml::key_pos(text, &["claims", id, "text", locale]).unwrap_or(Pos::new(1, 1));
            check_text(cx, locale, wording, &|word| word_pos(text, base, word), path, false, None, out);
        }
    }
}

/// Checks one text; `pos_of` places a found word in its source file.
#[allow(clippy::too_many_arguments)]
fn check_text(
    cx: &Lint<'_>,
    locale: &str,
    text: &str,
    pos_of: &dyn Fn(&str) -> Pos,
    file: &std::path::Path,
    new_expired: bool,
    unit: Option<&Unit>,
    out: &mut Vec<Diagnostic>,
) {
    let glossary = cx.content.glossary.get(locale);
    if let Some(p) = pack(locale) {
        for phrase in p.absolutes {
            if let Some(at) = find_word(text, phrase) {
                let found = &text[at..at + phrase.len()];
                out.push(
                    Diagnostic::error(crate::codes::ABSOLUTE_CLAIM, file, format!("absolute or superlative wording `{found}`"))
                        .at(pos_of(phrase))
                        .span(phrase.chars().count())
                        .hint("promotional claims must be precise and substantiated: state the result with a claim from claims.yaml instead"),
                );
            }
        }
        // "Safe" needs a safety claim beside it; claims.yaml wording is checked too.
        let backed = unit.is_some_and(|u| {
            u.claims.iter().any(|c| {
                cx.content.claims.claims.get(c).is_some_and(|c| c.kind == crate::model::library::ClaimKind::Safety)
            })
        });
        if !backed {
            for word in p.safe {
                if find_word(text, word).is_some() {
                    out.push(
                        Diagnostic::error(crate::codes::UNQUALIFIED_SAFE, file, format!("unqualified `{word}`"))
                            .at(pos_of(word))
                            .span(word.chars().count())
                            .hint("no medicine is simply safe: describe the safety profile with a safety claim and its data"),
                    );
                }
            }
        }
        if new_expired {
            for word in p.new {
                if find_word(text, word).is_some() {
                    out.push(
                        Diagnostic::error(
                            crate::codes::NEW_AFTER_12_MONTHS,
                            file,
                            format!("`{word}` more than 12 months after launch"),
                        )
                        .at(pos_of(word))
                        .span(word.chars().count())
                        .hint("a product may be called new for 12 months after launch only: remove the word"),
                    );
                }
            }
        }
    }
    if let Some(g) = glossary {
        for banned in &g.banned {
            if find_word(text, banned).is_some() {
                out.push(
                    Diagnostic::error(crate::codes::BANNED_TERM, file, format!("`{banned}` is banned in the glossary"))
                        .at(pos_of(banned))
                        .span(banned.chars().count())
                        .hint("rephrase without it (content/glossary.yaml lists banned terms)"),
                );
            }
        }
        for term in &g.terms {
            for avoid in &term.avoid {
                if find_word(text, avoid).is_some() {
                    out.push(
                        Diagnostic::warning(crate::codes::AVOID_TERM, file, format!("`{avoid}` is a term to avoid"))
                            .at(pos_of(avoid))
                            .span(avoid.chars().count())
                            .hint(format!("write `{}` (the glossary's preferred term)", term.term)),
                    );
                }
            }
        }
    }
}

/// True when the message is prepared more than 12 months after its
/// product's launch (the date of preparation, not today: same input, same
/// findings).
fn new_has_expired(cx: &Lint<'_>, m: &MasterMessage) -> bool {
    let Some(p) = cx.content.products.get(&m.front.product) else {
        return false;
    };
    match (Date::parse(&p.launched), Date::parse(&m.front.prepared)) {
        (Some(launched), Some(prepared)) => prepared > launched.add_months(12),
        _ => false,
    }
}
