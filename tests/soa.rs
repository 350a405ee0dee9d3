//! The Statement of Applicability as an auditor meets it: `auditday soa check` on CSV and
//! Excel SoAs, real-world-shaped ones included, with the exact messages; a workbook that is
//! garbage, cut short or a zip bomb refused in words; and `auditday plan new --from-soa`,
//! whose plans pass `auditday check` for many seeds.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use auditday::catalogue::Catalogue;
use auditday::plan::AuditKind;
use auditday::soa::{self, DraftRequest, Format, SoaError};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format as CellFormat, Workbook, XlsxError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/soa")
        .join(name)
}

fn auditday(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_auditday"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The real-world-shaped SoA: a cover sheet first; on the SoA sheet a merged title row, a
/// blank row, a two-row heading with merged cells, a heading row and a blank row for each
/// theme, ids typed as numbers (8.10 then reads 8.1), two 2013 ids, a justification merged
/// over two rows, a control missing, an exclusion not justified and notes under the table.
fn real_world_xlsx() -> Result<Vec<u8>, XlsxError> {
    let catalogue = Catalogue::iso27001_2022();
    let plain = CellFormat::new();
    let mut workbook = Workbook::new();
    let cover = workbook.add_worksheet();
    cover.set_name("Cover")?;
    cover.write_string(0, 0, "Acme Ltd ISMS")?;
    cover.write_string(2, 0, "Document owner: CISO")?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("SoA")?;
    sheet.merge_range(
        0,
        0,
        0,
        5,
        "Acme Ltd — Statement of Applicability (ISO/IEC 27001:2022), v2.1",
        &plain,
    )?;
    sheet.write_string(2, 0, "Annex A ref")?;
    sheet.write_string(2, 1, "Control")?;
    sheet.merge_range(2, 2, 2, 3, "Applicability", &plain)?;
    sheet.merge_range(2, 4, 3, 4, "Implementation status", &plain)?;
    sheet.write_string(2, 5, "Notes")?;
    sheet.write_string(3, 2, "Applicable")?;
    sheet.write_string(3, 3, "Justification for inclusion/exclusion")?;
    let mut row = 4;
    for theme in &catalogue.themes {
        sheet.merge_range(
            row,
            0,
            row,
            5,
            &format!("{} {}", theme.id, theme.title),
            &plain,
        )?;
        row += 1;
        for control in catalogue
            .controls()
            .filter(|c| c.theme.as_deref() == Some(theme.id.as_str()))
        {
            let (id, title) = match control.id.as_str() {
                "A.5.7" => continue,
                "A.8.2" => ("A.9.2.3", "Management of privileged access rights"),
                "A.8.13" => ("A.12.3.1", "Information backup"),
                id => (id, control.title.as_str()),
            };
            match id {
                "A.8.1" => sheet.write_number(row, 0, 8.1)?,
                "A.8.10" => sheet.write_number(row, 0, 8.10)?,
                _ => sheet.write_string(row, 0, id)?,
            };
            sheet.write_string(row, 1, title)?;
            match id {
                "A.7.5" => {
                    sheet.write_string(row, 2, "No")?;
                    sheet.write_string(row + 1, 2, "No")?;
                    sheet.merge_range(
                        row,
                        3,
                        row + 1,
                        3,
                        "Serviced office: the landlord secures the building (lease, clause 4)",
                        &plain,
                    )?;
                }
                "A.7.6" => {}
                "A.8.30" => {
                    sheet.write_string(row, 2, "No")?;
                }
                _ => {
                    sheet.write_string(row, 2, "Yes")?;
                    sheet.write_string(row, 3, "Risk treatment plan RTP-3")?;
                    let status = if id == "A.8.16" {
                        "Partially"
                    } else {
                        "Implemented"
                    };
                    sheet.write_string(row, 4, status)?;
                }
            }
            row += 1;
        }
        row += 1;
    }
    sheet.write_string(row + 1, 0, "Approved by: J. Smith, CEO, 15 Jan 2026")?;
    sheet.write_string(row + 2, 0, "Next review: January 2027")?;
    workbook.save_to_buffer()
}

/// The committed workbook is what its generator writes (`AUDITDAY_WRITE_FIXTURES=1`
/// rewrites it): the same problems, read from the file an auditor can open.
#[test]
fn the_real_world_workbook_fixture_is_what_its_generator_writes() {
    let path = fixture("real-world.xlsx");
    let fresh = real_world_xlsx().unwrap();
    if std::env::var_os("AUDITDAY_WRITE_FIXTURES").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let catalogue = Catalogue::iso27001_2022();
    let committed = soa::check_file(&path).unwrap();
    let generated = soa::check_bytes(&committed.file, &fresh, Format::Xlsx, catalogue).unwrap();
    assert_eq!(
        serde_json::to_value(&committed).unwrap(),
        serde_json::to_value(&generated).unwrap()
    );
}

#[test]
fn a_complete_soa_has_no_problems_and_exits_0() {
    let out = auditday(&["soa", "check", "complete.csv"], &fixture(""));
    assert_eq!(
        text(&out.stdout),
        "93 controls: 90 applicable, 3 excluded; no problems\n"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn every_problem_of_a_csv_soa_is_printed_with_its_row_and_column() {
    let out = auditday(&["soa", "check", "problems.csv"], &fixture(""));
    assert_eq!(
        text(&out.stdout),
        "\
problems.csv:6:1: error: A.5.1 is listed twice: first on row 4
problems.csv:42:3: error: A.6.2: \"maybe\" does not say whether it is applicable
  = hint: write Yes or No
problems.csv:53:4: error: A.7.5 is excluded without a justification
  = hint: clause 6.1.3 d) asks for the justification of every exclusion
problems.csv:77:1: error: A.12.4.1 is ISO/IEC 27001:2013 numbering; its 2022 successor is A.8.15 Logging
  = hint: write the new id; the correspondence is ISO/IEC 27002:2022 Annex B
problems.csv:97:1: error: A.8.51 is not a clause or control of ISO/IEC 27001:2022
  = hint: did you mean A.8.5 Secure authentication, or A.8.1 User end point devices, or A.8.15 Logging?
problems.csv: error: A.5.23 Information security for use of cloud services is not in the SoA
  = hint: new in ISO/IEC 27001:2022: an SoA carried over from the previous edition lacks it
problems.csv: error: A.8.15 Logging is not in the SoA
  = hint: row 77 lists A.12.4.1, the ISO/IEC 27001:2013 control it replaces
91 controls: 89 applicable, 1 excluded, 1 not said; 7 problems
"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn every_problem_of_a_real_world_workbook_is_printed() {
    let out = auditday(&["soa", "check", "real-world.xlsx"], &fixture(""));
    assert_eq!(
        text(&out.stdout),
        "\
real-world.xlsx:71:1: error: A.9.2.3 is ISO/IEC 27001:2013 numbering; its 2022 successor is A.8.2 Privileged access rights
  = hint: write the new id; the correspondence is ISO/IEC 27002:2022 Annex B
real-world.xlsx:79:1: error: A.8.1 is listed twice: first on row 70
  = hint: a cell stored as a number loses a trailing zero (8.10 reads 8.1): format the id column as text
real-world.xlsx:82:1: error: A.12.3.1 is ISO/IEC 27001:2013 numbering; its 2022 successor is A.8.13 Information backup
  = hint: write the new id; the correspondence is ISO/IEC 27002:2022 Annex B
real-world.xlsx:99:4: error: A.8.30 is excluded without a justification
  = hint: clause 6.1.3 d) asks for the justification of every exclusion
real-world.xlsx: error: A.5.7 Threat intelligence is not in the SoA
  = hint: new in ISO/IEC 27001:2022: an SoA carried over from the previous edition lacks it
real-world.xlsx: error: A.8.2 Privileged access rights is not in the SoA
  = hint: row 71 lists A.9.2.3, the ISO/IEC 27001:2013 control it replaces
real-world.xlsx: error: A.8.10 Information deletion is not in the SoA
  = hint: new in ISO/IEC 27001:2022: an SoA carried over from the previous edition lacks it
real-world.xlsx: error: A.8.13 Information backup is not in the SoA
  = hint: row 82 lists A.12.3.1, the ISO/IEC 27001:2013 control it replaces
89 controls: 86 applicable, 3 excluded; 8 problems
"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn json_gives_the_counts_the_missing_controls_and_the_problems() {
    let out = auditday(&["soa", "check", "--json", "problems.csv"], &fixture(""));
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["controls"], 91);
    assert_eq!(json["applicable"], 89);
    assert_eq!(json["excluded"], 1);
    assert_eq!(json["header_row"], 3);
    assert_eq!(json["missing"], serde_json::json!(["A.5.23", "A.8.15"]));
    assert_eq!(json["problems"].as_array().unwrap().len(), 7);
    assert_eq!(
        json["problems"][3],
        serde_json::json!({
            "kind": "previous-edition",
            "at": {"row": 77, "column": 1},
            "id": "A.12.4.1",
            "message": "A.12.4.1 is ISO/IEC 27001:2013 numbering; its 2022 successor is A.8.15 Logging",
            "hint": "write the new id; the correspondence is ISO/IEC 27002:2022 Annex B",
        })
    );
}

#[test]
fn text_from_the_soa_reaches_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("soa.csv"),
        "Control ID,Applicable\nA.5.1,\u{1b}[2Jyes\u{202e}\n",
    )
    .unwrap();
    let out = auditday(&["soa", "check", "soa.csv"], dir.path());
    let stdout = text(&out.stdout);
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'),
        "{stdout}"
    );
    assert!(
        stdout.starts_with("soa.csv:2:2: error: A.5.1: \"\\u{1b}[2Jyes\\u{202e}\" does not say"),
        "{stdout}"
    );
    let out = auditday(&["soa", "check", "--json", "soa.csv"], dir.path());
    let stdout = text(&out.stdout);
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'),
        "{stdout}"
    );
}

