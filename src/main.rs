//! The `auditday` command: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = auditday::cli::Cli::parse();
    match auditday::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("auditday: {}", auditday::text::one_line(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}
