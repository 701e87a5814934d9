//! `series-builder check` as scripts and CI use it (`spec/cli.md`): exit status,
//! the text report, the JSON object, `--now`, and bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output as ProcessOutput};

use chrono::NaiveDate;
use series_builder::file;
use series_builder::model::*;

fn run(args: &[&str]) -> ProcessOutput {
    Command::new(env!("CARGO_BIN_EXE_series-builder"))
        .arg("check")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &ProcessOutput) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &ProcessOutput) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn onboarding() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("saved_series/onboarding.ron")
}

fn block(title: &str, kind: BlockKind) -> Block {
    Block {
        title: title.into(),
        pos: Pos::new(0.0, 0.0),
        kind,
    }
}

fn chat(title: &str) -> Block {
    block(
        title,
        BlockKind::Content(ContentBlock {
            content_type: ContentType::Chat,
            subject: String::new(),
            body: "Hi there".into(),
            send_for: Span::days(3),
            not_sent_branch: false,
            send_window: None,
        }),
    )
}

/// Entry (id 41) -> Welcome Chat (42) -> wait until 1 Mar 2026 (43) -> Follow-up (44),
/// plus 'Need a hand?' (45) on no path and a tag without a name (46) after it; no
/// goal. Ids start at 41, so the JSON must carry the file's ids.
fn broken_series(dir: &Path) -> PathBuf {
    let mut s = Series::new("Broken");
    s.next_id = 41;
    let until = NaiveDate::from_ymd_opt(2026, 3, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let blocks = [
        block(
            "Pro users",
            BlockKind::Rule(RuleBlock {
                filter: Filter::All(vec![Filter::Condition(Condition::Tag {
                    tag: "pro".into(),
                    op: TagOp::Has,
                })]),
                timing: RuleTiming::Once,
                no_match_branch: false,
            }),
        ),
        chat("Welcome Chat"),
        block("", BlockKind::Wait(WaitBlock::Until(until))),
        chat("Follow-up"),
        chat("Need a hand?"),
        block(
            "",
            BlockKind::Tag(TagBlock {
                action: TagAction::Add,
                tag: String::new(),
            }),
        ),
    ];
    let ids: Vec<BlockId> = blocks
        .into_iter()
        .map(|b| {
            let id = s.allocate_id();
            s.insert_block(id, b).unwrap();
            id
        })
        .collect();
    for (from, output, to) in [
        (0, Output::Match, 1),
        (1, Output::Sent, 2),
        (2, Output::Next, 3),
        (4, Output::Sent, 5),
    ] {
        s.connect(Connection::new(ids[from], output, ids[to]))
            .unwrap();
    }
    let path = dir.join("broken.ron");
    file::save(&path, &s).unwrap();
    path
}

#[test]
fn the_onboarding_example_is_ready_with_exit_0() {
    let out = run(&[onboarding().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().next(), Some("Ready to go live"));
    assert_eq!(stderr(&out), "");
}

#[test]
fn the_onboarding_example_as_json() {
    let out = run(&[onboarding().to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json, serde_json::json!({"ready": true, "findings": []}));
}

#[test]
fn errors_give_exit_1_and_a_readable_text_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = broken_series(dir.path());
    let out = run(&[path.to_str().unwrap(), "--now", "2026-03-02T00:00:00Z"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Not ready: 4 errors, 1 warning");
    assert_eq!(lines.len(), 6, "{text}");
    let starts: Vec<(&str, &str)> = lines[1..]
        .iter()
        .map(|l| {
            let mut words = l.split_whitespace();
            (words.next().unwrap(), words.next().unwrap())
        })
        .collect();
    assert_eq!(
        starts,
        vec![
            ("error", "unreachable-block"),
            ("error", "unreachable-block"),
            ("error", "empty-tag"),
            ("error", "wait-in-past"),
            ("warning", "no-goal"),
        ]
    );
    assert!(lines[1].contains("'Need a hand?'"), "{}", lines[1]);
    // Messages start in one column, so the report reads as a table.
    let column = |l: &str| l.find('\'').or_else(|| l.find("The")).unwrap();
    assert_eq!(column(lines[1]), column(lines[4]));
}

#[test]
fn json_lists_findings_with_the_files_block_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = broken_series(dir.path());
    let out = run(&[
        path.to_str().unwrap(),
        "--format",
        "json",
        "--now",
        "2026-03-02T00:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ready"], false);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 5);
    let first = findings[0].as_object().unwrap();
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, vec!["blocks", "code", "message", "severity"]);
    assert_eq!(first["code"], "unreachable-block");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["blocks"], serde_json::json!([45]));
    assert!(first["message"].as_str().unwrap().contains("Need a hand?"));
    let tag = &findings[2];
    assert_eq!(tag["code"], "empty-tag");
    assert_eq!(tag["blocks"], serde_json::json!([46]));
    let last = &findings[4];
    assert_eq!(last["code"], "no-goal");
    assert_eq!(last["severity"], "warning");
    assert_eq!(last["blocks"], serde_json::json!([]));
}

#[test]
fn now_decides_whether_a_wait_date_is_past_in_any_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    let path = broken_series(dir.path());
    let codes = |now: &str| -> Vec<String> {
        let out = run(&[path.to_str().unwrap(), "--format", "json", "--now", now]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    let past = |now: &str| codes(now).iter().any(|c| c == "wait-in-past");
    // The wait is until 1 Mar 2026, 09:00 UTC.
    assert!(!past("2026-03-01T08:59:00Z"));
    assert!(past("2026-03-01T09:01:00Z"));
    // 10:30 in Paris (UTC+1) is 09:30 UTC: past.
    assert!(past("2026-03-01T10:30:00+01:00"));
    // 03:59 in New York (UTC-5) is 08:59 UTC: not yet past.
    assert!(!past("2026-03-01T03:59:00-05:00"));
}

#[test]
fn a_bad_now_is_bad_input_with_one_message() {
    let out = run(&[onboarding().to_str().unwrap(), "--now", "next tuesday"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--now") && err.contains("next tuesday"),
        "{err}"
    );
}

#[test]
fn a_missing_or_broken_file_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing-here.ron");
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(format_version: 1, name: ").unwrap();
    for path in [&missing, &broken] {
        let out = run(&[path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", path.display());
        assert_eq!(stdout(&out), "");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(path.file_name().unwrap().to_str().unwrap()),
            "{err}"
        );
    }
}

#[test]
fn a_title_with_a_line_break_still_gives_one_line_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Series::new("Lines");
    s.insert_block(BlockId(1), chat("Hello\nthere")).unwrap();
    let path = dir.path().join("lines.ron");
    file::save(&path, &s).unwrap();
    let out = run(&[path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    // Headline, no-entry-point, unreachable-block, no-goal.
    assert_eq!(text.lines().count(), 4, "{text}");
    // The line break is shown as an escape, as in every message.
    assert!(text.contains("'Hello\\nthere'"), "{text}");
    let out = run(&[path.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let messages = json["findings"].as_array().unwrap();
    assert!(
        messages
            .iter()
            .all(|f| !f["message"].as_str().unwrap().contains('\n')),
        "{json}"
    );
}
