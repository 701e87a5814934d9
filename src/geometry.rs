//! Where cards and arrows are, in canvas units: shared by the canvas, the tidy-up
//! and pictures of a series, so all three draw the same shapes. No egui here.
//!
//! Positions of blocks are their cards' top-left corners.

use crate::model::{Block, BlockKind, Pos, WaitBlock};

pub const CARD_WIDTH: f32 = 240.0;
pub const CARD_HEIGHT: f32 = 72.0;
/// Cards with two or more outputs are taller: their outputs are labelled.
pub const CARD_HEIGHT_TWO: f32 = 92.0;
/// The height of a line of a card's summary: what a card with a second line
/// (see [`has_second_line`]) adds.
pub const LINE: f32 = 18.0;

/// Width and height of a card with this many outputs and one line of summary.
pub fn card_size(outputs: usize) -> (f32, f32) {
    let height = if outputs > 1 {
        CARD_HEIGHT_TWO
    } else {
        CARD_HEIGHT
    };
    (CARD_WIDTH, height)
}

/// Width and height of a block's card; a note is as big as the marketer made it.
pub fn block_size(block: &Block) -> (f32, f32) {
    if let BlockKind::Note(note) = &block.kind {
        return (note.size.w, note.size.h);
    }
    let (w, h) = card_size(block.outputs().len());
    if has_second_line(block) {
        (w, h + LINE)
    } else {
        (w, h)
    }
}

/// Whether a card says more than one line: a message's send window, or a wait
/// until a time of day ("Until 9:00 on weekdays (customer's time)").
pub fn has_second_line(block: &Block) -> bool {
    match &block.kind {
        BlockKind::Content(c) => c.send_window.is_some(),
        BlockKind::Wait(WaitBlock::UntilTime(_)) => true,
        _ => false,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, NoteBlock, SplitBlock};

    fn with_kind(kind: BlockKind) -> Block {
        Block {
            title: String::new(),
            pos: Pos::new(0.0, 0.0),
            kind,
        }
    }

    #[test]
    fn a_split_test_card_is_tall_enough_for_its_branch_labels() {
        for branches in [2, 5] {
            let split = with_kind(BlockKind::Split(SplitBlock {
                branches: vec![10; branches],
                control: None,
            }));
            assert_eq!(block_size(&split), (CARD_WIDTH, CARD_HEIGHT_TWO));
        }
        // Its outputs sit across the bottom edge, A leftmost, inside the card.
        let offsets: Vec<f32> = (0..5).map(|i| output_offset(i, 5)).collect();
        assert!(offsets.windows(2).all(|w| w[0] < w[1]));
        assert!(offsets[0] > 0.0 && offsets[4] < CARD_WIDTH);
    }

    #[test]
    fn a_note_is_as_big_as_the_marketer_made_it() {
        let mut note = Block::new_of_kind(Kind::Note, Pos::new(0.0, 0.0));
        if let BlockKind::Note(NoteBlock { size, .. }) = &mut note.kind {
            (size.w, size.h) = (333.0, 99.0);
        }
        assert_eq!(block_size(&note), (333.0, 99.0));
    }

    #[test]
    fn a_send_window_or_a_time_of_day_adds_a_line() {
        let mut message = Block::new_of_kind(Kind::Content, Pos::new(0.0, 0.0));
        assert_eq!(block_size(&message), (CARD_WIDTH, CARD_HEIGHT));
        if let BlockKind::Content(c) = &mut message.kind {
            c.send_window = Some(Default::default());
            c.not_sent_branch = true;
        }
        assert_eq!(block_size(&message), (CARD_WIDTH, CARD_HEIGHT_TWO + LINE));
        let until = with_kind(BlockKind::Wait(WaitBlock::UntilTime(Default::default())));
        assert_eq!(block_size(&until), (CARD_WIDTH, CARD_HEIGHT + LINE));
        let wait = Block::new_of_kind(Kind::Wait, Pos::new(0.0, 0.0));
        assert_eq!(block_size(&wait), (CARD_WIDTH, CARD_HEIGHT));
    }
}
