//! `series-builder diff OLD.ron NEW.ron [--format text|json]` (`spec/diff.md`):
//! what changed for customers between two versions of a series. Also git's
//! external diff, which passes seven arguments (nine for a rename). Exit 0 when nothing changed for
//! customers (moves only, or none), 1 when something did, 2 on bad input.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::out::{say, say_error};
use super::{Format, exit, print_json};
use crate::diff::{BlockChange, BlockDiff, Diff, FieldChange, diff};
use crate::file;
use crate::model::Series;

/// Exit status for differences that matter to customers, as `diff(1)` has it.
const DIFFERENT: u8 = 1;

/// What is compared, and how the output names it.
struct Sides<'a> {
    old: &'a Path,
    new: &'a Path,
    /// The path git names, when run as git's external diff.
    git_path: Option<&'a Path>,
    /// Where git saw the file renamed to.
    git_renamed: Option<&'a Path>,
}

impl Sides<'_> {
    /// Git passes `path old-file old-hex old-mode new-file new-hex new-mode`,
    /// and for a rename also the new path and a line about the similarity.
    fn from_args<'a>(first: &'a Path, second: &'a Path, rest: &'a [PathBuf]) -> Option<Sides<'a>> {
        let (new, renamed) = match rest {
            [] => {
                return Some(Sides {
                    old: first,
                    new: second,
                    git_path: None,
                    git_renamed: None,
                });
            }
            [_, _, new, _, _] => (new, None),
            [_, _, new, _, _, renamed, _similarity] => (new, Some(renamed.as_path())),
            _ => return None,
        };
        Some(Sides {
            old: second,
            new,
            git_path: Some(first),
            git_renamed: renamed,
        })
    }

    /// How messages name the old and the new side in git, whose files may be
    /// temporary ones: by the path in the repository.
    fn git_names(&self) -> (Option<String>, Option<String>) {
        let Some(path) = self.git_path else {
            return (None, None);
        };
        let name = |path: &Path, version: &str| format!("{} ({version} version)", path.display());
        let new = self.git_renamed.unwrap_or(path);
        (Some(name(path, "old")), Some(name(new, "new")))
    }
}

pub fn run(first: &Path, second: &Path, rest: &[PathBuf], format: Format) -> u8 {
    let Some(sides) = Sides::from_args(first, second, rest) else {
        say_error!(
            "series-builder: diff takes two series files, OLD and NEW (or the seven or nine arguments git passes an external diff); it was given {}",
            2 + rest.len()
        );
        return exit::BAD_INPUT;
    };
    // Read both, so that a problem in each is told at once.
    let (old_name, new_name) = sides.git_names();
    let old = read(sides.old, old_name);
    let new = read(sides.new, new_name);
    let (Ok(old), Ok(new)) = (old, new) else {
        return exit::BAD_INPUT;
    };
    let header = header(&sides, old.is_none(), new.is_none());
    // A missing side is an empty series of the other's name, so a new file reads
    // as everything added rather than as a rename too.
    let (old, new) = match (old, new) {
        (Some(old), Some(new)) => (old, new),
        (None, Some(new)) => (Series::new(new.name.clone()), new),
        (Some(old), None) => {
            let empty = Series::new(old.name.clone());
            (old, empty)
        }
        (None, None) => (Series::default(), Series::default()),
    };
    let d = diff(&old, &new);
    match format {
        Format::Text => {
            say!("{header}: {}", d.headline());
            for entry in d.entries() {
                say!("{:<7} {}", entry.change.label(), entry.words);
            }
        }
        Format::Json => print_json(&diff_json(&d, &sides)),
    }
    if d.differs() { DIFFERENT } else { exit::DONE }
}

/// `/dev/null` (git's missing side) reads as no series; anything else must be
/// a series file, its problems told as `info` tells them.
fn read(path: &Path, git_name: Option<String>) -> Result<Option<Series>, ()> {
    if path == Path::new("/dev/null") {
        return Ok(None);
    }
    file::load(path)
        .map(Some)
        .map_err(|e| match (git_name, &e) {
            (Some(name), _) => say_error!("series-builder: {name}: {e}"),
            // An I/O error names the file already.
            (None, file::FileError::Io { .. }) => say_error!("series-builder: {e}"),
            (None, _) => say_error!("series-builder: {}: {e}", path.display()),
        })
}

/// "old.ron → new.ron", or in git "saved_series/onboarding.ron (new file)".
fn header(sides: &Sides, old_missing: bool, new_missing: bool) -> String {
    let Some(path) = sides.git_path else {
        return format!("{} → {}", sides.old.display(), sides.new.display());
    };
    let state = match (old_missing, new_missing, sides.git_renamed) {
        (true, false, _) => " (new file)".to_string(),
        (false, true, _) => " (deleted)".to_string(),
        (_, _, Some(to)) => format!(" → {} (renamed)", to.display()),
        _ => String::new(),
    };
    format!("{}{state}", path.display())
}

/// The JSON object: the same changes as the text, in the same order, with ids.
fn diff_json(d: &Diff, sides: &Sides) -> Value {
    let (old, new) = match sides.git_path {
        Some(path) => (path, sides.git_renamed.unwrap_or(path)),
        None => (sides.old, sides.new),
    };
    let (moved, blocks): (Vec<&BlockDiff>, Vec<&BlockDiff>) = d
        .blocks
        .iter()
        .partition(|b| matches!(b.change, BlockChange::Moved { .. }));
    json!({
        "old": old.display().to_string(),
        "new": new.display().to_string(),
        "differs": d.differs(),
        "series": d.series.iter().map(field_json).collect::<Vec<Value>>(),
        "blocks": blocks.into_iter().map(block_json).collect::<Vec<Value>>(),
        "arrows": d.arrows.iter().map(|a| json!({
            "change": a.change.label(),
            "from": a.arrow.from.0,
            "output": a.arrow.output.label(),
            "to": a.arrow.to.0,
            "words": a.words,
        })).collect::<Vec<Value>>(),
        "moved": moved.into_iter().map(block_json).collect::<Vec<Value>>(),
    })
}

fn field_json(f: &FieldChange) -> Value {
    json!({ "field": f.key, "old": f.old, "new": f.new, "words": f.words() })
}

fn block_json(b: &BlockDiff) -> Value {
    let mut value = json!({
        "id": b.id.0,
        "change": b.change.change().label(),
        "name": b.name,
        "words": b.words(),
    });
    match &b.change {
        BlockChange::Added { what } | BlockChange::Removed { what } => value["what"] = json!(what),
        BlockChange::Changed(fields) => {
            value["fields"] = fields.iter().map(field_json).collect::<Vec<Value>>().into();
        }
        BlockChange::Moved { from, to } => {
            value["from"] = json!([from.x, from.y]);
            value["to"] = json!([to.x, to.y]);
        }
    }
    value
}
