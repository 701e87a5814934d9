//! Series files: round trips, deterministic bytes, refusals with clear messages, atomic saves.

mod oracle;
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

/// How the example file starts its version line.
fn current_version() -> String {
    format!("format_version: {},", file::FORMAT_VERSION)
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
        &current_version(),
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
        .replacen(&current_version(), "format_version: 0,", 1)
        .replacen("  next_id: 9,\n", "", 1);
    assert!(text.contains("format_version: 0,") && !text.contains("next_id"));
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
            "name": "Onboarding", "status": "draft", "format_version": 2,
            "blocks": {"rule": 1, "content": 4, "wait": 2, "tag": 1, "split": 0},
            "notes": 0, "connections": 7, "entry_points": 1
        })
    );
    let out = info(&path, false);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("8 (1 rule, 4 content, 2 wait, 1 tag, 0 split)"),
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
            good.replacen(
                &current_version(),
                &format!("format_version: {},", file::FORMAT_VERSION + 1),
                1,
            )
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

#[test]
fn a_byte_order_mark_at_the_start_is_skipped() {
    let with_mark = format!("\u{feff}{}", onboarding_text());
    let series = file::from_bytes(with_mark.as_bytes()).unwrap();
    assert_eq!(file::to_string(&series).unwrap(), onboarding_text());
}

#[test]
fn a_ten_megabyte_title_gives_a_short_message_on_one_line() {
    let huge = format!("Welcome\n{}", "x".repeat(10_000_000));
    let text = onboarding_text()
        .replacen("title: \"New users\"", &format!("title: {huge:?}"), 1)
        .replacen("id: 2,", "id: 1,", 1);
    let message = load_err(&text);
    assert!(message.len() < 300, "{} bytes", message.len());
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("'Welcome\\nxxx"), "{message}");
}

#[test]
fn reading_errors_say_what_is_wrong_in_words() {
    let good = onboarding_text();
    let cases: Vec<(String, &str)> = vec![
        (
            good.replacen("      kind: Tag((", "      kinds: Tag((", 1),
            // An unknown field is passed over (files from newer versions); the missing one is not.
            "a block needs a 'kind'",
        ),
        (
            good.replacen("      pos: (0.0, 0.0),\n", "", 1),
            "a block needs a 'pos'",
        ),
        (
            good.replacen("kind: Rule((", "kind: Rul((", 1),
            "'Rul' is not a kind of block: use one of 'Rule', 'Content', 'Wait', 'Tag'",
        ),
        (
            good.replacen("pos: (0.0, 150.0)", "pos: \"top left\"", 1),
            "line 36, column 11: expected '('",
        ),
        (
            good.replacen("id: 2,", "id: -2,", 1),
            "line 34, column 12: this number is out of range for its field",
        ),
        (
            good.replacen("unit: Days,", "unit: Fortnights,", 1),
            "'Fortnights' is not a unit of time",
        ),
        (
            good.replacen(
                "  name: \"Onboarding\",",
                "  name: \"Onboarding\",\n  name: \"Again\",",
                1,
            ),
            "the series has 'name' twice",
        ),
        (
            "(name: \"all about format_version\", blocks: [])".to_string(),
            "the series needs a 'format_version'",
        ),
        (
            good.replacen("went_live_at: None", "went_live_at: Some(\"yesterday\")", 1),
            "line 5",
        ),
    ];
    for (text, words) in cases {
        let message = load_err(&text);
        assert!(message.contains(words), "{words}: {message}");
        assert!(message.starts_with("line "), "{message}");
        oracle::one_line_in_words(&message, text.as_bytes());
    }
}

/// The example with its first rule's filter nested `depth` groups deep, as text
/// (the writer refuses what is too deep to read back).
fn nested_text(depth: usize) -> String {
    let filter = format!(
        "filter: {}Condition(Tag(tag: \"x\", op: Has)){},",
        "All([".repeat(depth),
        "])".repeat(depth)
    );
    let text = onboarding_text();
    let start = text.find("filter: All([").unwrap();
    let end = start + text[start..].find("timing: Once").unwrap();
    format!("{}{filter}\n        {}", &text[..start], &text[end..])
}

