//! The README's pre-commit example works as written: it pins a commit (the repository has
//! no tags), names the hook this repository defines, and that hook asks for the file types
//! the tool lints.

use std::path::Path;

fn read(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap()
}

/// The fenced blocks of a README section.
fn blocks(readme: &str, heading: &str) -> Vec<String> {
    let start = readme
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("no section {heading}"));
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    let section = &rest[..end];
    let mut out = Vec::new();
    for b in section.split("```").skip(1).step_by(2) {
        out.push(b.split_once('\n').map_or("", |(_, body)| body).to_string());
    }
    out
}

#[test]
fn readme_pre_commit_example_pins_a_commit_and_names_the_hook() {
    let readme = read("README.md");
    let hooks = read(".pre-commit-hooks.yaml");
    let example = &blocks(&readme, "pre-commit")[0];
    assert!(example.contains("repos:"), "{example}");
    let rev = example
        .lines()
        .find_map(|l| l.trim().strip_prefix("rev:"))
        .unwrap_or_else(|| panic!("no rev in {example}"))
        .split('#')
        .next()
        .unwrap()
        .trim();
    assert!(
        rev.len() == 40 && rev.chars().all(|c| c.is_ascii_hexdigit()),
        "rev must be a full commit SHA (there are no tags), not {rev:?}"
    );
    let id = example
        .lines()
        .find_map(|l| l.trim().strip_prefix("- id:"))
        .unwrap()
        .trim();
    assert!(
        hooks.contains(&format!("- id: {id}\n")),
        "the example's hook {id} is not in .pre-commit-hooks.yaml"
    );
    assert!(hooks.contains("types_or: [markdown, html]"), "{hooks}");
    assert!(
        !readme.contains("rev: v0."),
        "a tag pin is left in the README"
    );
}
