//! Tone by channel: length limits, sentence length and readability (by the
//! formula valid for the language), video duration and caption speed.

use super::Lint;
use super::readability;
use super::units::{Unit, UnitKind};
use crate::diag::{Diagnostic, Pos};
use crate::model::{Channel, ChannelKind, MasterMessage, yaml};
use crate::render::strings::language;
use crate::render::{self, RenderContext, RenderEnv, captions};

/// Runs every tone rule on every (message, channel).
pub fn run(cx: &Lint<'_>, out: &mut Vec<Diagnostic>) {
    for (m, units) in cx.whole_messages() {
        let lang = language(m.locale());
        let mut sentence_reported: Vec<usize> = Vec::new();
        for (name, channel) in cx.content.channels_of(m) {
            let shown: Vec<(usize, &Unit)> =
                units.iter().enumerate().filter(|(_, u)| u.kind.shown_in(channel.kind)).collect();
            limits(m, name, channel, &shown, lang, out);
            if let Some(max) = channel.tone.max_sentence_words {
                for (i, u) in shown.iter().filter(|(_, u)| u.prose) {
                    let longest = readability::sentence_lengths(&u.text, lang).into_iter().max().unwrap_or(0);
                    if longest > max && !sentence_reported.contains(i) {
                        sentence_reported.push(*i);
                        out.push(
                            Diagnostic::warning(
                                crate::codes::SENTENCE_TOO_LONG,
                                &m.file,
                                format!("a sentence of {longest} words; {name} allows {max}"),
                            )
                            .at(u.pos)
                            .channel(name)
                            .hint("split the sentence in two"),
                        );
                    }
                }
            }
            if let Some(min) = channel.tone.min_reading_ease {
                let text = copy_text(&shown);
                if let Some(r) = readability::readability(&text, lang)
                    && r.score < min
                {
                    out.push(
                        Diagnostic::warning(
                            crate::codes::READING_EASE,
                            &m.file,
                            format!("{} is {:.0}; {name} asks for at least {min:.0}", r.formula.name(), r.score),
                        )
                        .at(m.headline_pos)
                        .channel(name)
                        .hint("use shorter sentences and shorter words"),
                    );
                }
            }
            // With the variants rendered, `check` runs it on the scenes the video kind timed.
            if channel.kind == ChannelKind::Video && !cx.videos_rendered {
                video(cx, m, units, name, channel, None, out);
            }
        }
    }
}

/// The copy of a channel as one text, each unit a sentence or more.
fn copy_text(shown: &[(usize, &Unit)]) -> String {
    let mut text = String::new();
    for (_, u) in shown.iter().filter(|(_, u)| u.kind.is_copy()) {
        let t = u.text.trim();
        text.push_str(t);
        if !t.ends_with(['.', '!', '?', ':', '…']) {
            text.push('.');
        }
        text.push('\n');
    }
    text
}

fn limits(
    m: &MasterMessage,
    name: &str,
    channel: &Channel,
    shown: &[(usize, &Unit)],
    lang: &str,
    out: &mut Vec<Diagnostic>,
) {
    let l = &channel.limits;
    let words = |t: &str| readability::stats(t, lang).words;
    for (_, u) in shown {
        let chars = u.text.chars().count();
        let (limit, code, what) = match u.kind {
            UnitKind::Subject => (l.subject_chars, crate::codes::SUBJECT_TOO_LONG, "subject"),
            UnitKind::Preheader => (l.preheader_chars, crate::codes::PREHEADER_TOO_LONG, "preheader"),
            _ => (None, "", ""),
        };
        if let Some(max) = limit
            && chars > max
        {
            out.push(
                Diagnostic::error(code, &m.file, format!("the {what} has {chars} characters; {name} allows {max}"))
                    .at(u.pos)
                    .channel(name)
                    .hint(format!("shorten the {what}")),
            );
        }
    }
    if let Some(max) = l.words {
        let n: usize = shown.iter().filter(|(_, u)| u.kind.is_copy()).map(|(_, u)| words(&u.text)).sum();
        if n > max {
            out.push(
                Diagnostic::error(
                    crate::codes::TOO_MANY_WORDS,
                    &m.file,
                    format!("{n} words of copy; {name} allows {max}"),
                )
                .at(m.headline_pos)
                .channel(name)
                .hint("shorten the summary or the key messages (the safety footer does not count)"),
            );
        }
    }
    if channel.kind == ChannelKind::Slides {
        if let Some(max) = l.words_per_slide {
            let title: usize = shown
                .iter()
                .filter(|(_, u)| matches!(u.kind, UnitKind::Headline | UnitKind::Summary))
                .map(|(_, u)| words(&u.text))
                .sum();
            if title > max {
                out.push(
                    Diagnostic::error(
                        crate::codes::SLIDE_TOO_MANY_WORDS,
                        &m.file,
                        format!("the title slide has {title} words; {name} allows {max}"),
                    )
                    .at(m.headline_pos)
                    .channel(name)
                    .hint("shorten the headline or the summary"),
                );
            }
            for (_, u) in shown.iter().filter(|(_, u)| matches!(u.kind, UnitKind::KeyMessage(_))) {
                let n = words(&u.text);
                if n > max {
                    out.push(
                        Diagnostic::error(
                            crate::codes::SLIDE_TOO_MANY_WORDS,
                            &m.file,
                            format!("this key message's slide has {n} words; {name} allows {max}"),
                        )
                        .at(u.pos)
                        .channel(name)
                        .hint("shorten the key message; detail belongs on the landing page"),
                    );
                }
            }
        }
        if let Some(max) = l.key_messages
            && m.key_messages.len() > max
        {
            out.push(
                Diagnostic::error(
                    crate::codes::TOO_MANY_KEY_MESSAGES,
                    &m.file,
                    format!("{} key messages; {name} allows {max}", m.key_messages.len()),
                )
                .at(m.key_messages.get(max).map(|k| k.pos).unwrap_or(m.headline_pos))
                .channel(name)
                .hint("keep the strongest key messages; move the rest to the body"),
            );
        }
    }
}

