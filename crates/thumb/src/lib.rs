//! Slide thumbnails: a 200×150 PNG drawn from a slide's text, with no browser and no system fonts.
//!
//! Glyphs come from the public-domain 8×8 bitmap font of the `font8x8` crate (Basic Latin, Latin-1,
//! Greek, box drawing, block elements, hiragana). Characters it lacks, Cyrillic among them, are drawn
//! as a small filled box, so a thumbnail never silently drops text.
//!
//! [`render`] returns the PNG file's bytes (8-bit RGB, [`SIZE`]); it is deterministic, so the same [`Thumb`]
//! always gives the same bytes.
//!
//! # Example
//!
//! ```
//! use unisono_thumb::{SIZE, Thumb, render};
//!
//! let thumb = Thumb {
//!     title: "Cardiozen 5 mg",
//!     body: "Once daily, with or without food.",
//!     accent: [0x1f, 0x5f, 0x8b],
//!     footer: "CZ-001",
//!     draft: true,
//! };
//! let png = render(&thumb);
//! assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
//! // The IHDR chunk holds the width and height, big-endian.
//! assert_eq!(png[16..20], SIZE.0.to_be_bytes());
//! assert_eq!(png[20..24], SIZE.1.to_be_bytes());
//! assert_eq!(render(&thumb), png);
//! ```

use font8x8::legacy::{
    BASIC_LEGACY, BLOCK_LEGACY, BOX_LEGACY, GREEK_LEGACY, HIRAGANA_LEGACY, LATIN_LEGACY, MISC_LEGACY,
};

/// What a thumbnail shows.
pub struct Thumb<'a> {
    /// Slide title, drawn large (2× scale glyphs), wrapped, at most 3 lines, ellipsis if cut.
    pub title: &'a str,
    /// Body lines, drawn at 1× scale, wrapped to width, as many as fit, ellipsis if cut.
    pub body: &'a str,
    /// Accent colour (RGB) for the title bar/band.
    pub accent: [u8; 3],
    /// Small label in a bottom corner, e.g. the job code.
    pub footer: &'a str,
    /// Draws a diagonal "DRAFT" band (or a red "DRAFT" label) when true.
    pub draft: bool,
}

/// Width and height of every thumbnail.
pub const SIZE: (u32, u32) = (200, 150);

const W: usize = SIZE.0 as usize;
const H: usize = SIZE.1 as usize;

type Rgb = [u8; 3];

const WHITE: Rgb = [0xFF, 0xFF, 0xFF];
/// Title ink on a light accent, where white would vanish.
const TITLE_DARK: Rgb = [0x1A, 0x1A, 0x1A];
const BODY_INK: Rgb = [0x33, 0x33, 0x33];
/// #767676 is the lightest grey that still meets WCAG AA contrast on white.
const FOOTER_INK: Rgb = [0x76, 0x76, 0x76];
const RULE: Rgb = [0xE0, 0xE0, 0xE0];
const DRAFT_RED: Rgb = [0xC6, 0x28, 0x28];

/// Side length of a glyph cell at 1× scale.
const CELL: usize = 8;
/// Left and right margin for all text; with it the title fits 12 cells and the body 23.
const MARGIN: usize = 5;
const TITLE_SCALE: usize = 2;
const TITLE_MAX_LINES: usize = 3;
/// Two pixels of leading at 2× keep descenders off the next line's capitals.
const TITLE_PITCH: usize = CELL * TITLE_SCALE + 2;
const BAND_PAD: usize = 6;
/// With no title the band shrinks to a thin bar so the body gets the room.
const BAR_ONLY: usize = 6;
const BODY_PITCH: usize = CELL + 2;
/// Extra space where the body had a blank line: marks paragraphs without spending a whole line.
const PARA_GAP: usize = 4;
const GAP_BELOW_BAND: usize = 6;
const FOOTER_Y: usize = H - MARGIN - CELL;
const RULE_Y: usize = FOOTER_Y - 5;
/// Lowest pixel row (exclusive) body text may reach when the footer row is in use.
const BODY_LIMIT_WITH_FOOTER: usize = RULE_Y - 2;
const DRAFT_TEXT: &str = "DRAFT";
const DRAFT_PAD_X: usize = 3;
const DRAFT_PAD_Y: usize = 3;

