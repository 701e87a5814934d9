//! The go-live checklist: findings of the live check, errors first; a click shows
//! a finding's blocks, and plain mistakes have a one-click fix.

use egui::{RichText, Ui};

use crate::check::{Finding, Report, Severity};
use crate::edit::Edit;
use crate::model::{BlockId, Series};
use crate::text::count;

/// Findings listed at once: enough to work through, few enough to draw every frame.
const SHOWN: usize = 100;

/// What the marketer did in the checklist this frame.
#[derive(Default)]
pub struct ChecklistOutput {
    /// Select these blocks and bring them into view.
    pub show_blocks: Option<Vec<BlockId>>,
    pub fix: Option<Edit>,
    /// A fix that no longer applies (the series changed under it).
    pub problem: Option<String>,
}

pub fn severity_colour(ui: &Ui, severity: Severity) -> egui::Color32 {
    match severity {
        Severity::Error => ui.visuals().error_fg_color,
        Severity::Warning => ui.visuals().warn_fg_color,
    }
}

pub fn show(ui: &mut Ui, report: &Report, series: &Series, editable: bool) -> ChecklistOutput {
    let mut out = ChecklistOutput::default();
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Go-live check").strong());
        let (text, colour) = summary(ui, report);
        ui.label(RichText::new(text).color(colour));
    });
    ui.add_space(2.0);
    egui::ScrollArea::vertical()
        .id_salt("checklist")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if report.findings.is_empty() {
                ui.label(RichText::new("Nothing to fix. Set it live from the Series menu.").weak());
            }
            for (i, finding) in report.findings.iter().take(SHOWN).enumerate() {
                ui.push_id(i, |ui| finding_row(ui, finding, series, editable, &mut out));
            }
            if report.findings.len() > SHOWN {
                ui.label(
                    RichText::new(format!(
                        "…and {} more. Fix these first; the list updates as you go.",
                        report.findings.len() - SHOWN
                    ))
                    .weak(),
                );
            }
        });
    out
}

fn finding_row(
    ui: &mut Ui,
    finding: &Finding,
    series: &Series,
    editable: bool,
    out: &mut ChecklistOutput,
) {
    let colour = severity_colour(ui, finding.severity);
    egui::Frame::NONE
        .inner_margin(egui::Margin::symmetric(6, 4))
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_top(|ui| {
                let (rect, _) = ui.allocate_exact_size(egui::vec2(8.0, 16.0), egui::Sense::hover());
                ui.painter().circle_filled(rect.center(), 4.0, colour);
                let label = ui
                    .add(
                        egui::Label::new(&finding.message)
                            .wrap()
                            .sense(egui::Sense::click()),
                    )
                    .on_hover_text(format!("{} ({})", finding.severity.label(), finding.code));
                if label.clicked() && !finding.blocks.is_empty() {
                    out.show_blocks = Some(finding.blocks.clone());
                }
                if label.hovered() && !finding.blocks.is_empty() {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
                }
            });
            if let Some(fix) = &finding.fix {
                ui.horizontal(|ui| {
                    ui.add_space(14.0);
                    if ui
                        .add_enabled(editable, egui::Button::new(fix.label()).small())
                        .clicked()
                    {
                        match fix.edit(series) {
                            Ok(edit) => out.fix = Some(edit),
                            Err(e) => out.problem = Some(e.to_string()),
                        }
                    }
                });
            }
        });
}

/// "2 errors · 3 warnings", "1 warning" or "Ready to go live", in the colour of
/// the worst finding.
pub fn summary(ui: &Ui, report: &Report) -> (String, egui::Color32) {
    match (report.errors(), report.warnings()) {
        (0, 0) => (
            "Ready to go live".into(),
            egui::Color32::from_rgb(46, 160, 67),
        ),
        (0, w) => (count(w, "warning"), ui.visuals().warn_fg_color),
        (e, w) => (
            format!("{} · {}", count(e, "error"), count(w, "warning")),
            ui.visuals().error_fg_color,
        ),
    }
}
