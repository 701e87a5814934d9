//! The go-live checklist: findings of the live check, errors first; a click shows
//! a finding's blocks, and plain mistakes have a one-click fix.

use egui::{RichText, Ui};

use crate::action::Action;
use crate::check::{Finding, Report, Severity};
use crate::model::{Series, Status};
use crate::text::count;

/// Findings listed at once: enough to work through, few enough to draw every frame.
const SHOWN: usize = 100;

/// What the marketer did in the checklist this frame.
#[derive(Default)]
pub struct ChecklistOutput {
    /// Show a finding's blocks, or apply a quick fix.
    pub actions: Vec<Action>,
    /// The header was clicked to fold or unfold the list.
    pub toggled: bool,
}

pub fn severity_colour(ui: &Ui, severity: Severity) -> egui::Color32 {
    match severity {
        Severity::Error => ui.visuals().error_fg_color,
        Severity::Warning => ui.visuals().warn_fg_color,
    }
}

/// The header (with the summary) and, when `open`, the findings.
pub fn show(ui: &mut Ui, report: &Report, series: &Series, open: bool) -> ChecklistOutput {
    let mut out = ChecklistOutput::default();
    ui.add_space(6.0);
    let header = ui
        .horizontal(|ui| {
            let (_, icon) = ui.allocate_exact_size(egui::vec2(12.0, 16.0), egui::Sense::hover());
            egui::collapsing_header::paint_default_icon(ui, if open { 1.0 } else { 0.0 }, &icon);
            ui.label(RichText::new("Go-live check").strong());
            let (text, colour) = summary(ui, report);
            ui.label(RichText::new(text).color(colour));
        })
        .response
        .interact(egui::Sense::click());
    header.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            if open {
                "Fold the go-live check"
            } else {
                "Unfold the go-live check"
            },
        )
    });
    if header.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    out.toggled = header.clicked();
    if !open {
        return out;
    }
    ui.add_space(2.0);
    let editable = series.status != Status::Live;
    egui::ScrollArea::vertical()
        .id_salt("checklist")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if report.findings.is_empty() {
                ui.label(RichText::new(nothing_to_fix(series.status)).weak());
            }
            for (i, finding) in report.findings.iter().take(SHOWN).enumerate() {
                ui.push_id(i, |ui| finding_row(ui, finding, editable, &mut out));
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

/// What a clean check means for a series in this state.
fn nothing_to_fix(status: Status) -> &'static str {
    match status {
        Status::Draft => "Nothing to fix. Set it live from the Series menu.",
        Status::Live => "Nothing to fix. The series is live.",
        Status::Paused => "Nothing to fix. Resume it from the Series menu when you are done.",
    }
}

fn finding_row(ui: &mut Ui, finding: &Finding, editable: bool, out: &mut ChecklistOutput) {
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
                    out.actions.push(Action::ShowBlocks(finding.blocks.clone()));
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
                        out.actions.push(Action::QuickFix(fix.clone()));
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
            crate::theme::success(ui.visuals()),
        ),
        (0, w) => (count(w, "warning"), ui.visuals().warn_fg_color),
        (e, w) => (
            format!("{} · {}", count(e, "error"), count(w, "warning")),
            ui.visuals().error_fg_color,
        ),
    }
}
