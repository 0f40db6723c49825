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
    // Anything a picture has no use for, whatever its namespace prefix or
    // spelling: scripts, filters (their cost has no bound), embedded
    // pictures and documents, entities and character references (which
    // could spell any of these).
    for (needle, what) in [
        ("script", "a script"),
        ("foreignobject", "embedded HTML (foreignObject)"),
        ("filter", "a filter (drawing it can take without limit)"),
        ("<image", "an embedded picture (<image>)"),
        (":image", "an embedded picture (<image>)"),
        ("<!entity", "an entity declaration"),
        ("&#", "a character reference"),
        ("javascript:", "a javascript: link"),
        ("@import", "an external style sheet"),
    ] {
        if lower.contains(needle) {
            return Err(format!("it holds {what}"));
        }
    }
    // References point inside the document only: href="#id", url(#id).
    for (i, _) in lower.match_indices("href") {
        let rest = lower[i + 4..].trim_start();
        let Some(value) = rest.strip_prefix('=') else { continue };
        let value = value.trim_start().trim_start_matches(['"', '\'']);
        if !value.starts_with('#') {
            return Err("it holds an external reference (href not to #id)".into());
        }
    }
    for (i, _) in lower.match_indices("url(") {
        let value = lower[i + 4..].trim_start().trim_start_matches(['"', '\'']);
        if !value.starts_with('#') {
            return Err("it holds an external reference (url() not to #id)".into());
        }
    }
    // Event handlers: `on…=` after any whitespace.
    let handler = lower.match_indices("on").any(|(i, _)| {
        let before = lower[..i].chars().next_back();
        let name: String = lower[i + 2..].chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        before.is_some_and(char::is_whitespace)
            && !name.is_empty()
            && lower[i + 2 + name.len()..].trim_start().starts_with('=')
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
            b"<svg><s:script xmlns:s=\"http://www.w3.org/2000/svg\">x</s:script></svg>",
            b"<svg\nonload=\"alert(1)\"></svg>",
            b"<svg><a xlink:href=\"//tracker.example/p.png\"/></svg>",
            b"<svg><a href=\"&#106;avascript:x\"/></svg>",
            b"<svg><style>rect{fill:url(//tracker.example/p)}</style></svg>",
            b"<svg><filter id=\"f\"><feTurbulence numOctaves=\"100000000\"/></filter></svg>",
            b"<svg><image href=\"/etc/passwd\"/></svg>",
        ] {
            assert!(check(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
