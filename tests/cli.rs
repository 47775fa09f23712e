//! Integration tests for the `consentlint` command line: output formats, exit codes,
//! stdin, directory walking, subcommands. Inputs are generated in temporary folders.

use std::path::Path;

use serde_json::Value;

mod common;
use common::*;

/// A box ticked by template logic: reported at info level.
const TEMPLATE_BOX: &str = r#"<label><input type="checkbox" name="newsletter" {% if x %}checked{% endif %}> Send me the newsletter</label>"#;

// ---------------------------------------------------------------- helpers

fn paths(v: &Value) -> Vec<String> {
    files(v)
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

/// The pre-checked-consent diagnostics of a file entry (the finding these tests use;
/// other lints may also speak about the same inputs).
fn diags(f: &Value) -> Vec<Value> {
    all_diags(f)
        .iter()
        .filter(|d| d["lint"] == "pre-checked-consent")
        .cloned()
        .collect()
}

fn slice<'a>(src: &'a [u8], span: &Value) -> &'a [u8] {
    let s = span["start"].as_u64().unwrap() as usize;
    let e = span["end"].as_u64().unwrap() as usize;
    &src[s..e]
}

/// Reference (line, column) of a byte offset: 1-based; lines end at `\n`, `\r\n` or a
/// lone `\r`; columns count Unicode scalar values and, on line 1, not a UTF-8 BOM.
fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let b = src.as_bytes();
    let mut line = 1;
    let mut line_start = 0;
    let mut i = 0;
    while i < offset {
        match b[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if b.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if line == 1 && src.starts_with('\u{feff}') {
        line_start = 3;
    }
    (line, src[line_start..offset].chars().count() + 1)
}

/// The span contract of DESIGN.md for one JSON span object against the file as read.
fn check_span(src: &[u8], span: &Value, what: &str) {
    let text = std::str::from_utf8(src).expect("test source is UTF-8");
    let get = |k: &str| {
        span[k]
            .as_u64()
            .unwrap_or_else(|| panic!("{what}: span.{k} missing or not a number: {span}"))
            as usize
    };
    let (start, end) = (get("start"), get("end"));
    assert!(start < end, "{what}: empty span {span}");
    assert!(
        end <= src.len(),
        "{what}: span past the end ({}) {span}",
        src.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span not on char boundaries {span}"
    );
    assert!(
        !text[start..end].trim().is_empty(),
        "{what}: span slices to blank text {span}"
    );
    assert_eq!(
        (get("line"), get("column")),
        line_col(text, start),
        "{what}: start line/column disagree with offset {start} in {span}"
    );
    assert_eq!(
        (get("end_line"), get("end_column")),
        line_col(text, end),
        "{what}: end line/column disagree with offset {end} in {span}"
    );
}

/// Check every diagnostic and label span of the file entry against its source.
fn check_all_spans(entry: &Value, src: &[u8]) -> usize {
    let mut n = 0;
    for d in all_diags(entry) {
        check_span(
            src,
            &d["span"],
            &format!("{} diagnostic {}", entry["path"], d["lint"]),
        );
        n += 1;
        for l in d["labels"].as_array().expect("labels is an array") {
            check_span(
                src,
                &l["span"],
                &format!("{} label of {}", entry["path"], d["lint"]),
            );
            n += 1;
        }
    }
    n
}

/// The first (line, column) in a human report's `[path:line:column]` header for `path`.
fn human_location(out: &str, path: &str) -> Option<(usize, usize)> {
    let needle = format!("{path}:");
    let at = out.find(&needle)? + needle.len();
    let rest = &out[at..];
    let mut it = rest.split(|c: char| !c.is_ascii_digit());
    let line = it.next()?.parse().ok()?;
    let col = it.next()?.parse().ok()?;
    Some((line, col))
}

// ---------------------------------------------------------------- JSON contract

#[test]
fn json_output_has_the_contract_shape() {
    let dir = tempfile::tempdir().unwrap();
    let html = format!("<form>\n{HTML_BOX}\n</form>\n");
    write(dir.path(), "form.html", &html);
    write(dir.path(), "terms.md", format!("# Signup\n\n{MD_BOX}\n"));
    write(dir.path(), "clean.html", "<p>Hello, world.</p>\n");
    let o = run_in(
        dir.path(),
        &["--format", "json", "form.html", "terms.md", "clean.html"],
    );
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let v = json(&o);

    assert_eq!(v["version"], 1);
    let fs = files(&v);
    assert_eq!(fs.len(), 3);
    let mut counted = std::collections::HashMap::<String, u64>::new();
    for f in fs {
        let obj = f.as_object().expect("file entry is an object");
        for k in ["path", "format", "language", "diagnostics", "error"] {
            assert!(obj.contains_key(k), "file entry lacks `{k}`: {f:#}");
        }
        assert!(f["path"].is_string());
        assert!(f["language"].is_string() || f["language"].is_null());
        assert!(f["error"].is_null(), "unexpected error: {f:#}");
        for d in all_diags(f) {
            let o = d.as_object().expect("diagnostic is an object");
            for k in [
                "lint",
                "severity",
                "message",
                "span",
                "help",
                "basis",
                "fingerprint",
                "labels",
            ] {
                assert!(o.contains_key(k), "diagnostic lacks `{k}`: {d:#}");
            }
            assert!(d["lint"].as_str().is_some_and(|s| !s.is_empty()));
            let sev = d["severity"].as_str().unwrap();
            assert!(
                ["error", "warning", "info"].contains(&sev),
                "severity {sev}"
            );
            *counted.entry(sev.to_string()).or_default() += 1;
            assert!(d["message"].as_str().is_some_and(|s| !s.is_empty()));
            assert!(d["help"].is_string() || d["help"].is_null());
            let basis = d["basis"].as_array().expect("basis is an array");
            assert!(basis.iter().all(Value::is_string));
            assert!(d["fingerprint"].as_str().is_some_and(|s| !s.is_empty()));
            for k in ["start", "end", "line", "column", "end_line", "end_column"] {
                assert!(d["span"][k].is_u64(), "span.{k} missing: {d:#}");
            }
            for l in d["labels"].as_array().unwrap() {
                assert!(l["message"].is_string(), "label message: {l:#}");
                for k in ["start", "end", "line", "column", "end_line", "end_column"] {
                    assert!(l["span"][k].is_u64(), "label span.{k} missing: {l:#}");
                }
            }
        }
    }

    let form = file(&v, "form.html");
    assert_eq!(form["format"], "html");
    assert_eq!(form["language"], "en");
    let d = &diags(form)[0];
    assert_eq!(d["lint"], "pre-checked-consent");
    assert_eq!(d["severity"], "error");
    assert_eq!(slice(html.as_bytes(), &d["span"]), b"checked");
    assert_eq!(d["span"]["line"], 2);
    assert!(!d["basis"].as_array().unwrap().is_empty());

    let terms = file(&v, "terms.md");
    assert_eq!(terms["format"], "markdown");
    assert_eq!(diags(terms).len(), 1);
    assert_eq!(diags(terms)[0]["span"]["line"], 3);
    assert_eq!(diags(terms)[0]["span"]["column"], 3);

    let clean = file(&v, "clean.html");
    assert!(diags(clean).is_empty());

    let s = &v["summary"];
    assert_eq!(s["files"], 3);
    assert_eq!(s["file_errors"], 0);
    for sev in ["error", "warning", "info"] {
        assert_eq!(
            s["by_severity"][sev].as_u64(),
            Some(*counted.get(sev).unwrap_or(&0)),
            "summary.by_severity.{sev}: {s:#}"
        );
    }
    assert_eq!(s["by_severity"]["error"], 2);
}

#[test]
fn json_spans_and_labels_slice_the_source_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, String)> = vec![
        (
            "plain.html",
            format!("<html><body>\n<form>\n{HTML_BOX}\n</form>\n</body></html>\n"),
        ),
        ("plain.md", format!("# Sign up\n\nSome text.\n\n{MD_BOX}\n")),
        // non-ASCII before the finding on the same line: columns count scalar values
        (
            "unicode.html",
            format!("<p>Æble 😀 ñ</p><form>😀 ø {HTML_BOX} 😀</form>\n"),
        ),
        (
            "unicode.md",
            format!("# Tilmelding 😀 æøå\n\nÆble 😀 tekst\n\n{MD_BOX} 😀 ø\n"),
        ),
        (
            "da.md",
            "# Tilmelding\n\n- [x] Ja tak, send mig jeres nyhedsbrev 📰\n".to_string(),
        ),
        // a BOM, CRLF and lone CR line breaks
        ("bom.html", format!("\u{feff}{HTML_BOX}\n")),
        (
            "crlf.md",
            format!("# Title\r\n\r\nText.\r\n\r\n{MD_BOX}\r\n"),
        ),
        (
            "cr.html",
            format!("<form>\r<p>x</p>\r{HTML_BOX}\r</form>\r"),
        ),
        (
            "template.html",
            format!("<form>\n{TEMPLATE_BOX}\n</form>\n<p>You can unsubscribe at any time with the link in every newsletter.</p>\n"),
        ),
    ];
    let mut args = vec!["--format", "json"];
    for (name, content) in &cases {
        write(dir.path(), name, content);
        args.push(name);
    }
    let o = run_in(dir.path(), &args);
    let v = json(&o);
    let mut checked = 0;
    for (name, content) in &cases {
        let f = file(&v, name);
        assert!(f["error"].is_null(), "{name}: {f:#}");
        assert!(!diags(f).is_empty(), "{name}: expected a finding: {f:#}");
        checked += check_all_spans(f, content.as_bytes());
        let d = &diags(f)[0];
        let text = slice(content.as_bytes(), &d["span"]);
        assert!(
            text == b"checked" || text == b"[x]" || name.starts_with("template"),
            "{name}: span slices to {:?}",
            String::from_utf8_lossy(text)
        );
    }
    assert!(checked >= 2 * cases.len(), "every finding here has a label");
}

