//! Sticky notes: paper in the note's colour under the cards, its text wrapped to
//! fit, a turned corner, and a grip at the bottom right to resize it.

use egui::epaint::RectShape;
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{CornerRadius, FontId, Shape, Stroke, StrokeKind, pos2, vec2};

use super::card::CardContext;
use super::layout::{Hit, Placed, resize_handle};
use crate::model::NoteBlock;

impl CardContext<'_> {
    /// A note you can read: paper, text, and the grip that resizes it.
    pub fn note(&self, p: &Placed, note: &NoteBlock, selected: bool) {
        let (painter, pal, z) = (self.painter, self.palette, self.scratch.zoom);
        let r = self.scratch.screen_rect(p);
        let paper = pal.note(note.colour);
        let radius = CornerRadius::from(4.0 * z);
        painter.add(
            RectShape::filled(r.translate(vec2(0.0, 3.0 * z)), radius, pal.shadow)
                .with_blur_width(12.0 * z),
        );
        let (border, width) = if selected {
            (pal.accent, 2.0)
        } else {
            (super::style::blend(paper, pal.title, 0.18), 1.0)
        };
        painter.rect(
            r,
            radius,
            paper,
            Stroke::new(width, border),
            StrokeKind::Inside,
        );
        // The turned-down corner at the top right.
        let fold = 14.0 * z;
        let corner = pos2(r.max.x, r.min.y);
        painter.add(Shape::convex_polygon(
            vec![
                corner + vec2(-fold, 0.0),
                corner + vec2(0.0, fold),
                corner + vec2(-fold, fold),
            ],
            super::style::blend(paper, pal.title, 0.12),
            Stroke::NONE,
        ));

        let pad = 12.0 * z;
        let inner = r.shrink(pad);
        let text = if note.text.trim().is_empty() {
            "Write a note in the panel on the right.".to_string()
        } else {
            note.text.clone()
        };
        let colour = pal.note_text();
        let mut job = LayoutJob::single_section(
            text,
            TextFormat::simple(FontId::proportional((13.0 * z).max(1.0)), colour),
        );
        let line_height = 17.0 * z;
        job.wrap = TextWrapping {
            max_width: inner.width().max(1.0),
            max_rows: ((inner.height() / line_height).floor() as usize).max(1),
            break_anywhere: false,
            overflow_character: Some('…'),
        };
        let galley = painter.layout_job(job);
        painter.galley(inner.min, galley, colour);

        let grip = resize_handle(r, z);
        let hot = self.hover == Hit::Resize(p.id);
        let ink = if hot { pal.accent } else { border };
        let stroke = Stroke::new(1.5 * z.max(0.7), ink);
        for k in [0.35, 0.7] {
            let a = grip.max - vec2(grip.width() * k, 2.0 * z);
            let b = grip.max - vec2(2.0 * z, grip.height() * k);
            painter.line_segment([a, b], stroke);
        }
    }
}
