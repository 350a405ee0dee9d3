//! `auditday completions SHELL` and `auditday man`: the shell completion script and the man
//! page, generated from the same command-line definition as `--help`, so they cannot drift.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;

/// Prints the completion script for `shell`. The script is generated into memory first (the
/// generator cannot report a write error) and then written with `?`, so a closed pipe ends
/// the command quietly.
pub fn completions(shell: Shell) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut visible_command(), "auditday", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the man page (roff, section 1).
pub fn man() -> anyhow::Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    std::io::stdout().lock().write_all(&page)?;
    Ok(ExitCode::SUCCESS)
}

/// The command line without its hidden, test-only commands, which the completion generators
/// would otherwise offer (the man page generator leaves them out by itself).
fn visible_command() -> clap::Command {
    let full = Cli::command();
    let visible = full.get_subcommands().filter(|c| !c.is_hide_set()).cloned();
    clap::Command::new("auditday")
        .version(env!("CARGO_PKG_VERSION"))
        .args(full.get_arguments().cloned())
        .subcommands(visible)
}
