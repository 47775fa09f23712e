//! Human output: findings on the same text share one excerpt, and colour only reaches a
//! terminal that has not asked for none (`NO_COLOR`).

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_consentlint");

/// Four lints fire on clause 3 (bundled-consent, implied-consent, marketing-without-opt-in,
/// missing-withdrawal); the ticked task item gets two findings on different spans.
const TERMS_MD: &str = "---
lang: en
---

# Summer Bake-Off 2025: competition rules

1. The promoter is Crumb & Co Ltd, 4 Mill Lane, Bristol BS1 4AA.
2. To enter, upload a photo of your bake and its recipe on the competition page between 1 June and 30 June 2025.
3. By entering the competition, entrants consent to receiving marketing e-mails from the promoter and its partners.
4. These rules are governed by the law of England and Wales.

- [x] Yes, send me the newsletter
";

const CLAUSE: &str = "3. By entering the competition, entrants consent to receiving marketing e-mails from the promoter and its partners.";

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run consentlint")
}

fn json_spans(dir: &Path) -> Vec<(String, usize, usize)> {
    let o = run(dir, &["--format", "json", "terms.md"], &[]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["lint"].as_str().unwrap().to_string(),
                d["span"]["start"].as_u64().unwrap() as usize,
                d["span"]["end"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

#[test]
fn findings_on_one_span_share_one_excerpt() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("terms.md"), TERMS_MD).unwrap();

    // the premise: several lints report exactly the clause
    let start = TERMS_MD.find("By entering").unwrap();
    let on_clause: Vec<String> = json_spans(dir.path())
        .into_iter()
        .filter(|(_, s, _)| *s == start)
        .map(|(l, _, _)| l)
        .collect();
    assert!(on_clause.len() >= 2, "{on_clause:?}");

    let o = run(dir.path(), &["terms.md"], &[("NO_COLOR", "1")]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        out.matches(CLAUSE).count(),
        1,
        "the clause is shown once for {on_clause:?}:\n{out}"
    );
    // every finding is still there, by lint and message
    for lint in &on_clause {
        assert!(
            out.contains(&format!("[{lint}]: terms.md:")),
            "{lint} missing:\n{out}"
        );
    }
    let listed = format!("╰── {}", on_clause.join(", "));
    assert!(
        out.contains(&listed),
        "the excerpt's label lists the lints: {listed}\n{out}"
    );
    for message in [
        "is folded into 'By entering'",
        // (entering is an act for another reason, and a consent deemed from it is not
        // clearly given: bundled-consent and implied-consent, one message each)
        "takes consent from taking part",
        "electronic marketing comes with another act",
        "nothing in the document says how to",
    ] {
        assert_eq!(out.matches(message).count(), 1, "{message}:\n{out}");
    }
    // findings on different spans keep their own excerpts: the task item line twice
    assert_eq!(
        out.matches("- [x] Yes, send me the newsletter").count(),
        2,
        "{out}"
    );
    // the summary still counts findings, not excerpts
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("Found {} problems", on_clause.len() + 2)),
        "{err}"
    );
}

/// Run the binary with its stdout on a terminal (util-linux `script` allocates one).
fn on_a_terminal(dir: &Path, no_color: Option<&str>) -> Option<String> {
    let bin = Path::new(BIN);
    let mut cmd = Command::new("script");
    cmd.args([
        "-qec",
        &format!("'{}' terms.md", bin.display()),
        "/dev/null",
    ])
    .current_dir(dir)
    .env_remove("NO_COLOR")
    .stdin(Stdio::null());
    if let Some(v) = no_color {
        cmd.env("NO_COLOR", v);
    }
    let o = cmd.output().ok()?;
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    out.contains("pre-checked-consent").then_some(out)
}

