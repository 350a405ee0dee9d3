//! The forms an auditor fills in (evidence item, note, finding …): text fields edited with
//! ratatui-textarea, and lists of items to link. A form knows which field has the keyboard and
//! which fields changed since their draft was last saved.

use std::collections::BTreeSet;

use ratatui::style::{Modifier, Style};
use ratatui_textarea::{TextArea, WrapMode};
use ulid::Ulid;

/// One field of a form.
pub struct Field {
    /// Shown above the field.
    pub label: &'static str,
    /// The name the field's draft is saved under.
    pub name: &'static str,
    /// What the field holds.
    pub input: Input,
    /// Changed since its draft was last saved.
    pub dirty: bool,
}

/// What a field holds.
pub enum Input {
    /// Text; one line (Enter moves on) or several (Enter breaks the line).
    Text {
        /// The editor.
        area: Box<TextArea<'static>>,
        /// Whether Enter breaks the line.
        multiline: bool,
    },
    /// One of a few named options, changed with the arrow keys or its number.
    Choice {
        /// The options' names.
        options: Vec<&'static str>,
        /// The one chosen.
        selected: usize,
    },
    /// Items to link, each with a label, any number chosen.
    Links {
        /// The items that can be linked: id and one-line label.
        options: Vec<(Ulid, String)>,
        /// The ids chosen.
        chosen: BTreeSet<Ulid>,
        /// The highlighted option.
        cursor: usize,
    },
}

impl Field {
    /// A text field holding `text`, with control characters made visible so that a record
    /// holding an escape sequence cannot drive the terminal through the editor.
    pub(crate) fn text(
        label: &'static str,
        name: &'static str,
        text: &str,
        multiline: bool,
    ) -> Field {
        let text = crate::text::escape_controls(text, true);
        let mut area = TextArea::new(text.lines().map(str::to_string).collect());
        if text.ends_with('\n') {
            area.insert_newline();
        }
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_cursor_line_style(Style::new());
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Field {
            label,
            name,
            input: Input::Text {
                area: Box::new(area),
                multiline,
            },
            dirty: false,
        }
    }

    /// A choice among `options`, `selected` first.
    pub(crate) fn choice(
        label: &'static str,
        options: Vec<&'static str>,
        selected: usize,
    ) -> Field {
        Field::named_choice(label, "choice", options, selected)
    }

    /// A choice called `name`, for a form with several: read back with [`Form::choice`].
    pub(crate) fn named_choice(
        label: &'static str,
        name: &'static str,
        options: Vec<&'static str>,
        selected: usize,
    ) -> Field {
        Field {
            label,
            name,
            input: Input::Choice { options, selected },
            dirty: false,
        }
    }

    /// A list of items to link called `name`, with `chosen` already ticked.
    pub(crate) fn links(
        label: &'static str,
        name: &'static str,
        options: Vec<(Ulid, String)>,
        chosen: &[Ulid],
    ) -> Field {
        Field {
            label,
            name,
            input: Input::Links {
                chosen: chosen
                    .iter()
                    .filter(|id| options.iter().any(|(o, _)| o == *id))
                    .copied()
                    .collect(),
                options,
                cursor: 0,
            },
            dirty: false,
        }
    }

    /// The field's text, lines joined; empty for other fields.
    pub(crate) fn value(&self) -> String {
        match &self.input {
            Input::Text { area, .. } => area.lines().join("\n"),
            _ => String::new(),
        }
    }

    /// The chosen links, in id order; empty for other fields.
    pub(crate) fn chosen(&self) -> Vec<Ulid> {
        match &self.input {
            Input::Links { chosen, .. } => chosen.iter().copied().collect(),
            _ => Vec::new(),
        }
    }
}

/// A form: fields and which one has the keyboard.
pub struct Form {
    /// The title of the form's box: "New evidence item — A.8.15".
    pub title: String,
    /// The fields, top to bottom.
    pub fields: Vec<Field>,
    /// The field with the keyboard.
    pub focus: usize,
    /// Why the last attempt to save was refused.
    pub problem: Option<String>,
}

impl Form {
    /// A form with the keyboard on its first field.
    pub(crate) fn new(title: String, fields: Vec<Field>) -> Form {
        let mut form = Form {
            title,
            fields,
            focus: 0,
            problem: None,
        };
        form.show_cursor();
        form
    }

    /// Shows the text cursor in the focused field only.
    fn show_cursor(&mut self) {
        for (i, field) in self.fields.iter_mut().enumerate() {
            if let Input::Text { area, .. } = &mut field.input {
                area.set_cursor_style(if i == self.focus {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                });
            }
        }
    }

    /// The field with the keyboard.
    pub(crate) fn focused(&mut self) -> &mut Field {
        &mut self.fields[self.focus]
    }

    /// Moves the keyboard to the next (or previous) field, wrapping around.
    pub(crate) fn step(&mut self, back: bool) {
        let n = self.fields.len();
        self.focus = if back {
            (self.focus + n - 1) % n
        } else {
            (self.focus + 1) % n
        };
        self.show_cursor();
    }

    /// Whether the keyboard is on the last field.
    pub(crate) fn on_last(&self) -> bool {
        self.focus + 1 == self.fields.len()
    }

    /// The text of the field called `name`.
    pub(crate) fn value(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(Field::value)
            .unwrap_or_default()
    }

    /// The chosen links of the link list called `name`.
    pub(crate) fn chosen(&self, name: &str) -> Vec<Ulid> {
        self.fields
            .iter()
            .filter(|f| f.name == name)
            .flat_map(Field::chosen)
            .collect()
    }

