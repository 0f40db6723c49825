//! The `video` kind: an AV script for a short video pill (what is on screen,
//! what is said, for how long), with captions (SRT and WebVTT).
//!
//! Scenes: hook, summary, one per key message, call to action, safety (the
//! spoken safety statement also on screen), end card (job code, PI link,
//! AE statement, references).
//!
//! A scene lasts as long as its voice-over takes at the channel's words per
//! minute, or as long as its captions take to read at the channel's reading
//! speed, whichever is longer (at least 2 s): captions are held, never
//! rushed. The end card, which is not spoken, lasts as long as its text takes
//! to read.

use super::captions::{self, CaptionLimits, SceneText};
use super::spoken::{self, SpokenTerm};
use super::{ChannelRenderer, Files, RenderContext, RenderEnv, tera_context};
use crate::diag::Diagnostic;
use crate::model::ChannelKind;
use serde::Serialize;

/// Default voice-over speed.
pub const DEFAULT_WPM: u32 = 140;
/// Shortest scene, so nothing flashes by.
const MIN_SCENE_MS: u64 = 2000;
/// Longest caption cue (subtitle guidelines: at most 7 seconds on screen).
pub const MAX_CUE_MS: u64 = 7000;

/// Renders `script.md`, `script.html`, `captions.srt`, `captions.vtt`.
pub struct Video;

/// One scene of the AV script, as templates see it (`scenes`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Scene {
    pub number: usize,
    /// `hook`, `summary`, `key-message`, `cta`, `safety`, `end-card`.
    pub kind: &'static str,
    /// Human label of the scene.
    pub label: String,
    /// Visual direction: what the picture shows, one direction per line.
    pub visual: String,
    /// Text shown on screen.
    pub on_screen: String,
    /// What the voice-over says, in spoken form.
    pub voice_over: String,
    /// The caption text (written form of the voice-over).
    pub caption: String,
    /// Claim ids the scene carries.
    pub claims: Vec<String>,
    pub start_ms: u64,
    pub end_ms: u64,
    /// Duration in seconds with one decimal, e.g. "6.5".
    pub seconds: String,
}

/// Totals of the video, as templates see them (`video`).
#[derive(Debug, Clone, Serialize)]
pub struct VideoInfo {
    pub words_per_minute: u32,
    pub total_ms: u64,
    pub total_seconds: String,
}

impl ChannelRenderer for Video {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Video
    }

    fn render(&self, ctx: &RenderContext, env: &RenderEnv<'_>) -> Result<Files, Diagnostic> {
        let wpm = env.channel.words_per_minute.unwrap_or(DEFAULT_WPM).max(1);
        let scenes = scenes(ctx, env, wpm);
        let total_ms = scenes.last().map(|s| s.end_ms).unwrap_or(0);
        let info = VideoInfo { words_per_minute: wpm, total_ms, total_seconds: seconds(total_ms) };
        let mut tctx = tera_context(ctx);
        tctx.insert("scenes", &scenes);
        tctx.insert("video", &info);
        let script_md = env.template("script", &tctx)?;
        let script_html = env.template("html", &tctx)?;
        // `check` reads the script; the captions (which cannot fail) it
        // times itself, in its reading-speed rule.
        if env.text_only {
            if let Some(sink) = env.scenes {
                sink.replace(Some(scenes));
            }
            return Ok(Files::from([
                ("script.html".to_string(), script_html.into_bytes()),
                ("script.md".to_string(), script_md.into_bytes()),
            ]));
        }
        let cues = captions::cues(&caption_scenes(&scenes), &limits(env));
        Ok(Files::from([
            ("captions.srt".to_string(), captions::to_srt(&cues).into_bytes()),
            ("captions.vtt".to_string(), captions::to_vtt(&cues).into_bytes()),
            ("script.html".to_string(), script_html.into_bytes()),
            ("script.md".to_string(), script_md.into_bytes()),
        ]))
    }
}

/// The caption limits of the channel (SPEC defaults: 42 characters per
/// line, 2 lines, 17 characters per second).
pub fn limits(env: &RenderEnv<'_>) -> CaptionLimits {
    CaptionLimits {
        chars_per_line: env.channel.limits.caption_chars_per_line.unwrap_or(42),
        lines_per_cue: 2,
        chars_per_second: env.channel.limits.caption_chars_per_second.unwrap_or(17.0),
        max_cue_ms: MAX_CUE_MS,
    }
}

/// The caption text and time span of each scene that speaks.
pub fn caption_scenes(scenes: &[Scene]) -> Vec<SceneText> {
    scenes
        .iter()
        .filter(|s| !s.caption.is_empty())
        .map(|s| SceneText { text: s.caption.clone(), start_ms: s.start_ms, end_ms: s.end_ms })
        .collect()
}

/// One scene before timing.
struct Planned {
    kind: &'static str,
    label: String,
    visual: Vec<String>,
    on_screen: String,
    /// The written form of what is said; empty for a silent scene.
    caption: String,
    claims: Vec<String>,
}