// ---------------------------------------------------------------- exit codes

#[test]
fn exit_0_on_a_clean_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "clean.html",
        r#"<form><label><input type="checkbox" name="newsletter"> Send me the newsletter</label></form>
<p>You can unsubscribe at any time with the link at the bottom of every newsletter.</p>"#,
    );
    let o = run_in(dir.path(), &["clean.html"]);
    assert_no_panic(&o);
    assert_eq!(
        code(&o),
        0,
        "stdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
    assert!(!stdout(&o).contains("pre-checked-consent"));
    let o = run_in(dir.path(), &["--format", "json", "clean.html"]);
    assert_eq!(code(&o), 0);
    assert!(diags(file(&json(&o), "clean.html")).is_empty());
}

#[test]
fn exit_1_on_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "form.html", HTML_BOX);
    write(dir.path(), "list.md", MD_BOX);
    for f in ["form.html", "list.md"] {
        let o = run_in(dir.path(), &[f]);
        assert_no_panic(&o);
        assert_eq!(code(&o), 1, "{f}: stderr {}", stderr(&o));
        let o = run_in(dir.path(), &["--format", "json", f]);
        assert_eq!(code(&o), 1, "{f} (json)");
    }
}

#[test]
fn exit_2_on_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "form.html", HTML_BOX);

    let o = run_in(dir.path(), &["--no-such-flag", "form.html"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 2, "unknown flag");
    assert!(stderr(&o).contains("--no-such-flag"), "{}", stderr(&o));

    let o = run_in(dir.path(), &[]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 2, "no paths");
    assert!(!stderr(&o).trim().is_empty(), "no paths: says nothing");

    let o = run_in(dir.path(), &["--format", "json"]);
    assert_eq!(code(&o), 2, "no paths with --format json");

    let o = run_in(dir.path(), &["--default-lang", "fr", "form.html"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 2, "bad --default-lang");
    assert!(stderr(&o).contains("fr"), "{}", stderr(&o));

    let o = run_in(dir.path(), &["--format", "yaml", "form.html"]);
    assert_eq!(code(&o), 2, "bad --format value");

    let o = run_in(dir.path(), &["--fail-on", "never", "form.html"]);
    assert_eq!(code(&o), 2, "bad --fail-on value");
}

#[test]
fn exit_2_when_a_file_fails_and_other_findings_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "form.html", HTML_BOX);
    let o = run_in(dir.path(), &["--format", "json", "form.html", "missing.md"]);
    assert_eq!(code(&o), 2);
    let v = json(&o);
    assert_eq!(diags(file(&v, "form.html")).len(), 1);
    assert!(file(&v, "missing.md")["error"].is_object());
    assert_eq!(v["summary"]["file_errors"], 1);
    assert_eq!(v["summary"]["by_severity"]["error"], 1);

    // the same in human output: the finding on stdout, the failure on stderr
    let o = run_in(dir.path(), &["missing.md", "form.html"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 2);
    assert!(stdout(&o).contains("pre-checked-consent"), "{}", stdout(&o));
    assert!(stderr(&o).contains("missing.md"), "{}", stderr(&o));
}

