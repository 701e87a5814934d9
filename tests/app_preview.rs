//! The Preview panel's Test customer tab, driven through the window: a test
//! customer made in the form follows the worked example of
//! `shared/examples/customers/README.md` through the onboarding series, the
//! timeline follows edits, a step shows its block, test customers are saved
//! with the series and exported as expectations, customers are picked from a
//! customers file, and a bad one is refused in a dialog.

mod app_support;
mod preview_support;

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use preview_support::{at, december, maya};
use series_builder::app::{FakeDialogs, SeriesApp};
use series_builder::file;
use series_builder::model::*;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The example series tried from 1 December 2026, with these test customers.
fn onboarding_with(dir: &tempfile::TempDir, customers: Vec<TestCustomer>) -> PathBuf {
    let mut series = file::load(&repo("saved_series/onboarding.ron")).unwrap();
    series.test_customers = Some(december(customers));
    let path = dir.path().join("onboarding.ron");
    file::save(&path, &series).unwrap();
    path
}

/// The example series tried from 1 December 2026, without test customers yet.
fn onboarding_from_december(dir: &tempfile::TempDir) -> PathBuf {
    onboarding_with(dir, Vec::new())
}

fn open(path: PathBuf) -> Harness<'static, SeriesApp> {
    open_with(&FakeDialogs::default(), path)
}

fn open_with(dialogs: &FakeDialogs, path: PathBuf) -> Harness<'static, SeriesApp> {
    let mut h = app_support::start(dialogs, None, Some(path));
    // The Preview button at the right end of the menu bar.
    h.get_by_label("Preview").click();
    h.run();
    h
}

/// Types into a named field or number, replacing what it holds.
fn set(h: &mut Harness<'_, SeriesApp>, field: &str, text: &str) {
    h.get_by_label(field).scroll_to_me();
    h.run();
    h.get_by_label(field).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label(field).type_text(text);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

fn choose(h: &mut Harness<'_, SeriesApp>, combo: &str, item: &str) {
    h.get_by_label(combo).scroll_to_me();
    h.run();
    h.get_by_label(combo).click();
    h.run();
    h.get_by_label(item).click();
    h.run();
}

/// The steps the timeline lists, as their rows are named.
fn steps(h: &Harness<'_, SeriesApp>) -> Vec<String> {
    let timeline = h.state().timeline().expect("a timeline is shown");
    timeline
        .rows
        .iter()
        .map(|r| format!("{} {}: {}", r.when, r.title, r.what))
        .collect()
}

/// The worked example's steps for maya, in order, each a row of the window.
const MAYA: [&str; 7] = [
    "Day 1, 10:00 New users: Entered",
    "Day 1, 10:00 Welcome Email: Sent",
    "Day 2, 10:00 Wait: Waited",
    "Day 2, 16:00 Welcome Chat: Sent",
    "Day 4, 16:00 Wait: Waited",
    "Day 4, 18:30 Getting started: Sent",
    "Day 4, 18:30 Getting started: Finished",
];

fn assert_in_order(h: &Harness<'_, SeriesApp>, expected: &[&str]) {
    let rows = steps(h);
    let mut rest = rows.iter();
    for want in expected {
        assert!(
            rest.any(|r| r == want),
            "{want} is not next in the timeline: {rows:#?}"
        );
        // Each is a row of the window too, one a marketer can click.
        h.get_by_label(want);
    }
}

#[test]
fn a_test_customer_made_in_the_form_follows_the_worked_example() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(onboarding_from_december(&dir));
    h.get_by_label("New").click();
    h.run();
    set(&mut h, "Name", "maya");
    set(&mut h, "Signs up minute", "20");
    choose(&mut h, "When they are online", "On these visits");
    set(&mut h, "Visit 1 day", "2");
    set(&mut h, "Visit 1 hour", "16");
    set(&mut h, "Visit 1 minutes", "45");
    h.get_by_label("Add a visit").scroll_to_me();
    h.run();
    h.get_by_label("Add a visit").click();
    h.run();
    set(&mut h, "Visit 2 day", "4");
    set(&mut h, "Visit 2 hour", "18");
    set(&mut h, "Visit 2 minute", "30");
    set(&mut h, "Visit 2 minutes", "10");
    choose(&mut h, "How they engage", "Opens and clicks everything");

    let tests = h.state().doc().series().test_customers.clone().unwrap();
    let made = &tests.customers[0];
    assert_eq!(made.name, "maya");
    assert_eq!(made.signs_up, Some(at(1, 9, 20)));
    assert_eq!(made.online, maya().online);
    assert_eq!(made.engages, Engages::Always);

    assert_in_order(&h, &MAYA);
    let timeline = h.state().timeline().unwrap();
    assert_eq!(
        timeline.summary,
        "Entered Day 1, 10:00 · finished Day 4, 18:30"
    );
    h.get_by_label(&timeline.summary);
    // Her way is lit on the canvas: not the reminder and its tag.
    let lit: Vec<u64> = timeline.lit.blocks.iter().map(|b| b.0).collect();
    assert_eq!(lit, [1, 2, 3, 4, 5, 6]);
    assert!(timeline.lit.arrows.contains(&Port {
        block: BlockId(4),
        output: Output::Sent
    }));
    assert!(!timeline.lit.arrows.contains(&Port {
        block: BlockId(4),
        output: Output::NotSent
    }));
    // Made in the form: part of the series, unsaved until saved.
    assert!(h.state().doc().is_dirty());
}

