//! Lint packs: the TOML files under `lints/` that hold each lint's metadata,
//! phrase lists per language, documentation and examples, and the concept
//! packs under `lints/concepts/` that hold vocabulary shared by several lints.
//!
//! Packs are embedded in the binary at build time and parsed once per process.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;

include!(concat!(env!("OUT_DIR"), "/packs.rs"));

/// One pack, as written in `lints/<id>.toml` or `lints/concepts/<id>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub id: String,
    /// `None` for concept packs.
    #[serde(default)]
    pub default_severity: Option<Severity>,
    /// Required of embedded packs (tested); user packs may leave it out.
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
    /// Free-form options with their defaults (documented in the explanation).
    #[serde(default)]
    pub options: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Clone, Deserialize)]
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
    let pack: Pack = toml::from_str(text)
        .map_err(|e| err(crate::config::toml_error_message(&e, text), e.span()))?;
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
    for (lang, lists) in &pack.phrases {
        for (list, phrases) in lists {
            for (i, p) in phrases.iter().enumerate() {
                let core = p.trim_matches('*');
                if core.trim().is_empty() {
                    let span = spanned().and_then(|s| {
                        let (_, lists) = s.phrases.iter().find(|(k, _)| k.get_ref() == lang)?;
                        let (_, ps) = lists.iter().find(|(k, _)| k.get_ref() == list)?;
                        ps.get(i).map(|p| p.span())
                    });
                    return Err(err(format!("empty phrase in phrases.{lang}.{list}"), span));
                }
            }
        }
    }
    Ok(pack)
}

/// Fields of a pack that a user pack may not set: it only adds phrases.
#[derive(Deserialize)]
struct UserShape {
    id: Spanned<String>,
    #[serde(default)]
    default_severity: Option<Spanned<toml::Value>>,
    #[serde(default)]
    basis: Option<Spanned<toml::Value>>,
    #[serde(default)]
    explanation: Option<Spanned<toml::Value>>,
    #[serde(default)]
    help: Option<Spanned<toml::Value>>,
    #[serde(default)]
    examples: Option<Spanned<toml::Value>>,
    #[serde(default)]
    options: Option<Spanned<toml::Value>>,
    #[serde(default)]
    phrases: BTreeMap<String, BTreeMap<Spanned<String>, toml::Value>>,
}

/// Parse and validate a user pack (`extend-packs` in consentlint.toml): the same format and
/// validation as the packs under `lints/`, and then: `id` names an embedded pack (a lint or
/// a concept), and the pack only adds phrases to lists that pack already has (in any
/// language). Its phrases join those lists; nothing else about the lint changes.
pub fn parse_user_pack(path: &str, text: &str) -> Result<Pack, PackError> {
    let pack = parse_pack(path, text)?;
    let err = |message: String, span: Option<Range<usize>>| PackError {
        path: path.to_string(),
        message,
        span,
    };
    let shape: UserShape = toml::from_str(text)
        .map_err(|e| err(crate::config::toml_error_message(&e, text), e.span()))?;
    let Some(base) = embedded().iter().find(|p| p.id == pack.id) else {
        return Err(err(
            format!(
                "no built-in pack \"{}\" to extend (a user pack adds phrases to a lint or concept pack; `consentlint rules` lists the lints)",
                pack.id
            ),
            Some(shape.id.span()),
        ));
    };
    for (name, field) in [
        ("default_severity", &shape.default_severity),
        ("basis", &shape.basis),
        ("explanation", &shape.explanation),
        ("help", &shape.help),
        ("examples", &shape.examples),
        ("options", &shape.options),
    ] {
        if let Some(f) = field {
            return Err(err(
                format!("a user pack only adds phrases: `{name}` is not allowed here (set severities and options in consentlint.toml)"),
                Some(f.span()),
            ));
        }
    }
    for lists in shape.phrases.values() {
        for list in lists.keys() {
            let known = base
                .phrases
                .values()
                .any(|l| l.contains_key(list.get_ref()));
            if !known {
                let mut names: Vec<&str> = base
                    .phrases
                    .values()
                    .flat_map(|l| l.keys().map(String::as_str))
                    .collect();
                names.sort_unstable();
                names.dedup();
                return Err(err(
                    format!(
                        "pack \"{}\" has no phrase list \"{}\" (its lists: {})",
                        base.id,
                        list.get_ref(),
                        names.join(", ")
                    ),
                    Some(list.span()),
                ));
            }
        }
    }
    Ok(pack)
}

