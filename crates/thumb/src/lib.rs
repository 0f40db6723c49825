//! Slide thumbnails: a 200×150 PNG that is a small picture of the slide, with no browser and no system fonts.
//!
//! A thumbnail is laid out like its slide: the accent bar along the top, the red draft band with the
//! locale's own word for DRAFT, the heading, the text under it and the footer with the job code. The
//! layout is written as SVG and rasterised by resvg with one font, DejaVu Sans (regular and bold,
//! Bitstream Vera licence, in `fonts/`), embedded in the library and the only font the renderer knows:
//! Latin, Greek and Cyrillic read alike, and the pixels never depend on what a machine has installed.
//!
//! Text wraps at spaces only. A word wider than a whole line is drawn smaller, or, when even that does not
//! fit, cut with an ellipsis; it is never split over two lines. Text that does not fit ends in an ellipsis.
//!
//! [`render`] returns the PNG file's bytes: [`SIZE`], 8-bit indexed colour (the few inks of a slide and
//! their anti-aliasing blends), best compression, a few kilobytes. It is deterministic: the same [`Thumb`]
//! always gives the same bytes.
//!
//! # Example
//!
//! ```
//! use unisono_thumb::{SIZE, Thumb, render};
//!
//! let thumb = Thumb {
//!     title: "Кардиозен 5 мг",
//!     body: "Один раз в сутки, независимо от приёма пищи.",
//!     footer: "CZ-001 · 05/2026",
//!     accent: [0x0b, 0x4f, 0x6c],
//!     draft_label: Some("ЧЕРНОВИК"),
//! };
//! let png = render(&thumb);
//! let mut reader = png::Decoder::new(std::io::Cursor::new(&png)).read_info().unwrap();
//! assert_eq!((reader.info().width, reader.info().height), SIZE);
//! assert_eq!(reader.info().color_type, png::ColorType::Indexed);
//! assert!(png.len() <= 15 * 1024);
//! assert_eq!(render(&thumb), png);
//! ```

use harfrust::{FontRef, ShapeOptions, ShaperData, UnicodeBuffer};
use read_fonts::TableProvider;
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

mod deck;

pub use deck::render_all;

/// What a thumbnail shows: the slide's own parts.
pub struct Thumb<'a> {
    /// The slide's heading, bold in the accent colour: at most three lines, ellipsis if cut.
    pub title: &'a str,
    /// The text under the heading: as many lines as fit, ellipsis if cut; a blank line separates paragraphs.
    pub body: &'a str,
    /// The slide's footer (put the job code first: it is what a reviewer looks for): one line, ellipsis if cut.
    pub footer: &'a str,
    /// Accent colour (RGB) of the slide: the bar along the top and, when dark enough to read, the heading.
    pub accent: [u8; 3],
    /// Text of the red band across the top of a draft, in the slide's language (`None` when approved).
    pub draft_label: Option<&'a str>,
}

/// Width and height of every thumbnail.
pub const SIZE: (u32, u32) = (200, 150);

const W: f32 = SIZE.0 as f32;
const H: f32 = SIZE.1 as f32;

const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
/// The family name inside both font files.
const FAMILY: &str = "DejaVu Sans";

type Rgb = [u8; 3];

const WHITE: Rgb = [0xFF, 0xFF, 0xFF];
/// The slide stylesheet's colours (`templates/slides.css.tera`).
const BODY_INK: Rgb = [0x1F, 0x29, 0x33];
const FOOTER_INK: Rgb = [0x52, 0x60, 0x6D];
const DRAFT_RED: Rgb = [0xB9, 0x1C, 0x1C];
/// Heading ink when the accent is too light to read on white.
const HEADING_DARK: Rgb = [0x1A, 0x1A, 0x1A];

/// Left and right margin for all text.
const MARGIN: f32 = 12.0;
const TEXT_WIDTH: f32 = W - 2.0 * MARGIN;
/// The slide's 16 px top border, scaled.
const BAR: f32 = 3.0;
const DRAFT_BAND: f32 = 12.0;
const DRAFT_SIZE: f32 = 8.0;
/// Space between the top bar (or draft band) and the first line.
const TOP_GAP: f32 = 7.0;
const TITLE_SIZE: f32 = 13.0;
const TITLE_PITCH: f32 = 15.0;
const TITLE_MAX_LINES: usize = 3;
const GAP_BELOW_TITLE: f32 = 5.0;
const BODY_SIZE: f32 = 9.0;
const BODY_PITCH: f32 = 11.0;
/// Extra space where the body had a blank line: marks paragraphs without spending a whole line.
const PARA_GAP: f32 = 3.0;
const FOOTER_SIZE: f32 = 6.5;
const FOOTER_BASELINE: f32 = H - 6.0;
/// Body text (descenders included) stays above this line when there is a footer.
const BODY_BOTTOM_WITH_FOOTER: f32 = FOOTER_BASELINE - FOOTER_SIZE - 4.0;
/// Height of capitals with accents above the baseline, and of descenders below it, per pixel of font
/// size (DejaVu Sans: cap height 0.73, accents to 0.8 of common text, descender 0.24).
const ASCENT: f32 = 0.8;
const DESCENT: f32 = 0.24;
/// A word of more characters than this never fits a line, even of the thinnest letters at the smallest
/// size: it is cut without being measured whole (measuring costs time in proportion to the text).
const MAX_WORD_CHARS: usize = 100;
/// A word wider than a line is drawn down to this fraction of the size before it is cut instead.
const MIN_SHRINK: f32 = 0.75;
/// Anti-aliasing steps kept per ink in the palette: plenty for text this size, and few enough to compress.
const BLEND_STEPS: u32 = 16;

/// Draws the thumbnail and encodes it as PNG. Deterministic: same input, same bytes.
pub fn render(thumb: &Thumb<'_>) -> Vec<u8> {
    render_alone(thumb, bold_for(std::slice::from_ref(thumb)))
}

/// `thumb` drawn alone in a document of its own with the given bold face, its parts in their order.
fn render_alone(thumb: &Thumb<'_>, bold: Bold) -> Vec<u8> {
    let drawing = draw(thumb, &footer_line(thumb.footer));
    encode(&rasterise(&drawing.document(), bold), &palette_for(thumb.accent))
}

