//! `unsupported-claim`: statistics and comparisons in the writer's own words
//! (SPEC §3.2a). A number that reports a result ("61% of patients", "1 in 3",
//! "HR 0.76") or a comparison with another treatment ("better than",
//! "versus", "twice as many") belongs in the claims library, inserted with
//! `[[CLAIM-ID]]`; doses, strengths, dates, durations, job codes and list
//! numbering are not claims.
//!
//! The detector reads words, not grammar: a tokeniser, then cues per language
//! (English, Spanish, German, Russian) with guards for what a cue does not
//! mean in context ("compared with placebo" in a trial's design, "more than
//! 7 days", "3 times the upper limit of normal"). Other languages get the
//! universal number formats only: percentages, p-values, HR/OR/RR/CI/NNT.
//! Its precision and recall are measured on a labelled set
//! (`tests/unsupported/*.tsv`).

use super::Lint;
use crate::diag::{Diagnostic, Pos};
use crate::render::strings::language;

/// Reports every statistic and comparison in the writer's own words: every
/// unit of every message (claims' wording left out: it is locked in
/// claims.yaml, with its references).
pub fn run(cx: &Lint<'_>, out: &mut Vec<Diagnostic>) {
    for (m, units) in cx.messages() {
        let source = cx.source(&m.file);
        let lines: Vec<usize> = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        for u in units {
            let mut placer = Placer::new(source, &lines, &u.own, u.pos);
            for span in find(m.locale(), &u.own) {
                let phrase = &u.own[span.start..span.end];
                let what = match span.kind {
                    Kind::Statistic => "a statistic",
                    Kind::Comparison => "a comparison",
                };
                out.push(
                    Diagnostic::error(
                        crate::codes::UNSUPPORTED_CLAIM,
                        &m.file,
                        format!("`{phrase}` is {what} in the writer's own words"),
                    )
                    .at(placer.place(span))
                    .span(phrase.chars().count())
                    .hint("statistics and comparisons must come from the claims library: add the statement to content/claims.yaml with its references and insert it with `[[CLAIM-ID]]`"),
                );
            }
        }
    }
}

/// Places the spans of one unit's text `own` in the source, in reading
/// order; each search goes on from the one before, so a long paragraph is
/// read once.
struct Placer<'a> {
    source: &'a str,
    /// The byte offset where each line of the source starts.
    lines: &'a [usize],
    own: &'a str,
    unit: Pos,
    /// Where the last span placed stands, in `own` and in the source.
    own_from: usize,
    src_from: usize,
}

impl<'a> Placer<'a> {
    fn new(source: &'a str, lines: &'a [usize], own: &'a str, unit: Pos) -> Self {
        let src_from = lines.get(unit.line.saturating_sub(1)).copied().unwrap_or(source.len());
        Placer { source, lines, own, unit, own_from: 0, src_from }
    }

    /// Where the phrase at `span` is written, from the unit's line on: the
    /// same occurrence of it (the second `vs` of a paragraph is reported at
    /// the second), its words possibly on several lines; else the same
    /// occurrence of its first word, when Markdown splits it (`**1 in**
    /// 3`); else the unit's start.
    fn place(&mut self, span: Span) -> Pos {
        let words: Vec<&str> = self.own[span.start..span.end].split_whitespace().collect();
        // The unit's source is its text and some markup: searched that far.
        let mut limit = (self.src_from + 4 * self.own.len() + 4096).min(self.source.len());
        while !self.source.is_char_boundary(limit) {
            limit -= 1;
        }
        let source = &self.source[..limit];
        for (whole, words) in [(true, &words[..]), (false, &words[..words.len().min(1)])] {
            if words.is_empty() {
                break;
            }
            let nth =
                occurrences(&self.own[..span.end], self.own_from, words).take_while(|&at| at < span.start).count();
            if let Some(at) = occurrences(source, self.src_from, words).nth(nth) {
                if whole {
                    (self.own_from, self.src_from) = (span.start, at);
                }
                let line = self.lines.partition_point(|&start| start <= at);
                let start = self.lines[line - 1];
                return Pos::new(line, self.source[start..at].chars().count() + 1);
            }
        }
        self.unit
    }
}

/// The byte offsets, from `from` on, where `words` stand in `text` one
/// after the other, separated by white space (a line break too, and a
/// quote's `>` after it), not inside a longer word.
fn occurrences<'t>(text: &'t str, from: usize, words: &'t [&'t str]) -> impl Iterator<Item = usize> + 't {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut at = from;
    std::iter::from_fn(move || {
        while at < text.len() {
            let start = at + text[at..].find(words[0])?;
            at = start + text[start..].chars().next().map_or(1, char::len_utf8);
            if alnum(text[..start].chars().next_back()) {
                continue;
            }
            let mut end = start + words[0].len();
            let mut whole = true;
            for w in &words[1..] {
                let gap =
                    text[end..].len() - text[end..].trim_start_matches(|c: char| c.is_whitespace() || c == '>').len();
                if !text[end..end + gap].contains(char::is_whitespace) || !text[end + gap..].starts_with(w) {
                    whole = false;
                    break;
                }
                end += gap + w.len();
            }
            if whole && !alnum(text[end..].chars().next()) {
                return Some(start);
            }
        }
        None
    })
}

/// What an offending phrase states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A number that reports a result: a percentage, a ratio, a rate, a count of patients.
    Statistic,
    /// A comparison with another treatment (or a multiple of one).
    Comparison,
}

/// An offending phrase: a byte range of the text, on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// The statistics and comparisons in `text`, a text in `locale` (BCP 47;
/// its language decides the cues): at most one per sentence, the first
/// offending phrase in it, in reading order.
pub fn find(locale: &str, text: &str) -> Vec<Span> {
    let lang = lang(locale);
    let toks = tokens(text);
    let mut out = Vec::new();
    let mut from = 0;
    while from < toks.len() {
        // A point glued to digits (`P<.001`) is a decimal point, not a full stop.
        let decimal = |i: usize| toks[i].is('.') && toks.get(i + 1).is_some_and(|n| n.glued && n.t == T::Number);
        let to = (from..toks.len()).find(|&i| toks[i].ends_sentence() && !decimal(i)).map_or(toks.len(), |i| i + 1);
        let mut s = Sentence { toks: &toks[from..to], text, lang, uln: false };
        s.uln = s.mentions(ULN);
        if let Some(span) = s.first() {
            out.push(span);
        }
        from = to;
    }
    out
}

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum T {
    /// Letters (and digits inside, as in `HbA1c`, `CZ-UK-0042`, `24/7`).
    Word,
    /// Digits with `.`/`,` separators: `61`, `0.001`, `1,842`, `3.000`.
    Number,
    /// Digits then letters: `2-fold`, `3-mal`, `12-й`, `10mg`, `1st`.
    NumSuffix,
    /// One other character: `%`, `<`, `:`, a line break…
    Punct,
}