#[test]
fn a_file_that_is_no_soa_gets_a_sentence_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.csv"), "a,b\nc,d\n").unwrap();
    std::fs::write(dir.path().join("soa.ods"), "x").unwrap();
    std::fs::write(dir.path().join("soa.xlsx"), "not a zip").unwrap();
    std::fs::create_dir(dir.path().join("folder.csv")).unwrap();
    for (args, want) in [
        (
            vec!["soa", "check", "notes.csv"],
            "auditday: the SoA notes.csv has no heading row naming the control and whether it is applicable (looked for headings such as \"Control ID\", \"Annex A ref\" and \"Applicable\", \"Included\" in the first 50 rows)\n",
        ),
        (
            vec!["soa", "check", "soa.ods"],
            "auditday: cannot tell whether the SoA soa.ods is CSV or Excel: name it .csv or .xlsx\n",
        ),
        (
            vec!["soa", "check", "folder.csv"],
            "auditday: cannot read the SoA folder.csv: it is a folder, not a Statement of Applicability\n",
        ),
        (
            vec!["soa", "check", "missing.csv"],
            "auditday: cannot read the SoA missing.csv: it does not exist\n",
        ),
    ] {
        let out = auditday(&args, dir.path());
        assert_eq!(text(&out.stderr), want, "{args:?}");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    let out = auditday(&["soa", "check", "soa.xlsx"], dir.path());
    assert!(
        text(&out.stderr).starts_with(
            "auditday: the SoA soa.xlsx cannot be read as an Excel workbook (.xlsx): it is not a zip file"
        ),
        "{}",
        text(&out.stderr)
    );
}

