//! Hostile input, beyond `tests/bad_input.rs`: a 50 MB single line, 100,000-deep
//! nesting of lists and block quotes, a million attributes on one tag, NUL bytes
//! past the binary sniff, invalid UTF-8 and UTF-16 found by a directory walk, a
//! symlink loop and a FIFO named on the command line or met in a walk, and files
//! that vanish while a run reads them.
//!
//! Nothing may panic or overflow the stack: inputs that could overflow are run
//! through the binary as a subprocess, where an overflow aborts the process and
//! shows as a signal rather than taking the test harness down.
//!
//! Super-linear work is caught by *counting* work, not by timing it: `lint_full`
//! reports how many bytes its text primitives read and how many open elements the
//! readers' stack searches visited (`Linted::work`), and the tests compare that
//! count at size n and 4n. Tests run in debug in CI; sizes are chosen to keep each
//! test to a few seconds there.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use consentlint::{lint_full, Config, Format, Linted};
use serde_json::Value;

mod common;
use common::*;

// ---------------------------------------------------------------- helpers

fn lints_of(f: &Value) -> Vec<String> {
    f["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| d["lint"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn assert_contract(src: &str, l: &Linted) {
    for d in &l.diagnostics {
        for sp in std::iter::once(&d.span).chain(d.labels.iter().map(|l| &l.span)) {
            assert!(
                sp.start < sp.end && sp.end <= src.len(),
                "{}: {sp:?}",
                d.lint
            );
            assert!(src.is_char_boundary(sp.start) && src.is_char_boundary(sp.end));
        }
    }
}

/// Lint text at size n and 4n and check the work grew no faster than the input.
fn assert_linear(
    what: &str,
    format: Format,
    make: impl Fn(usize) -> String,
    n: usize,
) -> (String, Linted) {
    let small = make(n);
    let big = make(4 * n);
    let a = lint_full(&small, format, &Config::default());
    let b = lint_full(&big, format, &Config::default());
    assert_contract(&small, &a);
    assert_contract(&big, &b);
    let size_ratio = big.len() as f64 / small.len() as f64;
    let work_ratio = b.work as f64 / a.work.max(1) as f64;
    eprintln!(
        "{what}: {} B -> work {}, {} B -> work {} (size x{size_ratio:.2}, work x{work_ratio:.2}; {} and {} findings)",
        small.len(),
        a.work,
        big.len(),
        b.work,
        a.diagnostics.len(),
        b.diagnostics.len()
    );
    assert!(a.work > 0, "{what}: no work counted");
    // linear: the work ratio follows the size ratio (quadratic would be about its square)
    assert!(
        work_ratio <= size_ratio * 1.25,
        "{what}: work grew x{work_ratio:.2} for input x{size_ratio:.2}"
    );
    (big, b)
}

/// Text with no findings (about the service, not about consent or data).
const PLAIN: &str =
    "We describe how the service works in this paragraph and how the pages are laid out. ";

/// Finding-heavy text: marketing consent bundled with terms, vague purposes, sharing.
const HEAVY: &str = "By creating an account you accept our terms and agree that we may send you marketing e-mails and share your personal data with our partners for marketing purposes, to improve your experience and for other business purposes. ";

// ---------------------------------------------------------------- a 50 MB line

#[test]
fn fifty_megabyte_single_line_parses_into_bounded_blocks() {
    // a real 50 MB line through the reader and the model (debug build: the lints run on
    // the modest sizes below, since a debug lint of 50 MB takes minutes)
    let mut md = String::with_capacity(50 * 1024 * 1024 + PLAIN.len());
    while md.len() < 50 * 1024 * 1024 {
        md.push_str(PLAIN);
    }
    assert!(!md.contains('\n'));
    let doc = consentlint::parse(&md, Format::Markdown);
    assert!(doc.blocks.len() > 700, "{} blocks", doc.blocks.len());
    let longest = doc.blocks.iter().map(|b| b.text.len()).max().unwrap();
    assert!(longest <= 64 * 1024, "block of {longest} bytes");
    let mut prev = 0;
    for b in &doc.blocks {
        assert!(b.span.start >= prev && b.span.end <= md.len());
        prev = b.span.end;
    }
    assert!(
        prev + 100 > md.len(),
        "the blocks end at {prev} of {}",
        md.len()
    );
}

#[test]
fn single_line_without_findings_lints_in_linear_work() {
    let make = |n: usize| PLAIN.repeat(n);
    let (_, l) = assert_linear("plain single line", Format::Markdown, make, 1_500);
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics[0]);
}

