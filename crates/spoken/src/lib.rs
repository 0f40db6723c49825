//! Spoken forms: what a voice-over says for a written text.
//!
//! The video channel needs a script that a voice-over artist can read aloud
//! without decoding `LDL-C ≥ 1.8 mmol/L[1]` on the fly. [`spoken`] rewrites
//! display text for one locale, with these rules in order of precedence:
//!
//! 1. glossary terms, whole-token, longest first, case-sensitive — so a term
//!    such as "HbA1c" is never read as a number, and what the glossary says is
//!    never rewritten by the later rules;
//! 2. numbers in words: integers up to 999,999,999 (longer ones digit by
//!    digit), decimals, percentages, ranges, the locale's thousands separators;
//! 3. units and symbols after or between numbers, with singular/plural and,
//!    for Russian, case agreement; symbols between words too ("R&D",
//!    "mean ± SD", "% change", "a < b", "pregnancy/breastfeeding");
//! 4. reference markers ("[1–3]", "¹²") dropped;
//! 5. markdown leftovers stripped, dashes between words and brackets read as
//!    a pause ("Cardiozen (examplostatin) is" → "Cardiozen, examplostatin,
//!    is"), whitespace collapsed;
//! 6. a small, data-driven table of abbreviations.
//!
//! Inside the text the glossary left alone, rules 4–6 run before rules 2–3,
//! because `[1]` and "e.g." must not reach the number reader; the outcome is
//! the one the order above describes.
//!
//! English (GB spelling, US spelling for en-US), Spanish, German and Russian
//! are spoken in full. Other languages get rules 1, 4 and 5 and keep digits,
//! units and symbols as written. Ordinals ("12th", "12-й", German "12."),
//! dates and times are out of scope and stay as written.
//!
//! The crate has no dependencies and no I/O; [`spoken`] is a pure function of the text, the locale and the
//! glossary (a slice of [`SpokenTerm`]), so it can serve any voice-over, text-to-speech or script tool.
//!
//! # Example
//!
//! ```
//! use unisono_spoken::{SpokenTerm, spoken};
//!
//! let glossary = [SpokenTerm { term: "LDL-C", spoken: "L D L cholesterol" }];
//! assert_eq!(
//!     spoken("LDL-C ≥ 1.8 mmol/L[1]", "en-GB", &glossary),
//!     "L D L cholesterol greater than or equal to one point eight millimoles per litre",
//! );
//! assert_eq!(spoken("52 %", "de-DE", &[]), "zweiundfünfzig Prozent");
//! ```

/// A glossary entry: `term` as written, `spoken` as said (e.g. "LDL-C" → "L D L cholesterol").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpokenTerm<'a> {
    /// The term as it appears in display text; matched whole-token and case-sensitively.
    pub term: &'a str,
    /// What the voice-over says instead; inserted as is.
    pub spoken: &'a str,
}

/// Turns display text into spoken text for `locale` (BCP 47, e.g. "en-GB", "es-ES", "de-DE", "ru-RU"; other languages: best effort, numbers left as digits).
///
/// The result is deterministic and never panics, whatever the input.
pub fn spoken(text: &str, locale: &str, terms: &[SpokenTerm<'_>]) -> String {
    let lang = Lang::from_locale(locale);
    let lines = join_lines(text);
    let mut said = String::with_capacity(lines.len() * 2);
    let pieces = apply_glossary(&lines, terms);
    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Term { spoken, .. } => said.push_str(spoken),
            Piece::Text(text) => {
                let follows = match pieces.get(index + 1) {
                    Some(Piece::Term { written, .. }) => written.chars().next(),
                    _ => None,
                };
                said.push_str(&say_text(text, lang, follows));
            }
        }
    }
    tidy(&said)
}

// ---------------------------------------------------------------------------
// Languages and their words
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    EnGb,
    EnUs,
    Es,
    De,
    Ru,
    Other,
}

impl Lang {
    fn from_locale(locale: &str) -> Lang {
        let lower = locale.trim().to_ascii_lowercase();
        let mut subtags = lower.split(['-', '_']);
        match subtags.next().unwrap_or_default() {
            // Only the US spells "percent", "liter", "meter"; every other English locale gets GB spelling.
            "en" if subtags.any(|s| s == "us") => Lang::EnUs,
            "en" => Lang::EnGb,
            "es" => Lang::Es,
            "de" => Lang::De,
            "ru" => Lang::Ru,
            _ => Lang::Other,
        }
    }

    /// The key of the abbreviation table.
    fn code(self) -> &'static str {
        match self {
            Lang::EnGb | Lang::EnUs => "en",
            Lang::Es => "es",
            Lang::De => "de",
            Lang::Ru => "ru",
            Lang::Other => "",
        }
    }

    /// Words for signs and symbols; `None` for languages whose numbers stay digits.
    fn lexicon(self) -> Option<&'static Lexicon> {
        match self {
            Lang::EnGb | Lang::EnUs => Some(&EN),
            Lang::Es => Some(&ES),
            Lang::De => Some(&DE),
            Lang::Ru => Some(&RU),
            Lang::Other => None,
        }
    }

    fn is_english(self) -> bool {
        matches!(self, Lang::EnGb | Lang::EnUs)
    }
}

/// How one language says the signs and symbols around numbers.
struct Lexicon {
    minus: &'static str,
    plus: &'static str,
    plus_minus: &'static str,
    at_least: &'static str,
    at_most: &'static str,
    more_than: &'static str,
    less_than: &'static str,
    equals: &'static str,
    about: &'static str,
    times: &'static str,
    per: &'static str,
    ratio: &'static str,
    /// Said before the first number of a range (Russian "от"), or empty.
    range_from: &'static str,
    range_to: &'static str,
    /// Words after which a range reads "between A and B" rather than "A to B".
    between: &'static [&'static str],
    between_and: &'static str,
    /// "&" anywhere.
    and: &'static str,
    /// "/" between two words ("pregnancy/breastfeeding").
    or: &'static str,
    /// "%" without a number before it.
    percent: &'static str,
}

const EN: Lexicon = Lexicon {
    minus: "minus",
    plus: "plus",
    plus_minus: "plus or minus",
    at_least: "greater than or equal to",
    at_most: "less than or equal to",
    more_than: "greater than",
    less_than: "less than",
    equals: "equals",
    about: "approximately",
    times: "times",
    per: "per",
    ratio: "to",
    range_from: "",
    range_to: "to",
    between: &["between"],
    between_and: "and",
    and: "and",
    or: "or",
    percent: "per cent",
};

const ES: Lexicon = Lexicon {
    minus: "menos",
    plus: "más",
    plus_minus: "más menos",
    at_least: "mayor o igual que",
    at_most: "menor o igual que",
    more_than: "mayor que",
    less_than: "menor que",
    equals: "igual a",
    about: "aproximadamente",
    times: "por",
    per: "por",
    ratio: "a",
    range_from: "",
    range_to: "a",
    between: &["entre"],
    between_and: "y",
    and: "y",
    or: "o",
    percent: "por ciento",
};

const DE: Lexicon = Lexicon {
    minus: "minus",
    plus: "plus",
    plus_minus: "plus minus",
    at_least: "größer oder gleich",
    at_most: "kleiner oder gleich",
    more_than: "größer als",
    less_than: "kleiner als",
    equals: "gleich",
    about: "etwa",
    times: "mal",
    per: "pro",
    ratio: "zu",
    range_from: "",
    range_to: "bis",
    between: &["zwischen"],
    between_and: "und",
    and: "und",
    or: "oder",
    percent: "Prozent",
};

// Russian comparisons use "более/менее", which take the genitive; the number reader
// looks back at these words to pick the case (see RU_GENITIVE_AFTER).
const RU: Lexicon = Lexicon {
    minus: "минус",
    plus: "плюс",
    plus_minus: "плюс-минус",
    at_least: "не менее",
    at_most: "не более",
    more_than: "более",
    less_than: "менее",
    equals: "равно",
    about: "около",
    times: "на",
    per: "на",
    ratio: "к",
    range_from: "от",
    range_to: "до",
    between: &["между"],
    between_and: "и",
    and: "и",
    or: "или",
    percent: "процент",
};

/// Russian words after which a number is in the genitive ("от десяти", "более пяти").
const RU_GENITIVE_AFTER: &[&str] = &[
    "от",
    "до",
    "из",
    "у",
    "около",
    "более",
    "менее",
    "свыше",
    "после",
    "для",
    "без",
    "ниже",
    "выше",
    "больше",
    "меньше",
    "кроме",
    "среди",
    "против",
    "вместо",
    "порядка",
    "течение",
    "возрасте",
    "старше",
    "младше",
];

/// Russian words after which a number is in the dative ("один к одному").
const RU_DATIVE_AFTER: &[&str] = &["к", "ко", "равно"];

/// A small table on purpose: only abbreviations that are unambiguous in HCP copy.
struct Abbreviation {
    lang: &'static str,
    /// As written; a space stands for any whitespace, or none ("z. B." also matches "z.B.").
    written: &'static str,
    said: &'static str,
    /// Whether a following capital means the abbreviation's dot also ended the sentence.
    ends_sentence: bool,
}

const fn abbreviation(lang: &'static str, written: &'static str, said: &'static str, ends: bool) -> Abbreviation {
    Abbreviation { lang, written, said, ends_sentence: ends }
}

const ABBREVIATIONS: &[Abbreviation] = &[
    abbreviation("en", "e.g.", "for example", false),
    abbreviation("en", "i.e.", "that is", false),
    abbreviation("en", "approx.", "approximately", false),
    abbreviation("en", "Dr.", "Doctor", false),
    abbreviation("en", "vs.", "versus", false),
    abbreviation("en", "vs", "versus", false),
    abbreviation("en", "etc.", "et cetera", true),
    abbreviation("es", "p. ej.", "por ejemplo", false),
    abbreviation("es", "aprox.", "aproximadamente", false),
    abbreviation("es", "Dr.", "doctor", false),
    abbreviation("es", "Dra.", "doctora", false),
    abbreviation("es", "vs.", "frente a", false),
    abbreviation("es", "vs", "frente a", false),
    abbreviation("es", "etc.", "etcétera", true),
    abbreviation("de", "z. B.", "zum Beispiel", false),
    abbreviation("de", "bzw.", "beziehungsweise", false),
    abbreviation("de", "d. h.", "das heißt", false),
    abbreviation("de", "u. a.", "unter anderem", false),
    abbreviation("de", "ca.", "circa", false),
    abbreviation("de", "Dr.", "Doktor", false),
    abbreviation("de", "vs.", "versus", false),
    abbreviation("de", "vs", "versus", false),
    abbreviation("de", "usw.", "und so weiter", true),
    abbreviation("ru", "т. е.", "то есть", false),
    abbreviation("ru", "т. д.", "так далее", true),
    abbreviation("ru", "т. п.", "тому подобное", true),
    abbreviation("ru", "vs.", "против", false),
    abbreviation("ru", "vs", "против", false),
];

// ---------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Masc,
    Fem,
    /// Also Spanish "no agreement": "uno por ciento", not "un por ciento".
    Neut,
}

