//! The sampling helper: from an SoA, a draft audit plan that samples the controls it declares
//! applicable, every Annex A theme and the management-system loop (9.2, 9.3, 10.2) always,
//! weighted towards the common failure points, reproducible from a seed, with a timetable
//! that fits the days.

use chrono::{Duration, NaiveDate, NaiveTime};

use super::{Listed, SoaReport};
use crate::catalogue::{Catalogue, EntryKind};
use crate::plan::AuditKind;
use crate::text::one_line;

/// The clauses every drafted plan samples: internal audit, management review, corrective
/// action, the loop a certification audit must see turning.
const ALWAYS: [(&str, &str); 3] = [
    (
        "9.2",
        "An internal audit covering the whole ISMS must have been completed; none is a major nonconformity.",
    ),
    (
        "9.3",
        "A management review with top management, covering the required inputs, must have been held.",
    ),
    (
        "10.2",
        "Nonconformities, the internal audit's among them, corrected with their causes found and the actions' effectiveness reviewed.",
    ),
];

/// The common first-time failure points (AUDIT-DAY.md): clauses and controls drawn four times
/// as often as another applicable control, with why.
const FAILURE_POINTS: [(&str, &str); 10] = [
    ("6.1.2", RISK),
    ("6.1.3", RISK),
    ("8.2", RISK),
    ("7.2", TRAINING),
    ("7.3", TRAINING),
    ("A.6.3", TRAINING),
    (
        "7.5.3",
        "Common failure point: documented information not accessible to the staff who need it.",
    ),
    ("A.5.15", ACCESS),
    ("A.5.18", ACCESS),
    ("A.8.2", ACCESS),
];
const RISK: &str =
    "Common failure point: the risk assessment not reviewed, or not approved by the risk owners.";
const TRAINING: &str =
    "Common failure point: training and awareness not completed by all in-scope staff.";
const ACCESS: &str = "Common failure point: access reviews promised but not evidenced.";

/// How many times a failure point is as likely to be drawn as another control.
const FAILURE_WEIGHT: u64 = 4;
/// How many times a control the SoA says is not fully implemented is as likely to be drawn.
const NOT_IMPLEMENTED_WEIGHT: u64 = 2;

/// The working day: from 09:00 to 17:00, lunch 12:30–13:15.
const DAY_START: u32 = 9 * 60;
const DAY_END: u32 = 17 * 60;
const LUNCH: (u32, u32) = (12 * 60 + 30, 13 * 60 + 15);
/// An interview each afternoon after lunch, 45 minutes.
const INTERVIEW_END: u32 = 14 * 60;
/// The longest a sample is given, and the shortest that still makes sense.
const LONGEST_SAMPLE: u32 = 45;
const SHORTEST_SAMPLE: u32 = 10;
/// The longest one slot of samples runs.
const LONGEST_SLOT: u32 = 90;

/// What the sampling helper is asked for.
#[derive(Debug, Clone)]
pub struct DraftRequest<'a> {
    /// The SoA checked.
    pub soa: &'a SoaReport,
    /// The kind of audit the plan is for.
    pub kind: AuditKind,
    /// How many days the audit takes (1–31).
    pub days: u32,
    /// How many samples in all, the three clauses always sampled included.
    pub samples: usize,
    /// The seed of the draw: the same seed and SoA draw the same samples.
    pub seed: u64,
    /// The first day (a placeholder the auditor edits).
    pub start: NaiveDate,
}

/// Why no plan could be drafted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SampleError {
    /// Fewer samples than the clauses always sampled and one control of each theme.
    #[error(
        "{asked} samples cannot cover 9.2, 9.3, 10.2 and a control of each of the {themes} themes: ask for at least {least}"
    )]
    TooFew {
        /// Samples asked for.
        asked: usize,
        /// Themes with an applicable control.
        themes: usize,
        /// The fewest that cover them.
        least: usize,
    },
    /// More samples than there are applicable controls and clauses to sample.
    #[error(
        "{asked} samples are more than the {available} there are to draw from (the SoA's applicable controls and the clauses): ask for at most {available}"
    )]
    TooMany {
        /// Samples asked for.
        asked: usize,
        /// Samples there are.
        available: usize,
    },
    /// The days cannot hold the samples.
    #[error("{samples} samples do not fit in {days} day{}, at {SHORTEST_SAMPLE} minutes each at least: ask for more --days or fewer --samples", if *.days == 1 { "" } else { "s" })]
    DoNotFit {
        /// Samples asked for.
        samples: usize,
        /// Days asked for.
        days: u32,
    },
    /// A number of days the plan format does not take.
    #[error("an audit of {0} days cannot be planned: give 1 to 31 days")]
    Days(u32),
    /// An SoA with no applicable control.
    #[error("the SoA declares no control applicable: there is nothing to sample")]
    NothingApplicable,
}

