//! Menus on the canvas: the right-click menu, and the "add a block here" menu that
//! opens when an arrow is dropped on empty canvas.

use egui::{Button, Key, Order, Pos2, Response, RichText, Ui, vec2};

use super::interact::Output;
use super::layout::{self, Hit};
use super::style::Palette;
use super::{CanvasState, ViewRequest, kind_label};
use crate::action::{Action, Placement};
use crate::edit::Edit;
use crate::model::{BlockId, Kind, Port, Pos, Series};
use std::collections::BTreeSet;

/// The menu to create a block, at a canvas point, maybe connected from an output.
#[derive(Debug, Clone)]
pub struct CreateMenu {
    pub at: Pos2,
    pub from: Option<Port>,
}

/// What was right-clicked, and where on the canvas.
#[derive(Debug, Clone, Copy)]
pub struct ContextTarget {
    pub hit: Hit,
    pub at: Pos2,
}

/// Arrows leaving or reaching any of the blocks.
fn arrows_touching(series: &Series, ids: &BTreeSet<BlockId>) -> Vec<Port> {
    series
        .connections()
        .filter(|c| ids.contains(&c.from) || ids.contains(&c.to))
        .map(|c| c.port())
        .collect()
}

pub fn show(
    ui: &Ui,
    response: &Response,
    series: &Series,
    state: &mut CanvasState,
    out: &mut Output,
) {
    response.context_menu(|ui| context_menu(ui, series, state, out));
    create_menu(ui, response, state, out);
}

fn context_menu(ui: &mut Ui, series: &Series, state: &mut CanvasState, out: &mut Output) {
    let Some(target) = state.context else {
        ui.close();
        return;
    };
    ui.set_min_width(170.0);
    let blocks = state.selection.blocks.len();
    match target.hit {
        Hit::Block(_) | Hit::Port(_) if blocks > 0 => {
            let plural = if blocks == 1 { "block" } else { "blocks" };
            if ui.button(format!("Duplicate {plural}")).clicked() {
                out.act(Action::Duplicate);
                ui.close();
            }
            let touching = arrows_touching(series, &state.selection.blocks);
            if ui
                .add_enabled(!touching.is_empty(), Button::new("Disconnect arrows"))
                .clicked()
            {
                out.edit(Edit::Remove {
                    blocks: Vec::new(),
                    connections: touching,
                });
                ui.close();
            }
            if ui.button(format!("Delete {plural}")).clicked() {
                out.act(Action::Delete);
                ui.close();
            }
            ui.separator();
        }
        Hit::Arrow(port) => {
            if ui.button("Delete arrow").clicked() {
                state.selection.clear();
                state.selection.connections.insert(port);
                out.act(Action::Delete);
                ui.close();
            }
            ui.separator();
        }
        _ => {}
    }
    ui.menu_button("Add block here", |ui| {
        for kind in Kind::ALL {
            if kind_button(ui, kind).clicked() {
                out.act(Action::AddBlock {
                    kind,
                    at: Placement::CentredAt(Pos::new(target.at.x, target.at.y)),
                    from: None,
                });
                ui.close();
            }
        }
    });
    // Tidy Up lays out a selection of two or more, else the whole series.
    let tidy = if blocks > 1 {
        "Tidy up selected blocks"
    } else {
        "Tidy up the series"
    };
    if ui.button(tidy).clicked() {
        out.act(Action::Tidy);
        ui.close();
    }
    if ui.button("Zoom to fit").clicked() {
        out.act(Action::View(ViewRequest::Fit));
        ui.close();
    }
}

/// A menu row with the kind's icon before its name, drawn by hand so the icon
/// has its own room whatever the button style.
fn kind_button(ui: &mut Ui, kind: Kind) -> Response {
    let size = vec2(150.0, ui.spacing().interact_size.y + 4.0);
    let (rect, r) = ui.allocate_exact_size(size, egui::Sense::click());
    let visuals = ui.style().interact(&r);
    let painter = ui.painter();
    if r.hovered() || r.has_focus() {
        painter.rect_filled(rect, visuals.corner_radius, visuals.weak_bg_fill);
    }
    let palette = Palette::new(ui.visuals().dark_mode);
    let icon_at = rect.left_center() + vec2(14.0, 0.0);
    let behind = if r.hovered() || r.has_focus() {
        visuals.weak_bg_fill
    } else {
        ui.visuals().window_fill
    };
    let mut mesh = egui::epaint::Mesh::default();
    let mut ink = super::mesh::Ink {
        mesh: &mut mesh,
        pts: &mut Vec::new(),
        aa: 1.0 / ui.ctx().pixels_per_point(),
    };
    super::card::icon(&mut ink, kind, icon_at, 5.5, palette.kind(kind), behind);
    painter.add(egui::Shape::mesh(mesh));
    painter.text(
        rect.left_center() + vec2(28.0, 0.0),
        egui::Align2::LEFT_CENTER,
        kind_label(kind),
        egui::TextStyle::Button.resolve(ui.style()),
        visuals.text_color(),
    );
    // Read as "Add wait block", not as a block titled "Wait".
    r.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            format!("Add {} block", kind_label(kind).to_lowercase()),
        )
    });
    r
}

fn create_menu(ui: &Ui, response: &Response, state: &mut CanvasState, out: &mut Output) {
    let Some(menu) = state.menu.clone() else {
        return;
    };
    let screen = state.view.to_screen(state.scratch.viewport, menu.at);
    let mut chosen = None;
    let area = egui::Area::new(response.id.with("create_menu"))
        .order(Order::Foreground)
        .fixed_pos(screen + vec2(6.0, 6.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::menu(ui.style()).show(ui, |ui| {
                ui.label(RichText::new("Add a block here").strong());
                // An arrow cannot end at a note.
                let kinds = Kind::ALL
                    .into_iter()
                    .filter(|k| menu.from.is_none() || k.on_paths());
                for kind in kinds {
                    if kind_button(ui, kind).clicked() {
                        chosen = Some(kind);
                    }
                }
            });
        });
    if let Some(kind) = chosen {
        // The new block's input lands where the arrow was dropped.
        out.act(Action::AddBlock {
            kind,
            at: Placement::InputAt(Pos::new(menu.at.x, menu.at.y)),
            from: menu.from,
        });
        state.menu = None;
        return;
    }
    let clicked_outside = ui.input(|i| {
        i.pointer.any_pressed()
            && i.pointer
                .interact_pos()
                .is_some_and(|p| !area.response.rect.contains(p))
    });
    if clicked_outside || ui.input(|i| i.key_pressed(Key::Escape)) {
        state.menu = None;
    }
    if let Some(port) = menu.from
        && let Some(start) = state
            .scratch
            .find(port.block)
            .and_then(|p| state.scratch.output_pos(p, port.output))
    {
        // Keep the would-be arrow in sight while the menu is open.
        let painter = ui.painter_at(state.scratch.viewport);
        let palette = Palette::new(ui.visuals().dark_mode);
        let ctrl = layout::arrow_controls(start, screen);
        let mut pts = Vec::with_capacity(17);
        layout::flatten(&ctrl, 16, &mut pts);
        painter.add(egui::Shape::dashed_line(
            &pts,
            egui::Stroke::new(2.0, palette.accent),
            6.0,
            4.0,
        ));
        painter.circle_filled(screen, 4.0, palette.accent);
    }
}
