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
    // The canvas looks far away from the series.
    h.state_mut().canvas.view = series_builder::canvas::View::new(egui::vec2(4000.0, 4000.0), 1.0);
    h.run();
    let card_shown = |h: &Harness<'_, SeriesApp>| {
        let canvas = h.state().canvas_rect();
        h.get_all_by_label("Welcome Chat")
            .any(|n| canvas.contains_rect(n.rect()))
    };
    assert!(!card_shown(&h), "the card is out of sight at first");
    let step = "Day 2, 16:00 Welcome Chat: Sent";
    h.get_by_label(step).scroll_to_me();
    h.run();
    h.get_by_label(step).click();
    h.run();
    h.run();
    assert_eq!(app_support::selected(&h), [BlockId(4)]);
    assert!(card_shown(&h), "the canvas moved to show the card");
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
    // Opened again, the window tries her at once, as before.
    let again = open(path.clone());
    again.get(
        egui_kittest::kittest::By::new()
            .label("Test customer")
            .value("kim"),
    );
    let shown = h.state().timeline().cloned();
    assert!(shown.as_ref().is_some_and(|t| !t.rows.is_empty()));
    assert_eq!(again.state().timeline().cloned(), shown);
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

/// Runs frames until the customers file being read is read.
fn until_read(h: &mut Harness<'_, SeriesApp>) {
    for _ in 0..500 {
        // Steps, not runs: the spinner repaints as long as it turns.
        h.step();
        if h.query_by_label_contains("Reading ").is_none() {
            // The spinner's last turns settle.
            h.run_steps(10);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the customers file was not read in 5 seconds");
}

#[test]
fn a_customer_picked_from_a_customers_file_is_tried_as_the_command_line_would() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = open_with(&dialogs, onboarding_from_december(&dir));
    dialogs.answer(Some(repo("saved_series/onboarding-customers.jsonl")));
    h.get_by_label("Pick from a Customers File…").click();
    until_read(&mut h);
    // The file's first customer is maya: the worked example again.
    assert_in_order(&h, &MAYA);
    h.get_by_label_contains("onboarding-customers.jsonl: 4 customers");
    // Kim stays out, and the timeline says why.
    h.get_by_label("kim").click();
    h.run();
    h.run();
    let timeline = h.state().timeline().unwrap();
    assert_eq!(
        timeline.summary,
        "Never entered: the exit rules match them. At the first entry check (Day 2, 01:00):"
    );
    assert_eq!(
        steps(&h),
        [
            "Day 2, 01:00 New users: Matched",
            "Day 2, 01:00 Exit rules: Keep them out"
        ]
    );
    h.get_by_label_contains("tagged churned");
    assert!(timeline.lit.is_empty(), "no way to light");
    // A customer of a file is not the series': nothing to save.
    assert!(!h.state().doc().is_dirty());
}

#[test]
fn a_bad_customers_file_is_said_in_a_dialog_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"id\": \"ana\"}\n{\"id\": \"ana\"}\n{\"id\": \"bo\", \"sessions\": [{\"at\": \"soon\"}]}\nnot json\n",
    )
    .unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = open_with(&dialogs, onboarding_with(&dir, vec![maya()]));
    let before = h.state().timeline().cloned();
    dialogs.answer(Some(bad));
    h.get_by_label("Pick from a Customers File…").click();
    until_read(&mut h);
    h.get_by_label("Couldn't read bad.jsonl");
    for problem in [
        "line 2, id: the id 'ana' is already used on line 1",
        "line 3, sessions[0].at: 'soon' is not a date",
        "line 4, column ",
    ] {
        h.get_by_label_contains(problem);
    }
    h.get_by_label_contains("this line is not valid JSON");
    h.get_by_label_contains("Nothing was changed");
    // Maya is still the one tried.
    assert_eq!(h.state().timeline().cloned(), before);
    assert!(h.query_by_label_contains("bad.jsonl:").is_none());
}

