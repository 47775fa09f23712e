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
        out.contains("--- form.html")
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
