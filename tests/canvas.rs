//! The canvas as a user meets it: in the app, on the example series at 100 %,
//! driven through egui_kittest. The snapshots draw the canvas alone.

mod app_support;

use std::path::{Path, PathBuf};

use egui::{Event, Key, Pos2, Rect, Vec2, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use app_support::{drag, drag_without_release};
use series_builder::action::Action;
use series_builder::app::{FakeDialogs, SeriesApp};
use series_builder::canvas::{self, Badge, Badges, CanvasState, Decor, Tone, ViewRequest};
use series_builder::file;
use series_builder::model::{BlockId, Connection, Output, Pos, Series};

fn onboarding_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("saved_series/onboarding.ron")
}

fn onboarding() -> Series {
    file::load(&onboarding_path()).unwrap()
}

/// The app on the example, sized so the whole series fits at 100 %.
fn open_sized(size: Vec2) -> Harness<'static, SeriesApp> {
    let mut h =
        app_support::start_sized(&FakeDialogs::default(), None, Some(onboarding_path()), size);
    h.state_mut().canvas.view = canvas::View::new(vec2(40.0, 40.0), 1.0);
    h.run();
    h
}

fn open() -> Harness<'static, SeriesApp> {
    open_sized(vec2(1440.0, 1100.0))
}

fn series(h: &Harness<'_, SeriesApp>) -> Series {
    h.state().doc().series().clone()
}

fn viewport(h: &Harness<'_, SeriesApp>) -> Rect {
    h.state().canvas_rect()
}

fn undo(h: &mut Harness<'_, SeriesApp>) {
    h.state_mut().act(Action::Undo);
    h.run();
}

/// Where a canvas point is on screen now.
fn screen(h: &Harness<'_, SeriesApp>, x: f32, y: f32) -> Pos2 {
    h.state().canvas.view.to_screen(viewport(h), pos2(x, y))
}

fn pos_of(h: &Harness<'_, SeriesApp>, id: u64) -> Pos {
    h.state().doc().series().block(BlockId(id)).unwrap().pos
}

fn selected(h: &Harness<'_, SeriesApp>) -> Vec<u64> {
    h.state()
        .canvas
        .selection
        .blocks
        .iter()
        .map(|b| b.0)
        .collect()
}

/// A canvas alone, for the snapshots: the series, its view and some badges.
struct Host {
    series: Series,
    canvas: CanvasState,
    badges: Badges,
    viewport: Rect,
}

fn host(series: Series) -> Host {
    Host {
        series,
        canvas: CanvasState::new(),
        badges: Badges::new(),
        viewport: Rect::NOTHING,
    }
}

/// Draws the canvas; what it asks for is left undone (the snapshots show gestures
/// under way, not their results).
fn frame(ui: &mut egui::Ui, host: &mut Host) {
    series_builder::theme::install(ui.ctx());
    let decor = Decor::new(&host.badges, 0);
    let out = canvas::show(ui, &host.series, &mut host.canvas, &decor);
    host.viewport = out.response.rect;
}

fn host_screen(h: &Harness<'_, Host>, x: f32, y: f32) -> Pos2 {
    let s = h.state();
    s.canvas.view.to_screen(s.viewport, pos2(x, y))
}

#[test]
fn every_block_on_screen_is_found_by_its_title() {
    let h = open();
    let card = h.get_by_label("Welcome Chat");
    assert!(viewport(&h).contains_rect(card.rect()));
    // Blocks without a title are read by their display title.
    assert_eq!(h.get_all_by_label("Wait").count(), 2);
}

#[test]
fn a_screen_reader_click_selects_a_block() {
    let mut h = open();
    h.get_by_label("Need a hand?").click_accesskit();
    h.run();
    assert_eq!(selected(&h), vec![7]);
    let node = h.get_by_label("Need a hand?");
    assert_eq!(node.accesskit_node().is_selected(), Some(true));
}

#[test]
fn dragging_a_block_moves_it_and_undo_puts_it_back() {
    let mut h = open();
    let before = series(&h);
    let start = h.get_by_label("Welcome Chat").rect().center();
    drag(&mut h, start, start + vec2(100.0, 40.0));

    assert_eq!(pos_of(&h, 4), Pos::new(100.0, 490.0));
    assert!(
        h.get_by_label("Welcome Chat")
            .rect()
            .contains(start + vec2(100.0, 40.0))
    );

    undo(&mut h);
    assert_eq!(series(&h), before, "one drag is one undo step");
}

