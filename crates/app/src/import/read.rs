//! Reading an import file into records: the bytes checked (size, UTF-8, a byte-order mark
//! dropped), the separator found on the header line (`,`, or `;` as Dutch spreadsheets
//! write), the header's columns named, and each data record with the line it starts on.
//! Quoting is RFC 4180's, read by the `csv` crate; blank lines are skipped.

use std::collections::HashMap;

use super::ImportError;

/// Most data lines one import takes.
pub const MAX_IMPORT_LINES: usize = 10_000;
/// Largest file one import takes, in bytes (10 MiB).
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// A column of the users file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// The user code, `12345.FSmit`: which user the line is about.
    Code,
    /// Full name.
    Name,
    /// Email address; empty for none.
    Email,
    /// `active` or `deactivated`.
    Status,
    /// Group names separated by `|`: the user's complete list of groups.
    Groups,
    /// The Windows flag.
    Windows,
    /// The InSite flag.
    Insite,
    /// The Pocket flag.
    Pocket,
}

impl Column {
    /// Every column, in the order the export writes them.
    pub const ALL: [Column; 8] = [
        Column::Code,
        Column::Name,
        Column::Email,
        Column::Status,
        Column::Groups,
        Column::Windows,
        Column::Insite,
        Column::Pocket,
    ];

    /// The header name.
    pub const fn name(self) -> &'static str {
        match self {
            Column::Code => "code",
            Column::Name => "name",
            Column::Email => "email",
            Column::Status => "status",
            Column::Groups => "groups",
            Column::Windows => "windows",
            Column::Insite => "insite",
            Column::Pocket => "pocket",
        }
    }

    /// The column a header cell names (trimmed, letter case aside).
    fn named(header: &str) -> Option<Column> {
        let wanted = header.trim().to_lowercase();
        Column::ALL.into_iter().find(|c| c.name() == wanted)
    }
}

/// The columns of a file, by position.
#[derive(Debug, Clone)]
pub(super) struct Header {
    positions: HashMap<Column, usize>,
    width: usize,
}

impl Header {
    /// Where `column` is, when the file has it.
    pub(super) fn position(&self, column: Column) -> Option<usize> {
        self.positions.get(&column).copied()
    }

    /// How many fields each line must have.
    pub(super) fn width(&self) -> usize {
        self.width
    }
}

/// One data line: the line it starts on and its fields.
#[derive(Debug, Clone)]
pub(super) struct Record {
    pub(super) line: usize,
    pub(super) fields: csv::StringRecord,
}

/// The header and the data records of `bytes`, or why the file cannot be read at all.
pub(super) fn read(bytes: &[u8]) -> Result<(Header, Vec<Record>), ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::file(format!(
            "the file is {} bytes; an import takes at most 10 MiB ({} bytes): split it",
            thousands(bytes.len()),
            thousands(MAX_IMPORT_BYTES)
        )));
    }
    let text = utf8(bytes)?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header: Option<Header> = None;
    let mut records = Vec::new();
    for record in reader.records() {
        let fields = record.map_err(|err| {
            let line = err.position().map_or(1, |p| p.line() as usize);
            ImportError::at(line, None, format!("cannot be read: {err}"))
        })?;
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = fields.position().map_or(1, |p| p.line() as usize);
        if header.is_none() {
            header = Some(read_header(line, &fields)?);
            continue;
        }
        records.push(Record { line, fields });
    }
    if records.len() > MAX_IMPORT_LINES {
        return Err(ImportError::file(format!(
            "the file has {} data lines; an import takes at most {}: split it",
            thousands(records.len()),
            thousands(MAX_IMPORT_LINES)
        )));
    }
    match header {
        Some(header) => Ok((header, records)),
        None => Err(ImportError::at(
            1,
            Some(Column::Code.name()),
            "the file is empty: it needs a header line with at least a code column".to_owned(),
        )),
    }
}

/// The text of `bytes`, or an error naming the line of the first byte that is not UTF-8.
/// A replacement character (U+FFFD) counts as such a byte: it is what a reader that decoded
/// the file leniently (a browser's text reader) puts in its place.
fn utf8(bytes: &[u8]) -> Result<&str, ImportError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::file(
            "the file is UTF-16 text; save it as CSV UTF-8 and import that".to_owned(),
        ));
    }
    let valid_up_to = match std::str::from_utf8(bytes) {
        Ok(text) => match text.find('\u{FFFD}') {
            None => return Ok(text),
            Some(at) => at,
        },
        Err(err) => err.valid_up_to(),
    };
    let line = bytes[..valid_up_to].iter().filter(|b| **b == b'\n').count() + 1;
    Err(ImportError::at(
        line,
        None,
        "holds text that is not UTF-8; save the file as CSV UTF-8 and import that".to_owned(),
    ))
}

/// `;` when the header line has more semicolons than commas outside quotes, else `,`.
fn separator(text: &str) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\n' if !quoted => break,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// The columns the header names; an unknown, duplicated or unnamed column, or no `code`
/// column, is an error on the header's line.
fn read_header(line: usize, fields: &csv::StringRecord) -> Result<Header, ImportError> {
    let known = || {
        Column::ALL
            .iter()
            .map(|c| c.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut positions = HashMap::new();
    for (position, cell) in fields.iter().enumerate() {
        let name = cell.trim();
        if name.is_empty() {
            return Err(ImportError::at(
                line,
                None,
                format!(
                    "column {} of the header has no name; the columns are {}",
                    position + 1,
                    known()
                ),
            ));
        }
        let Some(column) = Column::named(name) else {
            return Err(ImportError::at(
                line,
                Some(name),
                format!("unknown column {name}; the columns are {}", known()),
            ));
        };
        if positions.insert(column, position).is_some() {
            return Err(ImportError::at(
                line,
                Some(name),
                format!("column {} appears twice in the header", column.name()),
            ));
        }
    }
    if !positions.contains_key(&Column::Code) {
        return Err(ImportError::at(
            line,
            Some(Column::Code.name()),
            format!(
                "the header has no code column (the user code, e.g. 12345.FSmit); the columns are {}",
                known()
            ),
        ));
    }
    Ok(Header {
        positions,
        width: fields.len(),
    })
}

/// `12345` as `12,345`.
pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
