//! Inline suppression comments, the same in Markdown and HTML:
//!
//! ```html
//! <!-- consentlint-disable-next vague-purpose -- reason -->   the next block or control
//! <!-- consentlint-disable-line vague-purpose -- reason -->   findings on the comment's line
//! <!-- consentlint-disable vague-purpose -- reason -->        from here ...
//! <!-- consentlint-enable vague-purpose -->                   ... to here (or the end)
//! <!-- consentlint-disable-file -- reason -->                 the whole file
//! ```
//!
//! Naming no lint suppresses every lint. A suppression that suppresses nothing,
//! or that names an unknown lint, is itself reported (`unused-suppression`), so
//! stale exceptions do not pile up.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;

/// The lint id of the report on suppressions themselves.
pub const UNUSED: &str = "unused-suppression";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Next,
    Line,
    Disable,
    Enable,
    File,
}

#[derive(Debug)]
struct Directive {
    kind: Kind,
    /// Lint ids named; empty means all.
    lints: Vec<(String, Range<usize>)>,
    /// The comment's span.
    span: Range<usize>,
    /// What it covers.
    covers: Range<usize>,
    used: bool,
}

fn parse(body: &str) -> Option<(Kind, &str)> {
    let t = body.trim();
    let rest = t.strip_prefix("consentlint-")?;
    for (word, kind) in [
        ("disable-next-line", Kind::Next),
        ("disable-next", Kind::Next),
        ("disable-line", Kind::Line),
        ("disable-file", Kind::File),
        ("disable", Kind::Disable),
        ("enable", Kind::Enable),
    ] {
        if let Some(args) = rest.strip_prefix(word) {
            if args.is_empty() || args.starts_with(char::is_whitespace) {
                return Some((kind, args));
            }
        }
    }
    None
}

