//! Dialogs inside the window: unsaved changes, errors, recovered work. They never
//! block the UI thread; the app keeps drawing behind them.

use std::path::{Path, PathBuf};

use super::dialogs::Purpose;
use super::file_chooser::{Chosen, FileChooser};
use super::golive::SetLive;
use super::recovery::Found;
use super::template_chooser::{self, TemplateChooser};
use crate::action::Action;
use crate::file::FileError;
use crate::import::{Imported, Problem};
use crate::model::{GoLiveChoice, Series};
use crate::text::file_name;

pub enum Modal {
    /// Unsaved work would be lost by `then`.
    Unsaved { name: String, then: Action },
    Error {
        title: String,
        message: String,
        advice: String,
    },
    /// Unsaved work from an earlier run.
    Recovery(Box<Found>),
    /// A campaign export, read and ready to import (or why it can't be).
    ImportPreview {
        file: String,
        result: Result<Box<Imported>, Vec<Problem>>,
    },
    /// Going live: the check, the warnings to confirm, the campaign choice.
    SetLive(SetLive),
    /// The app's own file chooser, where no native dialog can be shown.
    ChooseFile(Box<FileChooser>),
    /// The templates to start a series from.
    Templates(Box<TemplateChooser>),
    /// The open file changed on disk while there is unsaved work here (or a
    /// save would overwrite that change).
    ChangedOnDisk { name: String, saving: bool },
}

/// What the user chose.
pub enum Outcome {
    Open(Box<Modal>),
    Closed,
    /// Go ahead without saving.
    Discard(Action),
    SaveThen(Action),
    Restore(Box<Found>),
    DiscardRecovery,
    /// Replace the open series with an imported one.
    Adopt(Box<Imported>),
    /// Set the series live, recording the campaign choice where one was asked.
    GoLive(Option<GoLiveChoice>),
    /// A file picked in the app's own chooser.
    Picked(Purpose, PathBuf),
    /// The app's own chooser was cancelled.
    ChooserCancelled,
    /// Start from this template.
    UseTemplate(crate::templates::Template),
    Reload,
    KeepMine {
        then_save: bool,
    },
}

impl Modal {
    pub fn open_failed(path: &Path, error: &FileError) -> Modal {
        let advice = match error {
            FileError::NewerVersion { .. } => {
                "Install the latest series-builder, then open the file again."
            }
            FileError::Io { .. } => "Check that the file still exists and that you may read it.",
            FileError::Syntax { .. } | FileError::Invalid(_) => {
                "The file may have been changed by hand or by another program. Fix the place named above in a text editor, or open another copy."
            }
            _ => "Choose a series file (.ron) saved by series-builder.",
        };
        Modal::Error {
            title: format!("Couldn't open {}", file_name(path)),
            message: error.to_string(),
            advice: format!("{advice} The series you had open is unchanged."),
        }
    }

    pub fn save_failed(path: &Path, error: &FileError) -> Modal {
        Modal::Error {
            title: format!("Couldn't save {}", file_name(path)),
            message: error.to_string(),
            advice: "Your work is still open and the file on disk is as it was. Try Save As… in the File menu to save it somewhere else.".into(),
        }
    }

    pub fn picture_failed(path: &Path, error: &crate::render::SaveError) -> Modal {
        let advice = match error {
            crate::render::SaveError::Png(_) => {
                "Select fewer blocks, or give the name an .svg ending: SVG pictures have no size limit."
            }
            _ => "Try another folder or name: File → Export Picture…",
        };
        Modal::Error {
            title: format!("Couldn't export {}", file_name(path)),
            message: error.to_string(),
            advice: format!("{advice} Your series is unchanged."),
        }
    }

