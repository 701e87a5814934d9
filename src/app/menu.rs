//! The menu bar: File, Edit, View, Series. Each item shows its shortcut.

use egui::{Button, KeyboardShortcut, Ui};

use super::SeriesApp;
use super::actions::{self, Action};
use super::prefs::Theme;
use crate::canvas::ViewRequest;
use crate::model::Status;

fn item(ui: &mut Ui, label: &str, shortcut: Option<&KeyboardShortcut>, enabled: bool) -> bool {
    let mut button = Button::new(label);
    if let Some(s) = shortcut {
        button = button.shortcut_text(ui.ctx().format_shortcut(s));
    }
    ui.add_enabled(enabled, button).clicked()
}

pub fn bar(ui: &mut Ui, app: &mut SeriesApp) {
    let mut chosen = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu(ui, app, &mut chosen));
        ui.menu_button("Edit", |ui| edit_menu(ui, app, &mut chosen));
        ui.menu_button("View", |ui| view_menu(ui, app, &mut chosen));
        ui.menu_button("Series", |ui| series_menu(ui, app, &mut chosen));
    });
    for action in chosen {
        app.act(action);
    }
}

fn file_menu(ui: &mut Ui, app: &SeriesApp, chosen: &mut Vec<Action>) {
    if item(ui, "New", Some(&actions::NEW), true) {
        chosen.push(Action::New);
    }
    if item(ui, "Open…", Some(&actions::OPEN), true) {
        chosen.push(Action::Open);
    }
    ui.menu_button("Open Recent", |ui| {
        if app.prefs.recent.is_empty() {
            ui.add_enabled(false, Button::new("No recent series"));
        }
        for path in &app.prefs.recent {
            if ui
                .button(crate::text::file_name(path))
                .on_hover_text(path.display().to_string())
                .clicked()
            {
                chosen.push(Action::OpenPath(path.clone()));
            }
        }
    });
    ui.separator();
    if item(ui, "Save", Some(&actions::SAVE), true) {
        chosen.push(Action::Save);
    }
    if item(ui, "Save As…", Some(&actions::SAVE_AS), true) {
        chosen.push(Action::SaveAs);
    }
    ui.separator();
    if item(ui, "Import Campaign…", None, true) {
        chosen.push(Action::Import);
    }
    ui.separator();
    if item(ui, "Quit", None, true) {
        chosen.push(Action::Quit);
    }
}

fn edit_menu(ui: &mut Ui, app: &SeriesApp, chosen: &mut Vec<Action>) {
    let editable = app.doc.series.status != Status::Live;
    let selected = !app.canvas.selection.blocks.is_empty();
    let anything = selected || !app.canvas.selection.connections.is_empty();
    let entries: [(&str, Option<&KeyboardShortcut>, bool, Action); 8] = [
        (
            "Undo",
            Some(&actions::UNDO),
            editable && app.doc.history.can_undo(),
            Action::Undo,
        ),
        (
            "Redo",
            Some(&actions::REDO),
            editable && app.doc.history.can_redo(),
            Action::Redo,
        ),
        (
            "Cut",
            Some(&actions::CUT),
            editable && selected,
            Action::Cut,
        ),
        ("Copy", Some(&actions::COPY), selected, Action::Copy),
        (
            "Paste",
            Some(&actions::PASTE),
            editable,
            Action::Paste(None),
        ),
        (
            "Duplicate",
            Some(&actions::DUPLICATE),
            editable && selected,
            Action::Duplicate,
        ),
        (
            "Delete",
            Some(&actions::DELETE),
            editable && anything,
            Action::Delete,
        ),
        (
            "Select All",
            Some(&actions::SELECT_ALL),
            true,
            Action::SelectAll,
        ),
    ];
    for (i, (label, shortcut, enabled, action)) in entries.into_iter().enumerate() {
        if i == 2 || i == 7 {
            ui.separator();
        }
        if item(ui, label, shortcut, enabled) {
            chosen.push(action);
        }
    }
}

fn view_menu(ui: &mut Ui, app: &SeriesApp, chosen: &mut Vec<Action>) {
    let entries = [
        ("Zoom In", Some(&actions::ZOOM_IN), ViewRequest::ZoomIn),
        ("Zoom Out", Some(&actions::ZOOM_OUT), ViewRequest::ZoomOut),
        ("Actual Size", None, ViewRequest::ZoomTo100),
        ("Zoom to Fit", Some(&actions::ZOOM_FIT), ViewRequest::Fit),
    ];
    for (label, shortcut, request) in entries {
        if item(ui, label, shortcut, true) {
            chosen.push(Action::View(request));
        }
    }
    if item(
        ui,
        "Zoom to Selection",
        None,
        !app.canvas.selection.blocks.is_empty(),
    ) {
        chosen.push(Action::View(ViewRequest::FitSelection));
    }
    ui.separator();
    ui.label("Theme");
    for (label, theme) in [
        ("Follow the system", Theme::System),
        ("Dark", Theme::Dark),
        ("Light", Theme::Light),
    ] {
        if ui.radio(app.prefs.theme == theme, label).clicked() {
            chosen.push(Action::Theme(theme));
        }
    }
}

fn series_menu(ui: &mut Ui, app: &SeriesApp, chosen: &mut Vec<Action>) {
    let status = app.doc.series.status;
    if item(ui, "Set Live…", None, status == Status::Draft) {
        chosen.push(Action::SetLive);
    }
    if item(ui, "Pause", None, status == Status::Live) {
        chosen.push(Action::Pause);
    }
    if item(ui, "Resume", None, status == Status::Paused) {
        chosen.push(Action::Resume);
    }
}
