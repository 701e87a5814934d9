//! Where cards and arrows are, in canvas units: shared by the canvas, the tidy-up
//! and pictures of a series, so all three draw the same shapes. No egui here.
//!
//! Positions of blocks are their cards' top-left corners.

use crate::model::{Block, Pos};

pub const CARD_WIDTH: f32 = 240.0;
pub const CARD_HEIGHT: f32 = 72.0;
/// Cards with two outputs are taller: their outputs are labelled.
pub const CARD_HEIGHT_TWO: f32 = 92.0;

/// Width and height of a card with this many outputs.
pub fn card_size(outputs: usize) -> (f32, f32) {
    let height = if outputs > 1 {
        CARD_HEIGHT_TWO
    } else {
        CARD_HEIGHT
    };
    (CARD_WIDTH, height)
}

/// Width and height of a block's card.
pub fn block_size(block: &Block) -> (f32, f32) {
    card_size(block.outputs().len())
}

/// How far from a card's left edge the arrow from output `index` of `count` leaves
/// (from its bottom edge).
pub fn output_offset(index: usize, count: usize) -> f32 {
    CARD_WIDTH * (index as f32 + 1.0) / (count as f32 + 1.0)
}

/// The Bézier control points of an arrow between two anchors: it leaves
/// downwards and arrives from above, looping round when the target is higher up.
pub fn arrow_controls(from: Pos, to: Pos) -> [Pos; 4] {
    let dy = to.y - from.y;
    let reach = if dy > 40.0 {
        (dy * 0.5).max(30.0)
    } else {
        60.0 + (-dy).max(0.0) * 0.25 + (to.x - from.x).abs() * 0.1
    };
    [
        from,
        Pos::new(from.x, from.y + reach),
        Pos::new(to.x, to.y - reach),
        to,
    ]
}

/// The point at `t` (0..1) along a curve.
pub fn bezier(c: &[Pos; 4], t: f32) -> Pos {
    let u = 1.0 - t;
    let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
    Pos::new(
        w[0] * c[0].x + w[1] * c[1].x + w[2] * c[2].x + w[3] * c[3].x,
        w[0] * c[0].y + w[1] * c[1].y + w[2] * c[2].y + w[3] * c[3].y,
    )
}