/// One sample drawn: its canonical id, its group in the timetable and why it was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Chosen {
    id: String,
    group: Group,
    why: String,
}

/// Where a sample goes in the timetable: the management-system clauses first, then each Annex
/// A theme, the loop (9.2, 9.3, 10.2) last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Clauses,
    Theme(usize),
    Loop,
}

/// A seeded splitmix64 generator: small, fast, and the same numbers on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0), without modulo bias worth speaking of.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }
}

/// A candidate for the draw.
struct Candidate {
    id: String,
    group: Group,
    weight: u64,
    why: String,
}

/// The draft plan's TOML for `request`: valid, passing `auditday check`, with every
/// placeholder marked `EDIT` in a comment.
pub fn draft_plan(request: &DraftRequest, catalogue: &Catalogue) -> Result<String, SampleError> {
    if !(1..=31).contains(&request.days) {
        return Err(SampleError::Days(request.days));
    }
    let chosen = choose(request, catalogue)?;
    let slots = timetable(&chosen, request.days).ok_or(SampleError::DoNotFit {
        samples: chosen.len(),
        days: request.days,
    })?;
    Ok(write_toml(request, catalogue, &chosen, &slots))
}

/// The samples drawn: the loop's clauses, then one control of each theme with an applicable
/// control, then the rest by weight; in timetable order.
fn choose(request: &DraftRequest, catalogue: &Catalogue) -> Result<Vec<Chosen>, SampleError> {
    let applicable: Vec<&Listed> = (request.soa.listed.iter())
        .filter(|l| l.applicable == Some(true))
        .collect();
    if applicable.is_empty() {
        return Err(SampleError::NothingApplicable);
    }
    let theme_index = |id: &str| {
        let theme = catalogue.get(id)?.theme.as_deref()?;
        catalogue.themes.iter().position(|t| t.id == theme)
    };
    let mut pool: Vec<Candidate> = FAILURE_POINTS
        .iter()
        .filter(|(id, _)| {
            catalogue
                .get(id)
                .is_some_and(|e| e.kind == EntryKind::Clause)
        })
        .map(|(id, why)| Candidate {
            id: (*id).to_owned(),
            group: Group::Clauses,
            weight: FAILURE_WEIGHT,
            why: (*why).to_owned(),
        })
        .collect();
    for listed in &applicable {
        let Some(theme) = theme_index(&listed.id) else {
            continue;
        };
        let failure = FAILURE_POINTS.iter().find(|(id, _)| *id == listed.id);
        let mut why = failure.map_or_else(
            || format!("Applicable in the SoA (row {}).", listed.row),
            |(_, why)| (*why).to_owned(),
        );
        let mut weight = if failure.is_some() { FAILURE_WEIGHT } else { 1 };
        if listed.implemented == Some(false) {
            weight *= NOT_IMPLEMENTED_WEIGHT;
            why.push_str(" The SoA says it is not fully implemented: see how far it is.");
        }
        pool.push(Candidate {
            id: listed.id.clone(),
            group: Group::Theme(theme),
            weight,
            why,
        });
    }
    let mut themes: Vec<usize> = pool
        .iter()
        .filter_map(|c| match c.group {
            Group::Theme(t) => Some(t),
            _ => None,
        })
        .collect();
    themes.sort_unstable();
    themes.dedup();
    let least = ALWAYS.len() + themes.len();
    if request.samples < least {
        return Err(SampleError::TooFew {
            asked: request.samples,
            themes: themes.len(),
            least,
        });
    }
    let available = ALWAYS.len() + pool.len();
    if request.samples > available {
        return Err(SampleError::TooMany {
            asked: request.samples,
            available,
        });
    }
    let mut rng = SplitMix64(request.seed);
    let mut chosen: Vec<Chosen> = ALWAYS
        .iter()
        .map(|(id, why)| Chosen {
            id: (*id).to_owned(),
            group: Group::Loop,
            why: (*why).to_owned(),
        })
        .collect();
    for theme in themes {
        let in_theme: Vec<usize> = (0..pool.len())
            .filter(|&i| pool[i].group == Group::Theme(theme))
            .collect();
        let picked = draw(&pool, &in_theme, &mut rng);
        chosen.push(take(&mut pool, picked));
    }
    while chosen.len() < request.samples {
        let all: Vec<usize> = (0..pool.len()).collect();
        let picked = draw(&pool, &all, &mut rng);
        chosen.push(take(&mut pool, picked));
    }
    let position = |id: &str| {
        (catalogue.entries.iter())
            .position(|e| e.id == id)
            .unwrap_or(usize::MAX)
    };
    chosen.sort_by_key(|c| (c.group, position(&c.id)));
    Ok(chosen)
}