#[test]
fn dragging_the_selection_moves_every_selected_block() {
    let mut h = open();
    h.state_mut()
        .canvas
        .selection
        .set_blocks([BlockId(7), BlockId(8)]);
    h.run();
    let start = h.get_by_label("Need a hand?").rect().center();
    drag(&mut h, start, start + vec2(-40.0, 20.0));
    assert_eq!(pos_of(&h, 7), Pos::new(280.0, 620.0));
    assert_eq!(pos_of(&h, 8), Pos::new(280.0, 770.0));
}

#[test]
fn snapping_puts_dragged_blocks_on_the_grid() {
    let mut h = open();
    h.state_mut().canvas.snap_to_grid = true;
    let start = h.get_by_label("Welcome Chat").rect().center();
    drag(&mut h, start, start + vec2(33.0, 7.0));
    assert_eq!(pos_of(&h, 4), Pos::new(40.0, 460.0));
}

#[test]
fn dragging_from_an_output_onto_a_block_connects_them() {
    let mut h = open();
    // "Getting started" (block 6) has a free "sent" output at the middle of its bottom edge.
    let port = screen(&h, 120.0, 750.0 + 72.0);
    let tag = h.get_all_by_label("Tag").next().unwrap().rect().center();
    drag(&mut h, port, tag);

    let series = series(&h);
    assert_eq!(series.target(BlockId(6), Output::Sent), Some(BlockId(8)));
    assert_eq!(series.connection_count(), 8);
}

#[test]
fn a_refused_connection_says_why_and_changes_nothing() {
    let mut h = open();
    let before = series(&h);
    // The "sent" output of "Welcome Chat" (block 4, two outputs) already has an arrow.
    let taken = screen(&h, 80.0, 450.0 + 92.0);
    let tag = h.get_all_by_label("Tag").next().unwrap().rect().center();
    drag_without_release(&mut h, taken, tag);
    h.get_by_label(
        "'Welcome Chat' already has an arrow from its 'sent' output. Delete that arrow first.",
    );
    h.drop_at(tag);
    h.run();
    assert!(
        h.query_by_label_contains("already has an arrow").is_none(),
        "the note goes with the drag"
    );
    // Onto itself.
    let free = screen(&h, 120.0, 750.0 + 72.0);
    let own = h.get_by_label("Getting started").rect().center();
    drag_without_release(&mut h, free, own);
    h.get_by_label("A block cannot connect to itself.");
    h.drop_at(own);
    h.run();
    assert_eq!(series(&h), before);
    // The same free output onto another block is taken.
    let tag = h.get_all_by_label("Tag").next().unwrap().rect().center();
    drag(&mut h, free, tag);
    assert_eq!(
        series(&h).target(BlockId(6), Output::Sent),
        Some(BlockId(8))
    );
}

#[test]
fn dropping_an_arrow_on_empty_canvas_offers_a_new_connected_block() {
    let mut h = open();
    let port = screen(&h, 120.0, 750.0 + 72.0);
    let empty = screen(&h, 120.0, 880.0);
    drag(&mut h, port, empty);
    assert!(
        h.query_by_label("Add note block").is_none(),
        "an arrow cannot end at a note"
    );
    h.get_by_label("Add wait block").click();
    h.run();

    let series = series(&h);
    let new = series.target(BlockId(6), Output::Sent).expect("connected");
    assert_eq!(new, BlockId(9));
    let block = series.block(new).unwrap();
    assert_eq!(series.block_summary(new), "Wait 1 day");
    assert_eq!(
        block.pos.y, 880.0,
        "its input sits where the arrow was dropped"
    );
    assert!(h.state().canvas.selection.blocks.contains(&new));
}

