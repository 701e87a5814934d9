//! The minimap: the whole series in the canvas' bottom-right corner, blocks in
//! their kind's colour, what the canvas shows as a rectangle. Pressing or
//! dragging on it moves the view there (the view is the canvas' own, like
//! panning: no intent for the app).
//!
//! Its blocks are a small picture, drawn again only when the series changes:
//! a frame draws one textured quad, however many blocks there are.

use egui::{
    Color32, ColorImage, Id, Pos2, Rect, Sense, Stroke, StrokeKind, TextureHandle, TextureOptions,
    Ui, Vec2, vec2,
};

use super::style::{Palette, blend};
use super::{CanvasState, Decor};

const SIZE: Vec2 = vec2(220.0, 150.0);
/// Room between the minimap and the canvas' edges.
const INSET: f32 = 12.0;
/// Room inside the minimap's frame around the series.
const PAD: f32 = 8.0;
/// Shown by default once the series covers this many viewports at 100 %.
const SCREENS: f32 = 3.0;
/// The minimap's picture of the blocks, kept while the series (its revision),
/// the minimap's place, the screen's pixel density and the theme stay the same.
#[derive(Default)]
pub struct Minimap {
    pub shown: bool,
    key: Option<(u64, Rect, u32, bool)>,
    picture: Option<TextureHandle>,
}

impl std::fmt::Debug for Minimap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Minimap")
            .field("shown", &self.shown)
            .finish()
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
    let ppp = ui.ctx().pixels_per_point();
    let key = (decor.revision, frame, ppp.to_bits(), palette.dark);
    let cache = &mut state.minimap;
    if cache.key != Some(key) || cache.picture.is_none() {
        let image = picture(
            &map,
            frame,
            ppp,
            s.placed.iter().map(|p| (p.rect, palette.kind(p.kind))),
        );
        match &mut cache.picture {
            Some(texture) => texture.set(image, TextureOptions::NEAREST),
            None => {
                cache.picture = Some(ui.ctx().load_texture(
                    "minimap",
                    image,
                    TextureOptions::NEAREST,
                ));
            }
        }
        cache.key = Some(key);
    }
    if let Some(texture) = &cache.picture {
        let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
        painter.image(texture.id(), frame, uv, Color32::WHITE);
    }
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

/// The blocks, each at least a pixel, on a clear picture of the minimap's size.
fn picture(
    map: &Map,
    frame: Rect,
    ppp: f32,
    blocks: impl Iterator<Item = (Rect, Color32)>,
) -> ColorImage {
    let (w, h) = (
        (frame.width() * ppp).round().max(1.0) as usize,
        (frame.height() * ppp).round().max(1.0) as usize,
    );
    let mut pixels = vec![Color32::TRANSPARENT; w * h];
    for (rect, colour) in blocks {
        let r = map.rect(rect);
        let x0 = ((r.min.x - frame.min.x) * ppp)
            .floor()
            .clamp(0.0, w as f32 - 1.0) as usize;
        let y0 = ((r.min.y - frame.min.y) * ppp)
            .floor()
            .clamp(0.0, h as f32 - 1.0) as usize;
        let x1 = ((r.max.x - frame.min.x) * ppp)
            .ceil()
            .clamp(x0 as f32 + 1.0, w as f32) as usize;
        let y1 = ((r.max.y - frame.min.y) * ppp)
            .ceil()
            .clamp(y0 as f32 + 1.0, h as f32) as usize;
        for row in pixels[y0 * w..y1 * w].chunks_mut(w) {
            row[x0..x1].fill(colour);
        }
    }
    ColorImage::new([w, h], pixels)
}

/// A block on the minimap, at least a point across so a lone block is seen.
fn at_least(r: Rect) -> Rect {
    Rect::from_center_size(r.center(), r.size().max(Vec2::splat(1.5)))
}
