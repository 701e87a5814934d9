//! The app's own file chooser, for desktops where no native dialog can be shown
//! (Linux without a desktop portal or zenity). Our own rather than `egui_file`:
//! its fields have no names a screen reader (or a test) can find, and it draws
//! icons our fonts lack.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use super::dialogs::Purpose;
use crate::panels::widgets::caption;

pub struct FileChooser {
    pub purpose: Purpose,
    folder: PathBuf,
    /// The folder field as typed.
    folder_text: String,
    /// Folders and fitting files, or why the folder cannot be read.
    entries: Result<Vec<Entry>, String>,
    name: String,
}

struct Entry {
    name: String,
    folder: bool,
}

/// What the marketer did in the chooser this frame.
pub enum Chosen {
    Open,
    Picked(PathBuf),
    Cancelled,
}

impl FileChooser {
    pub fn new(purpose: Purpose, folder: PathBuf, suggested_name: &str) -> Self {
        let mut chooser = FileChooser {
            purpose,
            folder_text: folder.display().to_string(),
            folder,
            entries: Ok(Vec::new()),
            name: suggested_name.to_string(),
        };
        chooser.read();
        chooser
    }

    fn go_to(&mut self, folder: PathBuf) {
        self.folder = folder;
        self.folder_text = self.folder.display().to_string();
        self.read();
    }

    fn read(&mut self) {
        let (_, endings) = self.purpose.filter();
        self.entries = std::fs::read_dir(&self.folder)
            .map_err(|e| format!("This folder can't be read: {e}"))
            .map(|dir| {
                let mut entries: Vec<Entry> = dir
                    .flatten()
                    .filter_map(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        let folder = e.path().is_dir();
                        let fits = folder
                            || Path::new(&name)
                                .extension()
                                .and_then(|x| x.to_str())
                                .is_some_and(|x| endings.contains(&x));
                        (fits && !name.starts_with('.')).then_some(Entry { name, folder })
                    })
                    .collect();
                entries.sort_by_key(|e| (!e.folder, e.name.to_lowercase()));
                entries
            });
    }

    /// The file the name field points at.
    fn target(&self) -> PathBuf {
        self.folder.join(self.name.trim())
    }

    pub fn show(&mut self, ui: &mut Ui) -> Chosen {
        let mut chosen = Chosen::Open;
        let (kind, endings) = self.purpose.filter();
        ui.horizontal(|ui| {
            let up = ui
                .add_enabled(self.folder.parent().is_some(), egui::Button::new("Up"))
                .on_hover_text("The folder this one is in");
            if up.clicked()
                && let Some(parent) = self.folder.parent()
            {
                self.go_to(parent.to_path_buf());
            }
            let label = ui.label("Folder");
            let field = ui
                .add(egui::TextEdit::singleline(&mut self.folder_text).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            if field.lost_focus() {
                self.go_to(PathBuf::from(self.folder_text.trim()));
            }
        });
        ui.add_space(4.0);
        let mut open_folder = None;
        let mut pick = false;
        egui::Frame::NONE
            .fill(ui.visuals().extreme_bg_color)
            .inner_margin(6.0)
            .corner_radius(4.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("chooser-files")
                    .max_height(280.0)
                    .min_scrolled_height(280.0)
                    .auto_shrink([false, false])
                    .show(ui, |ui| match &self.entries {
                        Err(problem) => {
                            ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
                        }
                        Ok(entries) if entries.is_empty() => {
                            ui.label(
                                RichText::new(format!("No folders or {kind} files here.")).weak(),
                            );
                        }
                        Ok(entries) => {
                            for entry in entries {
                                let text = if entry.folder {
                                    format!("{}/", entry.name)
                                } else {
                                    entry.name.clone()
                                };
                                let row = ui.selectable_label(self.name == entry.name, text);
                                if row.clicked() {
                                    if entry.folder {
                                        open_folder = Some(self.folder.join(&entry.name));
                                    } else {
                                        self.name = entry.name.clone();
                                    }
                                }
                                if row.double_clicked() && !entry.folder {
                                    pick = true;
                                }
                            }
                        }
                    });
            });
        if let Some(folder) = open_folder {
            self.go_to(folder);
        }
        let name_caption = caption(ui, "File name");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut self.name)
                    .hint_text(format!("e.g. my-series.{}", endings[0]))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(name_caption.id);
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            pick = true;
        }
        let target = self.target();
        let named = !self.name.trim().is_empty();
        let exists = named && target.is_file();
        if self.purpose.saves() && exists {
            ui.label(
                RichText::new("There is a file with this name already: saving replaces it.")
                    .color(ui.visuals().warn_fg_color),
            );
        }
        let ready = named && (self.purpose.saves() || exists);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let verb = match self.purpose {
                Purpose::SaveSeries if exists => "Replace",
                Purpose::SaveSeries => "Save",
                Purpose::OpenSeries => "Open",
                Purpose::ImportCampaign => "Import",
                Purpose::ExportPicture if exists => "Replace",
                Purpose::ExportPicture => "Export",
                Purpose::CompareSeries => "Compare",
                Purpose::PickCustomers => "Pick",
                Purpose::ExportExpectations if exists => "Replace",
                Purpose::ExportExpectations => "Export",
                Purpose::Customers => "Simulate",
            };
            let why = if named {
                "There is no such file in this folder"
            } else {
                "Type or pick a file name"
            };
            if ui
                .add_enabled(ready, egui::Button::new(verb))
                .on_disabled_hover_text(why)
                .clicked()
            {
                pick = true;
            }
            if ui.button("Cancel").clicked() {
                chosen = Chosen::Cancelled;
            }
        });
        if pick && ready {
            chosen = Chosen::Picked(target);
        }
        chosen
    }
}
