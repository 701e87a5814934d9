//! Series → Set Live…: the go-live check once more, warnings to confirm, and for a
//! series from a running campaign, what happens to that campaign.

use egui::{RichText, Ui};

use super::modal::Outcome;
use crate::check::{self, Severity};
use crate::model::{GoLiveChoice, Series};
use crate::panels::checklist::severity_colour;

/// The code that the choice on this dialog answers.
const CHOICE_MISSING: &str = "campaign-choice-missing";

pub struct SetLive {
    pub choice: GoLiveChoice,
    pub acknowledged: bool,
}

impl SetLive {
    pub fn new(series: &Series) -> Self {
        SetLive {
            choice: series
                .origin
                .as_ref()
                .map_or(GoLiveChoice::Undecided, |o| o.go_live_choice),
            acknowledged: false,
        }
    }

    /// Whether the original campaign still takes customers, so the marketer must choose.
    fn asks_choice(series: &Series) -> bool {
        series
            .origin
            .as_ref()
            .is_some_and(|o| o.campaign_state.still_entering())
    }

    pub fn show(&mut self, ui: &mut Ui, series: &Series) -> Option<Outcome> {
        let asks = Self::asks_choice(series);
        // Check the series as it would go live, with the choice made here.
        let mut candidate = series.clone();
        if let Some(origin) = candidate.origin.as_mut().filter(|_| asks) {
            origin.go_live_choice = self.choice;
        }
        let report = check::check(&candidate, chrono::Utc::now().naive_utc());
        let errors: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && f.code != CHOICE_MISSING)
            .collect();
        let warnings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .collect();

        if errors.is_empty() {
            // The missing campaign choice is an error too, but this dialog asks for it.
            ui.label(if asks && self.choice == GoLiveChoice::Undecided {
                "The go-live check found no other errors. Choose below what happens to the campaign."
            } else {
                "The go-live check found no errors."
            });
        } else {
            ui.label(RichText::new("Fix these before the series can go live:").strong());
            for f in &errors {
                ui.label(
                    RichText::new(format!("• {}", f.message))
                        .color(severity_colour(ui, f.severity)),
                );
            }
        }
        if !warnings.is_empty() {
            ui.add_space(8.0);
            ui.label(RichText::new("Warnings").strong());
            egui::ScrollArea::vertical()
                .id_salt("live-warnings")
                .max_height(180.0)
                .show(ui, |ui| {
                    for f in &warnings {
                        ui.label(
                            RichText::new(format!("• {}", f.message))
                                .color(severity_colour(ui, f.severity)),
                        );
                    }
                });
            ui.checkbox(
                &mut self.acknowledged,
                "I have read these warnings and want to go live anyway",
            );
        }
        if asks && let Some(origin) = &series.origin {
            ui.add_space(10.0);
            ui.label(
                RichText::new(format!(
                    "The campaign '{}' is still {}. What should happen to it?",
                    origin.campaign_name,
                    origin.campaign_state.label()
                ))
                .strong(),
            );
            ui.radio_value(
                &mut self.choice,
                GoLiveChoice::StopEntering,
                "Stop entering (recommended)",
            );
            ui.indent("stop", |ui| {
                ui.label(RichText::new("The campaign empties: customers already in it finish it, and new customers enter this series instead.").weak());
            });
            ui.radio_value(
                &mut self.choice,
                GoLiveChoice::ContinueEntering,
                "Continue entering",
            );
            ui.indent("continue", |ui| {
                ui.label(RichText::new("Both keep running. Customers who match both may get the same message twice.").weak());
            });
        }
        ui.add_space(12.0);
        let ready = errors.is_empty()
            && (warnings.is_empty() || self.acknowledged)
            && (!asks || self.choice != GoLiveChoice::Undecided);
        let mut outcome = None;
        ui.horizontal(|ui| {
            let why = if !errors.is_empty() {
                "Fix the errors first"
            } else if asks && self.choice == GoLiveChoice::Undecided {
                "Choose what happens to the campaign"
            } else {
                "Confirm that you have read the warnings"
            };
            if ui
                .add_enabled(ready, egui::Button::new("Set Live"))
                .on_disabled_hover_text(why)
                .clicked()
            {
                outcome = Some(Outcome::GoLive(asks.then_some(self.choice)));
            }
            if ui.button("Cancel").clicked() {
                outcome = Some(Outcome::Closed);
            }
        });
        outcome
    }
}
