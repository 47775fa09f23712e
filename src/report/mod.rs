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
    /// Characters before every [`CHUNK`]-th byte, so that a column on a 50 MB line is not
    /// a count from the start of the line for every finding (quadratic in findings).
    chars_before: Vec<usize>,
}

/// Bytes between the character-count checkpoints of [`LineIndex`].
const CHUNK: usize = 4096;

/// Characters that start in `bytes` (bytes that are not UTF-8 continuation bytes); any
/// byte range, on char boundaries or not.
///
/// Counted in blocks of 255 bytes into a byte-sized counter, a loop the compiler
/// vectorises (a count straight into a `usize` is not, and cost 4 instructions a byte).
fn char_starts(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from((b as i8) >= -0x40))))
        .sum()
}

/// Does `bytes` hold a `\n` or a `\r`? (One vectorisable test for a block of bytes.)
fn has_line_break(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .fold(false, |any, &b| any | (b == b'\n') | (b == b'\r'))
}

impl<'a> LineIndex<'a> {
    pub fn new(source: &'a str) -> Self {
        let mut starts = vec![0];
        let b = source.as_bytes();
        let mut i = 0;
        while i < b.len() {
            // blocks of 16 bytes without a line break are skipped whole
            if i + 16 <= b.len() && !has_line_break(&b[i..i + 16]) {
                i += 16;
                continue;
            }
            match b[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if b.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        let mut chars_before = Vec::with_capacity(b.len() / CHUNK + 1);
        let mut n = 0;
        chars_before.push(0);
        for chunk in b.chunks(CHUNK) {
            n += char_starts(chunk);
            chars_before.push(n);
        }
        LineIndex {
            source,
            starts,
            chars_before,
        }
    }

    /// Characters in `source[..offset]`.
    fn chars_upto(&self, offset: usize) -> usize {
        let k = offset / CHUNK;
        self.chars_before[k] + char_starts(&self.source.as_bytes()[k * CHUNK..offset])
    }

    /// (line, column), both 1-based. Columns do not count a UTF-8 BOM.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let mut ls = self.starts[line];
        if line == 0 && self.source.starts_with('\u{feff}') {
            ls = 3.min(offset);
        }
        let col = if self.source.is_char_boundary(ls) && self.source.is_char_boundary(offset) {
            self.chars_upto(offset) - self.chars_upto(ls)
        } else {
            offset - ls
        };
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
    /// Secondary spans in other files (a translation's value in its locale file), with
    /// positions in that file.
    pub related: Vec<RelatedLocated>,
}

/// A secondary span in another file, located there.
#[derive(Debug, Clone)]
pub struct RelatedLocated {
    pub path: String,
    pub position: Position,
    pub message: String,
    pub file: std::sync::Arc<crate::locales::SourceFile>,
}

impl RelatedLocated {
    pub fn of(r: &crate::diagnostic::Related) -> RelatedLocated {
        let index = LineIndex::new(&r.file.text);
        RelatedLocated {
            path: r.file.path.clone(),
            position: Position::of(&index, &r.span),
            message: r.message.clone(),
            file: r.file.clone(),
        }
    }
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
        // a file without findings needs no index (a scan of the whole source)
        let index = if linted.diagnostics.is_empty() {
            LineIndex::new("")
        } else {
            LineIndex::new(source)
        };
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
                let related = d.related.iter().map(RelatedLocated::of).collect();
                Located {
                    diagnostic: d,
                    position,
                    labels,
                    related,
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

/// "1 file", "3 files".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The inputs of a run as what they are: files linted, files that could not be, and
/// directories that held nothing to lint (so a directory is not counted as a file).
#[derive(Debug, Default, Clone, Copy)]
pub struct Inputs {
    pub linted: usize,
    pub failed_files: usize,
    pub empty_dirs: usize,
}

impl Inputs {
    pub fn of(reports: &[FileReport]) -> Inputs {
        let mut i = Inputs::default();
        for r in reports {
            match &r.error {
                None => i.linted += 1,
                Some(e) if matches!(e.kind, "no-files" | "is-directory") => i.empty_dirs += 1,
                Some(_) => i.failed_files += 1,
            }
        }
        i
    }

    /// `"; 1 file could not be linted; 1 directory had nothing to lint"`, or nothing.
    pub fn not_linted(&self, verb: &str) -> String {
        let mut s = String::new();
        if self.failed_files > 0 {
            s.push_str(&format!(
                "; {} could not be {verb}",
                plural(self.failed_files, "file", "files")
            ));
        }
        if self.empty_dirs > 0 {
            s.push_str(&format!(
                "; {} had no Markdown or HTML files to {}",
                plural(self.empty_dirs, "directory", "directories"),
                if verb == "linted" { "lint" } else { "check" }
            ));
        }
        s
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

#[cfg(test)]
mod line_index_tests {
    use super::LineIndex;

    /// Line starts from the block-skipping scan equal a byte-by-byte scan, with breaks
    /// (`\n`, `\r`, `\r\n`) at every position relative to the 16-byte blocks.
    #[test]
    fn line_starts_match_a_plain_scan() {
        let mut src = String::new();
        for i in 0..2000 {
            src.push_str(&"y".repeat(i % 37));
            src.push_str(["\n", "\r", "\r\n", "æ", "\n\n", "\r\r\n"][i % 6]);
        }
        let b = src.as_bytes();
        let mut expect = vec![0];
        for i in 0..b.len() {
            if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                expect.push(i + 1);
            }
        }
        assert_eq!(LineIndex::new(&src).starts, expect);
        assert_eq!(super::char_starts(b), src.chars().count());
    }

    /// Columns from the checkpoints equal a count from the start of the line, across
    /// checkpoint boundaries, multi-byte characters, CRLF and a BOM.
    #[test]
    fn columns_match_a_plain_count() {
        let mut src = String::from("\u{feff}");
        for i in 0..3000 {
            src.push_str(["a", "æ", "’", "😀", " ", "\r\n", "\n"][i % 7]);
            src.push_str(&"x".repeat(i % 13));
        }
        let idx = LineIndex::new(&src);
        for (off, _) in src.char_indices().step_by(7) {
            let ls = idx.line_start(off);
            let ls_col = if ls == 0 { 3.min(off) } else { ls };
            let expect = src[ls_col..off].chars().count() + 1;
            assert_eq!(idx.position(off).1, expect, "offset {off}");
        }
    }
}
