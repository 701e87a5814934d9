//! What the user does on the canvas: pan and zoom, drag blocks, connect, select,
//! keys. Turns it into edits; never changes the series itself.

use std::collections::BTreeSet;

use egui::{Key, Modifiers, PointerButton, Pos2, Rect, Response, Ui, Vec2, vec2};

use super::layout::{self, Hit, card_rect};
use super::{CanvasState, ViewRequest};
use crate::action::{Action, Intent};
use crate::edit::{Edit, MergeKey};
use crate::model::{
    BlockId, BlockKind, Connection, ModelError, NoteBlock, Port, Pos, Series, Size,
};

/// What a press-and-drag is doing.
#[derive(Debug, Default)]
pub enum Gesture {
    #[default]
    Idle,
    Pan,
    /// Moving blocks: their positions when the drag began, by id.
    Move {
        orig: Vec<(BlockId, Pos)>,
        /// The grabbed block's start, which snapping aligns to the grid.
        anchor: Pos,
        /// Where the pointer was pressed, in canvas units.
        grab: Pos2,
        delta: Vec2,
        /// The delta last sent as an edit.
        sent: Vec2,
        key: MergeKey,
    },
    /// Resizing a note by its corner.
    Resize {
        id: BlockId,
        /// Its size when the drag began, and where the pointer was (canvas units).
        from: Size,
        grab: Pos2,
        /// The size now, and the size last sent as an edit.
        size: Size,
        sent: Size,
        key: MergeKey,
    },
    /// Dragging a new arrow from an output; `pointer` is on screen.
    Connect {
        from: Port,
        pointer: Pos2,
    },
    /// A selection rectangle in canvas units; `base` was selected before it.
    Marquee {
        start: Pos2,
        end: Pos2,
        base: BTreeSet<BlockId>,
    },
}

/// What the canvas asks of the app this frame, in order.
#[derive(Debug, Default)]
pub struct Output {
    pub intents: Vec<Intent>,
}

impl Output {
    /// An edit that is a step of its own.
    pub fn edit(&mut self, edit: Edit) {
        self.intents.push(Intent::Edit(edit, None));
        self.intents.push(Intent::EndGesture);
    }

    pub fn act(&mut self, action: Action) {
        self.intents.push(Intent::Act(action));
    }
}

/// Where a dragged arrow would land, and why it cannot.
pub struct Verdict {
    pub target: Option<BlockId>,
    pub refusal: Option<String>,
}

pub fn connect_verdict(
    series: &Series,
    scratch: &layout::Scratch,
    from: Port,
    pointer: Pos2,
) -> Verdict {
    let target = scratch.block_at(pointer, scratch.port_radius() + 4.0);
    let refusal = match target {
        Some(to) => series
            .can_connect(Connection::new(from.block, from.output, to))
            .err()
            .map(|e| explain(&e)),
        // Dropping on empty canvas makes a new block; only a taken output refuses.
        None => series.target(from.block, from.output).map(|_| {
            explain(&ModelError::OutputTaken {
                title: series.title_of(from.block).unwrap_or_default(),
                output: from.output,
            })
        }),
    };
    Verdict { target, refusal }
}

