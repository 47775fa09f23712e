//! consentlint: a linter for consent in terms and conditions, privacy notices
//! and signup forms, in Markdown or HTML, in English and Danish.
//!
//! The library never prints; the binary (`src/main.rs`) is a thin shell over
//! [`lint`] and the reporters in [`report`].
//!
//! ```
//! use consentlint::{lint, Config, Format};
//! let html = r#"<label><input type="checkbox" name="newsletter" checked> Send me the newsletter</label>"#;
//! let diags = lint(html, Format::Html, &Config::default());
//! assert_eq!(diags[0].lint, "pre-checked-consent");
//! assert_eq!(&html[diags[0].span.clone()], "checked");
//! ```
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod analysis;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod fix;
pub mod fold;
pub mod lints;
pub mod locales;
pub mod lsp;
pub mod packs;
pub mod pattern_syntax;
pub mod report;
pub mod source;
pub mod suppress;
pub mod text;

/// A work counter, for tests that bound super-linear work by counting it rather than
/// timing it: bytes read by the text primitives (normalizing for the phrase matcher,
/// sentence splitting, word counts) plus open elements and pending controls visited by
/// the readers' searches, during one [`lint_full`] on this thread. Not a stable API.
#[doc(hidden)]
pub mod work {
    use std::cell::Cell;

    thread_local! {
        static UNITS: Cell<u64> = const { Cell::new(0) };
    }

    #[inline]
    pub(crate) fn add(n: usize) {
        UNITS.with(|u| u.set(u.get().wrapping_add(n as u64)));
    }

    /// The count so far on this thread, reset to zero.
    pub fn take() -> u64 {
        UNITS.with(|u| u.replace(0))
    }
}

pub use diagnostic::{Diagnostic, Severity};
pub use document::components::Locale;
pub use document::{parse, Document, Format};

use analysis::{Analysis, Detected};

/// Settings for a run.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The language to assume when a document neither declares nor shows one.
    pub default_lang: Option<String>,
    /// Per-lint severity; `None` turns the lint off. Lints not named keep their default.
    pub lints: std::collections::BTreeMap<String, Option<Severity>>,
    /// Per-lint options (`[lints.<id>]` tables in consentlint.toml), over the defaults in
    /// the lint pack's `[options]`; validated by [`config::parse`].
    pub options:
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, toml::Value>>,
    /// The phrase vocabulary when user packs (`extend-packs`) add phrases; `None` means the
    /// built-in packs ([`analysis::Vocab::global`]).
    pub vocab: Option<&'static analysis::Vocab>,
    /// `locales` in consentlint.toml: the folder its globs are relative to and the globs
    /// that name the repository's translation files (instead of the built-in folders).
    pub locale_globs: Option<std::sync::Arc<(std::path::PathBuf, globset::GlobSet)>>,
}

/// The result of linting one source.
#[derive(Debug, Clone)]
pub struct Linted {
    pub format: Format,
    /// The document's language as decided by the analysis (`en`, `da`, `de`, ...).
    pub language: Option<&'static str>,
    pub diagnostics: Vec<Diagnostic>,
    /// Units of work this lint took (see [`work`]); for tests, not a stable API.
    #[doc(hidden)]
    pub work: u64,
}

/// Lint `source` (the whole file as read) and return its diagnostics, sorted by position.
pub fn lint(source: &str, format: Format, config: &Config) -> Vec<Diagnostic> {
    lint_full(source, format, config).diagnostics
}

/// Like [`lint`], with the document's language.
pub fn lint_full(source: &str, format: Format, config: &Config) -> Linted {
    work::take();
    let doc = document::parse(source, format);
    lint_doc(source, format, doc, config)
}

