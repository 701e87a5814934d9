//! Preview → Audience: a sample audience or a customers file simulated on a
//! thread, with progress and Cancel; figures on the cards and arrows equal to
//! the engine's, grey once the series changes, hidden by a toggle; a bad file
//! said in a dialog; and an imported campaign's own history on its messages.

mod app_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use series_builder::app::{FakeDialogs, Modal, SeriesApp};
use series_builder::canvas::Source;
use series_builder::edit::Edit;
use series_builder::model::*;
use series_builder::panels::audience::Who;
use series_builder::panels::preview::PreviewTab;
use series_builder::simulate::audience::{self, Control};
use series_builder::simulate::{Counter, Counts, Simulation};
use series_builder::text::grouped;
use series_builder::theme::Theme;

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

const FROM: &str = "2026-12-01T00:00:00Z";

fn from() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(FROM)
        .unwrap()
        .with_timezone(&Utc)
}

/// The onboarding example open, the Preview panel on its Audience tab, the
/// form set to `count` sample customers from Dec 1, 2026, seed 5.
fn audience_tab(dialogs: &FakeDialogs, count: u64) -> Harness<'static, SeriesApp> {
    let mut h = app_support::start(dialogs, None, Some(manifest("saved_series/onboarding.ron")));
    toggle_preview(&mut h);
    h.get_by_label("Audience").click();
    h.run();
    let form = &mut h.state_mut().audience.form;
    form.count = count;
    form.seed = 5;
    form.day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    h.run();
    h
}

/// The Preview button at the right of the menu bar (the panel's heading
/// says "Preview" too).
fn toggle_preview(h: &mut Harness<'_, SeriesApp>) {
    h.get_by_role_and_label(egui::Role::Button, "Preview")
        .click();
    h.run();
}

/// Steps frames until the run under way ends (a thread: real time passes).
fn wait_for_run(h: &mut Harness<'_, SeriesApp>) {
    let start = Instant::now();
    while h.state().audience.is_running() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the run never ended"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
}

fn run(h: &mut Harness<'_, SeriesApp>) {
    h.get_by_label("Run").click();
    h.step();
    wait_for_run(h);
}

/// The engine's own counts for the sample, as `series-builder simulate` gets them.
fn engine(series: &Series, count: u64, seed: u64) -> (Simulation, Counts) {
    let sim = Simulation::new(series, from(), 30, seed);
    let counts = audience::run_sample(&sim, count, seed, &Control::default())
        .unwrap()
        .counts;
    (sim, counts)
}

fn lines(h: &Harness<'_, SeriesApp>, id: u64) -> Vec<String> {
    h.state().audience.figures().cards[&BlockId(id)]
        .iter()
        .map(|l| l.text.clone())
        .collect()
}

#[test]
fn a_generated_sample_puts_the_engines_counts_on_the_cards_and_arrows() {
    let dialogs = FakeDialogs::default();
    let mut h = audience_tab(&dialogs, 3_000);
    run(&mut h);

    let series = h.state().doc().series().clone();
    let (sim, counts) = engine(&series, 3_000, 5);
    let ran = h.state().audience.outcome().expect("the run's outcome");
    assert_eq!(ran.counts, counts, "the app's run is the engine's");
    assert!(counts.entered > 0 && counts.messages_sent() > 0);

    // Every block on a path says its arrivals, and each kind its own figure.
    for (i, id) in sim.block_ids().iter().enumerate() {
        let c = &counts.blocks[i];
        let block = series.block(*id).unwrap();
        let first = &lines(&h, id.0)[0];
        let arrived = format!("{} arrived", grouped(c.get(Counter::Arrived)));
        assert!(first.starts_with(&arrived), "{first} for {arrived}");
        let own = match block.kind() {
            Kind::Rule => (Counter::Matched, "matched"),
            Kind::Content => (Counter::Sent, "sent"),
            Kind::Wait => (Counter::Passed, "waited"),
            Kind::Tag => (Counter::Applied, "tagged"),
            other => panic!("no {other:?} in the example"),
        };
        let words = format!("{} {}", grouped(c.get(own.0)), own.1);
        assert!(first.contains(&words), "{first} lacks {words}");
    }
    let figures = h.state().audience.figures();
    for (arrow, n) in sim.arrows().iter().zip(&counts.arrows) {
        assert_eq!(figures.arrows[&arrow.port()], *n, "{arrow:?}");
    }
    assert_eq!(figures.most, *counts.arrows.iter().max().unwrap());
    assert!(!figures.stale);

    // The summary says the totals.
    h.get_by_label(&format!(
        "{} of {} customers",
        grouped(counts.entered),
        grouped(3_000)
    ));
    h.get_by_label("Messages sent per day");
}