    /// The selected option of the form's choice field.
    pub(crate) fn selected(&self) -> Option<usize> {
        self.fields.iter().find_map(|f| match f.input {
            Input::Choice { selected, .. } => Some(selected),
            _ => None,
        })
    }

    /// The selected option of the choice field called `name`.
    pub(crate) fn choice(&self, name: &str) -> Option<usize> {
        self.fields
            .iter()
            .filter(|f| f.name == name)
            .find_map(|f| match f.input {
                Input::Choice { selected, .. } => Some(selected),
                _ => None,
            })
    }

    /// Puts `text` in the text field called `name` in place of what it held, marked changed so
    /// that its draft is saved; false when there is no such field.
    pub(crate) fn set_text(&mut self, name: &str, text: &str) -> bool {
        let focused = self.focus;
        let Some(at) = self.fields.iter().position(|f| f.name == name) else {
            return false;
        };
        let field = &mut self.fields[at];
        let Input::Text { multiline, .. } = field.input else {
            return false;
        };
        let fresh = Field::text(field.label, field.name, text, multiline);
        field.input = fresh.input;
        field.dirty = true;
        self.focus = focused;
        self.show_cursor();
        true
    }

    /// Sends a key to the focused field: text is edited, a link list moves or toggles.
    pub(crate) fn type_key(&mut self, input: ratatui_textarea::Input) {
        use ratatui_textarea::Key;
        let field = self.focused();
        let changed = match &mut field.input {
            Input::Text { area, .. } => area.input(input),
            Input::Choice { options, selected } => {
                let before = *selected;
                match input.key {
                    Key::Left | Key::Char('h') => *selected = selected.saturating_sub(1),
                    Key::Right | Key::Char('l') | Key::Char(' ') => {
                        *selected = (*selected + 1).min(options.len() - 1)
                    }
                    Key::Char(c @ '1'..='9') => {
                        let i = c as usize - '1' as usize;
                        if i < options.len() {
                            *selected = i;
                        }
                    }
                    _ => {}
                }
                before != *selected
            }
            Input::Links {
                options,
                chosen,
                cursor,
            } => match input.key {
                Key::Up | Key::Char('k') => {
                    *cursor = cursor.saturating_sub(1);
                    false
                }
                Key::Down | Key::Char('j') => {
                    *cursor = (*cursor + 1).min(options.len().saturating_sub(1));
                    false
                }
                Key::Char(' ') | Key::Enter | Key::Char('x') => match options.get(*cursor) {
                    Some((id, _)) => {
                        if !chosen.remove(id) {
                            chosen.insert(*id);
                        }
                        true
                    }
                    None => false,
                },
                _ => false,
            },
        };
        if changed {
            field.dirty = true;
        }
    }

    /// Undoes the last change to the focused text field.
    pub(crate) fn undo(&mut self) {
        let field = self.focused();
        if let Input::Text { area, .. } = &mut field.input
            && area.undo()
        {
            field.dirty = true;
        }
    }

    /// Redoes what was undone in the focused text field.
    pub(crate) fn redo(&mut self) {
        let field = self.focused();
        if let Input::Text { area, .. } = &mut field.input
            && area.redo()
        {
            field.dirty = true;
        }
    }

    /// Inserts pasted text into the focused text field in one step (one undo), with line breaks
    /// kept only where the field takes several lines.
    pub(crate) fn paste(&mut self, text: &str) {
        let field = self.focused();
        if let Input::Text { area, multiline } = &mut field.input {
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            let text = if *multiline {
                text
            } else {
                text.replace('\n', " ")
            };
            let text = crate::text::escape_controls(&text, true).into_owned();
            if area.insert_str(text) {
                field.dirty = true;
            }
        }
    }

    /// Whether the focused field is a one-line text field (Enter moves on).
    pub(crate) fn focus_is_line(&self) -> bool {
        matches!(
            self.fields[self.focus].input,
            Input::Text {
                multiline: false,
                ..
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui_textarea::{Input as Key, Key as K};

    fn key(c: char) -> Key {
        Key {
            key: K::Char(c),
            ..Key::default()
        }
    }

    #[test]
    fn typing_marks_the_field_dirty_and_keeps_the_text() {
        let mut form = Form::new(
            "t".into(),
            vec![Field::text("Statement", "statement", "", true)],
        );
        for c in "Logs ".chars() {
            form.type_key(key(c));
        }
        assert_eq!(form.value("statement"), "Logs ");
        assert!(form.fields[0].dirty);
    }

    #[test]
    fn a_large_paste_is_one_insertion_and_one_line_fields_stay_one_line() {
        let mut form = Form::new(
            "t".into(),
            vec![
                Field::text("Seen", "seen", "", false),
                Field::text("Notes", "text", "", true),
            ],
        );
        form.paste("a\r\nb");
        assert_eq!(form.value("seen"), "a b");
        form.step(false);
        let big = "x".repeat(1_000) + "\n";
        form.paste(&big.repeat(1_000));
        assert_eq!(form.value("text").len(), 1_001_000);
        assert!(form.fields[1].dirty);
    }

    #[test]
    fn link_lists_toggle_with_space() {
        let a = Ulid::from_parts(1, 1);
        let b = Ulid::from_parts(2, 2);
        let mut form = Form::new(
            "t".into(),
            vec![Field::links(
                "Evidence",
                "evidence",
                vec![(a, "one".into()), (b, "two".into())],
                &[],
            )],
        );
        form.type_key(Key {
            key: K::Down,
            ..Key::default()
        });
        form.type_key(key(' '));
        assert_eq!(form.chosen("evidence"), [b]);
        form.type_key(key(' '));
        assert!(form.chosen("evidence").is_empty());
    }
}
