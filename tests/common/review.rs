//! A sample workspace under review: three reviewers with keys made by the
//! real `ssh-keygen`, and helpers to approve, query status and forge records.

use super::{Run, TempWorkspace};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A sample workspace with three reviewers (medical, legal, regulatory),
/// their keys, and everything committed by a writer.
pub struct Review {
    pub ws: TempWorkspace,
    pub keys: PathBuf,
}

pub fn keygen(path: &Path, comment: &str, passphrase: &str) {
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", passphrase, "-C", comment, "-f"])
        .arg(path)
        .output()
        .expect("ssh-keygen");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

impl Review {
    pub fn new() -> Review {
        Review::with_roles(&[("ana", "medical"), ("tom", "legal"), ("mira", "regulatory")])
    }

    pub fn with_roles(people: &[(&str, &str)]) -> Review {
        let ws = TempWorkspace::sample();
        let keys = ws.root.parent().unwrap().join("keys");
        std::fs::create_dir_all(&keys).unwrap();
        let mut yaml = String::from("reviewers:\n");
        for (who, roles) in people {
            let key = keys.join(who);
            if !key.exists() {
                keygen(&key, &format!("{who}@example.com"), "");
            }
            let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
            yaml.push_str(&format!(
                "  - name: {}\n    email: {who}@example.com\n    roles: [{roles}]\n    keys: [\"{}\"]\n",
                capitalize(who),
                public.trim()
            ));
        }
        ws.edit("reviewers.yaml", "reviewers: []\n", &yaml);
        ws.commit("Initial content");
        Review { ws, keys }
    }

    pub fn key(&self, who: &str) -> String {
        self.keys.join(who).display().to_string()
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.ws.run(args)
    }

    pub fn approve(&self, who: &str, role: &str) -> Run {
        self.run(&["approve", "sample-welcome", "--role", role, "--key", &self.key(who)])
    }

    /// Approves each message of `ids` in every required role.
    pub fn approve_every(&self, ids: &[&str]) {
        for id in ids {
            for (who, role) in [("ana", "medical"), ("tom", "legal"), ("mira", "regulatory")] {
                let run = self.run(&["approve", id, "--role", role, "--key", &self.key(who)]);
                assert_eq!(run.code, 0, "{run:?}");
            }
        }
    }

    pub fn approve_all(&self) {
        for (who, role) in [("ana", "medical"), ("tom", "legal"), ("mira", "regulatory")] {
            let run = self.approve(who, role);
            assert_eq!(run.code, 0, "{run:?}");
        }
    }

    /// Status JSON of every variant.
    pub fn statuses(&self) -> Vec<Value> {
        self.statuses_at(&[])
    }

    pub fn statuses_at(&self, extra: &[&str]) -> Vec<Value> {
        let mut args = vec!["status", "--format", "json"];
        args.extend_from_slice(extra);
        let run = self.run(&args);
        assert_eq!(run.code, 0, "{run:?}");
        run.json()["variants"].as_array().unwrap().clone()
    }

    pub fn status_of(&self, channel: &str) -> Value {
        self.statuses().into_iter().find(|s| s["channel"] == channel && s["id"] == "sample-welcome").unwrap()
    }

    /// All notes of all variants, joined.
    pub fn notes(&self) -> String {
        self.statuses()
            .iter()
            .flat_map(|s| s["notes"].as_array().unwrap().clone())
            .map(|n| n.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The one record file matching `pattern` in its name.
    pub fn record(&self, pattern: &str) -> PathBuf {
        let dir = self.ws.root.join("approvals/sample-welcome/en-GB");
        let found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt") && p.to_string_lossy().contains(pattern))
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        found[0].clone()
    }

    /// Writes a record signed with the real `ssh-keygen -Y sign` and commits it.
    pub fn forge(&self, name: &str, text: &str, signer: &str) {
        let path = self.ws.root.join("approvals/sample-welcome/en-GB").join(name);
        std::fs::write(&path, text).unwrap();
        let out = Command::new("ssh-keygen")
            .args(["-Y", "sign", "-n", "unisono-approval", "-f", &self.key(signer)])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        std::fs::rename(path.with_extension("txt.sig"), path.with_extension("sig")).unwrap();
        self.ws.commit("Add a record");
    }

    pub fn fingerprint(&self, who: &str) -> String {
        let out = Command::new("ssh-keygen").args(["-l", "-f", &format!("{}.pub", self.key(who))]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).split_whitespace().nth(1).unwrap().to_string()
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}