#[test]
fn test_customers_export_as_expectations_that_simulate_checks() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let series_path = onboarding_with(&dir, vec![maya()]);
    let mut h = open_with(&dialogs, series_path.clone());
    let expect = dir.path().join("onboarding-expect.ron");
    dialogs.answer(Some(expect.clone()));
    h.get_by_label("Export Test Customers…").click();
    h.run();
    let customers = dir.path().join("onboarding-expect-customers.jsonl");
    assert!(customers.exists(), "the customers file beside it");
    h.get_by_label_contains(
        "Exported 1 test customer to onboarding-expect.ron and onboarding-expect-customers.jsonl",
    );
    // The command it names passes, and fails once maya's way changes.
    let simulate = |series: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_series-builder"))
            .args(["simulate"])
            .arg(series)
            .arg("--customers")
            .arg(&customers)
            .args(["--from", "2026-12-01T00:00:00Z", "--days", "30", "--expect"])
            .arg(&expect)
            .output()
            .unwrap()
    };
    let run = simulate(&series_path);
    let out = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{out}");
    assert!(out.contains("Expectations: all 6 hold"), "{out}");
    let mut changed = file::load(&series_path).unwrap();
    changed
        .disconnect(Port {
            block: BlockId(5),
            output: Output::Next,
        })
        .unwrap();
    let changed_path = dir.path().join("changed.ron");
    file::save(&changed_path, &changed).unwrap();
    let run = simulate(&changed_path);
    let out = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{out}");
    assert!(
        out.contains("maya: expected to receive 'Getting started' (6)"),
        "{out}"
    );
}

#[test]
fn exporting_onto_the_series_own_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let series_path = onboarding_with(&dir, vec![maya()]);
    let before = std::fs::read(&series_path).unwrap();
    let mut h = open_with(&dialogs, series_path.clone());
    dialogs.answer(Some(series_path.clone()));
    h.get_by_label("Export Test Customers…").click();
    h.run();
    h.get_by_label("Couldn't export the test customers");
    assert_eq!(std::fs::read(&series_path).unwrap(), before);
}

fn timeline_snapshot(theme: series_builder::theme::Theme, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(onboarding_with(&dir, vec![maya()]));
    h.state_mut().prefs.theme = theme;
    h.state_mut().act(series_builder::action::Action::View(
        series_builder::canvas::ViewRequest::Fit,
    ));
    h.run();
    app_support::snapshot(&mut h, name);
}

#[test]
fn snapshot_timeline_with_the_lit_path_dark() {
    timeline_snapshot(series_builder::theme::Theme::Dark, "preview_timeline_dark");
}

#[test]
fn snapshot_timeline_with_the_lit_path_light() {
    timeline_snapshot(
        series_builder::theme::Theme::Light,
        "preview_timeline_light",
    );
}

#[test]
fn a_name_in_use_is_said_while_typing_and_nothing_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(onboarding_with(&dir, vec![maya()]));
    h.get_by_label("New").click();
    h.run();
    let name = |h: &Harness<'_, SeriesApp>| {
        let tests = h.state().doc().series().test_customers.clone().unwrap();
        tests.customers[1].name.clone()
    };
    h.get_by_label("Name").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("Name").type_text("maya");
    h.run();
    h.get_by_label_contains("Another test customer has this name.");
    assert_eq!(name(&h), "Test customer 1", "the name waits");
    assert_eq!(h.state().notice(), None, "no edit was refused");
    h.get_by_label("Name").type_text("n");
    h.run();
    assert_eq!(name(&h), "mayan");
    assert!(h.query_by_label_contains("Another test customer").is_none());
}

#[test]
fn a_series_with_many_tags_offers_them_in_a_menu() {
    let dir = tempfile::tempdir().unwrap();
    let mut series = file::load(&repo("saved_series/onboarding.ron")).unwrap();
    series.test_customers = Some(december(vec![maya()]));
    for i in 0..20 {
        let id = series.allocate_id();
        let mut block = Block::new_of_kind(Kind::Tag, Pos::new(1000.0, 120.0 * i as f32));
        block.kind = BlockKind::Tag(TagBlock {
            action: TagAction::Add,
            tag: format!("tag-{i:02}"),
        });
        series.insert_block(id, block).unwrap();
    }
    let path = dir.path().join("many-tags.ron");
    file::save(&path, &series).unwrap();
    let mut h = open(path);
    // Not one button per tag under the field: one menu of them.
    assert!(h.query_by_label("tag-07").is_none());
    let menu = h.get_by_label_contains("the series uses");
    menu.scroll_to_me();
    h.run();
    h.get_by_label_contains("the series uses").click();
    h.run();
    h.get_by_label("tag-07").click();
    h.run();
    let tests = h.state().doc().series().test_customers.clone().unwrap();
    assert!(tests.customers[0].tags.contains(&"tag-07".to_string()));
}
