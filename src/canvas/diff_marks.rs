//! A comparison drawn over the series (File → Compare With…): the blocks and
//! arrows this version added, in green, the blocks it changed, in amber, and
//! what the other version had that this one has not, as faded red ghosts where
//! they were. Ghosts are not part of the series: nothing on the canvas hits them.

use std::collections::{BTreeMap, BTreeSet};

use egui::epaint::Mesh;
use egui::{Color32, CornerRadius, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, pos2, vec2};

use super::card::{font, icon, line, pill};
use super::layout::{
    HEAD_LENGTH, Scratch, arrow_controls, card_rect, flatten, input_anchor, output_anchor,
    segments_for,
};
use super::mesh::{Ink, rounded};
use super::paint::arrow_head;
use super::style::{Palette, blend};
use crate::diff::{BlockChange, Change, Diff};
use crate::model::{Block, BlockId, Connection, Output, Port, Series};

/// A block the other version had and this one has not.
#[derive(Debug, Clone, PartialEq)]
pub struct Ghost {
    pub id: BlockId,
    /// As the other version had it, where it had it.
    pub block: Block,
    /// Its one line, told from the other version.
    pub summary: String,
}

/// What a comparison marks on the canvas.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiffMarks {
    /// Blocks of this version that are [`Change::Added`] or [`Change::Changed`].
    /// Blocks that only moved are not marked: they change nothing for customers.
    pub blocks: BTreeMap<BlockId, Change>,
    /// Arrows the other version had not, by the output they leave from.
    pub arrows: BTreeSet<Port>,
    /// The other version's blocks this one has not, by id.
    pub ghosts: Vec<Ghost>,
    /// The other version's arrows this one has not.
    pub ghost_arrows: Vec<Connection>,
}

impl DiffMarks {
    /// The marks of `diff`, which runs from `old` (the other version) to the
    /// series on the canvas.
    pub fn new(diff: &Diff, old: &Series) -> Self {
        let mut marks = DiffMarks::default();
        for b in &diff.blocks {
            match &b.change {
                BlockChange::Added { .. } => {
                    marks.blocks.insert(b.id, Change::Added);
                }
                BlockChange::Changed(_) => {
                    marks.blocks.insert(b.id, Change::Changed);
                }
                BlockChange::Removed { .. } => {
                    if let Some(block) = old.block(b.id) {
                        marks.ghosts.push(Ghost {
                            id: b.id,
                            block: block.clone(),
                            summary: old.block_summary(b.id),
                        });
                    }
                }
                BlockChange::Moved { .. } => {}
            }
        }
        for a in &diff.arrows {
            match a.change {
                Change::Added => {
                    marks.arrows.insert(a.arrow.port());
                }
                _ => marks.ghost_arrows.push(a.arrow),
            }
        }
        marks
    }

    pub fn ghost(&self, id: BlockId) -> Option<&Ghost> {
        self.ghosts
            .binary_search_by_key(&id, |g| g.id)
            .ok()
            .map(|i| &self.ghosts[i])
    }

    /// Where a block of either version is on the canvas: its card in `series`,
    /// or its ghost's.
    pub fn card(&self, series: &Series, id: BlockId) -> Option<Rect> {
        series
            .block(id)
            .or_else(|| self.ghost(id).map(|g| &g.block))
            .map(card_rect)
    }
}

/// The colours of a comparison in one theme.
#[derive(Debug, Clone, Copy)]
pub struct DiffPalette {
    pub added: Color32,
    pub changed: Color32,
    pub removed: Color32,
    /// A ghost card's fill, and its text.
    pub ghost: Color32,
    pub ghost_text: Color32,
}

impl DiffPalette {
    pub fn new(dark: bool) -> Self {
        let p = Palette::new(dark);
        let (added, changed, removed) = if dark {
            (rgb(0x3ecf8e), rgb(0xf5a524), rgb(0xf26b6b))
        } else {
            (rgb(0x1a9e63), rgb(0xc27803), rgb(0xd93b3b))
        };
        // Faded: a wash of red on the canvas, not a card; its text still reads.
        let (wash, ink) = if dark { (0.14, 0.45) } else { (0.10, 0.7) };
        DiffPalette {
            added,
            changed,
            removed,
            ghost: blend(p.background, removed, wash),
            ghost_text: blend(p.title, removed, ink),
        }
    }

    /// The mark of a change: green, amber or red.
    pub fn of(&self, change: Change) -> Color32 {
        match change {
            Change::Added => self.added,
            Change::Changed => self.changed,
            Change::Removed => self.removed,
            Change::Moved => Color32::TRANSPARENT,
        }
    }
}

const fn rgb(hex: u32) -> Color32 {
    Color32::from_rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// The word on a marked card.
fn word(change: Change) -> &'static str {
    match change {
        Change::Added => "Added",
        Change::Changed => "Changed",
        Change::Removed => "Removed",
        Change::Moved => "Moved",
    }
}

