//! The minimap: the whole series in the canvas' bottom-right corner, blocks in
//! their kind's colour, what the canvas shows as a rectangle. Pressing or
//! dragging on it moves the view there (the view is the canvas' own, like
//! panning: no intent for the app).

use std::sync::Arc;

use egui::epaint::Mesh;
use egui::{Color32, Id, Pos2, Rect, Sense, Shape, Stroke, StrokeKind, Ui, Vec2, vec2};

use super::mesh::reuse;
use super::style::{Palette, blend};
use super::{CanvasState, Decor};

const SIZE: Vec2 = vec2(220.0, 150.0);
/// Room between the minimap and the canvas' edges.
const INSET: f32 = 12.0;
/// Room inside the minimap's frame around the series.
const PAD: f32 = 8.0;
/// Shown by default once the series covers this many viewports at 100 %.
const SCREENS: f32 = 3.0;
/// The smallest block drawn, in points, so a lone block is still seen.
const MIN_BLOCK: f32 = 1.5;

/// The minimap's blocks, kept while the series and the minimap's place stay
/// the same: the series' revision, where it is drawn, and the theme.
#[derive(Debug)]
pub struct Minimap {
    pub shown: bool,
    key: Option<(u64, Rect, bool)>,
    blocks: Arc<Mesh>,
    /// The canvas bounds the cached mesh maps from.
    bounds: Rect,
}

impl Default for Minimap {
    fn default() -> Self {
        Minimap {
            shown: false,
            key: None,
            blocks: Arc::default(),
            bounds: Rect::NOTHING,
        }
    }
}

/// Where canvas bounds go inside the minimap's rectangle: scaled to fit, centred.
struct Map {
    scale: f32,
    offset: Vec2,
}

impl Map {
    fn new(bounds: Rect, inner: Rect) -> Map {
        let size = bounds.size().max(Vec2::splat(1.0));
        let scale = (inner.width() / size.x).min(inner.height() / size.y);
        let offset = inner.center().to_vec2() - bounds.center().to_vec2() * scale;
        Map { scale, offset }
    }

    fn to_map(&self, p: Pos2) -> Pos2 {
        (p.to_vec2() * self.scale + self.offset).to_pos2()
    }

    fn to_canvas(&self, p: Pos2) -> Pos2 {
        ((p.to_vec2() - self.offset) / self.scale).to_pos2()
    }

    fn rect(&self, r: Rect) -> Rect {
        Rect::from_min_max(self.to_map(r.min), self.to_map(r.max))
    }
}

pub fn show(ui: &Ui, canvas_id: Id, state: &mut CanvasState, decor: &Decor) {
    let s = &state.scratch;
    let viewport = s.viewport;
    let Some(bounds) = s.placed.iter().map(|p| p.rect).reduce(|a, b| a.union(b)) else {
        state.minimap.shown = false;
        return;
    };
    // Unless asked for, it shows while a series of many screens is not all in view.
    let big = bounds.area() > SCREENS * viewport.area();
    let all_in_view = s.view.visible_canvas(viewport).contains_rect(bounds);
    let fits = viewport.width() > SIZE.x * 2.0 && viewport.height() > SIZE.y * 2.0;
    let shown = decor.minimap.unwrap_or(big && !all_in_view) && fits;
    state.minimap.shown = shown;
    if !shown {
        return;
    }
    let frame = Rect::from_min_size(viewport.max - SIZE - Vec2::splat(INSET), SIZE);
    let palette = Palette::new(ui.visuals().dark_mode);

    let id = canvas_id.with("minimap");
    let response = ui.interact(frame, id, Sense::click_and_drag());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Image, true, "Minimap of the series")
    });
    let map = Map::new(bounds, frame.shrink(PAD));
    if (response.is_pointer_button_down_on() || response.clicked())
        && let Some(pointer) = response.interact_pointer_pos()
    {
        let target = map.to_canvas(pointer.clamp(frame.min, frame.max));
        state.view.center_on(viewport, target);
        ui.ctx().request_repaint();
    }
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }

    let painter = ui.painter_at(frame);
    painter.rect(
        frame,
        6.0,
        palette.card,
        Stroke::new(1.0, palette.card_border),
        StrokeKind::Inside,
    );
    let key = (decor.revision, frame, palette.dark);
    let cache = &mut state.minimap;
    if cache.key != Some(key) || cache.bounds != bounds {
        let mesh = reuse(&mut cache.blocks);
        let colours = crate::model::Kind::ALL.map(|k| palette.kind(k));
        // Thousands of blocks share the minimap's few pixels: one quad per
        // cell of the smallest block's size is all that can be seen.
        let cells = (SIZE / MIN_BLOCK).ceil();
        let mut drawn = vec![false; (cells.x * cells.y) as usize];
        for p in &s.placed {
            let r = at_least(map.rect(p.rect));
            let cell = ((r.min - frame.min) / MIN_BLOCK).floor();
            let at = (cell.y.clamp(0.0, cells.y - 1.0) * cells.x + cell.x.clamp(0.0, cells.x - 1.0))
                as usize;
            // A block larger than a cell is always drawn.
            let small = r.width() <= 2.0 * MIN_BLOCK && r.height() <= 2.0 * MIN_BLOCK;
            if small && std::mem::replace(&mut drawn[at], true) {
                continue;
            }
            mesh.add_colored_rect(r, colours[p.kind as usize]);
        }
        cache.key = Some(key);
        cache.bounds = bounds;
    }
    painter.add(Shape::Mesh(Arc::clone(&cache.blocks)));
    for id in decor.found {
        if let Some(p) = s.find(*id) {
            let r = at_least(map.rect(p.rect)).expand(1.5);
            painter.rect_filled(r, 0.0, palette.found);
        }
    }
    let seen = map.rect(s.view.visible_canvas(viewport)).intersect(frame);
    painter.rect(
        seen,
        2.0,
        Color32::from_rgba_unmultiplied(
            palette.accent.r(),
            palette.accent.g(),
            palette.accent.b(),
            36,
        ),
        Stroke::new(1.5, blend(palette.accent, palette.title, 0.15)),
        StrokeKind::Inside,
    );
}

fn at_least(r: Rect) -> Rect {
    Rect::from_center_size(r.center(), r.size().max(Vec2::splat(MIN_BLOCK)))
}
