//! `--fix` and `--diff`: pre-ticked boxes unticked atomically, every other byte and the
//! file's permissions kept, nothing written under `--diff`.

use std::process::Command;

const FORM: &str = "<!DOCTYPE html>\r\n<form>\r\n  <label><input type=\"checkbox\" name=\"news\"   checked=\"checked\"> Send me the newsletter</label>\r\n  <div role=\"switch\" aria-checked=\"true\" aria-label=\"Marketing cookies\"></div>\r\n  <label><input type=\"checkbox\" name=\"remember\" checked> Remember me</label>\r\n</form>\r\n<p>Unsubscribe at any time with the link in every newsletter. Æble.</p>\r\n";

fn bin(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_consentlint"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn diff_previews_and_fix_applies() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("form.html");
    std::fs::write(&f, FORM).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let o = bin(dir.path(), &["--diff", "form.html"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("--- a/form.html\n+++ b/form.html\n")
            && out.contains("+  <label><input type=\"checkbox\" name=\"news\"> Send"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&f).unwrap(),
        FORM,
        "--diff writes nothing"
    );

    let o = bin(dir.path(), &["--fix", "--format", "json", "form.html"]);
    let fixed = std::fs::read_to_string(&f).unwrap();
    let want = FORM
        .replace("name=\"news\"   checked=\"checked\">", "name=\"news\">")
        .replace("aria-checked=\"true\"", "aria-checked=\"false\"");
    assert_eq!(
        fixed, want,
        "only what made the boxes checked changed; CRLF, the Remember-me box and the rest kept"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let remaining: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["lint"].as_str().unwrap())
        .collect();
    assert!(
        !remaining.contains(&"pre-checked-consent"),
        "fixed findings are gone: {remaining:?}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
    // nothing left to fix
    let o = bin(dir.path(), &["--diff", "form.html"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// A form with a pre-ticked box far from the top and from the end (so a hunk has three
/// lines of context on each side), a second box 5 lines on (one hunk), a finding no fix
/// removes, and no final newline.
fn long_form() -> String {
    let mut s = String::from("<!DOCTYPE html>\n<html lang=\"en\"><body><form>\n");
    for i in 0..12 {
        s.push_str(&format!("<p>Line {i} of the form.</p>\n"));
    }
    s.push_str(
        "<label><input type=\"checkbox\" name=\"news\" checked> Send me the newsletter</label>\n",
    );
    for i in 0..4 {
        s.push_str(&format!("<p>Between {i}.</p>\n"));
    }
    s.push_str("<label><input type=\"checkbox\" name=\"offers\" checked> Send me offers by e-mail</label>\n");
    s.push_str("<p>We may use your data to improve our services.</p>\n");
    for i in 0..10 {
        s.push_str(&format!("<p>Tail {i}.</p>\n"));
    }
    s.push_str("</form></body></html>");
    s
}

fn git(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs")
}

/// `--diff` output is a patch that `git apply --check` and `patch -p1` accept without fuzz,
/// however the file was named, and nothing else is on standard output.
#[test]
fn diff_is_a_patch_git_apply_and_patch_accept() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    std::fs::create_dir_all(d.join("site/forms")).unwrap();
    let form = long_form();
    std::fs::write(d.join("site/forms/signup.html"), &form).unwrap();
    std::fs::write(
        d.join("site/terms.md"),
        "# Terms\n\n- [x] Yes, send me the newsletter\n",
    )
    .unwrap();
    let abs = d.join("site").display().to_string();
    for spelling in ["site", "./site/", "site//forms/../", abs.as_str()] {
        let o = bin(d, &["--diff", spelling]);
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(1), "{spelling}: {out}\n{err}");
        assert!(
            out.contains("--- a/site/forms/signup.html\n+++ b/site/forms/signup.html\n"),
            "{spelling}: {out}"
        );
        assert!(
            out.contains("--- a/site/terms.md\n+++ b/site/terms.md\n"),
            "{out}"
        );
        // the two boxes 5 lines apart share one hunk with 3 lines of context around them
        assert!(
            out.contains("@@ -12,12 +12,12 @@\n <p>Line 9 of the form.</p>\n"),
            "{out}"
        );
        for line in out.lines() {
            assert!(
                ["--- a/", "+++ b/", "@@ -", " ", "-", "+", "\\"]
                    .iter()
                    .any(|p| line.starts_with(p))
                    || line.is_empty(),
                "not a patch line: {line:?} in\n{out}"
            );
        }
        assert!(
            !out.contains("vague-purpose"),
            "findings are not mixed into the patch"
        );
        assert!(err.contains("no automatic fix"), "{err}");
        std::fs::write(d.join("p.diff"), &out).unwrap();
        let check = git(d, &["apply", "--check", "-v", "p.diff"]);
        assert!(
            check.status.success(),
            "{spelling}: git apply --check rejects the patch: {}\n{out}",
            String::from_utf8_lossy(&check.stderr)
        );
        if Command::new("patch").arg("--version").output().is_ok() {
            let p = Command::new("patch")
                .args(["-p1", "--dry-run", "-i", "p.diff"])
                .current_dir(d)
                .output()
                .unwrap();
            let said = String::from_utf8_lossy(&p.stdout);
            assert!(p.status.success(), "patch -p1: {said}");
            assert!(
                !said.contains("fuzz") && !said.contains("offset"),
                "patch -p1 needed fuzz or an offset: {said}"
            );
        }
    }
    // from a subdirectory the paths are still the repository's, as git diff writes them
    let sub = d.join("site/forms");
    let o = bin(&sub, &["--diff", "signup.html"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        out.starts_with("--- a/site/forms/signup.html\n+++ b/site/forms/signup.html\n"),
        "{out}"
    );
    std::fs::write(sub.join("p.diff"), &out).unwrap();
    let check = git(&sub, &["apply", "--check", "p.diff"]);
    assert!(
        check.status.success(),
        "git apply --check in a subdirectory: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    std::fs::remove_file(sub.join("p.diff")).unwrap();
    // applied, the patch gives what --fix writes
    let check = git(d, &["apply", "p.diff"]);
    assert!(check.status.success());
    let patched = std::fs::read_to_string(d.join("site/forms/signup.html")).unwrap();
    std::fs::write(d.join("site/forms/signup.html"), &form).unwrap();
    let o = bin(d, &["--fix", "site/forms/signup.html"]);
    assert_eq!(o.status.code(), Some(1), "the vague purpose remains");
    assert_eq!(
        std::fs::read_to_string(d.join("site/forms/signup.html")).unwrap(),
        patched
    );
    assert!(!patched.contains("checked"), "{patched}");
    assert!(!patched.ends_with('\n'), "no final newline, as before");
}

/// `--fix` says which files it changed and how many findings it fixed, then what remains.
#[test]
fn fix_reports_what_it_changed_and_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("signup.html"), long_form()).unwrap();
    std::fs::write(d.join("clean.md"), "# Hello\n\nNothing to see.\n").unwrap();
    // a plain run says what --fix would fix
    let o = bin(d, &["signup.html"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("2 of them can be fixed automatically: run with --fix"),
        "{err}"
    );
    let o = bin(d, &["--fix", "signup.html", "clean.md"]);
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("fixed 2 findings in signup.html\n"), "{err}");
    assert!(!err.contains("in clean.md"), "{err}");
    assert!(
        err.contains("Fixed 2 findings in 1 file; remaining: found "),
        "{err}"
    );
    assert!(
        out.contains("vague-purpose"),
        "what remains is shown: {out}"
    );
    assert!(!out.contains("pre-checked-consent"), "{out}");
    // nothing left to fix: said so
    let o = bin(d, &["--fix", "signup.html"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("Nothing to fix automatically; remaining"),
        "{err}"
    );
    assert!(!err.contains("fixed "), "{err}");
}
