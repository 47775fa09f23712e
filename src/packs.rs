//! Lint packs: the TOML files under `lints/` that hold each lint's metadata,
//! phrase lists per language, documentation and examples, and the concept
//! packs under `lints/concepts/` that hold vocabulary shared by several lints.
//!
//! Packs are parsed and checked at build time (`build.rs`, with the format and rules of
//! `packs/schema.rs`), and compiled into the binary as data: a run builds them from
//! string literals, without parsing TOML. User packs (`extend-packs`) are parsed at run time.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;

mod schema;

pub use schema::{
    check_embedded, parse_pack, toml_error_message, Example, Pack, PackError, PatternDef, Severity,
    PACK_LANGS,
};

include!(concat!(env!("OUT_DIR"), "/packs.rs"));

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
    patterns: Option<Spanned<toml::Value>>,
    #[serde(default)]
    lexicon: Option<Spanned<toml::Value>>,
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
    let shape: UserShape =
        toml::from_str(text).map_err(|e| err(toml_error_message(&e, text), e.span()))?;
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
        ("patterns", &shape.patterns),
        ("lexicon", &shape.lexicon),
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

/// All embedded packs, built once per process from the data the build script generated
/// from `lints/` (parsed and checked there: a broken pack fails the build).
pub fn embedded() -> &'static [Pack] {
    static PACKS: OnceLock<Vec<Pack>> = OnceLock::new();
    PACKS.get_or_init(embedded_packs)
}

/// Owned strings from the generated data.
fn s(t: &str) -> String {
    t.to_string()
}

fn strings(ts: &[&str]) -> Vec<String> {
    ts.iter().map(|t| s(t)).collect()
}

/// `phrases.<lang>.<list>` from the generated data.
type RawPhrases = [(
    &'static str,
    &'static [(&'static str, &'static [&'static str])],
)];

fn phrases(langs: &RawPhrases) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    langs
        .iter()
        .map(|(lang, lists)| {
            let lists = lists.iter().map(|(l, ps)| (s(l), strings(ps))).collect();
            (s(lang), lists)
        })
        .collect()
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
            check_embedded(path, &p).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    /// The packs compiled in by the build script are the packs parsed from the text.
    #[test]
    fn generated_packs_equal_parsed_packs() {
        let parsed: Vec<Pack> = EMBEDDED_PACKS
            .iter()
            .map(|(path, text)| parse_pack(path, text).unwrap())
            .collect();
        assert_eq!(embedded(), &parsed[..]);
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
    fn a_wildcard_inside_a_phrase_is_an_error_pointed_at() {
        let t = "id = \"x\"\n[phrases.da]\na = [\"sende videre\", \"sende* videre\"]\n";
        let e = parse_pack("x.toml", t).unwrap_err();
        assert!(e.message.contains("may only start or end"), "{}", e.message);
        assert_eq!(&t[e.span.unwrap()], "\"sende* videre\"");
        // at either end it is the prefix or suffix wildcard
        let t = "id = \"x\"\n[phrases.da]\na = [\"*partner*\", \"sende*\"]\n";
        assert!(parse_pack("x.toml", t).is_ok());
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
