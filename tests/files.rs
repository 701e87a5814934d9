//! Series files: round trips, deterministic bytes, refusals with clear messages, atomic saves.

mod support;

use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use series_builder::file::{self, FileError, PendingSave};
use series_builder::model::*;

fn onboarding_text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("saved_series/onboarding.ron"),
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_series_saves_and_loads_back_equal(series in support::series(12)) {
        let text = file::to_string(&series).unwrap();
        let loaded = file::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&loaded, &series);
        prop_assert_eq!(file::to_string(&loaded).unwrap(), text, "saving twice gives the same bytes");
    }

    #[test]
    fn no_bytes_make_it_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = file::from_bytes(&bytes);
    }

}

#[test]
fn no_truncation_of_a_real_file_loads_half() {
    let text = onboarding_text();
    let mut cuts = 0;
    for cut in 0..text.len() {
        let Some(prefix) = text.get(..cut) else {
            continue; // inside a character: not text at all
        };
        // Dropping only trailing white space keeps the file whole; any other cut is refused.
        if prefix.trim_end() != text.trim_end() {
            assert!(
                file::from_str(prefix).is_err(),
                "a cut at byte {cut} loaded"
            );
            cuts += 1;
        }
    }
    assert!(cuts > 3000, "every cut of the file was tried: {cuts}");
}

fn load_err(text: &str) -> String {
    match file::from_str(text) {
        Ok(_) => panic!("expected a refusal for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_example_loads_and_saves_to_the_same_bytes() {
    let text = onboarding_text();
    let series = file::from_str(&text).unwrap();
    assert_eq!(series.name, "Onboarding");
    assert_eq!(series.len(), 8);
    assert_eq!(series.connection_count(), 7);
    assert_eq!(file::to_string(&series).unwrap(), text);
    let one_by_one: Vec<BlockId> = series
        .blocks()
        .keys()
        .copied()
        .filter(|id| series.is_entry_point(*id))
        .collect();
    assert_eq!(one_by_one, series.entry_points());
    assert_eq!(one_by_one, vec![BlockId(1)]);
    let built_in = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/onboarding.ron"),
    )
    .unwrap();
    assert_eq!(
        built_in, text,
        "the app's built-in example is the saved example"
    );
}

#[test]
fn empty_file_is_refused() {
    assert!(matches!(file::from_str(""), Err(FileError::Empty)));
    assert!(matches!(file::from_str("  \n"), Err(FileError::Empty)));
}

#[test]
fn random_bytes_are_refused_as_not_text() {
    let err = file::from_bytes(&[b'(', b'\n', 0xff, 0xfe, 0x00]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the file is not text (UTF-8): unreadable bytes at line 2, column 1"
    );
}

#[test]
fn truncated_file_names_the_line() {
    let text = onboarding_text();
    let half = &text[..text.len() / 2];
    let message = load_err(half);
    assert!(message.starts_with("line "), "{message}");
}

#[test]
fn syntax_error_gives_line_and_column() {
    let text =
        onboarding_text().replacen("  name: \"Onboarding\",", "  name: \"Onboarding\" oops", 1);
    let message = load_err(&text);
    assert!(message.starts_with("line 3, column "), "{message}");
}

#[test]
fn arrow_to_a_missing_block_names_it() {
    let text = onboarding_text().replacen("(7, Sent, 8)", "(7, Sent, 99)", 1);
    assert_ne!(
        text,
        onboarding_text(),
        "the example has the arrow this test changes"
    );
    let message = load_err(&text);
    assert_eq!(
        message,
        "the arrow from block 7 ('Need a hand?') 'sent' to block 99: block 99 is not in the file"
    );
}

#[test]
fn two_arrows_from_one_output_are_refused() {
    let text =
        onboarding_text().replacen("(1, Match, 2),", "(1, Match, 2),\n    (1, Match, 3),", 1);
    let message = load_err(&text);
    assert!(
        message.contains("block 1 ('New users') 'match'"),
        "{message}"
    );
    assert!(message.contains("already has an arrow"), "{message}");
}

#[test]
fn duplicate_ids_are_refused() {
    let text = onboarding_text().replacen("id: 2,", "id: 1,", 1);
    let message = load_err(&text);
    assert_eq!(
        message,
        "block 1 appears twice (the first is 'New users'): every block needs its own id"
    );
}

#[test]
fn an_arrow_from_a_block_to_itself_is_refused() {
    let text = onboarding_text().replacen("(7, Sent, 8)", "(7, Sent, 7)", 1);
    let message = load_err(&text);
    assert!(message.contains("cannot connect to itself"), "{message}");
}

#[test]
fn newer_format_is_refused_naming_the_version() {
    let text = onboarding_text().replacen(
        "format_version: 1,",
        "format_version: 7,\n  future: [1, 2],",
        1,
    );
    let message = load_err(&text);
    assert!(message.contains("format version 7"), "{message}");
    assert!(message.contains("update series-builder"), "{message}");
}

#[test]
fn version_0_is_migrated() {
    // Version 0 had no id counter: ids continue after the highest one.
    let text = onboarding_text()
        .replacen("format_version: 1,", "format_version: 0,", 1)
        .replacen("  next_id: 9,\n", "", 1);
    let series = file::from_str(&text).unwrap();
    assert_eq!(series.next_id, 9);
    assert_eq!(series.len(), 8);
    assert_eq!(file::to_string(&series).unwrap(), onboarding_text());
}

#[test]
fn a_file_without_format_version_is_not_a_series() {
    let message = load_err("(name: \"x\")");
    assert_eq!(
        message,
        "this is not a series file: it has no format_version"
    );
}

#[test]
fn an_interrupted_save_leaves_the_old_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("series.ron");
    std::fs::write(&path, onboarding_text()).unwrap();
    let mut changed = file::from_str(&onboarding_text()).unwrap();
    changed.name = "Changed".into();
    let pending = PendingSave::write(&path, file::to_string(&changed).unwrap().as_bytes()).unwrap();
    let temp = pending.temp_path().to_path_buf();
    assert!(temp.exists());
    assert_eq!(
        temp.parent(),
        path.parent(),
        "the temporary file is beside the target"
    );
    // The program stops before the rename.
    drop(pending);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), onboarding_text());
    assert!(!temp.exists(), "no temporary file is left behind");
    // A save that completes replaces it.
    file::save(&path, &changed).unwrap();
    assert_eq!(file::load(&path).unwrap().name, "Changed");
}

