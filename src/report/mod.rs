//! Reporters: turn diagnostics into text. They return strings; the binary prints.

pub mod compact;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Format;
use crate::source::SourceError;

/// 1-based line and column (in Unicode scalar values) of byte offsets in a source.
pub struct LineIndex<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(source: &'a str) -> Self {
        let mut starts = vec![0];
        let b = source.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if b.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { source, starts }
    }

    /// (line, column), both 1-based. Columns do not count a UTF-8 BOM.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let mut ls = self.starts[line];
        if line == 0 && self.source.starts_with('\u{feff}') {
            ls = 3.min(offset);
        }
        let col = self
            .source
            .get(ls..offset)
            .map_or(offset - ls, |s| s.chars().count());
        (line + 1, col + 1)
    }

    pub fn line_start(&self, offset: usize) -> usize {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        self.starts[line]
    }

    pub fn line_end(&self, offset: usize) -> usize {
        let line = self.starts.partition_point(|&s| s <= offset);
        let end = self.starts.get(line).copied().unwrap_or(self.source.len());
        // exclude the line break (one: a blank line before it is not part of this line)
        let s = &self.source[..end];
        if s.ends_with("\r\n") && end - 2 >= self.starts[line - 1] {
            end - 2
        } else if s.ends_with(['\n', '\r']) && end > self.starts[line - 1] {
            end - 1
        } else {
            end
        }
    }
}

/// A span with line and column, as JSON reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Position {
    pub fn of(index: &LineIndex<'_>, span: &std::ops::Range<usize>) -> Position {
        let (line, column) = index.position(span.start);
        let (end_line, end_column) = index.position(span.end);
        Position {
            start: span.start,
            end: span.end,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// A diagnostic with positions resolved, ready for any reporter.
#[derive(Debug, Clone)]
pub struct Located {
    pub diagnostic: Diagnostic,
    pub position: Position,
    pub labels: Vec<(Position, String)>,
}

/// The outcome for one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub format: Option<Format>,
    pub language: Option<String>,
    pub diagnostics: Vec<Located>,
    pub error: Option<SourceError>,
}

impl FileReport {
    pub fn error(path: impl Into<String>, format: Option<Format>, error: SourceError) -> Self {
        FileReport {
            path: path.into(),
            format,
            language: None,
            diagnostics: Vec::new(),
            error: Some(error),
        }
    }

    pub fn new(path: impl Into<String>, source: &str, linted: crate::Linted) -> Self {
        let index = LineIndex::new(source);
        let diagnostics = linted
            .diagnostics
            .into_iter()
            .map(|d| {
                let position = Position::of(&index, &d.span);
                let labels = d
                    .labels
                    .iter()
                    .map(|l| (Position::of(&index, &l.span), l.message.clone()))
                    .collect();
                Located {
                    diagnostic: d,
                    position,
                    labels,
                }
            })
            .collect();
        FileReport {
            path: path.into(),
            format: Some(linted.format),
            language: linted.language.map(str::to_string),
            diagnostics,
            error: None,
        }
    }
}

/// Counts for a summary.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn of(reports: &[FileReport]) -> Counts {
        let mut c = Counts::default();
        for r in reports {
            for d in &r.diagnostics {
                match d.diagnostic.severity {
                    Severity::Error => c.error += 1,
                    Severity::Warning => c.warning += 1,
                    Severity::Info => c.info += 1,
                }
            }
        }
        c
    }
}
