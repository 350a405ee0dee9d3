//! Keys are data. Every context (a screen, a list's detail, an overlay) has one table of
//! key → action → label; what a key means, the footer, the `?` help and `docs/keys.md` are all
//! read from those tables, so they cannot drift apart. The user's key file (`file`) may rebind
//! any action of any context by its name. Pure but for reading that file: tested without a
//! terminal.

pub(crate) mod file;

use std::borrow::Cow;

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

use super::action::{Action, Screen};

pub use file::KeyFileError;

/// A key as the tables and the key file write it: `j`, `Space`, `Ctrl-S`, `Shift-Tab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    code: KeyCode,
    ctrl: bool,
    alt: bool,
}

/// Names of keys that are not one character, as written and as shown.
const NAMED: &[(&str, KeyCode, &str)] = &[
    ("Space", KeyCode::Char(' '), "Space"),
    ("Enter", KeyCode::Enter, "Enter"),
    ("Esc", KeyCode::Esc, "Esc"),
    ("Tab", KeyCode::Tab, "Tab"),
    ("Backspace", KeyCode::Backspace, "Backspace"),
    ("Delete", KeyCode::Delete, "Delete"),
    ("Insert", KeyCode::Insert, "Insert"),
    ("Home", KeyCode::Home, "Home"),
    ("End", KeyCode::End, "End"),
    ("PageUp", KeyCode::PageUp, "PgUp"),
    ("PageDown", KeyCode::PageDown, "PgDn"),
    ("Up", KeyCode::Up, "↑"),
    ("Down", KeyCode::Down, "↓"),
    ("Left", KeyCode::Left, "←"),
    ("Right", KeyCode::Right, "→"),
];

impl Key {
    /// Reads a key as written: an optional `Ctrl-`, `Alt-` or `Shift-` (any case), then one
    /// character or a key name (`Space`, `Enter`, `Esc`, `Tab`, `Up`, `PageDown`, `F1` …).
    pub(crate) fn parse(text: &str) -> Result<Key, String> {
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let prefix = ["ctrl-", "alt-", "shift-"]
                .into_iter()
                .find(|p| lower.starts_with(p) && rest.len() > p.len());
            match prefix {
                Some("ctrl-") => ctrl = true,
                Some("alt-") => alt = true,
                Some(_) => shift = true,
                None => break,
            }
            rest = &rest[prefix.map_or(0, str::len)..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => match NAMED.iter().find(|(_, _, shown)| *shown == rest) {
                Some((_, code, _)) => *code,
                None if shift => KeyCode::Char(c.to_ascii_uppercase()),
                None if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
                None => KeyCode::Char(c),
            },
            _ => {
                let named = NAMED
                    .iter()
                    .find(|(name, _, shown)| {
                        name.eq_ignore_ascii_case(rest) || shown.eq_ignore_ascii_case(rest)
                    })
                    .map(|(_, code, _)| *code);
                let function = rest
                    .strip_prefix(['F', 'f'])
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=12).contains(n))
                    .map(KeyCode::F);
                match named.or(function) {
                    Some(KeyCode::Tab) if shift => KeyCode::BackTab,
                    Some(code) => code,
                    None => {
                        return Err(format!(
                            "`{text}` is not a key: write one character, or Space, Enter, Esc, \
                             Tab, Backspace, Delete, Insert, Home, End, PageUp, PageDown, Up, \
                             Down, Left, Right or F1-F12, with Ctrl-, Alt- or Shift- before it"
                        ));
                    }
                }
            }
        };
        if rest.is_empty() {
            return Err("an empty key".into());
        }
        Ok(Key { code, ctrl, alt })
    }

    /// The key of a key press; Shift is part of the character (`A`, `?`), except for Tab.
    fn of(event: &KeyEvent) -> Key {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let code = match event.code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            code => code,
        };
        Key {
            code,
            ctrl,
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// The key as the footer, the help and `docs/keys.md` show it; it reads back as itself.
    pub(crate) fn label(&self) -> String {
        let base = match self.code {
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            code => NAMED
                .iter()
                .find(|(_, named, _)| *named == code)
                .map(|(_, _, shown)| shown.to_string())
                .unwrap_or_else(|| match code {
                    KeyCode::Char(c) => c.to_string(),
                    other => format!("{other:?}"),
                }),
        };
        let ctrl = if self.ctrl { "Ctrl-" } else { "" };
        let alt = if self.alt { "Alt-" } else { "" };
        format!("{ctrl}{alt}{base}")
    }
}

