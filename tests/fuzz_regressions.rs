//! Every input that ever made a fuzz target (`fuzz/`) fail, replayed through the
//! same checks (`tests/oracle`) on the stable toolchain. A new failure found by
//! `cargo fuzz` goes into `tests/fuzz/<target>/` once it is fixed.

mod oracle;

use std::path::Path;

/// The inputs kept for a target, by file name.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target);
    let mut found: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no inputs in {}", dir.display());
    found
}

/// Runs each input on a thread of its own, so one failure names its input.
fn replay(target: &str, check: fn(&[u8])) {
    let mut failed = Vec::new();
    for (name, bytes) in inputs(target) {
        let outcome = std::thread::Builder::new()
            .name(name.clone())
            .spawn(move || check(&bytes))
            .unwrap()
            .join();
        if outcome.is_err() {
            failed.push(name);
        }
    }
    assert!(failed.is_empty(), "{target}: {failed:?} failed");
}

#[test]
fn series_file_inputs() {
    replay("series_file", oracle::series_file);
}

#[test]
fn campaign_export_inputs() {
    replay("campaign_export", oracle::campaign_export);
}

#[test]
fn paste_text_inputs() {
    replay("paste_text", |bytes| {
        oracle::paste_text(&String::from_utf8_lossy(bytes))
    });
}

#[test]
fn customers_file_inputs() {
    replay("customers_file", oracle::customers_file);
}