/// Why an arrow cannot go there, and what to do about it.
fn explain(e: &ModelError) -> String {
    let why = capitalise(&e.to_string());
    match e {
        ModelError::OutputTaken { .. } => format!("{why}. Delete that arrow first."),
        _ => format!("{why}."),
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn bounds_of(series: &Series, only: impl Fn(BlockId) -> bool) -> Option<Rect> {
    series
        .blocks()
        .iter()
        .filter(|(id, _)| only(**id))
        .map(|(_, b)| card_rect(b).expand(24.0))
        .reduce(|a, b| a.union(b))
}

pub fn apply_view_requests(state: &mut CanvasState, series: &Series, viewport: Rect) {
    for r in std::mem::take(&mut state.requests) {
        let view = &mut state.view;
        match r {
            ViewRequest::ZoomIn => view.zoom_in(viewport),
            ViewRequest::ZoomOut => view.zoom_out(viewport),
            ViewRequest::ZoomTo100 => view.zoom_around(viewport, viewport.center(), 1.0),
            ViewRequest::Fit => {
                if let Some(b) = bounds_of(series, |_| true) {
                    view.fit(viewport, b);
                }
            }
            ViewRequest::FitSelection => {
                let sel = &state.selection.blocks;
                let b = bounds_of(series, |id| sel.contains(&id))
                    .or_else(|| bounds_of(series, |_| true));
                if let Some(b) = b {
                    view.fit(viewport, b);
                }
            }
            ViewRequest::Reveal(ids) => {
                if let Some(b) = bounds_of(series, |id| ids.contains(&id)) {
                    view.reveal(viewport, b);
                }
            }
            ViewRequest::Focus(id) => {
                if let Some(b) = bounds_of(series, |i| i == id) {
                    if view.zoom() < super::view::READABLE_ZOOM {
                        let at = view.to_screen(viewport, b.center());
                        let anchor = if viewport.contains(at) {
                            at
                        } else {
                            viewport.center()
                        };
                        view.zoom_around(viewport, anchor, super::view::READABLE_ZOOM);
                    }
                    view.reveal(viewport, b);
                }
            }
            ViewRequest::Start(id) => {
                let all = bounds_of(series, |_| true);
                if let (Some(all), Some(b)) = (all, bounds_of(series, |i| i == id)) {
                    view.start_at(viewport, all, b);
                }
            }
        }
    }
}

/// Scrolling pans, Ctrl+scroll and pinch zoom around the pointer, the middle
/// button drags the view.
pub fn pan_and_zoom(ui: &Ui, response: &Response, state: &mut CanvasState, viewport: Rect) {
    if response.contains_pointer() {
        let (scroll, zoom, pointer) =
            ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta(), i.pointer.hover_pos()));
        if zoom != 1.0 {
            let anchor = pointer.unwrap_or(viewport.center());
            let z = state.view.zoom() * zoom;
            state.view.zoom_around(viewport, anchor, z);
        }
        if scroll != Vec2::ZERO {
            state.view.pan += scroll;
        }
    }
    if response.dragged_by(PointerButton::Middle) || matches!(state.gesture, Gesture::Pan) {
        state.view.pan += response.drag_delta();
    }
}

/// Follows a gesture under way with the pointer, before the frame is laid out,
/// so the cards drawn this frame are where the pointer is.
pub fn track(ui: &Ui, state: &mut CanvasState, viewport: Rect) {
    let Some(pointer) = ui.input(|i| i.pointer.interact_pos()) else {
        return;
    };
    if matches!(
        state.gesture,
        Gesture::Move { .. } | Gesture::Connect { .. } | Gesture::Marquee { .. }
    ) {
        auto_pan(ui, state, viewport, pointer);
    }
    let at = state.view.to_canvas(viewport, pointer);
    let snap = state.snap_to_grid;
    match &mut state.gesture {
        Gesture::Move {
            anchor,
            grab,
            delta,
            ..
        } => {
            let raw = at - *grab;
            *delta = if snap {
                let start = Pos2::new(anchor.x, anchor.y);
                layout::snap(start + raw) - start
            } else {
                raw
            };
        }
        Gesture::Resize {
            from, grab, size, ..
        } => {
            let (min, max) = (NoteBlock::MIN_SIZE, NoteBlock::MAX_SIZE);
            let grown = at - *grab;
            *size = Size {
                w: (from.w + grown.x).clamp(min.w, max.w).round(),
                h: (from.h + grown.y).clamp(min.h, max.h).round(),
            };
        }
        Gesture::Connect { pointer: p, .. } => *p = pointer,
        Gesture::Marquee { end, .. } => *end = at,
        Gesture::Idle | Gesture::Pan => {}
    }
}

/// Near an edge, a drag scrolls the canvas, faster the closer it gets, so a
/// block can be carried (or an arrow drawn) to a place off screen.
fn auto_pan(ui: &Ui, state: &mut CanvasState, viewport: Rect, pointer: Pos2) {
    const EDGE: f32 = 24.0;
    const SPEED: f32 = 900.0;
    let inner = viewport.shrink(EDGE);
    let push = |p: f32, lo: f32, hi: f32| {
        if p < lo {
            ((lo - p) / EDGE).min(1.0)
        } else if p > hi {
            -((p - hi) / EDGE).min(1.0)
        } else {
            0.0
        }
    };
    let dir = vec2(
        push(pointer.x, inner.min.x, inner.max.x),
        push(pointer.y, inner.min.y, inner.max.y),
    );
    if dir != Vec2::ZERO {
        let dt = ui.input(|i| i.stable_dt).clamp(0.0, 1.0 / 30.0);
        state.view.pan += dir * SPEED * dt;
        ui.ctx().request_repaint();
    }
}

fn toggles(m: Modifiers) -> bool {
    m.shift || m.command || m.ctrl
}