/// Builds the scenes with their timing.
pub fn scenes(ctx: &RenderContext, env: &RenderEnv<'_>, wpm: u32) -> Vec<Scene> {
    let locale = &ctx.message.locale;
    let terms: Vec<SpokenTerm<'_>> = env
        .content
        .glossary
        .get(locale)
        .map(|g| {
            g.terms
                .iter()
                .filter_map(|t| t.spoken.as_deref().map(|s| SpokenTerm { term: &t.term, spoken: s }))
                .collect()
        })
        .unwrap_or_default();
    let say = |text: &str| spoken::spoken(text, locale, &terms);
    let s = ctx.strings;
    // A claim on screen carries its reference mark; one with `data:` is also charted.
    let claim_visuals = |claims: &[String], otherwise: &str| -> Vec<String> {
        if claims.is_empty() {
            return vec![otherwise.to_string()];
        }
        let charted: Vec<&str> = claims
            .iter()
            .filter(|id| env.content.claims.claims.get(id.as_str()).is_some_and(|c| c.data.is_some()))
            .map(String::as_str)
            .collect();
        let mut visual = vec![s.visual_claim.to_string()];
        if !charted.is_empty() {
            visual.push(format!("{}: {}", s.visual_chart, charted.join(", ")));
        }
        visual
    };
    let mut plan: Vec<Planned> = Vec::new();
    plan.push(Planned {
        kind: "hook",
        label: s.hook.into(),
        visual: vec![format!("{}: {}", s.visual_title_card, ctx.headline.bare)],
        on_screen: ctx.headline.bare.clone(),
        caption: ctx.hook.clone(),
        claims: Vec::new(),
    });
    plan.push(Planned {
        kind: "summary",
        label: s.summary.into(),
        visual: claim_visuals(&ctx.summary.claims, s.visual_summary),
        on_screen: ctx.summary.bare.clone(),
        caption: ctx.summary.bare.clone(),
        claims: ctx.summary.claims.clone(),
    });
    for k in &ctx.key_messages {
        // The super shows the claim as written, with its reference marker.
        let on_screen = [k.title.plain.as_str(), k.text.plain.as_str()].join("\n").trim().to_string();
        let vo = [k.title.bare.as_str(), k.text.bare.as_str()].join(" ").trim().to_string();
        plan.push(Planned {
            kind: "key-message",
            label: format!("{} {}", s.key_message, k.number),
            visual: claim_visuals(&k.claims, s.visual_key_message),
            on_screen,
            caption: vo,
            claims: k.claims.clone(),
        });
    }
    if let Some(cta) = &ctx.cta {
        plan.push(Planned {
            kind: "cta",
            label: s.call_to_action.into(),
            visual: vec![s.visual_cta.to_string()],
            on_screen: format!("{}\n{}", cta.label, cta.url),
            caption: cta.label.clone(),
            claims: Vec::new(),
        });
    }
    plan.push(Planned {
        kind: "safety",
        label: s.safety.into(),
        visual: vec![s.visual_safety.to_string()],
        on_screen: format!("{}\n{}", s.isi, ctx.product.isi_short),
        caption: ctx.product.isi_short.clone(),
        claims: Vec::new(),
    });
    let end_card = format!(
        "{} ({})\n{}: {}\n{}: {}\n{}\n{}: {} · {}: {}",
        ctx.product.brand,
        ctx.product.generic,
        s.prescribing_information,
        ctx.product.pi_url,
        s.adverse_events,
        ctx.product.ae_statement,
        ctx.references.iter().map(|r| format!("{}. {}", r.number, r.citation)).collect::<Vec<_>>().join("\n"),
        s.job_code,
        ctx.message.job_code,
        s.date_of_preparation,
        ctx.message.prepared_text
    );
    plan.push(Planned {
        kind: "end-card",
        label: s.end_card.into(),
        visual: vec![s.visual_end_card.to_string()],
        on_screen: end_card.replace("\n\n", "\n"),
        caption: String::new(),
        claims: Vec::new(),
    });

    let limits = limits(env);
    let mut at = 0;
    plan.into_iter()
        .enumerate()
        .map(|(i, p)| {
            let voice_over = if p.caption.is_empty() { String::new() } else { say(&p.caption) };
            let words = voice_over.split_whitespace().count() as u64;
            let spoken_ms = (words * 60_000).div_ceil(u64::from(wpm));
            // A silent scene is held for its text on screen; a spoken one for its voice-over or its captions.
            let reading_ms = if p.caption.is_empty() {
                text_reading_ms(&p.on_screen, limits.chars_per_second)
            } else {
                captions::reading_ms(&p.caption, &limits)
            };
            let ms = spoken_ms.max(reading_ms).max(MIN_SCENE_MS).div_ceil(100) * 100;
            let scene = Scene {
                number: i + 1,
                kind: p.kind,
                label: p.label,
                visual: p.visual.join("\n"),
                on_screen: p.on_screen,
                voice_over,
                caption: p.caption,
                claims: p.claims,
                start_ms: at,
                end_ms: at + ms,
                seconds: seconds(ms),
            };
            at += ms;
            scene
        })
        .collect()
}

/// Time to read `text` at `chars_per_second` (line breaks are not read), in ms rounded up; 0 for a speed
/// that is not positive and finite.
pub fn text_reading_ms(text: &str, chars_per_second: f64) -> u64 {
    let chars = text.chars().filter(|&c| c != '\n').count() as f64;
    if chars_per_second.is_finite() && chars_per_second > 0.0 {
        // Float-to-int `as` saturates, so an absurd speed cannot wrap around.
        (chars * 1000.0 / chars_per_second).ceil() as u64
    } else {
        0
    }
}

/// Milliseconds as seconds with one decimal.
fn seconds(ms: u64) -> String {
    format!("{}.{}", ms / 1000, (ms % 1000) / 100)
}
