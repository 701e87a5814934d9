//! `series-builder check SERIES.ron [--format text|json] [--now RFC3339]`: the
//! go-live checks, headless. Exit 0 ready, 1 errors found, 2 bad input.

use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};

use super::out::{say, say_error};
use super::{Format, exit, print_json};
use crate::check::{self, Report};
use crate::file;

pub fn run(path: &Path, format: Format, now: Option<&str>) -> u8 {
    // Report every bad input at once, one message each.
    let now = parse_now(now);
    let series = file::load(path);
    if let Err(message) = &now {
        say_error!("series-builder: {message}");
    }
    match &series {
        // An I/O error already names the file.
        Err(e @ file::FileError::Io { .. }) => say_error!("series-builder: {e}"),
        Err(e) => say_error!("series-builder: {}: {e}", path.display()),
        Ok(_) => {}
    }
    let (Ok(now), Ok(series)) = (now, series) else {
        return exit::BAD_INPUT;
    };
    let report = check::check(&series, now);
    match format {
        Format::Json => print_json(&report_json(&report)),
        Format::Text => {
            for line in report_lines(&report) {
                say!("{line}");
            }
        }
    }
    if report.ready() {
        exit::DONE
    } else {
        exit::NOT_READY
    }
}

/// `--now` as UTC; the current time when absent.
fn parse_now(now: Option<&str>) -> Result<NaiveDateTime, String> {
    match now {
        None => Ok(Utc::now().naive_utc()),
        Some(text) => DateTime::parse_from_rfc3339(text.trim())
            .map(|t| t.with_timezone(&Utc).naive_utc())
            .map_err(|_| {
                format!(
                    "--now '{text}' is not a date and time in RFC 3339 form, like 2026-03-01T09:00:00Z"
                )
            }),
    }
}

/// `{"ready": bool, "findings": [{"code", "severity", "blocks", "message"}]}`.
pub fn report_json(report: &Report) -> serde_json::Value {
    let findings: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "code": f.code,
                "severity": f.severity.label(),
                "blocks": f.blocks.iter().map(|b| b.0).collect::<Vec<u64>>(),
                "message": f.message,
            })
        })
        .collect();
    serde_json::json!({ "ready": report.ready(), "findings": findings })
}

/// The headline, then one line per finding: severity, code, message, in columns.
pub fn report_lines(report: &Report) -> Vec<String> {
    let code_width = report
        .findings
        .iter()
        .map(|f| f.code.len())
        .max()
        .unwrap_or(0);
    let mut lines = vec![report.headline()];
    lines.extend(report.findings.iter().map(|f| {
        format!(
            "{:<8}{:<width$}  {}",
            f.severity.label(),
            f.code,
            // One line already: titles in messages are escaped (`crate::text::shown`).
            f.message,
            width = code_width
        )
    }));
    lines
}