/// A thumbnail's drawing as SVG elements, in three parts painted in this order.
struct Drawing {
    /// The background, the accent bar, the draft band and its label, the heading.
    head: Svg,
    /// The footer's line (nothing when the footer is empty).
    footer: Svg,
    /// The body's lines.
    body: Svg,
}

impl Drawing {
    /// The drawing alone in a document, its parts in their order.
    fn document(&self) -> String {
        let mut svg = Svg::new();
        for part in [&self.head, &self.footer, &self.body] {
            svg.0.push_str(&part.0);
        }
        svg.finish()
    }
}

/// The faces and their shaping data, read once per process.
fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(Fonts::new)
}

/// The text of a footer as drawn: one line, ellipsised to fit (empty when there is nothing to show).
fn footer_line(footer: &str) -> String {
    one_line(&normalize(footer), TEXT_WIDTH, &|s| fonts().regular.width(s, FOOTER_SIZE))
}

/// The drawing of `thumb` whose footer, as drawn, is `footer` (see [`footer_line`]). Nothing but the
/// footer's text depends on whether that line is empty: the body then gets the footer's room.
fn draw(thumb: &Thumb<'_>, footer: &str) -> Drawing {
    let fonts = fonts();
    let (mut svg, mut footer_svg, mut body_svg) = (Svg::part(), Svg::part(), Svg::part());
    let heading_ink = heading_ink(thumb.accent);
    svg.rect(0.0, 0.0, W, H, WHITE);
    svg.rect(0.0, 0.0, W, BAR, thumb.accent);
    let mut top = BAR;

    if let Some(label) = thumb.draft_label {
        svg.rect(0.0, top, W, DRAFT_BAND, DRAFT_RED);
        let measure = |s: &str| fonts.bold.width(s, DRAFT_SIZE);
        let text = one_line(&normalize(label), TEXT_WIDTH, &measure);
        let baseline = (top + (DRAFT_BAND + DRAFT_SIZE * 0.73) / 2.0).round();
        svg.text(W / 2.0, baseline, &text, DRAFT_SIZE, true, WHITE, true);
        top += DRAFT_BAND;
    }
    top += TOP_GAP;

    // Heading.
    let measure_title = |s: &str| fonts.bold.width(s, TITLE_SIZE);
    let (mut title, cut) = wrap(&normalize(thumb.title), TEXT_WIDTH, TITLE_MAX_LINES, &measure_title);
    if cut && let Some(last) = title.last_mut() {
        last.text = ellipsize(&last.text, TEXT_WIDTH / last.scale, &measure_title);
    }
    let mut baseline = (top + TITLE_SIZE * ASCENT).round();
    for line in &title {
        svg.text(MARGIN, baseline, &line.text, TITLE_SIZE * line.scale, true, heading_ink, false);
        baseline += TITLE_PITCH;
    }
    let body_top = if title.is_empty() { top } else { baseline - TITLE_PITCH + TITLE_SIZE * DESCENT + GAP_BELOW_TITLE };

    // Footer: reserved only when something goes in it, so a bare slide gets the full height.
    let body_bottom = if footer.is_empty() { H - MARGIN / 2.0 } else { BODY_BOTTOM_WITH_FOOTER };
    draw_footer(footer, &mut footer_svg);

    // Body: as many lines as fit between the heading and the footer.
    let measure_body = |s: &str| fonts.regular.width(s, BODY_SIZE);
    let room = ((body_bottom - body_top).max(0.0) / BODY_PITCH) as usize + 1;
    let (lines, mut cut) = wrap(&normalize(thumb.body), TEXT_WIDTH, room, &measure_body);
    let mut placed: Vec<(f32, Line)> = Vec::new();
    let mut baseline = (body_top + BODY_SIZE * ASCENT).round();
    for line in lines {
        if line.gap_before && !placed.is_empty() {
            baseline += PARA_GAP;
        }
        if baseline + BODY_SIZE * DESCENT > body_bottom {
            cut = true;
            break;
        }
        placed.push((baseline, line));
        baseline += BODY_PITCH;
    }
    if cut && let Some((_, last)) = placed.last_mut() {
        last.text = ellipsize(&last.text, TEXT_WIDTH / last.scale, &measure_body);
    }
    for (baseline, line) in &placed {
        body_svg.text(MARGIN, *baseline, &line.text, BODY_SIZE * line.scale, false, BODY_INK, false);
    }
    Drawing { head: svg, footer: footer_svg, body: body_svg }
}

/// Writes the footer's line (see [`footer_line`]) into `svg`, if there is one.
fn draw_footer(footer: &str, svg: &mut Svg) {
    if !footer.is_empty() {
        svg.text(MARGIN, FOOTER_BASELINE, footer, FOOTER_SIZE, false, FOOTER_INK, false);
    }
}

/// The heading's ink: the accent when it is dark enough to read on white.
fn heading_ink(accent: Rgb) -> Rgb {
    if brightness(accent) < 140 { accent } else { HEADING_DARK }
}

/// The palette the pixels of a thumbnail with this accent are mapped to.
fn palette_for(accent: Rgb) -> Vec<Rgb> {
    let heading_ink = heading_ink(accent);
    let inks = [accent, heading_ink, BODY_INK, FOOTER_INK, DRAFT_RED];
    let blends = [(WHITE, heading_ink), (WHITE, BODY_INK), (WHITE, FOOTER_INK), (DRAFT_RED, WHITE)];
    palette(&inks, &blends)
}

/// Integer YIQ brightness (0–255): exact on every platform, as the determinism promise needs.
fn brightness(c: Rgb) -> u32 {
    let [r, g, b] = c.map(u32::from);
    (299 * r + 587 * g + 114 * b) / 1000
}

/// Turns text into what gets drawn: whitespace unified (newlines survive as paragraph breaks), control
/// characters and invisible marks dropped (soft hyphens would otherwise show, and XML forbids some).
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            // No-break spaces keep their job of holding words together ("10\u{a0}mg").
            '\u{A0}' | '\u{2007}' | '\u{202F}' => out.push('\u{A0}'),
            '\u{AD}' | '\u{200B}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}' => {}
            c if c.is_whitespace() => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One wrapped line.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    text: String,
    /// Fraction of the normal size the line is drawn at: below 1 only for a word wider than a line.
    scale: f32,
    /// The source had a blank line before this one.
    gap_before: bool,
}

