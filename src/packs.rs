//! Lint packs: the TOML files under `lints/` that hold each lint's metadata,
//! phrase lists per language, documentation and examples, and the concept
//! packs under `lints/concepts/` that hold vocabulary shared by several lints.
//!
//! Packs are embedded in the binary at build time and parsed once per process.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

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
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Languages a phrase list may be written for.
pub const PACK_LANGS: &[&str] = &["en", "da"];

/// Parse and validate one pack.
pub fn parse_pack(path: &str, text: &str) -> Result<Pack, PackError> {
    let pack: Pack = toml::from_str(text).map_err(|e| PackError {
        path: path.to_string(),
        message: e.to_string(),
    })?;
    for lang in pack.phrases.keys() {
        if !PACK_LANGS.contains(&lang.as_str()) {
            return Err(PackError {
                path: path.to_string(),
                message: format!("phrases for unsupported language '{lang}' (supported: en, da)"),
            });
        }
    }
    for (lang, lists) in &pack.phrases {
        for (list, phrases) in lists {
            for p in phrases {
                let core = p.trim_matches('*');
                if core.trim().is_empty() {
                    return Err(PackError {
                        path: path.to_string(),
                        message: format!("empty phrase in phrases.{lang}.{list}"),
                    });
                }
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
}
