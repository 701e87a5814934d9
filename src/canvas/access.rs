//! AccessKit nodes for the blocks on screen, so screen readers (and tests) find
//! each card by its title.

use egui::{Context, Id, accesskit};

use super::interact::{Gesture, connect_verdict};
use super::{CanvasState, kind_label};
use crate::model::Series;

/// At most this many blocks get a node per frame. A series zoomed far out can
/// show thousands of cards; describing them all would cost the frame budget
/// while AccessKit is on, and nobody can tell such tiny cards apart anyway.
pub const ACCESS_LIMIT: usize = 400;

/// The id of a block's node; stable across frames.
pub fn block_node_id(canvas: Id, block: crate::model::BlockId) -> Id {
    canvas.with(("block", block.0))
}

pub fn expose(ctx: &Context, canvas: Id, series: &Series, state: &CanvasState) {
    let s = &state.scratch;
    // Why an arrow being drawn cannot go where it points, said aloud as well as shown.
    if let Gesture::Connect { from, pointer } = state.gesture
        && let Some(refusal) = connect_verdict(series, s, from, pointer).refusal
    {
        ctx.accesskit_node_builder(canvas.with("refusal"), |node| {
            node.set_role(accesskit::Role::Alert);
            node.set_label(refusal);
        });
    }
    for &i in s.visible.iter().take(ACCESS_LIMIT) {
        let p = &s.placed[i];
        let Some(block) = series.block(p.id) else {
            continue;
        };
        let r = s.screen_rect(p).intersect(s.viewport);
        if r.is_negative() {
            continue;
        }
        let selected = state.selection.blocks.contains(&p.id);
        let written = ctx.accesskit_node_builder(block_node_id(canvas, p.id), |node| {
            node.set_role(accesskit::Role::Button);
            node.set_label(block.display_title());
            node.set_description(format!(
                "{}: {}",
                kind_label(p.kind),
                series.block_summary(p.id)
            ));
            node.set_selected(selected);
            node.add_action(accesskit::Action::Click);
            node.set_bounds(accesskit::Rect {
                x0: r.min.x.into(),
                y0: r.min.y.into(),
                x1: r.max.x.into(),
                y1: r.max.y.into(),
            });
        });
        if written.is_none() {
            // AccessKit is off: nothing to describe.
            return;
        }
    }
}

/// A screen reader's "click" on a block selects it, as a click would.
pub fn take_clicks(ctx: &Context, canvas: Id, state: &mut CanvasState) {
    let asked = ctx.input(|i| {
        i.events
            .iter()
            .any(|e| matches!(e, egui::Event::AccessKitActionRequest(_)))
    });
    if !asked {
        return;
    }
    let s = &state.scratch;
    let mut clicked = None;
    ctx.input_mut(|i| {
        for &index in s.visible.iter().take(ACCESS_LIMIT) {
            let id = s.placed[index].id;
            i.consume_accesskit_action_requests(block_node_id(canvas, id), |r| {
                let click = r.action == accesskit::Action::Click;
                if click {
                    clicked = Some(id);
                }
                click
            });
        }
    });
    if let Some(id) = clicked {
        state.selection.set_blocks([id]);
    }
}