/// Greedy word wrap at spaces into lines at most `width` wide (as `measure` says), honouring newlines.
/// Words are never split: one wider than a line gets a line of its own, drawn smaller (down to
/// [`MIN_SHRINK`]) or else cut with an ellipsis. Stops after `max_lines`; the flag says if text was left over.
fn wrap(text: &str, width: f32, max_lines: usize, measure: &dyn Fn(&str) -> f32) -> (Vec<Line>, bool) {
    let mut lines: Vec<Line> = Vec::new();
    if max_lines == 0 || width <= 0.0 {
        return (lines, text.split([' ', '\n']).any(|w| !w.is_empty()));
    }
    let space = measure(" ");
    let mut gap = false;
    for para in text.split('\n') {
        let mut words = para.split(' ').filter(|w| !w.is_empty()).peekable();
        if words.peek().is_none() {
            // Leading blank lines mean nothing; later ones separate paragraphs.
            gap = !lines.is_empty();
            continue;
        }
        let (mut cur, mut cur_w) = (String::new(), 0.0);
        for word in words {
            let w = if word.chars().nth(MAX_WORD_CHARS).is_some() { f32::INFINITY } else { measure(word) };
            if !cur.is_empty() && cur_w + space + w <= width {
                cur.push(' ');
                cur.push_str(word);
                cur_w += space + w;
                continue;
            }
            if !cur.is_empty() {
                if lines.len() >= max_lines {
                    return (lines, true);
                }
                lines.push(Line { text: std::mem::take(&mut cur), scale: 1.0, gap_before: std::mem::take(&mut gap) });
            }
            if w <= width {
                (cur, cur_w) = (word.to_string(), w);
                continue;
            }
            if lines.len() >= max_lines {
                return (lines, true);
            }
            let scale = if w.is_finite() { (width / w).max(MIN_SHRINK) } else { MIN_SHRINK };
            let text = if scale * w <= width { word.to_string() } else { ellipsize(word, width / scale, measure) };
            lines.push(Line { text, scale, gap_before: std::mem::take(&mut gap) });
        }
        if !cur.is_empty() {
            if lines.len() >= max_lines {
                return (lines, true);
            }
            lines.push(Line { text: cur, scale: 1.0, gap_before: std::mem::take(&mut gap) });
        }
    }
    (lines, false)
}

