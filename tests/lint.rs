//! `unisono check`: voice, tone, consistency and compliance rules. For every
//! rule, one input that triggers it and a close twin that does not; each
//! finding points at the master source line it comes from.

use crate::common::{TempWorkspace, assert_at};
use serde_json::Value;

const MSG: &str = "content/messages/sample-welcome.md";
const CLAIMS: &str = "content/claims.yaml";

/// Findings with `code`.
fn with(diags: &[Value], code: &str) -> Vec<Value> {
    diags.iter().filter(|d| d["code"] == code).cloned().collect()
}

/// Runs check and returns the findings with `code`.
fn findings(ws: &TempWorkspace, code: &str) -> Vec<Value> {
    let (_, diags) = ws.check();
    with(&diags, code)
}

/// A trigger and its twin: the trigger reports exactly one `code` at
/// `file:line`; the twin reports none.
fn fires_once_at(
    trigger: &TempWorkspace,
    twin: &TempWorkspace,
    code: &str,
    file: &str,
    line: u64,
    severity: &str,
) -> Value {
    let got = findings(trigger, code);
    assert_eq!(got.len(), 1, "expected one `{code}`, got {got:#?}");
    assert_at(&got[0], file, line, severity);
    let none = findings(twin, code);
    assert!(none.is_empty(), "the twin must not trigger `{code}`: {none:#?}");
    got[0].clone()
}

fn pair(edit: impl Fn(&TempWorkspace, bool)) -> (TempWorkspace, TempWorkspace) {
    let a = TempWorkspace::sample();
    edit(&a, true);
    let b = TempWorkspace::sample();
    edit(&b, false);
    (a, b)
}

#[test]
fn the_sample_and_this_repository_pass() {
    let ws = TempWorkspace::sample();
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    let repo = crate::common::unisono(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), &["check", "--format", "json"]);
    assert_eq!(repo.code, 0, "the repository's own content must pass check: {}", repo.stdout);
}

#[test]
fn absolute_claims() {
    let (a, b) = pair(|ws, bad| {
        let word = if bad { "the best once-daily" } else { "a once-daily" };
        ws.edit(MSG, "is a once-daily", &format!("is {word}"));
    });
    let d = fires_once_at(&a, &b, "absolute-claim", MSG, 21, "error");
    assert_eq!(d["column"], 30);
}

#[test]
fn absolutes_in_claim_wording_point_at_claims_yaml() {
    let (a, b) = pair(|ws, bad| {
        let w = if bad { "is guaranteed to be taken" } else { "is taken" };
        ws.edit(CLAIMS, "Samplera is taken", &format!("Samplera {w}"));
    });
    let d = fires_once_at(&a, &b, "absolute-claim", CLAIMS, 11, "error");
    assert_eq!(d["column"], 26);
}

#[test]
fn unqualified_safe_needs_a_safety_claim() {
    let (a, b) = pair(|ws, bad| {
        ws.edit(
            CLAIMS,
            "references:\n",
            "  SA-SAF-01:\n    text:\n      en-GB: Discontinuation due to adverse events was 2% with Samplera and 2% with placebo.\n    references: [REF-SAMPLE-2025]\n    kind: safety\nreferences:\n",
        );
        let claim = if bad { "" } else { " [[SA-SAF-01]]" };
        ws.edit(
            MSG,
            "- **Simple dosing.**",
            &format!("- **Safe to take.** Generally well tolerated.{claim}\n- **Simple dosing.**"),
        );
    });
    fires_once_at(&a, &b, "unqualified-safe", MSG, 26, "error");
}

#[test]
fn new_more_than_12_months_after_launch() {
    let (a, b) = pair(|ws, bad| {
        ws.edit(MSG, "is a once-daily", "is a new once-daily");
        let prepared = if bad { "2027-02-01" } else { "2026-12-01" };
        ws.edit(MSG, "prepared: 2026-01-20", &format!("prepared: {prepared}"));
    });
    fires_once_at(&a, &b, "new-after-12-months", MSG, 21, "error");
}

#[test]
fn glossary_banned_and_avoided_terms() {
    let (a, b) = pair(|ws, bad| {
        let w = if bad { "a game-changer and a once a day pill" } else { "a game changer and a once daily tablet" };
        ws.edit(MSG, "is a once-daily oral treatment", &format!("is {w}"));
    });
    fires_once_at(&a, &b, "banned-term", MSG, 21, "error");
    let avoid = fires_once_at(&a, &b, "avoid-term", MSG, 21, "warning");
    assert!(avoid["hint"].as_str().unwrap().contains("`once daily`"), "{avoid:#}");
}