/// A seeded splitmix64, for garbage the same on every run.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) as u8
        })
        .collect()
}

/// Garbage, a workbook cut short anywhere and a workbook with bytes changed anywhere are an
/// error or a report, never a panic or a hang.
#[test]
fn garbage_and_truncated_workbooks_never_panic() {
    let catalogue = Catalogue::iso27001_2022();
    let good = real_world_xlsx().unwrap();
    for seed in 0..50 {
        let bytes = noise(seed, (seed as usize * 97) % 5000);
        assert!(soa::check_bytes("x.xlsx", &bytes, Format::Xlsx, catalogue).is_err());
        let _ = soa::check_bytes("x.csv", &bytes, Format::Csv, catalogue);
    }
    let step = (good.len() / 300).max(1);
    for cut in (0..good.len()).step_by(step) {
        let _ = soa::check_bytes("x.xlsx", &good[..cut], Format::Xlsx, catalogue);
    }
    for (i, at) in (0..good.len()).step_by(step).enumerate() {
        let mut bad = good.clone();
        bad[at] ^= noise(i as u64, 1)[0] | 1;
        let _ = soa::check_bytes("x.xlsx", &bad, Format::Xlsx, catalogue);
    }
}

/// A zip whose entries are `files`, deflated.
fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_and_an_absurd_string_count_are_refused_in_words() {
    let catalogue = Catalogue::iso27001_2022();
    let bomb = zip_of(&[("xl/worksheets/sheet1.xml", &vec![b' '; 40 << 20])]);
    assert!(bomb.len() < 1 << 20);
    let Err(SoaError::Xlsx { reason, .. }) =
        soa::check_bytes("bomb.xlsx", &bomb, Format::Xlsx, catalogue)
    else {
        panic!("a zip bomb was read");
    };
    assert_eq!(
        reason,
        "entry 1 inflates to more than 32 MB: refused (a zip bomb?)"
    );
    let strings = zip_of(&[(
        "xl/sharedStrings.xml",
        b"<sst xmlns=\"x\" count=\"1\" uniqueCount=\"4000000000000\"><si><t>a</t></si></sst>",
    )]);
    let Err(SoaError::Xlsx { reason, .. }) =
        soa::check_bytes("s.xlsx", &strings, Format::Xlsx, catalogue)
    else {
        panic!("an absurd string count was read");
    };
    assert_eq!(
        reason,
        "its shared strings announce 4000000000000 strings in 76 bytes: refused (damaged)"
    );
}

