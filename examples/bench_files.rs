//! Saves and loads a 10,000-block series and prints the times (target: each ≤ 100 ms,
//! release build). `cargo run --release --example bench_files`

use std::time::Instant;

use series_builder::file;
use series_builder::model::*;

/// Paths of rule → content → wait → tag, 40 blocks deep, side by side.
fn large_series(blocks: usize) -> Series {
    let mut s = Series::new("Benchmark");
    let kinds = [Kind::Rule, Kind::Content, Kind::Wait, Kind::Tag];
    let mut previous: Option<(BlockId, Output)> = None;
    for i in 0..blocks {
        let (column, row) = (i / 40, i % 40);
        let kind = kinds[i % 4];
        let mut block =
            Block::new_of_kind(kind, Pos::new(column as f32 * 300.0, row as f32 * 150.0));
        block.title = format!("{} {i}", kind.name());
        if let BlockKind::Content(c) = &mut block.kind {
            c.body = format!("Hello {{{{first_name}}}}, this is message {i}.");
        }
        if let BlockKind::Tag(t) = &mut block.kind {
            t.tag = format!("step-{i}");
        }
        let output = block.outputs()[0];
        let id = s.allocate_id();
        if s.insert_block(id, block).is_err() {
            continue;
        }
        if let Some((from, out)) = previous.filter(|_| row != 0) {
            let _ = s.connect(Connection::new(from, out, id));
        }
        previous = Some((id, output));
    }
    s
}

fn median_ms(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let series = large_series(10_000);
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
