//! Everything a marketer can ask the app to do, as one value that knows its
//! label, its keyboard shortcuts, its place in the menus and when it is enabled
//! (as rerun's `UICommand` does). Menus, shortcuts, the canvas and the panels
//! only produce [`Intent`]s; the app carries each one out in one place, once per
//! frame, in the order they came. A new action is one variant here and one arm
//! where the app carries it out.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::app::Tried;
use crate::canvas::ViewRequest;
use crate::check::QuickFix;
use crate::diff::Subject;
use crate::edit::{Edit, MergeKey};
use crate::import::Imported;
use crate::model::{BlockId, Kind, Port, Pos, Status};
use crate::panels::preview::PreviewTab;
use crate::templates::Template;
use crate::theme::Theme;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    New,
    /// Shows the templates to start from.
    NewFromTemplate,
    /// Replaces the open series with a fresh copy of a template.
    UseTemplate(Template),
    Open,
    OpenPath(PathBuf),
    Save,
    SaveAs,
    /// Saves to this file (the one Save As… picked).
    SaveTo(PathBuf),
    ImportCampaign,
    /// Asks where to save a picture of the series (of the selection, if any).
    ExportPicture,
    /// Saves the picture to this file (SVG or PNG by its ending).
    ExportPictureTo(PathBuf),
    /// Shows the import preview of a campaign export.
    ImportPath(PathBuf),
    /// Replaces the open series with an imported campaign (from the preview).
    Adopt(Box<Imported>),
    /// Asks for another version of the series to compare it with.
    CompareWith,
    /// Compares the series with this file: what changed since it, on the canvas
    /// and in a list.
    ComparePath(PathBuf),
    /// Brings what a change of the comparison is about into view.
    ShowChange(Subject),
    /// Leaves the comparison; the series can be changed again.
    EndComparison,
    Quit,
    Undo,
    Redo,
    Cut,
    Copy,
    /// The app's own last copy.
    Paste,
    /// Text from the system clipboard.
    PasteText(String),
    Duplicate,
    /// Removes the selected blocks and arrows.
    Delete,
    SelectAll,
    /// Selects these blocks and brings them into view.
    ShowBlocks(Vec<BlockId>),
    /// Opens the Find bar (or puts the cursor back in it).
    Find,
    /// The Find bar's words changed.
    FindText(String),
    FindNext,
    FindPrevious,
    /// Goes to the Find bar's match at this place in its list.
    FindShow(usize),
    CloseFind,
    /// Lays out the selected blocks (two or more), or the whole series, in
    /// layers along the arrows, as one undo step.
    Tidy,
    /// Shows or hides the minimap.
    ToggleMinimap,
    View(ViewRequest),
    Theme(Theme),
    AddBlock {
        kind: Kind,
        at: Placement,
        /// An output to connect the new block from, if it is free.
        from: Option<Port>,
    },
    /// A go-live check's quick fix, worked out on the series as it is then.
    QuickFix(QuickFix),
    SetLive,
    Pause,
    Resume,
    /// Shows or hides the Preview panel (a test customer, an audience).
    TogglePreview,
    /// Shows the Preview panel at this tab.
    PreviewTab(PreviewTab),
    /// Shows this customer's way through the series in the Preview panel.
    TryCustomer(Tried),
    /// Asks for a customers file to pick a customer from.
    PickCustomersFile,
    /// Reads this customers file (on a thread) to pick a customer from.
    PickCustomersFrom(PathBuf),
    /// Asks where to export the test customers as expectations.
    ExportTestCustomers,
    /// Writes the test customers as an expectations file here, with the
    /// customers file it names beside it.
    ExportTestCustomersTo(PathBuf),
    /// Asks for a customers file to simulate.
    ChooseCustomers,
    /// Simulates the customers in this file (the one the dialog picked).
    SimulateFile(PathBuf),
    /// Simulates the audience the Audience tab describes, again after a
    /// change; a run under way is stopped first.
    Simulate,
    /// Stops the simulation under way.
    CancelSimulation,
    /// Shows or hides the figures on the canvas.
    ToggleFigures,
}

/// Where a new block goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Placement {
    /// In the middle of what the canvas shows.
    ViewCentre,
    /// Its card centred on this canvas point (a palette tile dropped there).
    CentredAt(Pos),
    /// Its input on this canvas point (an arrow dropped there).
    InputAt(Pos),
}

