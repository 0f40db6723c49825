//! Review of issue #13: defects found by a hostile review, each with the
//! input that showed it.

use crate::common::{TempWorkspace, assert_at};

const PRODUCT: &str = "content/products/sample.yaml";
use serde_json::Value;

const MSG: &str = "content/messages/sample-welcome.md";
const BODY: &str = "Read the Summary of Product Characteristics before prescribing.";

fn findings(ws: &TempWorkspace, code: &str) -> Vec<Value> {
    let (_, diags) = ws.check();
    diags.into_iter().filter(|d| d["code"] == code).collect()
}

/// A phrase written twice in one paragraph, the first time allowed (a
/// change from baseline), the second not: the finding is at the second.
#[test]
fn unsupported_claim_points_at_the_occurrence_it_reports() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, BODY, "Change vs baseline was measured. Samplera vs placebo was studied.");
    let found = findings(&ws, "unsupported-claim");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_at(&found[0], MSG, 30, "error");
    assert_eq!(found[0]["column"], 43, "{:#}", found[0]);
}

/// A phrase broken over two lines of a paragraph: the finding is at its
/// start, not at an earlier `1` on the line.
#[test]
fn unsupported_claim_over_a_line_break_points_at_its_start() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, BODY, "Step 1 of the plan: 1 in\n3 patients reached goal.");
    let found = findings(&ws, "unsupported-claim");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_at(&found[0], MSG, 30, "error");
    assert_eq!(found[0]["column"], 21, "{:#}", found[0]);
}

/// A tab in the front matter: the hint names the line of the file, not the
/// line of the front matter (which starts after `---`).
#[test]
fn a_tab_hint_names_the_line_of_the_file() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "  preheader: One tablet", "\tpreheader: One tablet");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = diags.iter().find(|d| d["code"] == "yaml-syntax").expect("a yaml-syntax error");
    let line = ws.read(MSG).lines().position(|l| l.starts_with('\t')).unwrap() + 1;
    let hint = d["hint"].as_str().unwrap();
    assert!(hint.contains(&format!("line {line} is indented with a tab")), "{hint}");
}

/// A sender in an internationalised domain: the Message-ID header is ASCII,
/// `<…@xn--…>`, not an RFC 2047 encoded word (which is no Message-ID).
#[test]
fn a_message_id_in_an_internationalised_domain_is_ascii() {
    let ws = TempWorkspace::sample();
    ws.edit(PRODUCT, "medinfo@samplera.example", "medinfo@bücher.example");
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let eml = std::fs::read(ws.root.join("dist/en-GB/sample-welcome/email/message.eml")).unwrap();
    let eml = String::from_utf8_lossy(&eml);
    let header = eml.lines().find(|l| l.starts_with("Message-ID:")).expect("a Message-ID header");
    assert!(header.is_ascii() && !header.contains("=?"), "{header}");
    assert!(header.trim_end().ends_with("@xn--bcher-kva.example>"), "{header}");
}

/// `brand: ""` under a locale: an error at the key, not a page titled
/// "Headline | " and a slide footer reading " ()".
#[test]
fn an_empty_local_brand_is_an_error_at_its_key() {
    let ws = TempWorkspace::sample();
    ws.edit(PRODUCT, "    sender:", "    brand: \"\"\n    generic: \" \"\n    sender:");
    let (code, diags) = ws.check();
    assert_eq!(code, 1, "{diags:#?}");
    let text = ws.read(PRODUCT);
    for key in ["brand:", "generic:"] {
        let line = text.lines().position(|l| l.trim_start().starts_with(key) && l.starts_with("    ")).unwrap() + 1;
        let d = diags
            .iter()
            .find(|d| d["file"] == PRODUCT && d["line"] == line as u64)
            .unwrap_or_else(|| panic!("no finding at {key} (line {line}): {diags:#?}"));
        assert_eq!(d["severity"], "error", "{d:#}");
        assert!(d["message"].as_str().unwrap().contains("is empty for en-GB"), "{d:#}");
    }
}

