//! `series-builder check SERIES.ron`.

use std::path::Path;

use super::{Format, exit};

pub fn run(_series: &Path, _format: Format, _now: Option<&str>) -> u8 {
    eprintln!("series-builder: check is not available yet");
    exit::BAD_INPUT
}
