//! Numbers as each locale writes them: `0.62` in English, `0,62` in German,
//! Spanish and Russian, `1,234.5` / `1.234,5` / `1 234,5`. Used to check
//! that the numbers a claim's `data:` charts are the numbers its wording
//! states, in every locale.

/// How a locale writes a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    /// The decimal separator.
    pub decimal: char,
    /// The digit-group separators accepted between groups of three digits.
    pub groups: &'static [char],
}

/// Locales whose decimal separator is the point (CLDR); every other locale
/// writes a comma.
const POINT_LANGUAGES: &[&str] = &["en", "ja", "zh", "ko", "he", "th", "hi", "ms", "ga", "mt", "sw", "tl", "fil"];
const POINT_LOCALES: &[&str] = &["de-CH", "de-LI", "it-CH", "es-MX", "es-US", "es-PR", "es-GT", "es-DO", "es-PA"];

/// The number format of `locale` (a BCP 47 tag such as `de-DE`).
pub fn format(locale: &str) -> Format {
    let language = locale.split('-').next().unwrap_or(locale).to_ascii_lowercase();
    let point =
        POINT_LANGUAGES.contains(&language.as_str()) || POINT_LOCALES.iter().any(|l| l.eq_ignore_ascii_case(locale));
    if point {
        Format { decimal: '.', groups: &[',', '\u{a0}', '\u{202f}', '\u{2009}', '’', '\''] }
    } else {
        Format { decimal: ',', groups: &['.', ' ', '\u{a0}', '\u{202f}', '\u{2009}'] }
    }
}

/// `value` as `locale` writes it, with the fewest decimals that state it
/// exactly (`0.9` → `0,9` in German).
pub fn write(value: f64, locale: &str) -> String {
    let text = format!("{value}");
    let f = format(locale);
    text.replace('.', &f.decimal.to_string())
}

/// Every number written in `text` as `locale` writes numbers, in order.
/// Digits inside words (`HbA1c`, `CZ-LIPID2`) are not numbers; signs are
/// left out (a chart's bar is compared by magnitude).
pub fn numbers(text: &str, locale: &str) -> Vec<f64> {
    let f = format(locale);
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !digit(i) {
            i += 1;
            continue;
        }
        // A digit glued to a letter belongs to a word or code: skip it whole.
        // So is a number after a letter and a hyphen (`CZ-2`, `COVID-19`).
        let code = i > 1 && matches!(chars[i - 1], '-' | '\u{2011}') && chars[i - 2].is_alphabetic();
        if (i > 0 && chars[i - 1].is_alphabetic()) || code {
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            continue;
        }
        let mut literal = String::new();
        // `.62` (the leading zero left out): the separator is the decimal
        // one, glued to the digits, not after a letter or a digit.
        if i > 0 && chars[i - 1] == f.decimal && (i < 2 || !chars[i - 2].is_alphanumeric()) {
            literal.push_str("0.");
        }
        while digit(i) {
            literal.push(chars[i]);
            i += 1;
        }
        // Groups of exactly three digits after a group separator.
        while i < chars.len() && f.groups.contains(&chars[i]) && (1..=3).all(|k| digit(i + k)) && !digit(i + 4) {
            literal.extend(&chars[i + 1..i + 4]);
            i += 4;
        }
        if chars.get(i) == Some(&f.decimal) && digit(i + 1) && !literal.contains('.') {
            literal.push('.');
            i += 1;
            while digit(i) {
                literal.push(chars[i]);
                i += 1;
            }
        }
        // A number running into letters (`12mg` is fine, `3rd` is not a
        // value but harmless): keep it.
        if let Ok(n) = literal.parse::<f64>() {
            out.push(n);
        }
    }
    out
}

/// Whether `text` states `value` as `locale` writes numbers.
pub fn states(text: &str, locale: &str, value: f64) -> bool {
    let want = value.abs();
    numbers(text, locale).iter().any(|n| (n - want).abs() <= 1e-9 * want.max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_locale_reads_its_own_numbers() {
        assert_eq!(numbers("0.62 versus 0.90 (p<0.001)", "en-US"), [0.62, 0.90, 0.001]);
        assert_eq!(numbers("auf 0,62 gegenüber 0,90", "de-DE"), [0.62, 0.90]);
        assert_eq!(numbers("1,234.5 and 1 000", "en-GB"), [1234.5, 1.0, 0.0]);
        assert_eq!(numbers("1.234,5 und 1 234,5", "de-DE"), [1234.5, 1234.5]);
        assert_eq!(numbers("на 52 % к 12-й неделе", "ru-RU"), [52.0, 12.0]);
        // the other locale's way of writing is not the same number
        assert_eq!(numbers("0.62", "de-DE"), [0.0, 62.0]);
        assert_eq!(numbers("0,62", "en-GB"), [0.0, 62.0]);
        // digits inside words and codes are not numbers
        assert_eq!(numbers("HbA1c in CZ-LIPID2 and CZ-2 (COVID-19)", "en-GB"), Vec::<f64>::new());
        assert_eq!(numbers("IC 0,61-0,89", "es-ES"), [0.61, 0.89]);
    }

    #[test]
    fn states_compares_by_value() {
        assert!(states("0.90 with tiotropium", "en-US", 0.9));
        assert!(states("0,90 unter Tiotropium", "de-DE", 0.90));
        assert!(!states("0.90 unter Tiotropium", "de-DE", 0.90));
        assert!(states("a reduction of 1.2 points", "en-GB", -1.2));
        assert!(!states("52% at week 12", "en-GB", 5.2));
        assert_eq!(write(0.9, "de-DE"), "0,9");
        assert_eq!(write(52.0, "ru-RU"), "52");
    }
}