/// What a key no table binds does in a context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unbound {
    /// Nothing.
    Ignore,
    /// It is typed into the text; the footer says "type" and this.
    Type(&'static str),
    /// It closes what is shown; the footer says "any key" and this.
    Close(&'static str),
}

/// One line of a key table: the action, its default keys and what the footer and help call it.
#[derive(Debug)]
pub(crate) struct Binding {
    /// What the keys do.
    pub action: Action,
    /// The default keys, as written in the key file; none: the keys of the same action in
    /// the context's parent (listed here to show it in this context's footer and help).
    pub keys: &'static [&'static str],
    /// A few words: "evidence", "close, keep draft".
    pub label: &'static str,
    /// Whether the footer shows it.
    pub footer: bool,
}

/// A binding shown in the footer.
pub(crate) const fn shown(
    action: Action,
    keys: &'static [&'static str],
    label: &'static str,
) -> Binding {
    Binding {
        action,
        keys,
        label,
        footer: true,
    }
}

/// A binding only the help shows.
pub(crate) const fn hidden(
    action: Action,
    keys: &'static [&'static str],
    label: &'static str,
) -> Binding {
    Binding {
        action,
        keys,
        label,
        footer: false,
    }
}

/// What has the keyboard, which decides what a key means: one table of bindings, what other
/// keys do, and the context whose keys also work here.
#[derive(Debug)]
pub struct KeyContext {
    /// Its name in the key file: `sample`, `form`.
    pub name: &'static str,
    /// Its heading in the help and in `docs/keys.md`.
    pub title: &'static str,
    /// Its key table.
    pub(crate) bindings: &'static [Binding],
    /// What other keys do.
    pub(crate) unbound: Unbound,
    /// Whose keys also work here (the screens: `everywhere`).
    pub(crate) parent: Option<&'static KeyContext>,
}

/// The keys of lists and details on every screen.
pub(crate) static EVERYWHERE: KeyContext = KeyContext {
    name: "everywhere",
    title: "Everywhere (lists and details)",
    bindings: &[
        hidden(Action::Up, &["Up", "k"], "move up"),
        hidden(Action::Down, &["Down", "j"], "move down"),
        hidden(Action::PageUp, &["PageUp", "Ctrl-U"], "page up"),
        hidden(Action::PageDown, &["PageDown", "Ctrl-D"], "page down"),
        hidden(Action::Open, &["Enter", "Right", "l"], "open"),
        hidden(Action::Left, &["Left", "h"], "back to the list"),
        hidden(Action::Back, &["Esc"], "back"),
        hidden(Action::Next, &["Tab"], "next screen"),
        hidden(Action::Previous, &["Shift-Tab"], "previous screen"),
        hidden(Action::Retry, &["r"], "retry saving"),
        shown(Action::Help, &["?"], "help"),
        shown(Action::Quit, &["q", "Ctrl-C"], "quit"),
    ],
    unbound: Unbound::Ignore,
    parent: None,
};

/// A binding as it is in effect: the default or the user's keys.
#[derive(Debug, Clone)]
pub(crate) struct Bound {
    /// What the keys do.
    pub action: Action,
    /// The keys; empty: the parent context's keys for the same action.
    pub keys: Vec<Key>,
    /// What the footer and help call it.
    pub label: Cow<'static, str>,
    /// Whether the footer shows it.
    pub footer: bool,
}

/// One entry of the footer: the key as shown and what it does.
pub(crate) type FooterEntry = (String, String);

/// One line of the help and of `docs/keys.md`: an action of a context.
pub(crate) struct KeyRow {
    /// Its keys, as shown.
    pub keys: Vec<String>,
    /// What it does, in a few words.
    pub label: String,
}

/// Every key binding in effect, context by context: the built-in tables, with the user's key
/// file applied.
#[derive(Debug, Clone)]
pub struct Keymap {
    tables: Vec<(&'static KeyContext, Vec<Bound>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::built_in()
    }
}

/// Every context with keys, in the order of the help: everywhere, the screens in the order of
/// the rail, then the overlays.
pub(crate) fn contexts() -> Vec<&'static KeyContext> {
    let mut all = vec![&EVERYWHERE];
    for screen in super::screens::SCREENS {
        for context in screen.contexts {
            if !all.iter().any(|c| std::ptr::eq(*c, *context)) {
                all.push(context);
            }
        }
    }
    all.extend(super::overlays::CONTEXTS);
    all
}