#[test]
fn two_megabyte_finding_heavy_single_line() {
    let make = |n: usize| HEAVY.repeat(n);
    // 500 kB and 2 MB of one line full of findings
    let n = 2_000_000 / HEAVY.len() / 4 + 1;
    let (big, l) = assert_linear("finding-heavy single line", Format::Markdown, make, n);
    assert!(big.len() > 2_000_000);
    assert!(l.diagnostics.len() > 10_000);
}

#[test]
fn finding_heavy_paragraphs_and_forms_lint_in_linear_work() {
    let md = |n: usize| {
        let mut s = String::from("# Terms\n\n");
        for i in 0..n {
            s.push_str(HEAVY);
            s.push_str("\n\n");
            if i % 3 == 0 {
                s.push_str(MD_BOX);
                s.push_str("\n\n");
            }
        }
        s
    };
    assert_linear("finding-heavy Markdown", Format::Markdown, md, 300);
    let html = |n: usize| {
        let mut s = String::from("<html lang=\"en\"><body><form>");
        for _ in 0..n {
            s.push_str("<p>");
            s.push_str(HEAVY);
            s.push_str("</p>");
            s.push_str(HTML_BOX);
        }
        s.push_str("</form></body></html>");
        s
    };
    assert_linear("finding-heavy HTML", Format::Html, html, 300);
}

// ---------------------------------------------------------------- deep nesting

#[test]
fn controls_inside_deep_nesting_lint_in_linear_work() {
    // every level opens a div and holds a box: a search of the open elements for the
    // wrapping label or fieldset per control would be quadratic in the depth
    let html = |n: usize| {
        let mut s =
            String::from("<html lang=\"en\"><body><form><fieldset><legend>Marketing</legend>");
        for i in 0..n {
            s.push_str(&format!(
                "<div><input type=\"checkbox\" id=\"c{i}\" checked><label for=\"c{i}\">Send me offers</label>"
            ));
        }
        s.push_str(&"</div>".repeat(n));
        s.push_str("</fieldset></form></body></html>");
        s
    };
    assert_linear("controls in deep nesting", Format::Html, html, 500);
}

#[test]
fn markdown_quotes_deep_with_many_paragraphs_lint_in_linear_work() {
    // a paragraph at every level of quoting
    let md = |n: usize| {
        let mut s = String::new();
        for i in 1..=n {
            s.push_str(&">".repeat(i.min(200)));
            s.push_str(" Some ordinary text here.\n");
            s.push_str(&">".repeat(i.min(200)));
            s.push('\n');
        }
        s
    };
    assert_linear("paragraphs in deep quotes", Format::Markdown, md, 200);
}

#[test]
fn markdown_lists_nested_100_000_deep() {
    let dir = tempfile::tempdir().unwrap();
    let md = format!(
        "# Signup\n\n{}[x] Yes, send me the newsletter\n",
        "- ".repeat(100_000)
    );
    write(dir.path(), "lists.md", &md);
    let o = run_in(dir.path(), &["--format", "json", "lists.md"]);
    let c = code(&o);
    let v = json(&o);
    let f = file(&v, "lists.md");
    assert!(f["error"].is_null(), "{f:#}");
    assert_eq!(c, 1, "{f:#}");
    assert!(lints_of(f).iter().any(|l| l == "pre-checked-consent"));
}

#[test]
fn markdown_block_quotes_nested_100_000_deep() {
    let dir = tempfile::tempdir().unwrap();
    let md = format!("# Signup\n\n{} {MD_BOX}\n", ">".repeat(100_000));
    write(dir.path(), "quotes.md", &md);
    let o = run_in(dir.path(), &["--format", "json", "quotes.md"]);
    let c = code(&o);
    let v = json(&o);
    let f = file(&v, "quotes.md");
    assert!(f["error"].is_null(), "{f:#}");
    assert_eq!(c, 1, "{f:#}");
    assert!(lints_of(f).iter().any(|l| l == "pre-checked-consent"));
}

