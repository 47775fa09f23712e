//! One line per finding: `path:line:col: severity [lint] message` (the format editors and
//! `grep` understand), and GitHub Actions workflow commands.

use super::FileReport;

/// `path:line:col: severity [lint] message`, and `path: error: message` for file errors.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        if let Some(e) = &r.error {
            out.push_str(&format!("{}: error [{}] {}\n", r.path, e.kind, e.message));
        }
        for d in &r.diagnostics {
            out.push_str(&line(&r.path, d));
        }
    }
    out
}

/// One finding as `path:line:col: severity [lint] message` and a line break (also the
/// human report's fallback when a snippet cannot be drawn).
pub fn line(path: &str, d: &super::Located) -> String {
    format!(
        "{}:{}:{}: {} [{}] {}\n",
        path,
        d.position.line,
        d.position.column,
        d.diagnostic.severity.as_str(),
        d.diagnostic.lint,
        d.diagnostic.message.replace('\n', " ")
    )
}

/// Escape a workflow-command message (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions annotations: `::error file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message`.
pub fn render_github(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        if let Some(e) = &r.error {
            out.push_str(&format!(
                "::error file={},title={}::{}\n",
                escape_property(&r.path),
                escape_property(&format!("consentlint: {}", e.kind)),
                escape_data(&e.message)
            ));
        }
        for d in &r.diagnostics {
            let level = match d.diagnostic.severity {
                crate::Severity::Error => "error",
                crate::Severity::Warning => "warning",
                crate::Severity::Info => "notice",
            };
            let p = &d.position;
            out.push_str(&format!(
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                escape_property(&r.path),
                p.line,
                p.column,
                p.end_line,
                p.end_column,
                escape_property(&format!("consentlint {}", d.diagnostic.lint)),
                escape_data(&d.diagnostic.message)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