#[test]
fn the_timeline_follows_every_edit_of_the_series_and_its_undo() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(onboarding_with(&dir, vec![maya()]));
    assert_in_order(&h, &MAYA);
    // The first wait becomes 2 days, in the block's editor.
    h.state_mut().canvas.selection.set_blocks([BlockId(3)]);
    h.run();
    set(&mut h, "Amount", "2");
    assert_in_order(
        &h,
        &[
            "Day 3, 10:00 Wait: Waited",
            "Day 4, 18:30 Welcome Chat: Sent",
            "Day 6, 18:30 Wait: Waited",
        ],
    );
    assert!(!steps(&h).contains(&MAYA[3].to_string()));
    // She is never online again: the post times out, and she disengages.
    let summary = h.state().timeline().unwrap().summary.clone();
    assert_eq!(summary, "Entered Day 1, 10:00 · disengaged Day 9, 18:30");
    app_support::click_menu(&mut h, "Edit", "Undo");
    assert_in_order(&h, &MAYA);
}

#[test]
fn a_step_selects_and_shows_its_block() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(onboarding_with(&dir, vec![maya()]));
    let step = "Day 2, 16:00 Welcome Chat: Sent";
    h.get_by_label(step).scroll_to_me();
    h.run();
    h.get_by_label(step).click();
    h.run();
    h.run();
    assert_eq!(app_support::selected(&h), [4]);
    // The editor beside it now edits that block.
    h.get_by_label("Content block");
}

#[test]
fn test_customers_are_saved_with_the_series_and_undone_like_any_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = onboarding_from_december(&dir);
    let mut h = open(path.clone());
    h.get_by_label("New").click();
    h.run();
    set(&mut h, "Name", "kim");
    assert!(h.state().doc().is_dirty());
    app_support::click_menu(&mut h, "File", "Save");
    let saved = file::load(&path).unwrap().test_customers.unwrap();
    let names: Vec<&str> = saved.customers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["kim"]);
    // The name typed is one step, the new customer another.
    app_support::click_menu(&mut h, "Edit", "Undo");
    let now = h.state().doc().series().test_customers.clone().unwrap();
    assert_eq!(now.customers[0].name, "Test customer 1");
    app_support::click_menu(&mut h, "Edit", "Undo");
    let now = h.state().doc().series().test_customers.clone().unwrap();
    assert!(now.customers.is_empty());
}

#[test]
fn a_live_series_keeps_its_test_customers_as_they_are_but_still_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = onboarding_with(&dir, vec![maya()]);
    let mut series = file::load(&path).unwrap();
    series.status = Status::Live;
    series.went_live_at = Some(chrono::Utc::now());
    file::save(&path, &series).unwrap();
    let mut h = open(path);
    assert_in_order(&h, &MAYA);
    // Said in the editors and in the Preview panel.
    assert_eq!(
        h.query_all_by_label_contains("This series is live").count(),
        2
    );
    h.get_by_label("New").click();
    h.run();
    assert_eq!(
        h.state().doc().series().test_customers,
        series.test_customers,
        "a click on a greyed-out button changes nothing"
    );
}
