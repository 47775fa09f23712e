//! Configuration files: `consentlint.toml` or `.consentlint.toml`.
//!
//! ```toml
//! # the language to assume when a document neither declares nor shows one
//! language = "da"
//! include = ["**/*.md", "**/*.html"]     # walked files, relative to this file's folder
//! exclude = ["drafts/**"]
//! extend-packs = ["packs/"]              # user packs that add phrases
//!
//! [lints]
//! vague-purpose = "info"      # error | warning | info | off
//! narrow-purpose = "off"
//!
//! [lints.buried-consent]      # a table: severity and the lint's options
//! severity = "warning"
//! depth = 0.5
//!
//! [formats]                   # walk and read these extensions too
//! php = "html"
//!
//! [[overrides]]               # later overrides win
//! files = ["da/**"]
//! language = "da"
//! [overrides.lints]
//! narrow-purpose = "info"
//! ```
//!
//! A file is found from the linted file's folder upward, stopping at the
//! repository root (the folder holding `.git`). Unknown keys, unknown lint ids,
//! unknown options and bad values are errors that point into the file.

mod files;
mod init;

pub use files::{ConfigFile, Resolved, Resolver};
pub use init::{starter, write_starter};

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::document::Format;

/// File names looked for, in this order.
pub const FILE_NAMES: &[&str] = &["consentlint.toml", ".consentlint.toml"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    #[serde(default)]
    language: Option<Spanned<String>>,
    #[serde(default)]
    lints: BTreeMap<Spanned<String>, Spanned<RawLint>>,
    #[serde(default)]
    include: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    formats: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    extend_packs: Vec<Spanned<String>>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    files: Vec<Spanned<String>>,
    #[serde(default)]
    language: Option<Spanned<String>>,
    #[serde(default)]
    lints: BTreeMap<Spanned<String>, Spanned<RawLint>>,
}

/// A lint's entry: `id = "warning"` or a table `[lints.id]` of `severity` and options.
enum RawLint {
    Severity(String),
    Table(Vec<(Spanned<String>, Spanned<toml::Value>)>),
}

