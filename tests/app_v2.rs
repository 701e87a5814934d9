//! Split tests, notes, send windows and times of day in the app
//! (`spec/series-v2.md`), driven through egui_kittest.

mod app_support;

use std::path::{Path, PathBuf};

use app_support::drag;
use egui::{Pos2, Vec2, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use series_builder::action::Action;
use series_builder::app::{FakeDialogs, SeriesApp};
use series_builder::canvas::{self, Badges, CanvasState, Decor};
use series_builder::file;
use series_builder::model::*;
use series_builder::theme;

fn onboarding_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("saved_series/onboarding.ron")
}

/// The app on the example at 100 %, with room for all of it.
fn open() -> Harness<'static, SeriesApp> {
    let mut h = app_support::start_sized(
        &FakeDialogs::default(),
        None,
        Some(onboarding_path()),
        vec2(1440.0, 1100.0),
    );
    h.state_mut().canvas.view = canvas::View::new(vec2(40.0, 40.0), 1.0);
    h.run();
    h
}

fn series(h: &Harness<'_, SeriesApp>) -> Series {
    h.state().doc().series().clone()
}

fn screen(h: &Harness<'_, SeriesApp>, p: Pos2) -> Pos2 {
    h.state().canvas.view.to_screen(h.state().canvas_rect(), p)
}

/// The one block added since the example (ids 1 to 8).
fn added(h: &Harness<'_, SeriesApp>) -> (BlockId, Block) {
    let s = series(h);
    let (id, block) = s.blocks().iter().next_back().unwrap();
    assert!(id.0 > 8, "a block was added");
    (*id, block.clone())
}

/// Types into a number field: click it to edit, select what is there, type.
fn type_number(h: &mut Harness<'_, SeriesApp>, label: &str, value: &str) {
    h.get_by_label(label).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(label).type_text(value);
    h.key_press(egui::Key::Enter);
    h.run();
}

#[test]
fn a_split_test_set_to_70_30_with_both_branches_connected() {
    let mut h = open();
    h.get_by_label("Add Split test").click();
    h.run();
    let (split, block) = added(&h);
    assert_eq!(
        block.kind,
        BlockKind::Split(SplitBlock {
            branches: vec![50, 50],
            control: None
        })
    );
    type_number(&mut h, "Branch A percent", "70");
    let shares = |h: &Harness<'_, SeriesApp>| match &series(h).block(split).unwrap().kind {
        BlockKind::Split(s) => s.branches.clone(),
        _ => vec![],
    };
    assert_eq!(shares(&h), vec![70, 30], "B keeps the total at 100");

    // Move it to free room below the example, then draw both branches.
    let mut moved = series(&h).block(split).unwrap().clone();
    moved.pos = Pos::new(640.0, 300.0);
    let edit = series_builder::edit::Edit::change_block(&series(&h), split, moved.clone());
    h.state_mut().edit(edit, None);
    h.run();
    let card = canvas::card_rect(&moved);
    let port = |i: usize| {
        screen(
            &h,
            pos2(
                card.min.x + card.width() * (i as f32 + 1.0) / 3.0,
                card.max.y,
            ),
        )
    };
    let (a, b) = (port(0), port(1));
    let email = h.get_by_label("Welcome Email").rect().center();
    drag(&mut h, a, email);
    let getting = h.get_by_label("Getting started").rect().center();
    drag(&mut h, b, getting);
    let s = series(&h);
    assert_eq!(s.target(split, Output::Branch(0)), Some(BlockId(2)));
    assert_eq!(s.target(split, Output::Branch(1)), Some(BlockId(6)));
    // The card says the shares at its outputs, and in its summary.
    assert_eq!(s.block_summary(split), "A 70% · B 30%");
}