impl Keymap {
    /// The built-in keys; the number keys go to the screens in the order of the rail.
    pub(crate) fn built_in() -> Keymap {
        let tables = contexts()
            .into_iter()
            .map(|context| {
                let mut bound: Vec<Bound> = context
                    .bindings
                    .iter()
                    .map(|b| Bound {
                        action: b.action.clone(),
                        keys: b
                            .keys
                            .iter()
                            .map(|k| Key::parse(k).expect("the built-in keys are valid"))
                            .collect(),
                        label: b.label.into(),
                        footer: b.footer,
                    })
                    .collect();
                if std::ptr::eq(context, &EVERYWHERE) {
                    let screens = super::screens::SCREENS.iter().enumerate();
                    let go_to = screens.map(|(i, s)| Bound {
                        action: Action::GoTo(s.id),
                        keys: char::from_digit(i as u32 + 1, 10)
                            .map(|d| Key {
                                code: KeyCode::Char(d),
                                ctrl: false,
                                alt: false,
                            })
                            .into_iter()
                            .collect(),
                        label: format!("go to {}", s.title).into(),
                        footer: false,
                    });
                    let at = bound.len() - 3;
                    bound.splice(at..at, go_to);
                }
                (context, bound)
            })
            .collect();
        Keymap { tables }
    }

    /// The user's key file applied to the built-in keys: `AUDITDAY_KEYS` if set, else
    /// `keys.toml` in the system's config folder for auditday; no file means the built-in
    /// keys. A file that cannot be used is an error naming its line and column.
    pub(crate) fn load() -> Result<Keymap, KeyFileError> {
        file::load()
    }

    /// The bindings of `context` in effect, mutably, for the key file.
    fn bindings_mut(&mut self, context: &KeyContext) -> Option<&mut Vec<Bound>> {
        self.tables
            .iter_mut()
            .find(|(c, _)| std::ptr::eq(*c, context))
            .map(|(_, bound)| bound)
    }

    /// The bindings of `context` in effect, in table order.
    pub(crate) fn bindings(&self, context: &KeyContext) -> &[Bound] {
        self.tables
            .iter()
            .find(|(c, _)| std::ptr::eq(*c, context))
            .map_or(&[], |(_, bound)| bound.as_slice())
    }

    /// The keys of `action` in `context`, or of its parent where the context lists the
    /// action without keys of its own.
    pub(crate) fn keys_of(&self, context: &KeyContext, action: &Action) -> Vec<Key> {
        let own = self
            .bindings(context)
            .iter()
            .find(|b| &b.action == action)
            .map(|b| b.keys.clone())
            .unwrap_or_default();
        match context.parent {
            Some(parent) if own.is_empty() => self.keys_of(parent, action),
            _ => own,
        }
    }

    /// The key of `action` in `context` as the screen names it in a hint ("press r to
    /// retry"): its first key, or "no key" when the user's key file left it none.
    pub(crate) fn key(&self, context: &KeyContext, action: &Action) -> String {
        self.keys_of(context, action)
            .first()
            .map_or_else(|| "no key".to_string(), Key::label)
    }

    /// The action a key press means in `context`, if any.
    pub fn action(&self, context: &'static KeyContext, key: KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let pressed = Key::of(&key);
        let mut at = Some(context);
        while let Some(c) = at {
            if let Some(b) = self.bindings(c).iter().find(|b| b.keys.contains(&pressed)) {
                return Some(b.action.clone());
            }
            at = c.parent;
        }
        match context.unbound {
            Unbound::Ignore => None,
            Unbound::Type(_) => Some(Action::Type(key.into())),
            Unbound::Close(_) => Some(Action::Back),
        }
    }

