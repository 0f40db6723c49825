//! A product theme's values as `check` accepts them: hex colours and a
//! font-family list that is safe in a style sheet and in an attribute.

/// `#rgb` or `#rrggbb`.
pub fn is_colour(c: &str) -> bool {
    let hex = c.strip_prefix('#').unwrap_or("");
    (hex.len() == 3 || hex.len() == 6) && hex.chars().all(|h| h.is_ascii_hexdigit())
}

/// Generic CSS families, never quoted.
const GENERIC: &[&str] = &["serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"];

/// A font-family list as CSS, each family name that is not a plain
/// identifier in single quotes; `None` when a name holds anything but
/// letters, digits, spaces, hyphens and dots, or the list is empty.
pub fn font_css(list: &str) -> Option<String> {
    if list.chars().count() > 200 {
        return None;
    }
    let mut out = Vec::new();
    for name in list.split(',') {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.')) {
            return None;
        }
        let plain = GENERIC.contains(&name.to_ascii_lowercase().as_str())
            || name.split(' ').all(|w| w.chars().next().is_some_and(|c| c.is_alphabetic()));
        out.push(if plain { name } else { format!("'{name}'") });
    }
    (!out.is_empty()).then(|| out.join(", "))
}
