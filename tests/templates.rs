//! The templates shipped with the program: each loads, is ready to go live, is
//! the file the writer program makes, and opens from File → New from Template….

mod app_support;

use chrono::Utc;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use series_builder::app::{FakeDialogs, Modal, SeriesApp};
use series_builder::check;
use series_builder::file;
use series_builder::model::*;
use series_builder::templates::TEMPLATES;
use series_builder::theme::Theme;

#[test]
fn every_template_is_ready_to_go_live_without_a_warning() {
    let now = Utc::now().naive_utc();
    for t in TEMPLATES {
        let series = t.series().unwrap_or_else(|e| panic!("{}: {e}", t.name));
        let report = check::check(&series, now);
        let findings: Vec<String> = report
            .findings
            .iter()
            .map(|f| format!("{} {}: {}", f.severity.label(), f.code, f.message))
            .collect();
        assert!(report.ready(), "{}: {findings:#?}", t.name);
        // Ready without a confirmation: a template is a good example too.
        assert!(findings.is_empty(), "{}: {findings:#?}", t.name);
    }
}

#[test]
fn every_template_is_a_connected_draft_with_a_goal_and_a_message() {
    for t in TEMPLATES {
        let series = t.series().unwrap();
        assert_eq!(
            series.name, t.name,
            "the chooser shows the series' own name"
        );
        assert_eq!(series.status, Status::Draft, "{}", t.name);
        assert!(series.went_live_at.is_none(), "{}", t.name);
        assert!(series.origin.is_none(), "{}", t.name);
        assert!(series.settings.goal.is_some(), "{}", t.name);
        let counts = series.count_by_kind();
        assert!(counts[&Kind::Content] >= 2, "{}: {counts:?}", t.name);
        // Every block but the entry points has an arrow in.
        let entries = series.entry_points();
        assert_eq!(entries.len(), 1, "{}", t.name);
        for (id, n) in series.incoming_counts() {
            assert!(n > 0 || entries.contains(&id), "{}: block {id}", t.name);
        }
    }
}

#[test]
fn templates_have_their_own_names_and_one_line_descriptions() {
    let mut names: Vec<&str> = TEMPLATES.iter().map(|t| t.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), TEMPLATES.len());
    for t in TEMPLATES {
        let d = t.description;
        assert!(!d.is_empty() && !d.contains('\n') && d.len() <= 100, "{d}");
        assert!(d.ends_with('.'), "{d}");
    }
}

#[test]
fn every_template_file_is_listed_and_in_the_saved_form() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let series = file::from_str(&text).unwrap();
        // A hand edit out of the saved form would make the first save of a new
        // series from it rewrite the whole file.
        assert_eq!(
            file::to_string(&series).unwrap(),
            text,
            "{}",
            path.display()
        );
        names.push(series.name);
    }
    names.sort();
    let mut listed: Vec<&str> = TEMPLATES.iter().map(|t| t.name).collect();
    listed.sort_unstable();
    assert_eq!(names, listed);
}

#[test]
fn the_onboarding_template_is_the_built_in_example() {
    let template = TEMPLATES[0].series().unwrap();
    let example = file::from_str(include_str!("../assets/onboarding.ron")).unwrap();
    assert_eq!(template, example);
}

/// The app with a series of its own open from a file.
fn app_with_a_file() -> (Harness<'static, SeriesApp>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    let mut mine = Series::new("Mine");
    mine.insert_block(
        BlockId(1),
        Block::new_of_kind(Kind::Wait, Pos::new(0.0, 0.0)),
    )
    .unwrap();
    file::save(&path, &mine).unwrap();
    let harness = app_support::start(&FakeDialogs::default(), None, Some(path));
    assert_eq!(harness.state().doc().series().name, "Mine");
    (harness, dir)
}

/// File → New from Template…, then a click on the template's picture.
fn pick(h: &mut Harness<'_, SeriesApp>, name: &str) {
    app_support::click_menu(h, "File", "New from Template…");
    assert!(matches!(h.state().modal, Some(Modal::Templates(_))));
    h.get_by_role_and_label(egui::Role::RadioButton, name)
        .click();
    h.run();
}

fn create(h: &mut Harness<'_, SeriesApp>) {
    h.get_by_label("Create").click();
    h.run();
}

#[test]
fn new_from_template_opens_each_template_as_a_new_series_without_a_file() {
    let (mut h, _dir) = app_with_a_file();
    for t in TEMPLATES {
        pick(&mut h, t.name);
        create(&mut h);
        assert!(h.state().modal.is_none());
        let doc = h.state().doc();
        assert_eq!(doc.series(), &t.series().unwrap(), "{}", t.name);
        assert!(doc.path().is_none(), "{}: Save asks where", t.name);
        assert!(!doc.is_dirty(), "{}: nothing to lose yet", t.name);
    }
}

#[test]
fn a_template_asks_about_unsaved_work_as_new_does() {
    let (mut h, _dir) = app_with_a_file();
    h.get_by_label("Add Wait").click();
    h.run();
    let mine = h.state().doc().series().clone();
    let trial = &TEMPLATES[1];

    pick(&mut h, trial.name);
    create(&mut h);
    h.get_by_label("Do you want to save the changes to mine.ron before you start from a template?");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().doc().series(), &mine);
    assert!(h.state().doc().is_dirty());

    pick(&mut h, trial.name);
    create(&mut h);
    h.get_by_label("Don't Save").click();
    h.run();
    assert_eq!(h.state().doc().series(), &trial.series().unwrap());
}

#[test]
fn the_chooser_closes_without_a_change_on_cancel_or_escape() {
    let (mut h, _dir) = app_with_a_file();
    pick(&mut h, TEMPLATES[2].name);
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().modal.is_none());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::N);
    h.run();
    assert!(matches!(h.state().modal, Some(Modal::Templates(_))));
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().modal.is_none());
    assert_eq!(h.state().doc().series().name, "Mine");
}

fn chooser_snapshot(theme: Theme, name: &str) {
    let (mut h, _dir) = app_with_a_file();
    h.state_mut().prefs.theme = theme;
    h.run();
    pick(&mut h, TEMPLATES[1].name);
    app_support::snapshot(&mut h, name);
}

#[test]
fn snapshot_template_chooser_dark() {
    chooser_snapshot(Theme::Dark, "templates_dark");
}

#[test]
fn snapshot_template_chooser_light() {
    chooser_snapshot(Theme::Light, "templates_light");
}
