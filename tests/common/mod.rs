//! Helpers shared by the command-line integration tests: run the real binary in a
//! folder or on stdin, read its output, write inputs. (`tests/common/mod.rs` is not a
//! test crate of its own; each test file that needs it says `mod common;`.)
#![allow(dead_code)]

pub mod oracle;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_consentlint");

/// A pre-ticked consent box the tool reports; its span slices to `checked`.
pub const HTML_BOX: &str =
    r#"<label><input type="checkbox" name="newsletter" checked> Send me the newsletter</label>"#;
/// The same in Markdown; its span slices to `[x]`.
pub const MD_BOX: &str = "- [x] Yes, send me the newsletter";

/// Run the binary in `dir` without colour and with no stdin.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run consentlint")
}

/// Run the binary in `dir` with `input` on stdin (written from a thread, so a large
/// input cannot deadlock against a full stdout pipe).
pub fn run_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn consentlint");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let o = child.wait_with_output().expect("wait for consentlint");
    writer.join().unwrap();
    o
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn assert_no_panic(o: &Output) {
    let e = stderr(o);
    assert!(!e.contains("panicked"), "the tool panicked:\n{e}");
    assert!(!e.contains("overflowed its stack"), "stack overflow:\n{e}");
}

/// The exit code; a panic, a stack overflow or a signal fails the test.
pub fn code(o: &Output) -> i32 {
    assert_no_panic(o);
    o.status.code().unwrap_or_else(|| {
        panic!(
            "killed by a signal ({:?}); stderr:\n{}",
            o.status,
            stderr(o)
        )
    })
}

/// Stdout as JSON (and no panic on stderr).
pub fn json(o: &Output) -> Value {
    assert_no_panic(o);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            stdout(o),
            stderr(o)
        )
    })
}

/// Write `dir/name`, creating folders on the way.
pub fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(p, content).unwrap();
}

pub fn files(v: &Value) -> &Vec<Value> {
    v["files"].as_array().expect("files is an array")
}

/// The JSON entry of one file.
pub fn file<'a>(v: &'a Value, path: &str) -> &'a Value {
    files(v)
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no file entry for {path} in {v:#}"))
}

/// Every diagnostic of a file entry.
pub fn all_diags(f: &Value) -> &Vec<Value> {
    f["diagnostics"]
        .as_array()
        .expect("diagnostics is an array")
}

/// Whether this is a CI run (`CI` set to anything but empty, `0` or `false`): there, a test
/// that needs an outside tool (Chromium, pre-commit) fails when the tool is missing, since
/// `.ci/run` installs them; elsewhere it is skipped with a note.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// Skip (return `true` after a note on stderr) or fail a test whose tool is missing.
pub fn skip_without(test: &str, tool: &str, install: &str) -> bool {
    if in_ci() {
        panic!("{test} needs {tool}, which is missing; install it: {install} (.ci/run does). It is required when CI is set.");
    }
    // straight to stderr, not through eprintln!, which the test harness captures
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: {tool} is not installed (install it with `{install}` to run this test; with CI=true it is required)"
    );
    true
}
