//! HTML output: one self-contained page (inline CSS, no scripts, no external resources) for
//! reviewers who do not read terminal output — lawyers, editors.
//!
//! The page opens with a summary (files, findings by severity), then each file's findings,
//! errors first, each with the offending text highlighted in its context, the explanation,
//! the legal basis and what to write instead. Files that could not be linted are listed.
//!
//! Everything that comes from a linted document (text, paths, messages quoting it) is
//! escaped: the documents are HTML themselves, and a `<script>` in one must appear as text.
//!
//! Each file's section is rendered while its text is at hand ([`render_file`]), the page
//! around them at the end ([`render_page`]).

use super::{Counts, FileReport, LineIndex, Located};
use crate::diagnostic::{stable_hash, Severity};
use crate::document::Format;

/// Bytes of context kept on each side of a span on a long line (as in human output).
const WINDOW: usize = 80;
/// Lines longer than this are cut around the span.
const LONG_LINE: usize = 200;
/// Context lines (before and after the offending lines) are cut to this many characters.
const CONTEXT_CHARS: usize = 160;
/// Secondary texts ("label text", "in clause 27") are cut to this many characters.
const LABEL_CHARS: usize = 160;

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // NUL and other C0 controls (but tab and line breaks) are not allowed in HTML text
            '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}' => {
                out.push('\u{fffd}')
            }
            _ => out.push(c),
        }
    }
}

/// Escape, and show `code` spans (as the packs write them) as `<code>`.
fn inline(s: &str) -> String {
    if s.matches('`').count() % 2 == 1 {
        // unbalanced: show the backticks as they are
        return escape(s);
    }
    let mut out = String::new();
    for (i, p) in s.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            escape_into(&mut out, p);
            out.push_str("</code>");
        } else {
            escape_into(&mut out, p);
        }
    }
    out
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// At most `n` characters of `s`, with an ellipsis if cut.
fn cut_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{} …", &s[..i]),
        None => s.to_string(),
    }
}

/// The last `n` characters of `s`, with an ellipsis if cut.
fn cut_chars_start(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        return s.to_string();
    }
    let (i, _) = s.char_indices().nth(count - n).unwrap_or((0, ' '));
    format!("… {}", &s[i..])
}

/// The offending text in its context, as escaped HTML for a `<pre>`: the line before, the
/// lines the span covers (cut around the span when very long) with the span in `<mark>`,
/// and the line after.
pub fn excerpt(source: &str, index: &LineIndex<'_>, span: &std::ops::Range<usize>) -> String {
    let start = floor_boundary(source, span.start);
    let end = ceil_boundary(source, span.end.max(start));
    let mut ws = index.line_start(start);
    let mut we = index
        .line_end(end.saturating_sub(1).max(start))
        .max(end)
        .min(source.len());
    let mut out = String::new();
    // the line before, unless blank
    if ws > 0 {
        let prev = index.line_start(ws - 1);
        let text = source[prev..index.line_end(prev)].trim_end();
        if !text.trim().is_empty() {
            out.push_str("<span class=\"ctx\">");
            escape_into(&mut out, &cut_chars_start(text, CONTEXT_CHARS));
            out.push_str("</span>\n");
        }
    }
    if start - ws > LONG_LINE {
        ws = floor_boundary(source, start - WINDOW);
        out.push_str("<span class=\"cut\">… </span>");
    }
    let mut suffix = "";
    if we > end && we - end > LONG_LINE {
        we = ceil_boundary(source, end + WINDOW);
        suffix = "<span class=\"cut\"> …</span>";
    }
    escape_into(&mut out, &source[ws..start]);
    out.push_str("<mark>");
    escape_into(&mut out, &source[start..end]);
    out.push_str("</mark>");
    escape_into(&mut out, &source[end..we]);
    out.push_str(suffix);
    // the line after, unless blank
    let line_end = index.line_end(end.saturating_sub(1).max(start));
    let rest = &source[line_end..];
    let next = if rest.starts_with("\r\n") {
        line_end + 2
    } else if rest.starts_with(['\n', '\r']) {
        line_end + 1
    } else {
        source.len()
    };
    if next < source.len() {
        let text = source[next..index.line_end(next)].trim_end();
        if !text.trim().is_empty() {
            out.push_str("\n<span class=\"ctx\">");
            escape_into(&mut out, &cut_chars(text, CONTEXT_CHARS));
            out.push_str("</span>");
        }
    }
    out
}