/// What the canvas and panels hand to the app each frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    Act(Action),
    /// A change to the series; edits with the same key join one undo step.
    Edit(Edit, Option<MergeKey>),
    /// A gesture (a drag) ended: the next edit starts a new undo step.
    EndGesture,
}

impl From<Action> for Intent {
    fn from(action: Action) -> Self {
        Intent::Act(action)
    }
}

/// The menus of the menu bar, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    View,
    Series,
}

impl Menu {
    pub const ALL: [Menu; 4] = [Menu::File, Menu::Edit, Menu::View, Menu::Series];

    pub fn label(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Edit => "Edit",
            Menu::View => "View",
            Menu::Series => "Series",
        }
    }

    /// The menu's entries in groups; a separator stands between two groups.
    pub fn groups(self) -> Vec<Vec<Entry>> {
        use Entry::{Do, RecentFiles, Title};
        match self {
            Menu::File => vec![
                vec![
                    Do(Action::New),
                    Do(Action::NewFromTemplate),
                    Do(Action::Open),
                    RecentFiles,
                ],
                vec![Do(Action::Save), Do(Action::SaveAs)],
                vec![
                    Do(Action::CompareWith),
                    Do(Action::ImportCampaign),
                    Do(Action::ExportPicture),
                ],
                vec![Do(Action::Quit)],
            ],
            Menu::Edit => vec![
                vec![Do(Action::Undo), Do(Action::Redo)],
                vec![
                    Do(Action::Cut),
                    Do(Action::Copy),
                    Do(Action::Paste),
                    Do(Action::Duplicate),
                    Do(Action::Delete),
                ],
                vec![Do(Action::SelectAll), Do(Action::Tidy)],
                vec![
                    Do(Action::Find),
                    Do(Action::FindNext),
                    Do(Action::FindPrevious),
                ],
            ],
            Menu::View => vec![
                [
                    ViewRequest::ZoomIn,
                    ViewRequest::ZoomOut,
                    ViewRequest::ZoomTo100,
                    ViewRequest::Fit,
                    ViewRequest::FitSelection,
                ]
                .into_iter()
                .map(|r| Do(Action::View(r)))
                .collect(),
                vec![Do(Action::ToggleMinimap)],
                std::iter::once(Title("Theme"))
                    .chain(Theme::ALL.into_iter().map(|t| Do(Action::Theme(t))))
                    .collect(),
            ],
            Menu::Series => vec![
                vec![Do(Action::SetLive), Do(Action::Pause), Do(Action::Resume)],
                vec![Do(Action::TogglePreview), Do(Action::ExportTestCustomers)],
            ],
        }
    }
}

/// One line of a menu.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Do(Action),
    /// The Open Recent submenu, listing the remembered files.
    RecentFiles,
    /// A quiet heading over the entries after it.
    Title(&'static str),
}

/// What decides whether an action can be taken now.
#[derive(Debug, Clone, Copy, Default)]
pub struct Situation {
    pub status: Status,
    pub blocks_selected: usize,
    pub arrows_selected: usize,
    pub can_undo: bool,
    pub can_redo: bool,
    pub theme: Theme,
    /// Blocks in the series.
    pub blocks: usize,
    /// Matches of the Find bar.
    pub found: usize,
    pub minimap: bool,
    /// Another version is being compared with the series: it is read-only.
    pub comparing: bool,
    /// The Preview panel is open.
    pub preview_open: bool,
}

impl Situation {
    fn editable(&self) -> bool {
        self.status != Status::Live
    }
}