/// Drawn for characters the font lacks: visible, so missing text is never mistaken for a space, and
/// no taller than a lowercase letter, so a run of them does not shout.
const MISSING: [u8; 8] = [0x00, 0x00, 0x3C, 0x3C, 0x3C, 0x3C, 0x3C, 0x00];
/// One-cell ellipsis: three 2×2 dots matching the font's full stop; three '.' would cost three cells.
const ELLIPSIS: [u8; 8] = [0x00, 0x00, 0x00, 0x00, 0x00, 0xDB, 0xDB, 0x00];
/// Slide bodies are full of bullets and the font has none.
const BULLET: [u8; 8] = [0x00, 0x00, 0x18, 0x3C, 0x3C, 0x18, 0x00, 0x00];
/// Prices in European material; Latin-1 predates the euro.
const EURO: [u8; 8] = [0x3C, 0x66, 0x1F, 0x06, 0x1F, 0x66, 0x3C, 0x00];

/// Draws the thumbnail and encodes it as PNG (8-bit RGB). Deterministic: same input, same bytes (no timestamps or text chunks that vary).
pub fn render(thumb: &Thumb<'_>) -> Vec<u8> {
    let mut canvas = Canvas::new(WHITE);

    // Title band.
    let title_cols = columns(W - 2 * MARGIN, TITLE_SCALE);
    let (mut title_lines, title_more) = wrap(&normalize(thumb.title), title_cols, TITLE_MAX_LINES);
    title_lines.truncate(TITLE_MAX_LINES);
    if title_more && let Some(last) = title_lines.last_mut() {
        add_ellipsis(&mut last.text, title_cols);
    }
    let band_h = match title_lines.len() {
        0 => BAR_ONLY,
        n => 2 * BAND_PAD + n * TITLE_PITCH - (TITLE_PITCH - CELL * TITLE_SCALE),
    };
    canvas.fill_rect(0, 0, W, band_h, thumb.accent);
    let title_ink = ink_on(thumb.accent);
    for (i, line) in title_lines.iter().enumerate() {
        canvas.draw_text(MARGIN, BAND_PAD + i * TITLE_PITCH, &line.text, TITLE_SCALE, title_ink);
    }

    // Footer row: reserved only when something goes in it, so a bare slide gets the full height.
    let footer = normalize(thumb.footer);
    let footer_used = thumb.draft || footer.iter().any(|&c| c != ' ' && c != '\n');
    let body_limit = if footer_used { BODY_LIMIT_WITH_FOOTER } else { H - MARGIN };

    // Body.
    let body_top = band_h + GAP_BELOW_BAND;
    let body_cols = columns(W - 2 * MARGIN, 1);
    // Each line costs at least a pitch, so no more than this many can fit; wrap's flag says if text went past them.
    let room = (body_limit.saturating_sub(body_top) + BODY_PITCH - CELL) / BODY_PITCH;
    let (lines, mut cut) = wrap(&normalize(thumb.body), body_cols, room);
    let mut placed: Vec<(usize, Vec<char>)> = Vec::new();
    let mut y = body_top;
    for line in lines {
        if line.gap_before && !placed.is_empty() {
            y += PARA_GAP;
        }
        if y + CELL > body_limit {
            cut = true;
            break;
        }
        placed.push((y, line.text));
        y += BODY_PITCH;
    }
    if cut && let Some((_, last)) = placed.last_mut() {
        add_ellipsis(last, body_cols);
    }
    for (y, text) in &placed {
        canvas.draw_text(MARGIN, *y, text, 1, BODY_INK);
    }

    if footer_used {
        canvas.fill_rect(MARGIN, RULE_Y, W - 2 * MARGIN, 1, RULE);
        let mut footer_right = W - MARGIN;
        if thumb.draft {
            let label_w = DRAFT_TEXT.chars().count() * CELL + 2 * DRAFT_PAD_X - 1;
            let label_x = W - MARGIN - label_w;
            canvas.fill_rect(label_x, FOOTER_Y - DRAFT_PAD_Y, label_w, CELL + 2 * DRAFT_PAD_Y, DRAFT_RED);
            let text: Vec<char> = DRAFT_TEXT.chars().collect();
            canvas.draw_text(label_x + DRAFT_PAD_X, FOOTER_Y, &text, 1, WHITE);
            footer_right = label_x.saturating_sub(4);
        }
        let text = one_line(&footer, columns(footer_right.saturating_sub(MARGIN), 1));
        canvas.draw_text(MARGIN, FOOTER_Y, &text, 1, FOOTER_INK);
    }

    encode(&canvas.px)
}

