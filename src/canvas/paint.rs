//! Painting: the grid, arrows, cards, ports, badges, and what a gesture shows.
//!
//! Arrows, the grid and far-away cards go into one mesh each, whose buffers are
//! reused every frame (egui hands the `Arc` back once it has tessellated it).
//! Cards close enough to read get rounded shapes, an icon and text.

use std::sync::Arc;

use egui::epaint::Mesh;
use egui::{
    Color32, CursorIcon, FontId, Painter, Pos2, Rect, Response, Shape, Stroke, StrokeKind, Ui,
    Vec2, pos2, vec2,
};

use super::card::{CardContext, PLAIN_TITLE_ZOOM, TextCache, plain_cards, rounded_plain_card};
use super::diff_marks::{self, DiffPalette};
use super::interact::{Gesture, connect_verdict};
use super::layout::{HEAD_LENGTH, HEAD_WIDTH, Hit, Scratch, arrow_controls, flatten};
use super::lit_path::{self, LitPalette};
use super::mesh::{Ink, fill_convex, reuse, stroke_line};
use super::note::plain_note;
use super::style::Palette;
use super::{CanvasState, Decor};
use crate::model::{BlockKind, Kind, Series};

/// Up to this many far-away cards are drawn rounded; more go into one flat mesh.
const ROUNDED_PLAIN_LIMIT: usize = 300;

/// Meshes kept between frames so their memory is reused.
#[derive(Debug, Default)]
pub struct Buffers {
    grid: Arc<Mesh>,
    arrows: Arc<Mesh>,
    cards: Arc<Mesh>,
    /// Readable notes' shapes, under every card.
    notes: Arc<Mesh>,
    /// Rings round what Find matches.
    found: Arc<Mesh>,
    /// A test customer's way: the veil, lit arrows and rings under the
    /// cards, then the veils over the cards off the way.
    lit_arrows: Arc<Mesh>,
    lit_cards: Arc<Mesh>,
    pub(super) texts: TextCache,
    /// Points of one rounded shape at a time.
    poly: Vec<Pos2>,
}

