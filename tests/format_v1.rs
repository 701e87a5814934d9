//! Version-1 files (`tests/v1/`: the example as it was, and the golden files of
//! version 1 with every old kind and field) load unchanged in meaning, and are
//! saved as version 2.

use std::path::Path;

use chrono::NaiveDate;
use series_builder::model::*;
use series_builder::{check, file};

fn v1(name: &str) -> (String, Series) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/v1")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("format_version: 1,"),
        "{name} is a version-1 file"
    );
    let series = file::from_str(&text).unwrap();
    (text, series)
}

fn now() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

#[test]
fn the_example_of_version_1_is_the_example_of_version_2() {
    let (_, old) = v1("onboarding.ron");
    let current =
        file::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("saved_series/onboarding.ron"))
            .unwrap();
    assert_eq!(old, current);
    assert_eq!(old.settings.time_zone, "UTC");
}

#[test]
fn version_1_files_save_as_version_2_and_mean_the_same() {
    for name in [
        "onboarding.ron",
        "every-variant-0.ron",
        "every-variant-1.ron",
        "every-variant-2.ron",
        "every-variant-3.ron",
    ] {
        let (text, old) = v1(name);
        // Nothing version 2 adds: no send windows, a UTC clock.
        assert_eq!(old.settings.time_zone, "UTC", "{name}");
        for block in old.blocks().values() {
            if let BlockKind::Content(c) = &block.kind {
                assert_eq!(c.send_window, None, "{name}");
            }
        }
        let saved = file::to_string(&old).unwrap();
        assert!(saved.contains("format_version: 2,"), "{name}");
        assert_ne!(saved, text);
        let again = file::from_str(&saved).unwrap();
        assert_eq!(again, old, "{name} reads back the same");
        assert_eq!(
            check::check(&again, now()),
            check::check(&old, now()),
            "{name}: the same findings"
        );
        // Every block says the same on its card.
        for id in old.blocks().keys() {
            assert_eq!(again.block_summary(*id), old.block_summary(*id), "{name}");
        }
    }
}

/// The example as a version-1 file gives the worked simulation: every
/// expectation written for it holds (`saved_series/onboarding-expect.ron`).
#[test]
fn the_version_1_example_simulates_as_the_worked_example_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let arg = |relative: &str| root.join(relative).display().to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_series-builder"))
        .args([
            "simulate",
            &arg("tests/v1/onboarding.ron"),
            "--customers",
            &arg("saved_series/onboarding-customers.jsonl"),
            "--from",
            "2026-12-01T00:00:00Z",
            "--expect",
            &arg("saved_series/onboarding-expect.ron"),
        ])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("Expectations: all 15 hold"), "{said}");
}
