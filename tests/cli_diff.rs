//! `series-builder diff` as reviewers and scripts use it (`spec/diff.md`): the
//! text and the JSON object, exit statuses like diff(1), bad files told as
//! `info` tells them, git's seven- and nine-argument forms.

use std::path::{Path, PathBuf};
use std::process::{Command, Output as ProcessOutput};

use series_builder::file;
use series_builder::model::*;

fn run(args: &[&str]) -> ProcessOutput {
    Command::new(env!("CARGO_BIN_EXE_series-builder"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn onboarding() -> Series {
    file::from_str(include_str!("../saved_series/onboarding.ron")).unwrap()
}

fn save(dir: &Path, name: &str, series: &Series) -> String {
    let path = dir.join(name);
    file::save(&path, series).unwrap();
    path.display().to_string()
}

/// The example, reviewed: a new subject, a longer wait, the chat's "not sent"
/// path now leading to the tag, a new name, and the post moved on the canvas.
fn reviewed() -> Series {
    let mut s = onboarding();
    s.name = "Onboarding 2026".into();
    if let BlockKind::Content(c) = &mut s.block_mut(BlockId(2)).unwrap().kind {
        c.subject = "Welcome to Acme, {{first_name}}".into();
    }
    s.block_mut(BlockId(3)).unwrap().kind = BlockKind::Wait(WaitBlock::For(Span::days(2)));
    s.disconnect(Port {
        block: BlockId(4),
        output: Output::NotSent,
    })
    .unwrap();
    s.connect(Connection::new(BlockId(4), Output::NotSent, BlockId(8)))
        .unwrap();
    s.block_mut(BlockId(6)).unwrap().pos = Pos::new(80.0, 750.0);
    s
}

const REVIEWED_LINES: [&str; 6] = [
    "changed series name 'Onboarding' → 'Onboarding 2026'",
    "changed 'Welcome Email' (block 2): subject 'Welcome to Acme' → 'Welcome to Acme, {{first_name}}'",
    "changed 'Wait' (block 3): Wait 1 day → Wait 2 days",
    "removed arrow 'Welcome Chat' not sent → 'Need a hand?'",
    "added   arrow 'Welcome Chat' not sent → 'Add tag onboarding-help'",
    "moved   'Getting started' (block 6)",
];

/// The output for [`reviewed`]: the header naming what was compared, then its lines.
fn assert_reviewed(stdout: &[u8], compared: &str) {
    let stdout = text(stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!("{compared}: 5 changes; 1 block moved on the canvas")
    );
    assert_eq!(lines[1..], REVIEWED_LINES);
}

#[test]
fn text_names_the_files_then_each_change_and_moves_last() {
    let dir = tempfile::tempdir().unwrap();
    let old = save(dir.path(), "old.ron", &onboarding());
    let new = save(dir.path(), "new.ron", &reviewed());
    let out = run(&["diff", &old, &new]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_reviewed(&out.stdout, &format!("{old} → {new}"));
    assert!(out.stderr.is_empty());
}

#[test]
fn exit_status_is_0_for_no_change_or_moves_only() {
    let dir = tempfile::tempdir().unwrap();
    let old = save(dir.path(), "old.ron", &onboarding());
    let same = save(dir.path(), "same.ron", &onboarding());
    let out = run(&["diff", &old, &same]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), format!("{old} → {same}: no changes\n"));

    let mut moved = onboarding();
    moved.block_mut(BlockId(7)).unwrap().pos = Pos::new(400.0, 600.0);
    let moved = save(dir.path(), "moved.ron", &moved);
    let out = run(&["diff", &old, &moved]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{old} → {moved}: no changes for customers; 1 block moved on the canvas\nmoved   'Need a hand?' (block 7)\n"
        )
    );
}

#[test]
fn json_holds_the_same_changes_with_ids() {
    let dir = tempfile::tempdir().unwrap();
    let old = save(dir.path(), "old.ron", &onboarding());
    let new = save(dir.path(), "new.ron", &reviewed());
    let out = run(&["diff", &old, &new, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["old"], old.as_str());
    assert_eq!(json["new"], new.as_str());
    assert_eq!(json["differs"], true);
    assert_eq!(
        json["series"],
        serde_json::json!([{
            "field": "name",
            "old": "'Onboarding'",
            "new": "'Onboarding 2026'",
            "words": "series name 'Onboarding' → 'Onboarding 2026'",
        }])
    );
    let blocks = json["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0]["id"], 2);
    assert_eq!(blocks[0]["change"], "changed");
    assert_eq!(blocks[0]["name"], "'Welcome Email'");
    assert_eq!(blocks[0]["fields"][0]["field"], "subject");
    assert_eq!(blocks[0]["fields"][0]["old"], "'Welcome to Acme'");
    assert_eq!(blocks[1]["id"], 3);
    assert_eq!(blocks[1]["fields"][0]["field"], "wait");
    assert_eq!(
        blocks[1]["words"],
        serde_json::json!(["'Wait' (block 3): Wait 1 day → Wait 2 days"])
    );
    assert_eq!(
        json["arrows"],
        serde_json::json!([
            {"change": "removed", "from": 4, "output": "not sent", "to": 7,
             "words": "arrow 'Welcome Chat' not sent → 'Need a hand?'"},
            {"change": "added", "from": 4, "output": "not sent", "to": 8,
             "words": "arrow 'Welcome Chat' not sent → 'Add tag onboarding-help'"},
        ])
    );
    assert_eq!(
        json["moved"],
        serde_json::json!([{
            "id": 6, "change": "moved", "name": "'Getting started'",
            "from": [0.0, 750.0], "to": [80.0, 750.0],
            "words": ["'Getting started' (block 6)"],
        }])
    );
}

#[test]
fn added_and_removed_blocks_say_what_they_are_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let mut smaller = onboarding();
    smaller.remove_block(BlockId(7)).unwrap();
    let old = save(dir.path(), "old.ron", &onboarding());
    let new = save(dir.path(), "new.ron", &smaller);
    let out = run(&["diff", &old, &new, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["blocks"][0]["id"], 7);
    assert_eq!(json["blocks"][0]["change"], "removed");
    assert_eq!(json["blocks"][0]["what"], "Email message");
    assert_eq!(json["arrows"].as_array().unwrap().len(), 2);
}

#[test]
fn a_missing_side_is_an_empty_series() {
    let dir = tempfile::tempdir().unwrap();
    let new = save(dir.path(), "new.ron", &onboarding());
    let out = run(&["diff", "/dev/null", &new]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    // Everything is added; the name is not told as changed.
    assert!(stdout.starts_with(&format!("/dev/null → {new}: 17 changes\n")));
    assert_eq!(stdout.matches("\nadded   ").count(), 15, "{stdout}");
    assert!(!stdout.contains("series name"));
    assert!(stdout.contains(
        "changed goal none → 'did created_first_project within 14 days', customers who hit it leave"
    ));
    let out = run(&["diff", &new, "/dev/null"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout).matches("\nremoved ").count(), 15);
    let out = run(&["diff", "/dev/null", "/dev/null"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn bad_files_are_told_as_info_tells_them_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let good = save(dir.path(), "good.ron", &onboarding());
    let text_of = std::fs::read_to_string(&good).unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, text_of.replacen("(7, Sent, 8)", "(7, Sent, 80)", 1)).unwrap();
    let newer = dir.path().join("newer.ron");
    std::fs::write(
        &newer,
        text_of.replacen(
            &format!("format_version: {},", series_builder::file::FORMAT_VERSION),
            "format_version: 9,",
            1,
        ),
    )
    .unwrap();
    let (bad, newer) = (bad.display().to_string(), newer.display().to_string());
    for (old, new, broken) in [(&bad, &good, &bad), (&good, &newer, &newer)] {
        let out = run(&["diff", old, new]);
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        let info = run(&["info", broken]);
        assert_eq!(text(&out.stderr), text(&info.stderr));
    }
    // A problem in each file: both are told.
    let out = run(&["diff", &bad, &newer]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(stderr.contains("block 80 is not in the file"), "{stderr}");
    assert!(stderr.contains("format version 9"), "{stderr}");
    // A file that is not there is bad input, not an empty series.
    let nowhere = dir.path().join("nowhere.ron").display().to_string();
    let out = run(&["diff", &good, &nowhere]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!("series-builder: {nowhere}: ")),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);
}

#[test]
fn bad_arguments_give_status_2() {
    let out = run(&["diff", "a.ron"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["diff", "a.ron", "b.ron", "c.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("it was given 3"));
    let out = run(&["diff", "a.ron", "b.ron", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn seven_arguments_are_git_s_and_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let old = save(dir.path(), "tmp-old.ron", &onboarding());
    let new = save(dir.path(), "tmp-new.ron", &reviewed());
    let hex = "0123456789abcdef0123456789abcdef01234567";
    let path = "series/onboarding.ron";
    let out = run(&["diff", path, &old, hex, "100644", &new, hex, "100644"]);
    assert_eq!(out.status.code(), Some(1));
    assert_reviewed(&out.stdout, "series/onboarding.ron");

    let json = run(&[
        "diff", "--format", "json", path, &old, hex, "100644", &new, hex, "100644",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["old"], path);
    assert_eq!(json["new"], path);

    // A new file: git passes /dev/null for the old side.
    let out = run(&["diff", path, "/dev/null", ".", ".", &new, hex, "100644"]);
    assert!(text(&out.stdout).starts_with("series/onboarding.ron (new file): "));
    // A rename adds the new path and a line about the similarity.
    let out = run(&[
        "diff",
        path,
        &old,
        hex,
        "100644",
        &new,
        hex,
        "100644",
        "series/welcome.ron",
        "similarity index 90%\nrename from series/onboarding.ron\n",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout)
            .starts_with("series/onboarding.ron → series/welcome.ron (renamed): 5 changes")
    );
    // A broken old version is named by its path in the repository.
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(format_version: 1, name: ").unwrap();
    let out = run(&[
        "diff",
        path,
        broken.to_str().unwrap(),
        hex,
        "100644",
        &new,
        hex,
        "100644",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .starts_with("series-builder: series/onboarding.ron (old version): line 1"),
        "{}",
        text(&out.stderr)
    );
}

/// A git repository in a temporary folder, cut off from the user's git config.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git_ok(&["init", "-q", "."]);
        std::fs::write(repo.path().join(".gitattributes"), "*.ron diff=series\n").unwrap();
        std::fs::create_dir(repo.path().join("series")).unwrap();
        repo.save("series/onboarding.ron", &onboarding());
        repo.git_ok(&["add", "."]);
        repo.git_ok(&["commit", "-q", "-m", "The example"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn save(&self, name: &str, series: &Series) {
        file::save(&self.path().join(name), series).unwrap();
    }

    /// Git in this repository, with no config but the repository's own.
    fn command(&self) -> Command {
        let mut git = Command::new("git");
        git.args(["-c", "user.name=Reviewer", "-c", "user.email=r@example.com"])
            .current_dir(self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("HOME", self.path())
            .env_remove("GIT_EXTERNAL_DIFF");
        git
    }

    fn git(&self, args: &[&str]) -> ProcessOutput {
        self.command()
            .args(args)
            .output()
            .expect("git must be installed to run this test")
    }

    fn git_ok(&self, args: &[&str]) -> String {
        let out = self.git(args);
        assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    }

    /// `git config`, as README.md shows it.
    fn config(&self, key: &str, value: &str) {
        self.git_ok(&["config", key, value]);
    }
}

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_series-builder"))
}

/// The version of git on this machine, as (major, minor).
fn git_version() -> (u32, u32) {
    let out = Command::new("git").arg("--version").output().unwrap();
    let words = text(&out.stdout);
    let number = words.split_whitespace().nth(2).unwrap_or_default();
    let mut parts = number.split('.').map(|p| p.parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[test]
fn git_diff_with_the_series_driver_tells_changes_in_words() {
    let repo = Repo::new();
    // The README's set-up for git before 2.46, which stops at any non-zero status.
    let wrapped = format!(
        "sh -c '\"{}\" diff \"$@\" || [ $? = 1 ]' series-builder-diff",
        binary().display()
    );
    repo.config("diff.series.command", &wrapped);
    repo.save("series/onboarding.ron", &reviewed());
    let out = repo.git(&["diff", "--ext-diff"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_reviewed(&out.stdout, "series/onboarding.ron");

    // A new series, staged: everything added, under its path.
    repo.save("series/trial.ron", &onboarding());
    repo.git_ok(&["add", "series/trial.ron"]);
    let staged = repo.git_ok(&["diff", "--cached", "--ext-diff"]);
    assert!(
        staged.starts_with("series/trial.ron (new file): 17 changes\n"),
        "{staged}"
    );
}

#[test]
fn git_trusts_the_exit_status_so_moves_alone_are_no_difference() {
    if git_version() < (2, 46) {
        // trustExitCode came with git 2.46; the test above covers older ones.
        return;
    }
    let repo = Repo::new();
    repo.config(
        "diff.series.command",
        &format!("\"{}\" diff", binary().display()),
    );
    repo.config("diff.series.trustExitCode", "true");
    let mut moved = onboarding();
    moved.block_mut(BlockId(8)).unwrap().pos = Pos::new(500.0, 750.0);
    repo.save("series/onboarding.ron", &moved);
    let out = repo.git(&["diff", "--ext-diff", "--exit-code"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "series/onboarding.ron: no changes for customers; 1 block moved on the canvas\nmoved   'Add tag onboarding-help' (block 8)\n"
    );
    // Git itself sees a changed file.
    assert_eq!(
        repo.git(&["diff", "--exit-code", "--stat"]).status.code(),
        Some(1)
    );

    repo.save("series/onboarding.ron", &reviewed());
    let out = repo.git(&["diff", "--ext-diff", "--exit-code"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("'Wait' (block 3): Wait 1 day → Wait 2 days"));

    // The same through GIT_EXTERNAL_DIFF, for a one-off look (a driver's
    // command would win over it).
    repo.git_ok(&["config", "--remove-section", "diff.series"]);
    let out = repo
        .command()
        .args(["diff", "--exit-code"])
        .env(
            "GIT_EXTERNAL_DIFF",
            format!("\"{}\" diff", binary().display()),
        )
        .env("GIT_EXTERNAL_DIFF_TRUST_EXIT_CODE", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("series/onboarding.ron: 5 changes"));
}
