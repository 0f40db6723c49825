//! Captions: cue splitting within line-length and reading-speed limits, and SRT / WebVTT writing.
//!
//! The crate has no dependencies and no I/O: [`cues`] splits timed scene texts ([`SceneText`]) into [`Cue`]s
//! within [`CaptionLimits`] (no cue longer than `max_cue_ms`), [`reading_ms`] says how long a scene must last
//! for its captions to be read, [`to_srt`] and [`to_vtt`] write them, [`chars_per_second`] checks reading speed.
//!
//! # Example
//!
//! ```
//! use unisono_captions::{CaptionLimits, SceneText, cues, to_srt, to_vtt};
//!
//! let limits = CaptionLimits { chars_per_line: 42, lines_per_cue: 2, chars_per_second: 17.0, max_cue_ms: 7000 };
//! let scenes = [SceneText { text: "Take one tablet a day.".to_string(), start_ms: 0, end_ms: 2500 }];
//! let cues = cues(&scenes, &limits);
//! assert_eq!(cues.len(), 1);
//! assert_eq!(to_srt(&cues), "1\n00:00:00,000 --> 00:00:02,500\nTake one tablet a day.\n");
//! assert_eq!(to_vtt(&cues), "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nTake one tablet a day.\n");
//! ```

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::OnceLock;

/// Caption limits of a channel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CaptionLimits {
    /// Longest caption line, in chars (Unicode scalar values).
    pub chars_per_line: usize,
    /// Most lines shown at once.
    pub lines_per_cue: usize,
    /// Fastest comfortable reading speed, in chars per second.
    pub chars_per_second: f64,
    /// Longest time one cue stays on screen, in ms (subtitle guidelines: 7000).
    pub max_cue_ms: u64,
}

/// One scene's caption text and its time span, in milliseconds from the start.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneText {
    /// Caption text as written for reading (not the phonetic voice-over form).
    pub text: String,
    /// Start of the scene, in ms from the start of the video.
    pub start_ms: u64,
    /// End of the scene (exclusive), in ms from the start of the video.
    pub end_ms: u64,
}

/// A caption cue: lines of text shown from `start_ms` to `end_ms`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    /// When the cue appears, in ms.
    pub start_ms: u64,
    /// When the cue disappears, in ms; the next cue may start at this very time.
    pub end_ms: u64,
    /// The lines, top to bottom, without line breaks.
    pub lines: Vec<String>,
}

/// Shortest time a cue should stay on screen, so that even a one-word cue can be caught.
const MIN_CUE_MS: u64 = 1000;

/// Splits each scene's text into cues: lines of at most `chars_per_line` characters (break at spaces; prefer breaking after punctuation and before conjunctions; never split a word unless it alone is longer than the line, then hard-break), at most `lines_per_cue` lines per cue, each cue ending at a sentence or clause boundary where possible; the scene's time is shared among its cues in proportion to their character counts; cues never overlap, are in increasing time order, have a minimum duration of 1000 ms where the scene allows, last at most `max_cue_ms`, and stay inside their scene's span.
///
/// A cue that would stay on screen longer than `max_cue_ms` (because reading it takes longer, or because the
/// scene gives it more time) is split in two at its best sentence, clause or word boundary, as often as needed;
/// a single word that still needs longer is shown for `max_cue_ms` and followed by a gap. A scene at least
/// [`reading_ms`] long shows every cue at or below `chars_per_second`, except such a word.
///
/// Scenes are taken in order of start time; a scene overlapping the previous one starts where that one's
/// last cue ended. Scenes without text or without time yield no cue. A limit of 0 counts as 1, a
/// `max_cue_ms` below 1000 as 1000.
pub fn cues(scenes: &[SceneText], limits: &CaptionLimits) -> Vec<Cue> {
    let layout = Layout::new(limits);

    // A stable sort keeps the output deterministic for scenes sharing a start time.
    let mut order: Vec<&SceneText> = scenes.iter().collect();
    order.sort_by_key(|s| (s.start_ms, s.end_ms));

    let mut out = Vec::new();
    // End of the last emitted cue: later cues never start before it, even if the caller's scenes overlap.
    let mut cursor = 0u64;
    for scene in order {
        let start = scene.start_ms.max(cursor);
        if scene.end_ms <= start {
            continue;
        }
        let tokens = tokenize(&scene.text, layout.max_chars);
        if tokens.is_empty() {
            continue;
        }
        let total = scene.end_ms - start;
        let ranges = layout.hold(
            &tokens,
            layout.readable(&tokens, split_cues(&tokens, layout.max_chars, layout.max_lines)),
            total,
        );
        let texts: Vec<Vec<String>> = ranges.iter().map(|r| layout.lines(&tokens[r.clone()])).collect();
        let weights: Vec<u64> = texts.iter().map(|lines| text_chars(lines) as u64).collect();
        let durations = share_time(total, &weights, limits.chars_per_second);
        let mut at = start;
        for (lines, duration) in texts.into_iter().zip(durations) {
            // Only a scene shorter than 1 ms per cue leaves a cue without time; it cannot be shown.
            if duration == 0 {
                continue;
            }
            out.push(Cue { start_ms: at, end_ms: at + duration.min(layout.max_cue_ms), lines });
            at += duration;
        }
        cursor = cursor.max(at);
    }
    out
}

/// The shortest scene that shows `text` at the reading speed: the reading time of each of its cues (as
/// [`cues`] splits it, at least 1000 ms each), added up, in ms.
///
/// A scene this long or longer gets cues that never exceed `chars_per_second`, unless one word alone needs more
/// than `max_cue_ms`. Empty text needs no time; an invalid `chars_per_second` (0, negative, not finite) counts
/// 1000 ms per cue.
///
/// ```
/// use unisono_captions::{CaptionLimits, reading_ms};
///
/// let limits = CaptionLimits { chars_per_line: 42, lines_per_cue: 2, chars_per_second: 17.0, max_cue_ms: 7000 };
/// // 34 chars at 17 per second.
/// assert_eq!(reading_ms("Take one tablet a day, with water.", &limits), 2000);
/// ```
pub fn reading_ms(text: &str, limits: &CaptionLimits) -> u64 {
    let layout = Layout::new(limits);
    let tokens = tokenize(text, layout.max_chars);
    let ranges = layout.readable(&tokens, split_cues(&tokens, layout.max_chars, layout.max_lines));
    ranges.iter().map(|r| layout.floor_ms(&tokens[r.clone()])).fold(0u64, u64::saturating_add)
}

/// How good a split point is, best highest: between words (not inside a hard-broken word), leaving each part
/// at least a fifth of the text, its [`break_score`], nearness to the middle.
type SplitKey = (bool, bool, u8, std::cmp::Reverse<usize>);

/// The limits, made usable: zero counts as one, the longest cue at least the shortest.
struct Layout {
    max_chars: usize,
    max_lines: usize,
    chars_per_second: f64,
    max_cue_ms: u64,
}

