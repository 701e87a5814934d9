//! Series settings (nothing selected): name, status, exit rules, goal,
//! disengagement, re-entry, and where an imported series came from.

use egui::Ui;

use super::filter_editor::{self, FilterContext};
use super::widgets::{self, labelled_text};
use crate::model::*;

/// Edits copies of the name and settings; the caller compares them with the originals.
pub fn show(
    ui: &mut Ui,
    name: &mut String,
    settings: &mut Settings,
    series: &Series,
    cx: &FilterContext,
) {
    labelled_text(ui, "Series name", name, "e.g. Trial onboarding");
    ui.horizontal(|ui| {
        ui.label("Status:");
        ui.label(egui::RichText::new(series.status.label()).strong());
        if let Some(at) = series.went_live_at {
            ui.label(
                egui::RichText::new(format!("since {}", at.format("%-d %b %Y, %H:%M UTC"))).weak(),
            );
        }
    });

    section(
        ui,
        "Exit rules",
        "Customers who match leave the series at once.",
    );
    filter_editor::show(
        ui,
        "exit-rules",
        "(none: nobody leaves early)",
        &mut settings.exit_rules,
        cx,
    );

    section(
        ui,
        "Goal",
        "What success looks like, to measure the series.",
    );
    let mut has_goal = settings.goal.is_some();
    ui.checkbox(&mut has_goal, "This series has a goal");
    match (has_goal, &mut settings.goal) {
        (false, goal) => *goal = None,
        (true, None) => settings.goal = Some(Goal::default()),
        (true, Some(goal)) => {
            filter_editor::show(
                ui,
                "goal",
                "(add what counts as success)",
                &mut goal.rules,
                cx,
            );
            ui.horizontal(|ui| {
                ui.label("Within");
                let mut days = goal.within_days.unwrap_or(0);
                widgets::number(
                    ui,
                    "Goal window in days",
                    egui::DragValue::new(&mut days)
                        .range(0..=MAX_DAYS)
                        .speed(0.1),
                );
                ui.label("days of entering");
                goal.within_days = Some(days);
            });
            ui.checkbox(
                &mut goal.exit_on_goal,
                "Customers who reach the goal leave the series",
            );
        }
    }

    section(
        ui,
        "Disengagement",
        "Stop messaging customers who have gone quiet.",
    );
    let mut leaves = matches!(settings.disengagement, Disengagement::AfterDays(_));
    ui.horizontal(|ui| {
        ui.checkbox(&mut leaves, "Leave after");
        let mut days = match settings.disengagement {
            Disengagement::AfterDays(d) => d,
            Disengagement::Never => 30,
        };
        ui.add_enabled(
            leaves,
            egui::DragValue::new(&mut days)
                .range(1..=MAX_DAYS)
                .speed(0.1),
        )
        .accessible_name("Days without a message");
        ui.label("days without a message");
        settings.disengagement = if leaves {
            Disengagement::AfterDays(days.max(1))
        } else {
            Disengagement::Never
        };
    });

    section(
        ui,
        "Re-entry",
        "Whether customers can go through the series again.",
    );
    ui.radio_value(&mut settings.reentry, Reentry::Once, "Only once");
    ui.radio_value(
        &mut settings.reentry,
        Reentry::AfterLeaving,
        "Again, each time they match after leaving",
    );

    section(
        ui,
        "Time zone",
        "Calendar days, send windows and times of day are read in it, or in each customer's own where a block says so.",
    );
    super::schedule::time_zone_choice(ui, &mut settings.time_zone);

    if let Some(origin) = &series.origin {
        origin_section(ui, origin, series);
    }
}

fn section(ui: &mut Ui, title: &str, hint: &str) {
    ui.add_space(10.0);
    ui.separator();
    ui.label(egui::RichText::new(title).strong());
    ui.label(egui::RichText::new(hint).small().weak());
    ui.add_space(2.0);
}

fn origin_section(ui: &mut Ui, origin: &CampaignOrigin, series: &Series) {
    section(
        ui,
        "Imported from a campaign",
        "The campaign's own history, kept for reference. The series counts from zero.",
    );
    egui::Grid::new("origin").num_columns(2).show(ui, |ui| {
        ui.label("Campaign");
        ui.label(format!("{} ({})", origin.campaign_name, origin.campaign_id));
        ui.end_row();
        ui.label("Its state");
        ui.label(
            origin
                .campaign_state_now(series.went_live_at.is_some())
                .label(),
        );
        ui.end_row();
        ui.label("When this goes live");
        ui.label(match origin.go_live_choice {
            GoLiveChoice::Undecided => "not chosen yet",
            GoLiveChoice::StopEntering => "the campaign stops taking customers",
            GoLiveChoice::ContinueEntering => "the campaign keeps running too",
        });
        ui.end_row();
    });
    let columns: Vec<String> = {
        let mut names: Vec<String> = origin
            .messages
            .iter()
            .flat_map(|m| m.stats.keys().cloned())
            .collect();
        names.sort();
        names.dedup();
        names
    };
    if columns.is_empty() {
        return;
    }
    ui.add_space(4.0);
    egui::ScrollArea::horizontal()
        .id_salt("stats")
        .show(ui, |ui| {
            egui::Grid::new("stats")
                .striped(true)
                .num_columns(columns.len() + 1)
                .show(ui, |ui| {
                    ui.label(egui::RichText::new("Message").strong());
                    for c in &columns {
                        ui.label(egui::RichText::new(c.replace('_', " ")).strong());
                    }
                    ui.end_row();
                    for message in &origin.messages {
                        let title = series
                            .title_of(message.content_block)
                            .unwrap_or_else(|| message.title.clone());
                        ui.label(title);
                        for c in &columns {
                            ui.label(message.stats.get(c).map_or("–".to_string(), u64::to_string));
                        }
                        ui.end_row();
                    }
                });
        });
}
