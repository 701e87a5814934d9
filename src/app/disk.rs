//! Noticing that the open file changed on disk (a `git pull`, another editor):
//! without unsaved work the series is reloaded; with unsaved work the marketer
//! chooses, and a save never overwrites such a change without asking.

use std::path::{Path, PathBuf};

use super::SeriesApp;
use super::document::Document;
use super::modal::Modal;
use crate::file;

/// How often the file's time and size are looked at, in seconds.
const CHECK_SECONDS: f64 = 1.0;

impl SeriesApp {
    pub(super) fn watch_disk(&mut self) {
        if self.now - self.disk_checked_at < CHECK_SECONDS || self.modal.is_some() {
            return;
        }
        self.disk_checked_at = self.now;
        if !self.doc.changed_on_disk() {
            return;
        }
        let Some(path) = self.doc.path().map(Path::to_path_buf) else {
            return;
        };
        let name = self.doc.display_name();
        match file::load(&path) {
            // Touched, not changed (or changed back): nothing to do.
            Ok(theirs) if &theirs == self.doc.series() => self.doc.accept_disk(),
            Ok(_) if !self.doc.is_dirty() => self.reload(&path),
            Ok(_) => self.open_modal(Modal::ChangedOnDisk {
                name,
                saving: false,
            }),
            Err(e) => {
                // Half-written by the other program, perhaps: keep ours, say so.
                self.doc.accept_disk();
                self.tell(format!(
                    "{name} changed on disk but can't be read ({e}); the series here is kept as it is"
                ));
            }
        }
    }

    /// Whether saving to `path` would overwrite a change made on disk by someone
    /// else; if so, asks first.
    pub(super) fn save_would_overwrite(&mut self, path: &Path) -> bool {
        let same_file = self.doc.path() == Some(path);
        if same_file && self.doc.changed_on_disk() {
            self.open_modal(Modal::ChangedOnDisk {
                name: self.doc.display_name(),
                saving: true,
            });
            return true;
        }
        false
    }

    /// Opens the file again, keeping the view and the selection of the blocks
    /// that are still there.
    pub(super) fn reload(&mut self, path: &Path) {
        match Document::open(path) {
            Ok(doc) => {
                self.doc = doc;
                self.canvas.selection.retain_existing(self.doc.series());
                self.tell(format!(
                    "Reloaded {}: it changed on disk",
                    self.doc.display_name()
                ));
            }
            Err(e) => self.open_modal(Modal::open_failed(path, &e)),
        }
    }

    /// The marketer keeps their version: the change on disk is known now, and
    /// their next save replaces it.
    pub(super) fn keep_mine(&mut self, then_save: bool) {
        self.doc.accept_disk();
        if then_save && let Some(path) = self.doc.path().map(PathBuf::from) {
            self.save_to(&path);
        }
    }
}