impl Layout {
    fn new(limits: &CaptionLimits) -> Layout {
        // Zero limits would make no line or cue fit and the splitting loop could not advance.
        Layout {
            max_chars: limits.chars_per_line.max(1),
            max_lines: limits.lines_per_cue.max(1),
            chars_per_second: limits.chars_per_second,
            max_cue_ms: limits.max_cue_ms.max(MIN_CUE_MS),
        }
    }

    /// The cue's lines.
    fn lines(&self, cue: &[Token]) -> Vec<String> {
        break_lines(cue, self.max_chars).into_iter().map(|line| join(&cue[line])).collect()
    }

    /// Time the cue needs on screen: its reading time, at least 1000 ms.
    fn floor_ms(&self, cue: &[Token]) -> u64 {
        reading_time(text_chars(&self.lines(cue)) as u64, self.chars_per_second).max(MIN_CUE_MS)
    }

    /// `ranges` with every cue that takes longer than `max_cue_ms` to read split until it does not (or is one token).
    fn readable(&self, tokens: &[Token], mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
        let mut i = 0;
        while i < ranges.len() {
            let range = ranges[i].clone();
            if self.floor_ms(&tokens[range.clone()]) > self.max_cue_ms
                && let Some(k) = self.split_point(tokens, range.clone())
            {
                ranges.splice(i..=i, [range.start..k, k..range.end]);
            } else {
                i += 1;
            }
        }
        ranges
    }

    /// `ranges` with every cue that `total_ms` would keep on screen longer than `max_cue_ms` split, round after
    /// round, as long as the cues' reading times still fit in `total_ms`.
    fn hold(&self, tokens: &[Token], mut ranges: Vec<Range<usize>>, total_ms: u64) -> Vec<Range<usize>> {
        loop {
            let weights: Vec<u64> = ranges.iter().map(|r| text_chars(&self.lines(&tokens[r.clone()])) as u64).collect();
            let durations = share_time(total_ms, &weights, self.chars_per_second);
            let mut split = Vec::with_capacity(ranges.len());
            let mut changed = false;
            for (range, duration) in ranges.iter().zip(durations) {
                match self.split_point(tokens, range.clone()).filter(|_| duration > self.max_cue_ms) {
                    Some(k) => {
                        split.extend([range.start..k, k..range.end]);
                        changed = true;
                    }
                    None => split.push(range.clone()),
                }
            }
            // Each round halves the long cues, so there are few rounds; a split that leaves the scene too short
            // to read its cues is not made (the cue is shown for `max_cue_ms` instead).
            let needed = split.iter().map(|r| self.floor_ms(&tokens[r.clone()])).fold(0u64, u64::saturating_add);
            if !changed || needed > total_ms {
                return ranges;
            }
            ranges = split;
        }
    }

    /// Where to split the cue `tokens[range]` in two: the best sentence, clause or conjunction boundary (see
    /// [`break_score`]) that leaves each part at least a fifth of the text, nearest the middle among equals;
    /// inside a hard-broken word only when nothing else is left. Both parts fit the line limits. `None` for one
    /// token.
    fn split_point(&self, tokens: &[Token], range: Range<usize>) -> Option<usize> {
        if range.len() < 2 {
            return None;
        }
        let total = joined_len(&tokens[range.clone()]);
        let mut best: Option<(SplitKey, usize)> = None;
        let mut left = 0;
        for k in range.start + 1..range.end {
            left += tokens[k - 1].len;
            let word_gap = !tokens[k - 1].glued;
            let right = total - left - usize::from(word_gap);
            let balanced = left.min(right) * 5 >= total;
            let key = (word_gap, balanced, break_score(tokens, k), std::cmp::Reverse(left.abs_diff(right)));
            if best.as_ref().is_none_or(|(b, _)| key > *b) {
                best = Some((key, k));
            }
            left += usize::from(word_gap);
        }
        let (_, k) = best?;
        let fits = |r: Range<usize>| break_lines(&tokens[r], self.max_chars).len() <= self.max_lines;
        if fits(range.start..k) && fits(k..range.end) {
            return Some(k);
        }
        // The end of the first line always works: the rest is laid out as it was.
        let first = break_lines(&tokens[range.clone()], self.max_chars).into_iter().next()?;
        Some(range.start + first.end).filter(|&k| k < range.end)
    }
}

/// Reading speed of a cue in characters per second (all characters of its lines, spaces included, line breaks excluded).
///
/// A cue without duration reads at infinite speed, or 0 if it has no characters either.
pub fn chars_per_second(cue: &Cue) -> f64 {
    let chars = text_chars(&cue.lines) as f64;
    let ms = cue.end_ms.saturating_sub(cue.start_ms);
    if ms == 0 {
        return if chars == 0.0 { 0.0 } else { f64::INFINITY };
    }
    chars * 1000.0 / ms as f64
}

