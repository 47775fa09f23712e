//! consentlint.toml beyond severities: `[lints.<id>]` option tables, include/exclude,
//! `[formats]`, `[[overrides]]`, `extend-packs`, and `consentlint init`.

use std::path::Path;

mod common;
use common::{run_in as run, stderr, stdout};

/// A repository (a `.git` folder) with `files` written into it.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// A pre-ticked box whose one-word Danish label only the Danish phrase lists know.
const DA_BOX: &str =
    "<form><label><input type=\"checkbox\" name=\"a\" checked> Nyhedsbrev</label></form>\n";

/// An English pre-ticked newsletter box.
const BOX: &str = r#"<form><label><input type="checkbox" name="newsletter" checked> Send me the newsletter</label></form>
<p>You can unsubscribe at any time with the link in every newsletter.</p>
"#;

/// Shop terms of about 630 words with a consent grant in clause 5 of 10 (40% in).
fn terms() -> String {
    let filler = "The customer must pay the price stated at checkout before delivery. Delivery takes three to five working days within the country, and the goods remain our property until paid in full. Complaints about defects must be made within a reasonable time after the defect was discovered, and returns are accepted within fourteen days in the original packaging.";
    let mut s = String::from("# Shop terms\n\n");
    for i in 1..=10 {
        s.push_str(&format!("## {i}. Terms part {i}\n\n{filler}"));
        if i == 5 {
            s.push_str(" By submitting your details you consent to us passing them to our partners for marketing.");
        }
        s.push_str("\n\n");
    }
    s
}

#[test]
fn depth_option_changes_buried_consent_and_tables_set_severity() {
    let dir = repo(&[("terms.md", &terms())]);
    // default depth 0.6: a grant 40% in is not buried
    let o = run(dir.path(), &["--format", "compact", "terms.md"]);
    assert!(!stdout(&o).contains("[buried-consent]"), "{}", stdout(&o));
    std::fs::write(
        dir.path().join("consentlint.toml"),
        "[lints]\nbundled-consent = \"info\"\n\n[lints.buried-consent]\nseverity = \"warning\"\ndepth = 0.3\n",
    )
    .unwrap();
    let o = run(dir.path(), &["--format", "compact", "terms.md"]);
    let out = stdout(&o);
    assert!(
        out.contains(
            "warning [buried-consent] consent grant 'you consent to' is buried in clause 5"
        ),
        "{out}"
    );
    assert!(
        out.contains("info [bundled-consent]"),
        "short form still works: {out}"
    );
    // min-words: the document is now too short to "cover other matters"
    std::fs::write(
        dir.path().join("consentlint.toml"),
        "[lints.buried-consent]\ndepth = 0.3\nmin-words = 1000\n",
    )
    .unwrap();
    let o = run(dir.path(), &["--format", "compact", "terms.md"]);
    assert!(!stdout(&o).contains("[buried-consent]"), "{}", stdout(&o));
}

#[test]
fn bad_options_name_the_file_and_show_the_key() {
    let dir = repo(&[("terms.md", &terms())]);
    for (text, needle, at) in [
        (
            "[lints.buried-consent]\nseverity = \"warning\"\ndepht = 0.3\n",
            "unknown option `depht` for buried-consent; did you mean `depth`? (its keys: severity, depth, min-words)",
            "consentlint.toml:3:1",
        ),
        (
            "[lints.buried-consent]\ndepth = \"deep\"\n",
            "`depth` of buried-consent must be a number, not a string",
            "consentlint.toml:2:9",
        ),
        (
            "[lints.buried-consent]\ndepth = 40\n",
            "between 0 and 1",
            "consentlint.toml:2:9",
        ),
        (
            "[[overrides]]\nfiles = [\"da/[\"]\n",
            "bad glob \"da/[\"",
            "consentlint.toml:2:11",
        ),
        (
            "[formats]\nphp = \"xml\"\n",
            "\"xml\" is not a format",
            "consentlint.toml:2:8",
        ),
        (
            "extend-packs = [\"nowhere/\"]\n",
            "no pack file or folder \"nowhere/\"",
            "consentlint.toml:1:18",
        ),
    ] {
        std::fs::write(dir.path().join("consentlint.toml"), text).unwrap();
        let o = run(dir.path(), &["terms.md"]);
        assert_eq!(o.status.code(), Some(2), "{text}");
        let err = stderr(&o);
        assert!(err.contains(needle), "{text}: {err}");
        assert!(err.contains(at), "{text}: points at {at}: {err}");
        // the offending line is shown with a label under it
        let line = text
            .lines()
            .nth(at.rsplit(':').nth(1).unwrap().parse::<usize>().unwrap() - 1);
        assert!(err.contains(line.unwrap()), "{text}: {err}");
        assert!(err.contains("here"), "{err}");
    }
}

