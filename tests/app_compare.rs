//! File → Compare With…: the series compared with another version of it, marked
//! on the canvas and listed in the side panel, read-only until Done.

mod app_support;

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use series_builder::action::{Action, Placement};
use series_builder::app::{FakeDialogs, Modal, SeriesApp};
use series_builder::canvas::card_rect;
use series_builder::diff::Change;
use series_builder::edit::Edit;
use series_builder::file;
use series_builder::model::*;
use series_builder::theme::Theme;

struct App {
    harness: Harness<'static, SeriesApp>,
    dialogs: FakeDialogs,
    /// The file the app opened, as it was before the edits.
    original: PathBuf,
    _dir: tempfile::TempDir,
}

fn example() -> Series {
    file::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("saved_series/onboarding.ron")).unwrap()
}

fn menu(h: &mut Harness<'_, SeriesApp>, menu: &str, item: &str) {
    app_support::click_menu(h, menu, item);
}

fn series(h: &Harness<'_, SeriesApp>) -> Series {
    h.state().doc().series().clone()
}

/// The onboarding example opened from a file, then edited in the app: a content
/// block added from the palette, the welcome email retitled, the tag block
/// deleted, and 'Need a hand?' connected to the new block instead.
fn edited() -> App {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("onboarding.ron");
    file::save(&original, &example()).unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = app_support::start(&dialogs, None, Some(original.clone()));

    harness.get_by_label("Add Content").click();
    harness.run();
    harness
        .state_mut()
        .canvas
        .selection
        .set_blocks([BlockId(2)]);
    harness.run();
    harness
        .get_by_role_and_label(egui::Role::TextInput, "Title")
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(egui::Role::TextInput, "Title")
        .type_text("Welcome back");
    harness.run();
    harness
        .state_mut()
        .canvas
        .selection
        .set_blocks([BlockId(8)]);
    harness.run();
    harness.state_mut().act(Action::Delete);
    let arrow = Connection::new(BlockId(7), Output::Sent, BlockId(9));
    harness.state_mut().edit(Edit::connect(arrow), None);
    harness.run();
    harness.state_mut().canvas.selection.clear();
    harness.run();

    let s = series(&harness);
    assert_eq!(s.block(BlockId(2)).unwrap().title, "Welcome back");
    assert!(s.block(BlockId(8)).is_none());
    assert_eq!(s.target(BlockId(7), Output::Sent), Some(BlockId(9)));
    App {
        harness,
        dialogs,
        original,
        _dir: dir,
    }
}

fn compare_with(app: &mut App, path: PathBuf) {
    app.dialogs.answer(Some(path));
    menu(&mut app.harness, "File", "Compare With…");
    app.harness.run();
}

/// The edited example compared with the file it was opened from.
fn comparing() -> App {
    let mut app = edited();
    let original = app.original.clone();
    compare_with(&mut app, original);
    assert!(app.harness.state().comparison().is_some());
    app
}

/// The list rows, as a screen reader reads them.
const CHANGED_TITLE: &str =
    "changed 'Welcome back' (block 2): title 'Welcome Email' → 'Welcome back'";
const ADDED_BLOCK: &str = "added 'New message' (block 9): Chat message";
const REMOVED_TAG: &str = "removed 'Add tag onboarding-help' (block 8)";

