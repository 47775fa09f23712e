//! Human output: miette-style excerpts with the offending text underlined.
//!
//! Long lines (minified HTML) are shown as a window around the span, not whole.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{FileReport, LineIndex, Located};
use crate::diagnostic::Severity;

/// Bytes of context kept on each side of a span on a long line.
const WINDOW: usize = 80;
/// Lines longer than this are windowed.
const LONG_LINE: usize = 200;
const ELLIPSIS: &str = "… ";

/// A piece of the source, with the line and column where it starts.
struct Window {
    name: String,
    text: String,
    /// 0-based line of the window's first line in the file.
    line0: usize,
    /// Characters cut from the start of the first line (minus the ellipsis).
    col0: isize,
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        // miette counts columns in bytes; the contract counts characters
        let start = inner.span().offset();
        let line_start = self.text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let chars = self.text[line_start..start].chars().count() as isize;
        let col = if inner.line() == 0 {
            (chars + self.col0).max(0) as usize
        } else {
            chars as usize
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.line0,
            col,
            inner.line_count(),
        )))
    }
}

use crate::text::{ceil_char_boundary as ceil_boundary, floor_char_boundary as floor_boundary};

/// Options for human output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
}

/// Render one file's diagnostics. `source` is the file's text.
pub fn render_file(report: &FileReport, source: &str, style: Style) -> String {
    let mut out = String::new();
    let index = LineIndex::new(source);
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_width(100);
    // findings on the same text share one excerpt: the first (most severe) with the snippet,
    // the others listed under it
    let mut groups: Vec<Vec<&Located>> = Vec::new();
    let mut at: std::collections::HashMap<(usize, usize), usize> = Default::default();
    for d in &report.diagnostics {
        let key = (d.diagnostic.span.start, d.diagnostic.span.end);
        match at.get(&key) {
            Some(&i) => groups[i].push(d),
            None => {
                at.insert(key, groups.len());
                groups.push(vec![d]);
            }
        }
    }
    for group in &mut groups {
        group.sort_by_key(|d| std::cmp::Reverse(d.diagnostic.severity));
    }
    for group in &groups {
        let d = group[0];
        let diag = &d.diagnostic;
        // the window: from the first to the last line the spans touch, long lines cut around the span
        let mut lo = diag.span.start;
        let mut hi = diag.span.end;
        let near = |l: &crate::diagnostic::Label| {
            // labels far away (a section heading pages up) are shown only if close
            l.span.start + 2000 > diag.span.start && l.span.end < diag.span.end + 2000
        };
        for l in group.iter().flat_map(|d| &d.diagnostic.labels) {
            if near(l) {
                lo = lo.min(l.span.start);
                hi = hi.max(l.span.end);
            }
        }
        let mut ws = index.line_start(lo);
        let mut we = index.line_end(hi.saturating_sub(1).max(lo));
        let mut prefix = "";
        if lo - ws > LONG_LINE {
            ws = floor_boundary(source, lo - WINDOW);
            prefix = ELLIPSIS;
        }
        let mut suffix = "";
        if we > hi && we - hi > LONG_LINE {
            we = ceil_boundary(source, hi + WINDOW);
            suffix = " …";
        }
        let we = we.max(hi).min(source.len());
        let mut text = String::with_capacity(we - ws + 8);
        text.push_str(prefix);
        text.push_str(&source[ws..we]);
        text.push_str(suffix);
        let shift = |s: usize| s - ws + prefix.len();
        let (line, _) = index.position(ws);
        let cut_chars = source[index.line_start(ws)..ws].chars().count() as isize;
        let window = Window {
            name: report.path.clone(),
            text,
            line0: line - 1,
            col0: cut_chars - prefix.chars().count() as isize,
        };
        let primary = if group.len() > 1 {
            Some(
                group
                    .iter()
                    .map(|d| d.diagnostic.lint)
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        } else {
            primary_label(diag.lint, diag.severity)
        };
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            primary,
            SourceSpan::new(
                shift(diag.span.start).into(),
                diag.span.end - diag.span.start,
            ),
        )];
        // secondary labels; in a group each says whose it is ("implied-consent: in section ...")
        let mut secondary: Vec<(&crate::diagnostic::Label, Vec<&str>)> = Vec::new();
        for d in group {
            for l in &d.diagnostic.labels {
                if l.span.start < ws || l.span.end > we {
                    continue;
                }
                match secondary.iter_mut().find(|(s, _)| s == &l) {
                    Some((_, lints)) => lints.push(d.diagnostic.lint),
                    None => secondary.push((l, vec![d.diagnostic.lint])),
                }
            }
        }
        for (l, lints) in secondary {
            let message = if group.len() > 1 {
                format!("{}: {}", lints.join(", "), l.message)
            } else {
                l.message.clone()
            };
            labels.push(LabeledSpan::new_with_span(
                Some(message),
                SourceSpan::new(shift(l.span.start).into(), l.span.end - l.span.start),
            ));
        }
        let md = Grouped {
            main: miette_diagnostic(diag).with_labels(labels),
            others: group[1..]
                .iter()
                .map(|d| miette_diagnostic(&d.diagnostic))
                .collect(),
        };
        let rendered = miette::Report::new(md).with_source_code(window);
        let mut s = String::new();
        if handler.render_report(&mut s, rendered.as_ref()).is_err() {
            s.clear();
            for d in group {
                s.push_str(&super::compact::line(&report.path, d));
            }
        }
        out.push_str(&s);
        out.push('\n');
    }
    out
}