    /// The footer of `context`: its keys (with what typing does first and "any key" last),
    /// then the keys of its parent that every footer shows. Neighbours with one label share
    /// an entry: `↑/↓ choose`.
    pub(crate) fn footer(&self, context: &KeyContext) -> (Vec<FooterEntry>, Vec<FooterEntry>) {
        let entries = |c: &KeyContext| -> Vec<FooterEntry> {
            let mut entries: Vec<FooterEntry> = Vec::new();
            for b in self.bindings(c).iter().filter(|b| b.footer) {
                let Some(key) = self.keys_of(c, &b.action).first().map(Key::label) else {
                    continue;
                };
                match entries.last_mut() {
                    Some((keys, label)) if label == &b.label => *keys = format!("{keys}/{key}"),
                    _ => entries.push((key, b.label.to_string())),
                }
            }
            entries
        };
        let mut own = Vec::new();
        if let Unbound::Type(what) = context.unbound
            && !what.is_empty()
        {
            own.push(("type".to_string(), what.to_string()));
        }
        own.extend(entries(context));
        if let Unbound::Close(what) = context.unbound {
            own.push(("any key".to_string(), what.to_string()));
        }
        (own, context.parent.map(entries).unwrap_or_default())
    }

    /// Every context's keys for the help and `docs/keys.md`: heading, then each action's name,
    /// keys and label; `first` (the context that has the keyboard) and its parent lead.
    pub(crate) fn sections(
        &self,
        first: Option<&KeyContext>,
    ) -> Vec<(&'static KeyContext, Vec<KeyRow>)> {
        let leads = |c: &KeyContext| {
            first
                .is_some_and(|f| std::ptr::eq(f, c) || f.parent.is_some_and(|p| std::ptr::eq(p, c)))
        };
        let (lead, rest): (Vec<_>, Vec<_>) = self.tables.iter().partition(|(c, _)| leads(c));
        let lead = lead.into_iter().rev();
        lead.chain(rest)
            .map(|(context, bound)| {
                let rows = bound
                    .iter()
                    .map(|b| KeyRow {
                        keys: self
                            .keys_of(context, &b.action)
                            .iter()
                            .map(Key::label)
                            .collect(),
                        label: b.label.to_string(),
                    })
                    .collect();
                (*context, rows)
            })
            .collect()
    }
}