#[derive(Debug)]
struct Tok {
    start: usize,
    end: usize,
    t: T,
    /// Lower-cased text (for `NumSuffix`, the suffix only).
    low: String,
    /// Whether the token follows the previous one without a space.
    glued: bool,
}

impl Tok {
    fn ends_sentence(&self) -> bool {
        self.t == T::Punct && matches!(self.low.as_str(), "." | "!" | "?" | ";" | "…" | "\n")
    }
    fn is(&self, p: char) -> bool {
        self.t == T::Punct && self.low.starts_with(p)
    }
}

/// Characters that join two alphanumerics into one token.
const JOINERS: &[char] = &['-', '.', ',', '/', '\'', '’', '‐'];

fn tokens(s: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut i = 0;
    let mut space = true;
    while let Some(c) = s[i..].chars().next() {
        let start = i;
        i += c.len_utf8();
        if c.is_whitespace() && c != '\n' {
            space = true;
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Tok { start, end: i, t: T::Punct, low: c.to_lowercase().collect(), glued: !space });
            space = false;
            continue;
        }
        loop {
            let mut rest = s[i..].chars();
            match (rest.next(), rest.next()) {
                (Some(d), _) if d.is_alphanumeric() => i += d.len_utf8(),
                (Some(j), Some(d)) if JOINERS.contains(&j) && d.is_alphanumeric() => i += j.len_utf8() + d.len_utf8(),
                _ => break,
            }
        }
        let text = &s[start..i];
        let numeric = |c: char| c.is_numeric() || c == '.' || c == ',';
        let (t, low) = if text.chars().all(numeric) {
            (T::Number, text.to_string())
        } else {
            let digits = text.find(|c: char| !numeric(c)).unwrap_or(text.len());
            let suffix = text[digits..].strip_prefix('-').unwrap_or(&text[digits..]);
            if digits > 0 && !suffix.is_empty() && suffix.chars().all(char::is_alphabetic) {
                (T::NumSuffix, suffix.to_lowercase())
            } else {
                (T::Word, text.to_lowercase())
            }
        };
        out.push(Tok { start, end: i, t, low, glued: !space });
        space = false;
    }
    out
}

/// `word` matches `pattern`: exactly, or by prefix (`reduc*`) or suffix (`*rate`).
fn matches(word: &str, pattern: &str) -> bool {
    if let Some(p) = pattern.strip_suffix('*') {
        word.starts_with(p)
    } else if let Some(p) = pattern.strip_prefix('*') {
        word.ends_with(p) && word.len() > p.len()
    } else {
        word == pattern
    }
}

fn any(word: &str, patterns: &[&str]) -> bool {
    patterns.iter().any(|p| matches(word, p))
}

// -------------------------------------------------------------- language

/// A cue: a phrase (words separated by spaces; `*` for a prefix or suffix)
/// that states a statistic or a comparison unless a guard holds.
struct Cue {
    phrase: &'static str,
    kind: Kind,
    unless: &'static [Guard],
}

#[derive(Clone, Copy)]
enum Guard {
    /// The word before is one of these (a passive describing a trial's design).
    After(&'static [&'static str]),
    /// The arms are not named (for `против`, also "against" a disease): no
    /// capitalised name or number before it, no placebo after it.
    AfterLowercase,
    /// One of the next `n` tokens is one of these words.
    Before(usize, &'static [&'static str]),
    /// One of the next `n` tokens is a number (a limit: "superior a 25 °C").
    BeforeNumber(usize),
    /// The sentence names the upper limit of normal (a lab threshold).
    Uln,
    /// A dose is the subject, before the cue with at least `n` auxiliary
    /// words between ("the dose can be doubled", "die Dosis halbieren"):
    /// a dosing instruction.
    DoseBefore(usize),
}

use Kind::{Comparison as C, Statistic as S};

const fn cue(phrase: &'static str, kind: Kind) -> Cue {
    Cue { phrase, kind, unless: &[] }
}
const fn guarded(phrase: &'static str, kind: Kind, unless: &'static [Guard]) -> Cue {
    Cue { phrase, kind, unless }
}

/// A language's cues.
struct Lang {
    /// Number words ("seven in ten", "ninety percent").
    numbers: &'static [&'static str],
    /// Words after a number that make it a percentage.
    percent: &'static [&'static str],
    /// Phrases that are a statistic or comparison wherever they stand.
    cues: &'static [Cue],
    /// "than" and the comparatives that come before it.
    than: &'static [&'static str],
    comparatives: &'static [&'static str],
    /// Words right before "than" that make it no comparison ("rather than").
    not_than: &'static [&'static str],
    /// After "than", words that name the other arm ("than with", "que con"):
    /// then a comparative anywhere before counts.
    than_arm: &'static [&'static str],
    /// "N times" + one of `after_times` is a multiple ("3 times more likely").
    times: &'static [&'static str],
    after_times: &'static [&'static str],
    /// A word that must come before "N times" (Russian `в 3 раза`).
    times_after: Option<&'static str>,
    /// "N in M", "N out of M": the words between the two numbers.
    ratio: &'static [&'static str],
    /// Words that report a change: a number after one is a result.
    change: &'static [&'static str],
    /// Summary statistics and rates: a number after one is a result.
    summary: &'static [&'static str],
    rates: &'static [&'static str],
    /// "Significantly" before a comparative.
    significantly: &'static [&'static str],
}

const UNIVERSAL: Lang = Lang {
    numbers: &[],
    percent: &[],
    cues: &[],
    than: &[],
    comparatives: &[],
    not_than: &[],
    than_arm: &[],
    times: &[],
    after_times: &[],
    times_after: None,
    ratio: &[],
    change: &[],
    summary: &[],
    rates: &[],
    significantly: &[],
};