fn severity_title(s: Severity, n: usize) -> String {
    let word = match (s, n == 1) {
        (Severity::Error, true) => "error",
        (Severity::Error, false) => "errors",
        (Severity::Warning, true) => "warning",
        (Severity::Warning, false) => "warnings",
        (Severity::Info, _) => "info",
    };
    format!("{n} {word}")
}

fn heading(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Info",
    }
}

fn file_id(path: &str) -> String {
    format!("file-{:016x}", stable_hash(&[path.as_bytes()]))
}

/// The "Why it matters" section of a pack's explanation, else its first paragraph.
fn why(explanation: &str) -> String {
    let mut in_why = false;
    let mut lines = Vec::new();
    for l in explanation.lines() {
        if let Some(h) = l.strip_prefix("## ") {
            if in_why {
                break;
            }
            in_why = h.trim().eq_ignore_ascii_case("why it matters");
            continue;
        }
        if in_why {
            lines.push(l.trim());
        }
    }
    let text = lines.join(" ");
    if !text.trim().is_empty() {
        return text.trim().to_string();
    }
    explanation
        .split("\n\n")
        .map(|p| p.trim())
        .find(|p| !p.is_empty() && !p.starts_with('#'))
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A pack's explanation (a little Markdown: `##` headings, paragraphs, fenced code) as HTML.
fn explanation_html(text: &str) -> String {
    let mut out = String::new();
    let mut para: Vec<&str> = Vec::new();
    let mut fence: Option<Vec<&str>> = None;
    let flush = |para: &mut Vec<&str>, out: &mut String| {
        if !para.is_empty() {
            let joined = para.join(" ");
            if para.iter().all(|l| l.starts_with("- ")) {
                out.push_str("<ul>");
                for l in para.iter() {
                    out.push_str(&format!("<li>{}</li>", inline(&l[2..])));
                }
                out.push_str("</ul>\n");
            } else {
                out.push_str(&format!("<p>{}</p>\n", inline(&joined)));
            }
            para.clear();
        }
    };
    for l in text.lines() {
        if let Some(code) = &mut fence {
            if l.trim_start().starts_with("```") {
                out.push_str(&format!("<pre>{}</pre>\n", escape(&code.join("\n"))));
                fence = None;
            } else {
                code.push(l);
            }
            continue;
        }
        let t = l.trim();
        if t.starts_with("```") {
            flush(&mut para, &mut out);
            fence = Some(Vec::new());
        } else if let Some(h) = t.strip_prefix("## ").or_else(|| t.strip_prefix("# ")) {
            flush(&mut para, &mut out);
            out.push_str(&format!("<h4>{}</h4>\n", inline(h)));
        } else if t.is_empty() {
            flush(&mut para, &mut out);
        } else {
            para.push(t);
        }
    }
    if let Some(code) = fence {
        out.push_str(&format!("<pre>{}</pre>\n", escape(&code.join("\n"))));
    }
    flush(&mut para, &mut out);
    out
}

fn finding(out: &mut String, d: &Located, source: &str, index: &LineIndex<'_>, lang: &str) {
    let diag = &d.diagnostic;
    let pack = crate::packs::lint_pack(diag.lint);
    let sev = diag.severity.as_str();
    out.push_str(&format!("<article class=\"finding {sev}\">\n"));
    out.push_str(&format!(
        "<h4><span class=\"badge {sev}\">{sev}</span> <code class=\"lint\">{}</code> \
         <span class=\"pos\">line {}, column {}</span></h4>\n",
        escape(diag.lint),
        d.position.line,
        d.position.column
    ));
    out.push_str(&format!(
        "<p class=\"message\">{}</p>\n",
        escape(&diag.message)
    ));
    if !source.is_empty() && diag.span.end <= source.len() {
        out.push_str(&format!(
            "<pre class=\"excerpt\"{lang}>{}</pre>\n",
            excerpt(source, index, &diag.span)
        ));
    }
    if !d.labels.is_empty() {
        out.push_str("<ul class=\"labels\">\n");
        for ((pos, message), label) in d.labels.iter().zip(&diag.labels) {
            let text = source
                .get(label.span.clone())
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            out.push_str(&format!(
                "<li><span class=\"pos\">line {}, column {}</span>: {}",
                pos.line,
                pos.column,
                escape(message)
            ));
            if !text.is_empty() {
                out.push_str(&format!(
                    " — <q{lang}>{}</q>",
                    escape(&cut_chars(&text, LABEL_CHARS))
                ));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<dl>\n");
    if let Some(p) = pack {
        let w = why(&p.explanation);
        if !w.is_empty() {
            out.push_str(&format!(
                "<dt>Why it matters</dt>\n<dd>{} <a href=\"#lint-{}\">More about {}</a></dd>\n",
                inline(&w),
                escape(&p.id),
                escape(&p.id)
            ));
        }
    }
    let basis: &[String] = if diag.basis.is_empty() {
        pack.map_or(&[], |p| &p.basis)
    } else {
        &diag.basis
    };
    if !basis.is_empty() {
        out.push_str("<dt>Legal basis</dt>\n<dd class=\"basis\"><ul>");
        for b in basis {
            out.push_str(&format!("<li>{}</li>", escape(b)));
        }
        out.push_str("</ul></dd>\n");
    }
    let help = diag
        .help
        .clone()
        .or_else(|| pack.map(|p| p.help.clone()))
        .unwrap_or_default();
    if !help.trim().is_empty() {
        out.push_str(&format!(
            "<dt>What to do</dt>\n<dd class=\"help\">{}</dd>\n",
            inline(help.trim())
        ));
    }
    out.push_str("</dl>\n</article>\n");
}

/// One file's section: its findings by severity (errors first), in document order within each.
/// `source` is the text the findings point into.
pub fn render_file(report: &FileReport, source: &str) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    out.push_str(&format!(
        "<section class=\"file\" id=\"{}\">\n<h2 class=\"path\">{}</h2>\n",
        file_id(&report.path),
        escape(&report.path)
    ));
    let mut meta = Vec::new();
    match report.format {
        Some(Format::Html) => meta.push("HTML".to_string()),
        Some(Format::Markdown) => meta.push("Markdown".to_string()),
        Some(Format::Jsx) => meta.push("JSX".to_string()),
        Some(Format::Vue) => meta.push("Vue".to_string()),
        Some(Format::Svelte) => meta.push("Svelte".to_string()),
        Some(Format::Astro) => meta.push("Astro".to_string()),
        Some(Format::Mdx) => meta.push("MDX".to_string()),
        Some(Format::Json) => meta.push("JSON translations".to_string()),
        Some(Format::Yaml) => meta.push("YAML translations".to_string()),
        Some(Format::Text) => meta.push("plain text".to_string()),
        None => {}
    }
    let lang_attr = match report.language.as_deref() {
        Some(l) => {
            meta.push(match l {
                "da" => "Danish".to_string(),
                "en" => "English".to_string(),
                other => escape(other),
            });
            format!(" lang=\"{}\"", escape(l))
        }
        None => String::new(),
    };
    let c = Counts::of(std::slice::from_ref(report));
    let total = c.error + c.warning + c.info;
    if total == 0 {
        meta.push("no findings".into());
    } else {
        for (s, n) in [
            (Severity::Error, c.error),
            (Severity::Warning, c.warning),
            (Severity::Info, c.info),
        ] {
            if n > 0 {
                meta.push(severity_title(s, n));
            }
        }
    }
    out.push_str(&format!("<p class=\"meta\">{}</p>\n", meta.join(" · ")));
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let mut ds: Vec<&Located> = report
            .diagnostics
            .iter()
            .filter(|d| d.diagnostic.severity == sev)
            .collect();
        if ds.is_empty() {
            continue;
        }
        ds.sort_by_key(|d| (d.diagnostic.span.start, d.diagnostic.span.end));
        let s = sev.as_str();
        out.push_str(&format!(
            "<section class=\"severity {s}\">\n<h3>{} ({})</h3>\n",
            heading(sev),
            ds.len()
        ));
        for d in ds {
            finding(&mut out, d, source, &index, &lang_attr);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
    out
}

const CSS: &str = r#"
:root { color-scheme: light; --err: #b3261e; --warn: #8a5a00; --info: #1a5fb4; --line: #d8d8d8; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1d1d1d; background: #f6f6f4; margin: 0; padding: 0 1rem 3rem; }
main { max-width: 60rem; margin: 0 auto; }
header { max-width: 60rem; margin: 0 auto; padding: 1.5rem 0 0.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.25rem; margin: 0; overflow-wrap: anywhere; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.5rem; }
h4 { font-size: 1rem; margin: 0 0 0.4rem; font-weight: 600; }
a { color: #1a4f9c; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em;
  background: #efefec; padding: 0 0.2em; border-radius: 3px; }
.meta, .generated { color: #555; margin: 0.2rem 0 0.8rem; }
.box { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
.counts { display: flex; flex-wrap: wrap; gap: 0.75rem; list-style: none; padding: 0; margin: 0.5rem 0 1rem; }
.counts li { border-radius: 6px; padding: 0.4rem 0.8rem; font-weight: 600; background: #eee; }
.counts .error { background: #fbe9e7; color: var(--err); }
.counts .warning { background: #fff4d6; color: var(--warn); }
.counts .info { background: #e6effa; color: var(--info); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.n, th.n { text-align: right; width: 6rem; }
td a { overflow-wrap: anywhere; }
.file { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 1.5rem 0; }
.severity.error > h3 { color: var(--err); }
.severity.warning > h3 { color: var(--warn); }
.severity.info > h3 { color: var(--info); }
.finding { border-left: 4px solid var(--line); padding: 0.6rem 0 0.6rem 1rem; margin: 0 0 1rem; }
.finding.error { border-color: var(--err); }
.finding.warning { border-color: #d99a00; }
.finding.info { border-color: var(--info); }
.badge { display: inline-block; font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.04em;
  color: #fff; border-radius: 4px; padding: 0.05rem 0.45rem; vertical-align: 0.1em; }
.badge.error { background: var(--err); }
.badge.warning { background: #a86b00; }
.badge.info { background: var(--info); }
.pos { color: #555; font-weight: normal; white-space: nowrap; }
.message { margin: 0 0 0.5rem; }
pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.88rem;
  white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.25rem 0 0.6rem; }
pre.excerpt { background: #fafaf7; border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 0.8rem; }
pre.excerpt .ctx, pre.excerpt .cut { color: #777; }
mark { background: #ffe066; color: #000; padding: 0.05em 0; border-bottom: 2px solid #e0a800; }
dl { margin: 0.4rem 0 0; }
dt { font-weight: 600; margin-top: 0.4rem; }
dd { margin: 0.1rem 0 0 0; }
dd ul { margin: 0; padding-left: 1.2rem; }
.labels { margin: 0 0 0.4rem; padding-left: 1.2rem; color: #333; }
.file-errors li { margin: 0.3rem 0; }
.lint-doc { border-top: 1px solid var(--line); padding-top: 0.75rem; margin-top: 0.75rem; }
.lint-doc h4 { margin-top: 0.75rem; }
@media print { body { background: #fff; } .file, .box { border: none; padding: 0; } .finding { break-inside: avoid; } }
"#;

/// The whole page. `sections[i]` is [`render_file`]'s output for `reports[i]`, or `None`
/// for a file that could not be linted.
pub fn render_page(reports: &[FileReport], sections: &[Option<String>]) -> String {
    let c = Counts::of(reports);
    let total = c.error + c.warning + c.info;
    let failed: Vec<&FileReport> = reports.iter().filter(|r| r.error.is_some()).collect();
    // inputs counted as the summary line counts them: files checked, files that could not
    // be, directories with nothing to check
    let inputs = super::Inputs::of(reports);
    let linted = inputs.linted;
    let mut out = String::new();
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>consentlint report</title>\n<style>",
    );
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<header>\n<h1>Consent review</h1>\n");
    out.push_str(&format!(
        "<p class=\"generated\">consentlint {} report on {linted} file{}</p>\n</header>\n<main>\n",
        env!("CARGO_PKG_VERSION"),
        if linted == 1 { "" } else { "s" }
    ));

    // summary
    out.push_str("<section class=\"box\" id=\"summary\">\n<h2>Summary</h2>\n");
    let with_findings = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    let files = super::plural(linted, "file", "files");
    let line = if linted == 0 {
        "No files checked".to_string()
    } else if total == 0 {
        format!("No problems found in {files}")
    } else {
        format!(
            "{} in {files} ({with_findings} with findings)",
            super::plural(total, "finding", "findings")
        )
    };
    out.push_str(&format!(
        "<p>{}{}.</p>\n",
        escape(&line),
        escape(&inputs.not_linted("checked"))
    ));
    out.push_str("<ul class=\"counts\">\n");
    for (s, n) in [
        (Severity::Error, c.error),
        (Severity::Warning, c.warning),
        (Severity::Info, c.info),
    ] {
        out.push_str(&format!(
            "<li class=\"{}\">{}</li>\n",
            s.as_str(),
            severity_title(s, n)
        ));
    }
    if inputs.failed_files > 0 {
        out.push_str(&format!(
            "<li class=\"failed\">{} could not be checked</li>\n",
            super::plural(inputs.failed_files, "file", "files")
        ));
    }
    if inputs.empty_dirs > 0 {
        out.push_str(&format!(
            "<li class=\"failed\">{} had no Markdown or HTML files</li>\n",
            super::plural(inputs.empty_dirs, "directory", "directories")
        ));
    }
    out.push_str("</ul>\n");
    if with_findings > 0 {
        out.push_str(
            "<table>\n<thead><tr><th>File</th><th class=\"n\">Errors</th>\
             <th class=\"n\">Warnings</th><th class=\"n\">Info</th></tr></thead>\n<tbody>\n",
        );
        for r in reports.iter().filter(|r| !r.diagnostics.is_empty()) {
            let c = Counts::of(std::slice::from_ref(r));
            out.push_str(&format!(
                "<tr><td><a href=\"#{}\">{}</a></td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                file_id(&r.path),
                escape(&r.path),
                c.error,
                c.warning,
                c.info
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");

    if !failed.is_empty() {
        out.push_str(
            "<section class=\"box file-errors\" id=\"file-errors\">\n\
             <h2>Files that could not be checked</h2>\n<ul>\n",
        );
        for r in &failed {
            if let Some(e) = &r.error {
                out.push_str(&format!(
                    "<li><strong class=\"path\">{}</strong>: {} <code>{}</code></li>\n",
                    escape(&r.path),
                    escape(&e.message),
                    escape(e.kind)
                ));
            }
        }
        out.push_str("</ul>\n</section>\n");
    }

    // files with findings, in input order
    for (r, s) in reports.iter().zip(sections) {
        if r.diagnostics.is_empty() {
            continue;
        }
        match s {
            Some(s) => out.push_str(s),
            None => {
                // no text at hand: the findings without excerpts
                out.push_str(&render_file(r, ""));
            }
        }
    }
    let clean: Vec<&FileReport> = reports
        .iter()
        .filter(|r| r.error.is_none() && r.diagnostics.is_empty())
        .collect();
    if !clean.is_empty() {
        out.push_str(
            "<section class=\"box\" id=\"clean\">\n<h2>Files with no findings</h2>\n<ul>\n",
        );
        for r in clean {
            out.push_str(&format!("<li class=\"path\">{}</li>\n", escape(&r.path)));
        }
        out.push_str("</ul>\n</section>\n");
    }

    // the lints that fired, explained in full
    let mut lints: Vec<&str> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(|d| d.diagnostic.lint))
        .collect();
    lints.sort_unstable();
    lints.dedup();
    let packs: Vec<_> = lints
        .iter()
        .filter_map(|l| crate::packs::lint_pack(l))
        .collect();
    if !packs.is_empty() {
        out.push_str("<section class=\"box\" id=\"lints\">\n<h2>About these findings</h2>\n");
        for p in packs {
            out.push_str(&format!(
                "<div class=\"lint-doc\" id=\"lint-{}\">\n<h3><code>{}</code> — {}</h3>\n",
                escape(&p.id),
                escape(&p.id),
                inline(&p.summary)
            ));
            out.push_str(&explanation_html(&p.explanation));
            if !p.basis.is_empty() {
                out.push_str("<h4>Legal basis</h4>\n<ul>");
                for b in &p.basis {
                    out.push_str(&format!("<li>{}</li>", escape(b)));
                }
                out.push_str("</ul>\n");
            }
            out.push_str("</div>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x&y")</script> it's"#),
            "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; it&#39;s"
        );
        assert_eq!(escape("bl.a. æøå\u{0}"), "bl.a. æøå\u{fffd}");
    }

    #[test]
    fn inline_code_is_escaped_too() {
        assert_eq!(
            inline("remove the `checked` attribute (`<b>`)"),
            "remove the <code>checked</code> attribute (<code>&lt;b&gt;</code>)"
        );
        assert_eq!(inline("a ` b"), "a ` b");
    }

    #[test]
    fn excerpt_marks_the_span_and_escapes_its_context() {
        let src = "<p>intro</p>\n<script>alert(1)</script> <input checked> yes\n<p>after</p>\n";
        let start = src.find("checked").unwrap();
        let index = LineIndex::new(src);
        let x = excerpt(src, &index, &(start..start + 7));
        assert!(x.contains("<mark>checked</mark>"), "{x}");
        assert!(x.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{x}");
        assert!(!x.contains("<script"), "{x}");
        assert!(x.contains("&lt;p&gt;intro&lt;/p&gt;"), "line before: {x}");
        assert!(x.contains("&lt;p&gt;after&lt;/p&gt;"), "line after: {x}");
    }

    #[test]
    fn excerpt_after_a_blank_line() {
        // a blank line before or after is no context (and a line's end is its own)
        let src = "# Title\n\n- [x] Ja tak\n\nmere\r\n\r\nslut";
        let index = LineIndex::new(src);
        let start = src.find("[x]").unwrap();
        assert_eq!(index.line_end(start), start + "[x] Ja tak".len());
        assert_eq!(index.line_end(8), 8, "a blank line ends where it starts");
        let x = excerpt(src, &index, &(start..start + 3));
        assert_eq!(x, "- <mark>[x]</mark> Ja tak");
        let start = src.find("mere").unwrap();
        assert_eq!(
            excerpt(src, &index, &(start..start + 4)),
            "<mark>mere</mark>"
        );
    }

    #[test]
    fn excerpt_cuts_a_very_long_line_around_the_span() {
        let src = format!("{}NEEDLE{}", "a".repeat(5000), "ø".repeat(5000));
        let start = 5000;
        let index = LineIndex::new(&src);
        let x = excerpt(&src, &index, &(start..start + 6));
        assert!(x.contains("<mark>NEEDLE</mark>"));
        assert!(x.len() < 600, "{} bytes", x.len());
        assert!(x.contains('…'));
    }
}
