//! The desktop app: window, menus, palette, canvas, side panel, files, undo.
//!
//! A frame runs in four steps (the split of egui's demo app between logic and
//! layout, with rerun's one queue of commands):
//! 1. [`SeriesApp::begin_frame`] takes input that is not a widget's: dialog
//!    answers, dropped files, shortcuts, the window's close button; and brings
//!    the go-live check up to date (once per frame at most).
//! 2. [`SeriesApp::layout`] draws the window. Menus, panels and the canvas change
//!    nothing: they hand back [`Intent`]s, which are queued.
//! 3. [`SeriesApp::carry_out`] runs the queue in order. It is the one place
//!    where actions run and edits reach the document.
//! 4. [`SeriesApp::end_frame`] hands results to the window: its title, the
//!    clipboard, the recovery file.

mod audience;
mod compare;
mod dialogs;
mod disk;
mod document;
mod figures;
mod file_chooser;
mod find_bar;
mod golive;
mod import_preview;
mod input;
mod layout;
mod menu;
mod modal;
mod prefs;
mod recovery;
mod run;
mod template_chooser;
pub mod timeline;
mod tryout;
mod window;

use std::path::PathBuf;

pub use audience::{AudienceState, Ran};
pub use compare::Comparison;
pub use dialogs::{Answer, Dialogs, FakeDialogs, NativeDialogs, Purpose};
pub use document::{Document, Refused};
pub use modal::Modal;
pub use prefs::Prefs;
pub use tryout::{CustomersList, MAX_LISTED, Tried};
pub use window::run;

use crate::action::{Action, Intent, Situation};
use crate::canvas::{self, CanvasState, ViewRequest};
use crate::check::{self, Report, Severity};
use crate::clipboard::Clip;
use crate::edit::{Edit, MergeKey};
use crate::file;
use crate::model::{GoLiveChoice, Series};
use crate::panels::preview::PreviewState;
use recovery::Found;

/// The built-in example, shown on first start.
pub const EXAMPLE: &str = include_str!("../../assets/onboarding.ron");

pub fn example_series() -> Series {
    // The example ships inside the binary and a test loads it.
    file::from_str(EXAMPLE).unwrap_or_default()
}

/// How the app starts: injected so tests run it without a window or real dialogs.
pub struct Config {
    pub dialogs: Box<dyn Dialogs>,
    /// Where unsaved work is kept for recovery; `None` turns recovery off.
    pub recovery_folder: Option<PathBuf>,
    pub prefs: Prefs,
    /// A file named on the command line.
    pub open: Option<PathBuf>,
}

/// A short message in the status bar ("Saved", "Pasted 2 blocks").
struct Notice {
    text: String,
    until: f64,
}

/// What waits in the queue: the intents of menus, panels and canvas, and the
/// answers of the app's own dialogs.
enum Queued {
    Intent(Intent),
    /// An action whose unsaved-work question was answered "Don't Save".
    Confirmed(Action),
    Restore(Box<Found>),
    DiscardRecovery,
    /// Set the series live, with the campaign choice where one was asked.
    GoLive(Option<GoLiveChoice>),
    /// Read the open file again: it changed on disk.
    Reload,
    /// Keep the series here although its file changed on disk; save it if asked.
    KeepMine {
        then_save: bool,
    },
}