#[test]
fn a_note_typed_resized_and_undone() {
    let mut h = open();
    h.get_by_label("Add Note").click();
    h.run();
    let (note, _) = added(&h);
    // Counted apart from the blocks.
    h.get_by_label("8 blocks, 1 note");
    let field = h.get_by_role_and_label(egui::Role::MultilineTextInput, "Note");
    field.focus();
    h.run();
    h.get_by_role_and_label(egui::Role::MultilineTextInput, "Note")
        .type_text("Check the subject with legal");
    h.key_press(egui::Key::Enter);
    h.get_by_role_and_label(egui::Role::MultilineTextInput, "Note")
        .type_text("Ship on Monday");
    h.run();
    let text = |h: &Harness<'_, SeriesApp>| match &series(h).block(note).unwrap().kind {
        BlockKind::Note(n) => (n.text.clone(), n.size),
        _ => (String::new(), Size::default()),
    };
    let (typed, size) = text(&h);
    assert_eq!(typed, "Check the subject with legal\nShip on Monday");

    // Its bottom-right corner resizes it.
    let block = series(&h).block(note).unwrap().clone();
    let corner = screen(&h, canvas::card_rect(&block).max) - vec2(4.0, 4.0);
    drag(&mut h, corner, corner + vec2(80.0, 50.0));
    let (_, bigger) = text(&h);
    assert_eq!((bigger.w, bigger.h), (size.w + 80.0, size.h + 50.0));
    assert_eq!(
        series(&h).block(note).unwrap().pos,
        block.pos,
        "resizing does not move it"
    );

    // One undo for the resize, one for the typing, one for the note itself.
    for _ in 0..3 {
        h.state_mut().act(Action::Undo);
        h.run();
    }
    let mut back = series(&h);
    assert!(back.block(note).is_none());
    back.next_id = 9; // ids only grow: the note's is not handed out again
    assert_eq!(back, file::load(&onboarding_path()).unwrap());
}

#[test]
fn a_send_window_and_a_wait_until_a_time_of_day_in_the_editors() {
    let mut h = open();
    h.state_mut().canvas.selection.set_blocks([BlockId(4)]);
    h.run();
    h.get_by_label("Only on certain days and hours").click();
    h.run();
    h.get_by_label("Sat").click();
    h.run();
    type_number(&mut h, "To hour", "18");
    let window = match &series(&h).block(BlockId(4)).unwrap().kind {
        BlockKind::Content(c) => c.send_window,
        _ => None,
    }
    .expect("a window");
    assert_eq!(window.words("UTC"), "Mon–Sat 9:00–18:00, customer's time");

    h.state_mut().canvas.selection.set_blocks([BlockId(3)]);
    h.run();
    h.get_by_label("Until a time of day").click();
    h.run();
    h.get_by_label("In the series' time zone (UTC)").click();
    h.run();
    assert_eq!(
        series(&h).block_summary(BlockId(3)),
        "Until 9:00 on weekdays (UTC)"
    );
}

/// One card of each new kind, for the snapshots: a split test with a control
/// group, a note, a message with a send window and a wait until 9:00.
fn new_cards() -> Series {
    let mut s = Series::new("Version 2");
    let mut add = |kind: BlockKind, title: &str, x: f32, y: f32| {
        let id = s.allocate_id();
        s.insert_block(
            id,
            Block {
                title: title.into(),
                pos: Pos::new(x, y),
                kind,
            },
        )
        .unwrap();
        id
    };
    let split = add(
        BlockKind::Split(SplitBlock {
            branches: vec![45, 45],
            control: Some(10),
        }),
        "Subject test",
        0.0,
        0.0,
    );
    let mut chat = Block::new_of_kind(Kind::Content, Pos::new(0.0, 0.0));
    if let BlockKind::Content(c) = &mut chat.kind {
        c.body = "Hi!".into();
        c.send_window = Some(SendWindow::default());
    }
    let window = add(chat.kind, "Working hours chat", -150.0, 190.0);
    let wait = add(
        BlockKind::Wait(WaitBlock::UntilTime(TimeOfDay::default())),
        "",
        150.0,
        190.0,
    );
    add(
        BlockKind::Note(NoteBlock {
            text: "Ask legal about the subject line.\nShip on Monday.".into(),
            colour: NoteColour::Yellow,
            size: Size { w: 220.0, h: 110.0 },
        }),
        "",
        300.0,
        -10.0,
    );
    s.connect(Connection::new(split, Output::Branch(0), window))
        .unwrap();
    s.connect(Connection::new(split, Output::Branch(1), wait))
        .unwrap();
    s
}

