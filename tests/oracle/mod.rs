//! What must hold for any input, however broken: the fuzz targets (`fuzz/`) and
//! `tests/fuzz_regressions.rs` run these same checks, the first on inputs the
//! fuzzer makes, the second on every input that ever failed. Each function
//! panics when the program misbehaves: a panic inside the program, a series that
//! does not read back as it was written, a message that is not one short line in
//! words.
#![allow(dead_code)]

use chrono::NaiveDateTime;
use series_builder::check;
use series_builder::clipboard::{Clip, PASTE_OFFSET};
use series_builder::file;
use series_builder::import::import_campaign;
use series_builder::model::Series;

/// The longest message a refusal may give, in characters (titles and values in
/// it are cut to `text::QUOTED_MAX_CHARS`; lists of names are cut too).
const MESSAGE_MAX_CHARS: usize = 1500;

/// Names of our own code that no message may show (unless the input itself holds
/// them, in a title, say).
const INTERNAL: [&str; 13] = [
    "SeriesFile",
    "BlockRecord",
    "VersionPeek",
    "RuleBlock",
    "ContentBlock",
    "BlockKind",
    "CampaignOrigin",
    "MessageOrigin",
    "AttributeTest",
    "ron::",
    "serde",
    "recursion",
    "panicked",
];

/// One message about `input`: one line, short, in words.
pub fn one_line_in_words(message: &str, input: &[u8]) {
    assert!(!message.trim().is_empty(), "an empty message");
    assert_eq!(message.lines().count(), 1, "one line: {message:?}");
    assert!(
        message.chars().count() <= MESSAGE_MAX_CHARS,
        "{} characters: {message:.200}",
        message.chars().count()
    );
    let input = String::from_utf8_lossy(input);
    for name in INTERNAL.iter().filter(|name| !input.contains(*name)) {
        assert!(!message.contains(name), "{name} in: {message}");
    }
}

/// A series that was accepted: it is valid, saves, loads back equal to the same
/// bytes, and the go-live check and the summaries run on it.
pub fn reads_back(series: &Series, input: &[u8]) {
    if let Err(e) = series.validate() {
        panic!("an accepted series is invalid: {e}");
    }
    let text = match file::to_string(series) {
        Ok(text) => text,
        Err(e) => panic!("an accepted series does not save: {e}"),
    };
    let again = match file::from_str(&text) {
        Ok(again) => again,
        Err(e) => panic!("a saved series does not load: {e}\n{text:.2000}"),
    };
    assert_eq!(&again, series, "the series loads back as it was saved");
    assert_eq!(
        file::to_string(&again).ok().as_deref(),
        Some(text.as_str()),
        "saving again gives the same bytes"
    );
    let report = check::check(series, NaiveDateTime::default());
    for finding in &report.findings {
        one_line_in_words(&finding.message, input);
    }
    for id in series.blocks().keys() {
        let _ = series.block_summary(*id);
    }
}

/// A series file: read whole, or refused with one message.
pub fn series_file(bytes: &[u8]) {
    match file::from_bytes(bytes) {
        Ok(series) => reads_back(&series, bytes),
        Err(e) => one_line_in_words(&e.to_string(), bytes),
    }
}

/// A campaign export: imported into a series that reads back, or refused with
/// one message per problem.
pub fn campaign_export(bytes: &[u8]) {
    match import_campaign(bytes) {
        Ok(imported) => {
            reads_back(&imported.series, bytes);
            for hint in &imported.hints {
                one_line_in_words(&hint.message, bytes);
            }
        }
        Err(e) => {
            assert!(!e.problems.is_empty(), "a refusal names a problem");
            for problem in &e.problems {
                one_line_in_words(&problem.to_string(), bytes);
            }
        }
    }
}

/// Clipboard text pasted into the example series: the result reads back, or
/// the paste is refused with one message.
pub fn paste_text(text: &str) {
    let mut series = match file::from_str(include_str!("../../assets/onboarding.ron")) {
        Ok(series) => series,
        Err(e) => panic!("the example loads: {e}"),
    };
    match Clip::read(text) {
        Ok(clip) => {
            let ids = series.allocate_ids(clip.len());
            match clip.paste(&ids, PASTE_OFFSET).apply(&mut series) {
                Ok(_) => reads_back(&series, text.as_bytes()),
                Err(e) => one_line_in_words(&e.to_string(), text.as_bytes()),
            }
        }
        Err(e) => one_line_in_words(&e.to_string(), text.as_bytes()),
    }
}

