//! The `video` kind: a two-column AV script for a short video pill, timed
//! from the channel's words per minute, with captions (SRT and WebVTT).
//!
//! Scenes: hook, summary, one per key message, call to action, safety (the
//! spoken safety statement also on screen), end card (job code, PI link,
//! AE statement).

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
/// The end card is a hold frame of fixed length; its full text is also in
/// the script, which is the transcript.
const END_CARD_MS: u64 = 6000;

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
    // (kind, label, on screen, caption (written voice-over), claims)
    let mut plan: Vec<(&'static str, String, String, String, Vec<String>)> = Vec::new();
    plan.push(("hook", s.hook.into(), ctx.headline.bare.clone(), ctx.hook.clone(), Vec::new()));
    plan.push((
        "summary",
        s.summary.into(),
        ctx.summary.bare.clone(),
        ctx.summary.bare.clone(),
        ctx.summary.claims.clone(),
    ));
    for k in &ctx.key_messages {
        // The super shows the claim as written, with its reference marker.
        let on_screen = [k.title.plain.as_str(), k.text.plain.as_str()].join("\n").trim().to_string();
        let vo = [k.title.bare.as_str(), k.text.bare.as_str()].join(" ").trim().to_string();
        plan.push(("key-message", format!("{} {}", s.key_message, k.number), on_screen, vo, k.claims.clone()));
    }
    if let Some(cta) = &ctx.cta {
        plan.push((
            "cta",
            s.call_to_action.into(),
            format!("{}\n{}", cta.label, cta.url),
            cta.label.clone(),
            Vec::new(),
        ));
    }
    plan.push((
        "safety",
        s.safety.into(),
        format!("{}\n{}", s.isi, ctx.product.isi_short),
        ctx.product.isi_short.clone(),
        Vec::new(),
    ));
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
    plan.push(("end-card", s.end_card.into(), end_card.replace("\n\n", "\n"), String::new(), Vec::new()));

    let mut at = 0;
    plan.into_iter()
        .enumerate()
        .map(|(i, (kind, label, on_screen, caption, claims))| {
            let voice_over = if caption.is_empty() { String::new() } else { say(&caption) };
            let words = voice_over.split_whitespace().count() as u64;
            let spoken_ms = (words * 60_000).div_ceil(u64::from(wpm));
            let ms = if kind == "end-card" { END_CARD_MS } else { spoken_ms.max(MIN_SCENE_MS) };
            let ms = ms.div_ceil(100) * 100;
            let scene = Scene {
                number: i + 1,
                kind,
                label,
                on_screen,
                voice_over,
                caption,
                claims,
                start_ms: at,
                end_ms: at + ms,
                seconds: seconds(ms),
            };
            at += ms;
            scene
        })
        .collect()
}

/// Milliseconds as seconds with one decimal.
fn seconds(ms: u64) -> String {
    format!("{}.{}", ms / 1000, (ms % 1000) / 100)
}