pub struct SeriesApp {
    doc: Document,
    pub canvas: CanvasState,
    pub prefs: Prefs,
    /// The dialog shown now; the ones after it wait their turn.
    pub modal: Option<Modal>,
    waiting_modals: std::collections::VecDeque<Modal>,
    dialogs: Box<dyn Dialogs>,
    recovery: recovery::Recovery,
    queue: Vec<Queued>,
    /// The file name offered in the last file dialog, for the app's own chooser.
    suggested_name: String,
    /// What to do once the pending save completes (after "Save" in the unsaved dialog).
    after_save: Option<Action>,
    notice: Option<Notice>,
    /// The app's own last copy, for Edit → Paste from the menu.
    clip: Option<Clip>,
    quitting: bool,
    /// Where the canvas was drawn last frame, to place new blocks in view.
    canvas_rect: egui::Rect,
    viewport_commands: Vec<egui::ViewportCommand>,
    /// Text for the system clipboard, handed over at the end of the frame.
    copied: Option<String>,
    title: String,
    now: f64,
    /// Whether our colours are on this context yet.
    themed: bool,
    /// The go-live check of the current revision, and the badges it puts on cards.
    checked: Checked,
    /// A note above the canvas (first start, after an import), until dismissed.
    banner: Option<String>,
    /// When the open file was last looked at for changes by others (app clock).
    disk_checked_at: f64,
    /// The Find bar, while it is open.
    find: Option<find_bar::FindBar>,
    /// Whether the window is dark now (pictures take its colours).
    dark: bool,
    /// Another version compared with the series, while the comparison is shown.
    compare: Option<Comparison>,
    /// The Preview panel: open or not, and its tab.
    pub preview: PreviewState,
    /// The customer tried in the Preview panel, and their timeline.
    tryout: tryout::Tryout,
    /// Names the series' filters use, for the test customer form (by revision).
    suggestions: (u64, crate::panels::customer_form::Suggestions),
    /// What the side panel's editors offer from the whole series (by revision).
    offers: crate::panels::inspector::Offers,
    /// Preview → Audience: its form, a run under way, the figures.
    pub audience: AudienceState,
}

struct Checked {
    /// The document revision it was run on; 0 before the first run.
    revision: u64,
    at: f64,
    report: Report,
    badges: canvas::Badges,
}

/// Wait-until dates pass while the app is open: re-check now and then.
const RECHECK_SECONDS: f64 = 60.0;

/// The banner of the first start, on the built-in example.
const EXAMPLE_BANNER: &str = "This is an example series to look around in. Start your own with New in the File menu, or bring a campaign in with Import Campaign.";

