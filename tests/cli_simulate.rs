//! `series-builder simulate` and `sample-customers` as a marketer and CI use them
//! (`spec/simulation.md`): the worked examples, JSON, traces, expectations,
//! samples, and bad customers files refused with the file and line named.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value as Json;
use series_builder::file;
use series_builder::model::{
    Block, BlockId, BlockKind, Connection, Filter, Output as Port, Pos, RuleBlock, RuleTiming,
    Series, TagAction, TagBlock,
};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_series-builder"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn path(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(relative)
        .display()
        .to_string()
}

fn onboarding() -> String {
    path("saved_series/onboarding.ron")
}

fn four() -> String {
    path("tests/customers/onboarding-four.jsonl")
}

const FROM: &str = "2026-12-01T00:00:00Z";

fn simulate(customers: &str, more: &[&str]) -> Output {
    let series = onboarding();
    let mut args = vec![
        "simulate",
        &series,
        "--customers",
        customers,
        "--from",
        FROM,
    ];
    args.extend_from_slice(more);
    run(&args)
}

/// `sample-customers -o FILE --from FROM …`.
fn sample(file: &Path, more: &[&str]) -> Output {
    let file = file.to_str().unwrap();
    let mut args = vec!["sample-customers", "-o", file, "--from", FROM];
    args.extend_from_slice(more);
    run(&args)
}

fn json(out: &Output) -> Json {
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Steps of a trace as "at what block".
fn steps(trace: &Json) -> Vec<String> {
    trace["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {} {}",
                &s["at"].as_str().unwrap()[5..16],
                s["what"].as_str().unwrap(),
                s["block"]
            )
        })
        .collect()
}