/// `text` on one line (whitespace runs collapsed), ellipsised to fit `width` if it does not.
fn one_line(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> String {
    let line = text.split([' ', '\n']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    // Measuring costs time in proportion to the text: a line this long is cut without measuring it whole.
    let short = line.chars().nth(MAX_WORD_CHARS * 2).is_none();
    if short && measure(&line) <= width { line } else { ellipsize(&line, width, measure) }
}

/// Marks a line as cut: as many whole words as fit `width` with an ellipsis after them. When not even
/// the first word fits, as many of its letters (each with its accents) as fit. Work stops at the first
/// word that does not fit, so a huge line costs no more than a short one.
fn ellipsize(line: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> String {
    let mut words = line.split(' ').filter(|w| !w.is_empty());
    let mut kept = String::new();
    for word in words.by_ref() {
        let candidate = if kept.is_empty() { word.to_string() } else { format!("{kept} {word}") };
        if word.chars().nth(MAX_WORD_CHARS).is_some() || measure(&format!("{candidate}…")) > width {
            if kept.is_empty() {
                return ellipsize_word(word, width, measure);
            }
            break;
        }
        kept = candidate;
    }
    kept.push('…');
    kept
}

/// The first letters of `word` that fit `width` with an ellipsis (just the ellipsis if none do).
fn ellipsize_word(word: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> String {
    let mut kept = String::new();
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        let mut letter = c.to_string();
        while let Some(mark) = chars.next_if(|&m| is_mark(m)) {
            letter.push(mark);
        }
        if measure(&format!("{kept}{letter}…")) > width {
            break;
        }
        kept.push_str(&letter);
    }
    kept.push('…');
    kept
}

/// Combining marks that belong to the letter before them.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// One face of the embedded font, ready to measure text the way usvg will shape it.
struct Face {
    /// Which of the two faces: its slot in the cache of advances.
    id: usize,
    font: FontRef<'static>,
    shaper: ShaperData,
    units_per_em: f32,
}

/// Shaped advances (font units) of each face, by exact text.
type Advances = [HashMap<Box<str>, i64>; 2];

/// Texts whose advances are kept per thread before the cache starts afresh: words recur across a whole
/// build (the same product names and phrases on every slide of a product), but memory must not grow
/// with the number of messages.
const ADVANCES_KEPT: usize = 1 << 16;

impl Face {
    fn new(id: u8, data: &'static [u8]) -> Self {
        // The files are part of this library and tested, so they always parse.
        let font = FontRef::new(data).expect("embedded font parses");
        let units_per_em = font.head().map_or(2048.0, |h| f32::from(h.units_per_em()));
        let shaper = ShaperData::new(&font);
        Face { id: usize::from(id), font, shaper, units_per_em }
    }

    /// Width of `text` at `size` pixels: the sum of its shaped advances (kerning and ligatures included).
    fn width(&self, text: &str, size: f32) -> f32 {
        self.advances(text) as f32 * size / self.units_per_em
    }

    /// The sum of the shaped advances of `text`, in font units. Remembered per thread by the exact
    /// text: shaping does not depend on the size, and the same text always shapes to the same integers,
    /// so a remembered sum is the very number shaping gives.
    fn advances(&self, text: &str) -> i64 {
        thread_local! {
            static ADVANCES: RefCell<(Advances, usize)> = RefCell::new(Default::default());
        }
        if let Some(units) = ADVANCES.with_borrow(|(faces, _)| faces[self.id].get(text).copied()) {
            return units;
        }
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = self.shaper.shaper(&self.font).build().shape(buffer, ShapeOptions::new());
        let units: i64 = shaped.glyph_positions().iter().map(|p| i64::from(p.x_advance)).sum();
        ADVANCES.with_borrow_mut(|(faces, kept)| {
            if *kept >= ADVANCES_KEPT {
                faces.iter_mut().for_each(HashMap::clear);
                *kept = 0;
            }
            faces[self.id].insert(text.into(), units);
            *kept += 1;
        });
        units
    }
}

/// The two faces the thumbnail uses.
struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    fn new() -> Self {
        Fonts { regular: Face::new(0, REGULAR), bold: Face::new(1, BOLD) }
    }
}

/// Which bold face usvg is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Bold {
    /// The file as it is: for any drawing whose bold text might be kana (and any drawing not ours).
    Whole,
    /// Without the legacy `kern` table, which the shaper applies to bold text only when it is kana.
    NoKana,
}

/// The font database usvg draws from: the embedded faces and nothing else, loaded once. The regular face
/// is always given without its legacy `kern` table, the bold one as `bold` says (see [`without_legacy_kern`]).
fn font_database(bold: Bold) -> Arc<fontdb::Database> {
    static DBS: [OnceLock<Arc<fontdb::Database>>; 2] = [OnceLock::new(), OnceLock::new()];
    DBS[bold as usize]
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_font_source(fontdb::Source::Binary(Arc::new(without_legacy_kern(REGULAR))));
            let bold = match bold {
                Bold::Whole => BOLD.to_vec(),
                Bold::NoKana => without_legacy_kern(BOLD),
            };
            db.load_font_source(fontdb::Source::Binary(Arc::new(bold)));
            // Every generic family is the embedded face: a drawing that asks for
            // "Arial, Helvetica, sans-serif" gets DejaVu Sans on every machine.
            db.set_sans_serif_family(FAMILY);
            db.set_serif_family(FAMILY);
            db.set_monospace_family(FAMILY);
            db.set_cursive_family(FAMILY);
            db.set_fantasy_family(FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// The bold face for the thumbnails of `thumbs`. All their text counts, not only the bold heading and
/// label: usvg shapes a whole line again with the bold face when it has a letter the regular one lacks
/// (bold mathematical letters), and keeps that letter's advance.
fn bold_for(thumbs: &[Thumb<'_>]) -> Bold {
    let texts = thumbs.iter().flat_map(|t| [t.title, t.body, t.footer, t.draft_label.unwrap_or("")]);
    if texts.flat_map(str::chars).any(maybe_kana) { Bold::Whole } else { Bold::NoKana }
}

/// Whether `c` lies in a block holding Hiragana or Katakana letters: the only script for which DejaVu
/// Sans Bold's GPOS has no `kern`, so that the shaper kerns with the legacy table instead. A line's
/// script is that of its first letter of a script (the shaper guesses it so), so a line without any of
/// these characters is never shaped as kana. Checked against the shaper's own tables over every
/// character by a test.
fn maybe_kana(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{33FF}' | '\u{FF00}'..='\u{FFEF}' | '\u{1AFF0}'..='\u{1B16F}' | '\u{1F200}'..='\u{1F2FF}')
}

/// The font file without its legacy `kern` table, which usvg's shaper never applies to this face and
/// yet indexes again for every line of text it draws (a quarter of the time spent on text).
///
/// The shaper (harfrust, like HarfBuzz) kerns with the old table only when the chosen script's GPOS
/// features have no `kern`, or when GPOS is disabled for it (Hebrew without a `hebr` script). DejaVu
/// Sans regular has `kern` in every language system of every script, `DFLT` (the one chosen for a
/// script not listed) and `hebr` included, and usvg shapes horizontally only: whatever the text, the
/// shaper takes the same decisions with or without the table, and positions glyphs the same. Bold has
/// the same but for its `kana` script, whose language system has no features at all: bold text that
/// might be kana is drawn with the whole file ([`Bold`]). The table's record is taken out of the
/// directory and the bytes stay where they are, so every other table keeps its offset.
fn without_legacy_kern(font: &[u8]) -> Vec<u8> {
    const HEADER: usize = 12;
    const RECORD: usize = 16;
    let mut out = font.to_vec();
    let tables = usize::from(u16::from_be_bytes([font[4], font[5]]));
    let records = &font[HEADER..HEADER + tables * RECORD];
    let Some(kern) = records.chunks_exact(RECORD).position(|r| &r[..4] == b"kern") else {
        return out;
    };
    let kept: Vec<u8> =
        records.chunks_exact(RECORD).enumerate().filter(|&(i, _)| i != kern).flat_map(|(_, r)| r.to_vec()).collect();
    let n = tables - 1;
    // The binary search hints of the header, as the OpenType specification computes them.
    let power = 1usize << n.ilog2();
    let header = [n, power * RECORD, power.ilog2() as usize, (n - power) * RECORD];
    for (i, v) in header.into_iter().enumerate() {
        out[4 + 2 * i..6 + 2 * i].copy_from_slice(&(v as u16).to_be_bytes());
    }
    out[HEADER..HEADER + kept.len()].copy_from_slice(&kept);
    out[HEADER + kept.len()..HEADER + tables * RECORD].fill(0);
    out
}

/// The thumbnail as an SVG document, or a part of one, built up shape by shape.
struct Svg(String);

impl Svg {
    /// The start of a document.
    fn new() -> Self {
        Svg(format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="{FAMILY}">"#,
            SIZE.0, SIZE.1
        ))
    }

    /// Elements to put into a document.
    fn part() -> Self {
        Svg(String::new())
    }

    /// A filled rectangle on whole pixels, drawn without anti-aliasing.
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Rgb) {
        let _ = write!(
            self.0,
            r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{}" shape-rendering="crispEdges"/>"#,
            hex(fill)
        );
    }

    /// One line of text with its baseline at `y`, starting at `x` (or centred on it).
    #[allow(clippy::too_many_arguments)]
    fn text(&mut self, x: f32, y: f32, text: &str, size: f32, bold: bool, fill: Rgb, centred: bool) {
        let _ = write!(
            self.0,
            r#"<text x="{x}" y="{y}" font-size="{size:.3}" font-weight="{}" text-anchor="{}" fill="{}">"#,
            if bold { "bold" } else { "normal" },
            if centred { "middle" } else { "start" },
            hex(fill)
        );
        for c in text.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                c => self.0.push(c),
            }
        }
        self.0.push_str("</text>");
    }

    /// The end of the document.
    fn finish(mut self) -> String {
        self.0.push_str("</svg>");
        self.0
    }
}