/// Findings on one span: the first with the snippet, the others listed after it (as miette's
/// related diagnostics, which show no snippet of their own).
#[derive(Debug)]
struct Grouped {
    main: MietteDiagnostic,
    others: Vec<MietteDiagnostic>,
}

impl std::fmt::Display for Grouped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.main, f)
    }
}

impl std::error::Error for Grouped {}

impl miette::Diagnostic for Grouped {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.main.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.main.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.main.help()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.main.labels()
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.others.is_empty() {
            return None;
        }
        Some(Box::new(
            self.others.iter().map(|d| d as &dyn miette::Diagnostic),
        ))
    }
}

/// A finding as miette shows it, without its snippet: lint, severity, message, help and basis.
fn miette_diagnostic(diag: &crate::diagnostic::Diagnostic) -> MietteDiagnostic {
    let mut md = MietteDiagnostic::new(diag.message.clone())
        .with_code(diag.lint)
        .with_severity(match diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        });
    let mut help = diag.help.clone().unwrap_or_default();
    if !diag.basis.is_empty() {
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str("basis: ");
        help.push_str(&diag.basis.join("; "));
    }
    if !help.is_empty() {
        md = md.with_help(help);
    }
    md
}

fn primary_label(lint: &str, severity: Severity) -> Option<String> {
    match (lint, severity) {
        ("pre-checked-consent", Severity::Info) => Some("ticked by template logic".into()),
        ("pre-checked-consent", _) => Some("ticked by default".into()),
        _ => None,
    }
}

/// One line per file error.
pub fn render_error(report: &FileReport) -> Option<String> {
    report
        .error
        .as_ref()
        .map(|e| format!("error: {}: {}\n", report.path, e.message))
}

/// The closing summary line.
pub fn summary(reports: &[FileReport]) -> String {
    let c = super::Counts::of(reports);
    let total = c.error + c.warning + c.info;
    let errors = reports.iter().filter(|r| r.error.is_some()).count();
    let mut s = if total == 0 {
        format!(
            "No problems found in {} file{}",
            reports.len() - errors,
            if reports.len() - errors == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "Found {total} problem{} ({} error{}, {} warning{}, {} info) in {} file{}",
            if total == 1 { "" } else { "s" },
            c.error,
            if c.error == 1 { "" } else { "s" },
            c.warning,
            if c.warning == 1 { "" } else { "s" },
            c.info,
            reports.len() - errors,
            if reports.len() - errors == 1 { "" } else { "s" },
        )
    };
    if errors > 0 {
        s.push_str(&format!(
            "; {errors} file{} could not be linted",
            if errors == 1 { "" } else { "s" }
        ));
    }
    s.push('\n');
    s
}

/// Findings per lint, most first: `count  lint  severity`.
pub fn statistics(reports: &[FileReport]) -> String {
    let mut counts: std::collections::BTreeMap<(&str, &'static str), usize> = Default::default();
    for r in reports {
        for d in &r.diagnostics {
            *counts
                .entry((d.diagnostic.lint, d.diagnostic.severity.as_str()))
                .or_default() += 1;
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = String::new();
    for ((lint, sev), n) in rows {
        out.push_str(&format!("{n:>6}  {lint:<34} {sev}\n"));
    }
    out
}
