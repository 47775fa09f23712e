//! Integration tests for input the command line must survive: unreadable, missing,
//! binary, wrongly encoded, huge and deeply nested files, odd line endings and
//! symlink loops. A failing file is reported by name with its reason, the other files
//! of the run are still linted, the exit code is 2, and nothing panics.

use std::path::Path;

use serde_json::Value;

mod common;
use common::*;

// ---------------------------------------------------------------- helpers

/// The pre-checked-consent diagnostics of a file entry (the finding these tests use;
/// other lints may also speak about the same inputs).
fn diags(f: &Value) -> Vec<Value> {
    all_diags(f)
        .iter()
        .filter(|d| d["lint"] == "pre-checked-consent")
        .cloned()
        .collect()
}

fn span_of(d: &Value) -> (usize, usize) {
    (
        d["span"]["start"].as_u64().unwrap() as usize,
        d["span"]["end"].as_u64().unwrap() as usize,
    )
}

/// Reference (line, column) of a byte offset: 1-based; lines end at `\n`, `\r\n` or a
/// lone `\r`; columns count Unicode scalar values and, on line 1, not a UTF-8 BOM.
fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let b = src.as_bytes();
    let mut line = 1;
    let mut line_start = 0;
    for i in 0..offset {
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
    }
    if line == 1 && src.starts_with('\u{feff}') {
        line_start = 3;
    }
    (line, src[line_start..offset].chars().count() + 1)
}

fn pos(v: &Value) -> (usize, usize, usize, usize) {
    let g = |k: &str| v[k].as_u64().unwrap() as usize;
    (g("line"), g("column"), g("end_line"), g("end_column"))
}

/// The span contract for every diagnostic and label span of a file entry.
fn check_all_spans(entry: &Value, src: &str) {
    for d in all_diags(entry) {
        let mut spans = vec![&d["span"]];
        for l in d["labels"].as_array().unwrap() {
            spans.push(&l["span"]);
        }
        for s in spans {
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            assert!(a < b && b <= src.len(), "bad span {s}");
            assert!(src.is_char_boundary(a) && src.is_char_boundary(b), "{s}");
            let (l1, c1) = line_col(src, a);
            let (l2, c2) = line_col(src, b);
            assert_eq!(pos(s), (l1, c1, l2, c2), "line/column of {s}");
        }
    }
}

/// Expect exactly one pre-checked-consent finding in `entry`, slicing `src` to `text`
/// at the first occurrence of `anchor` (+ the offset of `text` in it).
fn assert_one_finding(entry: &Value, src: &str, text: &str, at: usize) {
    assert!(entry["error"].is_null(), "unexpected error: {entry:#}");
    let ds = diags(entry);
    assert_eq!(ds.len(), 1, "{entry:#}");
    assert_eq!(ds[0]["lint"], "pre-checked-consent");
    let (s, e) = span_of(&ds[0]);
    assert_eq!(&src.as_bytes()[s..e], text.as_bytes(), "span {s}..{e}");
    assert_eq!(s, at, "span start");
    let (line, col) = line_col(src, s);
    assert_eq!(
        (
            ds[0]["span"]["line"].as_u64(),
            ds[0]["span"]["column"].as_u64()
        ),
        (Some(line as u64), Some(col as u64))
    );
}

