//! A team audit carried by git: `auditday team init`, clones of one repository (a local bare
//! remote, no network), auditors recording and running `auditday team sync` in random orders.
//! Every order must end with no merge conflict, no event lost or doubled, and
//! `auditday record --json` byte-identical on every clone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use auditday::audit::Event;
use auditday::record::{Home, OsDisk};
use auditday::session::{Saving, Session};
use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};

const BIN: &str = env!("CARGO_BIN_EXE_auditday");
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-audits/stage2-software-sme.toml"
);
const AUDIT: &str = "brightloop-stage2-2026";

/// A random number below `n`, from proptest's seeded generator.
fn next(rng: &mut TestRng, n: usize) -> usize {
    rng.random_range(0..n)
}

fn run(dir: &Path, program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("LC_ALL", "C")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("AUDITDAY_AUDITOR")
        .output()
        .unwrap()
}

fn ok(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = run(dir, program, args);
    assert!(
        out.status.success(),
        "{program} {args:?} in {}: {}{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A bare remote holding a fresh audit folder, and `n` clones of it.
fn team(root: &Path, n: usize) -> Vec<PathBuf> {
    let made = root.join("made");
    let plan = root.join("plan.toml");
    let sample = std::fs::read_to_string(SAMPLE).unwrap();
    let third = "[[team]]\nname = \"Sam Okafor\"\nrole = \"auditor\"\n\n# Day 1";
    std::fs::write(&plan, sample.replacen("# Day 1", third, 1)).unwrap();
    ok(
        root,
        BIN,
        &[
            "team",
            "init",
            plan.to_str().unwrap(),
            made.to_str().unwrap(),
        ],
    );
    ok(
        root,
        "git",
        &["init", "-q", "--bare", "-b", "main", "remote.git"],
    );
    ok(&made, "git", &["init", "-q", "-b", "main"]);
    ok(&made, "git", &["add", "."]);
    ok(
        &made,
        "git",
        &[
            "-c",
            "user.name=Lead",
            "-c",
            "user.email=l@x",
            "commit",
            "-qm",
            "audit folder",
        ],
    );
    ok(&made, "git", &["push", "-q", "../remote.git", "main"]);
    (0..n)
        .map(|i| {
            let clone = root.join(format!("clone{i}"));
            ok(
                root,
                "git",
                &["clone", "-q", "remote.git", clone.to_str().unwrap()],
            );
            clone
        })
        .collect()
}

/// Records `count` notes as `auditor` in the audit folder `clone`, through the binary (so
/// that no record is locked in this process while other threads start processes); their ids.
fn record(clone: &Path, auditor: &str, count: usize) -> Vec<String> {
    let count = count.to_string();
    let args = [
        "record-append",
        "--folder",
        ".",
        "--audit",
        AUDIT,
        "--auditor",
        auditor,
        "--count",
        &count,
    ];
    let said = ok(clone, BIN, &args);
    let mut lines = said.lines();
    assert_eq!(lines.next(), Some("open"));
    lines.map(str::to_owned).collect()
}

fn sync(clone: &Path, auditor: &str) -> String {
    let out = run(clone, BIN, &["team", "sync", ".", "--auditor", auditor]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "sync of {}: {said}", clone.display());
    said
}

/// The ids of every note the record of `clone` holds, as `auditday record --events --json`
/// prints it, each with how many times it is printed.
fn notes(clone: &Path) -> BTreeMap<String, usize> {
    let log = ok(clone, BIN, &["record", ".", "--events", "--json"]);
    let mut seen = BTreeMap::new();
    for line in log.lines() {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        if event["type"] == "note_written" {
            *seen
                .entry(event["id"].as_str().unwrap().to_owned())
                .or_insert(0) += 1;
        }
    }
    seen
}

/// Three auditors, and the lead again on a second laptop.
const AUDITORS: [&str; 4] = ["Priya Shah", "Sam Okafor", "Tom Whitfield", "Priya Shah"];

/// One seeded interleaving: each step a clone records or syncs; then every clone syncs until
/// all have everything.
fn interleaving(seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let clones = team(dir.path(), AUDITORS.len());
    let mut rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes(seed));
    let mut written = Vec::new();
    for _ in 0..10 {
        let c = next(&mut rng, clones.len());
        if next(&mut rng, 2) == 0 {
            written.extend(record(&clones[c], AUDITORS[c], 1 + next(&mut rng, 3)));
        } else {
            let said = sync(&clones[c], AUDITORS[c]);
            assert!(!said.contains("onflict"), "seed {seed}: {said}");
        }
    }
    for _ in 0..2 {
        for (c, clone) in clones.iter().enumerate() {
            sync(clone, AUDITORS[c]);
        }
    }
    let expected: BTreeMap<String, usize> = written.into_iter().map(|t| (t, 1)).collect();
    let first = ok(&clones[0], BIN, &["record", ".", "--json"]);
    let state: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(
        state["notices"],
        serde_json::json!([]),
        "seed {seed}: the same auditor's lines from two clones are no tampering"
    );
    let records = clones[0].join("records");
    let mut files: Vec<String> = std::fs::read_dir(&records)
        .unwrap()
        .map(|e| e.unwrap().path().to_str().unwrap().to_owned())
        .filter(|p| p.ends_with(".jsonl"))
        .collect();
    files.sort();
    let mut verify = vec![concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/verify-record.py"
    )];
    verify.extend(files.iter().map(String::as_str));
    let verified = ok(&records, "python3", &verify);
    assert!(!verified.contains("problem"), "seed {seed}: {verified}");
    for clone in &clones {
        assert_eq!(notes(clone), expected, "seed {seed}: {}", clone.display());
        assert_eq!(
            ok(clone, BIN, &["record", ".", "--json"]),
            first,
            "seed {seed}: the record differs on {}",
            clone.display()
        );
        let status = ok(clone, "git", &["status", "--porcelain"]);
        assert!(status.is_empty(), "seed {seed}: {status}");
    }
}