/// A unit symbol and how each language says it.
struct Unit {
    symbols: &'static [&'static str],
    /// False for units that only appear after "/" ("mg/d" but never "5 d").
    leads: bool,
    /// Singular, plural, "per" phrase (GB spelling).
    en: [&'static str; 3],
    /// Singular, plural, "per" phrase.
    es: [&'static str; 3],
    es_gender: Gender,
    /// Singular, plural, "per" phrase.
    de: [&'static str; 3],
    de_gender: Gender,
    /// After 1, after 2–4, genitive singular, genitive plural, "per" phrase.
    ru: [&'static str; 5],
    ru_gender: Gender,
}

const UNITS: &[Unit] = &[
    Unit {
        symbols: &["%"],
        leads: true,
        en: ["per cent", "per cent", "per cent"],
        es: ["por ciento", "por ciento", "por ciento"],
        es_gender: Gender::Neut,
        de: ["Prozent", "Prozent", "pro Prozent"],
        de_gender: Gender::Neut,
        ru: ["процент", "процента", "процента", "процентов", "на процент"],
        ru_gender: Gender::Masc,
    },
    Unit {
        symbols: &["mg", "мг"],
        leads: true,
        en: ["milligram", "milligrams", "per milligram"],
        es: ["miligramo", "miligramos", "por miligramo"],
        es_gender: Gender::Masc,
        de: ["Milligramm", "Milligramm", "pro Milligramm"],
        de_gender: Gender::Neut,
        ru: ["миллиграмм", "миллиграмма", "миллиграмма", "миллиграммов", "на миллиграмм"],
        ru_gender: Gender::Masc,
    },
    Unit {
        symbols: &["µg", "μg", "mcg", "мкг"],
        leads: true,
        en: ["microgram", "micrograms", "per microgram"],
        es: ["microgramo", "microgramos", "por microgramo"],
        es_gender: Gender::Masc,
        de: ["Mikrogramm", "Mikrogramm", "pro Mikrogramm"],
        de_gender: Gender::Neut,
        ru: ["микрограмм", "микрограмма", "микрограмма", "микрограммов", "на микрограмм"],
        ru_gender: Gender::Masc,
    },
    Unit {
        symbols: &["g", "г"],
        leads: true,
        en: ["gram", "grams", "per gram"],
        es: ["gramo", "gramos", "por gramo"],
        es_gender: Gender::Masc,
        de: ["Gramm", "Gramm", "pro Gramm"],
        de_gender: Gender::Neut,
        ru: ["грамм", "грамма", "грамма", "граммов", "на грамм"],
        ru_gender: Gender::Masc,
    },
    Unit {
        symbols: &["kg", "кг"],
        leads: true,
        en: ["kilogram", "kilograms", "per kilogram"],
        es: ["kilogramo", "kilogramos", "por kilogramo"],
        es_gender: Gender::Masc,
        de: ["Kilogramm", "Kilogramm", "pro Kilogramm"],
        de_gender: Gender::Neut,
        ru: ["килограмм", "килограмма", "килограмма", "килограммов", "на килограмм"],
        ru_gender: Gender::Masc,
    },
    Unit {
        symbols: &["mmol", "ммоль"],
        leads: true,
        en: ["millimole", "millimoles", "per millimole"],
        es: ["milimol", "milimoles", "por milimol"],
        es_gender: Gender::Masc,
        de: ["Millimol", "Millimol", "pro Millimol"],
        de_gender: Gender::Neut,
        ru: ["миллимоль", "миллимоля", "миллимоля", "миллимолей", "на миллимоль"],
        ru_gender: Gender::Masc,
    },
    Unit {
        symbols: &["mL", "ml", "мл"],
        leads: true,
        en: ["millilitre", "millilitres", "per millilitre"],
        es: ["mililitro", "mililitros", "por mililitro"],
        es_gender: Gender::Masc,
        de: ["Milliliter", "Milliliter", "pro Milliliter"],
        de_gender: Gender::Masc,
        ru: ["миллилитр", "миллилитра", "миллилитра", "миллилитров", "на миллилитр"],
        ru_gender: Gender::Masc,
    },
    Unit {
        symbols: &["dL", "dl", "дл"],
        leads: true,
        en: ["decilitre", "decilitres", "per decilitre"],
        es: ["decilitro", "decilitros", "por decilitro"],
        es_gender: Gender::Masc,
        de: ["Deziliter", "Deziliter", "pro Deziliter"],
        de_gender: Gender::Masc,
        ru: ["децилитр", "децилитра", "децилитра", "децилитров", "на децилитр"],
        ru_gender: Gender::Masc,
    },
    Unit {
        symbols: &["L", "l", "л"],
        leads: true,
        en: ["litre", "litres", "per litre"],
        es: ["litro", "litros", "por litro"],
        es_gender: Gender::Masc,
        de: ["Liter", "Liter", "pro Liter"],
        de_gender: Gender::Masc,
        ru: ["литр", "литра", "литра", "литров", "на литр"],
        ru_gender: Gender::Masc,
    },
    Unit {
        symbols: &["mmHg", "мм рт. ст.", "мм рт.ст."],
        leads: true,
        en: ["millimetre of mercury", "millimetres of mercury", "per millimetre of mercury"],
        es: ["milímetro de mercurio", "milímetros de mercurio", "por milímetro de mercurio"],
        es_gender: Gender::Masc,
        de: ["Millimeter Quecksilbersäule", "Millimeter Quecksilbersäule", "pro Millimeter Quecksilbersäule"],
        de_gender: Gender::Masc,
        ru: [
            "миллиметр ртутного столба",
            "миллиметра ртутного столба",
            "миллиметра ртутного столба",
            "миллиметров ртутного столба",
            "на миллиметр ртутного столба",
        ],
        ru_gender: Gender::Masc,
    },
    Unit {
        symbols: &["m²", "m2", "м²", "м2"],
        leads: true,
        en: ["square metre", "square metres", "per square metre"],
        es: ["metro cuadrado", "metros cuadrados", "por metro cuadrado"],
        es_gender: Gender::Masc,
        de: ["Quadratmeter", "Quadratmeter", "pro Quadratmeter"],
        de_gender: Gender::Masc,
        ru: ["квадратный метр", "квадратных метра", "квадратного метра", "квадратных метров", "на квадратный метр"],
        ru_gender: Gender::Masc,
    },
    Unit {
        symbols: &["h", "ч"],
        leads: true,
        en: ["hour", "hours", "per hour"],
        es: ["hora", "horas", "por hora"],
        es_gender: Gender::Fem,
        de: ["Stunde", "Stunden", "pro Stunde"],
        de_gender: Gender::Fem,
        ru: ["час", "часа", "часа", "часов", "в час"],
        ru_gender: Gender::Masc,
    },
    Unit {
        symbols: &["min", "мин"],
        leads: true,
        en: ["minute", "minutes", "per minute"],
        es: ["minuto", "minutos", "por minuto"],
        es_gender: Gender::Masc,
        de: ["Minute", "Minuten", "pro Minute"],
        de_gender: Gender::Fem,
        ru: ["минута", "минуты", "минуты", "минут", "в минуту"],
        ru_gender: Gender::Fem,
    },
    Unit {
        symbols: &["d", "day", "día", "Tag", "сут"],
        leads: false,
        en: ["day", "days", "per day"],
        es: ["día", "días", "al día"],
        es_gender: Gender::Masc,
        de: ["Tag", "Tage", "pro Tag"],
        de_gender: Gender::Masc,
        ru: ["сутки", "суток", "суток", "суток", "в сутки"],
        ru_gender: Gender::Fem,
    },
];

/// Which noun form a number asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Count {
    One,
    /// Russian 2–4 (but not 12–14).
    Few,
    Many,
    /// Decimals: plural in en/es/de, genitive singular in Russian.
    Fraction,
}

/// Russian grammatical case of a number; other languages always use `Nom`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Nom,
    Gen,
    Dat,
}

impl Unit {
    fn gender(&self, lang: Lang) -> Gender {
        match lang {
            Lang::Es => self.es_gender,
            Lang::De => self.de_gender,
            Lang::Ru => self.ru_gender,
            _ => Gender::Neut,
        }
    }

    fn is_percent(&self) -> bool {
        self.symbols.contains(&"%")
    }

    /// The noun after a number. `compound` is the adjective in "a 10-mg dose", always singular.
    fn form(&self, lang: Lang, count: Count, case: Case, compound: bool) -> String {
        let one = count == Count::One;
        match lang {
            Lang::EnGb | Lang::EnUs => english(lang, if one || compound { self.en[0] } else { self.en[1] }),
            Lang::Es => (if one { self.es[0] } else { self.es[1] }).to_string(),
            Lang::De => (if one { self.de[0] } else { self.de[1] }).to_string(),
            Lang::Ru => {
                let index = match (case, count) {
                    (_, Count::Fraction) => 2,
                    (Case::Nom, Count::One) => 0,
                    (Case::Nom, Count::Few) => 1,
                    (Case::Nom, Count::Many) => 3,
                    (_, Count::One) => 2,
                    (_, _) => 3,
                };
                self.ru[index].to_string()
            }
            Lang::Other => self.symbols.first().copied().unwrap_or_default().to_string(),
        }
    }

    /// "per litre", as in "mmol/L".
    fn per(&self, lang: Lang) -> String {
        match lang {
            Lang::EnGb | Lang::EnUs => english(lang, self.en[2]),
            Lang::Es => self.es[2].to_string(),
            Lang::De => self.de[2].to_string(),
            Lang::Ru => self.ru[4].to_string(),
            Lang::Other => String::new(),
        }
    }
}

/// The tables hold GB spelling; en-US differs in three words only.
fn english(lang: Lang, words: &str) -> String {
    if lang == Lang::EnUs {
        words.replace("per cent", "percent").replace("litre", "liter").replace("metre", "meter")
    } else {
        words.to_string()
    }
}

// ---------------------------------------------------------------------------
// Rule 1: glossary
// ---------------------------------------------------------------------------

enum Piece<'a> {
    /// Display text still to be read by the other rules.
    Text(&'a str),
    /// A glossary term as written, and its spoken form, final as it is.
    Term { written: &'a str, spoken: &'a str },
}

fn apply_glossary<'a>(text: &'a str, terms: &[SpokenTerm<'a>]) -> Vec<Piece<'a>> {
    let mut terms: Vec<&SpokenTerm<'a>> = terms.iter().filter(|t| !t.term.is_empty()).collect();
    // Longest first so "LDL-C" wins over "LDL"; the sort is stable, so the caller's order breaks ties.
    terms.sort_by_key(|t| std::cmp::Reverse(t.term.chars().count()));
    let mut pieces = Vec::new();
    let mut plain_from = 0;
    let mut at = 0;
    while let Some(rest) = text.get(at..) {
        let Some(next) = rest.chars().next() else { break };
        let found = terms.iter().find(|t| rest.starts_with(t.term) && whole_token(text, at, at + t.term.len()));
        match found {
            Some(term) => {
                if let Some(plain) = text.get(plain_from..at).filter(|p| !p.is_empty()) {
                    pieces.push(Piece::Text(plain));
                }
                pieces.push(Piece::Term { written: term.term, spoken: term.spoken });
                at += term.term.len();
                plain_from = at;
            }
            None => at += next.len_utf8(),
        }
    }
    if let Some(plain) = text.get(plain_from..).filter(|p| !p.is_empty()) {
        pieces.push(Piece::Text(plain));
    }
    pieces
}

/// Whether `text[start..end]` is not glued to letters or digits on a side where the term itself is a letter or digit.
fn whole_token(text: &str, start: usize, end: usize) -> bool {
    let term = text.get(start..end).unwrap_or_default();
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    let glued_before = term.chars().next().is_some_and(is_word) && before.is_some_and(is_word);
    let glued_after = term.chars().next_back().is_some_and(is_word) && after.is_some_and(is_word);
    !glued_before && !glued_after
}

/// Letters and digits; superscript digits are reference markers, so they do not glue.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_superscript_digit(c)
}

fn is_superscript_digit(c: char) -> bool {
    matches!(c, '⁰' | '¹' | '²' | '³' | '⁴'..='⁹')
}

// ---------------------------------------------------------------------------
// Text outside glossary terms
// ---------------------------------------------------------------------------

/// `follows`: the first character of the glossary term after this text, if one follows.
fn say_text(text: &str, lang: Lang, follows: Option<char>) -> String {
    let text = strip_marks(text);
    let text = expand_abbreviations(&text, lang, follows);
    let said = match lang.lexicon() {
        Some(lex) => drop_superscripts(&say_numbers(&text, lang, lex, follows)),
        None => text,
    };
    brackets_as_pauses(&said)
}

/// Brackets are not read: what they enclose is set off by pauses, "Cardiozen (examplostatin) is" →
/// "Cardiozen, examplostatin, is"; a bracket inside a word ("patient(s)") and an empty pair are dropped.
fn brackets_as_pauses(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    // Per open bracket: where it was written in `out` and whether it was inside a word.
    let mut open: Vec<(usize, bool)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        match c {
            '(' | '[' | '{' => {
                let in_word = prev.is_some_and(is_word);
                open.push((out.len(), in_word));
                if !in_word {
                    out.push_str(", ");
                }
            }
            ')' | ']' | '}' => match open.pop() {
                Some((at, _)) if out.get(at..).is_some_and(|inside| inside.trim_matches([',', ' ']).is_empty()) => {
                    out.truncate(at);
                }
                Some((_, true)) => {}
                _ => out.push_str(", "),
            },
            _ => out.push(c),
        }
    }
    out
}

/// Lines become one paragraph; headings, list items and blank lines end a sentence so the voice pauses there.
fn join_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    let mut previous_block = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank = true;
            continue;
        }
        // As in CommonMark, "12. Woche" inside a paragraph is text; an ordered list starts at a blank
        // line, after another list item, or with "1.".
        let (content, block) = match ordered_item(line) {
            Some((number, rest)) if number == 1 || blank || previous_block || out.is_empty() => (rest, true),
            _ => strip_block_marker(line),
        };
        if !out.is_empty() {
            if (blank || block || previous_block) && !ends_sentence(&out) {
                out.push('.');
            }
            out.push(' ');
        }
        out.push_str(content);
        blank = false;
        previous_block = block;
    }
    out
}

/// "2. Avoid grapefruit" → (2, "Avoid grapefruit").
fn ordered_item(line: &str) -> Option<(u64, &str)> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let number = line.get(..digits).filter(|d| (1..=9).contains(&d.len()))?.parse().ok()?;
    let rest = line.get(digits..)?.strip_prefix(['.', ')'])?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| (number, rest.trim_start()))
}

/// Markdown heading and list markers at the start of a line.
fn strip_block_marker(line: &str) -> (&str, bool) {
    let unhashed = line.trim_start_matches('#');
    if unhashed.len() < line.len() && (unhashed.is_empty() || unhashed.starts_with(char::is_whitespace)) {
        return (unhashed.trim_start(), true);
    }
    for marker in ["- ", "* ", "+ ", "• ", "– ", "> "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return (rest.trim_start(), true);
        }
    }
    (line, false)
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['*', '_', '`', ' ']).ends_with(['.', ',', ';', ':', '?', '!', '…'])
}

// ---------------------------------------------------------------------------
// Rules 4 and 5: reference markers and markdown
// ---------------------------------------------------------------------------

fn strip_marks(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '['
            && let Some(end) = citation_end(&chars, i).or_else(|| footnote_end(&chars, i))
        {
            i = end;
            continue;
        }
        // "^1" or "^1^": a superscript written in plain text.
        if c == '^' && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            i = digits_end(&chars, i + 1);
            if chars.get(i) == Some(&'^') {
                i += 1;
            }
            continue;
        }
        if is_superscript_digit(c) || c == '⁻' {
            // "kg/m²" is a unit, not a reference; the number reader says it.
            if matches!(c, '²' | '³') && after_metre(&chars, i) {
                out.push(c);
                i += 1;
            } else {
                i = superscript_run_end(&chars, i);
            }
            continue;
        }
        match c {
            // Emphasis, code and trade marks are not read aloud; nor are dagger footnote marks.
            '*' | '_' | '`' | '®' | '™' | '†' | '‡' => {}
            '\u{2010}' | '\u{2011}' => out.push('-'),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// The index after "]" when `chars[open]` starts a numeric citation such as `[1]`, `[1,2]` or `[1–3]`.
fn citation_end(chars: &[char], open: usize) -> Option<usize> {
    let mut has_digit = false;
    for (offset, &c) in chars.get(open + 1..)?.iter().enumerate().take(40) {
        match c {
            ']' => return has_digit.then_some(open + offset + 2),
            '0'..='9' => has_digit = true,
            ',' | ';' | '-' | '–' | '—' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' => {}
            _ => return None,
        }
    }
    None
}

/// The index after "]" when `chars[open]` starts a markdown footnote reference such as `[^1]` or `[^note]`.
fn footnote_end(chars: &[char], open: usize) -> Option<usize> {
    if chars.get(open + 1) != Some(&'^') {
        return None;
    }
    for (offset, &c) in chars.get(open + 2..)?.iter().enumerate().take(40) {
        match c {
            ']' => return (offset > 0).then_some(open + offset + 3),
            c if c.is_whitespace() || c == '[' => return None,
            _ => {}
        }
    }
    None
}

fn after_metre(chars: &[char], i: usize) -> bool {
    let unit = i.checked_sub(1).and_then(|p| chars.get(p));
    let before = i.checked_sub(2).and_then(|p| chars.get(p));
    matches!(unit, Some('m' | 'м')) && !before.is_some_and(|&b| is_word(b))
}

/// The end of "¹", "¹²", "¹⁻³", "¹,²".
fn superscript_run_end(chars: &[char], start: usize) -> usize {
    let mut j = start;
    while let Some(&c) = chars.get(j) {
        let joiner = matches!(c, ',' | '-' | '–') && chars.get(j + 1).is_some_and(|&n| is_superscript_digit(n));
        if is_superscript_digit(c) || c == '⁻' || joiner {
            j += 1;
        } else {
            break;
        }
    }
    j
}

/// Superscripts left after the number reader: an "m²" it did not say, or a stray mark.
fn drop_superscripts(text: &str) -> String {
    text.chars().filter(|&c| !is_superscript_digit(c) && c != '⁻').collect()
}

// ---------------------------------------------------------------------------
// Rule 6: abbreviations
// ---------------------------------------------------------------------------

fn expand_abbreviations(text: &str, lang: Lang, follows: Option<char>) -> String {
    let mut table: Vec<&Abbreviation> = ABBREVIATIONS.iter().filter(|a| a.lang == lang.code()).collect();
    if table.is_empty() {
        return text.to_string();
    }
    // "vs." before "vs", so the dot goes with the abbreviation.
    table.sort_by_key(|a| std::cmp::Reverse(a.written.chars().count()));
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let glued = i.checked_sub(1).and_then(|p| chars.get(p)).is_some_and(|&p| is_word(p));
        let found = if glued {
            None
        } else {
            table.iter().find_map(|a| match_written(&chars, i, a.written).map(|(end, capital)| (a, end, capital)))
        };
        match found {
            Some((a, end, capital)) => {
                out.push_str(&if capital { capitalized(a.said) } else { a.said.to_string() });
                if a.written.ends_with('.') && dot_ends_sentence(&chars, end, a.ends_sentence, follows) {
                    out.push('.');
                }
                // "Dr.Smith": the dot was the only separator.
                if chars.get(end).is_some_and(|&n| is_word(n)) {
                    out.push(' ');
                }
                i = end;
            }
            None => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Matches `written` at `at`; a space in `written` matches any run of whitespace, or none.
/// Returns the end and whether the text capitalised the first letter ("E.g.").
fn match_written(chars: &[char], at: usize, written: &str) -> Option<(usize, bool)> {
    let mut i = at;
    let mut capital = false;
    for (k, expected) in written.chars().enumerate() {
        if expected == ' ' {
            while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                i += 1;
            }
            continue;
        }
        let c = *chars.get(i)?;
        if c != expected {
            let capitalised = k == 0 && expected.is_lowercase() && c.is_uppercase();
            if !(capitalised && c.to_lowercase().eq(expected.to_lowercase())) {
                return None;
            }
            capital = true;
        }
        i += 1;
    }
    if written.chars().next_back().is_some_and(is_word) && chars.get(i).is_some_and(|&c| is_word(c)) {
        return None;
    }
    Some((i, capital))
}

/// Whether an abbreviation's final dot was also the full stop: at the very end, or before a capital.
/// `follows` is what comes after `chars`: the start of a glossary term, or nothing at the end of the text.
fn dot_ends_sentence(chars: &[char], end: usize, capital_ends: bool, follows: Option<char>) -> bool {
    let next = skip_whitespace(chars, end);
    match chars.get(next).or(follows.as_ref()) {
        None => true,
        Some(c) => capital_ends && next > end && c.is_uppercase(),
    }
}

// ---------------------------------------------------------------------------
// Rules 2 and 3: numbers, units, symbols
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    Minus,
    Plus,
}

/// A number as written: digits only, group separators removed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Num {
    sign: Option<Sign>,
    /// Empty for ".05".
    int: String,
    frac: Option<String>,
}

