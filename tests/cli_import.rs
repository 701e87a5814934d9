//! `series-builder import` (`spec/cli.md`): writes the series, prints a summary or
//! JSON, refuses to overwrite without `--force`, and on bad input writes nothing
//! and prints one message per problem.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use series_builder::file;

fn campaign(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/campaigns")
        .join(name)
}

fn run(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_series-builder"))
        .arg("import")
        .args(args)
        .output()
        .unwrap()
}

fn import(campaign: &Path, output: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_series-builder"))
        .arg("import")
        .arg(campaign)
        .arg("-o")
        .arg(output)
        .args(extra)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn import_writes_the_series_and_prints_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("trial.ron");
    let o = import(&campaign("trial-onboarding.json"), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let series = file::load(&out).unwrap();
    assert_eq!(series.name, "Trial onboarding");
    assert_eq!(series.len(), 13);

    let text = stdout(&o);
    assert!(text.contains("Trial onboarding"), "{text}");
    assert!(
        text.contains("13 (5 rule, 4 content, 4 wait, 0 tag, 0 split)"),
        "{text}"
    );
    assert!(text.contains("Entry points: 5"), "{text}");
    assert!(text.contains("tagged churned"), "exit rules: {text}");
    assert!(text.contains("within 14 days"), "goal: {text}");
    assert!(
        text.contains("30 days without a message"),
        "disengagement: {text}"
    );
    assert!(text.contains("Hints"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("Getting started post") && l.contains("wait block")),
        "{text}"
    );
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn json_output_is_the_info_object_plus_hints() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("adoption.ron");
    let o = import(
        &campaign("feature-adoption.json"),
        &out,
        &["--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["name"], "Reports feature adoption");
    assert_eq!(v["status"], "draft");
    assert_eq!(v["format_version"], file::FORMAT_VERSION);
    assert_eq!(
        v["blocks"],
        serde_json::json!({ "rule": 4, "content": 3, "wait": 3, "tag": 0, "split": 0 })
    );
    assert_eq!(v["connections"], 6);
    assert_eq!(v["entry_points"], 4);
    let hints = v["hints"].as_array().unwrap();
    assert!(!hints.is_empty());
    assert!(
        hints
            .iter()
            .all(|h| h.as_str().is_some_and(|h| !h.is_empty()))
    );
    assert!(
        hints
            .iter()
            .any(|h| h.as_str().unwrap().contains("no goal"))
    );
    // Everything `info` says about the file, import said too.
    let info = Command::new(env!("CARGO_BIN_EXE_series-builder"))
        .args(["info", "--format", "json"])
        .arg(&out)
        .output()
        .unwrap();
    let mut info: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    info["hints"] = v["hints"].clone();
    assert_eq!(info, v);
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine.ron");
    std::fs::write(&out, "my own work\n").unwrap();
    let o = import(&campaign("trial-onboarding.json"), &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "my own work\n");

    let o = import(&campaign("trial-onboarding.json"), &out, &["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(file::load(&out).unwrap().name, "Trial onboarding");
}

#[test]
fn importing_twice_writes_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    for out in [&a, &b] {
        let o = import(&campaign("trial-onboarding.json"), out, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn a_bad_export_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("broken.ron");
    let o = import(&campaign("bad-unknown-type.json"), &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("campaign.messages[1].content_type"), "{err}");
    assert!(err.contains("\"sms\""), "{err}");
    assert!(stdout(&o).is_empty());
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );
}

#[test]
fn every_problem_gets_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export.json");
    let text = std::fs::read_to_string(campaign("trial-onboarding.json"))
        .unwrap()
        .replace("\"state\": \"live\"", "\"state\": \"running\"")
        .replace("\"content_type\": \"post\"", "\"content_type\": \"sms\"")
        .replace("\"within_days\": 14", "\"within_days\": 0");
    std::fs::write(&export, text).unwrap();
    let out = dir.path().join("out.ron");
    let o = import(&export, &out, &["--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 3, "{err}");
    for place in [
        "campaign.state",
        "campaign.messages[2].content_type",
        "campaign.goal.within_days",
    ] {
        assert!(err.lines().any(|l| l.contains(place)), "{place}: {err}");
    }
    assert!(stdout(&o).is_empty());
    assert!(!out.exists());
}

#[test]
fn unreadable_input_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.ron");

    let o = import(&dir.path().join("missing.json"), &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.json"), "{}", stderr(&o));

    let export = dir.path().join("broken.json");
    std::fs::write(
        &export,
        "{ \"export_format\": \"campaign/v1\",\n  \"campaign\": [ }",
    )
    .unwrap();
    let o = import(&export, &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("line 2, column"), "{}", stderr(&o));

    std::fs::write(&export, b"{\"export_format\": \"\xff\"}").unwrap();
    let o = import(&export, &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("UTF-8"), "{}", stderr(&o));

    let o = import(
        &campaign("trial-onboarding.json"),
        &dir.path().join("no/such/folder/out.ron"),
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).is_empty());
    assert!(!out.exists());
}

#[test]
fn the_output_is_required() {
    let o = run(&[&campaign("trial-onboarding.json")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--output"), "{}", stderr(&o));
}

#[test]
fn a_campaign_too_deep_for_a_series_file_leaves_the_old_file_alone_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("trial.ron");
    let good = import(&campaign("trial-onboarding.json"), &out, &[]);
    assert_eq!(good.status.code(), Some(0), "{}", stderr(&good));
    let before = std::fs::read(&out).unwrap();

    let text = std::fs::read_to_string(campaign("trial-onboarding.json")).unwrap();
    let deep = format!(
        "{}{{\"tag\": \"vip\", \"op\": \"has\"}}{}",
        "{\"any\": [".repeat(28),
        "]}".repeat(28)
    );
    let text = text.replacen(
        "\"audience_rules\": null",
        &format!("\"audience_rules\": {deep}"),
        1,
    );
    let deep_campaign = dir.path().join("deep.json");
    std::fs::write(&deep_campaign, text).unwrap();
    let o = import(&deep_campaign, &out, &["--force"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("flatten the filter"), "{err}");
    assert_eq!(
        std::fs::read(&out).unwrap(),
        before,
        "the good file is untouched"
    );
    assert!(file::load(&out).is_ok());
}