pub fn paint(
    ui: &Ui,
    response: &Response,
    series: &Series,
    state: &mut CanvasState,
    decor: &Decor,
) {
    let palette = Palette::new(ui.visuals().dark_mode);
    let badges = decor.badges;
    let diff = decor
        .diff
        .map(|marks| (marks, DiffPalette::new(palette.dark)));
    let painter = ui.painter_at(state.scratch.viewport);
    let aa = 1.0 / ui.ctx().pixels_per_point();
    let s = &state.scratch;
    let hover = match state.gesture {
        Gesture::Idle => response.hover_pos().map_or(Hit::Empty, |p| s.hit(p)),
        _ => Hit::Empty,
    };
    set_cursor(ui, &state.gesture, hover);

    painter.rect_filled(s.viewport, 0.0, palette.background);
    grid(reuse(&mut state.paint.grid), s, palette.grid);
    painter.add(Shape::Mesh(Arc::clone(&state.paint.grid)));
    if let Some((marks, colours)) = &diff {
        diff_marks::paint_ghosts(&painter, colours, s, marks);
    }

    let arrows = reuse(&mut state.paint.arrows);
    let sel = &state.selection;
    let lit = |port| sel.connections.contains(&port) || hover == Hit::Arrow(port);
    let width = arrow_width(s.zoom);
    for highlighted in [false, true] {
        let (color, w) = if highlighted {
            (palette.accent, width + 1.5)
        } else {
            (palette.arrow, width)
        };
        for a in s.arrows.iter().filter(|a| lit(a.port) == highlighted) {
            let pts = &s.points[a.points.clone()];
            let w = decor
                .figures
                .map_or(w, |f| f.arrow_width(a.port, w, s.zoom));
            // A comparison colours the arrows this version added.
            let color = match diff {
                Some((marks, colours)) if !highlighted && marks.arrows.contains(&a.port) => {
                    colours.added
                }
                _ => color,
            };
            stroke_line(arrows, pts, w, color, aa);
            let wider = if highlighted { 1.0 } else { 0.0 };
            if let Some(head) = pts.last().and_then(|last| arrow_head(*last, s.zoom, wider)) {
                fill_convex(arrows, &head, color, aa);
            }
        }
    }
    painter.add(Shape::Mesh(Arc::clone(&state.paint.arrows)));
    let lit = decor.lit.map(|path| (path, LitPalette::new(palette.dark)));
    if let Some((path, colours)) = &lit {
        let mut ink = Ink {
            mesh: reuse(&mut state.paint.lit_arrows),
            pts: &mut state.paint.poly,
            aa,
        };
        lit_path::paint_under_cards(&mut ink, s, path, colours);
        painter.add(Shape::Mesh(Arc::clone(&state.paint.lit_arrows)));
    }
    if let Some(figures) = decor.figures {
        super::figures::paint(&painter, &palette, response, s, figures);
    }

    let (verdict, connecting) = match state.gesture {
        Gesture::Connect { from, pointer } => (
            Some(connect_verdict(series, s, from, pointer)),
            Some((from, pointer)),
        ),
        _ => (None, None),
    };

    if s.detailed() {
        // Shadows, then every card's shapes in one mesh, then their text. The
        // mesh gets a clip rectangle of its own (a quarter point in, unseen) so
        // egui copies it into a primitive of its own size at once, instead of
        // growing one shared buffer through it: a few hundred cards' worth of
        // reallocation and fresh pages cost milliseconds a frame.
        let texts = &mut state.paint.texts;
        texts.begin(decor.revision, s.zoom, palette.dark);
        let mesh_painter = painter.with_clip_rect(s.viewport.shrink(0.25));
        let ctx = CardContext {
            painter: &painter,
            palette: &palette,
            scratch: s,
            series,
            badges,
            hover,
        };
        // Notes first, the same way, in a layer of their own: under every
        // card, their text included (a dragged note too).
        let notes = s.visible.iter().map(|&i| &s.placed[i]);
        let mut notes = notes.filter(|p| p.kind == Kind::Note).peekable();
        if notes.peek().is_some() {
            let shadow_slot = painter.add(Shape::Noop);
            let under = mesh_painter.add(Shape::Noop);
            let mut shadows = Vec::new();
            let mut ink = Ink {
                mesh: reuse(&mut state.paint.notes),
                pts: &mut state.paint.poly,
                aa,
            };
            for p in notes {
                if let Some(BlockKind::Note(note)) = series.block(p.id).map(|b| &b.kind) {
                    let selected = sel.blocks.contains(&p.id);
                    ctx.note(texts, &mut ink, &mut shadows, p, note, selected);
                }
            }
            painter.set(shadow_slot, Shape::Vec(shadows));
            mesh_painter.set(under, Shape::Mesh(Arc::clone(&state.paint.notes)));
        }
        let shadow_slot = painter.add(Shape::Noop);
        let under = mesh_painter.add(Shape::Noop);
        let mut shadows = Vec::new();
        let mut ink = Ink {
            mesh: reuse(&mut state.paint.cards),
            pts: &mut state.paint.poly,
            aa,
        };
        for &i in &s.visible {
            let p = &s.placed[i];
            if p.kind == Kind::Note {
                continue;
            }
            let target = verdict
                .as_ref()
                .filter(|v| v.target == Some(p.id))
                .map(|v| v.refusal.is_none());
            let selected = sel.blocks.contains(&p.id);
            let elided = ctx.card(texts, &mut ink, &mut shadows, p, selected, target);
            if elided && hover == Hit::Block(p.id) {
                // The whole summary, for a card too narrow or too small to show it.
                let summary = series.block_summary(p.id);
                response.clone().on_hover_text_at_pointer(summary);
            }
        }
        painter.set(shadow_slot, Shape::Vec(shadows));
        mesh_painter.set(under, Shape::Mesh(Arc::clone(&state.paint.cards)));
    } else if s.visible.len() <= ROUNDED_PLAIN_LIMIT {
        // The cards' mesh goes under their titles, which are added as we go.
        let under = painter.add(Shape::Noop);
        let mesh = reuse(&mut state.paint.cards);
        let pts = &mut state.paint.poly;
        for &i in &s.visible {
            let p = &s.placed[i];
            let selected = sel.blocks.contains(&p.id);
            let block = series.block(p.id);
            if let Some(BlockKind::Note(note)) = block.map(|b| &b.kind) {
                let mut ink = Ink {
                    mesh: &mut *mesh,
                    pts: &mut *pts,
                    aa,
                };
                plain_note(&mut ink, &palette, s, p, note, selected);
                continue;
            }
            let title = (s.zoom >= PLAIN_TITLE_ZOOM)
                .then(|| block.map(|b| b.display_title()))
                .flatten();
            rounded_plain_card(
                mesh, &painter, &palette, s, p, selected, badges, title, aa, pts,
            );
        }
        painter.set(under, Shape::Mesh(Arc::clone(&state.paint.cards)));
    } else {
        plain_cards(reuse(&mut state.paint.cards), s, &palette, sel, badges);
        painter.add(Shape::Mesh(Arc::clone(&state.paint.cards)));
    }
    if let Some((marks, colours)) = &diff {
        diff_marks::paint_rings(&painter, colours, s, marks);
    }
    if let Some((path, colours)) = &lit {
        let mut ink = Ink {
            mesh: reuse(&mut state.paint.lit_cards),
            pts: &mut state.paint.poly,
            aa,
        };
        lit_path::paint_over_cards(&mut ink, s, path, colours);
        painter.add(Shape::Mesh(Arc::clone(&state.paint.lit_cards)));
    }

    if !decor.found.is_empty() {
        let mut ink = Ink {
            mesh: reuse(&mut state.paint.found),
            pts: &mut state.paint.poly,
            aa,
        };
        found_rings(&mut ink, s, decor, palette.found);
        painter.add(Shape::Mesh(Arc::clone(&state.paint.found)));
    }

    if let (Some(verdict), Some((from, pointer))) = (verdict, connecting) {
        let color = match (&verdict.refusal, verdict.target) {
            (Some(_), _) => palette.refused,
            (None, Some(_)) => palette.ok,
            (None, None) => palette.accent,
        };
        if let Some(start) = s
            .find(from.block)
            .and_then(|p| s.output_pos(p, from.output))
        {
            let mut ctrl = arrow_controls(start, pointer);
            ctrl[1] = start + vec2(0.0, 40.0 * s.zoom);
            ctrl[2] = pointer;
            let mut pts = Vec::with_capacity(17);
            flatten(&ctrl, 16, &mut pts);
            painter.add(Shape::line(pts, Stroke::new(width + 0.5, color)));
            painter.circle_filled(pointer, 4.0, color);
        }
        if let Some(why) = verdict.refusal {
            note(&painter, &palette, s.viewport, pointer, why);
        }
    }

    if let Gesture::Marquee { start, end, .. } = state.gesture {
        let r = Rect::from_two_pos(
            s.view.to_screen(s.viewport, start),
            s.view.to_screen(s.viewport, end),
        );
        painter.rect(
            r,
            2.0,
            palette.marquee_fill,
            Stroke::new(1.0, palette.accent),
            StrokeKind::Inside,
        );
    }
}

