//! A workspace's CSV user export: a header row with an `id` column; every other
//! column an attribute, `tags` and `segments` lists separated by `;`.

use std::collections::BTreeSet;

use csv::ByteRecord;

use crate::simulate::customer::{Customer, Value};
use crate::text::quote;

use super::Problem;
use super::json_lines::not_a_date;

/// The header row, read once.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    columns: Vec<Column>,
}

#[derive(Debug, Clone, PartialEq)]
enum Column {
    Id,
    Tags,
    Segments,
    Attribute(String),
}

impl Header {
    pub fn new(record: &ByteRecord) -> Result<Header, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut columns = Vec::new();
        let mut seen = BTreeSet::new();
        // Each mistake said once, however often the header makes it.
        let mut repeated = BTreeSet::new();
        let mut not_text = Vec::new();
        for (i, cell) in record.iter().enumerate() {
            let Ok(name) = std::str::from_utf8(cell) else {
                not_text.push(i + 1);
                continue;
            };
            let name = name.trim().trim_start_matches('\u{feff}');
            if !seen.insert(name.to_string()) && repeated.insert(name.to_string()) {
                problems.push(Problem::line(
                    1,
                    format!(
                        "the column {} appears more than once in the header",
                        quote(name)
                    ),
                ));
            }
            columns.push(match name {
                "id" => Column::Id,
                "tags" => Column::Tags,
                "segments" => Column::Segments,
                other => Column::Attribute(other.to_string()),
            });
        }
        if let Some(first) = not_text.first() {
            let message = match not_text.len() {
                1 => format!("column {first} of the header is not text (UTF-8)"),
                n => format!(
                    "column {first} of the header and {} more are not text (UTF-8)",
                    n - 1
                ),
            };
            problems.push(Problem::line(1, message));
        }
        if problems.is_empty() && !columns.contains(&Column::Id) {
            problems.push(Problem::line(
                1,
                "the file has no id column: its first row must name the columns, one of them id"
                    .into(),
            ));
        }
        if problems.is_empty() {
            Ok(Header { columns })
        } else {
            Err(problems)
        }
    }

    pub fn customer(&self, line: usize, record: &ByteRecord) -> Result<Customer, Vec<Problem>> {
        if record.len() != self.columns.len() {
            return Err(vec![Problem::line(
                line,
                format!(
                    "this row has {}, the header has {}",
                    crate::text::count(record.len(), "cell"),
                    self.columns.len()
                ),
            )]);
        }
        let mut problems = Vec::new();
        let mut customer = Customer::default();
        for (column, cell) in self.columns.iter().zip(record.iter()) {
            let Ok(text) = std::str::from_utf8(cell) else {
                problems.push(Problem::field(
                    line,
                    column.name(),
                    "this cell is not text (UTF-8)".into(),
                ));
                continue;
            };
            let text = text.trim();
            match column {
                Column::Id if text.is_empty() => problems.push(Problem::field(
                    line,
                    "id",
                    "the customer has no id: every customer needs one".into(),
                )),
                Column::Id => customer.id = text.to_string(),
                Column::Tags => customer.tags = names(text),
                Column::Segments => customer.segments = names(text),
                Column::Attribute(_) if text.is_empty() => {}
                Column::Attribute(name) => {
                    let value = cell_value(text);
                    if super::DATE_ATTRIBUTES.contains(&name.as_str())
                        && !matches!(value, Value::Date(_))
                    {
                        problems.push(Problem::field(line, name, not_a_date(text)));
                        continue;
                    }
                    customer.attributes.insert(name.clone(), value);
                }
            }
        }
        if problems.is_empty() {
            Ok(customer)
        } else {
            Err(problems)
        }
    }
}

impl Header {
    /// The id on a row, without reading the rest.
    pub fn id(&self, record: &ByteRecord) -> Option<String> {
        if record.len() != self.columns.len() {
            return None;
        }
        let i = self.columns.iter().position(|c| *c == Column::Id)?;
        let id = std::str::from_utf8(record.get(i)?).ok()?.trim();
        (!id.is_empty()).then(|| id.to_string())
    }
}

impl Column {
    fn name(&self) -> &str {
        match self {
            Column::Id => "id",
            Column::Tags => "tags",
            Column::Segments => "segments",
            Column::Attribute(name) => name,
        }
    }
}

/// A number, true/false (any case), a date, or text.
fn cell_value(text: &str) -> Value {
    if let Ok(n) = text.parse::<f64>()
        && n.is_finite()
        && text.bytes().any(|b| b.is_ascii_digit())
    {
        return Value::Number(n);
    }
    if text.eq_ignore_ascii_case("true") {
        return Value::Boolean(true);
    }
    if text.eq_ignore_ascii_case("false") {
        return Value::Boolean(false);
    }
    Value::from_text(text)
}

fn names(text: &str) -> BTreeSet<String> {
    text.split(';')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_become_the_kind_they_read_as() {
        assert_eq!(cell_value("3"), Value::Number(3.0));
        assert_eq!(cell_value("-2.5"), Value::Number(-2.5));
        assert_eq!(cell_value("TRUE"), Value::Boolean(true));
        assert_eq!(cell_value("False"), Value::Boolean(false));
        assert!(matches!(cell_value("2026-12-01"), Value::Date(_)));
        assert!(matches!(
            cell_value("2026-12-01T09:00:00+01:00"),
            Value::Date(_)
        ));
        // Words Rust would read as numbers stay words.
        assert_eq!(cell_value("NaN"), Value::Text("NaN".into()));
        assert_eq!(cell_value("inf"), Value::Text("inf".into()));
        assert_eq!(cell_value("pro"), Value::Text("pro".into()));
    }

    fn header_problems(cells: &[&[u8]]) -> Vec<String> {
        let record = ByteRecord::from(cells.to_vec());
        match Header::new(&record) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn a_header_mistake_is_said_once_however_often_it_is_made() {
        // Found by fuzzing: a column repeated a hundred times gave a hundred
        // messages in one.
        let mut cells: Vec<&[u8]> = vec![b"id"];
        cells.extend(std::iter::repeat_n(&b"plan"[..], 100));
        assert_eq!(
            header_problems(&cells),
            ["line 1: the column 'plan' appears more than once in the header"]
        );
        let mut cells: Vec<&[u8]> = vec![b"id", b"plan"];
        cells.extend(std::iter::repeat_n(&b"\xff"[..], 40));
        assert_eq!(
            header_problems(&cells),
            ["line 1: column 3 of the header and 39 more are not text (UTF-8)"]
        );
        assert_eq!(header_problems(&[b"id", b"plan"]), Vec::<String>::new());
    }
}
