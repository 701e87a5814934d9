//! Everything a menu item, a shortcut or a button can ask the app to do.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::canvas::ViewRequest;
use crate::model::{Kind, Pos};

use super::prefs::Theme;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    New,
    Open,
    OpenPath(PathBuf),
    Save,
    SaveAs,
    Import,
    ImportPath(PathBuf),
    Quit,
    Undo,
    Redo,
    Cut,
    Copy,
    /// Text from the system clipboard, or `None` for the app's own last copy.
    Paste(Option<String>),
    Duplicate,
    Delete,
    SelectAll,
    View(ViewRequest),
    Theme(Theme),
    /// Adds a block; at the centre of the view when no position is given.
    AddBlock(Kind, Option<Pos>),
    /// Replaces the open series with an imported campaign.
    Adopt(Box<crate::import::Imported>),
    SetLive,
    Pause,
    Resume,
}

impl Action {
    /// Whether it throws away the open series, so unsaved work must be asked about.
    pub fn replaces_series(&self) -> bool {
        matches!(
            self,
            Action::New | Action::Open | Action::OpenPath(_) | Action::Adopt(_) | Action::Quit
        )
    }
}

const fn cmd(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn cmd_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

pub const NEW: KeyboardShortcut = cmd(Key::N);
pub const OPEN: KeyboardShortcut = cmd(Key::O);
pub const SAVE: KeyboardShortcut = cmd(Key::S);
pub const SAVE_AS: KeyboardShortcut = cmd_shift(Key::S);
pub const UNDO: KeyboardShortcut = cmd(Key::Z);
pub const REDO: KeyboardShortcut = cmd_shift(Key::Z);
pub const REDO_Y: KeyboardShortcut = cmd(Key::Y);
pub const CUT: KeyboardShortcut = cmd(Key::X);
pub const COPY: KeyboardShortcut = cmd(Key::C);
pub const PASTE: KeyboardShortcut = cmd(Key::V);
pub const DUPLICATE: KeyboardShortcut = cmd(Key::D);
pub const SELECT_ALL: KeyboardShortcut = cmd(Key::A);
pub const ZOOM_FIT: KeyboardShortcut = cmd(Key::Num0);
pub const ZOOM_IN: KeyboardShortcut = cmd(Key::Plus);
pub const ZOOM_IN_EQUALS: KeyboardShortcut = cmd(Key::Equals);
pub const ZOOM_OUT: KeyboardShortcut = cmd(Key::Minus);
pub const DELETE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::Delete);

/// Shortcuts that work anywhere, even while typing in a field.
pub const GLOBAL: [(KeyboardShortcut, fn() -> Action); 4] = [
    (SAVE_AS, || Action::SaveAs),
    (SAVE, || Action::Save),
    (NEW, || Action::New),
    (OPEN, || Action::Open),
];

/// Shortcuts that belong to text fields while one has focus. Order matters:
/// Shift+Cmd+Z before Cmd+Z.
pub const EDITING: [(KeyboardShortcut, fn() -> Action); 9] = [
    (REDO, || Action::Redo),
    (UNDO, || Action::Undo),
    (REDO_Y, || Action::Redo),
    (DUPLICATE, || Action::Duplicate),
    (SELECT_ALL, || Action::SelectAll),
    (ZOOM_FIT, || Action::View(ViewRequest::Fit)),
    (ZOOM_IN, || Action::View(ViewRequest::ZoomIn)),
    (ZOOM_IN_EQUALS, || Action::View(ViewRequest::ZoomIn)),
    (ZOOM_OUT, || Action::View(ViewRequest::ZoomOut)),
];
