//! What the benchmark programs share: a headless frame timer and a large series.
#![allow(dead_code)]

use std::hint::black_box;
use std::time::Instant;

use egui::{Event, Pos2, RawInput, Rect, pos2, vec2};
use series_builder::model::*;

const WARM_UP: usize = 10;
const FRAMES: usize = 41;

/// Milliseconds per frame of `draw` at 1920×1080 (layout, paint and
/// tessellation), the median of 41 frames after 10 warm-up frames, while the
/// pointer moves a little over the middle, as it does while someone works.
pub fn frame_ms(mut draw: impl FnMut(&mut egui::Ui)) -> f64 {
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
            .push(Event::PointerMoved(pos2(960.0 + wiggle, 540.0 - wiggle)));
        let start = Instant::now();
        let mut output = ctx.run_ui(input, &mut draw);
        let shapes = std::mem::take(&mut output.shapes);
        let primitives = ctx.tessellate(shapes, output.pixels_per_point);
        // No GPU here: the font atlas updates have nowhere to go.
        output.textures_delta.clear();
        black_box(primitives);
        if frame >= WARM_UP {
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// `[BLOCKS [RUNS]]` from the command line, with defaults.
pub fn blocks_and_runs(
    blocks: usize,
    runs: usize,
) -> Result<(usize, usize), std::num::ParseIntError> {
    let arg = |n: usize, default: usize| match std::env::args().nth(n) {
        Some(text) => text.parse(),
        None => Ok(default),
    };
    Ok((arg(1, blocks)?, arg(2, runs)?.max(1)))
}

/// The median of `runs` timings of `work`, in milliseconds.
pub fn median_ms(runs: usize, mut work: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// `n` blocks in paths of rule → content → wait → tag, forty deep, side by side,
/// with titles, messages and tags filled in.
pub fn columns_series(n: usize) -> Result<Series, ModelError> {
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
            BlockKind::Wait(_) | BlockKind::Split(_) | BlockKind::Note(_) => {}
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

/// A later version of a series: one block in ten changed (a change for every
/// kind of block), one in ten moved, one in a hundred removed.
pub fn changed(old: &Series) -> Result<Series, ModelError> {
    let mut new = old.clone();
    let ids: Vec<BlockId> = new.blocks().keys().copied().collect();
    for (i, id) in ids.iter().enumerate() {
        if i % 10 == 3 {
            let block = new.block_mut(*id)?;
            block.title.push_str(" (v2)");
            match &mut block.kind {
                BlockKind::Rule(r) => r.timing = RuleTiming::For(Span::days(2)),
                BlockKind::Content(c) => c.body.push_str(" See you soon."),
                BlockKind::Wait(w) => *w = WaitBlock::For(Span::days(3)),
                BlockKind::Tag(t) => t.tag.push_str("-v2"),
                BlockKind::Split(split) => split.set_share(0, 60),
                BlockKind::Note(note) => note.text.push_str(" (v2)"),
            }
        }
        if i % 10 == 5 {
            let block = new.block_mut(*id)?;
            block.pos = Pos::new(block.pos.x + 40.0, block.pos.y);
        }
    }
    for id in ids.iter().skip(50).step_by(100) {
        new.remove_block(*id)?;
    }
    Ok(new)
}