#[test]
fn colour_only_on_a_terminal_without_no_color() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("terms.md"), TERMS_MD).unwrap();
    let esc = '\u{1b}';

    // not a terminal: plain, with or without NO_COLOR
    for env in [&[][..], &[("NO_COLOR", "1")][..]] {
        let o = run(dir.path(), &["terms.md"], env);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("pre-checked-consent"), "{out}");
        assert!(
            !out.contains(esc),
            "escape codes on a pipe ({env:?}):\n{out}"
        );
        assert!(!String::from_utf8_lossy(&o.stderr).contains(esc));
    }

    // a terminal: coloured, unless NO_COLOR has a value
    let Some(coloured) = on_a_terminal(dir.path(), None) else {
        eprintln!("no `script` to give the binary a terminal: the terminal half is skipped");
        return;
    };
    assert!(
        coloured.contains("\u{1b}["),
        "no colour on a terminal:\n{coloured}"
    );
    let empty = on_a_terminal(dir.path(), Some("")).unwrap();
    assert!(
        empty.contains("\u{1b}["),
        "an empty NO_COLOR does not disable colour"
    );
    for v in ["1", "true", "0"] {
        let plain = on_a_terminal(dir.path(), Some(v)).unwrap();
        assert!(
            !plain.contains(esc),
            "NO_COLOR={v} on a terminal still has escape codes:\n{plain}"
        );
    }
}

/// Every finding starts with the same header, `severity[lint]: path:line:column`, whether
/// it has its own excerpt or shares one; no bare lint ids, no "Error: lint" lines.
#[test]
fn one_header_style_for_every_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("terms.md"), TERMS_MD).unwrap();
    let o = run(dir.path(), &["--format", "json", "terms.md"], &[]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap().clone();
    let o = run(dir.path(), &["terms.md"], &[("NO_COLOR", "1")]);
    let out = String::from_utf8(o.stdout).unwrap();
    let headers: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .collect();
    let want: Vec<String> = diags
        .iter()
        .map(|d| {
            format!(
                "{}[{}]: terms.md:{}:{}",
                d["severity"].as_str().unwrap(),
                d["lint"].as_str().unwrap(),
                d["span"]["line"],
                d["span"]["column"]
            )
        })
        .collect();
    let mut got: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    let mut want_sorted = want.clone();
    got.sort();
    want_sorted.sort();
    assert_eq!(
        got, want_sorted,
        "every line that is not indented is a header:\n{out}"
    );
    for bad in ["Error: ", "Warning: ", "Advice: "] {
        assert!(!out.contains(bad), "{bad}\n{out}");
    }
}

/// Hyphenated words are never split at the end of a line, wherever the wrap falls.
#[test]
fn human_output_never_wraps_inside_a_hyphenated_word() {
    let dir = tempfile::tempdir().unwrap();
    // the label's length moves the line break through the message
    for n in 1..=40 {
        let label = format!("Send me the {} newsletter", "x".repeat(n));
        std::fs::write(
            dir.path().join(format!("f{n}.html")),
            format!(
                "<form><label><input type=\"checkbox\" name=\"n\" checked> {label}</label></form>\n"
            ),
        )
        .unwrap();
    }
    let o = run(dir.path(), &["."], &[("NO_COLOR", "1")]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("opt-in"), "{out}");
    for line in out.lines() {
        let t = line.trim_end();
        if let Some(before) = t.strip_suffix('-') {
            assert!(
                !before.ends_with(|c: char| c.is_alphabetic()),
                "wrapped inside a hyphenated word: {line:?}\n{out}"
            );
        }
    }
}

/// The summary line counts files and directories as what they are.
#[test]
fn summary_counts_files_and_directories_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    let o = run(dir.path(), &["empty"], &[("NO_COLOR", "1")]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.ends_with("No files linted; 1 directory had no Markdown or HTML files to lint\n"),
        "{err}"
    );
    std::fs::write(dir.path().join("terms.md"), "# Terms\n\nNothing here.\n").unwrap();
    let o = run(
        dir.path(),
        &["terms.md", "missing.md", "empty"],
        &[("NO_COLOR", "1")],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.ends_with("No problems found in 1 file; 1 file could not be linted; 1 directory had no Markdown or HTML files to lint\n"),
        "{err}"
    );
}
