//! How long one frame of the whole window takes (menus, palette, side panel,
//! checklist, canvas, status bar; layout, paint and tessellation), headless at
//! 1920×1080 on a 10,000-block series, with nothing selected (series settings),
//! with one rule block selected (its filter editor), and compared with an
//! earlier version (File → Compare With…: a thousand blocks changed, a hundred
//! removed, marked on the canvas and listed), and with a simulated audience's
//! figures on the cards and arrows (Preview → Audience, 2,000 sample
//! customers), the whole series in view and at 100 %. Median of 41 frames:
//!
//! `cargo run --release --example bench_app`

mod common;

use std::time::{Duration, Instant};

use series_builder::action::Action;
use series_builder::app::{Config, FakeDialogs, Prefs, SeriesApp};
use series_builder::canvas::ViewRequest;
use series_builder::file;
use series_builder::model::BlockId;
use series_builder::panels::preview::PreviewTab;

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
    app.act(Action::EndComparison);

    app.preview.open = true;
    app.preview.tab = PreviewTab::Audience;
    app.audience.form.count = 2_000;
    app.act(Action::Simulate);
    let ctx = egui::Context::default();
    let started = Instant::now();
    loop {
        let _ = ctx.run_ui(egui::RawInput::default(), |ui| app.show(ui));
        if !app.audience.is_running() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let simulated = started.elapsed().as_secs_f64();
    let cards = app.audience.figures().cards.len();
    println!(
        "app blocks={blocks} audience customers=2000 simulated_s={simulated:.2} cards_with_figures={cards}"
    );
    app.act(Action::View(ViewRequest::Fit));
    let fit = common::frame_ms(|ui| app.show(ui));
    println!("app blocks={blocks} figures view=fit ms_per_frame={fit:.3}");
    app.act(Action::View(ViewRequest::ZoomTo100));
    let near = common::frame_ms(|ui| app.show(ui));
    println!("app blocks={blocks} figures view=100% ms_per_frame={near:.3}");
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
