//! The pack format and its validation, shared by the library (`src/packs.rs`, for user
//! packs from `extend-packs`) and the build script (`build.rs`, which parses and checks
//! the packs under `lints/` at build time and compiles them into the binary). One file
//! included by both, so the format and its rules are written once.
//!
//! Only `std`, `serde` and `toml` may be used here: the build script has nothing else.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One pack, as written in `lints/<id>.toml` or `lints/concepts/<id>.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub id: String,
    /// `None` for concept packs.
    #[serde(default)]
    pub default_severity: Option<Severity>,
    /// Required of embedded packs (checked at build time); user packs may leave it out.
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub basis: Vec<String>,
    #[serde(default)]
    pub explanation: String,
    /// What to write instead (shown as a diagnostic's help).
    #[serde(default)]
    pub help: String,
    /// `phrases.<lang>.<list> = [...]`
    #[serde(default)]
    pub phrases: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    pub examples: Vec<Example>,
    /// Token patterns (`[[patterns]]`): sequences of token constraints over stems, lists
    /// and word classes (syntax in `src/analysis/pattern_syntax.rs`), each with the
    /// examples that must fire and stay silent, run by the test suite.
    #[serde(default)]
    pub patterns: Vec<PatternDef>,
    /// `lexicon.<lang>.<list> = [...]`: word families for the token patterns, matched by
    /// stem (not compiled into the phrase automaton). `@list` in a pattern looks here
    /// first, then in `phrases`.
    #[serde(default)]
    pub lexicon: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// Free-form options with their defaults (documented in the explanation).
    #[serde(default)]
    pub options: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub lang: String,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub bad: Option<String>,
    #[serde(default)]
    pub good: Option<String>,
}

/// One token pattern of a pack.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternDef {
    /// What the pattern stands for, unique in its pack (`improve-generic-object`).
    pub name: String,
    pub lang: String,
    /// The family of wordings and where it comes from (the law, a guidance text, a
    /// systematic expansion).
    #[serde(default)]
    pub source: String,
    /// What kind of finding it gives (the lint's message class); free-form per lint.
    #[serde(default)]
    pub kind: String,
    pub pattern: String,
    /// Matches of any of these overlapping the match cancel it.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Sentences the lint must flag through this pattern.
    #[serde(default)]
    pub fires: Vec<String>,
    /// Sentences the lint must leave alone.
    #[serde(default)]
    pub silent: Vec<String>,
}

impl Pack {
    pub fn is_concept(&self) -> bool {
        self.default_severity.is_none()
    }
}

