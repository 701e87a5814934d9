//! Series files: RON, `format_version` first, the same bytes for the same series,
//! atomic saves, and loads that either give the whole series or one clear error.

mod ron_words;
mod save;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{
    Block, BlockId, BlockKind, CampaignOrigin, Connection, ModelError, Output, Pos, Series,
    Settings, Status,
};
use crate::text::quote;

pub use save::PendingSave;

/// The version this program writes.
/// Version 2 (`spec/series-v2.md`) added split tests, notes, send windows, waits
/// until a time of day and the series' time zone. A version-1 file reads as one
/// with none of them, in UTC, which is what it meant (serde fills the defaults).
pub const FORMAT_VERSION: u32 = 2;

/// The file name extension of series files.
pub const EXTENSION: &str = "ron";

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the file is empty")]
    Empty,
    #[error("the file is not text (UTF-8): unreadable bytes at line {line}, column {column}")]
    NotText { line: usize, column: usize },
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "this file was saved by a newer series-builder (format version {found}); this one reads versions up to {supported}: update series-builder to open it"
    )]
    NewerVersion { found: u32, supported: u32 },
    #[error("{0}")]
    Invalid(String),
    #[error("could not write the series: {0}")]
    Serialize(String),
}

impl FileError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        FileError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The file as written: blocks and arrows as sorted lists, so the text diffs well.
#[derive(Serialize, Deserialize)]
struct SeriesFile {
    format_version: u32,
    name: String,
    status: Status,
    went_live_at: Option<DateTime<Utc>>,
    /// Missing in version 0 files.
    #[serde(default)]
    next_id: u64,
    blocks: Vec<BlockRecord>,
    /// `(from, output, to)`: one line each.
    connections: Vec<(BlockId, Output, BlockId)>,
    settings: Settings,
    origin: Option<CampaignOrigin>,
}

#[derive(Serialize, Deserialize)]
struct BlockRecord {
    id: BlockId,
    title: String,
    pos: Pos,
    kind: BlockKind,
}

#[derive(Deserialize)]
struct VersionPeek {
    format_version: u32,
}

/// The series as RON text; the same series always gives the same text.
pub fn to_string(series: &Series) -> Result<String, FileError> {
    let file = SeriesFile {
        format_version: FORMAT_VERSION,
        name: series.name.clone(),
        status: series.status,
        went_live_at: series.went_live_at,
        next_id: series.next_id,
        blocks: series
            .blocks()
            .iter()
            .map(|(id, b)| BlockRecord {
                id: *id,
                title: b.title.clone(),
                pos: b.pos,
                kind: b.kind.clone(),
            })
            .collect(),
        connections: series
            .connections()
            .map(|c| (c.from, c.output, c.to))
            .collect(),
        settings: series.settings.clone(),
        origin: series.origin.clone(),
    };
    let config = ron::ser::PrettyConfig::new()
        .new_line("\n".to_string())
        .indentor("  ".to_string())
        .struct_names(false)
        .escape_strings(false);
    let mut text = ron::ser::to_string_pretty(&file, config)
        .map_err(|e| FileError::Serialize(ron_words::describe(&e)))?;
    text.push('\n');
    Ok(text)
}

/// How deep the RON reader may nest: [`crate::model::MAX_FILTER_DEPTH`] groups
/// need 4 levels each plus about 20 around them (60 in all); deeper files are
/// refused long before the stack is at risk, also on a small thread in a debug build.
const RON_RECURSION_LIMIT: usize = 128;

/// The RON reader as series files and copied blocks are read.
pub(crate) fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(RON_RECURSION_LIMIT)
}

/// Reads a series from the bytes of a file.
pub fn from_bytes(bytes: &[u8]) -> Result<Series, FileError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let (line, column) = line_column(&bytes[..e.valid_up_to()]);
            return Err(FileError::NotText { line, column });
        }
    };
    from_str(text)
}