fn hex([r, g, b]: Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// How usvg reads every drawing here: text in the embedded font, and nothing
/// from outside the document — no files, no data URLs (`<image>` draws
/// nothing), so a drawing cannot show what nobody reviewed.
fn options() -> usvg::Options<'static> {
    options_with(Bold::Whole)
}

/// [`options`] with the given bold face.
fn options_with(bold: Bold) -> usvg::Options<'static> {
    usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: font_database(bold),
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..Default::default()
    }
}

/// The largest side of a picture [`png_of_svg`] draws, in pixels.
pub const MAX_SIDE: u32 = 4096;

/// Parses an SVG document as it will be drawn (text in the embedded font;
/// no external files, no raster images): its size in CSS pixels, or why it
/// cannot be drawn.
pub fn parse_svg(svg: &[u8]) -> Result<(f32, f32), String> {
    let options = options();
    let tree = usvg::Tree::from_data(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size();
    Ok((size.width(), size.height()))
}

/// Draws an SVG document (a chart, a logo) `width` pixels wide, its height
/// from its aspect ratio, on white, text in the embedded font: an 8-bit RGB
/// PNG with the best compression. The same document gives the same bytes.
pub fn png_of_svg(svg: &[u8], width: u32) -> Result<Vec<u8>, String> {
    let options = options();
    let tree = usvg::Tree::from_data(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size();
    let scale = width.clamp(1, MAX_SIDE) as f32 / size.width();
    let height = (size.height() * scale).round().clamp(1.0, MAX_SIDE as f32) as u32;
    let width = width.clamp(1, MAX_SIDE);
    let mut pixmap = Pixmap::new(width, height).ok_or("the picture has no size")?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_deflate_compression(png::DeflateCompression::Level(9));
    encoder.set_filter(png::Filter::Paeth);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// Draws the SVG on a white canvas and returns its pixels, 4 bytes each (red, green, blue, alpha).
fn rasterise(svg: &str, bold: Bold) -> Vec<u8> {
    let options = options_with(bold);
    let mut pixmap = canvas();
    // The document is ours and its text escaped, so it always parses; were it not to, the page stays white.
    if let Ok(tree) = usvg::Tree::from_str(svg, &options) {
        resvg::render(&tree, Transform::identity(), &mut pixmap.as_mut());
    }
    pixmap.take()
}

/// A white canvas of [`SIZE`].
fn canvas() -> Pixmap {
    let (w, h) = SIZE;
    // `Pixmap::new` fails only for a zero or huge size, and SIZE is neither.
    let mut pixmap = Pixmap::new(w, h).expect("a 200×150 pixmap");
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    pixmap
}

/// The colours a thumbnail can hold: each ink, and `BLEND_STEPS` steps from background to ink for each
/// pair where anti-aliased text meets its background.
fn palette(inks: &[Rgb], blends: &[(Rgb, Rgb)]) -> Vec<Rgb> {
    let mut colours: Vec<Rgb> = vec![WHITE];
    colours.extend_from_slice(inks);
    for &(bg, fg) in blends {
        for step in 0..=BLEND_STEPS {
            let mix = |b: u8, f: u8| {
                let (b, f) = (u32::from(b), u32::from(f));
                // Rounded integer blend: the same on every platform.
                ((b * (BLEND_STEPS - step) + f * step + BLEND_STEPS / 2) / BLEND_STEPS) as u8
            };
            colours.push([mix(bg[0], fg[0]), mix(bg[1], fg[1]), mix(bg[2], fg[2])]);
        }
    }
    let mut unique: Vec<Rgb> = Vec::with_capacity(colours.len());
    for c in colours {
        if !unique.contains(&c) {
            unique.push(c);
        }
    }
    unique
}

/// Maps each pixel (RGBA, all opaque) to its nearest palette colour and encodes an 8-bit indexed PNG
/// with the best compression.
fn encode(rgba: &[u8], palette: &[Rgb]) -> Vec<u8> {
    encode_indices(&quantise(rgba, palette), palette)
}

/// The index of each pixel's (RGBA, all opaque) nearest palette colour: each pixel's alone.
fn quantise(rgba: &[u8], palette: &[Rgb]) -> Vec<u8> {
    // Most pixels repeat their left neighbour (flat areas); the others are looked up in a small table
    // of the colours met so far (one slot per hash, the latest colour wins it), and only a colour not
    // there is matched against the palette. Every path gives `nearest` of the pixel.
    const SLOTS_BITS: u32 = 10;
    // Alpha is always 0 in a key, so this key matches no pixel.
    const EMPTY: u32 = u32::MAX;
    let mut slots = vec![(EMPTY, 0u8); 1 << SLOTS_BITS];
    let mut last = (EMPTY, 0u8);
    // Every pixel is opaque (the canvas is white), so premultiplied RGB is plain RGB.
    rgba.chunks_exact(4)
        .map(|p| {
            let key = u32::from_le_bytes([p[0], p[1], p[2], 0]);
            if key != last.0 {
                let slot = &mut slots[(key.wrapping_mul(0x9E37_79B1) >> (32 - SLOTS_BITS)) as usize];
                if slot.0 != key {
                    *slot = (key, nearest([p[0], p[1], p[2]], palette));
                }
                last = *slot;
            }
            last.1
        })
        .collect()
}

/// Encodes [`SIZE`] palette indices as an 8-bit indexed PNG with the best compression.
fn encode_indices(indices: &[u8], palette: &[Rgb]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, SIZE.0, SIZE.1);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette.concat());
    // Level 6: within a few per cent of level 9's size at a fraction of its time.
    encoder.set_deflate_compression(png::DeflateCompression::Level(6));
    // Indexed pixels are labels, not intensities: differencing filters only scramble them.
    encoder.set_filter(png::Filter::NoFilter);
    // The buffer always holds W×H indices and a Vec never fails to take bytes, so these cannot fail.
    let mut writer = encoder.write_header().expect("PNG header into a Vec");
    writer.write_image_data(indices).expect("PNG data of the declared size into a Vec");
    writer.finish().expect("PNG trailer into a Vec");
    out
}

/// Index of the palette colour closest to `px` (squared RGB distance; the first of equals).
fn nearest(px: Rgb, palette: &[Rgb]) -> u8 {
    let distance = |c: &Rgb| -> u32 { (0..3).map(|i| (i32::from(px[i]) - i32::from(c[i])).pow(2) as u32).sum() };
    let mut best = (u32::MAX, 0);
    for (i, c) in palette.iter().enumerate() {
        let d = distance(c);
        if d < best.0 {
            best = (d, i);
        }
    }
    // The palette has at most 1 + inks + blends × (BLEND_STEPS + 1) < 256 colours.
    best.1 as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCENT: Rgb = [0x0B, 0x4F, 0x6C];
    const WIDTH: usize = SIZE.0 as usize;
    const LIMIT: usize = 15 * 1024;

    fn thumb<'a>(title: &'a str, body: &'a str) -> Thumb<'a> {
        Thumb { title, body, footer: "PM-XX-0001 · 05/2026", accent: ACCENT, draft_label: None }
    }

    /// Decodes a PNG with the `png` crate, checking the format on the way, and returns its RGB pixels.
    fn decode(bytes: &[u8]) -> Vec<u8> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().expect("valid PNG");
        assert_eq!(reader.info().color_type, png::ColorType::Indexed);
        let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
        let info = reader.next_frame(&mut buf).expect("one frame");
        assert_eq!((info.width, info.height), SIZE);
        assert_eq!(info.color_type, png::ColorType::Rgb);
        buf.truncate(info.buffer_size());
        buf
    }

    fn pixel(px: &[u8], x: usize, y: usize) -> Rgb {
        let i = (y * WIDTH + x) * 3;
        [px[i], px[i + 1], px[i + 2]]
    }

    /// Pixels in the rectangle `[x0, x1) × [y0, y1)` darker than mid-grey.
    fn dark_pixels(px: &[u8], (x0, x1): (usize, usize), (y0, y1): (usize, usize)) -> usize {
        (y0..y1).flat_map(|y| (x0..x1).map(move |x| (x, y))).filter(|&(x, y)| brightness(pixel(px, x, y)) < 128).count()
    }

    const DENSE_EN: &str = "Pulmovia reduced severe exacerbations by 48% versus placebo over 52 weeks in adults with \
        eosinophilic asthma, and improved lung function from week 4. Well tolerated; most adverse events were mild.";
    const DENSE_RU: &str = "Пульмовиа снижала частоту тяжёлых обострений на 48% по сравнению с плацебо в течение 52 \
        недель у взрослых пациентов с эозинофильной астмой и улучшала функцию лёгких с 4-й недели.";
    const DENSE_EL: &str = "Το Pulmovia μείωσε τις σοβαρές παροξύνσεις κατά 48% έναντι του εικονικού φαρμάκου σε 52 \
        εβδομάδες σε ενήλικες με ηωσινοφιλικό άσθμα, με καλή ανεκτικότητα.";

    #[test]
    fn png_is_200_by_150_indexed_and_small_in_every_script() {
        for (title, body) in [
            ("Efficacy in moderate-to-severe asthma", DENSE_EN),
            ("Эффективность при тяжёлой бронхиальной астме", DENSE_RU),
            ("Αποτελεσματικότητα στο σοβαρό άσθμα", DENSE_EL),
        ] {
            let png = render(&Thumb { draft_label: Some("ЧЕРНОВИК"), ..thumb(title, body) });
            assert_eq!(decode(&png).len(), WIDTH * SIZE.1 as usize * 3);
            assert!(png.len() <= LIMIT, "{title}: {} bytes", png.len());
        }
    }

    #[test]
    fn render_is_deterministic() {
        let t = thumb("Профиль безопасности", "Adverse events were mild.\n\nSee full SmPC.");
        assert_eq!(render(&t), render(&t));
    }

    #[test]
    fn cyrillic_text_is_drawn() {
        let empty = decode(&render(&thumb("Показания", "")));
        let cyrillic = decode(&render(&thumb("Показания", DENSE_RU)));
        let body_area = ((0, WIDTH), (50, 120));
        assert_eq!(dark_pixels(&empty, body_area.0, body_area.1), 0);
        assert!(dark_pixels(&cyrillic, body_area.0, body_area.1) > 500);
    }

    /// Dark pixels of one body-size character drawn alone at the top left of the body.
    fn glyph_ink(c: &str) -> (usize, Vec<u8>) {
        let px = decode(&render(&Thumb { footer: "", ..thumb("", c) }));
        let top = (BAR + TOP_GAP) as usize;
        let cell = ((MARGIN as usize, MARGIN as usize + 9), (top, top + 11));
        let ink = dark_pixels(&px, cell.0, cell.1);
        let crop = (cell.1.0..cell.1.1).flat_map(|y| (cell.0.0..cell.0.1).map(move |x| (x, y)));
        (ink, crop.map(|(x, y)| u8::from(brightness(pixel(&px, x, y)) < 128)).collect())
    }

    #[test]
    fn zhe_is_a_glyph_not_a_box() {
        let (zhe, zhe_shape) = glyph_ink("Ж");
        // A glyph the font lacks is drawn as the font's box (.notdef).
        let (tofu, tofu_shape) = glyph_ink("\u{E0FF}");
        assert!(zhe > 8, "Ж leaves ink: {zhe}");
        // A filled 9×11 cell would be 99 pixels; Ж's strokes cover well under half of it.
        assert!(zhe < 45, "Ж is strokes, not a block: {zhe}");
        assert!(tofu > 0);
        assert_ne!(zhe_shape, tofu_shape);
    }

    #[test]
    fn fonts_cover_latin_greek_and_cyrillic() {
        for data in [REGULAR, BOLD] {
            let font = FontRef::new(data).unwrap();
            let charmap = read_fonts::TableProvider::cmap(&font).unwrap();
            for c in "AZaz09éßüÆøłőșğ€•…–“”ΑΩαωςάθЖжЁёЙйЪъЩщІіЇїҐґ".chars()
            {
                assert!(charmap.map_codepoint(c).is_some_and(|g| g.to_u32() != 0), "{c}");
            }
        }
    }

    /// Glyphs and positions as harfrust shapes `text` in `font`, the way usvg does.
    fn shaped(font: &[u8], text: &str) -> Vec<(u32, u32, i32, i32, i32)> {
        let font = FontRef::new(font).unwrap();
        let data = ShaperData::new(&font);
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let out = data.shaper(&font).build().shape(buffer, ShapeOptions::new());
        let infos = out.glyph_infos().iter();
        infos
            .zip(out.glyph_positions())
            .map(|(i, p)| (i.glyph_id, i.cluster, p.x_advance, p.x_offset, p.y_offset))
            .collect()
    }

    /// A text in each script the faces cover, kerned pairs in each.
    const SCRIPTS: [&str; 19] = [
        "AVATAR Tavern WAVE, Ty. To. Yo. LT 'quoted' «ok» 1/2",
        DENSE_EN,
        DENSE_RU,
        DENSE_EL,
        "עברית עם ניקוד: שָׁלוֹם AV",
        "مرحبا بالعالم AV",
        "中文 AV",
        "ภาษาไทย AV",
        "ພາສາລາວ AV",
        "हिन्दी AV",
        "Հայերեն AV",
        "ქართული AV",
        "ᚠᚢᚦ AV",
        "ⵜⴰⵎⴰⵣⵉⵖⵜ AV",
        "ߒߞߏ AV",
        "Emoji 😀 AV ✨ a\u{301}\u{301}",
        "∑ ∫ AV 123",
        "\u{3000}AV",
        "",
    ];

    #[test]
    fn both_faces_shape_the_same_without_their_legacy_kern_tables() {
        for face in [REGULAR, BOLD] {
            let stripped = without_legacy_kern(face);
            let font = FontRef::new(&stripped).unwrap();
            assert!(font.kern().is_err(), "the table is gone");
            assert!(font.gpos().is_ok() && font.glyf().is_ok() && font.cmap().is_ok() && font.hmtx().is_ok());
            for text in SCRIPTS {
                assert_eq!(shaped(&stripped, text), shaped(face, text), "{text}");
            }
        }
        // Kana: the same for regular, not for bold, which is why bold text that may be kana keeps it.
        for text in ["カタカナ AVAV", "ひらがな AV"] {
            assert_eq!(shaped(&without_legacy_kern(REGULAR), text), shaped(REGULAR, text));
            assert_ne!(shaped(&without_legacy_kern(BOLD), text), shaped(BOLD, text));
            assert!(text.chars().any(maybe_kana));
        }
    }

    #[test]
    fn every_character_the_shaper_takes_for_kana_is_caught() {
        use harfrust::script;
        let mut buffer = UnicodeBuffer::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            buffer.push_str(c.encode_utf8(&mut [0; 4]));
            buffer.guess_segment_properties();
            if [script::HIRAGANA, script::KATAKANA].contains(&buffer.script()) {
                assert!(maybe_kana(c), "U+{:04X}", u32::from(c));
            }
            buffer.clear();
        }
    }

    #[test]
    fn heading_or_label_in_kana_draws_with_the_whole_bold_face() {
        assert!(matches!(bold_for(&[thumb("Title", "Body"), thumb("Τίτλος", "Тело")]), Bold::NoKana));
        assert!(matches!(bold_for(&[thumb("Title", ""), thumb("カタカナ", "")]), Bold::Whole));
        assert!(matches!(bold_for(&[thumb("Title", "カタカナ \u{1D5D4}")]), Bold::Whole));
        assert!(matches!(bold_for(&[Thumb { footer: "ひらがな", ..thumb("T", "") }]), Bold::Whole));
        assert!(matches!(bold_for(&[Thumb { draft_label: Some("ドラフト"), ..thumb("T", "") }]), Bold::Whole));
        // Kerned by the legacy table under a kana heading: the same pixels as drawn before.
        let kana = Thumb { draft_label: Some("AVAV ドラフト"), ..thumb("カタカナ AVAV WAVE", "AVAV") };
        let svg = draw(&kana, &footer_line(kana.footer)).document();
        assert_eq!(rasterise(&svg, Bold::Whole), rasterise(&svg, bold_for(&[kana])));
        assert_ne!(rasterise(&svg, Bold::Whole), rasterise(&svg, Bold::NoKana));
    }

    #[test]
    fn text_stays_inside_the_margins() {
        // Measuring must agree with drawing: no ink in the right margin, however the lines fall.
        for body in [DENSE_EN, DENSE_RU, DENSE_EL, "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW MMMMMMMM"] {
            let px = decode(&render(&thumb(body, body)));
            let margin = (WIDTH - MARGIN as usize + 1, WIDTH);
            assert_eq!(dark_pixels(&px, margin, (BAR as usize, SIZE.1 as usize)), 0, "{body}");
        }
    }

    #[test]
    fn accent_bar_and_heading_use_the_accent() {
        let px = decode(&render(&thumb("Dosing", "Once daily.")));
        for x in 0..WIDTH {
            assert_eq!(pixel(&px, x, 0), ACCENT);
        }
        assert_eq!(pixel(&px, WIDTH / 2, BAR as usize), WHITE);
        let heading = (0..40).flat_map(|y| (0..WIDTH).map(move |x| (x, y))).skip(WIDTH * BAR as usize);
        assert!(heading.clone().any(|(x, y)| pixel(&px, x, y) == ACCENT));
        // A light accent would not read on white: the heading goes dark.
        let light = decode(&render(&Thumb { accent: [0xFF, 0xD7, 0x00], ..thumb("Yellow", "") }));
        assert!(heading.clone().any(|(x, y)| pixel(&light, x, y) == HEADING_DARK));
    }

    #[test]
    fn draft_band_shows_the_given_label() {
        let red_band = |label| {
            let px = decode(&render(&Thumb { draft_label: label, ..thumb("T", "B") }));
            let band: Vec<Rgb> = (0..WIDTH).map(|x| pixel(&px, x, BAR as usize)).collect();
            (band.iter().all(|&p| p == DRAFT_RED), px)
        };
        let (none, _) = red_band(None);
        let (draft, en) = red_band(Some("DRAFT"));
        let (chernovik, ru) = red_band(Some("ЧЕРНОВИК"));
        assert!(!none && draft && chernovik);
        let band = |px: &[u8]| -> Vec<Rgb> {
            (BAR as usize..(BAR + DRAFT_BAND) as usize)
                .flat_map(|y| (0..WIDTH).map(move |x| (x, y)))
                .map(|(x, y)| pixel(px, x, y))
                .collect()
        };
        assert_ne!(band(&en), band(&ru), "the label's text is drawn");
        assert!(band(&ru).contains(&WHITE));
    }

    #[test]
    fn odd_input_does_not_panic() {
        let long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(20);
        let huge = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(200);
        let cases: Vec<(&str, &str, &str)> = vec![
            ("", "", ""),
            (&long_word, &long_word, &long_word),
            ("Ergebnisse 👍🏽 🇩🇪 👩‍⚕️", "Emoji 😀😀😀 in the body ✨", "🚀"),
            ("Title", &huge, "JOB"),
            ("\n\n\t\r", "\u{0}\u{7}\u{1b}[31m\n\n\n", "\u{200b}"),
            ("a\u{301}\u{301}\u{301} <b>&amp;</b> ]]>", "x\u{FE0F} \"quoted\" 'single'", "\u{10FFFF}\u{FFFE}"),
            ("עברית العربية", "مرحبا بالعالم", "中文"),
        ];
        for (title, body, footer) in cases {
            for draft_label in [None, Some(""), Some(&long_word[..])] {
                let png = render(&Thumb { title, body, footer, accent: [0, 0, 0], draft_label });
                assert_eq!(decode(&png).len(), WIDTH * SIZE.1 as usize * 3);
                assert!(png.len() <= LIMIT);
            }
        }
    }

    #[test]
    fn a_deck_drawn_together_gives_each_slide_the_bytes_it_gets_alone() {
        let long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3);
        let mut deck: Vec<Thumb> = vec![
            thumb("Efficacy in moderate-to-severe asthma", DENSE_EN),
            Thumb { draft_label: Some("ЧЕРНОВИК"), ..thumb("Эффективность", DENSE_RU) },
            Thumb { accent: [0xFF, 0xD7, 0x00], ..thumb("Αποτελεσματικότητα", DENSE_EL) },
            Thumb { footer: "", ..thumb("", "") },
            Thumb { draft_label: Some(""), ..thumb(&long_word, &long_word) },
            thumb("עברית العربية", "Emoji 😀 ✨ a\u{301} <b>&amp;</b> ]]> \"q\"\n\nカタカナ 中文"),
            Thumb { accent: [0, 0, 0], footer: "🚀", ..thumb("Title", "Body") },
        ];
        let alone: Vec<Vec<u8>> = deck.iter().map(render).collect();
        assert_eq!(render_all(&deck), alone);
        // Same slides in another order and one alone: nothing carries over from one slide to the next.
        deck.reverse();
        let reversed: Vec<Vec<u8>> = alone.iter().rev().cloned().collect();
        assert_eq!(render_all(&deck), reversed);
        assert_eq!(render_all(&deck[..1]), reversed[..1]);
        assert!(render_all(&[]).is_empty());
    }

    /// A measure for wrapping tests: one unit per character.
    fn chars(s: &str) -> f32 {
        s.chars().count() as f32
    }

    fn lines(text: &str, width: f32, max: usize) -> (Vec<String>, bool) {
        let (lines, more) = wrap(&normalize(text), width, max, &chars);
        (lines.into_iter().map(|l| l.text).collect(), more)
    }

    #[test]
    fn wraps_at_spaces_only() {
        let text = "the quick brown fox jumps over the lazy dog";
        let (l, more) = lines(text, 10.0, 9);
        assert_eq!(l, ["the quick", "brown fox", "jumps over", "the lazy", "dog"]);
        assert!(!more);
        // Every line is made of whole words of the input, in order.
        let words: Vec<&str> = text.split(' ').collect();
        let got: Vec<String> = l.iter().flat_map(|l| l.split(' ').map(str::to_string)).collect();
        assert_eq!(got, words);
    }

    #[test]
    fn never_breaks_a_word_over_lines() {
        // Slightly too long: drawn smaller on a line of its own.
        let (l, _) = wrap("see abcdefghijkl end", 10.0, 9, &chars);
        assert_eq!(l.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["see", "abcdefghijkl", "end"]);
        assert_eq!(l[1].scale, 10.0 / 12.0);
        assert!(l[0].scale == 1.0 && l[2].scale == 1.0);
        // Far too long: cut with an ellipsis at the smallest size, the rest dropped, not carried over.
        let (l, _) = wrap("see https://example.com/very/long end", 10.0, 9, &chars);
        assert_eq!(l.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["see", "https://exam…", "end"]);
        assert_eq!(l[1].scale, MIN_SHRINK);
    }

    #[test]
    fn reports_cut_text_and_paragraph_gaps() {
        let (l, more) = lines("one two three four five six", 4.0, 2);
        assert_eq!(l, ["one", "two"]);
        assert!(more);
        let (parts, _) = wrap(&normalize("\n\nfirst\n\nsecond\nthird"), 20.0, 9, &chars);
        let gaps: Vec<bool> = parts.iter().map(|l| l.gap_before).collect();
        assert_eq!(gaps, [false, true, false]);
    }

    #[test]
    fn ellipsis_drops_whole_words_first() {
        assert_eq!(ellipsize("alpha beta gamma", 12.0, &chars), "alpha beta…");
        assert_eq!(ellipsize("alpha beta gamma", 10.0, &chars), "alpha…");
        assert_eq!(ellipsize("alphabetagamma", 6.0, &chars), "alpha…");
        // A letter's accent goes with it.
        assert_eq!(ellipsize("cafe\u{301}s", 5.0, &chars), "caf…");
        assert_eq!(one_line("  PM-CARD-0123 \n 05/2026 ", 30.0, &chars), "PM-CARD-0123 05/2026");
        assert_eq!(one_line("PM-CARD-0123 05/2026", 17.0, &chars), "PM-CARD-0123…");
    }
}
