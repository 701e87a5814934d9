//! Times the simulation of the onboarding series over a generated audience
//! (target for 1,000,000 customers × 30 days, the whole command: ≤ 6 s, ≤ 1.5 GB).
//! `cargo run --release --example bench_simulate [CUSTOMERS]`: writes the
//! customers with the sample generator to a temporary file, then reads and
//! simulates it as `series-builder simulate` does, and prints the figures.
//! Also times one test customer's trace, as the app runs it on every edit.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Utc};
use series_builder::file;
use series_builder::simulate::audience::{self, Control, Options};
use series_builder::simulate::{Simulation, sample};

/// The process's peak resident memory so far, in MB (Linux; 0 elsewhere).
fn peak_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// CPU seconds this process has used so far, all threads (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // After the command name in parentheses: utime and stime are fields 14 and 15.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Fields counted from the state (field 3) at index 0; 100 ticks a second on Linux.
    (ticks(11) + ticks(12)) / 100.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: u64 = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 1_000_000,
    };
    let days = 30;
    let from: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z")?.to_utc();
    let series =
        file::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("saved_series/onboarding.ron"))?;

    let dir = std::env::temp_dir().join(format!("bench_simulate_{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("customers.jsonl");
    let start = Instant::now();
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&path)?);
    sample::write(&mut out, count, 0, from, days)?;
    drop(out);
    let size_mb = std::fs::metadata(&path)?.len() / (1 << 20);
    eprintln!(
        "generated {count} customers ({size_mb} MB) in {:.1} s",
        start.elapsed().as_secs_f64()
    );

    let sim = Simulation::new(&series, from, days, 0);
    let (start, cpu) = (Instant::now(), cpu_seconds());
    let result = audience::run(&sim, &path, &Options::default(), &Control::default());
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let cpu = cpu_seconds() - cpu;
    let _ = std::fs::remove_dir_all(&dir);
    let result = result?;
    println!(
        "simulate customers={} days={days} ms={ms:.0} peak_mb={}",
        result.counts.customers,
        peak_mb()
    );
    // On a machine shared with other work, the CPU time says more than the clock.
    eprintln!(
        "cpu {cpu:.2} s (all threads) on {} threads",
        rayon::current_num_threads()
    );
    eprintln!(
        "entered {}, stays {}, goal hit {}, messages sent {}",
        result.counts.entered,
        result.counts.stays,
        result.counts.goal_hit,
        result.counts.messages_sent()
    );

    // One test customer, as the app's timeline runs it after every edit.
    let customer = sample::customer(42, 0, from, days);
    let runs = 200;
    let start = Instant::now();
    for _ in 0..runs {
        let sim = Simulation::new(&series, from, days, 0);
        std::hint::black_box(sim.trace(&customer)?);
    }
    println!(
        "trace one customer (compile + run) ms={:.3}",
        start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs)
    );
    Ok(())
}
