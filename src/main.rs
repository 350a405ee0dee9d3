//! The `auditday` command: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = auditday::cli::Cli::parse();
    match auditday::cli::run(cli) {
        Ok(code) => code,
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("auditday: {}", auditday::text::one_line(&format!("{e:#}")));
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
