//! What the app's actions do to the document, the files and the selection.

use std::path::Path;

use super::SeriesApp;
use super::document::{Document, Refused};
use super::modal::Modal;
use super::recovery::Found;
use crate::canvas::ViewRequest;
use crate::clipboard::{Clip, PASTE_OFFSET, PasteError};
use crate::edit::Edit;
use crate::model::{BlockId, Status};
use crate::text::{count, file_name};

impl SeriesApp {
    pub(super) fn step_history(
        &mut self,
        step: impl FnOnce(&mut Document) -> Result<bool, Refused>,
        nothing: &str,
    ) {
        self.flush_edits();
        match step(&mut self.doc) {
            Ok(true) => self.flush_edits(),
            Ok(false) => self.tell(nothing),
            Err(e) => self.tell(e.to_string()),
        }
    }

    pub(super) fn replace_document(&mut self, doc: Document) {
        self.edits.clear();
        self.doc = doc;
        self.canvas.selection.blocks.clear();
        self.canvas.selection.connections.clear();
        self.canvas.request(ViewRequest::Fit);
        self.recovery.clear();
    }

    pub(super) fn open_path(&mut self, path: &Path) {
        match Document::open(path) {
            Ok(doc) => {
                self.replace_document(doc);
                self.prefs.remember(path);
                self.tell(format!("Opened {}", self.doc.display_name()));
            }
            Err(e) => {
                self.modal = Some(Modal::open_failed(path, &e));
            }
        }
    }

    pub(super) fn save_to(&mut self, path: &Path) {
        self.flush_edits();
        match self.doc.save_to(path) {
            Ok(()) => {
                self.prefs.remember(path);
                self.recovery.clear();
                self.tell(format!("Saved {}", self.doc.display_name()));
                if let Some(then) = self.after_save.take() {
                    self.run_discarding(then);
                }
            }
            Err(e) => {
                self.after_save = None;
                self.modal = Some(Modal::save_failed(path, &e));
            }
        }
    }

    pub(super) fn restore(&mut self, found: Found) {
        let doc = Document::unsaved(found.series, found.path);
        self.edits.clear();
        self.doc = doc;
        self.canvas.request(ViewRequest::Fit);
        self.tell("Your unsaved work is back. Save it to keep it.");
    }

    fn selected(&self) -> Vec<BlockId> {
        self.canvas.selection.blocks.iter().copied().collect()
    }

    pub(super) fn copy(&mut self) {
        let ids = self.selected();
        if ids.is_empty() {
            self.tell("Select blocks to copy them");
            return;
        }
        let clip = Clip::copy(&self.doc.series, &ids);
        self.copied = Some(clip.to_text());
        self.tell(format!("Copied {}", count(clip.len(), "block")));
        self.clip = Some(clip);
    }

    pub(super) fn paste(&mut self, text: Option<&str>) {
        let clip = match text {
            Some(text) => Clip::read(text),
            None => self.clip.clone().ok_or(PasteError::NoBlocks),
        };
        match clip {
            Ok(clip) => self.insert_clip(&clip, "Pasted"),
            Err(why) => self.tell(why.to_string()),
        }
    }

    pub(super) fn duplicate(&mut self, ids: &[BlockId]) {
        if ids.is_empty() {
            self.tell("Select blocks to duplicate them");
            return;
        }
        let clip = Clip::copy(&self.doc.series, ids);
        self.insert_clip(&clip, "Duplicated");
    }

    fn insert_clip(&mut self, clip: &Clip, verb: &str) {
        self.flush_edits();
        let (edit, ids) = clip.paste(&self.doc.series, PASTE_OFFSET);
        match self.doc.apply(edit, None) {
            Ok(()) => {
                self.canvas.selection.blocks = ids.iter().copied().collect();
                self.canvas.selection.connections.clear();
                self.tell(format!("{verb} {}", count(ids.len(), "block")));
            }
            Err(e) => self.tell(e.to_string()),
        }
    }

    pub(super) fn delete_selection(&mut self) {
        let blocks = self.selected();
        let connections: Vec<_> = self
            .canvas
            .selection
            .connections
            .iter()
            .copied()
            .filter(|p| !blocks.contains(&p.block))
            .collect();
        if blocks.is_empty() && connections.is_empty() {
            return;
        }
        self.edit(
            Edit::Remove {
                blocks,
                connections,
            },
            None,
        );
        self.flush_edits();
    }

    pub(super) fn preview_import(&mut self, path: &Path) {
        let file = file_name(path);
        let result = match std::fs::read(path) {
            Ok(bytes) => crate::import::import_campaign(&bytes)
                .map(Box::new)
                .map_err(|e| e.problems),
            Err(e) => Err(vec![crate::import::Problem::at("", e.to_string())]),
        };
        self.modal = Some(Modal::ImportPreview { file, result });
    }

    pub(super) fn adopt(&mut self, imported: crate::import::Imported) {
        let columns = imported.messages.len();
        self.replace_document(Document::unsaved(imported.series, None));
        self.banner = Some(format!(
            "Imported {columns} messages, one column each. Connect the columns into paths: drag from the bottom of a block onto the next one."
        ));
    }

    pub(super) fn go_live(&mut self, choice: Option<crate::model::GoLiveChoice>) {
        let mut edits = Vec::new();
        if let Some(choice) = choice {
            edits.push(Edit::GoLiveChoice(choice));
        }
        // A resumed series keeps the time it first went live.
        let went_live_at = self
            .doc
            .series
            .went_live_at
            .or_else(|| Some(chrono::Utc::now()));
        edits.push(Edit::Status {
            status: Status::Live,
            went_live_at,
        });
        self.flush_edits();
        match self.doc.apply(Edit::Batch(edits), None) {
            Ok(()) => self.tell(format!("'{}' is live", self.doc.series.name)),
            Err(e) => self.tell(e.to_string()),
        }
    }

    /// Stops customers moving (they wait where they are) so the series can be edited.
    pub(super) fn pause(&mut self) {
        let went_live_at = self.doc.series.went_live_at;
        self.edit(
            Edit::Status {
                status: Status::Paused,
                went_live_at,
            },
            None,
        );
        self.flush_edits();
    }
}