/// SubRip: numbered from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, lines, blank line between cues; LF line endings; ends with a single newline.
///
/// Line breaks inside a line start a new line and blank lines are dropped, since a blank line ends an SRT
/// cue; a cue left without text is skipped. No cues give an empty string. Text is written as is: SRT has
/// no escaping.
pub fn to_srt(cues: &[Cue]) -> String {
    let mut out = String::new();
    let mut number = 0usize;
    for cue in cues {
        let lines = visible_lines(cue);
        if lines.is_empty() {
            continue;
        }
        number += 1;
        if number > 1 {
            out.push('\n');
        }
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{number}");
        let _ = writeln!(out, "{} --> {}", timestamp(cue.start_ms, ','), timestamp(cue.end_ms, ','));
        for line in lines {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// WebVTT: `WEBVTT` header, blank line, then cues with `HH:MM:SS.mmm --> HH:MM:SS.mmm`; cue text escaped for WebVTT (`&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`); the string `-->` can never appear inside cue text; LF line endings.
///
/// Lines are cleaned as for [`to_srt`]; the output ends with a single newline.
pub fn to_vtt(cues: &[Cue]) -> String {
    let mut out = String::from("WEBVTT\n");
    for cue in cues {
        let lines = visible_lines(cue);
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{} --> {}", timestamp(cue.start_ms, '.'), timestamp(cue.end_ms, '.'));
        for line in lines {
            // Escaping `>` is what keeps `-->` out of the text: it becomes `--&gt;`.
            for c in line.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    _ => out.push(c),
                }
            }
            out.push('\n');
        }
    }
    out
}

/// A cue's lines as they can be written: split at embedded line breaks, blank ones dropped.
fn visible_lines(cue: &Cue) -> Vec<&str> {
    cue.lines.iter().flat_map(|line| line.split(['\n', '\r'])).filter(|line| !line.trim().is_empty()).collect()
}

/// `HH:MM:SS` + `separator` + `mmm`; hours grow past two digits rather than wrap.
fn timestamp(ms: u64, separator: char) -> String {
    let hours = ms / 3_600_000;
    let minutes = ms / 60_000 % 60;
    let seconds = ms / 1000 % 60;
    format!("{hours:02}:{minutes:02}:{seconds:02}{separator}{:03}", ms % 1000)
}

/// Chars of a cue's text: its lines' chars, without the breaks between lines.
fn text_chars(lines: &[String]) -> usize {
    lines.iter().map(|line| line.chars().count()).sum()
}

/// A unit of caption text: a word, or a piece of a word too long for one line.
#[derive(Debug, Clone)]
struct Token {
    text: String,
    /// Length in chars.
    len: usize,
    /// A piece of a hard-broken word, continued by the next token without a space.
    glued: bool,
}

/// Words of `text` (any whitespace separates), words longer than `max_chars` cut into line-sized pieces.
fn tokenize(text: &str, max_chars: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    for word in text.split_whitespace() {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() <= max_chars {
            tokens.push(Token { text: word.to_string(), len: chars.len(), glued: false });
            continue;
        }
        let mut from = 0;
        while from < chars.len() {
            let mut to = (from + max_chars).min(chars.len());
            // Keep a combining mark with its base letter, unless the piece would be nothing but marks.
            while to < chars.len() && to > from + 1 && is_combining(chars[to]) {
                to -= 1;
            }
            let piece = &chars[from..to];
            tokens.push(Token { text: piece.iter().collect(), len: piece.len(), glued: to < chars.len() });
            from = to;
        }
    }
    tokens
}

/// Marks that attach to the preceding char (combining diacritics, joiners, variation selectors).
fn is_combining(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{200D}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Length in chars of `tokens` written on one line.
fn joined_len(tokens: &[Token]) -> usize {
    let spaces = tokens.iter().rev().skip(1).filter(|t| !t.glued).count();
    tokens.iter().map(|t| t.len).sum::<usize>() + spaces
}

/// `tokens` written on one line.
fn join(tokens: &[Token]) -> String {
    let mut line = String::new();
    for (i, token) in tokens.iter().enumerate() {
        if i > 0 && !tokens[i - 1].glued {
            line.push(' ');
        }
        line.push_str(&token.text);
    }
    line
}

/// How good a place the gap before `tokens[at]` is to end a line or a cue: 4 after a sentence, 3 after a
/// clause, 2 before a conjunction, 1 elsewhere, 0 where the words belong together (after a number, which its
/// unit follows, or after an article, preposition or conjunction) or inside a hard-broken word.
fn break_score(tokens: &[Token], at: usize) -> u8 {
    let Some(before) = at.checked_sub(1).and_then(|i| tokens.get(i)) else {
        return 0;
    };
    if before.glued {
        return 0;
    }
    if ends_sentence(&before.text) {
        4
    } else if ends_clause(&before.text) {
        3
    } else if is_number(&before.text) || is_function_word(&before.text) {
        0
    } else if tokens.get(at).is_some_and(|t| is_conjunction(&t.text)) {
        2
    } else {
        1
    }
}

/// Whether `word` is a number as written ("10", "1.8", "0,5", "10 000" pieces).
fn is_number(word: &str) -> bool {
    word.ends_with(|c: char| c.is_ascii_digit()) && word.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Whether `word` leans on the word after it (an article, a preposition, a conjunction), so a line should
/// not end with it.
fn is_function_word(word: &str) -> bool {
    let word = word.trim_start_matches(['"', '\'', '“', '‘', '«', '(', '[']).to_lowercase();
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    is_conjunction(&word) || SET.get_or_init(|| words(FUNCTION_WORDS)).contains(word.as_str())
}

/// The words of space-separated groups, as a set: the break rules look words up at every gap.
fn words(groups: &[&'static str]) -> HashSet<&'static str> {
    groups.iter().flat_map(|group| group.split(' ')).collect()
}

/// Articles and prepositions of the languages the pills are made in, space-separated, one group per language.
const FUNCTION_WORDS: &[&str] = &[
    // English
    "a an the of to in at by for on with from as per than",
    // German
    "der die das den dem des ein eine einen einem einer mit von zu zum zur im in am an auf für bei nach aus vor",
    // Spanish, French, Italian, Portuguese
    "el la los las un una unos unas de del al en con por para sin le les du des à au aux il lo gli di da",
    // Russian
    "в во на с со к ко по о об от до из за у при без для",
];

/// `word` without closing quotes and brackets, which follow the punctuation they enclose.
fn strip_closers(word: &str) -> &str {
    word.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '}'])
}

/// Whether `word` ends a sentence; abbreviations ("e.g.", "vs.", "Dr.") and initials do not.
fn ends_sentence(word: &str) -> bool {
    let word = strip_closers(word);
    if word.ends_with(['!', '?', '…', '。', '！', '？']) {
        return true;
    }
    let Some(stem) = word.strip_suffix('.') else {
        return false;
    };
    if stem.ends_with('.') {
        // An ellipsis written as dots.
        return true;
    }
    let stem = stem.trim_start_matches(['"', '\'', '“', '‘', '«', '(', '[']).to_lowercase();
    // An inner dot ("e.g.", "i.e.", "т.е.") or a single letter ("J.", "г.") marks an abbreviation.
    let single_letter = stem.chars().count() == 1 && stem.chars().all(char::is_alphabetic);
    !(stem.is_empty() || stem.contains('.') || single_letter || ABBREVIATIONS.contains(&stem.as_str()))
}

/// Words that end in a dot without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "approx", "ca", "cf", "dr", "fig", "incl", "jr", "mr", "mrs", "ms", "no", "prof", "resp", "sr", "st", "vol", "vs",
    "al", "bzw", "ggf", "inkl", "nr", "vgl", "z", "etc", "др", "рис", "табл", "стр", "см", "проф", "гг", "мг",
];

/// Whether `word` ends a clause: a comma, semicolon, colon or dash.
fn ends_clause(word: &str) -> bool {
    let word = strip_closers(word);
    word.ends_with([',', ';', ':', '，', '；', '：', '—', '–']) || (!word.is_empty() && word.chars().all(|c| c == '-'))
}

/// Whether `word` is a conjunction or relative pronoun, before which a line reads well broken.
fn is_conjunction(word: &str) -> bool {
    let word = word.trim_start_matches(['"', '\'', '“', '‘', '«', '(', '[']).to_lowercase();
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| words(CONJUNCTIONS)).contains(word.as_str())
}

/// Conjunctions of the languages the pills are made in, space-separated, one group per language (family).
const CONJUNCTIONS: &[&str] = &[
    // English
    "and or but nor yet so because although though while whereas unless if when whenever where since until",
    "which who whom whose",
    // German
    "und oder aber denn sondern weil dass wenn obwohl während",
    // French, Spanish, Italian, Portuguese
    "et ou mais donc car parce lorsque quand qui que y pero porque aunque cuando ma perché però se che mas",
    // Russian
    "и или но а что чтобы потому поэтому если когда который которая которое которые хотя однако либо",
];

/// End of `tokens[range]` moved back to the best-scored gap (see [`break_score`]), the latest among equals,
/// among those that keep at least `min_len` chars; `len` is the joined length of the whole range.
fn better_end(tokens: &[Token], range: Range<usize>, len: usize, min_len: usize) -> usize {
    let mut end = range.end;
    let mut best = break_score(tokens, range.end);
    let mut len = len;
    for k in (range.start + 1..range.end).rev() {
        // Now `len` becomes the joined length of `tokens[range.start..k]`.
        len -= tokens[k].len + usize::from(!tokens[k - 1].glued);
        if len < min_len {
            break;
        }
        let score = break_score(tokens, k);
        if score > best {
            best = score;
            end = k;
        }
    }
    end
}

/// Breaks `tokens` into lines of at most `max_chars` chars, as token ranges.
///
/// Each line is first filled greedily; if words remain, the line may end earlier at a better place (see
/// [`break_score`]) as long as it stays at least half full, so that punctuation and conjunctions guide the
/// breaks without leaving ragged short lines.
fn break_lines(tokens: &[Token], max_chars: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut len = tokens[i].len;
        let mut j = i + 1;
        while j < tokens.len() {
            let space = usize::from(!tokens[j - 1].glued);
            if len + space + tokens[j].len > max_chars {
                break;
            }
            len += space + tokens[j].len;
            j += 1;
        }
        let end = if j < tokens.len() { better_end(tokens, i..j, len, max_chars.div_ceil(2)) } else { j };
        lines.push(i..end);
        i = end;
    }
    lines
}

