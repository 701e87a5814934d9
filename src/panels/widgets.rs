//! Small editors shared by the panels.

use egui::Ui;

use crate::edit::MergeKey;
use crate::model::{Span, TimeUnit};

/// The undo key for a change made now: typing in one field, or one drag of a
/// number, joins one undo step; a click on a button or a menu is a step of its own.
pub fn merge_key(ui: &Ui, scope: &str) -> Option<MergeKey> {
    let ctx = ui.ctx();
    let widget = ctx.memory(|m| m.focused()).or_else(|| ctx.dragged_id())?;
    Some(MergeKey::new(format!("{scope} {widget:?}")))
}

/// A caption above a field, in the panel's quieter colour.
pub fn caption(ui: &mut Ui, text: &str) -> egui::Response {
    ui.add_space(6.0);
    ui.label(egui::RichText::new(text).small().strong().weak())
}

/// A captioned single-line field; screen readers (and tests) find it by its caption.
pub fn labelled_text(ui: &mut Ui, label: &str, text: &mut String, hint: &str) -> egui::Response {
    let caption = caption(ui, label);
    text_field(ui, text, hint).labelled_by(caption.id)
}

/// "3 days": a number and a unit.
pub fn span(ui: &mut Ui, id_salt: &str, span: &mut Span) {
    ui.horizontal(|ui| {
        number(
            ui,
            "Amount",
            egui::DragValue::new(&mut span.amount)
                .range(0..=Span::max_amount(span.unit))
                .speed(0.1),
        );
        combo(
            ui,
            id_salt,
            "Unit",
            90.0,
            (span.unit.word(span.amount)).to_string(),
            |ui| {
                for unit in TimeUnit::ALL {
                    ui.selectable_value(&mut span.unit, unit, unit.word(span.amount));
                }
            },
        );
        // A unit picked this frame may make the amount longer than a span can be.
        span.amount = span.amount.min(Span::max_amount(span.unit));
    });
}

/// A single-line text field that fills the panel's width.
pub fn text_field(ui: &mut Ui, text: &mut String, hint: &str) -> egui::Response {
    ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    )
}

/// A drop-down with a name for screen readers (its caption is usually beside it).
pub fn combo(
    ui: &mut Ui,
    id_salt: &str,
    name: &str,
    width: f32,
    selected: String,
    add_items: impl FnOnce(&mut Ui),
) -> egui::Response {
    egui::ComboBox::from_id_salt(id_salt)
        .width(width)
        .selected_text(selected)
        .show_ui(ui, add_items)
        .response
        .accessible_name(name)
}

/// A number field with a name for screen readers.
pub fn number(ui: &mut Ui, name: &str, value: egui::DragValue<'_>) -> egui::Response {
    ui.add(value).accessible_name(name)
}
