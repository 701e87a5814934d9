//! The desktop app, driven through its real state with egui_kittest.

mod app_support;

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use series_builder::app::{Config, FakeDialogs, Modal, Prefs, SeriesApp};
use series_builder::file;
use series_builder::model::*;
use series_builder::theme::Theme;

struct Setup {
    dialogs: FakeDialogs,
    recovery: tempfile::TempDir,
}

fn setup() -> Setup {
    Setup {
        dialogs: FakeDialogs::default(),
        recovery: tempfile::tempdir().unwrap(),
    }
}

fn app(setup: &Setup, open: Option<PathBuf>) -> Harness<'static, SeriesApp> {
    app_support::start(
        &setup.dialogs,
        Some(setup.recovery.path().to_path_buf()),
        open,
    )
}

fn menu(harness: &mut Harness<'_, SeriesApp>, menu: &str, item: &str) {
    app_support::click_menu(harness, menu, item);
}

fn example() -> Series {
    file::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("saved_series/onboarding.ron")).unwrap()
}

fn titles(series: &Series) -> Vec<String> {
    series.blocks().values().map(|b| b.title.clone()).collect()
}

#[test]
fn first_start_shows_the_built_in_example() {
    let s = setup();
    let harness = app(&s, None);
    assert_eq!(harness.state().doc().series(), &example());
    assert!(!harness.state().doc().is_dirty());
}

#[test]
fn add_a_content_block_from_the_palette_edit_its_title_undo_and_redo() {
    let s = setup();
    let mut harness = app(&s, None);
    let before = harness.state().doc().series().len();
    harness.get_by_label("Add Content").click();
    harness.run();
    let series = harness.state().doc().series();
    assert_eq!(series.len(), before + 1);
    let (id, block) = series.blocks().iter().next_back().unwrap();
    let id = *id;
    assert_eq!(block.kind(), Kind::Content);
    assert_eq!(app_support::selected(&harness), vec![id]);

    let field = harness.get_by_role_and_label(egui::Role::TextInput, "Title");
    field.focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_role_and_label(egui::Role::TextInput, "Title")
        .type_text("Welcome back");
    harness.run();
    assert_eq!(
        harness.state().doc().series().block(id).unwrap().title,
        "Welcome back"
    );
    assert!(harness.state().doc().is_dirty());

    // Typing was one undo step: one undo brings back the old title, a second removes the block.
    menu(&mut harness, "Edit", "Undo");
    assert_eq!(
        harness.state().doc().series().block(id).unwrap().title,
        "New message"
    );
    menu(&mut harness, "Edit", "Undo");
    assert!(harness.state().doc().series().block(id).is_none());
    assert_eq!(harness.state().doc().series().blocks(), example().blocks());
    menu(&mut harness, "Edit", "Redo");
    menu(&mut harness, "Edit", "Redo");
    assert_eq!(
        harness.state().doc().series().block(id).unwrap().title,
        "Welcome back"
    );
}

#[test]
fn copy_and_paste_two_connected_blocks() {
    let s = setup();
    let mut harness = app(&s, None);
    // 'Need a hand?' (7) → tag (8).
    harness
        .state_mut()
        .canvas
        .selection
        .set_blocks([BlockId(7), BlockId(8)]);
    harness.run();
    menu(&mut harness, "Edit", "Copy");
    menu(&mut harness, "Edit", "Paste");
    let series = harness.state().doc().series();
    assert_eq!(series.len(), 10);
    let pasted = app_support::selected(&harness);
    assert_eq!(pasted, vec![BlockId(9), BlockId(10)], "new ids, selected");
    assert_eq!(series.block(BlockId(9)).unwrap().title, "Need a hand?");
    assert_eq!(
        series.target(BlockId(9), Output::Sent),
        Some(BlockId(10)),
        "the arrow between them is kept"
    );
    assert_eq!(
        series.target(BlockId(7), Output::Sent),
        Some(BlockId(8)),
        "the originals are untouched"
    );
    // A second paste: neither copy covers a card, the originals nor each other.
    menu(&mut harness, "Edit", "Paste");
    let series = harness.state().doc().series();
    assert_eq!(series.len(), 12);
    let cards: Vec<egui::Rect> = series
        .blocks()
        .values()
        .map(series_builder::canvas::card_rect)
        .collect();
    for (i, a) in cards.iter().enumerate() {
        for b in &cards[i + 1..] {
            assert!(!a.intersects(*b), "{a:?} and {b:?} overlap");
        }
    }
}

