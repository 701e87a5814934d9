//! The block palette: drag a kind onto the canvas, or click to add it at the centre.

use egui::{Sense, Ui};

use crate::action::{Action, Placement};
use crate::canvas::style;
use crate::model::Kind;

fn describe(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Rule => ("Rule", "Who continues"),
        Kind::Content => ("Content", "A message"),
        Kind::Wait => ("Wait", "A pause"),
        Kind::Tag => ("Tag", "Label customers"),
        Kind::Split => ("Split test", "Try two ways"),
        Kind::Note => ("Note", "For the team"),
    }
}

pub fn show(ui: &mut Ui, locked: bool) -> Option<Action> {
    let mut action = None;
    ui.add_space(8.0);
    ui.label(egui::RichText::new("Blocks").strong());
    ui.label(
        egui::RichText::new("Drag onto the canvas, or click to add")
            .small()
            .weak(),
    );
    ui.add_space(6.0);
    for kind in Kind::ALL {
        let (name, hint) = describe(kind);
        let id = egui::Id::unique(("palette", kind.name()));
        let colour = style::Palette::new(ui.visuals().dark_mode).kind(kind);
        let tile = |ui: &mut Ui| {
            let (rect, response) = ui.allocate_exact_size(egui::vec2(116.0, 54.0), Sense::click());
            let visuals = ui.style().interact(&response);
            let painter = ui.painter();
            painter.rect(
                rect,
                8.0,
                ui.visuals().extreme_bg_color,
                egui::Stroke::new(visuals.bg_stroke.width.max(1.0), colour),
                egui::StrokeKind::Inside,
            );
            painter.rect_filled(
                egui::Rect::from_min_size(rect.min, egui::vec2(6.0, rect.height())),
                egui::CornerRadius {
                    nw: 8,
                    sw: 8,
                    ne: 0,
                    se: 0,
                },
                colour,
            );
            painter.text(
                rect.min + egui::vec2(16.0, 10.0),
                egui::Align2::LEFT_TOP,
                name,
                egui::FontId::proportional(15.0),
                ui.visuals().strong_text_color(),
            );
            painter.text(
                rect.min + egui::vec2(16.0, 32.0),
                egui::Align2::LEFT_TOP,
                hint,
                egui::FontId::proportional(11.5),
                ui.visuals().weak_text_color(),
            );
            response
        };
        if locked {
            ui.add_enabled_ui(false, |ui| tile(ui));
        } else {
            let dragged = ui.dnd_drag_source(id, kind, |ui| tile(ui));
            let response = dragged.response.interact(Sense::click());
            if response.clicked() {
                action = Some(Action::AddBlock {
                    kind,
                    at: Placement::ViewCentre,
                    from: None,
                });
            }
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Add {name}"))
            });
        }
        ui.add_space(6.0);
    }
    action
}