const PASSIVE_EN: &[&str] = &["was", "were", "is", "are", "be", "been", "being"];
const BASELINE: &[&str] = &[
    "baseline",
    "basal",
    "inicio",
    "ausgangswert*",
    "ausgangsniveau",
    "studienbeginn",
    "therapiebeginn",
    "behandlungsbeginn",
    "vorwert*",
    "исходн*",
];
const DOSE_WORDS: &[&str] = &["dose*", "tablet*", "dosis", "comprimido*", "dosen", "tablette*", "доз*", "таблет*"];
/// Words between a dose and what is done to it ("the dose can be doubled").
const AUXILIARIES: &[&str] = &[
    "can",
    "may",
    "should",
    "must",
    "will",
    "be",
    "is",
    "was",
    "been",
    "kann",
    "sollte",
    "muss",
    "wird",
    "werden",
    "darf",
    "puede",
    "debe",
    "se",
    "ser",
    "можно",
    "может",
    "следует",
    "нужно",
];

const EN: Lang = Lang {
    numbers: &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "thirty", "forty",
        "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "a",
    ],
    percent: &["percent", "per cent", "percentage point*"],
    cues: &[
        guarded("versus", C, &[Guard::Before(3, BASELINE)]),
        guarded("vs", C, &[Guard::Before(3, BASELINE)]),
        guarded("compared with", C, &[Guard::After(PASSIVE_EN), Guard::Before(3, BASELINE)]),
        guarded("compared to", C, &[Guard::After(PASSIVE_EN), Guard::Before(3, BASELINE)]),
        guarded("in comparison with", C, &[Guard::Before(3, BASELINE)]),
        guarded("in comparison to", C, &[Guard::Before(3, BASELINE)]),
        guarded("relative to", C, &[Guard::Before(3, BASELINE)]),
        guarded("superior to", C, &[Guard::BeforeNumber(2)]),
        guarded("inferior to", C, &[Guard::BeforeNumber(2)]),
        cue("superiority", C),
        cue("non-inferior*", C),
        cue("noninferior*", C),
        cue("outperform*", C),
        guarded("beat", C, &[Guard::Before(1, &["per", "rate*"])]),
        guarded("beats", C, &[Guard::Before(1, &["per", "rate*"])]),
        cue("head-to-head", C),
        cue("as effective as", C),
        cue("as effectively as", C),
        cue("as good as", C),
        cue("works as well as", C),
        cue("worked as well as", C),
        cue("performs as well as", C),
        cue("performed as well as", C),
        cue("comparable to", C),
        cue("comparable with", C),
        cue("similar to", C),
        cue("equivalent to", C),
        guarded("twice as", C, &[Guard::Uln]),
        guarded("twice the", C, &[Guard::Uln]),
        guarded("double the", C, &[Guard::Uln, Guard::Before(2, DOSE_WORDS)]),
        guarded("doubled", C, &[Guard::Before(2, DOSE_WORDS), Guard::DoseBefore(1)]),
        guarded("doubles", C, &[Guard::Before(2, DOSE_WORDS)]),
        guarded("halve*", C, &[Guard::Before(2, DOSE_WORDS), Guard::DoseBefore(1)]),
        guarded("*fold", C, &[Guard::Uln]),
        guarded("half of", S, &[Guard::Before(2, DOSE_WORDS)]),
        cue("by half", S),
        cue("a third of", S),
        cue("one third of", S),
        cue("one-third of", S),
        cue("two thirds of", S),
        cue("two-thirds of", S),
        cue("a quarter of", S),
        cue("one quarter of", S),
        cue("three quarters of", S),
        cue("three-quarters of", S),
        cue("by a third", S),
        cue("by a quarter", S),
        guarded("every second", S, &[Guard::Before(1, TIME)]),
        guarded("every third", S, &[Guard::Before(1, TIME)]),
        guarded("every fourth", S, &[Guard::Before(1, TIME)]),
        guarded("every fifth", S, &[Guard::Before(1, TIME)]),
        guarded("every tenth", S, &[Guard::Before(1, TIME)]),
        cue("hazard ratio*", S),
        cue("odds ratio*", S),
        cue("risk ratio*", S),
        cue("relative risk", S),
        cue("absolute risk", S),
        cue("number needed to*", S),
        cue("confidence interval*", S),
        cue("statistically significant*", S),
        cue("p-value*", S),
        cue("p value*", S),
    ],
    than: &["than"],
    comparatives: &[
        "more", "less", "fewer", "better", "worse", "greater", "higher", "lower", "faster", "slower", "earlier",
        "sooner", "stronger", "weaker", "longer", "shorter", "larger", "smaller", "bigger", "quicker", "further",
        "superior", "inferior",
    ],
    not_than: &["rather", "other"],
    than_arm: &["with", "on", "any", "placebo", "in"],
    times: &["times"],
    after_times: &[
        "as", "more", "less", "fewer", "higher", "lower", "greater", "likelier", "faster", "better", "larger",
        "smaller", "likely",
    ],
    times_after: None,
    ratio: &["in", "out of", "of every", "of"],
    change: &[
        "reduc*", "cut", "cuts", "lower", "lowers", "lowered", "lowering", "fell", "fall*", "drop*", "decreas*",
        "increas*", "improv*", "rose", "rise*", "raise*", "boost*", "gain*",
    ],
    summary: &["mean", "median", "average"],
    rates: &["rate", "rates", "incidence"],
    significantly: &["significantly"],
};

