use super::*;

fn iso() -> &'static Catalogue {
    Catalogue::iso27001_2022()
}

fn rendered(text: &str) -> String {
    diagnostic::render(
        "finding-library.toml",
        text,
        &parse(text, iso()).unwrap_err(),
    )
}

const GOOD: &str = r#"
[[finding]]
id = "logs-not-kept"
title = "Logs not kept for the agreed period"
grade = "minor"
references = ["a815", "clause 9.1"]
requirement = "Logs are to be kept as long as the organisation decided."
statement = "Logs of […] are kept […] days; the logging standard says […]."
"#;

#[test]
fn the_built_in_library_reads_without_a_problem_and_has_the_common_failures() {
    let library = parse(BUILT_IN, iso()).expect("the built-in library is valid");
    assert!((12..=20).contains(&library.templates.len()));
    let ids: Vec<&str> = library.templates.iter().map(|t| t.id.as_str()).collect();
    for id in [
        "internal-audit-not-done",
        "management-review-missing",
        "risk-assessment-not-approved",
        "access-review-not-evidenced",
        "training-incomplete",
        "documentation-not-accessible",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
    assert!(library.templates.iter().all(|t| t.statement.contains('…')));
    assert_eq!(Library::built_in(iso()), library);
}

#[test]
fn a_good_file_is_read_with_canonical_references() {
    let library = parse(GOOD, iso()).unwrap();
    let t = &library.templates[0];
    assert_eq!(t.id, "logs-not-kept");
    assert_eq!(t.grade, Grade::Minor);
    assert_eq!(t.references, ["A.8.15", "9.1"]);
    assert_eq!(t.evidence, "", "the evidence prompt is optional");
}

#[test]
fn an_unknown_reference_is_located_with_line_and_column() {
    let text = GOOD.replace("\"clause 9.1\"", "\"A.12.4.1\"");
    let report = rendered(&text);
    assert!(
        report.starts_with(
            "finding-library.toml:6:23: error: A.12.4.1 is ISO/IEC 27001:2013 numbering"
        ),
        "{report}"
    );
    let report = rendered(&GOOD.replace("\"a815\"", "\"A.8.99\""));
    assert!(
        report.starts_with("finding-library.toml:6:15: error: A.8.99 is not a clause or control"),
        "{report}"
    );
}

#[test]
fn a_duplicate_id_a_bad_grade_and_an_unknown_key_are_problems() {
    let twice = format!("{GOOD}{GOOD}");
    let report = rendered(&twice);
    assert!(
        report
            .starts_with("finding-library.toml:11:6: error: the id `logs-not-kept` is used twice"),
        "{report}"
    );
    let report = rendered(&GOOD.replace("\"minor\"", "\"medium\""));
    assert!(
        report.starts_with("finding-library.toml:5:9: error: `medium` is not a grade"),
        "{report}"
    );
    let report = rendered(&GOOD.replace("grade =", "grad ="));
    assert!(report.contains("unknown field `grad`"), "{report}");
    assert!(rendered("[[finding]\n").contains("finding-library.toml:1:"));
}

#[test]
fn the_users_entries_come_after_the_built_in_ones_and_the_same_id_replaces() {
    let mut library = Library::built_in(iso());
    let n = library.templates.len();
    let own = GOOD.to_string()
        + r#"
[[finding]]
id = "training-incomplete"
title = "Our own wording"
grade = "observation"
references = ["A.6.3"]
requirement = "Ours."
statement = "[…] of […] not trained."
"#;
    library.merge(parse(&own, iso()).unwrap());
    assert_eq!(library.templates.len(), n + 1);
    assert_eq!(library.templates[n].id, "logs-not-kept");
    let replaced = library
        .templates
        .iter()
        .find(|t| t.id == "training-incomplete")
        .unwrap();
    assert_eq!(replaced.title, "Our own wording");
    assert_eq!(replaced.grade, Grade::Observation);
}

#[test]
fn a_missing_file_in_the_config_folder_is_no_library_and_a_named_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("finding-library.toml");
    assert!(read(&path, false, iso()).unwrap().is_none());
    assert!(matches!(
        read(&path, true, iso()),
        Err(LibraryError::Read { .. })
    ));
    std::fs::write(&path, GOOD.replace("\"a815\"", "\"A.99\"")).unwrap();
    let message = read(&path, false, iso()).unwrap_err().to_string();
    assert!(
        message.contains("finding-library.toml:6:15: error"),
        "{message}"
    );
    assert!(
        message.contains("1 error, 0 warnings in the finding library"),
        "{message}"
    );
}

#[test]
fn an_oversized_file_and_a_named_pipe_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("finding-library.toml");
    std::fs::File::create(&path)
        .unwrap()
        .set_len((1 << 20) + 1)
        .unwrap();
    let message = read(&path, false, iso()).unwrap_err().to_string();
    assert!(
        message.ends_with("it is 1.1 MB; a finding library is at most 1 MB"),
        "{message}"
    );
    #[cfg(unix)]
    {
        let fifo = dir.path().join("fifo.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let message = read(&fifo, true, iso()).unwrap_err().to_string();
            assert!(
                message.ends_with("it is a named pipe, not a finding library"),
                "{message}"
            );
        }
    }
}

#[test]
fn the_search_is_fuzzy_over_title_references_and_grade() {
    let library = Library::built_in(iso());
    let top = |q: &str| library.templates[library.fuzzy(q)[0]].id.clone();
    assert_eq!(top("internal audit"), "internal-audit-not-done");
    assert_eq!(top("access rev"), "access-review-not-evidenced");
    assert_eq!(top("9.3 major"), "management-review-missing");
    assert_eq!(library.fuzzy("").len(), library.templates.len());
    assert!(library.fuzzy("zzzqqqxx").is_empty());
}

#[test]
fn a_broken_user_library_leaves_the_built_in_one_in_use_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("finding-library.toml");
    let built_in = Library::built_in(iso());
    std::fs::write(&path, GOOD.replace("\"minor\"", "\"medium\"")).unwrap();
    let (library, problem) = Library::load_from(Some((path.clone(), false)), iso());
    assert_eq!(library, built_in);
    let message = problem.expect("the problem is reported").to_string();
    assert!(
        message.contains("finding-library.toml:5:9: error: `medium` is not a grade"),
        "{message}"
    );
    std::fs::write(&path, GOOD).unwrap();
    let (library, problem) = Library::load_from(Some((path, false)), iso());
    assert!(problem.is_none());
    assert_eq!(library.templates.len(), built_in.templates.len() + 1);
    let (library, problem) = Library::load_from(None, iso());
    assert!(problem.is_none());
    assert_eq!(library, built_in);
}