#[test]
fn a_cell_at_the_far_corner_of_a_sheet_costs_one_cell() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Control ID").unwrap();
    sheet.write_string(0, 1, "Applicable").unwrap();
    sheet.write_string(1, 0, "A.5.1").unwrap();
    sheet.write_string(1, 1, "Yes").unwrap();
    sheet.write_string(1_048_575, 16_383, "far away").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let report =
        soa::check_bytes("far.xlsx", &bytes, Format::Xlsx, Catalogue::iso27001_2022()).unwrap();
    assert_eq!(report.controls, 1);
    assert_eq!(report.missing.len(), 92);
}

/// The samples and the themes of a drafted plan, after `auditday check` found nothing.
fn checked_samples(toml: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let catalogue = Catalogue::iso27001_2022();
    let checked = auditday::plan::check(toml.as_bytes(), &[catalogue]);
    assert_eq!(
        (checked.errors(), checked.warnings()),
        (0, 0),
        "{}\n{toml}",
        checked.render("draft.toml")
    );
    let plan = checked.plan.unwrap();
    let ids: BTreeSet<String> = plan
        .samples
        .iter()
        .map(|s| s.reference.value.clone())
        .collect();
    let themes = ids
        .iter()
        .filter_map(|id| catalogue.get(id)?.theme.clone())
        .collect();
    (ids, themes)
}

