//! Which controls of the current edition took the place of each control of the previous one
//! (ISO/IEC 27002:2022 Table B.2): a plan or a finding written from last cycle's notes says
//! `A.12.4.1`, and the auditor needs to be told `A.8.15`, not only that the id is old.
//!
//! The table is data shipped in `assets/catalogues/` with its provenance, read once.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Catalogue;

/// The ISO/IEC 27001:2013 → 2022 Annex A correspondence, as the reference table has it.
const ISO27001_2013_TO_2022: &str =
    include_str!("../../assets/catalogues/iso27001-2013-to-2022.tsv");

/// A correspondence between two editions' controls.
#[derive(Debug)]
pub(super) struct Correspondence {
    /// The year of the edition the old ids come from (`2013`), from the table's header.
    from: String,
    /// The year of the edition the new ids belong to (`2022`).
    to: String,
    /// The new ids of each old id, in the table's order.
    successors: HashMap<String, Vec<String>>,
}

impl Correspondence {
    /// The built-in correspondence, parsed at its first use.
    pub(super) fn builtin() -> &'static Correspondence {
        static TABLE: OnceLock<Correspondence> = OnceLock::new();
        TABLE.get_or_init(|| {
            Correspondence::parse(ISO27001_2013_TO_2022)
                .expect("the built-in correspondence is valid")
        })
    }

    /// Reads a table whose header is `id_<old year>`, `title_<old year>`, `ids_<new year>` and
    /// whose rows give an old id, its title and the new ids separated by commas.
    fn parse(text: &str) -> Result<Correspondence, String> {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
        let (from, to) = match header.as_slice() {
            [id, _, ids] => (
                id.strip_prefix("id_").ok_or("no id_ column")?,
                ids.strip_prefix("ids_").ok_or("no ids_ column")?,
            ),
            _ => return Err(format!("header {header:?} has not three columns")),
        };
        let mut successors = HashMap::new();
        for line in lines {
            let [id, _, ids] = line.split('\t').collect::<Vec<_>>()[..] else {
                return Err(format!("row {line:?} has not three columns"));
            };
            let ids: Vec<String> = ids.split(',').map(|i| i.trim().to_string()).collect();
            if ids.iter().any(String::is_empty) || successors.insert(id.to_string(), ids).is_some()
            {
                return Err(format!("row {line:?} is empty or given twice"));
            }
        }
        Ok(Correspondence {
            from: from.to_string(),
            to: to.to_string(),
            successors,
        })
    }

    /// Whether the table maps ids of `catalogue`'s previous edition to its own: the catalogue
    /// is the edition named by the table's new year, and its previous edition the old year.
    pub(super) fn applies_to(&self, catalogue: &Catalogue) -> bool {
        let year = |name: &str| name.rsplit(':').next().map(str::to_string);
        year(&catalogue.title).as_ref() == Some(&self.to)
            && catalogue
                .previous_edition
                .as_deref()
                .and_then(year)
                .as_ref()
                == Some(&self.from)
    }

    /// The new ids of an old canonical id (`A.12.4.1`), empty when the table does not have it.
    pub(super) fn successors(&self, old: &str) -> &[String] {
        self.successors.get(old).map_or(&[], Vec::as_slice)
    }

    /// The old ids whose successors include `new`, sorted; empty for a control new in this
    /// edition.
    pub(super) fn predecessors(&self, new: &str) -> Vec<&str> {
        let mut old: Vec<&str> = (self.successors.iter())
            .filter(|(_, ids)| ids.iter().any(|id| id == new))
            .map(|(old, _)| old.as_str())
            .collect();
        old.sort_unstable();
        old
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn successors(old: &str) -> Vec<&str> {
        Correspondence::builtin()
            .successors(old)
            .iter()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn event_logging_became_logging() {
        assert_eq!(successors("A.12.4.1"), ["A.8.15"]);
    }

    #[test]
    fn user_registration_became_identity_management() {
        assert_eq!(successors("A.9.2.1"), ["A.5.16"]);
    }

    /// A.5.1 Policies for information security took in both 2013 policy controls.
    #[test]
    fn two_policy_controls_merged_into_one() {
        assert_eq!(successors("A.5.1.1"), ["A.5.1"]);
        assert_eq!(successors("A.5.1.2"), ["A.5.1"]);
    }

    /// Technical compliance review split between the compliance review of policies and the
    /// management of technical vulnerabilities.
    #[test]
    fn technical_compliance_review_split_in_two() {
        assert_eq!(successors("A.18.2.3"), ["A.5.36", "A.8.8"]);
    }

    #[test]
    fn logging_replaced_event_logging_and_threat_intelligence_is_new() {
        let table = Correspondence::builtin();
        assert_eq!(
            table.predecessors("A.8.15"),
            ["A.12.4.1", "A.12.4.2", "A.12.4.3"]
        );
        assert!(table.predecessors("A.5.7").is_empty());
    }

    #[test]
    fn an_id_the_old_edition_did_not_have_has_no_successor() {
        assert!(successors("A.12.4.9").is_empty());
        assert!(successors("A.8.15").is_empty());
    }

    #[test]
    fn every_row_of_the_2013_edition_is_there_and_every_new_id_is_in_the_catalogue() {
        let table = Correspondence::builtin();
        let catalogue = Catalogue::iso27001_2022();
        assert_eq!((table.from.as_str(), table.to.as_str()), ("2013", "2022"));
        assert_eq!(table.successors.len(), 114);
        for (old, new) in &table.successors {
            for id in new {
                assert!(catalogue.get(id).is_some(), "{old} → {id}");
            }
        }
        assert!(table.applies_to(catalogue));
    }

    #[test]
    fn a_malformed_table_is_refused() {
        assert!(Correspondence::parse("id\ttitle\n").is_err());
        assert!(Correspondence::parse("id_1\ttitle_1\tids_2\nA.1\tx\n").is_err());
        assert!(Correspondence::parse("id_1\ttitle_1\tids_2\nA.1\tx\tB.1\nA.1\ty\tB.2\n").is_err());
        assert!(Correspondence::parse("id_1\ttitle_1\tids_2\nA.1\tx\t\n").is_err());
    }
}