#[test]
fn compare_with_marks_what_changed_since_the_other_version_and_lists_it() {
    let app = comparing();
    let c = app.harness.state().comparison().unwrap();
    assert_eq!(c.file(), "onboarding.ron");
    let marks = c.marks();
    let marked: Vec<(u64, Change)> = marks.blocks.iter().map(|(id, c)| (id.0, *c)).collect();
    assert_eq!(marked, vec![(2, Change::Changed), (9, Change::Added)]);
    let added: Vec<Port> = marks.arrows.iter().copied().collect();
    assert_eq!(
        added,
        vec![Port {
            block: BlockId(7),
            output: Output::Sent
        }]
    );
    // The tag block is a ghost where it was in the file, with its arrow.
    assert_eq!(marks.ghosts.len(), 1);
    assert_eq!(marks.ghosts[0].id, BlockId(8));
    assert_eq!(marks.ghosts[0].block, *example().block(BlockId(8)).unwrap());
    assert_eq!(
        marks.ghost_arrows,
        vec![Connection::new(BlockId(7), Output::Sent, BlockId(8))]
    );

    let rows: Vec<String> = c
        .entries()
        .iter()
        .map(|e| format!("{} {}", e.change.label(), e.words))
        .collect();
    assert_eq!(
        rows,
        vec![
            CHANGED_TITLE.to_string(),
            REMOVED_TAG.to_string(),
            ADDED_BLOCK.to_string(),
            "removed arrow 'Need a hand?' sent → 'Add tag onboarding-help'".to_string(),
            "added arrow 'Need a hand?' sent → 'New message'".to_string(),
        ]
    );
    assert_eq!(c.headline(), "5 changes");
    // Each is a row of the side panel, in place of the editors.
    for row in &rows {
        app.harness.get_by_label(row);
    }
    assert!(
        app.harness
            .query_by_role_and_label(egui::Role::TextInput, "Title")
            .is_none()
    );
}

/// Whether a canvas rectangle is wholly on the canvas' part of the screen.
fn on_screen(h: &Harness<'_, SeriesApp>, canvas: Rect) -> bool {
    let viewport = h.state().canvas_rect();
    let shown = h.state().canvas.view.rect_to_screen(viewport, canvas);
    viewport.contains_rect(shown)
}

#[test]
fn clicking_a_change_brings_its_block_into_view_a_removed_one_as_its_ghost() {
    let mut app = comparing();
    let h = &mut app.harness;
    let added = card_rect(h.state().doc().series().block(BlockId(9)).unwrap());
    let ghost = card_rect(example().block(BlockId(8)).unwrap());

    h.state_mut().canvas.view.pan = egui::vec2(-6000.0, -6000.0);
    h.run();
    assert!(!on_screen(h, added) && !on_screen(h, ghost));
    h.get_by_label(ADDED_BLOCK).click();
    h.run();
    assert!(on_screen(h, added), "the added block is brought into view");
    assert_eq!(app_support::selected(h), vec![BlockId(9)]);

    h.state_mut().canvas.view.pan = egui::vec2(6000.0, 6000.0);
    h.run();
    h.get_by_label(REMOVED_TAG).click();
    h.run();
    assert!(
        on_screen(h, ghost),
        "the removed block's ghost is brought into view"
    );
    assert!(
        h.state().canvas.selection.is_empty(),
        "a ghost is not part of the series: nothing to select"
    );
    assert_eq!(
        h.state().comparison().unwrap().shown(),
        Some(series_builder::diff::Subject::Block(BlockId(8)))
    );
}

#[test]
fn the_series_is_read_only_while_comparing_and_done_leaves_it_unchanged() {
    let mut app = comparing();
    let h = &mut app.harness;
    let before = series(h);
    assert!(h.state().doc().is_dirty());

    // Deleting, undoing and adding a block all stop short of the series.
    h.state_mut().canvas.selection.set_blocks([BlockId(2)]);
    h.run();
    h.key_press(Key::Delete);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.state_mut().act(Action::AddBlock {
        kind: Kind::Wait,
        at: Placement::ViewCentre,
        from: None,
    });
    h.run();
    let blocks = h.state().canvas.selection.blocks.clone();
    h.state_mut().edit(
        Edit::Remove {
            blocks: blocks.into_iter().collect(),
            connections: vec![],
        },
        None,
    );
    h.run();
    assert_eq!(series(h), before);
    assert_eq!(
        h.state().notice(),
        Some(
            "You're comparing two versions, so the series can't change now. Press Done to edit it again."
        )
    );
    // Greyed out in the menus too.
    h.get_by_label("Edit").click();
    h.run();
    for item in ["Undo", "Delete", "Paste"] {
        let node = h.get_by(|n| n.label().is_some_and(|l| l.starts_with(item)));
        assert!(node.accesskit_node().is_disabled(), "{item}");
    }
    h.get_by_label("Edit").click();
    h.run();

    h.get_by_label("Done").click();
    h.run();
    assert!(h.state().comparison().is_none());
    assert_eq!(series(h), before, "the series is as it was");
    assert!(
        h.state().doc().is_dirty(),
        "and its edits are still unsaved"
    );
    assert_eq!(
        file::load(&app.original).unwrap(),
        example(),
        "the other version's file is untouched"
    );
    // Editing works again: undo takes back the last edit (the new arrow).
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().doc().series().target(BlockId(7), Output::Sent),
        None
    );
}