/// Run `bad` together with a good file on both sides, in JSON and human form, and check
/// the failure contract: JSON error `kind`, the message names the file and `reason`,
/// the good files are still linted, exit code 2, no panic.
fn assert_file_fails(dir: &Path, bad: &str, kind: &str, reason: &str) -> Value {
    write(dir, "good1.html", format!("<form>{HTML_BOX}</form>\n"));
    write(dir, "good2.md", format!("# Hi\n\n{MD_BOX}\n"));

    let o = run_in(dir, &["--format", "json", "good1.html", bad, "good2.md"]);
    assert_eq!(code(&o), 2, "stderr: {}", stderr(&o));
    let v = json(&o);
    let entry = file(&v, bad).clone();
    let err = &entry["error"];
    assert_eq!(err["kind"], kind, "{entry:#}");
    let msg = err["message"].as_str().unwrap_or_default();
    assert!(
        msg.to_lowercase().contains(&reason.to_lowercase()),
        "error message {msg:?} does not say {reason:?}"
    );
    assert!(diags(&entry).is_empty(), "{entry:#}");
    assert_eq!(
        diags(file(&v, "good1.html")).len(),
        1,
        "good1.html not linted"
    );
    assert_eq!(diags(file(&v, "good2.md")).len(), 1, "good2.md not linted");
    assert!(v["summary"]["file_errors"].as_u64().unwrap() >= 1);
    assert_eq!(v["summary"]["by_severity"]["error"], 2);

    let o = run_in(dir, &["good1.html", bad, "good2.md"]);
    assert_eq!(code(&o), 2);
    let e = stderr(&o);
    let line = e
        .lines()
        .find(|l| l.contains(bad))
        .unwrap_or_else(|| panic!("stderr does not name {bad}:\n{e}"));
    assert!(
        line.to_lowercase().contains(&reason.to_lowercase()),
        "stderr line for {bad} does not say {reason:?}: {line}"
    );
    let out = stdout(&o);
    assert!(
        out.contains("good1.html:1:"),
        "good1.html not reported:\n{out}"
    );
    assert!(
        out.contains("good2.md:3:3"),
        "good2.md not reported:\n{out}"
    );
    entry
}

// ---------------------------------------------------------------- files that fail

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    assert_file_fails(dir.path(), "does-not-exist.md", "not-found", "no such file");
}

#[test]
fn directory_without_lintable_files() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "assets/notes.txt",
        "- [x] Yes, send me the newsletter\n",
    );
    write(dir.path(), "assets/app.js", "let x = 1;\n");
    write(dir.path(), "assets/deeper/readme.rst", "Hello\n");
    assert_file_fails(
        dir.path(),
        "assets",
        "no-files",
        "no Markdown or HTML files",
    );
}

#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("secret.html");
    std::fs::write(&p, format!("<form>{HTML_BOX}</form>\n")).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    // As root (as in CI containers) permissions are not enforced and the file can be
    // read: then only check that the run survives and lints it.
    let enforced = std::fs::read(&p).is_err();
    if enforced {
        assert_file_fails(
            dir.path(),
            "secret.html",
            "permission-denied",
            "permission denied",
        );
    } else {
        write(dir.path(), "good.md", format!("{MD_BOX}\n"));
        let o = run_in(dir.path(), &["--format", "json", "secret.html", "good.md"]);
        assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
        let v = json(&o);
        assert_eq!(diags(file(&v, "secret.html")).len(), 1);
        assert_eq!(diags(file(&v, "good.md")).len(), 1);
    }
    let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644));
}

#[test]
fn invalid_utf8_in_the_middle() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    bytes.extend_from_slice("# Vilkår\n\n".as_bytes());
    for _ in 0..200 {
        bytes.extend_from_slice("Æbler og pærer er gode. Plain text here.\n\n".as_bytes());
    }
    bytes.extend_from_slice(
        b"- [x] Yes, send me the newsletter\n\nLatin-1: caf\xe9 and \xff\xfe\n\n",
    );
    for _ in 0..200 {
        bytes.extend_from_slice(b"More ordinary text.\n\n");
    }
    write(dir.path(), "latin1.md", &bytes);
    assert_file_fails(dir.path(), "latin1.md", "invalid-utf8", "UTF-8");
}

#[test]
fn binary_file_with_nul_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend((0..4096u32).map(|i| (i * 7 % 256) as u8));
    write(dir.path(), "logo.html", &bytes);
    assert_file_fails(dir.path(), "logo.html", "binary", "binary");

    // text with a NUL in it, valid UTF-8 otherwise
    write(
        dir.path(),
        "nul.md",
        format!("# Hi\n\nText\0more\n\n{MD_BOX}\n"),
    );
    assert_file_fails(dir.path(), "nul.md", "binary", "binary");
}

