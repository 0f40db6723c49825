//! A deck's thumbnails, with what repeats from deck to deck drawn once.
//!
//! The slides of a deck are read as one SVG document, so the outline of a letter is read from the font
//! once for all of them, and each slide's group is then drawn alone on its own canvas. A slide is drawn
//! in two layers: its picture without the footer, and the footer, which every slide of a deck shares (the
//! job code) and which is drawn once per deck. Many slides repeat everything but their footer (a
//! product's safety information in one language, key messages and references shared by messages): their
//! pictures without the footer are kept across decks ([`Kept`]), as palette indices, and not drawn again.
//!
//! Every slide gets the bytes [`render`](super::render) gives it. A single slide's document paints the
//! footer before the body; painting it last changes no pixel when no pixel is touched by both. That is
//! proved for each slide from the outlines, as the rasteriser bounds them ([`rows`]). The footer's rows
//! of the picture must also be white, so that the footer's pixels are the ones it has on a white canvas.
//! A slide for which either cannot be proved is drawn alone, the way [`render`](super::render) draws it.
//! Nothing drawn depends on what is kept: a kept picture is the very one its slide would be drawn with.

use super::{
    Bold, Drawing, SIZE, Svg, Thumb, bold_for, canvas, draw, draw_footer, encode, encode_indices, footer_line,
    options_with, palette_for, quantise, render_alone,
};
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

/// Pictures kept for the whole process (about 7 KB each, packed, with their texts)...
const KEPT_PICTURES: usize = 2048;
/// ... and the memory they may take at most, whatever the slides.
const KEPT_BYTES: usize = 16 << 20;
/// Slots of the record of slides seen, 8 bytes each.
const SEEN_SLOTS: usize = 1 << 16;

/// The pictures kept for the process: decks are drawn in parallel, and share them.
static KEPT: Mutex<Kept> = Mutex::new(Kept::new(KEPT_PICTURES, KEPT_BYTES));

/// The thumbnails of a deck's slides, each the very bytes [`render`](super::render) gives for it.
pub fn render_all(thumbs: &[Thumb<'_>]) -> Vec<Vec<u8>> {
    render_deck(thumbs, Some(&KEPT))
}

/// Everything the picture of a slide without its footer is drawn from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    title: String,
    body: String,
    accent: [u8; 3],
    draft_label: Option<String>,
    /// Whether the slide has a footer: its body then stops above it.
    footer: bool,
    /// The bold face the deck is drawn with.
    bold: Bold,
}

impl Key {
    fn new(thumb: &Thumb<'_>, footer: bool, bold: Bold) -> Self {
        Key {
            title: thumb.title.to_string(),
            body: thumb.body.to_string(),
            accent: thumb.accent,
            draft_label: thumb.draft_label.map(str::to_string),
            footer,
            bold,
        }
    }

    fn hash(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        Hash::hash(self, &mut hasher);
        hasher.finish()
    }
}

/// A slide drawn without its footer.
struct Picture {
    /// Its pixels on the white canvas, each as the index of its colour in the slide's palette (which
    /// the accent, part of the [`Key`], decides), packed (see [`pack`]).
    indices: Vec<u8>,
    /// Whether each row of pixels is all white.
    white: Vec<bool>,
    /// The rows its body may change; `None` when that cannot be told.
    body: Option<Rows>,
}

impl Picture {
    fn new(pixmap: &Pixmap, accent: [u8; 3], body: Option<Rows>) -> Self {
        let white = pixmap.data().chunks_exact(SIZE.0 as usize * 4).map(|row| row.iter().all(|&b| b == 0xFF)).collect();
        Picture { indices: pack(&quantise(pixmap.data(), &palette_for(accent))), white, body }
    }
}

/// Palette indices with their runs of white (index 0) counted, for a slide is mostly white (a quarter of
/// the size or less): a count of white pixels, a count of other pixels, those pixels, and again.
fn pack(indices: &[u8]) -> Vec<u8> {
    let mut packed = Vec::new();
    let mut rest = indices;
    while !rest.is_empty() {
        let white = rest.iter().take(255).take_while(|&&i| i == 0).count();
        rest = &rest[white..];
        let others = rest.iter().take(255).take_while(|&&i| i != 0).count();
        packed.extend([white as u8, others as u8]);
        packed.extend_from_slice(&rest[..others]);
        rest = &rest[others..];
    }
    packed.shrink_to_fit();
    packed
}

