//! The open series with its undo history, file path and saved state. The series
//! and history are private: every change goes through [`Document::apply`],
//! [`Document::undo`] or [`Document::redo`], so none can skip the live-series
//! guard or the revision that caches compare.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::edit::{Edit, EditError, History, MergeKey};
use crate::file::{self, FileError};
use crate::model::{BlockId, Series, Status};

pub struct Document {
    series: Series,
    history: History,
    /// Where it is saved; `None` for a new or imported series.
    path: Option<PathBuf>,
    saved_state: u64,
    /// Changes whenever the series does (edit, undo, redo, open): checks and
    /// caches compare it instead of the series.
    revision: u64,
    /// The file as this document last read or wrote it, to notice changes by
    /// others (a `git pull`, another editor).
    on_disk: Option<Stamp>,
}

/// When a file was last changed, and its size: enough to notice another
/// program's save without reading the file every second. (A change within the
/// same clock tick that keeps the size would go unseen; file systems keep
/// times to the nanosecond or microsecond, so that needs two saves at once.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: std::time::SystemTime,
    len: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp {
            modified: meta.modified().ok()?,
            len: meta.len(),
        })
    }
}

/// Why an edit did not happen.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("This series is live. Pause it from the Series menu to make changes.")]
    Live,
    #[error(transparent)]
    Edit(#[from] EditError),
}

impl Document {
    pub fn new(series: Series, path: Option<PathBuf>) -> Self {
        Document {
            series,
            history: History::default(),
            path,
            saved_state: 0,
            revision: next_revision(),
            on_disk: None,
        }
    }

    /// A document that counts as unsaved from the start (an import, a recovery).
    pub fn unsaved(series: Series, path: Option<PathBuf>) -> Self {
        let mut doc = Document::new(series, path);
        doc.saved_state = u64::MAX;
        doc
    }

    pub fn open(path: &Path) -> Result<Self, FileError> {
        let stamp = Stamp::of(path);
        let mut doc = Document::new(file::load(path)?, Some(path.to_path_buf()));
        doc.on_disk = stamp;
        Ok(doc)
    }

    /// Whether the file changed on disk since this document read or wrote it.
    pub fn changed_on_disk(&self) -> bool {
        match &self.path {
            Some(path) => Stamp::of(path) != self.on_disk,
            None => false,
        }
    }

    /// Takes the file as it is on disk now as the one this document knows: a
    /// change seen and dealt with is not reported again.
    pub fn accept_disk(&mut self) {
        self.on_disk = self.path.as_deref().and_then(Stamp::of);
    }

    pub fn series(&self) -> &Series {
        &self.series
    }

    /// Where it is saved; `None` for a new or imported series.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn is_dirty(&self) -> bool {
        self.history.state_id() != self.saved_state
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn is_live(&self) -> bool {
        self.series.status == Status::Live
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// The name shown in the title bar: the file's, or the series'.
    pub fn display_name(&self) -> String {
        self.path
            .as_deref()
            .map(crate::text::file_name)
            .unwrap_or_else(|| self.series.name.clone())
    }

    /// Ids for the blocks the next edit adds, never used before in this series.
    /// The document hands them out, and edits apply one at a time, so two new
    /// blocks never get the same id; a refused edit uses up none.
    pub fn new_ids(&self, count: usize) -> Vec<BlockId> {
        let first = self.series.next_id;
        (first..first.saturating_add(count as u64))
            .map(BlockId)
            .collect()
    }

    /// Applies an edit as one undo step (or part of the open one with the same key).
    /// A live series takes no edits but its own status change.
    pub fn apply(&mut self, edit: Edit, key: Option<MergeKey>) -> Result<(), Refused> {
        if self.is_live() && !matches!(edit, Edit::Status { .. }) {
            return Err(Refused::Live);
        }
        self.history.apply(&mut self.series, edit, key)?;
        self.revision = next_revision();
        Ok(())
    }

    /// Ends the current gesture: the next edit starts a new undo step.
    pub fn seal(&mut self) {
        self.history.seal();
    }

    pub fn undo(&mut self) -> Result<bool, Refused> {
        self.guard_live()?;
        let done = self.history.undo(&mut self.series)?;
        self.revision = next_revision();
        Ok(done)
    }

    pub fn redo(&mut self) -> Result<bool, Refused> {
        self.guard_live()?;
        let done = self.history.redo(&mut self.series)?;
        self.revision = next_revision();
        Ok(done)
    }

    fn guard_live(&self) -> Result<(), Refused> {
        if self.is_live() {
            Err(Refused::Live)
        } else {
            Ok(())
        }
    }

    pub fn save_to(&mut self, path: &Path) -> Result<(), FileError> {
        file::save(path, &self.series)?;
        self.path = Some(path.to_path_buf());
        self.on_disk = Stamp::of(path);
        self.history.seal();
        self.saved_state = self.history.state_id();
        Ok(())
    }
}

/// Unique across documents, so a cache never mistakes a newly opened series for the old one.
fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