const ES: Lang = Lang {
    numbers: &[
        "un",
        "uno",
        "una",
        "dos",
        "tres",
        "cuatro",
        "cinco",
        "seis",
        "siete",
        "ocho",
        "nueve",
        "diez",
        "veinte",
        "treinta",
        "cuarenta",
        "cincuenta",
        "sesenta",
        "setenta",
        "ochenta",
        "noventa",
        "cien",
    ],
    percent: &["por ciento", "punto* porcentual*"],
    cues: &[
        guarded("versus", C, &[Guard::Before(3, BASELINE)]),
        guarded("vs", C, &[Guard::Before(3, BASELINE)]),
        guarded("frente a", C, &[Guard::Before(3, BASELINE)]),
        guarded("frente al", C, &[Guard::Before(3, BASELINE)]),
        guarded("en comparación con", C, &[Guard::Before(3, BASELINE)]),
        guarded(
            "comparad* con",
            C,
            &[Guard::After(&["fue", "fueron", "es", "son", "sido"]), Guard::Before(3, BASELINE)],
        ),
        guarded("respecto a", C, &[Guard::After(&["con"]), Guard::Before(3, BASELINE)]),
        guarded("respecto al", C, &[Guard::After(&["con"]), Guard::Before(3, BASELINE)]),
        guarded("superior a", C, &[Guard::BeforeNumber(2)]),
        guarded("superior al", C, &[Guard::BeforeNumber(2)]),
        guarded("inferior a", C, &[Guard::BeforeNumber(2)]),
        cue("superioridad", C),
        cue("no inferior*", C),
        cue("supera a", C),
        cue("supera al", C),
        cue("superan a", C),
        cue("superan al", C),
        cue("superó a", C),
        cue("superó al", C),
        cue("tan eficaz como", C),
        cue("tan bien como", C),
        cue("igual de eficaz que", C),
        cue("comparable* a", C),
        cue("comparable* con", C),
        cue("similar* a", C),
        cue("equivalente* a", C),
        guarded("el doble", C, &[Guard::Uln, Guard::Before(2, DOSE_WORDS)]),
        guarded("del doble", C, &[Guard::Uln, Guard::Before(2, DOSE_WORDS)]),
        guarded("el triple", C, &[Guard::Uln]),
        guarded("duplica*", C, &[Guard::Before(2, DOSE_WORDS), Guard::DoseBefore(0)]),
        guarded("triplica*", C, &[Guard::Before(2, DOSE_WORDS), Guard::DoseBefore(0)]),
        guarded("la mitad de*", S, &[Guard::Before(2, DOSE_WORDS)]),
        cue("a la mitad", S),
        cue("un tercio", S),
        cue("dos tercios", S),
        cue("una cuarta parte", S),
        cue("tres cuartas partes", S),
        cue("hazard ratio*", S),
        cue("odds ratio*", S),
        cue("cociente de riesgo*", S),
        cue("riesgo relativo", S),
        cue("riesgo absoluto", S),
        cue("número necesario*", S),
        cue("intervalo de confianza", S),
        cue("estadísticamente significativ*", S),
        cue("valor de p", S),
    ],
    than: &["que"],
    comparatives: &["más", "menos", "mejor*", "peor*", "mayor*", "menor*", "antes"],
    not_than: &[],
    than_arm: &["con", "cualquier*", "placebo", "en"],
    times: &["veces"],
    after_times: &["más", "menos", "mayor*", "menor*", "superior*", "inferior*"],
    times_after: None,
    ratio: &["de cada", "de"],
    change: &[
        "reduc*",
        "redujo",
        "redujeron",
        "baj*",
        "disminu*",
        "aument*",
        "mejor*",
        "descen*",
        "caída*",
        "increment*",
    ],
    summary: &["media", "mediana", "promedio"],
    rates: &["tasa*", "incidencia*"],
    significantly: &["significativamente"],
};

const DE: Lang = Lang {
    numbers: &[
        "ein", "eine", "einer", "einem", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
        "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig", "hundert",
    ],
    percent: &["prozent", "prozentpunkt*"],
    cues: &[
        guarded("versus", C, &[Guard::Before(3, BASELINE)]),
        guarded("vs", C, &[Guard::Before(3, BASELINE)]),
        guarded("gegenüber", C, &[Guard::Before(3, BASELINE)]),
        guarded("im vergleich zu*", C, &[Guard::Before(3, BASELINE)]),
        guarded("im vergleich mit", C, &[Guard::Before(3, BASELINE)]),
        guarded(
            "verglichen mit",
            C,
            &[Guard::After(&["wurde", "wurden", "wird", "werden"]), Guard::Before(3, BASELINE)],
        ),
        guarded("überlegen", C, &[Guard::Before(1, &["sie"])]),
        cue("überlegenheit", C),
        cue("nicht unterlegen*", C),
        cue("nichtunterlegen*", C),
        cue("übertrifft", C),
        cue("übertreffen", C),
        cue("übertraf*", C),
        cue("genauso wirksam wie", C),
        cue("ebenso wirksam wie", C),
        cue("genauso gut wie", C),
        cue("ebenso gut wie", C),
        cue("gleich wirksam wie", C),
        cue("vergleichbar*", C),
        cue("äquivalent*", C),
        guarded("doppelt so", C, &[Guard::Uln]),
        guarded("zweimal so", C, &[Guard::Uln]),
        guarded("dreimal so", C, &[Guard::Uln]),
        guarded("verdoppel*", C, &[Guard::Before(2, DOSE_WORDS), Guard::DoseBefore(0)]),
        guarded("halbier*", C, &[Guard::Before(2, DOSE_WORDS), Guard::DoseBefore(0)]),
        guarded("zweifach*", C, &[Guard::Uln]),
        guarded("dreifach*", C, &[Guard::Uln]),
        cue("die hälfte", S),
        cue("der hälfte", S),
        cue("ein drittel", S),
        cue("zwei drittel", S),
        cue("ein viertel", S),
        cue("drei viertel", S),
        guarded("jede* zweite*", S, &[Guard::Before(1, TIME)]),
        guarded("jede* dritte*", S, &[Guard::Before(1, TIME)]),
        guarded("jede* vierte*", S, &[Guard::Before(1, TIME)]),
        guarded("jede* fünfte*", S, &[Guard::Before(1, TIME)]),
        guarded("jede* zehnte*", S, &[Guard::Before(1, TIME)]),
        cue("hazard ratio*", S),
        cue("odds ratio*", S),
        cue("relative* risiko", S),
        cue("absolute* risiko", S),
        cue("number needed to*", S),
        cue("konfidenzintervall*", S),
        cue("statistisch signifikant*", S),
        cue("p-wert*", S),
    ],
    than: &["als"],
    comparatives: &[
        "mehr",
        "weniger",
        "besser*",
        "schlechter*",
        "stärker*",
        "schwächer*",
        "höher*",
        "niedriger*",
        "größer*",
        "geringer*",
        "schneller*",
        "langsamer*",
        "früher*",
        "später*",
        "seltener*",
        "häufiger*",
        "wirksamer*",
        "effektiver*",
        "länger*",
        "kürzer*",
        "deutlicher*",
        "ausgeprägter*",
    ],
    not_than: &["sowohl", "ebenso", "sowie"],
    than_arm: &["unter", "mit", "jede*", "placebo", "bei"],
    times: &["mal"],
    after_times: &[
        "so",
        "mehr",
        "weniger",
        "höher*",
        "niedriger*",
        "größer*",
        "stärker*",
        "häufiger*",
        "schneller*",
        "besser*",
        "wahrscheinlicher*",
    ],
    times_after: None,
    ratio: &["von"],
    change: &[
        "senk*",
        "sank*",
        "gesenkt",
        "gesunken",
        "reduz*",
        "reduktion*",
        "verringer*",
        "steiger*",
        "erhöh*",
        "zunahme",
        "abnahme",
        "verbesser*",
        "fiel*",
        "rückgang",
    ],
    summary: &["mittlere*", "mittel", "median*", "durchschnittlich*"],
    rates: &["*rate", "*raten", "rate", "raten", "inzidenz"],
    significantly: &["signifikant"],
};

