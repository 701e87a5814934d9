//! How long a picture of a 10,000-block series takes: the SVG (what `render`
//! writes for `.svg`), and a PNG of a 1,000-block series at scale 0.5.
//!
//! `cargo run --release --example bench_render`

mod common;

use std::hint::black_box;
use std::time::Instant;

use series_builder::render::{self, Style};

/// The median of `runs` timings of `f`, in milliseconds.
fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let big = common::columns_series(10_000)?;
    let mut bytes = 0;
    let ms = median_ms(5, || {
        let svg = render::svg(&big, None, Style::default());
        bytes = svg.len();
        black_box(svg);
    });
    println!("render blocks=10000 format=svg ms={ms:.1} bytes={bytes}");

    let small = common::columns_series(1_000)?;
    let style = Style {
        scale: 0.5,
        ..Style::default()
    };
    let svg = render::svg(&small, None, style);
    let mut result = Ok(Vec::new());
    let ms = median_ms(3, || result = render::png(&svg));
    println!(
        "render blocks=1000 format=png scale=0.5 ms={ms:.1} bytes={}",
        result?.len()
    );
    Ok(())
}