#[test]
fn informal_address_in_formal_channels() {
    let make = |text: &str, register: &str| {
        let ws = TempWorkspace::sample();
        ws.add_locale("de-DE", "Samplera senkte den Endpunkt um 40 %.", "Samplera wird einmal täglich eingenommen.");
        ws.edit(MSG, "locale: en-GB", "locale: de-DE");
        ws.edit(MSG, "Samplera (exemplinib) is a once-daily oral treatment for adults.", text);
        let c = ws.read("channels.yaml").replace("register: formal", &format!("register: {register}"));
        ws.write("channels.yaml", c);
        ws
    };
    let bad = make("Samplera (exemplinib) hilft dir im Alltag.", "formal");
    let polite = make("Samplera (exemplinib) hilft Ihnen im Alltag.", "formal");
    let neutral = make("Samplera (exemplinib) hilft dir im Alltag.", "neutral");
    let d = fires_once_at(&bad, &polite, "informal-address", MSG, 21, "error");
    assert_eq!(d["column"], 29);
    assert!(d["channel"].is_string(), "{d:#}");
    assert!(findings(&neutral, "informal-address").is_empty(), "neutral channels allow it");

    let es = TempWorkspace::sample();
    es.add_locale("es-ES", "Samplera redujo el criterio un 40 %.", "Samplera se toma una vez al día.");
    es.edit(MSG, "locale: en-GB", "locale: es-ES");
    es.edit(
        MSG,
        "Samplera (exemplinib) is a once-daily oral treatment for adults.",
        "Samplera (exemplinib) te ayuda cada día.",
    );
    assert_eq!(findings(&es, "informal-address").len(), 1);

    let ru = TempWorkspace::sample();
    ru.add_locale("ru-RU", "Samplera снизил показатель на 40 %.", "Samplera принимают один раз в день.");
    ru.edit(MSG, "locale: en-GB", "locale: ru-RU");
    ru.edit(
        MSG,
        "Samplera (exemplinib) is a once-daily oral treatment for adults.",
        "Samplera (exemplinib) поможет тебе.",
    );
    assert_eq!(findings(&ru, "informal-address").len(), 1);
}

#[test]
fn brand_needs_the_generic_name_at_first_mention() {
    let (a, b) = pair(|ws, bad| {
        if bad {
            ws.edit(MSG, "# Samplera (exemplinib): one tablet", "# Samplera: one tablet");
            ws.edit(MSG, "Samplera (exemplinib) is a once-daily", "Samplera is a once-daily");
        }
    });
    let d = fires_once_at(&a, &b, "brand-without-generic", MSG, 19, "error");
    assert_eq!(d["column"], 3);
}

#[test]
fn subject_and_preheader_length() {
    let (a, b) = pair(|ws, bad| {
        let subject = if bad {
            "Introducing Samplera for your patients with one tablet once daily with food"
        } else {
            "Introducing Samplera"
        };
        ws.edit(MSG, "subject: Introducing Samplera for your patients", &format!("subject: {subject}"));
        let pre = if bad { "x ".repeat(60) } else { "One tablet".into() };
        ws.edit(MSG, "preheader: One tablet once daily, with or without food", &format!("preheader: {}", pre.trim()));
    });
    let d = fires_once_at(&a, &b, "subject-too-long", MSG, 10, "error");
    assert_eq!(d["column"], 12, "points at the value");
    assert_eq!(d["channel"], "email");
    fires_once_at(&a, &b, "preheader-too-long", MSG, 11, "error");
}

fn set_limit(ws: &TempWorkspace, from: &str, to: &str) {
    ws.edit("channels.yaml", from, to);
}

#[test]
fn word_limits() {
    let (a, b) = pair(|ws, bad| {
        let n = if bad { "20" } else { "220" };
        set_limit(ws, "words: 220", &format!("words: {n}"));
    });
    fires_once_at(&a, &b, "too-many-words", MSG, 19, "error");
}

#[test]
fn slide_limits() {
    let (a, b) = pair(|ws, bad| {
        let (w, k) = if bad { ("8", "1") } else { ("40", "5") };
        set_limit(ws, "words_per_slide: 40, key_messages: 5", &format!("words_per_slide: {w}, key_messages: {k}"));
    });
    let (_, diags) = a.check();
    let slides = with(&diags, "slide-too-many-words");
    assert!(slides.iter().any(|d| d["line"] == 25), "the first key message's slide: {slides:#?}");
    assert!(findings(&b, "slide-too-many-words").is_empty());
    fires_once_at(&a, &b, "too-many-key-messages", MSG, 26, "error");
}