const RU: Lang = Lang {
    numbers: &[
        "один",
        "одна",
        "одного",
        "два",
        "две",
        "двух",
        "три",
        "трех",
        "трёх",
        "четыре",
        "пять",
        "шесть",
        "семь",
        "восемь",
        "девять",
        "десять",
        "четырех",
        "четырёх",
        "пяти",
        "шести",
        "семи",
        "восьми",
        "девяти",
        "десяти",
        "двадцать",
        "тридцать",
        "сорок",
        "пятьдесят",
        "шестьдесят",
        "семьдесят",
        "восемьдесят",
        "девяносто",
        "сто",
        "полтора",
    ],
    percent: &["процент*", "процентн* пункт*"],
    cues: &[
        guarded("против", C, &[Guard::AfterLowercase]),
        guarded("vs", C, &[Guard::Before(3, BASELINE)]),
        guarded("versus", C, &[Guard::Before(3, BASELINE)]),
        guarded("по сравнению с*", C, &[Guard::Before(3, BASELINE)]),
        guarded("в сравнении с*", C, &[Guard::Before(3, BASELINE)]),
        guarded("сравнительно с*", C, &[Guard::Before(3, BASELINE)]),
        cue("превосход*", C),
        cue("не уступа*", C),
        cue("не хуже", C),
        cue("эффективнее", C),
        cue("результативнее", C),
        cue("так же эффективен", C),
        cue("так же хорошо", C),
        cue("так же эффективно", C),
        cue("не менее эффективен", C),
        cue("сопоставим*", C),
        cue("сравним* с", C),
        guarded("вдвое", C, &[Guard::Uln]),
        guarded("втрое", C, &[Guard::Uln]),
        guarded("двукратн*", C, &[Guard::Uln]),
        guarded("трехкратн*", C, &[Guard::Uln]),
        guarded("трёхкратн*", C, &[Guard::Uln]),
        guarded("наполовину", S, &[Guard::Before(2, DOSE_WORDS)]),
        guarded("половин*", S, &[Guard::Before(2, DOSE_WORDS), Guard::Before(1, TIME)]),
        cue("треть", S),
        cue("трети", S),
        cue("две трети", S),
        cue("четверть", S),
        guarded("кажд* втор*", S, &[Guard::Before(1, TIME)]),
        guarded("кажд* трет*", S, &[Guard::Before(1, TIME)]),
        guarded("кажд* четв*", S, &[Guard::Before(1, TIME)]),
        guarded("кажд* пят*", S, &[Guard::Before(1, TIME)]),
        guarded("кажд* десят*", S, &[Guard::Before(1, TIME)]),
        cue("отношение рисков", S),
        cue("отношение шансов", S),
        cue("относительн* риск*", S),
        cue("абсолютн* риск*", S),
        cue("число больных , которых необходимо лечить", S),
        cue("число пациентов , которых необходимо лечить", S),
        cue("доверительн* интервал*", S),
        cue("статистически значим*", S),
    ],
    than: &["чем"],
    comparatives: &[
        "больше",
        "меньше",
        "лучше",
        "хуже",
        "выше",
        "ниже",
        "сильнее",
        "слабее",
        "быстрее",
        "медленнее",
        "чаще",
        "реже",
        "раньше",
        "позже",
        "эффективнее",
        "более",
        "менее",
        "дольше",
        "длительнее",
    ],
    not_than: &["прежде"],
    than_arm: &["при", "на", "у", "любой", "любого", "плацебо"],
    times: &["раз", "раза"],
    after_times: &[],
    times_after: Some("в"),
    ratio: &["из"],
    change: &["сниж*", "сниз*", "уменьш*", "увелич*", "повыс*", "повыш*", "улучш*", "падени*"],
    summary: &["средн*", "медиан*"],
    rates: &["частот*"],
    significantly: &["достоверно", "значимо"],
};

fn lang(locale: &str) -> &'static Lang {
    match language(locale).to_ascii_lowercase().as_str() {
        "en" => &EN,
        "es" => &ES,
        "de" => &DE,
        "ru" => &RU,
        _ => &UNIVERSAL,
    }
}

// ---------------------------------------------------------- shared words

/// Abbreviations of statistics; written in capitals, followed by a number.
const ABBREVIATIONS: &[&str] = &[
    "HR", "aHR", "OR", "RR", "RRR", "ARR", "CI", "NNT", "NNH", "IRR", "KI", "IC", "RAR", "ДИ", "ОР", "ОШ", "ЧБНЛ",
    "СОР", "САР",
];