/// The example with its first rule's filter replaced by `filter`.
fn with_entry_filter(filter: &Filter) -> Series {
    let mut series = file::from_str(&onboarding_text()).unwrap();
    let mut block = series.block(BlockId(1)).unwrap().clone();
    if let BlockKind::Rule(rule) = &mut block.kind {
        rule.filter = filter.clone();
    }
    series.remove_block(BlockId(1)).unwrap();
    series.insert_block(BlockId(1), block).unwrap();
    series
}

#[test]
fn filters_nested_past_the_limit_are_refused_naming_the_block() {
    let deepest = support::nested(Filter::type_is_user(), MAX_FILTER_DEPTH);
    let series = with_entry_filter(&deepest);
    let text = file::to_string(&series).unwrap();
    assert_eq!(
        file::from_str(&text).unwrap(),
        series,
        "the deepest allowed loads"
    );

    let too_deep = support::nested(Filter::type_is_user(), MAX_FILTER_DEPTH + 1);
    let message = load_err(&file::to_string(&with_entry_filter(&too_deep)).unwrap());
    assert_eq!(
        message,
        format!(
            "block 1 ('New users'): the filter has groups nested {} deep; at most \
             {MAX_FILTER_DEPTH} may sit inside one another: flatten it",
            MAX_FILTER_DEPTH + 1
        )
    );
    // So deep the reader stops first: still a message about nesting, with its place.
    assert_eq!(
        load_err(&nested_text(MAX_FILTER_DEPTH + 1)),
        message,
        "written by hand, the same"
    );
    let message = load_err(&nested_text(40));
    assert!(message.starts_with("line "), "{message}");
    assert!(message.contains("filters nest too deeply"), "{message}");
}