/// A unit after a number: "mg", or "mL/min" as "mL" per "min".
struct UnitUse {
    main: &'static Unit,
    per: Vec<&'static Unit>,
}

struct Quantity {
    num: Num,
    unit: Option<UnitUse>,
    /// "10-mg dose": the unit is an adjective.
    hyphenated: bool,
    end: usize,
}

enum Scan {
    Quantity(Quantity),
    /// Leave `chars[from..end]` as written: ordinals, dates, codes.
    Verbatim(usize),
}

fn say_numbers(text: &str, lang: Lang, lex: &Lexicon, follows: Option<char>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut i = 0;
    // Whether only whitespace separates us from the last number said: "/", ":" and "x" read as
    // "per", "to" and "times" only there.
    let mut after_quantity = false;
    while let Some(&c) = chars.get(i) {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        if let Some(start) = number_start(&chars, i, prev) {
            let (end, said) = say_quantities(&chars, i, start, lang, lex, &mut out, follows);
            i = end;
            after_quantity = said;
            continue;
        }
        if let Some((word, len)) = symbol_word(&chars, i, prev, after_quantity, lex) {
            push_said(&mut out, word);
            out.push(' ');
            i += len;
            after_quantity = false;
            continue;
        }
        out.push(c);
        if !c.is_whitespace() {
            after_quantity = false;
        }
        i += 1;
    }
    out
}

/// Where a number starts at `i`: its sign and the index of its first digit (or of the dot in ".05").
fn number_start(chars: &[char], i: usize, prev: Option<char>) -> Option<(Option<Sign>, usize)> {
    let c = *chars.get(i)?;
    // Digits glued to letters belong to a word or code: "HbA1c", "T2DM", "CD4".
    if prev.is_some_and(is_word) {
        return None;
    }
    let digit_at = |j: usize| chars.get(j).is_some_and(char::is_ascii_digit);
    if c.is_ascii_digit() {
        return Some((None, i));
    }
    // APA style "p = .03".
    if c == '.' && digit_at(i + 1) && !prev.is_some_and(|p| p == '.' || p.is_ascii_digit()) {
        return Some((None, i));
    }
    let sign = match c {
        '-' | '−' => Sign::Minus,
        '+' => Sign::Plus,
        _ => return None,
    };
    let sign_context = prev.is_none_or(|p| p.is_whitespace() || "([{/=<>≥≤~≈±:;".contains(p));
    (sign_context && digit_at(i + 1)).then_some((Some(sign), i + 1))
}

/// Says one number or one range starting at `from`; returns where the text continues and whether a number was said.
/// `follows`: the start of the glossary term after `chars`, if any.
fn say_quantities(
    chars: &[char],
    from: usize,
    (sign, digits_at): (Option<Sign>, usize),
    lang: Lang,
    lex: &Lexicon,
    out: &mut String,
    follows: Option<char>,
) -> (usize, bool) {
    let first = match parse_quantity(chars, digits_at, sign, lang) {
        Scan::Quantity(q) => q,
        Scan::Verbatim(end) => {
            out.extend(chars.get(from..end).unwrap_or_default());
            return (end.max(from + 1), false);
        }
    };
    if lang == Lang::De && is_german_ordinal(chars, &first, out) {
        let end = first.end + 1;
        out.extend(chars.get(from..end).unwrap_or_default());
        return (end, false);
    }
    let mut end = first.end;
    let said = match range_after(chars, first.end).filter(|_| !first.hyphenated) {
        Some((digits2, sign2)) => match parse_quantity(chars, digits2, sign2, lang) {
            Scan::Quantity(second) => {
                end = second.end;
                say_range(chars, lang, lex, &first, &second, out)
            }
            Scan::Verbatim(_) => say_single(chars, lang, lex, &first, out),
        },
        None => say_single(chars, lang, lex, &first, out),
    };
    push_said(out, &said);
    // "… 140 мм рт. ст." at the end of a sentence: the unit symbol took the full stop with it.
    if end > 0 && chars.get(end - 1) == Some(&'.') && dot_ends_sentence(chars, end, true, follows) {
        out.push('.');
    }
    if chars.get(end).is_some_and(|&c| is_word(c)) {
        out.push(' ');
    }
    (end.max(from + 1), true)
}

/// Words before "12." that make it a German ordinal ("in der 12. Woche"), which stays as written.
const DE_ORDINAL_CUES: &[&str] = &[
    "der", "die", "das", "dem", "den", "des", "am", "im", "zum", "zur", "vom", "beim", "ab", "bis", "seit", "jeder",
    "jede",
];

fn is_german_ordinal(chars: &[char], q: &Quantity, out: &str) -> bool {
    q.unit.is_none()
        && q.num.frac.is_none()
        && chars.get(q.end) == Some(&'.')
        && chars.get(q.end + 1).is_some_and(|c| c.is_whitespace())
        && DE_ORDINAL_CUES.contains(&last_word(out).as_str())
}

fn say_single(chars: &[char], lang: Lang, lex: &Lexicon, q: &Quantity, out: &str) -> String {
    let case = case_after(out, lang);
    let gender = match q.unit {
        Some(_) => None,
        None => noun_gender_after(chars, q.end, lang)
            .or_else(|| paired_gender(chars, q.end, lang))
            .or_else(|| ru_noun_gender(chars, q, case, lang)),
    };
    say_quantity(lang, lex, q, case, gender)
}

/// Words that pair two numbers sharing one noun: "от 1 до 2 мин", "de 1 a 2 horas", "1 oder 2 Tabletten".
const PAIRING_WORDS: &[&str] = &["до", "и", "или", "to", "and", "or", "a", "y", "o", "bis", "und", "oder"];

/// The gender of the noun after the second number of a pair written out in words.
fn paired_gender(chars: &[char], end: usize, lang: Lang) -> Option<Gender> {
    let word_at = skip_whitespace(chars, end);
    let word_stop = word_end(chars, word_at);
    let word: String = chars.get(word_at..word_stop).unwrap_or_default().iter().collect::<String>().to_lowercase();
    let number_at = skip_whitespace(chars, word_stop);
    if word_at == end || number_at == word_stop || !PAIRING_WORDS.contains(&word.as_str()) {
        return None;
    }
    if !chars.get(number_at).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let Scan::Quantity(second) = parse_quantity(chars, number_at, None, lang) else {
        return None;
    };
    let gender = match &second.unit {
        Some(unit) => Some(unit.main.gender(lang)),
        None => noun_gender_after(chars, second.end, lang),
    };
    // As in a range, German pairs start with an uninflected "ein".
    if lang == Lang::De { gender.map(|_| Gender::Masc) } else { gender }
}

fn say_range(chars: &[char], lang: Lang, lex: &Lexicon, first: &Quantity, second: &Quantity, out: &str) -> String {
    let last = last_word(out);
    let between = lex.between.contains(&last.as_str());
    let (from, to, case) = if between {
        ("", lex.between_and, Case::Nom)
    } else if lang == Lang::Ru {
        // "от 10–20" already has its "от".
        (if last == lex.range_from { "" } else { lex.range_from }, lex.range_to, Case::Gen)
    } else {
        ("", lex.range_to, Case::Nom)
    };
    let second_gender = match &second.unit {
        Some(unit) => Some(unit.main.gender(lang)),
        None => noun_gender_after(chars, second.end, lang),
    };
    // "1–2 h": the first number agrees with the noun after the second ("una a dos horas", "от одной до двух
    // минут"), except in German, where a range starts with an uninflected "ein" ("ein bis zwei Stunden").
    let first_gender = if lang == Lang::De { Some(Gender::Masc) } else { second_gender };
    let second_gender = if second.unit.is_none() { second_gender } else { None };
    let words = [
        from.to_string(),
        say_quantity(lang, lex, first, case, first_gender),
        to.to_string(),
        say_quantity(lang, lex, second, case, second_gender),
    ];
    words.iter().filter(|w| !w.is_empty()).cloned().collect::<Vec<_>>().join(" ")
}

fn say_quantity(lang: Lang, lex: &Lexicon, q: &Quantity, case: Case, gender: Option<Gender>) -> String {
    let unit = q.unit.as_ref();
    // The unit table has no dative nouns; a nominative pair beats a dative number with a nominative noun.
    let case = if unit.is_some() && case == Case::Dat { Case::Nom } else { case };
    let noun = unit.map(|u| u.main.gender(lang)).or(gender);
    let (mut text, count) = say_number(lang, lex, &q.num, noun, case);
    if let Some(u) = unit {
        text.push(if q.hyphenated { '-' } else { ' ' });
        if lang == Lang::Es && is_whole_millions(&q.num) && !u.main.is_percent() {
            // "un millón de miligramos".
            text.push_str("de ");
        }
        text.push_str(&u.main.form(lang, count, case, q.hyphenated));
        for per in &u.per {
            text.push(' ');
            text.push_str(&per.per(lang));
        }
    }
    text
}

fn say_number(lang: Lang, lex: &Lexicon, num: &Num, noun: Option<Gender>, case: Case) -> (String, Count) {
    let mut words = Vec::new();
    if let Some(sign) = num.sign {
        words.push(match sign {
            Sign::Minus => lex.minus.to_string(),
            Sign::Plus => lex.plus.to_string(),
        });
    }
    let value = integer_value(&num.int);
    let count = match &num.frac {
        None => {
            words.push(match value {
                Some(n) => integer_words(lang, n, noun, case),
                None => digit_words(lang, &num.int),
            });
            count_of(lang, value)
        }
        Some(frac) => {
            words.push(decimal_words(lang, value, &num.int, frac, case));
            Count::Fraction
        }
    };
    let words: Vec<String> = words.into_iter().filter(|w| !w.is_empty()).collect();
    (words.join(" "), count)
}

/// The value when it is said as a number: no leading zero ("007" is read digit by digit) and at most 999,999,999.
fn integer_value(int: &str) -> Option<u64> {
    if int.is_empty() || int.len() > 9 || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    int.parse().ok()
}

fn is_whole_millions(num: &Num) -> bool {
    num.frac.is_none() && integer_value(&num.int).is_some_and(|n| n >= 1_000_000 && n % 1_000_000 == 0)
}

fn count_of(lang: Lang, value: Option<u64>) -> Count {
    match (lang, value) {
        (Lang::Ru, Some(n)) => ru_count(n),
        (_, Some(1)) => Count::One,
        _ => Count::Many,
    }
}

fn integer_words(lang: Lang, n: u64, noun: Option<Gender>, case: Case) -> String {
    match lang {
        Lang::EnGb => en_integer(n, true),
        Lang::EnUs => en_integer(n, false),
        Lang::Es => es_integer(n, noun),
        Lang::De => de_integer(n, noun),
        Lang::Ru => ru_integer(n, noun.unwrap_or(Gender::Masc), case),
        Lang::Other => n.to_string(),
    }
}

fn decimal_words(lang: Lang, value: Option<u64>, int: &str, frac: &str, case: Case) -> String {
    let whole = || match value {
        Some(n) => integer_words(lang, n, None, case),
        None => digit_words(lang, int),
    };
    let joined = |whole: String, mark: &str, fraction: String| {
        if whole.is_empty() { format!("{mark} {fraction}") } else { format!("{whole} {mark} {fraction}") }
    };
    match lang {
        Lang::EnGb | Lang::EnUs => joined(whole(), "point", digit_words(lang, frac)),
        Lang::Es => joined(whole(), "coma", es_fraction(frac)),
        Lang::De => joined(whole(), "Komma", digit_words(lang, frac)),
        Lang::Ru => ru_decimal(value, int, frac, case),
        Lang::Other => format!("{int}.{frac}"),
    }
}

fn digit_words(lang: Lang, digits: &str) -> String {
    let names: &[&str] = match lang {
        Lang::EnGb | Lang::EnUs => &EN_SMALL,
        Lang::Es => &ES_SMALL,
        Lang::De => &DE_SMALL,
        Lang::Ru => &RU_DIGITS,
        Lang::Other => &[],
    };
    let words: Vec<&str> =
        digits.chars().filter_map(|c| c.to_digit(10)).filter_map(|d| names.get(d as usize).copied()).collect();
    words.join(" ")
}

/// Parses a number and what follows it: a unit, a "-mg" compound, or letters that make it an ordinal or code.
fn parse_quantity(chars: &[char], at: usize, sign: Option<Sign>, lang: Lang) -> Scan {
    let (int, frac, end) = match parse_number(chars, at, lang) {
        Parsed::Number { int, frac, end } => (int, frac, end),
        Parsed::Verbatim(end) => return Scan::Verbatim(end),
    };
    // "3.º", "1.ª": Spanish ordinals stay as written.
    if chars.get(end) == Some(&'.') && matches!(chars.get(end + 1), Some('º' | 'ª')) {
        return Scan::Verbatim(end + 2);
    }
    // "10:30" is a time (out of scope), while "2:1" and "1:100" are ratios.
    if frac.is_none() && chars.get(end) == Some(&':') && is_time(&int, chars, end + 1) {
        return Scan::Verbatim(end + 3);
    }
    let num = Num { sign, int, frac };
    let quantity = |num: Num, unit: Option<(UnitUse, usize)>, hyphenated: bool| {
        let (unit, end) = match unit {
            Some((unit, unit_end)) => (Some(unit), unit_end),
            None => (None, end),
        };
        Scan::Quantity(Quantity { num, unit, hyphenated, end })
    };
    match chars.get(end) {
        Some(&c) if c.is_alphabetic() => {
            if let Some(unit) = unit_use_at(chars, end) {
                let attributive = is_attributive(chars, &unit, lang);
                return quantity(num, Some(unit), attributive);
            }
            // "2x daily".
            if c == 'x' && !chars.get(end + 1).is_some_and(|&n| is_word(n)) {
                return quantity(num, None, false);
            }
            // "12th", "3D": ordinals and codes stay as written.
            return Scan::Verbatim(word_end(chars, end));
        }
        Some('-') => {
            let letter = chars.get(end + 1).is_some_and(|c| c.is_alphabetic());
            // "12-й", "5-летний": Russian endings make ordinals and adjectives we do not inflect.
            if lang == Lang::Ru && letter {
                return Scan::Verbatim(end);
            }
            // "a 10-mg dose", "95-%-KI".
            if let Some(unit) = unit_use_at(chars, end + 1) {
                return quantity(num, Some(unit), true);
            }
            // "12-week": the number is said and the rest of the word follows.
            if letter {
                return quantity(num, None, false);
            }
        }
        _ => {}
    }
    let unit = unit_use_at(chars, skip_whitespace(chars, end));
    let attributive = unit.as_ref().is_some_and(|unit| is_attributive(chars, unit, lang));
    quantity(num, unit, attributive)
}

