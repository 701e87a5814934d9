//! Driving the whole app in tests: start it, click through its menus.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use egui::Pos2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use series_builder::app::{Config, FakeDialogs, Prefs, SeriesApp};
use series_builder::model::BlockId;

/// The app at the default window size, with fake dialogs, after its first frames.
pub fn start(
    dialogs: &FakeDialogs,
    recovery_folder: Option<PathBuf>,
    open: Option<PathBuf>,
) -> Harness<'static, SeriesApp> {
    start_sized(dialogs, recovery_folder, open, egui::vec2(1440.0, 900.0))
}

/// The app in a window of `size`, with fake dialogs, after its first frames.
pub fn start_sized(
    dialogs: &FakeDialogs,
    recovery_folder: Option<PathBuf>,
    open: Option<PathBuf>,
    size: egui::Vec2,
) -> Harness<'static, SeriesApp> {
    let app = SeriesApp::new(Config {
        dialogs: Box::new(dialogs.clone()),
        recovery_folder,
        prefs: Prefs::default(),
        open,
    });
    let mut harness = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut SeriesApp| app.show(ui), app);
    harness.run();
    harness
}

/// Clicks a menu, then one of its items (whose label may end with its shortcut).
pub fn click_menu(harness: &mut Harness<'_, SeriesApp>, menu: &str, item: &str) {
    harness.get_by_label(menu).click();
    harness.run();
    harness
        .get_by(|node| {
            node.label().is_some_and(|l| {
                l == item
                    || l.strip_prefix(item).is_some_and(|shortcut| {
                        let shortcut = shortcut.trim_start();
                        shortcut.starts_with("Ctrl+") || shortcut == "Delete"
                    })
            })
        })
        .click();
    harness.run();
}

/// A snapshot of the window as a marketer would see it with the pointer away:
/// no hover highlight of whatever was clicked last.
pub fn snapshot(harness: &mut Harness<'_, SeriesApp>, name: &str) {
    harness.event(egui::Event::PointerGone);
    harness.run();
    harness.snapshot(name);
}

/// The ids of the blocks selected on the canvas, in order.
pub fn selected(harness: &Harness<'_, SeriesApp>) -> Vec<BlockId> {
    let selection = &harness.state().canvas.selection;
    selection.blocks.iter().copied().collect()
}

/// Drops a file on the window, as the windowing layer hands it to egui; the
/// next frame takes it.
pub fn drop_file(harness: &mut Harness<'_, SeriesApp>, path: PathBuf) {
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path)));
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Presses at `from`, moves in steps to `to`, releases there.
pub fn drag<S>(h: &mut Harness<'_, S>, from: Pos2, to: Pos2) {
    drag_without_release(h, from, to);
    h.drop_at(to);
    h.run();
}

/// Presses at `from` and moves in steps to `to` without letting go.
pub fn drag_without_release<S>(h: &mut Harness<'_, S>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for t in [0.25, 0.5, 0.75, 1.0] {
        h.hover_at(from.lerp(to, t));
        h.run();
    }
}