/// Errors found while loading packs.
#[derive(Debug, Clone)]
pub struct PackError {
    pub path: String,
    pub message: String,
    /// Where in the pack's text, when known.
    pub span: Option<Range<usize>>,
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Languages a phrase list may be written for.
pub const PACK_LANGS: &[&str] = &["en", "da"];

/// `list -> phrases`, with their places in the text.
type SpannedLists = BTreeMap<Spanned<String>, Vec<Spanned<String>>>;

/// The phrase tables of a pack with their places in the text, to point errors at them.
#[derive(Deserialize)]
struct SpannedPhrases {
    #[serde(default)]
    phrases: BTreeMap<Spanned<String>, SpannedLists>,
}

/// Parse and validate one pack.
pub fn parse_pack(path: &str, text: &str) -> Result<Pack, PackError> {
    let err = |message: String, span: Option<Range<usize>>| PackError {
        path: path.to_string(),
        message,
        span,
    };
    let pack: Pack =
        toml::from_str(text).map_err(|e| err(toml_error_message(&e, text), e.span()))?;
    // only read again (with spans) when something is wrong
    let spanned = || toml::from_str::<SpannedPhrases>(text).ok();
    for lang in pack.phrases.keys() {
        if !PACK_LANGS.contains(&lang.as_str()) {
            let span = spanned().and_then(|s| {
                s.phrases
                    .keys()
                    .find(|k| k.get_ref() == lang)
                    .map(|k| k.span())
            });
            return Err(err(
                format!("phrases for unsupported language '{lang}' (supported: en, da)"),
                span,
            ));
        }
    }
    for (k, p) in pack.patterns.iter().enumerate() {
        let at = || {
            // point at the k-th `pattern = ` of the text
            text.match_indices("pattern =")
                .nth(k)
                .map(|(i, m)| i..i + m.len())
        };
        if !PACK_LANGS.contains(&p.lang.as_str()) {
            return Err(err(
                format!("pattern '{}': unsupported language '{}'", p.name, p.lang),
                at(),
            ));
        }
        for src in std::iter::once(&p.pattern).chain(&p.unless) {
            if let Err(e) = crate::pattern_syntax::parse(src) {
                return Err(err(format!("pattern '{}': {e}", p.name), at()));
            }
        }
    }
    for (lang, lists) in &pack.phrases {
        for (list, phrases) in lists {
            for (i, p) in phrases.iter().enumerate() {
                let core = p.trim_matches('*');
                let span = || {
                    spanned().and_then(|s| {
                        let (_, lists) = s.phrases.iter().find(|(k, _)| k.get_ref() == lang)?;
                        let (_, ps) = lists.iter().find(|(k, _)| k.get_ref() == list)?;
                        ps.get(i).map(|p| p.span())
                    })
                };
                if core.trim().is_empty() {
                    return Err(err(
                        format!("empty phrase in phrases.{lang}.{list}"),
                        span(),
                    ));
                }
                // the matcher opens a phrase only at its ends: "sende* videre" would look
                // for a literal '*' and never match
                if core.contains('*') {
                    return Err(err(
                        format!(
                            "phrase '{p}' in phrases.{lang}.{list}: '*' may only start or end a phrase; spell out the inflections"
                        ),
                        span(),
                    ));
                }
            }
        }
    }
    Ok(pack)
}

/// What an embedded pack (under `lints/`, at `path` relative to it) needs beyond
/// [`parse_pack`]: a summary, an id that matches the file name, severities only on lint
/// packs, phrases in every language, and for a lint its legal basis, an explanation and
/// an example in each language. Checked by the build script, so a broken pack fails the build.
pub fn check_embedded(path: &str, p: &Pack) -> Result<(), String> {
    let fail = |m: &str| Err(format!("{path}: {m}"));
    if p.summary.is_empty() {
        return fail("a pack needs a summary");
    }
    let concept = path.starts_with("concepts/");
    if p.is_concept() != concept {
        return fail("lint packs need default_severity, concept packs must not have one");
    }
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".toml");
    if p.id != stem {
        return fail("id must match the file name");
    }
    for lang in PACK_LANGS {
        if !(p.phrases.contains_key(*lang) || p.phrases.is_empty()) {
            return fail(&format!("phrases for {lang} missing"));
        }
    }
    if !concept {
        if p.basis.is_empty() {
            return fail("a lint needs its legal basis");
        }
        if p.explanation.is_empty() {
            return fail("a lint needs an explanation");
        }
        for lang in PACK_LANGS {
            if !p.examples.iter().any(|e| e.lang == *lang) {
                return fail(&format!("needs an example in '{lang}'"));
            }
        }
    }
    for pat in &p.patterns {
        if pat.fires.is_empty() || pat.silent.is_empty() {
            return fail(&format!(
                "pattern '{}' needs at least one `fires` and one `silent` example",
                pat.name
            ));
        }
        if pat.source.trim().is_empty() {
            return fail(&format!(
                "pattern '{}' needs a `source`: the family it stands for and where it comes from",
                pat.name
            ));
        }
    }
    Ok(())
}

/// The message for a TOML error. toml gives no message for some syntax errors (a control
/// character in a comment, found by the config fuzz target): name the character, or say
/// the syntax is invalid, so an error never reads as just the file name.
pub fn toml_error_message(e: &toml::de::Error, text: &str) -> String {
    let message = e.message().trim();
    if !message.is_empty() {
        return message.to_string();
    }
    match e.span().and_then(|r| text.get(r.start..)?.chars().next()) {
        Some(c) if c.is_control() => {
            format!("control character U+{:04X} is not allowed here", c as u32)
        }
        _ => "invalid TOML syntax here".to_string(),
    }
}
