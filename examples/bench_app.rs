//! How long one frame of the whole window takes (menus, palette, side panel,
//! checklist, canvas, status bar; layout, paint and tessellation), headless at
//! 1920×1080 on a 10,000-block series, with nothing selected (series settings)
//! and with one rule block selected (its filter editor). Median of 41 frames:
//!
//! `cargo run --release --example bench_app`

use std::hint::black_box;
use std::time::Instant;

use egui::{Event, Pos2, RawInput, Rect, pos2, vec2};
use series_builder::app::{Config, FakeDialogs, Prefs, SeriesApp};
use series_builder::file;
use series_builder::model::*;

const WARM_UP: usize = 10;
const FRAMES: usize = 41;

/// Paths of rule → content → wait → tag, forty blocks deep, side by side.
fn series(n: usize) -> Result<Series, ModelError> {
    let mut s = Series::new("Benchmark");
    let kinds = [Kind::Rule, Kind::Content, Kind::Wait, Kind::Tag];
    let mut previous: Option<(BlockId, Output)> = None;
    for i in 0..n {
        let (column, row) = (i / 40, i % 40);
        let kind = kinds[i % 4];
        let mut block =
            Block::new_of_kind(kind, Pos::new(column as f32 * 300.0, row as f32 * 150.0));
        block.title = format!("{} {i}", kind.name());
        match &mut block.kind {
            BlockKind::Rule(r) => r.filter = Filter::type_is_user(),
            BlockKind::Content(c) => c.body = format!("Hello {{{{first_name}}}}, message {i}."),
            BlockKind::Tag(t) => t.tag = format!("step-{i}"),
            BlockKind::Wait(_) => {}
        }
        let output = block.outputs()[0];
        let id = s.allocate_id();
        s.insert_block(id, block)?;
        if let Some((from, out)) = previous.filter(|_| row != 0) {
            s.connect(Connection::new(from, out, id))?;
        }
        previous = Some((id, output));
    }
    Ok(s)
}

fn measure(app: &mut SeriesApp) -> f64 {
    let ctx = egui::Context::default();
    let screen = Rect::from_min_size(Pos2::ZERO, vec2(1920.0, 1080.0));
    let mut times = Vec::with_capacity(FRAMES);
    for frame in 0..WARM_UP + FRAMES {
        let mut input = RawInput {
            screen_rect: Some(screen),
            ..Default::default()
        };
        let wiggle = (frame % 4) as f32;
        input
            .events
            .push(Event::PointerMoved(pos2(900.0 + wiggle, 500.0 - wiggle)));
        let start = Instant::now();
        let mut output = ctx.run_ui(input, |ui| app.show(ui));
        let shapes = std::mem::take(&mut output.shapes);
        let primitives = ctx.tessellate(shapes, output.pixels_per_point);
        output.textures_delta.clear();
        black_box(primitives);
        if frame >= WARM_UP {
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let blocks = 10_000;
    let dir = std::env::temp_dir().join(format!("series-bench-app-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("large.ron");
    file::save(&path, &series(blocks)?)?;
    let mut app = SeriesApp::new(Config {
        dialogs: Box::new(FakeDialogs::default()),
        recovery_folder: None,
        prefs: Prefs::default(),
        open: Some(path),
    });
    std::fs::remove_dir_all(&dir)?;
    let none = measure(&mut app);
    println!("app blocks={blocks} selected=none ms_per_frame={none:.3}");
    app.canvas.selection.set_blocks([BlockId(1)]);
    let rule = measure(&mut app);
    println!("app blocks={blocks} selected=rule ms_per_frame={rule:.3}");
    Ok(())
}
