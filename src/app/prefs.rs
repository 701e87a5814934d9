//! What the app remembers between runs: recent files, the last file, the theme.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::theme::Theme;

const KEY: &str = "series-builder-prefs";
const RECENT_LIMIT: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    /// The file open when the app last closed; `None` on first start.
    pub last_file: Option<PathBuf>,
    pub theme: Theme,
    /// Whether the go-live checklist is unfolded; `None` until the marketer
    /// folds or unfolds it (then it opens when there is something to fix).
    pub checklist_open: Option<bool>,
    /// Whether the minimap is shown; `None` until the marketer turns it on or
    /// off (then it shows for series of more than a few screens).
    pub minimap: Option<bool>,
}

impl Prefs {
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Prefs {
        storage
            .and_then(|s| s.get_string(KEY))
            .and_then(|text| ron::from_str(&text).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, storage: &mut dyn eframe::Storage) {
        if let Ok(text) = ron::to_string(self) {
            storage.set_string(KEY, text);
        }
    }

    /// Puts a file first in Open Recent.
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(RECENT_LIMIT);
        self.last_file = Some(path.to_path_buf());
    }

    pub fn forget(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        if self.last_file.as_deref() == Some(path) {
            self.last_file = None;
        }
    }
}
