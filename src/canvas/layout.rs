//! Where things are: card and port geometry, arrow curves, culling and hit-testing.
//!
//! Positions of blocks are their cards' top-left corners, in canvas units.

use std::ops::Range;

use egui::{Pos2, Rect, Vec2, pos2, vec2};

use super::CanvasState;
use super::interact::Gesture;
use crate::geometry;
use crate::model::{Block, BlockId, Kind, Output, Port, Series};

pub use crate::geometry::{CARD_WIDTH, LINE, has_second_line};
/// Snap grid, in canvas units.
pub const GRID: f32 = 20.0;
pub const PORT_RADIUS: f32 = 5.0;
pub const HEAD_LENGTH: f32 = 10.0;
pub const HEAD_WIDTH: f32 = 10.0;
/// The smallest text worth drawing, in points on screen.
pub const MIN_TEXT: f32 = 7.0;
/// Below this zoom, where a title would be smaller than [`MIN_TEXT`], cards are
/// drawn plain: no scaled text, no ports to grab.
pub const DETAIL_ZOOM: f32 = MIN_TEXT / super::card::TITLE_SIZE;
/// Arrows shorter than this on screen, in points, are not drawn: between cards
/// a few points tall they are a smudge, and 10,000 of them cost milliseconds.
const MIN_ARROW: f32 = 6.0;
/// Canvas room around cards for badges and ports, so culling never clips them.
const CARD_MARGIN: f32 = 24.0;

pub fn card_size(outputs: usize) -> Vec2 {
    let (w, h) = geometry::card_size(outputs);
    vec2(w, h)
}

pub fn card_rect(block: &Block) -> Rect {
    let (w, h) = geometry::block_size(block);
    Rect::from_min_size(pos2(block.pos.x, block.pos.y), vec2(w, h))
}

/// The corner of a note that resizes it, in screen units: its bottom right.
pub fn resize_handle(card: Rect, zoom: f32) -> Rect {
    let size = (14.0 * zoom).max(10.0);
    Rect::from_min_max(card.max - vec2(size, size), card.max)
}

/// Where the arrow from output `index` of `count` leaves a card.
pub fn output_anchor(card: Rect, index: usize, count: usize) -> Pos2 {
    let scale = card.width() / CARD_WIDTH;
    pos2(
        card.min.x + geometry::output_offset(index, count) * scale,
        card.max.y,
    )
}

/// Where arrows arrive: the top middle of a card.
pub fn input_anchor(card: Rect) -> Pos2 {
    pos2(card.center().x, card.min.y)
}

/// The Bézier control points of an arrow between two anchors (canvas units):
/// it leaves downwards and arrives from above, looping round when the target is
/// higher up.
pub fn arrow_controls(from: Pos2, to: Pos2) -> [Pos2; 4] {
    geometry::arrow_controls(pos(from), pos(to)).map(pos2_of)
}

fn bezier(c: &[Pos2; 4], t: f32) -> Pos2 {
    pos2_of(geometry::bezier(&c.map(pos), t))
}

fn pos(p: Pos2) -> crate::model::Pos {
    crate::model::Pos::new(p.x, p.y)
}

fn pos2_of(p: crate::model::Pos) -> Pos2 {
    pos2(p.x, p.y)
}

/// Appends `segments + 1` points along the curve (screen units).
pub fn flatten(c: &[Pos2; 4], segments: usize, out: &mut Vec<Pos2>) {
    for i in 0..=segments {
        out.push(bezier(c, i as f32 / segments as f32));
    }
}

/// How many straight pieces a curve of this size needs to look smooth on screen.
pub fn segments_for(c: &[Pos2; 4]) -> usize {
    // `sqrt`, not `length` (hypot), which shows up in profiles of big series.
    let leg = |a: Pos2, b: Pos2| (b - a).length_sq().sqrt();
    let length = leg(c[0], c[1]) + leg(c[1], c[2]) + leg(c[2], c[3]);
    // A short arrow (a far-away view) is a straight line: nobody sees the bend.
    ((length / 12.0) as usize).clamp(1, 24)
}