/// One of `among` (indices into `pool`, not empty), drawn by weight.
fn draw(pool: &[Candidate], among: &[usize], rng: &mut SplitMix64) -> usize {
    let total: u64 = among.iter().map(|&i| pool[i].weight).sum();
    let mut at = rng.below(total.max(1));
    for &i in among {
        if at < pool[i].weight {
            return i;
        }
        at -= pool[i].weight;
    }
    among[among.len() - 1]
}

/// Removes the candidate at `i` from the pool as a chosen sample.
fn take(pool: &mut Vec<Candidate>, i: usize) -> Chosen {
    let c = pool.swap_remove(i);
    Chosen {
        id: c.id,
        group: c.group,
        why: c.why,
    }
}

/// One slot of the timetable.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Slot {
    day: u32,
    start: u32,
    minutes: u32,
    kind: &'static str,
    title: String,
    /// Indices into the chosen samples.
    samples: Vec<usize>,
}

/// The timetable of `days` days holding `chosen`: the opening on day 1, an interview after each
/// lunch, a team review at the end of each day and the closing on the last; the samples in
/// slots of at most [`LONGEST_SLOT`] minutes, each sample given as long as the days allow, up
/// to [`LONGEST_SAMPLE`] minutes. `None` when they do not fit at [`SHORTEST_SAMPLE`] minutes.
fn timetable(chosen: &[Chosen], days: u32) -> Option<Vec<Slot>> {
    let mut minutes = LONGEST_SAMPLE;
    while minutes >= SHORTEST_SAMPLE {
        if let Some(samples) = pack(chosen, days, minutes) {
            let mut slots = fixed_slots(days);
            slots.extend(samples);
            slots.sort_by_key(|s| (s.day, s.start));
            return Some(slots);
        }
        minutes -= 5;
    }
    None
}

/// The meetings, breaks and interviews of each day.
fn fixed_slots(days: u32) -> Vec<Slot> {
    let slot = |day, start, minutes, kind, title: &str| Slot {
        day,
        start,
        minutes,
        kind,
        title: title.to_owned(),
        samples: Vec::new(),
    };
    let mut slots = vec![slot(1, DAY_START, 30, "opening", "Opening meeting")];
    for day in 1..=days {
        slots.push(slot(day, LUNCH.0, LUNCH.1 - LUNCH.0, "break", "Lunch"));
        slots.push(slot(
            day,
            LUNCH.1,
            INTERVIEW_END - LUNCH.1,
            "interview",
            "Interview: staff from a function in scope",
        ));
        if day < days {
            slots.push(slot(
                day,
                DAY_END - 30,
                30,
                "other",
                "Audit team review of the day",
            ));
        }
    }
    slots.push(slot(
        days,
        DAY_END - 90,
        45,
        "other",
        "Audit team review, grading of findings",
    ));
    slots.push(slot(days, DAY_END - 45, 45, "closing", "Closing meeting"));
    slots
}

/// The windows the samples go in, in order: (day, start, end) in minutes of the day.
fn windows(days: u32) -> Vec<(u32, u32, u32)> {
    (1..=days)
        .flat_map(|day| {
            let start = if day == 1 { DAY_START + 30 } else { DAY_START };
            let end = if day == days {
                DAY_END - 90
            } else {
                DAY_END - 30
            };
            [(day, start, LUNCH.0), (day, INTERVIEW_END, end)]
        })
        .collect()
}

