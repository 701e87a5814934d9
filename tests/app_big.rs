//! Big and imported series in the app: Find, the minimap, fitting 10,000
//! blocks, tidying up, connecting an import's columns, exporting a picture.

mod app_support;

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use series_builder::action::Action;
use series_builder::app::{FakeDialogs, SeriesApp};
use series_builder::canvas::{READABLE_ZOOM, card_rect};
use series_builder::edit::Edit;
use series_builder::file;
use series_builder::import::import_campaign;
use series_builder::model::*;
use series_builder::theme::Theme;

fn start(series: &Series, dir: &Path) -> (Harness<'static, SeriesApp>, FakeDialogs) {
    let path = dir.join("big.ron");
    file::save(&path, series).unwrap();
    let dialogs = FakeDialogs::default();
    let harness = app_support::start(&dialogs, None, Some(path));
    (harness, dialogs)
}

/// `n` blocks in columns of 40 (rule, content, wait, tag, …), 300 apart.
fn columns(n: usize) -> Series {
    let mut s = Series::new("Columns");
    let kinds = [Kind::Rule, Kind::Content, Kind::Wait, Kind::Tag];
    let mut previous: Option<(BlockId, Output)> = None;
    for i in 0..n {
        let (column, row) = (i / 40, i % 40);
        let mut block = Block::new_of_kind(
            kinds[i % 4],
            Pos::new(column as f32 * 300.0, row as f32 * 150.0),
        );
        block.title = format!("Step {i}");
        let output = block.outputs()[0];
        let id = s.allocate_id();
        s.insert_block(id, block).unwrap();
        if let Some((from, out)) = previous.filter(|_| row != 0) {
            s.connect(Connection::new(from, out, id)).unwrap();
        }
        previous = Some((id, output));
    }
    s
}

/// Where a block's card is on screen now.
fn on_screen(h: &Harness<'_, SeriesApp>, id: BlockId) -> Rect {
    let app = h.state();
    let block = app.doc().series().block(id).unwrap();
    app.canvas
        .view
        .rect_to_screen(app.canvas_rect(), card_rect(block))
}

/// At 100 %, opens Find with Ctrl+F and types `words`.
fn find_at_100(h: &mut Harness<'_, SeriesApp>, words: &str) {
    h.state_mut()
        .act(Action::View(series_builder::canvas::ViewRequest::ZoomTo100));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, "Find")
        .type_text(words);
    h.run();
}

fn trial() -> series_builder::import::Imported {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/campaigns/trial-onboarding.json");
    import_campaign(&std::fs::read(path).unwrap()).unwrap()
}

fn overlapping(s: &Series) -> usize {
    let rects: Vec<Rect> = s.blocks().values().map(card_rect).collect();
    let mut n = 0;
    for (i, a) in rects.iter().enumerate() {
        n += rects[i + 1..].iter().filter(|b| a.intersects(**b)).count();
    }
    n
}

#[test]
fn find_cycles_through_three_matches_and_reveals_each() {
    let dir = tempfile::tempdir().unwrap();
    let mut series = columns(120);
    // Three matches far apart: the first, the middle and the last column.
    let pricing = [BlockId(2), BlockId(62), BlockId(118)];
    for (i, id) in pricing.iter().enumerate() {
        let mut block = series.block(*id).unwrap().clone();
        block.title = format!("Pricing tips {}", i + 1);
        series.replace_block(*id, block).unwrap();
    }
    let (mut h, _) = start(&series, dir.path());
    find_at_100(&mut h, "pricing");
    assert_eq!(h.state().situation().found, 3);
    h.get_by_label("1 of 3");
    // Every match is listed, by title and kind.
    h.get_by_label("Pricing tips 3 · Content");

    let canvas = h.state().canvas_rect();
    let mut seen = Vec::new();
    for step in 0..4 {
        if step > 0 {
            h.key_press(Key::Enter);
            h.run();
        }
        let current = h.state().find_current().unwrap();
        assert!(
            canvas.contains_rect(on_screen(&h, current)),
            "match {step} is on screen"
        );
        assert!(h.state().canvas.view.zoom() >= READABLE_ZOOM);
        seen.push(current);
    }
    // Round the end and back to the first.
    assert_eq!(seen, vec![pricing[0], pricing[1], pricing[2], pricing[0]]);
    h.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    h.run();
    assert_eq!(h.state().find_current(), Some(pricing[2]));
    assert!(canvas.contains_rect(on_screen(&h, pricing[2])));
    // Going to a match selects it, so the inspector shows it.
    assert!(h.state().canvas.selection.blocks.contains(&pricing[2]));
}

