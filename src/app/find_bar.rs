//! The Find bar: a field over the canvas' top right, the number of matches,
//! Previous and Next, and the matches listed. Its field and buttons hand back
//! actions (Enter is Find Next, Shift+Enter Find Previous, Escape closes);
//! the app carries them out, moving [`FindBar`]'s place in the matches.

use std::collections::BTreeSet;

use egui::{Key, RichText};

use crate::action::Action;
use crate::find;
use crate::model::{BlockId, Series};

/// Rows of the list shown before it scrolls.
const LIST_HEIGHT: f32 = 200.0;
const WIDTH: f32 = 340.0;

#[derive(Debug, Default)]
pub struct FindBar {
    /// The field's text, as typed.
    typed: String,
    /// The words the matches are for.
    query: String,
    matches: Vec<BlockId>,
    found: BTreeSet<BlockId>,
    current: Option<usize>,
    /// The document revision the matches were found in.
    revision: u64,
    /// Put the cursor in the field at the next frame.
    focus: bool,
    /// Scroll the list to the current match at the next frame.
    scroll: bool,
}

impl FindBar {
    pub fn new() -> Self {
        FindBar {
            focus: true,
            ..FindBar::default()
        }
    }

    pub fn found(&self) -> &BTreeSet<BlockId> {
        &self.found
    }

    pub fn count(&self) -> usize {
        self.matches.len()
    }

    /// The match the bar is on.
    pub fn current(&self) -> Option<BlockId> {
        self.current.and_then(|i| self.matches.get(i).copied())
    }

    pub fn focus(&mut self) {
        self.focus = true;
    }

    /// Looks for new words; the bar goes to the first match.
    pub fn search(&mut self, series: &Series, revision: u64, query: String) {
        self.typed.clone_from(&query);
        self.query = query;
        self.find(series, revision);
        self.current = (!self.matches.is_empty()).then_some(0);
        self.scroll = true;
    }

    /// Finds again after the series changed, staying on the same block if it
    /// still matches.
    pub fn refresh(&mut self, series: &Series, revision: u64) {
        if revision == self.revision {
            return;
        }
        let on = self.current();
        self.find(series, revision);
        self.current = match on.and_then(|id| self.matches.iter().position(|m| *m == id)) {
            Some(i) => Some(i),
            None => (!self.matches.is_empty()).then_some(0),
        };
    }

    fn find(&mut self, series: &Series, revision: u64) {
        self.matches = find::matches(series, &self.query);
        self.found = self.matches.iter().copied().collect();
        self.revision = revision;
    }

    /// Moves to the next (or previous) match, round the end; the block it is on.
    pub fn step(&mut self, forward: bool) -> Option<BlockId> {
        let n = self.matches.len();
        if n == 0 {
            return None;
        }
        self.current = Some(match (self.current, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        });
        self.scroll = true;
        self.current()
    }

    /// Moves to the match at `index` in the list.
    pub fn go_to(&mut self, index: usize) -> Option<BlockId> {
        if index < self.matches.len() {
            self.current = Some(index);
            self.scroll = true;
        }
        self.current()
    }

    /// Draws the bar at the top right of `canvas`; returns what was asked.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        canvas: egui::Rect,
        series: &Series,
    ) -> Vec<Action> {
        let mut asked = Vec::new();
        egui::Area::new(egui::Id::unique("find-bar"))
            .order(egui::Order::Foreground)
            .pivot(egui::Align2::RIGHT_TOP)
            .fixed_pos(canvas.right_top() + egui::vec2(-16.0, 12.0))
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_width(WIDTH);
                    self.controls(ui, &mut asked);
                    if !self.query.trim().is_empty() {
                        self.list(ui, series, &mut asked);
                    }
                });
            });
        asked
    }

    fn controls(&mut self, ui: &mut egui::Ui, asked: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            let caption = ui.label("Find");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.typed)
                        .hint_text("Titles, messages, conditions, tags")
                        .desired_width(WIDTH - 170.0),
                )
                .labelled_by(caption.id);
            if std::mem::take(&mut self.focus) {
                field.request_focus();
            }
            if field.changed() {
                asked.push(Action::FindText(self.typed.clone()));
            }
            let (enter, shift, escape) = ui.input(|i| {
                (
                    i.key_pressed(Key::Enter),
                    i.modifiers.shift,
                    i.key_pressed(Key::Escape),
                )
            });
            if field.lost_focus() && enter {
                asked.push(if shift {
                    Action::FindPrevious
                } else {
                    Action::FindNext
                });
                // Enter again goes on to the next match.
                field.request_focus();
            }
            if field.lost_focus() && escape {
                asked.push(Action::CloseFind);
            }
            let any = !self.matches.is_empty();
            if ui
                .add_enabled(any, egui::Button::new("Previous"))
                .on_hover_text("Find Previous (Shift+Enter)")
                .clicked()
            {
                asked.push(Action::FindPrevious);
            }
            if ui
                .add_enabled(any, egui::Button::new("Next"))
                .on_hover_text("Find Next (Enter)")
                .clicked()
            {
                asked.push(Action::FindNext);
            }
            if ui.button("Close").clicked() {
                asked.push(Action::CloseFind);
            }
        });
    }

    fn list(&mut self, ui: &mut egui::Ui, series: &Series, asked: &mut Vec<Action>) {
        let words = match (self.current, self.matches.len()) {
            (_, 0) => "No block matches".to_string(),
            (Some(i), n) => format!("{} of {n}", i + 1),
            (None, n) => crate::text::count_with(n, "match", "matches"),
        };
        ui.label(RichText::new(words).strong());
        if self.matches.is_empty() {
            return;
        }
        let scroll = std::mem::take(&mut self.scroll);
        egui::ScrollArea::vertical()
            .max_height(LIST_HEIGHT)
            .auto_shrink([false, true])
            .show_rows(ui, 20.0, self.matches.len(), |ui, rows| {
                for i in rows {
                    let id = self.matches[i];
                    let Some(block) = series.block(id) else {
                        continue;
                    };
                    let text = format!(
                        "{} · {}",
                        block.display_title(),
                        crate::canvas::kind_label(block.kind())
                    );
                    let row = ui.selectable_label(self.current == Some(i), text);
                    if scroll && self.current == Some(i) {
                        row.scroll_to_me(None);
                    }
                    if row.clicked() {
                        asked.push(Action::FindShow(i));
                    }
                }
            });
    }
}
