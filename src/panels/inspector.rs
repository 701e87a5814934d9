//! The side panel: the selected block's editor, several blocks' actions, an arrow,
//! or the series settings when nothing is selected.

use egui::Ui;

use super::filter_editor::{FilterContext, content_blocks};
use super::widgets::merge_key;
use super::{block_editor, settings};
use crate::action::{Action, Intent};
use crate::canvas::Selection;
use crate::edit::Edit;
use crate::model::{BlockId, Pos, Series, Status};

/// What the editors offer from the whole series: the messages an engagement
/// condition can name and the tags in use. Worked out once per revision of the
/// series, not every frame: a big series has thousands of each.
#[derive(Debug, Default)]
pub struct Offers {
    revision: Option<u64>,
    content_blocks: Vec<(BlockId, String)>,
    tags: Vec<String>,
}

impl Offers {
    /// Brings the offers up to date with `series` at `revision`.
    pub fn refresh(&mut self, series: &Series, revision: u64) {
        if self.revision != Some(revision) {
            self.revision = Some(revision);
            self.content_blocks = content_blocks(series);
            self.tags = block_editor::tags_in_use(series);
        }
    }
}

/// Shows the editor for what is selected; returns the changes made in it.
pub fn show(ui: &mut Ui, series: &Series, selection: &Selection, offers: &Offers) -> Vec<Intent> {
    let mut out = Vec::new();
    let locked = series.status == Status::Live;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(6.0);
            if locked {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "This series is live. Pause it from the Series menu to change it.",
                );
                ui.add_space(4.0);
            }
            ui.add_enabled_ui(!locked, |ui| {
                let blocks: Vec<BlockId> = selection.blocks.iter().copied().collect();
                match blocks.as_slice() {
                    [id] => block(ui, series, *id, offers, &mut out),
                    [] if !selection.connections.is_empty() => {
                        arrows(ui, series, selection, &mut out)
                    }
                    [] => series_settings(ui, series, offers, &mut out),
                    many => several(ui, series, many, &mut out),
                }
            });
        });
    out
}

fn heading(ui: &mut Ui, title: &str, subtitle: &str) {
    ui.heading(title);
    if !subtitle.is_empty() {
        ui.label(egui::RichText::new(subtitle).weak());
    }
    ui.add_space(4.0);
}

fn block(ui: &mut Ui, series: &Series, id: BlockId, offers: &Offers, out: &mut Vec<Intent>) {
    let Some(original) = series.block(id) else {
        return;
    };
    let kind = original.kind();
    let what = match kind {
        crate::model::Kind::Rule => "Rule block",
        crate::model::Kind::Content => "Content block",
        crate::model::Kind::Wait => "Wait block",
        crate::model::Kind::Tag => "Tag block",
        crate::model::Kind::Split => "Split test",
        crate::model::Kind::Note => "Note",
    };
    let entry = series.is_entry_point(id);
    heading(
        ui,
        what,
        if entry {
            "Entry point: customers who match start here"
        } else {
            ""
        },
    );
    let mut edited = original.clone();
    ui.push_id(("block", id), |ui| {
        // Only rule blocks have filters, so no block is offered to name itself.
        block_editor::show(
            ui,
            &mut edited,
            &offers.tags,
            &FilterContext {
                content_blocks: &offers.content_blocks,
            },
            &series.settings.time_zone,
        );
    });
    if &edited != original {
        let key = merge_key(ui, &format!("block {id}"));
        out.push(Intent::Edit(Edit::change_block(series, id, edited), key));
    }
    ui.add_space(12.0);
    ui.separator();
    ui.horizontal(|ui| {
        if ui.button("Duplicate").clicked() {
            out.push(Intent::Act(Action::Duplicate));
        }
        if ui.button("Delete").clicked() {
            out.push(Intent::Act(Action::Delete));
        }
    });
}

fn arrows(ui: &mut Ui, series: &Series, selection: &Selection, out: &mut Vec<Intent>) {
    heading(ui, "Arrow", "");
    for port in &selection.connections {
        if let Some(to) = series.target(port.block, port.output) {
            ui.label(format!(
                "From '{}' ({}) to '{}'",
                series.title_of(port.block).unwrap_or_default(),
                port.output.label(),
                series.title_of(to).unwrap_or_default()
            ));
        }
    }
    if ui.button("Remove the arrow").clicked() {
        out.push(Intent::Act(Action::Delete));
    }
}

fn several(ui: &mut Ui, series: &Series, ids: &[BlockId], out: &mut Vec<Intent>) {
    heading(
        ui,
        &format!("{} blocks selected", ids.len()),
        "Drag any of them to move them together.",
    );
    ui.horizontal(|ui| {
        if ui.button("Duplicate").clicked() {
            out.push(Intent::Act(Action::Duplicate));
        }
        if ui.button("Delete").clicked() {
            out.push(Intent::Act(Action::Delete));
        }
    });
    ui.add_space(8.0);
    ui.label(egui::RichText::new("Align").strong());
    let positions: Vec<(BlockId, Pos)> = ids
        .iter()
        .filter_map(|id| series.block(*id).map(|b| (*id, b.pos)))
        .collect();
    let min_x = positions
        .iter()
        .map(|(_, p)| p.x)
        .fold(f32::INFINITY, f32::min);
    let min_y = positions
        .iter()
        .map(|(_, p)| p.y)
        .fold(f32::INFINITY, f32::min);
    ui.horizontal(|ui| {
        if ui
            .button("Left edges")
            .on_hover_text("Line them up in a column")
            .clicked()
        {
            out.push(Intent::Edit(
                Edit::Move(
                    positions
                        .iter()
                        .map(|(id, p)| (*id, Pos::new(min_x, p.y)))
                        .collect(),
                ),
                None,
            ));
        }
        if ui
            .button("Top edges")
            .on_hover_text("Line them up in a row")
            .clicked()
        {
            out.push(Intent::Edit(
                Edit::Move(
                    positions
                        .iter()
                        .map(|(id, p)| (*id, Pos::new(p.x, min_y)))
                        .collect(),
                ),
                None,
            ));
        }
    });
}

fn series_settings(ui: &mut Ui, series: &Series, offers: &Offers, out: &mut Vec<Intent>) {
    heading(
        ui,
        "Series settings",
        "Select a block on the canvas to edit it.",
    );
    let mut name = series.name.clone();
    let mut edited = series.settings.clone();
    settings::show(
        ui,
        &mut name,
        &mut edited,
        series,
        &FilterContext {
            content_blocks: &offers.content_blocks,
        },
    );
    if name != series.name {
        out.push(Intent::Edit(Edit::Rename(name), merge_key(ui, "name")));
    }
    if edited != series.settings {
        out.push(Intent::Edit(
            Edit::Settings(edited),
            merge_key(ui, "settings"),
        ));
    }
}
