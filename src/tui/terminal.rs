//! Taking over the terminal and giving it back: raw mode, the alternate screen, bracketed paste
//! and (optionally) the mouse are set up in one place and undone in one place, on quit, on error
//! and on panic, so the auditor's shell is always left usable.

use std::io::{self, Stdout, Write, stdout};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// What to print after a panic has restored the terminal: where the record is and whether
/// anything is still waiting to be written, as it stands at the moment of the panic.
pub type Farewell = Box<dyn Fn() -> String + Send + Sync>;

/// The terminal while auditday owns it; dropping the guard gives it back.
pub struct TerminalGuard {
    /// The ratatui terminal to draw on.
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    /// Switches to raw mode and the alternate screen with bracketed paste (and mouse capture if
    /// asked), and makes a panic restore the terminal before its message is printed, followed
    /// by `farewell`. The screen's size is asked once here; after that it comes from resize
    /// events ([`TerminalGuard::resize`]), so drawing a frame asks the terminal nothing.
    pub fn enter(mouse: bool, farewell: Farewell) -> io::Result<TerminalGuard> {
        // Start crossterm's event reader before asking the size, so that a resize from here
        // on arrives as an event and none falls between the question and the reader.
        ratatui::crossterm::event::poll(std::time::Duration::ZERO)?;
        let (width, height) = ratatui::crossterm::terminal::size()?;
        install_panic_hook(farewell);
        enable_raw_mode()?;
        let mut out = stdout();
        let entered = execute!(out, EnterAlternateScreen, EnableBracketedPaste).and_then(|()| {
            if mouse {
                execute!(out, EnableMouseCapture)
            } else {
                Ok(())
            }
        });
        if let Err(e) = entered {
            restore();
            return Err(e);
        }
        let options = TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        };
        match Terminal::with_options(CrosstermBackend::new(stdout()), options) {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl TerminalGuard {
    /// The terminal now has this size: the next frame is drawn for it, from a clear screen.
    pub fn resize(&mut self, width: u16, height: u16) -> io::Result<()> {
        self.terminal.resize(Rect::new(0, 0, width, height))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Undoes everything `enter` did; harmless when nothing was done.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

fn install_panic_hook(farewell: Farewell) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
        let _ = writeln!(io::stderr(), "{}", farewell());
    }));
}
