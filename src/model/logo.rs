//! A theme's logo: an SVG file of the workspace, shown through `<img>`
//! (where an SVG never runs scripts nor loads anything), so it can only be
//! a picture.

/// Why `bytes` are not a usable SVG logo: not UTF-8, no `<svg` root, or
/// something a picture has no use for (scripts, embedded HTML, external
/// references) — refused rather than silently dropped, so what is approved
/// is what the file says.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    let lower = text.to_ascii_lowercase();
    if !lower.contains("<svg") {
        return Err("it has no <svg> element".into());
    }
    for (needle, what) in [
        ("<script", "a script"),
        ("<foreignobject", "embedded HTML (foreignObject)"),
        ("<!entity", "an entity declaration"),
        ("javascript:", "a javascript: link"),
        ("href=\"http", "an external reference"),
        ("href='http", "an external reference"),
        ("url(http", "an external reference"),
        ("@import", "an external style sheet"),
    ] {
        if lower.contains(needle) {
            return Err(format!("it holds {what}"));
        }
    }
    let handler = lower.match_indices(" on").any(|(i, _)| {
        let rest = &lower[i + 3..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        !name.is_empty() && rest[name.len()..].trim_start().starts_with('=')
    });
    if handler {
        return Err("it holds an event handler (on…=)".into());
    }
    // Drawn as the channels that need pixels will draw it.
    let (w, h) = unisono_thumb::parse_svg(bytes)?;
    if w < 1.0 || h < 1.0 {
        return Err("it has no size (give the <svg> a viewBox or width and height)".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn a_picture_passes_and_anything_active_is_refused() {
        let ok = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#0b5563"/><text x="1" y="8">on top</text></svg>"##;
        assert_eq!(check(ok), Ok(()));
        for bad in [
            &b"<svg><script>alert(1)</script></svg>"[..],
            b"<svg onload=\"alert(1)\"></svg>",
            b"<svg><foreignObject><p>x</p></foreignObject></svg>",
            b"<svg><image href=\"https://tracker.example/p.png\"/></svg>",
            b"<!DOCTYPE svg [<!ENTITY a \"b\">]><svg/>",
            b"not svg",
            b"<svg>\xff</svg>",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect",
        ] {
            assert!(check(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
