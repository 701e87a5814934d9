//! `series-builder sample-customers -o FILE.jsonl [--count N] [--seed N]
//! [--from RFC3339] [--days N] [--force]`: a plausible audience to simulate.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::exit;
use super::out::{say, say_error};
use super::simulate::parse_from;
use crate::simulate::sample;

pub fn run(output: &Path, count: u64, seed: u64, from: Option<&str>, days: u32, force: bool) -> u8 {
    let mut bad = Vec::new();
    let from = parse_from(from).map_err(|m| bad.push(m)).ok();
    if output.exists() && !force {
        bad.push(format!(
            "{} already exists: add --force to replace it",
            output.display()
        ));
    }
    let Some(from) = from.filter(|_| bad.is_empty()) else {
        for b in &bad {
            say_error!("series-builder: {b}");
        }
        return exit::BAD_INPUT;
    };
    match write(output, count, seed, from, days) {
        Ok(()) => {
            say!(
                "Wrote {} to {} (seed {seed}, around {} for {})",
                crate::text::count(count as usize, "customer"),
                output.display(),
                from.format("%Y-%m-%d %H:%M UTC"),
                crate::text::count(days as usize, "day")
            );
            exit::DONE
        }
        Err(e) => {
            say_error!("series-builder: {}: {e}", output.display());
            exit::BAD_INPUT
        }
    }
}

/// Into a temporary file beside the target, renamed over it when complete, so
/// that a failure leaves no half-written file.
fn write(
    output: &Path,
    count: u64,
    seed: u64,
    from: DateTime<Utc>,
    days: u32,
) -> std::io::Result<()> {
    let name = crate::text::file_name(output);
    let temp = output.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = File::create(&temp).and_then(|f| {
        let mut out = BufWriter::with_capacity(1 << 20, f);
        sample::write(&mut out, count, seed, from, days)?;
        out.into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
    });
    match result.and_then(|()| std::fs::rename(&temp, output)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}