/// Video duration and caption reading speed, placed at the scene's source:
/// on `scenes` when the video variant was rendered (its scenes are the
/// same: same context, same channel), else timed here.
pub fn video(
    cx: &Lint<'_>,
    m: &MasterMessage,
    units: &[Unit],
    name: &str,
    channel: &Channel,
    scenes: Option<Vec<render::video::Scene>>,
    out: &mut Vec<Diagnostic>,
) {
    let env =
        RenderEnv { content: cx.content, message: m, channel, templates: cx.templates, text_only: true, scenes: None };
    let wpm = channel.words_per_minute.unwrap_or(render::video::DEFAULT_WPM).max(1);
    let scenes = scenes.unwrap_or_else(|| {
        let ctx = RenderContext::new(cx.content, m, name, channel, false, false);
        render::video::scenes(&ctx, &env, wpm)
    });
    let total = scenes.last().map(|s| s.end_ms).unwrap_or(0);
    let unit_pos = |kind: UnitKind| units.iter().find(|u| u.kind == kind).map(|u| u.pos);
    let limits = render::video::limits(&env);
    if let Some(max) = channel.limits.seconds
        && total > u64::from(max) * 1000
    {
        let end_card = scenes.iter().find(|s| s.kind == "end-card").map_or(0, |s| s.end_ms - s.start_ms);
        out.push(
            Diagnostic::error(
                crate::codes::VIDEO_TOO_LONG,
                &m.file,
                format!(
                    "the video runs {:.1} s (the end card {:.1} s), at {wpm} words per minute and {} characters \
                     per second; {name} allows {max} s",
                    total as f64 / 1000.0,
                    end_card as f64 / 1000.0,
                    limits.chars_per_second
                ),
            )
            .at(unit_pos(UnitKind::Hook).unwrap_or(m.headline_pos))
            .channel(name)
            .hint("shorten the summary or the key messages, or drop a key message from this channel"),
        );
    }
    let mut reported: Vec<usize> = Vec::new();
    let mut words_checked: Vec<usize> = Vec::new();
    for cue in captions::cues(&render::video::caption_scenes(&scenes), &limits) {
        let Some(scene) = scenes.iter().find(|s| cue.start_ms >= s.start_ms && cue.start_ms < s.end_ms) else {
            continue;
        };
        let pos = match scene.kind {
            "hook" => unit_pos(UnitKind::Hook),
            "summary" => unit_pos(UnitKind::Summary),
            "key-message" => scene
                .label
                .rsplit(' ')
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| unit_pos(UnitKind::KeyMessage(n - 1))),
            "cta" => unit_pos(UnitKind::CtaLabel),
            _ => None,
        };
        let (file, pos) = match (scene.kind, pos) {
            ("safety", _) => {
                let path = std::path::PathBuf::from(format!("content/products/{}.yaml", m.front.product));
                let p =
                    yaml::key_pos(cx.source(&path), &["locales", m.locale(), "isi_short"]).unwrap_or(Pos::new(1, 1));
                (path, p)
            }
            (_, p) => (m.file.clone(), p.unwrap_or(m.headline_pos)),
        };
        // Scenes are held as long as their captions take to read, so a cue reads too fast only when its text
        // cannot be shown within the longest cue at the reading speed: a word (or word group) no split helps.
        let cps = captions::chars_per_second(&cue);
        if cps > limits.chars_per_second + 1e-9 && !reported.contains(&scene.number) {
            reported.push(scene.number);
            let text = cue.lines.join(" ");
            out.push(
                Diagnostic::error(
                    crate::codes::CAPTION_TOO_FAST,
                    &file,
                    format!(
                        "`{text}` in scene {} ({}) takes {:.1} s to read at {} characters per second, longer than a \
                         caption cue may stay on screen ({} s)",
                        scene.number,
                        scene.label,
                        render::video::text_reading_ms(&text, limits.chars_per_second) as f64 / 1000.0,
                        limits.chars_per_second,
                        limits.max_cue_ms / 1000
                    ),
                )
                .at(pos)
                .channel(name)
                .hint("shorten or abbreviate the word, or raise caption_chars_per_second"),
            );
        }
        // The captioner breaks a word longer than a line in the middle.
        // Each scene's caption is searched once, not once per cue: a long
        // caption has many cues, and searching it for each was quadratic.
        if words_checked.contains(&scene.number) {
            continue;
        }
        words_checked.push(scene.number);
        if let Some(word) = scene.caption.split_whitespace().find(|w| w.chars().count() > limits.chars_per_line) {
            out.push(
                Diagnostic::error(
                    crate::codes::CAPTION_LINE_TOO_LONG,
                    &file,
                    format!(
                        "`{word}` ({} characters) does not fit a caption line of {}",
                        word.chars().count(),
                        limits.chars_per_line
                    ),
                )
                .at(pos)
                .channel(name)
                .hint("a word longer than a caption line is split mid-word: abbreviate or hyphenate it"),
            );
        }
    }
}
