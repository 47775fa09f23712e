//! Configuration files through the command line: discovery, severities, `off`,
//! `--config`, `--isolated`, and broken files that point into the TOML.

mod common;
use common::{run_in as run, stdout};

const BOX: &str = r#"<form><label><input type="checkbox" name="newsletter" checked> Send me the newsletter</label></form>
<p>You can unsubscribe at any time with the link in every newsletter.</p>
"#;

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("site/da")).unwrap();
    std::fs::write(dir.path().join("site/signup.html"), BOX).unwrap();
    std::fs::write(dir.path().join("site/da/tilmelding.html"), BOX).unwrap();
    dir
}

#[test]
fn nearest_config_sets_severities_and_turns_lints_off() {
    let dir = setup();
    std::fs::write(
        dir.path().join("site/consentlint.toml"),
        "[lints]\npre-checked-consent = \"info\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("site/da/.consentlint.toml"),
        "[lints]\npre-checked-consent = \"off\"\n",
    )
    .unwrap();
    let o = run(dir.path(), &["--format", "compact", "site"]);
    let out = stdout(&o);
    assert!(
        out.contains("site/signup.html:1:55: info [pre-checked-consent]"),
        "{out}"
    );
    assert!(
        !out.contains("tilmelding.html"),
        "the nearer config turns the lint off: {out}"
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "info does not fail the run: {out}"
    );
    // --isolated ignores both
    let o = run(dir.path(), &["--isolated", "--format", "compact", "site"]);
    let out = stdout(&o);
    assert_eq!(
        out.matches("error [pre-checked-consent]").count(),
        2,
        "{out}"
    );
    assert_eq!(o.status.code(), Some(1));
    // --config replaces discovery
    std::fs::write(
        dir.path().join("strict.toml"),
        "[lints]\npre-checked-consent = \"warning\"\n",
    )
    .unwrap();
    let o = run(
        dir.path(),
        &["--config", "strict.toml", "--format", "compact", "site"],
    );
    assert_eq!(
        stdout(&o).matches("warning [pre-checked-consent]").count(),
        2,
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_config_above_the_repository_root_does_not_apply() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(
        outer.path().join("consentlint.toml"),
        "[lints]\npre-checked-consent = \"off\"\n",
    )
    .unwrap();
    let repo = outer.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::write(repo.join("signup.html"), BOX).unwrap();
    let o = run(&repo, &["--format", "compact", "signup.html"]);
    assert!(
        stdout(&o).contains("error [pre-checked-consent]"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn broken_config_points_into_the_toml_and_other_files_are_linted() {
    let dir = setup();
    std::fs::write(
        dir.path().join("site/da/consentlint.toml"),
        "language = \"da\"\n[lints]\npre-checked-consent = \"loud\"\n",
    )
    .unwrap();
    let o = run(dir.path(), &["--format", "json", "site"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("consentlint.toml:3:24"),
        "location of the bad value: {err}"
    );
    assert!(err.contains("\"loud\" is not a severity"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    let da = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("tilmelding.html"))
        .unwrap();
    assert_eq!(da["error"]["kind"], "config");
    let en = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("signup.html"))
        .unwrap();
    assert!(en["error"].is_null());
    assert_eq!(
        en["diagnostics"].as_array().unwrap().len(),
        1,
        "still linted"
    );
}

#[test]
fn unknown_keys_and_lints_are_errors() {
    let dir = setup();
    for (text, needle) in [
        ("langauge = \"da\"\n", "langauge"),
        (
            "[lints]\nno-such-lint = \"off\"\n",
            "unknown lint \"no-such-lint\"",
        ),
        ("language = \"sv\"\n", "language must be"),
    ] {
        std::fs::write(dir.path().join("bad.toml"), text).unwrap();
        let o = run(dir.path(), &["--config", "bad.toml", "site"]);
        assert_eq!(o.status.code(), Some(2), "{text}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(needle), "{text}: {err}");
        assert!(err.contains("bad.toml"), "names the file: {err}");
    }
}

#[test]
fn baseline_reports_only_new_findings() {
    let dir = setup();
    let o = run(dir.path(), &["--write-baseline", "baseline.json", "site"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("baseline.json")).unwrap())
            .unwrap();
    assert_eq!(b["version"], 1);
    assert_eq!(b["findings"].as_object().unwrap().len(), 2);
    // nothing new: clean
    let o = run(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "compact", "site"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).is_empty());
    // the human summary says the baseline hid findings, so a clean run is not misread
    let o = run(dir.path(), &["--baseline", "baseline.json", "site"]);
    let err = String::from_utf8_lossy(&o.stderr);
    let known = b["findings"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_array().unwrap().len())
        .sum::<usize>();
    assert!(
        err.contains(&format!(
            "({known} known findings in the baseline not shown)"
        )),
        "{err}"
    );
    // an edit elsewhere in the file keeps the old finding known; a new box is reported
    let edited = format!("<h1>Sign up</h1>\n<p>Welcome.</p>\n{BOX}<form><label><input type=\"checkbox\" name=\"partners\" checked> Share my e-mail with partners for their offers</label></form>\n");
    std::fs::write(dir.path().join("site/signup.html"), edited).unwrap();
    let o = run(
        dir.path(),
        &["--baseline", "baseline.json", "--format", "compact", "site"],
    );
    let out = stdout(&o);
    assert_eq!(out.matches("[pre-checked-consent]").count(), 1, "{out}");
    assert!(
        out.contains("site/signup.html:5:"),
        "only the new box: {out}"
    );
    assert_eq!(o.status.code(), Some(1));
    // a broken baseline is a usage error
    std::fs::write(dir.path().join("bad.json"), "[]").unwrap();
    let o = run(dir.path(), &["--baseline", "bad.json", "site"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn statistics_and_quiet() {
    let dir = setup();
    let o = run(dir.path(), &["--statistics", "site"]);
    let out = stdout(&o);
    assert_eq!(
        out.trim(),
        "2  pre-checked-consent                error",
        "{out}"
    );
    assert_eq!(o.status.code(), Some(1), "statistics keep the exit code");
    let o = run(dir.path(), &["--quiet", "site"]);
    assert!(stdout(&o).contains("pre-checked-consent"));
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("Found"),
        "no summary line"
    );
    let o = run(dir.path(), &["site"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("Found 2 problems"));
}