/// English nouns that a "10 mg" before them describes, so it reads "a ten-milligram tablet".
const EN_ATTRIBUTIVE: &[&str] = &[
    "arm",
    "arms",
    "bottle",
    "bottles",
    "capsule",
    "capsules",
    "cohort",
    "cohorts",
    "dose",
    "doses",
    "formulation",
    "group",
    "groups",
    "injection",
    "injections",
    "pack",
    "packs",
    "pen",
    "pens",
    "regimen",
    "sachet",
    "sachets",
    "strength",
    "strengths",
    "syringe",
    "syringes",
    "tablet",
    "tablets",
    "vial",
    "vials",
];

fn is_attributive(chars: &[char], (unit, end): &(UnitUse, usize), lang: Lang) -> bool {
    lang.is_english()
        && !unit.main.is_percent()
        && word_after(chars, *end).is_some_and(|word| EN_ATTRIBUTIVE.contains(&word.to_lowercase().as_str()))
}

fn is_time(hours: &str, chars: &[char], minutes_at: usize) -> bool {
    let minutes: String = chars.get(minutes_at..digits_end(chars, minutes_at)).unwrap_or_default().iter().collect();
    let fits = |digits: &str, max: u32| digits.parse::<u32>().is_ok_and(|n| n <= max);
    (1..=2).contains(&hours.len()) && minutes.len() == 2 && fits(hours, 23) && fits(&minutes, 59)
}

enum Parsed {
    Number { int: String, frac: Option<String>, end: usize },
    Verbatim(usize),
}

/// Reads digits with the locale's group separators and decimal mark.
fn parse_number(chars: &[char], at: usize, lang: Lang) -> Parsed {
    if let Some(end) = date_end(chars, at) {
        return Parsed::Verbatim(end);
    }
    let first_end = digits_end(chars, at);
    let mut int: String = chars.get(at..first_end).unwrap_or_default().iter().collect();
    let mut i = first_end;
    let mut separator = None;
    // A group separator needs a first group of one to three digits that is not a lone zero ("0.001" is a decimal).
    if (1..=3).contains(&int.len()) && !int.starts_with('0') {
        while let Some(&sep) = chars.get(i)
            && is_group_separator(lang, sep)
            && separator.is_none_or(|s| s == sep)
            && exactly_three_digits(chars, i + 1)
        {
            int.extend(chars.get(i + 1..i + 4).unwrap_or_default());
            separator = Some(sep);
            i += 4;
        }
    }
    let mut frac = None;
    if let Some(&mark) = chars.get(i)
        && is_decimal_mark(lang, mark)
        && Some(mark) != separator
        && chars.get(i + 1).is_some_and(char::is_ascii_digit)
    {
        let end = digits_end(chars, i + 1);
        frac = Some(chars.get(i + 1..end).unwrap_or_default().iter().collect());
        i = end;
    }
    // "1.2.3", "1,5.7": more parts than a number has; a version or a code.
    let another_part = |c: char| c == '.' || (c == ',' && !lang.is_english());
    if chars.get(i).is_some_and(|&c| another_part(c)) && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
        return Parsed::Verbatim(numeric_run_end(chars, at));
    }
    if int.is_empty() && frac.is_none() {
        // A lone "." that number_start took for ".05" but is not.
        return Parsed::Verbatim(at + 1);
    }
    Parsed::Number { int, frac, end: i }
}

fn is_group_separator(lang: Lang, c: char) -> bool {
    const THIN: [char; 3] = ['\u{a0}', '\u{202f}', '\u{2009}'];
    match lang {
        // A plain space is not a separator in English: "week 1 200 patients" is two numbers.
        Lang::EnGb | Lang::EnUs => c == ',' || THIN[1..].contains(&c),
        Lang::Es => c == '.' || c == ' ' || THIN.contains(&c),
        Lang::De => matches!(c, '.' | ' ' | '\'' | '’') || THIN.contains(&c),
        Lang::Ru => c == ' ' || THIN.contains(&c),
        Lang::Other => false,
    }
}

/// es/de/ru write "4,1", but "4.1" is read as a decimal too: only a "." before exactly three digits
/// ("1.200") is a group separator, and the parser tries that first.
fn is_decimal_mark(lang: Lang, c: char) -> bool {
    match lang {
        Lang::EnGb | Lang::EnUs => c == '.',
        Lang::Es | Lang::De | Lang::Ru => c == ',' || c == '.',
        Lang::Other => false,
    }
}

fn exactly_three_digits(chars: &[char], at: usize) -> bool {
    (at..at + 3).all(|j| chars.get(j).is_some_and(char::is_ascii_digit))
        && !chars.get(at + 3).is_some_and(char::is_ascii_digit)
}

fn digits_end(chars: &[char], at: usize) -> usize {
    let mut i = at;
    while chars.get(i).is_some_and(char::is_ascii_digit) {
        i += 1;
    }
    i
}

fn word_end(chars: &[char], at: usize) -> usize {
    let mut i = at;
    while chars.get(i).is_some_and(|&c| is_word(c)) {
        i += 1;
    }
    i
}

fn skip_whitespace(chars: &[char], at: usize) -> usize {
    let mut i = at;
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    i
}

/// Digits joined by punctuation, kept together when they do not form a number.
fn numeric_run_end(chars: &[char], at: usize) -> usize {
    let mut i = at;
    while let Some(&c) = chars.get(i) {
        let joiner = ".,/-:".contains(c) && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || joiner {
            i += 1;
        } else {
            break;
        }
    }
    i.max(at + 1)
}

/// "12.03.2024", "03/12/2024", "2024-03-12": dates are out of scope and stay as written.
fn date_end(chars: &[char], at: usize) -> Option<usize> {
    let g1 = digits_end(chars, at);
    let sep = *chars.get(g1)?;
    if !matches!(sep, '.' | '/' | '-') {
        return None;
    }
    let g2 = digits_end(chars, g1 + 1);
    if chars.get(g2) != Some(&sep) {
        return None;
    }
    let g3 = digits_end(chars, g2 + 1);
    let (l1, l2, l3) = (g1 - at, g2 - g1 - 1, g3 - g2 - 1);
    let day_first = (1..=2).contains(&l1) && (1..=2).contains(&l2) && (l3 == 2 || l3 == 4);
    let year_first = l1 == 4 && (1..=2).contains(&l2) && (1..=2).contains(&l3);
    // "5/10/20 mg" are dose strengths.
    let unit_follows = unit_use_at(chars, skip_whitespace(chars, g3)).is_some();
    ((day_first || year_first) && !unit_follows).then_some(g3)
}

/// A dash and a second number after the first one: "10–20", "10 - 20", "−5–−2".
fn range_after(chars: &[char], at: usize) -> Option<(usize, Option<Sign>)> {
    let i = skip_whitespace(chars, at);
    let dash = *chars.get(i)?;
    if !matches!(dash, '–' | '-' | '—' | '‒') {
        return None;
    }
    let mut j = skip_whitespace(chars, i + 1);
    let mut sign = None;
    if chars.get(j) == Some(&'−') || (dash != '-' && chars.get(j) == Some(&'-')) {
        sign = Some(Sign::Minus);
        j += 1;
    }
    chars.get(j).is_some_and(char::is_ascii_digit).then_some((j, sign))
}

/// The gender of a written-out noun after a number, where a wrong guess costs less than no guess:
/// German "eins Tablette" and Spanish "uno semana" are never right. Russian keeps the masculine default,
/// because its nouns after numbers are already inflected and their endings mislead.
fn noun_gender_after(chars: &[char], at: usize, lang: Lang) -> Option<Gender> {
    let word = word_after(chars, at)?;
    match lang {
        // German nouns are capitalised, so a capital is a noun.
        Lang::De if word.starts_with(char::is_uppercase) => {
            let feminine = DE_FEMININE_ENDINGS.iter().any(|ending| word.ends_with(ending));
            Some(if feminine { Gender::Fem } else { Gender::Masc })
        }
        Lang::Es => es_noun_gender(&word.to_lowercase()),
        _ => None,
    }
}

/// The word after the whitespace at `at`, if it is made of letters only.
fn word_after(chars: &[char], at: usize) -> Option<String> {
    if !chars.get(at).is_some_and(|c| c.is_whitespace()) {
        return None;
    }
    let start = skip_whitespace(chars, at);
    let word: String = chars.get(start..word_end(chars, start)).unwrap_or_default().iter().collect();
    (!word.is_empty() && word.chars().all(char::is_alphabetic)).then_some(word)
}

/// Russian: the written noun after a number ending in 1 or 2 shows its gender by its ending, because the
/// author already inflected it: "1 таблетка"/"2 таблетки" (feminine), "1 исследование" (neuter),
/// "более 1 недели" (feminine genitive). Masculine stays the default.
fn ru_noun_gender(chars: &[char], q: &Quantity, case: Case, lang: Lang) -> Option<Gender> {
    let value = integer_value(&q.num.int).filter(|_| lang == Lang::Ru && q.num.frac.is_none())?;
    let word = word_after(chars, q.end)?;
    if !word.chars().all(|c| matches!(c, 'а'..='я' | 'ё')) || (11..=14).contains(&(value % 100)) {
        return None;
    }
    let ends = |endings: &[&str]| endings.iter().any(|e| word.ends_with(e));
    match (case, value % 10) {
        (Case::Nom, 1) if ends(&["а", "я"]) => Some(Gender::Fem),
        (Case::Nom, 1) if ends(&["о", "е"]) => Some(Gender::Neut),
        (Case::Nom, 2) if ends(&["ы", "и"]) => Some(Gender::Fem),
        (Case::Gen, 1) if ends(&["ы", "и", "ой", "ей"]) => Some(Gender::Fem),
        _ => None,
    }
}

/// Endings of German feminine nouns ("Tablette", "Injektion", "Dosis").
const DE_FEMININE_ENDINGS: &[&str] =
    &["e", "ung", "heit", "keit", "ion", "tät", "schaft", "ie", "ik", "enz", "anz", "ur", "is"];

/// Spanish words after a number that are not the counted noun: "1 de cada 3" is "uno de cada tres".
const ES_NOT_NOUNS: &[&str] = &[
    "a", "al", "con", "cada", "como", "de", "del", "desde", "e", "en", "entre", "es", "frente", "hasta", "más",
    "menos", "ni", "no", "o", "para", "por", "que", "se", "según", "sin", "sobre", "son", "u", "vs", "y",
];
const ES_FEMININE: &[&str] =
    &["vez", "veces", "dosis", "crisis", "toma", "tomas", "forma", "formas", "crema", "cremas", "mano", "manos"];
const ES_FEMININE_ENDINGS: &[&str] =
    &["ción", "ciones", "sión", "siones", "dad", "dades", "tad", "tades", "tud", "tudes", "umbre", "umbres"];
const ES_MASCULINE: &[&str] = &["día", "días", "mapa", "mapas"];

fn es_noun_gender(word: &str) -> Option<Gender> {
    if ES_NOT_NOUNS.contains(&word) {
        return None;
    }
    let feminine = ES_FEMININE.contains(&word)
        || ES_FEMININE_ENDINGS.iter().any(|ending| word.ends_with(ending))
        || (!ES_MASCULINE.contains(&word)
            // "síntoma", "edema", "sistema": Greek -ma nouns are masculine.
            && !word.ends_with("ma")
            && !word.ends_with("mas")
            && (word.ends_with('a') || word.ends_with("as")));
    Some(if feminine { Gender::Fem } else { Gender::Masc })
}

/// The longest unit symbol at `at` that is not the start of a longer word.
fn unit_at(chars: &[char], at: usize, leading: bool) -> Option<(&'static Unit, usize)> {
    let mut best: Option<(&'static Unit, usize)> = None;
    for unit in UNITS.iter().filter(|u| u.leads || !leading) {
        for symbol in unit.symbols {
            let Some(end) = symbol_end(chars, at, symbol) else {
                continue;
            };
            // "в 2020 г." is a year, not grams.
            if *symbol == "г" && chars.get(end) == Some(&'.') {
                continue;
            }
            if best.is_none_or(|(_, e)| end > e) {
                best = Some((unit, end));
            }
        }
    }
    best
}

fn symbol_end(chars: &[char], at: usize, symbol: &str) -> Option<usize> {
    let mut i = at;
    for expected in symbol.chars() {
        if chars.get(i) != Some(&expected) {
            return None;
        }
        i += 1;
    }
    if symbol.chars().next_back().is_some_and(is_word) {
        if chars.get(i).is_some_and(|&c| is_word(c)) {
            return None;
        }
        // "2 L-dopa": a hyphen glues the letter to a word.
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|c| c.is_alphabetic()) {
            return None;
        }
    }
    Some(i)
}

/// A unit with its "/" denominators: "mg", "mmol/L", "mL/min".
fn unit_use_at(chars: &[char], at: usize) -> Option<(UnitUse, usize)> {
    let (main, mut end) = unit_at(chars, at, true)?;
    let mut per = Vec::new();
    while chars.get(end) == Some(&'/')
        && let Some((unit, unit_end)) = unit_at(chars, end + 1, false)
    {
        per.push(unit);
        end = unit_end;
    }
    Some((UnitUse { main, per }, end))
}

