//! What a campaign export will become, shown before anything changes.

use egui::{RichText, Ui};

use crate::import::{Imported, Problem};
use crate::model::Series;

pub fn show(ui: &mut Ui, result: &Result<Box<Imported>, Vec<Problem>>) {
    match result {
        Ok(imported) => preview(ui, imported),
        Err(problems) => refusal(ui, problems),
    }
}

fn refusal(ui: &mut Ui, problems: &[Problem]) {
    ui.label(match problems.len() {
        1 => "The export has a problem, so nothing was imported:".to_string(),
        n => format!("The export has {n} problems, so nothing was imported:"),
    });
    ui.add_space(6.0);
    egui::ScrollArea::vertical()
        .max_height(300.0)
        .show(ui, |ui| {
            for problem in problems {
                ui.label(RichText::new(problem.to_string()).color(ui.visuals().error_fg_color));
            }
        });
    ui.add_space(6.0);
    ui.label(
        RichText::new("Export the campaign again, or fix the places named above in the file.")
            .weak(),
    );
}

fn preview(ui: &mut Ui, imported: &Imported) {
    let series = &imported.series;
    if let Some(origin) = &series.origin {
        ui.label(format!(
            "Campaign {} · {} · {} messages",
            origin.campaign_id,
            origin.campaign_state.label(),
            imported.messages.len()
        ));
    }
    ui.add_space(8.0);
    egui::ScrollArea::vertical()
        .id_salt("import-messages")
        .max_height(300.0)
        .show(ui, |ui| {
            egui::Grid::new("import-messages-grid")
                .striped(true)
                .num_columns(4)
                .spacing([16.0, 6.0])
                .show(ui, |ui| {
                    for heading in ["Message", "Type", "Who gets it", "Becomes"] {
                        ui.label(RichText::new(heading).strong());
                    }
                    ui.end_row();
                    for m in &imported.messages {
                        ui.label(&m.title);
                        ui.label(m.type_label);
                        ui.label(&m.audience);
                        ui.label(crate::text::drawable(&m.becomes));
                        ui.end_row();
                    }
                });
        });
    ui.add_space(10.0);
    ui.label(RichText::new("Carried over").strong());
    carried_over(ui, series);
    if !imported.hints.is_empty() {
        ui.add_space(10.0);
        ui.label(RichText::new("Worth a look").strong());
        for hint in &imported.hints {
            ui.horizontal_top(|ui| {
                ui.label("•");
                ui.add(egui::Label::new(&hint.message).wrap());
            });
        }
    }
    ui.add_space(10.0);
    ui.label(
        RichText::new(
            "Each message becomes its own column. After the import, connect the columns into paths.",
        )
        .weak(),
    );
}

fn carried_over(ui: &mut Ui, series: &Series) {
    let title = |id| series.title_of(id);
    let settings = &series.settings;
    let goal = settings
        .goal
        .as_ref()
        .map_or_else(|| "none".into(), |g| g.summary(&title));
    egui::Grid::new("import-settings")
        .num_columns(2)
        .show(ui, |ui| {
            for (name, value) in [
                ("Goal", goal),
                ("Exit rules", settings.exit_rules_summary(&title)),
                ("Disengagement", settings.disengagement.summary()),
            ] {
                ui.label(name);
                ui.label(value);
                ui.end_row();
            }
        });
}
