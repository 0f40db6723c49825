//! Bar charts drawn from a claim's `data:` — a pure function of the claim,
//! the locale and the theme, so a chart is approved with the claim that
//! states its numbers.
//!
//! [`chart`] gives an accessible SVG (`role="img"`, a `<title>` and a
//! `<desc>` that read the values out) and a data table for screen readers;
//! labels and numbers are in the locale's language and number format.

use crate::model::library::Claim;
use crate::model::numbers;
use crate::render::text::escape_html;
use serde::Serialize;
use std::fmt::Write as _;

/// The drawing's size, in CSS pixels (it scales with its container).
pub const WIDTH: u32 = 640;
pub const HEIGHT: u32 = 360;

/// The colours and font a chart is drawn with.
#[derive(Debug, Clone, Serialize)]
pub struct Palette {
    /// The product's bar.
    pub primary: String,
    /// The comparators' bars.
    pub muted: String,
    /// Titles and labels.
    pub text: String,
    /// A CSS font-family list.
    pub font: String,
}

/// One chart, as templates see it (`k.chart`, `charts`).
#[derive(Debug, Clone, Serialize)]
pub struct ChartCtx {
    /// The claim charted.
    pub claim: String,
    /// The SVG, ready to inline.
    pub svg: String,
    /// A `<table>` of the values (visually hidden), for screen readers.
    pub table: String,
    /// The values in one sentence ("Patients at goal: Cardiozen 61%, placebo 14%").
    pub description: String,
    /// What the chart measures (its title).
    pub title: String,
    /// The file name of its raster form where a channel needs pixels.
    pub file: String,
    /// True when a key message shows it (templates show the others apart).
    pub in_key_message: bool,
}

/// A value as `locale` writes it, with its unit when the unit is `%`
/// (`61%` in English, `61 %` with a no-break space elsewhere).
pub fn value_text(value: f64, unit: Option<&str>, locale: &str) -> String {
    let n = numbers::write(value, locale).replace('-', "\u{2212}");
    match unit {
        Some("%") => {
            let language = locale.split('-').next().unwrap_or(locale);
            if ["en", "ja", "zh", "ko", "he", "th", "hi"].contains(&language) {
                format!("{n}%")
            } else {
                format!("{n}\u{a0}%")
            }
        }
        _ => n,
    }
}

/// XML text and attribute escaping.
fn esc(s: &str) -> String {
    escape_html(s)
}

/// Words wrapped into lines of at most `width` characters (a word longer
/// than that stands alone). Nothing is ever cut: a chart shows the locked
/// data whole, smaller when it is long.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The chart of claim `id` in `locale`, when the claim carries data and
/// has its texts in that locale.
pub fn chart(id: &str, claim: &Claim, locale: &str, palette: &Palette) -> Option<ChartCtx> {
    let data = claim.data.as_ref()?;
    let title = data.measure.get(locale)?.trim().to_string();
    let unit = data.unit.as_ref().and_then(|u| u.get(locale)).map(str::trim);
    let arms: Vec<(String, f64)> = data
        .arms
        .iter()
        .map(|a| Some((a.label.get(locale)?.trim().to_string(), a.value)))
        .collect::<Option<Vec<_>>>()?;
    if arms.is_empty() || arms.iter().any(|(_, v)| !v.is_finite()) {
        return None;
    }
    let axis = match unit {
        Some(u) if u != "%" && !u.is_empty() => format!("{title} ({u})"),
        _ => title.clone(),
    };
    let values: Vec<String> = arms.iter().map(|(_, v)| value_text(*v, unit, locale)).collect();
    let description = format!(
        "{axis}: {}.",
        arms.iter().zip(&values).map(|((label, _), v)| format!("{label} {v}")).collect::<Vec<_>>().join("; ")
    );
    let key =
        id.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect::<String>();
    let svg = draw(&key, &axis, &description, &arms, &values, palette);
    let mut rows = String::new();
    for ((label, _), v) in arms.iter().zip(&values) {
        let _ = write!(rows, "<tr><th scope=\"row\">{}</th><td>{}</td></tr>", esc(label), esc(v));
    }
    let table = format!("<table class=\"chart-data\"><caption>{}</caption><tbody>{rows}</tbody></table>", esc(&axis));
    Some(ChartCtx {
        claim: id.to_string(),
        svg,
        table,
        description,
        title: axis,
        file: format!("chart-{key}.png"),
        in_key_message: false,
    })
}