/// Symbols read as words: comparisons before a number, "per"/"to"/"times" between numbers.
fn symbol_word(
    chars: &[char],
    i: usize,
    prev: Option<char>,
    after_quantity: bool,
    lex: &Lexicon,
) -> Option<(&'static str, usize)> {
    let c = *chars.get(i)?;
    let next = chars.get(i + 1).copied();
    let number_follows = |from: usize| {
        let j = skip_whitespace(chars, from);
        match chars.get(j) {
            Some(d) if d.is_ascii_digit() => true,
            Some('-' | '−' | '+' | '.') => chars.get(j + 1).is_some_and(char::is_ascii_digit),
            _ => false,
        }
    };
    let word = match c {
        '≥' => (lex.at_least, 1),
        '≤' => (lex.at_most, 1),
        '±' => (lex.plus_minus, 1),
        '×' => (lex.times, 1),
        '≈' => (lex.about, 1),
        '>' if next == Some('=') && number_follows(i + 2) => (lex.at_least, 2),
        '<' if next == Some('=') && number_follows(i + 2) => (lex.at_most, 2),
        '+' if next == Some('/') && chars.get(i + 2) == Some(&'-') && number_follows(i + 3) => (lex.plus_minus, 3),
        '>' if number_follows(i + 1) => (lex.more_than, 1),
        '<' if number_follows(i + 1) => (lex.less_than, 1),
        '=' if number_follows(i + 1) => (lex.equals, 1),
        '~' if number_follows(i + 1) => (lex.about, 1),
        '/' if after_quantity && number_follows(i + 1) => (lex.per, 1),
        // "5+ years", "5 + 3".
        '+' if after_quantity => (lex.plus, 1),
        ':' if after_quantity && next.is_some_and(|n| n.is_ascii_digit()) => (lex.ratio, 1),
        'x' if after_quantity
            && prev.is_some_and(|p| p.is_ascii_digit() || p.is_whitespace())
            && !next.is_some_and(is_word) =>
        {
            (lex.times, 1)
        }
        // Symbols between words, not numbers: "R&D", "mean ± SD", "% change", "a < b", "pregnancy/breastfeeding".
        '&' => (lex.and, 1),
        '%' => (lex.percent, 1),
        '<' | '>' | '=' | '+' if spaced(chars, i) => match c {
            '<' => (lex.less_than, 1),
            '>' => (lex.more_than, 1),
            '=' => (lex.equals, 1),
            _ => (lex.plus, 1),
        },
        '/' => (slash_between_words(chars, i, lex)?, 1),
        _ => return None,
    };
    Some(word)
}

/// Whether `chars[i]` stands alone between spaces ("a < b"), as an operator does.
fn spaced(chars: &[char], i: usize) -> bool {
    let space = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| c.is_whitespace());
    space(i.checked_sub(1)) && space(Some(i + 1))
}

/// How "/" reads between two words: "or" ("pregnancy/breastfeeding"), nothing where one of them already is
/// "and" or "or" ("and/or"); `None` (left as written) in a web address, a unit ("mmol/L") or an abbreviation.
fn slash_between_words(chars: &[char], i: usize, lex: &Lexicon) -> Option<&'static str> {
    // Looking no further than a long web address or word keeps a huge run of slashes linear.
    const REACH: usize = 300;
    let letters = |range: &mut dyn Iterator<Item = usize>| -> String {
        range.take(REACH).map_while(|j| chars.get(j).filter(|c| c.is_alphabetic()).copied()).collect()
    };
    let left: String = letters(&mut (0..i).rev()).chars().rev().collect();
    let right = letters(&mut (i + 1..chars.len()));
    let joiner = |word: &str| [lex.and, lex.or].contains(&word.to_lowercase().as_str());
    if joiner(&left) && joiner(&right) {
        return Some("");
    }
    if left.chars().count() < 2 || right.chars().count() < 2 {
        return None;
    }
    let left_start = i - left.chars().count();
    let is_unit = unit_at(chars, left_start, false).is_some_and(|(_, end)| end == i)
        || unit_at(chars, i + 1, false).is_some_and(|(_, end)| end == i + 1 + right.chars().count());
    let (from, to) = (i.saturating_sub(REACH), chars.len().min(i + REACH));
    let token_start = (from..i).rev().find(|&j| chars[j].is_whitespace()).map_or(from, |j| j + 1);
    let token_end = (i..to).find(|&j| chars[j].is_whitespace()).unwrap_or(to);
    let token: String = chars[token_start..token_end].iter().collect();
    if is_unit || token.contains("://") || token.contains("www.") || token.contains('@') {
        return None;
    }
    Some(if joiner(&left) || joiner(&right) { "" } else { lex.or })
}

/// Appends words the reader generated, spaced from a preceding word ("p" in "p<0.05").
/// Case is left alone: the script is read, not typeset, and a fragment may not start a sentence.
fn push_said(out: &mut String, words: &str) {
    if out.chars().next_back().is_some_and(char::is_alphanumeric) {
        out.push(' ');
    }
    out.push_str(words);
}

