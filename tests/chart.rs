//! Claim `data:` and `chart-mismatch`: a chart never disagrees with the words.

use crate::common::{TempWorkspace, assert_at, only};

const CLAIMS: &str = "content/claims.yaml";

/// The sample's efficacy claim with `data:` (the wording states 40%).
fn with_data(data: &str) -> TempWorkspace {
    let ws = TempWorkspace::sample();
    ws.edit(CLAIMS, "    kind: efficacy\n", &format!("    kind: efficacy\n    data:\n{data}"));
    ws
}

#[test]
fn data_stated_in_the_wording_passes() {
    let ws = with_data(
        "      measure: Patients reaching the primary end point\n      unit: \"%\"\n      arms:\n        - { label: Samplera, value: 40 }\n",
    );
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    assert!(diags.iter().all(|d| d["code"] != "chart-mismatch"), "{diags:#?}");
}

#[test]
fn a_value_the_wording_does_not_state_is_a_chart_mismatch() {
    let ws = with_data(
        "      measure: Reduction\n      arms:\n        - { label: Samplera, value: 40 }\n        - { label: Placebo, value: 12 }\n",
    );
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = only(&diags, "chart-mismatch");
    assert_at(d, CLAIMS, 5, "error");
    assert!(d["message"].as_str().unwrap().contains("12 for Placebo"), "{d:#}");
    assert!(d["hint"].as_str().unwrap().contains("state `12` in the en-GB wording"), "{d:#}");
}

#[test]
fn each_locale_must_write_the_value_its_own_way() {
    let ws = with_data(
        "      measure: { en-GB: Rate, de-DE: Rate }\n      arms:\n        - { label: Samplera, value: 0.62 }\n",
    );
    ws.add_product_locale("de-DE");
    ws.edit(
        CLAIMS,
        "      en-GB: Samplera reduced the primary end point by 40% versus placebo at week 24.",
        "      en-GB: Samplera reduced the rate to 0.62.\n      de-DE: Samplera senkte die Rate auf 0.62.",
    );
    let (code, diags) = ws.check();
    assert_eq!(code, 1, "{diags:#?}");
    let d = only(&diags, "chart-mismatch");
    assert_at(d, CLAIMS, 6, "error");
    assert!(d["hint"].as_str().unwrap().contains("de-DE writes `0,62`"), "{d:#}");
    ws.edit(CLAIMS, "auf 0.62", "auf 0,62");
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
}

#[test]
fn data_texts_need_every_locale_of_the_wording() {
    let ws = with_data("      measure: { de-DE: Rate }\n      arms:\n        - { label: Samplera, value: 40 }\n");
    let (_, diags) = ws.check();
    let d = only(&diags, "claim-missing-locale");
    assert_at(d, CLAIMS, 8, "error");
    assert!(d["message"].as_str().unwrap().contains("no measure in en-GB"), "{d:#}");
}

#[test]
fn malformed_data_is_a_clear_error() {
    for (data, want) in [
        ("      measure: Rate\n      arms: []\n", "without arms"),
        ("      measure: Rate\n      arms:\n        - { label: A, value: \"forty\" }\n", "invalid type"),
        ("      measure: [Rate]\n      arms:\n        - { label: A, value: 40 }\n", "one text per locale"),
        ("      measure: Rate\n      arms:\n        - { label: A, value: .nan }\n", "no finite value"),
    ] {
        let ws = with_data(data);
        let (code, diags) = ws.check();
        assert_eq!(code, 1, "{data}");
        let d = diags.iter().find(|d| d["file"] == CLAIMS && d["severity"] == "error").expect("an error");
        let all = format!("{} {}", d["message"], d["hint"]);
        assert!(all.contains(want), "{data}: {d:#}");
    }
}

/// The labelled set: precision and recall of `chart-mismatch` on wording /
/// value pairs in four locales (`cargo test --test integration chart -- --nocapture`).
#[test]
fn chart_mismatch_precision_and_recall_on_the_labelled_set() {
    let set = include_str!("chart/cases.tsv");
    let mut by_locale: std::collections::BTreeMap<&str, (u32, u32, u32, u32)> = Default::default();
    for line in set.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let [label, locale, value, wording] = line.splitn(4, '\t').collect::<Vec<_>>()[..] else {
            panic!("bad line: {line}")
        };
        let value: f64 = value.parse().unwrap();
        let flagged = !unisono::model::numbers::states(wording, locale, value);
        let (tp, fp, fn_, n) = by_locale.entry(locale).or_default();
        *n += 1;
        match (label == "1", flagged) {
            (true, true) => *tp += 1,
            (false, true) => *fp += 1,
            (true, false) => *fn_ += 1,
            (false, false) => {}
        }
        assert_eq!(label == "1", flagged, "{locale} {value}: {wording}");
    }
    for (locale, (tp, fp, fn_, n)) in &by_locale {
        let precision = f64::from(*tp) / f64::from(tp + fp).max(1.0);
        let recall = f64::from(*tp) / f64::from(tp + fn_).max(1.0);
        println!("chart-mismatch {locale}: {n} pairs, precision {precision:.2}, recall {recall:.2}");
        assert!(*n >= 30, "{locale}: at least 30 labelled pairs");
    }
}
