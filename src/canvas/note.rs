//! Sticky notes: paper in the note's colour under the cards, its text wrapped to
//! fit, a turned corner, and a grip at the bottom right to resize it.

use egui::epaint::RectShape;
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{FontId, Shape, pos2, vec2};

use super::card::{CardContext, CardText, TextCache};
use super::layout::{Hit, Placed, Scratch, resize_handle};
use super::mesh::Ink;
use super::style::{Palette, blend};
use crate::model::NoteBlock;

/// What an empty note says.
const EMPTY: &str = "Write a note in the panel on the right.";

impl CardContext<'_> {
    /// A note you can read: paper, text, and the grip that resizes it. Its
    /// shapes go into `ink`, its shadow into `shadows` (both drawn under its
    /// text, and under every card).
    pub fn note(
        &self,
        texts: &mut TextCache,
        ink: &mut Ink,
        shadows: &mut Vec<Shape>,
        p: &Placed,
        note: &NoteBlock,
        selected: bool,
    ) {
        let (painter, pal, z) = (self.painter, self.palette, self.scratch.zoom);
        let r = self.scratch.screen_rect(p);
        let paper = pal.note(note.colour);
        let radius = 4.0 * z;
        if z >= super::card::FINE_ZOOM {
            shadows.push(
                RectShape::filled(r.translate(vec2(0.0, 3.0 * z)), radius, pal.shadow)
                    .with_blur_width(12.0 * z)
                    .into(),
            );
        }
        let (border, width) = if selected {
            (pal.accent, 2.0)
        } else {
            (blend(paper, pal.title, 0.18), 1.0)
        };
        ink.rounded(r, radius, border);
        ink.rounded(r.shrink(width), radius - width, paper);
        // The turned-down corner at the top right.
        let fold = 14.0 * z;
        let corner = pos2(r.max.x, r.min.y);
        ink.polygon(
            [
                corner + vec2(-fold, 0.0),
                corner + vec2(0.0, fold),
                corner + vec2(-fold, fold),
            ]
            .into_iter(),
            blend(paper, pal.title, 0.12),
        );

        let pad = 12.0 * z;
        let inner = r.shrink(pad);
        let colour = pal.note_text();
        let text = texts
            .cards
            .entry(p.id)
            .or_insert_with(|| {
                let words = if note.text.trim().is_empty() {
                    EMPTY.to_string()
                } else {
                    note.text.clone()
                };
                let mut job = LayoutJob::single_section(
                    words,
                    TextFormat::simple(FontId::proportional((13.0 * z).max(1.0)), colour),
                );
                let line_height = 17.0 * z;
                job.wrap = TextWrapping {
                    max_width: inner.width().max(1.0),
                    max_rows: ((inner.height() / line_height).floor() as usize).max(1),
                    break_anywhere: false,
                    overflow_character: Some('…'),
                };
                CardText {
                    title: painter.layout_job(job),
                    summary: None,
                    window: None,
                }
            })
            .title
            .clone();
        painter.galley(inner.min, text, colour);

        let grip = resize_handle(r, z);
        let hot = self.hover == Hit::Resize(p.id);
        let grip_ink = if hot { pal.accent } else { border };
        for k in [0.35, 0.7] {
            let a = grip.max - vec2(grip.width() * k, 2.0 * z);
            let b = grip.max - vec2(2.0 * z, grip.height() * k);
            ink.line(&[a, b], 1.5 * z.max(0.7), grip_ink);
        }
    }
}

/// A note too small to read, among few enough to draw nicely: its paper
/// with a border.
pub fn plain_note(
    ink: &mut Ink,
    pal: &Palette,
    s: &Scratch,
    p: &Placed,
    note: &NoteBlock,
    selected: bool,
) {
    let r = s.screen_rect(p);
    let paper = pal.note(note.colour);
    let (border, width) = if selected {
        (pal.accent, 2.0)
    } else {
        (blend(paper, pal.title, 0.18), 1.0)
    };
    let radius = (4.0 * s.zoom).max(1.0);
    ink.rounded(r, radius, border);
    ink.rounded(r.shrink(width), radius, paper);
}