/// Under the arrows and cards: ghosts of the blocks that went, and the arrows
/// that went, dashed, between wherever their ends are now (or were).
pub fn paint_ghosts(painter: &Painter, colours: &DiffPalette, s: &Scratch, marks: &DiffMarks) {
    let seen = s.view.visible_canvas(s.viewport).expand(24.0);
    let z = s.zoom;
    let dash = Stroke::new((2.0 * z).clamp(1.0, 3.0), colours.removed);
    for c in &marks.ghost_arrows {
        let Some(pts) = ghost_arrow(s, marks, c, seen) else {
            continue;
        };
        painter.extend(Shape::dashed_line(&pts, dash, 7.0 * z, 5.0 * z));
        if let Some(head) = pts.last().and_then(|last| arrow_head(*last, z, 0.0)) {
            painter.add(Shape::convex_polygon(
                head.to_vec(),
                colours.removed,
                Stroke::NONE,
            ));
        }
    }
    let mut outline = Vec::new();
    for g in &marks.ghosts {
        let rect = card_rect(&g.block);
        if !rect.intersects(seen) {
            continue;
        }
        let r = s.view.rect_to_screen(s.viewport, rect);
        let radius = (10.0 * z).max(2.0);
        if !s.detailed() {
            painter.rect_filled(r, radius, blend(colours.ghost, colours.removed, 0.35));
            continue;
        }
        painter.rect_filled(r, radius, colours.ghost);
        rounded(r, radius, &mut outline);
        outline.push(outline[0]);
        painter.extend(Shape::dashed_line(&outline, dash, 7.0 * z, 5.0 * z));
        let chip = Rect::from_min_size(r.min + vec2(12.0, 12.0) * z, vec2(28.0, 28.0) * z);
        let mut mesh = Mesh::default();
        let mut ink = Ink {
            mesh: &mut mesh,
            pts: &mut outline,
            aa: 1.0 / painter.pixels_per_point(),
        };
        let (kind, c) = (g.block.kind(), chip.center());
        icon(
            &mut ink,
            kind,
            c,
            8.0 * z,
            colours.ghost_text,
            colours.ghost,
        );
        painter.add(Shape::mesh(mesh));
        // Title and summary where a card has them, in the ghost's ink.
        let ink = colours.ghost_text;
        let text = |words: String, size: f32, room: f32| {
            line(painter, words, font(size * z), ink, r.width() - room * z)
        };
        let title = text(g.block.display_title(), 14.5, 62.0);
        let at = pos2(
            chip.max.x + 10.0 * z,
            chip.center().y - title.size().y / 2.0,
        );
        painter.galley(at, title, ink);
        let summary = text(g.summary.clone(), 12.0, 24.0);
        painter.galley(r.min + vec2(12.0, 48.0) * z, summary, ink);
        label(painter, colours, r, z, Change::Removed);
    }
}

/// The points of an arrow the other version had, on screen, if it is in view.
fn ghost_arrow(s: &Scratch, marks: &DiffMarks, c: &Connection, seen: Rect) -> Option<Vec<Pos2>> {
    // Each end where it is now, or where its ghost is.
    let end = |id: BlockId| -> Option<(Rect, &'static [Output])> {
        match s.find(id) {
            Some(p) => Some((p.rect, p.outputs)),
            None => marks
                .ghost(id)
                .map(|g| (card_rect(&g.block), g.block.outputs())),
        }
    };
    let ((from, outputs), (to, _)) = (end(c.from)?, end(c.to)?);
    let index = outputs.iter().position(|o| *o == c.output)?;
    let ctrl = arrow_controls(output_anchor(from, index, outputs.len()), input_anchor(to));
    if !Rect::from_points(&ctrl).intersects(seen) {
        return None;
    }
    let mut curve = ctrl.map(|p| s.view.to_screen(s.viewport, p));
    // The line stops where the head begins, as the canvas' own arrows do.
    curve[3].y -= HEAD_LENGTH * s.zoom * 0.8;
    let mut pts = Vec::new();
    flatten(&curve, segments_for(&curve), &mut pts);
    Some(pts)
}

/// Over the cards: a ring round each block added or changed, with its word
/// where the card can be read.
pub fn paint_rings(painter: &Painter, colours: &DiffPalette, s: &Scratch, marks: &DiffMarks) {
    if marks.blocks.is_empty() {
        return;
    }
    let z = s.zoom;
    let width = (3.0 * z).clamp(1.5, 4.0);
    for &i in &s.visible {
        let p = &s.placed[i];
        let Some(change) = marks.blocks.get(&p.id).copied() else {
            continue;
        };
        let r = s.screen_rect(p);
        let ring = r.expand(width * 0.5 + 1.0);
        painter.rect_stroke(
            ring,
            CornerRadius::from(10.0 * z + width),
            Stroke::new(width, colours.of(change)),
            StrokeKind::Outside,
        );
        if s.detailed() {
            label(painter, colours, r, z, change);
        }
    }
}

/// "Added", "Changed" or "Removed" at the top right of a card, where the
/// go-live badges go (a comparison hides them).
fn label(painter: &Painter, colours: &DiffPalette, r: Rect, z: f32, change: Change) {
    let fill = colours.of(change);
    pill(
        painter,
        pos2(r.max.x - 12.0 * z, r.min.y - 9.0 * z),
        word(change).into(),
        10.5 * z,
        fill,
        crate::theme::ink_on(fill),
        true,
    );
}
