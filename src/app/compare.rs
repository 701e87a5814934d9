//! Comparing the open series with another version of it (File → Compare With…):
//! what changed since that version, marked on the canvas and listed in the side
//! panel. The other version is the old one: blocks it lacks are "added", and
//! the blocks it had that the series has not are its ghosts, where they were.
//! While a comparison is shown the series is read-only; Done or Escape ends it.

use std::path::Path;

use egui::Rect;

use super::SeriesApp;
use super::modal::Modal;
use crate::canvas::DiffMarks;
use crate::diff::{self, Entry, Subject};
use crate::file;
use crate::model::{BlockId, Series};
use crate::text::file_name;

/// Room round what a change is about when it is brought into view, in canvas
/// units: enough for its marks.
const ROOM: f32 = 24.0;

/// What the app says when something would change the series during a comparison.
pub const READ_ONLY: &str =
    "You're comparing two versions, so the series can't change now. Press Done to edit it again.";

pub struct Comparison {
    /// The other version's file name.
    file: String,
    other: Series,
    /// The document revision the changes were worked out on.
    revision: u64,
    headline: String,
    entries: Vec<Entry>,
    marks: DiffMarks,
    /// What the change last brought into view is about.
    shown: Option<Subject>,
}

impl Comparison {
    fn new(file: String, other: Series, series: &Series, revision: u64) -> Self {
        let mut comparison = Comparison {
            file,
            other,
            revision,
            headline: String::new(),
            entries: Vec::new(),
            marks: DiffMarks::default(),
            shown: None,
        };
        comparison.work_out(series, revision);
        comparison
    }

    fn work_out(&mut self, series: &Series, revision: u64) {
        let diff = diff::diff(&self.other, series);
        self.headline = diff.headline();
        self.entries = diff.entries();
        self.marks = DiffMarks::new(&diff, &self.other);
        self.revision = revision;
    }

    /// The other version's file name: "onboarding-old.ron".
    pub fn file(&self) -> &str {
        &self.file
    }

    /// "3 changes; 1 block moved on the canvas".
    pub fn headline(&self) -> &str {
        &self.headline
    }

    /// The list of changes, in the order `series-builder diff` prints them.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn marks(&self) -> &DiffMarks {
        &self.marks
    }

    /// What the change last brought into view is about.
    pub fn shown(&self) -> Option<Subject> {
        self.shown
    }

    /// Where these blocks of either version are, together, in canvas units.
    fn area(&self, series: &Series, ids: impl IntoIterator<Item = BlockId>) -> Option<Rect> {
        ids.into_iter()
            .filter_map(|id| self.marks.card(series, id))
            .reduce(|a, b| a.union(b))
    }
}

impl SeriesApp {
    /// The comparison shown now, if any.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.compare.as_ref()
    }

    /// Compares the series with the file at `path`, and brings every change
    /// into view. A file that can't be read is said as Open says it, and
    /// nothing changes (a comparison already shown stays).
    pub(super) fn compare_with(&mut self, path: &Path) {
        match file::load(path) {
            Ok(other) => {
                let series = self.doc.series();
                let comparison =
                    Comparison::new(file_name(path), other, series, self.doc.revision());
                let marks = comparison.marks();
                let marked = marks
                    .blocks
                    .keys()
                    .chain(marks.ghosts.iter().map(|g| &g.id));
                let area = comparison.area(series, marked.copied());
                self.compare = Some(comparison);
                self.canvas.selection.clear();
                self.reveal(area);
            }
            Err(e) => self.open_modal(Modal::open_failed(path, &e)),
        }
    }

    pub(super) fn end_comparison(&mut self) {
        self.compare = None;
    }

    /// Works the changes out again when the series changed under the
    /// comparison (reloaded because its file changed on disk).
    pub(super) fn refresh_comparison(&mut self) {
        let revision = self.doc.revision();
        if let Some(comparison) = &mut self.compare
            && comparison.revision != revision
        {
            comparison.work_out(self.doc.series(), revision);
        }
    }

    /// Brings what a change is about into view, selecting it where it is part
    /// of the series (a ghost can't be selected).
    pub(super) fn show_change(&mut self, subject: Subject) {
        let Some(comparison) = &mut self.compare else {
            return;
        };
        comparison.shown = Some(subject);
        let series = self.doc.series();
        let selection = &mut self.canvas.selection;
        selection.clear();
        let ends = match subject {
            Subject::Series => return,
            Subject::Block(id) => {
                if series.block(id).is_some() {
                    selection.blocks.insert(id);
                }
                vec![id]
            }
            Subject::Arrow(arrow) => {
                if series.target(arrow.from, arrow.output) == Some(arrow.to) {
                    selection.connections.insert(arrow.port());
                }
                vec![arrow.from, arrow.to]
            }
        };
        let area = comparison.area(series, ends);
        self.reveal(area);
    }

    /// Scrolls as little as needed to show `area` (canvas units) and its marks.
    fn reveal(&mut self, area: Option<Rect>) {
        if let Some(area) = area {
            self.canvas.view.reveal(self.canvas_rect, area.expand(ROOM));
        }
    }
}