/// After a number: doses, durations, packs, temperatures. Such a number is
/// not a result.
const UNITS: &[&str] = &[
    "mg",
    "g",
    "kg",
    "µg",
    "μg",
    "mcg",
    "ng",
    "ml",
    "l",
    "iu",
    "ui",
    "ie",
    "units",
    "unidades",
    "einheiten",
    "мг",
    "мкг",
    "мл",
    "г",
    "ед",
    "ме",
    "°",
    "°c",
    "c",
];
const TIME: &[&str] = &[
    "day*",
    "daily",
    "week*",
    "month*",
    "year*",
    "hour*",
    "h",
    "min",
    "minute*",
    "día*",
    "dia*",
    "semana*",
    "mes",
    "meses",
    "año*",
    "hora*",
    "minuto*",
    "tag",
    "tage*",
    "tages",
    "woche*",
    "monat*",
    "jahr*",
    "stunde*",
    "minuten",
    "uhr",
    "дн*",
    "день",
    "недел*",
    "месяц*",
    "год*",
    "лет",
    "час*",
    "минут*",
    "сут*",
];
const PACKS: &[&str] = &[
    "tablet*",
    "capsule*",
    "puff*",
    "inhalation*",
    "injection*",
    "dose*",
    "drop*",
    "sachet*",
    "comprimido*",
    "cápsula*",
    "inhalaci*",
    "pulsaci*",
    "inyecci*",
    "dosis",
    "gota*",
    "tablette*",
    "kapsel*",
    "hub",
    "hübe",
    "hüben",
    "injektion*",
    "dosen",
    "tropfen",
    "stück",
    "таблет*",
    "капсул*",
    "ингаляц*",
    "вдох*",
    "инъекц*",
    "доз*",
    "капел*",
    "капл*",
    "штук*",
];
/// Before a number: list numbering, places, versions, study days.
const LISTS: &[&str] = &[
    "step",
    "question",
    "page",
    "slide",
    "module",
    "chapter",
    "part",
    "section",
    "version",
    "week",
    "day",
    "visit",
    "stand",
    "booth",
    "paso",
    "pregunta",
    "página",
    "diapositiva",
    "módulo",
    "capítulo",
    "parte",
    "sección",
    "versión",
    "semana",
    "día",
    "visita",
    "estand",
    "schritt",
    "frage",
    "seite",
    "folie",
    "modul",
    "kapitel",
    "teil",
    "abschnitt",
    "woche",
    "tag",
    "besuch",
    "шаг",
    "вопрос",
    "страница",
    "слайд",
    "модуль",
    "глава",
    "часть",
    "раздел",
    "версия",
    "неделя",
    "день",
    "визит",
    "стенд",
];
/// People counted: a number before one is a count of patients, a result.
const PEOPLE: &[&str] = &[
    "patient*",
    "adult*",
    "people",
    "person*",
    "participant*",
    "physician*",
    "doctor*",
    "cardiologist*",
    "prescriber*",
    "prescription*",
    "women",
    "men",
    "paciente*",
    "adulto*",
    "persona*",
    "participante*",
    "médico*",
    "cardiólogo*",
    "prescripci*",
    "mujeres",
    "hombres",
    "erwachsene*",
    "teilnehmer*",
    "ärzt*",
    "kardiolog*",
    "verordnung*",
    "frauen",
    "männer",
    "пациент*",
    "больн*",
    "взросл*",
    "человек*",
    "участник*",
    "врач*",
    "кардиолог*",
    "назначени*",
    "женщин*",
    "мужчин*",
];
const MULTIPLIERS: &[&str] =
    &["million*", "thousand*", "millón", "millones", "mil", "tausend", "миллион*", "тысяч*", "млн"];
/// The upper limit of normal: "3 times the ULN" is a lab threshold.
const ULN: &[&str] = &[
    "upper limit of normal",
    "uln",
    "límite superior de la normalidad",
    "lsn",
    "oberen normgrenze",
    "normgrenze",
    "верхн* границ* нормы",
    "вгн",
];
/// Comparatives of quantity: before a number they state a limit or a count.
const QUANTITY: &[&str] = &[
    "more",
    "less",
    "fewer",
    "longer",
    "más",
    "menos",
    "mehr",
    "weniger",
    "länger",
    "больше",
    "меньше",
    "более",
    "менее",
    "дольше",
];
/// Formulations whose strength is a percentage ("1% cream").
const STRENGTH: &[&str] = &[
    "cream",
    "gel",
    "ointment",
    "solution",
    "lotion",
    "spray",
    "w/w",
    "w/v",
    "crema",
    "pomada",
    "solución",
    "loción",
    "creme",
    "salbe",
    "lösung",
    "*creme",
    "*salbe",
    "*lösung",
    "*-gel",
    "крем*",
    "мазь",
    "гел*",
    "раствор*",
];

// -------------------------------------------------------------- sentences

struct Sentence<'a> {
    toks: &'a [Tok],
    text: &'a str,
    lang: &'static Lang,
    /// Whether the sentence names the upper limit of normal.
    uln: bool,
}

