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

/// Width human output is wrapped to.
const WIDTH: usize = 100;

/// Is this label the section a finding sits in (shown as a one-line note, not an excerpt)?
fn is_section_label(l: &crate::diagnostic::Label) -> bool {
    l.message.starts_with("in section ") || l.message.starts_with("in clause ")
}

/// Wrapping options: break only at spaces, never after the hyphen of "opt-in" or "e-mail"
/// and never inside a long word such as a URL.
fn wrap_options<'a>(first: &'a str, rest: &'a str) -> textwrap::Options<'a> {
    textwrap::Options::new(WIDTH)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// Wrap each paragraph (line) of `text` with `first` before its first line and `rest`
/// before the others; a line break in `text` starts a new line with `rest`.
fn wrap_block(out: &mut String, text: &str, first: &str, rest: &str) {
    for (i, para) in text.lines().enumerate() {
        let lead = if i == 0 { first } else { rest };
        for line in textwrap::wrap(para, wrap_options(lead, rest)) {
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
}

/// The one header every finding has: `error[lint-id]: path:line:column`.
fn header(out: &mut String, d: &Located, path: &str, style: Style) {
    let sev = d.diagnostic.severity.as_str();
    let (on, off) = if style.color {
        let c = match d.diagnostic.severity {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
            Severity::Info => "\x1b[1;36m",
        };
        (c, "\x1b[0m")
    } else {
        ("", "")
    };
    out.push_str(&format!(
        "{on}{sev}[{}]{off}: {path}:{}:{}\n",
        d.diagnostic.lint, d.position.line, d.position.column
    ));
}

/// The section notes of a finding: "in section 14 'Nyhedsbrev', 78% into the document".
fn notes(out: &mut String, d: &Located, source_len: usize) {
    for l in d.diagnostic.labels.iter().filter(|l| is_section_label(l)) {
        let pct = (d.diagnostic.span.start * 100)
            .checked_div(source_len)
            .unwrap_or(0);
        wrap_block(
            out,
            &format!("{}, {pct}% into the document", l.message),
            "  note: ",
            "        ",
        );
    }
}

/// The finding's spans in other files (a translation's value in its locale file): the
/// place and a one-line excerpt with the value underlined.
fn related(out: &mut String, d: &Located) {
    for r in &d.related {
        let p = &r.position;
        wrap_block(
            out,
            &format!("{} at {}:{}:{}", r.message, r.path, p.line, p.column),
            "  note: ",
            "        ",
        );
        let text = &r.file.text;
        let index = LineIndex::new(text);
        let ls = index.line_start(p.start);
        let le = index.line_end(p.start).max(ls);
        let line = &text[ls..le];
        // the value's own line, cut to a window around it
        let before: Vec<char> = text[ls..p.start.min(le)].chars().collect();
        let skip = before.len().saturating_sub(30);
        let lead = if skip > 0 { "…" } else { "" };
        let shown: String = line.chars().skip(skip).take(90).collect();
        let more = if line.chars().count() > skip + 90 {
            "…"
        } else {
            ""
        };
        let gutter = format!("{:>4} │ ", p.line);
        out.push_str(&format!("{gutter}{lead}{shown}{more}\n"));
        let col = before.len() - skip + lead.chars().count();
        let value_end = if p.end_line == p.line {
            p.end_column
        } else {
            usize::MAX
        };
        let width = value_end
            .saturating_sub(p.column)
            .min(shown.chars().count() + lead.chars().count() - col.min(shown.chars().count()))
            .max(1);
        out.push_str(&format!(
            "{}{}{}\n",
            " ".repeat(gutter.chars().count()),
            " ".repeat(col),
            "^".repeat(width)
        ));
    }
}

/// Help and legal basis.
fn help(out: &mut String, d: &Located) {
    if let Some(h) = &d.diagnostic.help {
        wrap_block(out, h, "  help: ", "        ");
    }
    if !d.diagnostic.basis.is_empty() {
        let first = if d.diagnostic.help.is_some() {
            "        "
        } else {
            "  help: "
        };
        wrap_block(
            out,
            &format!("basis: {}", d.diagnostic.basis.join("; ")),
            first,
            "        ",
        );
    }
}

fn symbol(s: Severity) -> &'static str {
    match s {
        Severity::Error => "×",
        Severity::Warning => "⚠",
        Severity::Info => "☞",
    }
}

/// Render one file's diagnostics. `source` is the file's text.
///
/// Every finding starts with the same header (`error[lint]: path:line:column`); the
/// offending text is shown in an excerpt with the other findings on the same text listed
/// under it; the section a finding sits in is a one-line note, not a second excerpt.
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
        .with_width(WIDTH)
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
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
        let shown = |l: &crate::diagnostic::Label| {
            // labels far away are not drawn; section labels become notes
            !is_section_label(l)
                && l.span.start + 2000 > diag.span.start
                && l.span.end < diag.span.end + 2000
        };
        for l in group.iter().flat_map(|d| &d.diagnostic.labels) {
            if shown(l) {
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
        // secondary labels; in a group each says whose it is ("implied-consent: label")
        let mut secondary: Vec<(&crate::diagnostic::Label, Vec<&str>)> = Vec::new();
        for d in group {
            for l in &d.diagnostic.labels {
                if !shown(l) || l.span.start < ws || l.span.end > we {
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
        let md = MietteDiagnostic::new(diag.message.clone())
            .with_severity(match diag.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            })
            .with_labels(labels);
        let rendered = miette::Report::new(md).with_source_code(window);
        let mut s = String::new();
        if handler.render_report(&mut s, rendered.as_ref()).is_err() {
            s.clear();
            for d in group {
                s.push_str(&super::compact::line(&report.path, d));
            }
            out.push_str(&s);
            out.push('\n');
            continue;
        }
        header(&mut out, d, &report.path, style);
        out.push_str(s.trim_start_matches('\n'));
        notes(&mut out, d, source.len());
        related(&mut out, d);
        help(&mut out, d);
        // the other findings on the same text: the same header, their message, no excerpt
        for o in &group[1..] {
            out.push('\n');
            header(&mut out, o, &report.path, style);
            let sym = format!("  {} ", symbol(o.diagnostic.severity));
            wrap_block(&mut out, &o.diagnostic.message, &sym, "  │ ");
            out.push_str("    (the same text as above)\n");
            notes(&mut out, o, source.len());
            related(&mut out, o);
            help(&mut out, o);
        }
        out.push('\n');
    }
    out
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

/// The closing summary line: findings, the files linted, and the inputs that could not be
/// linted, files and directories each counted as what they are.
pub fn summary(reports: &[FileReport]) -> String {
    let c = super::Counts::of(reports);
    let total = c.error + c.warning + c.info;
    let inputs = super::Inputs::of(reports);
    let files = super::plural(inputs.linted, "file", "files");
    let mut s = if inputs.linted == 0 {
        "No files linted".to_string()
    } else if total == 0 {
        format!("No problems found in {files}")
    } else {
        format!(
            "Found {} ({}, {}, {} info) in {files}",
            super::plural(total, "problem", "problems"),
            super::plural(c.error, "error", "errors"),
            super::plural(c.warning, "warning", "warnings"),
            c.info,
        )
    };
    s.push_str(&inputs.not_linted("linted"));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    fn report(source: &str, diags: Vec<Diagnostic>) -> FileReport {
        FileReport::new(
            "doc.md",
            source,
            crate::Linted {
                format: crate::Format::Markdown,
                language: Some("en"),
                diagnostics: diags,
                work: 0,
            },
        )
    }

    /// Messages and help wrap at spaces only: hyphenated words and URLs stay whole, at
    /// every position the break could fall.
    #[test]
    fn wraps_only_at_spaces() {
        let url = "https://www.datatilsynet.dk/hvad-siger-reglerne/vejledning/samtykke/samtykke-og-markedsfoering-med-e-mail-og-sms";
        for n in 0..90 {
            let source = "Text with a problem.\n";
            let d = Diagnostic::new(
                "vague-purpose",
                Severity::Warning,
                0..4,
                format!(
                    "{} consent must be an active opt-in by e-mail, re-confirmed opt-in",
                    "x ".repeat(n)
                ),
            )
            .with_help(format!("{}see {url} for the opt-in rules", "y ".repeat(n)));
            let out = render_file(&report(source, vec![d]), source, Style::default());
            for line in out.lines() {
                let t = line.trim_end();
                assert!(
                    !(t.ends_with('-') && t[..t.len() - 1].ends_with(|c: char| c.is_alphabetic())),
                    "wrapped inside a hyphenated word at n = {n}: {line:?}\n{out}"
                );
            }
            assert!(out.contains(url), "the URL was broken at n = {n}:\n{out}");
            let joined = out.replace("\n  │ ", " ").replace("\n        ", " ");
            assert!(
                joined.contains("active opt-in by e-mail, re-confirmed opt-in"),
                "{out}"
            );
        }
    }

    /// The section a finding sits in is one note line, not a second excerpt, however far
    /// away its heading is.
    #[test]
    fn the_section_is_a_note_not_an_excerpt() {
        let mut source = String::from("# 14. Nyhedsbrev\n\n");
        for i in 0..30 {
            source.push_str(&format!("Paragraph {i} of the section.\n\n"));
        }
        let at = source.len();
        source.push_str("We may use your data to improve our services.\n");
        let d = Diagnostic::new("vague-purpose", Severity::Warning, at..at + 6, "vague")
            .with_label(2..16, "in section 14 'Nyhedsbrev'");
        let out = render_file(&report(&source, vec![d]), &source, Style::default());
        assert_eq!(out.matches("╭─[").count(), 1, "one excerpt:\n{out}");
        assert!(!out.contains("# 14. Nyhedsbrev"), "{out}");
        let pct = at * 100 / source.len();
        assert!(
            out.contains(&format!(
                "  note: in section 14 'Nyhedsbrev', {pct}% into the document\n"
            )),
            "{out}"
        );
    }
}