/// How many glyph cells fit in `width` pixels. The last glyph's blank right column may hang into
/// the margin, which buys the title a twelfth cell.
fn columns(width: usize, scale: usize) -> usize {
    (width + scale) / (CELL * scale)
}

/// White or near-black, whichever reads better on `bg`. Integer YIQ brightness keeps this exact
/// on every platform, which the byte-for-byte determinism promise needs.
fn ink_on(bg: Rgb) -> Rgb {
    let [r, g, b] = bg.map(u32::from);
    let brightness = (299 * r + 587 * g + 114 * b) / 1000;
    if brightness >= 128 { TITLE_DARK } else { WHITE }
}

/// Turns text into the characters that get drawn: whitespace unified, invisible marks dropped, and
/// typographic punctuation the font lacks replaced by the ASCII it looks like. Newlines survive as
/// paragraph breaks.
fn normalize(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            // No-break spaces keep their job of holding words together ("10\u{a0}mg").
            '\u{A0}' | '\u{2007}' | '\u{202F}' => out.push('\u{A0}'),
            // Zero-width and combining marks, variation selectors, emoji skin tones and tags: they
            // decorate the previous character, and a box for each would double every accented letter.
            '\u{AD}'
            | '\u{300}'..='\u{36F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{1F3FB}'..='\u{1F3FF}'
            | '\u{E0000}'..='\u{E007F}' => {}
            c if c.is_whitespace() => out.push(' '),
            c if c.is_control() => {}
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => out.push('"'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            '\u{2039}' => out.push('<'),
            '\u{203A}' => out.push('>'),
            '\u{2122}' => out.extend(['T', 'M']),
            // Greek with tonos or dialytika outside the font's range: the bare letter stays readable.
            '\u{386}' => out.push('Α'),
            '\u{388}' => out.push('Ε'),
            '\u{389}' => out.push('Η'),
            '\u{38A}' => out.push('Ι'),
            '\u{38C}' => out.push('Ο'),
            '\u{38E}' => out.push('Υ'),
            '\u{38F}' => out.push('Ω'),
            '\u{387}' => out.push('·'),
            '\u{37E}' => out.push(';'),
            '\u{3CA}' => out.push('ι'),
            '\u{3CB}' | '\u{3CD}' => out.push('υ'),
            '\u{3CC}' => out.push('ο'),
            '\u{3CE}' => out.push('ω'),
            c => out.push(c),
        }
    }
    out
}

/// One wrapped line.
struct Line {
    text: Vec<char>,
    /// The source had a blank line before this one.
    gap_before: bool,
}

/// Greedy word wrap on spaces to `cols` cells per line, honouring newlines. Words longer than a line
/// are broken. Stops after `max_lines` lines; the flag says whether text was left over.
fn wrap(text: &[char], cols: usize, max_lines: usize) -> (Vec<Line>, bool) {
    let mut lines: Vec<Line> = Vec::new();
    if cols == 0 || max_lines == 0 {
        return (lines, text.iter().any(|&c| c != ' ' && c != '\n'));
    }
    let mut gap = false;
    for para in text.split(|&c| c == '\n') {
        let mut words = para.split(|&c| c == ' ').filter(|w| !w.is_empty()).peekable();
        if words.peek().is_none() {
            // Leading blank lines mean nothing; later ones separate paragraphs.
            gap = !lines.is_empty();
            continue;
        }
        let mut cur: Vec<char> = Vec::new();
        let push = |lines: &mut Vec<Line>, text: Vec<char>, gap: &mut bool| {
            lines.push(Line { text, gap_before: *gap });
            *gap = false;
        };
        for word in words {
            if lines.len() >= max_lines {
                return (lines, true);
            }
            let need = if cur.is_empty() { word.len() } else { cur.len() + 1 + word.len() };
            if need <= cols {
                if !cur.is_empty() {
                    cur.push(' ');
                }
                cur.extend_from_slice(word);
                continue;
            }
            if word.len() <= cols {
                push(&mut lines, std::mem::replace(&mut cur, word.to_vec()), &mut gap);
                continue;
            }
            // Over-long word (a URL, a long compound): fill what is left of this line when that is
            // a useful piece, then cut the rest into full lines.
            let mut rest = word;
            if !cur.is_empty() {
                let room = cols.saturating_sub(cur.len() + 1);
                if room >= 4 {
                    cur.push(' ');
                    cur.extend_from_slice(&rest[..room]);
                    rest = &rest[room..];
                }
                push(&mut lines, std::mem::take(&mut cur), &mut gap);
            }
            while rest.len() > cols {
                if lines.len() >= max_lines {
                    return (lines, true);
                }
                push(&mut lines, rest[..cols].to_vec(), &mut gap);
                rest = &rest[cols..];
            }
            cur = rest.to_vec();
        }
        if lines.len() >= max_lines {
            return (lines, true);
        }
        push(&mut lines, cur, &mut gap);
    }
    (lines, false)
}

