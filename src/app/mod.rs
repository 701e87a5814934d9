//! The desktop app: window, menus, palette, canvas, side panel, files, undo.

mod actions;
mod commands;
mod dialogs;
mod document;
mod golive;
mod import_preview;
mod menu;
mod modal;
mod prefs;
mod recovery;
mod window;

use std::path::PathBuf;

pub use actions::Action;
pub use dialogs::{Dialogs, FakeDialogs, NativeDialogs, Purpose};
pub use document::{Document, Refused};
pub use modal::Modal;
pub use prefs::{Prefs, Theme};

use crate::canvas::{self, CanvasState, ViewRequest};
use crate::check::{self, Report, Severity};
use crate::clipboard::Clip;
use crate::edit::{Edit, MergeKey};
use crate::file;
use crate::model::{Block, Pos, Series, Status};

use crate::panels;
pub use window::run;

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

pub struct SeriesApp {
    pub doc: Document,
    pub canvas: CanvasState,
    pub prefs: Prefs,
    pub modal: Option<Modal>,
    dialogs: Box<dyn Dialogs>,
    recovery: recovery::Recovery,
    edits: Vec<(Edit, Option<MergeKey>)>,
    actions: Vec<Action>,
    /// What to do once the pending save completes (after "Save" in the unsaved dialog).
    after_save: Option<Action>,
    /// Set while carrying out an action the user already allowed to discard work.
    discard_allowed: bool,
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
    /// Whether the look has been adjusted on this context.
    styled: bool,
    /// The go-live check of the current revision, and the badges it puts on cards.
    checked: Option<Checked>,
    /// A note above the canvas (after an import), until dismissed.
    banner: Option<String>,
}

struct Checked {
    revision: u64,
    at: f64,
    report: Report,
    badges: canvas::Badges,
}

/// Wait-until dates pass while the app is open: re-check now and then.
const RECHECK_SECONDS: f64 = 60.0;