/// The indices [`pack`] was given.
fn unpack(packed: &[u8]) -> Vec<u8> {
    let mut indices = Vec::with_capacity(SIZE.0 as usize * SIZE.1 as usize);
    let mut rest = packed;
    while let [white, others, tail @ ..] = rest {
        indices.resize(indices.len() + usize::from(*white), 0);
        let (others, tail) = tail.split_at(usize::from(*others).min(tail.len()));
        indices.extend_from_slice(others);
        rest = tail;
    }
    indices
}

/// Pixel rows `top..bottom` a drawing may change; none when `top >= bottom`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rows {
    top: i32,
    bottom: i32,
}

impl Rows {
    const NONE: Rows = Rows { top: i32::MAX, bottom: i32::MIN };

    fn union(self, other: Rows) -> Rows {
        Rows { top: self.top.min(other.top), bottom: self.bottom.max(other.bottom) }
    }

    /// Whether a row is in both.
    fn meets(self, other: Rows) -> bool {
        self.top.max(other.top) < self.bottom.min(other.bottom)
    }

    /// The rows of the canvas among these.
    fn on_canvas(self) -> Range<usize> {
        let clamp = |y: i32| y.clamp(0, SIZE.1 as i32) as usize;
        clamp(self.top)..clamp(self.bottom).max(clamp(self.top))
    }
}

/// The rows `node` may change when resvg draws it with `transform`. A filled outline changes pixels only
/// inside the box of its points (control points included) rounded out to whole pixels: that box is where
/// tiny-skia's scan converter works. A row more on each side leaves room for rounding. `None` when a part
/// is not drawn that simply: a stroke, an image, a group drawn as a layer (opacity, clip, mask, filter), a
/// transform that turns, skews or flips.
fn rows(node: &usvg::Node, transform: Transform) -> Option<Rows> {
    match node {
        usvg::Node::Group(group) => group_rows(group, transform),
        usvg::Node::Text(text) => group_rows(text.flattened(), transform),
        usvg::Node::Path(path) => {
            if path.stroke().is_some() || transform.has_skew() || transform.sy <= 0.0 {
                return None;
            }
            if !path.is_visible() || path.fill().is_none() {
                return Some(Rows::NONE);
            }
            // Without skew, a point's row depends on its y alone, and in a way that keeps the order:
            // the box of the moved points is the moved box.
            let b = path.data().bounds();
            let (top, bottom) = (b.top() * transform.sy + transform.ty, b.bottom() * transform.sy + transform.ty);
            (top.is_finite() && bottom.is_finite()).then(|| Rows {
                top: (top.floor() as i32).saturating_sub(1),
                bottom: (bottom.ceil() as i32).saturating_add(1),
            })
        }
        usvg::Node::Image(_) => None,
    }
}

/// [`rows`] of a group's children, drawn as resvg draws a group that is not a layer.
fn group_rows(group: &usvg::Group, transform: Transform) -> Option<Rows> {
    if group.should_isolate() {
        return None;
    }
    let transform = transform.pre_concat(group.transform());
    group.children().iter().try_fold(Rows::NONE, |all, child| Some(all.union(rows(child, transform)?)))
}

/// Draws `node` onto `pixmap` where the document has it.
fn draw_node(node: &usvg::Node, pixmap: &mut Pixmap) {
    // `render_node` moves the node's box to the canvas's corner: moving it back puts every path where
    // the document has it, exactly (x − x + x is x, and a transform that comes out as the identity is
    // skipped as the identity).
    let b = node.abs_layer_bounding_box();
    let back = b.map_or(Transform::identity(), |b| Transform::from_translate(b.x(), b.y()));
    resvg::render_node(node, back, &mut pixmap.as_mut());
}

/// The transform [`draw_node`] has resvg draw `node` with, computed as resvg computes it.
fn drawn_with(node: &usvg::Node) -> Transform {
    node.abs_layer_bounding_box()
        .map_or(Transform::identity(), |b| Transform::from_translate(b.x(), b.y()).pre_translate(-b.x(), -b.y()))
}

