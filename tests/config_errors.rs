//! Every configuration error in one run, each pointing into the file, each unknown value
//! with the nearest valid one; "did you mean" wherever a lint id is typed.

mod common;

use common::{code, run_in, stderr, stdout, write, MD_BOX};

/// A configuration file with a mistake on nearly every line.
const BROKEN: &str = r#"langauge = "da"
language = "dk"

[lints]
pre-checked = "warning"
vague-purpose = "loud"
narrow-purpose = "warn"

[lints.buried-consent]
depht = 0.5
depth = 7

[formats]
php = "htm"

[[overrides]]
file = ["da/**"]
language = "danish"
"#;

#[test]
fn all_configuration_errors_come_in_one_run_each_pointing_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    write(dir.path(), "consentlint.toml", BROKEN);
    write(dir.path(), "terms.md", format!("# Terms\n\n{MD_BOX}\n"));
    let o = run_in(dir.path(), &["terms.md"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    // (message, file:line:column of the label)
    let want = [
        ("unknown key `langauge`; did you mean `language`?", "consentlint.toml:1:1"),
        ("language must be \"en\" or \"da\", not \"dk\"; did you mean \"da\"?", "consentlint.toml:2:13"),
        ("unknown lint \"pre-checked\"; did you mean \"pre-checked-consent\"?", "consentlint.toml:5:1"),
        ("\"loud\" is not a severity", "consentlint.toml:6:18"),
        ("\"warn\" is not a severity: use \"error\", \"warning\", \"info\" or \"off\"; did you mean \"warning\"?", "consentlint.toml:7:19"),
        ("unknown option `depht` for buried-consent; did you mean `depth`?", "consentlint.toml:10:1"),
        ("`depth` of buried-consent is a fraction of the document: between 0 and 1, not 7", "consentlint.toml:11:9"),
        ("\"htm\" is not a format: use \"html\" or \"markdown\"; did you mean \"html\"?", "consentlint.toml:14:8"),
        ("unknown key `file` in an override; did you mean `files`?", "consentlint.toml:17:1"),
        ("language must be \"en\" or \"da\", not \"danish\"; did you mean \"da\"?", "consentlint.toml:18:13"),
    ];
    let mut last = 0;
    for (message, at) in want {
        let i = err
            .find(message)
            .unwrap_or_else(|| panic!("missing {message:?} in:\n{err}"));
        assert!(
            i >= last,
            "errors come in the order of the file: {message:?}\n{err}"
        );
        last = i;
        assert!(err[i..].contains(at), "{message:?} points at {at}:\n{err}");
    }
    assert!(
        err.contains("10 errors in the configuration file consentlint.toml"),
        "{err}"
    );
    // the file it governs is reported, not linted
    assert!(err.contains("terms.md"), "{err}");
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
}

#[test]
fn the_library_returns_every_error_with_its_span() {
    let e = consentlint::config::parse(std::path::Path::new("c.toml"), BROKEN).unwrap_err();
    let all = e.all();
    assert_eq!(all.len(), 10, "{all:#?}");
    let spans: Vec<&str> = all
        .iter()
        .map(|(_, s)| &BROKEN[(*s).cloned().unwrap()])
        .collect();
    assert_eq!(
        spans,
        [
            "langauge",
            "dk",
            "pre-checked",
            "loud",
            "warn",
            "depht",
            "7",
            "htm",
            "file",
            "danish"
        ]
    );
}

#[test]
fn explain_suggests_the_nearest_lint() {
    let dir = tempfile::tempdir().unwrap();
    for (typed, near) in [
        ("pre-checked", "pre-checked-consent"),
        ("vauge-purpose", "vague-purpose"),
        ("buried", "buried-consent"),
        ("unused-supression", "unused-suppression"),
    ] {
        let o = run_in(dir.path(), &["explain", typed]);
        assert_eq!(code(&o), 2);
        assert!(
            stderr(&o).contains(&format!("unknown lint `{typed}`; did you mean `{near}`?")),
            "{typed}: {}",
            stderr(&o)
        );
    }
    let o = run_in(dir.path(), &["explain", "zzz"]);
    assert!(!stderr(&o).contains("did you mean"), "{}", stderr(&o));
}
