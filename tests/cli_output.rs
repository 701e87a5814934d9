//! Every subcommand whose standard output is closed early (`| head -1`) ends
//! quietly, with the exit status it would have had (`spec/cli.md`).

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use series_builder::file;
use series_builder::model::*;

/// Runs the program, reads at most one line of its output, then closes the pipe.
fn run_closing_after_one_line(args: &[&str]) -> (ExitStatus, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_series-builder"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    // The reader is dropped here: the rest of the output meets a closed pipe.
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap(), stderr)
}

/// Runs the program with its output closed before it writes anything.
fn run_with_output_closed(args: &[&str]) -> (ExitStatus, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_series-builder"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap(), stderr)
}

/// A series with an entry point and 3,000 unconnected waits: a check report far
/// longer than a pipe's buffer.
fn long_report_series(dir: &Path) -> PathBuf {
    let mut s = Series::new("Many findings");
    let entry = s.allocate_id();
    s.insert_block(entry, Block::new_of_kind(Kind::Rule, Pos::new(0.0, 0.0)))
        .unwrap();
    for i in 0..3000 {
        let id = s.allocate_id();
        s.insert_block(
            id,
            Block::new_of_kind(Kind::Wait, Pos::new(i as f32, 200.0)),
        )
        .unwrap();
    }
    let path = dir.join("many.ron");
    file::save(&path, &s).unwrap();
    path
}

fn onboarding() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("saved_series/onboarding.ron")
        .display()
        .to_string()
}

#[test]
fn check_piped_into_head_keeps_its_status_and_says_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = long_report_series(dir.path());
    let path = path.to_str().unwrap();
    for format in ["text", "json"] {
        let (status, stderr) = run_closing_after_one_line(&["check", path, "--format", format]);
        // The series has errors: 1, as without the pipe, not 101 from a panic.
        assert_eq!(status.code(), Some(1), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
    }
}

#[test]
fn info_import_and_render_with_closed_output_end_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let campaign =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/campaigns/trial-onboarding.json");
    let out = dir.path().join("imported.ron");
    let picture = dir.path().join("picture.svg");
    let cases: Vec<Vec<String>> = vec![
        vec!["info".into(), onboarding()],
        vec![
            "info".into(),
            onboarding(),
            "--format".into(),
            "json".into(),
        ],
        vec![
            "import".into(),
            campaign.display().to_string(),
            "-o".into(),
            out.display().to_string(),
        ],
        vec![
            "render".into(),
            onboarding(),
            "-o".into(),
            picture.display().to_string(),
        ],
    ];
    for args in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (status, stderr) = run_with_output_closed(&args);
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
    // The import and the picture still did their work.
    assert!(file::load(&out).is_ok());
    assert!(picture.exists());
}

#[test]
fn diff_piped_into_head_keeps_its_status_and_says_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // Against no series at all, every block and arrow of the long series is a line.
    let path = long_report_series(dir.path());
    let path = path.to_str().unwrap();
    for format in ["text", "json"] {
        let (status, stderr) =
            run_closing_after_one_line(&["diff", "/dev/null", path, "--format", format]);
        assert_eq!(status.code(), Some(1), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
        let (status, stderr) = run_with_output_closed(&["diff", path, path, "--format", format]);
        assert_eq!(status.code(), Some(0), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
    }
}

#[test]
fn simulate_piped_into_head_ends_quietly() {
    let customers =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/customers/onboarding-four.jsonl");
    let customers = customers.to_str().unwrap();
    for format in ["text", "json"] {
        let series = onboarding();
        let args = [
            "simulate",
            &series,
            "--customers",
            customers,
            "--from",
            "2026-12-01T00:00:00Z",
            "--trace",
            "maya",
            "--format",
            format,
        ];
        let (status, stderr) = run_closing_after_one_line(&args);
        assert_eq!(status.code(), Some(0), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
    }
}