const fn cmd(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn cmd_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

impl Action {
    /// Its name in menus and on buttons.
    pub fn label(&self) -> &'static str {
        match self {
            Action::New => "New",
            Action::NewFromTemplate => "New from Template…",
            Action::UseTemplate(_) => "Create",
            Action::Open => "Open…",
            Action::OpenPath(_) => "Open",
            Action::Save | Action::SaveTo(_) => "Save",
            Action::SaveAs => "Save As…",
            Action::ImportCampaign => "Import Campaign…",
            Action::ExportPicture => "Export Picture…",
            Action::ExportPictureTo(_) => "Export Picture",
            Action::ImportPath(_) | Action::Adopt(_) => "Import",
            Action::CompareWith => "Compare With…",
            Action::ComparePath(_) => "Compare",
            Action::ShowChange(_) => "Show",
            Action::EndComparison => "Done",
            Action::Quit => "Quit",
            Action::Undo => "Undo",
            Action::Redo => "Redo",
            Action::Cut => "Cut",
            Action::Copy => "Copy",
            Action::Paste | Action::PasteText(_) => "Paste",
            Action::Duplicate => "Duplicate",
            Action::Delete => "Delete",
            Action::SelectAll => "Select All",
            Action::ShowBlocks(_) | Action::FindShow(_) => "Show",
            Action::Find | Action::FindText(_) => "Find…",
            Action::FindNext => "Find Next",
            Action::FindPrevious => "Find Previous",
            Action::CloseFind => "Close Find",
            Action::Tidy => "Tidy Up",
            Action::ToggleMinimap => "Minimap",
            Action::View(r) => match r {
                ViewRequest::ZoomIn => "Zoom In",
                ViewRequest::ZoomOut => "Zoom Out",
                ViewRequest::ZoomTo100 => "Actual Size",
                ViewRequest::Fit => "Zoom to Fit",
                ViewRequest::FitSelection => "Zoom to Selection",
                ViewRequest::Reveal(_) | ViewRequest::Focus(_) | ViewRequest::Start(_) => "Show",
            },
            Action::Theme(t) => t.label(),
            Action::AddBlock { .. } => "Add Block",
            Action::QuickFix(_) => "Fix",
            Action::SetLive => "Set Live…",
            Action::Pause => "Pause",
            Action::Resume => "Resume…",
            Action::TogglePreview => "Preview",
            Action::PreviewTab(tab) => tab.label(),
            Action::TryCustomer(_) => "Try",
            Action::PickCustomersFile | Action::PickCustomersFrom(_) => {
                "Pick from a Customers File…"
            }
            Action::ExportTestCustomers => "Export Test Customers…",
            Action::ExportTestCustomersTo(_) => "Export",
            Action::ChooseCustomers => "Choose…",
            Action::SimulateFile(_) | Action::Simulate => "Run",
            Action::CancelSimulation => "Cancel",
            Action::ToggleFigures => "Show figures on the canvas",
        }
    }

    /// Its keyboard shortcuts; the first is the one menus show.
    pub fn shortcuts(&self) -> &'static [KeyboardShortcut] {
        const NEW: &[KeyboardShortcut] = &[cmd(Key::N)];
        const NEW_FROM_TEMPLATE: &[KeyboardShortcut] = &[cmd_shift(Key::N)];
        const OPEN: &[KeyboardShortcut] = &[cmd(Key::O)];
        const SAVE: &[KeyboardShortcut] = &[cmd(Key::S)];
        const SAVE_AS: &[KeyboardShortcut] = &[cmd_shift(Key::S)];
        const UNDO: &[KeyboardShortcut] = &[cmd(Key::Z)];
        const REDO: &[KeyboardShortcut] = &[cmd_shift(Key::Z), cmd(Key::Y)];
        const DUPLICATE: &[KeyboardShortcut] = &[cmd(Key::D)];
        const DELETE: &[KeyboardShortcut] = &[plain(Key::Delete), plain(Key::Backspace)];
        const SELECT_ALL: &[KeyboardShortcut] = &[cmd(Key::A)];
        const ZOOM_IN: &[KeyboardShortcut] = &[cmd(Key::Plus), cmd(Key::Equals)];
        const ZOOM_OUT: &[KeyboardShortcut] = &[cmd(Key::Minus)];
        const FIT: &[KeyboardShortcut] = &[cmd(Key::Num0)];
        const FIND: &[KeyboardShortcut] = &[cmd(Key::F)];
        const FIND_NEXT: &[KeyboardShortcut] = &[cmd(Key::G)];
        const FIND_PREVIOUS: &[KeyboardShortcut] = &[cmd_shift(Key::G)];
        // Cut, Copy and Paste arrive as egui's clipboard events, not as keys.
        const CUT: &[KeyboardShortcut] = &[cmd(Key::X)];
        const COPY: &[KeyboardShortcut] = &[cmd(Key::C)];
        const PASTE: &[KeyboardShortcut] = &[cmd(Key::V)];
        const END_COMPARISON: &[KeyboardShortcut] = &[plain(Key::Escape)];
        const PREVIEW: &[KeyboardShortcut] = &[cmd_shift(Key::P)];
        match self {
            Action::New => NEW,
            Action::NewFromTemplate => NEW_FROM_TEMPLATE,
            Action::Open => OPEN,
            Action::Save => SAVE,
            Action::SaveAs => SAVE_AS,
            Action::Undo => UNDO,
            Action::Redo => REDO,
            Action::Cut => CUT,
            Action::Copy => COPY,
            Action::Paste => PASTE,
            Action::Duplicate => DUPLICATE,
            Action::Delete => DELETE,
            Action::SelectAll => SELECT_ALL,
            Action::View(ViewRequest::ZoomIn) => ZOOM_IN,
            Action::View(ViewRequest::ZoomOut) => ZOOM_OUT,
            Action::View(ViewRequest::Fit) => FIT,
            Action::Find => FIND,
            Action::FindNext => FIND_NEXT,
            Action::FindPrevious => FIND_PREVIOUS,
            Action::EndComparison => END_COMPARISON,
            Action::TogglePreview => PREVIEW,
            _ => &[],
        }
    }

    /// Whether its shortcut is taken from the keyboard by the app. Cut, Copy and
    /// Paste come as clipboard events instead (egui turns the keys into them).
    pub fn listens_for_keys(&self) -> bool {
        !matches!(self, Action::Cut | Action::Copy | Action::Paste)
    }

    /// Whether its shortcut works while a text field has focus. Only file and
    /// find commands do (Find Next from the Find bar's own field): the field
    /// keeps undo, select-all, delete and the like.
    pub fn works_while_typing(&self) -> bool {
        matches!(
            self,
            Action::New
                | Action::NewFromTemplate
                | Action::Open
                | Action::Save
                | Action::SaveAs
                | Action::Find
                | Action::FindNext
                | Action::FindPrevious
        )
    }

    /// Whether it can be taken in this situation; menus grey out the rest.
    pub fn enabled(&self, s: &Situation) -> bool {
        if s.comparing && self.changes_series() {
            return false;
        }
        let editable = s.editable();
        match self {
            Action::Undo => editable && s.can_undo,
            Action::Redo => editable && s.can_redo,
            Action::Cut | Action::Duplicate => editable && s.blocks_selected > 0,
            Action::Copy => s.blocks_selected > 0,
            Action::Paste | Action::PasteText(_) | Action::AddBlock { .. } => editable,
            Action::QuickFix(_) => editable,
            Action::Delete => editable && s.blocks_selected + s.arrows_selected > 0,
            Action::View(ViewRequest::FitSelection) => s.blocks_selected > 0,
            Action::Tidy => editable && s.blocks > 0,
            Action::ExportPicture => s.blocks > 0,
            Action::FindNext | Action::FindPrevious => s.found > 0,
            Action::SetLive => s.status == Status::Draft,
            Action::Pause => s.status == Status::Live,
            Action::Resume => s.status == Status::Paused,
            Action::ShowChange(_) | Action::EndComparison => s.comparing,
            _ => true,
        }
    }

    /// Whether it changes the open series (its blocks, arrows or status), which
    /// a comparison does not allow. Actions that replace the series end the
    /// comparison instead.
    pub fn changes_series(&self) -> bool {
        matches!(
            self,
            Action::Undo
                | Action::Redo
                | Action::Cut
                | Action::Paste
                | Action::PasteText(_)
                | Action::Duplicate
                | Action::Delete
                | Action::AddBlock { .. }
                | Action::QuickFix(_)
                | Action::Tidy
                | Action::SetLive
                | Action::Pause
                | Action::Resume
        )
    }

    /// For choices shown with a mark (the theme): whether this one is chosen.
    pub fn checked(&self, s: &Situation) -> Option<bool> {
        match self {
            Action::Theme(t) => Some(*t == s.theme),
            Action::ToggleMinimap => Some(s.minimap),
            _ => None,
        }
    }

    /// Whether it throws away the open series, so unsaved work must be asked about.
    pub fn replaces_series(&self) -> bool {
        matches!(
            self,
            Action::New
                | Action::UseTemplate(_)
                | Action::Open
                | Action::OpenPath(_)
                | Action::Adopt(_)
                | Action::Quit
        )
    }

    /// "start a new series": what the unsaved-changes question says it is about to do.
    pub fn verb(&self) -> &'static str {
        match self {
            Action::New => "start a new series",
            Action::UseTemplate(_) => "start from a template",
            Action::Open | Action::OpenPath(_) => "open another series",
            Action::ImportCampaign | Action::ImportPath(_) | Action::Adopt(_) => {
                "import a campaign"
            }
            Action::Quit => "quit",
            _ => "continue",
        }
    }

    /// Every action that is in a menu, in menu order.
    pub fn in_menus() -> Vec<Action> {
        Menu::ALL
            .into_iter()
            .flat_map(Menu::groups)
            .flatten()
            .filter_map(|entry| match entry {
                Entry::Do(action) => Some(action),
                Entry::RecentFiles | Entry::Title(_) => None,
            })
            .collect()
    }

    /// Actions outside the menus whose shortcut the app takes only while they are
    /// enabled: otherwise the key is someone else's (Escape clears the canvas'
    /// selection when no comparison is shown).
    pub fn while_enabled() -> [Action; 1] {
        [Action::EndComparison]
    }

    /// Every (shortcut, action) the app listens for, the shortcuts with more
    /// modifiers first: egui lets Cmd+Z match Cmd+Shift+Z too, so the longer
    /// one must be taken before the shorter one can claim it.
    pub fn keyboard() -> Vec<(KeyboardShortcut, Action)> {
        let mut keys: Vec<(KeyboardShortcut, Action)> = Action::in_menus()
            .into_iter()
            .filter(Action::listens_for_keys)
            .flat_map(|a| a.shortcuts().iter().map(move |s| (*s, a.clone())))
            .collect();
        let weight = |m: Modifiers| {
            [m.alt, m.ctrl, m.shift, m.mac_cmd, m.command]
                .iter()
                .filter(|b| **b)
                .count()
        };
        keys.sort_by_key(|(s, _)| std::cmp::Reverse(weight(s.modifiers)));
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_actions_share_a_shortcut() {
        let mut keys = Action::keyboard();
        keys.extend(
            Action::while_enabled()
                .into_iter()
                .flat_map(|a| a.shortcuts().iter().map(move |s| (*s, a.clone()))),
        );
        for (i, (a, x)) in keys.iter().enumerate() {
            for (b, y) in &keys[i + 1..] {
                assert!(a != b, "{} and {} share a shortcut", x.label(), y.label());
            }
        }
    }

    #[test]
    fn longer_shortcuts_are_tried_first() {
        let keys = Action::keyboard();
        let at = |s: KeyboardShortcut| keys.iter().position(|(k, _)| *k == s);
        assert!(at(cmd_shift(Key::Z)) < at(cmd(Key::Z)));
        assert!(at(cmd_shift(Key::S)) < at(cmd(Key::S)));
    }

    #[test]
    fn a_live_series_takes_no_edits_but_can_be_paused() {
        let live = Situation {
            status: Status::Live,
            blocks_selected: 2,
            can_undo: true,
            blocks: 8,
            ..Situation::default()
        };
        for action in [
            Action::Undo,
            Action::Cut,
            Action::Delete,
            Action::Paste,
            Action::Tidy,
        ] {
            assert!(!action.enabled(&live), "{}", action.label());
        }
        assert!(Action::Copy.enabled(&live));
        assert!(Action::Pause.enabled(&live));
        assert!(!Action::SetLive.enabled(&live));
    }

    #[test]
    fn a_comparison_takes_no_edits_nor_status_changes_but_files_still_work() {
        let comparing = Situation {
            status: Status::Paused,
            blocks_selected: 2,
            blocks: 8,
            can_undo: true,
            comparing: true,
            ..Situation::default()
        };
        let refused = [
            Action::Undo,
            Action::Cut,
            Action::Delete,
            Action::Paste,
            Action::Duplicate,
            Action::Tidy,
            Action::Resume,
        ];
        for action in &refused {
            assert!(!action.enabled(&comparing), "{}", action.label());
        }
        for action in [
            Action::Copy,
            Action::Save,
            Action::Open,
            Action::EndComparison,
        ] {
            assert!(action.enabled(&comparing), "{}", action.label());
        }
        let editing = Situation {
            comparing: false,
            ..comparing
        };
        assert!(refused.iter().all(|a| a.enabled(&editing)));
        assert!(!Action::EndComparison.enabled(&editing));
    }
}