/// A customers file: its first byte chooses JSON Lines (even) or a CSV user
/// export (odd), the rest is the file. Every line becomes a customer or
/// problems in words; a customer read is the one its fast id says, reads back
/// from the JSON line written for it, and goes through the example series and
/// one with every version-2 block without a panic.
pub fn customers_file(data: &[u8]) {
    use series_builder::simulate::read::{
        CustomersReader, FileKind, OpenError, json_line_both_ways,
    };
    use std::path::Path;

    let Some((kind, bytes)) = data.split_first() else {
        return;
    };
    let (kind, name) = if kind % 2 == 0 {
        (FileKind::JsonLines, "customers.jsonl")
    } else {
        (FileKind::Csv, "customers.csv")
    };
    let input = bytes.to_vec();
    let mut reader =
        match CustomersReader::new(Path::new(name), kind, Box::new(std::io::Cursor::new(input))) {
            Ok(reader) => reader,
            // Each problem is a line of its own where it is shown.
            Err(OpenError::Problems { problems }) => return said_once_each(&problems, bytes),
            Err(e) => return one_line_in_words(&e.to_string(), bytes),
        };
    let parser = reader.parser();
    let series = customers_series();
    loop {
        let batch = match reader.next_batch(64) {
            Ok(batch) if batch.is_empty() => break,
            Ok(batch) => batch,
            Err(e) => return one_line_in_words(&e.to_string(), bytes),
        };
        for raw in &batch {
            match parser.customer(raw) {
                Err(problems) => {
                    assert!(!problems.is_empty(), "a refused line names a problem");
                    for problem in &problems {
                        assert_eq!(problem.line, raw.line, "the problem's line");
                    }
                    said_once_each(&problems, bytes);
                }
                Ok(customer) => {
                    // `--sample` picks customers by the fast id: it must be theirs.
                    if let Some(id) = parser.id(raw) {
                        assert_eq!(id, customer.id, "the fast id is the customer's");
                    }
                    let line = series_builder::simulate::read::to_json_line(&customer);
                    let (fast, careful) = json_line_both_ways(&line);
                    assert_eq!(careful.as_ref(), Ok(&customer), "reads back: {line}");
                    if let Some(fast) = fast {
                        assert_eq!(fast, customer, "the fast reading agrees: {line}");
                    }
                    for s in &series {
                        simulate_one(s, &customer, bytes);
                    }
                }
            }
        }
    }
    // Each JSON line as a whole: the fast reading takes only what the careful
    // one accepts, the same customer.
    if kind == FileKind::JsonLines {
        for text in String::from_utf8_lossy(bytes).lines() {
            if let (Some(fast), careful) = json_line_both_ways(text) {
                assert_eq!(careful, Ok(fast), "the fast reading agrees: {text}");
            }
        }
    }
}

/// Problems of a customers file: each one line in words, none said twice.
fn said_once_each(problems: &[series_builder::simulate::read::Problem], input: &[u8]) {
    let mut said = std::collections::BTreeSet::new();
    for problem in problems {
        let text = problem.to_string();
        one_line_in_words(&text, input);
        assert!(said.insert(text.clone()), "said twice: {text}");
    }
}

/// The example series, and one with a split test, a send window in the
/// customer's time and a wait until a time of day.
fn customers_series() -> Vec<Series> {
    [
        include_str!("../../assets/onboarding.ron"),
        include_str!("../golden/every-variant-0.ron"),
    ]
    .iter()
    .map(|text| match file::from_str(text) {
        Ok(series) => series,
        Err(e) => panic!("a fuzzing series loads: {e}"),
    })
    .collect()
}

fn simulate_one(series: &Series, customer: &series_builder::simulate::Customer, input: &[u8]) {
    use series_builder::simulate::Simulation;
    let from = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap_or_default();
    let sim = Simulation::new(series, from, 30, 7);
    let mut counts = sim.new_counts();
    if let Err(e) = sim.run(customer, &mut counts, true) {
        one_line_in_words(&e.to_string(), input);
    }
}
