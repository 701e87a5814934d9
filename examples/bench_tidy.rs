//! How long Tidy Up takes on a 1,000- and a 10,000-block series (columns of 40
//! connected blocks), and on one 2,000-block path.
//!
//! `cargo run --release --example bench_tidy`

mod common;

use std::hint::black_box;
use std::time::Instant;

use series_builder::model::*;
use series_builder::tidy;

/// One path of `n` blocks, rule → content → wait → tag → …, in a row.
fn path(n: usize) -> Result<Series, ModelError> {
    let mut s = Series::new("Path");
    let kinds = [Kind::Rule, Kind::Content, Kind::Wait, Kind::Tag];
    let mut previous: Option<(BlockId, Output)> = None;
    for i in 0..n {
        let block = Block::new_of_kind(kinds[i % 4], Pos::new(i as f32 * 30.0, 0.0));
        let output = block.outputs()[0];
        let id = s.allocate_id();
        s.insert_block(id, block)?;
        if let Some((from, out)) = previous {
            s.connect(Connection::new(from, out, id))?;
        }
        previous = Some((id, output));
    }
    Ok(s)
}

fn time(name: &str, series: &Series) {
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            black_box(tidy::tidy(series, None));
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!("tidy {name} blocks={} ms={:.1}", series.len(), times[2]);
}

fn main() -> Result<(), ModelError> {
    for n in [1_000, 10_000] {
        time("columns", &common::columns_series(n)?);
    }
    time("path", &path(2_000)?);
    Ok(())
}