pub fn handle(
    ui: &Ui,
    response: &Response,
    series: &Series,
    state: &mut CanvasState,
    out: &mut Output,
) {
    let (pointer, press, modifiers, any_down, space) = ui.input(|i| {
        (
            i.pointer.interact_pos(),
            i.pointer.press_origin(),
            i.modifiers,
            i.pointer.any_down(),
            i.key_down(Key::Space),
        )
    });

    if response.drag_started_by(PointerButton::Primary) {
        let origin = press.or(pointer).unwrap_or_default();
        start_gesture(
            series,
            state,
            origin,
            pointer.unwrap_or(origin),
            modifiers,
            space,
        );
    }

    match &mut state.gesture {
        Gesture::Move {
            orig,
            delta,
            sent,
            key,
            ..
        } if *delta != *sent => {
            let moves = orig
                .iter()
                .map(|(id, p)| (*id, Pos::new(p.x + delta.x, p.y + delta.y)))
                .collect();
            out.intents
                .push(Intent::Edit(Edit::Move(moves), Some(key.clone())));
            *sent = *delta;
        }
        Gesture::Resize {
            id,
            size,
            sent,
            key,
            ..
        } if size != sent => {
            if let Some(mut block) = series.block(*id).cloned()
                && let BlockKind::Note(note) = &mut block.kind
            {
                note.size = *size;
                let edit = Edit::change_block(series, *id, block);
                out.intents.push(Intent::Edit(edit, Some(key.clone())));
            }
            *sent = *size;
        }
        Gesture::Marquee { start, end, base } => {
            let area = Rect::from_two_pos(*start, *end);
            let blocks = &mut state.selection.blocks;
            blocks.clone_from(base);
            blocks.extend(state.scratch.blocks_touching(area));
        }
        _ => {}
    }

    let busy = !matches!(state.gesture, Gesture::Idle);
    if busy && (response.drag_stopped() || !any_down) {
        finish_gesture(series, state, pointer, out);
    }

    if response.clicked()
        && let Some(p) = pointer
    {
        click(state, state.scratch.hit(p), modifiers);
    }
    if response.secondary_clicked()
        && let Some(p) = pointer
    {
        let hit = state.scratch.hit(p);
        match hit {
            Hit::Block(id) | Hit::Port(Port { block: id, .. })
                if !state.selection.blocks.contains(&id) =>
            {
                state.selection.set_blocks([id]);
            }
            Hit::Arrow(port) if !state.selection.connections.contains(&port) => {
                state.selection.clear();
                state.selection.connections.insert(port);
            }
            _ => {}
        }
        state.context = Some(super::menu::ContextTarget {
            hit,
            at: state.scratch.to_canvas(p),
        });
    }

    keys(ui, response, series, state, out);
}

fn start_gesture(
    series: &Series,
    state: &mut CanvasState,
    origin: Pos2,
    pointer: Pos2,
    modifiers: Modifiers,
    space: bool,
) {
    state.menu = None;
    if space {
        // Catch up with the pointer's travel before the press became a drag.
        state.view.pan += pointer - origin;
        state.gesture = Gesture::Pan;
        return;
    }
    let at = state.scratch.to_canvas(origin);
    state.gesture = match state.scratch.hit(origin) {
        Hit::Port(from) => Gesture::Connect { from, pointer },
        Hit::Resize(id) => {
            let from = match series.block(id).map(|b| &b.kind) {
                Some(BlockKind::Note(note)) => note.size,
                _ => NoteBlock::MIN_SIZE,
            };
            state.selection.set_blocks([id]);
            state.drag_serial += 1;
            Gesture::Resize {
                id,
                from,
                grab: at,
                size: from,
                sent: from,
                key: MergeKey::new(format!("canvas-resize-{}", state.drag_serial)),
            }
        }
        Hit::Block(id) => {
            let sel = &mut state.selection;
            if !sel.blocks.contains(&id) {
                if !toggles(modifiers) {
                    sel.clear();
                }
                sel.blocks.insert(id);
            }
            let orig: Vec<(BlockId, Pos)> = sel
                .blocks
                .iter()
                .filter_map(|b| series.block(*b).map(|block| (*b, block.pos)))
                .collect();
            let anchor = series.block(id).map(|b| b.pos).unwrap_or_default();
            state.drag_serial += 1;
            Gesture::Move {
                orig,
                anchor,
                grab: at,
                delta: Vec2::ZERO,
                sent: Vec2::ZERO,
                key: MergeKey::new(format!("canvas-move-{}", state.drag_serial)),
            }
        }
        Hit::Arrow(_) | Hit::Empty => {
            if !toggles(modifiers) {
                state.selection.clear();
            }
            Gesture::Marquee {
                start: at,
                end: at,
                base: state.selection.blocks.clone(),
            }
        }
    };
}

