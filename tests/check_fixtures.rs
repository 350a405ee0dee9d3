//! `auditday check` on broken and questionable plans: every problem, at its line and column.

use std::path::Path;
use std::process::Command;

use auditday::catalogue::Catalogue;
use auditday::diagnostic::{Severity, line_col};
use auditday::plan;

/// Each diagnostic of a fixture as `line:col: severity: message`.
fn diagnostics(fixture: &str) -> Vec<String> {
    shown(&fixture_text(fixture), false)
}

/// Each diagnostic of a fixture as `line:col: severity: message`, then `= hint: …` when it
/// has one.
fn with_hints(fixture: &str) -> Vec<String> {
    shown(&fixture_text(fixture), true)
}

fn fixture_text(fixture: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    std::fs::read(&path).unwrap()
}

/// Each diagnostic of a plan as `line:col: severity: message`, with its hint if asked for.
fn shown(bytes: &[u8], hints: bool) -> Vec<String> {
    let checked = plan::check(bytes, &[Catalogue::iso27001_2022()]);
    assert_eq!(checked.plan.is_some(), checked.errors() == 0);
    checked
        .diagnostics
        .iter()
        .map(|d| {
            let at = line_col(&checked.source, d.span.start);
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let line = format!("{}:{}: {severity}: {}", at.line, at.col, d.message);
            match &d.hint {
                Some(hint) if hints => format!("{line} = hint: {hint}"),
                _ => line,
            }
        })
        .collect()
}

#[test]
fn the_base_fixture_is_clean() {
    assert!(diagnostics("base.toml").is_empty());
}

