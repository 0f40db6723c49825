//! `unsupported-claim`: statistics and comparisons in the writer's own words.
//! The detector's precision and recall on the labelled set
//! (`tests/unsupported/<lang>.tsv`), then the rule through `check`: the
//! right file, line and column, claims and doses left alone, hostile text.

use crate::common::{TempWorkspace, assert_at};
use serde_json::Value;
use unisono::lint::unsupported::find;

const MSG: &str = "content/messages/sample-welcome.md";

/// Precision and recall of the detector on one language's labelled set;
/// prints every miss and false alarm.
fn measure(lang: &str, locale: &str) -> (f64, f64, usize) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/unsupported/{lang}.tsv"));
    let text = std::fs::read_to_string(&path).unwrap();
    let (mut tp, mut fp, mut fn_, mut n) = (0, 0, 0, 0);
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (label, sentence) = line.split_once('\t').unwrap_or_else(|| panic!("{lang}.tsv: no tab in {line:?}"));
        let found = find(locale, sentence);
        n += 1;
        match (label, found.is_empty()) {
            ("1", false) => tp += 1,
            ("1", true) => {
                fn_ += 1;
                println!("{lang} missed:      {sentence}");
            }
            ("0", false) => {
                fp += 1;
                let s = found[0];
                println!("{lang} false alarm: {sentence}  [{}]", &sentence[s.start..s.end]);
            }
            ("0", true) => {}
            _ => panic!("{lang}.tsv: label must be 0 or 1: {line:?}"),
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!("{lang}: {n} sentences, precision {precision:.3}, recall {recall:.3} (tp {tp}, fp {fp}, fn {fn_})");
    (precision, recall, n)
}

#[test]
fn precision_and_recall_on_the_labelled_set() {
    // Floors just under what the detector measures (README, Checks).
    let floors = [
        ("en", "en-GB", 0.97, 0.97),
        ("es", "es-ES", 0.97, 0.97),
        ("de", "de-DE", 0.97, 0.97),
        ("ru", "ru-RU", 0.97, 0.97),
    ];
    let mut failed = Vec::new();
    for (lang, locale, min_p, min_r) in floors {
        let (p, r, n) = measure(lang, locale);
        assert!(n >= 100, "{lang}: at least 100 labelled sentences, got {n}");
        if p < min_p || r < min_r {
            failed.push(format!("{lang}: precision {p:.3} (floor {min_p}), recall {r:.3} (floor {min_r})"));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

/// The 1-based line and column (in characters) of `needle` in a file.
fn where_is(ws: &TempWorkspace, rel: &str, needle: &str) -> (u64, u64) {
    let text = ws.read(rel);
    for (i, line) in text.lines().enumerate() {
        if let Some(at) = line.find(needle) {
            return ((i + 1) as u64, (line[..at].chars().count() + 1) as u64);
        }
    }
    panic!("{rel} does not contain {needle:?}");
}

/// The `unsupported-claim` findings of `check`.
fn unsupported(ws: &TempWorkspace) -> Vec<Value> {
    let (_, diags) = ws.check();
    diags.into_iter().filter(|d| d["code"] == "unsupported-claim").collect()
}

/// Asserts one finding, an error at `needle`'s place, naming `phrase`.
fn one_at(ws: &TempWorkspace, needle: &str, phrase: &str) -> Value {
    let found = unsupported(ws);
    assert_eq!(found.len(), 1, "expected one `unsupported-claim`, got {found:#?}");
    let d = found[0].clone();
    let (line, column) = where_is(ws, MSG, needle);
    assert_at(&d, MSG, line, "error");
    assert_eq!(d["column"], column, "{d:#}");
    assert!(d["message"].as_str().unwrap().contains(&format!("`{phrase}`")), "{d:#}");
    assert!(d["hint"].as_str().unwrap().contains("content/claims.yaml"), "{d:#}");
    assert!(d["hint"].as_str().unwrap().contains("[[CLAIM-ID]]"), "{d:#}");
    d
}

const SUMMARY: &str = "Samplera (exemplinib) is a once-daily oral treatment for adults.";

#[test]
fn a_statistic_in_the_summary_is_an_error_at_its_column() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, SUMMARY, "Samplera (exemplinib) cuts HbA1c by 2.1% more than any competitor.");
    let d = one_at(&ws, "2.1%", "2.1%");
    assert_eq!(d["message"], "`2.1%` is a statistic in the writer's own words");
    let (code, _) = ws.check();
    assert_eq!(code, 1, "an error fails check");
}

#[test]
fn a_statistic_in_the_subject_points_at_the_subject() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "subject: Introducing Samplera for your patients", "subject: 61% of patients reached target");
    one_at(&ws, "61%", "61%");
}