#[test]
fn find_looks_in_messages_and_conditions_too() {
    let series =
        file::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("saved_series/onboarding.ron"))
            .unwrap();
    // A subject, a rule's condition and a tag.
    assert_eq!(
        series_builder::find::matches(&series, "ACME"),
        vec![BlockId(2)]
    );
    assert_eq!(
        series_builder::find::matches(&series, "signed up"),
        vec![BlockId(1)]
    );
    assert_eq!(
        series_builder::find::matches(&series, "onboarding-help"),
        vec![BlockId(8)]
    );
    assert_eq!(series_builder::find::matches(&series, "  "), vec![]);
}

#[test]
fn clicking_the_minimap_moves_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let series = columns(800);
    let (mut h, _) = start(&series, dir.path());
    h.state_mut()
        .act(Action::View(series_builder::canvas::ViewRequest::ZoomTo100));
    h.run();
    assert!(
        h.state().situation().minimap,
        "on for a series of many screens"
    );
    let before = h.state().canvas.view;
    h.get_by_label("Minimap of the series").click();
    h.run();
    let app = h.state();
    let after = app.canvas.view;
    assert_ne!(before.pan, after.pan);
    assert_eq!(after.zoom(), before.zoom());
    // The minimap's middle is the series' middle.
    let bounds = series
        .blocks()
        .values()
        .map(card_rect)
        .reduce(|a, b| a.union(b))
        .unwrap();
    let centre = after.visible_canvas(app.canvas_rect()).center();
    assert!(
        (centre - bounds.center()).length() < 100.0,
        "{centre:?} vs {:?}",
        bounds.center()
    );

    // View → Minimap hides it, and it stays hidden.
    app_support::click_menu(&mut h, "View", "Minimap");
    assert!(!h.state().situation().minimap);
    assert!(h.query_by_label("Minimap of the series").is_none());
}

#[test]
fn a_small_series_has_no_minimap_until_asked() {
    let dialogs = FakeDialogs::default();
    let mut h = app_support::start(&dialogs, None, None);
    assert!(!h.state().situation().minimap);
    app_support::click_menu(&mut h, "View", "Minimap");
    assert!(h.state().situation().minimap);
    h.get_by_label("Minimap of the series");
}

#[test]
fn fit_shows_every_block_of_a_10000_block_series() {
    let dir = tempfile::tempdir().unwrap();
    let series = columns(10_000);
    let (mut h, _) = start(&series, dir.path());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run();
    let app = h.state();
    let canvas = app.canvas_rect();
    for block in series.blocks().values() {
        let r = app.canvas.view.rect_to_screen(canvas, card_rect(block));
        assert!(canvas.contains_rect(r), "{} is off screen", block.title);
    }
}

#[test]
fn an_import_opens_readable_at_its_entry_block() {
    let dialogs = FakeDialogs::default();
    let mut h = app_support::start(&dialogs, None, None);
    let imported = trial();
    let entry = imported.entry_block;
    h.state_mut().act(Action::Adopt(Box::new(imported)));
    h.run();
    assert!(h.state().canvas.view.zoom() >= READABLE_ZOOM);
    assert!(h.state().canvas_rect().contains_rect(on_screen(&h, entry)));
}

