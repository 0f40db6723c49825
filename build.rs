//! Embeds a hash of the sources that decide what unisono renders, so the
//! render cache (keyed by input fingerprints) never reuses a result from a
//! different build of the same version.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let mut all = Vec::new();
    for dir in ["src", "crates"] {
        println!("cargo:rerun-if-changed={dir}");
        files(Path::new(dir), &mut all);
    }
    all.sort();
    // FNV-1a, 64 bits: no dependency, stable across platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in &all {
        for b in p.to_string_lossy().bytes().chain(std::fs::read(p).unwrap_or_default()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=UNISONO_SOURCE_HASH={h:016x}");
}
