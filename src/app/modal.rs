//! Dialogs inside the window: unsaved changes, errors, recovered work. They never
//! block the UI thread; the app keeps drawing behind them.

use std::path::Path;

use super::Action;
use super::recovery::Found;
use crate::file::FileError;

pub enum Modal {
    /// Unsaved work would be lost by `then`.
    Unsaved { name: String, then: Action },
    Error {
        title: String,
        message: String,
        advice: String,
    },
    /// Unsaved work from an earlier run.
    Recovery(Found),
}

/// What the user chose.
pub enum Outcome {
    Open(Modal),
    Closed,
    Do(Action),
    /// Go ahead without saving.
    Discard(Action),
    SaveThen(Action),
    Restore(Found),
    DiscardRecovery,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
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
            advice: "Your work is still open and the file on disk is as it was. Try File → Save As… to save it somewhere else.".into(),
        }
    }

    pub fn show(self, ctx: &egui::Context) -> Outcome {
        let mut outcome = None;
        let title = match &self {
            Modal::Unsaved { .. } => "Unsaved changes".to_string(),
            Modal::Error { title, .. } => title.clone(),
            Modal::Recovery(_) => "Recover unsaved work?".to_string(),
        };
        let response = egui::Modal::new(egui::Id::unique("app-modal")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.heading(&title);
            ui.add_space(8.0);
            match &self {
                Modal::Unsaved { name, then } => {
                    ui.label(format!(
                        "Do you want to save the changes to {name} before you {}?",
                        verb(then)
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
                    ui.label(egui::RichText::new(message).color(ui.visuals().error_fg_color));
                    ui.add_space(6.0);
                    ui.label(advice);
                    ui.add_space(12.0);
                    if ui.button("OK").clicked() {
                        outcome = Some(Outcome::Closed);
                    }
                }
                Modal::Recovery(found) => {
                    ui.label(format!(
                        "series-builder closed before '{}' was saved. Its last autosaved state ({} blocks) can be restored.",
                        found.series.name,
                        found.series.len()
                    ));
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
            }
        });
        let escaped = response.should_close();
        match (outcome, self) {
            (Some(Outcome::Closed), Modal::Recovery(found)) => Outcome::Restore(found),
            (Some(o), _) => o,
            // Escape or a click outside: Cancel for questions, OK for errors; recovered
            // work stays on offer.
            (None, modal @ Modal::Recovery(_)) => Outcome::Open(modal),
            (None, _) if escaped => Outcome::Closed,
            (None, modal) => Outcome::Open(modal),
        }
    }
}

fn verb(action: &Action) -> &'static str {
    match action {
        Action::New => "start a new series",
        Action::Open | Action::OpenPath(_) => "open another series",
        Action::Import | Action::ImportPath(_) => "import a campaign",
        Action::Quit => "quit",
        _ => "continue",
    }
}