#[test]
fn the_worked_example_comes_out_as_written() {
    let out = simulate(
        &four(),
        &[
            "--format", "json", "--trace", "maya", "--trace", "lee", "--trace", "sam", "--trace",
            "kim",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let j = json(&out);
    assert_eq!(j["series"], "Onboarding");
    assert_eq!(j["from"], "2026-12-01T00:00:00Z");
    assert_eq!(j["until"], "2026-12-31T00:00:00Z");
    let totals = &j["totals"];
    assert_eq!(totals["customers"], 4);
    assert_eq!(totals["entered"], 2);
    assert_eq!(totals["finished"], 1);
    assert_eq!(totals["goal_hit"], 1);
    assert_eq!(totals["goal_rate"], 0.5);
    assert_eq!(totals["messages_sent"], 4);
    assert_eq!(totals["messages_by_type"]["email"], 2);
    assert_eq!(totals["messages_by_type"]["chat"], 1);
    assert_eq!(totals["messages_by_type"]["post"], 1);

    let traces = j["traces"].as_array().unwrap();
    let maya = &traces[0];
    assert_eq!(maya["customer"], "maya");
    assert_eq!(maya["stays"][0]["entered_at"], "2026-12-01T10:00:00Z");
    assert_eq!(maya["stays"][0]["ended_at"], "2026-12-04T18:30:00Z");
    assert_eq!(maya["stays"][0]["outcome"], "finished");
    let maya_steps = steps(maya);
    for expected in [
        "12-01T10:00 entered 1",
        "12-01T10:00 sent 2",
        "12-01T11:00 opened 2",
        "12-02T10:00 passed 3",
        "12-02T16:00 sent 4",
        "12-02T17:00 opened 4",
        "12-04T16:00 passed 5",
        "12-04T18:30 sent 6",
        "12-04T18:30 finished 6",
        "12-04T19:30 opened 6",
    ] {
        assert!(
            maya_steps.contains(&expected.to_string()),
            "{expected}: {maya_steps:#?}"
        );
    }
    // Three messages to maya.
    assert_eq!(
        maya_steps.iter().filter(|s| s.contains(" sent ")).count(),
        3
    );

    let lee = &traces[1];
    assert_eq!(lee["stays"][0]["entered_at"], "2026-12-03T23:00:00Z");
    assert_eq!(lee["stays"][0]["ended_at"], "2026-12-05T07:45:00Z");
    assert_eq!(lee["stays"][0]["outcome"], "goal");
    let lee_steps = steps(lee);
    assert!(lee_steps.contains(&"12-03T23:00 sent 2".to_string()));
    // The chat was still trying to send when the goal ended the stay.
    assert!(lee_steps.contains(&"12-04T23:00 arrived 4".to_string()));
    assert_eq!(lee_steps.last().unwrap(), "12-05T07:45 goal null");
    assert_eq!(lee_steps.iter().filter(|s| s.contains(" sent ")).count(), 1);
    // The goal step says why, with the condition's value.
    let goal = lee["steps"].as_array().unwrap().last().unwrap();
    assert!(
        goal["detail"]
            .as_str()
            .unwrap()
            .contains("did created_first_project (done 1 time): yes")
    );

    for never in [&traces[2], &traces[3]] {
        assert_eq!(never["stays"].as_array().unwrap().len(), 0);
        assert_eq!(never["steps"].as_array().unwrap().len(), 0);
    }
}

#[test]
fn json_blocks_and_arrows_carry_the_files_ids_and_the_counters_of_their_kind() {
    let j = json(&simulate(&four(), &["--format", "json"]));
    let blocks = j["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 8);
    let welcome = &blocks[1];
    assert_eq!(welcome["id"], 2);
    assert_eq!(welcome["kind"], "content");
    assert_eq!(welcome["sent"], 2);
    assert_eq!(welcome["arrived"], 2);
    let keys: Vec<&str> = welcome
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "not_sent",
        "timed_out",
        "opened",
        "clicked",
        "replied",
        "completed",
        "dismissed",
        "ended_here",
        "waiting_at_end",
    ] {
        assert!(keys.contains(&key), "{key}");
    }
    assert!(!keys.contains(&"matched") && !keys.contains(&"passed"));
    let wait = &blocks[2];
    assert_eq!(wait["kind"], "wait");
    assert_eq!(wait["passed"], 2);
    assert!(wait.get("sent").is_none());
    let tag = &blocks[7];
    assert_eq!(tag["kind"], "tag");
    assert_eq!(tag["applied"], 0);
    let arrows = j["arrows"].as_array().unwrap();
    assert_eq!(arrows[0]["from"], 1);
    assert_eq!(arrows[0]["output"], "match");
    assert_eq!(arrows[0]["to"], 2);
    assert_eq!(arrows[0]["count"], 2);
    let not_sent = arrows.iter().find(|a| a["output"] == "not_sent").unwrap();
    assert_eq!(not_sent["count"], 0);
    let days = j["sends_per_day"].as_array().unwrap();
    assert_eq!(days.len(), 30);
    assert_eq!(&days[..5], &[1, 1, 1, 1, 0]);
}

#[test]
fn the_text_output_has_totals_then_blocks_then_traces() {
    let out = simulate(&four(), &["--trace", "lee"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let totals = text.find("Entered         2").unwrap();
    let table = text.find("Welcome Email").unwrap();
    let trace = text.find("Trace of lee").unwrap();
    assert!(totals < table && table < trace, "{text}");
    assert!(
        text.contains("Messages sent   4: 1 chat, 1 post, 2 email"),
        "{text}"
    );
    assert!(text.contains("arrived 2, sent 2"), "{text}");
    assert!(
        text.contains("did created_first_project (done 1 time): yes"),
        "{text}"
    );
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_one_thread_or_many() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audience.jsonl");
    let out = sample(&path, &["--count", "3000", "--seed", "5"]);
    let file = path.to_str().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let with = |threads: &str, seed: &str| {
        Command::new(env!("CARGO_BIN_EXE_series-builder"))
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "simulate",
                &onboarding(),
                "--customers",
                file,
                "--from",
                FROM,
            ])
            .args(["--format", "json", "--seed", seed, "--trace", "c0000007"])
            .output()
            .unwrap()
            .stdout
    };
    let one = with("1", "1");
    assert_eq!(one, with("2", "1"));
    assert_eq!(one, with("3", "1"));
    let j: Json = serde_json::from_slice(&one).unwrap();
    assert!(
        j["totals"]["entered"].as_u64().unwrap() > 100,
        "{}",
        j["totals"]
    );
    // Another seed, other opens and clicks.
    let other: Json = serde_json::from_slice(&with("2", "2")).unwrap();
    assert_eq!(other["totals"]["entered"], j["totals"]["entered"]);
    assert_ne!(other["blocks"][1]["opened"], j["blocks"][1]["opened"]);
}

fn customers_file(dir: &Path, name: &str, content: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.display().to_string()
}

/// Refused with status 2, nothing on stdout; stderr names the file and the line.
fn assert_refused(name: &str, content: &[u8], line: &str, says: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = customers_file(dir.path(), name, content);
    for format in ["text", "json"] {
        let out = simulate(&file, &["--format", format]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(out.stdout.is_empty(), "{name}: {}", stdout(&out));
        assert!(err.contains(&format!("{file}: {line}")), "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

#[test]
fn bad_customers_files_are_refused_naming_the_file_the_line_and_the_field() {
    let good = r#"{"id": "a", "attributes": {"type": "user"}}"#;
    assert_refused(
        "syntax.jsonl",
        format!("{good}\n{{\"id\": \"b\" \"tags\": []}}\n").as_bytes(),
        "line 2, column 12",
        "not valid JSON",
    );
    assert_refused(
        "no-id.jsonl",
        format!("{good}\n\n{{\"attributes\": {{\"plan\": \"pro\"}}}}\n").as_bytes(),
        "line 3, id",
        "has no id",
    );
    assert_refused(
        "twice.jsonl",
        format!("{good}\n{good}\n").as_bytes(),
        "line 2, id",
        "already used on line 1",
    );
    assert_refused(
        "date.jsonl",
        br#"{"id": "a", "events": [{"name": "x", "at": "2026-13-01T00:00:00Z"}]}"#,
        "line 1, events[0].at",
        "'2026-13-01T00:00:00Z' is not a date",
    );
    assert_refused(
        "signup.jsonl",
        br#"{"id": "a", "attributes": {"signed_up_at": "last week"}}"#,
        "line 1, attributes.signed_up_at",
        "not a date",
    );
    assert_refused(
        "platform.jsonl",
        br#"{"id": "a", "sessions": [{"at": "2026-12-01T08:00:00Z", "platform": "windows"}]}"#,
        "line 1, sessions[0].platform",
        "'windows' is not a platform",
    );
    assert_refused(
        "no-id.csv",
        b"name,plan\nana,pro\n",
        "line 1",
        "no id column",
    );
    assert_refused(
        "empty-id.csv",
        b"id,plan\nana,pro\n,free\n",
        "line 3, id",
        "has no id",
    );
    let noise: Vec<u8> = (0..4000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert_refused("noise.jsonl", &noise, "line 1", "");
}

#[test]
fn a_file_with_many_problems_lists_twenty_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..50)
        .map(|i| format!("{{\"id\": {i}, \"engages\": \"often\"}}\n"))
        .collect();
    let file = customers_file(dir.path(), "many.jsonl", lines.as_bytes());
    let out = simulate(&file, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(err.matches("is not a way to engage").count(), 20, "{err}");
    assert!(err.contains("and 30 more problems"), "{err}");
}

#[test]
fn bad_options_are_all_told_at_once() {
    let out = run(&[
        "simulate",
        "missing.ron",
        "--customers",
        &four(),
        "--from",
        "yesterday",
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("--from 'yesterday'"), "{err}");
    assert!(err.contains("missing.ron"), "{err}");
    let out = simulate(&four(), &["--days", "400"]);
    assert_eq!(out.status.code(), Some(2));
    let out = simulate(&four(), &["--sample", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("percentage"));
    let out = simulate(&four(), &["--trace", "nobody"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no customer 'nobody'"));
    assert!(out.stdout.is_empty());
    let out = simulate(&path("tests/customers/README.md"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("JSON Lines (.jsonl) or a CSV user export (.csv)"));
}

#[test]
fn a_csv_user_export_is_simulated_like_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "id,type,signed_up_at,email,tags\n\
               maya,user,2026-12-01T09:20:00Z,maya@example.com,\n\
               kim,user,2026-12-02T00:30:00Z,kim@example.com,churned;beta\n\
               sam,lead,2026-12-01T12:00:00Z,,\n";
    let file = customers_file(dir.path(), "users.csv", csv.as_bytes());
    let j = json(&simulate(&file, &["--format", "json", "--trace", "maya"]));
    assert_eq!(j["totals"]["customers"], 3);
    assert_eq!(j["totals"]["entered"], 1);
    // No sessions in a CSV: the chat never finds maya online, and she gets help by email.
    assert_eq!(j["totals"]["messages_by_type"]["email"], 2);
    assert_eq!(
        j["traces"][0]["stays"][0]["entered_at"],
        "2026-12-01T10:00:00Z"
    );
}

#[test]
fn expectations_pass_fail_or_are_refused() {
    let expect = path("saved_series/onboarding-expect.ron");
    let out = simulate(
        &path("saved_series/onboarding-customers.jsonl"),
        &["--expect", &expect],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("Expectations: all 15 hold"),
        "{}",
        stdout(&out)
    );

    let dir = tempfile::tempdir().unwrap();
    let failing = customers_file(
        dir.path(),
        "failing.ron",
        br#"(
            customers: [
                (customer: "maya", receives: [(message: "Welcome Chat", within_hours: 24)], ends: "goal"),
                (customer: "lee", passes: ["Welcome Chat", "Welcome Email"]),
            ],
            series: (goal_rate_at_least: 75, counts: [(block: 2, count: "sent", at_most: 1)]),
        )"#,
    );
    let out = simulate(&four(), &["--expect", &failing]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("Expectations: 5 of 5 failed"), "{text}");
    assert!(text.contains(
        "maya: expected to receive 'Welcome Chat' (4) within 24 hours of entering; it was sent 30 hours after entering (2026-12-02 16:00)"
    ), "{text}");
    assert!(
        text.contains("maya: expected to end goal; ended finished at 2026-12-04 18:30"),
        "{text}"
    );
    assert!(
        text.contains(
            "lee: expected to pass 'Welcome Chat' (4) → 'Welcome Email' (2) in this order"
        ),
        "{text}"
    );
    assert!(
        text.contains("series: expected a goal rate of at least 75 %; 50.0 % (1 of 2 stays)"),
        "{text}"
    );
    assert!(
        text.contains("series: expected 'Welcome Email' (2) sent at most 1; 2"),
        "{text}"
    );
    let j = json(&simulate(
        &four(),
        &["--expect", &failing, "--format", "json"],
    ));
    assert_eq!(j["expectations"]["checked"], 5);
    assert_eq!(j["expectations"]["failed"].as_array().unwrap().len(), 5);

    let wrong = customers_file(
        dir.path(),
        "wrong.ron",
        br#"(customers: [(customer: "maya", passes: ["Welcom Email"], ends: "left")])"#,
    );
    let out = simulate(&four(), &["--expect", &wrong]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("case 'maya', passes: there is no block titled 'Welcom Email'"),
        "{err}"
    );
    assert!(err.contains("'left' is not a way to leave"), "{err}");
    let unknown = customers_file(
        dir.path(),
        "unknown.ron",
        br#"(customers: [(customer: "zoe", enters: false)])"#,
    );
    let out = simulate(&four(), &["--expect", &unknown]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no customer 'zoe'"));
}

#[test]
fn a_sample_scales_the_counts_and_says_how_sure_the_goal_rate_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audience.jsonl");
    sample(&path, &["--count", "4000"]);
    let file = path.to_str().unwrap();
    let whole = json(&simulate(file, &["--format", "json"]));
    let out = simulate(file, &["--format", "json", "--sample", "25"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let part = json(&out);
    assert_eq!(part["totals"]["customers"], 4000);
    let sample = &part["sample"];
    let simulated = sample["simulated"].as_u64().unwrap();
    assert!((850..=1150).contains(&simulated), "{sample}");
    let margin = sample["goal_rate_margin"].as_f64().unwrap();
    assert!(margin > 0.0 && margin < 0.2, "{sample}");
    // The estimate is near the whole file's figure.
    let (est, all) = (
        part["totals"]["entered"].as_f64().unwrap(),
        whole["totals"]["entered"].as_f64().unwrap(),
    );
    assert!((est - all).abs() < all * 0.2, "{est} vs {all}");
    let text = stdout(&simulate(file, &["--sample", "25"]));
    assert!(text.contains("Sample: "), "{text}");
    assert!(text.contains("within ±"), "{text}");
}

#[test]
fn sample_customers_writes_the_same_file_for_the_same_seed_and_keeps_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.jsonl");
    let b = dir.path().join("b.jsonl");
    for p in [&a, &b] {
        let out = sample(p, &["--count", "50", "--seed", "9"]);
        assert_eq!(out.status.code(), Some(0));
        assert!(stdout(&out).contains("Wrote 50 customers"));
    }
    let text = std::fs::read_to_string(&a).unwrap();
    assert_eq!(text, std::fs::read_to_string(&b).unwrap());
    assert_eq!(text.lines().count(), 50);
    assert!(text.contains("\"platform\":\"ios\"") || text.contains("\"platform\":\"android\""));
    assert!(text.contains("created_first_project"));
    // Not over an existing file without --force.
    let out = sample(&a, &["--count", "5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--force"));
    assert_eq!(std::fs::read_to_string(&a).unwrap(), text);
    let out = sample(&a, &["--count", "5", "--force"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&a).unwrap().lines().count(), 5);
}

/// A series file with these blocks (ids 1, 2, …) and arrows.
fn series_file(dir: &Path, kinds: Vec<(&str, BlockKind)>, arrows: &[(u64, Port, u64)]) -> String {
    let mut s = Series::new("Test");
    for (title, kind) in kinds {
        let id = s.allocate_id();
        let block = Block {
            title: title.into(),
            pos: Pos::new(0.0, 0.0),
            kind,
        };
        s.insert_block(id, block).unwrap();
    }
    for (from, output, to) in arrows {
        s.connect(Connection::new(BlockId(*from), *output, BlockId(*to)))
            .unwrap();
    }
    let path = dir.join("series.ron");
    file::save(&path, &s).unwrap();
    path.display().to_string()
}

fn rule_everyone() -> BlockKind {
    BlockKind::Rule(RuleBlock {
        filter: Filter::default(),
        timing: RuleTiming::Once,
        no_match_branch: false,
    })
}

fn tag_block(name: &str) -> BlockKind {
    BlockKind::Tag(TagBlock {
        action: TagAction::Add,
        tag: name.into(),
    })
}

#[test]
fn a_series_with_go_live_errors_is_simulated_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    // A tag without a name is a go-live error.
    let series = series_file(
        dir.path(),
        vec![("Everyone", rule_everyone()), ("", tag_block(""))],
        &[(1, Port::Match, 2)],
    );
    let out = run(&[
        "simulate",
        &series,
        "--customers",
        &four(),
        "--from",
        FROM,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: 'Test' has 2 go-live errors"),
        "{}",
        stderr(&out)
    );
    assert_eq!(json(&out)["totals"]["entered"], 4);
}

#[test]
fn a_loop_without_a_wait_stops_with_the_block_and_the_customer_named() {
    let dir = tempfile::tempdir().unwrap();
    let series = series_file(
        dir.path(),
        vec![
            ("Everyone", rule_everyone()),
            ("Tag a", tag_block("a")),
            ("Tag b", tag_block("b")),
        ],
        &[(1, Port::Match, 2), (2, Port::Next, 3), (3, Port::Next, 2)],
    );
    let out = run(&["simulate", &series, "--customers", &four(), "--from", FROM]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty());
    assert!(err.contains("went round a loop through 'Tag"), "{err}");
    assert!(err.contains("(the customer on line 1 of"), "{err}");
}