/// Like [`lint_full`], for a component whose texts live in translation files: the file is
/// also read once for each locale with its translation calls (`t('newsletter_optin')`,
/// `<Trans i18nKey>`, `{{ $t('key') }}`) as that locale's text, in that locale's language.
///
/// A finding that only the translated text gives is reported at the call, with a label
/// there that names the key, the locale and its file, and a [`Related`](diagnostic::Related)
/// span at the key's value inside the translation file. A finding about the text itself
/// (its primary span inside the call) that the translation file's own lint already reports
/// on that value is left to the translation file, where the text is written: each text
/// finding is reported once, and a component's finding is one the component's context
/// (its checkbox, its form) gives.
pub fn lint_with_locales(
    source: &str,
    format: Format,
    config: &Config,
    locales: &[Locale],
) -> Linted {
    let mut base = lint_full(source, format, config);
    if !matches!(format, Format::Jsx | Format::Vue | Format::Svelte) {
        return base;
    }
    let mut added = false;
    // base findings already given a locale's message and labels
    let mut retold = std::collections::HashSet::new();
    for loc in locales {
        let doc = document::parse_translated(source, format, Some(&loc.texts));
        if doc.translations.is_empty() {
            continue;
        }
        let calls = doc.translations.clone();
        let mut cfg = config.clone();
        cfg.default_lang = Some(loc.lang.clone());
        let linted = lint_doc(source, format, doc, &cfg);
        for mut d in linted.diagnostics {
            let touches = |r: &std::ops::Range<usize>| {
                calls
                    .iter()
                    .find(|(c, _)| c.start < r.end && r.start < c.end)
                    .cloned()
            };
            let Some((call, key)) =
                touches(&d.span).or_else(|| d.labels.iter().find_map(|l| touches(&l.span)))
            else {
                continue;
            };
            let source_of = loc.sources.get(&key);
            // a finding on the text alone: the translation file reports it where it is written
            let inside = call.start <= d.span.start && d.span.end <= call.end;
            if inside {
                if let Some((file, span)) = source_of {
                    if own_findings(loc, config).iter().any(|(p, lint, r)| {
                        *p == file.path
                            && *lint == d.lint
                            && r.start < span.end
                            && span.start < r.end
                    }) {
                        continue;
                    }
                }
            }
            let note = format!("'{key}' in {} ({})", loc.path, loc.lang);
            let related = source_of.map(|(file, span)| diagnostic::Related {
                file: file.clone(),
                span: span.clone(),
                message: format!("'{key}' ({})", loc.lang),
            });
            if let Some(k) = base
                .diagnostics
                .iter()
                .position(|x| x.lint == d.lint && x.span == d.span)
            {
                let same = &mut base.diagnostics[k];
                // the first locale read names the control by its translated text: without
                // it the untranslated run had only the nearest text to go by (a button's
                // 'Opret' for a box labelled by `{t('newsletter_optin')}`)
                if retold.insert(k) {
                    same.message = d.message.clone();
                    same.labels = d
                        .labels
                        .iter()
                        .filter(|l| l.span != call)
                        .cloned()
                        .collect();
                }
                if !same.labels.iter().any(|l| l.message == note) {
                    same.labels.push(diagnostic::Label {
                        span: call,
                        message: note,
                    });
                    same.related.extend(related);
                }
                continue;
            }
            d.labels.retain(|l| l.span != call);
            d.labels.push(diagnostic::Label {
                span: call,
                message: note,
            });
            d.related.extend(related);
            retold.insert(base.diagnostics.len());
            base.diagnostics.push(d);
            added = true;
        }
    }
    if added {
        base.diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, a.lint).cmp(&(b.span.start, b.span.end, b.lint))
        });
        diagnostic::assign_fingerprints(source, &mut base.diagnostics);
    }
    base
}

/// The findings of a locale's translation files linted on their own (worked out once per
/// locale and run): file path, lint and span.
fn own_findings<'l>(
    loc: &'l Locale,
    config: &Config,
) -> &'l [(String, &'static str, std::ops::Range<usize>)] {
    loc.own_findings.get_or_init(|| {
        let mut files: Vec<&std::sync::Arc<locales::SourceFile>> =
            loc.sources.values().map(|(f, _)| f).collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        let mut out = Vec::new();
        for f in files {
            let format = locales::format_of(std::path::Path::new(&f.path)).unwrap_or(Format::Json);
            if let Ok(l) = lint_locale(&f.text, format, Some(&loc.lang), config) {
                out.extend(
                    l.diagnostics
                        .into_iter()
                        .map(|d| (f.path.clone(), d.lint, d.span)),
                );
            }
        }
        out
    })
}

/// Lint a translation file ([`Format::Json`] or [`Format::Yaml`]): every string value is
/// linted as a text in `lang` (the locale the file is for, from its name), spans exact into
/// the file. A file that is not valid JSON or YAML is an error with its line and column.
pub fn lint_locale(
    source: &str,
    format: Format,
    lang: Option<&str>,
    config: &Config,
) -> Result<Linted, String> {
    work::take();
    let doc = document::parse_locale(source, format, lang)?;
    let mut cfg;
    let config = match lang {
        Some(l) => {
            cfg = config.clone();
            cfg.default_lang = Some(l.to_string());
            &cfg
        }
        None => config,
    };
    Ok(lint_doc(source, format, doc, config))
}

fn lint_doc(source: &str, format: Format, doc: Document, config: &Config) -> Linted {
    let default = config
        .default_lang
        .as_deref()
        .and_then(analysis::language::from_tag);
    let vocab = config.vocab.unwrap_or_else(analysis::Vocab::global);
    let an = Analysis::with_vocab(&doc, default, vocab);
    let cx = lints::Context {
        source,
        doc: &doc,
        analysis: &an,
        config,
    };
    let mut diags = Vec::new();
    for l in lints::all() {
        if config.lints.get(l.id()) == Some(&None) {
            continue;
        }
        l.check(&cx, &mut diags);
    }
    let known = |id: &str| lints::all().iter().any(|l| l.id() == id);
    suppress::apply(source, &doc, &mut diags, &known);
    // configured severities; `off` drops the lint's findings
    if !config.lints.is_empty() {
        diags.retain_mut(|d| match config.lints.get(d.lint) {
            Some(None) => false,
            Some(Some(sev)) => {
                d.severity = *sev;
                true
            }
            None => true,
        });
    }
    // keep the span contract whatever a lint did
    diags.retain(|d| {
        d.span.start < d.span.end
            && d.span.end <= source.len()
            && source.is_char_boundary(d.span.start)
            && source.is_char_boundary(d.span.end)
    });
    diags.sort_by(|a, b| {
        (a.span.start, a.span.end, a.lint).cmp(&(b.span.start, b.span.end, b.lint))
    });
    diags.dedup_by(|a, b| a.lint == b.lint && a.span == b.span);
    diagnostic::assign_fingerprints(source, &mut diags);
    Linted {
        format,
        language: an.doc_lang.map(Detected::code),
        diagnostics: diags,
        work: work::take(),
    }
}
