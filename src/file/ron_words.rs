//! The RON reader's errors in a marketer's words. Its own text names our Rust
//! types ("missing field `kind` in `BlockRecord`") and its options
//! (`ron::Options`); these say what is wrong in the file instead ("a block needs
//! a 'kind'"). Field and variant names are kept: they are what the file says.

use ron::error::Error;

use crate::model::MAX_FILTER_DEPTH;
use crate::text::shown;

/// The parts of a series file (and of copied blocks), by the names serde gives them.
const PARTS: [(&str, &str); 33] = [
    ("SeriesFile", "the series"),
    ("VersionPeek", "the series"),
    ("BlockRecord", "a block"),
    ("Block", "a block"),
    ("BlockKind", "a kind of block"),
    ("RuleBlock", "a rule block"),
    ("ContentBlock", "a content block"),
    ("WaitBlock", "a wait"),
    ("TagBlock", "a tag block"),
    ("TagAction", "a tag action"),
    ("RuleTiming", "a rule's timing"),
    ("Span", "a length of time"),
    ("TimeUnit", "a unit of time"),
    ("ContentType", "a content type"),
    ("Output", "an output of a block"),
    ("Status", "a status"),
    ("Settings", "the settings"),
    ("Goal", "the goal"),
    ("Disengagement", "disengagement"),
    ("Reentry", "re-entry"),
    ("CampaignOrigin", "the campaign history"),
    ("MessageOrigin", "a message of the campaign history"),
    ("CampaignState", "a campaign state"),
    ("GoLiveChoice", "a choice for the campaign"),
    ("Filter", "a filter"),
    ("Condition", "a condition"),
    ("AttributeTest", "an attribute test"),
    ("EventTest", "an event test"),
    ("Clip", "the copied blocks"),
    ("Pos", "a place on the canvas"),
    ("BlockId", "a block id"),
    ("NaiveDate", "a date"),
    ("NaiveDateTime", "a date and time"),
];

/// Serde's words for plain values, as a file writer reads them.
const VALUES: [(&str, &str); 14] = [
    ("u8", "a whole number"),
    ("u16", "a whole number"),
    ("u32", "a whole number"),
    ("u64", "a whole number"),
    ("usize", "a whole number"),
    ("i32", "a whole number"),
    ("i64", "a whole number"),
    ("f32", "a number"),
    ("f64", "a number"),
    ("a string", "text in double quotes"),
    ("a boolean", "true or false"),
    ("option", "Some(...) or None"),
    ("a sequence", "a list [...]"),
    ("a tuple of size 2", "two values in parentheses (..., ...)"),
];

/// "a block" for `BlockRecord`; ops and the like are "a comparison".
fn part(name: &str) -> String {
    if let Some((_, words)) = PARTS.iter().find(|(n, _)| *n == name) {
        return (*words).to_string();
    }
    if name.ends_with("Op") {
        return "a comparison".into();
    }
    "this part of the file".into()
}

/// Serde's "expected" text (`struct BlockRecord`, `u32`, `a tuple of size 2`) in words.
fn expected(text: &str) -> String {
    if let Some((_, words)) = VALUES.iter().find(|(v, _)| *v == text) {
        return (*words).to_string();
    }
    for prefix in ["tuple struct ", "struct ", "enum ", "unit struct "] {
        if let Some(name) = text.strip_prefix(prefix) {
            return part(name);
        }
    }
    scrub(text)
}

/// Any other text of the reader's: type names replaced by words, code quotes by plain ones.
fn scrub(text: &str) -> String {
    let mut out = String::new();
    for (i, word) in text.split('`').enumerate() {
        // Between backticks: a name the reader quotes.
        if i % 2 == 1 && PARTS.iter().any(|(n, _)| *n == word) {
            out.push_str(&part(word));
        } else if i % 2 == 1 {
            out.push('\'');
            out.push_str(&shown(word));
            out.push('\'');
        } else {
            out.push_str(word);
        }
    }
    shown_long(&out)
}

