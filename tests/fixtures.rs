//! The fixture harness.
//!
//! Every `testdata/<lint-id>/<name>.{md,html,txt}` (server templates such as `.php`,
//! `.ascx`, and components under
//! `testdata/components/`: `.jsx .tsx .vue .svelte .astro .mdx`, and translation files in
//! `testdata/components/locales/`) has a sidecar `<name>.toml` that says
//! exactly what linting it must report:
//!
//! ```toml
//! # lints whose findings are checked exhaustively (default: the folder's lint)
//! check = ["pre-checked-consent"]
//! [[expect]]
//! lint = "pre-checked-consent"
//! text = 'checked="checked"'     # source[span] must be exactly this
//! label = "Send me offers"       # optional: a secondary label must slice to this
//! ```
//!
//! A fixture with no `[[expect]]` must stay silent for the checked lints. Every
//! diagnostic of every lint, checked or not, must keep the span contract.

use std::path::{Path, PathBuf};

use consentlint::{lint, Config, Format};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    #[serde(default)]
    check: Option<Vec<String>>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    expect: Vec<Expect>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
struct Expect {
    lint: String,
    text: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    severity: Option<String>,
}

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("md" | "html" | "txt" | "jsx" | "tsx" | "vue" | "svelte" | "astro" | "mdx")
            ) || p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(consentlint::source::is_template_ext)
                || consentlint::locales::is_locale_path(&p).is_some()
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Check the span contract for every diagnostic.
fn check_spans(path: &Path, source: &str, diags: &[consentlint::Diagnostic]) -> Vec<String> {
    let mut errs = Vec::new();
    for d in diags {
        let mut spans = vec![d.span.clone()];
        spans.extend(d.labels.iter().map(|l| l.span.clone()));
        for s in spans {
            if !(s.start < s.end
                && s.end <= source.len()
                && source.is_char_boundary(s.start)
                && source.is_char_boundary(s.end))
            {
                errs.push(format!(
                    "{}: {} span {:?} breaks the span contract",
                    path.display(),
                    d.lint,
                    s
                ));
            } else if source[s.clone()].trim().is_empty() {
                errs.push(format!(
                    "{}: {} span {:?} is only white space",
                    path.display(),
                    d.lint,
                    s
                ));
            }
        }
    }
    errs
}

#[test]
fn fixtures_report_exactly_what_they_declare() {
    let files = fixtures();
    assert!(!files.is_empty(), "no fixtures under testdata/");
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &files {
        let spec_path = path.with_extension("toml");
        let spec_text = std::fs::read_to_string(&spec_path).unwrap_or_else(|_| {
            panic!("{} has no sidecar {}", path.display(), spec_path.display())
        });
        let spec: Spec =
            toml::from_str(&spec_text).unwrap_or_else(|e| panic!("{}: {e}", spec_path.display()));
        let _ = &spec.note;
        let source = std::fs::read_to_string(path).unwrap();
        let format = consentlint::source::format_for_path(path).unwrap_or(Format::Html);
        let config = Config {
            default_lang: spec.lang.clone(),
            ..Config::default()
        };
        // translation files in their locale's language, as the command line reads them
        let diags = match format {
            Format::Json | Format::Yaml => {
                let lang = consentlint::locales::lang_of(path);
                consentlint::lint_locale(&source, format, lang.as_deref(), &config)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                    .diagnostics
            }
            _ => lint(&source, format, &config),
        };
        failures.extend(check_spans(path, &source, &diags));
        let folder = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let check = spec.check.clone().unwrap_or_else(|| vec![folder.clone()]);
        let all = check.iter().any(|c| c == "*");
        let relevant: Vec<&consentlint::Diagnostic> = diags
            .iter()
            .filter(|d| all || check.iter().any(|c| c == d.lint))
            .collect();
        let mut unmatched: Vec<&consentlint::Diagnostic> = relevant.clone();
        for e in &spec.expect {
            let pos = unmatched.iter().position(|d| {
                d.lint == e.lint
                    && source[d.span.clone()] == *e.text
                    && e.severity
                        .as_deref()
                        .is_none_or(|s| s == d.severity.as_str())
                    && e.label
                        .as_ref()
                        .is_none_or(|l| d.labels.iter().any(|x| source[x.span.clone()] == **l))
            });
            match pos {
                Some(i) => {
                    unmatched.remove(i);
                }
                None => failures.push(format!(
                    "{}: expected {} on {:?}{} but got: {:?}",
                    path.display(),
                    e.lint,
                    e.text,
                    e.label
                        .as_ref()
                        .map(|l| format!(" (label {l:?})"))
                        .unwrap_or_default(),
                    relevant
                        .iter()
                        .map(|d| (
                            d.lint,
                            &source[d.span.clone()],
                            d.labels
                                .iter()
                                .map(|l| &source[l.span.clone()])
                                .collect::<Vec<_>>()
                        ))
                        .collect::<Vec<_>>()
                )),
            }
        }
        for d in unmatched {
            failures.push(format!(
                "{}: unexpected {} on {:?}: {}",
                path.display(),
                d.lint,
                &source[d.span.clone()],
                d.message
            ));
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} fixture failure(s) in {checked} fixtures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every lint has fixtures that fire and fixtures that stay silent, in English and Danish.
#[test]
fn every_lint_has_firing_and_silent_fixtures_in_both_languages() {
    let files = fixtures();
    let mut missing = Vec::new();
    for l in consentlint::lints::all() {
        let id = l.id();
        let ours: Vec<&PathBuf> = files
            .iter()
            .filter(|p| p.parent().unwrap().ends_with(id))
            .collect();
        for lang in ["en", "da"] {
            for firing in [true, false] {
                let n = ours
                    .iter()
                    .filter(|p| {
                        p.file_name()
                            .unwrap()
                            .to_string_lossy()
                            .starts_with(&format!("{lang}-"))
                    })
                    .filter(|p| {
                        let spec: Spec = toml::from_str(
                            &std::fs::read_to_string(p.with_extension("toml")).unwrap(),
                        )
                        .unwrap();
                        spec.expect.iter().any(|e| e.lint == id) == firing
                    })
                    .count();
                if n == 0 {
                    missing.push(format!(
                        "{id}: no {} fixture in {lang}",
                        if firing { "firing" } else { "silent" }
                    ));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
