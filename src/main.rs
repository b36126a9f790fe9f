//! The `arsip` binary: parse arguments, run one command, turn the outcome into an exit code.

/// A line on stderr that never panics: `eprintln!` panics when stderr is a pipe whose
/// reader went away (`arsip … 2>&1 | head`), and a panic on the thread that collects
/// results left the workers waiting on it forever. A lost diagnostic is no reason to stop.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod cli;
mod commands;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use cli::{Cli, Command};

/// Whether descriptor 1 was open when the process started, looked at before Rust's
/// runtime puts `/dev/null` in place of a closed standard stream: a constructor in
/// `.init_array` runs before the runtime's own start-up.
#[cfg(target_os = "linux")]
mod stdout_at_start {
    use std::sync::atomic::{AtomicBool, Ordering};

    static CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" fn look() {
        // SAFETY: descriptor 1 is only duplicated (the copy is closed at once), never
        // used for I/O or closed; a closed descriptor makes the duplication fail.
        let fd = unsafe { std::os::fd::BorrowedFd::borrow_raw(1) };
        if fd.try_clone_to_owned().is_err() {
            CLOSED.store(true, Ordering::Relaxed);
        }
    }

    #[used]
    #[link_section = ".init_array"]
    static LOOK: extern "C" fn() = look;

    pub fn was_closed() -> bool {
        CLOSED.load(Ordering::Relaxed)
    }
}

fn main() -> ExitCode {
    #[cfg(target_os = "linux")]
    if stdout_at_start::was_closed() {
        arsip::output::mark_stdout_closed();
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A closed pipe (`arsip convert … | head`) is a normal end, not an error.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            say!("arsip: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Convert(args) => commands::convert::run(&args),
        Command::Check(args) => commands::check::run(&args),
        Command::Rules { format } => commands::rules::list(format),
        Command::Explain { rule } => commands::rules::explain(&rule),
        Command::Profile(args) => commands::profile::run(&args),
        Command::Schema { name } => {
            let text = arsip::schema::schema_json(name.as_str())
                .ok_or_else(|| anyhow::anyhow!("no schema named {}", name.as_str()))?;
            arsip::output::stdout()?.write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "arsip", &mut arsip::output::stdout()?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut arsip::output::stdout()?)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