/// The action a mouse event means (with `--mouse`): the wheel moves the selection, a click on
/// the rail (`rail`: the area of each screen's entry) goes to that screen.
pub fn mouse(event: MouseEvent, rail: &[(Screen, Rect)]) -> Option<Action> {
    match event.kind {
        MouseEventKind::ScrollUp => Some(Action::Up),
        MouseEventKind::ScrollDown => Some(Action::Down),
        MouseEventKind::Down(MouseButton::Left) => rail
            .iter()
            .find(|(_, r)| r.contains(ratatui::layout::Position::new(event.column, event.row)))
            .map(|(screen, _)| Action::GoTo(*screen)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::overlays::{FORM, FORM_LINE, GRADE, HELP};
    use crate::tui::screens::{findings, samples};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn arrows_and_vim_keys_move_in_lists() {
        let keys = Keymap::built_in();
        for (code, want) in [
            (KeyCode::Char('j'), Action::Down),
            (KeyCode::Down, Action::Down),
            (KeyCode::Char('k'), Action::Up),
            (KeyCode::Up, Action::Up),
            (KeyCode::Char('h'), Action::Left),
            (KeyCode::Char('l'), Action::Open),
            (KeyCode::Enter, Action::Open),
            (KeyCode::Tab, Action::Next),
            (KeyCode::BackTab, Action::Previous),
            (KeyCode::Char('/'), Action::Search),
            (KeyCode::Char('?'), Action::Help),
            (KeyCode::Char('q'), Action::Quit),
            (KeyCode::Char('4'), Action::GoTo(Screen::Interviews)),
            (KeyCode::Char('f'), Action::NewFinding),
        ] {
            assert_eq!(
                keys.action(&findings::LIST, key(code)),
                Some(want),
                "{code:?}"
            );
        }
        assert_eq!(
            keys.action(&samples::LIST, key(KeyCode::Char('f'))),
            None,
            "no finding from the sample list"
        );
    }

    #[test]
    fn letters_are_text_while_typing() {
        let keys = Keymap::built_in();
        assert!(matches!(
            keys.action(&FORM, key(KeyCode::Char('q'))),
            Some(Action::Type(_))
        ));
        assert!(matches!(
            keys.action(&FORM, key(KeyCode::Enter)),
            Some(Action::Type(_))
        ));
        assert_eq!(
            keys.action(&FORM_LINE, key(KeyCode::Enter)),
            Some(Action::Open)
        );
        assert_eq!(
            keys.action(
                &FORM_LINE,
                KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)
            ),
            Some(Action::Submit)
        );
        assert_eq!(keys.action(&FORM, key(KeyCode::Esc)), Some(Action::Back));
    }

    #[test]
    fn the_grade_chooser_takes_digits_and_help_closes_on_any_key() {
        let keys = Keymap::built_in();
        assert_eq!(
            keys.action(&GRADE, key(KeyCode::Char('2'))),
            Some(Action::Grade(crate::audit::Grade::Minor))
        );
        assert_eq!(
            keys.action(&HELP, key(KeyCode::Char('x'))),
            Some(Action::Back)
        );
    }

    #[test]
    fn keys_read_back_as_they_are_shown() {
        for written in [
            "j",
            "J",
            "?",
            "Space",
            "Enter",
            "Ctrl-S",
            "Alt-Enter",
            "Shift-Tab",
            "Up",
            "PgDn",
            "F5",
            "ctrl-d",
        ] {
            let key = Key::parse(written).unwrap();
            assert_eq!(Key::parse(&key.label()), Ok(key), "{written}");
        }
        assert_eq!(Key::parse("Shift-a"), Key::parse("A"));
        assert!(Key::parse("Ctrl-").is_err() || Key::parse("Ctrl-") == Key::parse("C"));
        assert!(Key::parse("Hyper-x").is_err());
        assert!(Key::parse("").is_err());
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let keys = Keymap::built_in();
        for (context, bound) in &keys.tables {
            let mut seen = Vec::new();
            for b in bound {
                for k in &b.keys {
                    assert!(
                        !seen.contains(k),
                        "{} bound twice in {}",
                        k.label(),
                        context.name
                    );
                    seen.push(*k);
                }
            }
        }
    }

    /// `docs/keys.md` as the tables make it: the prose, then every context's actions.
    fn keys_doc() -> String {
        let mut doc = String::from(KEYS_DOC_INTRO);
        let keymap = Keymap::built_in();
        for (context, bound) in &keymap.tables {
            if bound.is_empty() {
                continue;
            }
            doc.push_str(&format!("\n### `{}`: {}\n\n", context.name, context.title));
            if let Some(parent) = context.parent {
                doc.push_str(&format!(
                    "The keys of `{}` work here too; an action listed here without keys of its own \
                     uses those keys.\n\n",
                    parent.name
                ));
            }
            match context.unbound {
                Unbound::Ignore => {}
                Unbound::Type(_) => doc.push_str("Any other key is typed into the text.\n\n"),
                Unbound::Close(_) => doc.push_str("Any other key closes it.\n\n"),
            }
            doc.push_str("| action | default keys | what it does |\n|---|---|---|\n");
            for b in bound {
                let keys: Vec<String> = keymap
                    .keys_of(context, &b.action)
                    .iter()
                    .map(|k| format!("`{}`", k.label()))
                    .collect();
                let name = b.action.name().expect("bound actions have names");
                doc.push_str(&format!(
                    "| `{name}` | {} | {} |\n",
                    keys.join(" "),
                    b.label
                ));
            }
        }
        doc
    }

    const KEYS_DOC_INTRO: &str = include_str!("keys-intro.md");

    #[test]
    fn docs_keys_md_lists_every_action_with_its_default_keys() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md");
        let want = keys_doc();
        if std::env::var_os("AUDITDAY_WRITE_DOCS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "docs/keys.md is out of date with the key tables; run \
             `AUDITDAY_WRITE_DOCS=1 cargo test --lib docs_keys_md` and review the change"
        );
    }

    #[test]
    fn the_wheel_moves_and_a_click_on_the_rail_changes_screen() {
        let at = |kind, column, row| MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        };
        let rail = [
            (Screen::Opening, Rect::new(0, 2, 24, 2)),
            (Screen::Samples, Rect::new(0, 4, 24, 2)),
        ];
        assert_eq!(
            mouse(at(MouseEventKind::ScrollDown, 50, 10), &rail),
            Some(Action::Down)
        );
        assert_eq!(
            mouse(at(MouseEventKind::Down(MouseButton::Left), 3, 5), &rail),
            Some(Action::GoTo(Screen::Samples))
        );
        assert_eq!(
            mouse(at(MouseEventKind::Down(MouseButton::Left), 60, 5), &rail),
            None
        );
    }

    #[test]
    fn key_releases_are_ignored() {
        let mut k = key(KeyCode::Char('j'));
        k.kind = KeyEventKind::Release;
        assert_eq!(Keymap::built_in().action(&samples::LIST, k), None);
    }
}