impl<'de> Deserialize<'de> for RawLint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawLint;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a severity (\"error\", \"warning\", \"info\" or \"off\") or a table of `severity` and options",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawLint, E> {
                Ok(RawLint::Severity(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<RawLint, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = m.next_key::<Spanned<String>>()? {
                    out.push((k, m.next_value::<Spanned<toml::Value>>()?));
                }
                Ok(RawLint::Table(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A configuration error, with the span in the file that is wrong. Errors in user packs
/// (`extend-packs`) are reported the same way, pointing into the pack.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub path: PathBuf,
    pub source: String,
    pub message: String,
    pub span: Option<Range<usize>>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Per-lint setting: a severity, or off.
pub type LintSetting = Option<Severity>;

/// Per-lint severities and options, as one `[lints]` table sets them.
#[derive(Debug, Clone, Default)]
pub(crate) struct LintSettings {
    pub severities: BTreeMap<String, LintSetting>,
    pub options: BTreeMap<String, BTreeMap<String, toml::Value>>,
}

/// Parse a configuration file's text (no file system access: `extend-packs` is resolved
/// by [`load`]).
pub(crate) use crate::packs::toml_error_message;

pub fn parse(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
    let err = |message: String, span: Option<Range<usize>>| ConfigError {
        path: path.to_path_buf(),
        source: text.to_string(),
        message,
        span,
    };
    let raw: Raw = toml::from_str(text).map_err(|e| err(toml_error_message(&e, text), e.span()))?;
    let mut config = crate::Config::default();
    if let Some(l) = &raw.language {
        config.default_lang = Some(language(l).map_err(|(m, s)| err(m, Some(inner(text, s))))?);
    }
    let lints = lint_settings(&raw.lints, text).map_err(|(m, s)| err(m, Some(s)))?;
    config.lints = lints.severities;
    config.options = lints.options;
    let globs = |pats: &[Spanned<String>]| {
        files::globset(pats).map_err(|(m, s)| err(m, Some(inner(text, s))))
    };
    let include = match &raw.include {
        Some(p) => Some(globs(p)?),
        None => None,
    };
    let exclude = globs(&raw.exclude)?;
    let mut formats = BTreeMap::new();
    for (ext, f) in &raw.formats {
        let e = ext.get_ref().trim_start_matches('.').to_ascii_lowercase();
        if e.is_empty() || e.contains(['/', '\\', '*']) {
            return Err(err(
                format!(
                    "\"{}\" is not a file extension (write it without the dot: php = \"html\")",
                    ext.get_ref()
                ),
                Some(ext.span()),
            ));
        }
        let fmt = match f.get_ref().as_str() {
            "html" => Format::Html,
            "markdown" | "md" => Format::Markdown,
            other => {
                return Err(err(
                    format!("\"{other}\" is not a format: use \"html\" or \"markdown\""),
                    Some(inner(text, f.span())),
                ))
            }
        };
        formats.insert(e, fmt);
    }
    let mut overrides = Vec::new();
    for o in &raw.overrides {
        if o.files.is_empty() {
            return Err(err(
                "an override needs at least one pattern in `files`".into(),
                find_key(text, "files"),
            ));
        }
        let language = match &o.language {
            Some(l) => Some(language(l).map_err(|(m, s)| err(m, Some(inner(text, s))))?),
            None => None,
        };
        let lints = lint_settings(&o.lints, text).map_err(|(m, s)| err(m, Some(s)))?;
        overrides.push(files::Override {
            files: globs(&o.files)?,
            language,
            lints,
        });
    }
    let extend_packs = raw
        .extend_packs
        .iter()
        .map(|p| (p.get_ref().clone(), inner(text, p.span())))
        .collect();
    Ok(ConfigFile {
        path: path.to_path_buf(),
        dir: path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(".")),
        text: text.to_string(),
        base: config,
        include,
        exclude,
        formats,
        overrides,
        extend_packs,
    })
}

/// Read, parse and complete a configuration file: its user packs are loaded and validated
/// and the phrase vocabulary for them is built (once per distinct pack set).
pub fn load(path: &Path) -> Result<ConfigFile, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        source: String::new(),
        message: format!("cannot read the configuration file: {e}"),
        span: None,
    })?;
    let mut cf = parse(path, &text)?;
    if let Ok(dir) = std::fs::canonicalize(&cf.dir) {
        cf.dir = dir;
    }
    cf.load_packs()?;
    Ok(cf)
}

fn language(l: &Spanned<String>) -> Result<String, (String, Range<usize>)> {
    match l.get_ref().as_str() {
        "en" | "da" => Ok(l.get_ref().clone()),
        other => Err((
            format!("language must be \"en\" or \"da\", not \"{other}\""),
            l.span(),
        )),
    }
}

fn severity(s: &str) -> Option<LintSetting> {
    match s {
        "off" => Some(None),
        "error" => Some(Some(Severity::Error)),
        "warning" => Some(Some(Severity::Warning)),
        "info" => Some(Some(Severity::Info)),
        _ => None,
    }
}

fn not_a_severity(s: &str) -> String {
    format!("\"{s}\" is not a severity: use \"error\", \"warning\", \"info\" or \"off\"")
}

/// Validate one `[lints]` table: known lint ids, severities, the options each lint's pack
/// declares (with the type of its default, and a range where one applies).
fn lint_settings(
    raw: &BTreeMap<Spanned<String>, Spanned<RawLint>>,
    text: &str,
) -> Result<LintSettings, (String, Range<usize>)> {
    let mut out = LintSettings::default();
    for (id, value) in raw {
        let id_str = id.get_ref().as_str();
        let Some(pack) = crate::lints::all()
            .iter()
            .find(|l| l.id() == id_str)
            .and_then(|l| crate::packs::lint_pack(l.id()))
        else {
            return Err((
                match crate::lints::suggest(id_str) {
                    Some(near) => format!(
                        "unknown lint \"{id_str}\"; did you mean \"{near}\"? (`consentlint rules` lists them)"
                    ),
                    None => format!("unknown lint \"{id_str}\" (`consentlint rules` lists them)"),
                },
                id.span(),
            ));
        };
        match value.get_ref() {
            RawLint::Severity(s) => {
                let sev =
                    severity(s).ok_or_else(|| (not_a_severity(s), inner(text, value.span())))?;
                out.severities.insert(id_str.to_string(), sev);
            }
            RawLint::Table(entries) => {
                for (key, v) in entries {
                    let k = key.get_ref().as_str();
                    if k == "severity" {
                        let Some(s) = v.get_ref().as_str() else {
                            return Err((
                                format!(
                                    "`severity` must be a string, not {}",
                                    type_name(v.get_ref())
                                ),
                                v.span(),
                            ));
                        };
                        let sev = severity(s)
                            .ok_or_else(|| (not_a_severity(s), inner(text, v.span())))?;
                        out.severities.insert(id_str.to_string(), sev);
                        continue;
                    }
                    let Some(default) = pack.options.get(k) else {
                        let mut known = vec!["severity".to_string()];
                        known.extend(pack.options.keys().cloned());
                        return Err((
                            format!(
                                "unknown option `{k}` for {id_str} (its keys: {})",
                                known.join(", ")
                            ),
                            key.span(),
                        ));
                    };
                    let value =
                        check_option(id_str, k, default, v.get_ref()).map_err(|m| (m, v.span()))?;
                    out.options
                        .entry(id_str.to_string())
                        .or_default()
                        .insert(k.to_string(), value);
                }
            }
        }
    }
    Ok(out)
}

fn type_name(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "a boolean",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "an array",
        toml::Value::Table(_) => "a table",
    }
}

/// An option's value must have its default's type; fractions lie in 0..=1 and counts are
/// not negative.
fn check_option(
    id: &str,
    key: &str,
    default: &toml::Value,
    v: &toml::Value,
) -> Result<toml::Value, String> {
    let want = type_name(default);
    let wrong = || format!("`{key}` of {id} must be {want}, not {}", type_name(v));
    match default {
        toml::Value::Float(d) => {
            let x = v
                .as_float()
                .or_else(|| v.as_integer().map(|i| i as f64))
                .ok_or_else(wrong)?;
            if (0.0..=1.0).contains(d) && !(0.0..=1.0).contains(&x) {
                return Err(format!(
                    "`{key}` of {id} is a fraction of the document: between 0 and 1, not {x}"
                ));
            }
            Ok(toml::Value::Float(x))
        }
        toml::Value::Integer(_) => {
            let i = v.as_integer().ok_or_else(wrong)?;
            if i < 0 {
                return Err(format!("`{key}` of {id} cannot be negative"));
            }
            Ok(toml::Value::Integer(i))
        }
        _ if std::mem::discriminant(default) == std::mem::discriminant(v) => Ok(v.clone()),
        _ => Err(wrong()),
    }
}

/// A string value's span without its quotes.
fn inner(text: &str, span: Range<usize>) -> Range<usize> {
    let s = &text[span.clone()];
    let quoted = s.len() >= 2
        && ((s.starts_with('"') && s.ends_with('"')) || (s.starts_with('\'') && s.ends_with('\'')));
    if quoted && !s.starts_with("\"\"\"") && !s.starts_with("'''") {
        span.start + 1..span.end - 1
    } else {
        span
    }
}

/// Span of a key as written (`key =` or `"key" =`).
fn find_key(text: &str, key: &str) -> Option<Range<usize>> {
    for (i, _) in text.match_indices(key) {
        let before = text[..i].trim_end_matches('"');
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        let after = text[i + key.len()..].trim_start_matches('"').trim_start();
        if before[line_start..].trim().is_empty() && after.starts_with('=') {
            return Some(i..i + key.len());
        }
    }
    None
}

/// The configuration file that applies to `file`: the nearest one upward from its folder,
/// not above the repository root.
pub fn discover(file: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(file)
        .ok()
        .or_else(|| std::env::current_dir().ok().map(|d| d.join(file)))?;
    let mut dir = if abs.is_dir() {
        Some(abs.as_path())
    } else {
        abs.parent()
    };
    while let Some(d) = dir {
        for name in FILE_NAMES {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        if d.join(".git").exists() {
            return None;
        }
        dir = d.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<ConfigFile, ConfigError> {
        parse(Path::new("c.toml"), text)
    }

    #[test]
    fn parses_settings() {
        let c = parse_str(
            "language = \"da\"\n[lints]\nvague-purpose = \"info\"\nnarrow-purpose = \"off\"\n",
        )
        .unwrap();
        let c = c.base;
        assert_eq!(c.default_lang.as_deref(), Some("da"));
        assert_eq!(c.lints.get("vague-purpose"), Some(&Some(Severity::Info)));
        assert_eq!(c.lints.get("narrow-purpose"), Some(&None));
    }

    #[test]
    fn lint_tables_set_severity_and_options() {
        let c = parse_str(
            "[lints]\nvague-purpose = \"info\"\n[lints.buried-consent]\nseverity = \"warning\"\ndepth = 0.3\nmin-words = 100\n",
        )
        .unwrap()
        .base;
        assert_eq!(
            c.lints.get("buried-consent"),
            Some(&Some(Severity::Warning))
        );
        assert_eq!(c.lints.get("vague-purpose"), Some(&Some(Severity::Info)));
        let o = &c.options["buried-consent"];
        assert_eq!(o["depth"].as_float(), Some(0.3));
        assert_eq!(o["min-words"].as_integer(), Some(100));
        // an integer is a number too
        let c = parse_str("[lints.buried-consent]\ndepth = 1\n")
            .unwrap()
            .base;
        assert_eq!(c.options["buried-consent"]["depth"].as_float(), Some(1.0));
    }

    #[test]
    fn errors_point_into_the_file() {
        for (text, at) in [
            ("[lints]\nvague-purpose = \"loud\"\n", "loud"),
            ("[lints]\nno-such-lint = \"off\"\n", "no-such-lint"),
            ("langauge = \"da\"\n", "langauge"),
            ("language = \"sv\"\n", "sv"),
            ("[lints.buried-consent]\ndepht = 0.5\n", "depht"),
            ("[lints.buried-consent]\ndepth = \"deep\"\n", "\"deep\""),
            ("[lints.buried-consent]\ndepth = 7\n", "7"),
            ("[lints.buried-consent]\nmin-words = -1\n", "-1"),
            ("[lints.buried-consent]\nseverity = \"loud\"\n", "loud"),
            ("[lints.narrow-purpose]\nseverity = 3\n", "3"),
            ("[lints]\nvague-purpose = 3\n", "3"),
            ("exclude = [\"drafts/[\"]\n", "drafts/["),
            ("[formats]\nphp = \"xml\"\n", "xml"),
            ("[formats]\n\"*.php\" = \"html\"\n", "\"*.php\""),
            (
                "[[overrides]]\nfiles = [\"da/**\"]\nlanguage = \"de\"\n",
                "de",
            ),
            (
                "[[overrides]]\nfiles = [\"da/**\"]\n[overrides.lints]\nnope = \"off\"\n",
                "nope",
            ),
            ("[[overrides]]\nfile = [\"da/**\"]\n", "file"),
        ] {
            let e = parse_str(text)
                .err()
                .unwrap_or_else(|| panic!("{text}: parsed"));
            let span = e.span.clone().unwrap_or_else(|| panic!("{text}: no span"));
            assert_eq!(&text[span], at, "{text}: {}", e.message);
        }
        let e = parse_str("[lints.buried-consent]\ndepht = 0.5\n").unwrap_err();
        assert!(e.message.contains("depth, min-words"), "{}", e.message);
    }

    #[test]
    fn discovery_stops_at_the_repository_root() {
        let dir = std::env::temp_dir().join(format!("consentlint-cfg-{}", std::process::id()));
        let repo = dir.join("repo");
        let sub = repo.join("site/da");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::write(dir.join("consentlint.toml"), "").unwrap();
        let f = sub.join("vilkaar.md");
        std::fs::write(&f, "# x").unwrap();
        assert_eq!(
            discover(&f),
            None,
            "a config above the repository root does not apply"
        );
        std::fs::write(repo.join("site/.consentlint.toml"), "").unwrap();
        assert_eq!(
            discover(&f).unwrap(),
            std::fs::canonicalize(repo.join("site/.consentlint.toml")).unwrap()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