pub fn distance_to_polyline(p: Pos2, points: &[Pos2]) -> f32 {
    points
        .windows(2)
        .map(|w| distance_sq_to_segment(p, w[0], w[1]))
        .fold(f32::INFINITY, f32::min)
        .sqrt()
}

/// Squared, so testing thousands of arrows under the pointer needs no roots.
fn distance_sq_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    let t = if len2 > 0.0 {
        ((p - a).dot(ab) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (a + ab * t - p).length_sq()
}

/// Canvas rectangle snapped to the grid.
pub fn snap(p: Pos2) -> Pos2 {
    pos2((p.x / GRID).round() * GRID, (p.y / GRID).round() * GRID)
}

/// One block as the frame sees it.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    pub id: BlockId,
    /// Canvas units, with any drag under way applied.
    pub rect: Rect,
    pub kind: Kind,
    pub outputs: &'static [Output],
    /// Bit i set: output i has an arrow.
    pub taken: u8,
    /// Some arrow arrives here.
    pub has_incoming: bool,
}

impl Placed {
    /// Where customers enter: a rule nothing leads to.
    pub fn is_entry(&self) -> bool {
        self.kind == Kind::Rule && !self.has_incoming
    }

    pub fn is_taken(&self, index: usize) -> bool {
        self.taken & (1 << index) != 0
    }
}

/// One arrow on screen.
#[derive(Debug, Clone)]
pub struct ArrowGeom {
    pub port: Port,
    /// Its flattened curve, in [`Scratch::points`] (screen units).
    pub points: Range<usize>,
}

/// What the pointer is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Port(Port),
    /// The corner that resizes a note.
    Resize(BlockId),
    Block(BlockId),
    Arrow(Port),
    Empty,
}

/// Per-frame geometry, kept between frames so its buffers are reused.
#[derive(Debug)]
pub struct Scratch {
    /// Every block, in id order.
    pub placed: Vec<Placed>,
    /// Indices into `placed` of blocks on screen, in paint order (dragged last).
    pub visible: Vec<usize>,
    pub arrows: Vec<ArrowGeom>,
    pub points: Vec<Pos2>,
    /// Index into `placed` by block id, when ids are dense enough to afford it
    /// (they are: ids only grow, and deletes leave small gaps).
    slots: Vec<u32>,
    pub zoom: f32,
    pub viewport: Rect,
    pub view: super::View,
    /// Every arrow in canvas units.
    links: Vec<Link>,
    /// The revision `placed` and `links` were made for; `None` during a drag.
    made_for: Option<u64>,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            placed: Vec::new(),
            visible: Vec::new(),
            arrows: Vec::new(),
            points: Vec::new(),
            slots: Vec::new(),
            zoom: 1.0,
            viewport: Rect::NOTHING,
            view: super::View::default(),
            links: Vec::new(),
            made_for: None,
        }
    }
}

impl Scratch {
    /// Lays everything out afresh at the next frame, whatever the revision.
    pub fn forget(&mut self) {
        self.made_for = None;
    }

    pub fn find(&self, id: BlockId) -> Option<&Placed> {
        self.index(id).map(|i| &self.placed[i])
    }

    fn index(&self, id: BlockId) -> Option<usize> {
        if !self.slots.is_empty() {
            let slot = *self.slots.get(usize::try_from(id.0).ok()?)?;
            return (slot != u32::MAX).then_some(slot as usize);
        }
        self.placed.binary_search_by_key(&id, |p| p.id).ok()
    }

    fn fill_slots(&mut self) {
        self.slots.clear();
        let top = self.placed.last().map_or(0, |p| p.id.0);
        let dense = top <= 4 * self.placed.len() as u64 + 1024;
        if !dense || self.placed.len() >= u32::MAX as usize {
            return;
        }
        self.slots.resize(top as usize + 1, u32::MAX);
        for (i, p) in self.placed.iter().enumerate() {
            self.slots[p.id.0 as usize] = i as u32;
        }
    }

    pub fn detailed(&self) -> bool {
        self.zoom >= DETAIL_ZOOM
    }