#[test]
fn utf16_with_bom_is_unsupported_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("<form>{HTML_BOX}</form>\n");
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    write(dir.path(), "le.html", &le);
    write(dir.path(), "be.md", &be);
    assert_file_fails(dir.path(), "le.html", "unsupported-encoding", "UTF-16");
    assert_file_fails(dir.path(), "be.md", "unsupported-encoding", "UTF-16");
}

#[test]
fn utf16_without_bom_is_unsupported_encoding_not_binary() {
    let dir = tempfile::tempdir().unwrap();
    // Danish letters (U+00E6, U+00F8) keep a NUL high byte; the curly quote does not
    let text = format!("<form>{HTML_BOX}</form>\n<p>Vilkår for nyhedsbrevet – ’æøå’</p>\n");
    let mut le = Vec::new();
    let mut be = Vec::new();
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    write(dir.path(), "le.html", &le);
    write(dir.path(), "be.md", &be);
    let e = assert_file_fails(dir.path(), "le.html", "unsupported-encoding", "UTF-16");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("little-endian"),
        "{e:#}"
    );
    let e = assert_file_fails(dir.path(), "be.md", "unsupported-encoding", "UTF-16");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("big-endian"),
        "{e:#}"
    );
    // a short file of two characters is recognised too
    write(dir.path(), "short.md", b"h\0i\0");
    assert_file_fails(dir.path(), "short.md", "unsupported-encoding", "UTF-16");
    // binary with NUL bytes scattered is still binary
    let mut bin = Vec::new();
    for i in 0..4000u32 {
        bin.extend_from_slice(&i.wrapping_mul(2654435761).to_le_bytes());
    }
    write(dir.path(), "blob.md", &bin);
    assert_file_fails(dir.path(), "blob.md", "binary", "binary");
}

// ---------------------------------------------------------------- files that are fine

#[test]
fn empty_file_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.md", "");
    write(dir.path(), "empty.html", "");
    let o = run_in(dir.path(), &["--format", "json", "empty.md", "empty.html"]);
    assert_eq!(code(&o), 0, "stderr: {}", stderr(&o));
    let v = json(&o);
    for p in ["empty.md", "empty.html"] {
        let f = file(&v, p);
        assert!(f["error"].is_null(), "{f:#}");
        assert!(diags(f).is_empty(), "{f:#}");
    }
    assert_eq!(v["summary"]["file_errors"], 0);

    let o = run_in(dir.path(), &["empty.md"]);
    assert_eq!(code(&o), 0);
    assert!(!stderr(&o).contains("error:"), "{}", stderr(&o));
}

#[test]
fn utf8_bom_offsets_count_the_bom_columns_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let md = format!("\u{feff}{MD_BOX}\n\nMore text.\n");
    let html = format!("\u{feff}{HTML_BOX}\n<p>x</p>\n");
    let md2 = format!("\u{feff}# Tilmelding\n\n{MD_BOX}\n");
    write(dir.path(), "bom.md", &md);
    write(dir.path(), "bom.html", &html);
    write(dir.path(), "bom2.md", &md2);
    let o = run_in(
        dir.path(),
        &["--format", "json", "bom.md", "bom.html", "bom2.md"],
    );
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let v = json(&o);

    let f = file(&v, "bom.md");
    assert_one_finding(f, &md, "[x]", 5);
    assert_eq!(diags(f)[0]["span"]["column"], 3, "the BOM is not a column");
    check_all_spans(f, &md);

    let f = file(&v, "bom.html");
    let at = html.find("checked>").unwrap();
    assert_one_finding(f, &html, "checked", at);
    assert_eq!(diags(f)[0]["span"]["column"], at - 3 + 1);
    check_all_spans(f, &html);

    let f = file(&v, "bom2.md");
    assert_one_finding(f, &md2, "[x]", md2.find("[x]").unwrap());
    assert_eq!(diags(f)[0]["span"]["line"], 3);
    check_all_spans(f, &md2);
}

