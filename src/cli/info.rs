//! `series-builder info SERIES.ron`: what a series file holds.

use std::path::Path;

use super::out::{say, say_error};
use super::{Format, exit, print_json, series_json, series_lines};
use crate::file;

pub fn run(path: &Path, format: Format) -> u8 {
    let series = match file::load(path) {
        Ok(series) => series,
        Err(e) => {
            say_error!("series-builder: {}: {e}", path.display());
            return exit::BAD_INPUT;
        }
    };
    match format {
        Format::Json => print_json(&series_json(&series)),
        Format::Text => {
            for line in series_lines(&series) {
                say!("{line}");
            }
            let settings = &series.settings;
            let title = |id| series.title_of(id);
            if !settings.exit_rules.is_empty() {
                say!("Exit rules:   {}", settings.exit_rules_summary(&title));
            }
            match &settings.goal {
                Some(goal) => say!("Goal:         {}", goal.summary(&title)),
                None => say!("Goal:         none"),
            }
            if let Some(origin) = &series.origin {
                say!(
                    "Imported from campaign '{}' ({}, {})",
                    origin.campaign_name,
                    origin.campaign_id,
                    origin.campaign_state.label()
                );
            }
        }
    }
    exit::DONE
}
