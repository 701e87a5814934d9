//! Painting: the grid, arrows, cards, ports, badges, and what a gesture shows.
//!
//! Arrows, the grid and far-away cards go into one mesh each, whose buffers are
//! reused every frame (egui hands the `Arc` back once it has tessellated it).
//! Cards close enough to read get rounded shapes, an icon and text.

use std::sync::Arc;

use egui::epaint::{Mesh, RectShape};
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{
    Color32, CornerRadius, CursorIcon, FontId, Galley, Painter, Pos2, Rect, Response, Shape,
    Stroke, StrokeKind, Ui, Vec2, pos2, vec2,
};

use super::interact::{Gesture, connect_verdict};
use super::layout::card_size;
use super::layout::{HEAD_LENGTH, HEAD_WIDTH, Hit, Placed, Scratch, arrow_controls, flatten};
use super::style::{Palette, blend};
use super::{Badges, CanvasState, Tone};
use crate::model::{Kind, Series};

/// Up to this many far-away cards are drawn rounded; more go into one flat mesh.
const ROUNDED_PLAIN_LIMIT: usize = 300;
/// Far-away cards show their title, at a fixed readable size, from this zoom.
const PLAIN_TITLE_ZOOM: f32 = 0.3;
const PLAIN_TITLE_SIZE: f32 = 10.5;
/// Zoom from which a card shows its one-line summary, not just its title.
const SUMMARY_ZOOM: f32 = 0.6;

/// Meshes kept between frames so their memory is reused.
#[derive(Debug, Default)]
pub struct Buffers {
    grid: Arc<Mesh>,
    arrows: Arc<Mesh>,
    cards: Arc<Mesh>,
    /// Points of one rounded shape at a time.
    poly: Vec<Pos2>,
}

/// The mesh inside `arc`, emptied, without reallocating when egui is done with it.
fn reuse(arc: &mut Arc<Mesh>) -> &mut Mesh {
    if Arc::get_mut(arc).is_none() {
        *arc = Arc::default();
    }
    let mesh = Arc::make_mut(arc);
    mesh.clear();
    mesh
}