/// The text the app put on the system clipboard in the last frame.
fn copied_text(harness: &Harness<'_, SeriesApp>) -> Option<String> {
    harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
}

#[test]
fn the_system_clipboard_carries_blocks_as_text() {
    let s = setup();
    let mut harness = app(&s, None);
    harness
        .state_mut()
        .canvas
        .selection
        .set_blocks([BlockId(2), BlockId(3)]);
    harness.run();
    // What the window sends for Cmd+C: the app answers with the text to copy.
    harness.event(egui::Event::Copy);
    harness.step();
    let text = copied_text(&harness).expect("the blocks were put on the clipboard");
    harness.run();
    // Pasted in another window of the app: the window sends the clipboard's text.
    let mut other = app(&s, None);
    other.event(egui::Event::Paste(text));
    other.run();
    let series = other.state().doc().series();
    assert_eq!(series.len(), 10);
    assert_eq!(series.block(BlockId(9)).unwrap().title, "Welcome Email");
    assert_eq!(series.target(BlockId(9), Output::Sent), Some(BlockId(10)));
    // Someone else's text on the clipboard pastes nothing.
    other.event(egui::Event::Paste("milk, eggs".into()));
    other.run();
    assert_eq!(other.state().doc().series().len(), 10);
}

#[test]
fn save_through_the_dialog_and_open_again() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my-series");
    let mut harness = app(&s, None);
    harness.get_by_label("Add Wait").click();
    harness.run();
    let edited = harness.state().doc().series().clone();
    s.dialogs.answer(Some(path.clone()));
    menu(&mut harness, "File", "Save As…");
    harness.run();
    let saved = path.with_extension("ron");
    assert!(saved.exists(), "saved with the .ron extension added");
    assert!(!harness.state().doc().is_dirty());
    assert_eq!(harness.state().doc().display_name(), "my-series.ron");

    menu(&mut harness, "File", "New");
    assert!(
        harness.state().doc().series().is_empty(),
        "saved work needs no question"
    );
    s.dialogs.answer(Some(saved.clone()));
    menu(&mut harness, "File", "Open…");
    harness.run();
    assert_eq!(harness.state().doc().series(), &edited);
    assert_eq!(harness.state().prefs.recent.first(), Some(&saved));
}

#[test]
fn new_with_unsaved_changes_asks_first_and_cancel_keeps_the_work() {
    let s = setup();
    let mut harness = app(&s, None);
    harness.get_by_label("Add Tag").click();
    harness.run();
    let work = harness.state().doc().series().clone();
    menu(&mut harness, "File", "New");
    assert!(matches!(harness.state().modal, Some(Modal::Unsaved { .. })));
    harness.get_by_label_contains("Do you want to save the changes");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.state().modal.is_none());
    assert_eq!(harness.state().doc().series(), &work);

    menu(&mut harness, "File", "New");
    harness.get_by_label("Don't Save").click();
    harness.run();
    assert!(harness.state().doc().series().is_empty());
}

#[test]
fn save_in_the_unsaved_dialog_saves_then_goes_on() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kept.ron");
    let mut harness = app(&s, None);
    harness.get_by_label("Add Rule").click();
    harness.run();
    let work = harness.state().doc().series().clone();
    menu(&mut harness, "File", "New");
    s.dialogs.answer(Some(path.clone()));
    harness.get_by_label("Save").click();
    harness.run();
    harness.run();
    assert_eq!(file::load(&path).unwrap(), work);
    assert!(harness.state().doc().series().is_empty());
}