/// A canvas alone, showing a series.
struct Host {
    series: Series,
    canvas: CanvasState,
    badges: Badges,
}

/// The canvas of `series` at `zoom`, the view's origin at (200, 40) from the canvas' corner.
fn canvas_alone(series: Series, zoom: f32, dark: bool) -> Harness<'static, Host> {
    let mut host = Host {
        series,
        canvas: CanvasState::new(),
        badges: Badges::new(),
    };
    host.canvas.view = canvas::View::new(vec2(200.0, 40.0), zoom);
    let mut h = Harness::builder()
        .with_size(Vec2::new(780.0, 380.0))
        .with_theme(if dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        })
        .build_ui_state(
            |ui, host: &mut Host| {
                theme::install(ui.ctx());
                let decor = Decor::new(&host.badges, 0);
                canvas::show(ui, &host.series, &mut host.canvas, &decor);
            },
            host,
        );
    h.run();
    h
}

fn snapshot(name: &str, dark: bool) {
    canvas_alone(new_cards(), 1.0, dark).snapshot(name);
}

/// A card over a note is drawn on top of it, at every level of detail: the
/// readable cards' mesh, the rounded far-away cards, and the flat ones.
#[test]
fn a_card_lies_on_top_of_a_note_at_every_zoom() {
    let mut s = Series::new("Note under a card");
    let note = s.allocate_id();
    let mut paper = Block::new_of_kind(Kind::Note, Pos::new(0.0, 0.0));
    if let BlockKind::Note(n) = &mut paper.kind {
        n.size = Size { w: 300.0, h: 200.0 };
    }
    s.insert_block(note, paper).unwrap();
    let card = s.allocate_id();
    s.insert_block(card, Block::new_of_kind(Kind::Tag, Pos::new(100.0, 60.0)))
        .unwrap();
    let palette = canvas::style::Palette::new(false);
    let rgb = |c: egui::Color32| [c.r(), c.g(), c.b()];
    // A point of the card with nothing written on it, inside the note.
    let inside = Pos::new(100.0 + 190.0, 60.0 + 24.0);
    // The view's origin, plus the margin round the canvas.
    let origin = pos2(208.0, 48.0);
    for zoom in [1.0, 0.4, 0.1] {
        let mut h = canvas_alone(s.clone(), zoom, false);
        let image = h.render().unwrap();
        let at = origin + vec2(inside.x, inside.y) * zoom;
        let pixel = image.get_pixel(at.x as u32, at.y as u32).0;
        let card_colours = [
            rgb(palette.card),
            rgb(palette.kind_card(Kind::Tag)),
            rgb(canvas::style::blend(
                palette.kind_card(Kind::Tag),
                palette.kind(Kind::Tag),
                0.45,
            )),
        ];
        assert!(
            card_colours.contains(&[pixel[0], pixel[1], pixel[2]]),
            "at {zoom}: {pixel:?} is not the card's"
        );
        // And outside the card, the note's own paper (or its far-away tint).
        let beside = origin + vec2(30.0, 150.0) * zoom;
        let pixel = image.get_pixel(beside.x as u32, beside.y as u32).0;
        let note_colours = [
            rgb(palette.note(NoteColour::Yellow)),
            rgb(palette.kind_card(Kind::Note)),
        ];
        assert!(
            note_colours.contains(&[pixel[0], pixel[1], pixel[2]]),
            "at {zoom}: {pixel:?} is not the note's"
        );
    }
}

#[test]
fn snapshot_of_the_new_cards_dark() {
    snapshot("canvas_v2_cards_dark", true);
}

#[test]
fn snapshot_of_the_new_cards_light() {
    snapshot("canvas_v2_cards_light", false);
}