/// The rows the body of the slide group `slide` may change: its group `b{i}`, the last child.
fn body_rows(slide: &usvg::Node, i: usize) -> Option<Rows> {
    let usvg::Node::Group(group) = slide else { return None };
    if group.should_isolate() {
        return None;
    }
    let body = group.children().iter().find(|c| c.id() == format!("b{i}"))?;
    rows(body, drawn_with(slide).pre_concat(group.transform()))
}

/// The pictures kept, for this thread's use. A thread that panicked holding them could only have left
/// a look-up's clock or a picture not yet pushed: what is kept stays right.
fn lock(kept: &Mutex<Kept>) -> std::sync::MutexGuard<'_, Kept> {
    kept.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A footer of a deck, drawn once.
struct DeckFooter {
    /// The footer alone on the white canvas.
    pixmap: Pixmap,
    /// The rows it may change; `None` when that cannot be told.
    rows: Option<Rows>,
}

/// Where the picture of a slide without its footer comes from.
enum Source {
    /// Kept from an earlier deck.
    Kept(Arc<Picture>),
    /// The same as an earlier slide of this deck.
    Same(usize),
    /// Drawn from this deck's document.
    Drawn,
}

/// [`render_all`] with the given pictures kept, or none.
fn render_deck(thumbs: &[Thumb<'_>], kept: Option<&Mutex<Kept>>) -> Vec<Vec<u8>> {
    let bold = bold_for(thumbs);
    // The deck's footers as drawn, each once: usually one for all its slides.
    let mut footers: Vec<(&str, String)> = Vec::new();
    let mut footer_of = Vec::with_capacity(thumbs.len());
    for thumb in thumbs {
        let k = footers.iter().position(|(f, _)| *f == thumb.footer).unwrap_or_else(|| {
            footers.push((thumb.footer, footer_line(thumb.footer)));
            footers.len() - 1
        });
        footer_of.push(k);
    }
    let keys: Vec<Key> =
        thumbs.iter().zip(&footer_of).map(|(t, &k)| Key::new(t, !footers[k].1.is_empty(), bold)).collect();
    let hashes: Vec<u64> = keys.iter().map(Key::hash).collect();

    // The document: each slide not kept (without its footer, its body a group of its own), each footer.
    let mut svg = Svg::new();
    let mut sources = Vec::with_capacity(thumbs.len());
    for (i, thumb) in thumbs.iter().enumerate() {
        let same = keys[..i].iter().zip(&hashes).position(|(k, &h)| h == hashes[i] && *k == keys[i]);
        let source = if let Some(j) = same {
            Source::Same(j)
        } else if let Some(picture) = kept.and_then(|kept| lock(kept).get(hashes[i], &keys[i])) {
            Source::Kept(picture)
        } else {
            let Drawing { head, body, .. } = draw(thumb, &footers[footer_of[i]].1);
            let _ = write!(svg.0, r#"<g id="s{i}">{}<g id="b{i}">{}</g></g>"#, head.0, body.0);
            Source::Drawn
        };
        sources.push(source);
    }
    for (k, (_, line)) in footers.iter().enumerate() {
        let _ = write!(svg.0, r#"<g id="f{k}">"#);
        draw_footer(line, &mut svg);
        svg.0.push_str("</g>");
    }
    // The document is ours and its text escaped, so it always parses; were it not to, the pages stay
    // white, as a single slide's would.
    let Ok(tree) = usvg::Tree::from_str(&svg.finish(), &options_with(bold)) else {
        return thumbs.iter().map(|t| encode(&canvas().take(), &palette_for(t.accent))).collect();
    };
    let mut slide_nodes = vec![None; thumbs.len()];
    let mut footer_nodes = vec![None; footers.len()];
    for node in tree.root().children() {
        let (nodes, n) = match node.id().split_at_checked(1) {
            Some(("s", n)) => (&mut slide_nodes, n),
            Some(("f", n)) => (&mut footer_nodes, n),
            _ => continue,
        };
        if let Some(slot) = n.parse::<usize>().ok().and_then(|n| nodes.get_mut(n)) {
            *slot = Some(node);
        }
    }
    let deck_footers: Vec<Option<DeckFooter>> = footers
        .iter()
        .zip(&footer_nodes)
        .map(|((_, line), node)| {
            let node = node.filter(|_| !line.is_empty())?;
            let mut pixmap = canvas();
            draw_node(node, &mut pixmap);
            Some(DeckFooter { pixmap, rows: rows(node, drawn_with(node)) })
        })
        .collect();

    let mut pictures: Vec<Arc<Picture>> = Vec::with_capacity(thumbs.len());
    let mut pngs = Vec::with_capacity(thumbs.len());
    for (i, thumb) in thumbs.iter().enumerate() {
        let picture = match &sources[i] {
            Source::Kept(picture) => picture.clone(),
            Source::Same(j) => pictures[*j].clone(),
            Source::Drawn => {
                let mut pixmap = canvas();
                let body = slide_nodes[i].and_then(|node| {
                    draw_node(node, &mut pixmap);
                    body_rows(node, i)
                });
                let picture = Arc::new(Picture::new(&pixmap, thumb.accent, body));
                if let Some(kept) = kept.filter(|_| body.is_some()) {
                    lock(kept).offer(hashes[i], &keys[i], &picture);
                }
                picture
            }
        };
        let has_footer = !footers[footer_of[i]].1.is_empty();
        let palette = palette_for(thumb.accent);
        pngs.push(match compose(&picture, has_footer.then_some(&deck_footers[footer_of[i]]), &palette) {
            Some(indices) => encode_indices(&indices, &palette),
            None => render_alone(thumb, bold),
        });
        pictures.push(picture);
    }
    pngs
}

/// The pixels of a slide as indices into `palette`: its picture with its footer (if it has one) over
/// it. `None` when that cannot be proved to give the pixels of the footer painted before the body, or
/// when the footer is not painted over white (a heading reaching down to it).
fn compose(picture: &Picture, footer: Option<&Option<DeckFooter>>, palette: &[[u8; 3]]) -> Option<Vec<u8>> {
    let mut indices = unpack(&picture.indices);
    let width = SIZE.0 as usize;
    if indices.len() != width * SIZE.1 as usize {
        return None;
    }
    let Some(footer) = footer else { return Some(indices) };
    let footer = footer.as_ref()?;
    let (body, rows) = (picture.body?, footer.rows?);
    if body.meets(rows) || !picture.white[rows.on_canvas()].iter().all(|&white| white) {
        return None;
    }
    // Over white, the footer leaves the pixels it leaves on the white canvas; and a pixel's index is its
    // colour's alone.
    let rows = rows.on_canvas();
    let rgba = &footer.pixmap.data()[rows.start * width * 4..rows.end * width * 4];
    indices[rows.start * width..rows.end * width].copy_from_slice(&quantise(rgba, palette));
    Some(indices)
}

/// Pictures of slides without their footer, kept for slides met again: only a slide seen before is kept
/// (a title slide is seen once), at most `capacity` of them in at most `budget` bytes, the least recently
/// used making room.
struct Kept {
    capacity: usize,
    budget: usize,
    /// The bytes the pictures take.
    bytes: usize,
    /// The hash of a key seen, in the slot the hash picks: a slot taken by another key only costs a
    /// picture not kept.
    seen: Vec<u64>,
    pictures: Vec<KeptPicture>,
    /// Counts look-ups: the time of a picture's last use.
    clock: u64,
}

struct KeptPicture {
    hash: u64,
    key: Key,
    picture: Arc<Picture>,
    used: u64,
}

impl KeptPicture {
    /// The bytes it takes, about.
    fn size(&self) -> usize {
        let Key { title, body, draft_label, .. } = &self.key;
        let texts = title.capacity() + body.capacity() + draft_label.as_ref().map_or(0, String::capacity);
        let Picture { indices, white, .. } = &*self.picture;
        size_of::<Self>() + size_of::<Picture>() + texts + indices.capacity() + white.capacity()
    }
}

impl Kept {
    const fn new(capacity: usize, budget: usize) -> Self {
        Kept { capacity, budget, bytes: 0, seen: Vec::new(), pictures: Vec::new(), clock: 0 }
    }

    /// The picture kept for `key` (whose hash is `hash`).
    fn get(&mut self, hash: u64, key: &Key) -> Option<Arc<Picture>> {
        self.clock += 1;
        let kept = self.pictures.iter_mut().find(|p| p.hash == hash && p.key == *key)?;
        kept.used = self.clock;
        Some(kept.picture.clone())
    }

    /// Keeps the picture of `key` if the key was seen before, and notes it seen.
    fn offer(&mut self, hash: u64, key: &Key, picture: &Arc<Picture>) {
        if self.seen.is_empty() {
            self.seen = vec![0; SEEN_SLOTS];
        }
        let slot = &mut self.seen[(hash % SEEN_SLOTS as u64) as usize];
        if *slot != hash {
            *slot = hash;
            return;
        }
        if self.pictures.iter().any(|p| p.hash == hash && p.key == *key) {
            return;
        }
        self.clock += 1;
        let kept = KeptPicture { hash, key: key.clone(), picture: picture.clone(), used: self.clock };
        let size = kept.size();
        if self.capacity == 0 || size > self.budget {
            return;
        }
        while self.pictures.len() >= self.capacity || self.bytes + size > self.budget {
            let Some(oldest) = self.pictures.iter().enumerate().min_by_key(|(_, p)| p.used).map(|(i, _)| i) else {
                break;
            };
            self.bytes -= self.pictures.swap_remove(oldest).size();
        }
        self.bytes += size;
        self.pictures.push(kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FOOTER_BASELINE, FOOTER_SIZE, rasterise, render};

    const ACCENT: [u8; 3] = [0x0B, 0x4F, 0x6C];
    const JOB_CODES: [&str; 3] = ["PM-XX-0001 · 05/2026", "PM-XX-0002 · 05/2026", "CZ-017 · 11/2025"];
    /// Long enough to be cut where a footer starts.
    const SAFETY: &str = "Do not use in pregnancy or while breastfeeding. The most common side effects are \
        headache, nausea, dizziness and tiredness; serious allergic reactions are rare. Tell your doctor about \
        any other medicines you take.\n\nReport side effects to the national agency. Full prescribing \
        information is available on request and on the agency's website, with the patient leaflet.";
    const KEY_MESSAGE: &str = "Reduced exacerbations by 48% versus placebo over 52 weeks.";
    const REFERENCES: &str = "1. Smith J et al. Lancet 2024;403:12–20.\n2. Data on file.";
    /// A letter with fifty dots below: the font stacks them, far below the line and into the footer.
    const DEEP: &str = "a\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\
        \u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\
        \u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\
        \u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}\u{323}";
    /// A letter with fifty accents above: stacked up, out of the footer and into the body.
    const TALL: &str = "a\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\
        \u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\
        \u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\
        \u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}";

    fn thumb<'a>(title: &'a str, body: &'a str, footer: &'a str) -> Thumb<'a> {
        Thumb { title, body, footer, accent: ACCENT, draft_label: None }
    }

    /// A message's deck: its own title slide, then slides other messages' decks repeat.
    fn deck<'a>(title: &'a str, footer: &'a str, draft: bool) -> Vec<Thumb<'a>> {
        let draft_label = draft.then_some("ЧЕРНОВИК");
        [
            thumb(title, "A summary only this message has.", footer),
            thumb("Efficacy", KEY_MESSAGE, footer),
            thumb("Important safety information", SAFETY, footer),
            // A long safety text runs over two slides with the same thumbnail.
            thumb("Important safety information", SAFETY, footer),
            thumb("References", REFERENCES, footer),
        ]
        .map(|t| Thumb { draft_label, ..t })
        .into()
    }

    /// What `render` gives each slide of the deck: what the deck must give.
    fn alone(deck: &[Thumb<'_>]) -> Vec<Vec<u8>> {
        deck.iter().map(render).collect()
    }

    /// The slide with its footer painted after its body: what keeping pictures without proving that the
    /// two are apart would give.
    fn footer_last(thumb: &Thumb<'_>) -> Vec<u8> {
        let drawing = draw(thumb, &footer_line(thumb.footer));
        let mut svg = Svg::new();
        for part in [drawing.head, drawing.body, drawing.footer] {
            svg.0.push_str(&part.0);
        }
        encode(&rasterise(&svg.finish(), bold_for(std::slice::from_ref(thumb))), &palette_for(thumb.accent))
    }

    /// The RGB pixels of a PNG, decoded.
    fn decode(png: &[u8]) -> Vec<u8> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().expect("valid PNG");
        let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
        let info = reader.next_frame(&mut buf).expect("one frame");
        assert_eq!((info.width, info.height), SIZE);
        buf.truncate(info.buffer_size());
        buf
    }

    fn kept_titles(kept: &Mutex<Kept>) -> Vec<String> {
        let mut titles: Vec<String> = lock(kept).pictures.iter().map(|p| p.key.title.clone()).collect();
        titles.sort();
        titles
    }

    #[test]
    fn slides_met_again_are_drawn_from_kept_pictures_with_the_bytes_they_get_alone() {
        let kept = Mutex::new(Kept::new(16, KEPT_BYTES));
        // Decks whose slides differ only in what the picture without footer is drawn from: a draft band,
        // a footer or none (the body then has its room), another accent colour.
        let variants = [(false, false), (true, false), (false, true)];
        for (draft, other_accent) in variants {
            for (n, footer) in JOB_CODES.iter().chain(&[""]).enumerate() {
                let title = format!("Message {n}");
                let accent = if other_accent { [0xFF, 0xD7, 0x00] } else { ACCENT };
                let deck: Vec<Thumb> = deck(&title, footer, draft).into_iter().map(|t| Thumb { accent, ..t }).collect();
                let label = format!("deck {n} {footer:?}, draft {draft}, other accent {other_accent}");
                assert_eq!(render_deck(&deck, Some(&kept)), alone(&deck), "{label}");
                assert_eq!(render_deck(&deck, None), alone(&deck), "{label}, nothing kept");
            }
        }
        // The slides every deck has are kept, once for each variant, the title slides are not; the decks
        // without a footer were met once.
        let shared = ["Efficacy", "Important safety information", "References"];
        let mut expected: Vec<String> = shared.iter().cycle().take(9).map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(kept_titles(&kept), expected);

        // What is kept is what gets drawn: spoilt, it shows in the next deck.
        for kept in &mut lock(&kept).pictures {
            let body = kept.picture.body;
            let (width, height) = (SIZE.0 as usize, SIZE.1 as usize);
            kept.picture =
                Arc::new(Picture { indices: pack(&vec![0; width * height]), white: vec![true; height], body });
        }
        let deck = deck("Message 9", "PM-XX-0009 · 05/2026", false);
        let got = render_deck(&deck, Some(&kept));
        let want = alone(&deck);
        assert_eq!(got[0], want[0], "the title slide is drawn");
        for i in 1..deck.len() {
            assert!(decode(&got[i]) != decode(&want[i]), "slide {i} is the spoilt kept picture");
        }
    }

    #[test]
    fn a_body_or_footer_reaching_the_other_is_drawn_as_alone() {
        let footer = JOB_CODES[0];
        let deep_body = format!("One\ntwo\nthree\nfour\nfive\n{}", [DEEP; 12].join(""));
        let long_body = [KEY_MESSAGE; 6].join(" ");
        let deep_title = format!("One\ntwo\n{}", [DEEP; 12].join(""));
        let tall_footer = format!("{} PM-XX-0001", [TALL; 12].join(""));
        let hostile = [
            // The body's marks reach down into the footer: painting the footer last would change pixels.
            thumb("Efficacy", &deep_body, footer),
            // The heading's marks reach the footer's rows: they are painted before the footer either way,
            // but the footer is not painted over white there.
            thumb(&deep_title, "Body", footer),
            // The footer's marks reach up into the body.
            thumb("Efficacy", &long_body, &tall_footer),
        ];
        // These inputs do test the proof: without it they would come out wrong.
        for t in [&hostile[0], &hostile[2]] {
            assert!(footer_last(t) != render(t), "{:?} {:?}", t.body, t.footer);
        }
        let kept = Mutex::new(Kept::new(16, KEPT_BYTES));
        for round in 0..3 {
            for t in &hostile {
                let deck = [thumb("Title", "Body", t.footer), thumb(t.title, t.body, t.footer)];
                assert_eq!(render_deck(&deck, Some(&kept)), alone(&deck), "round {round}: {:?}", t.title);
            }
        }
        // Kept, the pictures still say where their bodies reach: the deep one into the footer's rows.
        let kept = lock(&kept);
        let reach = |body: &str| kept.pictures.iter().find(|p| p.key.body == body).and_then(|p| p.picture.body);
        let footer = Rows { top: (FOOTER_BASELINE - FOOTER_SIZE) as i32, bottom: FOOTER_BASELINE as i32 };
        assert!(reach(&deep_body).is_some_and(|rows| rows.meets(footer)));
        assert!(reach("Body").is_some_and(|rows| !rows.meets(footer)));
    }

    #[test]
    fn rows_bound_every_pixel_drawn() {
        let bodies = [KEY_MESSAGE, SAFETY, DEEP, TALL, "עברית العربية 中文 カタカナ", "x\u{0332}\u{0347}\u{0359} WWW"];
        for body in bodies {
            let t = thumb("", body, "");
            let drawing = draw(&t, "");
            let mut svg = Svg::new();
            let _ = write!(svg.0, r#"<g id="b">{}</g>"#, drawing.body.0);
            let tree = usvg::Tree::from_str(&svg.finish(), &options_with(bold_for(&[t]))).expect("parses");
            let node = tree.node_by_id("b").expect("the body's group");
            let mut pixmap = canvas();
            draw_node(node, &mut pixmap);
            let row = SIZE.0 as usize * 4;
            let drawn: Vec<usize> = pixmap
                .data()
                .chunks_exact(row)
                .enumerate()
                .filter(|(_, r)| r.iter().any(|&b| b != 0xFF))
                .map(|(y, _)| y)
                .collect();
            let rows = rows(node, drawn_with(node)).expect("text is drawn simply").on_canvas();
            assert!(!drawn.is_empty());
            assert!(drawn.iter().all(|y| rows.contains(y)), "{body:?}: {drawn:?} outside {rows:?}");
        }
    }

    #[test]
    fn packed_indices_unpack_to_themselves() {
        let area = SIZE.0 as usize * SIZE.1 as usize;
        let mut runs = vec![0; area];
        for (i, index) in runs.iter_mut().enumerate() {
            // Runs of every length around the count's limit, of white and of other colours.
            *index = if (i / 7 + i / 300) % 3 == 0 || (1000..1600).contains(&i) { 0 } else { (i % 5 + 1) as u8 };
        }
        for indices in [vec![0; area], vec![3; area], runs] {
            let packed = pack(&indices);
            assert_eq!(unpack(&packed), indices);
        }
        assert!(pack(&vec![0; area]).len() < 300);
    }

    #[test]
    fn kept_pictures_stay_bounded() {
        let titles: Vec<String> = (0..8).map(|i| format!("Key message {i}")).collect();
        let meet_each_twice = |kept: &Mutex<Kept>| {
            for _ in 0..2 {
                for (title, footer) in titles.iter().zip(JOB_CODES.iter().cycle()) {
                    let deck = [thumb(title, KEY_MESSAGE, footer)];
                    assert_eq!(render_deck(&deck, Some(kept)), alone(&deck));
                }
            }
        };
        // At most three pictures.
        let by_number = Mutex::new(Kept::new(3, KEPT_BYTES));
        meet_each_twice(&by_number);
        // At most the bytes of two and a half (these pictures are about the same size).
        let one = lock(&by_number).pictures[0].size();
        let by_bytes = Mutex::new(Kept::new(10, one * 5 / 2));
        meet_each_twice(&by_bytes);
        let too_small = Mutex::new(Kept::new(10, one / 2));
        meet_each_twice(&too_small);
        assert!(lock(&too_small).pictures.is_empty());
        for (kept, last) in [(&by_number, &titles[5..]), (&by_bytes, &titles[6..])] {
            let kept = lock(kept);
            assert_eq!(kept.seen.len(), SEEN_SLOTS);
            assert!(kept.bytes <= kept.budget);
            assert_eq!(kept.bytes, kept.pictures.iter().map(KeptPicture::size).sum::<usize>());
            // The ones met last.
            let mut titles: Vec<&String> = kept.pictures.iter().map(|p| &p.key.title).collect();
            titles.sort();
            assert_eq!(titles, last.iter().collect::<Vec<_>>());
        }
    }
}
