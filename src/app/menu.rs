//! The menu bar, built from [`Menu::groups`]: each item is an action that knows
//! its label, shortcut and whether it is enabled now.

use std::path::PathBuf;

use egui::{Button, Ui};

use crate::action::{Action, Entry, Menu, Situation};

/// Draws the menu bar, with the Preview toggle at its right end; returns the
/// actions chosen.
pub fn bar(ui: &mut Ui, situation: &Situation, recent: &[PathBuf]) -> Vec<Action> {
    let mut chosen = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let preview = Action::TogglePreview;
            let shortcut = preview
                .shortcuts()
                .first()
                .map(|s| ui.ctx().format_shortcut(s))
                .unwrap_or_default();
            // A framed toggle, not a menu title: the window's own style.
            ui.set_style(ui.ctx().global_style());
            if ui
                .add(Button::new(preview.label()).selected(situation.preview_open))
                .on_hover_text(format!(
                    "Try the series with a test customer or an audience ({shortcut})"
                ))
                .clicked()
            {
                chosen.push(preview);
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                egui::containers::menu::menu_style(ui.style_mut());
                menus(ui, situation, recent, &mut chosen);
            });
        });
    });
    chosen
}

fn menus(ui: &mut Ui, situation: &Situation, recent: &[PathBuf], chosen: &mut Vec<Action>) {
    for menu in Menu::ALL {
        ui.menu_button(menu.label(), |ui| {
            for (i, group) in menu.groups().into_iter().enumerate() {
                if i > 0 {
                    ui.separator();
                }
                for entry in group {
                    entry_ui(ui, entry, situation, recent, chosen);
                }
            }
        });
    }
}

fn entry_ui(
    ui: &mut Ui,
    entry: Entry,
    situation: &Situation,
    recent: &[PathBuf],
    chosen: &mut Vec<Action>,
) {
    match entry {
        Entry::Do(action) => {
            if let Some(checked) = action.checked(situation) {
                // One of several (a theme) is a radio button; on or off, a checkbox.
                let clicked = if matches!(action, Action::Theme(_)) {
                    ui.radio(checked, action.label()).clicked()
                } else {
                    let mut on = checked;
                    ui.checkbox(&mut on, action.label()).clicked()
                };
                if clicked {
                    chosen.push(action);
                }
                return;
            }
            let mut button = Button::new(action.label());
            if let Some(shortcut) = action.shortcuts().first() {
                button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
            }
            if ui.add_enabled(action.enabled(situation), button).clicked() {
                chosen.push(action);
            }
        }
        Entry::RecentFiles => {
            ui.menu_button("Open Recent", |ui| {
                if recent.is_empty() {
                    ui.add_enabled(false, Button::new("No recent series"));
                }
                for path in recent {
                    if ui
                        .button(crate::text::file_name(path))
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        chosen.push(Action::OpenPath(path.clone()));
                    }
                }
            });
        }
        Entry::Title(title) => {
            ui.label(egui::RichText::new(title).weak());
        }
    }
}