#[test]
fn unsaved_work_is_recovered_at_the_next_start() {
    let s = setup();
    let mut first = app(&s, None);
    first.get_by_label("Add Rule").click();
    first.run();
    let work = first.state().doc().series().clone();
    // The autosave runs every 30 s of the app's clock, which moves by one frame
    // time per step in tests; then the app dies without saving.
    let found = s.recovery.path().join("recovery.ron");
    for _ in 0..(40 * 60) {
        if found.exists() {
            break;
        }
        first.step();
    }
    assert!(
        found.exists(),
        "unsaved work is written to the recovery file"
    );
    drop(first);

    let mut second = app(&s, None);
    assert!(matches!(second.state().modal, Some(Modal::Recovery(_))));
    second.get_by_label("Restore").click();
    second.run();
    assert_eq!(second.state().doc().series(), &work);
    assert!(
        second.state().doc().is_dirty(),
        "restored work still needs saving"
    );
}

#[test]
fn opening_a_bad_file_shows_an_error_and_keeps_the_series() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.ron");
    std::fs::write(&bad, "(format_version: 1, name: ").unwrap();
    let mut harness = app(&s, None);
    s.dialogs.answer(Some(bad));
    menu(&mut harness, "File", "Open…");
    harness.run();
    assert!(matches!(harness.state().modal, Some(Modal::Error { .. })));
    harness.get_by_label("Couldn't open broken.ron");
    harness.get_by_label_contains("line 1, column");
    harness.get_by_label("OK").click();
    harness.run();
    assert!(harness.state().modal.is_none());
    assert_eq!(harness.state().doc().series(), &example());
}

#[test]
fn a_file_named_at_start_is_opened() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    let mut series = example();
    series.name = "Mine".into();
    file::save(&path, &series).unwrap();
    let harness = app(&s, Some(path));
    assert_eq!(harness.state().doc().series().name, "Mine");
    assert_eq!(titles(harness.state().doc().series()), titles(&example()));
}

fn window_snapshot(theme: Theme, name: &str) {
    let s = setup();
    let mut harness = app(&s, None);
    harness.state_mut().prefs.theme = theme;
    harness
        .state_mut()
        .canvas
        .selection
        .set_blocks([BlockId(1)]);
    harness.run();
    app_support::snapshot(&mut harness, name);
}

#[test]
fn snapshot_main_window_dark() {
    window_snapshot(Theme::Dark, "app_main_dark");
}

#[test]
fn snapshot_main_window_light() {
    window_snapshot(Theme::Light, "app_main_light");
}

#[test]
fn dragging_a_kind_from_the_palette_drops_a_block_where_it_lands() {
    let s = setup();
    let mut harness = app(&s, None);
    let from = harness.get_by_label("Add Wait").rect().center();
    let to = egui::pos2(800.0, 700.0);
    app_support::drag(&mut harness, from, to);
    let series = harness.state().doc().series();
    assert_eq!(series.len(), 9);
    let (_, block) = series.blocks().iter().next_back().unwrap();
    assert_eq!(block.kind(), Kind::Wait);
    // Its card is centred under the pointer, as a dragged tile would be.
    let app = harness.state();
    let centre = series_builder::canvas::card_rect(block).center();
    let at = app.canvas.view.to_screen(app.canvas_rect(), centre);
    assert!(
        (at - to).length() < 2.0,
        "dropped at {to:?}, placed at {at:?}"
    );
}

#[test]
fn the_last_file_is_reopened_and_recent_files_are_remembered() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("last.ron");
    let mut series = example();
    series.name = "Last one".into();
    file::save(&path, &series).unwrap();
    let app = SeriesApp::new(Config {
        dialogs: Box::new(s.dialogs.clone()),
        recovery_folder: None,
        prefs: Prefs {
            last_file: Some(path.clone()),
            ..Prefs::default()
        },
        open: None,
    });
    assert_eq!(app.doc().series().name, "Last one");
    assert_eq!(app.prefs.recent, vec![path]);

    let mut prefs = Prefs::default();
    for i in 0..12 {
        prefs.remember(Path::new(&format!("/series/{i}.ron")));
    }
    prefs.remember(Path::new("/series/5.ron"));
    assert_eq!(prefs.recent.len(), 10, "Open Recent keeps the last ten");
    assert_eq!(prefs.recent[0], Path::new("/series/5.ron"));
    assert_eq!(
        prefs.recent.iter().filter(|p| p.ends_with("5.ron")).count(),
        1
    );
}