#[test]
fn crlf_and_lone_cr_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    for (nl, tag) in [("\r\n", "crlf"), ("\r", "cr")] {
        let md =
            format!("# Title{nl}{nl}Some text{nl}on two lines.{nl}{nl}{MD_BOX}{nl}{nl}End.{nl}");
        let html = format!(
            "<html>{nl}<body>{nl}<form>{nl}<p>Join</p>{nl}{HTML_BOX}{nl}</form>{nl}</body></html>{nl}"
        );
        cases.push((format!("{tag}.md"), md, "[x]", 6));
        cases.push((format!("{tag}.html"), html, "checked", 5));
    }
    let mut args = vec!["--format".to_string(), "json".to_string()];
    for (name, content, _, _) in &cases {
        write(dir.path(), name, content);
        args.push(name.clone());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run_in(dir.path(), &args);
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let v = json(&o);
    for (name, content, text, line) in &cases {
        let f = file(&v, name);
        let at = content
            .find(if *text == "checked" { "checked>" } else { text })
            .unwrap();
        assert_one_finding(f, content, text, at);
        assert_eq!(diags(f)[0]["span"]["line"], *line, "{name}");
        check_all_spans(f, content);
    }
}

#[test]
fn twenty_megabyte_markdown_with_a_finding_near_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let para = "We describe how the service works in this paragraph, with nothing about consent at all. Æøå.\n\n";
    let mut md = String::with_capacity(20_100_000);
    md.push_str("# Terms\n\n");
    while md.len() < 20_000_000 {
        md.push_str(para);
    }
    let at = md.len() + 2;
    md.push_str(MD_BOX);
    md.push_str("\n\nThe end.\n");
    write(dir.path(), "big.md", &md);
    let o = run_in(dir.path(), &["--format", "json", "big.md"]);
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let v = json(&o);
    let f = file(&v, "big.md");
    assert_one_finding(f, &md, "[x]", at);
    assert_eq!(
        diags(f)[0]["span"]["line"].as_u64().unwrap() as usize,
        md[..at].matches('\n').count() + 1
    );
}

#[test]
fn twenty_megabyte_html_with_a_finding_near_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let para = "<p>We describe how the service works in this paragraph, with nothing about consent &amp; data.</p>\n";
    // some inline emphasis, but sparse: emphasis in every paragraph makes the HTML reader
    // quadratic (each block filters the whole document's emphasis list), minutes at 20 MB
    let bold = "<p>We describe how the service works in this paragraph, with <b>nothing</b> about consent.</p>\n";
    let mut html = String::with_capacity(20_100_000);
    html.push_str("<!doctype html>\n<html lang=\"en\"><body>\n");
    let mut i = 0;
    while html.len() < 20_000_000 {
        html.push_str(if i % 1000 == 0 { bold } else { para });
        i += 1;
    }
    html.push_str("<form>");
    let at = html.len() + HTML_BOX.find("checked").unwrap();
    html.push_str(HTML_BOX);
    html.push_str("</form>\n<p>The end.</p></body></html>\n");
    write(dir.path(), "big.html", &html);
    let o = run_in(dir.path(), &["--format", "json", "big.html"]);
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let v = json(&o);
    let f = file(&v, "big.html");
    assert_one_finding(f, &html, "checked", at);
    check_all_spans(f, &html);
}

// ---------------------------------------------------------------- deep nesting

fn deep_html(depth: usize) -> String {
    let mut s = String::with_capacity(depth * 11 + 200);
    s.push_str("<html><body>");
    s.push_str(&"<div>".repeat(depth));
    s.push_str(HTML_BOX);
    s.push_str(&"</div>".repeat(depth));
    s.push_str("</body></html>\n");
    s
}

#[test]
fn html_nested_10_000_deep() {
    let dir = tempfile::tempdir().unwrap();
    let html = deep_html(10_000);
    write(dir.path(), "deep.html", &html);
    let o = run_in(dir.path(), &["--format", "json", "deep.html"]);
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let v = json(&o);
    let f = &files(&v)[0];
    assert_one_finding(f, &html, "checked", html.find("checked>").unwrap());
    check_all_spans(f, &html);
}