#[test]
fn tidy_up_and_the_connect_fix_wait_until_the_comparison_is_done() {
    let mut app = comparing();
    let h = &mut app.harness;
    let before = series(h);
    let read_only = "You're comparing two versions, so the series can't change now. Press Done to edit it again.";
    // Greyed out in the menu, and refused when asked for all the same.
    h.get_by_label("Edit").click();
    h.run();
    let tidy = h.get_by(|n| n.label().is_some_and(|l| l.starts_with("Tidy Up")));
    assert!(tidy.accesskit_node().is_disabled());
    h.get_by_label("Edit").click();
    h.run();
    for action in [
        Action::Tidy,
        Action::QuickFix(series_builder::check::QuickFix::ConnectColumns),
    ] {
        h.state_mut().act(action);
        h.run();
        assert_eq!(series(h), before);
        assert_eq!(h.state().notice(), Some(read_only));
    }
    // Once done, Tidy Up moves the blocks (so it was the comparison that kept them).
    h.get_by_label("Done").click();
    h.run();
    h.state_mut().act(Action::Tidy);
    h.run();
    assert_ne!(series(h), before);
}

#[test]
fn escape_ends_the_comparison_and_otherwise_clears_the_selection() {
    let mut app = comparing();
    let h = &mut app.harness;
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().comparison().is_none());
    // With no comparison Escape is the canvas' again.
    h.state_mut().canvas.selection.set_blocks([BlockId(1)]);
    h.run();
    let canvas = h.state().canvas_rect();
    h.hover_at(canvas.center());
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().canvas.selection.is_empty());
}

#[test]
fn a_file_that_cant_be_read_is_said_and_the_comparison_shown_stays() {
    let mut app = comparing();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.ron");
    std::fs::write(&bad, "(format_version: 1, name: ").unwrap();
    let before = series(&app.harness);
    compare_with(&mut app, bad);
    let h = &mut app.harness;
    assert!(matches!(h.state().modal, Some(Modal::Error { .. })));
    h.get_by_label("Couldn't open broken.ron");
    h.get_by_label_contains("line 1, column");
    h.get_by_label("OK").click();
    h.run();
    assert_eq!(series(h), before);
    assert_eq!(h.state().comparison().unwrap().file(), "onboarding.ron");
}

#[test]
fn the_same_version_has_no_differences_to_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("onboarding.ron");
    file::save(&path, &example()).unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = app_support::start(&dialogs, None, Some(path.clone()));
    dialogs.answer(Some(path));
    menu(&mut harness, "File", "Compare With…");
    harness.run();
    let c = harness.state().comparison().unwrap();
    assert!(c.entries().is_empty() && c.marks().blocks.is_empty());
    harness.get_by_label("No differences: this series is the same as onboarding.ron.");
}

#[test]
fn starting_another_series_ends_the_comparison() {
    let mut app = comparing();
    let h = &mut app.harness;
    menu(h, "File", "New from Template…");
    h.get_by_label("Create").click();
    h.run();
    // The edits are unsaved: asked about first, as always.
    h.get_by_label("Don't Save").click();
    h.run();
    assert!(h.state().comparison().is_none());
    assert_eq!(h.state().doc().series().name, "Onboarding");
    assert!(h.state().doc().path().is_none());
}