#[test]
fn a_rectangle_selects_three_blocks_and_delete_removes_them_with_their_arrows() {
    let mut h = open();
    let before = series(&h);
    // Around "New users", "Welcome Email" and the first wait (x 0..240, y 0..372).
    let from = screen(&h, -30.0, -40.0);
    let to = screen(&h, 260.0, 340.0);
    drag(&mut h, from, to);
    let selected: Vec<u64> = h
        .state()
        .canvas
        .selection
        .blocks
        .iter()
        .map(|b| b.0)
        .collect();
    assert_eq!(selected, vec![1, 2, 3]);

    h.hover_at(to);
    h.run();
    h.key_press(Key::Delete);
    h.run();
    let after = series(&h);
    assert_eq!(after.len(), 5);
    assert!(after.connections().all(|c| c.from.0 > 3 && c.to.0 > 3));
    assert_eq!(after.connection_count(), 4);
    assert!(h.query_by_label("New users").is_none());

    undo(&mut h);
    assert_eq!(series(&h), before);
    h.run();
    assert!(h.query_by_label("New users").is_some());
}

#[test]
fn clicking_an_arrow_selects_it_and_delete_removes_only_it() {
    let mut h = open();
    // The arrow from "Welcome Email" to the first wait runs straight down x = 120.
    let on_arrow = screen(&h, 120.0, 72.0 + 150.0 + 30.0);
    h.hover_at(on_arrow);
    h.run();
    h.event(Event::PointerButton {
        pos: on_arrow,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.event(Event::PointerButton {
        pos: on_arrow,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
    let sel = &h.state().canvas.selection;
    assert!(sel.blocks.is_empty());
    assert_eq!(sel.connections.len(), 1);

    h.key_press(Key::Backspace);
    h.run();
    let series = series(&h);
    assert_eq!(series.len(), 8);
    assert_eq!(series.target(BlockId(2), Output::Sent), None);
    assert_eq!(series.connection_count(), 6);
}

#[test]
fn shift_click_adds_to_the_selection_and_arrow_keys_nudge_it() {
    let mut h = open();
    h.get_by_label("Welcome Email").click();
    h.run();
    h.get_by_label("Need a hand?")
        .click_modifiers(egui::Modifiers::SHIFT);
    h.run();
    let selected: Vec<u64> = h
        .state()
        .canvas
        .selection
        .blocks
        .iter()
        .map(|b| b.0)
        .collect();
    assert_eq!(selected, vec![2, 7]);

    h.key_press(Key::ArrowRight);
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(pos_of(&h, 2), Pos::new(10.0, 160.0));
    assert_eq!(pos_of(&h, 7), Pos::new(330.0, 610.0));
}

#[test]
fn the_context_menu_duplicates_a_block_next_to_it() {
    let mut h = open();
    h.get_by_label("Need a hand?").click_secondary();
    h.run();
    h.get_by_label("Duplicate block").click();
    h.run();
    let series = series(&h);
    assert_eq!(series.len(), 9);
    let copy = series.block(BlockId(9)).unwrap();
    assert_eq!(copy.title, "Need a hand?");
    // Beside the original, on the same row, covering no card.
    assert_eq!(copy.pos, Pos::new(320.0 + 240.0 + 40.0, 600.0));
    assert_eq!(selected(&h), vec![9]);
}

#[test]
fn scrolling_pans_and_space_drag_pans() {
    let mut h = open();
    let pan = h.state().canvas.view.pan;
    let middle = viewport(&h).center();
    h.hover_at(middle);
    h.run();
    h.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(0.0, -120.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
    let scrolled = h.state().canvas.view.pan;
    assert!(
        scrolled.y < pan.y - 50.0,
        "scrolling down moves the canvas up"
    );
    assert_eq!(scrolled.x, pan.x);

    // Space+drag on a block pans instead of moving the block.
    let before = series(&h);
    let card = h.get_by_label("Welcome Chat").rect().center();
    h.key_down(Key::Space);
    drag(&mut h, card, card + vec2(-50.0, -30.0));
    h.key_up(Key::Space);
    h.run();
    assert_eq!(series(&h), before);
    let panned = h.state().canvas.view.pan - scrolled;
    assert!((panned - vec2(-50.0, -30.0)).length() < 1.0, "{panned:?}");
}

#[test]
fn zooming_keeps_the_point_under_the_pointer_still() {
    let mut h = open();
    let pointer = h.get_by_label("Welcome Chat").rect().center() + vec2(37.0, 11.0);
    let (view, viewport) = (h.state().canvas.view, viewport(&h));
    let under = view.to_canvas(viewport, pointer);

    h.hover_at(pointer);
    h.run();
    h.event(Event::Zoom(1.5));
    h.run();

    let view = h.state().canvas.view;
    assert!((view.zoom() - 1.5).abs() < 1e-4);
    assert!((view.to_canvas(viewport, pointer) - under).length() < 0.01);
    assert!(h.get_by_label("Welcome Chat").rect().contains(pointer));
}

#[test]
fn ctrl_scroll_zooms_in_around_the_pointer() {
    let mut h = open();
    let pointer = h.get_by_label("Need a hand?").rect().center();
    let (viewport, before) = (viewport(&h), h.state().canvas.view);
    let under = before.to_canvas(viewport, pointer);
    h.hover_at(pointer);
    h.run();
    h.event_modifiers(
        Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: vec2(0.0, 60.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::COMMAND,
        },
        egui::Modifiers::COMMAND,
    );
    h.run();
    let after = h.state().canvas.view;
    assert!(after.zoom() > before.zoom(), "zoomed in: {}", after.zoom());
    assert!((after.to_canvas(viewport, pointer) - under).length() < 0.01);
}

#[test]
fn zoom_to_fit_shows_every_block() {
    let mut h = open_sized(vec2(1100.0, 640.0));
    h.state_mut().canvas.view = canvas::View::new(vec2(-3000.0, 900.0), 3.0);
    h.run();
    h.state_mut().act(Action::View(ViewRequest::Fit));
    h.run();
    let viewport = viewport(&h);
    let titles: Vec<String> = series(&h)
        .blocks()
        .values()
        .map(|b| b.display_title())
        .collect();
    for title in titles {
        let nodes: Vec<_> = h.get_all_by_label(&title).collect();
        assert!(!nodes.is_empty(), "{title} is on screen");
        for n in nodes {
            assert!(
                viewport.contains_rect(n.rect()),
                "{title} is whole on screen"
            );
        }
    }
    assert!(h.state().canvas.view.zoom() < 1.0);
}

#[test]
fn the_app_can_select_blocks_and_reveal_them() {
    let mut h = open();
    {
        let c = &mut h.state_mut().canvas;
        c.view = canvas::View::new(vec2(4000.0, 4000.0), 1.0);
        c.selection.set_blocks([BlockId(8)]);
        c.request(ViewRequest::Reveal(vec![BlockId(8)]));
    }
    h.run();
    // The card (the side panel's tag editor has a caption "Tag" too).
    let shown = h
        .get_all_by_label("Tag")
        .any(|n| viewport(&h).contains_rect(n.rect()));
    assert!(shown, "the tag block is on the canvas");
}

fn snapshot_host(select: bool) -> Host {
    let mut host = host(onboarding());
    host.badges
        .insert(BlockId(2), vec![Badge::new("1,204 sent", Tone::Info)]);
    host.badges
        .insert(BlockId(8), vec![Badge::new("Tag has no name", Tone::Error)]);
    host.badges
        .insert(BlockId(7), vec![Badge::new("No subject", Tone::Warning)]);
    if select {
        host.canvas.selection.set_blocks([BlockId(4)]);
    }
    // A connection being looked at: "Welcome Chat" -> "Need a hand?"
    host.canvas
        .selection
        .connections
        .extend(select.then_some(Connection::new(BlockId(4), Output::NotSent, BlockId(7)).port()));
    host
}

fn snapshot(name: &str, theme: egui::Theme, zoom: Option<f32>) {
    let mut host = snapshot_host(zoom.is_none());
    if let Some(z) = zoom {
        host.canvas.view = canvas::View::new(vec2(40.0, 40.0), z);
    }
    let size = if zoom.is_some() {
        vec2(420.0, 440.0)
    } else {
        vec2(760.0, 1000.0)
    };
    let mut h = Harness::builder()
        .with_size(size)
        .with_theme(theme)
        .build_ui_state(frame, host);
    h.run();
    h.snapshot(name);
}

#[test]
fn snapshot_at_100_percent_dark() {
    snapshot("canvas_onboarding_100_dark", egui::Theme::Dark, None);
}

#[test]
fn snapshot_at_100_percent_light() {
    snapshot("canvas_onboarding_100_light", egui::Theme::Light, None);
}

#[test]
fn snapshot_zoomed_out_dark() {
    snapshot(
        "canvas_onboarding_zoomed_out_dark",
        egui::Theme::Dark,
        Some(0.4),
    );
}

#[test]
fn snapshot_zoomed_out_light() {
    snapshot(
        "canvas_onboarding_zoomed_out_light",
        egui::Theme::Light,
        Some(0.4),
    );
}

#[test]
fn snapshot_of_a_refused_connection_says_why() {
    let mut host = host(onboarding());
    host.canvas.view = canvas::View::new(vec2(40.0, -380.0), 1.0);
    let mut h = Harness::builder()
        .with_size(vec2(760.0, 520.0))
        .with_theme(egui::Theme::Dark)
        .build_ui_state(frame, host);
    h.run();
    // From the taken "sent" output of "Welcome Chat" towards "Need a hand?".
    let taken = host_screen(&h, 80.0, 450.0 + 92.0);
    let target = h.get_by_label("Need a hand?").rect().center();
    h.hover_at(taken);
    h.run();
    h.drag_at(taken);
    h.run();
    for t in [0.3, 0.6, 1.0] {
        h.hover_at(taken.lerp(target, t));
        h.run();
    }
    h.snapshot("canvas_refused_connection_dark");
}

#[test]
fn keys_leave_the_canvas_alone_while_a_text_field_has_focus() {
    let mut h = open();
    h.get_by_label("Welcome Email").click();
    h.run();
    // The block's title field in the side panel.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Title")
        .click();
    h.run();
    let over_canvas = h.get_by_label("Welcome Chat").rect().center();
    h.hover_at(over_canvas);
    h.run();
    h.key_press(Key::Delete);
    h.run();
    h.key_press(Key::ArrowLeft);
    h.run();
    assert_eq!(series(&h), onboarding());

    // Clicking the card takes focus from the field; Delete acts on the selection again.
    h.get_by_label("Welcome Email").click();
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert!(series(&h).block(BlockId(2)).is_none());
}

#[test]
fn delete_works_wherever_the_pointer_is() {
    let mut h = open();
    h.get_by_label("Need a hand?").click();
    h.run();
    // Over the side panel, away from the canvas.
    let panel = pos2(viewport(&h).max.x + 100.0, viewport(&h).center().y);
    h.hover_at(panel);
    h.run();
    h.key_press(Key::Backspace);
    h.run();
    assert!(series(&h).block(BlockId(7)).is_none());
    assert!(selected(&h).is_empty());
}

#[test]
fn snapshot_of_the_add_block_menu_after_an_arrow_is_dropped() {
    let mut host = host(onboarding());
    host.canvas.view = canvas::View::new(vec2(40.0, -500.0), 1.0);
    let mut h = Harness::builder()
        .with_size(vec2(640.0, 560.0))
        .with_theme(egui::Theme::Light)
        .build_ui_state(frame, host);
    h.run();
    let port = host_screen(&h, 120.0, 750.0 + 72.0);
    let empty = host_screen(&h, 150.0, 870.0);
    drag(&mut h, port, empty);
    assert!(h.query_by_label("Add rule block").is_some());
    h.snapshot("canvas_add_block_menu_light");
}

#[test]
fn dragging_a_block_to_the_edge_scrolls_the_canvas_along() {
    let mut h = open();
    let start = h.get_by_label("Getting started").rect().center();
    let edge = pos2(viewport(&h).max.x - 4.0, start.y);
    h.hover_at(start);
    h.run();
    h.drag_at(start);
    h.run();
    h.hover_at(start.lerp(edge, 0.5));
    h.run();
    let pan = h.state().canvas.view.pan;
    h.hover_at(edge);
    for _ in 0..10 {
        h.step();
    }
    h.drop_at(edge);
    h.run();

    let scrolled = pan.x - h.state().canvas.view.pan.x;
    assert!(scrolled > 50.0, "the view follows the drag: {scrolled}");
    // The block went as far as the pointer went on the canvas, scrolling included.
    let moved = pos_of(&h, 6).x;
    assert!(
        (moved - (edge.x - start.x + scrolled)).abs() < 1.0,
        "{moved}"
    );
}