/// Groups `tokens` into cues of at most `max_lines` lines, as token ranges.
///
/// Each cue takes as many words as fit, then ends earlier at the best sentence or clause boundary (see
/// [`break_score`]) that keeps it at least a third as long as it could be.
fn split_cues(tokens: &[Token], max_chars: usize, max_lines: usize) -> Vec<Range<usize>> {
    let fits = |range: Range<usize>| break_lines(&tokens[range], max_chars).len() <= max_lines;
    let mut cues = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // Laying out a prefix never takes more lines than the whole, so whether a cue fits is monotone in its
        // end and the longest fitting cue can be found by galloping, then bisecting. A single token always
        // fits: tokens are at most one line long.
        let n = tokens.len();
        let mut fit = i + 1;
        let mut step = 1;
        while fit + step <= n && fits(i..fit + step) {
            fit += step;
            step *= 2;
        }
        // `misfit` = n + 1 stands for "past the end", never tested.
        let mut misfit = (fit + step).min(n + 1);
        while misfit - fit > 1 {
            let mid = fit + (misfit - fit) / 2;
            if fits(i..mid) {
                fit = mid;
            } else {
                misfit = mid;
            }
        }
        let end = if fit < n {
            let full = joined_len(&tokens[i..fit]);
            better_end(tokens, i..fit, full, full.div_ceil(3))
        } else {
            fit
        };
        cues.push(i..end);
        i = end;
    }
    cues
}

/// Shares `total_ms` among cues in proportion to `weights` (their chars), raising short cues to the minimum.
///
/// Each cue gets at least 1000 ms and, while the scene allows, at least its reading time at
/// `chars_per_second`, so that the time given to short cues is not taken from long ones that need it.
/// If the scene is too short for that, only the 1000 ms floor is kept, and if it is too short even for
/// that, all cues get an equal floor. Durations add up to `total_ms`.
fn share_time(total_ms: u64, weights: &[u64], chars_per_second: f64) -> Vec<u64> {
    let count = weights.len() as u64;
    let reading: Vec<u64> = weights.iter().map(|&w| reading_time(w, chars_per_second).max(MIN_CUE_MS)).collect();
    let floors = if reading.iter().fold(0u64, |sum, &f| sum.saturating_add(f)) <= total_ms {
        reading
    } else if count.saturating_mul(MIN_CUE_MS) <= total_ms {
        vec![MIN_CUE_MS; weights.len()]
    } else {
        vec![total_ms / count.max(1); weights.len()]
    };
    allocate(total_ms, weights, &floors)
}

/// Time to read `chars` at `chars_per_second`, in whole ms rounded up; 0 for a speed that is not positive and finite.
fn reading_time(chars: u64, chars_per_second: f64) -> u64 {
    if chars_per_second.is_finite() && chars_per_second > 0.0 {
        // Float-to-int `as` saturates, so an absurdly low speed cannot wrap around.
        (chars as f64 * 1000.0 / chars_per_second).ceil() as u64
    } else {
        0
    }
}

