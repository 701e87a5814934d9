//! Small pieces of wording shared by the app, the command line and messages.

use std::path::Path;

/// A count with its noun: "1 block", "3 blocks". For nouns whose plural is not
/// the noun plus "s", use [`count_with`].
pub fn count(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// A count with its noun, the plural given: "1 day", "2 days"; "1 match", "2 matches".
pub fn count_with(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Words as the app's fonts can draw them. They have no '→' and no '↵' (the
/// command line keeps both): in the window arrows show as '›' and line breaks
/// as '¶'.
pub fn drawable(words: &str) -> String {
    words.replace('→', "›").replace('↵', "¶")
}

/// The name a marketer knows a file by: its file name, or the whole path where it
/// has none (a root folder, say).
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_words() {
        assert_eq!(count(0, "block"), "0 blocks");
        assert_eq!(count(1, "block"), "1 block");
        assert_eq!(count(12, "warning"), "12 warnings");
        assert_eq!(count_with(1, "match", "matches"), "1 match");
        assert_eq!(count_with(3, "match", "matches"), "3 matches");
    }

    #[test]
    fn a_file_is_named_by_its_file_name() {
        assert_eq!(
            file_name(Path::new("/home/ana/series/onboarding.ron")),
            "onboarding.ron"
        );
        assert_eq!(file_name(Path::new("/")), "/");
    }
}
