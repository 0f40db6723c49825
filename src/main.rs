//! The `unisono` command line: arguments → library call → printing and exit codes.

mod cli;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc instead of glibc's malloc: rendering is allocation-heavy (many
/// small strings from many threads), and glibc's arenas spent a quarter of
/// `check` in malloc/free and heap consolidation at 10,000 messages.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    no_transparent_huge_pages();
    closed_stdout_ends_quietly(true);
    let args = cli::Cli::parse();
    if matches!(args.command, cli::Command::Serve { .. } | cli::Command::Send(_)) {
        closed_stdout_ends_quietly(false);
    }
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

/// Asks Linux not to back this process's memory with transparent huge
/// pages. mimalloc gives memory freed between the stages of a command back
/// and takes it again; with huge pages each touch of a page given back
/// zeroed 2 MB anew. A rebuild of one edited message of 100,000 (1.3 GB
/// peak) spent 28% of its samples in the kernel's `clear_page_erms`
/// (`perf record --call-graph dwarf -- unisono build`): 8.6–9.1 s → 6.6 s
/// without huge pages, same peak; system time 4.1–5.6 s → 1.8–1.9 s.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a flag of
    // the process's memory map; a failure (an old kernel) changes nothing.
    unsafe {
        let (on, unused) = (1 as libc::c_ulong, 0 as libc::c_ulong);
        libc::prctl(libc::PR_SET_THP_DISABLE, on, unused, unused, unused);
    }
}

/// Makes `unisono status | head -1` end quietly, as `ls` or `git` do.
///
/// With `pipe_signal`, SIGPIPE gets its default action back (Rust ignores it,
/// so every `println!` to a closed pipe would panic): the process ends at the
/// first write to a pipe nobody reads, wherever that write is. `serve` and
/// `send` keep SIGPIPE ignored, since they write to sockets, where a peer
/// hanging up must be an error to handle, not the end of the process; for
/// them a print to a closed stdout ends the process through the panic hook,
/// without a panic message.
fn closed_stdout_ends_quietly(pipe_signal: bool) {
    #[cfg(unix)]
    // SAFETY: called on the main thread before any other thread exists;
    // setting a signal disposition to SIG_DFL or SIG_IGN has no handler to race.
    unsafe {
        libc::signal(libc::SIGPIPE, if pipe_signal { libc::SIG_DFL } else { libc::SIG_IGN });
    }
    if pipe_signal {
        return;
    }
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.payload_as_str().unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            // What a shell reports for a process ended by SIGPIPE.
            std::process::exit(141);
        }
        default_hook(info);
    }));
}

fn run(args: cli::Cli) -> ExitCode {
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            match e.help() {
                Some(help) => eprintln!("error: {e}\n  = help: {help}"),
                None => eprintln!("error: {e}"),
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
