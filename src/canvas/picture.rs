//! The canvas drawn small and still, as a picture (a template's preview).

use egui::{Response, Sense, Ui, Vec2};

use super::{Badges, CanvasState, Decor, ViewRequest, interact, layout, paint};
use crate::model::Series;

/// How much of the fitting margin a picture gives back: a small picture needs
/// its room for the series, not for the canvas' margin round it.
const MARGIN_BACK: f32 = 34.0;

/// Draws the whole series fitted into `size`, with no interaction of its own:
/// the response is the picture's, clickable as a whole. `state` keeps the
/// picture's buffers between frames.
pub fn picture(ui: &mut Ui, series: &Series, state: &mut CanvasState, size: Vec2) -> Response {
    // The painted canvas' response comes first, so the clickable one covers it
    // and no card under the pointer is drawn hovered.
    let (rect, under) = ui.allocate_exact_size(size, Sense::hover());
    let response = ui.interact(rect, under.id.with("picture"), Sense::click());
    // Fitted into a larger viewport that starts MARGIN_BACK earlier, then
    // shifted back to this one.
    state.request(ViewRequest::Fit);
    interact::apply_view_requests(state, series, rect.expand(MARGIN_BACK));
    state.view.pan -= Vec2::splat(MARGIN_BACK);
    // The picture keeps nothing of a series between frames: it has no
    // revision to tell whether its series changed, and its series is small.
    state.forget_series();
    let badges = Badges::new();
    let decor = Decor::new(&badges, 0);
    layout::place(series, state, rect, decor.revision);
    paint::paint(ui, &under, series, state, &decor);
    response
}