/// The SVG drawing: the title, one bar an arm (the first in the primary
/// colour) from a common baseline — up for a positive value, down for a
/// negative one — each value at its bar's end and each label under the
/// plot. Long titles and labels wrap and get smaller; nothing is cut.
fn draw(key: &str, axis: &str, description: &str, arms: &[(String, f64)], values: &[String], p: &Palette) -> String {
    let (w, h) = (WIDTH as f64, HEIGHT as f64);
    let (left, right) = (24.0, w - 24.0);
    let title = wrap(axis, 52);
    let title_size = if title.len() <= 2 { 20.0 } else { (44.0 / title.len() as f64).max(9.0) };
    let slot = (right - left) / arms.len() as f64;
    let chars = ((slot / 8.5) as usize).max(6);
    let labels: Vec<Vec<String>> = arms.iter().map(|(l, _)| wrap(l, chars)).collect();
    let label_lines = labels.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64;
    let label_size = if label_lines <= 2.0 { 15.0 } else { (38.0 / label_lines).max(7.0) };
    let value_size = if slot < 60.0 { 14.0 } else { 24.0 };
    let top = 24.0 + title.len().min(2) as f64 * 24.0 + if title.len() > 2 { 44.0 } else { 0.0 } + value_size + 12.0;
    let bottom = h - 20.0 - label_lines.min(2.0) * 19.0 - if label_lines > 2.0 { 38.0 } else { 0.0 } - 8.0;
    let up = arms.iter().map(|(_, v)| v.max(0.0)).fold(0.0_f64, f64::max);
    let down = arms.iter().map(|(_, v)| (-v).max(0.0)).fold(0.0_f64, f64::max);
    // Room under the baseline for negative bars and their values.
    let span = (bottom - top - if down > 0.0 { value_size + 12.0 } else { 0.0 }).max(10.0);
    let scale = if up + down > 0.0 { span / (up + down) } else { 0.0 };
    let base = top + up * scale;
    let bar = (slot * 0.56).min(150.0);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-labelledby=\"chart-{key}-title chart-{key}-desc\" font-family=\"{font}\">\
<title id=\"chart-{key}-title\">{t}</title><desc id=\"chart-{key}-desc\">{d}</desc>\
<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#ffffff\"/>",
        font = esc(&p.font),
        t = esc(axis),
        d = esc(description),
    );
    for (i, line) in title.iter().enumerate() {
        let _ = write!(
            out,
            "<text x=\"{left}\" y=\"{:.1}\" font-size=\"{title_size:.1}\" font-weight=\"bold\" fill=\"{}\">{}</text>",
            14.0 + title_size + (title_size + 4.0) * i as f64,
            esc(&p.text),
            esc(line)
        );
    }
    for (i, (((_, v), text), label)) in arms.iter().zip(values).zip(&labels).enumerate() {
        let centre = left + slot * (i as f64 + 0.5);
        let height = v.abs() * scale;
        let y = if *v >= 0.0 { base - height } else { base };
        let value_y = if *v >= 0.0 { base - height - 10.0 } else { base + height + value_size + 4.0 };
        let fill = if i == 0 { &p.primary } else { &p.muted };
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{height:.1}\" fill=\"{}\"/>\
<text x=\"{centre:.1}\" y=\"{value_y:.1}\" text-anchor=\"middle\" font-size=\"{value_size}\" font-weight=\"bold\" fill=\"{}\">{}</text>",
            centre - bar / 2.0,
            esc(fill),
            esc(&p.text),
            esc(text),
        );
        for (k, line) in label.iter().enumerate() {
            let _ = write!(
                out,
                "<text x=\"{centre:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"{label_size:.1}\" fill=\"{}\">{}</text>",
                bottom + 8.0 + label_size + (label_size + 4.0) * k as f64,
                esc(&p.text),
                esc(line)
            );
        }
    }
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{base:.1}\" x2=\"{right}\" y2=\"{base:.1}\" stroke=\"{}\" stroke-width=\"2\"/></svg>",
        esc(&p.text)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::library::{Arm, ClaimData, Localized};

    fn claim(unit: &str, arms: &[(&str, f64)]) -> Claim {
        let yaml = "text: { en-GB: x }\nkind: efficacy\n";
        let mut c: Claim = serde_yaml::from_str(yaml).unwrap();
        c.data = Some(ClaimData {
            measure: Localized::One("Patients at goal".into()),
            unit: Some(Localized::One(unit.into())),
            arms: arms.iter().map(|(l, v)| Arm { label: Localized::One((*l).into()), value: *v }).collect(),
        });
        c
    }

    fn palette() -> Palette {
        Palette { primary: "#0b4f6c".into(), muted: "#9aa5b1".into(), text: "#1f2933".into(), font: "Arial".into() }
    }

    #[test]
    fn values_are_written_as_the_locale_writes_them() {
        assert_eq!(value_text(61.5, Some("%"), "en-GB"), "61.5%");
        assert_eq!(value_text(61.5, Some("%"), "de-DE"), "61,5\u{a0}%");
        assert_eq!(value_text(0.62, Some("per year"), "ru-RU"), "0,62");
        let c = chart("CZ-EFF-05", &claim("%", &[("Cardiozen", 61.0), ("Placebo <b>", 14.5)]), "es-ES", &palette())
            .unwrap();
        assert_eq!(c.description, "Patients at goal: Cardiozen 61\u{a0}%; Placebo <b> 14,5\u{a0}%.");
        assert!(c.svg.contains("Placebo &lt;b&gt;") && !c.svg.contains("<b>"), "{}", c.svg);
        assert!(c.table.contains("<td>14,5\u{a0}%</td>"));
        assert_eq!(c.file, "chart-cz-eff-05.png");
    }

    #[test]
    fn the_taller_bar_is_the_larger_value() {
        let c = chart("X", &claim("%", &[("A", 10.0), ("B", 40.0)]), "en-GB", &palette()).unwrap();
        let heights: Vec<f64> = c
            .svg
            .split("<rect ")
            .skip(2)
            .map(|r| r.split("height=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(heights.len(), 2);
        assert!(heights[1] > heights[0] * 3.9 && heights[1] < heights[0] * 4.1, "{heights:?}");
    }

    #[test]
    fn a_negative_value_is_drawn_down_from_the_baseline_and_labels_are_never_cut() {
        let long = "Cardiozen 10 mg + atorvastatin 40 mg in the intention-to-treat population";
        let c = chart("X", &claim("%", &[(long, -40.0), ("Placebo", 40.0)]), "en-GB", &palette()).unwrap();
        let rects: Vec<(f64, f64)> = c
            .svg
            .split("<rect ")
            .skip(2)
            .map(|r| {
                let attr = |n: &str| -> f64 {
                    r.split(&format!("{n}=\"")).nth(1).unwrap().split('"').next().unwrap().parse().unwrap()
                };
                (attr("y"), attr("height"))
            })
            .collect();
        let base: f64 = c.svg.split("y1=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        assert!((rects[0].0 - base).abs() < 0.1, "the negative bar starts at the baseline: {rects:?} {base}");
        assert!((rects[1].0 + rects[1].1 - base).abs() < 0.1, "the positive bar ends at the baseline");
        assert!((rects[0].1 - rects[1].1).abs() < 0.1, "same magnitude, same length");
        let words: String = c
            .svg
            .split("<text")
            .skip(1)
            .filter_map(|t| t.split('>').nth(1))
            .map(|t| t.split('<').next().unwrap())
            .collect::<Vec<_>>()
            .join(" ");
        for w in long.split(' ') {
            assert!(words.contains(w), "{w} is drawn: {words}");
        }
        assert!(!words.contains('…'));
    }

    #[test]
    fn no_chart_without_data_or_without_the_locale() {
        let mut c = claim("%", &[("A", 1.0)]);
        assert!(chart("X", &c, "de-DE", &palette()).is_some(), "one text serves every locale");
        c.data.as_mut().unwrap().measure = Localized::PerLocale([("en-GB".to_string(), "M".to_string())].into());
        assert!(chart("X", &c, "de-DE", &palette()).is_none());
        c.data = None;
        assert!(chart("X", &c, "en-GB", &palette()).is_none());
    }
}
