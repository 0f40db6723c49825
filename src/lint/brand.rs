//! The brand name is accompanied by the generic name at its first mention
//! in each variant ("Cardiozen (examplostatin)").

use super::Lint;
use super::units::{find_word, word_pos};
use crate::diag::Diagnostic;

/// Flags a first mention of the brand without the generic name beside it.
pub fn run(cx: &Lint<'_>, out: &mut Vec<Diagnostic>) {
    for (m, units) in cx.whole_messages() {
        let Some(product) = cx.content.products.get(&m.front.product) else {
            continue;
        };
        // The locale's own brand (e.g. `Пульмовия` in Russian copy), and
        // the international one where the copy uses it instead.
        let (local, generic) = (product.brand_in(m.locale()), product.generic_in(m.locale()));
        let names: Vec<&str> = [local, product.brand.as_str()].into_iter().filter(|b| !b.trim().is_empty()).collect();
        if names.is_empty() || generic.trim().is_empty() {
            continue;
        }
        let source = cx.source(&m.file);
        // One finding per unit, naming the first channel it concerns.
        let mut reported: Vec<usize> = Vec::new();
        for (name, channel) in cx.content.channels_of(m) {
            let first = units
                .iter()
                .enumerate()
                .filter(|(_, u)| u.kind.is_copy() && u.kind.shown_in(channel.kind))
                .find_map(|(i, u)| first_mention(&u.text, &names).map(|(at, brand)| (i, u, at, brand)));
            let Some((i, u, at, brand)) = first else { continue };
            if [generic, product.generic.as_str()].iter().any(|g| accompanied(&u.text, at, brand, g))
                || reported.contains(&i)
            {
                continue;
            }
            reported.push(i);
            out.push(
                Diagnostic::error(
                    crate::codes::BRAND_WITHOUT_GENERIC,
                    &m.file,
                    format!("first mention of `{brand}` without the generic name"),
                )
                .at(word_pos(source, u.pos, brand))
                .span(brand.chars().count())
                .channel(name)
                .hint(format!("write `{brand} ({generic})` at the first mention")),
            );
        }
    }
}

/// The earliest mention of any of `names` in `text`: its byte offset and
/// the name as written there.
fn first_mention<'t>(text: &'t str, names: &[&str]) -> Option<(usize, &'t str)> {
    names.iter().filter_map(|n| find_name(text, n)).min_by_key(|(at, _)| *at)
}

/// `name` in `text` as a whole word; a one-word Cyrillic name also
/// inflected, as Russian copy writes it (`Самплеры`, `Самплерой`,
/// `Самплеру`): its stem and up to three letters more.
fn find_name<'t>(text: &'t str, name: &str) -> Option<(usize, &'t str)> {
    let exact = find_word(text, name).map(|at| (at, &text[at..at + name.len()]));
    let cyrillic = |c: char| ('\u{400}'..='\u{4ff}').contains(&c);
    if name.contains(char::is_whitespace) || !name.chars().all(|c| cyrillic(c) || !c.is_alphabetic()) {
        return exact;
    }
    let lower = name.to_lowercase();
    let stem = lower.strip_suffix(['а', 'я', 'о', 'е', 'ь', 'й', 'и', 'ы']).unwrap_or(&lower);
    if stem.chars().count() < 4 {
        return exact;
    }
    let mut words = text
        .char_indices()
        .filter(|&(i, c)| c.is_alphanumeric() && text[..i].chars().next_back().is_none_or(|p| !p.is_alphanumeric()));
    let inflected = words.find_map(|(at, _)| {
        let word = &text[at..];
        let word = &word[..word.find(|c: char| !c.is_alphanumeric()).unwrap_or(word.len())];
        let low = word.to_lowercase();
        let rest = low.strip_prefix(stem)?;
        (rest.chars().count() <= 3 && rest.chars().all(cyrillic)).then_some((at, word))
    });
    match (exact, inflected) {
        (Some(e), Some(i)) => Some(if i.0 < e.0 { i } else { e }),
        (e, i) => e.or(i),
    }
}

/// "Brand (generic)", "Brand® (generic)" or "generic (Brand)" at `at`.
fn accompanied(text: &str, at: usize, brand: &str, generic: &str) -> bool {
    let after = text[at + brand.len()..].trim_start_matches(['®', '™', ' ', '\u{a0}']);
    let lower_after = after.to_lowercase();
    if lower_after.starts_with(&format!("({})", generic.to_lowercase())) {
        return true;
    }
    let before = text[..at].trim_end_matches([' ', '(', '\u{a0}']).to_lowercase();
    before.ends_with(&generic.to_lowercase()) && text[..at].trim_end().ends_with('(')
}

#[cfg(test)]
mod tests {
    #[test]
    fn accepted_forms() {
        let ok = |t: &str| super::accompanied(t, t.find("Cardiozen").unwrap(), "Cardiozen", "examplostatin");
        assert!(ok("Cardiozen (examplostatin) is"));
        assert!(ok("Cardiozen® (examplostatin) is"));
        assert!(ok("examplostatin (Cardiozen) is"));
        assert!(!ok("Cardiozen is"));
        assert!(!ok("Cardiozen, examplostatin"));
    }
}