#[test]
fn drafted_plans_pass_check_and_cover_every_theme_and_the_loop_for_many_seeds() {
    let catalogue = Catalogue::iso27001_2022();
    let complete = soa::check_file(&fixture("complete.csv")).unwrap();
    let real_world = soa::check_file(&fixture("real-world.xlsx")).unwrap();
    let start = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let mut drawn = BTreeSet::new();
    for seed in 0..50 {
        for (report, kind, days, samples) in [
            (&complete, AuditKind::Stage2, 2, 25),
            (&real_world, AuditKind::Stage2, 1, 12),
            (&complete, AuditKind::Surveillance, 1, 8),
            (&complete, AuditKind::Recertification, 3, 40),
            (&complete, AuditKind::Internal, 2, 20),
        ] {
            let request = DraftRequest {
                soa: report,
                kind,
                days,
                samples,
                seed,
                start,
            };
            let toml = soa::draft_plan(&request, catalogue).unwrap();
            let (ids, themes) = checked_samples(&toml);
            assert_eq!(ids.len(), samples, "seed {seed}");
            assert_eq!(themes.len(), 4, "seed {seed}: {ids:?}");
            for clause in ["9.2", "9.3", "10.2"] {
                assert!(ids.contains(clause), "seed {seed}: {ids:?}");
            }
            for id in &ids {
                let listed = report.listed.iter().find(|l| &l.id == id);
                assert!(
                    listed.is_none_or(|l| l.applicable == Some(true)),
                    "seed {seed}: {id} is not applicable"
                );
            }
            assert_eq!(soa::draft_plan(&request, catalogue).unwrap(), toml);
            drawn.insert(ids);
        }
    }
    assert!(drawn.len() > 200, "seeds draw different samples");
}

#[test]
fn plan_new_writes_a_plan_that_check_passes() {
    let dir = tempfile::tempdir().unwrap();
    let soa_file = fixture("complete.csv");
    let out = auditday(
        &[
            "plan",
            "new",
            "--from-soa",
            soa_file.to_str().unwrap(),
            "--kind",
            "stage2",
            "--days",
            "2",
            "--samples",
            "25",
            "--seed",
            "7",
            "--start",
            "2026-12-07",
            "-o",
            "plan.toml",
        ],
        dir.path(),
    );
    assert_eq!(
        text(&out.stderr),
        "drafted 25 samples over 2 days with seed 7 (--seed 7 draws them again): plan.toml\n"
    );
    assert_eq!(out.status.code(), Some(0));
    let plan = std::fs::read_to_string(dir.path().join("plan.toml")).unwrap();
    assert!(
        plan.contains("# EDIT: the audited organisation\norganisation = \"Organisation name\"\n")
    );
    assert!(plan.contains("start = 2026-12-07T09:00:00\nend = 2026-12-08T17:00:00\n"));
    let check = auditday(&["check", "plan.toml"], dir.path());
    assert_eq!(text(&check.stdout), "0 errors, 0 warnings\n");
    let again = auditday(
        &[
            "plan",
            "new",
            "--from-soa",
            soa_file.to_str().unwrap(),
            "--seed",
            "7",
            "--start",
            "2026-12-07",
        ],
        dir.path(),
    );
    assert_eq!(text(&again.stdout), plan);
}

#[test]
fn plan_new_says_why_it_cannot_draft() {
    let dir = tempfile::tempdir().unwrap();
    let soa_file = fixture("complete.csv");
    let soa_file = soa_file.to_str().unwrap();
    for (args, want) in [
        (
            vec!["--samples", "5"],
            "auditday: 5 samples cannot cover 9.2, 9.3, 10.2 and a control of each of the 4 themes: ask for at least 7\n",
        ),
        (
            vec!["--samples", "200"],
            "auditday: 200 samples are more than the 99 there are to draw from (the SoA's applicable controls and the clauses): ask for at most 99\n",
        ),
        (
            vec!["--samples", "40", "--days", "1"],
            "auditday: 40 samples do not fit in 1 day, at 10 minutes each at least: ask for more --days or fewer --samples\n",
        ),
    ] {
        let mut all = vec!["plan", "new", "--from-soa", soa_file];
        all.extend(args);
        let out = auditday(&all, dir.path());
        assert_eq!(text(&out.stderr), want);
        assert_eq!(out.status.code(), Some(2));
    }
    let out = auditday(
        &["plan", "new", "--from-soa", soa_file, "--kind", "stage1"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("invalid value 'stage1' for '--kind"));
}
