//! Small pieces of wording shared by the app, the command line and messages.

use std::borrow::Cow;
use std::path::Path;

/// The most characters of a title or value a message quotes; longer ones are cut
/// with "…", so that a block titled with 10 MB of text still gives a short message.
pub const QUOTED_MAX_CHARS: usize = 60;

/// A title or value as a message shows it: line breaks, tabs and other control
/// characters written as escapes (`\n`), so one problem stays one line, and cut
/// after [`QUOTED_MAX_CHARS`] characters. Reads no further than it shows.
pub fn shown(text: &str) -> Cow<'_, str> {
    shown_within(text, QUOTED_MAX_CHARS)
}

/// [`shown`], cut after `max` characters.
fn shown_within(text: &str, max: usize) -> Cow<'_, str> {
    let plain = |c: char| !c.is_control() && c != '\u{2028}' && c != '\u{2029}';
    let mut chars = text.chars();
    if chars.by_ref().take(max).all(plain) && chars.next().is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut used = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let piece = if plain(c) {
            c.to_string()
        } else {
            c.escape_default().to_string()
        };
        let n = piece.chars().count();
        let last = chars.peek().is_none();
        if used + n > max || (!last && used + n == max) {
            out.truncate(out.trim_end().len());
            out.push('…');
            break;
        }
        out.push_str(&piece);
        used += n;
    }
    Cow::Owned(out)
}

/// A whole number with its thousands grouped: "1,204".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A title or name quoted in a message, [`shown`]: 'Welcome Chat'; in double
/// quotes when it holds an apostrophe: "Who gets 'Welcome Email'".
pub fn quote(text: &str) -> String {
    in_quotes(&shown(text))
}

/// Free text quoted whole, on one line: for a review of a change, where a cut
/// could hide the very words that changed.
pub fn quote_whole(text: &str) -> String {
    in_quotes(&shown_within(text, usize::MAX))
}

fn in_quotes(text: &str) -> String {
    if text.contains('\'') {
        format!("\"{text}\"")
    } else {
        format!("'{text}'")
    }
}

/// A value quoted as a JSON file writes it, [`shown`]: "pro".
pub fn quote_value(text: &str) -> String {
    format!("\"{}\"", shown(text))
}

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
    fn thousands_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_204), "1,204");
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(grouped(12_345_678), "12,345,678");
    }

    #[test]
    fn counts_read_as_words() {
        assert_eq!(count(0, "block"), "0 blocks");
        assert_eq!(count(1, "block"), "1 block");
        assert_eq!(count(12, "warning"), "12 warnings");
        assert_eq!(count_with(1, "match", "matches"), "1 match");
        assert_eq!(count_with(3, "match", "matches"), "3 matches");
    }

    #[test]
    fn quoted_text_stays_on_one_short_line() {
        assert_eq!(quote("Welcome Chat"), "'Welcome Chat'");
        assert_eq!(quote("Who gets 'Welcome'"), "\"Who gets 'Welcome'\"");
        assert_eq!(quote_value("pro"), "\"pro\"");
        let long = "z".repeat(200);
        assert_eq!(quote_whole(&long), format!("'{long}'"));
        assert_eq!(quote_whole("a\tb"), "'a\\tb'");
        assert_eq!(
            shown("two\nlines\tand\u{1b}[31m"),
            "two\\nlines\\tand\\u{1b}[31m"
        );
        assert_eq!(shown("a\u{2028}b"), "a\\u{2028}b");
        let exactly = "x".repeat(QUOTED_MAX_CHARS);
        assert_eq!(shown(&exactly), exactly, "text of the limit is kept whole");
        let long = "y".repeat(10_000_000);
        let cut = shown(&long);
        assert_eq!(cut.chars().count(), QUOTED_MAX_CHARS);
        assert!(cut.ends_with('…'), "{cut}");
        let breaks = "\n".repeat(100);
        assert!(shown(&breaks).chars().count() <= QUOTED_MAX_CHARS);
        assert!(!shown(&breaks).contains('\n'));
        assert_eq!(
            shown("é".repeat(61).as_str()).chars().count(),
            QUOTED_MAX_CHARS
        );
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
