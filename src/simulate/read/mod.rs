//! Customers files (`spec/simulation.md`, "Customers files"): `customers/v1`
//! JSON Lines and the CSV user export, read in batches of lines so that a file of
//! any size streams through; each line becomes a customer or its problems.

mod json_fast;
mod json_lines;
mod user_export;

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use csv::ByteRecord;

use super::customer::Customer;

/// A customer as one line of a `customers/v1` JSON Lines file (without the line break).
pub fn to_json_line(customer: &Customer) -> String {
    json_lines::to_json(customer).to_string()
}

/// One JSON Lines line read both ways, fast and careful, for the fuzzer to
/// compare (`fuzz/`): the fast reading may take a line only when the careful one
/// does, and must read the same customer from it.
#[doc(hidden)]
pub fn json_line_both_ways(text: &str) -> (Option<Customer>, Result<Customer, Vec<Problem>>) {
    (json_fast::customer(text), json_lines::careful(1, text))
}

/// Attributes the simulation reads as dates: a value that is not one is a mistake.
pub(crate) const DATE_ATTRIBUTES: [&str; 2] = ["signed_up_at", "last_seen_at"];

/// One thing wrong with one line of a customers file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub line: usize,
    /// For syntax errors.
    pub column: Option<usize>,
    /// `id`, `events[0].at`, `attributes.plan`; `None` for the whole line.
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    pub(crate) fn line(line: usize, message: String) -> Problem {
        Problem {
            line,
            column: None,
            field: None,
            message,
        }
    }

    pub(crate) fn syntax(line: usize, column: usize, message: String) -> Problem {
        Problem {
            line,
            column: Some(column),
            field: None,
            message,
        }
    }

    pub(crate) fn field(line: usize, field: &str, message: String) -> Problem {
        Problem {
            line,
            column: None,
            field: Some(field.to_string()),
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(column) = self.column {
            write!(f, ", column {column}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Why a customers file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{}: a customers file is JSON Lines (.jsonl) or a CSV user export (.csv)",
        path.display()
    )]
    UnknownKind { path: PathBuf },
    /// The file cannot be read as customers from its first line (a CSV without
    /// an id column, say).
    #[error("{}", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    Problems { problems: Vec<Problem> },
}

/// The two kinds of customers files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    JsonLines,
    Csv,
}

impl FileKind {
    /// By the file name's extension.
    pub fn of(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" | "json" => Some(FileKind::JsonLines),
            "csv" => Some(FileKind::Csv),
            _ => None,
        }
    }
}

/// One line (or CSV row) as read, not yet understood.
#[derive(Debug)]
pub struct RawLine {
    pub line: usize,
    raw: Raw,
}

#[derive(Debug)]
enum Raw {
    Json(Vec<u8>),
    Csv(ByteRecord),
}

/// A customers file being read, batch by batch.
pub struct CustomersReader {
    /// The file's path, for messages.
    path: PathBuf,
    inner: Inner,
}

enum Inner {
    Lines {
        reader: Box<dyn BufRead + Send>,
        line: usize,
    },
    Csv {
        reader: Box<csv::Reader<Box<dyn Read + Send>>>,
        header: user_export::Header,
    },
}

