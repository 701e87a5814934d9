//! Saves and loads a 10,000-block series and prints the times (target: each ≤ 100 ms,
//! release build). `cargo run --release --example bench_files`

use std::time::Instant;

mod common;

use series_builder::file;

fn median_ms(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let series = common::columns_series(10_000)?;
    let dir = std::env::temp_dir().join(format!("series-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("large.ron");
    let (mut save, mut load) = (Vec::new(), Vec::new());
    for _ in 0..9 {
        let t = Instant::now();
        file::save(&path, &series)?;
        save.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let loaded = file::load(&path)?;
        load.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(loaded.len(), series.len());
    }
    let bytes = std::fs::metadata(&path)?.len();
    println!(
        "files blocks={} bytes={bytes} save_ms={:.1} load_ms={:.1}",
        series.len(),
        median_ms(save),
        median_ms(load)
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