impl SeriesApp {
    pub fn new(config: Config) -> Self {
        let recovery = recovery::Recovery::new(config.recovery_folder);
        let mut prefs = config.prefs;
        let mut modal = None;
        let doc = match config.open.or_else(|| prefs.last_file.clone()) {
            Some(path) => match Document::open(&path) {
                Ok(doc) => {
                    prefs.remember(&path);
                    doc
                }
                Err(e) => {
                    modal = Some(Modal::open_failed(&path, &e));
                    prefs.forget(&path);
                    Document::new(example_series(), None)
                }
            },
            None => Document::new(example_series(), None),
        };
        if let Some(found) = recovery.find() {
            modal = Some(Modal::Recovery(Box::new(found)));
        }
        let mut canvas = CanvasState::default();
        canvas.request(ViewRequest::Fit);
        SeriesApp {
            doc,
            canvas,
            prefs,
            modal,
            dialogs: config.dialogs,
            recovery,
            edits: Vec::new(),
            actions: Vec::new(),
            after_save: None,
            discard_allowed: false,
            notice: None,
            clip: None,
            quitting: false,
            canvas_rect: egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0)),
            viewport_commands: Vec::new(),
            copied: None,
            title: String::new(),
            now: 0.0,
            styled: false,
            checked: None,
            banner: None,
        }
    }

    /// Asks the app to do something at the end of this frame.
    pub fn act(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// Queues an edit; edits apply once per frame, after the UI ran.
    pub fn edit(&mut self, edit: Edit, key: Option<MergeKey>) {
        self.edits.push((edit, key));
    }

    /// Where the canvas was last drawn, in screen points.
    pub fn canvas_rect(&self) -> egui::Rect {
        self.canvas_rect
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_ref().map(|n| n.text.as_str())
    }

    fn tell(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            until: self.now + 4.0,
        });
    }

    /// One frame of the whole window.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.now = ctx.input(|i| i.time);
        if !self.styled {
            // In the light theme fields and buttons are pale on a pale panel: outline them.
            ctx.style_mut_of(egui::Theme::Light, |style| {
                style.visuals.widgets.inactive.bg_stroke =
                    egui::Stroke::new(1.0, egui::Color32::from_gray(205));
            });
            self.styled = true;
        }
        ctx.set_theme(self.prefs.theme.preference());
        self.poll_dialogs();
        self.take_dropped_files(&ctx);
        if self.modal.is_none() {
            self.take_shortcuts(&ctx);
        }
        self.watch_close(&ctx);

        egui::Panel::top("menu").show(ui, |ui| menu::bar(ui, self));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        egui::Panel::left("palette")
            .resizable(false)
            .exact_size(132.0)
            .show(ui, |ui| {
                if let Some(action) =
                    panels::palette::show(ui, self.doc.series.status == Status::Live)
                {
                    self.act(action);
                }
            });
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(360.0)
            .min_size(300.0)
            .show(ui, |ui| {
                egui::Panel::bottom("checklist")
                    .resizable(true)
                    .default_size(240.0)
                    .min_size(120.0)
                    .show(ui, |ui| self.checklist(ui));
                let out = panels::inspector::show(ui, &self.doc.series, &self.canvas.selection);
                self.edits.extend(out.edits);
                self.actions.extend(out.actions);
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| self.canvas_area(ui));

        if let Some(modal) = self.modal.take() {
            match modal.show(&ctx, &self.doc.series) {
                modal::Outcome::Open(modal) => self.modal = Some(*modal),
                modal::Outcome::Closed => {}
                modal::Outcome::Discard(action) => self.run_discarding(action),
                modal::Outcome::SaveThen(action) => {
                    self.after_save = Some(action);
                    self.act(Action::Save);
                }
                modal::Outcome::Restore(found) => self.restore(*found),
                modal::Outcome::DiscardRecovery => self.recovery.clear(),
                modal::Outcome::Adopt(imported) => self.run(Action::Adopt(imported)),
                modal::Outcome::GoLive(choice) => self.go_live(choice),
            }
        }

        for action in std::mem::take(&mut self.actions) {
            self.run(action);
        }
        self.flush_edits();
        self.recovery.tick(
            self.now,
            &self.doc.series,
            self.doc.path.as_deref(),
            self.doc.is_dirty(),
            self.doc.revision(),
        );
        self.update_title(&ctx);
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
        // Autosave needs a frame now and then even when nothing moves.
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(
            recovery::INTERVAL_SECONDS,
        ));
    }

    /// The go-live check of the series as it is now; run again only after a change.
    pub fn report(&mut self) -> &Report {
        let revision = self.doc.revision();
        // Not during a drag: every frame of it is an edit, and the check of a large
        // series would slow the drag down; it runs once the drag ends.
        let stale = self.checked.as_ref().is_none_or(|c| {
            (c.revision != revision && !self.canvas.is_busy()) || self.now - c.at > RECHECK_SECONDS
        });
        if stale {
            let report = check::check(&self.doc.series, chrono::Utc::now().naive_utc());
            let mut badges = canvas::Badges::new();
            for finding in &report.findings {
                let tone = match finding.severity {
                    Severity::Error => canvas::Tone::Error,
                    Severity::Warning => canvas::Tone::Warning,
                };
                for id in &finding.blocks {
                    let list: &mut Vec<canvas::Badge> = badges.entry(*id).or_default();
                    if !list.iter().any(|b| b.tone == tone) {
                        let text = if tone == canvas::Tone::Error {
                            "!"
                        } else {
                            "?"
                        };
                        list.push(canvas::Badge::new(text, tone));
                    }
                }
            }
            self.checked = Some(Checked {
                revision,
                at: self.now,
                report,
                badges,
            });
        }
        static NOT_RUN: Report = Report {
            findings: Vec::new(),
        };
        self.checked.as_ref().map_or(&NOT_RUN, |c| &c.report)
    }

    fn checklist(&mut self, ui: &mut egui::Ui) {
        self.report();
        let editable = self.doc.series.status != Status::Live;
        let Some(checked) = &self.checked else {
            return;
        };
        let out = panels::checklist::show(ui, &checked.report, &self.doc.series, editable);
        if let Some(blocks) = out.show_blocks {
            self.canvas.selection.set_blocks(blocks.iter().copied());
            self.canvas.request(ViewRequest::Reveal(blocks));
        }
        if let Some(fix) = out.fix {
            self.edit(fix, None);
        }
        if let Some(problem) = out.problem {
            self.tell(problem);
        }
    }

    fn banners(&mut self, ui: &mut egui::Ui) {
        let live = self.doc.series.status == Status::Live;
        if !live && self.banner.is_none() {
            return;
        }
        egui::Frame::NONE
            .fill(ui.visuals().faint_bg_color)
            .inner_margin(egui::Margin::symmetric(12, 8))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                if live {
                    ui.horizontal(|ui| {
                        ui.label(
                            egui::RichText::new("Live")
                                .strong()
                                .color(egui::Color32::from_rgb(46, 160, 67)),
                        );
                        ui.label(
                            "Customers are moving through this series, so it can't be changed.",
                        );
                        if ui.button("Pause to edit").clicked() {
                            self.actions.push(Action::Pause);
                        }
                    });
                } else if let Some(text) = &self.banner {
                    let mut dismiss = false;
                    ui.horizontal(|ui| {
                        ui.label(text);
                        dismiss = ui.button("Got it").clicked();
                    });
                    if dismiss {
                        self.banner = None;
                    }
                }
            });
    }

    fn canvas_area(&mut self, ui: &mut egui::Ui) {
        self.banners(ui);
        self.report();
        let empty = canvas::Badges::new();
        let badges = self.checked.as_ref().map_or(&empty, |c| &c.badges);
        let out = canvas::show(ui, &self.doc.series, &mut self.canvas, badges);
        self.canvas_rect = out.response.rect;
        self.edits.extend(out.edits);
        if let Some(kind) = out.response.dnd_release_payload::<crate::model::Kind>() {
            let at = ui.ctx().pointer_interact_pos().map(|p| {
                let p = self.canvas.view.to_canvas(self.canvas_rect, p);
                Pos::new(p.x, p.y)
            });
            self.act(Action::AddBlock(*kind, at));
        }
        for request in out.requests {
            match request {
                canvas::CanvasRequest::Open(id) => self.canvas.selection.set_blocks([id]),
            }
        }
        if out.gesture_ended {
            self.flush_edits();
            self.doc.history.seal();
        }
    }

    fn flush_edits(&mut self) {
        let edits = std::mem::take(&mut self.edits);
        for (edit, key) in edits {
            if let Err(e) = self.doc.apply(edit, key) {
                self.tell(e.to_string());
                break;
            }
        }
        self.canvas.selection.retain_existing(&self.doc.series);
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(self.doc.display_name()).strong());
            if self.doc.is_dirty() {
                ui.label(
                    egui::RichText::new("• Unsaved changes").color(ui.visuals().warn_fg_color),
                );
            }
            ui.separator();
            ui.label(crate::text::count(self.doc.series.len(), "block"));
            ui.separator();
            ui.label(format!("Zoom {:.0} %", self.canvas.view.zoom() * 100.0));
            ui.separator();
            let report = self.report();
            let (summary, colour) = panels::checklist::summary(ui, report);
            ui.label(egui::RichText::new(summary).color(colour));
            if self.doc.series.status == Status::Live {
                ui.separator();
                ui.label(
                    egui::RichText::new("LIVE")
                        .strong()
                        .color(egui::Color32::from_rgb(40, 167, 69)),
                );
            }
            if let Some(notice) = &self.notice {
                ui.separator();
                ui.label(&notice.text);
            }
        });
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

    fn watch_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.quitting && self.doc.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.act(Action::Quit);
        }
    }

    fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        for path in dropped {
            match path.extension().and_then(|e| e.to_str()) {
                Some("json") => self.act(Action::ImportPath(path)),
                _ => self.act(Action::OpenPath(path)),
            }
        }
    }

    fn take_shortcuts(&mut self, ctx: &egui::Context) {
        // Only a text field keeps Cmd+Z, Cmd+C and the like for itself.
        let typing = ctx.text_edit_focused();
        let mut found = Vec::new();
        ctx.input_mut(|i| {
            for (shortcut, action) in actions::GLOBAL {
                if i.consume_shortcut(&shortcut) {
                    found.push(action());
                }
            }
            if typing {
                return;
            }
            for (shortcut, action) in actions::EDITING {
                if i.consume_shortcut(&shortcut) {
                    found.push(action());
                }
            }
            // egui turns Cmd+C/X/V into these events.
            for event in &i.events {
                match event {
                    egui::Event::Copy => found.push(Action::Copy),
                    egui::Event::Cut => found.push(Action::Cut),
                    egui::Event::Paste(text) => found.push(Action::Paste(Some(text.clone()))),
                    _ => {}
                }
            }
        });
        self.actions.extend(found);
    }

    fn poll_dialogs(&mut self) {
        while let Some((purpose, picked)) = self.dialogs.poll() {
            let Some(path) = picked else {
                // Cancelled: whatever waited on a save does not happen.
                self.after_save = None;
                continue;
            };
            match purpose {
                // Unsaved work was asked about before the dialog opened.
                Purpose::OpenSeries => self.run_discarding(Action::OpenPath(path)),
                Purpose::SaveSeries => self.save_to(&with_extension(path)),
                Purpose::ImportCampaign => self.act(Action::ImportPath(path)),
            }
        }
    }

    /// Carries out an action whose unsaved-work question was already answered.
    pub(super) fn run_discarding(&mut self, action: Action) {
        self.discard_allowed = true;
        self.run(action);
        self.discard_allowed = false;
    }

    /// Carries out an action now.
    pub fn run(&mut self, action: Action) {
        if action.replaces_series() && self.doc.is_dirty() && !self.discard_allowed {
            self.modal = Some(Modal::Unsaved {
                name: self.doc.display_name(),
                then: action,
            });
            return;
        }
        match action {
            Action::New => {
                self.replace_document(Document::new(Series::new("Untitled series"), None));
            }
            Action::Open => self.dialogs.request(Purpose::OpenSeries, ""),
            Action::OpenPath(path) => self.open_path(&path),
            Action::Save => match self.doc.path.clone() {
                Some(path) => self.save_to(&path),
                None => self.act(Action::SaveAs),
            },
            Action::SaveAs => {
                let name = format!("{}.{}", file_stem(&self.doc.series.name), file::EXTENSION);
                self.dialogs.request(Purpose::SaveSeries, &name);
            }
            Action::Import => self.dialogs.request(Purpose::ImportCampaign, ""),
            Action::ImportPath(path) => self.preview_import(&path),
            Action::Adopt(imported) => self.adopt(*imported),
            Action::Quit => {
                self.quitting = true;
                self.recovery.clear();
                // Tests have no window: only a real one closes.
                self.act_on_viewport(egui::ViewportCommand::Close);
            }
            Action::Undo => self.step_history(|d| d.undo(), "Nothing to undo"),
            Action::Redo => self.step_history(|d| d.redo(), "Nothing to redo"),
            Action::Copy => self.copy(),
            Action::Cut => {
                self.copy();
                self.delete_selection();
            }
            Action::Paste(text) => self.paste(text.as_deref()),
            Action::Duplicate => {
                let ids: Vec<_> = self.canvas.selection.blocks.iter().copied().collect();
                self.duplicate(&ids);
            }
            Action::Delete => self.delete_selection(),
            Action::SelectAll => {
                self.canvas.selection.blocks = self.doc.series.blocks().keys().copied().collect();
            }
            Action::View(request) => self.canvas.request(request),
            Action::Theme(theme) => self.prefs.theme = theme,
            Action::AddBlock(kind, at) => {
                let at = at.unwrap_or_else(|| {
                    // Centre the new card in the view.
                    let c = self.canvas.view.visible_canvas(self.canvas_rect).center();
                    Pos::new(c.x - canvas::CARD_WIDTH / 2.0, c.y - 40.0)
                });
                let id = crate::model::BlockId(self.doc.series.next_id);
                self.edit(Edit::add_block(id, Block::new_of_kind(kind, at)), None);
                self.flush_edits();
                self.canvas.selection.set_blocks([id]);
            }
            // Resuming puts customers back on the paths: check again first.
            Action::SetLive | Action::Resume => {
                self.flush_edits();
                self.modal = Some(Modal::SetLive(golive::SetLive::new(&self.doc.series)));
            }
            Action::Pause => self.pause(),
        }
    }

    fn act_on_viewport(&mut self, command: egui::ViewportCommand) {
        self.viewport_commands.push(command);
    }
}

/// Adds `.ron` where the user typed a name without it.
fn with_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension(file::EXTENSION)
    }
}

/// A file name from a series name: letters, digits, spaces and dashes.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == ' ' {
                c
            } else {
                '-'
            }
        })
        .collect();
    match stem.trim() {
        "" => "series".into(),
        s => s.to_string(),
    }
}
