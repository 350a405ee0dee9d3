//! `auditday check` must answer any bytes with diagnostics, never a panic: property tests over
//! random bytes, mutated real plans and TOML-shaped noise, and the pathological files by name.

use auditday::catalogue::Catalogue;
use auditday::diagnostic::render;
use auditday::plan;
use proptest::prelude::*;

const REAL_PLAN: &str = include_str!("../sample-audits/stage2-software-sme.toml");

fn check(bytes: &[u8]) -> plan::Checked {
    let checked = plan::check(bytes, &[Catalogue::iso27001_2022()]);
    render("fuzz.toml", &checked.source, &checked.diagnostics);
    checked
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let checked = check(&bytes);
        prop_assert!(checked.plan.is_none() || checked.errors() == 0);
    }

    #[test]
    fn mutated_real_plan(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8)) {
        let mut bytes = REAL_PLAN.as_bytes().to_vec();
        for (at, byte, op) in edits {
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => { bytes.truncate(i); }
            }
            if bytes.is_empty() { break; }
        }
        let checked = check(&bytes);
        for d in &checked.diagnostics {
            prop_assert!(d.span.start <= checked.source.len());
        }
    }

    #[test]
    fn toml_shaped_noise(lines in proptest::collection::vec(
        prop_oneof![
            Just("[audit]".to_string()),
            Just("[[sample]]".to_string()),
            Just("[[team]]".to_string()),
            Just("[[agenda]]".to_string()),
            Just("[opening]".to_string()),
            "[a-z_]{1,12} = \"[^\"\\\\]{0,20}\"",
            "[a-z_]{1,12} = [0-9]{1,12}",
            "(ref|kind|role|start|id|day|minutes|samples|owns) = (\"[A-Za-z0-9 .:]{0,10}\"|[0-9]{1,3}|\\[\\]|true)",
            "[\\[\\]{}=\",.a-z0-9 ]{0,30}",
        ],
        0..40,
    )) {
        check(lines.join("\n").as_bytes());
    }
}

#[test]
fn empty_file() {
    assert_eq!(check(b"").errors(), 2);
}

#[test]
fn a_50_megabyte_file_is_refused_with_its_size() {
    let big = REAL_PLAN
        .as_bytes()
        .repeat(50_000_000 / REAL_PLAN.len() + 1);
    let checked = check(&big);
    assert_eq!(checked.diagnostics.len(), 1);
    assert!(
        checked.diagnostics[0]
            .message
            .starts_with("the file is 50."),
        "{}",
        checked.diagnostics[0].message
    );
}

#[test]
fn deeply_nested_arrays_and_tables() {
    for depth in [1_000, 100_000] {
        let arrays = format!("a = {}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(check(arrays.as_bytes()).errors() > 0);
        let tables = format!("a = {}{}", "{b = ".repeat(depth), "}".repeat(depth));
        assert!(check(tables.as_bytes()).errors() > 0);
        let dotted = format!("{} = 1", vec!["k"; depth].join("."));
        assert!(check(dotted.as_bytes()).errors() > 0);
    }
}

#[test]
fn invalid_utf8_and_binary_garbage() {
    assert_eq!(check(&[0xff, 0xfe, 0x00, 0x41]).errors(), 1);
    let garbage: Vec<u8> = (0..65_536u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    assert!(check(&garbage).errors() >= 1);
}