#[test]
fn a_failed_save_reports_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing-folder").join("series.ron");
    let err = file::save(&path, &Series::new("x")).unwrap_err();
    assert!(err.to_string().contains("missing-folder"), "{err}");
}

fn info(path: &Path, json: bool) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_series-builder"));
    cmd.arg("info").arg(path);
    if json {
        cmd.args(["--format", "json"]);
    }
    cmd.output().unwrap()
}

#[test]
fn info_describes_the_example() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("saved_series/onboarding.ron");
    let out = info(&path, true);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "name": "Onboarding", "status": "draft", "format_version": 1,
            "blocks": {"rule": 1, "content": 4, "wait": 2, "tag": 1},
            "connections": 7, "entry_points": 1
        })
    );
    let out = info(&path, false);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("8 (1 rule, 4 content, 2 wait, 1 tag)"),
        "{text}"
    );
}

#[test]
fn info_gives_status_2_and_one_message_for_each_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = onboarding_text();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("random", vec![0x9f, 0x00, 0xff, 0x13, 0x37]),
        ("truncated", good.as_bytes()[..good.len() / 3].to_vec()),
        (
            "syntax",
            good.replacen("status: Draft,", "status: Draft", 1)
                .into_bytes(),
        ),
        (
            "missing-block",
            good.replacen("(7, Sent, 8)", "(7, Sent, 80)", 1)
                .into_bytes(),
        ),
        (
            "two-arrows",
            good.replacen("(1, Match, 2),", "(1, Match, 2),\n    (1, Match, 4),", 1)
                .into_bytes(),
        ),
        (
            "duplicate",
            good.replacen("id: 3,", "id: 2,", 1).into_bytes(),
        ),
        (
            "newer",
            good.replacen("format_version: 1,", "format_version: 2,", 1)
                .into_bytes(),
        ),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(format!("{name}.ron"));
        std::fs::write(&path, &bytes).unwrap();
        let out = info(&path, false);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: one message: {stderr}");
        assert!(
            stderr.contains(&format!("{name}.ron")),
            "{name}: names the file: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}");
    }
    let out = info(&dir.path().join("nope.ron"), false);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_arguments_give_status_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_series-builder"))
        .args(["info"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(env!("CARGO_BIN_EXE_series-builder"))
        .args(["info", "x.ron", "--format", "yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