#[test]
fn every_broken_fixture_reports_exactly_its_problems() {
    let cases: &[(&str, &[&str])] = &[
        (
            "syntax-error.toml",
            &["3:23: error: TOML syntax: invalid basic string, expected `\"`"],
        ),
        (
            "missing-title.toml",
            &["1:1: error: missing `title` in [audit]"],
        ),
        (
            "wrong-type.toml",
            &["27:11: error: `minutes` must be a whole number, found a string"],
        ),
        (
            "unknown-reference.toml",
            &["39:7: error: A.5.99 is not a clause or control of ISO/IEC 27001:2022"],
        ),
        (
            "reference-2013.toml",
            &[
                "44:7: error: A.12.4.1 is ISO/IEC 27001:2013 numbering; its 2022 successor is A.8.15 Logging",
            ],
        ),
        (
            "duplicate-sample.toml",
            &["44:7: error: duplicate sample of A.5.15"],
        ),
        (
            "unknown-kind.toml",
            &["4:8: error: unknown audit kind \"stage3\""],
        ),
        (
            "unknown-role.toml",
            &["17:8: error: unknown team role \"co-auditor\""],
        ),
        (
            "bad-audit-id.toml",
            &["2:6: error: invalid audit id \"Fixture Audit/2026\""],
        ),
        (
            "end-before-start.toml",
            &["9:7: error: the audit must end after it starts"],
        ),
        (
            "year-out-of-range.toml",
            &[
                "8:9: error: `start` is in the year 0000; an audit date is between 1970 and 9999",
                "9:7: error: `end` is in the year 1969; an audit date is between 1970 and 9999",
                "20:9: error: `start` is in the year 1026; an audit date is between 1970 and 9999",
            ],
        ),
        (
            "agenda-overlap.toml",
            &[
                "26:9: error: agenda item \"Access control\" overlaps \"Opening meeting\" (09:00–09:30)",
            ],
        ),
        (
            "agenda-outside.toml",
            &[
                "33:9: error: agenda item \"Closing meeting\" (2026-11-24 17:30 to 18:00) is outside the audit",
            ],
        ),
        (
            "interviewee-topic.toml",
            &["50:21: error: firewalls is not a clause or control of ISO/IEC 27001:2022"],
        ),
        ("no-team.toml", &["1:1: error: the plan has no audit team"]),
        (
            "empty-team.toml",
            &["1:1: error: the plan has no audit team"],
        ),
        (
            "no-lead.toml",
            &["13:8: error: the audit team has no lead auditor"],
        ),
        (
            "misspelt-key.toml",
            &["41:1: error: unknown key `ownr` in [[sample]]"],
        ),
        (
            "sample-as-table.toml",
            &["37:1: error: `sample` must be a list of tables"],
        ),
        (
            "auditor-not-in-team.toml",
            &["42:11: error: auditor \"Dan Nobody\" is not in the team"],
        ),
        (
            "agenda-unplanned-sample.toml",
            &["30:22: error: A.8.15 is not a planned sample"],
        ),
        (
            "empty.toml",
            &[
                "1:1: error: missing `audit` in the plan",
                "1:1: error: the plan has no audit team",
            ],
        ),
        (
            "several-problems.toml",
            &[
                "2:6: error: invalid audit id \"Acme Stage 2\"",
                "10:1: error: unknown key `minor_nc_day` in [audit]",
                "14:8: error: unknown team role \"leader\"",
                "17:7: error: A.12.4.1 is ISO/IEC 27001:2013 numbering; its 2022 successor is A.8.15 Logging",
                "21:7: error: loging is not a clause or control of ISO/IEC 27001:2022",
            ],
        ),
        (
            "role-as-people-say-it.toml",
            &["13:8: error: unknown team role \"Lead Auditor\""],
        ),
        (
            "names-nearly-right.toml",
            &[
                "30:11: error: auditor \"sam  patel\" is not in the team",
                "38:15: error: \"Cara\" is not an [[interviewee]]",
                "39:11: error: auditor \"Ann\" is not in the team",
                "55:11: error: auditor \"Sam Patle\" is not in the team",
            ],
        ),
        (
            "sample-table-after-list.toml",
            &[
                "43:2: error: [sample] opens a single table, but [[sample]] at line 38 started a list of them",
            ],
        ),
        (
            "interviewee-list-after-table.toml",
            &[
                "52:3: error: [[interviewee]] adds to a list of tables, but the [interviewee] at line 47 opened a single table",
            ],
        ),
        (
            "curly-quotes.toml",
            &[
                "3:9: error: TOML syntax: string values must be quoted, expected literal string",
                "16:8: error: TOML syntax: string values must be quoted, expected literal string",
                "40:20: error: TOML syntax: invalid basic string, expected `\"`",
                "49:8: error: TOML syntax: string values must be quoted, expected literal string",
            ],
        ),
        (
            "reference-2013-split.toml",
            &[
                "48:7: error: A.18.2.3 is ISO/IEC 27001:2013 numbering; its 2022 successors are A.5.36 Compliance with policies, rules and standards for information security and A.8.8 Management of technical vulnerabilities",
                "52:7: error: A.5.1.2 is ISO/IEC 27001:2013 numbering; its 2022 successor is A.5.1 Policies for information security",
            ],
        ),
        (
            "agenda-forgotten-day.toml",
            &[
                "26:9: error: agenda item \"Access control\" overlaps \"Site tour\" (09:00–10:30)",
                "33:9: error: agenda item \"Site tour\" overlaps \"Opening meeting\" (09:00–09:30)",
            ],
        ),
        (
            "unknown-language.toml",
            &["10:12: error: no report words in the language \"de\""],
        ),
        (
            "not-utf8.toml",
            &["2:13: error: the plan is not UTF-8 text (byte 0xe9)"],
        ),
    ];
    let on_disk =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken"))
            .unwrap()
            .count();
    assert_eq!(
        on_disk,
        cases.len(),
        "every broken fixture has its expectation"
    );
    for (fixture, want) in cases {
        assert_eq!(
            diagnostics(&format!("broken/{fixture}")),
            *want,
            "{fixture}"
        );
    }
}

#[test]
fn warnings_an_experienced_lead_would_give() {
    assert_eq!(
        diagnostics("warnings/stage2-missing-loop.toml"),
        [
            "4:8: warning: a Stage 2 audit that does not sample 9.3 (management review)",
            "4:8: warning: a Stage 2 audit that does not sample 10.2 (nonconformity and corrective action)",
            "4:8: warning: no control of theme A.6 People controls is sampled",
            "4:8: warning: no control of theme A.7 Physical controls is sampled",
            "4:8: warning: no control of theme A.8 Technological controls is sampled",
        ]
    );
    assert_eq!(
        diagnostics("warnings/stage1-no-documents.toml"),
        ["4:8: warning: a Stage 1 plan with no [[document]] review list"]
    );
    assert_eq!(
        with_hints("warnings/clause-read-as-control.toml"),
        [
            "48:7: warning: 8.2 resolved to clause 8.2 (Information security risk assessment); for the Annex A control write A.8.2 (Privileged access rights) = hint: write \"clause 8.2\" if the clause is meant",
            "56:7: warning: 5.1 resolved to clause 5.1 (Leadership and commitment); for the Annex A control write A.5.1 (Policies for information security) = hint: write \"clause 5.1\" if the clause is meant",
        ]
    );
    assert_eq!(
        diagnostics("warnings/internal-independence.toml"),
        [
            "43:11: warning: Ben Auditor would audit A.5.15, which they own (independence, clause 9.2.2)"
        ]
    );
}