#[test]
fn html_100_000_nested_divs_from_stdin_with_text_at_every_level() {
    // (tests/bad_input.rs nests 100,000 empty divs around one box; here every level has text)
    let mut html = String::from("<html lang=\"en\"><body>");
    for _ in 0..100_000 {
        html.push_str("<div>x ");
    }
    html.push_str(HTML_BOX);
    html.push_str(&"</div>".repeat(100_000));
    let o = run_stdin(
        Path::new("."),
        &["--format", "json", "-", "--stdin-filename", "deep.html"],
        html.as_bytes(),
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = json(&o);
    assert!(lints_of(file(&v, "deep.html"))
        .iter()
        .any(|l| l == "pre-checked-consent"));
}

// ---------------------------------------------------------------- a million attributes

#[test]
fn a_million_attributes_on_one_tag() {
    let attrs = |n: usize| {
        let mut s = String::from("<form><label><input type=\"checkbox\" name=\"newsletter\"");
        for i in 0..n {
            s.push_str(&format!(" data-a{i}=\"{i}\""));
        }
        s.push_str(" checked> Send me the newsletter</label></form>");
        s
    };
    let src = attrs(1_000_000);
    assert!(src.len() > 15_000_000);
    let l = lint_full(&src, Format::Html, &Config::default());
    assert_contract(&src, &l);
    let d = l
        .diagnostics
        .iter()
        .find(|d| d.lint == "pre-checked-consent")
        .expect("the box is still found after a million attributes");
    assert_eq!(&src[d.span.clone()], "checked");
    // and the same without values, `checked` first and many duplicates of it
    let mut src = String::from("<label><input checked type=checkbox name=newsletter");
    for _ in 0..1_000_000 {
        src.push_str(" checked");
    }
    src.push_str("> Send me the newsletter</label>");
    let l = lint_full(&src, Format::Html, &Config::default());
    assert_contract(&src, &l);
    assert!(l
        .diagnostics
        .iter()
        .any(|d| d.lint == "pre-checked-consent"));
}

// ---------------------------------------------------------------- NUL bytes

#[test]
fn nul_bytes_in_the_text_keep_the_span_contract() {
    // a NUL past the first 8 KiB passes the binary sniff and reaches the readers;
    // pulldown-cmark replaces NUL with U+FFFD, which is three bytes for one
    for format in [Format::Markdown, Format::Html] {
        let mut src = String::new();
        if format == Format::Html {
            src.push_str("<form>");
        }
        src.push_str(&"Plain text.\n\n".repeat(800));
        src.push_str("Text\0with\0NULs \0\0 and æøå\0😀.\n\n");
        src.push_str(if format == Format::Html {
            "<label><input type=\"checkbox\" name=\"newsletter\" checked> Send me the\0 newsletter</label></form>"
        } else {
            "- [x] Yes,\0 send me the newsletter\0\n"
        });
        let doc = consentlint::parse(&src, format);
        for b in &doc.blocks {
            assert!(b.span.end <= src.len());
            for (i, c) in b.text.char_indices() {
                let sp = b.source_span(i..i + c.len_utf8());
                assert!(sp.start < sp.end && sp.end <= src.len(), "{sp:?}");
                assert!(src.is_char_boundary(sp.start) && src.is_char_boundary(sp.end));
            }
        }
        let l = lint_full(&src, format, &Config::default());
        assert_contract(&src, &l);
        assert!(
            l.diagnostics
                .iter()
                .any(|d| d.lint == "pre-checked-consent"),
            "{format:?}"
        );
    }
}

#[test]
fn nul_bytes_after_the_binary_sniff_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let mut md = "Plain text.\n\n".repeat(1000);
    md.push_str("More\0text.\n\n");
    md.push_str(MD_BOX);
    md.push('\n');
    write(dir.path(), "late-nul.md", &md);
    let o = run_in(dir.path(), &["--format", "json", "late-nul.md"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = json(&o);
    assert!(lints_of(file(&v, "late-nul.md"))
        .iter()
        .any(|l| l == "pre-checked-consent"));
}

// ---------------------------------------------------------------- encodings met in a walk

#[test]
fn bad_encodings_met_in_a_directory_walk_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut latin1 = b"# Vilk\xe5r\n\nTekst.\n".to_vec();
    latin1.extend_from_slice(b"\n");
    write(dir.path(), "site/da/vilkaar.md", &latin1);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in format!("<form>{HTML_BOX}</form>").encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    write(dir.path(), "site/form16.html", &utf16);
    // UTF-16 without a byte order mark: recognised by its NUL bytes every other byte
    let mut bare16 = Vec::new();
    for u in "# Terms\n\nplain".encode_utf16() {
        bare16.extend_from_slice(&u.to_le_bytes());
    }
    write(dir.path(), "site/bare16.md", &bare16);
    write(dir.path(), "site/ok.md", format!("# Hi\n\n{MD_BOX}\n"));
    let o = run_in(dir.path(), &["--format", "json", "site"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let v = json(&o);
    let latin = Path::new("site/da/vilkaar.md").display().to_string();
    let e = &file(&v, &latin)["error"];
    assert_eq!(e["kind"], "invalid-utf8");
    assert!(e["message"].as_str().unwrap().contains("offset 6"), "{e:#}");
    let f16 = Path::new("site/form16.html").display().to_string();
    assert_eq!(file(&v, &f16)["error"]["kind"], "unsupported-encoding");
    let b16 = Path::new("site/bare16.md").display().to_string();
    assert_eq!(file(&v, &b16)["error"]["kind"], "unsupported-encoding");
    let ok = Path::new("site/ok.md").display().to_string();
    assert!(lints_of(file(&v, &ok))
        .iter()
        .any(|l| l == "pre-checked-consent"));
    // the human format names each file on stderr
    let o = run_in(dir.path(), &["site"]);
    assert_eq!(code(&o), 2);
    let e = stderr(&o);
    for p in [&latin, &f16, &b16] {
        assert!(e.contains(p.as_str()), "stderr does not name {p}:\n{e}");
    }
}

#[test]
fn utf16_on_stdin_is_a_clear_error() {
    let mut utf16 = vec![0xFE, 0xFF];
    for u in format!("# Hi\n\n{MD_BOX}\n").encode_utf16() {
        utf16.extend_from_slice(&u.to_be_bytes());
    }
    let o = run_stdin(
        Path::new("."),
        &["--format", "json", "-", "--stdin-filename", "in.md"],
        &utf16,
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let v = json(&o);
    let e = &file(&v, "in.md")["error"];
    assert_eq!(e["kind"], "unsupported-encoding");
    assert!(e["message"].as_str().unwrap().contains("UTF-16"));
}

// ---------------------------------------------------------------- links, FIFOs, vanishing files

#[test]
fn symlink_loop_named_on_the_command_line() {
    // (tests/bad_input.rs walks a directory holding loops; here the loop is named)
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("b.md", dir.path().join("a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", dir.path().join("b.md")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("here")).unwrap();
    write(dir.path(), "ok.md", format!("# Hi\n\n{MD_BOX}\n"));
    let o = run_in(dir.path(), &["--format", "json", "a.md", "ok.md", "here"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let v = json(&o);
    let e = &file(&v, "a.md")["error"];
    assert!(!e.is_null(), "{v:#}");
    assert!(e["message"].as_str().unwrap().len() > 5, "{e:#}");
    assert!(lints_of(file(&v, "ok.md"))
        .iter()
        .any(|l| l == "pre-checked-consent"));
}

#[test]
fn dangling_symlink_and_fifo_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    write(&site, "ok.md", format!("# Hi\n\n{MD_BOX}\n"));
    // a file that vanished: the link stays, its target is gone
    write(&site, "gone-target.md", "# soon gone\n");
    std::os::unix::fs::symlink("gone-target.md", site.join("gone.md")).unwrap();
    std::fs::remove_file(site.join("gone-target.md")).unwrap();
    // a FIFO with no writer: reading it would block for ever
    let fifo = site.join("pipe.md");
    let st = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(st.success());
    // walked: neither is read, the run ends and lints the rest
    let o = run_with_deadline(dir.path(), &["--format", "json", "site"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["files"].as_array().unwrap().len(), 1, "{v:#}");
    // named: the dangling link is a clear not-found error naming it
    let gone = Path::new("site/gone.md").display().to_string();
    let ok = Path::new("site/ok.md").display().to_string();
    let o = run_with_deadline(dir.path(), &["--format", "json", &gone, &ok]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(file(&v, &gone)["error"]["kind"], "not-found");
    assert!(lints_of(file(&v, &ok))
        .iter()
        .any(|l| l == "pre-checked-consent"));
}

/// Run the binary; a run still going after 60 s has hung (a blocking read).
fn run_with_deadline(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run consentlint");
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("consentlint {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn files_that_vanish_while_the_run_reads_them() {
    // files are deleted while the binary walks and reads them; whichever way each
    // race goes, a file is either linted or reported (not-found), and nothing panics
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let n = 400;
    for i in 0..n {
        write(&site, &format!("f{i:04}.md"), format!("# Hi\n\n{MD_BOX}\n"));
    }
    let child = Command::new(BIN)
        .args(["--format", "json", "site"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    for i in (0..n).rev() {
        let _ = std::fs::remove_file(site.join(format!("f{i:04}.md")));
    }
    let o = child.wait_with_output().unwrap();
    let c = code(&o);
    assert!(c == 1 || c == 2 || c == 0, "exit code {c}");
    let v = json(&o);
    for f in v["files"].as_array().unwrap() {
        if f["error"].is_null() {
            assert!(
                lints_of(f).iter().any(|l| l == "pre-checked-consent"),
                "{f:#}"
            );
        } else {
            let k = f["error"]["kind"].as_str().unwrap();
            assert!(k == "not-found" || k == "no-files", "{f:#}");
        }
    }
    // and a file named explicitly that is removed before the run reads it
    write(&site, "named.md", "# x\n");
    let p = site.join("named.md");
    std::fs::remove_file(&p).unwrap();
    let o = run_in(dir.path(), &["--format", "json", "site/named.md"]);
    assert_eq!(code(&o), 2);
    let named = Path::new("site/named.md").display().to_string();
    assert_eq!(json(&o)["files"][0]["path"], named.as_str());
}

#[test]
fn many_template_tags_and_controls_lint_in_linear_work() {
    // every tag looked for template logic among all the template tags of the page
    // would be quadratic: n tags times n template tags
    let html = |n: usize| {
        let mut s = String::from("<html lang=\"en\"><body><form>");
        for i in 0..n {
            s.push_str(&format!(
                "<p>Hello {{{{ user.name }}}}</p><label><input type=\"checkbox\" name=\"n{i}\" {{% if x %}}checked{{% endif %}}> Send me offers</label>"
            ));
        }
        s.push_str("</form></body></html>");
        s
    };
    assert_linear("templates and controls", Format::Html, html, 500);
}

#[test]
fn plain_text_odd_lines_keep_the_span_contract_and_lint_in_linear_work() {
    let odd = [
        "",
        "\n\n\r\n",
        "\r",
        "- ",
        "-",
        "1.",
        "a) ",
        "[x]",
        "- [x]",
        "- ☒",
        "• ☐ Ja tak til nyhedsbrev\r\n  fortsat\r\n",
        "===\n---\n",
        "Title\n===\nBy entering, you agree to receive our newsletter.\r\n",
        "æøå 😀\n\u{feff}\n- [X] Send me offers\n\t\tindented\n",
        "\u{feff}1) By signing up you consent to marketing.\n2)\n",
    ];
    for src in odd {
        let l = lint_full(src, Format::Text, &Config::default());
        assert_contract(src, &l);
    }
    let make = |n: usize| {
        let mut s = String::new();
        for i in 0..n {
            s.push_str(match i % 4 {
                0 => "- [x] Ja tak, send mig tilbud på e-mail\n",
                1 => "    By entering you agree to receive our newsletter.\n",
                2 => "\n",
                _ => "PRIVATLIVSPOLITIK\n",
            });
        }
        s
    };
    let (big, l) = assert_linear("plain text lines", Format::Text, make, 400);
    assert_contract(&big, &l);
}
