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
        let logo = t
            .logo
            .as_ref()
            .and_then(|path| content.assets.get(std::path::Path::new(path)))
            .map(|bytes| format!("data:image/svg+xml;base64,{}", crate::render::text::base64(bytes)));
        ThemeCtx {
            primary: pick(t.colors.primary.as_ref(), PRIMARY),
            accent: pick(t.colors.accent.as_ref(), ACCENT),
            text: pick(t.colors.text.as_ref(), TEXT),
            muted: MUTED.to_string(),
            font: t.font.as_deref().and_then(font_css).unwrap_or_else(|| FONT.to_string()),
            logo,
            logo_alt: brand.to_string(),
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
    fn colours_are_hex() {
        assert!(is_colour("#0B5563") && is_colour("#abc"));
        for bad in ["0B5563", "#0B556", "#0B5563;x", "red", "#ggg"] {
            assert!(!is_colour(bad), "{bad}");
        }
    }
}