/// The messages that sent an experienced lead auditor the wrong way on a full audit day
/// (issue 10), each now with what was meant.
#[test]
fn each_slip_a_full_day_revealed_is_named_with_what_was_meant() {
    let roles = "expected one of: lead, auditor, technical-expert, observer, trainee";
    assert_eq!(
        with_hints("broken/role-as-people-say-it.toml"),
        [format!(
            "13:8: error: unknown team role \"Lead Auditor\" = hint: did you mean `lead`? {roles}"
        )]
    );
    assert_eq!(
        with_hints("broken/names-nearly-right.toml"),
        [
            "30:11: error: auditor \"sam  patel\" is not in the team = hint: did you mean \"Sam Patel\"?",
            "38:15: error: \"Cara\" is not an [[interviewee]] = hint: did you mean \"Cara Owner\"?",
            "39:11: error: auditor \"Ann\" is not in the team = hint: did you mean \"Ann Lead\"?",
            "55:11: error: auditor \"Sam Patle\" is not in the team = hint: did you mean \"Sam Patel\"?",
        ]
    );
    assert_eq!(
        with_hints("broken/sample-table-after-list.toml"),
        [
            "43:2: error: [sample] opens a single table, but [[sample]] at line 38 started a list of them = hint: write [[sample]] (two brackets) for each sample"
        ]
    );
    assert_eq!(
        with_hints("broken/interviewee-list-after-table.toml"),
        [
            "52:3: error: [[interviewee]] adds to a list of tables, but the [interviewee] at line 47 opened a single table = hint: write [[interviewee]] (two brackets) for each interviewee, the one at line 47 too"
        ]
    );
    let curly = |code: &str| {
        format!(
            "this is a curly quote (U+{code}) as Word writes it; TOML needs straight quotes \"…\""
        )
    };
    let unquoted = "TOML syntax: string values must be quoted, expected literal string";
    assert_eq!(
        with_hints("broken/curly-quotes.toml"),
        [
            format!(
                "3:9: error: {unquoted} = hint: {}; curly quotes also on lines 16, 40, 49",
                curly("201C")
            ),
            format!("16:8: error: {unquoted} = hint: {}", curly("2018")),
            format!(
                "40:20: error: TOML syntax: invalid basic string, expected `\"` = hint: {}",
                curly("201D")
            ),
            format!("49:8: error: {unquoted} = hint: {}", curly("201C")),
        ]
    );
    assert_eq!(
        with_hints("broken/reference-2013.toml"),
        [
            "44:7: error: A.12.4.1 is ISO/IEC 27001:2013 numbering; its 2022 successor is A.8.15 Logging = hint: write the new id; the correspondence is ISO/IEC 27002:2022 Annex B"
        ]
    );
    let forgot = "without `day` a slot is on the audit's first day";
    assert_eq!(
        with_hints("broken/agenda-forgotten-day.toml"),
        [
            format!(
                "26:9: error: agenda item \"Access control\" overlaps \"Site tour\" (09:00–10:30) = hint: did you forget `day = 2` on \"Site tour\"? {forgot}"
            ),
            format!(
                "33:9: error: agenda item \"Site tour\" overlaps \"Opening meeting\" (09:00–09:30) = hint: did you forget `day = 2`? {forgot}"
            ),
        ]
    );
    assert_eq!(
        with_hints("broken/agenda-overlap.toml"),
        [
            "26:9: error: agenda item \"Access control\" overlaps \"Opening meeting\" (09:00–09:30) = hint: move one or shorten it; slots may overlap only when each names a different `auditor`"
        ],
        "on a one-day audit there is no other day"
    );
}