impl SeriesApp {
    pub fn new(config: Config) -> Self {
        let recovery = recovery::Recovery::new(config.recovery_folder);
        let mut prefs = config.prefs;
        // Each is said: a file that would not open, and work left from a crash.
        let mut modals = std::collections::VecDeque::new();
        let mut banner = None;
        let mut queue = Vec::new();
        let doc = match config.open.or_else(|| prefs.last_file.clone()) {
            Some(path) => match Document::open(&path) {
                Ok(doc) => {
                    prefs.remember(&path);
                    doc
                }
                // A campaign export named as the file to open: its import preview.
                Err(_) if run::is_campaign_export(&path) => {
                    queue.push(Queued::Intent(Intent::Act(Action::ImportPath(path))));
                    Document::new(example_series(), None)
                }
                Err(e) => {
                    modals.push_back(Modal::open_failed(&path, &e));
                    prefs.forget(&path);
                    Document::new(example_series(), None)
                }
            },
            None => {
                banner = Some(EXAMPLE_BANNER.to_string());
                Document::new(example_series(), None)
            }
        };
        match recovery.find() {
            Ok(Some(found)) => modals.push_back(Modal::Recovery(Box::new(found))),
            Ok(None) => {}
            Err(set_aside) => modals.push_back(set_aside.modal()),
        }
        let mut canvas = CanvasState::default();
        canvas.request(ViewRequest::Fit);
        SeriesApp {
            doc,
            canvas,
            prefs,
            modal: modals.pop_front(),
            waiting_modals: modals,
            dialogs: config.dialogs,
            recovery,
            queue,
            suggested_name: String::new(),
            after_save: None,
            notice: None,
            clip: None,
            quitting: false,
            canvas_rect: egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0)),
            viewport_commands: Vec::new(),
            copied: None,
            title: String::new(),
            now: 0.0,
            themed: false,
            checked: Checked {
                revision: 0,
                at: 0.0,
                report: Report::default(),
                badges: canvas::Badges::new(),
            },
            banner,
            disk_checked_at: 0.0,
            find: None,
            dark: false,
            compare: None,
            preview: PreviewState::default(),
            tryout: Default::default(),
            suggestions: Default::default(),
            offers: Default::default(),
            audience: AudienceState::default(),
        }
    }

    /// The open series, its history and file.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// Asks the app to do something; it happens at the end of this frame.
    pub fn act(&mut self, action: Action) {
        self.queue.push(Queued::Intent(Intent::Act(action)));
    }

    /// Queues an edit; it applies at the end of this frame, in order.
    pub fn edit(&mut self, edit: Edit, key: Option<MergeKey>) {
        self.queue.push(Queued::Intent(Intent::Edit(edit, key)));
    }

    fn queue_intents(&mut self, intents: impl IntoIterator<Item = Intent>) {
        self.queue.extend(intents.into_iter().map(Queued::Intent));
    }

    /// Where the canvas was last drawn, in screen points.
    pub fn canvas_rect(&self) -> egui::Rect {
        self.canvas_rect
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_ref().map(|n| n.text.as_str())
    }

    /// The banner above the canvas, if one is shown.
    pub fn banner(&self) -> Option<&str> {
        self.banner.as_deref()
    }

    /// The timeline of the customer tried in the Preview panel, as last shown.
    pub fn timeline(&self) -> Option<&timeline::Timeline> {
        self.tryout.shown()
    }

    /// The block the Find bar is on, while it is open.
    pub fn find_current(&self) -> Option<crate::model::BlockId> {
        self.find.as_ref().and_then(find_bar::FindBar::current)
    }

    /// The go-live check as the window shows it now.
    pub fn report(&self) -> &Report {
        &self.checked.report
    }

    /// Shows a dialog, or queues it behind the one already shown.
    fn open_modal(&mut self, modal: Modal) {
        if self.modal.is_none() {
            self.modal = Some(modal);
        } else {
            self.waiting_modals.push_back(modal);
        }
    }

    fn tell(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            until: self.now + 4.0,
        });
    }

    /// What decides which actions are enabled now.
    pub fn situation(&self) -> Situation {
        Situation {
            status: self.doc.series().status,
            blocks_selected: self.canvas.selection.blocks.len(),
            arrows_selected: self.canvas.selection.connections.len(),
            can_undo: self.doc.can_undo(),
            can_redo: self.doc.can_redo(),
            theme: self.prefs.theme,
            blocks: self.doc.series().len(),
            found: self.find.as_ref().map_or(0, find_bar::FindBar::count),
            minimap: self.canvas.minimap_shown(),
            comparing: self.compare.is_some(),
            preview_open: self.preview.open,
        }
    }

    /// One frame of the whole window.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.begin_frame(&ctx);
        self.layout(ui);
        if !self.queue.is_empty() {
            self.carry_out();
            // What was carried out (an edit, a view change, a new selection) is
            // drawn, and checked, in the next frame.
            ctx.request_repaint();
        }
        self.end_frame(&ctx);
    }

    fn begin_frame(&mut self, ctx: &egui::Context) {
        self.now = ctx.input(|i| i.time);
        if !self.themed {
            crate::theme::install(ctx);
            self.themed = true;
        }
        ctx.set_theme(self.prefs.theme.preference());
        self.dark = ctx.theme() == egui::Theme::Dark;
        if self.modal.is_none() {
            self.modal = self.waiting_modals.pop_front();
        }
        self.poll_dialogs();
        self.take_dropped_files(ctx);
        if self.modal.is_none() {
            self.take_shortcuts(ctx);
        }
        self.watch_close(ctx);
        self.watch_disk();
        self.refresh_report();
        // As with the check: not during a drag, whose every frame is an edit.
        if let Some(find) = &mut self.find
            && !self.canvas.is_busy()
        {
            find.refresh(self.doc.series(), self.doc.revision());
        }
        self.refresh_comparison();
        self.refresh_tryout();
        self.refresh_audience(ctx);
    }

    /// Runs the go-live check again when the series changed (but not during a
    /// drag: every frame of it is an edit, and checking a large series each frame
    /// would slow the drag; it runs once the drag ends), and now and then for
    /// dates that pass.
    fn refresh_report(&mut self) {
        let revision = self.doc.revision();
        let changed = self.checked.revision != revision && !self.canvas.is_busy();
        if !changed && self.now - self.checked.at <= RECHECK_SECONDS {
            return;
        }
        let report = check::check(self.doc.series(), chrono::Utc::now().naive_utc());
        let mut badges = canvas::Badges::new();
        for finding in &report.findings {
            let (tone, text) = match finding.severity {
                Severity::Error => (canvas::Tone::Error, "!"),
                Severity::Warning => (canvas::Tone::Warning, "?"),
            };
            for id in &finding.blocks {
                let list: &mut Vec<canvas::Badge> = badges.entry(*id).or_default();
                if !list.iter().any(|b| b.tone == tone) {
                    list.push(canvas::Badge::new(text, tone));
                }
            }
        }
        self.checked = Checked {
            revision,
            at: self.now,
            report,
            badges,
        };
    }

    /// Carries out everything queued this frame, in order. Actions may queue
    /// more (Save without a file asks for one); those run in the same frame.
    fn carry_out(&mut self) {
        // A bound, so an action that always queues another cannot spin forever.
        for _ in 0..8 {
            if self.queue.is_empty() {
                break;
            }
            for queued in std::mem::take(&mut self.queue) {
                match queued {
                    Queued::Intent(Intent::Act(action)) => self.run(action, false),
                    Queued::Intent(Intent::Edit(edit, key)) => self.apply(edit, key),
                    Queued::Intent(Intent::EndGesture) => self.doc.seal(),
                    Queued::Confirmed(action) => self.run(action, true),
                    Queued::Restore(found) => self.restore(*found),
                    Queued::DiscardRecovery => self.recovery.clear(),
                    Queued::GoLive(choice) => self.go_live(choice),
                    Queued::Reload => {
                        if let Some(path) = self.doc.path().map(std::path::PathBuf::from) {
                            self.reload(&path);
                        }
                    }
                    Queued::KeepMine { then_save } => self.keep_mine(then_save),
                }
            }
        }
        self.canvas.selection.retain_existing(self.doc.series());
    }

    /// Applies one edit to the document; a refusal is told, and what is queued
    /// after it still runs.
    fn apply(&mut self, edit: Edit, key: Option<MergeKey>) {
        if self.compare.is_some() {
            self.tell(compare::READ_ONLY);
            return;
        }
        if let Err(e) = self.doc.apply(edit, key) {
            self.tell(e.to_string());
        }
    }

    fn end_frame(&mut self, ctx: &egui::Context) {
        self.recovery.tick(
            self.now,
            self.doc.series(),
            self.doc.path(),
            self.doc.is_dirty(),
            self.doc.revision(),
        );
        self.update_title(ctx);
        for command in self.viewport_commands.drain(..) {
            ctx.send_viewport_cmd(command);
        }
        if let Some(text) = self.copied.take() {
            ctx.copy_text(text);
        }
        if self.notice.as_ref().is_some_and(|n| n.until < self.now) {
            self.notice = None;
        }
        if self.notice.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
        // A customers file is being read: look for its end soon.
        if self.tryout.loading().is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        // Changes to the open file on disk are looked for once a second.
        if self.doc.path().is_some() {
            ctx.request_repaint_after(std::time::Duration::from_secs(1));
        }
        // Autosave needs a frame now and then even when nothing moves.
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(
            recovery::INTERVAL_SECONDS,
        ));
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = format!(
            "{}{} — series-builder",
            if self.doc.is_dirty() { "• " } else { "" },
            self.doc.display_name()
        );
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}