#[test]
fn a_last_file_that_is_gone_falls_back_to_the_example_and_says_why() {
    let s = setup();
    let app = SeriesApp::new(Config {
        dialogs: Box::new(s.dialogs.clone()),
        recovery_folder: None,
        prefs: Prefs {
            last_file: Some(PathBuf::from("/nowhere/gone.ron")),
            ..Prefs::default()
        },
        open: None,
    });
    assert_eq!(app.doc().series(), &example());
    assert!(matches!(app.modal, Some(Modal::Error { .. })));
    assert!(app.prefs.recent.is_empty());
}

#[test]
fn keyboard_shortcuts_undo_duplicate_select_all_and_save() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app(&s, None);
    harness.get_by_label("Add Wait").click();
    harness.run();
    assert_eq!(harness.state().doc().series().len(), 9);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().doc().series().len(), 8);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(harness.state().doc().series().len(), 9);

    harness
        .state_mut()
        .canvas
        .selection
        .set_blocks([BlockId(7), BlockId(8)]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::D);
    harness.run();
    assert_eq!(harness.state().doc().series().len(), 11);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    assert_eq!(harness.state().canvas.selection.blocks.len(), 11);

    let path = dir.path().join("keys.ron");
    s.dialogs.answer(Some(path.clone()));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    harness.run();
    assert_eq!(file::load(&path).unwrap().len(), 11);
    assert!(!harness.state().doc().is_dirty());
}

#[test]
fn the_first_start_says_it_is_an_example_and_how_to_begin() {
    let s = setup();
    let mut harness = app(&s, None);
    harness.get_by_label_contains("This is an example series");
    harness.get_by_label("Got it").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("This is an example series")
            .is_none()
    );

    // A series of one's own is no example.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    file::save(&path, &example()).unwrap();
    let harness = app(&s, Some(path));
    assert!(harness.state().banner().is_none());
}

#[test]
fn reentry_is_in_sight_at_the_default_size_when_the_series_is_ready() {
    let s = setup();
    let harness = app(&s, None);
    let reentry = harness.get_by_label("Again, each time they match after leaving");
    let checklist = harness.get_by_label("Go-live check");
    assert!(
        reentry.rect().max.y < checklist.rect().min.y,
        "Re-entry ({:?}) is above the checklist ({:?})",
        reentry.rect(),
        checklist.rect()
    );
    // Nothing to fix: the checklist is folded to its header.
    assert!(harness.query_by_label_contains("Nothing to fix").is_none());
}

#[test]
fn the_checklist_folds_and_unfolds() {
    let s = setup();
    let mut harness = app(&s, None);
    harness.get_by_label("Unfold the go-live check").click();
    harness.run();
    harness.get_by_label("Nothing to fix. Set it live from the Series menu.");
    harness.get_by_label("Fold the go-live check").click();
    harness.run();
    assert!(harness.query_by_label_contains("Nothing to fix").is_none());
    assert_eq!(harness.state().prefs.checklist_open, Some(false));
}

#[test]
fn with_no_file_dialog_on_the_desktop_save_as_uses_the_apps_own_chooser() {
    let s = setup();
    s.dialogs.make_unavailable();
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.ron");
    file::save(&first, &example()).unwrap();
    std::fs::create_dir(dir.path().join("archive")).unwrap();
    let mut harness = app(&s, Some(first));
    menu(&mut harness, "File", "Save As…");
    assert!(matches!(harness.state().modal, Some(Modal::ChooseFile(_))));
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|n| n.contains("no file dialog")),
        "the missing dialog is said, not swallowed"
    );
    // It lists the folder beside the open file: its folders and series files.
    harness.get_by_label("archive/");
    assert_eq!(
        harness.get_all_by_label("first.ron").count(),
        2,
        "the file is listed (and named in the status bar)"
    );
    let name = harness.get_by_role_and_label(egui::Role::TextInput, "File name");
    name.focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(egui::Role::TextInput, "File name")
        .type_text("second");
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    let saved = dir.path().join("second.ron");
    assert_eq!(file::load(&saved).unwrap(), example());
    assert!(!harness.state().doc().is_dirty());
    assert_eq!(harness.state().doc().display_name(), "second.ron");
    assert!(harness.state().modal.is_none());
}