#[test]
fn a_comparison_in_a_key_message_title_the_hook_and_the_cta() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "**Efficacy.**", "**Better than placebo.**");
    let d = one_at(&ws, "Better than", "Better than");
    assert!(d["message"].as_str().unwrap().contains("a comparison"), "{d:#}");

    let ws = TempWorkspace::sample();
    ws.edit(
        MSG,
        "hook: What could a once-daily option mean for your patients?",
        "hook: Twice as many patients at goal?",
    );
    one_at(&ws, "Twice as", "Twice as");

    let ws = TempWorkspace::sample();
    ws.edit(MSG, "label: Read the prescribing information", "label: See why it beats placebo");
    one_at(&ws, "beats", "beats");
}

#[test]
fn a_statistic_in_the_body_a_table_and_a_footnote() {
    let ws = TempWorkspace::sample();
    ws.edit(
        MSG,
        "Read the Summary of Product Characteristics before prescribing.",
        "In the trial, **1 in 3** patients reached goal.",
    );
    // Markdown splits nothing here: the column is the phrase's own.
    one_at(&ws, "1 in 3", "1 in 3");

    let ws = TempWorkspace::sample();
    ws.edit(
        MSG,
        "Read the Summary of Product Characteristics before prescribing.",
        "| Outcome | Result |\n|---|---|\n| Goal | p<0.001 |",
    );
    one_at(&ws, "p<0.001", "p<0.001");

    let ws = TempWorkspace::sample();
    ws.edit(
        MSG,
        "Read the Summary of Product Characteristics before prescribing.",
        "Read the Summary of Product Characteristics before prescribing.[^1]\n\n[^1]: HR 0.74 for the primary end point.",
    );
    one_at(&ws, "HR 0.74", "HR");
}

#[test]
fn numbers_inside_a_claim_and_doses_are_not_flagged() {
    // The sample's key message inserts a claim that states "40% versus placebo".
    let ws = TempWorkspace::sample();
    assert!(ws.read(MSG).contains("[[SA-EFF-01]]"));
    assert!(unsupported(&ws).is_empty());

    // The same words typed in are flagged.
    let typed = TempWorkspace::sample();
    typed.edit(MSG, "[[SA-EFF-01]]", "Samplera reduced the primary end point by 40% versus placebo at week 24.");
    one_at(&typed, "40%", "40%");

    let doses = TempWorkspace::sample();
    doses.edit(
        MSG,
        SUMMARY,
        "Samplera (exemplinib) 10 mg once daily, or 2 inhalations twice daily; assess at week 12 (job code UK-SA-0001, Step 1 of 3).",
    );
    assert!(unsupported(&doses).is_empty(), "{:#?}", unsupported(&doses));
}

#[test]
fn spanish_german_and_russian_messages() {
    let cases = [
        (
            "es-ES",
            "Samplera redujo el criterio un 40 %.",
            "Samplera se toma una vez al día.",
            "Samplera (exemplinib) es mejor que atorvastatina.",
            "mejor que",
        ),
        (
            "de-DE",
            "Samplera senkte den Endpunkt um 40 %.",
            "Samplera wird einmal täglich eingenommen.",
            "Samplera (exemplinib): doppelt so viele Patienten am Ziel.",
            "doppelt so",
        ),
        (
            "ru-RU",
            "Samplera снизил показатель на 40 %.",
            "Samplera принимают один раз в день.",
            "Samplera (exemplinib) снижает риск на 30 % по сравнению с плацебо.",
            "30 %",
        ),
    ];
    for (locale, efficacy, dosing, summary, phrase) in cases {
        let ws = TempWorkspace::sample();
        ws.add_locale(locale, efficacy, dosing);
        ws.edit(MSG, "locale: en-GB", &format!("locale: {locale}"));
        ws.edit(MSG, SUMMARY, summary);
        one_at(&ws, phrase, phrase);

        // A dose in the same language is not a claim.
        let twin = TempWorkspace::sample();
        twin.add_locale(locale, efficacy, dosing);
        twin.edit(MSG, "locale: en-GB", &format!("locale: {locale}"));
        twin.edit(MSG, SUMMARY, "Samplera (exemplinib) 10 mg.");
        assert!(unsupported(&twin).is_empty(), "{locale}: {:#?}", unsupported(&twin));
    }
}

