//! A per-clone cache of final-form variant fingerprints, keyed by input
//! fingerprint, in the git directory (never committed). Rendering is a pure
//! function of its inputs, so a cached fingerprint is exactly what rendering
//! again would give.

use std::collections::HashMap;
use std::path::PathBuf;

/// Input fingerprint → final-form variant fingerprint.
#[derive(Debug, Default)]
pub struct FingerprintCache {
    path: Option<PathBuf>,
    map: HashMap<String, String>,
    added: bool,
}

impl FingerprintCache {
    /// Opens the cache of `repo` (`.git/unisono/fingerprints`); empty when
    /// missing or unreadable.
    pub fn open(repo: &git2::Repository) -> FingerprintCache {
        let path = repo.path().join("unisono").join("fingerprints");
        let map = std::fs::read_to_string(&path)
            .map(|text| {
                text.lines()
                    .filter_map(|l| l.split_once(' '))
                    .filter(|(a, b)| crate::fingerprint::is_well_formed(a) && crate::fingerprint::is_well_formed(b))
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        FingerprintCache { path: Some(path), map, added: false }
    }

    /// The cached fingerprint for `input`.
    pub fn get(&self, input: &str) -> Option<&str> {
        self.map.get(input).map(String::as_str)
    }

    /// Remembers a fingerprint.
    pub fn insert(&mut self, input: String, output: String) {
        if self.map.insert(input, output.clone()).as_ref() != Some(&output) {
            self.added = true;
        }
    }

    /// Writes the cache back if anything was added. Failures are ignored:
    /// a cache is an optimisation, never a source of truth.
    pub fn save(&self) {
        let (Some(path), true) = (&self.path, self.added) else {
            return;
        };
        let mut lines: Vec<String> = self.map.iter().map(|(a, b)| format!("{a} {b}")).collect();
        lines.sort_unstable();
        let _ = crate::writer::write_atomic(path, (lines.join("\n") + "\n").as_bytes());
    }
}
