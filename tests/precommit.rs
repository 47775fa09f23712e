//! The pre-commit hook, run by the real pre-commit (from PyPI) in a temporary git
//! repository: `pre-commit try-repo` builds this crate with `language: rust` exactly as
//! a user's hook would, then runs it on a bad and a good file.
//!
//! Needs pre-commit (`pre-commit` or `python3 -m pre_commit`) and git. The test installs
//! nothing: without pre-commit it is skipped with a note, except when `CI` is set (`CI=true`,
//! as in `.ci/run`, which installs pre-commit): there it fails.

use std::path::Path;
use std::process::Command;

mod common;

fn sh(dir: &Path, cmd: &str, args: &[&str]) -> std::process::Output {
    Command::new(cmd)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("{cmd} {args:?}: {e}"))
}

/// The command that runs pre-commit: the `pre-commit` script, or `python3 -m pre_commit`;
/// `None` when neither works. Nothing is installed here: `.ci/run` installs pre-commit.
fn pre_commit() -> Option<Vec<String>> {
    let works = |cmd: &[&str]| {
        Command::new(cmd[0])
            .args(&cmd[1..])
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if works(&["pre-commit"]) {
        return Some(vec!["pre-commit".into()]);
    }
    if works(&["python3", "-m", "pre_commit"]) {
        return Some(vec!["python3".into(), "-m".into(), "pre_commit".into()]);
    }
    None
}

#[test]
fn hook_fails_on_a_pre_ticked_box_and_passes_a_good_file() {
    let Some(pc) = pre_commit() else {
        common::skip_without(
            "hook_fails_on_a_pre_ticked_box_and_passes_a_good_file",
            "pre-commit",
            "python3 -m pip install pre-commit",
        );
        return;
    };
    let repo = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let d = repo.path();
    sh(d, "git", &["init", "-q"]);
    sh(d, "git", &["config", "user.email", "t@example.com"]);
    sh(d, "git", &["config", "user.name", "t"]);
    std::fs::write(
        d.join("signup.html"),
        "<form><label><input type=\"checkbox\" name=\"newsletter\" checked> Send me the newsletter</label></form>\n\
         <p>You can unsubscribe at any time with the link in every newsletter.</p>\n",
    )
    .unwrap();
    std::fs::write(
        d.join("vilkaar.md"),
        "# Nyhedsbrev\n\nDu kan tilmelde dig vores nyhedsbrev nedenfor. Du kan altid afmelde dig igen via linket i hver e-mail.\n\n- [ ] Ja tak, send mig nyhedsbrevet\n",
    )
    .unwrap();
    std::fs::write(d.join("notes.txt"), "checked\n").unwrap();
    sh(d, "git", &["add", "."]);
    let project = env!("CARGO_MANIFEST_DIR");
    let run = |files: &[&str]| {
        let mut args: Vec<&str> = pc[1..].iter().map(String::as_str).collect();
        args.extend(["try-repo", project, "consentlint", "--files"]);
        args.extend_from_slice(files);
        Command::new(&pc[0])
            .args(&args)
            .current_dir(d)
            .env("PRE_COMMIT_HOME", home.path())
            // pre-commit builds the hook with `cargo install`: keep that build cheap and cached
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "0")
            .env(
                "CARGO_TARGET_DIR",
                Path::new(project).join("target/pre-commit"),
            )
            .env("NO_COLOR", "1")
            .output()
            .expect("pre-commit runs")
    };
    let bad = run(&["signup.html", "notes.txt"]);
    let out = String::from_utf8_lossy(&bad.stdout);
    assert_eq!(
        bad.status.code(),
        Some(1),
        "the hook must fail:\n{out}\n{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    assert!(out.contains("pre-checked-consent"), "{out}");
    assert!(out.contains("signup.html"), "{out}");
    let good = run(&["vilkaar.md", "notes.txt"]);
    let out = String::from_utf8_lossy(&good.stdout);
    assert_eq!(
        good.status.code(),
        Some(0),
        "the hook must pass:\n{out}\n{}",
        String::from_utf8_lossy(&good.stderr)
    );
    assert!(out.contains("Passed"), "{out}");
}
