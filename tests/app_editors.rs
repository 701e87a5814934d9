//! Every kind of field in the side panel's editors makes one undo step: a change
//! made through the field is undone by one Undo and made again by one Redo.

mod app_support;

use std::path::PathBuf;

use chrono::NaiveDate;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use series_builder::app::{Config, FakeDialogs, Prefs, SeriesApp};
use series_builder::file;
use series_builder::model::*;

/// The example with one more block, a wait until 1 Dec 2026 09:00 (id 9).
fn series_file(dir: &tempfile::TempDir) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("saved_series/onboarding.ron");
    let mut series = file::load(&path).unwrap();
    let id = series.allocate_id();
    let until = NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    series
        .insert_block(
            id,
            Block {
                title: "Launch day".into(),
                pos: Pos::new(640.0, 0.0),
                kind: BlockKind::Wait(WaitBlock::Until(until)),
            },
        )
        .unwrap();
    let out = dir.path().join("editors.ron");
    file::save(&out, &series).unwrap();
    out
}

type Gesture = fn(&mut Harness<'_, SeriesApp>);

struct Case {
    field: &'static str,
    block: u64,
    gesture: Gesture,
    /// What the block looks like after the gesture.
    changed: fn(&Block) -> bool,
}

fn type_title(h: &mut Harness<'_, SeriesApp>) {
    h.get_by_role_and_label(egui::Role::TextInput, "Title")
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, "Title")
        .type_text("Hello there");
    h.run();
}

fn drag_amount(h: &mut Harness<'_, SeriesApp>) {
    let at = h.get_by_label("Amount").rect().center();
    h.hover_at(at);
    h.run();
    h.drag_at(at);
    h.run();
    for dx in [10.0, 20.0, 30.0, 40.0] {
        h.hover_at(at + egui::vec2(dx, 0.0));
        h.run();
    }
    h.drop_at(at + egui::vec2(40.0, 0.0));
    h.run();
}

fn choose_email(h: &mut Harness<'_, SeriesApp>) {
    h.get_by_label("Content type").click();
    h.run();
    h.get_by_label("Email").click();
    h.run();
}

fn wait_until_radio(h: &mut Harness<'_, SeriesApp>) {
    h.get_by_label("Until a date and time").click();
    h.run();
}

fn no_match_checkbox(h: &mut Harness<'_, SeriesApp>) {
    h.get_by_label_contains("Add a \"no match\" path").click();
    h.run();
}

fn next_day(h: &mut Harness<'_, SeriesApp>) {
    h.get_by_label_contains("2026-12-01").click();
    h.run();
    h.get_by_label(">").click();
    h.run();
    h.get_by_label("Save").click();
    h.run();
}

const CASES: &[Case] = &[
    Case {
        field: "text",
        block: 2,
        gesture: type_title,
        changed: |b| b.title == "Hello there",
    },
    Case {
        field: "number drag",
        block: 3,
        gesture: drag_amount,
        changed: |b| matches!(b.kind, BlockKind::Wait(WaitBlock::For(s)) if s.amount > 1),
    },
    Case {
        field: "drop-down",
        block: 4,
        gesture: choose_email,
        changed: |b| {
            b.as_content()
                .is_some_and(|c| c.content_type == ContentType::Email)
        },
    },
    Case {
        field: "radio",
        block: 3,
        gesture: wait_until_radio,
        changed: |b| matches!(b.kind, BlockKind::Wait(WaitBlock::Until(_))),
    },
    Case {
        field: "checkbox",
        block: 1,
        gesture: no_match_checkbox,
        changed: |b| b.as_rule().is_some_and(|r| r.no_match_branch),
    },
    Case {
        field: "date",
        block: 9,
        gesture: next_day,
        changed: |b| matches!(b.kind, BlockKind::Wait(WaitBlock::Until(at)) if at.date() == NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()),
    },
];

#[test]
fn every_kind_of_field_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = series_file(&dir);
    for case in CASES {
        let mut h = if case.field == "date" {
            // egui_extras' calendar has unnamed year, month and day drop-downs,
            // which kittest's accessibility check refuses; ours are all named.
            let app = SeriesApp::new(Config {
                dialogs: Box::new(FakeDialogs::default()),
                recovery_folder: None,
                prefs: Prefs::default(),
                open: Some(path.clone()),
            });
            Harness::builder()
                .with_size([1440.0, 900.0])
                .with_accessibility_check(false)
                .build_ui_state(|ui, app: &mut SeriesApp| app.show(ui), app)
        } else {
            app_support::start(&FakeDialogs::default(), None, Some(path.clone()))
        };
        let id = BlockId(case.block);
        h.state_mut().canvas.selection.set_blocks([id]);
        h.run();
        let before = h.state().doc().series().clone();
        (case.gesture)(&mut h);
        let after = h.state().doc().series().clone();
        let block = after.block(id).unwrap();
        assert!(
            (case.changed)(block),
            "{}: the field changed the block: {block:?}",
            case.field
        );

        app_support::click_menu(&mut h, "Edit", "Undo");
        assert_eq!(
            h.state().doc().series(),
            &before,
            "{}: one undo",
            case.field
        );
        app_support::click_menu(&mut h, "Edit", "Redo");
        assert_eq!(h.state().doc().series(), &after, "{}: one redo", case.field);
    }
}
