//! `series-builder render SERIES.ron -o FILE.svg|FILE.png [--scale N] [--theme light|dark]`:
//! a picture of the whole series, as the canvas draws it.

use std::path::Path;

use super::out::{say, say_error};
use super::{PictureTheme, exit};
use crate::file;
use crate::render::{self, Style};

/// Scales outside this range make pictures no one can use (or no machine can hold).
const SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.1..=8.0;

pub fn run(path: &Path, output: &Path, scale: f32, theme: PictureTheme) -> u8 {
    // Everything wrong with the arguments is said at once, before any reading.
    let mut bad = false;
    if render::Format::of(output).is_none() {
        say_error!(
            "series-builder: {}: a picture's name must end in .svg or .png",
            output.display()
        );
        bad = true;
    }
    if !SCALE_RANGE.contains(&scale) {
        say_error!(
            "series-builder: --scale {scale}: choose a scale from {} to {}",
            SCALE_RANGE.start(),
            SCALE_RANGE.end()
        );
        bad = true;
    }
    let series = match file::load(path) {
        Ok(series) => series,
        Err(e) => {
            say_error!("series-builder: {}: {e}", path.display());
            return exit::BAD_INPUT;
        }
    };
    if bad {
        return exit::BAD_INPUT;
    }
    let style = Style {
        dark: theme == PictureTheme::Dark,
        scale,
    };
    if let Err(e) = render::save(output, &series, None, style) {
        say_error!("series-builder: {}: {e}", output.display());
        return exit::BAD_INPUT;
    }
    say!(
        "Wrote a picture of '{}' to {}",
        series.name,
        output.display()
    );
    exit::DONE
}
