//! The templates shipped with the program: each loads, is ready to go live, and
//! is the file the writer program makes.

use chrono::Utc;
use series_builder::check;
use series_builder::file;
use series_builder::model::*;
use series_builder::templates::TEMPLATES;

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