#[test]
fn the_window_stays_responsive_and_cancel_stops_the_run() {
    let dialogs = FakeDialogs::default();
    let mut h = audience_tab(&dialogs, 1_000_000);
    h.get_by_label("Run").click();
    h.step();
    h.step();
    assert!(h.state().audience.is_running());
    // While it runs the panel shows how far it is, and the window answers.
    h.get_by_label("Simulating 1,000,000 sample customers…");
    h.get_by_label("Cancel").click();
    h.step();
    h.step();
    assert!(!h.state().audience.is_running());
    assert_eq!(h.state().notice(), Some("Simulation cancelled"));
    h.get_by_label("Run");

    let start = Instant::now();
    while h.state().audience.stopping() > 0 {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the thread never ended"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    let share = h.state().audience.stopped_at().unwrap();
    assert!(share < 0.5, "it stopped early, not after all: {share}");
    assert!(
        h.state().audience.outcome().is_none(),
        "a cancelled run shows nothing"
    );
}

#[test]
fn figures_grey_when_the_series_changes_for_customers_and_re_run_brings_them_back() {
    let dialogs = FakeDialogs::default();
    let mut h = audience_tab(&dialogs, 500);
    run(&mut h);
    assert!(!h.state().audience.figures().stale);

    // Moving a card changes nothing for customers.
    let moved = Edit::Move(vec![(BlockId(3), Pos::new(40.0, 300.0))]);
    h.state_mut().edit(moved, None);
    h.run();
    assert!(!h.state().audience.figures().stale);

    let mut wait = h.state().doc().series().block(BlockId(3)).unwrap().clone();
    wait.kind = BlockKind::Wait(WaitBlock::For(Span::days(4)));
    let edit = Edit::change_block(h.state().doc().series(), BlockId(3), wait);
    h.state_mut().edit(edit, None);
    h.run();
    assert!(h.state().audience.figures().stale);
    let before = h.state().audience.outcome().unwrap().counts.clone();

    h.get_by_label("Re-run").click();
    h.step();
    wait_for_run(&mut h);
    assert!(!h.state().audience.figures().stale);
    let after = &h.state().audience.outcome().unwrap().counts;
    let (_, expected) = engine(h.state().doc().series(), 500, 5);
    assert_eq!(after, &expected, "re-run on the changed series");
    assert_ne!(after, &before, "a 4-day wait changes who gets the chat");
    assert!(h.query_by_label("Re-run").is_none());
}

#[test]
fn the_toggle_hides_the_figures_and_they_show_only_on_the_audience_tab() {
    let dialogs = FakeDialogs::default();
    let mut h = audience_tab(&dialogs, 200);
    run(&mut h);
    let shown = |h: &Harness<'_, SeriesApp>| {
        let app = h.state();
        app.audience.shown_figures(&app.preview).is_some()
    };
    assert!(shown(&h));
    h.get_by_label("Show figures on the canvas").click();
    h.run();
    assert!(!shown(&h));
    h.get_by_label("Show figures on the canvas").click();
    h.run();
    assert!(shown(&h));
    h.get_by_label("Test customer").click();
    h.run();
    assert_eq!(h.state().preview.tab, PreviewTab::Customer);
    assert!(!shown(&h), "the test customer's tab has its own marks");
    // The toolbar button closes the panel, and the figures go with it.
    h.get_by_label("Audience").click();
    h.run();
    toggle_preview(&mut h);
    assert!(!h.state().preview.open);
    assert!(!shown(&h));
}

