//! From a key to an action, depending on what has the keyboard: a pure function, tested without
//! a terminal.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

use super::action::{Action, Screen};

/// What has the keyboard, which decides what a key means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyContext {
    /// Lists and details: letters are commands.
    Browse,
    /// A text field: letters are text.
    Text,
    /// A one-line text field in a form, where Enter moves on.
    Line,
    /// A choice among numbered options (the grade of a finding).
    Choice,
    /// The help overlay: any key closes it.
    Help,
}

/// The action a key press means in `context`, if any.
pub fn action(context: KeyContext, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') && context == KeyContext::Browse {
        return Some(Action::Quit);
    }
    match context {
        KeyContext::Help => Some(Action::Back),
        KeyContext::Browse => browse(key, ctrl),
        KeyContext::Choice => match key.code {
            KeyCode::Esc => Some(Action::Back),
            KeyCode::Char(c @ '1'..='9') => Some(Action::Command(c)),
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::Enter => Some(Action::Open),
            _ => None,
        },
        KeyContext::Text | KeyContext::Line => text(context, key, ctrl),
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

fn browse(key: KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match key.code {
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Char('u') if ctrl => Action::PageUp,
        KeyCode::Char('d') if ctrl => Action::PageDown,
        KeyCode::Left | KeyCode::Char('h') => Action::Left,
        KeyCode::Right | KeyCode::Char('l') | KeyCode::Enter => Action::Open,
        KeyCode::Esc => Action::Back,
        KeyCode::Tab => Action::Next,
        KeyCode::BackTab => Action::Previous,
        KeyCode::Char('/') => Action::Search,
        KeyCode::Char('?') => Action::Help,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('r') => Action::Retry,
        KeyCode::Char(' ') => Action::Toggle,
        KeyCode::Char(c @ '1'..='5') => Action::GoTo(Screen::ALL[c as usize - '1' as usize]),
        KeyCode::Char(c) if !ctrl && c.is_ascii_alphabetic() => Action::Command(c),
        _ => return None,
    })
}

fn text(context: KeyContext, key: KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match key.code {
        KeyCode::Esc => Action::Back,
        KeyCode::Tab => Action::Next,
        KeyCode::BackTab => Action::Previous,
        KeyCode::Char('s') if ctrl => Action::Submit,
        KeyCode::Enter if context == KeyContext::Line => Action::Open,
        KeyCode::Enter if key.modifiers.contains(KeyModifiers::ALT) || ctrl => Action::Submit,
        _ => Action::Type(key.into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn arrows_and_vim_keys_move_in_lists() {
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
            (KeyCode::Char('3'), Action::GoTo(Screen::Interviews)),
            (KeyCode::Char('f'), Action::Command('f')),
        ] {
            assert_eq!(
                action(KeyContext::Browse, key(code)),
                Some(want),
                "{code:?}"
            );
        }
    }

    #[test]
    fn letters_are_text_while_typing() {
        assert!(matches!(
            action(KeyContext::Text, key(KeyCode::Char('q'))),
            Some(Action::Type(_))
        ));
        assert!(matches!(
            action(KeyContext::Text, key(KeyCode::Enter)),
            Some(Action::Type(_))
        ));
        assert_eq!(
            action(KeyContext::Line, key(KeyCode::Enter)),
            Some(Action::Open)
        );
        assert_eq!(
            action(
                KeyContext::Text,
                KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)
            ),
            Some(Action::Submit)
        );
        assert_eq!(
            action(KeyContext::Text, key(KeyCode::Esc)),
            Some(Action::Back)
        );
    }

    #[test]
    fn choices_take_digits_and_help_closes_on_any_key() {
        assert_eq!(
            action(KeyContext::Choice, key(KeyCode::Char('2'))),
            Some(Action::Command('2'))
        );
        assert_eq!(
            action(KeyContext::Help, key(KeyCode::Char('x'))),
            Some(Action::Back)
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
        assert_eq!(action(KeyContext::Browse, k), None);
    }
}
