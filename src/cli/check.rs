//! `auditday check`: every problem of every plan, compiler-style, and an exit code for scripts.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalogue::Catalogue;
use crate::diagnostic::summary;
use crate::input;
use crate::plan;
use crate::text::one_line;

/// Checks each plan, prints its diagnostics and a summary; exit 1 if any plan has an error.
/// Output goes through `?` so that a reader closing the pipe ends the command quietly.
pub fn run(paths: &[PathBuf], extra: Option<&Catalogue>) -> anyhow::Result<ExitCode> {
    let catalogues = plan::catalogues(extra);
    let mut out = std::io::stdout().lock();
    let (mut errors, mut warnings) = (0, 0);
    for path in paths {
        let shown = one_line(&path.display().to_string()).into_owned();
        let bytes = match input::read(path, input::Kind::Plan) {
            Ok(bytes) => bytes,
            Err(e) => {
                writeln!(out, "{shown}: error: cannot read the plan: {e}")?;
                errors += 1;
                continue;
            }
        };
        let checked = match crate::practice::is_scenario(&bytes) {
            true => crate::practice::check(path, &bytes, &catalogues).checked,
            false => plan::check_file(path, &bytes, &catalogues),
        };
        out.write_all(checked.render(&shown).as_bytes())?;
        errors += checked.errors();
        warnings += checked.warnings();
        if paths.len() > 1 {
            writeln!(
                out,
                "{shown}: {}",
                summary(checked.errors(), checked.warnings())
            )?;
        }
    }
    writeln!(out, "{}", summary(errors, warnings))?;
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