/// Apply the suppression comments of `doc` to `diags`, and report unused or unknown ones.
pub fn apply(
    source: &str,
    doc: &Document,
    diags: &mut Vec<Diagnostic>,
    known: &dyn Fn(&str) -> bool,
) {
    let mut dirs: Vec<Directive> = Vec::new();
    for c in &doc.comments {
        let Some(body) = source.get(c.body.clone()) else {
            continue;
        };
        let Some((kind, args)) = parse(body) else {
            continue;
        };
        // the reason follows ` -- `
        let list = args.split(" --").next().unwrap_or("");
        let list_start = c.body.start
            + (body.len() - body.trim_start().len())
            + (body.trim().len() - args.len());
        let mut lints = Vec::new();
        let mut pos = 0;
        for word in list.split(|ch: char| ch.is_whitespace() || ch == ',') {
            let at = list[pos..].find(word).map_or(pos, |i| pos + i);
            pos = at + word.len();
            if !word.is_empty() {
                lints.push((
                    word.to_string(),
                    list_start + at..list_start + at + word.len(),
                ));
            }
        }
        dirs.push(Directive {
            kind,
            lints,
            span: c.span.clone(),
            covers: 0..0,
            used: false,
        });
    }
    if dirs.is_empty() {
        return;
    }
    // what each covers
    let line_of = |off: usize| -> Range<usize> {
        let s = source[..off].rfind('\n').map_or(0, |i| i + 1);
        let e = source[off..].find('\n').map_or(source.len(), |i| off + i);
        s..e
    };
    for i in 0..dirs.len() {
        let end = dirs[i].span.end;
        dirs[i].covers = match dirs[i].kind {
            Kind::File => 0..source.len(),
            Kind::Line => line_of(dirs[i].span.start),
            Kind::Next => {
                // the next block or control after the comment, however many lines it wraps over
                let block = doc
                    .blocks
                    .iter()
                    .map(|b| b.span.clone())
                    .filter(|s| s.start >= end)
                    .min_by_key(|s| s.start);
                let control = doc
                    .controls
                    .iter()
                    .map(|c| c.span.clone())
                    .filter(|s| s.start >= end)
                    .min_by_key(|s| s.start);
                match (block, control) {
                    (Some(b), Some(c)) => {
                        if c.start < b.start {
                            c
                        } else {
                            b
                        }
                    }
                    (Some(b), None) => b,
                    (None, Some(c)) => c,
                    (None, None) => end..end,
                }
            }
            Kind::Disable => {
                // up to the matching enable (same lints, or an enable of all)
                let mut stop = source.len();
                for d in &dirs[i + 1..] {
                    if d.kind == Kind::Enable
                        && (d.lints.is_empty()
                            || dirs[i]
                                .lints
                                .iter()
                                .all(|(l, _)| d.lints.iter().any(|(m, _)| m == l)))
                    {
                        stop = d.span.start;
                        break;
                    }
                }
                end..stop
            }
            Kind::Enable => 0..0,
        };
    }
    diags.retain(|d| {
        let mut keep = true;
        for dir in dirs.iter_mut() {
            if dir.kind == Kind::Enable {
                continue;
            }
            let names = dir.lints.is_empty() || dir.lints.iter().any(|(l, _)| l == d.lint);
            let inside = d.span.start >= dir.covers.start
                && d.span.start < dir.covers.end.max(dir.covers.start + 1);
            if names && inside {
                dir.used = true;
                keep = false;
            }
        }
        keep
    });
    for dir in &dirs {
        if dir.kind == Kind::Enable {
            continue;
        }
        let mut unknown = false;
        for (l, span) in &dir.lints {
            if !known(l) {
                unknown = true;
                let mut d = Diagnostic::new(
                    UNUSED,
                    Severity::Warning,
                    span.clone(),
                    format!("unknown lint '{l}' in a suppression comment"),
                );
                d.help = Some(match crate::lints::suggest(l) {
                    Some(near) => {
                        format!("did you mean '{near}'? (`consentlint rules` lists the lint ids)")
                    }
                    None => "`consentlint rules` lists the lint ids".into(),
                });
                diags.push(d);
            }
        }
        if !dir.used && !unknown {
            let mut d = Diagnostic::new(
                UNUSED,
                Severity::Warning,
                dir.span.clone(),
                "this suppression comment suppresses nothing",
            );
            d.help = Some(
                "remove the comment, or move it right before the finding it is meant for".into(),
            );
            diags.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{lint, Config, Format};

    const BOX: &str = r#"<label><input type="checkbox" name="newsletter" checked> Send me the newsletter</label>"#;

    fn lints(src: &str, f: Format) -> Vec<(String, String)> {
        lint(src, f, &Config::default())
            .into_iter()
            .filter(|d| d.lint == "pre-checked-consent" || d.lint == UNUSED)
            .map(|d| (d.lint.to_string(), src[d.span].to_string()))
            .collect()
    }

    #[test]
    fn next_block_in_html_and_markdown() {
        let html = format!("<form>\n<!-- consentlint-disable-next pre-checked-consent -- legacy form, fixed in JIRA-12 -->\n{BOX}\n{BOX}\n</form>");
        assert_eq!(
            lints(&html, Format::Html),
            vec![("pre-checked-consent".into(), "checked".into())]
        );
        let md = "<!-- consentlint-disable-next pre-checked-consent -- demo -->\n- [x] Yes, send me\n  the newsletter\n- [x] Yes, send me offers by e-mail\n";
        assert_eq!(
            lints(md, Format::Markdown),
            vec![("pre-checked-consent".into(), "[x]".into())]
        );
    }

    #[test]
    fn line_range_and_file() {
        let line =
            format!("<form>{BOX} <!-- consentlint-disable-line pre-checked-consent --></form>");
        assert!(lints(&line, Format::Html).is_empty());
        let range = format!("<!-- consentlint-disable pre-checked-consent -->\n{BOX}\n<!-- consentlint-enable pre-checked-consent -->\n{BOX}");
        assert_eq!(lints(&range, Format::Html).len(), 1);
        let file = format!("<!-- consentlint-disable-file -- test page -->\n{BOX}\n{BOX}");
        assert!(lints(&file, Format::Html).is_empty());
    }

    #[test]
    fn unused_and_unknown_are_reported() {
        let src = "<!-- consentlint-disable-next pre-checked-consent -->\n<p>Nothing here.</p>\n<!-- consentlint-disable-next no-such-lint -->\n<p>x</p>";
        let got = lints(src, Format::Html);
        assert_eq!(
            got,
            vec![
                (
                    UNUSED.to_string(),
                    "<!-- consentlint-disable-next pre-checked-consent -->".to_string()
                ),
                (UNUSED.to_string(), "no-such-lint".to_string()),
            ]
        );
        // a misspelt id gets the nearest lint as a hint
        let src = "<!-- consentlint-disable-next pre-checked-consnet -->\n<p>x</p>";
        let d = lint(src, Format::Html, &Config::default());
        let help = d
            .iter()
            .find(|d| d.lint == UNUSED)
            .and_then(|d| d.help.clone());
        assert!(
            help.as_deref()
                .is_some_and(|h| h.contains("did you mean 'pre-checked-consent'?")),
            "{help:?}"
        );
    }
}
