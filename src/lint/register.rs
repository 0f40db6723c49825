//! Formal register: informal address in channels whose tone is formal
//! ("du" in German, "tú" in Spanish, "ты" in Russian).

use super::Lint;
use super::units::{find_word, word_pos};
use crate::diag::Diagnostic;
use crate::model::config::Register;
use crate::render::strings::language;

/// Informal second-person forms by language.
fn informal(locale: &str) -> &'static [&'static str] {
    match language(locale) {
        "de" => &[
            "du", "dich", "dir", "dein", "deine", "deinen", "deinem", "deiner", "deines", "euch", "euer", "eure",
            "euren", "eurem",
        ],
        "es" => &[
            "tú", "te", "ti", "contigo", "tu", "tus", "vosotros", "vosotras", "os", "vuestro", "vuestra", "vuestros",
            "vuestras",
        ],
        "ru" => &[
            "ты",
            "тебя",
            "тебе",
            "тобой",
            "тобою",
            "твой",
            "твоя",
            "твоё",
            "твое",
            "твои",
            "твоего",
            "твоей",
            "твоему",
            "твоим",
            "твоих",
        ],
        _ => &[],
    }
}

/// Flags informal address in units shown by a formal channel.
pub fn run(cx: &Lint<'_>, out: &mut Vec<Diagnostic>) {
    for (m, units) in cx.messages() {
        let words = informal(m.locale());
        if words.is_empty() {
            continue;
        }
        let formal: Vec<(&str, crate::model::ChannelKind)> = cx
            .content
            .channels_of(m)
            .into_iter()
            .filter(|(_, c)| c.tone.register == Some(Register::Formal))
            .map(|(n, c)| (n, c.kind))
            .collect();
        let source = cx.source(&m.file);
        for u in units {
            let Some((channel, _)) = formal.iter().find(|(_, k)| u.kind.shown_in(*k)) else {
                continue;
            };
            for w in words {
                if find_word(&u.own, w).is_some() {
                    out.push(
                        Diagnostic::error(
                            crate::codes::INFORMAL_ADDRESS,
                            &m.file,
                            format!("informal address `{w}` in a formal channel"),
                        )
                        .at(word_pos(source, u.pos, w))
                        .span(w.chars().count())
                        .channel(*channel)
                        .hint("address healthcare professionals formally (Sie, usted, Вы)"),
                    );
                }
            }
        }
    }
}