/// Reads a series from RON text. A byte-order mark at the start, as some
/// editors write one, is skipped.
pub fn from_str(text: &str) -> Result<Series, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    let version = peek_version(text)?;
    if version > FORMAT_VERSION {
        return Err(FileError::NewerVersion {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    let file: SeriesFile = ron_options().from_str(text).map_err(syntax_error)?;
    build(file, version)
}

/// Loads a series file.
pub fn load(path: &Path) -> Result<Series, FileError> {
    let bytes = fs::read(path).map_err(|e| FileError::io(path, e))?;
    from_bytes(&bytes)
}

/// Saves atomically: the old file stays whole until the new one is complete.
pub fn save(path: &Path, series: &Series) -> Result<(), FileError> {
    let text = to_string(series)?;
    PendingSave::write(path, text.as_bytes())?.commit()
}

fn line_column(before: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(before);
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A reading error with its place, in words ([`ron_words`]).
pub(crate) fn syntax_error(e: ron::error::SpannedError) -> FileError {
    FileError::Syntax {
        line: e.span.start.line,
        column: e.span.start.col,
        message: ron_words::describe(&e.code),
    }
}

/// The file's `format_version`, read before the rest so that a newer file is
/// refused for its version rather than for a field this program does not know.
fn peek_version(text: &str) -> Result<u32, FileError> {
    // It is the first field: read it from the opening text rather than parse the
    // whole file twice.
    let opening = text.get(..text.len().min(200)).unwrap_or(text);
    if let Some(v) = scan_version(opening)
        && opening.trim_start().starts_with('(')
    {
        return Ok(v);
    }
    match ron_options().from_str::<VersionPeek>(text) {
        Ok(peek) => Ok(peek.format_version),
        // A newer file may not parse as this version's syntax; look for its version by text.
        Err(e) => match scan_version(text) {
            Some(v) if v > FORMAT_VERSION => Ok(v),
            None if !text.contains("format_version") => Err(FileError::Invalid(
                "this is not a series file: it has no format_version".into(),
            )),
            _ => Err(syntax_error(e)),
        },
    }
}

fn scan_version(text: &str) -> Option<u32> {
    let rest = &text[text.find("format_version")? + "format_version".len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Checks the invariants and builds the series; nothing is half-built.
fn build(file: SeriesFile, version: u32) -> Result<Series, FileError> {
    let mut series = Series::new(file.name);
    series.status = file.status;
    series.went_live_at = file.went_live_at;
    series.settings = file.settings;
    series.origin = file.origin;
    for record in file.blocks {
        let block = Block {
            title: record.title,
            pos: record.pos,
            kind: record.kind,
        };
        if let Err(ModelError::DuplicateId(id)) = series.insert_block(record.id, block) {
            let first = quote(&series.title_of(id).unwrap_or_default());
            return Err(FileError::Invalid(format!(
                "block {id} appears twice (the first is {first}): every block needs its own id"
            )));
        }
    }
    for (from, output, to) in file.connections {
        let c = Connection::new(from, output, to);
        series
            .connect(c)
            .map_err(|e| connection_error(&series, c, e))?;
    }
    migrate(&mut series, version, file.next_id);
    series.validate().map_err(FileError::Invalid)?;
    Ok(series)
}

/// Brings a series read from an older version up to this one.
fn migrate(series: &mut Series, version: u32, next_id: u64) {
    let highest = series.blocks().keys().next_back().map_or(0, |id| id.0);
    series.next_id = match version {
        // Version 0 (the pre-release format) kept no id counter: continue after
        // the highest id, also one the campaign history names (its block may be gone).
        0 => {
            let named = series.origin.iter().flat_map(|o| &o.messages);
            let named = named.flat_map(|m| [m.rule_block.0, m.content_block.0]);
            highest.max(named.max().unwrap_or(0)).saturating_add(1)
        }
        // Raised past any id a hand edit added, so no id is handed out twice.
        _ => next_id.max(highest.saturating_add(1)),
    };
}

fn connection_error(series: &Series, c: Connection, e: ModelError) -> FileError {
    let name = |id: BlockId| match series.title_of(id) {
        Some(t) => format!("block {id} ({})", quote(&t)),
        None => format!("block {id}"),
    };
    let what = format!(
        "the arrow from {} '{}' to {}",
        name(c.from),
        c.output.label(),
        name(c.to)
    );
    let why = match e {
        ModelError::MissingBlock(id) => format!("block {id} is not in the file"),
        ModelError::OutputTaken { .. } => {
            "that output already has an arrow; an output leads to one block only".into()
        }
        other => other.to_string(),
    };
    FileError::Invalid(format!("{what}: {why}"))
}
