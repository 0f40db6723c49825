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