impl CustomersReader {
    pub fn open(path: &Path) -> Result<CustomersReader, OpenError> {
        let kind = FileKind::of(path).ok_or_else(|| OpenError::UnknownKind {
            path: path.to_path_buf(),
        })?;
        let file = File::open(path).map_err(|source| OpenError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        CustomersReader::new(path, kind, Box::new(file))
    }

    /// Reads customers from any source of bytes (a file, or text in a test);
    /// `path` names it in messages.
    pub fn new(
        path: &Path,
        kind: FileKind,
        reader: Box<dyn Read + Send>,
    ) -> Result<Self, OpenError> {
        let path = path.to_path_buf();
        let inner = match kind {
            FileKind::JsonLines => Inner::Lines {
                reader: Box::new(BufReader::with_capacity(1 << 20, reader)),
                line: 0,
            },
            FileKind::Csv => {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(reader);
                let mut first = ByteRecord::new();
                let header = match reader.read_byte_record(&mut first) {
                    Ok(true) => user_export::Header::new(&first)
                        .map_err(|problems| OpenError::Problems { problems })?,
                    Ok(false) => {
                        return Err(OpenError::Problems {
                            problems: vec![Problem::line(
                                1,
                                "the file is empty: a CSV user export starts with a row of column names, one of them id".into(),
                            )],
                        });
                    }
                    Err(e) => return Err(csv_error(&path, e)),
                };
                Inner::Csv {
                    reader: Box::new(reader),
                    header,
                }
            }
        };
        Ok(CustomersReader { path, inner })
    }

    /// Up to `max` more lines that hold something; empty at the end of the file.
    pub fn next_batch(&mut self, max: usize) -> Result<Vec<RawLine>, OpenError> {
        let mut out = Vec::with_capacity(max.min(1 << 16));
        let path = &self.path;
        match &mut self.inner {
            Inner::Lines { reader, line } => {
                while out.len() < max {
                    let mut bytes = Vec::new();
                    let n =
                        reader
                            .read_until(b'\n', &mut bytes)
                            .map_err(|source| OpenError::Io {
                                path: path.clone(),
                                source,
                            })?;
                    if n == 0 {
                        break;
                    }
                    *line += 1;
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    out.push(RawLine {
                        line: *line,
                        raw: Raw::Json(bytes),
                    });
                }
            }
            Inner::Csv { reader, .. } => {
                while out.len() < max {
                    let mut record = ByteRecord::new();
                    match reader.read_byte_record(&mut record) {
                        Ok(false) => break,
                        Ok(true) => {}
                        Err(e) => return Err(csv_error(path, e)),
                    }
                    let line = record.position().map_or(0, |p| p.line() as usize);
                    // A row of nothing (a blank line) holds no customer.
                    if record.len() == 1 && record[0].iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    out.push(RawLine {
                        line,
                        raw: Raw::Csv(record),
                    });
                }
            }
        }
        Ok(out)
    }

    /// What turns this file's lines into customers; it may be shared by threads.
    pub fn parser(&self) -> LineParser {
        match &self.inner {
            Inner::Lines { .. } => LineParser { header: None },
            Inner::Csv { header, .. } => LineParser {
                header: Some(header.clone()),
            },
        }
    }
}

/// Turns lines of one customers file into customers.
#[derive(Debug, Clone)]
pub struct LineParser {
    /// For a CSV file, its header row.
    header: Option<user_export::Header>,
}

impl LineParser {
    /// The customer on a line, or what is wrong with it.
    pub fn customer(&self, raw: &RawLine) -> Result<Customer, Vec<Problem>> {
        match (&raw.raw, &self.header) {
            (Raw::Json(bytes), _) => json_lines::customer(raw.line, bytes),
            (Raw::Csv(record), Some(header)) => header.customer(raw.line, record),
            (Raw::Csv(_), None) => Err(vec![Problem::line(
                raw.line,
                "a CSV row in a JSON Lines file".into(),
            )]),
        }
    }
}

impl LineParser {
    /// The id on a line, read quickly; `None` where the line is not good enough
    /// to tell (read it with [`LineParser::customer`] to know why).
    pub fn id(&self, raw: &RawLine) -> Option<String> {
        match (&raw.raw, &self.header) {
            (Raw::Json(bytes), _) => json_fast::id(std::str::from_utf8(bytes).ok()?),
            (Raw::Csv(record), Some(header)) => header.id(record),
            (Raw::Csv(_), None) => None,
        }
    }
}

impl RawLine {
    /// How many bytes of the file it took, roughly (for progress).
    pub fn len(&self) -> usize {
        match &self.raw {
            Raw::Json(bytes) => bytes.len(),
            Raw::Csv(record) => record.as_slice().len() + record.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn csv_error(path: &Path, e: csv::Error) -> OpenError {
    let line = e.position().map_or(0, |p| p.line() as usize);
    match e.into_kind() {
        csv::ErrorKind::Io(source) => OpenError::Io {
            path: path.to_path_buf(),
            source,
        },
        other => OpenError::Problems {
            problems: vec![Problem::line(
                line,
                format!("this row could not be read: {other:?}"),
            )],
        },
    }
}