#[test]
fn a_failed_save_says_so_keeps_the_work_unsaved_and_keeps_the_recovery_file() {
    let s = setup();
    let mut harness = app(&s, None);
    harness.get_by_label("Add Rule").click();
    harness.run();
    let recovery = s.recovery.path().join("recovery.ron");
    for _ in 0..(40 * 60) {
        if recovery.exists() {
            break;
        }
        harness.step();
    }
    assert!(recovery.exists());
    // The file picked is a folder: the save cannot happen.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("a-folder.ron");
    std::fs::create_dir(&folder).unwrap();
    s.dialogs.answer(Some(folder));
    menu(&mut harness, "File", "Save As…");
    harness.run();
    assert!(matches!(harness.state().modal, Some(Modal::Error { .. })));
    harness.get_by_label("Couldn't save a-folder.ron");
    assert!(
        harness.state().doc().is_dirty(),
        "the work is still unsaved"
    );
    assert!(recovery.exists(), "and still recoverable");
}

/// Runs frames until `done`, for at most 5 s of the app's clock.
fn run_until(harness: &mut Harness<'_, SeriesApp>, done: impl Fn(&SeriesApp) -> bool) {
    for _ in 0..(5 * 60) {
        if done(harness.state()) {
            return;
        }
        harness.step();
    }
}

/// The app on `path` with unsaved work: a wait block added.
fn with_unsaved_work(s: &Setup, path: &Path) -> Harness<'static, SeriesApp> {
    let mut harness = app(s, Some(path.to_path_buf()));
    harness.get_by_label("Add Wait").click();
    harness.run();
    harness
}

/// Runs frames until the app asks about a change on disk, and shows the question.
fn until_asked_about_the_change(harness: &mut Harness<'_, SeriesApp>) {
    run_until(harness, |app| {
        matches!(app.modal, Some(Modal::ChangedOnDisk { .. }))
    });
    harness.run();
}

/// Another program's save: the example without the tag block, renamed.
fn change_on_disk(path: &Path) -> Series {
    let mut theirs = example();
    theirs.name = "Changed by git".into();
    let mut history = series_builder::edit::History::default();
    history
        .apply(
            &mut theirs,
            series_builder::edit::Edit::Remove {
                blocks: vec![BlockId(8)],
                connections: vec![],
            },
            None,
        )
        .unwrap();
    // A different size, so the change shows whatever the clock's resolution.
    file::save(path, &theirs).unwrap();
    theirs
}

#[test]
fn a_file_changed_on_disk_is_reloaded_keeping_the_view_and_selection() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.ron");
    file::save(&path, &example()).unwrap();
    let mut harness = app(&s, Some(path.clone()));
    harness
        .state_mut()
        .canvas
        .selection
        .set_blocks([BlockId(7), BlockId(8)]);
    harness.run();
    let view = harness.state().canvas.view;
    let theirs = change_on_disk(&path);
    run_until(&mut harness, |app| {
        app.doc().series().name == "Changed by git"
    });
    assert_eq!(harness.state().doc().series(), &theirs);
    assert!(!harness.state().doc().is_dirty());
    assert_eq!(harness.state().canvas.view, view, "the view stays");
    assert_eq!(
        app_support::selected(&harness),
        vec![BlockId(7)],
        "blocks still there stay selected"
    );
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|n| n.contains("changed on disk"))
    );
}

#[test]
fn a_file_changed_on_disk_under_unsaved_work_is_asked_about() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.ron");
    file::save(&path, &example()).unwrap();

    // Reload: theirs replaces the unsaved work.
    let mut harness = with_unsaved_work(&s, &path);
    let theirs = change_on_disk(&path);
    until_asked_about_the_change(&mut harness);
    harness.get_by_label("shared.ron changed on disk");
    harness.get_by_label("Reload").click();
    harness.run();
    assert_eq!(harness.state().doc().series(), &theirs);

    // Keep mine: the work stays, and the next save replaces theirs without asking again.
    file::save(&path, &example()).unwrap();
    let mut harness = with_unsaved_work(&s, &path);
    let mine = harness.state().doc().series().clone();
    change_on_disk(&path);
    until_asked_about_the_change(&mut harness);
    harness.get_by_label("Keep mine").click();
    harness.run();
    assert_eq!(harness.state().doc().series(), &mine);
    menu(&mut harness, "File", "Save");
    assert!(harness.state().modal.is_none());
    assert_eq!(file::load(&path).unwrap(), mine);
}