/// The detector on ordinary copy the review tried: each sentence with what
/// it must report (nothing for dosing instructions, event copy and codes).
#[test]
fn unsupported_claim_multiples_p_values_shares_and_dosing() {
    use unisono::lint::unsupported::find;
    let cases: &[(&str, &str, Option<&str>)] = &[
        // multiples written with x or ×
        ("en-GB", "3x more patients reached goal.", Some("3x more")),
        ("en-GB", "2× more likely to reach goal.", Some("2× more")),
        ("es-ES", "3x más pacientes alcanzaron el objetivo.", Some("3x más")),
        ("de-DE", "3x mehr Patienten erreichten das Ziel.", Some("3x mehr")),
        ("en-GB", "Take 2 x 5 mg daily.", None),
        ("de-DE", "2 x täglich 1 Tablette.", None),
        // a p-value without its leading zero
        ("en-GB", "Significant at P<.001 in the trial.", Some("P<.001")),
        // a share of people written as a fraction
        ("en-GB", "9/10 patients would recommend it.", Some("9/10 patients")),
        ("en-GB", "Open 24/7 for patients.", None),
        // dosing instructions and event copy
        ("en-GB", "The dose can be doubled after 4 weeks.", None),
        ("en-GB", "Half of the dose in renal impairment.", None),
        ("es-ES", "La mitad de la dosis en insuficiencia renal.", None),
        ("es-ES", "El doble de dosis no está recomendado.", None),
        ("de-DE", "Die Dosis halbieren bei Niereninsuffizienz.", None),
        ("en-GB", "Drop in at booth 12.", None),
        ("en-GB", "Improve adherence with 1 daily tablet.", None),
        // ... while results stay results
        ("en-GB", "A 10 mg dose halved LDL-C.", Some("halved")),
        ("en-GB", "Half of patients reached goal.", Some("Half of")),
        ("de-DE", "Halbiert das Risiko.", Some("Halbiert")),
    ];
    let mut wrong = Vec::new();
    for &(locale, text, want) in cases {
        let got = find(locale, text).first().map(|s| &text[s.start..s.end]);
        if got != want {
            wrong.push(format!("{locale} {text:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// A long paragraph of claims: each is reported at its own place, and
/// placing them reads the paragraph once (placing each from the start of
/// the unit took minutes for 20,000).
#[test]
fn a_long_paragraph_of_claims_is_placed_in_linear_time() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, BODY, &"Samplera helped 61% of patients. ".repeat(20_000));
    let run = crate::common::unisono_bounded(
        &ws.root,
        &["check", "--format", "json"],
        &[],
        std::time::Duration::from_secs(60),
    );
    let diags: Vec<Value> = run.json()["diagnostics"].as_array().cloned().unwrap_or_default();
    let found: Vec<&Value> = diags.iter().filter(|d| d["code"] == "unsupported-claim").collect();
    assert_eq!(found.len(), 20_000, "one finding per sentence");
    let last = found.iter().map(|d| d["column"].as_u64().unwrap()).max().unwrap();
    assert_eq!(last as usize, 19_999 * 33 + 17, "the last at its own column");
}

/// Numbers as locales write them, for chart-mismatch: a value written
/// without its leading zero (`.62`, `HR ,76` in German) is that value;
/// the locales whose decimal is a point (de-CH, es-MX) read it so.
#[test]
fn chart_numbers_without_a_leading_zero_and_regional_locales() {
    use unisono::model::numbers::{numbers, states};
    assert!(states("The rate was .62 with Samplera", "en-GB", 0.62), "{:?}", numbers("was .62 with", "en-GB"));
    assert!(states("eine Rate von ,62", "de-DE", 0.62));
    assert!(states("1’234.5 Patienten und 0.62", "de-CH", 1234.5));
    assert!(states("0.62 frente a 0.90", "es-MX", 0.9));
    assert!(!states("0.62 frente a 0.90", "es-ES", 0.9));
    // a list of numbers is not a decimal: `1,62` in English is 1 and 62
    assert_eq!(numbers("1,62", "en-GB"), [1.0, 62.0]);
}

/// Russian copy inflects the brand: `Самплеры (экземплиниб)` is its first
/// mention, with the generic; `Самплеру` alone is a first mention without it.
#[test]
fn the_brand_rule_reads_inflected_russian_forms() {
    let ws = |headline: &str| {
        let ws = TempWorkspace::sample();
        ws.add_locale("ru-RU", "Samplera снизил показатель на 40 %.", "Samplera принимают один раз в день.");
        ws.edit(PRODUCT, "  ru-RU:\n", "  ru-RU:\n    brand: Самплера\n    generic: экземплиниб\n");
        ws.edit(MSG, "locale: en-GB", "locale: ru-RU");
        ws.edit(MSG, "# Samplera (exemplinib): one tablet, once daily", headline);
        ws.edit(MSG, "Samplera (exemplinib) is a once-daily oral treatment for adults.", "Самплера удобна.");
        ws
    };
    let ok = ws("# Преимущества Самплеры (экземплиниб)");
    let found = findings(&ok, "brand-without-generic");
    assert!(found.is_empty(), "the generic is at the first, inflected mention: {found:#?}");
    let bad = ws("# Самплеру назначают один раз в день");
    let found = findings(&bad, "brand-without-generic");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_at(&found[0], MSG, 19, "error");
    assert_eq!(found[0]["column"], 3, "{:#}", found[0]);
    assert!(found[0]["message"].as_str().unwrap().contains("`Самплеру`"), "{:#}", found[0]);
}