#[test]
fn deep_filters_are_read_far_from_the_stacks_limit() {
    // A thread with a quarter of the stack std gives new threads, in a debug build.
    let deepest = support::nested(Filter::type_is_user(), MAX_FILTER_DEPTH);
    let mut series = with_entry_filter(&deepest);
    series.settings.exit_rules = deepest.clone();
    if let Some(goal) = &mut series.settings.goal {
        goal.rules = deepest.clone();
    }
    let text = file::to_string(&series).unwrap();
    let beyond = nested_text(1000);
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || {
            let loaded = file::from_str(&text).unwrap();
            assert_eq!(loaded, series);
            let report = series_builder::check::check(&loaded, chrono::NaiveDateTime::default());
            assert!(!report.findings.is_empty());
            assert!(file::from_str(&beyond).is_err());
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn series_no_one_could_mean_are_refused_naming_where() {
    let good = onboarding_text();
    let cases: Vec<(String, &str)> = vec![
        (
            good.replacen("pos: (0.0, 150.0)", "pos: (NaN, 150.0)", 1),
            "block 2 ('Welcome Email'): its place on the canvas is not a number",
        ),
        (
            good.replacen("pos: (0.0, 150.0)", "pos: (0.0, inf)", 1),
            "block 2 ('Welcome Email'): its place on the canvas (0, inf) is too far out",
        ),
        (
            good.replacen("pos: (0.0, 150.0)", "pos: (0.0, 3e9)", 1),
            "block 2 ('Welcome Email'): its place on the canvas (0, 3000000000) is too far out",
        ),
        (
            good.replacen("amount: 1,\n        unit: Days", "amount: 4000,\n        unit: Days", 1),
            "block 3 ('Wait'): the wait is 4000 days, longer than 3650 days",
        ),
        (
            good.replacen("amount: 3,\n          unit: Days", "amount: 600,\n          unit: Weeks", 1),
            "block 2 ('Welcome Email'): the time it tries to send is 600 weeks",
        ),
        (
            good.replacen("within_days: Some(14)", "within_days: Some(36500)", 1),
            "the goal: the goal counts within 36500 days",
        ),
        (
            good.replacen("disengagement: Never", "disengagement: AfterDays(0)", 1),
            "disengagement: customers would leave after 0 days",
        ),
        (
            good.replacen("status: Draft", "status: Live", 1),
            "the series is live but does not say when it went live",
        ),
        (
            good.replacen("went_live_at: None", "went_live_at: Some(\"2026-01-01T09:00:00Z\")", 1),
            "the series is a draft but says it went live",
        ),
        (
            good.replacen("id: 8,", "id: 9007199254740993,", 1)
                .replacen("(7, Sent, 8)", "(7, Sent, 9007199254740993)", 1),
            "block 9007199254740993 has an id larger than",
        ),
        (
            good.replacen("days: 1,", "days: 1,\n            ),\n          )),\n          Condition(Attribute(\n            attribute: \"score\",\n            test: Number(\n              op: Is,\n              value: NaN,", 1),
            "block 1 ('New users'): the condition on 'score' compares with a value that is not a number",
        ),
    ];
    for (text, words) in cases {
        assert_ne!(text, good, "{words}: the example has what the case changes");
        let message = load_err(&text);
        assert!(message.starts_with(words), "{words}:\n{message}");
    }
}

fn origin(messages: &[(&str, u64, u64)]) -> CampaignOrigin {
    CampaignOrigin {
        campaign_id: "c".into(),
        campaign_name: "Campaign".into(),
        campaign_state: CampaignState::Draft,
        messages: messages
            .iter()
            .map(|(id, rule, content)| MessageOrigin {
                message_id: (*id).into(),
                title: format!("Message {id}"),
                rule_block: BlockId(*rule),
                content_block: BlockId(*content),
                stats: Default::default(),
            })
            .collect(),
        go_live_choice: GoLiveChoice::Undecided,
    }
}

#[test]
fn campaign_history_names_only_blocks_the_series_had_and_each_message_once() {
    let mut series = file::from_str(&onboarding_text()).unwrap();
    // Block 8 is there; a deleted block (ids below next_id) is history.
    series.origin = Some(origin(&[("a", 1, 2), ("b", 7, 8)]));
    series.remove_block(BlockId(8)).unwrap();
    let text = file::to_string(&series).unwrap();
    assert_eq!(file::from_str(&text).unwrap(), series);

    series.origin = Some(origin(&[("a", 1, 2), ("b", 7, 40)]));
    let message = load_err(&file::to_string(&series).unwrap());
    assert_eq!(
        message,
        "the campaign history puts the message 'Message b' in block 40, but the series \
         never had a block 40 (ids go up to 8)"
    );
    series.origin = Some(origin(&[("a", 1, 2), ("a", 3, 4)]));
    let message = load_err(&file::to_string(&series).unwrap());
    assert_eq!(message, "the campaign history lists the message 'a' twice");
}

#[test]
fn a_save_removes_what_stopped_saves_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("series.ron");
    let series = file::from_str(&onboarding_text()).unwrap();
    // A save stopped before its rename: the program was killed, nothing dropped.
    let stopped = PendingSave::write(&path, b"half").unwrap();
    let left = stopped.temp_path().to_path_buf();
    std::mem::forget(stopped);
    // Another process's, and one of the earlier name form.
    let other = dir.path().join(".series.ron.4194304-0.tmp");
    let older = dir.path().join(".series.ron.31337.tmp");
    let unrelated = [
        dir.path().join(".other.ron.31337.tmp"),
        dir.path().join(".series.ron.notes.tmp"),
        dir.path().join("series.ron.bak"),
    ];
    for p in [&other, &older].into_iter().chain(&unrelated) {
        std::fs::write(p, "x").unwrap();
    }
    assert!(left.exists());
    file::save(&path, &series).unwrap();
    for p in [&left, &other, &older] {
        assert!(!p.exists(), "{} is left behind", p.display());
    }
    for p in &unrelated {
        assert!(p.exists(), "{} was not a leftover", p.display());
    }
    assert_eq!(file::load(&path).unwrap(), series);
}

#[test]
fn names_up_to_the_file_systems_limit_save() {
    let dir = tempfile::tempdir().unwrap();
    let series = file::from_str(&onboarding_text()).unwrap();
    for len in [240, 246, 250, 255] {
        let name = format!("{}.ron", "s".repeat(len - 4));
        let path = dir.path().join(&name);
        file::save(&path, &series).unwrap_or_else(|e| panic!("{len} bytes: {e}"));
        assert_eq!(file::load(&path).unwrap(), series);
        // A second save finds the first one's name form too.
        file::save(&path, &series).unwrap();
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 4, "only the saved files: {names:?}");
}