#[test]
fn sentence_length_and_reading_ease_are_warnings() {
    let (a, b) = pair(|ws, bad| {
        let (s, r) = if bad { ("4", "100") } else { ("30", "0") };
        set_limit(
            ws,
            "tone: { register: formal, max_sentence_words: 30 }",
            &format!("tone: {{ register: formal, max_sentence_words: {s}, min_reading_ease: {r} }}"),
        );
    });
    let long = findings(&a, "sentence-too-long");
    assert!(long.iter().any(|d| d["line"] == 21 && d["channel"] == "landing"), "{long:#?}");
    assert!(findings(&b, "sentence-too-long").is_empty());
    let ease = fires_once_at(&a, &b, "reading-ease", MSG, 19, "warning");
    assert!(ease["message"].as_str().unwrap().starts_with("Flesch Reading Ease"), "{ease:#}");
    assert_eq!(a.check().0, 0, "warnings do not fail check");
}

#[test]
fn video_duration_counts_held_scenes_and_the_end_card() {
    // The sample runs about 60 s: scenes are held for their captions, and the end card for its text (the AE
    // statement, the references, the PI link) at 17 characters per second. Timed by the voice-over alone, with
    // a 6-second end card, it ran 35 s.
    let (a, b) = pair(|ws, bad| {
        if bad {
            set_limit(ws, "limits: { seconds: 90, ", "limits: { seconds: 45, ");
        }
    });
    let d = fires_once_at(&a, &b, "video-too-long", MSG, 13, "error");
    assert_eq!(d["channel"], "video");
    assert!(d["message"].as_str().unwrap().contains("(the end card "), "{d:#}");
}

#[test]
fn caption_too_fast_only_for_words_no_cue_can_hold() {
    // At 4 characters per second a cue of 7 s holds 28 characters: ordinary text is held as long as it needs,
    // but a 33-character word cannot be read within one cue.
    let (a, b) = pair(|ws, bad| {
        set_limit(ws, "caption_chars_per_second: 17", "caption_chars_per_second: 4");
        let (word, isi) = if bad {
            ("hypercholesterolaemia-associated", "exemplinib-containing-medicines.")
        } else {
            ("hypercholesterolaemia associated", "exemplinib containing medicines.")
        };
        ws.edit(MSG, "**Efficacy.**", &format!("**Efficacy in {word} disease.**"));
        ws.edit("content/products/sample.yaml", "exemplinib. Check liver", &format!("{isi} Check liver"));
    });
    let fast = findings(&a, "caption-too-fast");
    assert_eq!(fast.len(), 2, "{fast:#?}");
    assert_at(&fast[0], MSG, 25, "error");
    assert_eq!(fast[0]["channel"], "video");
    assert!(fast[0]["message"].as_str().unwrap().contains("`hypercholesterolaemia-associated`"), "{fast:#?}");
    assert_eq!(fast[1]["file"], "content/products/sample.yaml", "the safety scene points at isi_short");
    let none = findings(&b, "caption-too-fast");
    assert!(none.is_empty(), "ordinary words are held long enough to read: {none:#?}");
}

#[test]
fn ordinary_german_and_russian_sentences_are_not_too_fast() {
    // Long German and Russian words read faster than 17 characters per second at 140 words per minute; the
    // scene is held for its captions instead of being reported.
    let ws = TempWorkspace::sample();
    ws.add_locale("de-DE", "Samplera senkte den Endpunkt um 40 %.", "Samplera wird einmal täglich eingenommen.");
    ws.add_locale("ru-RU", "Samplera снизил показатель на 40 %.", "Samplera принимают один раз в день.");
    for (locale, summary) in [
        (
            "de-DE",
            "Samplera (exemplinib) verringert die Häufigkeit kardiovaskulärer Ereignisse bei Erwachsenen deutlich.",
        ),
        (
            "ru-RU",
            "Samplera (exemplinib) значительно снижает концентрацию холестерина липопротеинов низкой плотности у \
             взрослых.",
        ),
    ] {
        let run = ws.run(&["new", "--translate", "sample-welcome", "--locale", locale]);
        assert_eq!(run.code, 0, "{run:?}");
        let path = format!("content/messages/sample-welcome.{locale}.md");
        ws.edit(&path, "job_code: TODO-JOB-CODE   # the local job code", &format!("job_code: {locale}-0001"));
        ws.edit(&path, "Samplera (exemplinib) is a once-daily oral treatment for adults.", summary);
    }
    let fast = findings(&ws, "caption-too-fast");
    assert!(fast.is_empty(), "{fast:#?}");
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    for locale in ["de-DE", "ru-RU"] {
        let vtt = ws.read(&format!("dist/{locale}/sample-welcome/video/captions.vtt"));
        assert!(vtt.contains("Samplera (exemplinib)"), "the summary is captioned as written: {vtt}");
    }
}

