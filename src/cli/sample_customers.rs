//! `series-builder sample-customers -o FILE.jsonl [--count N] [--seed N]
//! [--from RFC3339] [--days N] [--force]`: a plausible audience to simulate.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::exit;
use super::out::{say, say_error};
use super::simulate::{days, parse_from};
use crate::simulate::sample;

/// What `sample-customers` was asked.
#[derive(Debug, Clone, clap::Args)]
pub struct Request {
    /// The customers file to write (JSON Lines)
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    #[arg(long, default_value_t = sample::DEFAULT_COUNT)]
    pub count: u64,
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// The start of the window their sessions and events fall in (RFC 3339); default: now
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long, default_value_t = crate::simulate::DEFAULT_DAYS, value_parser = days())]
    pub days: u32,
    /// Overwrite the output file if it exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(r: &Request) -> u8 {
    let (output, count, seed, days, force) = (&r.output, r.count, r.seed, r.days, r.force);
    let mut bad = Vec::new();
    let from = parse_from(r.from.as_deref()).map_err(|m| bad.push(m)).ok();
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