#[test]
fn connect_then_tidy_an_imported_series_and_undo_in_one_step() {
    let dialogs = FakeDialogs::default();
    let mut h = app_support::start(&dialogs, None, None);
    h.state_mut().act(Action::Adopt(Box::new(trial())));
    h.run();
    assert_eq!(
        h.state().report().with_code("unconnected-import").count(),
        4
    );

    // The checklist offers the fix once (one button, not one per column);
    // one click joins them all.
    h.get_by_label("Connect the columns in campaign order")
        .click();
    h.run();
    let app = h.state();
    assert_eq!(app.doc().series().entry_points().len(), 1);
    assert_eq!(app.report().with_code("unconnected-import").count(), 0);
    assert_eq!(overlapping(app.doc().series()), 0);

    // Blocks piled up by hand, then tidied.
    let pile: Vec<(BlockId, Pos)> = app
        .doc()
        .series()
        .blocks()
        .keys()
        .enumerate()
        .map(|(i, id)| (*id, Pos::new(i as f32 * 30.0, i as f32 * 10.0)))
        .collect();
    h.state_mut().edit(Edit::Move(pile), None);
    h.run();
    let piled = h.state().doc().series().clone();
    assert!(overlapping(&piled) > 0);
    app_support::click_menu(&mut h, "Edit", "Tidy Up");
    assert_eq!(overlapping(h.state().doc().series()), 0);
    assert_eq!(
        h.state().doc().series().connections().count(),
        piled.connections().count()
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().doc().series(), &piled, "one undo step");
}

#[test]
fn export_picture_writes_the_selection_or_the_series() {
    let dialogs = FakeDialogs::default();
    let mut h = app_support::start(&dialogs, None, None);
    let dir = tempfile::tempdir().unwrap();
    let whole: PathBuf = dir.path().join("whole.svg");
    dialogs.answer(Some(whole.clone()));
    app_support::click_menu(&mut h, "File", "Export Picture…");
    h.run();
    let svg = std::fs::read_to_string(&whole).unwrap();
    assert!(svg.contains("Welcome Email") && svg.contains("Getting started"));

    // A name without an ending becomes a PNG; only the selection is in it.
    h.state_mut().canvas.selection.set_blocks([BlockId(1)]);
    let part = dir.path().join("part");
    dialogs.answer(Some(part.clone()));
    app_support::click_menu(&mut h, "File", "Export Picture…");
    h.run();
    let png = std::fs::read(part.with_extension("png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    assert!(h.state().notice().unwrap().contains("1 selected block"));
}

fn snapshot(theme: Theme, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = start(&columns(600), dir.path());
    h.state_mut().prefs.theme = theme;
    find_at_100(&mut h, "step 41");
    app_support::snapshot(&mut h, name);
}

#[test]
fn snapshot_find_and_minimap_dark() {
    snapshot(Theme::Dark, "app_find_minimap_dark");
}

#[test]
fn snapshot_find_and_minimap_light() {
    snapshot(Theme::Light, "app_find_minimap_light");
}

/// The imported example once connected (and so tidied), at 50 %: every card
/// shows its title and summary.
fn tidied_snapshot(theme: Theme, name: &str) {
    let dialogs = FakeDialogs::default();
    let mut h = app_support::start(&dialogs, None, None);
    h.state_mut().prefs.theme = theme;
    h.state_mut().act(Action::Adopt(Box::new(trial())));
    h.run();
    h.get_all_by_label("Connect the columns in campaign order")
        .next()
        .unwrap()
        .click();
    h.run();
    h.get_by_label("Got it").click();
    h.state_mut().canvas.view = series_builder::canvas::View::new(egui::vec2(300.0, 40.0), 0.5);
    h.run();
    app_support::snapshot(&mut h, name);
}

#[test]
fn snapshot_connected_import_dark() {
    tidied_snapshot(Theme::Dark, "app_connected_import_dark");
}

#[test]
fn snapshot_connected_import_light() {
    tidied_snapshot(Theme::Light, "app_connected_import_light");
}

#[test]
fn the_canvas_menu_tidies_the_series() {
    let dialogs = FakeDialogs::default();
    let mut h = app_support::start(&dialogs, None, None);
    let on_top = h.state().doc().series().block(BlockId(5)).unwrap().pos;
    h.state_mut()
        .edit(Edit::Move(vec![(BlockId(7), on_top)]), None);
    h.run();
    assert!(overlapping(h.state().doc().series()) > 0);
    h.get_by_label("Welcome Email").click_secondary();
    h.run();
    h.get_by_label("Tidy up the series").click();
    h.run();
    assert_eq!(overlapping(h.state().doc().series()), 0);
    assert_eq!(
        h.state().notice(),
        Some("Tidied up. Undo puts the blocks back.")
    );
}