#[test]
fn html_nested_100_000_deep() {
    let dir = tempfile::tempdir().unwrap();
    let html = deep_html(100_000);
    write(dir.path(), "deeper.html", &html);
    let o = run_in(dir.path(), &["--format", "json", "deeper.html"]);
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let v = json(&o);
    let f = &files(&v)[0];
    assert_one_finding(f, &html, "checked", html.find("checked>").unwrap());
    // also the human reporter
    let o = run_in(dir.path(), &["deeper.html"]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("pre-checked-consent"));
}

#[test]
fn markdown_block_quotes_10_000_deep() {
    let dir = tempfile::tempdir().unwrap();
    let md = format!("# Signup\n\n{} {MD_BOX}\n", ">".repeat(10_000));
    write(dir.path(), "quotes.md", &md);
    let o = run_in(dir.path(), &["--format", "json", "quotes.md"]);
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let v = json(&o);
    let f = &files(&v)[0];
    assert_one_finding(f, &md, "[x]", md.find("[x]").unwrap());
    check_all_spans(f, &md);
}

#[test]
fn markdown_nested_lists_10_000_deep() {
    let dir = tempfile::tempdir().unwrap();
    // `- - - ... [x] item` is a list nested 10,000 deep whose innermost item is a task
    let md = format!(
        "# Signup\n\n{}[x] Yes, send me the newsletter\n",
        "- ".repeat(10_000)
    );
    write(dir.path(), "lists.md", &md);
    let o = run_in(dir.path(), &["--format", "json", "lists.md"]);
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let v = json(&o);
    let f = &files(&v)[0];
    assert_one_finding(f, &md, "[x]", md.find("[x]").unwrap());
    check_all_spans(f, &md);
    let o = run_in(dir.path(), &["lists.md"]);
    assert_eq!(code(&o), 1);
}

#[test]
fn markdown_nested_lists_on_separate_lines() {
    // one level per line, each indented under the previous item (kept to 1,000 levels:
    // the indentation grows quadratically)
    let dir = tempfile::tempdir().unwrap();
    let mut md = String::from("# Signup\n\n");
    for i in 0..1_000 {
        md.push_str(&"  ".repeat(i));
        md.push_str("- level\n");
    }
    md.push_str(&"  ".repeat(1_000));
    md.push_str(MD_BOX);
    md.push('\n');
    write(dir.path(), "lines.md", &md);
    let o = run_in(dir.path(), &["--format", "json", "lines.md"]);
    let code = code(&o);
    let v = json(&o);
    let f = &files(&v)[0];
    assert!(f["error"].is_null(), "{f:#}");
    check_all_spans(f, &md);
    // deeper than 4 columns past the parent is still a list item in CommonMark: the box applies
    assert_eq!(code, 1, "{f:#}");
    assert_one_finding(f, &md, "[x]", md.find("[x]").unwrap());
}

// ---------------------------------------------------------------- symlinks

#[test]
fn symlink_loop_inside_a_linted_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write(&root, "terms.md", format!("# Terms\n\n{MD_BOX}\n"));
    write(&root, "sub/form.html", format!("<form>{HTML_BOX}</form>\n"));
    // a directory loop, a self loop and a two-link loop
    std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("self.md", root.join("self.md")).unwrap();
    std::os::unix::fs::symlink("b.html", root.join("a.html")).unwrap();
    std::os::unix::fs::symlink("a.html", root.join("b.html")).unwrap();
    let o = run_in(dir.path(), &["--format", "json", "site"]);
    let c = code(&o);
    let v = json(&o);
    let terms = Path::new("site/terms.md").display().to_string();
    let form = Path::new("site/sub/form.html").display().to_string();
    for p in [&terms, &form] {
        let n = files(&v).iter().filter(|f| f["path"] == p.as_str()).count();
        assert_eq!(n, 1, "{p} reported {n} times: {v:#}");
        assert_eq!(diags(file(&v, p)).len(), 1, "{p}: {v:#}");
    }
    // the loops may be skipped (exit 1) or reported as I/O errors (exit 2), never walked
    assert!(c == 1 || c == 2, "exit code {c}");
    assert!(files(&v).len() <= 6, "{v:#}");
    let o = run_in(dir.path(), &["site"]);
    assert_eq!(code(&o), c);
}