/// The footer's text: whitespace runs collapsed, then cut by character, not by word, because a job
/// code and its date are worth every character that fits; a wrapped footer would run into the label.
fn one_line(text: &[char], cols: usize) -> Vec<char> {
    let mut line: Vec<char> = Vec::with_capacity(text.len());
    for word in text.split(|&c| c == ' ' || c == '\n').filter(|w| !w.is_empty()) {
        if !line.is_empty() {
            line.push(' ');
        }
        line.extend_from_slice(word);
    }
    if line.len() > cols {
        add_ellipsis(&mut line, cols);
    }
    line
}

/// Marks a line as cut: an ellipsis after its text, replacing the last character if the line is full.
fn add_ellipsis(line: &mut Vec<char>, cols: usize) {
    if cols == 0 {
        line.clear();
        return;
    }
    line.truncate(cols - 1);
    while line.last() == Some(&' ') {
        line.pop();
    }
    line.push('…');
}

/// The 8×8 bitmap for `c`; row bytes top to bottom, bit 0 the leftmost pixel.
fn glyph(c: char) -> [u8; 8] {
    let cp = c as usize;
    let from = |table: &[[u8; 8]], first: usize| cp.checked_sub(first).and_then(|i| table.get(i)).copied();
    let found = match c {
        '\u{20}'..='\u{7E}' => from(&BASIC_LEGACY, 0),
        // The crate's `LATIN_FONTS` labels ³ and ´ as ², so index the legacy table by code point instead.
        '\u{A0}'..='\u{FF}' => from(&LATIN_LEGACY, 0xA0),
        '\u{390}'..='\u{3C9}' => from(&GREEK_LEGACY, 0x390),
        '\u{2500}'..='\u{257F}' => from(&BOX_LEGACY, 0x2500),
        '\u{2580}'..='\u{259F}' => from(&BLOCK_LEGACY, 0x2580),
        '\u{3040}'..='\u{309F}' => from(&HIRAGANA_LEGACY, 0x3040),
        // MISC_LEGACY order per the crate docs: ₧ ƒ ª º ⌐ ≤ ≥ ` Ỳ ỳ.
        '\u{20A7}' => MISC_LEGACY.first().copied(),
        '\u{192}' => MISC_LEGACY.get(1).copied(),
        '\u{2310}' => MISC_LEGACY.get(4).copied(),
        '\u{2264}' => MISC_LEGACY.get(5).copied(),
        '\u{2265}' => MISC_LEGACY.get(6).copied(),
        '\u{1EF2}' => MISC_LEGACY.get(8).copied(),
        '\u{1EF3}' => MISC_LEGACY.get(9).copied(),
        '…' => Some(ELLIPSIS),
        '•' | '\u{2023}' | '\u{25E6}' | '\u{2219}' | '\u{25CF}' => Some(BULLET),
        '€' => Some(EURO),
        _ => None,
    };
    // An all-blank glyph for a visible character (a hole in the tables) would read as a space.
    match found {
        Some(g) if g != [0; 8] || c == ' ' || c == '\u{A0}' => g,
        _ => MISSING,
    }
}

/// An RGB pixel buffer that clips every drawing call to the image.
struct Canvas {
    px: Vec<u8>,
}

impl Canvas {
    fn new(bg: Rgb) -> Self {
        Canvas { px: bg.repeat(W * H) }
    }

    fn fill_rect(&mut self, x: usize, y: usize, w: usize, h: usize, color: Rgb) {
        let (x1, y1) = (x.saturating_add(w).min(W), y.saturating_add(h).min(H));
        for row in y.min(H)..y1 {
            for col in x.min(W)..x1 {
                let i = (row * W + col) * 3;
                self.px[i..i + 3].copy_from_slice(&color);
            }
        }
    }