fn capitalized(words: &str) -> String {
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The letters that end `out`, lower-cased: the word a number follows.
fn last_word(out: &str) -> String {
    let trimmed = out.trim_end();
    let start = trimmed.char_indices().rev().take_while(|(_, c)| c.is_alphabetic()).last().map(|(i, _)| i);
    start.and_then(|i| trimmed.get(i..)).unwrap_or_default().to_lowercase()
}

/// Russian case from the preceding word; other languages do not inflect numbers.
fn case_after(out: &str, lang: Lang) -> Case {
    if lang != Lang::Ru {
        return Case::Nom;
    }
    let last = last_word(out);
    if RU_GENITIVE_AFTER.contains(&last.as_str()) {
        Case::Gen
    } else if RU_DATIVE_AFTER.contains(&last.as_str()) {
        Case::Dat
    } else {
        Case::Nom
    }
}

// ---------------------------------------------------------------------------
// English numbers
// ---------------------------------------------------------------------------

const EN_SMALL: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const EN_TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

fn en_below_100(n: u64) -> String {
    let n = (n % 100) as usize;
    match (n / 10, n % 10) {
        (0 | 1, _) => EN_SMALL[n].to_string(),
        (t, 0) => EN_TENS[t].to_string(),
        (t, u) => format!("{}-{}", EN_TENS[t], EN_SMALL[u]),
    }
}

/// `gb`: British English says "one hundred and five".
fn en_below_1000(n: u64, gb: bool) -> String {
    let (h, r) = ((n % 1000 / 100) as usize, n % 100);
    match (h, r) {
        (0, _) => en_below_100(r),
        (_, 0) => format!("{} hundred", EN_SMALL[h]),
        _ => format!("{} hundred{} {}", EN_SMALL[h], if gb { " and" } else { "" }, en_below_100(r)),
    }
}

fn en_integer(n: u64, gb: bool) -> String {
    if n == 0 {
        return EN_SMALL[0].to_string();
    }
    let (m, t, r) = (n / 1_000_000 % 1000, n / 1000 % 1000, n % 1000);
    let mut parts = Vec::new();
    if m > 0 {
        parts.push(format!("{} million", en_below_1000(m, gb)));
    }
    if t > 0 {
        parts.push(format!("{} thousand", en_below_1000(t, gb)));
    }
    if r > 0 {
        if gb && r < 100 && !parts.is_empty() {
            parts.push("and".to_string());
        }
        parts.push(en_below_1000(r, gb));
    }
    parts.join(" ")
}

// ---------------------------------------------------------------------------
// Spanish numbers
// ---------------------------------------------------------------------------

const ES_SMALL: [&str; 30] = [
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
];
const ES_TENS: [&str; 10] =
    ["", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"];
/// Stems: "-os" or "-as" follows by gender.
const ES_HUNDREDS: [&str; 10] = [
    "",
    "ciento",
    "doscient",
    "trescient",
    "cuatrocient",
    "quinient",
    "seiscient",
    "setecient",
    "ochocient",
    "novecient",
];

/// How a Spanish number ending in one is said: alone, before a masculine noun, before a feminine noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EsOne {
    Uno,
    Un,
    Una,
}

fn es_below_100(n: u64, one: EsOne) -> String {
    let n = (n % 100) as usize;
    if n < 30 {
        return match (n, one) {
            (1, EsOne::Un) => "un",
            (1, EsOne::Una) => "una",
            (21, EsOne::Un) => "veintiún",
            (21, EsOne::Una) => "veintiuna",
            _ => ES_SMALL[n],
        }
        .to_string();
    }
    let (t, u) = (n / 10, n % 10);
    if u == 0 { ES_TENS[t].to_string() } else { format!("{} y {}", ES_TENS[t], es_below_100(u as u64, one)) }
}

fn es_below_1000(n: u64, one: EsOne, feminine: bool) -> String {
    let n = n % 1000;
    if n == 100 {
        return "cien".to_string();
    }
    let (h, r) = ((n / 100) as usize, n % 100);
    let mut parts = Vec::new();
    if h == 1 {
        parts.push(ES_HUNDREDS[1].to_string());
    } else if h > 1 {
        parts.push(format!("{}{}", ES_HUNDREDS[h], if feminine { "as" } else { "os" }));
    }
    if r > 0 {
        parts.push(es_below_100(r, one));
    }
    parts.join(" ")
}

fn es_integer(n: u64, noun: Option<Gender>) -> String {
    if n == 0 {
        return ES_SMALL[0].to_string();
    }
    let one = match noun {
        Some(Gender::Masc) => EsOne::Un,
        Some(Gender::Fem) => EsOne::Una,
        _ => EsOne::Uno,
    };
    let feminine = noun == Some(Gender::Fem);
    let (m, t, r) = (n / 1_000_000 % 1000, n / 1000 % 1000, n % 1000);
    let mut parts = Vec::new();
    if m == 1 {
        parts.push("un millón".to_string());
    } else if m > 1 {
        parts.push(format!("{} millones", es_below_1000(m, EsOne::Un, false)));
    }
    // "mil", never "un mil"; "veintiún mil", "doscientas mil horas".
    if t == 1 {
        parts.push("mil".to_string());
    } else if t > 1 {
        parts.push(format!("{} mil", es_below_1000(t, EsOne::Un, feminine)));
    }
    if r > 0 {
        parts.push(es_below_1000(r, one, feminine));
    }
    parts.join(" ")
}

/// "3,14" is "tres coma catorce"; leading zeros are said ("cero coma cero cinco"), long tails digit by digit.
fn es_fraction(frac: &str) -> String {
    let zeros = frac.len() - frac.trim_start_matches('0').len();
    let rest = frac.get(zeros..).unwrap_or_default();
    match integer_value(rest).filter(|_| rest.len() <= 3) {
        Some(n) => {
            let mut words = vec![ES_SMALL[0]; zeros].join(" ");
            if !words.is_empty() {
                words.push(' ');
            }
            words.push_str(&es_integer(n, None));
            words
        }
        None => digit_words(Lang::Es, frac),
    }
}

// ---------------------------------------------------------------------------
// German numbers
// ---------------------------------------------------------------------------

const DE_SMALL: [&str; 20] = [
    "null",
    "eins",
    "zwei",
    "drei",
    "vier",
    "fünf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "elf",
    "zwölf",
    "dreizehn",
    "vierzehn",
    "fünfzehn",
    "sechzehn",
    "siebzehn",
    "achtzehn",
    "neunzehn",
];
const DE_TENS: [&str; 10] =
    ["", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"];

fn de_below_100(n: u64) -> String {
    let n = (n % 100) as usize;
    if n < 20 {
        return DE_SMALL[n].to_string();
    }
    let (t, u) = (n / 10, n % 10);
    match u {
        0 => DE_TENS[t].to_string(),
        1 => format!("einund{}", DE_TENS[t]),
        _ => format!("{}und{}", DE_SMALL[u], DE_TENS[t]),
    }
}

fn de_below_1000(n: u64) -> String {
    let (h, r) = ((n % 1000 / 100) as usize, n % 100);
    let mut words = String::new();
    if h > 0 {
        words.push_str(if h == 1 { "ein" } else { DE_SMALL[h] });
        words.push_str("hundert");
    }
    if r > 0 {
        words.push_str(&de_below_100(r));
    }
    words
}

/// Final "eins" becomes "ein"/"eine" before a noun or a scale word: "eintausend", "ein Milligramm".
fn with_ein(words: String, ein: &str) -> String {
    match words.strip_suffix("eins") {
        Some(stem) => format!("{stem}{ein}"),
        None => words,
    }
}

fn de_integer(n: u64, noun: Option<Gender>) -> String {
    if n == 0 {
        return DE_SMALL[0].to_string();
    }
    let (m, t, r) = (n / 1_000_000 % 1000, n / 1000 % 1000, n % 1000);
    let mut parts = Vec::new();
    if m == 1 {
        parts.push("eine Million".to_string());
    } else if m > 1 {
        parts.push(format!("{} Millionen", with_ein(de_below_1000(m), "eine")));
    }
    let mut rest = String::new();
    if t > 0 {
        rest.push_str(&with_ein(de_below_1000(t), "ein"));
        rest.push_str("tausend");
    }
    if r > 0 {
        rest.push_str(&de_below_1000(r));
    }
    if !rest.is_empty() {
        parts.push(rest);
    }
    let words = parts.join(" ");
    match noun {
        None => words,
        Some(Gender::Fem) => with_ein(words, "eine"),
        Some(_) => with_ein(words, "ein"),
    }
}

// ---------------------------------------------------------------------------
// Russian numbers
// ---------------------------------------------------------------------------

const RU_DIGITS: [&str; 10] = ["ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"];

/// Per case: units 3–9 (1 and 2 depend on gender), 10–19, tens, hundreds.
struct RuForms {
    units: [&'static str; 10],
    teens: [&'static str; 10],
    tens: [&'static str; 10],
    hundreds: [&'static str; 10],
}

const RU_NOM: RuForms = RuForms {
    units: ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"],
    teens: [
        "десять",
        "одиннадцать",
        "двенадцать",
        "тринадцать",
        "четырнадцать",
        "пятнадцать",
        "шестнадцать",
        "семнадцать",
        "восемнадцать",
        "девятнадцать",
    ],
    tens: ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"],
    hundreds: ["", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"],
};

const RU_GEN: RuForms = RuForms {
    units: ["", "одного", "двух", "трёх", "четырёх", "пяти", "шести", "семи", "восьми", "девяти"],
    teens: [
        "десяти",
        "одиннадцати",
        "двенадцати",
        "тринадцати",
        "четырнадцати",
        "пятнадцати",
        "шестнадцати",
        "семнадцати",
        "восемнадцати",
        "девятнадцати",
    ],
    tens: [
        "",
        "",
        "двадцати",
        "тридцати",
        "сорока",
        "пятидесяти",
        "шестидесяти",
        "семидесяти",
        "восьмидесяти",
        "девяноста",
    ],
    hundreds: [
        "",
        "ста",
        "двухсот",
        "трёхсот",
        "четырёхсот",
        "пятисот",
        "шестисот",
        "семисот",
        "восьмисот",
        "девятисот",
    ],
};

const RU_DAT: RuForms = RuForms {
    units: ["", "одному", "двум", "трём", "четырём", "пяти", "шести", "семи", "восьми", "девяти"],
    teens: RU_GEN.teens,
    tens: RU_GEN.tens,
    hundreds: [
        "",
        "ста",
        "двумстам",
        "трёмстам",
        "четырёмстам",
        "пятистам",
        "шестистам",
        "семистам",
        "восьмистам",
        "девятистам",
    ],
};

/// Nominative after 1, after 2–4, after 5+; genitive singular; dative singular; dative plural.
const RU_THOUSAND: [&str; 6] = ["тысяча", "тысячи", "тысяч", "тысячи", "тысяче", "тысячам"];
const RU_MILLION: [&str; 6] = ["миллион", "миллиона", "миллионов", "миллиона", "миллиону", "миллионам"];

/// Russian noun agreement: 1, 21 → One; 2–4, 22–24 → Few; 0, 5–20, 11–14 → Many.
fn ru_count(n: u64) -> Count {
    match (n % 100, n % 10) {
        (11..=14, _) => Count::Many,
        (_, 1) => Count::One,
        (_, 2..=4) => Count::Few,
        _ => Count::Many,
    }
}

fn ru_scale_noun(n: u64, case: Case, forms: &[&'static str; 6]) -> &'static str {
    match (case, ru_count(n)) {
        (Case::Nom, Count::One) => forms[0],
        (Case::Nom, Count::Few) => forms[1],
        (Case::Nom, _) => forms[2],
        (Case::Gen, Count::One) => forms[3],
        (Case::Gen, _) => forms[2],
        (Case::Dat, Count::One) => forms[4],
        (Case::Dat, _) => forms[5],
    }
}

fn ru_below_1000(n: u64, gender: Gender, case: Case, words: &mut Vec<&'static str>) {
    let forms = match case {
        Case::Nom => &RU_NOM,
        Case::Gen => &RU_GEN,
        Case::Dat => &RU_DAT,
    };
    let (h, r) = ((n % 1000 / 100) as usize, (n % 100) as usize);
    if h > 0 {
        words.push(forms.hundreds[h]);
    }
    if (10..20).contains(&r) {
        words.push(forms.teens[r - 10]);
        return;
    }
    let (t, u) = (r / 10, r % 10);
    if t > 0 {
        words.push(forms.tens[t]);
    }
    let gendered = match (u, gender, case) {
        (1, Gender::Fem, Case::Nom) => "одна",
        (1, Gender::Neut, Case::Nom) => "одно",
        (1, Gender::Fem, _) => "одной",
        (2, Gender::Fem, Case::Nom) => "две",
        _ => forms.units[u],
    };
    if u > 0 {
        words.push(gendered);
    }
}

fn ru_integer(n: u64, gender: Gender, case: Case) -> String {
    if n == 0 {
        return match case {
            Case::Nom => "ноль",
            Case::Gen => "нуля",
            Case::Dat => "нулю",
        }
        .to_string();
    }
    let (m, t, r) = (n / 1_000_000 % 1000, n / 1000 % 1000, n % 1000);
    let mut words = Vec::new();
    if m > 0 {
        ru_below_1000(m, Gender::Masc, case, &mut words);
        words.push(ru_scale_noun(m, case, &RU_MILLION));
    }
    if t > 0 {
        // "тысяча двести", not "одна тысяча двести".
        if t != 1 {
            ru_below_1000(t, Gender::Fem, case, &mut words);
        }
        words.push(ru_scale_noun(t, case, &RU_THOUSAND));
    }
    if r > 0 {
        ru_below_1000(r, gender, case, &mut words);
    }
    words.join(" ")
}

const RU_FRACTION_STEMS: [&str; 6] = ["десят", "сот", "тысячн", "десятитысячн", "стотысячн", "миллионн"];

/// "4,1" is "четыре целых одна десятая"; past millionths, "запятая" and digits.
fn ru_decimal(value: Option<u64>, int: &str, frac: &str, case: Case) -> String {
    let numerator = if frac.len() <= 6 { frac.parse::<u64>().ok() } else { None };
    let stem = frac.len().checked_sub(1).and_then(|i| RU_FRACTION_STEMS.get(i));
    match (value.or(int.is_empty().then_some(0)), numerator, stem) {
        (Some(whole), Some(part), Some(stem)) => {
            let whole_one = ru_count(whole) == Count::One;
            let part_one = ru_count(part) == Count::One;
            let whole_noun = match (case, whole_one) {
                (Case::Nom, true) => "целая",
                (_, true) => "целой",
                (Case::Dat, false) => "целым",
                (_, false) => "целых",
            };
            let ending = match (case, part_one) {
                (Case::Nom, true) => "ая",
                (_, true) => "ой",
                (Case::Dat, false) => "ым",
                (_, false) => "ых",
            };
            format!(
                "{} {whole_noun} {} {stem}{ending}",
                ru_integer(whole, Gender::Fem, case),
                ru_integer(part, Gender::Fem, case)
            )
        }
        _ => {
            let whole = value.map_or_else(|| digit_words(Lang::Ru, int), |n| ru_integer(n, Gender::Masc, case));
            format!("{whole} запятая {}", digit_words(Lang::Ru, frac)).trim_start().to_string()
        }
    }
}

// ---------------------------------------------------------------------------
// Rule 5: typography
// ---------------------------------------------------------------------------

/// Dashes between words become a comma pause, whitespace collapses, punctuation hugs its word.
fn tidy(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut spaced = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p));
        let next = chars.get(i + 1);
        let spaced_hyphen =
            c == '-' && prev.is_some_and(|p| p.is_whitespace()) && next.is_some_and(|n| n.is_whitespace());
        if matches!(c, '—' | '–') || spaced_hyphen {
            let before = spaced.trim_end().chars().next_back();
            let after = chars.get(i + 1..).unwrap_or_default().iter().copied().find(|c| !c.is_whitespace());
            // "10–20" in a language whose numbers stay digits.
            if before.is_some_and(|b| b.is_ascii_digit()) && after.is_some_and(|a| a.is_ascii_digit()) {
                spaced.push(c);
                continue;
            }
            spaced.truncate(spaced.trim_end().len());
            let opens = before.is_some_and(|b| !matches!(b, ',' | ';' | ':' | '.' | '?' | '!' | '(' | '['));
            let closes = after.is_some_and(|a| !matches!(a, ',' | ';' | ':' | '.' | '?' | '!' | ')' | ']'));
            spaced.push_str(if opens && closes { ", " } else { " " });
            continue;
        }
        if c.is_whitespace() {
            if !spaced.is_empty() && !spaced.ends_with(' ') {
                spaced.push(' ');
            }
            continue;
        }
        spaced.push(c);
    }
    punctuate(&spaced)
}

fn punctuate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ',' | '.' | ';' | ':' | '?' | '!' | ')' | ']' => {
                if out.ends_with(' ') {
                    out.pop();
                }
                match c {
                    // A comma after other punctuation, or at the start, is a leftover of something removed.
                    ',' if out.is_empty() || out.ends_with([',', ';', ':', '.', '?', '!', '(', '[']) => continue,
                    '.' if out.ends_with(',') => {
                        out.pop();
                    }
                    // Brackets emptied by removing a citation.
                    ')' if out.ends_with('(') => {
                        out.pop();
                        continue;
                    }
                    ']' if out.ends_with('[') => {
                        out.pop();
                        continue;
                    }
                    _ => {}
                }
                out.push(c);
            }
            ' ' => {
                if !(out.is_empty() || out.ends_with([' ', '(', '['])) {
                    out.push(' ');
                }
            }
            _ => {
                // "one,two" needs its pause; "1,5" (a decimal comma left as digits) does not.
                if c.is_alphanumeric() && out.ends_with([',', ';']) {
                    let before = out.chars().rev().nth(1);
                    if !(c.is_ascii_digit() && before.is_some_and(|b| b.is_ascii_digit())) {
                        out.push(' ');
                    }
                }
                out.push(c);
            }
        }
    }
    // A pause at the very end is what is left of a closing bracket.
    let out = out.trim_end();
    out.strip_suffix(',').unwrap_or(out).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LDL: SpokenTerm<'static> = SpokenTerm { term: "LDL-C", spoken: "L D L cholesterol" };

    fn en(text: &str) -> String {
        spoken(text, "en-GB", &[])
    }
    fn us(text: &str) -> String {
        spoken(text, "en-US", &[])
    }
    fn es(text: &str) -> String {
        spoken(text, "es-ES", &[])
    }
    fn de(text: &str) -> String {
        spoken(text, "de-DE", &[])
    }
    fn ru(text: &str) -> String {
        spoken(text, "ru-RU", &[])
    }

    // --- the brief's examples -------------------------------------------------

    #[test]
    fn english_example_sentence() {
        assert_eq!(
            spoken("Cardiozen 10 mg reduced LDL-C by 52% versus 8% with placebo.", "en-GB", &[LDL]),
            "Cardiozen ten milligrams reduced L D L cholesterol by fifty-two per cent versus eight per cent with placebo."
        );
    }

    #[test]
    fn spanish_example_sentence() {
        let terms = [SpokenTerm { term: "C-LDL", spoken: "colesterol LDL" }];
        assert_eq!(
            spoken("Cardiozen redujo el C-LDL un 52 % en la semana 12.", "es-ES", &terms),
            "Cardiozen redujo el colesterol LDL un cincuenta y dos por ciento en la semana doce."
        );
    }

    #[test]
    fn german_example_sentence() {
        assert_eq!(de("um 52 % in Woche 12"), "um zweiundfünfzig Prozent in Woche zwölf");
        assert_eq!(de("4,1 %"), "vier Komma eins Prozent");
    }

    #[test]
    fn russian_example_sentence() {
        assert_eq!(ru("на 52 % к 12-й неделе"), "на пятьдесят два процента к 12-й неделе");
        assert_eq!(ru("21 %"), "двадцать один процент");
        assert_eq!(ru("5 %"), "пять процентов");
    }

    // --- rule 1: glossary -----------------------------------------------------

    #[test]
    fn glossary_matches_whole_tokens_only() {
        let said = |text: &str| spoken(text, "en-GB", &[LDL]);
        assert_eq!(said("LDL-C, HDL-C"), "L D L cholesterol, HDL-C");
        assert_eq!(said("(LDL-C)"), "L D L cholesterol");
        assert_eq!(said("LDL-CX"), "LDL-CX");
        assert_eq!(said("xLDL-C"), "xLDL-C");
        assert_eq!(said("non-LDL-C"), "non-L D L cholesterol");
        assert_eq!(said("**LDL-C**"), "L D L cholesterol");
        assert_eq!(said("LDL-C¹ fell"), "L D L cholesterol fell");
    }

    #[test]
    fn glossary_is_case_sensitive_and_longest_first() {
        let terms =
            [SpokenTerm { term: "LDL", spoken: "L D L" }, LDL, SpokenTerm { term: "Cardiozen", spoken: "Cardio-zen" }];
        assert_eq!(spoken("LDL-C and LDL", "en-GB", &terms), "L D L cholesterol and L D L");
        assert_eq!(spoken("ldl-c", "en-GB", &terms), "ldl-c");
        assert_eq!(spoken("CARDIOZEN Cardiozen's", "en-GB", &terms), "CARDIOZEN Cardio-zen's");
    }

    #[test]
    fn glossary_protects_terms_and_their_spoken_forms() {
        let terms = [
            SpokenTerm { term: "HbA1c", spoken: "H b A one c" },
            SpokenTerm { term: "T2D", spoken: "type 2 diabetes" },
            SpokenTerm { term: "", spoken: "ignored" },
        ];
        // The term is not read as a number, and the spoken form is used as given.
        assert_eq!(
            spoken("HbA1c <7% in T2D", "en-GB", &terms),
            "H b A one c less than seven per cent in type 2 diabetes"
        );
    }

    #[test]
    fn glossary_term_ending_in_punctuation() {
        let terms = [SpokenTerm { term: "Cardiozen®", spoken: "Cardiozen" }];
        assert_eq!(spoken("Cardiozen® 5 mg", "en-GB", &terms), "Cardiozen five milligrams");
    }

    // --- rule 2: numbers ------------------------------------------------------

    #[test]
    fn english_integers() {
        assert_eq!(en("0"), "zero");
        assert_eq!(en("week 13"), "week thirteen");
        assert_eq!(en("n 21"), "n twenty-one");
        assert_eq!(en("n 100"), "n one hundred");
        assert_eq!(en("n 105"), "n one hundred and five");
        assert_eq!(us("n 105"), "n one hundred five");
        assert_eq!(en("n 1,200"), "n one thousand two hundred");
        assert_eq!(en("n 1200"), "n one thousand two hundred");
        assert_eq!(en("in 2024"), "in two thousand and twenty-four");
        assert_eq!(us("in 2024"), "in two thousand twenty-four");
        assert_eq!(en("n 1,000,000"), "n one million");
        assert_eq!(en("n 3,000,040"), "n three million and forty");
        assert_eq!(
            en("n 999,999,999"),
            "n nine hundred and ninety-nine million nine hundred and ninety-nine thousand nine hundred and ninety-nine"
        );
    }

    #[test]
    fn spanish_integers() {
        assert_eq!(es("n 1"), "n uno");
        assert_eq!(es("n 16"), "n dieciséis");
        assert_eq!(es("n 21"), "n veintiuno");
        assert_eq!(es("n 22"), "n veintidós");
        assert_eq!(es("n 31"), "n treinta y uno");
        assert_eq!(es("n 100"), "n cien");
        assert_eq!(es("n 101"), "n ciento uno");
        assert_eq!(es("n 200"), "n doscientos");
        assert_eq!(es("n 500"), "n quinientos");
        assert_eq!(es("n 1000"), "n mil");
        assert_eq!(es("n 1.200"), "n mil doscientos");
        assert_eq!(es("en 2024"), "en dos mil veinticuatro");
        assert_eq!(es("n 21 000"), "n veintiún mil");
        assert_eq!(es("n 100 000"), "n cien mil");
        assert_eq!(es("n 1.000.000"), "n un millón");
        assert_eq!(es("n 2.500.000"), "n dos millones quinientos mil");
    }

    #[test]
    fn german_integers() {
        assert_eq!(de("n 1"), "n eins");
        assert_eq!(de("n 17"), "n siebzehn");
        assert_eq!(de("n 21"), "n einundzwanzig");
        assert_eq!(de("n 30"), "n dreißig");
        assert_eq!(de("n 100"), "n einhundert");
        assert_eq!(de("n 101"), "n einhunderteins");
        assert_eq!(de("n 1000"), "n eintausend");
        assert_eq!(de("n 1.200"), "n eintausendzweihundert");
        assert_eq!(de("im Jahr 2024"), "im Jahr zweitausendvierundzwanzig");
        assert_eq!(de("n 21.000"), "n einundzwanzigtausend");
        assert_eq!(de("n 1.000.000"), "n eine Million");
        assert_eq!(de("n 2.500.000"), "n zwei Millionen fünfhunderttausend");
    }

    #[test]
    fn russian_integers() {
        assert_eq!(ru("n 1"), "n один");
        assert_eq!(ru("n 2"), "n два");
        assert_eq!(ru("n 12"), "n двенадцать");
        assert_eq!(ru("n 40"), "n сорок");
        assert_eq!(ru("n 100"), "n сто");
        assert_eq!(ru("n 200"), "n двести");
        assert_eq!(ru("n 1000"), "n тысяча");
        assert_eq!(ru("n 2000"), "n две тысячи");
        assert_eq!(ru("n 5000"), "n пять тысяч");
        assert_eq!(ru("n 21 000"), "n двадцать одна тысяча");
        assert_eq!(ru("n 1 200"), "n тысяча двести");
        assert_eq!(ru("в 2024"), "в две тысячи двадцать четыре");
        assert_eq!(ru("n 1 000 000"), "n один миллион");
        assert_eq!(ru("n 3 000 000"), "n три миллиона");
        assert_eq!(ru("n 0"), "n ноль");
    }

    #[test]
    fn thousands_separators_follow_the_locale() {
        assert_eq!(en("1,200 patients"), "one thousand two hundred patients");
        assert_eq!(en("1\u{202f}200 patients"), "one thousand two hundred patients");
        // A plain space does not group in English: these are two numbers.
        assert_eq!(en("week 1 200"), "week one two hundred");
        assert_eq!(es("1.200 pacientes"), "mil doscientos pacientes");
        assert_eq!(es("1 200 pacientes"), "mil doscientos pacientes");
        assert_eq!(de("1.200 Patienten"), "eintausendzweihundert Patienten");
        assert_eq!(de("1 200 Patienten"), "eintausendzweihundert Patienten");
        assert_eq!(ru("1 200 пациентов"), "тысяча двести пациентов");
        assert_eq!(ru("1\u{a0}200 пациентов"), "тысяча двести пациентов");
        assert_eq!(ru("1\u{202f}200 пациентов"), "тысяча двести пациентов");
        assert_eq!(ru("12 345 678"), "двенадцать миллионов триста сорок пять тысяч шестьсот семьдесят восемь");
    }

    #[test]
    fn decimals() {
        assert_eq!(en("4.1"), "four point one");
        assert_eq!(en("0.001"), "zero point zero zero one");
        assert_eq!(en("p = .03"), "p equals point zero three");
        assert_eq!(en("1,234.5"), "one thousand two hundred and thirty-four point five");
        assert_eq!(es("4,1"), "cuatro coma uno");
        assert_eq!(es("3,14"), "tres coma catorce");
        assert_eq!(es("0,05"), "cero coma cero cinco");
        assert_eq!(es("1.200,5"), "mil doscientos coma cinco");
        assert_eq!(de("4,1"), "vier Komma eins");
        assert_eq!(de("1,25"), "eins Komma zwei fünf");
        assert_eq!(ru("4,1"), "четыре целых одна десятая");
        assert_eq!(ru("1,5"), "одна целая пять десятых");
        assert_eq!(ru("2,25"), "две целых двадцать пять сотых");
        assert_eq!(ru("0,001"), "ноль целых одна тысячная");
        assert_eq!(ru("p<.05"), "p менее нуля целых пяти сотых");
        assert_eq!(es("p<.05"), "p menor que coma cero cinco");
        // English-style decimal point in a comma-decimal locale is still a decimal.
        assert_eq!(de("0.5"), "null Komma fünf");
    }

    #[test]
    fn percentages_in_each_language() {
        assert_eq!(en("52%"), "fifty-two per cent");
        assert_eq!(en("52 %"), "fifty-two per cent");
        assert_eq!(us("52%"), "fifty-two percent");
        assert_eq!(es("52 %"), "cincuenta y dos por ciento");
        assert_eq!(es("21 %"), "veintiuno por ciento");
        assert_eq!(es("4,1 %"), "cuatro coma uno por ciento");
        assert_eq!(de("52 %"), "zweiundfünfzig Prozent");
        assert_eq!(de("1 %"), "ein Prozent");
        assert_eq!(de("52\u{202f}%"), "zweiundfünfzig Prozent");
    }

    #[test]
    fn russian_percent_agreement() {
        let cases = [
            ("1 %", "один процент"),
            ("2 %", "два процента"),
            ("4 %", "четыре процента"),
            ("5 %", "пять процентов"),
            ("11 %", "одиннадцать процентов"),
            ("12 %", "двенадцать процентов"),
            ("14 %", "четырнадцать процентов"),
            ("21 %", "двадцать один процент"),
            ("22 %", "двадцать два процента"),
            ("25 %", "двадцать пять процентов"),
            ("111 %", "сто одиннадцать процентов"),
            ("0 %", "ноль процентов"),
            ("4,1 %", "четыре целых одна десятая процента"),
        ];
        for (written, said) in cases {
            assert_eq!(ru(written), said, "{written}");
        }
    }

    #[test]
    fn ranges() {
        assert_eq!(en("10–20 mg"), "ten to twenty milligrams");
        assert_eq!(en("10-20 mg"), "ten to twenty milligrams");
        assert_eq!(en("10 mg – 20 mg"), "ten milligrams to twenty milligrams");
        assert_eq!(en("between 10–20%"), "between ten and twenty per cent");
        assert_eq!(en("from 2020–2024"), "from two thousand and twenty to two thousand and twenty-four");
        assert_eq!(es("10–20 mg"), "diez a veinte miligramos");
        assert_eq!(es("1–2 h"), "una a dos horas");
        assert_eq!(de("10–20 mg"), "zehn bis zwanzig Milligramm");
        // German ranges start with an uninflected "ein".
        assert_eq!(de("1–2 h"), "ein bis zwei Stunden");
        assert_eq!(de("1–2 Wochen"), "ein bis zwei Wochen");
        assert_eq!(es("1–2 semanas"), "una a dos semanas");
        assert_eq!(ru("10–20 %"), "от десяти до двадцати процентов");
        assert_eq!(ru("от 10–20 %"), "от десяти до двадцати процентов");
        assert_eq!(ru("от 10 до 21 мг"), "от десяти до двадцати одного миллиграмма");
        assert_eq!(ru("1–2 мин"), "от одной до двух минут");
        assert_eq!(ru("от 1 до 2 мин"), "от одной до двух минут");
        assert_eq!(es("de 1 a 2 horas"), "de una a dos horas");
        assert_eq!(de("1 oder 2 Tabletten"), "ein oder zwei Tabletten");
    }

    #[test]
    fn huge_and_odd_numbers_are_read_digit_by_digit() {
        assert_eq!(
            en("12345678901234567890"),
            "one two three four five six seven eight nine zero one two three four five six seven eight nine zero"
        );
        assert_eq!(en("code 007"), "code zero zero seven");
        assert_eq!(en("1,000,000,000 mg"), "one zero zero zero zero zero zero zero zero zero milligrams");
        assert_eq!(ru("1234567890"), "один два три четыре пять шесть семь восемь девять ноль");
    }

    #[test]
    fn out_of_scope_patterns_stay_as_written() {
        assert_eq!(en("the 12th week"), "the 12th week");
        assert_eq!(en("on 12.03.2024"), "on 12.03.2024");
        assert_eq!(en("on 2024-03-12"), "on 2024-03-12");
        assert_eq!(en("version 1.2.3"), "version 1.2.3");
        assert_eq!(ru("5-летний"), "5-летний");
        assert_eq!(de("in der 12. Woche"), "in der 12. Woche");
        assert_eq!(de("am 1. Tag"), "am 1. Tag");
        assert_eq!(de("in Woche 12. Danach"), "in Woche zwölf. Danach");
        assert_eq!(es("el 3.º día y el 1.ª semana"), "el 3.º día y el 1.ª semana");
        assert_eq!(en("at 10:30"), "at 10:30");
        assert_eq!(en("CD4 and T2DM"), "CD4 and T2DM");
    }

    #[test]
    fn numbers_agree_with_a_written_noun_in_spanish_and_german() {
        assert_eq!(es("1 vez al día"), "una vez al día");
        assert_eq!(es("durante 1 semana"), "durante una semana");
        assert_eq!(es("21 semanas"), "veintiuna semanas");
        assert_eq!(es("200 tabletas"), "doscientas tabletas");
        assert_eq!(es("1 comprimido"), "un comprimido");
        assert_eq!(es("21 pacientes"), "veintiún pacientes");
        assert_eq!(es("1 síntoma"), "un síntoma");
        assert_eq!(es("1 día"), "un día");
        assert_eq!(es("1 dosis"), "una dosis");
        assert_eq!(es("1 de cada 3"), "uno de cada tres");
        assert_eq!(de("1 Tablette täglich"), "eine Tablette täglich");
        assert_eq!(de("1 Injektion"), "eine Injektion");
        assert_eq!(de("1 Patient"), "ein Patient");
        assert_eq!(de("1 Jahr"), "ein Jahr");
        assert_eq!(de("Gruppe 1 erhielt"), "Gruppe eins erhielt");
        // Russian: the author's own noun ending tells the gender; masculine is the default.
        assert_eq!(ru("1 пациент"), "один пациент");
        assert_eq!(ru("1 таблетка"), "одна таблетка");
        assert_eq!(ru("2 таблетки"), "две таблетки");
        assert_eq!(ru("22 недели"), "двадцать две недели");
        assert_eq!(ru("2 пациента"), "два пациента");
        assert_eq!(ru("1 исследование"), "одно исследование");
        assert_eq!(ru("более 1 недели"), "более одной недели");
        assert_eq!(ru("более 1 года"), "более одного года");
        assert_eq!(ru("в течение 1 года"), "в течение одного года");
        assert_eq!(ru("11 недель"), "одиннадцать недель");
    }

    // --- rule 3: units and symbols ---------------------------------------------

    #[test]
    fn english_units_singular_and_plural() {
        assert_eq!(en("1 mg"), "one milligram");
        assert_eq!(en("10 mg"), "ten milligrams");
        assert_eq!(en("10mg"), "ten milligrams");
        assert_eq!(en("1.0 mg"), "one point zero milligrams");
        assert_eq!(en("a 10-mg dose"), "a ten-milligram dose");
        assert_eq!(en("a 12-week study"), "a twelve-week study");
        assert_eq!(en("one 10 mg tablet once daily"), "one ten-milligram tablet once daily");
        assert_eq!(en("the 20 mg group"), "the twenty-milligram group");
        assert_eq!(en("a 50% reduction"), "a fifty per cent reduction");
        assert_eq!(en("5 g, 2 kg"), "five grams, two kilograms");
        assert_eq!(en("5 mL and 1 L"), "five millilitres and one litre");
        assert_eq!(us("5 ml and 1 L"), "five milliliters and one liter");
        assert_eq!(us("30 kg/m²"), "thirty kilograms per square meter");
        assert_eq!(en("1.8 mmol/L"), "one point eight millimoles per litre");
        assert_eq!(en("70 mg/dL"), "seventy milligrams per decilitre");
        assert_eq!(
            en("100 µg, 100 μg, 100 mcg"),
            "one hundred micrograms, one hundred micrograms, one hundred micrograms"
        );
        assert_eq!(en("24 h and 30 min"), "twenty-four hours and thirty minutes");
        assert_eq!(en("1 h"), "one hour");
        assert_eq!(en("10 mg/kg"), "ten milligrams per kilogram");
        assert_eq!(en("20 mg/day"), "twenty milligrams per day");
        assert_eq!(en("BMI ≥30 kg/m²"), "BMI greater than or equal to thirty kilograms per square metre");
        assert_eq!(
            en("eGFR 60 mL/min/1.73 m²"),
            "eGFR sixty millilitres per minute per one point seven three square metres"
        );
        assert_eq!(en("140 mmHg"), "one hundred and forty millimetres of mercury");
        // Letters that are not a unit on their own stay words.
        assert_eq!(en("10 guests"), "ten guests");
        assert_eq!(en("2 L-dopa"), "two L-dopa");
    }

    #[test]
    fn spanish_units() {
        assert_eq!(es("1 mg"), "un miligramo");
        assert_eq!(es("10 mg"), "diez miligramos");
        assert_eq!(es("21 mg"), "veintiún miligramos");
        assert_eq!(es("1 h"), "una hora");
        assert_eq!(es("200 h"), "doscientas horas");
        assert_eq!(es("1,8 mmol/l"), "uno coma ocho milimoles por litro");
        assert_eq!(es("20 mg/día"), "veinte miligramos al día");
        assert_eq!(es("1.000.000 mg"), "un millón de miligramos");
    }

    #[test]
    fn german_units() {
        assert_eq!(de("1 mg"), "ein Milligramm");
        assert_eq!(de("10 mg"), "zehn Milligramm");
        assert_eq!(de("1 h"), "eine Stunde");
        assert_eq!(de("2 h"), "zwei Stunden");
        assert_eq!(de("1 min"), "eine Minute");
        assert_eq!(de("1,8 mmol/l"), "eins Komma acht Millimol pro Liter");
        assert_eq!(de("70 mg/dl"), "siebzig Milligramm pro Deziliter");
        assert_eq!(de("101 mg"), "einhundertein Milligramm");
        assert_eq!(de("95-%-KI"), "fünfundneunzig-Prozent-KI");
    }

    #[test]
    fn russian_units() {
        assert_eq!(ru("1 мг"), "один миллиграмм");
        assert_eq!(ru("2 мг"), "два миллиграмма");
        assert_eq!(ru("5 мг"), "пять миллиграммов");
        assert_eq!(ru("10 mg"), "десять миллиграммов");
        assert_eq!(ru("1 мин"), "одна минута");
        assert_eq!(ru("2 мин"), "две минуты");
        assert_eq!(ru("21 мин"), "двадцать одна минута");
        assert_eq!(ru("24 ч"), "двадцать четыре часа");
        assert_eq!(ru("1,8 ммоль/л"), "одна целая восемь десятых миллимоля на литр");
        assert_eq!(ru("5 ммоль/л"), "пять миллимолей на литр");
        assert_eq!(ru("20 мг/сут"), "двадцать миллиграммов в сутки");
        assert_eq!(ru("140 мм рт. ст."), "сто сорок миллиметров ртутного столба.");
        assert_eq!(ru("140 мм рт. ст. у"), "сто сорок миллиметров ртутного столба у");
        // "г." after a year is "год", not grams: the unit is not read.
        assert_eq!(ru("в 2020 г."), "в две тысячи двадцать г.");
    }

    #[test]
    fn comparison_and_other_symbols() {
        assert_eq!(en("p<0.001"), "p less than zero point zero zero one");
        assert_eq!(en("(p < 0.05)"), "p less than zero point zero five");
        assert_eq!(en("age ≥18"), "age greater than or equal to eighteen");
        assert_eq!(en("≤ 5 %"), "less than or equal to five per cent");
        assert_eq!(en("HR >1"), "HR greater than one");
        assert_eq!(en("5.2 ± 1.3"), "five point two plus or minus one point three");
        assert_eq!(en("2 × 10"), "two times ten");
        assert_eq!(en("2x daily"), "two times daily");
        assert_eq!(en("10/20 mg"), "ten per twenty milligrams");
        assert_eq!(en("randomised 2:1"), "randomised two to one");
        assert_eq!(en("diluted 1:100"), "diluted one to one hundred");
        assert_eq!(en("5+ years"), "five plus years");
        assert_eq!(en("5/10/20 mg"), "five per ten per twenty milligrams");
        assert_eq!(en("n = 120"), "n equals one hundred and twenty");
        assert_eq!(en("change −1.2 mmol/L"), "change minus one point two millimoles per litre");
        assert_eq!(en("a<b stays"), "a<b stays");
        assert_eq!(es("p<0,001"), "p menor que cero coma cero cero uno");
        assert_eq!(es("edad ≥18"), "edad mayor o igual que dieciocho");
        assert_eq!(de("p<0,001"), "p kleiner als null Komma null null eins");
        assert_eq!(de("5 ± 1"), "fünf plus minus eins");
        assert_eq!(ru("p<0,001"), "p менее нуля целых одной тысячной");
        assert_eq!(ru("возраст ≥18 лет"), "возраст не менее восемнадцати лет");
        assert_eq!(ru("в соотношении 1:1"), "в соотношении один к одному");
    }

    #[test]
    fn versus_in_each_language() {
        assert_eq!(en("52% vs. 8%"), "fifty-two per cent versus eight per cent");
        assert_eq!(en("52% vs 8%"), "fifty-two per cent versus eight per cent");
        assert_eq!(es("52 % vs. 8 %"), "cincuenta y dos por ciento frente a ocho por ciento");
        assert_eq!(es("52 % frente a 8 %"), "cincuenta y dos por ciento frente a ocho por ciento");
        assert_eq!(de("52 % vs. 8 %"), "zweiundfünfzig Prozent versus acht Prozent");
        assert_eq!(ru("52 % vs 8 %"), "пятьдесят два процента против восьми процентов");
        // Not inside a word.
        assert_eq!(en("canvas"), "canvas");
    }

    // --- rule 4: reference markers ---------------------------------------------

    #[test]
    fn citations_are_removed() {
        assert_eq!(en("reduced LDL [1]."), "reduced LDL.");
        assert_eq!(en("reduced LDL[1,2]."), "reduced LDL.");
        assert_eq!(en("reduced LDL [1–3], and"), "reduced LDL, and");
        assert_eq!(en("reduced LDL [1, 4-6]"), "reduced LDL");
        assert_eq!(en("reduced LDL.¹²³"), "reduced LDL.");
        assert_eq!(en("reduced LDL¹⁻³ and"), "reduced LDL and");
        assert_eq!(en("reduced LDL¹,² and"), "reduced LDL and");
        assert_eq!(en("by 52%² in"), "by fifty-two per cent in");
        assert_eq!(en("reduced LDL[^1] and[^note]."), "reduced LDL and.");
        assert_eq!(en("reduced LDL^1^ and^2"), "reduced LDL and");
        // Not a citation: brackets with words stay.
        assert_eq!(en("[see below]"), "see below");
    }

    // --- rule 5: markdown and typography ----------------------------------------

    #[test]
    fn markdown_is_stripped() {
        assert_eq!(en("**Bold** and *em* and _em_ and `code`"), "Bold and em and em and code");
        assert_eq!(en("# Key results\nCardiozen works"), "Key results. Cardiozen works");
        assert_eq!(en("Benefits:\n- fewer events\n- better adherence"), "Benefits: fewer events. better adherence");
        assert_eq!(en("First paragraph\n\nSecond one"), "First paragraph. Second one");
        assert_eq!(en("hard\nwrapped line"), "hard wrapped line");
        assert_eq!(en("1. Take with food\n2. Avoid grapefruit"), "Take with food. Avoid grapefruit");
        // Not a list: a paragraph line starting with a number other than 1.
        assert_eq!(de("in der\n12. Woche"), "in der 12. Woche");
        assert_eq!(en("at week\n12. Then"), "at week twelve. Then");
    }

    #[test]
    fn typography() {
        assert_eq!(en("  lots   of\tspace  "), "lots of space");
        assert_eq!(en("Cardiozen—a statin—works"), "Cardiozen, a statin, works");
        assert_eq!(en("Cardiozen – a statin"), "Cardiozen, a statin");
        assert_eq!(en("Cardiozen - a statin"), "Cardiozen, a statin");
        assert_eq!(en("Results — 52% responded"), "Results, fifty-two per cent responded");
        assert_eq!(en("Really? Yes! Fine; done: ok."), "Really? Yes! Fine; done: ok.");
        assert_eq!(en("LDL-C stays hyphenated"), "LDL-C stays hyphenated");
        assert_eq!(en("Cardiozen® and Brand™"), "Cardiozen and Brand");
    }

    #[test]
    fn case_of_the_surrounding_text_is_left_alone() {
        assert_eq!(en("Done. 52% responded"), "Done. fifty-two per cent responded");
        assert_eq!(de("52 % sprachen an"), "zweiundfünfzig Prozent sprachen an");
    }

    // --- rule 6: abbreviations ----------------------------------------------------

    #[test]
    fn abbreviations_in_each_language() {
        assert_eq!(en("statins, e.g. Cardiozen"), "statins, for example Cardiozen");
        assert_eq!(en("E.g. statins"), "For example statins");
        assert_eq!(en("LDL-C, i.e. the bad one"), "LDL-C, that is the bad one");
        assert_eq!(en("approx. 10 mg"), "approximately ten milligrams");
        assert_eq!(en("Dr. Smith"), "Doctor Smith");
        assert_eq!(en("statins, fibrates, etc. Then"), "statins, fibrates, et cetera. Then");
        assert_eq!(en("statins, etc."), "statins, et cetera.");
        assert_eq!(de("z. B. Statine"), "zum Beispiel Statine");
        assert_eq!(de("z.B. Statine"), "zum Beispiel Statine");
        assert_eq!(de("z.\u{202f}B. Statine"), "zum Beispiel Statine");
        assert_eq!(de("LDL-C bzw. HDL-C"), "LDL-C beziehungsweise HDL-C");
        assert_eq!(es("estatinas, p. ej. Cardiozen"), "estatinas, por ejemplo Cardiozen");
        assert_eq!(ru("ЛПНП, т. е. плохой"), "ЛПНП, то есть плохой");
        assert_eq!(ru("ЛПНП, т.е. плохой"), "ЛПНП, то есть плохой");
        // Glued to a word, it is not the abbreviation.
        assert_eq!(en("Dr.Who"), "Doctor Who");
        // A glossary term after the abbreviation does not end the sentence.
        assert_eq!(spoken("e.g. LDL-C", "en-GB", &[LDL]), "for example L D L cholesterol");
        assert_eq!(spoken("etc. LDL-C", "en-GB", &[LDL]), "et cetera. L D L cholesterol");
        assert_eq!(en("MDr. x"), "MDr. x");
    }

    // --- other languages ---------------------------------------------------------

    #[test]
    fn other_languages_keep_digits_but_get_the_rest() {
        let terms = [SpokenTerm { term: "LDL-C", spoken: "cholestérol LDL" }];
        assert_eq!(
            spoken("**Cardiozen** réduit le LDL-C de 52 %[1] — 10–20 mg.", "fr-FR", &terms),
            "Cardiozen réduit le cholestérol LDL de 52 %, 10–20 mg."
        );
        assert_eq!(spoken("e.g. 4.1", "xx", &[]), "e.g. 4.1");
    }

    #[test]
    fn locale_parsing() {
        assert_eq!(spoken("52%", "eN_us", &[]), "fifty-two percent");
        assert_eq!(spoken("52%", "en", &[]), "fifty-two per cent");
        assert_eq!(spoken("52%", "en-AU", &[]), "fifty-two per cent");
        assert_eq!(spoken("52 %", "es-MX", &[]), "cincuenta y dos por ciento");
        assert_eq!(spoken("52 %", "de-AT", &[]), "zweiundfünfzig Prozent");
        assert_eq!(spoken("52 %", "", &[]), "52 %");
    }

    // --- robustness ------------------------------------------------------------------

    #[test]
    fn odd_input_does_not_panic() {
        let odd = [
            "",
            " ",
            "%",
            "% %",
            "12345678901234567890",
            "12345678901234567890%",
            "1,000,000,000,000,000,000,000",
            "[",
            "[]",
            "[1",
            "]",
            "¹",
            "²",
            "m²",
            "–",
            "—",
            "-",
            "- ",
            "+",
            "−",
            ".",
            "..5",
            ".5",
            "1.",
            "1,",
            "0",
            "00",
            "0.0.0",
            "1/",
            "/1",
            "1:",
            ":1",
            "x",
            "1x",
            "≥",
            "≥≥1",
            "<",
            "<=",
            "+/-",
            "1-",
            "1–",
            "–1",
            "1 –",
            "e.g.",
            "z. B.",
            "т. е.",
            "#",
            "# ",
            "\n\n\n",
            "**",
            "`",
            "1\u{202f}",
            "1 00",
            "9999999999 mg",
            "999999999,999999999999",
            "0,0000001 %",
            "мм рт.",
            "\u{0}\u{1}\u{7f}",
            "🙂 5 🙂",
            "ñ1ñ",
            "1ñ",
            "1 г.",
            "2020 г",
        ];
        for locale in ["en-GB", "en-US", "es-ES", "de-DE", "ru-RU", "fr-FR", "", "-", "_x_"] {
            for text in odd {
                let _ = spoken(text, locale, &[LDL, SpokenTerm { term: "%", spoken: "" }]);
                let _ = spoken(text, locale, &[]);
            }
        }
        assert_eq!(en(""), "");
        assert_eq!(en("%"), "per cent");
        assert_eq!(spoken("LDL-C", "en-GB", &[SpokenTerm { term: "LDL-C", spoken: "" }]), "");
    }

    #[test]
    fn brackets_are_read_as_pauses() {
        assert_eq!(en("Cardiozen (examplostatin) is a tablet."), "Cardiozen, examplostatin, is a tablet.");
        assert_eq!(en("Take examplostatin (Cardiozen)."), "Take examplostatin, Cardiozen.");
        assert_eq!(en("(See below.) Then ask."), "See below. Then ask.");
        assert_eq!(en("Ask your patient(s) [and carers] today."), "Ask your patients, and carers, today.");
        assert_eq!(en("LDL-C ( ) fell."), "LDL-C fell.");
        assert_eq!(
            es("Cardiozen (examplostatina) se toma una vez al día."),
            "Cardiozen, examplostatina, se toma una vez al día."
        );
        assert_eq!(
            de("Cardiozen (Examplostatin) senkt LDL-C (Studie CZ-LIPID)."),
            "Cardiozen, Examplostatin, senkt LDL-C, Studie CZ-LIPID."
        );
        assert_eq!(ru("Кардиозен (экзамплостатин) снижает ХС ЛПНП."), "Кардиозен, экзамплостатин, снижает ХС ЛПНП.");
        // A glossary term in brackets, and a language whose numbers stay digits.
        assert_eq!(spoken("Cardiozen (LDL-C)", "en-GB", &[LDL]), "Cardiozen, L D L cholesterol");
        assert_eq!(spoken("Cardiozen (examplostatine) est", "fr-FR", &[]), "Cardiozen, examplostatine, est");
    }

    #[test]
    fn symbols_between_words_are_said() {
        assert_eq!(
            en("R&D, mean ± SD, % change, a < b, A = B and pregnancy/breastfeeding, and/or more."),
            "R and D, mean plus or minus SD, per cent change, a less than b, A equals B and pregnancy or \
             breastfeeding, and or more."
        );
        assert_eq!(
            es("I&D, media ± DE, embarazo/lactancia y/o más."),
            "I y D, media más menos DE, embarazo o lactancia y o más."
        );
        assert_eq!(
            de("F&E, Mittelwert ± SD, Schwangerschaft/Stillzeit und/oder mehr, a < b."),
            "F und E, Mittelwert plus minus SD, Schwangerschaft oder Stillzeit und oder mehr, a kleiner als b."
        );
        assert_eq!(
            ru("НИОКР & продажи, среднее ± СО, беременность/лактация, и/или a > b."),
            "НИОКР и продажи, среднее плюс-минус СО, беременность или лактация, и или a более b."
        );
        // Units, web addresses and abbreviations keep their slash; "x/y" of one letter is left alone.
        assert_eq!(en("LDL-C in mmol/L"), "LDL-C in mmol/L");
        assert_eq!(en("see https://cardiozen.example/uk/pi"), "see https://cardiozen.example/uk/pi");
        assert_eq!(en("an x/y plot"), "an x/y plot");
        assert_eq!(us("a 10% drop"), "a ten percent drop");
    }

    #[test]
    fn a_huge_run_of_slashes_and_brackets_is_read_in_linear_time() {
        // Quadratic work on 60,000 chars would take minutes; linear work takes well under a second.
        for unit in ["ab/", "(x", "x)", "((", "))", "a&b/c "] {
            let text = unit.repeat(60_000 / unit.len());
            for locale in ["en-GB", "es-ES", "de-DE", "ru-RU", "fr-FR"] {
                let _ = spoken(&text, locale, &[]);
            }
        }
    }

    #[test]
    fn random_input_does_not_panic() {
        // Deterministic xorshift over characters the reader treats specially.
        let palette: Vec<char> =
            "0123456789 .,;:-–—−+±×x/%<>=≥≤~[]()¹²³⁻*_`#\n\u{a0}\u{202f}mgLhµлмгкчт.еzB.pej vsDr".chars().collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let terms = [LDL, SpokenTerm { term: "1", spoken: "uno" }, SpokenTerm { term: "-", spoken: "dash" }];
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(palette[(state % palette.len() as u64) as usize]);
            }
            for locale in ["en-GB", "es-ES", "de-DE", "ru-RU", "fr-FR"] {
                let _ = spoken(&text, locale, &terms);
                let _ = spoken(&text, locale, &[]);
            }
        }
    }

    #[test]
    fn long_input_is_read_in_linear_time() {
        let paragraph = "Cardiozen 10 mg reduced LDL-C by 52% (p<0.001)[1] — e.g. 1,200 patients, 10–20 mg/day. ";
        let text = paragraph.repeat(2000);
        let said = spoken(&text, "en-GB", &[LDL]);
        assert!(said.len() > text.len());
        let dashes = "– ".repeat(20_000) + &" ".repeat(20_000) + &"1.".repeat(20_000);
        let _ = spoken(&dashes, "de-DE", &[]);
    }

    #[test]
    fn output_is_deterministic() {
        let text = "Cardiozen 10 mg reduced LDL-C by 52% (95% CI 48–56%; p<0.001)[1] vs. placebo.";
        let terms = [LDL, SpokenTerm { term: "LDL", spoken: "L D L" }];
        let first = spoken(text, "en-GB", &terms);
        for _ in 0..5 {
            assert_eq!(spoken(text, "en-GB", &terms), first);
        }
    }

    #[test]
    fn supported_languages_never_leave_digits() {
        // Patterns every locale reads the same way.
        let shared = [
            "Cardiozen 10 mg reduced LDL-C by 52% versus 8% with placebo.",
            "Dose: 10–20 mg/day; p<0.001.¹² [1,2] [1–3]",
            "BMI ≥30 kg/m², eGFR ≥60 mL/min/1.73 m², SBP 140 mmHg, ≤ 5 %, > 2, ~3.",
            "Change −1 ± 2 over 24 h vs. 30 min; ratio 2:1, 2 × 5 mg, 10/20 mg, 2x, 10mg, 5 µg, 5 mcg.",
            "In 2024: 0, 7, 13, 21, 100, 101, 999, 1000, 21000, 100000, 999999999 and 12345678901234567890.",
            "Code 007 and .05 and 52 %, 10 mg–20 mg, 1 mmol/L, 1 mg/dL, 1 g, 1 kg, 1 L, 1 mL.",
        ];
        let own: [(&str, &[&str]); 5] = [
            ("en-GB", &["At week 12, 1,200 patients (52.4%) reached LDL-C <1.8 mmol/L, p = .03, e.g. 4.1%."]),
            ("en-US", &["1\u{202f}200 patients; 1,234,567.89 mg; a 10-mg dose over a 12-week study."]),
            ("es-ES", &["redujo el C-LDL un 52 % en la semana 12 frente a 8 %; 1.200, 1 200, 4,1 %, 1.000.000 mg."]),
            ("de-DE", &["um 52 % in Woche 12, z. B. 4,1 % bzw. 1–2 h; 1.200, 1 200, 1\u{2019}200."]),
            ("ru-RU", &["на 52 %, 21 % и 5 %; от 10 до 20 мг; 1,8 ммоль/л; 140 мм рт. ст.; 1 200; 1\u{a0}200 мг."]),
        ];
        for (locale, texts) in own {
            for text in shared.iter().chain(texts.iter()) {
                let said = spoken(text, locale, &[LDL]);
                assert!(!said.chars().any(char::is_numeric), "{locale}: {text:?} → {said:?}");
            }
        }
    }
}
