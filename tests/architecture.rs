//! The pipeline reads one way: no import cycle between the top-level
//! modules of `src/` (a module is a file `src/x.rs` or a folder `src/x/`;
//! the binary's `cli/` counts as one too). Comments do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules its code names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let deps = out.entry(module.clone()).or_default();
        for line in text.lines().map(str::trim_start).filter(|l| !l.starts_with("//")) {
            for prefix in ["crate::", "unisono::"] {
                for (i, _) in line.match_indices(prefix) {
                    let name: String =
                        line[i + prefix.len()..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                    // `use crate::{a, b}` names several.
                    if name.is_empty() && line[i + prefix.len()..].starts_with('{') {
                        let group = line[i + prefix.len() + 1..].split('}').next().unwrap_or("");
                        for part in group.split(',') {
                            let n: String =
                                part.trim().chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                            if !n.is_empty() && n != module && n != "self" {
                                deps.insert(n);
                            }
                        }
                    } else if !name.is_empty() && name != module {
                        deps.insert(name);
                    }
                }
            }
        }
    }
    let modules: BTreeSet<String> = out.keys().cloned().collect();
    for deps in out.values_mut() {
        deps.retain(|d| modules.contains(d));
    }
    out
}

/// A cycle through `start`, if any.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![start.to_string()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        for next in graph.get(last).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start.to_string());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let graph = graph();
    assert!(graph.len() > 10, "the source tree was found: {graph:?}");
    let cycles: Vec<String> = graph.keys().filter_map(|m| cycle_from(&graph, m)).map(|c| c.join(" → ")).collect();
    assert!(cycles.is_empty(), "import cycles between top-level modules:\n{}", cycles.join("\n"));
}

#[test]
fn the_checker_sees_a_cycle() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["c".to_string()])),
        ("c".to_string(), BTreeSet::from(["a".to_string()])),
    ]
    .into();
    assert_eq!(cycle_from(&graph, "a").unwrap().join(" → "), "a → b → c → a");
}

/// Every `code` in backticks in the README's rule tables (the Checks table
/// and the Diagnostics table).
fn readme_codes() -> BTreeSet<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut out = BTreeSet::new();
    for section in ["## Checks", "Rule codes reported by"] {
        let start = readme.find(section).unwrap_or_else(|| panic!("README has `{section}`"));
        let table: Vec<&str> =
            readme[start..].lines().skip_while(|l| !l.starts_with('|')).take_while(|l| l.starts_with('|')).collect();
        for row in table.iter().skip(2) {
            let cells: Vec<&str> = row.split('|').collect();
            let codes = if section == "## Checks" { cells.get(2) } else { cells.get(1) };
            for part in codes.unwrap_or(&"").split('`').skip(1).step_by(2) {
                out.insert(part.to_string());
            }
        }
    }
    out
}

#[test]
fn the_readme_lists_exactly_the_table_of_rule_codes() {
    let table: BTreeSet<String> = unisono::codes::RULES.iter().map(|r| r.code.to_string()).collect();
    let readme = readme_codes();
    let missing: Vec<_> = table.difference(&readme).collect();
    let unknown: Vec<_> = readme.difference(&table).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "not in the README: {missing:?}; not in src/codes.rs: {unknown:?}"
    );
}

#[test]
fn rule_codes_are_named_never_spelled_outside_the_table() {
    // Call sites use `codes::BANNED_TERM`, not "banned-term": a typo is a
    // compile error, and the table is the one place a code is written.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut spelled = Vec::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        let rel = path.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
        if path.extension().is_none_or(|e| e != "rs") || rel == "codes.rs" {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for rule in unisono::codes::RULES {
            if code.contains(&format!("\"{}\"", rule.code)) {
                spelled.push(format!("{rel}: \"{}\"", rule.code));
            }
        }
    }
    assert!(spelled.is_empty(), "rule codes spelled out instead of named from src/codes.rs: {spelled:?}");
}

#[test]
fn no_hint_is_baked_into_an_error_message() {
    // Hints are a field of the error (`Error::hint`) and of a diagnostic,
    // rendered in one place each (src/main.rs, src/diag.rs).
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut baked = Vec::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        let rel = path.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
        if path.extension().is_none_or(|e| e != "rs") || rel == "diag.rs" || rel == "main.rs" {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        if text.contains("= help:") {
            baked.push(rel);
        }
    }
    assert!(baked.is_empty(), "`= help:` written into messages in {baked:?}");
}

#[test]
fn every_write_removal_and_rename_is_in_the_writer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let calls = ["fs::write(", "fs::create_dir", "fs::remove_", "fs::rename(", "fs::copy(", "OpenOptions::new()"];
    let mut outside = Vec::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        let rel = path.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
        if path.extension().is_none_or(|e| e != "rs") || rel == "writer.rs" {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        // Unit tests set up their own files.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            if !line.trim_start().starts_with("//") && calls.iter().any(|c| line.contains(c)) {
                outside.push(format!("{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(outside.is_empty(), "disk writes outside src/writer.rs:\n{}", outside.join("\n"));
}
