//! The subcommands of `spec/cli.md`: headless work for scripts, CI and git users.

mod check;
mod diff;
mod import;
mod info;
pub mod out;
#[cfg(feature = "app")]
mod render;
mod sample_customers;
mod simulate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::{Kind, Series};
use out::{say, say_error};

#[derive(Debug, Parser)]
#[command(
    name = "series-builder",
    version,
    about = "Build customer-messaging series, check them before they go live, and migrate old campaigns.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A series file to open in the app (default: the last one, or the built-in example)
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Turn a campaign export (JSON) into a new series file
    Import {
        /// The campaign export
        campaign: PathBuf,
        /// The series file to write
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Overwrite the output file if it exists
        #[arg(long)]
        force: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Run the go-live checks on a series file
    Check {
        series: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The time to check against (RFC 3339), instead of now
        #[arg(long)]
        now: Option<String>,
    },
    /// Show what a series file holds
    Info {
        series: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Show what changed for customers between two versions of a series
    /// (exit 0: nothing, or only moves on the canvas; 1: changes)
    Diff {
        /// The earlier version (/dev/null: no series)
        old: PathBuf,
        /// The later version
        new: PathBuf,
        /// The rest of the seven (for a rename, nine) arguments git passes an
        /// external diff
        #[arg(hide = true, num_args = 0..=7)]
        git: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Simulate a series over a customers file: who enters, which path each takes, what they get
    Simulate(simulate::Request),
    /// Write a plausible audience of a software product to simulate with
    SampleCustomers(sample_customers::Request),
    /// Draw a picture of a series (SVG or PNG), as the canvas shows it
    #[cfg(feature = "app")]
    Render {
        series: PathBuf,
        /// The picture to write: its name ends in .svg or .png
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Pixels per canvas unit (1 is the canvas at 100 %)
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
        #[arg(long, value_enum, default_value_t = PictureTheme::Light)]
        theme: PictureTheme,
    },
}

/// The colours of a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PictureTheme {
    Light,
    Dark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Exit statuses of `spec/cli.md`.
pub mod exit {
    pub const DONE: u8 = 0;
    pub const NOT_READY: u8 = 1;
    pub const BAD_INPUT: u8 = 2;
}

/// Runs a subcommand; prints to stdout and stderr and returns the exit status.
pub fn run(command: Command) -> ExitCode {
    let status = match command {
        Command::Info { series, format } => info::run(&series, format),
        Command::Import {
            campaign,
            output,
            force,
            format,
        } => import::run(&campaign, &output, force, format),
        Command::Check {
            series,
            format,
            now,
        } => check::run(&series, format, now.as_deref()),
        Command::Diff {
            old,
            new,
            git,
            format,
        } => diff::run(&old, &new, &git, format),
        Command::Simulate(request) => simulate::run(&request),
        Command::SampleCustomers(request) => sample_customers::run(&request),
        #[cfg(feature = "app")]
        Command::Render {
            series,
            output,
            scale,
            theme,
        } => render::run(&series, &output, scale, theme),
    };
    out::finish();
    ExitCode::from(status)
}

/// What `info` prints as JSON, and `import` too (with hints added).
pub fn series_json(series: &Series) -> serde_json::Value {
    let counts = series.count_by_kind();
    let count = |k: Kind| counts.get(&k).copied().unwrap_or(0);
    serde_json::json!({
        "name": series.name,
        "status": series.status.label(),
        "format_version": crate::file::FORMAT_VERSION,
        "blocks": {
            "rule": count(Kind::Rule),
            "content": count(Kind::Content),
            "wait": count(Kind::Wait),
            "tag": count(Kind::Tag),
            "split": count(Kind::Split),
        },
        // Notes are for the team, counted apart from the blocks of paths.
        "notes": count(Kind::Note),
        "connections": series.connection_count(),
        "entry_points": series.entry_points().len(),
    })
}

/// Prints one JSON object on stdout.
pub(crate) fn print_json(value: &serde_json::Value) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => say!("{text}"),
        Err(e) => say_error!("series-builder: could not write JSON: {e}"),
    }
}

/// The lines of `info` (and of `import`'s summary): counts, in words.
pub fn series_lines(series: &Series) -> Vec<String> {
    let counts = series.count_by_kind();
    let by_kind: Vec<String> = Kind::ALL
        .iter()
        .filter(|k| k.on_paths())
        .map(|k| format!("{} {}", counts.get(k).copied().unwrap_or(0), k.name()))
        .collect();
    let notes = series.note_count();
    vec![
        format!("Series:       {}", series.name),
        format!("Status:       {}", series.status.label()),
        format!(
            "Blocks:       {} ({})",
            series.len() - notes,
            by_kind.join(", ")
        ),
        format!("Notes:        {notes}"),
        format!("Arrows:       {}", series.connection_count()),
        format!("Entry points: {}", series.entry_points().len()),
    ]
}
