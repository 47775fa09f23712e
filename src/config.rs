//! Configuration files: `consentlint.toml` or `.consentlint.toml`.
//!
//! ```toml
//! # the language to assume when a document neither declares nor shows one
//! language = "da"
//!
//! [lints]
//! vague-purpose = "info"      # error | warning | info | off
//! narrow-purpose = "off"
//! ```
//!
//! A file is found from the linted file's folder upward, stopping at the
//! repository root (the folder holding `.git`). Unknown keys, unknown lint ids and
//! bad values are errors that point into the file.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::Severity;

/// File names looked for, in this order.
pub const FILE_NAMES: &[&str] = &["consentlint.toml", ".consentlint.toml"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    lints: BTreeMap<String, String>,
}

/// A configuration error, with the span in the file that is wrong.
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

/// Parse a configuration file's text into a [`crate::Config`].
pub fn parse(
    path: &Path,
    text: &str,
    known_lint: &dyn Fn(&str) -> bool,
) -> Result<crate::Config, ConfigError> {
    let err = |message: String, span: Option<Range<usize>>| ConfigError {
        path: path.to_path_buf(),
        source: text.to_string(),
        message,
        span,
    };
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let mut message = e.message().trim().to_string();
        if message.is_empty() {
            // toml gives no message for some syntax errors (a control character in a comment)
            message = match e.span().and_then(|r| text.get(r.start..)?.chars().next()) {
                Some(c) if c.is_control() => {
                    format!("control character U+{:04X} is not allowed here", c as u32)
                }
                _ => "invalid TOML syntax here".to_string(),
            };
        }
        err(message, e.span())
    })?;
    let mut config = crate::Config::default();
    if let Some(l) = raw.language {
        if !matches!(l.as_str(), "en" | "da") {
            return Err(err(
                format!("language must be \"en\" or \"da\", not \"{l}\""),
                find_value(text, "language", &l),
            ));
        }
        config.default_lang = Some(l);
    }
    for (id, value) in raw.lints {
        if !known_lint(&id) {
            return Err(err(
                format!("unknown lint \"{id}\" (`consentlint rules` lists them)"),
                find_key(text, &id),
            ));
        }
        let setting = match value.as_str() {
            "off" => None,
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            other => {
                return Err(err(
                    format!("\"{other}\" is not a severity: use \"error\", \"warning\", \"info\" or \"off\""),
                    find_value(text, &id, other),
                ))
            }
        };
        config.lints.insert(id, setting);
    }
    Ok(config)
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

/// Span of a key's value (the quoted string).
fn find_value(text: &str, key: &str, value: &str) -> Option<Range<usize>> {
    let k = find_key(text, key)?;
    let rest = &text[k.end..];
    let off = rest.find(value)?;
    let line_end = rest.find('\n').unwrap_or(rest.len());
    (off < line_end).then(|| k.end + off..k.end + off + value.len())
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

    fn known(id: &str) -> bool {
        matches!(id, "vague-purpose" | "narrow-purpose")
    }

    #[test]
    fn parses_settings() {
        let c = parse(
            Path::new("c.toml"),
            "language = \"da\"\n[lints]\nvague-purpose = \"info\"\nnarrow-purpose = \"off\"\n",
            &known,
        )
        .unwrap();
        assert_eq!(c.default_lang.as_deref(), Some("da"));
        assert_eq!(c.lints.get("vague-purpose"), Some(&Some(Severity::Info)));
        assert_eq!(c.lints.get("narrow-purpose"), Some(&None));
    }

    #[test]
    fn errors_point_into_the_file() {
        let text = "[lints]\nvague-purpose = \"loud\"\n";
        let e = parse(Path::new("c.toml"), text, &known).unwrap_err();
        assert_eq!(&text[e.span.unwrap()], "loud");
        let text = "[lints]\nno-such-lint = \"off\"\n";
        let e = parse(Path::new("c.toml"), text, &known).unwrap_err();
        assert_eq!(&text[e.span.unwrap()], "no-such-lint");
        let text = "langauge = \"da\"\n";
        let e = parse(Path::new("c.toml"), text, &known).unwrap_err();
        assert!(e.message.contains("langauge"), "{}", e.message);
        assert_eq!(&text[e.span.unwrap()], "langauge");
        let text = "language = \"sv\"\n";
        let e = parse(Path::new("c.toml"), text, &known).unwrap_err();
        assert_eq!(&text[e.span.unwrap()], "sv");
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