    pub fn show(mut self, ctx: &egui::Context, series: &Series) -> Outcome {
        let mut outcome = None;
        let title = match &self {
            Modal::Unsaved { .. } => "Unsaved changes".to_string(),
            Modal::Error { title, .. } => title.clone(),
            Modal::Recovery(_) => "Recover unsaved work?".to_string(),
            Modal::ImportPreview { file, result } => match result {
                Ok(imported) => format!("Import '{}'", imported.series.name),
                Err(_) => format!("Can't import {file}"),
            },
            Modal::SetLive(_) => format!("Set '{}' live", series.name),
            Modal::ChooseFile(chooser) => chooser.purpose.title().to_string(),
            Modal::Templates(_) => "New from a template".to_string(),
            Modal::ChangedOnDisk { name, .. } => format!("{name} changed on disk"),
        };
        let wide = matches!(
            self,
            Modal::ImportPreview { .. }
                | Modal::SetLive(_)
                | Modal::ChooseFile(_)
                | Modal::Templates(_)
        );
        let response = egui::Modal::new(egui::Id::unique("app-modal")).show(ctx, |ui| {
            ui.set_width(if wide { 760.0 } else { 420.0 });
            ui.heading(&title);
            ui.add_space(8.0);
            match &mut self {
                Modal::Unsaved { name, then } => {
                    ui.label(format!(
                        "Do you want to save the changes to {name} before you {}?",
                        then.verb()
                    ));
                    ui.label("If you don't save, your changes will be lost.");
                    ui.add_space(12.0);
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            outcome = Some(Outcome::SaveThen(then.clone()));
                        }
                        if ui.button("Don't Save").clicked() {
                            outcome = Some(Outcome::Discard(then.clone()));
                        }
                        if ui.button("Cancel").clicked() {
                            outcome = Some(Outcome::Closed);
                        }
                    });
                }
                Modal::Error {
                    message, advice, ..
                } => {
                    ui.label(egui::RichText::new(message.as_str()).color(ui.visuals().error_fg_color));
                    ui.add_space(6.0);
                    ui.label(advice.as_str());
                    ui.add_space(12.0);
                    if ui.button("OK").clicked() {
                        outcome = Some(Outcome::Closed);
                    }
                }
                Modal::Recovery(found) => {
                    ui.add(egui::Label::new(found.describe()).wrap());
                    ui.add_space(12.0);
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            outcome = Some(Outcome::Closed);
                        }
                        if ui.button("Discard").clicked() {
                            outcome = Some(Outcome::DiscardRecovery);
                        }
                    });
                }
                Modal::ImportPreview { result, .. } => {
                    super::import_preview::show(ui, result);
                    ui.add_space(12.0);
                    ui.horizontal(|ui| {
                        let import = ui
                            .add_enabled(result.is_ok(), egui::Button::new("Import"))
                            .on_disabled_hover_text("Fix the problems listed above in the export first");
                        if import.clicked()
                            && let Ok(imported) = result
                        {
                            outcome = Some(Outcome::Adopt(imported.clone()));
                        }
                        if ui.button("Cancel").clicked() {
                            outcome = Some(Outcome::Closed);
                        }
                    });
                }
                Modal::SetLive(dialog) => {
                    if let Some(done) = dialog.show(ui, series) {
                        outcome = Some(done);
                    }
                }
                Modal::ChangedOnDisk { saving, .. } => {
                    ui.label("Another program changed this file since you opened it: a git pull, perhaps, or another editor.");
                    ui.label("Reload it to see those changes (your unsaved changes here are lost), or keep your version and save over theirs.");
                    ui.add_space(12.0);
                    ui.horizontal(|ui| {
                        if ui.button("Reload").clicked() {
                            outcome = Some(Outcome::Reload);
                        }
                        let keep = if *saving { "Keep mine and save" } else { "Keep mine" };
                        if ui.button(keep).clicked() {
                            outcome = Some(Outcome::KeepMine { then_save: *saving });
                        }
                    });
                }
                Modal::ChooseFile(chooser) => match chooser.show(ui) {
                    Chosen::Open => {}
                    Chosen::Picked(path) => outcome = Some(Outcome::Picked(chooser.purpose, path)),
                    Chosen::Cancelled => outcome = Some(Outcome::ChooserCancelled),
                },
                Modal::Templates(chooser) => match chooser.show(ui) {
                    template_chooser::Chosen::Open => {}
                    template_chooser::Chosen::Use(t) => outcome = Some(Outcome::UseTemplate(t)),
                    template_chooser::Chosen::Cancelled => outcome = Some(Outcome::Closed),
                },
            }
        });
        let escaped = response.should_close();
        match (outcome, self) {
            (Some(Outcome::Closed), Modal::Recovery(found)) => Outcome::Restore(found),
            (Some(o), _) => o,
            // Escape or a click outside: Cancel for questions, OK for errors; recovered
            // work stays on offer.
            (None, modal @ Modal::Recovery(_)) => Outcome::Open(Box::new(modal)),
            (None, Modal::ChooseFile(_)) if escaped => Outcome::ChooserCancelled,
            // Escape keeps the marketer's own work; nothing is saved over.
            (None, Modal::ChangedOnDisk { .. }) if escaped => {
                Outcome::KeepMine { then_save: false }
            }
            (None, _) if escaped => Outcome::Closed,
            (None, modal) => Outcome::Open(Box::new(modal)),
        }
    }
}