    fn draw_text(&mut self, x: usize, y: usize, text: &[char], scale: usize, color: Rgb) {
        for (i, &c) in text.iter().enumerate() {
            let gx = x + i * CELL * scale;
            for (row, bits) in glyph(c).iter().enumerate() {
                for col in 0..CELL {
                    if bits & (1 << col) != 0 {
                        self.fill_rect(gx + col * scale, y + row * scale, scale, scale, color);
                    }
                }
            }
        }
    }
}

fn encode(px: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, SIZE.0, SIZE.1);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // Fast compression: thumbnails are small, and builds render thousands.
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::NoFilter);
    // The buffer always holds W×H RGB pixels and a Vec never fails to take bytes, so these cannot fail.
    let mut writer = encoder.write_header().expect("PNG header into a Vec");
    writer.write_image_data(px).expect("PNG data of the declared size into a Vec");
    writer.finish().expect("PNG trailer into a Vec");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCENT: Rgb = [0x00, 0x5A, 0x9C];

    fn thumb<'a>(title: &'a str, body: &'a str) -> Thumb<'a> {
        Thumb { title, body, accent: ACCENT, footer: "PM-XX-0001 05/2026", draft: false }
    }

    /// Decodes a PNG, checking the format on the way, and returns its RGB pixels.
    fn decode(bytes: &[u8]) -> Vec<u8> {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().expect("valid PNG");
        let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
        let info = reader.next_frame(&mut buf).expect("one frame");
        assert_eq!((info.width, info.height), SIZE);
        assert_eq!(info.color_type, png::ColorType::Rgb);
        assert_eq!(info.bit_depth, png::BitDepth::Eight);
        buf.truncate(info.buffer_size());
        buf
    }

    fn pixel(px: &[u8], x: usize, y: usize) -> Rgb {
        let i = (y * W + x) * 3;
        [px[i], px[i + 1], px[i + 2]]
    }

    #[test]
    fn png_is_200_by_150_rgb8() {
        let px = decode(&render(&thumb("Efficacy", "Primary endpoint met.")));
        assert_eq!(px.len(), W * H * 3);
    }

    #[test]
    fn render_is_deterministic() {
        let t = thumb("Safety profile", "Adverse events were mild.\n\nSee full SmPC.");
        assert_eq!(render(&t), render(&t));
    }

    #[test]
    fn different_title_changes_pixels() {
        let a = decode(&render(&thumb("Efficacy", "Same body")));
        let b = decode(&render(&thumb("Safety", "Same body")));
        assert_ne!(a, b);
    }

    #[test]
    fn accent_band_has_accent_colour() {
        let px = decode(&render(&thumb("Dosing", "Once daily.")));
        // Rows above the title's first glyph row, and the corners beside it, are pure band.
        for y in 0..BAND_PAD {
            for x in 0..W {
                assert_eq!(pixel(&px, x, y), ACCENT, "({x}, {y})");
            }
        }
        assert_eq!(pixel(&px, W - 1, BAND_PAD + 8), ACCENT);
        assert_eq!(pixel(&px, 0, BAND_PAD + 8), ACCENT);
        // Below the band the page is white.
        assert_eq!(pixel(&px, 0, H / 2), WHITE);
    }

    #[test]
    fn title_ink_contrasts_with_accent() {
        assert_eq!(ink_on([0x00, 0x5A, 0x9C]), WHITE);
        assert_eq!(ink_on([0xFF, 0xD7, 0x00]), TITLE_DARK);
        let mut t = thumb("Yellow", "");
        t.accent = [0xFF, 0xD7, 0x00];
        let px = decode(&render(&t));
        let title_px = (BAND_PAD..BAND_PAD + 16).flat_map(|y| (0..W).map(move |x| (x, y)));
        assert!(title_px.map(|(x, y)| pixel(&px, x, y)).any(|p| p == TITLE_DARK));
    }

    #[test]
    fn odd_input_does_not_panic() {
        let long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(20);
        let huge_body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(200);
        let huge_body = &huge_body[..10_000];
        let cases: Vec<(&str, &str, &str)> = vec![
            ("", "", ""),
            (&long_word, &long_word, &long_word),
            ("Ergebnisse 👍🏽 🇩🇪 👩‍⚕️", "Emoji 😀😀😀 in the body ✨", "🚀"),
            ("Показания к применению", "Препарат показан для лечения взрослых пациентов.", "RU-ПМ-01"),
            ("Title", huge_body, "JOB"),
            ("\n\n\t\r", "\u{0}\u{7}\u{1b}[31m\n\n\n", "\u{200b}"),
            ("a\u{301}\u{301}\u{301}", "x\u{FE0F}", "\u{10FFFF}"),
        ];
        for (title, body, footer) in cases {
            for draft in [false, true] {
                let t = Thumb { title, body, accent: [0, 0, 0], footer, draft };
                assert_eq!(decode(&render(&t)).len(), W * H * 3);
            }
        }
    }

    #[test]
    fn cyrillic_draws_boxes_not_nothing() {
        let blank = decode(&render(&Thumb { title: "", body: "", accent: ACCENT, footer: "", draft: false }));
        let cyr = decode(&render(&Thumb { title: "", body: "Привет", accent: ACCENT, footer: "", draft: false }));
        assert_ne!(blank, cyr);
        assert_eq!(glyph('П'), MISSING);
        assert_eq!(glyph('😀'), MISSING);
    }

    #[test]
    fn font_covers_latin1_and_greek() {
        for c in "AZaz09éßüÆ±µ³´ΑΩαωςθ≤≥€•…".chars() {
            assert_ne!(glyph(c), MISSING, "{c}");
        }
    }

    #[test]
    fn typographic_punctuation_becomes_ascii() {
        let s: String = normalize("“Don’t” – now™").into_iter().collect();
        assert_eq!(s, "\"Don't\" - nowTM");
        assert_eq!(normalize("e\u{301}"), vec!['e']);
    }

    fn lines(text: &str, cols: usize, max: usize) -> (Vec<String>, bool) {
        let (lines, more) = wrap(&normalize(text), cols, max);
        (lines.into_iter().map(|l| l.text.into_iter().collect()).collect(), more)
    }

    #[test]
    fn wraps_on_spaces() {
        let (l, more) = lines("the quick brown fox jumps", 10, 9);
        assert_eq!(l, ["the quick", "brown fox", "jumps"]);
        assert!(!more);
    }

    #[test]
    fn breaks_over_long_words() {
        let (l, _) = lines("abcdefghijklmnopqrstuvwxy", 10, 9);
        assert_eq!(l, ["abcdefghij", "klmnopqrst", "uvwxy"]);
        let (l, _) = lines("see https://example.com/very/long", 10, 9);
        assert_eq!(l, ["see https:", "//example.", "com/very/l", "ong"]);
    }

    #[test]
    fn reports_cut_text_and_paragraph_gaps() {
        let (l, more) = lines("one two three four five six", 4, 2);
        assert_eq!(l, ["one", "two"]);
        assert!(more);
        let (parts, _) = wrap(&normalize("\n\nfirst\n\nsecond\nthird"), 20, 9);
        let gaps: Vec<bool> = parts.iter().map(|l| l.gap_before).collect();
        assert_eq!(gaps, [false, true, false]);
    }

    #[test]
    fn ellipsis_replaces_last_cell_when_full() {
        let mut full: Vec<char> = "abcd".chars().collect();
        add_ellipsis(&mut full, 4);
        assert_eq!(full, ['a', 'b', 'c', '…']);
        let mut short: Vec<char> = "ab ".chars().collect();
        add_ellipsis(&mut short, 10);
        assert_eq!(short, ['a', 'b', '…']);
    }

    #[test]
    fn draft_adds_red_label() {
        let has_red = |draft| {
            let t = Thumb { title: "T", body: "B", accent: ACCENT, footer: "F", draft };
            decode(&render(&t)).chunks(3).any(|p| p == DRAFT_RED)
        };
        assert!(has_red(true));
        assert!(!has_red(false));
    }

    #[test]
    fn footer_is_one_line_cut_by_character() {
        let f = |s: &str, cols| one_line(&normalize(s), cols).into_iter().collect::<String>();
        assert_eq!(f("  PM-CARD-0123 \n 05/2026 ", 30), "PM-CARD-0123 05/2026");
        assert_eq!(f("PM-CARD-0123 05/2026", 17), "PM-CARD-0123 05/…");
        assert_eq!(f("PM-CARD-0123 05/2026", 0), "");
    }

    #[test]
    fn long_title_stops_at_three_lines() {
        let px = decode(&render(&thumb(&"word ".repeat(50), "")));
        let band_h = 2 * BAND_PAD + 3 * TITLE_PITCH - 2;
        assert_eq!(pixel(&px, 0, band_h - 1), ACCENT);
        assert_eq!(pixel(&px, 0, band_h), WHITE);
    }
}
