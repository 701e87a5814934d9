//! Why an export was refused: one problem per mistake, each naming where it is.

use std::fmt;

/// One thing wrong with an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The JSON path of the value concerned (`campaign.messages[1].content_type`);
    /// empty when the problem is about the whole file (syntax, encoding).
    pub path: String,
    /// For syntax and encoding errors: where in the text (1-based).
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// What is wrong and what would be right, in a marketer's words.
    pub message: String,
}

impl Problem {
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn in_text(line: usize, column: usize, message: impl Into<String>) -> Self {
        Problem {
            path: String::new(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "line {line}, column {column}: ")?,
            (Some(line), None) => write!(f, "line {line}: ")?,
            _ => {}
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// An export that cannot be imported, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", lines(.problems))]
pub struct ImportError {
    pub problems: Vec<Problem>,
}

fn lines(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl From<Vec<Problem>> for ImportError {
    fn from(problems: Vec<Problem>) -> Self {
        ImportError { problems }
    }
}
