//! How long one frame of the whole window takes (menus, palette, side panel,
//! checklist, canvas, status bar; layout, paint and tessellation), headless at
//! 1920×1080 on a 10,000-block series, with nothing selected (series settings),
//! with one rule block selected (its filter editor), and compared with an
//! earlier version (File → Compare With…: a thousand blocks changed, a hundred
//! removed, marked on the canvas and listed). Median of 41 frames:
//!
//! `cargo run --release --example bench_app`

mod common;

use series_builder::action::Action;
use series_builder::app::{Config, FakeDialogs, Prefs, SeriesApp};
use series_builder::file;
use series_builder::model::BlockId;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let blocks = 10_000;
    let dir = std::env::temp_dir().join(format!("series-bench-app-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let (path, earlier) = (dir.join("large.ron"), dir.join("earlier.ron"));
    let old = common::columns_series(blocks)?;
    file::save(&path, &common::changed(&old)?)?;
    file::save(&earlier, &old)?;
    let mut app = SeriesApp::new(Config {
        dialogs: Box::new(FakeDialogs::default()),
        recovery_folder: None,
        prefs: Prefs::default(),
        open: Some(path),
    });
    let none = common::frame_ms(|ui| app.show(ui));
    println!("app blocks={blocks} selected=none ms_per_frame={none:.3}");
    app.canvas.selection.set_blocks([BlockId(1)]);
    let rule = common::frame_ms(|ui| app.show(ui));
    println!("app blocks={blocks} selected=rule ms_per_frame={rule:.3}");
    app.canvas.selection.clear();
    app.act(Action::ComparePath(earlier));
    let compared = common::frame_ms(|ui| app.show(ui));
    let changes = app.comparison().map_or(0, |c| c.entries().len());
    println!("app blocks={blocks} compare changes={changes} ms_per_frame={compared:.3}");
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
