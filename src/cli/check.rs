//! `auditday check`: every problem of every plan, compiler-style, and an exit code for scripts.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalogue::Catalogue;
use crate::diagnostic::summary;
use crate::plan;
use crate::text::one_line;

/// Checks each plan, prints its diagnostics and a summary; exit 1 if any plan has an error.
pub fn run(paths: &[PathBuf], extra: Option<&Catalogue>) -> anyhow::Result<ExitCode> {
    let catalogues = plan::catalogues(extra);
    let (mut errors, mut warnings) = (0, 0);
    for path in paths {
        let shown = one_line(&path.display().to_string()).into_owned();
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                println!("{shown}: error: cannot read the plan: {e}");
                errors += 1;
                continue;
            }
        };
        let checked = plan::check(&bytes, &catalogues);
        print!("{}", checked.render(&shown));
        errors += checked.errors();
        warnings += checked.warnings();
        if paths.len() > 1 {
            println!("{shown}: {}", summary(checked.errors(), checked.warnings()));
        }
    }
    println!("{}", summary(errors, warnings));
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