impl Sentence<'_> {
    fn word(&self, i: usize) -> Option<&str> {
        self.toks.get(i).filter(|t| t.t == T::Word).map(|t| t.low.as_str())
    }

    fn is_number(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.t == T::Number)
    }

    fn is_numberish(&self, i: usize) -> bool {
        self.is_number(i) || self.word(i).is_some_and(|w| self.lang.numbers.contains(&w))
    }

    /// The phrase `pattern` (space-separated parts) at token `i`: the index
    /// after its last token.
    fn phrase_at(&self, i: usize, pattern: &str) -> Option<usize> {
        let mut j = i;
        for part in pattern.split(' ') {
            let t = self.toks.get(j)?;
            if t.t == T::Number || !matches(&t.low, part) {
                return None;
            }
            j += 1;
        }
        Some(j)
    }

    fn any_phrase_at(&self, i: usize, patterns: &[&str]) -> Option<usize> {
        patterns.iter().find_map(|p| self.phrase_at(i, p))
    }

    fn mentions(&self, patterns: &[&str]) -> bool {
        (0..self.toks.len()).any(|i| self.any_phrase_at(i, patterns).is_some())
    }

    fn span(&self, from: usize, to: usize, kind: Kind) -> Span {
        Span { start: self.toks[from].start, end: self.toks[to - 1].end, kind }
    }

    fn guarded(&self, i: usize, end: usize, guards: &[Guard]) -> bool {
        guards.iter().any(|g| match *g {
            Guard::After(words) => i > 0 && self.word(i - 1).is_some_and(|w| any(w, words)),
            Guard::AfterLowercase => {
                let named =
                    i > 0 && self.toks[i - 1].t == T::Word && self.written(i - 1).starts_with(char::is_uppercase);
                let number = i > 0 && (self.is_number(i - 1) || self.toks[i - 1].is('%'));
                let placebo = self.word(end).is_some_and(|w| w.starts_with("плацебо") || w.starts_with("placebo"));
                !(named || number || placebo)
            }
            Guard::Before(n, words) => (end..end + n).any(|j| self.word(j).is_some_and(|w| any(w, words))),
            Guard::BeforeNumber(n) => (end..end + n).any(|j| self.is_number(j)),
            Guard::Uln => self.uln,
            Guard::DoseBefore(n) => {
                let mut j = i;
                while j > 0 && self.word(j - 1).is_some_and(|w| any(w, AUXILIARIES)) {
                    j -= 1;
                }
                i - j >= n && j > 0 && self.word(j - 1).is_some_and(|w| any(w, DOSE_WORDS))
            }
        })
    }

    /// The first offending phrase of the sentence: a number format or a cue
    /// first ("`2.1%`", not "`cuts HbA1c by 2.1`"), else a result after a
    /// word of change.
    fn first(&self) -> Option<Span> {
        (0..self.toks.len())
            .find_map(|i| self.at(i))
            .or_else(|| (0..self.toks.len()).find_map(|i| self.result_after(i).map(|end| self.span(i, end, S))))
    }

    /// An offending phrase starting at token `i`.
    fn at(&self, i: usize) -> Option<Span> {
        let t = &self.toks[i];
        let lang = self.lang;
        // Numbers: percentages, p-values, ratios, counts, results.
        if self.is_numberish(i) {
            if let Some(end) = self.percent(i) {
                return Some(self.span(i, end, S));
            }
            if let Some(end) = self.ratio(i) {
                return Some(self.span(i, end, S));
            }
            if let Some(end) = self.times(i) {
                return Some(self.span(i, end, C));
            }
            if let Some(end) = self.people(i) {
                return Some(self.span(i, end, S));
            }
        }
        if t.t == T::NumSuffix
            && (t.low == "fold" || t.low.starts_with("fach") || t.low.starts_with("кратн"))
            && !self.uln
        {
            return Some(self.span(i, i + 1, C));
        }
        if t.t == T::NumSuffix && t.low == "mal" && self.word(i + 1).is_some_and(|w| any(w, lang.after_times)) {
            return Some(self.span(i, i + 2, C));
        }
        // `3x more`, `2× as likely`, `3 x mehr`: a multiple (not `2 x 5 mg`).
        let multiple = |w: &str| any(w, lang.after_times) || any(w, lang.comparatives);
        if t.t == T::NumSuffix && t.low == "x" && self.word(i + 1).is_some_and(multiple) {
            return Some(self.span(i, i + 2, C));
        }
        if self.is_number(i)
            && self.toks.get(i + 1).is_some_and(|t| t.is('×') || t.low == "x")
            && self.word(i + 2).is_some_and(multiple)
        {
            return Some(self.span(i, i + 3, C));
        }
        // `9/10 patients`: a share of people.
        if t.t == T::Word
            && let Some((n, m)) = t.low.split_once('/')
            && let (Ok(n), Ok(m)) = (n.parse::<u64>(), m.parse::<u64>())
            && n <= m
            && self.word(i + 1).is_some_and(|w| any(w, PEOPLE))
        {
            return Some(self.span(i, i + 2, S));
        }
        if t.t == T::Word {
            let text = &t.low;
            // p < 0.001
            if text == "p" {
                let mut j = i + 1;
                while self.toks.get(j).is_some_and(|t| t.t == T::Punct && "<>=≤≥⩽⩾".contains(t.low.as_str())) {
                    j += 1;
                }
                // `P<.001`: the leading zero left out.
                let point = usize::from(self.toks.get(j).is_some_and(|t| t.is('.')) && self.is_number(j + 1));
                if j > i + 1 && self.is_number(j + point) {
                    return Some(self.span(i, j + point + 1, S));
                }
            }
            if ABBREVIATIONS.contains(&self.written(i)) && (i + 1..i + 5).any(|j| self.is_number(j)) {
                return Some(self.span(i, i + 1, S));
            }
            for c in lang.cues {
                if let Some(end) = self.phrase_at(i, c.phrase)
                    && !self.guarded(i, end, c.unless)
                {
                    return Some(self.span(i, end, c.kind));
                }
            }
            if any(text, lang.significantly) && self.word(i + 1).is_some_and(|w| any(w, lang.comparatives)) {
                return Some(self.span(i, i + 2, C));
            }
            if let Some(end) = self.than(i) {
                return Some(self.span(i, end, C));
            }
        }
        None
    }

    /// Token `i` as written.
    fn written(&self, i: usize) -> &str {
        let t = &self.toks[i];
        &self.text[t.start..t.end]
    }

    /// `61%`, `61 %`, `95-%`, `ninety percent` — unless a formulation's strength.
    fn percent(&self, i: usize) -> Option<usize> {
        let sign = |j: usize| self.toks.get(j).is_some_and(|t| ['%', '٪', '‰', '％', '﹪'].iter().any(|&c| t.is(c)));
        let end = if self.is_number(i) && sign(i + 1) {
            i + 2
        } else if self.is_number(i) && self.toks.get(i + 1).is_some_and(|t| t.is('-')) && sign(i + 2) {
            i + 3
        } else {
            self.any_phrase_at(i + 1, self.lang.percent)?
        };
        let strength =
            (i.saturating_sub(3)..i).chain(end..end + 2).any(|j| self.word(j).is_some_and(|w| any(w, STRENGTH)))
                || self.toks.get(end).is_some_and(|t| t.glued && t.t == T::Word && t.low.starts_with("ig"));
        (!strength).then_some(end)
    }

    /// `1 in 3`, `7 out of 10 patients`, `8 de cada 10`, `2 von 3 Patienten`.
    fn ratio(&self, i: usize) -> Option<usize> {
        let between = self.any_phrase_at(i + 1, self.lang.ratio)?;
        if !self.is_numberish(between) {
            return None;
        }
        let next = self.toks.get(between + 1)?;
        let listed = i > 0 && self.word(i - 1).is_some_and(|w| any(w, LISTS));
        let counted = next.t == T::Word && !any(&next.low, UNITS) && !any(&next.low, TIME);
        let (n, m) = (int(&self.toks[i]), int(&self.toks[between]));
        let smaller = match (n, m) {
            (Some(n), Some(m)) => n < m,
            _ => true,
        };
        // "of" and "de" alone join too much to count without a counted noun.
        let loose = matches!(self.toks[i + 1].low.as_str(), "of" | "de") && between == i + 2;
        let people = any(&next.low, PEOPLE);
        (counted && !listed && smaller && (!loose || people)).then_some(between + 1)
    }

    /// `3 times more likely`, `3 veces más`, `в 3 раза`.
    fn times(&self, i: usize) -> Option<usize> {
        let lang = self.lang;
        let w = self.word(i + 1)?;
        if !lang.times.contains(&w) || self.uln {
            return None;
        }
        match lang.times_after {
            Some(prefix) => {
                let daily = self.word(i + 2) == Some(prefix) && self.word(i + 3).is_some_and(|w| any(w, TIME));
                (i > 0 && self.word(i - 1) == Some(prefix) && !daily).then_some(i + 2)
            }
            None => self.word(i + 2).is_some_and(|w| any(w, lang.after_times)).then_some(i + 3),
        }
    }

    /// `1,842 patients`, `3.000 Patienten`, `1 million patients`.
    fn people(&self, i: usize) -> Option<usize> {
        let mut j = i + 1;
        if self.word(j).is_some_and(|w| any(w, MULTIPLIERS)) {
            j += 1;
            if matches!(self.word(j), Some("de" | "of")) {
                j += 1;
            }
        } else if !self.is_number(i) {
            return None;
        }
        self.word(j).is_some_and(|w| any(w, PEOPLE)).then_some(j + 1)
    }

    /// A comparative within four words before "than" (`better than`, `fewer
    /// discontinuations than`), or further before a "than" that names the
    /// other arm (`greater reductions were seen … than with`). Not a limit
    /// (`more than 7 days`) nor `more than one`.
    fn than(&self, i: usize) -> Option<usize> {
        let lang = self.lang;
        if !any(&self.toks[i].low, lang.comparatives) {
            return None;
        }
        let mut words = 0;
        let mut j = i + 1;
        while let Some(t) = self.toks.get(j) {
            match t.t {
                T::Punct if t.is(',') || t.is('-') || t.is('—') => {}
                T::Punct => return None,
                _ if lang.than.contains(&t.low.as_str())
                    && (words <= 4 || self.word(j + 1).is_some_and(|w| any(w, lang.than_arm))) =>
                {
                    let before = self.word(j - 1).is_some_and(|w| lang.not_than.contains(&w));
                    // "more than 7 days", "more than one therapy": a limit or a
                    // count, not a comparison ("wirksamer als eine Therapie" is one).
                    let quantity = any(&self.toks[i].low, QUANTITY);
                    let limit = (j + 1..j + 3).any(|k| self.is_number(k) || (quantity && self.is_numberish(k)));
                    return (!before && !limit).then_some(j + 1);
                }
                _ => {
                    // Bounded: a sentence of many comparatives stays linear.
                    words += 1;
                    if words > 40 {
                        return None;
                    }
                }
            }
            j += 1;
        }
        None
    }

    /// A number after a word that reports a result: `reduced by 30`,
    /// `fell from 3.4 to 1.6 mmol/L`, `a rate of 0.62`, `median 4.5 weeks`.
    fn result_after(&self, i: usize) -> Option<usize> {
        let lang = self.lang;
        if self.toks[i].t != T::Word {
            return None;
        }
        let w = &self.toks[i].low;
        let change = any(w, lang.change);
        let summary = any(w, lang.summary);
        let rate = any(w, lang.rates);
        if !(change || summary || rate) || self.uln {
            return None;
        }
        (i + 1..(i + 8).min(self.toks.len()))
            .find(|&k| {
                if !self.is_number(k) || is_year(&self.toks[k]) {
                    return false;
                }
                let next = self.toks.get(k + 1);
                let unit = next.is_some_and(|t| any(&t.low, UNITS) || any(&t.low, PACKS));
                let time = next.is_some_and(|t| any(&t.low, TIME));
                let listed = self.word(k - 1).is_some_and(|w| any(w, LISTS));
                let times = next.is_some_and(|t| self.lang.times.contains(&t.low.as_str()));
                if unit || listed || times {
                    return false;
                }
                if summary {
                    return true;
                }
                if rate {
                    return self.toks[k].low.contains(['.', ','])
                        || next.is_some_and(|t| any(&t.low, &["per", "por", "pro"]));
                }
                !time
            })
            .map(|k| k + 1)
    }
}