    pub fn screen_rect(&self, p: &Placed) -> Rect {
        self.view.rect_to_screen(self.viewport, p.rect)
    }

    pub fn to_canvas(&self, p: Pos2) -> Pos2 {
        self.view.to_canvas(self.viewport, p)
    }

    pub fn port_radius(&self) -> f32 {
        PORT_RADIUS * self.zoom
    }

    /// The screen position of an output port.
    pub fn output_pos(&self, p: &Placed, output: Output) -> Option<Pos2> {
        let index = p.outputs.iter().position(|o| *o == output)?;
        Some(output_anchor(self.screen_rect(p), index, p.outputs.len()))
    }

    /// The topmost thing under a screen point.
    pub fn hit(&self, pos: Pos2) -> Hit {
        if !self.viewport.contains(pos) {
            return Hit::Empty;
        }
        if self.detailed() {
            let grab = (self.port_radius() + 5.0).max(9.0);
            for &i in self.visible.iter().rev() {
                let p = &self.placed[i];
                let rect = self.screen_rect(p);
                if !rect.expand(grab).contains(pos) {
                    continue;
                }
                for (index, output) in p.outputs.iter().enumerate() {
                    let at = output_anchor(rect, index, p.outputs.len());
                    if (at - pos).length() <= grab {
                        return Hit::Port(Port {
                            block: p.id,
                            output: *output,
                        });
                    }
                }
                if p.kind == Kind::Note && resize_handle(rect, self.zoom).contains(pos) {
                    return Hit::Resize(p.id);
                }
            }
        }
        if let Some(id) = self.block_at(pos, 0.0) {
            return Hit::Block(id);
        }
        let reach = (4.0 * self.zoom).max(6.0);
        let mut best = (reach, None);
        for a in &self.arrows {
            let d = distance_to_polyline(pos, &self.points[a.points.clone()]);
            if d <= best.0 {
                best = (d, Some(a.port));
            }
        }
        best.1.map_or(Hit::Empty, Hit::Arrow)
    }

    /// The topmost block whose card (grown by `slack` points) holds a screen point.
    pub fn block_at(&self, pos: Pos2, slack: f32) -> Option<BlockId> {
        self.visible
            .iter()
            .rev()
            .map(|&i| &self.placed[i])
            .find(|p| self.screen_rect(p).expand(slack).contains(pos))
            .map(|p| p.id)
    }

    /// Blocks whose cards touch a canvas rectangle.
    pub fn blocks_touching(&self, area: Rect) -> impl Iterator<Item = BlockId> + '_ {
        self.placed
            .iter()
            .filter(move |p| p.rect.intersects(area))
            .map(|p| p.id)
    }
}

/// Lays out the frame: every block's card, which are on screen, and the arrows
/// on screen flattened to points. Cards and arrows in canvas units are kept
/// while the series' `revision` stays the same (and nothing is being dragged),
/// so a frame that only pans or zooms scans two flat lists.
pub fn place(series: &Series, state: &mut CanvasState, viewport: Rect, revision: u64) {
    let view = state.view;
    let s = &mut state.scratch;
    s.zoom = view.zoom();
    s.viewport = viewport;
    s.view = view;

    let (moved, delta): (&[(BlockId, crate::model::Pos)], Vec2) = match &state.gesture {
        Gesture::Move { orig, delta, .. } => (orig, *delta),
        _ => (&[], Vec2::ZERO),
    };
    if s.made_for != Some(revision) || !moved.is_empty() {
        s.lay_out(series, moved, delta);
        s.made_for = moved.is_empty().then_some(revision);
    }

    let seen = view.visible_canvas(viewport).expand(CARD_MARGIN);
    s.visible.clear();
    let dragged = |id: BlockId| moved.binary_search_by_key(&id, |m| m.0).is_ok();
    // Paint order: notes under the cards, then cards, then whatever is dragged.
    for (pass_dragged, notes) in [(false, true), (false, false), (true, true), (true, false)] {
        if pass_dragged && moved.is_empty() {
            break;
        }
        for (i, p) in s.placed.iter().enumerate() {
            let note = p.kind == Kind::Note;
            if note == notes && p.rect.intersects(seen) && dragged(p.id) == pass_dragged {
                s.visible.push(i);
            }
        }
    }

    s.arrows.clear();
    s.points.clear();
    let shortest = MIN_ARROW / view.zoom();
    for link in &s.links {
        // Far out, an arrow between neighbours is a pixel or two: the cards
        // touching in their column say as much, and thousands of them cost time.
        if (link.end - link.start).length_sq() < shortest * shortest || !link.reach.intersects(seen)
        {
            continue;
        }
        let on_screen = arrow_controls(link.start, link.end).map(|p| view.to_screen(viewport, p));
        // Stop the line at the base of the arrowhead.
        let mut curve = on_screen;
        curve[3].y -= HEAD_LENGTH * view.zoom() * 0.8;
        let first = s.points.len();
        flatten(&curve, segments_for(&curve), &mut s.points);
        s.arrows.push(ArrowGeom {
            port: link.port,
            points: first..s.points.len(),
        });
    }
}

