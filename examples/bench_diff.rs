//! Times the diff of two 10,000-block series (target: ≤ 100 ms in release).
//! `cargo run --release --example bench_diff [BLOCKS [RUNS]]`; prints the median
//! of RUNS runs of: the diff itself, the diff with its list of changes in words,
//! and the whole `diff` command's work (both files read, compared, listed).
//!
//! The new version changes one block in ten (titles, messages, waits, tags,
//! rules), moves one in ten, removes one in a hundred and re-points arrows, so
//! the words are made for about a quarter of the series.

mod common;

use series_builder::diff::diff;
use series_builder::file;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (blocks, runs) = common::blocks_and_runs(10_000, 15)?;
    let old = common::columns_series(blocks)?;
    let new = common::changed(&old)?;
    let dir = std::env::temp_dir().join(format!("bench_diff_{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let (old_path, new_path) = (dir.join("old.ron"), dir.join("new.ron"));
    file::save(&old_path, &old)?;
    file::save(&new_path, &new)?;

    let d = diff(&old, &new);
    let compare = common::median_ms(runs, || {
        std::hint::black_box(diff(&old, &new));
    });
    let listed = common::median_ms(runs, || {
        std::hint::black_box(diff(&old, &new).entries());
    });
    let mut read_error = None;
    let command = common::median_ms(runs, || {
        match (file::load(&old_path), file::load(&new_path)) {
            (Ok(a), Ok(b)) => {
                std::hint::black_box(diff(&a, &b).entries());
            }
            (Err(e), _) | (_, Err(e)) => read_error = Some(e),
        }
    });
    std::fs::remove_dir_all(&dir)?;
    if let Some(e) = read_error {
        return Err(e.into());
    }
    println!(
        "diff blocks={}/{} changes={} moved={} ms: compare={compare:.3} with_words={listed:.3} files_read_and_compared={command:.3}",
        old.len(),
        new.len(),
        d.change_count(),
        d.moved().count(),
    );
    Ok(())
}