/// The sample slots at `minutes` a sample, or `None` when they do not fit. A slot holds one
/// group's samples only, and is cut where a window ends.
fn pack(chosen: &[Chosen], days: u32, minutes: u32) -> Option<Vec<Slot>> {
    let windows = windows(days);
    let mut window = 0;
    let mut at = windows.first()?.1;
    let mut slots: Vec<Slot> = Vec::new();
    let per_slot = (LONGEST_SLOT / minutes).max(1) as usize;
    let mut i = 0;
    while i < chosen.len() {
        let (day, _, end) = *windows.get(window)?;
        let fit = ((end - at) / minutes) as usize;
        if fit == 0 {
            window += 1;
            at = windows.get(window)?.1;
            continue;
        }
        let group = chosen[i].group;
        let same = chosen[i..].iter().take_while(|c| c.group == group).count();
        let n = same.min(per_slot).min(fit);
        slots.push(Slot {
            day,
            start: at,
            minutes: n as u32 * minutes,
            kind: "samples",
            title: String::new(),
            samples: (i..i + n).collect(),
        });
        at += n as u32 * minutes;
        i += n;
    }
    Some(slots)
}

/// A TOML string, quoted and escaped by the `toml` crate.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// A TOML list of strings.
fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(quoted).collect();
    format!("[{}]", items.join(", "))
}

/// The plan's TOML.
fn write_toml(
    request: &DraftRequest,
    catalogue: &Catalogue,
    chosen: &[Chosen],
    slots: &[Slot],
) -> String {
    use std::fmt::Write;
    let kind = AuditKind::ALL
        .iter()
        .find(|(k, _)| *k == request.kind)
        .map_or("stage2", |(_, name)| name);
    let soa = request.soa;
    let soa_file = one_line(&soa.file);
    let sheet = soa
        .sheet
        .as_deref()
        .map(|s| format!("sheet \"{}\", ", one_line(s)))
        .unwrap_or_default();
    let end_date = request.start + Duration::days(i64::from(request.days) - 1);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# A {} audit plan drafted by `auditday plan new --from-soa` from {soa_file}\n\
         # ({sheet}heading on row {}): {} samples drawn with seed {} from the {} controls the SoA\n\
         # declares applicable, weighted towards the common failure points; the same command with\n\
         # --seed {} draws the same samples again.\n\
         #\n\
         # Every value under an `EDIT` comment is a placeholder: replace it, then run\n\
         # `auditday check` on this file.",
        request.kind.label(),
        soa.header_row,
        chosen.len(),
        request.seed,
        soa.applicable,
        request.seed,
    );
    let title = format!(
        "Organisation name — {} {} audit",
        catalogue.title,
        request.kind.label()
    );
    let _ = write!(
        out,
        "\n[audit]\n\
         # EDIT: the audit's id names the folder its record is kept in (a-z, 0-9, - and _)\n\
         id = {}\n\
         # EDIT: the title shown in the header and on the report\n\
         title = {}\n\
         kind = {}\n\
         standard = {}\n\
         # EDIT: the audited organisation\n\
         organisation = {}\n\
         # EDIT: the scope statement, as certified or to be certified\n\
         scope = {}\n\
         criteria = {}\n\
         # EDIT: the first and the last day; the timetable below fills {} day{}, 09:00 to 17:00\n\
         start = {}T09:00:00\n\
         end = {}T17:00:00\n",
        quoted(&audit_id(&soa.file, kind)),
        quoted(&title),
        quoted(kind),
        quoted(&catalogue.id),
        quoted("Organisation name"),
        quoted("Scope of the ISMS, as on the certificate"),
        quoted(&format!(
            "{}; the organisation's Statement of Applicability ({})",
            catalogue.title,
            file_name(&soa.file)
        )),
        request.days,
        if request.days == 1 { "" } else { "s" },
        request.start.format("%Y-%m-%d"),
        end_date.format("%Y-%m-%d"),
    );
    let _ = write!(
        out,
        "\n[[team]]\n# EDIT: the lead auditor's name\nname = {}\nrole = \"lead\"\n",
        quoted("Lead auditor")
    );
    let mut day = 0;
    for slot in slots {
        if slot.day != day {
            day = slot.day;
            let _ = writeln!(out, "\n# Day {day} {}", "-".repeat(70));
        }
        let _ = write!(out, "\n[[agenda]]\n");
        if slot.day > 1 {
            let _ = writeln!(out, "day = {}", slot.day);
        }
        let title = if slot.samples.is_empty() {
            slot.title.clone()
        } else {
            slot_title(catalogue, chosen, &slot.samples)
        };
        let _ = writeln!(
            out,
            "start = \"{}\"\nminutes = {}\ntitle = {}\nkind = \"{}\"",
            clock(slot.start),
            slot.minutes,
            quoted(&title),
            slot.kind
        );
        if !slot.samples.is_empty() {
            let _ = writeln!(
                out,
                "samples = {}",
                quoted_list(slot.samples.iter().map(|&i| chosen[i].id.as_str()))
            );
        }
    }
    let _ = writeln!(out, "\n# Samples {}", "-".repeat(70));
    for sample in chosen {
        let _ = write!(
            out,
            "\n[[sample]]\nref = {}\nwhy = {}\n",
            quoted(&sample.id),
            quoted(&sample.why)
        );
    }
    out
}

