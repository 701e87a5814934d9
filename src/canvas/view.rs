//! The view transform: where the canvas is panned to and how far it is zoomed.

use egui::{Pos2, Rect, Vec2, vec2};

use crate::model::BlockId;

/// Far enough out to fit 10,000 blocks (a series some 75,000 units wide) in a window.
pub const ZOOM_MIN: f32 = 0.005;
pub const ZOOM_MAX: f32 = 4.0;
/// One step of Zoom in / Zoom out.
const ZOOM_STEP: f32 = 1.25;
/// Space kept around blocks when fitting them, in points on screen.
const FIT_MARGIN: f32 = 40.0;
/// Fitting never zooms in past 100 %: a lone block should not fill the screen.
const FIT_MAX_ZOOM: f32 = 1.0;
/// A zoom at which every card's title and summary read comfortably (11 and 9 px).
pub const READABLE_ZOOM: f32 = 0.75;

/// Changes to the view that need the viewport, applied at the next frame.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewRequest {
    ZoomIn,
    ZoomOut,
    ZoomTo100,
    /// Show every block.
    Fit,
    /// Show the selected blocks (every block when nothing is selected).
    FitSelection,
    /// Scroll so these blocks are on screen, zooming out only if they do not fit.
    Reveal(Vec<BlockId>),
    /// Bring one block on screen where it can be read: as `Reveal`, zooming in
    /// to a readable zoom first when the view is too far out.
    Focus(BlockId),
    /// Open a series at a readable zoom: all of it when it fits, else starting
    /// at this block (its entry), near the top left.
    Start(BlockId),
}

/// Screen position = viewport top-left + `pan` + canvas position × zoom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// Where the canvas origin appears, from the viewport's top-left, in points.
    pub pan: Vec2,
    zoom: f32,
}

impl Default for View {
    fn default() -> Self {
        View {
            pan: vec2(64.0, 64.0),
            zoom: 1.0,
        }
    }
}

impl View {
    pub fn new(pan: Vec2, zoom: f32) -> Self {
        View {
            pan,
            zoom: clamp_zoom(zoom),
        }
    }

    /// 1.0 is 100 %.
    pub fn zoom(&self) -> f32 {
        self.zoom
    }

    pub fn to_screen(&self, viewport: Rect, p: Pos2) -> Pos2 {
        viewport.min + self.pan + p.to_vec2() * self.zoom
    }

    pub fn to_canvas(&self, viewport: Rect, p: Pos2) -> Pos2 {
        ((p - viewport.min - self.pan) / self.zoom).to_pos2()
    }

    pub fn rect_to_screen(&self, viewport: Rect, r: Rect) -> Rect {
        Rect::from_min_max(
            self.to_screen(viewport, r.min),
            self.to_screen(viewport, r.max),
        )
    }

    /// The part of the canvas the viewport shows.
    pub fn visible_canvas(&self, viewport: Rect) -> Rect {
        Rect::from_min_max(
            self.to_canvas(viewport, viewport.min),
            self.to_canvas(viewport, viewport.max),
        )
    }

    /// Zooms so the canvas point under `anchor` (on screen) stays under it.
    pub fn zoom_around(&mut self, viewport: Rect, anchor: Pos2, zoom: f32) {
        let zoom = clamp_zoom(zoom);
        let at = self.to_canvas(viewport, anchor);
        self.zoom = zoom;
        self.pan = anchor - viewport.min - at.to_vec2() * zoom;
    }

    pub fn zoom_in(&mut self, viewport: Rect) {
        self.zoom_around(viewport, viewport.center(), self.zoom * ZOOM_STEP);
    }

    pub fn zoom_out(&mut self, viewport: Rect) {
        self.zoom_around(viewport, viewport.center(), self.zoom / ZOOM_STEP);
    }

    /// Shows `bounds` (canvas units) whole and centred, as large as fits up to 100 %.
    pub fn fit(&mut self, viewport: Rect, bounds: Rect) {
        if !bounds.is_finite() || bounds.is_negative() {
            return;
        }
        let room = (viewport.size() - Vec2::splat(2.0 * FIT_MARGIN)).max(Vec2::splat(1.0));
        let size = bounds.size().max(Vec2::splat(1.0));
        let zoom = (room.x / size.x).min(room.y / size.y).min(FIT_MAX_ZOOM);
        self.zoom = clamp_zoom(zoom);
        self.center_on(viewport, bounds.center());
    }

    /// Puts a canvas point at the centre of the viewport.
    pub fn center_on(&mut self, viewport: Rect, p: Pos2) {
        self.pan = viewport.size() / 2.0 - p.to_vec2() * self.zoom;
    }

