//! The JSON report: the stable contract of DESIGN.md and README.md.

use serde::Serialize;

use super::{Counts, FileReport, Position};

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    files: Vec<FileOut<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    format: Option<&'static str>,
    language: Option<&'a str>,
    diagnostics: Vec<DiagOut<'a>>,
    error: Option<ErrOut<'a>>,
}

#[derive(Serialize)]
struct DiagOut<'a> {
    lint: &'a str,
    severity: &'static str,
    message: &'a str,
    span: Position,
    help: Option<&'a str>,
    basis: &'a [String],
    fingerprint: &'a str,
    labels: Vec<LabelOut<'a>>,
    /// Secondary spans in other files (added in version 1; absent when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a crate::diagnostic::Fix>,
}

#[derive(Serialize)]
struct LabelOut<'a> {
    span: Position,
    message: &'a str,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    path: &'a str,
    span: Position,
    message: &'a str,
}

#[derive(Serialize)]
struct ErrOut<'a> {
    kind: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    file_errors: usize,
    by_severity: Counts,
}

/// Render the whole run as one JSON document.
pub fn render(reports: &[FileReport]) -> String {
    let files = reports
        .iter()
        .map(|r| FileOut {
            path: &r.path,
            format: r.format.map(|f| f.as_str()),
            language: r.language.as_deref(),
            diagnostics: r
                .diagnostics
                .iter()
                .map(|l| DiagOut {
                    lint: l.diagnostic.lint,
                    severity: l.diagnostic.severity.as_str(),
                    message: &l.diagnostic.message,
                    span: l.position,
                    help: l.diagnostic.help.as_deref(),
                    basis: &l.diagnostic.basis,
                    fingerprint: &l.diagnostic.fingerprint,
                    labels: l
                        .labels
                        .iter()
                        .map(|(p, m)| LabelOut {
                            span: *p,
                            message: m,
                        })
                        .collect(),
                    related: l
                        .related
                        .iter()
                        .map(|r| RelatedOut {
                            path: &r.path,
                            span: r.position,
                            message: &r.message,
                        })
                        .collect(),
                    fix: l.diagnostic.fix.as_ref(),
                })
                .collect(),
            error: r.error.as_ref().map(|e| ErrOut {
                kind: e.kind,
                message: &e.message,
            }),
        })
        .collect();
    let out = Out {
        version: 1,
        files,
        summary: Summary {
            files: reports.len(),
            file_errors: reports.iter().filter(|r| r.error.is_some()).count(),
            by_severity: Counts::of(reports),
        },
    };
    let mut s =
        serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