/// Water-filling: splits `total` in proportion to `weights`, pinning to its floor every share that would
/// fall below it and sharing the rest among the others. The floors must add up to at most `total`.
fn allocate(total: u64, weights: &[u64], floors: &[u64]) -> Vec<u64> {
    let mut pinned = vec![false; weights.len()];
    let (rest, weight_sum) = loop {
        let rest = total.saturating_sub((0..weights.len()).filter(|&i| pinned[i]).map(|i| floors[i]).sum());
        let weight_sum: u64 = (0..weights.len()).filter(|&i| !pinned[i]).map(|i| weights[i]).sum();
        // Pinning a share below its floor only lowers the others' shares, so all of them can be pinned at once.
        let mut changed = false;
        for i in 0..weights.len() {
            if !pinned[i] && u128::from(rest) * u128::from(weights[i]) < u128::from(floors[i]) * u128::from(weight_sum)
            {
                pinned[i] = true;
                changed = true;
            }
        }
        if !changed {
            break (rest, weight_sum);
        }
    };
    // Cumulative rounding down: shares add up exactly to `rest` and none falls below its (integer) floor.
    let mut durations = Vec::with_capacity(weights.len());
    let mut weight_so_far = 0u64;
    let mut previous = 0u64;
    for i in 0..weights.len() {
        if pinned[i] {
            durations.push(floors[i]);
        } else {
            weight_so_far += weights[i];
            // `weight_sum` is positive here: it includes this cue's weight, and weights are chars of
            // non-empty cues; the quotient is at most `rest`, so it fits in u64.
            let position = (u128::from(rest) * u128::from(weight_so_far) / u128::from(weight_sum.max(1))) as u64;
            durations.push(position - previous);
            previous = position;
        }
    }
    durations
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: CaptionLimits =
        CaptionLimits { chars_per_line: 42, lines_per_cue: 2, chars_per_second: 17.0, max_cue_ms: 7000 };

    fn scene(text: &str, start_ms: u64, end_ms: u64) -> SceneText {
        SceneText { text: text.to_string(), start_ms, end_ms }
    }

    /// `HH:MM:SS` + `separator` + `mmm`, strictly: two-digit minutes and seconds below 60, three-digit ms.
    fn parse_timestamp(s: &str, separator: char) -> Result<u64, String> {
        let bad = || format!("bad timestamp {s:?}");
        let (hms, millis) = s.split_once(separator).ok_or_else(bad)?;
        let parts: Vec<&str> = hms.split(':').collect();
        let digits = |p: &str, len: Option<usize>| {
            !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && len.is_none_or(|len| p.len() == len)
        };
        if parts.len() != 3
            || !digits(parts[0], None)
            || parts[0].len() < 2
            || !digits(parts[1], Some(2))
            || !digits(parts[2], Some(2))
            || !digits(millis, Some(3))
        {
            return Err(bad());
        }
        let number = |p: &str| p.parse::<u64>().map_err(|_| bad());
        let (hours, minutes, seconds, millis) =
            (number(parts[0])?, number(parts[1])?, number(parts[2])?, number(millis)?);
        if minutes >= 60 || seconds >= 60 {
            return Err(bad());
        }
        Ok(((hours * 60 + minutes) * 60 + seconds) * 1000 + millis)
    }

    /// `start --> end`, both well formed and the cue not empty in time.
    fn parse_timing(line: &str, separator: char) -> Result<(u64, u64), String> {
        let (start, end) = line.split_once(" --> ").ok_or_else(|| format!("bad timing line {line:?}"))?;
        let (start, end) = (parse_timestamp(start, separator)?, parse_timestamp(end, separator)?);
        if end <= start {
            return Err(format!("cue ends before it starts: {line:?}"));
        }
        Ok((start, end))
    }

    /// Adds a parsed cue, rejecting empty text and times that overlap or go back.
    fn push_cue(cues: &mut Vec<Cue>, start_ms: u64, end_ms: u64, lines: Vec<String>) -> Result<(), String> {
        if lines.is_empty() || lines.iter().any(|l| l.trim().is_empty()) {
            return Err(format!("empty cue at {start_ms} ms"));
        }
        if let Some(previous) = cues.last()
            && start_ms < previous.end_ms
        {
            return Err(format!("cue at {start_ms} ms overlaps or precedes the one ending at {}", previous.end_ms));
        }
        cues.push(Cue { start_ms, end_ms, lines });
        Ok(())
    }

    /// Blocks separated by one blank line, the text ending with exactly one LF.
    fn blocks(body: &str) -> Result<Vec<&str>, String> {
        if body.contains('\r') {
            return Err("CR in output".into());
        }
        let body = body.strip_suffix('\n').ok_or("no final newline")?;
        if body.ends_with('\n') {
            return Err("more than one final newline".into());
        }
        Ok(body.split("\n\n").collect())
    }

    /// A strict SubRip parser for what `to_srt` writes.
    fn parse_srt(srt: &str) -> Result<Vec<Cue>, String> {
        let mut cues = Vec::new();
        if srt.is_empty() {
            return Ok(cues);
        }
        for (i, block) in blocks(srt)?.into_iter().enumerate() {
            let mut lines = block.split('\n');
            let index = lines.next().unwrap_or_default();
            if index != (i + 1).to_string() {
                return Err(format!("missing or wrong index {index:?}, expected {}", i + 1));
            }
            let (start, end) = parse_timing(lines.next().ok_or("missing timing line")?, ',')?;
            push_cue(&mut cues, start, end, lines.map(String::from).collect())?;
        }
        Ok(cues)
    }

    /// Undoes WebVTT escaping, rejecting raw markup, unknown entities and `-->`.
    fn unescape_vtt(line: &str) -> Result<String, String> {
        if line.contains("-->") || line.contains(['<', '>']) {
            return Err(format!("unescaped text {line:?}"));
        }
        let mut out = String::new();
        let mut rest = line;
        while let Some(at) = rest.find('&') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            let (entity, text) = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>')]
                .into_iter()
                .find(|(entity, _)| rest.starts_with(entity))
                .ok_or_else(|| format!("bad entity in {line:?}"))?;
            out.push(text);
            rest = &rest[entity.len()..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// A strict WebVTT parser for what `to_vtt` writes (no cue identifiers or settings).
    fn parse_vtt(vtt: &str) -> Result<Vec<Cue>, String> {
        let body = vtt.strip_prefix("WEBVTT\n").ok_or("missing WEBVTT header")?;
        let mut cues = Vec::new();
        if body.is_empty() {
            return Ok(cues);
        }
        let body = body.strip_prefix('\n').ok_or("no blank line after header")?;
        for block in blocks(body)? {
            let mut lines = block.split('\n');
            let (start, end) = parse_timing(lines.next().unwrap_or_default(), '.')?;
            let text = lines.map(unescape_vtt).collect::<Result<Vec<_>, _>>()?;
            push_cue(&mut cues, start, end, text)?;
        }
        Ok(cues)
    }

    /// Every invariant `cues` promises, for scenes long enough to show all their cues.
    fn check(scenes: &[SceneText], limits: &CaptionLimits, out: &[Cue]) {
        for cue in out {
            assert!(cue.start_ms < cue.end_ms, "{cue:?}");
            assert!(cue.end_ms - cue.start_ms <= limits.max_cue_ms.max(1000), "longer than the longest cue: {cue:?}");
            assert!(!cue.lines.is_empty() && cue.lines.len() <= limits.lines_per_cue.max(1), "{cue:?}");
            for line in &cue.lines {
                assert!(!line.is_empty() && line.trim() == line, "{cue:?}");
                assert!(line.chars().count() <= limits.chars_per_line.max(1), "line too long: {line:?}");
            }
        }
        for pair in out.windows(2) {
            assert!(pair[0].end_ms <= pair[1].start_ms, "overlap: {pair:?}");
        }
        for s in scenes {
            let inside: Vec<&Cue> = out.iter().filter(|c| c.start_ms < s.end_ms && c.end_ms > s.start_ms).collect();
            for cue in &inside {
                assert!(cue.start_ms >= s.start_ms && cue.end_ms <= s.end_ms, "{cue:?} outside {s:?}");
            }
            let said: String = s.text.split_whitespace().collect();
            let shown: String = inside.iter().flat_map(|c| &c.lines).flat_map(|l| l.split_whitespace()).collect();
            if s.end_ms > s.start_ms {
                // No char lost, duplicated or moved, hard-broken words included.
                assert_eq!(shown, said, "scene {s:?}");
            } else {
                assert!(inside.is_empty());
            }
            let words: Vec<&str> = s.text.split_whitespace().collect();
            let longest = words.iter().map(|w| w.chars().count()).max().unwrap_or(0);
            if s.end_ms > s.start_ms && longest <= limits.chars_per_line {
                // Without hard breaks, the words themselves come back in order.
                let shown: Vec<&str> =
                    inside.iter().flat_map(|c| &c.lines).flat_map(|l| l.split_whitespace()).collect();
                assert_eq!(shown, words);
            }
            let durations: Vec<u64> = inside.iter().map(|c| c.end_ms - c.start_ms).collect();
            if !inside.is_empty() && (s.end_ms - s.start_ms) >= 1000 * inside.len() as u64 {
                assert!(durations.iter().all(|&d| d >= 1000), "{durations:?} in {s:?}");
            }
        }
    }

    fn script() -> Vec<SceneText> {
        vec![
            scene(
                "Welcome. In the PIVOT-3 trial, once-daily Examplumab reduced exacerbations by 34% vs. placebo \
                 over 52 weeks, and the benefit was seen across all prespecified subgroups, including patients \
                 with prior hospitalisation.",
                0,
                14_000,
            ),
            scene("", 14_000, 15_000),
            scene(
                "Наиболее частыми нежелательными явлениями были головная боль и назофарингит; \
                 большинство из них были лёгкими или умеренными.",
                15_000,
                24_500,
            ),
            scene(
                "Weitere Informationen finden Sie in der Fachinformation, z. B. zu Wechselwirkungen.",
                24_500,
                30_000,
            ),
            scene("Report side effects.", 30_000, 31_000),
        ]
    }

    #[test]
    fn script_meets_all_limits() {
        let scenes = script();
        let out = cues(&scenes, &LIMITS);
        check(&scenes, &LIMITS, &out);
        assert!(out.len() >= 6, "{out:#?}");
        // The empty scene is silent on screen too.
        assert!(!out.iter().any(|c| c.start_ms < 15_000 && c.end_ms > 14_000));
    }

    #[test]
    fn srt_round_trips() {
        let out = cues(&script(), &LIMITS);
        let srt = to_srt(&out);
        assert_eq!(parse_srt(&srt), Ok(out));
    }

    #[test]
    fn vtt_round_trips() {
        let out = cues(&script(), &LIMITS);
        let vtt = to_vtt(&out);
        assert_eq!(parse_vtt(&vtt), Ok(out));
    }

    #[test]
    fn vtt_escapes_markup_and_arrows() {
        let tricky = vec![
            Cue { start_ms: 0, end_ms: 1500, lines: vec!["<script>alert(1)</script>".into(), "R&D --> &amp;".into()] },
            Cue { start_ms: 1500, end_ms: 3000, lines: vec!["a<b>c".into()] },
        ];
        let vtt = to_vtt(&tricky);
        assert!(!vtt.contains("<script>") && !vtt.contains("<b>"));
        for line in vtt.lines() {
            assert!(!line.contains("-->") || parse_timing(line, '.').is_ok(), "arrow in text: {line:?}");
        }
        assert!(vtt.contains("&lt;script&gt;alert(1)&lt;/script&gt;\nR&amp;D --&gt; &amp;amp;\n"));
        assert_eq!(parse_vtt(&vtt), Ok(tricky.clone()));
        // SRT has no escaping: the text comes back as it went in.
        assert_eq!(parse_srt(&to_srt(&tricky)), Ok(tricky));
    }

    #[test]
    fn exact_formats() {
        let two = vec![
            Cue { start_ms: 0, end_ms: 1_500, lines: vec!["One line".into(), "two".into()] },
            Cue { start_ms: 3_723_004, end_ms: 3_725_000, lines: vec!["Later".into()] },
        ];
        assert_eq!(
            to_srt(&two),
            "1\n00:00:00,000 --> 00:00:01,500\nOne line\ntwo\n\n2\n01:02:03,004 --> 01:02:05,000\nLater\n"
        );
        assert_eq!(
            to_vtt(&two),
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nOne line\ntwo\n\n01:02:03.004 --> 01:02:05.000\nLater\n"
        );
        assert_eq!(to_srt(&[]), "");
        assert_eq!(to_vtt(&[]), "WEBVTT\n");
        assert_eq!(parse_srt(""), Ok(vec![]));
        assert_eq!(parse_vtt("WEBVTT\n"), Ok(vec![]));
    }

    #[test]
    fn writers_drop_blank_lines_and_empty_cues() {
        let messy = vec![
            Cue { start_ms: 0, end_ms: 1000, lines: vec!["  ".into()] },
            Cue { start_ms: 1000, end_ms: 2000, lines: vec!["a\r\nb".into(), "".into(), "c".into()] },
        ];
        let clean = vec![Cue { start_ms: 1000, end_ms: 2000, lines: vec!["a".into(), "b".into(), "c".into()] }];
        assert_eq!(parse_srt(&to_srt(&messy)), Ok(clean.clone()));
        assert_eq!(parse_vtt(&to_vtt(&messy)), Ok(clean));
    }

    #[test]
    fn parsers_reject_malformed_input() {
        let good_srt = "1\n00:00:00,000 --> 00:00:01,000\nHello\n";
        assert!(parse_srt(good_srt).is_ok());
        for bad in [
            "1\n00:00:00,000 --> 00:00:60,000\nHello\n", // seconds out of range
            "1\n00:00:00.000 --> 00:00:01,000\nHello\n", // VTT separator in SRT
            "1\n0:00:00,000 --> 00:00:01,000\nHello\n",  // one-digit hours
            "1\n00:00:00,00 --> 00:00:01,000\nHello\n",  // two-digit ms
            "1\n00:00:00,000->00:00:01,000\nHello\n",    // bad arrow
            "00:00:00,000 --> 00:00:01,000\nHello\n",    // missing index
            "2\n00:00:00,000 --> 00:00:01,000\nHello\n", // wrong index
            "1\n00:00:00,000 --> 00:00:01,000\n",        // empty cue
            "1\n00:00:00,000 --> 00:00:01,000\n \n",     // blank cue
            "1\n00:00:01,000 --> 00:00:01,000\nHello\n", // no duration
            "1\n00:00:02,000 --> 00:00:01,000\nHello\n", // ends before start
            "1\n00:00:00,000 --> 00:00:02,000\nA\n\n2\n00:00:01,000 --> 00:00:03,000\nB\n", // overlap
            "1\n00:00:05,000 --> 00:00:06,000\nA\n\n2\n00:00:01,000 --> 00:00:02,000\nB\n", // going back
            "1\n00:00:00,000 --> 00:00:01,000\nHello",   // no final newline
            "1\n00:00:00,000 --> 00:00:01,000\nHello\n\n", // two final newlines
            "1\r\n00:00:00,000 --> 00:00:01,000\r\nHello\r\n", // CRLF
        ] {
            assert!(parse_srt(bad).is_err(), "accepted {bad:?}");
        }

        let good_vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nR&amp;D\n";
        assert_eq!(parse_vtt(good_vtt).map(|c| c[0].lines.clone()), Ok(vec!["R&D".to_string()]));
        for bad in [
            "00:00:00.000 --> 00:00:01.000\nHello\n",                  // no header
            "WEBVTT\n00:00:00.000 --> 00:00:01.000\nHello\n",          // no blank line
            "WEBVTT\n\n00:00:00,000 --> 00:00:01,000\nHello\n",        // SRT separator
            "WEBVTT\n\n00:00:00.000 --> 00:61:00.000\nHello\n",        // minutes out of range
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n",               // empty cue
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<b>Hello</b>\n", // raw markup
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nR&D\n",          // raw ampersand
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\na --> b\n",      // arrow in text
            "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nA\n\n00:00:01.000 --> 00:00:03.000\nB\n", // overlap
            "WEBVTT\n\n00:00:03.000 --> 00:00:04.000\nA\n\n00:00:01.000 --> 00:00:02.000\nB\n", // going back
        ] {
            assert!(parse_vtt(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn long_word_hard_breaks() {
        let word = "Pneumonoultramicroscopicsilicovolcanoconiosis-associated-interstitial-lung-disease-monitoring";
        assert!(word.chars().count() > 2 * 42);
        // 12 s: two cues of at most 7 s each, as the text splits for its lines.
        let scenes = [scene(&format!("Ask about {word} today."), 0, 12_000)];
        let out = cues(&scenes, &LIMITS);
        check(&scenes, &LIMITS, &out);
        let lines: Vec<&String> = out.iter().flat_map(|c| &c.lines).collect();
        assert_eq!(lines[0], "Ask about");
        assert_eq!(lines[1].chars().count(), 42);
        assert_eq!(lines[2].chars().count(), 42);
        let rejoined: String = lines[1..4].iter().map(|l| l.as_str()).collect::<String>();
        assert!(rejoined.starts_with(word), "{lines:?}");
        assert!(lines[3].ends_with(" today."), "{lines:?}");
    }

    #[test]
    fn hard_break_keeps_combining_marks_with_their_letter() {
        // "e" + combining acute at the cut: the mark must not start a line.
        let word = format!("{}e\u{301}abc", "x".repeat(9));
        let limits = CaptionLimits { chars_per_line: 10, lines_per_cue: 1, chars_per_second: 17.0, max_cue_ms: 7000 };
        let out = cues(&[scene(&word, 0, 10_000)], &limits);
        let lines: Vec<&str> = out.iter().flat_map(|c| &c.lines).map(String::as_str).collect();
        assert_eq!(lines, ["xxxxxxxxx", "e\u{301}abc"]);
    }

    #[test]
    fn cyrillic_is_measured_in_chars() {
        // 41 chars but 77 bytes: one line, one cue.
        let text = "Принимайте одну таблетку в день во время еды";
        let text = &text[..text.char_indices().nth(41).map_or(text.len(), |(i, _)| i)].trim_end();
        assert!(text.len() > 42 && text.chars().count() <= 42);
        let out = cues(&[scene(text, 0, 5_000)], &LIMITS);
        assert_eq!(out, vec![Cue { start_ms: 0, end_ms: 5_000, lines: vec![text.to_string()] }]);

        let long = "Наиболее частыми нежелательными явлениями были головная боль и назофарингит.";
        let out = cues(&[scene(long, 0, 6_000)], &LIMITS);
        check(&[scene(long, 0, 6_000)], &LIMITS, &out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].lines.len(), 2);
        // 41 chars (79 bytes) on the first line: a byte count would have broken it much earlier.
        assert_eq!(out[0].lines, ["Наиболее частыми нежелательными явлениями", "были головная боль и назофарингит."]);

        let cue = Cue { start_ms: 0, end_ms: 2_000, lines: vec!["Привет".into(), "мир".into()] };
        assert_eq!(chars_per_second(&cue), 4.5);
    }

    #[test]
    fn empty_and_zero_length_scenes() {
        let scenes = [
            scene("", 0, 5_000),
            scene("   \n\t ", 5_000, 6_000),
            scene("Said in no time.", 6_000, 6_000),
            scene("Said backwards.", 9_000, 7_000),
            scene("Just in time.", 9_000, 10_000),
        ];
        let out = cues(&scenes, &LIMITS);
        assert_eq!(out, vec![Cue { start_ms: 9_000, end_ms: 10_000, lines: vec!["Just in time.".into()] }]);
        assert!(cues(&[], &LIMITS).is_empty());
    }

    #[test]
    fn tiny_scenes_and_zero_limits_do_not_panic() {
        let text = "One. Two. Three. Four. Five. Six. Seven. Eight. Nine. Ten. Eleven. Twelve.";
        let tight = CaptionLimits { chars_per_line: 6, lines_per_cue: 1, chars_per_second: 17.0, max_cue_ms: 7000 };
        for ms in [1, 3, 5, 12, 999, 2_500] {
            let out = cues(&[scene(text, 100, 100 + ms)], &tight);
            assert!(out.iter().all(|c| c.start_ms >= 100 && c.end_ms <= 100 + ms && c.start_ms < c.end_ms));
            assert!(out.windows(2).all(|p| p[0].end_ms <= p[1].start_ms));
        }
        let zero = CaptionLimits { chars_per_line: 0, lines_per_cue: 0, chars_per_second: 0.0, max_cue_ms: 0 };
        let scenes = [scene("ab cd", 0, 10_000)];
        let out = cues(&scenes, &zero);
        assert_eq!(out.iter().flat_map(|c| &c.lines).cloned().collect::<Vec<_>>(), ["a", "b", "c", "d"]);
        check(&scenes, &CaptionLimits { chars_per_line: 1, lines_per_cue: 1, ..zero }, &out);
        for cps in [f64::NAN, f64::INFINITY, -1.0, 1e-300] {
            let limits = CaptionLimits { chars_per_second: cps, ..LIMITS };
            check(&script(), &limits, &cues(&script(), &limits));
        }
    }

    #[test]
    fn overlapping_and_unsorted_scenes_stay_in_order() {
        let scenes = [scene("Second scene here.", 5_000, 9_000), scene("First scene overlaps.", 0, 6_000)];
        let out = cues(&scenes, &LIMITS);
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].start_ms, out[0].end_ms), (0, 6_000));
        assert_eq!((out[1].start_ms, out[1].end_ms), (6_000, 9_000));
    }

    #[test]
    fn cues_end_at_sentences_and_lines_break_before_conjunctions() {
        let text = "Take one tablet daily. Swallow it whole with a glass of water and do not crush or chew it, \
                    because the coating protects the stomach.";
        let scenes = [scene(text, 0, 12_000)];
        let out = cues(&scenes, &LIMITS);
        check(&scenes, &LIMITS, &out);
        assert_eq!(out[0].lines, ["Take one tablet daily."]);
        assert_eq!(out[1].lines, ["Swallow it whole with a glass of water", "and do not crush or chew it,"]);
        assert_eq!(out[2].lines, ["because the coating protects the stomach."]);
        // Abbreviations and initials do not end sentences.
        for word in ["vs.", "e.g.", "Dr.", "J.", "т.е.", "(approx.)"] {
            assert!(!ends_sentence(word), "{word}");
        }
        for word in ["placebo.", "weeks.)", "really?»", "so...", "день."] {
            assert!(ends_sentence(word), "{word}");
        }
    }

    #[test]
    fn time_is_shared_by_chars_with_a_floor() {
        // 21 and 63 chars over 8.4 s: 2.1 s and 6.3 s.
        let text =
            format!("Short first sentence. {}", "Long second sentence that goes on and on, right until the last.");
        let limits = CaptionLimits { chars_per_line: 63, lines_per_cue: 1, chars_per_second: 17.0, max_cue_ms: 7000 };
        let out = cues(&[scene(&text, 1_000, 9_400)], &limits);
        let spans: Vec<(u64, u64)> = out.iter().map(|c| (c.start_ms, c.end_ms)).collect();
        assert_eq!(spans, [(1_000, 3_100), (3_100, 9_400)]);

        // "Yes." alone would get 4/74 of 3 s = 162 ms; it is raised to 1000 ms.
        let text = "Yes. Examplumab is indicated for adults with moderate-to-severe asthma.";
        let out = cues(&[scene(text, 0, 5_000)], &CaptionLimits { chars_per_line: 42, lines_per_cue: 1, ..LIMITS });
        assert!(out.iter().all(|c| c.end_ms - c.start_ms >= 1_000), "{out:?}");
        assert_eq!(out.last().map(|c| c.end_ms), Some(5_000));
    }

    #[test]
    fn no_cue_stays_longer_than_the_maximum() {
        // 81 chars fit one cue, but a slow voice-over holds the scene for 16 s: three cues, split at the clause.
        let text = "In the trial, patients on the active arm reached their goal, versus few on placebo.";
        let scenes = [scene(text, 0, 16_000)];
        let out = cues(&scenes, &LIMITS);
        check(&scenes, &LIMITS, &out);
        assert!(out.len() >= 3, "{out:#?}");
        assert_eq!(out[0].lines, ["In the trial,"]);
        assert_eq!(out.last().map(|c| c.end_ms), Some(16_000), "the cues cover the scene");

        // Reading alone needs more than 7 s per cue at 5 chars per second: each cue is cut down to fit.
        let slow = CaptionLimits { chars_per_second: 5.0, ..LIMITS };
        let need = reading_ms(text, &slow);
        assert!(need >= 16_000, "{need}");
        let scenes = [scene(text, 0, need)];
        let out = cues(&scenes, &slow);
        check(&scenes, &slow, &out);
        assert!(out.iter().all(|c| chars_per_second(c) <= 5.0), "{out:#?}");

        // A word that cannot be read within 7 s is shown for 7 s, and a gap follows.
        let word = "Hypercholesterolaemia-associated";
        let scenes = [scene(word, 1_000, 20_000)];
        let out = cues(&scenes, &slow);
        assert_eq!(out, [Cue { start_ms: 1_000, end_ms: 8_000, lines: vec![word.to_string()] }]);
    }

    #[test]
    fn lines_do_not_end_on_a_number_or_an_article() {
        let text = "Onset of effect. Cardiozen 10 mg reduced LDL-C by a mean of 47% from baseline at week 4, the first \
                    post-baseline measurement. At week 12, 68% of patients receiving Cardiozen 10 mg reached their \
                    risk-based LDL-C goal.";
        for end_ms in [12_000, 20_000, 40_000] {
            let scenes = [scene(text, 0, end_ms)];
            let out = cues(&scenes, &LIMITS);
            check(&scenes, &LIMITS, &out);
            for line in out.iter().flat_map(|c| &c.lines) {
                let last = line.rsplit(' ').next().unwrap_or_default();
                assert!(!is_number(last) && !is_function_word(last), "{line:?} in {out:#?}");
            }
        }
    }

    #[test]
    fn reading_time_is_enough_for_every_cue() {
        assert_eq!(reading_ms("", &LIMITS), 0);
        // One short cue: the 1000 ms floor.
        assert_eq!(reading_ms("Yes.", &LIMITS), 1_000);
        for s in script() {
            let need = reading_ms(&s.text, &LIMITS);
            let scenes = [scene(&s.text, 0, need)];
            let out = cues(&scenes, &LIMITS);
            check(&scenes, &LIMITS, &out);
            for cue in &out {
                assert!(chars_per_second(cue) <= LIMITS.chars_per_second, "{cue:?} in {need} ms");
            }
        }
    }

    #[test]
    fn share_time_protects_reading_time() {
        // Floors: 1000 for the short cue, ceil(68 / 17 s) = 4000 for the long one.
        assert_eq!(share_time(5_000, &[2, 68], 17.0), [1_000, 4_000]);
        // Not enough for reading time: the 1000 ms floor still holds.
        assert_eq!(share_time(3_000, &[2, 68], 17.0), [1_000, 2_000]);
        // Not enough even for that: equal floors.
        assert_eq!(share_time(1_000, &[2, 68, 30], 17.0), [333, 334, 333]);
        assert_eq!(share_time(2, &[5, 5, 5], 17.0).iter().sum::<u64>(), 2);
    }

    /// A tiny deterministic generator, so the property test needs no dependency and always sees the same input.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, below: usize) -> usize {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % below as u64) as usize
        }
    }

    #[test]
    fn random_scripts_meet_all_limits_and_round_trip() {
        let vocabulary = [
            "the",
            "patients",
            "and",
            "or",
            "but",
            "because",
            "reduced",
            "exacerbations",
            "by",
            "34%",
            "vs.",
            "placebo.",
            "weeks,",
            "trial;",
            "dose:",
            "—",
            "e.g.",
            "Examplumab",
            "once-daily",
            "и",
            "головная",
            "боль,",
            "явления.",
            "что",
            "Fachinformation.",
            "über",
            "naïve",
            "café",
            "<b>",
            "&",
            "-->",
            "R&D",
            "why?",
            "yes!",
            "hepatotoxicity-associated-transaminase-elevations-monitoring-required",
        ];
        let mut rng = Lcg(42);
        for round in 0..300 {
            let limits = match round % 4 {
                0 | 1 => LIMITS,
                2 => CaptionLimits { chars_per_line: 12 + rng.next(30), lines_per_cue: 1 + rng.next(3), ..LIMITS },
                _ => CaptionLimits {
                    chars_per_line: 1 + rng.next(8),
                    lines_per_cue: 1,
                    chars_per_second: 5.0,
                    max_cue_ms: 7000,
                },
            };
            let mut scenes = Vec::new();
            let mut at = rng.next(3) as u64 * 500;
            for _ in 0..1 + rng.next(5) {
                let words: Vec<&str> = (0..rng.next(40)).map(|_| vocabulary[rng.next(vocabulary.len())]).collect();
                let text = words.join(if rng.next(5) == 0 { "  \n" } else { " " });
                // Either no time at all, or at least 20 ms per char (always at least 1 ms per cue).
                let length = if rng.next(8) == 0 {
                    0
                } else {
                    (text.chars().count() as u64 * (20 + rng.next(200) as u64)).max(1)
                };
                scenes.push(scene(&text, at, at + length));
                at += length + rng.next(2) as u64 * 700;
            }
            let out = cues(&scenes, &limits);
            check(&scenes, &limits, &out);
            assert_eq!(out, cues(&scenes, &limits), "not deterministic");
            // Held for its reading time, a scene's cues never read too fast, unless one word alone needs more
            // than the longest cue.
            for s in &scenes {
                let held = [scene(&s.text, 0, reading_ms(&s.text, &limits))];
                for cue in cues(&held, &limits) {
                    let one_word = cue.lines.len() == 1 && !cue.lines[0].contains(' ');
                    assert!(
                        chars_per_second(&cue) <= limits.chars_per_second + 1e-9 || one_word,
                        "{cue:?} of {:?}",
                        s.text
                    );
                }
            }
            assert_eq!(parse_srt(&to_srt(&out)).as_ref(), Ok(&out));
            assert_eq!(parse_vtt(&to_vtt(&out)).as_ref(), Ok(&out));
        }
    }
}
