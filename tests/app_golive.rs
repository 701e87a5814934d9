//! Importing a campaign in the app, the live checklist, and going live.

mod app_support;

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use series_builder::action::{Action, Placement};
use series_builder::app::{FakeDialogs, Modal, SeriesApp};
use series_builder::model::*;
use series_builder::theme::Theme;

fn campaign(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/campaigns")
        .join(name)
}

struct App {
    dialogs: FakeDialogs,
    _recovery: tempfile::TempDir,
    harness: Harness<'static, SeriesApp>,
}

fn app() -> App {
    let dialogs = FakeDialogs::default();
    let recovery = tempfile::tempdir().unwrap();
    let harness = app_support::start(&dialogs, Some(recovery.path().to_path_buf()), None);
    App {
        dialogs,
        _recovery: recovery,
        harness,
    }
}

fn click_menu(h: &mut Harness<'_, SeriesApp>, menu: &str, item: &str) {
    app_support::click_menu(h, menu, item);
}

/// The checklist scrolls: bring the item into view, then click it.
fn click_in_checklist(h: &mut Harness<'_, SeriesApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

fn codes(h: &mut Harness<'_, SeriesApp>) -> Vec<&'static str> {
    h.state_mut()
        .report()
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

/// Imports through File → Import Campaign… and the fake dialog, stopping at the preview.
fn open_preview(app: &mut App, name: &str) {
    app.dialogs.answer(Some(campaign(name)));
    click_menu(&mut app.harness, "File", "Import Campaign…");
    app.harness.run();
}

fn import_trial(app: &mut App) {
    open_preview(app, "trial-onboarding.json");
    app.harness.get_by_label("Import").click();
    app.harness.run();
    app.harness.run();
}

#[test]
fn importing_shows_a_preview_then_the_unconnected_columns() {
    let mut app = app();
    open_preview(&mut app, "trial-onboarding.json");
    assert!(matches!(
        app.harness.state().modal,
        Some(Modal::ImportPreview { .. })
    ));
    app.harness.get_by_label("Import 'Trial onboarding'");
    app.harness.get_by_label("Getting started post");
    assert_eq!(
        app.harness
            .get_all_by_label_contains("Rule › Email › Wait 1 day")
            .count(),
        2,
        "two emails, each becomes rule, content and a 1-day wait"
    );
    assert_eq!(
        app.harness.state().doc().series().name,
        "Onboarding",
        "nothing changes before Import"
    );

    app.harness.get_by_label("Import").click();
    app.harness.run();
    let series = app.harness.state().doc().series();
    assert_eq!(series.name, "Trial onboarding");
    assert_eq!(series.len(), 13);
    assert!(
        app.harness.state().doc().is_dirty(),
        "an import is unsaved work"
    );
    app.harness
        .get_by_label_contains("Connect the columns into paths");
    let found = codes(&mut app.harness);
    assert_eq!(
        found.iter().filter(|c| **c == "unconnected-import").count(),
        4
    );
    // The checklist lists them.
    let first = app
        .harness
        .state_mut()
        .report()
        .with_code("unconnected-import")
        .next()
        .cloned()
        .unwrap();
    app.harness.get_by_label(&first.message);
}

#[test]
fn a_bad_export_shows_where_and_imports_nothing() {
    let mut app = app();
    let before = app.harness.state().doc().series().clone();
    open_preview(&mut app, "bad-unknown-type.json");
    app.harness
        .get_by_label("Can't import bad-unknown-type.json");
    app.harness
        .get_by_label_contains("campaign.messages[1].content_type");
    app.harness.get_by_label("Cancel").click();
    app.harness.run();
    assert!(app.harness.state().modal.is_none());
    assert_eq!(app.harness.state().doc().series(), &before);
}

#[test]
fn import_asks_about_unsaved_work_first() {
    let mut app = app();
    app.harness.get_by_label("Add Tag").click();
    app.harness.run();
    open_preview(&mut app, "trial-onboarding.json");
    app.harness.get_by_label("Import").click();
    app.harness.run();
    assert!(matches!(
        app.harness.state().modal,
        Some(Modal::Unsaved { .. })
    ));
    app.harness.get_by_label("Cancel").click();
    app.harness.run();
    assert_eq!(app.harness.state().doc().series().name, "Onboarding");
}

#[test]
fn clicking_a_finding_selects_its_block() {
    let mut app = app();
    import_trial(&mut app);
    let finding = app
        .harness
        .state_mut()
        .report()
        .with_code("rule-used-as-delay")
        .next()
        .cloned()
        .unwrap();
    click_in_checklist(&mut app.harness, &finding.message);
    assert_eq!(app_support::selected(&app.harness), finding.blocks);
}

#[test]
fn a_quick_fix_from_the_checklist_works_and_undoes() {
    let mut app = app();
    import_trial(&mut app);
    let before = app.harness.state().doc().series().clone();
    let finding = app
        .harness
        .state_mut()
        .report()
        .with_code("rule-used-as-delay")
        .next()
        .cloned()
        .unwrap();
    let label = finding.fix.as_ref().unwrap().label();
    click_in_checklist(&mut app.harness, &label);
    let rule = finding.blocks[0];
    assert_eq!(
        app.harness
            .state()
            .doc()
            .series()
            .block(rule)
            .unwrap()
            .kind(),
        Kind::Wait
    );
    assert!(!codes(&mut app.harness).contains(&"rule-used-as-delay"));
    app.harness.state_mut().act(Action::Undo);
    app.harness.run();
    assert_eq!(app.harness.state().doc().series(), &before);
}

/// Connects the imported columns into one path: entry → column 1 → column 2 → ...
fn connect_columns(app: &mut App) {
    let state = app.harness.state_mut();
    let series = state.doc().series().clone();
    let origin = series.origin.clone().unwrap();
    let entry = series.entry_points()[0];
    let mut from = (entry, Output::Match);
    for message in &origin.messages {
        state.edit(
            series_builder::edit::Edit::connect(Connection::new(
                from.0,
                from.1,
                message.rule_block,
            )),
            None,
        );
        // The column ends in its wait block, if any, else its content block.
        let content = message.content_block;
        from = match series.target(content, Output::Sent) {
            Some(wait) => (wait, Output::Next),
            None => (content, Output::Sent),
        };
    }
    app.harness.run();
}

#[test]
fn set_live_is_refused_while_there_are_errors() {
    let mut app = app();
    import_trial(&mut app);
    // A tag block with no name, on no path: two errors.
    app.harness.get_by_label("Add Tag").click();
    app.harness.run();
    click_menu(&mut app.harness, "Series", "Set Live…");
    assert!(matches!(app.harness.state().modal, Some(Modal::SetLive(_))));
    app.harness
        .get_by_label("Fix these before the series can go live:");
    app.harness.get_by_label("Set Live").click();
    app.harness.run();
    assert_eq!(app.harness.state().doc().series().status, Status::Draft);
    app.harness.get_by_label("Cancel").click();
    app.harness.run();
    assert!(app.harness.state().modal.is_none());
}

#[test]
fn going_live_asks_for_the_campaign_choice_then_locks_the_series_until_pause() {
    let mut app = app();
    import_trial(&mut app);
    connect_columns(&mut app);
    let errors: Vec<_> = app
        .harness
        .state_mut()
        .report()
        .findings
        .iter()
        .filter(|f| f.severity == series_builder::check::Severity::Error)
        .map(|f| f.code)
        .collect();
    assert_eq!(errors, vec!["campaign-choice-missing"]);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("trial.ron");
    app.dialogs.answer(Some(path.clone()));
    click_menu(&mut app.harness, "File", "Save As…");
    assert!(!app.harness.state().doc().is_dirty());

    click_menu(&mut app.harness, "Series", "Set Live…");
    app.harness
        .get_by_label_contains("The campaign 'Trial onboarding' is still live");
    app.harness.get_by_label("Set Live").click();
    app.harness.run();
    assert_eq!(
        app.harness.state().doc().series().status,
        Status::Draft,
        "no choice yet"
    );
    app.harness
        .get_by_label("Stop entering (recommended)")
        .click();
    app.harness
        .get_by_label("I have read these warnings and want to go live anyway")
        .click();
    app.harness.run();
    app.harness.get_by_label("Set Live").click();
    app.harness.run();
    let series = app.harness.state().doc().series();
    assert_eq!(series.status, Status::Live);
    assert!(series.went_live_at.is_some());
    assert_eq!(
        series.origin.as_ref().unwrap().go_live_choice,
        GoLiveChoice::StopEntering
    );
    app.harness.get_by_label_contains("can't be changed");

    // The campaign it came from now empties, and the settings say so.
    app.harness.get_by_label("emptying");
    // Going live is a commitment: the file says so at once.
    assert!(!app.harness.state().doc().is_dirty());
    assert_eq!(
        series_builder::file::load(&path).unwrap().status,
        Status::Live
    );

    // A live series takes no edits, from any place: a selected block and the
    // Delete key, the palette, undo, a rename.
    let live = app.harness.state().doc().series().clone();
    let rule = *live.blocks().keys().next().unwrap();
    app.harness.state_mut().canvas.selection.set_blocks([rule]);
    app.harness.run();
    app.harness.key_press(egui::Key::Delete);
    app.harness.run();
    assert!(
        app.harness.state().doc().series().block(rule).is_some(),
        "Delete on a live series removes nothing"
    );
    assert!(
        app.harness
            .state()
            .notice()
            .is_some_and(|n| n.contains("Pause")),
        "and says how to change it"
    );
    app.harness.state_mut().act(Action::AddBlock {
        kind: Kind::Content,
        at: Placement::ViewCentre,
        from: None,
    });
    app.harness.state_mut().act(Action::Undo);
    app.harness
        .state_mut()
        .edit(series_builder::edit::Edit::Rename("Other".into()), None);
    app.harness.run();
    assert_eq!(app.harness.state().doc().series(), &live);

    app.harness.get_by_label("Pause to edit").click();
    app.harness.run();
    assert_eq!(app.harness.state().doc().series().status, Status::Paused);
    assert_eq!(
        series_builder::file::load(&path).unwrap().status,
        Status::Paused
    );
    app.harness
        .state_mut()
        .edit(series_builder::edit::Edit::Rename("Other".into()), None);
    app.harness.run();
    assert_eq!(app.harness.state().doc().series().name, "Other");

    // Resuming checks again, and keeps the time it first went live.
    let first_live = app.harness.state().doc().series().went_live_at;
    click_menu(&mut app.harness, "Series", "Resume…");
    assert!(matches!(app.harness.state().modal, Some(Modal::SetLive(_))));
    app.harness
        .get_by_label("I have read these warnings and want to go live anyway")
        .click();
    app.harness.run();
    app.harness.get_by_label("Set Live").click();
    app.harness.run();
    let series = app.harness.state().doc().series();
    assert_eq!(series.status, Status::Live);
    assert_eq!(series.went_live_at, first_live);
}

fn snapshot_in(theme: Theme, name: &str, prepare: impl FnOnce(&mut App)) {
    let mut app = app();
    app.harness.state_mut().prefs.theme = theme;
    prepare(&mut app);
    app.harness.run();
    app_support::snapshot(&mut app.harness, name);
}

#[test]
fn snapshot_import_preview() {
    snapshot_in(Theme::Light, "import_preview", |app| {
        open_preview(app, "trial-onboarding.json")
    });
}

#[test]
fn snapshot_checklist_with_findings() {
    snapshot_in(Theme::Dark, "checklist_findings", import_trial);
}

#[test]
fn snapshot_set_live_dialog() {
    snapshot_in(Theme::Light, "set_live_dialog", |app| {
        import_trial(app);
        connect_columns(app);
        click_menu(&mut app.harness, "Series", "Set Live…");
    });
}

#[test]
fn dropping_files_on_the_window_imports_or_opens_them() {
    let mut app = app();
    app_support::drop_file(&mut app.harness, campaign("feature-adoption.json"));
    app.harness.run();
    assert!(matches!(
        app.harness.state().modal,
        Some(Modal::ImportPreview { .. })
    ));
    app.harness
        .get_by_label("Import 'Reports feature adoption'");
    app.harness.get_by_label("Cancel").click();
    app.harness.run();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dropped.ron");
    let mut series = series_builder::app::example_series();
    series.name = "Dropped".into();
    series_builder::file::save(&path, &series).unwrap();
    app_support::drop_file(&mut app.harness, path);
    app.harness.run();
    assert_eq!(app.harness.state().doc().series().name, "Dropped");
}

#[test]
fn a_campaign_export_opened_as_a_series_shows_the_import_preview() {
    // Named on the command line.
    let dialogs = FakeDialogs::default();
    let mut harness = app_support::start(&dialogs, None, Some(campaign("trial-onboarding.json")));
    harness.run();
    assert!(matches!(
        harness.state().modal,
        Some(Modal::ImportPreview { .. })
    ));
    harness.get_by_label("Import 'Trial onboarding'");

    // Through File → Open…, even under a series' file name; a broken export shows
    // its problems in the preview rather than "not a series file".
    let dir = tempfile::tempdir().unwrap();
    let disguised = dir.path().join("campaign.ron");
    std::fs::copy(campaign("bad-unknown-type.json"), &disguised).unwrap();
    let mut app = app();
    app.dialogs.answer(Some(disguised));
    click_menu(&mut app.harness, "File", "Open…");
    app.harness.run();
    assert!(matches!(
        app.harness.state().modal,
        Some(Modal::ImportPreview { .. })
    ));
    app.harness
        .get_by_label_contains("campaign.messages[1].content_type");
    assert_eq!(
        app.harness.state().doc().series().name,
        "Onboarding",
        "nothing changed"
    );
}
