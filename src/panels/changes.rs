//! A comparison's list of changes, in the side panel in place of the editors:
//! one row per change in the order `series-builder diff` prints them, each
//! saying what happened in words and in the colour of its mark on the canvas.
//! A click on a row brings what it is about into view.

use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Color32, RichText, Sense, Ui};

use crate::action::Action;
use crate::diff::{Change, Entry, Subject};

/// A row shows up to this many lines; the rest of a long change is in its tooltip.
const ROW_LINES: usize = 2;

/// What the list shows.
pub struct List<'a> {
    /// The other version's file name.
    pub file: &'a str,
    /// "3 changes; 1 block moved on the canvas".
    pub headline: &'a str,
    pub entries: &'a [Entry],
    /// What the change last brought into view is about.
    pub shown: Option<Subject>,
}

/// The words of a change in the colour of its mark, readable on the panel.
pub fn colour(ui: &Ui, change: Change) -> Color32 {
    let v = ui.visuals();
    match change {
        Change::Added => crate::theme::success(v),
        Change::Changed => v.warn_fg_color,
        Change::Removed => v.error_fg_color,
        Change::Moved => v.weak_text_color(),
    }
}

pub fn show(ui: &mut Ui, list: &List) -> Option<Action> {
    let mut action = None;
    ui.add_space(6.0);
    ui.heading(format!("Compared with {}", list.file));
    ui.label(
        RichText::new("What this series changes from that version. Click a change to see it.")
            .weak(),
    );
    ui.add_space(6.0);
    if list.entries.is_empty() {
        ui.label(format!(
            "No differences: this series is the same as {}.",
            list.file
        ));
        return None;
    }
    ui.label(RichText::new(format!("Since then: {}", list.headline)).strong());
    ui.add_space(4.0);
    let line = ui.text_style_height(&egui::TextStyle::Body);
    let row_height = line * ROW_LINES as f32 + 8.0;
    // Rows of one height, so only those in view are laid out: a large
    // comparison lists thousands.
    egui::ScrollArea::vertical()
        .id_salt("changes")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, list.entries.len(), |ui, rows| {
            for entry in &list.entries[rows] {
                if row(ui, entry, row_height, list.shown == Some(entry.subject)) {
                    action = Some(Action::ShowChange(entry.subject));
                }
            }
        });
    action
}

/// One change; true when clicked.
fn row(ui: &mut Ui, entry: &Entry, height: f32, shown: bool) -> bool {
    // A change to the series' name or settings has nothing on the canvas to show.
    let on_canvas = entry.subject != Subject::Series;
    let sense = if on_canvas {
        Sense::click()
    } else {
        Sense::hover()
    };
    let (rect, response) = ui.allocate_exact_size(egui::vec2(ui.available_width(), height), sense);
    let v = ui.visuals();
    let mark = colour(ui, entry.change);
    let painter = ui.painter();
    if shown || (on_canvas && response.hovered()) {
        painter.rect_filled(rect, 4.0, v.faint_bg_color);
    }
    if shown {
        let bar = egui::Rect::from_min_size(rect.min, egui::vec2(3.0, rect.height()));
        painter.rect_filled(bar, 1.5, v.selection.stroke.color);
    }
    let font = egui::TextStyle::Body.resolve(ui.style());
    let mut job = LayoutJob::default();
    job.append(
        entry.change.label(),
        0.0,
        TextFormat::simple(font.clone(), mark),
    );
    let words = crate::text::drawable(&entry.words);
    job.append(&words, 6.0, TextFormat::simple(font, v.text_color()));
    let indent = 22.0;
    job.wrap = TextWrapping {
        max_width: rect.width() - indent - 6.0,
        max_rows: ROW_LINES,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let text_at = rect.min + egui::vec2(indent, 4.0);
    let first_line = ui.text_style_height(&egui::TextStyle::Body);
    painter.circle_filled(
        egui::pos2(rect.min.x + 12.0, text_at.y + first_line / 2.0),
        4.0,
        mark,
    );
    let elided = galley.elided;
    painter.galley(text_at, galley, v.text_color());
    let said = format!("{} {}", entry.change.label(), entry.words);
    let role = if on_canvas {
        egui::Role::Button
    } else {
        egui::Role::Label
    };
    response.widget_info(|| egui::WidgetInfo::labeled(role, true, &said));
    let response = if elided {
        response.on_hover_text(crate::text::drawable(&said))
    } else {
        response
    };
    if on_canvas && response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    response.clicked()
}