#[test]
fn a_customers_file_is_chosen_in_the_dialog_and_simulated_as_the_command_line_does() {
    let dialogs = FakeDialogs::default();
    let mut h = audience_tab(&dialogs, 10);
    let file = manifest("tests/customers/onboarding-four.jsonl");
    dialogs.answer(Some(file.clone()));
    h.get_by_label("Choose…").click();
    h.step();
    h.step();
    wait_for_run(&mut h);
    assert_eq!(h.state().audience.form.who, Who::File);
    let ran = h.state().audience.outcome().unwrap();
    assert_eq!(ran.what, "onboarding-four.jsonl");
    let sim = Simulation::new(h.state().doc().series(), from(), 30, 5);
    let expected = audience::run(&sim, &file, &Default::default(), &Control::default()).unwrap();
    assert_eq!(ran.counts, expected.counts);
    // The worked example: 4 customers, 2 entered, 4 messages.
    assert_eq!((ran.counts.customers, ran.counts.entered), (4, 2));
    assert_eq!(ran.counts.messages_sent(), 4);
    assert_eq!(lines(&h, 2)[0], "2 arrived · 2 sent");
    // The summary says the worked example's totals: maya finished, lee hit
    // the goal, 4 messages to the 2 who entered.
    assert_eq!(
        summary(&h),
        [
            ("Entered", "2 of 4 customers"),
            ("Finished", "1 (50.0 % of stays)"),
            ("Exited", "0 (0.0 % of stays)"),
            ("Goal hit", "1 (50.0 % of stays)"),
            ("Disengaged", "0 (0.0 % of stays)"),
            ("In progress", "0 (0.0 % of stays)"),
            ("Messages per customer", "2.0"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

#[test]
fn a_customers_file_dropped_on_the_window_is_simulated_in_the_audience_tab() {
    let dialogs = FakeDialogs::default();
    let mut h = app_support::start(
        &dialogs,
        None,
        Some(manifest("saved_series/onboarding.ron")),
    );
    h.state_mut().audience.form.day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    app_support::drop_file(&mut h, manifest("tests/customers/onboarding-four.jsonl"));
    h.step();
    wait_for_run(&mut h);
    // The panel opens on its tab to show what it is doing.
    assert!(h.state().preview.open);
    assert_eq!(h.state().preview.tab, PreviewTab::Audience);
    let ran = h
        .state()
        .audience
        .outcome()
        .expect("the dropped file simulated");
    assert_eq!(ran.what, "onboarding-four.jsonl");
    assert_eq!((ran.counts.customers, ran.counts.entered), (4, 2));
    // Still the onboarding series: a customers file is not a series to open.
    assert_eq!(h.state().doc().series().name, "Onboarding");
}

/// The summary's rows, each name with its value, as the panel shows them.
fn summary(h: &Harness<'_, SeriesApp>) -> Vec<(String, String)> {
    let texts: Vec<String> = h
        .query_all_by_role(egui::Role::Label)
        .filter_map(|n| n.value())
        .collect();
    let start = texts
        .iter()
        .position(|t| t == "Entered")
        .expect("the summary");
    texts[start..]
        .chunks(2)
        .take_while(|row| row.len() == 2 && row[0] != "Messages sent per day")
        .map(|row| (row[0].clone(), row[1].clone()))
        .collect()
}

#[test]
fn a_bad_customers_file_is_told_in_a_dialog_and_the_figures_stay() {
    let dialogs = FakeDialogs::default();
    let mut h = audience_tab(&dialogs, 300);
    run(&mut h);
    let before = h.state().audience.outcome().unwrap().counts.clone();

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("customers.jsonl");
    std::fs::write(
        &bad,
        "{\"id\": \"a\"}\n{\"id\": \"b\", \"attributes\": {\"signed_up_at\": \"last week\"}}\n{\"id\": \"a\"}\n",
    )
    .unwrap();
    dialogs.answer(Some(bad.clone()));
    h.get_by_label("Choose…").click();
    h.step();
    h.step();
    wait_for_run(&mut h);

    let Some(Modal::Error { title, message, .. }) = &h.state().modal else {
        panic!("no error dialog");
    };
    assert_eq!(title, "Couldn't simulate customers.jsonl");
    let name = bad.display();
    assert!(
        message.contains(&format!("{name}: line 2, attributes.signed_up_at:")),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "{name}: line 3, id: the id 'a' is already used on line 1"
        )),
        "{message}"
    );
    h.get_by_label("OK");
    let after = &h.state().audience.outcome().unwrap().counts;
    assert_eq!(after, &before, "the figures of the last good run stay");
    assert!(!h.state().audience.figures().stale);
}

#[test]
fn an_imported_campaign_shows_its_own_figures_on_its_messages() {
    let dialogs = FakeDialogs::default();
    let mut h = app_support::start(&dialogs, None, None);
    h.state_mut()
        .act(series_builder::action::Action::ImportPath(manifest(
            "tests/campaigns/trial-onboarding.json",
        )));
    h.run();
    h.get_by_label("Import").click();
    h.run();
    toggle_preview(&mut h);
    h.get_by_label("Audience").click();
    h.run();

    let app = h.state();
    let series = app.doc().series();
    let origin = series.origin.as_ref().unwrap();
    let figures = app
        .audience
        .shown_figures(&app.preview)
        .expect("campaign figures");
    let said = |id: BlockId| -> Vec<(Source, String)> {
        figures.cards[&id]
            .iter()
            .map(|l| (l.source, l.text.clone()))
            .collect()
    };
    let by_title = |title: &str| {
        origin
            .messages
            .iter()
            .find(|m| m.title == title)
            .unwrap()
            .content_block
    };
    assert_eq!(
        said(by_title("Welcome Email")),
        vec![(
            Source::Campaign,
            "Campaign: 1,204 sent · 61 % opened · 18 % clicked · 8.0 % goal hit".into()
        )]
    );
    assert_eq!(
        said(by_title("Welcome Chat")),
        vec![(
            Source::Campaign,
            "Campaign: 988 sent · 65 % opened · 5.8 % replied · 8.2 % goal hit".into()
        )]
    );
    assert_eq!(
        said(by_title("Need a hand?")),
        vec![(
            Source::Campaign,
            "Campaign: no figures in the export".into()
        )]
    );
    // Only the messages: the rules and waits of the campaign have no history.
    assert_eq!(figures.cards.len(), origin.messages.len());
}

/// The canvas with a sample's figures, the summary and its chart.
fn snapshot(theme: Theme, name: &str) {
    let dialogs = FakeDialogs::default();
    let mut h = audience_tab(&dialogs, 2_000);
    h.state_mut().prefs.theme = theme;
    run(&mut h);
    h.state_mut()
        .canvas
        .request(series_builder::canvas::ViewRequest::ZoomTo100);
    h.run();
    app_support::snapshot(&mut h, name);
}

#[test]
fn snapshot_audience_dark() {
    snapshot(Theme::Dark, "audience_dark");
}

#[test]
fn snapshot_audience_light() {
    snapshot(Theme::Light, "audience_light");
}