#[test]
fn save_never_overwrites_a_change_on_disk_without_asking() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.ron");
    file::save(&path, &example()).unwrap();
    let mut harness = with_unsaved_work(&s, &path);
    let mine = harness.state().doc().series().clone();
    // Saved over before the app looked at the file again.
    let theirs = change_on_disk(&path);
    harness
        .state_mut()
        .act(series_builder::action::Action::Save);
    harness.step();
    assert!(matches!(
        harness.state().modal,
        Some(Modal::ChangedOnDisk { saving: true, .. })
    ));
    assert_eq!(file::load(&path).unwrap(), theirs, "theirs is untouched");
    harness.run();
    harness.get_by_label("Keep mine and save").click();
    harness.run();
    assert_eq!(file::load(&path).unwrap(), mine);
    assert!(!harness.state().doc().is_dirty());
}

/// Leaves unsaved work in the recovery folder, as a crash would.
fn crash_with_unsaved_work(s: &Setup, open: Option<PathBuf>) -> Series {
    let mut first = app(s, open);
    first.get_by_label("Add Rule").click();
    first.run();
    let found = s.recovery.path().join("recovery.ron");
    for _ in 0..(40 * 60) {
        if found.exists() {
            break;
        }
        first.step();
    }
    assert!(found.exists());
    first.state().doc().series().clone()
}

#[test]
fn recovery_says_which_series_and_file_and_comes_with_an_error_about_the_named_file() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.ron");
    file::save(&mine, &example()).unwrap();
    let work = crash_with_unsaved_work(&s, Some(mine));

    // The next start is asked to open a file that is gone: both are said.
    let mut second = app(&s, Some(dir.path().join("gone.ron")));
    assert!(matches!(second.state().modal, Some(Modal::Error { .. })));
    second.get_by_label("Couldn't open gone.ron");
    second.get_by_label("OK").click();
    second.run();
    assert!(matches!(second.state().modal, Some(Modal::Recovery(_))));
    // Which series, which file, and when the autosave was written (nothing
    // else on screen names that file or a time).
    second.get_by_label_contains("series-builder closed before 'Onboarding' was saved");
    second.get_by_label_contains("mine.ron");
    second.get_by_label_contains(" UTC (");
    second.get_by_label("Restore").click();
    second.run();
    assert_eq!(second.state().doc().series(), &work);
}

#[test]
fn a_damaged_recovery_file_is_set_aside_and_said() {
    let s = setup();
    let recovery = s.recovery.path().join("recovery.ron");
    std::fs::write(&recovery, "(format_version: 1, name: \"half").unwrap();
    let mut harness = app(&s, None);
    assert!(matches!(harness.state().modal, Some(Modal::Error { .. })));
    harness.get_by_label("Autosaved work could not be read");
    assert!(!recovery.exists(), "not offered again");
    let kept: Vec<_> = std::fs::read_dir(s.recovery.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("recovery-unreadable-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "kept aside, not deleted");
    harness.get_by_label("OK").click();
    harness.run();
    assert_eq!(harness.state().doc().series(), &example());
}

#[test]
fn a_tag_typed_in_one_block_is_offered_in_the_next() {
    let s = setup();
    let mut harness = app(&s, None);
    harness.get_by_label("Add Tag").click();
    harness.run();
    // A new tag block offers the tags the series uses.
    harness.get_by_label("onboarding-help");
    let fields: Vec<_> = harness.get_all_by_role(egui::Role::TextInput).collect();
    let tag_field = fields.last().unwrap();
    tag_field.focus();
    harness.run();
    let fields: Vec<_> = harness.get_all_by_role(egui::Role::TextInput).collect();
    fields.last().unwrap().type_text("vip");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    // The next one offers the tag just typed: the offers follow the series.
    harness.get_by_label("Add Tag").click();
    harness.run();
    harness.get_by_label("vip");
    harness.get_by_label("onboarding-help");
}