#[test]
fn required_elements_and_verbatim_claims() {
    let (a, b) = pair(|ws, bad| {
        if bad {
            let t = ws.eject("page.html.tera").read("templates/page.html.tera");
            let t = t.replace("<p>{{ product.ae_statement_html | safe }}</p>", "<p>Report side effects.</p>");
            let t = t.replace("{{ k.text.html | safe }}", "{{ k.text.bare | upper }}");
            ws.write("templates/page.html.tera", t);
        }
    });
    let missing = findings(&a, "missing-element");
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert_eq!(missing[0]["file"], "templates/page.html.tera");
    assert!(missing[0]["message"].as_str().unwrap().contains("AE statement"));
    assert!(findings(&b, "missing-element").is_empty());
    let altered = findings(&a, "claim-not-verbatim");
    assert_eq!(altered.len(), 2, "{altered:#?}");
    assert_at(&altered[0], MSG, 25, "error");
    assert!(findings(&b, "claim-not-verbatim").is_empty());
}

#[test]
fn references_must_be_listed() {
    let ws = TempWorkspace::sample();
    let t = ws
        .eject("page.html.tera")
        .read("templates/page.html.tera")
        .replace("<li id=\"ref-{{ r.number }}\">{{ r.citation }}</li>", "<li>{{ r.id }}</li>");
    ws.write("templates/page.html.tera", t);
    let missing = findings(&ws, "missing-element");
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert!(missing[0]["message"].as_str().unwrap().contains("references"));
}

#[test]
fn no_claim_the_message_lacks() {
    let (a, b) = pair(|ws, bad| {
        if bad {
            let t = ws
                .eject("page.html.tera")
                .read("templates/page.html.tera")
                .replace("</main>", "<p><span data-claim=\"SA-OTHER-01\">Better.</span></p>\n</main>");
            ws.write("templates/page.html.tera", t);
        }
    });
    let got = findings(&a, "foreign-claim");
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(findings(&b, "foreign-claim").is_empty());
}

#[test]
fn a_translation_carries_only_its_masters_claims() {
    let (a, b) = pair(|ws, bad| {
        ws.add_locale("de-DE", "Samplera senkte den Endpunkt um 40 %.", "Samplera wird einmal täglich eingenommen.");
        let run = ws.run(&["new", "--translate", "sample-welcome", "--locale", "de-DE"]);
        assert_eq!(run.code, 0, "{run:?}");
        let path = "content/messages/sample-welcome.de-DE.md";
        ws.edit(path, "job_code: TODO-JOB-CODE   # the local job code", "job_code: DE-SA-0001");
        if bad {
            ws.edit(MSG, "- **Simple dosing.** [[SA-DOS-01]]\n", "");
        }
    });
    fires_once_at(&a, &b, "translation-extra-claim", "content/messages/sample-welcome.de-DE.md", 27, "error");
}

#[test]
fn a_word_longer_than_a_caption_line() {
    let (a, b) = pair(|ws, bad| {
        let word = if bad { "Pneumonoultramicroscopicsilicovolcanoconiosis-like" } else { "short" };
        ws.edit(
            MSG,
            "is a once-daily oral treatment for adults.",
            &format!("is a once-daily oral treatment for adults, {word}."),
        );
    });
    let d = fires_once_at(&a, &b, "caption-line-too-long", MSG, 21, "error");
    assert_eq!(d["channel"], "video");
}

#[test]
fn a_locale_brand_is_checked_in_that_locale() {
    let ws = |headline: &str| {
        let ws = TempWorkspace::sample();
        ws.add_locale("ru-RU", "Samplera снизил показатель на 40 %.", "Samplera принимают один раз в день.");
        ws.edit(
            "content/products/sample.yaml",
            "  ru-RU:\n",
            "  ru-RU:\n    brand: Самплера\n    generic: экземплиниб\n",
        );
        ws.edit(MSG, "locale: en-GB", "locale: ru-RU");
        ws.edit(MSG, "# Samplera (exemplinib): one tablet, once daily", headline);
        ws
    };
    // The Cyrillic brand without its generic name: found, with the local fix.
    let bad = ws("# Самплера: одна таблетка в день");
    let found = findings(&bad, "brand-without-generic");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0]["line"].as_u64(), found[0]["column"].as_u64()), (Some(19), Some(3)));
    assert!(found[0]["hint"].as_str().unwrap().contains("Самплера (экземплиниб)"), "{:#}", found[0]);
    // Accompanied by the local generic name, or by the international one: fine.
    for headline in ["# Самплера (экземплиниб): одна таблетка в день", "# Самплера (exemplinib): одна таблетка в день"]
    {
        assert_eq!(findings(&ws(headline), "brand-without-generic").len(), 0, "{headline}");
    }
}