fn finish_gesture(
    series: &Series,
    state: &mut CanvasState,
    pointer: Option<Pos2>,
    out: &mut Output,
) {
    match std::mem::take(&mut state.gesture) {
        Gesture::Move { sent, .. } => {
            if sent != Vec2::ZERO {
                out.intents.push(Intent::EndGesture);
            }
        }
        Gesture::Resize { from, sent, .. } => {
            if sent != from {
                out.intents.push(Intent::EndGesture);
            }
        }
        Gesture::Connect {
            from,
            pointer: last,
        } => {
            let at = pointer.unwrap_or(last);
            let verdict = connect_verdict(series, &state.scratch, from, at);
            match verdict.target {
                Some(to) if verdict.refusal.is_none() => {
                    out.edit(Edit::connect(Connection::new(from.block, from.output, to)));
                }
                None if verdict.refusal.is_none() && state.scratch.viewport.contains(at) => {
                    state.menu = Some(super::menu::CreateMenu {
                        at: state.scratch.to_canvas(at),
                        from: Some(from),
                    });
                }
                _ => {}
            }
        }
        Gesture::Idle | Gesture::Pan | Gesture::Marquee { .. } => {}
    }
}

fn click(state: &mut CanvasState, hit: Hit, modifiers: Modifiers) {
    state.menu = None;
    let sel = &mut state.selection;
    let toggle = toggles(modifiers);
    match hit {
        Hit::Block(id) | Hit::Resize(id) | Hit::Port(Port { block: id, .. }) => {
            if toggle {
                if !sel.blocks.remove(&id) {
                    sel.blocks.insert(id);
                }
            } else {
                sel.set_blocks([id]);
            }
        }
        Hit::Arrow(port) => {
            if toggle {
                if !sel.connections.remove(&port) {
                    sel.connections.insert(port);
                }
            } else {
                sel.clear();
                sel.connections.insert(port);
            }
        }
        Hit::Empty => {
            if !toggle {
                sel.clear();
            }
        }
    }
}

/// Keys act when the canvas has focus, or when the pointer is over it and no
/// text field has focus.
fn keys(ui: &Ui, response: &Response, series: &Series, state: &mut CanvasState, out: &mut Output) {
    // The canvas does not take keyboard focus on click: the app's own shortcuts
    // (undo, redo) stand down while any widget has focus. The app may still give
    // it focus, and then keys act wherever the pointer is.
    let active =
        response.has_focus() || (response.contains_pointer() && !ui.ctx().text_edit_focused());
    if !active {
        return;
    }
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            response.id,
            egui::EventFilter {
                horizontal_arrows: true,
                vertical_arrows: true,
                escape: true,
                tab: false,
            },
        );
    });
    let pressed = |key: Key, mods: Modifiers| ui.input_mut(|i| i.consume_key(mods, key));

    if pressed(Key::Escape, Modifiers::NONE) {
        if state.menu.take().is_none() && !state.is_busy() {
            state.selection.clear();
        }
        if !matches!(state.gesture, Gesture::Move { .. }) {
            state.gesture = Gesture::Idle;
        }
    }
    // Select All and Delete are the app's actions, wherever the selection is shown.
    if state.is_busy() {
        return;
    }
    let step = if state.snap_to_grid {
        layout::GRID
    } else {
        layout::GRID / 2.0
    };
    let mut nudge = Vec2::ZERO;
    for (key, dir) in [
        (Key::ArrowLeft, vec2(-1.0, 0.0)),
        (Key::ArrowRight, vec2(1.0, 0.0)),
        (Key::ArrowUp, vec2(0.0, -1.0)),
        (Key::ArrowDown, vec2(0.0, 1.0)),
    ] {
        if pressed(key, Modifiers::NONE) {
            nudge += dir * step;
        }
        if pressed(key, Modifiers::SHIFT) {
            nudge += dir;
        }
    }
    if nudge != Vec2::ZERO && !state.selection.blocks.is_empty() {
        let moves: Vec<(BlockId, Pos)> = state
            .selection
            .blocks
            .iter()
            .filter_map(|id| {
                series
                    .block(*id)
                    .map(|b| (*id, Pos::new(b.pos.x + nudge.x, b.pos.y + nudge.y)))
            })
            .collect();
        if !moves.is_empty() {
            out.intents.push(Intent::Edit(
                Edit::Move(moves),
                Some(MergeKey::new("canvas-nudge")),
            ));
        }
    }
}