    /// Shows `bounds` at a readable zoom: `all` whole when it fits at that zoom
    /// (as large as fits, up to 100 %), else `bounds` near the top left.
    pub fn start_at(&mut self, viewport: Rect, all: Rect, bounds: Rect) {
        if !all.is_finite() || !bounds.is_finite() {
            return;
        }
        let room = (viewport.size() - Vec2::splat(2.0 * FIT_MARGIN)).max(Vec2::splat(1.0));
        let size = all.size().max(Vec2::splat(1.0));
        let fit = (room.x / size.x).min(room.y / size.y).min(FIT_MAX_ZOOM);
        if fit >= READABLE_ZOOM {
            self.fit(viewport, all);
            return;
        }
        self.zoom = READABLE_ZOOM;
        self.pan = Vec2::splat(FIT_MARGIN) - bounds.min.to_vec2() * self.zoom;
    }

    /// Scrolls as little as needed to show `bounds`; fits them if they are too big.
    pub fn reveal(&mut self, viewport: Rect, bounds: Rect) {
        if !bounds.is_finite() || bounds.is_negative() {
            return;
        }
        let inner = viewport.shrink(FIT_MARGIN);
        let on_screen = self.rect_to_screen(viewport, bounds);
        if inner.contains_rect(on_screen) {
            return;
        }
        if on_screen.width() > inner.width() || on_screen.height() > inner.height() {
            self.fit(viewport, bounds);
            return;
        }
        let dx = shift_into(
            on_screen.x_range().min,
            on_screen.x_range().max,
            inner.x_range(),
        );
        let dy = shift_into(
            on_screen.y_range().min,
            on_screen.y_range().max,
            inner.y_range(),
        );
        self.pan += vec2(dx, dy);
    }
}

fn clamp_zoom(zoom: f32) -> f32 {
    if zoom.is_finite() {
        zoom.clamp(ZOOM_MIN, ZOOM_MAX)
    } else {
        1.0
    }
}

/// How far to move the span [lo, hi] so it lies inside `range` (it fits).
fn shift_into(lo: f32, hi: f32, range: egui::Rangef) -> f32 {
    if lo < range.min {
        range.min - lo
    } else if hi > range.max {
        range.max - hi
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    fn viewport() -> Rect {
        Rect::from_min_size(pos2(10.0, 20.0), vec2(800.0, 600.0))
    }

    #[test]
    fn zooming_keeps_the_anchor_still() {
        let mut v = View::default();
        let anchor = pos2(300.0, 200.0);
        let before = v.to_canvas(viewport(), anchor);
        v.zoom_around(viewport(), anchor, 2.5);
        let after = v.to_canvas(viewport(), anchor);
        assert!((before - after).length() < 1e-3);
        assert_eq!(v.zoom(), 2.5);
    }

    #[test]
    fn zoom_stays_between_half_a_percent_and_400_percent() {
        let mut v = View::default();
        v.zoom_around(viewport(), pos2(0.0, 0.0), 100.0);
        assert_eq!(v.zoom(), ZOOM_MAX);
        v.zoom_around(viewport(), pos2(0.0, 0.0), 0.0);
        assert_eq!(v.zoom(), ZOOM_MIN);
    }

    #[test]
    fn fit_shows_the_whole_rectangle() {
        let mut v = View::default();
        let bounds = Rect::from_min_max(pos2(-500.0, 100.0), pos2(1500.0, 900.0));
        v.fit(viewport(), bounds);
        assert!(viewport().contains_rect(v.rect_to_screen(viewport(), bounds)));
        assert!(v.zoom() < 1.0);
    }

    #[test]
    fn a_large_series_starts_readable_at_its_entry() {
        let mut v = View::new(vec2(0.0, 0.0), 0.2);
        let all = Rect::from_min_max(pos2(0.0, 0.0), pos2(9000.0, 600.0));
        let entry = Rect::from_min_size(pos2(0.0, 0.0), vec2(240.0, 72.0));
        v.start_at(viewport(), all, entry);
        assert_eq!(v.zoom(), READABLE_ZOOM);
        let on_screen = v.rect_to_screen(viewport(), entry);
        assert!(viewport().shrink(FIT_MARGIN - 1.0).contains_rect(on_screen));
        assert!(on_screen.min.x < viewport().center().x);
        // A small one is shown whole.
        let small = Rect::from_min_max(pos2(0.0, 0.0), pos2(500.0, 300.0));
        v.start_at(viewport(), small, entry);
        assert!(viewport().contains_rect(v.rect_to_screen(viewport(), small)));
        assert_eq!(v.zoom(), 1.0);
    }

    #[test]
    fn reveal_scrolls_without_zooming_when_it_fits() {
        let mut v = View::default();
        let bounds = Rect::from_min_size(pos2(3000.0, 3000.0), vec2(240.0, 80.0));
        v.reveal(viewport(), bounds);
        assert_eq!(v.zoom(), 1.0);
        assert!(viewport().contains_rect(v.rect_to_screen(viewport(), bounds)));
    }
}
