//! File → New from Template…: the templates to start from, each shown with a
//! picture of its series (the canvas itself, drawn small), its name and what it
//! does. A click chooses one, Create (or a double click, or Enter) starts from it.

use egui::{RichText, Ui};

use crate::canvas::{self, CanvasState};
use crate::model::Series;
use crate::templates::{TEMPLATES, Template};

/// Tiles in a row of the chooser.
const COLUMNS: usize = 3;
/// Tall rather than wide: series run down the canvas.
const PICTURE: egui::Vec2 = egui::vec2(226.0, 196.0);
/// Room for a name and a description of up to three lines under the picture.
const TILE_HEIGHT: f32 = 282.0;

pub struct TemplateChooser {
    tiles: Vec<Tile>,
    chosen: usize,
}

struct Tile {
    template: Template,
    /// `None` if it can't be read: a broken build (the tests read every one).
    series: Option<Series>,
    /// The picture's own canvas buffers and view.
    canvas: CanvasState,
}

/// What the marketer did in the chooser this frame.
pub enum Chosen {
    Open,
    Use(Template),
    Cancelled,
}

impl Default for TemplateChooser {
    fn default() -> Self {
        TemplateChooser {
            tiles: TEMPLATES
                .iter()
                .map(|t| Tile {
                    template: *t,
                    series: t.series().ok(),
                    canvas: CanvasState::new(),
                })
                .collect(),
            chosen: 0,
        }
    }
}

impl TemplateChooser {
    pub fn show(&mut self, ui: &mut Ui) -> Chosen {
        let mut chosen = Chosen::Open;
        ui.label("Each is a complete series, ready to go live: make it your own.");
        ui.add_space(8.0);
        let mut picked = None;
        let mut used = None;
        for (row, tiles) in self.tiles.chunks_mut(COLUMNS).enumerate() {
            ui.horizontal_top(|ui| {
                for (column, tile) in tiles.iter_mut().enumerate() {
                    let index = row * COLUMNS + column;
                    let response = tile.show(ui, index == self.chosen);
                    if response.clicked() {
                        picked = Some(index);
                    }
                    if response.double_clicked() {
                        used = Some(index);
                    }
                }
            });
            ui.add_space(8.0);
        }
        if let Some(index) = picked {
            self.chosen = index;
        }
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let usable = self
                .tiles
                .get(self.chosen)
                .is_some_and(|t| t.series.is_some());
            let create = ui.add_enabled(usable, egui::Button::new("Create"));
            if (create.clicked() || enter) && usable {
                used = Some(self.chosen);
            }
            if ui.button("Cancel").clicked() {
                chosen = Chosen::Cancelled;
            }
        });
        if let Some(tile) = used.and_then(|i| self.tiles.get(i))
            && tile.series.is_some()
        {
            chosen = Chosen::Use(tile.template);
        }
        chosen
    }
}

impl Tile {
    /// The tile, clickable as a whole.
    fn show(&mut self, ui: &mut Ui, chosen: bool) -> egui::Response {
        let v = ui.visuals();
        // One width for both, so choosing a tile does not shift its contents.
        let stroke = if chosen {
            v.selection.stroke.color
        } else {
            v.widgets.noninteractive.bg_stroke.color
        };
        let frame = egui::Frame::NONE
            .stroke(egui::Stroke::new(2.0, stroke))
            .corner_radius(8.0)
            .inner_margin(6.0);
        let shown = frame.show(ui, |ui| {
            ui.set_width(PICTURE.x);
            ui.set_height(TILE_HEIGHT);
            ui.vertical(|ui| {
                match &self.series {
                    Some(series) => {
                        canvas::picture(ui, series, &mut self.canvas, PICTURE);
                    }
                    None => {
                        ui.allocate_ui(PICTURE, |ui| {
                            ui.label(
                                RichText::new("This template can't be read.")
                                    .color(ui.visuals().error_fg_color),
                            );
                        });
                    }
                }
                ui.add_space(6.0);
                ui.label(RichText::new(self.template.name).strong());
                ui.add(egui::Label::new(RichText::new(self.template.description).weak()).wrap());
            });
        });
        let response = ui.interact(
            shown.response.rect,
            ui.make_persistent_id(("template", self.template.name)),
            egui::Sense::click(),
        );
        let name = self.template.name;
        response.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::RadioButton, true, chosen, name)
        });
        if response.hovered() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }
        response
    }
}
