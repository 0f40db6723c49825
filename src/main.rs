//! The `unisono` command line: arguments → library call → printing and exit codes.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let code = run(args);
    // For `unisono bench`: the peak memory of this process.
    if std::env::var_os("UNISONO_REPORT").is_some()
        && let Ok(status) = std::fs::read_to_string("/proc/self/status")
        && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
    {
        eprintln!("unisono-peak-rss-kb: {}", line.trim_start_matches("VmHWM:").trim().trim_end_matches(" kB"));
    }
    code
}

fn run(args: cli::Cli) -> ExitCode {
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
