//! Test harness: a real temporary git workspace, files to write, the real
//! `unisono` binary to run, and what must come out.
#![allow(dead_code)]

pub mod review;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary workspace made by `unisono init`.
pub struct TempWorkspace {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
}

/// What a command printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Parses stdout as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr))
    }
}

/// Runs the unisono binary in `dir`.
pub fn unisono(dir: &Path, args: &[&str]) -> Run {
    unisono_with_env(dir, args, &[])
}

/// Runs the unisono binary in `dir` with extra environment variables (the
/// clock and passphrase variables are cleared unless given).
pub fn unisono_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_unisono"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("UNISONO_NOW")
        .env_remove("UNISONO_KEY_PASSPHRASE")
        .envs(env.iter().copied())
        .output()
        .expect("run unisono");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl TempWorkspace {
    /// A fresh workspace from `unisono init`.
    pub fn sample() -> Self {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("ws");
        let run = unisono(tmp.path(), &["init", "ws"]);
        assert_eq!(run.code, 0, "init failed: {run:?}");
        TempWorkspace { _tmp: tmp, root }
    }

    /// Writes (or overwrites) a file.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Replaces the first `from` with `to` in a file; the text must be there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1))
    }

    /// Writes `sample-start`: the sample message as a second piece (stage
    /// action, its own job code), with `extra` key messages after its two.
    pub fn add_start_message(&self, extra: &[&str]) -> &Self {
        let master = self.read("content/messages/sample-welcome.md");
        let more: String =
            extra.iter().map(|k| format!("- **{k}.** A nurse service helps patients start.\n")).collect();
        self.write(
            "content/messages/sample-start.md",
            master
                .replace("id: sample-welcome", "id: sample-start")
                .replace("UK-SA-0001", "UK-SA-0002")
                .replace("stage: knowledge", "stage: action")
                .replace(
                    "- **Simple dosing.** [[SA-DOS-01]]\n",
                    &format!("- **Simple dosing.** [[SA-DOS-01]]\n{more}"),
                ),
        )
    }

    /// Adds `locale` to the sample product (its ISI, PI link, AE statement…).
    pub fn add_product_locale(&self, locale: &str) -> &Self {
        self.edit(
            "content/products/sample.yaml",
            "locales:\n",
            &format!("locales:\n  {locale}:\n    isi: ISI {locale}.\n    isi_short: Hinweis.\n    pi_url: https://x.example/pi\n    ae_statement: AE {locale}.\n    company: Firma, Straße 1, Berlin\n    unsubscribe_url: https://x.example/u\n    sender: Team <team@x.example>\n"),
        )
    }

    /// Adds `locale` to the sample product and wording in it to both sample claims.
    pub fn add_locale(&self, locale: &str, efficacy: &str, dosing: &str) -> &Self {
        self.add_product_locale(locale);
        let claims = "content/claims.yaml";
        self.edit(
            claims,
            "      en-GB: Samplera reduced",
            &format!("      {locale}: {efficacy}\n      en-GB: Samplera reduced"),
        );
        self.edit(
            claims,
            "      en-GB: Samplera is taken",
            &format!("      {locale}: {dosing}\n      en-GB: Samplera is taken"),
        )
    }

    /// Copies the built-in template `name` into `templates/` with the real
    /// `unisono templates eject`, to edit it there.
    pub fn eject(&self, name: &str) -> &Self {
        let run = self.run(&["templates", "eject", name]);
        assert_eq!(run.code, 0, "eject {name}: {run:?}");
        self
    }

    /// Reads a file as text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Runs unisono in the workspace.
    pub fn run(&self, args: &[&str]) -> Run {
        unisono(&self.root, args)
    }

    /// Runs unisono in the workspace with extra environment variables.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        unisono_with_env(&self.root, args, env)
    }

    /// Every file outside `.git`, with its bytes.
    pub fn tree(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        tree(&self.root)
    }

    /// Runs `check --format json`, asserting nothing is written; returns the
    /// exit code and the diagnostics.
    pub fn check(&self) -> (i32, Vec<Value>) {
        let before = self.tree();
        let run = self.run(&["check", "--format", "json"]);
        assert_eq!(before, self.tree(), "check wrote files");
        let json = run.json();
        (run.code, json["diagnostics"].as_array().cloned().unwrap_or_default())
    }

    /// Commits everything with the given author.
    pub fn commit(&self, message: &str) {
        git(&self.root, &["add", "-A"]);
        git(&self.root, &["commit", "-q", "-m", message]);
    }
}

/// Runs git in `dir` with a fixed identity.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Test Writer", "-c", "user.email=writer@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file under `root` outside `.git`, with its bytes.
pub fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(root).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// Every file of `dist` but unisono's own records, against a complete
/// build of the same workspace into a fresh folder.
pub fn assert_same_as_fresh(ws: &TempWorkspace, step: &str) {
    let fresh = ws.root.parent().unwrap().join("fresh");
    let _ = std::fs::remove_dir_all(&fresh);
    let run = ws.run(&["build", "--out", fresh.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    let mine = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        tree(root).into_iter().filter(|(p, _)| !p.to_string_lossy().contains("unisono")).collect()
    };
    let (got, want) = (mine(&ws.root.join("dist")), mine(&fresh));
    let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want), "{step}: the files differ");
    for ((path, a), (_, b)) in got.iter().zip(&want) {
        assert!(a == b, "{step}: {} is stale", path.display());
    }
}

/// The one diagnostic with `code`; panics listing all when there is not exactly one.
pub fn only<'a>(diags: &'a [Value], code: &str) -> &'a Value {
    let found: Vec<&Value> = diags.iter().filter(|d| d["code"] == code).collect();
    assert_eq!(found.len(), 1, "expected one `{code}`, got: {diags:#?}");
    found[0]
}

/// Asserts a diagnostic's file, line and severity.
pub fn assert_at(d: &Value, file: &str, line: u64, severity: &str) {
    assert_eq!(d["file"], file, "{d:#}");
    assert_eq!(d["line"], line, "{d:#}");
    assert_eq!(d["severity"], severity, "{d:#}");
}

/// Runs the unisono binary in `dir` like [`unisono_with_env`], but kills it
/// and panics when it runs longer than `limit`: for inputs that once hung.
pub fn unisono_bounded(dir: &Path, args: &[&str], env: &[(&str, &str)], limit: std::time::Duration) -> Run {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_unisono"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("UNISONO_NOW")
        .env_remove("UNISONO_KEY_PASSPHRASE")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run unisono");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for unisono") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`unisono {}` still ran after {limit:?}", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let stdout = reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}