/// A ring round each card on screen that Find matches, at every zoom; the
/// current match's ring is thicker and stands further out.
fn found_rings(ink: &mut Ink, s: &Scratch, decor: &Decor, color: Color32) {
    for &i in &s.visible {
        let p = &s.placed[i];
        if !decor.found.contains(&p.id) {
            continue;
        }
        let current = decor.current == Some(p.id);
        let (gap, width) = if current { (5.0, 4.0) } else { (3.0, 2.5) };
        // Round the card's own corners, a ring's width out.
        let r = s.screen_rect(p).expand(gap + width / 2.0);
        ink.ring(r, 10.0 * s.zoom + gap + width / 2.0, width, color);
    }
}

fn set_cursor(ui: &Ui, gesture: &Gesture, hover: Hit) {
    let icon = match (gesture, hover) {
        (Gesture::Pan | Gesture::Move { .. }, _) => CursorIcon::Grabbing,
        (Gesture::Resize { .. }, _) | (_, Hit::Resize(_)) => CursorIcon::ResizeNwSe,
        (Gesture::Connect { .. }, _) | (_, Hit::Port(_)) => CursorIcon::Crosshair,
        (_, Hit::Block(_)) => CursorIcon::Grab,
        (_, Hit::Arrow(_)) => CursorIcon::PointingHand,
        _ => return,
    };
    ui.ctx().set_cursor_icon(icon);
}

