//! The brand theme as templates see it (`theme`): the product's colours,
//! font and logo, or a sober default.

use super::chart::Palette;
use crate::model::Content;
use crate::model::library::Theme;
use serde::Serialize;

/// The default colours: a dark petrol blue, a muted teal, near-black text.
pub const PRIMARY: &str = "#0b4f6c";
pub const ACCENT: &str = "#2c7a7b";
pub const TEXT: &str = "#1f2933";
/// Comparator bars and rules.
pub const MUTED: &str = "#9aa5b1";
/// Fonts every email client and device has.
pub const FONT: &str = "Arial, Helvetica, sans-serif";

/// The file name of the logo drawn as pixels.
pub const LOGO_PNG: &str = "logo.png";

/// `theme` in templates.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeCtx {
    pub primary: String,
    pub accent: String,
    pub text: String,
    pub muted: String,
    /// A CSS font-family list, safe in a style sheet and in a double-quoted
    /// attribute (names with spaces or digits in single quotes).
    pub font: String,
    /// The logo as a `data:image/svg+xml;base64,…` URI, for `<img src>`.
    pub logo: Option<String>,
    /// The logo's text alternative (the brand).
    pub logo_alt: String,
    /// The logo's file name where a channel needs pixels (`logo.png`, drawn
    /// by the email renderer), and the width it is shown at.
    pub logo_png: Option<String>,
    pub logo_width: u32,
    /// The logo's SVG, for the renderers that draw it.
    #[serde(skip)]
    pub logo_svg: Option<Vec<u8>>,
}

impl ThemeCtx {
    /// The theme of `product` in `content` (its logo's bytes from
    /// `content.assets`); the default for what it leaves out or gets wrong
    /// (`check` reports what is wrong).
    pub fn of(content: &Content, product: &str, brand: &str) -> ThemeCtx {
        let theme = content.products.get(product).and_then(|p| p.theme.as_ref());
        let pick = |c: Option<&String>, default: &str| {
            c.filter(|c| is_colour(c)).map(|c| c.to_ascii_lowercase()).unwrap_or_else(|| default.to_string())
        };
        let none = Theme::default();
        let t = theme.unwrap_or(&none);
        let svg = t.logo.as_ref().and_then(|path| content.assets.get(std::path::Path::new(path)));
        let logo = svg.map(|bytes| format!("data:image/svg+xml;base64,{}", crate::render::text::base64(bytes)));
        // Shown 40 px high in email, as wide as the drawing's aspect makes it (at most 200 px).
        let logo_width =
            svg.and_then(|b| aspect(b)).map_or(160, |ratio| (ratio * 40.0).round().clamp(40.0, 200.0) as u32);
        ThemeCtx {
            primary: pick(t.colors.primary.as_ref(), PRIMARY),
            accent: pick(t.colors.accent.as_ref(), ACCENT),
            text: pick(t.colors.text.as_ref(), TEXT),
            muted: MUTED.to_string(),
            font: t.font.as_deref().and_then(font_css).unwrap_or_else(|| FONT.to_string()),
            logo_png: logo.as_ref().map(|_| LOGO_PNG.to_string()),
            logo,
            logo_alt: brand.to_string(),
            logo_width,
            logo_svg: svg.cloned(),
        }
    }

    /// The colours and font of charts.
    pub fn palette(&self) -> Palette {
        Palette {
            primary: self.primary.clone(),
            muted: self.muted.clone(),
            text: self.text.clone(),
            font: self.font.clone(),
        }
    }
}

pub use crate::model::theme::{font_css, is_colour};

/// Width ÷ height of an SVG drawing, from its root's `viewBox` (or its
/// `width` and `height`): read from the text, without drawing it.
fn aspect(svg: &[u8]) -> Option<f32> {
    let text = std::str::from_utf8(svg).ok()?;
    let root = &text[text.find("<svg")?..];
    let root = &root[..root.find('>')?];
    let attr = |name: &str| {
        let at = root.find(&format!(" {name}=")).or_else(|| root.find(&format!("\n{name}=")))? + name.len() + 2;
        let quote = root[at..].chars().next()?;
        let value = &root[at + 1..];
        Some(value[..value.find(quote)?].to_string())
    };
    let number = |s: &str| s.trim().trim_end_matches("px").parse::<f32>().ok().filter(|n| *n > 0.0);
    let (w, h) = match attr("viewBox") {
        Some(v) => {
            let parts: Vec<f32> = v.split([' ', ',']).filter_map(|p| p.trim().parse().ok()).collect();
            (*parts.get(2)?, *parts.get(3)?)
        }
        None => (number(&attr("width")?)?, number(&attr("height")?)?),
    };
    (w > 0.0 && h > 0.0).then_some(w / h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_are_quoted_where_css_needs_it_and_refused_when_they_could_escape() {
        assert_eq!(
            font_css("Source Sans 3, Helvetica, Arial, sans-serif").unwrap(),
            "'Source Sans 3', Helvetica, Arial, sans-serif"
        );
        assert_eq!(font_css("PT Sans,serif").unwrap(), "PT Sans, serif");
        for bad in ["Arial; } body { display:none", "x\" onload=\"y", "a</style>", "", " , Arial", "Arial'"] {
            assert_eq!(font_css(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_logo_aspect_comes_from_its_view_box() {
        assert_eq!(aspect(br#"<svg xmlns="x" viewBox="0 0 240 48" width="10">"#), Some(5.0));
        assert_eq!(aspect(b"<svg width='120px' height='30'>"), Some(4.0));
        assert_eq!(aspect(b"<svg>"), None);
        assert_eq!(aspect(br#"<svg viewBox="0 0 0 0">"#), None);
    }

    #[test]
    fn colours_are_hex() {
        assert!(is_colour("#0B5563") && is_colour("#abc"));
        for bad in ["0B5563", "#0B556", "#0B5563;x", "red", "#ggg"] {
            assert!(!is_colour(bad), "{bad}");
        }
    }
}
