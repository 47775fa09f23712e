//! Baselines match a file however its path is spelled: keys are relative to the baseline
//! file's folder, so a baseline written from `.` matches runs on `legal/privacy.md`, on an
//! absolute path, with `./`, `..` or doubled separators, and from a subdirectory; and a
//! baseline that no longer fits a file says so.

mod common;

use common::{code, run_in, stderr, stdout, write, MD_BOX};
use serde_json::Value;

/// A repository with a Markdown page holding a pre-ticked box in `legal/`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    write(
        dir.path(),
        "legal/privacy.md",
        format!("# Newsletter\n\n{MD_BOX}\n"),
    );
    dir
}

fn baseline(dir: &std::path::Path, name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
}

#[test]
fn a_baseline_written_from_dot_matches_every_spelling_of_the_path() {
    let dir = repo();
    let d = dir.path();
    let o = run_in(d, &["--write-baseline", "b.json", "."]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let b = baseline(d, "b.json");
    let keys: Vec<&String> = b["findings"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["legal/privacy.md"], "{b:#}");
    // without the baseline the box is a finding
    assert_eq!(code(&run_in(d, &["legal/privacy.md"])), 1);
    let abs = d.join("legal/privacy.md").display().to_string();
    for spelling in [
        "legal/privacy.md",
        "./legal/privacy.md",
        "legal//privacy.md",
        "legal/./privacy.md",
        "legal/../legal/privacy.md",
        abs.as_str(),
        ".",
        "legal",
    ] {
        let o = run_in(
            d,
            &["--baseline", "b.json", "--format", "compact", spelling],
        );
        assert_eq!(code(&o), 0, "{spelling}: {}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).is_empty(), "{spelling}: {}", stdout(&o));
    }
    // from a subdirectory, with the baseline above it
    let sub = d.join("legal");
    for (baseline, file) in [
        ("../b.json", "privacy.md"),
        ("../b.json", "./privacy.md"),
        (d.join("b.json").to_str().unwrap(), "privacy.md"),
    ] {
        let o = run_in(&sub, &["--baseline", baseline, "--format", "compact", file]);
        assert_eq!(
            code(&o),
            0,
            "{baseline} {file}: {}{}",
            stdout(&o),
            stderr(&o)
        );
    }
    // the human summary counts the known finding
    let o = run_in(&sub, &["--baseline", "../b.json", "privacy.md"]);
    assert!(
        stderr(&o).contains("known finding") && stderr(&o).contains("in the baseline not shown"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_baseline_written_from_a_subdirectory_matches_from_the_root() {
    let dir = repo();
    let d = dir.path();
    let sub = d.join("legal");
    let o = run_in(&sub, &["--write-baseline", "../b.json", "privacy.md"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let b = baseline(d, "b.json");
    assert!(b["findings"]["legal/privacy.md"].is_array(), "{b:#}");
    let o = run_in(d, &["--baseline", "b.json", "--format", "compact", "."]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

#[test]
fn line_shifts_keep_old_findings_known_and_new_ones_are_reported() {
    let dir = repo();
    let d = dir.path();
    assert_eq!(code(&run_in(d, &["--write-baseline", "b.json", "."])), 0);
    write(
        d,
        "legal/privacy.md",
        format!("# Newsletter\n\nA new paragraph.\n\nAnother.\n\n{MD_BOX}\n\n- [x] Yes, send me offers by e-mail\n"),
    );
    let o = run_in(
        d,
        &[
            "--baseline",
            "b.json",
            "--format",
            "compact",
            "./legal/privacy.md",
        ],
    );
    let out = stdout(&o);
    assert_eq!(code(&o), 1);
    assert_eq!(out.matches("pre-checked-consent").count(), 1, "{out}");
    assert!(
        out.contains("legal/privacy.md:9:"),
        "only the new box: {out}"
    );
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}

#[test]
fn older_baselines_with_paths_as_spelled_still_match() {
    let dir = repo();
    let d = dir.path();
    assert_eq!(code(&run_in(d, &["--write-baseline", "b.json", "."])), 0);
    let fps = baseline(d, "b.json")["findings"]["legal/privacy.md"].clone();
    // as version 1 wrote it before: the path as given, relative to where it ran
    let old = serde_json::json!({ "version": 1, "findings": { "./legal/privacy.md": fps } });
    std::fs::write(d.join("old.json"), old.to_string()).unwrap();
    let o = run_in(
        d,
        &[
            "--baseline",
            "old.json",
            "--format",
            "compact",
            "legal/privacy.md",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

#[test]
fn case_is_folded_on_request() {
    let dir = repo();
    let d = dir.path();
    assert_eq!(code(&run_in(d, &["--write-baseline", "b.json", "."])), 0);
    let fps = baseline(d, "b.json")["findings"]["legal/privacy.md"].clone();
    // written on a case-insensitive file system, where the folder is spelled `Legal`
    let other = serde_json::json!({
        "version": 1, "path_base": "baseline-folder", "findings": { "Legal/Privacy.md": fps }
    });
    std::fs::write(d.join("c.json"), other.to_string()).unwrap();
    let o = run_in(
        d,
        &[
            "--baseline",
            "c.json",
            "--format",
            "compact",
            "legal/privacy.md",
        ],
    );
    assert_eq!(code(&o), 1, "case matters unless asked");
    let o = run_in(
        d,
        &[
            "--baseline",
            "c.json",
            "--baseline-ignore-case",
            "--format",
            "compact",
            "legal/privacy.md",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    // --write-baseline --baseline-ignore-case records it in the file
    assert_eq!(
        code(&run_in(
            d,
            &["--write-baseline", "i.json", "--baseline-ignore-case", "."]
        )),
        0
    );
    assert_eq!(baseline(d, "i.json")["ignore_case"], true);
}

#[test]
fn a_baseline_that_no_longer_fits_says_so_once() {
    let dir = repo();
    let d = dir.path();
    write(
        d,
        "legal/terms.md",
        format!("# Terms\n\n{MD_BOX}\n\n- [x] Send me offers by e-mail\n"),
    );
    let stale = serde_json::json!({
        "version": 1, "path_base": "baseline-folder",
        "findings": { "legal/privacy.md": ["0000000000000000", "1111111111111111"] }
    });
    std::fs::write(d.join("s.json"), stale.to_string()).unwrap();
    let o = run_in(d, &["--baseline", "s.json", "--format", "compact", "."]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(
        err.contains("legal/privacy.md: none of its 2 findings in the baseline s.json matched"),
        "{err}"
    );
    // a baseline whose files are all absent from the run
    let elsewhere = serde_json::json!({
        "version": 1, "path_base": "baseline-folder",
        "findings": { "site/privacy.md": ["0000000000000000"] }
    });
    std::fs::write(d.join("e.json"), elsewhere.to_string()).unwrap();
    let o = run_in(d, &["--baseline", "e.json", "--format", "compact", "legal"]);
    let err = stderr(&o);
    assert!(
        err.contains("none of the 1 file in the baseline e.json was linted in this run"),
        "{err}"
    );
}

#[test]
fn a_missing_baseline_is_a_usage_error_that_says_where_it_looked() {
    let dir = repo();
    let sub = dir.path().join("legal");
    let o = run_in(&sub, &["--baseline", "b.json", "privacy.md"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("error: cannot use the baseline b.json: no such file"),
        "{err}"
    );
}
