//! How long a test customer's timeline takes to follow an edit (Preview
//! panel, Test customer tab open on maya of the worked example): an edit is
//! carried out at the end of one frame, and the next frame works the timeline
//! out again and draws it. Printed: that whole next frame of the window
//! (1920×1080, layout, paint and tessellation), and the timeline's own work
//! in it (simulating the customer, the rows, the lit path). On the onboarding
//! example, and for scale on a 10,000-block series, where a frame with the
//! path lit is also timed. Medians of 41 edits:
//!
//! `cargo run --release --example bench_preview`

mod common;

use std::hint::black_box;
use std::time::Instant;

use chrono::{NaiveDate, NaiveTime};
use egui::{Pos2, RawInput, Rect, vec2};
use series_builder::app::timeline::Timeline;
use series_builder::app::{Config, FakeDialogs, Prefs, SeriesApp};
use series_builder::edit::Edit;
use series_builder::file;
use series_builder::model::*;
use series_builder::simulate::test_customer::Window;

const EDITS: usize = 41;

fn at(day: i32, h: u32, m: u32) -> DayTime {
    DayTime {
        day,
        at: NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN),
    }
}

/// Maya of `shared/examples/customers/README.md`.
fn maya() -> TestCustomer {
    let visit = |when, minutes| TestSession {
        when,
        minutes,
        platform: Platform::Web,
    };
    TestCustomer {
        signs_up: Some(at(1, 9, 20)),
        online: Online::Sessions(vec![visit(at(2, 16, 0), 45), visit(at(4, 18, 30), 10)]),
        engages: Engages::Always,
        ..TestCustomer::new("maya")
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("series-bench-preview-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let onboarding = file::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/saved_series/onboarding.ron"
    )))?;
    measure("series=onboarding", onboarding, &dir)?;
    let large = common::columns_series(10_000)?;
    measure("blocks=10000", large, &dir)?;
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

fn measure(
    name: &str,
    mut series: Series,
    dir: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error>> {
    series.test_customers = Some(TestCustomers {
        customers: vec![maya()],
        ..TestCustomers::new(NaiveDate::from_ymd_opt(2026, 12, 1).ok_or("a date")?)
    });
    let path = dir.join("preview.ron");
    file::save(&path, &series)?;
    // An edit that changes what happens to her, and its opposite: a wait of 1
    // or 2 days (in the large series, the first wait it has).
    let wait = series
        .blocks()
        .iter()
        .find(|(_, b)| matches!(b.kind, BlockKind::Wait(WaitBlock::For(_))))
        .map(|(id, b)| (*id, b.clone()))
        .ok_or("a wait")?;
    let edits = [1, 2].map(|days| {
        let mut block = wait.1.clone();
        block.kind = BlockKind::Wait(WaitBlock::For(Span::days(days)));
        Edit::Replace { id: wait.0, block }
    });

    let mut app = SeriesApp::new(Config {
        dialogs: Box::new(FakeDialogs::default()),
        recovery_folder: None,
        prefs: Prefs::default(),
        open: Some(path),
    });
    app.preview.open = true;
    let ctx = egui::Context::default();
    let screen = Rect::from_min_size(Pos2::ZERO, vec2(1920.0, 1080.0));
    let frame = |app: &mut SeriesApp| {
        let input = RawInput {
            screen_rect: Some(screen),
            ..Default::default()
        };
        let start = Instant::now();
        let mut output = ctx.run_ui(input, |ui| app.show(ui));
        let shapes = std::mem::take(&mut output.shapes);
        black_box(ctx.tessellate(shapes, output.pixels_per_point));
        output.textures_delta.clear();
        start.elapsed().as_secs_f64() * 1000.0
    };
    for _ in 0..10 {
        frame(&mut app);
    }
    let mut next_frames = Vec::new();
    for i in 0..EDITS {
        app.edit(edits[i % 2].clone(), None);
        frame(&mut app);
        next_frames.push(frame(&mut app));
    }
    let lit = app.timeline().map_or(0, |t| t.lit.blocks.len());
    let steps = app.timeline().map_or(0, |t| t.rows.len());

    // The timeline's own work, as the app does it after an edit.
    let series = app.doc().series().clone();
    let tests = series.test_customers.clone().ok_or("test customers")?;
    let work = common::median_ms(EDITS, || {
        let window = Window::new(&series, &tests);
        let sim = window.simulation(&series);
        let customer = window.customer(&tests.customers[0]);
        black_box(Timeline::new(&series, &window, &sim, &customer));
    });
    let lit_frame = common::frame_ms(|ui| app.show(ui));
    println!(
        "preview {name} steps={steps} lit_blocks={lit} edit_to_timeline_frame_ms={:.3} timeline_work_ms={work:.3} frame_with_lit_path_ms={lit_frame:.3}",
        median(next_frames)
    );
    Ok(())
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}
