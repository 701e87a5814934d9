//! How long one canvas frame takes (layout, paint and tessellation), headless in
//! a 1920×1080 viewport, for series of 250, 1,000 and 10,000 blocks, zoomed to
//! fit, at 50 % and at 100 %. Prints the median of 41 frames after 10 warm-up frames:
//!
//! `cargo run --release --example bench_canvas [blocks]`

mod common;

use std::hint::black_box;

use series_builder::canvas::{self, Badges, CanvasState, ViewRequest};
use series_builder::model::*;

const PATH_LENGTH: usize = 10;

/// `n` blocks in paths of ten (rule, email, wait, chat, wait, tag, rule, post,
/// wait, tag), each path a column, the columns in rows: about 16:9 overall.
fn series(n: usize) -> Result<Series, ModelError> {
    let mut s = Series::new(format!("Bench {n}"));
    let paths = n.div_ceil(PATH_LENGTH);
    let rows = ((paths as f32 / 8.9).sqrt().round() as usize).max(1);
    let cols = paths.div_ceil(rows);
    let mut made = 0;
    for path in 0..paths {
        let (col, row) = (path % cols, path / cols);
        let mut prev: Option<(BlockId, Output)> = None;
        for step in 0..PATH_LENGTH {
            if made == n {
                break;
            }
            made += 1;
            let pos = Pos::new(
                col as f32 * 320.0,
                row as f32 * 1600.0 + step as f32 * 150.0,
            );
            let block = block(path, step, pos);
            let first_output = block.outputs()[0];
            let id = s.allocate_id();
            s.insert_block(id, block)?;
            if let Some((from, output)) = prev {
                s.connect(Connection::new(from, output, id))?;
            }
            prev = Some((id, first_output));
        }
    }
    Ok(s)
}

fn block(path: usize, step: usize, pos: Pos) -> Block {
    let content = |t: ContentType, not_sent: bool| {
        BlockKind::Content(ContentBlock {
            content_type: t,
            subject: format!("Your week {path}"),
            body: "Hi {{first_name}}, here is what is new.".into(),
            send_for: Span::days(3),
            not_sent_branch: not_sent,
            send_window: None,
        })
    };
    let wait = |days| BlockKind::Wait(WaitBlock::For(Span::days(days)));
    let tag = |name: &str| {
        BlockKind::Tag(TagBlock {
            action: TagAction::Add,
            tag: format!("{name}-{path}"),
        })
    };
    let (title, kind) = match step {
        0 => (
            format!("Signed up, cohort {path}"),
            BlockKind::Rule(RuleBlock {
                filter: Filter::type_is_user(),
                timing: RuleTiming::Once,
                no_match_branch: false,
            }),
        ),
        1 => (
            format!("Welcome email {path}"),
            content(ContentType::Email, false),
        ),
        2 | 4 | 8 => (String::new(), wait(step as u32 / 2)),
        3 => (
            format!("Check-in chat {path}"),
            content(ContentType::Chat, true),
        ),
        5 => (String::new(), tag("welcomed")),
        6 => (
            format!("Still active {path}"),
            BlockKind::Rule(RuleBlock {
                filter: Filter::type_is_user(),
                timing: RuleTiming::For(Span::days(2)),
                no_match_branch: true,
            }),
        ),
        7 => (
            format!("Tips and tricks {path}"),
            content(ContentType::Post, false),
        ),
        _ => (String::new(), tag("onboarded")),
    };
    Block { title, pos, kind }
}

/// Milliseconds per frame of the canvas alone, filling the window.
fn measure(series: &Series, view: &View) -> f64 {
    let mut state = CanvasState::new();
    match view {
        View::Request(request) => state.request(request.clone()),
        View::Zoom(zoom) => state.view = canvas::View::new(egui::vec2(64.0, 64.0), *zoom),
    }
    let badges = Badges::new();
    common::frame_ms(|ui| {
        egui::CentralPanel::no_frame().show(ui, |ui| {
            black_box(
                canvas::show(ui, series, &mut state, &canvas::Decor::new(&badges, 1)).intents,
            );
        });
    })
}

/// How the canvas is viewed while it is timed.
enum View {
    Request(ViewRequest),
    Zoom(f32),
}

fn main() -> Result<(), ModelError> {
    // An optional argument measures one size only, e.g. `bench_canvas 1000`.
    let only: Option<usize> = std::env::args().nth(1).and_then(|a| a.parse().ok());
    for n in [250, 1_000, 10_000] {
        if only.is_some_and(|o| o != n) {
            continue;
        }
        let s = series(n)?;
        let views = [
            ("fit", View::Request(ViewRequest::Fit)),
            // The slowest: some 200 readable cards, summaries and all.
            ("50", View::Zoom(0.5)),
            ("100", View::Request(ViewRequest::ZoomTo100)),
        ];
        for (name, view) in &views {
            let ms = measure(&s, view);
            println!("canvas blocks={n} view={name} ms_per_frame={ms:.3}");
        }
    }
    Ok(())
}
