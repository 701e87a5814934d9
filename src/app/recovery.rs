//! Unsaved work is written to a recovery file every 30 seconds and offered back at
//! the next start, so a crash loses at most half a minute.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::file;
use crate::model::Series;

pub const INTERVAL_SECONDS: f64 = 30.0;

/// Where the recovered series was saved before, if anywhere.
#[derive(Serialize, Deserialize)]
struct Note {
    path: Option<PathBuf>,
}

pub struct Recovery {
    folder: Option<PathBuf>,
    last_write: f64,
    written_revision: Option<u64>,
}

/// Work found at start.
pub struct Found {
    pub series: Series,
    pub path: Option<PathBuf>,
}

impl Recovery {
    /// `folder` is where recovery files live; `None` turns recovery off.
    pub fn new(folder: Option<PathBuf>) -> Self {
        Recovery {
            folder,
            last_write: 0.0,
            written_revision: None,
        }
    }

    fn series_path(&self) -> Option<PathBuf> {
        Some(self.folder.as_ref()?.join("recovery.ron"))
    }

    fn note_path(&self) -> Option<PathBuf> {
        Some(self.folder.as_ref()?.join("recovery-note.ron"))
    }

    /// Writes the series when it is unsaved, changed since the last write, and the
    /// interval has passed. `now` is in seconds (egui's clock).
    pub fn tick(
        &mut self,
        now: f64,
        series: &Series,
        path: Option<&Path>,
        dirty: bool,
        revision: u64,
    ) {
        if !dirty
            || self.written_revision == Some(revision)
            || now - self.last_write < INTERVAL_SECONDS
        {
            return;
        }
        self.last_write = now;
        if self.write(series, path).is_ok() {
            self.written_revision = Some(revision);
        }
    }

    pub fn write(&self, series: &Series, path: Option<&Path>) -> Result<(), file::FileError> {
        let (Some(series_path), Some(note_path), Some(folder)) =
            (self.series_path(), self.note_path(), self.folder.as_ref())
        else {
            return Ok(());
        };
        std::fs::create_dir_all(folder).map_err(|e| file::FileError::Io {
            path: folder.clone(),
            source: e,
        })?;
        let note = ron::to_string(&Note {
            path: path.map(Path::to_path_buf),
        })
        .map_err(|e| file::FileError::Serialize(e.to_string()))?;
        file::PendingSave::write(&note_path, note.as_bytes())?.commit()?;
        file::save(&series_path, series)
    }

    /// Unsaved work left by an earlier run, if any and readable.
    pub fn find(&self) -> Option<Found> {
        let series = file::load(&self.series_path()?).ok()?;
        let path = std::fs::read_to_string(self.note_path()?)
            .ok()
            .and_then(|t| ron::from_str::<Note>(&t).ok())
            .and_then(|n| n.path);
        Some(Found { series, path })
    }

    /// Removes the recovery file: the work is saved, discarded or restored.
    pub fn clear(&mut self) {
        for path in [self.series_path(), self.note_path()].into_iter().flatten() {
            let _ = std::fs::remove_file(path);
        }
        self.written_revision = None;
    }
}