/// However the lead's role is written the way people say it, that is the one error: the lead
/// is still in the team for the samples and slots that name them, and the team is not said to
/// have no lead.
#[test]
fn a_lead_written_as_people_say_it_is_one_error() {
    let text = String::from_utf8(fixture_text("broken/role-as-people-say-it.toml")).unwrap();
    for written in ["lead auditor", "Lead", "LEAD", "Lead-Auditor"] {
        let plan = text.replace("\"Lead Auditor\"", &format!("\"{written}\""));
        let shown = shown(plan.as_bytes(), true);
        assert_eq!(shown.len(), 1, "{written}: {shown:?}");
        assert!(
            shown[0].starts_with(&format!(
                "13:8: error: unknown team role \"{written}\" = hint: did you mean `lead`?"
            )),
            "{shown:?}"
        );
    }
}

/// The day suggested is the first on which the slot fits the audit and meets no one else's
/// slot; it is suggested for the slot written later, which says no `day` (one that does was
/// placed on purpose); and an audit of one day has no other.
#[test]
fn a_forgotten_day_is_only_suggested_where_the_slot_would_fit() {
    let text = String::from_utf8(fixture_text("broken/agenda-forgotten-day.toml")).unwrap();
    let hint_on_site_tour = |plan: &str| {
        shown(plan.as_bytes(), true)
            .into_iter()
            .find(|d| d.starts_with("33:9:"))
            .and_then(|d| d.split(" = hint: ").nth(1).map(str::to_string))
            .unwrap_or_default()
    };
    let forgot = |day: u32| {
        format!("did you forget `day = {day}`? without `day` a slot is on the audit's first day")
    };
    assert_eq!(hint_on_site_tour(&text), forgot(2));
    let day_2_taken = text
        .replace("end = 2026-11-25T17:00:00", "end = 2026-11-26T17:00:00")
        .replace("day = 2", "day = 3")
        + "\n[[agenda]]\nday = 2\nstart = \"09:00\"\nminutes = 480\ntitle = \"Data centre\"\nkind = \"other\"\n";
    assert_eq!(hint_on_site_tour(&day_2_taken), forgot(3));
    let move_one =
        "move one or shorten it; slots may overlap only when each names a different `auditor`";
    let said_day_1 = text.replace("title = \"Site tour\"", "title = \"Site tour\"\nday = 1");
    let shown_day_1 = shown(said_day_1.as_bytes(), true);
    assert!(
        shown_day_1.iter().all(|d| d.ends_with(move_one)),
        "{shown_day_1:?}"
    );
    let one_day = text
        .replace("end = 2026-11-25T17:00:00", "end = 2026-11-24T17:00:00")
        .replace(
            "title = \"Closing meeting\"\nday = 2",
            "title = \"Closing meeting\"",
        );
    assert_eq!(hint_on_site_tour(&one_day), move_one);
}

#[test]
fn the_binary_prints_every_problem_rustc_style_and_exits_1() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken/misspelt-key.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args(["check", fixture.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let shown = fixture.display();
    assert_eq!(
        stdout,
        format!(
            "{shown}:41:1: error: unknown key `ownr` in [[sample]]\n   |\n41 | ownr = \"Cara Owner\"\n   | ^^^^\n   = hint: did you mean `owner`?\n1 error, 0 warnings\n"
        )
    );
}

#[test]
fn several_plans_get_a_summary_each_and_a_total() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = Command::new(env!("CARGO_BIN_EXE_auditday"))
        .arg("check")
        .arg(dir.join("base.toml"))
        .arg(dir.join("warnings/stage1-no-documents.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last: Vec<&str> = stdout.lines().rev().take(1).collect();
    assert_eq!(last, ["0 errors, 1 warning"]);
    assert!(stdout.contains("base.toml: 0 errors, 0 warnings\n"));
}

#[test]
fn every_sample_audit_passes_check() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-audits");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let checked = plan::check(
                &std::fs::read(&path).unwrap(),
                &[Catalogue::iso27001_2022()],
            );
            assert_eq!(
                checked.errors(),
                0,
                "{}:\n{}",
                path.display(),
                checked.render("plan")
            );
            assert!(
                !checked
                    .diagnostics
                    .iter()
                    .any(|d| d.message.contains("resolved to clause")),
                "{}: a sample that is about its clause is not taken for a control:\n{}",
                path.display(),
                checked.render("plan")
            );
            count += 1;
        }
    }
    assert!(count >= 1);
}