pub fn paint(
    ui: &Ui,
    response: &Response,
    series: &Series,
    state: &mut CanvasState,
    badges: &Badges,
) {
    let palette = Palette::new(ui.visuals().dark_mode);
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

    let arrows = reuse(&mut state.paint.arrows);
    let sel = &state.selection;
    let lit = |port| sel.connections.contains(&port) || hover == Hit::Arrow(port);
    let width = (2.0 * s.zoom).clamp(1.0, 4.0);
    for highlighted in [false, true] {
        let (color, w) = if highlighted {
            (palette.accent, width + 1.5)
        } else {
            (palette.arrow, width)
        };
        for a in s.arrows.iter().filter(|a| lit(a.port) == highlighted) {
            let pts = &s.points[a.points.clone()];
            stroke_line(arrows, pts, w, color, aa);
            if let (Some(last), true) = (pts.last(), HEAD_LENGTH * s.zoom >= 3.0) {
                let head = vec2(HEAD_WIDTH, HEAD_LENGTH) * s.zoom;
                let tip = *last + vec2(0.0, HEAD_LENGTH * s.zoom * 0.8);
                let base = tip.y - head.y;
                let spread = head.x / 2.0 + if highlighted { 1.0 } else { 0.0 };
                fill_convex(
                    arrows,
                    &[tip, pos2(tip.x - spread, base), pos2(tip.x + spread, base)],
                    color,
                    aa,
                );
            }
        }
    }
    painter.add(Shape::Mesh(Arc::clone(&state.paint.arrows)));

    let (verdict, connecting) = match state.gesture {
        Gesture::Connect { from, pointer } => (
            Some(connect_verdict(series, s, from, pointer)),
            Some((from, pointer)),
        ),
        _ => (None, None),
    };

    if s.detailed() {
        let ctx = CardContext {
            painter: &painter,
            palette: &palette,
            scratch: s,
            series,
            badges,
            hover,
        };
        for &i in &s.visible {
            let p = &s.placed[i];
            let target = verdict
                .as_ref()
                .filter(|v| v.target == Some(p.id))
                .map(|v| v.refusal.is_none());
            let elided = ctx.card(p, sel.blocks.contains(&p.id), target);
            if elided && hover == Hit::Block(p.id) {
                // The whole summary, for a card too narrow or too small to show it.
                let summary = series.block_summary(p.id);
                response.clone().on_hover_text_at_pointer(summary);
            }
        }
    } else if s.visible.len() <= ROUNDED_PLAIN_LIMIT {
        // The cards' mesh goes under their titles, which are added as we go.
        let under = painter.add(Shape::Noop);
        let mesh = reuse(&mut state.paint.cards);
        let pts = &mut state.paint.poly;
        for &i in &s.visible {
            let p = &s.placed[i];
            let title = (s.zoom >= PLAIN_TITLE_ZOOM)
                .then(|| series.block(p.id).map(|b| b.display_title()))
                .flatten();
            let selected = sel.blocks.contains(&p.id);
            rounded_plain_card(
                mesh, &painter, &palette, s, p, selected, badges, title, aa, pts,
            );
        }
        painter.set(under, Shape::Mesh(Arc::clone(&state.paint.cards)));
    } else {
        plain_cards(reuse(&mut state.paint.cards), s, &palette, sel, badges);
        painter.add(Shape::Mesh(Arc::clone(&state.paint.cards)));
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

fn set_cursor(ui: &Ui, gesture: &Gesture, hover: Hit) {
    let icon = match (gesture, hover) {
        (Gesture::Pan | Gesture::Move { .. }, _) => CursorIcon::Grabbing,
        (Gesture::Connect { .. }, _) | (_, Hit::Port(_)) => CursorIcon::Crosshair,
        (_, Hit::Block(_)) => CursorIcon::Grab,
        (_, Hit::Arrow(_)) => CursorIcon::PointingHand,
        _ => return,
    };
    ui.ctx().set_cursor_icon(icon);
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

fn unit(a: Pos2, b: Pos2) -> Vec2 {
    let d = b - a;
    // `sqrt`, not `length` (hypot), which shows up in profiles of big series.
    let len = (d.x * d.x + d.y * d.y).sqrt();
    if len > 1e-6 { d / len } else { Vec2::ZERO }
}

/// A polyline of `width` points with feathered (anti-aliased) edges.
fn stroke_line(mesh: &mut Mesh, pts: &[Pos2], width: f32, color: Color32, aa: f32) {
    let n = pts.len();
    if n < 2 {
        return;
    }
    // A hairline needs no solid core: one coloured spine fading to both sides,
    // three vertices a point instead of four (far-away views draw thousands).
    let hairline = width <= 1.5 * aa.max(1.0);
    let per = if hairline { 3 } else { 4 };
    let inner = (width - aa) * 0.5;
    let outer = (width + aa) * 0.5;
    let base = mesh.vertices.len() as u32;
    mesh.reserve_vertices(per * n);
    mesh.reserve_triangles(2 * (per - 1) * (n - 1));
    for i in 0..n {
        let d0 = unit(pts[i.saturating_sub(1)], pts[i]);
        let d1 = unit(pts[i], pts[(i + 1).min(n - 1)]);
        let d0 = if i == 0 { d1 } else { d0 };
        let d1 = if i == n - 1 { d0 } else { d1 };
        let tangent = (d0 + d1).normalized();
        let normal = tangent.rot90();
        let miter = normal.dot(d0.rot90()).max(0.4);
        let normal = normal / miter;
        let p = pts[i];
        if hairline {
            let side = normal * width.max(aa);
            mesh.colored_vertex(p + side, Color32::TRANSPARENT);
            mesh.colored_vertex(p, color);
            mesh.colored_vertex(p - side, Color32::TRANSPARENT);
        } else {
            mesh.colored_vertex(p + normal * outer, Color32::TRANSPARENT);
            mesh.colored_vertex(p + normal * inner, color);
            mesh.colored_vertex(p - normal * inner, color);
            mesh.colored_vertex(p - normal * outer, Color32::TRANSPARENT);
        }
    }
    let per = per as u32;
    for i in 0..(n as u32 - 1) {
        let a = base + per * i;
        let b = a + per;
        for k in 0..per - 1 {
            mesh.add_triangle(a + k, a + k + 1, b + k);
            mesh.add_triangle(a + k + 1, b + k + 1, b + k);
        }
    }
}

/// A filled convex polygon with feathered edges.
fn fill_convex(mesh: &mut Mesh, pts: &[Pos2], color: Color32, aa: f32) {
    let n = pts.len();
    if n < 3 {
        return;
    }
    let centre = (pts.iter().fold(Vec2::ZERO, |acc, p| acc + p.to_vec2()) / n as f32).to_pos2();
    let outward = |a: Pos2, b: Pos2| {
        let normal = unit(a, b).rot90();
        if normal.dot(a.lerp(b, 0.5) - centre) < 0.0 {
            -normal
        } else {
            normal
        }
    };
    let base = mesh.vertices.len() as u32;
    for i in 0..n {
        let prev = pts[(i + n - 1) % n];
        let next = pts[(i + 1) % n];
        let n0 = outward(prev, pts[i]);
        let n1 = outward(pts[i], next);
        let normal = (n0 + n1).normalized();
        let miter = normal.dot(n0).max(0.3);
        let offset = normal * (aa * 0.5 / miter);
        mesh.colored_vertex(pts[i] - offset, color);
        mesh.colored_vertex(pts[i] + offset, Color32::TRANSPARENT);
    }
    let n = n as u32;
    for i in 1..n - 1 {
        mesh.add_triangle(base, base + 2 * i, base + 2 * (i + 1));
    }
    for i in 0..n {
        let j = (i + 1) % n;
        let (ai, ao, bi, bo) = (
            base + 2 * i,
            base + 2 * i + 1,
            base + 2 * j,
            base + 2 * j + 1,
        );
        mesh.add_triangle(ai, ao, bi);
        mesh.add_triangle(ao, bo, bi);
    }
}

/// A rounded rectangle as a convex polygon, in `out`: four points per corner,
/// or two where the corners are too small to tell.
fn rounded(r: Rect, radius: f32, out: &mut Vec<Pos2>) -> &[Pos2] {
    let radius = radius.min(r.width() / 2.0).min(r.height() / 2.0).max(0.0);
    let steps: usize = if radius < 4.0 { 2 } else { 4 };
    let corners = [
        (pos2(r.max.x - radius, r.min.y + radius), -90.0_f32),
        (pos2(r.max.x - radius, r.max.y - radius), 0.0),
        (pos2(r.min.x + radius, r.max.y - radius), 90.0),
        (pos2(r.min.x + radius, r.min.y + radius), 180.0),
    ];
    out.clear();
    for (centre, start) in corners {
        for k in 0..steps {
            let angle = (start + 90.0 * k as f32 / (steps - 1) as f32).to_radians();
            out.push(centre + vec2(angle.cos(), angle.sin()) * radius);
        }
    }
    out
}

/// A card too small to read, but few enough on screen to draw nicely: its
/// kind's colour, its title at a small fixed size, a grey bar for its summary.
/// Shapes go into `mesh`; the title is laid out as text.
#[allow(clippy::too_many_arguments)]
fn rounded_plain_card(
    mesh: &mut Mesh,
    painter: &Painter,
    pal: &Palette,
    s: &Scratch,
    p: &Placed,
    selected: bool,
    badges: &Badges,
    title: Option<String>,
    aa: f32,
    pts: &mut Vec<Pos2>,
) {
    let z = s.zoom;
    let r = s.screen_rect(p);
    let (border, width) = if selected {
        (pal.accent, 2.0)
    } else {
        (pal.card_border, 1.0)
    };
    let radius = (10.0 * z).max(2.0);
    fill_convex(mesh, rounded(r, radius, pts), border, aa);
    fill_convex(
        mesh,
        rounded(r.shrink(width), radius - width, pts),
        pal.card,
        aa,
    );
    let chip = Rect::from_min_size(r.min + vec2(12.0, 12.0) * z, Vec2::splat(28.0) * z);
    fill_convex(mesh, rounded(chip, 7.0 * z, pts), pal.kind(p.kind), aa);
    let mut bar = |x: f32, y: f32, w: f32, h: f32, c: Color32| {
        let b = Rect::from_min_size(r.min + vec2(x, y) * z, vec2(w, h) * z);
        fill_convex(mesh, rounded(b, h * z / 2.0, pts), c, aa);
    };
    let ink = pal.card_border;
    bar(12.0, 50.0, 180.0, 10.0, ink);
    if p.is_entry() {
        bar(12.0, -5.0, 40.0, 10.0, pal.entry());
    }
    match title {
        Some(title) => {
            let room = r.max.x - chip.max.x - 8.0 * z - 4.0;
            let font = FontId::proportional(PLAIN_TITLE_SIZE);
            let galley = line(painter, title, font, pal.title, room);
            let at = pos2(chip.max.x + 4.0, chip.center().y - galley.size().y / 2.0);
            painter.galley(at, galley, pal.title);
        }
        None => bar(50.0, 19.0, 120.0, 14.0, ink),
    }
    if let Some(list) = badges.get(&p.id) {
        let worst = list.iter().map(|b| b.tone).min_by_key(|t| tone_rank(*t));
        if let Some(tone) = worst {
            let centre = pos2(r.max.x - 12.0 * z, r.min.y);
            painter.circle_filled(centre, (7.0 * z).max(3.0), pal.tone(tone));
        }
    }
}

/// Cards too small to read and too many to draw one by one: a tinted block
/// each, in one mesh.
fn plain_cards(
    mesh: &mut Mesh,
    s: &Scratch,
    palette: &Palette,
    sel: &super::Selection,
    badges: &Badges,
) {
    let border = (2.0 * s.zoom).max(1.5);
    // A card a few pixels tall is one quad in a stronger tint of its kind.
    let tiny = card_size(1).y * s.zoom < 12.0;
    let solid = Kind::ALL.map(|k| blend(palette.kind_card(k), palette.kind(k), 0.45));
    for &i in &s.visible {
        let p = &s.placed[i];
        let r = s.screen_rect(p);
        if sel.blocks.contains(&p.id) {
            mesh.add_colored_rect(r.expand(border), palette.accent);
        }
        if tiny {
            mesh.add_colored_rect(r, solid[p.kind as usize]);
        } else {
            mesh.add_colored_rect(r, palette.kind_card(p.kind));
            let bar =
                Rect::from_min_max(r.min, pos2(r.max.x, r.min.y + (r.height() * 0.18).max(1.0)));
            mesh.add_colored_rect(bar, palette.kind(p.kind));
        }
        if let Some(list) = badges.get(&p.id) {
            let worst = list.iter().map(|b| b.tone).min_by_key(|t| tone_rank(*t));
            if let Some(tone) = worst {
                let size = (14.0 * s.zoom).max(4.0);
                let dot = Rect::from_center_size(pos2(r.max.x, r.min.y), Vec2::splat(size));
                mesh.add_colored_rect(dot, palette.tone(tone));
            }
        }
    }
}

fn tone_rank(t: Tone) -> u8 {
    match t {
        Tone::Error => 0,
        Tone::Warning => 1,
        Tone::Info => 2,
    }
}

/// A font size that changes in half-point steps, so zooming reuses laid-out text.
fn font(size: f32) -> FontId {
    FontId::proportional(((size * 2.0).round() / 2.0).max(1.0))
}

/// One line of text, cut short with "…" when wider than `max_width`.
fn line(
    painter: &Painter,
    text: String,
    font: FontId,
    color: Color32,
    max_width: f32,
) -> Arc<Galley> {
    let mut job = LayoutJob::single_section(text, TextFormat::simple(font, color));
    job.wrap = TextWrapping {
        max_width: max_width.max(1.0),
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    painter.layout_job(job)
}

/// A rounded label with text: "Entry", badges, refusal notes.
fn pill(
    painter: &Painter,
    at: Pos2,
    text: String,
    size: f32,
    fill: Color32,
    ink: Color32,
    right_aligned: bool,
) -> Rect {
    let galley = line(painter, text, font(size), ink, size * 16.0);
    let pad = vec2(size * 0.6, size * 0.25);
    let size2 = galley.size() + pad * 2.0;
    let min = if right_aligned {
        at - vec2(size2.x, 0.0)
    } else {
        at
    };
    let r = Rect::from_min_size(min, size2);
    painter.rect_filled(r, CornerRadius::from(size2.y / 2.0), fill);
    painter.galley(r.min + pad, galley, ink);
    r
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

struct CardContext<'a> {
    painter: &'a Painter,
    palette: &'a Palette,
    scratch: &'a Scratch,
    series: &'a Series,
    badges: &'a Badges,
    hover: Hit,
}

impl CardContext<'_> {
    /// A card you can read: icon, title, summary, ports and badges.
    /// `target` is Some(accepted) while an arrow is dragged over it.
    /// Returns whether its summary was cut short.
    fn card(&self, p: &Placed, selected: bool, target: Option<bool>) -> bool {
        let (painter, pal, z) = (self.painter, self.palette, self.scratch.zoom);
        let Some(block) = self.series.block(p.id) else {
            return false;
        };
        let r = self.scratch.screen_rect(p);
        let radius = CornerRadius::from(10.0 * z);
        painter.add(
            RectShape::filled(r.translate(vec2(0.0, 2.0 * z)), radius, pal.shadow)
                .with_blur_width(10.0 * z),
        );
        let hovered = matches!(self.hover, Hit::Block(id) | Hit::Port(crate::model::Port { block: id, .. }) if id == p.id);
        let (border, border_width) = match (target, selected, hovered) {
            (Some(true), _, _) => (pal.ok, 2.5),
            (Some(false), _, _) => (pal.refused, 2.5),
            (None, true, _) => (pal.accent, 2.0),
            (None, false, true) => (pal.port, 1.0),
            (None, false, false) => (pal.card_border, 1.0),
        };
        if selected && target.is_none() {
            painter.rect_filled(
                r.expand(3.0 * z.max(0.7)),
                CornerRadius::from(13.0 * z),
                pal.marquee_fill,
            );
        }
        painter.rect(
            r,
            radius,
            pal.card,
            Stroke::new(border_width, border),
            StrokeKind::Inside,
        );

        let accent = pal.kind(p.kind);
        let chip = Rect::from_min_size(r.min + vec2(12.0, 12.0) * z, Vec2::splat(28.0) * z);
        painter.rect_filled(chip, CornerRadius::from(7.0 * z), pal.kind_wash(p.kind));
        icon(
            painter,
            p.kind,
            chip.center(),
            8.0 * z,
            accent,
            pal.kind_wash(p.kind),
        );

        let title = line(
            painter,
            block.display_title(),
            font(14.5 * z),
            pal.title,
            r.width() - 62.0 * z,
        );
        let title_pos = pos2(
            chip.max.x + 10.0 * z,
            chip.center().y - title.size().y / 2.0,
        );
        painter.galley(title_pos, title, pal.title);

        let elided = if z >= SUMMARY_ZOOM {
            let summary = line(
                painter,
                self.series.block_summary(p.id),
                font(12.0 * z),
                pal.summary,
                r.width() - 24.0 * z,
            );
            let elided = summary.elided;
            painter.galley(r.min + vec2(12.0, 48.0) * z, summary, pal.summary);
            elided
        } else {
            // Too small to read: a grey bar keeps the card's shape.
            let bar = Rect::from_min_size(r.min + vec2(12.0, 50.0) * z, vec2(180.0, 10.0) * z);
            painter.rect_filled(bar, CornerRadius::from(5.0 * z), pal.card_border);
            true
        };

        let port_r = self.scratch.port_radius();
        if !p.has_incoming {
            // Where an arrow can arrive; once one does, its head marks the spot.
            painter.circle(
                input_pos(r),
                port_r,
                pal.card,
                Stroke::new(1.5 * z, pal.port),
            );
        }
        for (index, output) in p.outputs.iter().enumerate() {
            let at = super::layout::output_anchor(r, index, p.outputs.len());
            let port = crate::model::Port {
                block: p.id,
                output: *output,
            };
            let taken = p.is_taken(index);
            let hot = self.hover == Hit::Port(port);
            let (fill, ring) = match (hot, taken) {
                (true, _) => (accent, accent),
                (false, true) => (pal.arrow, pal.arrow),
                (false, false) => (pal.card, accent),
            };
            let radius = if hot { port_r * 1.4 } else { port_r };
            painter.circle(at, radius, fill, Stroke::new(1.5 * z, ring));
            if p.outputs.len() > 1 && z >= SUMMARY_ZOOM {
                let label = line(
                    painter,
                    output.label().to_owned(),
                    font(11.0 * z),
                    pal.summary,
                    r.width() / 2.0,
                );
                let pos = pos2(
                    at.x - label.size().x / 2.0,
                    at.y - 10.0 * z - label.size().y,
                );
                painter.galley(pos, label, pal.summary);
            }
        }

        let text = 10.5 * z;
        let top = r.min.y - 9.0 * z;
        if p.is_entry() {
            pill(
                painter,
                pos2(r.min.x + 12.0 * z, top),
                "Entry".into(),
                text,
                pal.entry(),
                Color32::WHITE,
                false,
            );
        }
        if let Some(list) = self.badges.get(&p.id) {
            let mut right = r.max.x - 12.0 * z;
            for b in list {
                let used = pill(
                    painter,
                    pos2(right, top),
                    b.text.clone(),
                    text,
                    pal.tone(b.tone),
                    Color32::WHITE,
                    true,
                );
                right = used.min.x - 4.0 * z;
            }
        }
        elided
    }
}

fn input_pos(r: Rect) -> Pos2 {
    pos2(r.center().x, r.min.y)
}

/// A small drawn icon per kind, `s` is half its size: a funnel for rules, a speech
/// bubble for messages, a clock for waits, a tag for tags.
pub fn icon(painter: &Painter, kind: Kind, c: Pos2, s: f32, color: Color32, hole: Color32) {
    let p = |x: f32, y: f32| c + vec2(x, y) * s;
    match kind {
        Kind::Rule => {
            painter.add(Shape::convex_polygon(
                vec![p(-1.0, -0.85), p(1.0, -0.85), p(0.22, 0.1), p(-0.22, 0.1)],
                color,
                Stroke::NONE,
            ));
            painter.rect_filled(
                Rect::from_min_max(p(-0.22, 0.0), p(0.22, 0.95)),
                CornerRadius::from(0.1 * s),
                color,
            );
        }
        Kind::Content => {
            painter.rect_filled(
                Rect::from_min_max(p(-1.0, -0.85), p(1.0, 0.55)),
                CornerRadius::from(0.35 * s),
                color,
            );
            painter.add(Shape::convex_polygon(
                vec![p(-0.55, 0.5), p(0.0, 0.5), p(-0.6, 1.0)],
                color,
                Stroke::NONE,
            ));
        }
        Kind::Wait => {
            painter.circle_stroke(c, 0.9 * s, Stroke::new(0.28 * s, color));
            let hand = Stroke::new(0.24 * s, color);
            painter.line_segment([c, p(0.0, -0.55)], hand);
            painter.line_segment([c, p(0.45, 0.0)], hand);
        }
        Kind::Tag => {
            painter.add(Shape::convex_polygon(
                vec![
                    p(-0.95, -0.65),
                    p(0.35, -0.65),
                    p(1.0, 0.0),
                    p(0.35, 0.65),
                    p(-0.95, 0.65),
                ],
                color,
                Stroke::NONE,
            ));
            painter.circle_filled(p(-0.45, 0.0), 0.2 * s, hole);
        }
    }
}