#[test]
fn fail_on_threshold() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "template.html",
        format!("<form>\n{TEMPLATE_BOX}\n</form>\n<p>You can unsubscribe at any time with the link in every newsletter.</p>\n"),
    );
    write(dir.path(), "form.html", HTML_BOX);

    // first: what the tool reports for a template-decided box
    let o = run_in(dir.path(), &["--format", "json", "template.html"]);
    let v = json(&o);
    let ds = diags(file(&v, "template.html"));
    assert_eq!(ds.len(), 1, "{v:#}");
    assert_eq!(ds[0]["lint"], "pre-checked-consent");
    assert_eq!(ds[0]["severity"], "info");
    let src = std::fs::read(dir.path().join("template.html")).unwrap();
    let text = String::from_utf8_lossy(slice(&src, &ds[0]["span"])).into_owned();
    assert!(text.contains("checked"), "span slices to {text:?}");
    assert_eq!(code(&o), 0, "an info finding does not fail by default");

    let exit = |fail_on: &str, f: &str| code(&run_in(dir.path(), &["--fail-on", fail_on, f]));
    assert_eq!(exit("info", "template.html"), 1);
    assert_eq!(exit("warning", "template.html"), 0);
    assert_eq!(exit("error", "template.html"), 0);
    assert_eq!(exit("error", "form.html"), 1);
    assert_eq!(exit("info", "form.html"), 1);
}