#[test]
fn overrides_set_the_language_of_da_files_and_later_ones_win() {
    let dir = repo(&[
        ("site/en/a.html", DA_BOX),
        ("site/da/a.html", DA_BOX),
        ("site/da/b.html", DA_BOX),
        (
            "consentlint.toml",
            "language = \"en\"\n\n[[overrides]]\nfiles = [\"site/da/**\"]\nlanguage = \"da\"\n\n[[overrides]]\nfiles = [\"**/b.html\"]\n[overrides.lints]\npre-checked-consent = \"warning\"\n",
        ),
    ]);
    let o = run(dir.path(), &["--format", "compact", "site"]);
    let out = stdout(&o);
    assert!(
        out.contains("site/da/a.html:1:46: error [pre-checked-consent]"),
        "Danish by the override: {out}"
    );
    assert!(
        out.contains("site/da/b.html:1:46: warning [pre-checked-consent]"),
        "the later override sets the severity: {out}"
    );
    assert!(
        !out.contains("site/en/a.html:1:46"),
        "English elsewhere: the Danish label means nothing: {out}"
    );
    // a file named explicitly gets its override too
    let o = run(dir.path(), &["--format", "compact", "site/da/a.html"]);
    assert!(
        stdout(&o).contains("error [pre-checked-consent]"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn include_and_exclude_apply_to_walks_not_to_named_files() {
    let dir = repo(&[
        ("site/signup.html", BOX),
        ("site/drafts/old.html", BOX),
        ("site/notes/n.md", "- [x] Send me the newsletter\n"),
        ("consentlint.toml", "exclude = [\"site/drafts/**\"]\n"),
    ]);
    let o = run(dir.path(), &["--format", "compact", "site"]);
    let out = stdout(&o);
    assert!(out.contains("site/signup.html"), "{out}");
    assert!(out.contains("site/notes/n.md"), "{out}");
    assert!(!out.contains("old.html"), "excluded: {out}");
    // explicitly named: linted anyway (as ruff does)
    let o = run(dir.path(), &["--format", "compact", "site/drafts/old.html"]);
    assert!(stdout(&o).contains("old.html"), "{}", stdout(&o));
    // include narrows the walk; a folder pattern covers what is in it
    std::fs::write(
        dir.path().join("consentlint.toml"),
        "include = [\"**/*.html\"]\nexclude = [\"site/drafts\"]\n",
    )
    .unwrap();
    let o = run(dir.path(), &["--format", "compact", "site"]);
    let out = stdout(&o);
    assert!(out.contains("site/signup.html"), "{out}");
    assert!(!out.contains("n.md"), "not included: {out}");
    assert!(!out.contains("old.html"), "excluded folder: {out}");
    // globs are relative to the configuration's folder, wherever the run starts
    let o = run(&dir.path().join("site"), &["--format", "compact", "."]);
    let out = stdout(&o);
    assert!(
        out.contains("signup.html") && !out.contains("old.html") && !out.contains("n.md"),
        "{out}"
    ); // a folder with only excluded files says so
    let o = run(dir.path(), &["--format", "compact", "site/drafts"]);
    assert!(
        stdout(&o).contains("1 left out by include/exclude in consentlint.toml"),
        "{}",
        stdout(&o)
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn formats_map_template_extensions_into_walks() {
    let php = "<?php $title = 'Sign up'; ?>\n<form method=\"post\" action=\"<?= $action ?>\">\n  <label><input type=\"checkbox\" name=\"newsletter\" checked> Send me the newsletter</label>\n  <?php if ($x) { echo '<p>Thanks</p>'; } ?>\n</form>\n";
    let dir = repo(&[("tpl/signup.php", php), ("tpl/other.twig", BOX)]);
    // not mapped: a walk does not pick templates up
    let o = run(dir.path(), &["--format", "json", "tpl"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"][0]["error"]["kind"], "no-files", "{v}");
    std::fs::write(
        dir.path().join("consentlint.toml"),
        "[formats]\nphp = \"html\"\n",
    )
    .unwrap();
    let o = run(dir.path(), &["--format", "compact", "tpl"]);
    let out = stdout(&o);
    assert!(
        out.contains("tpl/signup.php:3:")
            && out.contains("error [pre-checked-consent] checkbox 'Send me the newsletter'"),
        "{out}"
    );
    assert!(!out.contains("other.twig"), "twig is not mapped: {out}");
    assert_eq!(o.status.code(), Some(1));
    // a mapping also decides how a named file is read
    std::fs::write(
        dir.path().join("notes.rst"),
        "- [x] Send me the newsletter\n",
    )
    .unwrap();
    let o = run(dir.path(), &["--format", "compact", "notes.rst"]);
    assert!(
        stdout(&o).contains("[unsupported-type]") && o.status.code() == Some(2),
        "unsupported without mapping: {}",
        stdout(&o)
    );
    std::fs::write(
        dir.path().join("consentlint.toml"),
        "[formats]\nrst = \"markdown\"\n",
    )
    .unwrap();
    let o = run(dir.path(), &["--format", "compact", "notes.rst"]);
    assert!(
        stdout(&o).contains("notes.rst:1:3: error [pre-checked-consent]"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_user_pack_adds_a_danish_phrase_that_fires() {
    let page = "<html lang=\"da\"><form><label><input type=\"checkbox\" name=\"a\" checked> Klubfordele</label></form></html>\n";
    let dir = repo(&[
        ("site/tilmelding.html", page),
        (
            "packs/marketing-da.toml",
            "# our own words for marketing\nid = \"marketing\"\n\n[phrases.da]\nterms = [\"klubfordele\"]\n",
        ),
    ]);
    let o = run(dir.path(), &["--format", "compact", "site"]);
    assert!(
        stdout(&o).is_empty(),
        "the built-in lists do not know the word: {}",
        stdout(&o)
    );
    std::fs::write(
        dir.path().join("consentlint.toml"),
        "extend-packs = [\"packs/\"]\n",
    )
    .unwrap();
    let o = run(dir.path(), &["--format", "compact", "site"]);
    assert!(
        stdout(&o).contains(
            "site/tilmelding.html:1:62: error [pre-checked-consent] checkbox 'Klubfordele'"
        ),
        "{}",
        stdout(&o)
    );
    // in an English document the box is not read as Danish marketing (missing-withdrawal
    // does read labels in the other language too, by design)
    std::fs::write(
        dir.path().join("site/signup.html"),
        "<html lang=\"en\"><form><label><input type=\"checkbox\" name=\"a\" checked> Klubfordele</label></form></html>\n",
    )
    .unwrap();
    let with = run(dir.path(), &["--format", "compact", "site/signup.html"]);
    assert!(
        !stdout(&with).contains("[pre-checked-consent]"),
        "{}",
        stdout(&with)
    );
}

#[test]
fn bad_user_packs_point_into_the_pack() {
    let dir = repo(&[
        ("signup.html", BOX),
        ("consentlint.toml", "extend-packs = [\"packs\"]\n"),
    ]);
    for (text, needle, at) in [
        (
            "id = \"marketing\"\n[phrases.da]\nterms = [\"ok\"]\nnew-list = [\"x\"]\n",
            "pack \"marketing\" has no phrase list \"new-list\"",
            "my.toml:4:1",
        ),
        (
            "id = \"marketting\"\n",
            "no built-in pack \"marketting\" to extend",
            "my.toml:1:6",
        ),
        (
            "id = \"marketing\"\n[phrases.sv]\nterms = [\"x\"]\n",
            "phrases for unsupported language 'sv'",
            "my.toml:2:10",
        ),
        (
            "id = \"pre-checked-consent\"\ndefault_severity = \"info\"\n",
            "a user pack only adds phrases: `default_severity` is not allowed",
            "my.toml:2:20",
        ),
        (
            "id = \"marketing\"\nphrasez = 1\n",
            "unknown field `phrasez`",
            "my.toml:2:1",
        ),
    ] {
        std::fs::create_dir_all(dir.path().join("packs")).unwrap();
        std::fs::write(dir.path().join("packs/my.toml"), text).unwrap();
        let o = run(dir.path(), &["--format", "compact", "signup.html"]);
        assert_eq!(o.status.code(), Some(2), "{text}");
        let err = stderr(&o);
        assert!(err.contains(needle), "{text}: {err}");
        assert!(err.contains(at), "{text}: {err}");
        assert!(
            stdout(&o).contains("error [config]"),
            "the file under it reports the broken configuration: {}",
            stdout(&o)
        );
    }
}

#[test]
fn init_writes_a_starter_that_changes_nothing() {
    let dir = repo(&[
        ("site/signup.html", BOX),
        ("site/terms.md", &terms()),
        ("site/da/tilmelding.html", DA_BOX),
    ]);
    let before = run(dir.path(), &["--format", "json", "site"]);
    let o = run(dir.path(), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = dir.path().join("consentlint.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // parses with the real parser, sets nothing
    let c = consentlint::config::parse(&path, &text).unwrap_or_else(|e| panic!("{e}"));
    assert!(c.base.lints.is_empty() && c.base.options.is_empty() && c.formats.is_empty());
    assert!(c.base.default_lang.is_none());
    for l in consentlint::lints::all() {
        let sev = consentlint::lints::pack(l.id()).default_severity.unwrap();
        assert!(
            text.lines()
                .any(|line| line.starts_with(&format!("# {} ", l.id()))
                    && line.ends_with(&format!("\"{}\"", sev.as_str()))),
            "{} with its default severity",
            l.id()
        );
    }
    for key in [
        "language",
        "include",
        "exclude",
        "[[overrides]]",
        "[formats]",
        "extend-packs",
        "locales",
        "php = \"html\"",
        "depth = 0.6",
    ] {
        assert!(text.contains(key), "mentions {key}");
    }
    let after = run(dir.path(), &["--format", "json", "site"]);
    assert_eq!(
        stdout(&before),
        stdout(&after),
        "the starter changes nothing"
    );
    assert_eq!(before.status.code(), after.status.code());
    // no overwriting without --force
    std::fs::write(&path, "language = \"da\"\n").unwrap();
    let o = run(dir.path(), &["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("already exists (use --force"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "language = \"da\"\n"
    );
    let o = run(dir.path(), &["init", "--force"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

/// The `toml` blocks of the README's configuration section, in order.
fn readme_tomls() -> Vec<String> {
    let readme = include_str!("../README.md");
    let start = readme.find("## Configuration").unwrap();
    let end = start + readme[start..].find("\n## Adopting").unwrap();
    readme[start..end]
        .split("```toml\n")
        .skip(1)
        .map(|b| b[..b.find("```").unwrap()].to_string())
        .collect()
}

#[test]
fn the_readme_examples_are_valid() {
    let blocks = readme_tomls();
    assert_eq!(blocks.len(), 2);
    let c = consentlint::config::parse(Path::new("consentlint.toml"), &blocks[0])
        .unwrap_or_else(|e| panic!("README example: {e}"));
    assert_eq!(c.base.default_lang.as_deref(), Some("da"));
    // `.mdx` is read as MDX without a mapping (no `mdx = "markdown"` any more)
    assert_eq!(c.formats.len(), 6);
    let globs = c.base.locale_globs.as_ref().expect("locales");
    assert!(globs.1.is_match("src/translations/da/common.json"));
    let p = consentlint::packs::parse_user_pack("marketing-da.toml", &blocks[1])
        .unwrap_or_else(|e| panic!("README pack: {e}"));
    assert_eq!(p.id, "marketing");
}