/// How wide arrows are drawn at `zoom`: thin far out, never thicker than 4 points.
pub(super) fn arrow_width(zoom: f32) -> f32 {
    (2.0 * zoom).clamp(1.0, 4.0)
}

/// The head of an arrow whose line ends at `last` (on screen), pointing down;
/// `None` when too small to see. `wider` points more on each side.
pub(super) fn arrow_head(last: Pos2, zoom: f32, wider: f32) -> Option<[Pos2; 3]> {
    if HEAD_LENGTH * zoom < 3.0 {
        return None;
    }
    let head = vec2(HEAD_WIDTH, HEAD_LENGTH) * zoom;
    let tip = last + vec2(0.0, HEAD_LENGTH * zoom * 0.8);
    let base = tip.y - head.y;
    let spread = head.x / 2.0 + wider;
    Some([tip, pos2(tip.x - spread, base), pos2(tip.x + spread, base)])
}

/// A dot grid that thins out as the view zooms out.
fn grid(mesh: &mut Mesh, s: &Scratch, color: Color32) {
    let mut step = 40.0;
    while step * s.zoom < 24.0 {
        step *= 5.0;
    }
    let seen = s.view.visible_canvas(s.viewport);
    let dot = if step * s.zoom > 30.0 { 2.0 } else { 1.5 };
    let x0 = (seen.min.x / step).ceil() as i64;
    let x1 = (seen.max.x / step).floor() as i64;
    let y0 = (seen.min.y / step).ceil() as i64;
    let y1 = (seen.max.y / step).floor() as i64;
    if (x1 - x0 + 1).saturating_mul(y1 - y0 + 1) > 40_000 {
        return;
    }
    for y in y0..=y1 {
        for x in x0..=x1 {
            let c = s
                .view
                .to_screen(s.viewport, pos2(x as f32 * step, y as f32 * step));
            mesh.add_colored_rect(Rect::from_center_size(c, Vec2::splat(dot)), color);
        }
    }
}

/// A note near the pointer, kept whole inside the viewport.
fn note(painter: &Painter, palette: &Palette, viewport: Rect, pointer: Pos2, text: String) {
    let galley = painter.layout(
        text,
        FontId::proportional(13.0),
        palette.tooltip_text,
        260.0,
    );
    let pad = vec2(10.0, 6.0);
    let size = galley.size() + pad * 2.0;
    let mut at = pointer + vec2(16.0, 14.0);
    if at.x + size.x > viewport.max.x - 4.0 {
        at.x = pointer.x - 16.0 - size.x;
    }
    if at.y + size.y > viewport.max.y - 4.0 {
        at.y = pointer.y - 14.0 - size.y;
    }
    at = at.max(viewport.min + vec2(4.0, 4.0));
    let r = Rect::from_min_size(at, size);
    painter.rect_filled(r.translate(vec2(0.0, 2.0)), 6.0, palette.shadow);
    painter.rect(
        r,
        6.0,
        palette.tooltip_bg,
        Stroke::new(1.0, palette.refused),
        StrokeKind::Inside,
    );
    painter.galley(r.min + pad, galley, palette.tooltip_text);
}