fn seed_bytes(seed: u64) -> [u8; 32] {
    let mut bytes = [0; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes
}

/// Seeds run four at a time: the time goes to waiting on git and auditday processes.
#[test]
fn every_interleaving_of_records_and_syncs_ends_the_same_on_every_clone() {
    // One seed with AUDITDAY_TEAM_SEED, more with AUDITDAY_TEAM_SEEDS=N (1 to N).
    let seeds: Vec<u64> = match std::env::var("AUDITDAY_TEAM_SEED") {
        Ok(seed) => vec![seed.parse().unwrap()],
        Err(_) => {
            (1..=std::env::var("AUDITDAY_TEAM_SEEDS").map_or(12, |n| n.parse().unwrap())).collect()
        }
    };
    let failed: Vec<u64> = std::thread::scope(|scope| {
        let workers: Vec<_> = seeds
            .chunks(seeds.len().div_ceil(4))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .copied()
                        .filter(|&seed| std::panic::catch_unwind(|| interleaving(seed)).is_err())
                        .collect::<Vec<u64>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(
        failed.is_empty(),
        "failed with seeds {failed:?}: rerun one with AUDITDAY_TEAM_SEED=<seed>"
    );
}

/// The audit folder opens by its name or its plan's: `record` and `report` read the records in
/// it, not in the data folder.
#[test]
fn the_audit_folder_is_opened_by_its_name_and_its_records_stay_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let clones = team(dir.path(), 1);
    let ids = record(&clones[0], "Tom Whitfield", 2);
    let data = dir.path().join("data");
    let summary = ok(
        dir.path(),
        BIN,
        &[
            "record",
            clones[0].to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
        ],
    );
    assert!(summary.contains("records (1 file, 2 events)"), "{summary}");
    let plan = clones[0].join("plan.toml");
    let log = ok(
        dir.path(),
        BIN,
        &["record", plan.to_str().unwrap(), "--events"],
    );
    for id in &ids {
        assert!(log.contains(id.as_str()), "{log}");
    }
    assert!(!data.exists(), "nothing went to the data folder");
    let context = ok(&clones[0], BIN, &["report", ".", "--dump-context"]);
    assert!(context.contains("\"Tom Whitfield\""), "{context}");

    let elsewhere = dir.path().join("not-an-audit");
    std::fs::create_dir(&elsewhere).unwrap();
    let refused = run(dir.path(), BIN, &["record", elsewhere.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("it is a folder, not a plan file, nor an audit folder (one holds plan.toml and a records folder; `auditday team init PLAN.toml"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}

/// With no remote, or a remote that cannot be reached, sync commits here, says so in words
/// and succeeds: the day goes on offline. Outside a repository it says what to do.
#[test]
fn sync_without_a_remote_or_a_network_keeps_working_offline() {
    let dir = tempfile::tempdir().unwrap();
    let clones = team(dir.path(), 1);
    record(&clones[0], "Priya Shah", 3);
    ok(
        &clones[0],
        "git",
        &["remote", "set-url", "origin", "/nonexistent/remote.git"],
    );
    let said = sync(&clones[0], "Priya Shah");
    assert!(
        said.starts_with("Committed 3 new lines of your record (priya-shah-"),
        "{said}"
    );
    assert!(said.contains("Could not reach origin/main ("), "{said}");
    assert!(said.contains("keep working offline"), "{said}");
    let log = ok(
        &clones[0],
        "git",
        &["log", "--format=%s", "-1", "--name-only"],
    );
    assert!(
        log.starts_with("auditday: Priya Shah's record\n\nrecords/priya-shah-"),
        "{log}"
    );

    ok(&clones[0], "git", &["remote", "remove", "origin"]);
    record(&clones[0], "Priya Shah", 1);
    std::fs::write(clones[0].join("records").join("stray.txt"), "not mine").unwrap();
    let said = sync(&clones[0], "Priya Shah");
    assert!(
        said.contains("Committed 1 new line of your record"),
        "{said}"
    );
    assert!(said.contains("This repository has no remote"), "{said}");
    let status = ok(&clones[0], "git", &["status", "--porcelain"]);
    assert_eq!(
        status, "?? records/stray.txt\n",
        "nothing else is committed"
    );

    let plain = dir.path().join("plain");
    let plan = clones[0].join("plan.toml");
    ok(
        dir.path(),
        BIN,
        &[
            "team",
            "init",
            plan.to_str().unwrap(),
            plain.to_str().unwrap(),
        ],
    );
    let refused = run(&plain, BIN, &["team", "sync"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("is not in a git repository: run `git init` there")
    );
}

/// Two auditors' findings that say the same, merged: the report cites both originals under
/// the one that stands, and lists the other as merged.
#[test]
fn a_merged_finding_is_cited_in_the_report_context_under_the_one_that_stands() {
    use auditday::audit::{Finding, FindingsMerged, Grade};
    let dir = tempfile::tempdir().unwrap();
    let clones = team(dir.path(), 1);
    let raise = |auditor: &str, statement: &str| {
        let (mut session, _) = Session::open(
            OsDisk,
            Home::Team(clones[0].clone()),
            AUDIT,
            auditor,
            std::sync::Arc::new(|_| {}),
        )
        .unwrap();
        let raised = session.record(&Event::FindingRaised(Finding {
            grade: Grade::Minor,
            sample: Some("A.5.18".into()),
            references: vec!["A.5.18".into()],
            requirement: String::new(),
            statement: statement.into(),
            objective_evidence: String::new(),
            evidence: Vec::new(),
            interviews: Vec::new(),
        }));
        assert!(matches!(session.flush(), Saving::Saved { .. }));
        (session, raised.id)
    };
    let (_, toms) = raise("Tom Whitfield", "Leaver's VPN still active");
    let (mut lead, priyas) = raise("Priya Shah", "Leaver access not removed");
    lead.record(&Event::FindingsMerged(FindingsMerged {
        finding: toms,
        into: priyas,
    }));
    assert!(matches!(lead.flush(), Saving::Saved { .. }));
    drop(lead);
    let context: serde_json::Value =
        serde_json::from_str(&ok(&clones[0], BIN, &["report", ".", "--dump-context"])).unwrap();
    let findings = context["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{context:#}");
    assert_eq!(findings[0]["statement"], "Leaver access not removed");
    let cited = &findings[0]["merged_from"];
    assert_eq!(cited[0]["number"], "NC-01", "{cited:#}");
    assert_eq!(cited[0]["statement"], "Leaver's VPN still active");
    assert_eq!(cited[0]["raised_by"], "Tom Whitfield");
    let merged = &context["withdrawn"][0];
    assert_eq!(merged["number"], "NC-01");
    assert_eq!(
        merged["withdrawn"]["reason"],
        "merged into NC-02, which says the same"
    );
    let md = ok(&clones[0], BIN, &["report", "."]);
    assert!(
        md.contains("Also raised, and merged into this one: NC-01 (Tom Whitfield, "),
        "{md}"
    );
    assert!(md.contains("): Leaver's VPN still active"), "{md}");
    let log = ok(&clones[0], BIN, &["record", ".", "--events"]);
    assert_eq!(
        log.matches("finding_raised").count(),
        2,
        "both originals stay: {log}"
    );
}

/// The files a plan names (the SoA, the previous audit's report) go into the audit folder
/// beside the plan, which names them there by their bare names, so that every clone opens it;
/// the plan's other text, comments included, is kept as written.
#[test]
fn team_init_carries_the_files_the_plan_names_into_the_audit_folder() {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-audits");
    std::fs::create_dir(dir.path().join("sent")).unwrap();
    std::fs::copy(
        samples.join("stage1-health-analytics.soa.csv"),
        dir.path().join("sent/SoA v0.9.csv"),
    )
    .unwrap();
    let sample = std::fs::read_to_string(samples.join("stage1-health-analytics.toml")).unwrap();
    let plan = sample.replace(
        "file = \"stage1-health-analytics.soa.csv\"",
        "file = \"sent/SoA v0.9.csv\"",
    );
    std::fs::write(dir.path().join("plan.toml"), &plan).unwrap();
    let said = ok(dir.path(), BIN, &["team", "init", "plan.toml", "audit"]);
    assert!(
        said.contains("  audit/SoA v0.9.csv  a file the plan names, copied\n"),
        "{said}"
    );
    let carried = std::fs::read_to_string(dir.path().join("audit/plan.toml")).unwrap();
    assert_eq!(
        carried,
        plan.replace("file = \"sent/SoA v0.9.csv\"", "file = \"SoA v0.9.csv\"")
    );
    assert_eq!(
        std::fs::read(dir.path().join("audit/SoA v0.9.csv")).unwrap(),
        std::fs::read(dir.path().join("sent/SoA v0.9.csv")).unwrap()
    );
    let opened = auditday::plan::load(&dir.path().join("audit/plan.toml"), None).unwrap();
    assert_eq!(
        (opened.soa.unwrap().checked.unwrap()).summary(),
        "92 controls: 89 applicable, 3 excluded; 3 problems"
    );

    std::fs::copy(
        samples.join("surveillance-law-firm.toml"),
        dir.path().join("surveillance.toml"),
    )
    .unwrap();
    std::fs::copy(
        samples.join("surveillance-law-firm.previous.json"),
        dir.path().join("surveillance-law-firm.previous.json"),
    )
    .unwrap();
    ok(
        dir.path(),
        BIN,
        &["team", "init", "surveillance.toml", "later"],
    );
    let opened = auditday::plan::load(&dir.path().join("later/plan.toml"), None).unwrap();
    assert_eq!(opened.previous.unwrap().nonconformities().len(), 2);

    std::fs::create_dir(dir.path().join("old")).unwrap();
    std::fs::copy(
        samples.join("surveillance-law-firm.previous.json"),
        dir.path().join("old/plan.toml"),
    )
    .unwrap();
    let surveillance = std::fs::read_to_string(dir.path().join("surveillance.toml")).unwrap();
    std::fs::write(
        dir.path().join("taken.toml"),
        surveillance.replace(
            "report = \"surveillance-law-firm.previous.json\"",
            "report = \"old/plan.toml\"",
        ),
    )
    .unwrap();
    let refused = run(dir.path(), BIN, &["team", "init", "taken.toml", "taken"]);
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        "auditday: cannot copy \"old/plan.toml\" into the audit folder: its name is taken there; rename the file\n"
    );
    assert!(!dir.path().join("taken").exists(), "nothing is made");

    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/previous/ashcombe-reid-stage2-2025.toml");
    ok(
        dir.path(),
        BIN,
        &["team", "init", fixture.to_str().unwrap(), "stage2"],
    );
    std::fs::write(
        dir.path().join("from-record.toml"),
        surveillance.replace(
            "report = \"surveillance-law-firm.previous.json\"",
            "record = \"stage2\"",
        ),
    )
    .unwrap();
    let refused = run(
        dir.path(),
        BIN,
        &["team", "init", "from-record.toml", "from-record"],
    );
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        "auditday: the plan names the previous audit's record \"stage2\", a folder the audit folder cannot carry: write its JSON report (`auditday report PREVIOUS.toml --format json -o previous.json`) and name that in [previous] report = \"previous.json\"\n"
    );
    assert!(!dir.path().join("from-record").exists(), "nothing is made");
}
