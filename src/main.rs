//! The `auditday` command: parses the command line and hands over to the library.

use std::io::Write;
use std::process::ExitCode;

use auditday::plan::PlanError;
use clap::Parser;

fn main() -> ExitCode {
    let cli = auditday::cli::Cli::parse();
    match auditday::cli::run(cli) {
        Ok(code) => code,
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => report(&e),
    }
}

/// Prints why the command failed on standard error. A plan with errors is shown exactly as
/// `auditday check` shows it (every problem with its line, caret and hint, then the count),
/// with check's exit code 1; any other error is one line, exit 2. Nothing is left to report
/// a failure to write to, so that failure is ignored rather than turned into a panic.
fn report(e: &anyhow::Error) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    match e
        .chain()
        .find_map(|cause| cause.downcast_ref::<PlanError>())
    {
        Some(PlanError::Invalid {
            report, summary, ..
        }) => {
            let _ = writeln!(stderr, "{report}{summary}");
            ExitCode::FAILURE
        }
        _ => {
            let _ = writeln!(
                stderr,
                "auditday: {}",
                auditday::text::one_line(&format!("{e:#}"))
            );
            ExitCode::from(2)
        }
    }
}

/// Output piped into `head` and the like stops being read; that is not an error to report.
fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
