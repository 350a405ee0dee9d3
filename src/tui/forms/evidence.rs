//! The evidence item form: what was seen, how it is identified, and a file on the laptop whose
//! fingerprint the runner takes.

use ulid::Ulid;

use super::fields::{Field, Form};
use super::{Fill, FormSpec, required, titled, value};
use crate::audit::{DraftTarget, Event, EvidenceEdited, EvidenceItem, FileSeen};
use crate::tui::app::App;

/// A new evidence item seen for a sample, or a change to one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EvidenceForm {
    /// The sample it is seen for.
    pub sample: Option<String>,
    /// The item being changed, if any.
    pub editing: Option<Ulid>,
    /// In a practice audit, the document the auditee just handed over, which fills a new item.
    #[serde(default)]
    pub handout: Option<String>,
}

impl FormSpec for EvidenceForm {
    fn title(&self, _: &App) -> String {
        titled(self.editing.is_some(), "evidence item", &self.sample)
    }

    fn fields(&self, app: &App, fill: &Fill<'_>) -> Vec<Field> {
        let handed = self.handout.as_deref().and_then(|id| {
            let scenario = app.practice.as_deref()?;
            let h = scenario.handout(id)?;
            Some(EvidenceItem {
                seen: h.title.clone(),
                identifier: h.id.clone(),
                version: h.version.clone(),
                date: h.date.clone(),
                ..EvidenceItem::default()
            })
        });
        let item = self
            .editing
            .and_then(|id| app.evidence_item(id))
            .or(handed)
            .unwrap_or_default();
        vec![
            fill.text("What was seen", "seen", &item.seen, true),
            fill.text(
                "Identifier (document, record, ticket)",
                "identifier",
                &item.identifier,
                false,
            ),
            fill.text("Version", "version", &item.version, false),
            fill.text("Date on it", "date", &item.date, false),
            fill.text(
                "Sample size (e.g. 5 of 23)",
                "sample_size",
                &item.sample_size,
                false,
            ),
            fill.text(
                "File on this laptop (optional path)",
                "file",
                &item.file.map(|f| f.path).unwrap_or_default(),
                false,
            ),
        ]
    }

    fn draft_target(&self) -> DraftTarget {
        match self.editing {
            Some(evidence) => DraftTarget::Evidence { evidence },
            None => DraftTarget::NewEvidence {
                sample: self.sample.clone(),
            },
        }
    }

    fn submit(&self, _: &App, form: &Form) -> Result<Event, String> {
        let content = EvidenceItem {
            sample: self.sample.clone(),
            seen: required(form, "seen", "what was seen")?,
            identifier: value(form, "identifier"),
            version: value(form, "version"),
            date: value(form, "date"),
            sample_size: value(form, "sample_size"),
            file: Some(value(form, "file"))
                .filter(|p| !p.is_empty())
                .map(|path| FileSeen {
                    path,
                    ..FileSeen::default()
                }),
        };
        Ok(match self.editing {
            Some(evidence) => Event::EvidenceEdited(EvidenceEdited { evidence, content }),
            None => Event::EvidenceAdded(content),
        })
    }
}