#[test]
fn the_example_content_states_no_statistic_in_its_own_words() {
    let repo = crate::common::unisono(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), &["check", "--format", "json"]);
    let json = repo.json();
    let found: Vec<&Value> =
        json["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "unsupported-claim").collect();
    assert!(found.is_empty(), "{found:#?}");
    assert!(unsupported(&TempWorkspace::sample()).is_empty());
}

// ------------------------------------------------------------ hostile text

#[test]
fn hostile_text_never_panics_or_hangs() {
    let locales = ["en-GB", "es-ES", "de-DE", "ru-RU", "fr-FR", "", "x"];
    let mut texts: Vec<String> = vec![
        // Huge lines: no punctuation, many numbers, many comparatives.
        "more patients reached goal ".repeat(20_000),
        "61% ".repeat(30_000),
        "1 in 3 2 of 4 p < 0.05 HR 0.7 ".repeat(10_000),
        "better than ".repeat(20_000),
        "than ".repeat(40_000) + "more",
        "в 3 раза ".repeat(20_000),
        "9".repeat(200_000),
        "1.2.3.4,5,6,7".repeat(10_000),
        // Unicode digits and multi-byte neighbours of every cue.
        "٦١٪ من المرضى".into(),
        "६१% मरीज".into(),
        "６１％ of patients".into(),
        "𝟔𝟏% of patients".into(),
        "½ of patients, ² more than³".into(),
        "é%ü<ö>ß=ç".into(),
        "p<".into(),
        "p".into(),
        "%".into(),
        "1 in".into(),
        "3 times".into(),
        "more than".into(),
        "\u{200d}61\u{0301}%\u{fe0f} \u{feff}vs\u{0308}".into(),
        "🙂61%🙂 🙂versus🙂".into(),
    ];
    // Every prefix of a multi-byte text, cut at char boundaries.
    let mixed = "Кардиозен снижает ХС ЛПНП на 52 % — в 2 раза сильнее, чем 🙂 ezetimibe (p<0,001).";
    texts.extend(mixed.char_indices().map(|(i, _)| mixed[..i].to_string()));
    for locale in locales {
        for text in &texts {
            // Speed is measured by `unisono bench`, not here: this only
            // guards against a hang (a generous bound for a loaded machine).
            let started = std::time::Instant::now();
            let spans = find(locale, text);
            assert!(started.elapsed().as_secs() < 120, "{locale}: {} bytes took {:?}", text.len(), started.elapsed());
            for s in spans {
                assert!(s.start < s.end && s.end <= text.len());
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            }
        }
    }
    assert!(!find("en-GB", "６１％ of patients").is_empty(), "full-width digits are digits");
    assert!(!find("fr-FR", "61 % des patients").is_empty(), "percentages are universal");
    assert!(!find("fr-FR", "HR 0,74").is_empty(), "so are hazard ratios");
    assert!(find("fr-FR", "10 mg une fois par jour").is_empty());
}

#[test]
fn a_huge_line_in_a_message_is_checked_without_hanging() {
    let ws = TempWorkspace::sample();
    let long = "Samplera (exemplinib) is taken once daily ".repeat(3_000) + "and 61% reached goal.";
    ws.edit(MSG, SUMMARY, &long);
    let started = std::time::Instant::now();
    let found = unsupported(&ws);
    assert!(started.elapsed().as_secs() < 120, "a hang guard, not a benchmark: {:?}", started.elapsed());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["message"], "`61%` is a statistic in the writer's own words");
}
