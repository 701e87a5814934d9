//! Input that belongs to no widget: keyboard shortcuts, files dropped on the
//! window, the window's close button, and the answers of file dialogs. Each
//! becomes a queued action.

use std::path::PathBuf;

use super::dialogs::{Answer, Purpose};
use super::file_chooser::FileChooser;
use super::modal::Modal;
use super::{Queued, SeriesApp};
use crate::action::{Action, Intent};

impl SeriesApp {
    pub(super) fn take_shortcuts(&mut self, ctx: &egui::Context) {
        // Only a text field keeps Cmd+Z, Delete and the like for itself.
        let typing = ctx.text_edit_focused();
        let situation = self.situation();
        let mut found = Vec::new();
        ctx.input_mut(|i| {
            for (shortcut, action) in Action::keyboard() {
                if (!typing || action.works_while_typing()) && i.consume_shortcut(&shortcut) {
                    found.push(action);
                }
            }
            for action in Action::while_enabled() {
                let shortcuts = action.shortcuts();
                let ready = action.enabled(&situation) && (!typing || action.works_while_typing());
                if ready && shortcuts.iter().any(|s| i.consume_shortcut(s)) {
                    found.push(action);
                }
            }
            if typing {
                return;
            }
            // egui turns Cmd+C/X/V into these events.
            for event in &i.events {
                match event {
                    egui::Event::Copy => found.push(Action::Copy),
                    egui::Event::Cut => found.push(Action::Cut),
                    egui::Event::Paste(text) => found.push(Action::PasteText(text.clone())),
                    _ => {}
                }
            }
        });
        self.queue_intents(found.into_iter().map(Intent::Act));
    }

    pub(super) fn take_dropped_files(&mut self, ctx: &egui::Context) {
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
                // A customers file: simulate it (Preview → Audience).
                Some("jsonl" | "ndjson" | "csv") => self.act(Action::SimulateFile(path)),
                _ => self.act(Action::OpenPath(path)),
            }
        }
    }

    pub(super) fn watch_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.quitting && self.doc.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.act(Action::Quit);
        }
    }

    pub(super) fn poll_dialogs(&mut self) {
        while let Some((purpose, answer)) = self.dialogs.poll() {
            match answer {
                Answer::Picked(path) => self.picked(purpose, path),
                // Cancelled: whatever waited on a save does not happen.
                Answer::Cancelled => self.after_save = None,
                Answer::Unavailable => {
                    self.tell(
                        "This desktop has no file dialog to show, so here is series-builder's own.",
                    );
                    let chooser =
                        FileChooser::new(purpose, self.start_folder(), &self.suggested_name);
                    self.open_modal(Modal::ChooseFile(Box::new(chooser)));
                }
            }
        }
    }

    /// A file picked for `purpose`, in a native dialog or the app's own.
    pub(super) fn picked(&mut self, purpose: Purpose, path: PathBuf) {
        self.queue.push(match purpose {
            // Unsaved work was asked about before the dialog opened.
            Purpose::OpenSeries => Queued::Confirmed(Action::OpenPath(path)),
            Purpose::SaveSeries => {
                Queued::Intent(Intent::Act(Action::SaveTo(with_extension(path))))
            }
            Purpose::ImportCampaign => Queued::Intent(Intent::Act(Action::ImportPath(path))),
            // A name without an ending gets a PNG, the picture most places take.
            Purpose::ExportPicture => Queued::Intent(Intent::Act(Action::ExportPictureTo(
                if path.extension().is_some() {
                    path
                } else {
                    path.with_extension("png")
                },
            ))),
            Purpose::CompareSeries => Queued::Intent(Intent::Act(Action::ComparePath(path))),
            Purpose::PickCustomers => Queued::Intent(Intent::Act(Action::PickCustomersFrom(path))),
            Purpose::ExportExpectations => Queued::Intent(Intent::Act(
                Action::ExportTestCustomersTo(with_extension(path)),
            )),
            Purpose::Customers => Queued::Intent(Intent::Act(Action::SimulateFile(path))),
        });
    }

    /// Asks for a file; the answer arrives through [`SeriesApp::poll_dialogs`].
    pub(super) fn ask_for_file(&mut self, purpose: Purpose, suggested_name: String) {
        self.dialogs.request(purpose, &suggested_name);
        self.suggested_name = suggested_name;
    }

    /// Where the app's own chooser starts: beside the open file, or the last one,
    /// or in the home folder.
    fn start_folder(&self) -> PathBuf {
        self.doc
            .path()
            .or_else(|| self.prefs.recent.first().map(PathBuf::as_path))
            .and_then(|p| p.parent())
            .filter(|p| p.is_dir())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(PathBuf::from))
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("/"))
    }
}

/// Adds `.ron` where the user typed a name without it.
fn with_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension(crate::file::EXTENSION)
    }
}
