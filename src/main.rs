//! The `auditday` command: parses the command line and hands over to the library.

use std::io::Write;
use std::process::ExitCode;

use auditday::plan::PlanError;
use auditday::tui::keymap::KeyFileError;
use clap::Parser;

fn main() -> ExitCode {
    let cli = auditday::cli::Cli::parse();
    match auditday::cli::run(cli) {
        Ok(code) => code,
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => report(&e),
    }
}

/// Prints why the command failed on standard error. A plan or key file with errors is shown as
/// `auditday check` shows it (every problem with its line, caret and hint, then the count),
/// with check's exit code 1; any other error is one line, exit 2. Nothing is left to report
/// a failure to write to, so that failure is ignored rather than turned into a panic.
fn report(e: &anyhow::Error) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    match rendered(e) {
        Some(problems) => {
            let _ = writeln!(stderr, "{problems}");
            ExitCode::FAILURE
        }
        None => {
            let _ = writeln!(
                stderr,
                "auditday: {}",
                auditday::text::one_line(&format!("{e:#}"))
            );
            ExitCode::from(2)
        }
    }
}

/// The problems of a file the user wrote (a plan, the key file), rendered as `auditday check`
/// renders them, if that is why the command failed.
fn rendered(e: &anyhow::Error) -> Option<String> {
    e.chain().find_map(|cause| {
        match cause.downcast_ref::<PlanError>() {
            Some(PlanError::Invalid {
                report, summary, ..
            }) => return Some(format!("{report}{summary}")),
            Some(_) => return None,
            None => {}
        }
        match cause.downcast_ref::<KeyFileError>() {
            Some(invalid @ KeyFileError::Invalid { .. }) => Some(invalid.to_string()),
            _ => None,
        }
    })
}

/// Output piped into `head` and the like stops being read; that is not an error to report.
fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
