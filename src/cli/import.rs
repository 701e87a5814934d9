//! `series-builder import CAMPAIGN.json -o SERIES.ron`.

use std::path::Path;

use super::{Format, exit};

pub fn run(_campaign: &Path, _output: &Path, _force: bool, _format: Format) -> u8 {
    eprintln!("series-builder: import is not available yet");
    exit::BAD_INPUT
}