impl Scratch {
    /// Every card, and every arrow's ends, in canvas units; blocks being
    /// dragged where the drag has them.
    fn lay_out(&mut self, series: &Series, moved: &[(BlockId, crate::model::Pos)], delta: Vec2) {
        self.placed.clear();
        self.placed.reserve(series.len());
        for (id, block) in series.blocks() {
            let mut rect = card_rect(block);
            if let Ok(i) = moved.binary_search_by_key(id, |m| m.0) {
                let origin = moved[i].1;
                rect = Rect::from_min_size(pos2(origin.x, origin.y) + delta, rect.size());
            }
            self.placed.push(Placed {
                id: *id,
                rect,
                kind: block.kind(),
                outputs: block.outputs(),
                taken: 0,
                has_incoming: false,
            });
        }
        self.fill_slots();
        self.links.clear();
        for c in series.connections() {
            let (Some(fi), Some(ti)) = (self.index(c.from), self.index(c.to)) else {
                continue;
            };
            let Some(index) = self.placed[fi].outputs.iter().position(|o| *o == c.output) else {
                continue;
            };
            self.placed[fi].taken |= 1 << index;
            self.placed[ti].has_incoming = true;
            let (from, to) = (&self.placed[fi], &self.placed[ti]);
            let start = output_anchor(from.rect, index, from.outputs.len());
            let end = input_anchor(to.rect);
            self.links.push(Link {
                port: c.port(),
                start,
                end,
                reach: Rect::from_points(&arrow_controls(start, end)),
            });
        }
    }
}

/// One arrow in canvas units: where it leaves and arrives, and the box its
/// curve stays in (for culling).
#[derive(Debug, Clone, Copy)]
struct Link {
    port: Port,
    start: Pos2,
    end: Pos2,
    reach: Rect,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_outputs_sit_at_thirds_of_the_bottom_edge() {
        let card = Rect::from_min_size(pos2(0.0, 0.0), vec2(240.0, 92.0));
        assert_eq!(output_anchor(card, 0, 2), pos2(80.0, 92.0));
        assert_eq!(output_anchor(card, 1, 2), pos2(160.0, 92.0));
        assert_eq!(output_anchor(card, 0, 1), pos2(120.0, 92.0));
    }

    #[test]
    fn a_curve_starts_and_ends_at_its_anchors() {
        let c = arrow_controls(pos2(10.0, 80.0), pos2(300.0, 400.0));
        let mut pts = Vec::new();
        flatten(&c, segments_for(&c), &mut pts);
        assert_eq!(pts.first(), Some(&pos2(10.0, 80.0)));
        assert_eq!(pts.last(), Some(&pos2(300.0, 400.0)));
        assert!(distance_to_polyline(pos2(10.0, 80.0), &pts) < 1e-3);
        assert!(distance_to_polyline(pos2(600.0, 80.0), &pts) > 100.0);
    }

    #[test]
    fn snapping_rounds_to_the_grid() {
        assert_eq!(snap(pos2(29.0, -11.0)), pos2(20.0, -20.0));
    }
}