#[test]
fn a_series_reloaded_from_disk_is_compared_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let open = dir.path().join("onboarding.ron");
    file::save(&open, &example()).unwrap();
    let mut older = example();
    older.name = "Onboarding 2025".into();
    let other = dir.path().join("older.ron");
    file::save(&other, &older).unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = app_support::start(&dialogs, None, Some(open.clone()));
    dialogs.answer(Some(other));
    menu(&mut h, "File", "Compare With…");
    h.run();
    assert_eq!(h.state().comparison().unwrap().entries().len(), 1);

    // Someone else's save (a git pull): the welcome email goes.
    let mut theirs = example();
    theirs.remove_block(BlockId(2)).unwrap();
    file::save(&open, &theirs).unwrap();
    for _ in 0..300 {
        if h.state().doc().series() == &theirs {
            break;
        }
        h.step();
    }
    h.run();
    assert_eq!(h.state().doc().series(), &theirs, "reloaded");
    let c = h.state().comparison().unwrap();
    let ghosts: Vec<BlockId> = c.marks().ghosts.iter().map(|g| g.id).collect();
    assert_eq!(ghosts, vec![BlockId(2)]);
    assert_eq!(c.entries().len(), 4, "{:#?}", c.entries());
}

/// A rendered window: its width and RGBA bytes.
struct Picture {
    width: u32,
    rgba: Vec<u8>,
}

impl Picture {
    /// Counts the pixels of a colour family in a band just outside a card's left edge.
    fn ring_pixels(&self, card: Rect, family: impl Fn(i32, i32, i32) -> bool) -> usize {
        let y = card.center().y as u32;
        let x0 = (card.min.x - 8.0).max(0.0) as u32;
        (x0..card.min.x as u32)
            .filter(|x| {
                let at = 4 * (y * self.width + x) as usize;
                let p = &self.rgba[at..at + 3];
                family(i32::from(p[0]), i32::from(p[1]), i32::from(p[2]))
            })
            .count()
    }
}

#[test]
fn added_blocks_are_ringed_green_and_changed_ones_amber() {
    let mut app = comparing();
    for theme in [Theme::Dark, Theme::Light] {
        let h = &mut app.harness;
        h.state_mut().prefs.theme = theme;
        h.state_mut().canvas.selection.clear();
        h.run();
        let image = h.render().unwrap();
        let image = Picture {
            width: image.width(),
            rgba: image.as_raw().clone(),
        };
        let series = series(h);
        let viewport = h.state().canvas_rect();
        let screen = |id: u64| {
            let card = card_rect(series.block(BlockId(id)).unwrap());
            h.state().canvas.view.rect_to_screen(viewport, card)
        };
        let green = |r: i32, g: i32, b: i32| g > r + 40 && g > b + 20;
        let amber = |r: i32, g: i32, b: i32| r > g + 30 && g > b + 40;
        assert!(image.ring_pixels(screen(9), green) > 0, "{theme:?}: added");
        assert!(
            image.ring_pixels(screen(2), amber) > 0,
            "{theme:?}: changed"
        );
        assert_eq!(image.ring_pixels(screen(2), green), 0, "{theme:?}");
        for unchanged in [1, 3] {
            let s = screen(unchanged);
            assert_eq!(image.ring_pixels(s, green), 0, "{theme:?}: {unchanged}");
            assert_eq!(image.ring_pixels(s, amber), 0, "{theme:?}: {unchanged}");
        }
    }
}

fn snapshot(theme: Theme, name: &str) {
    let mut app = comparing();
    let h = &mut app.harness;
    h.state_mut().prefs.theme = theme;
    h.run();
    h.get_by_label(CHANGED_TITLE).click();
    h.run();
    app_support::snapshot(h, name);
}

#[test]
fn snapshot_compare_dark() {
    snapshot(Theme::Dark, "compare_dark");
}

#[test]
fn snapshot_compare_light() {
    snapshot(Theme::Light, "compare_light");
}
