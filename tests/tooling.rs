//! What a new user installs with: shell completions and the manual page
//! (clap's own generators), and the README's test command `scripts/test`.

use crate::common::{Run, unisono};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The commands `unisono --help` lists (without `help`).
fn commands() -> Vec<String> {
    let run = unisono(Path::new("."), &["--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    let list = run.stdout.split("Commands:\n").nth(1).expect("a Commands: section");
    let names: Vec<String> = list
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(str::to_string)
        .collect();
    assert!(names.len() > 15 && names.iter().any(|n| n == "send"), "{names:?}");
    names
}

fn run_stdin(program: &str, args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn the_bash_completion_parses_and_completes_every_command() {
    let run = unisono(Path::new("."), &["completions", "bash"]);
    assert_eq!(run.code, 0, "{run:?}");
    let syntax = run_stdin("bash", &["-n"], run.stdout.as_bytes());
    assert!(syntax.status.success(), "bash -n: {}", String::from_utf8_lossy(&syntax.stderr));
    // Loaded into a real bash: `unisono <TAB>` offers every command, and
    // `unisono send --d<TAB>` the option.
    let script = format!(
        "{}\nCOMP_WORDS=(unisono ''); COMP_CWORD=1; COMP_LINE='unisono '; COMP_POINT=8; _unisono unisono '' unisono; printf '%s\\n' \"${{COMPREPLY[@]}}\"; echo ---; COMP_WORDS=(unisono send --d); COMP_CWORD=2; COMP_LINE='unisono send --d'; COMP_POINT=16; _unisono unisono --d send; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        run.stdout
    );
    let out = run_stdin("bash", &[], script.as_bytes());
    let text = String::from_utf8_lossy(&out.stdout);
    let (top, send) = text.split_once("---\n").expect("both completions ran");
    let offered: Vec<&str> = top.lines().collect();
    for c in commands() {
        assert!(offered.contains(&c.as_str()), "`unisono <TAB>` does not offer {c}: {offered:?}");
    }
    let offered: Vec<&str> = send.lines().collect();
    assert!(offered.contains(&"--dry-run") && offered.contains(&"--draft"), "`unisono send --d<TAB>`: {send}");
}

#[test]
fn every_shell_gets_a_completion_script() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = unisono(Path::new("."), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {run:?}");
        for c in commands() {
            assert!(run.stdout.contains(&c), "the {shell} completion lacks {c}");
        }
    }
    let run = unisono(Path::new("."), &["completions", "tcsh"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("possible values"), "{}", run.stderr);
}

/// The roff of a manual page, checked by groff (warnings are errors) and by
/// its structure.
fn assert_man_page(roff: &str, title: &str) {
    let lines: Vec<&str> = roff.lines().collect();
    let th = lines.iter().find(|l| l.starts_with(".TH ")).unwrap_or_else(|| panic!("no .TH in:\n{roff}"));
    assert!(th.starts_with(&format!(".TH {title} 1 ")), "{th}");
    assert!(th.contains(env!("CARGO_PKG_VERSION")), "{th}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS"] {
        assert!(lines.contains(&section), "{title}: no {section}");
    }
    let out = run_stdin("groff", &["-K", "utf8", "-man", "-Tutf8", "-ww", "-z"], roff.as_bytes());
    assert!(out.status.success(), "groff failed");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "groff warns about {title}");
}

#[test]
fn the_manual_page_lists_every_command_and_each_has_its_own() {
    let run = unisono(Path::new("."), &["man"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_man_page(&run.stdout, "unisono");
    let subcommands = run.stdout.split(".SH SUBCOMMANDS").nth(1).expect("a SUBCOMMANDS section");
    for c in commands() {
        assert!(subcommands.contains(&format!("unisono\\-{}(1)", c.replace('-', "\\-"))), "unisono(1) lacks {c}");
        let page = unisono(Path::new("."), &["man", &c]);
        assert_eq!(page.code, 0, "{page:?}");
        assert_man_page(&page.stdout, &format!("unisono-{c}"));
    }
    let send = unisono(Path::new("."), &["man", "send"]).stdout;
    for option in ["\\-\\-draft", "\\-\\-dry\\-run", "\\-\\-to\\-file", "\\-\\-interactions"] {
        assert!(send.contains(option), "unisono-send(1) lacks {option}");
    }
    let run = unisono(Path::new("."), &["man", "sned"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no command `sned`") && run.stderr.contains("send"), "{}", run.stderr);
}

/// A PATH of only the programs `scripts/test` may find: real bash, dirname,
/// id and env, and stand-ins for cargo, apt-get and sudo that log their
/// arguments (apt-get prints a line and fails).
struct Shims {
    _tmp: tempfile::TempDir,
    bin: PathBuf,
    log: PathBuf,
}

impl Shims {
    fn new() -> Shims {
        let tmp = tempfile::tempdir().unwrap();
        let bin = tmp.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        let log = tmp.path().join("log");
        for tool in ["bash", "dirname", "id", "env"] {
            let real = String::from_utf8(
                Command::new("bash").args(["-c", &format!("command -v {tool}")]).output().unwrap().stdout,
            )
            .unwrap();
            std::os::unix::fs::symlink(real.trim(), bin.join(tool)).unwrap();
        }
        let bash = std::fs::read_link(bin.join("bash")).unwrap();
        for (name, body) in [
            ("cargo", "echo \"cargo $*\" >> \"$SHIM_LOG\""),
            ("apt-get", "echo \"apt-get $*\" >> \"$SHIM_LOG\"; echo 'E: fake apt-get: no network'; exit 100"),
            ("sudo", "exec \"$@\""),
        ] {
            let path = bin.join(name);
            std::fs::write(&path, format!("#!{}\n{body}\n", bash.display())).unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        Shims { _tmp: tmp, bin, log }
    }

    fn run(&self, args: &[&str]) -> (Run, String) {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/test");
        let out = Command::new(self.bin.join("bash"))
            .arg(script)
            .args(args)
            .env_clear()
            .env("PATH", &self.bin)
            .env("SHIM_LOG", &self.log)
            .output()
            .unwrap();
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        (run, std::fs::read_to_string(&self.log).unwrap_or_default())
    }
}

#[test]
fn scripts_test_says_what_it_installs_and_why_and_no_install_skips_it() {
    // Nothing but bash here: every tool is missing.
    let shims = Shims::new();
    let (run, log) = shims.run(&["--no-install", "--", "send"]);
    assert_eq!(run.code, 0, "{run:?}");
    for said in [
        "the tests use real OpenSSH, git, an SMTP server and Chromium; missing here:",
        "ssh-keygen, ssh-agent: the reviewers' signing keys",
        "chromium: the review portal and slides in a real browser",
        "aiosmtpd: a real SMTP server on loopback",
        "--no-install: installing nothing",
        "apt-get install -y openssh-client git chromium nodejs npm python3 python3-pip",
        "python3 -m pip install --disable-pip-version-check aiosmtpd",
    ] {
        assert!(run.stdout.contains(said), "missing {said:?} in:\n{}", run.stdout);
    }
    assert_eq!(log, "cargo test --workspace --locked -- send\n", "nothing installed; the arguments reach cargo test");

    // Installing: the plan first, then the installer's own output, and a
    // failure stops before the tests with the command that failed.
    let shims = Shims::new();
    let (run, log) = shims.run(&["--", "send"]);
    assert_eq!(run.code, 1, "{run:?}");
    let plan = run.stdout.find("installing them with").expect("the plan is printed");
    let output = run.stdout.find("E: fake apt-get: no network").expect("the installer's output is shown");
    assert!(plan < output, "{}", run.stdout);
    assert!(run.stderr.contains("`apt-get update` failed (its output is above)"), "{}", run.stderr);
    assert_eq!(log, "apt-get update\n", "the tests do not run after a failed install");
}