/// A whole sentence of the reader's, on one line (quoted values in it are short already).
fn shown_long(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect()
}

fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    quoted.join(", ")
}

/// What the reader found, in words: "the text \"abc\"", "the number 5".
fn found(text: &str) -> String {
    let text = text
        .replace("the unsigned integer", "the number")
        .replace("the signed integer", "the number")
        .replace("the floating point number", "the number")
        .replace("the UTF-8 character", "the character")
        .replace("the string", "the text")
        .replace('`', "");
    shown(&text).into_owned()
}

/// The error in words, without its position (the caller adds line and column).
pub(super) fn describe(error: &Error) -> String {
    let outer = |o: &Option<String>| o.as_deref().map_or_else(|| part(""), part);
    match error {
        Error::MissingStructField { field, outer: o } => {
            format!("{} needs a '{field}'", outer(o))
        }
        Error::DuplicateStructField { field, outer: o } => {
            format!("{} has '{field}' twice", outer(o))
        }
        Error::NoSuchStructField {
            expected,
            found,
            outer: o,
        } => format!(
            "{} has no '{}': it has {}",
            outer(o),
            shown(found),
            list(expected)
        ),
        Error::NoSuchEnumVariant {
            expected,
            found,
            outer: o,
        } => format!(
            "'{}' is not {}: use one of {}",
            shown(found),
            outer(o),
            list(expected)
        ),
        Error::InvalidValueForType {
            expected: e,
            found: f,
        } => format!("expected {} but found {}", expected(e), found(f)),
        Error::ExpectedDifferentLength { expected: e, found } => {
            format!("expected {}, but there are {found} values", expected(e))
        }
        Error::ExceededRecursionLimit => format!(
            "filters nest too deeply here: at most {MAX_FILTER_DEPTH} groups may sit inside one another"
        ),
        Error::Eof => "the file ends too early: it is cut short".into(),
        Error::ExpectedArray => "expected a list, starting with '['".into(),
        Error::ExpectedArrayEnd => {
            "expected ']' to close the list (or a comma before the next item)".into()
        }
        Error::ExpectedComma => "expected a comma".into(),
        Error::ExpectedStructLike | Error::ExpectedNamedStructLike(_) => "expected '('".into(),
        Error::ExpectedStructLikeEnd | Error::ExpectedOptionEnd => {
            "expected ')' to close what opened with '(' (or a comma before the next item)".into()
        }
        Error::ExpectedMapColon => "expected ':' after the name of a field".into(),
        Error::ExpectedMap => "expected '{'".into(),
        Error::ExpectedMapEnd => "expected '}'".into(),
        Error::ExpectedString => "expected text in double quotes".into(),
        Error::ExpectedStringEnd => "the text has no closing '\"'".into(),
        Error::ExpectedInteger => "expected a whole number".into(),
        Error::ExpectedFloat | Error::FloatUnderscore | Error::UnderscoreAtBeginning => {
            "expected a number".into()
        }
        Error::ExpectedBoolean => "expected true or false".into(),
        Error::ExpectedOption => "expected Some(...) or None".into(),
        Error::ExpectedIdentifier
        | Error::InvalidIdentifier(_)
        | Error::SuggestRawIdentifier(_) => "expected a name".into(),
        Error::ExpectedUnit => "expected ()".into(),
        Error::IntegerOutOfBounds => "this number is out of range for its field".into(),
        Error::InvalidIntegerDigit { digit, .. } => {
            format!("{} is not a digit", shown(&format!("'{digit}'")))
        }
        Error::InvalidEscape(_) => {
            "the text has a '\\' that does not start an escape it knows".into()
        }
        Error::UnexpectedChar(c) => format!("unexpected {}", shown(&format!("'{c}'"))),
        Error::TrailingCharacters => "there is more text after the end".into(),
        Error::UnclosedBlockComment => "a comment '/*' is not closed".into(),
        Error::Utf8Error(_) => "the file is not UTF-8 text".into(),
        Error::Message(text) | Error::Io(text) => scrub(text),
        _ => "this is not how a series file is written".into(),
    }
}