/// A slot's title: its group's name and its samples' ids.
fn slot_title(catalogue: &Catalogue, chosen: &[Chosen], samples: &[usize]) -> String {
    let ids: Vec<&str> = samples.iter().map(|&i| chosen[i].id.as_str()).collect();
    let group = match chosen[samples[0]].group {
        Group::Clauses => "Context, leadership, planning and support".to_owned(),
        Group::Theme(t) => catalogue
            .themes
            .get(t)
            .map_or_else(String::new, |t| t.title.clone()),
        Group::Loop => "Internal audit, management review, corrective action".to_owned(),
    };
    format!("{group}: {}", ids.join(", "))
}

/// `HH:MM` of minutes in the day.
fn clock(minutes: u32) -> String {
    NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0)
        .map_or_else(String::new, |t| t.format("%H:%M").to_string())
}

/// The file's name without its folders.
fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
}

/// A valid audit id from the SoA's file name and the kind: `acme-soa-stage2`.
fn audit_id(path: &str, kind: &str) -> String {
    let stem = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut id = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let mut id: String = id.trim_end_matches('-').chars().take(50).collect();
    if id.is_empty() {
        id.push_str("audit");
    }
    format!("{}-{kind}", id.trim_end_matches('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_gives_the_reference_sequence() {
        let mut rng = SplitMix64(1234567);
        assert_eq!(rng.next(), 6457827717110365317);
        assert_eq!(rng.next(), 3203168211198807973);
    }

    #[test]
    fn ids_come_from_the_file_name() {
        assert_eq!(
            audit_id("/x/Acme SoA v2.1.xlsx", "stage2"),
            "acme-soa-v2-1-stage2"
        );
        assert_eq!(audit_id("ß.csv", "mock"), "audit-mock");
        assert_eq!(
            audit_id(&"a".repeat(100), "internal").len(),
            "internal".len() + 51
        );
    }

    #[test]
    fn quoted_text_reads_back_as_written() {
        for text in [
            "a\"b\\c\nd",
            "it's",
            "'''\"\"\"",
            "\u{1b}[2J\r",
            "x = 1\n[audit]",
        ] {
            let doc: toml::Table = toml::from_str(&format!("v = {}", quoted(text))).unwrap();
            assert_eq!(doc["v"].as_str(), Some(text));
        }
    }

    #[test]
    fn samples_get_shorter_before_they_do_not_fit() {
        let chosen: Vec<Chosen> = (0..30)
            .map(|i| Chosen {
                id: format!("A.5.{i}"),
                group: Group::Theme(0),
                why: String::new(),
            })
            .collect();
        let slots = timetable(&chosen, 2).unwrap();
        let sampled: usize = slots.iter().map(|s| s.samples.len()).sum();
        assert_eq!(sampled, 30);
        assert!(slots.iter().all(|s| s.minutes <= LONGEST_SLOT));
        assert!(timetable(&chosen, 1).is_none());
    }
}