// ---------------------------------------------------------------- stdin

#[test]
fn stdin_with_stdin_filename_picks_format_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    // HTML that does not start with a tag: only the name can say it is HTML
    let html = format!("Join us\n{HTML_BOX}\n");
    let o = run_stdin(
        dir.path(),
        &["--format", "json", "--stdin-filename", "forms/x.html", "-"],
        html.as_bytes(),
    );
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let v = json(&o);
    assert_eq!(paths(&v), ["forms/x.html"]);
    let f = file(&v, "forms/x.html");
    assert_eq!(f["format"], "html");
    assert_eq!(slice(html.as_bytes(), &diags(f)[0]["span"]), b"checked");
    check_all_spans(f, html.as_bytes());

    // Markdown that starts with a tag: only the name can say it is Markdown
    let md = format!("<div>hi</div>\n\n{MD_BOX}\n");
    let o = run_stdin(
        dir.path(),
        &["--format", "json", "--stdin-filename", "x.md", "-"],
        md.as_bytes(),
    );
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let v = json(&o);
    assert_eq!(paths(&v), ["x.md"]);
    let f = file(&v, "x.md");
    assert_eq!(f["format"], "markdown");
    assert_eq!(slice(md.as_bytes(), &diags(f)[0]["span"]), b"[x]");

    // human output names the given path
    let o = run_stdin(
        dir.path(),
        &["--stdin-filename", "x.md", "-"],
        md.as_bytes(),
    );
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("x.md:3:3"), "{}", stdout(&o));
}

// ---------------------------------------------------------------- human output

