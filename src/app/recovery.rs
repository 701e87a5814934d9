//! Unsaved work is written to a recovery file every 30 seconds and offered back at
//! the next start, so a crash loses at most half a minute.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::modal::Modal;
use crate::file;
use crate::model::Series;

pub const INTERVAL_SECONDS: f64 = 30.0;

/// Where the recovered series was saved before, if anywhere, and when the
/// autosave was written.
#[derive(Serialize, Deserialize)]
struct Note {
    path: Option<PathBuf>,
    /// Missing in notes of older versions.
    #[serde(default)]
    saved_at: Option<DateTime<Utc>>,
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
    pub saved_at: Option<DateTime<Utc>>,
}

impl Found {
    /// What the recovery offer says: which series, from which file, from when.
    pub fn describe(&self) -> String {
        let file = match &self.path {
            Some(path) => format!("{} (in {})", crate::text::file_name(path), folder_of(path)),
            None => "a series never saved to a file".into(),
        };
        let when = match self.saved_at {
            Some(at) => format!(" from {}", at.format("%-d %b %Y at %H:%M UTC")),
            None => String::new(),
        };
        format!(
            "series-builder closed before '{}' was saved: {file}. Its last autosave{when} ({}) can be restored.",
            self.series.name,
            crate::text::count(self.series.len(), "block")
        )
    }
}

fn folder_of(path: &Path) -> String {
    path.parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

/// A recovery file that could not be read, moved aside so it is neither lost
/// nor offered again.
pub struct SetAside {
    pub why: String,
    pub kept_as: Option<PathBuf>,
}

impl SetAside {
    pub fn modal(&self) -> Modal {
        let kept = match &self.kept_as {
            Some(path) => format!(
                "It was kept as {} in case it can be repaired.",
                path.display()
            ),
            None => {
                "It could not be moved aside either, and will be replaced by the next autosave."
                    .into()
            }
        };
        Modal::Error {
            title: "Autosaved work could not be read".into(),
            message: self.why.clone(),
            advice: format!("{kept} Nothing else is affected."),
        }
    }
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
            saved_at: Some(Utc::now()),
        })
        .map_err(|e| file::FileError::Serialize(e.to_string()))?;
        file::PendingSave::write(&note_path, note.as_bytes())?.commit()?;
        file::save(&series_path, series)
    }

    /// Unsaved work left by an earlier run, if any. A recovery file that cannot
    /// be read is moved aside (never lost, never offered twice) and said.
    pub fn find(&self) -> Result<Option<Found>, SetAside> {
        let Some(series_path) = self.series_path().filter(|p| p.exists()) else {
            return Ok(None);
        };
        let series = match file::load(&series_path) {
            Ok(series) => series,
            Err(e) => {
                let stamp = Utc::now().format("%Y%m%d-%H%M%S");
                let aside = series_path.with_file_name(format!("recovery-unreadable-{stamp}.ron"));
                let kept_as = std::fs::rename(&series_path, &aside).ok().map(|()| aside);
                return Err(SetAside {
                    why: format!("The autosave {} is damaged: {e}", series_path.display()),
                    kept_as,
                });
            }
        };
        let note = self
            .note_path()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|t| ron::from_str::<Note>(&t).ok());
        Ok(Some(Found {
            series,
            path: note.as_ref().and_then(|n| n.path.clone()),
            saved_at: note.and_then(|n| n.saved_at),
        }))
    }

    /// Removes the recovery file: the work is saved, discarded or restored.
    pub fn clear(&mut self) {
        for path in [self.series_path(), self.note_path()].into_iter().flatten() {
            let _ = std::fs::remove_file(path);
        }
        self.written_revision = None;
    }
}