fn int(t: &Tok) -> Option<u64> {
    if t.t == T::Number { t.low.parse().ok() } else { None }
}

fn is_year(t: &Tok) -> bool {
    int(t).is_some_and(|y| (1900..=2100).contains(&y)) && t.low.len() == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(locale: &str, text: &str) -> Vec<String> {
        find(locale, text).iter().map(|s| text[s.start..s.end].to_string()).collect()
    }

    #[test]
    fn one_phrase_per_sentence_in_reading_order() {
        assert_eq!(phrases("en-GB", "61% reached goal versus 12%. Take 10 mg daily. HR 0.74."), ["61%", "HR"]);
        assert_eq!(phrases("ru-RU", "Кардиозен против плацебо: на 52 % ниже."), ["против"]);
        assert_eq!(phrases("de-DE", "Senkt LDL-C um 52 %."), ["52 %"]);
    }

    #[test]
    fn tokens_keep_codes_and_dates_whole() {
        let kinds: Vec<T> = tokens("UK-CZ-2611-0142 2026-11-01 24/7 2-fold 1,842 12-й").iter().map(|t| t.t).collect();
        assert_eq!(kinds, [T::Word, T::Word, T::Word, T::NumSuffix, T::Number, T::NumSuffix]);
    }

    #[test]
    fn unknown_languages_get_the_number_formats_only() {
        assert_eq!(phrases("fr-FR", "61 % des patients, p<0,001, mieux que le placebo"), ["61 %"]);
        assert!(phrases("fr-FR", "mieux que le placebo").is_empty());
    }
}
