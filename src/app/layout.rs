//! The window's layout: menu bar, status bar, palette, side panel with the
//! go-live checklist, banners, the canvas and the open dialog. Everything drawn
//! here hands back intents; nothing here changes the series.

use egui::RichText;

use super::modal::Outcome;
use super::{Queued, SeriesApp, menu, tryout};
use crate::action::{Action, Intent, Placement};
use crate::canvas::{self, Decor};
use crate::model::{Kind, Pos, Status};
use crate::panels;
use crate::panels::preview::PreviewTab;

/// Height of the checklist's header row when it is folded away.
const CHECKLIST_HEADER: f32 = 34.0;

impl SeriesApp {
    pub(super) fn layout(&mut self, ui: &mut egui::Ui) {
        let situation = self.situation();
        egui::Panel::top("menu").show(ui, |ui| {
            let chosen = menu::bar(ui, &situation, &self.prefs.recent);
            self.queue_intents(chosen.into_iter().map(Intent::Act));
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        egui::Panel::left("palette")
            .resizable(false)
            .exact_size(132.0)
            .show(ui, |ui| {
                let locked = self.doc.is_live() || self.compare.is_some();
                if let Some(action) = panels::palette::show(ui, locked) {
                    self.act(action);
                }
            });
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(360.0)
            .min_size(300.0)
            .show(ui, |ui| {
                // A comparison's list of changes takes the place of the editors.
                if let Some(c) = &self.compare {
                    let list = panels::changes::List {
                        file: c.file(),
                        headline: c.headline(),
                        entries: c.entries(),
                        shown: c.shown(),
                    };
                    if let Some(action) = panels::changes::show(ui, &list) {
                        self.act(action);
                    }
                    return;
                }
                self.checklist(ui);
                self.offers.refresh(self.doc.series(), self.doc.revision());
                let intents = panels::inspector::show(
                    ui,
                    self.doc.series(),
                    &self.canvas.selection,
                    &self.offers,
                );
                self.queue_intents(intents);
            });
        if self.preview.open {
            egui::Panel::right("preview")
                .resizable(true)
                .default_size(380.0)
                .min_size(320.0)
                .show(ui, |ui| self.preview_panel(ui));
        }
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| self.canvas_area(ui));
        if let Some(find) = &mut self.find {
            let asked = find.show(ui.ctx(), self.canvas_rect, self.doc.series());
            self.queue_intents(asked.into_iter().map(Intent::Act));
        }
        self.modal_dialog(ui.ctx());
    }

    /// The Preview panel: its tabs, then the chosen one.
    fn preview_panel(&mut self, ui: &mut egui::Ui) {
        if let Some(action) = panels::preview::tabs(ui, &self.preview) {
            self.act(action);
        }
        match self.preview.tab {
            PreviewTab::Customer => {
                let series = self.doc.series();
                let tests = tryout::days_of(series);
                let locked = if self.compare.is_some() {
                    Some(
                        "The series can't be changed while it is compared: its test customers neither.",
                    )
                } else if self.doc.is_live() {
                    Some(
                        "This series is live. Pause it from the Series menu to change its test customers.",
                    )
                } else {
                    None
                };
                let tab = panels::test_customer::Tab {
                    series,
                    tests: &tests,
                    tried: self.tryout.tried,
                    file: self.tryout.file.as_ref(),
                    loading: self.tryout.loading(),
                    timeline: self.tryout.shown(),
                    suggestions: &self.suggestions.1,
                    locked,
                };
                let intents = panels::test_customer::show(ui, &tab);
                self.queue_intents(intents);
            }
            PreviewTab::Audience => {
                let actions = self.audience.tab(ui, self.doc.series());
                self.queue_intents(actions.into_iter().map(Intent::Act));
            }
        }
    }

    fn modal_dialog(&mut self, ctx: &egui::Context) {
        let Some(modal) = self.modal.take() else {
            return;
        };
        match modal.show(ctx, self.doc.series()) {
            Outcome::Open(modal) => self.modal = Some(*modal),
            Outcome::Closed => {}
            Outcome::Discard(action) => self.queue.push(Queued::Confirmed(action)),
            Outcome::SaveThen(action) => {
                self.after_save = Some(action);
                self.act(Action::Save);
            }
            Outcome::Restore(found) => self.queue.push(Queued::Restore(found)),
            Outcome::DiscardRecovery => self.queue.push(Queued::DiscardRecovery),
            Outcome::Adopt(imported) => self.act(Action::Adopt(imported)),
            Outcome::GoLive(choice) => self.queue.push(Queued::GoLive(choice)),
            Outcome::Picked(purpose, path) => self.picked(purpose, path),
            // As a cancelled native dialog: whatever waited on a save does not happen.
            Outcome::ChooserCancelled => self.after_save = None,
            Outcome::UseTemplate(template) => self.act(Action::UseTemplate(template)),
            Outcome::Reload => self.queue.push(Queued::Reload),
            Outcome::KeepMine { then_save } => self.queue.push(Queued::KeepMine { then_save }),
        }
    }

    /// The go-live checklist at the bottom of the side panel. Its body folds
    /// away into its header; it starts open only when there is something to fix,
    /// so a ready series leaves the whole panel to the settings.
    fn checklist(&mut self, ui: &mut egui::Ui) {
        let findings = !self.checked.report.findings.is_empty();
        let open = self.prefs.checklist_open.unwrap_or(findings);
        let mut toggled = false;
        let panel = if open {
            egui::Panel::bottom("checklist")
                .resizable(true)
                .default_size(300.0)
                .min_size(120.0)
        } else {
            egui::Panel::bottom("checklist-folded")
                .resizable(false)
                .exact_size(CHECKLIST_HEADER)
        };
        panel.show(ui, |ui| {
            let out = panels::checklist::show(ui, &self.checked.report, self.doc.series(), open);
            toggled = out.toggled;
            self.queue_intents(out.actions.into_iter().map(Intent::Act));
        });
        if toggled {
            self.prefs.checklist_open = Some(!open);
        }
    }

    fn banners(&mut self, ui: &mut egui::Ui) {
        if let Some(file) = self.compare.as_ref().map(|c| c.file().to_string()) {
            self.comparison_banner(ui, &file);
            return;
        }
        let live = self.doc.is_live();
        if !live && self.banner.is_none() {
            return;
        }
        egui::Frame::NONE
            .fill(ui.visuals().faint_bg_color)
            .inner_margin(egui::Margin::symmetric(12, 8))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                if live {
                    ui.horizontal(|ui| {
                        ui.label(
                            RichText::new("Live")
                                .strong()
                                .color(crate::theme::success(ui.visuals())),
                        );
                        ui.label(
                            "Customers are moving through this series, so it can't be changed.",
                        );
                        if ui.button("Pause to edit").clicked() {
                            self.act(Action::Pause);
                        }
                    });
                } else if let Some(text) = &self.banner {
                    let mut dismiss = false;
                    ui.horizontal(|ui| {
                        ui.add(egui::Label::new(text.as_str()).wrap());
                        dismiss = ui.button("Got it").clicked();
                    });
                    if dismiss {
                        self.banner = None;
                    }
                }
            });
    }

    /// What a comparison shows above the canvas: what the colours mean, and Done.
    fn comparison_banner(&mut self, ui: &mut egui::Ui, file: &str) {
        let colours = canvas::DiffPalette::new(ui.visuals().dark_mode);
        egui::Frame::NONE
            .fill(ui.visuals().faint_bg_color)
            .inner_margin(egui::Margin::symmetric(12, 8))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("Compared with {file}:")).strong());
                    for (colour, what) in [
                        (colours.added, "added"),
                        (colours.changed, "changed"),
                        (colours.removed, "removed, where it was"),
                    ] {
                        let (swatch, _) =
                            ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                        ui.painter().rect_filled(swatch, 3.0, colour);
                        ui.label(what);
                    }
                    ui.label("· The series can't be changed until you're done.");
                    if ui.button(Action::EndComparison.label()).clicked() {
                        self.act(Action::EndComparison);
                    }
                });
            });
    }

    fn canvas_area(&mut self, ui: &mut egui::Ui) {
        self.banners(ui);
        // A comparison hides the go-live badges: its own marks sit where they go.
        let no_badges = canvas::Badges::new();
        let decor = Decor {
            badges: if self.compare.is_some() {
                &no_badges
            } else {
                &self.checked.badges
            },
            found: self
                .find
                .as_ref()
                .map_or(&canvas::NOTHING_FOUND, |f| f.found()),
            current: self.find.as_ref().and_then(|f| f.current()),
            minimap: self.prefs.minimap,
            revision: self.doc.revision(),
            diff: self.compare.as_ref().map(|c| c.marks()),
            // The way of the customer tried in the Preview panel, while it shows them.
            lit: self.tryout.shown().map(|t| &t.lit).filter(|lit| {
                self.preview.open
                    && self.preview.tab == PreviewTab::Customer
                    && self.compare.is_none()
                    && !lit.is_empty()
            }),
            figures: self.audience.shown_figures(&self.preview),
        };
        let out = canvas::show(ui, self.doc.series(), &mut self.canvas, &decor);
        self.canvas_rect = out.response.rect;
        self.queue_intents(out.intents);
        // A palette tile dropped here: the new card is centred under the pointer.
        if let Some(kind) = out.response.dnd_release_payload::<Kind>()
            && let Some(pointer) = ui.ctx().pointer_interact_pos()
        {
            let p = self.canvas.view.to_canvas(self.canvas_rect, pointer);
            self.act(Action::AddBlock {
                kind: *kind,
                at: Placement::CentredAt(Pos::new(p.x, p.y)),
                from: None,
            });
        }
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(RichText::new(self.doc.display_name()).strong());
            if self.doc.is_dirty() {
                ui.label(RichText::new("• Unsaved changes").color(ui.visuals().warn_fg_color));
            }
            ui.separator();
            ui.label(self.doc.series().size_in_words());
            ui.separator();
            ui.label(format!("Zoom {:.0} %", self.canvas.view.zoom() * 100.0));
            ui.separator();
            let (summary, colour) = panels::checklist::summary(ui, &self.checked.report);
            ui.label(RichText::new(summary).color(colour));
            let status = self.doc.series().status;
            if status != Status::Draft {
                ui.separator();
                let colour = match status {
                    Status::Live => crate::theme::success(ui.visuals()),
                    _ => ui.visuals().warn_fg_color,
                };
                ui.label(
                    RichText::new(status.label().to_uppercase())
                        .strong()
                        .color(colour),
                );
            }
            if let Some(notice) = &self.notice {
                ui.separator();
                ui.label(&notice.text);
            }
        });
    }
}