/// All embedded packs, parsed once. Embedded packs are tested to parse, so an
/// error here is a build defect; it is reported, not panicked on, by `packs()`.
pub fn embedded() -> &'static [Pack] {
    static PACKS: OnceLock<Vec<Pack>> = OnceLock::new();
    PACKS.get_or_init(|| {
        EMBEDDED_PACKS
            .iter()
            .filter_map(|(path, text)| match parse_pack(path, text) {
                Ok(p) => Some(p),
                Err(e) => {
                    debug_assert!(false, "embedded pack does not parse: {e}");
                    None
                }
            })
            .collect()
    })
}

/// The pack of a lint by id.
pub fn lint_pack(id: &str) -> Option<&'static Pack> {
    embedded().iter().find(|p| p.id == id && !p.is_concept())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_pack_parses() {
        assert!(!EMBEDDED_PACKS.is_empty());
        for (path, text) in EMBEDDED_PACKS {
            let p = parse_pack(path, text).unwrap_or_else(|e| panic!("{e}"));
            assert!(!p.summary.is_empty(), "{path}: a pack needs a summary");
            let concept = path.starts_with("concepts/");
            assert_eq!(
                p.is_concept(),
                concept,
                "{path}: lint packs need default_severity, concept packs must not have one"
            );
            let stem = path.rsplit('/').next().unwrap().trim_end_matches(".toml");
            assert_eq!(p.id, stem, "{path}: id must match the file name");
            for lang in PACK_LANGS {
                assert!(
                    p.phrases.contains_key(*lang) || p.phrases.is_empty(),
                    "{path}: phrases for {lang} missing"
                );
            }
            if !concept {
                assert!(!p.basis.is_empty(), "{path}: a lint needs its legal basis");
                assert!(
                    !p.explanation.is_empty(),
                    "{path}: a lint needs an explanation"
                );
                assert!(
                    p.examples.iter().any(|e| e.lang == "en"),
                    "{path}: needs an English example"
                );
                assert!(
                    p.examples.iter().any(|e| e.lang == "da"),
                    "{path}: needs a Danish example"
                );
            }
        }
    }

    #[test]
    fn bad_pack_is_an_error() {
        assert!(parse_pack("x.toml", "id = 1").is_err());
        assert!(parse_pack("x.toml", "id = \"x\"\nsummary = \"s\"\nbogus = 1").is_err());
        assert!(parse_pack(
            "x.toml",
            "id = \"x\"\nsummary = \"s\"\n[phrases.sv]\na = [\"b\"]"
        )
        .is_err());
    }

    #[test]
    fn pack_errors_carry_spans() {
        let t = "id = \"x\"\n[phrases.sv]\na = [\"b\"]\n";
        let e = parse_pack("x.toml", t).unwrap_err();
        assert_eq!(&t[e.span.unwrap()], "sv");
        let t = "id = \"x\"\n[phrases.da]\na = [\"b\", \"**\"]\n";
        let e = parse_pack("x.toml", t).unwrap_err();
        assert_eq!(&t[e.span.unwrap()], "\"**\"");
        let t = "id = \"x\"\nbogus = 1\n";
        let e = parse_pack("x.toml", t).unwrap_err();
        assert_eq!(&t[e.span.unwrap()], "bogus");
    }

    #[test]
    fn user_packs_only_extend_existing_lists() {
        let ok = "id = \"consent\"\n[phrases.da]\nterms = [\"mit ja tak\"]\n";
        let list = embedded()
            .iter()
            .find(|p| p.id == "consent")
            .and_then(|p| p.phrases.values().flat_map(|l| l.keys()).next().cloned())
            .unwrap();
        let ok = ok.replace("terms", &list);
        assert!(parse_user_pack("u.toml", &ok).is_ok());
        let t = "id = \"no-such\"\n";
        let e = parse_user_pack("u.toml", t).unwrap_err();
        assert_eq!(&t[e.span.unwrap()], "\"no-such\"");
        let t = "id = \"consent\"\n[phrases.da]\nnew-list = [\"x\"]\n";
        let e = parse_user_pack("u.toml", t).unwrap_err();
        assert_eq!(&t[e.span.unwrap()], "new-list");
        let t = "id = \"buried-consent\"\ndefault_severity = \"info\"\n";
        let e = parse_user_pack("u.toml", t).unwrap_err();
        assert_eq!(&t[e.span.unwrap()], "\"info\"");
    }
}