#[test]
fn human_output_names_path_location_lint_and_text() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "signup.html",
        format!("<form>\n<p>Join</p>\n{HTML_BOX}\n</form>\n"),
    );
    let o = run_in(dir.path(), &["signup.html"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    // the checked attribute is at line 3, column 49
    assert!(out.contains("signup.html:3:49"), "{out}");
    assert!(out.contains("pre-checked-consent"), "{out}");
    assert!(out.contains(r#"name="newsletter" checked>"#), "{out}");
    assert!(out.contains("Send me the newsletter"), "{out}");
    // no colour codes when not on a terminal
    assert!(!out.contains('\u{1b}'), "escape codes in piped output");
}

#[test]
fn human_output_windows_a_very_long_line() {
    let dir = tempfile::tempdir().unwrap();
    let filler = r#"<span class="x">Lorem ipsum dolor sit amet</span>"#;
    let half = filler.repeat(25_000 / filler.len());
    let html = format!("<div>{half}<form>{HTML_BOX}</form>{half}</div>\n");
    assert!(html.len() > 49_000);
    write(dir.path(), "min.html", &html);
    let o = run_in(dir.path(), &["min.html"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(out.contains("pre-checked-consent"), "{out}");
    assert!(out.contains("min.html:1:"), "{out}");
    assert!(out.contains(r#"name="newsletter" checked>"#), "{out}");
    assert!(
        out.len() < html.len() / 10,
        "human output is {} bytes for a {}-byte line: not windowed",
        out.len(),
        html.len()
    );
}

#[test]
fn human_location_counts_columns_in_characters() {
    // DESIGN.md: columns count Unicode scalar values; the human header must agree with JSON.
    let dir = tempfile::tempdir().unwrap();
    let html = format!("<p>Æble 😀 ñ</p><form>😀 {HTML_BOX}</form>\n");
    write(dir.path(), "u.html", &html);
    let v = json(&run_in(dir.path(), &["--format", "json", "u.html"]));
    let span = &diags(file(&v, "u.html"))[0]["span"];
    let want = (
        span["line"].as_u64().unwrap() as usize,
        span["column"].as_u64().unwrap() as usize,
    );
    assert_eq!(want, line_col(&html, html.find("checked>").unwrap()));
    let out = stdout(&run_in(dir.path(), &["u.html"]));
    assert_eq!(human_location(&out, "u.html"), Some(want), "{out}");
}

#[test]
fn human_location_on_a_windowed_long_line_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let filler = r#"<span class="x">Lorem ipsum dolor sit amet</span>"#;
    let half = filler.repeat(25_000 / filler.len());
    let html = format!("<div>{half}<form>{HTML_BOX}</form>{half}</div>\n");
    write(dir.path(), "min.html", &html);
    let want = line_col(&html, html.find("checked>").unwrap());
    let v = json(&run_in(dir.path(), &["--format", "json", "min.html"]));
    assert_eq!(diags(file(&v, "min.html"))[0]["span"]["column"], want.1);
    let out = stdout(&run_in(dir.path(), &["min.html"]));
    assert_eq!(human_location(&out, "min.html"), Some(want), "{out}");
}

// ---------------------------------------------------------------- paths and walking

#[test]
fn directories_are_walked_recursively_respecting_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    // not a git repository: .gitignore must still apply
    write(&root, "a.md", MD_BOX);
    write(&root, "b.html", HTML_BOX);
    write(&root, "sub/c.markdown", MD_BOX);
    write(&root, "sub/deeper/d.htm", HTML_BOX);
    write(&root, "sub/deeper/e.html", HTML_BOX);
    write(&root, "notes.txt", HTML_BOX);
    write(&root, "script.js", HTML_BOX);
    write(&root, "page.php", HTML_BOX);
    write(&root, "ignored.md", MD_BOX);
    write(&root, "build/out.html", HTML_BOX);
    write(&root, "sub/skip.html", HTML_BOX);
    write(&root, ".gitignore", "ignored.md\nbuild/\nsub/skip.html\n");
    let o = run_in(dir.path(), &["--format", "json", "site"]);
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let v = json(&o);
    let mut got = paths(&v);
    got.sort();
    let want = [
        "site/a.md",
        "site/b.html",
        "site/sub/c.markdown",
        "site/sub/deeper/d.htm",
        "site/sub/deeper/e.html",
    ];
    let want: Vec<String> = want
        .iter()
        .map(|p| Path::new(p).display().to_string())
        .collect();
    assert_eq!(got, want);
    for f in files(&v) {
        assert!(f["error"].is_null());
        assert_eq!(diags(f).len(), 1, "{f:#}");
    }
    assert_eq!(v["summary"]["files"], 5);
}

#[test]
fn template_files_named_explicitly_are_read_as_html() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "signup.php",
        "form.njk",
        "x.twig",
        "x.liquid",
        "x.hbs",
        "x.erb",
    ];
    let content = format!("<form>\n{HTML_BOX}\n</form>\n");
    for n in names {
        write(dir.path(), n, &content);
    }
    let mut args = vec!["--format", "json"];
    args.extend(names);
    let o = run_in(dir.path(), &args);
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let v = json(&o);
    for n in names {
        let f = file(&v, n);
        assert!(f["error"].is_null(), "{n}: {f:#}");
        assert_eq!(f["format"], "html", "{n}");
        let ds = diags(f);
        assert_eq!(ds.len(), 1, "{n}: {f:#}");
        assert_eq!(slice(content.as_bytes(), &ds[0]["span"]), b"checked", "{n}");
    }
}

#[test]
fn explicit_file_of_an_unknown_type_is_a_usage_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.csv", HTML_BOX);
    write(dir.path(), "form.html", HTML_BOX);
    let o = run_in(dir.path(), &["notes.csv"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("notes.csv"), "{}", stderr(&o));

    let o = run_in(dir.path(), &["--format", "json", "notes.csv", "form.html"]);
    assert_eq!(code(&o), 2);
    let v = json(&o);
    let csv = file(&v, "notes.csv");
    assert!(csv["error"].is_object(), "{csv:#}");
    assert!(diags(csv).is_empty());
    assert_eq!(diags(file(&v, "form.html")).len(), 1);
}

#[test]
fn explicit_txt_file_is_read_as_plain_text_and_walks_skip_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "draft.txt",
        "COMPETITION TERMS\n\n    By entering the competition, you agree to receive\n    our newsletter by email.\n",
    );
    write(dir.path(), "form.html", HTML_BOX);
    let o = run_in(dir.path(), &["--format", "json", "draft.txt"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = json(&o);
    let txt = file(&v, "draft.txt");
    assert_eq!(txt["format"], "text", "{txt:#}");
    assert!(
        all_diags(txt)
            .iter()
            .any(|d| d["lint"] == "bundled-consent"),
        "{txt:#}"
    );
    // a directory walk lints the form and leaves the .txt alone (robots.txt, LICENSE.txt)
    let o = run_in(dir.path(), &["--format", "json", "."]);
    let v = json(&o);
    let paths: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(paths.iter().any(|p| p.ends_with("form.html")), "{paths:?}");
    assert!(!paths.iter().any(|p| p.ends_with("draft.txt")), "{paths:?}");
}

#[test]
fn fingerprints_are_stable_and_ignore_unrelated_edits() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", format!("# Signup\n\n{MD_BOX}\n"));
    write(
        dir.path(),
        "b.md",
        format!(
            "# Signup\n\nA new paragraph about how our shop works, nothing to do with it.\n\n\
             ## More\n\nAnother one. 😀\n\n{MD_BOX}\n"
        ),
    );
    write(dir.path(), "a.html", format!("<form>{HTML_BOX}</form>\n"));
    write(
        dir.path(),
        "b.html",
        format!("<h1>Welcome</h1>\n<p>Unrelated text here.</p>\n<form>\n{HTML_BOX}</form>\n"),
    );
    let fp = |v: &Value, p: &str| {
        let ds = diags(file(v, p));
        assert_eq!(ds.len(), 1, "{p}: {v:#}");
        ds[0]["fingerprint"].as_str().unwrap().to_string()
    };
    let args = ["--format", "json", "a.md", "b.md", "a.html", "b.html"];
    let v1 = json(&run_in(dir.path(), &args));
    let v2 = json(&run_in(dir.path(), &args));
    for p in ["a.md", "b.md", "a.html", "b.html"] {
        assert_eq!(
            fp(&v1, p),
            fp(&v2, p),
            "{p}: fingerprint changed between runs"
        );
    }
    // the findings moved, the fingerprints did not
    assert_ne!(
        diags(file(&v1, "a.md"))[0]["span"]["start"],
        diags(file(&v1, "b.md"))[0]["span"]["start"]
    );
    assert_eq!(fp(&v1, "a.md"), fp(&v1, "b.md"));
    assert_eq!(fp(&v1, "a.html"), fp(&v1, "b.html"));
}

// ---------------------------------------------------------------- subcommands

#[test]
fn rules_lists_pre_checked_consent_as_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["rules"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.split_whitespace().next() == Some("pre-checked-consent"))
        .unwrap_or_else(|| panic!("pre-checked-consent not listed:\n{out}"));
    assert_eq!(line.split_whitespace().nth(1), Some("error"), "{line}");
}

#[test]
fn explain_prints_explanation_and_basis() {
    let pack: toml::Value = toml::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("lints/pre-checked-consent.toml"),
        )
        .unwrap(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["explain", "pre-checked-consent"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(out.contains("pre-checked-consent"), "{out}");
    assert!(out.contains(pack["summary"].as_str().unwrap()), "{out}");
    let explanation = pack["explanation"].as_str().unwrap();
    for line in explanation.lines().filter(|l| !l.trim().is_empty()).take(3) {
        assert!(
            out.contains(line.trim()),
            "explanation line {line:?} missing:\n{out}"
        );
    }
    let basis = pack["basis"].as_array().unwrap();
    assert!(!basis.is_empty());
    for b in basis {
        assert!(
            out.contains(b.as_str().unwrap()),
            "basis {b} missing:\n{out}"
        );
    }
    assert!(out.contains("Planet49"), "{out}");
}

#[test]
fn explain_unknown_lint_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["explain", "nope"]);
    assert_no_panic(&o);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("nope"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

// ---------------------------------------------------------------- ordering

#[test]
fn results_come_out_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    // enough files that several threads share them, names not in sorted order
    let mut names = Vec::new();
    for i in 0..12 {
        let n = if i % 2 == 0 {
            format!("z{:02}.md", 30 - i)
        } else {
            format!("a{i:02}.html")
        };
        // vary the size so the files finish at different times
        let pad = "Filler paragraph about the shop.\n\n".repeat((12 - i) * 200);
        if n.ends_with(".md") {
            write(dir.path(), &n, format!("{pad}{MD_BOX}\n"));
        } else {
            write(
                dir.path(),
                &n,
                format!("{}<form>{HTML_BOX}</form>\n", pad.replace("\n\n", "<br>\n")),
            );
        }
        names.push(n);
    }
    names.insert(5, "missing.md".to_string());
    let mut args = vec!["--format", "json"];
    args.extend(names.iter().map(String::as_str));
    let o = run_in(dir.path(), &args);
    assert_eq!(code(&o), 2);
    let v = json(&o);
    assert_eq!(paths(&v), names);

    // human output: findings in the same order
    let o = run_in(dir.path(), &args[2..]);
    let out = stdout(&o);
    let order: Vec<usize> = names
        .iter()
        .filter(|n| *n != "missing.md")
        .map(|n| {
            out.find(&format!("[{n}:"))
                .unwrap_or_else(|| panic!("{n} not in output"))
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "human output out of order"
    );
}

#[test]
fn file_errors_keep_their_place_in_input_order() {
    // a `.txt` named explicitly and an empty directory are reported where they were given
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "c.md", MD_BOX);
    write(dir.path(), "a.html", HTML_BOX);
    write(dir.path(), "notes.txt", "hello");
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let o = run_in(
        dir.path(),
        &["--format", "json", "c.md", "empty", "a.html", "notes.txt"],
    );
    assert_eq!(code(&o), 2);
    let v = json(&o);
    assert_eq!(paths(&v), ["c.md", "empty", "a.html", "notes.txt"]);
}
