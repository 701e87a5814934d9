//! Atomic saves: the bytes go to a hidden temporary file beside the target, are
//! flushed, then renamed over it, so the old file stays whole until the new one is
//! complete. A save killed before its rename leaves its temporary file behind; the
//! next save of the same file removes it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::FileError;

/// The longest file name the file systems we run on take, in bytes (ext4, APFS
/// and NTFS: 255). A temporary name never grows past it, whatever the target's.
const NAME_MAX: usize = 255;

/// Temporary names end so: `.{target name}.{process}-{count}.tmp`.
const TEMP_END: &str = ".tmp";

/// Room for `.`, `.`, the process id (10 digits at most), `-`, the count (up to
/// 20 digits) and `.tmp`.
const TEMP_EXTRA: usize = 1 + 1 + 10 + 1 + 20 + TEMP_END.len();

/// Length of the hash that stands in for the end of a name too long to keep whole.
const HASH_LEN: usize = 1 + 16;

/// Saves within this process get different temporary names.
static SAVES: AtomicU64 = AtomicU64::new(0);

/// A save written to a temporary file beside its target, not yet renamed over it.
/// Dropping it without [`PendingSave::commit`] removes the temporary file and
/// leaves the target as it was.
pub struct PendingSave {
    temp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl PendingSave {
    pub fn write(target: &Path, bytes: &[u8]) -> Result<PendingSave, FileError> {
        let count = SAVES.fetch_add(1, Ordering::Relaxed);
        let temp = target.with_file_name(format!(
            "{}{}-{count}{TEMP_END}",
            temp_prefix(target),
            std::process::id()
        ));
        let pending = PendingSave {
            temp,
            target: target.to_path_buf(),
            committed: false,
        };
        let mut file = fs::File::create(&pending.temp).map_err(|e| FileError::io(target, e))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| FileError::io(target, e))?;
        Ok(pending)
    }

    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Renames the temporary file over the target, then removes what earlier saves
    /// of the same file left behind when they were stopped before their rename.
    pub fn commit(mut self) -> Result<(), FileError> {
        fs::rename(&self.temp, &self.target).map_err(|e| FileError::io(&self.target, e))?;
        self.committed = true;
        // Make the rename itself durable where the platform allows it.
        if let Some(dir) = self.target.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(dir) = fs::File::open(dir)
        {
            let _ = dir.sync_all();
        }
        remove_leftovers(&self.target);
        Ok(())
    }
}

impl Drop for PendingSave {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// `.{name}.`: the target's name, with its end replaced by a hash where the whole
/// temporary name would not fit in [`NAME_MAX`] bytes. The same target always
/// gets the same prefix, so its leftovers can be found.
fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "series".into());
    if name.len() + TEMP_EXTRA <= NAME_MAX {
        return format!(".{name}.");
    }
    let mut keep = NAME_MAX - TEMP_EXTRA - HASH_LEN;
    while !name.is_char_boundary(keep) {
        keep -= 1;
    }
    format!(".{}~{:016x}.", &name[..keep], fnv1a(name.as_bytes()))
}

/// FNV-1a: stable across Rust versions and platforms, unlike std's hasher, so a
/// later version still finds an earlier one's leftovers.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether `name` is a temporary file of a save of the target with this prefix:
/// `{prefix}{digits}-{digits}.tmp` (or, from earlier versions, `{prefix}{digits}.tmp`).
fn is_temp_of(name: &str, prefix: &str) -> bool {
    let Some(middle) = name
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(TEMP_END))
    else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match middle.split_once('-') {
        Some((process, count)) => digits(process) && digits(count),
        None => digits(middle),
    }
}

/// Removes the temporary files of saves of this target that were stopped before
/// their rename. Two programs saving one file at the same instant already lose one
/// of the saves; the worst this adds is that one of them reports a failed save.
/// Failing to list or remove is not an error of this save: it is complete.
fn remove_leftovers(target: &Path) {
    let prefix = temp_prefix(target);
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if is_temp_of(&name.to_string_lossy(), &prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_fit_whatever_the_target_name() {
        for len in [1, 200, 220, 221, 246, 250, 255] {
            let target = PathBuf::from("/x").join("é".repeat(len / 2) + &"a".repeat(len % 2));
            let prefix = temp_prefix(&target);
            let longest = format!("{prefix}{}-{}{TEMP_END}", u32::MAX, u64::MAX);
            assert!(longest.len() <= NAME_MAX, "{len}: {}", longest.len());
            assert!(is_temp_of(&format!("{prefix}123-0.tmp"), &prefix));
        }
    }

    #[test]
    fn long_names_that_share_a_start_get_their_own_temporary_names() {
        let a = PathBuf::from("a".repeat(250) + "1.ron");
        let b = PathBuf::from("a".repeat(250) + "2.ron");
        assert_ne!(temp_prefix(&a), temp_prefix(&b));
    }

    #[test]
    fn only_temporary_files_of_the_target_are_leftovers() {
        let prefix = ".series.ron.";
        assert!(is_temp_of(".series.ron.4242-7.tmp", prefix));
        assert!(
            is_temp_of(".series.ron.4242.tmp", prefix),
            "an earlier version's"
        );
        assert!(!is_temp_of(".series.ron.tmp", prefix));
        assert!(!is_temp_of(".series.ron.notes.tmp", prefix));
        assert!(!is_temp_of(".series.ron.4242-7.tmp.bak", prefix));
        assert!(!is_temp_of(".other.ron.4242-7.tmp", prefix));
        assert!(!is_temp_of("series.ron", prefix));
    }
}
