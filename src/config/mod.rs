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

use globset::GlobSet;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::document::Format;

/// File names looked for, in this order.
pub const FILE_NAMES: &[&str] = &["consentlint.toml", ".consentlint.toml"];

/// The top-level keys of a configuration file.
const TOP_KEYS: &[&str] = &[
    "language",
    "include",
    "exclude",
    "extend-packs",
    "lints",
    "formats",
    "overrides",
    "locales",
];
/// The keys of an `[[overrides]]` entry.
const OVERRIDE_KEYS: &[&str] = &["files", "language", "lints"];

/// A TOML value with the span of every value and key in it, so that every error can point
/// into the file (the whole file is read before anything is checked, so all errors are
/// found in one run).
#[derive(Debug, Clone)]
enum Node {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Array(Vec<SNode>),
    Table(Vec<(SKey, SNode)>),
}

/// A value and its span. toml gives no span to a table it makes implicitly (`[lints.x]`
/// makes `lints`), which serde_spanned's `Spanned` refuses; this accepts both.
#[derive(Debug, Clone)]
struct SNode {
    span: Option<Range<usize>>,
    node: Node,
}

/// A table key and its span (when toml knows it).
#[derive(Debug, Clone)]
struct SKey {
    span: Option<Range<usize>>,
    name: String,
}

impl SNode {
    fn get_ref(&self) -> &Node {
        &self.node
    }
    fn span(&self) -> Range<usize> {
        self.span.clone().unwrap_or(0..0)
    }
}

impl SKey {
    fn get_ref(&self) -> &String {
        &self.name
    }
    fn span(&self) -> Range<usize> {
        self.span.clone().unwrap_or(0..0)
    }
}

/// A table of nodes (the file itself).
struct NodeTable(Vec<(SKey, SNode)>);

/// The key toml uses to hand a datetime through serde (no key takes a date).
const TOML_DATETIME: &str = "$__toml_private_datetime";
/// The names of serde_spanned's protocol (`serde_spanned::__unstable`), through which toml
/// hands a value's span to whoever asks for one.
const SPANNED: &str = "$__serde_spanned_private_Spanned";
const SPAN_START: &str = "$__serde_spanned_private_start";
const SPAN_END: &str = "$__serde_spanned_private_end";
const SPAN_VALUE: &str = "$__serde_spanned_private_value";
const SPAN_FIELDS: &[&str] = &[SPAN_START, SPAN_END, SPAN_VALUE];

fn date_error<E: serde::de::Error>() -> E {
    E::custom("a date is not a valid value in a configuration file")
}

/// Read the rest of serde_spanned's protocol once its start key has been read.
fn rest_of_span<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    mut m: A,
) -> Result<(Range<usize>, T), A::Error> {
    let start: usize = m.next_value()?;
    let (mut end, mut value) = (None, None);
    while let Some(k) = m.next_key::<String>()? {
        match k.as_str() {
            SPAN_END => end = Some(m.next_value::<usize>()?),
            SPAN_VALUE => value = Some(m.next_value::<T>()?),
            _ => {
                return Err(serde::de::Error::custom(
                    "unexpected field in a spanned value",
                ))
            }
        }
    }
    match (end, value) {
        (Some(end), Some(v)) => Ok((start..end, v)),
        _ => Err(serde::de::Error::custom("incomplete spanned value")),
    }
}

impl<'de> Deserialize<'de> for SKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SKey;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SKey, E> {
                Ok(SKey {
                    span: None,
                    name: v.to_string(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<SKey, A::Error> {
                match m.next_key::<String>()?.as_deref() {
                    Some(SPAN_START) => {
                        let (span, name) = rest_of_span::<A, String>(m)?;
                        Ok(SKey {
                            span: Some(span),
                            name,
                        })
                    }
                    _ => Err(serde::de::Error::custom("a key is a string")),
                }
            }
        }
        d.deserialize_struct(SPANNED, SPAN_FIELDS, V)
    }
}

/// Visits a value: with its span when toml offers one (as serde_spanned's protocol), else
/// without.
struct SNodeVisitor;

impl<'de> Visitor<'de> for SNodeVisitor {
    type Value = SNode;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a TOML value")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SNode, E> {
        Ok(bare(Node::Str(v.to_string())))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<SNode, E> {
        Ok(bare(Node::Int(v)))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<SNode, E> {
        Ok(bare(
            i64::try_from(v).map_or(Node::Float(v as f64), Node::Int),
        ))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<SNode, E> {
        Ok(bare(Node::Float(v)))
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<SNode, E> {
        Ok(bare(Node::Bool(v)))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<SNode, A::Error> {
        let mut out = Vec::new();
        while let Some(x) = a.next_element::<SNode>()? {
            out.push(x);
        }
        Ok(bare(Node::Array(out)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<SNode, A::Error> {
        let Some(first) = m.next_key::<SKey>()? else {
            return Ok(bare(Node::Table(Vec::new())));
        };
        if first.span.is_none() && first.name == SPAN_START {
            let (span, node) = rest_of_span::<A, Node>(m)?;
            return Ok(SNode {
                span: Some(span),
                node,
            });
        }
        if first.name == TOML_DATETIME {
            return Err(date_error());
        }
        // a table without a span
        let mut out = vec![(first, m.next_value::<SNode>()?)];
        while let Some(k) = m.next_key::<SKey>()? {
            out.push((k, m.next_value::<SNode>()?));
        }
        Ok(bare(Node::Table(out)))
    }
}

fn bare(node: Node) -> SNode {
    SNode { span: None, node }
}

impl<'de> Deserialize<'de> for SNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_struct(SPANNED, SPAN_FIELDS, SNodeVisitor)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SNodeVisitor).map(|n| n.node)
    }
}

impl<'de> Deserialize<'de> for NodeTable {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Node::deserialize(d)? {
            Node::Table(t) => Ok(NodeTable(t)),
            _ => Err(serde::de::Error::custom("a configuration file is a table")),
        }
    }
}

impl Node {
    fn type_name(&self) -> &'static str {
        match self {
            Node::Str(_) => "a string",
            Node::Int(_) => "an integer",
            Node::Float(_) => "a number",
            Node::Bool(_) => "a boolean",
            Node::Array(_) => "an array",
            Node::Table(_) => "a table",
        }
    }

    fn to_value(&self) -> toml::Value {
        match self {
            Node::Str(s) => toml::Value::String(s.clone()),
            Node::Int(i) => toml::Value::Integer(*i),
            Node::Float(f) => toml::Value::Float(*f),
            Node::Bool(b) => toml::Value::Boolean(*b),
            Node::Array(a) => {
                toml::Value::Array(a.iter().map(|x| x.get_ref().to_value()).collect())
            }
            Node::Table(t) => toml::Value::Table(
                t.iter()
                    .map(|(k, v)| (k.get_ref().clone(), v.get_ref().to_value()))
                    .collect(),
            ),
        }
    }
}

/// The nearest of `candidates` to what the user typed, if one is near enough to suggest: a
/// candidate that starts with it (`pre-checked` for `pre-checked-consent`), or one a few
/// edits away (`langauge`, `dk` for `da`). Case is ignored.
pub fn did_you_mean<'a>(typed: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let t = typed.trim().to_lowercase();
    if t.is_empty() || t.len() > 64 {
        return None;
    }
    if let Some(c) = candidates
        .iter()
        .filter(|c| t.len() >= 3 && (c.starts_with(t.as_str()) || c.contains(t.as_str())))
        .min_by_key(|c| c.len())
    {
        return Some(c);
    }
    let limit = (t.chars().count() / 3).clamp(1, 3);
    candidates
        .iter()
        .map(|c| (edit_distance(&t, c), *c))
        .filter(|&(d, c)| d <= limit && d < c.chars().count())
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, x) in d.iter_mut().enumerate().take(w) {
        *x = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// `"; did you mean \"x\"?"`, or nothing.
fn hint(typed: &str, candidates: &[&str], quote: char) -> String {
    match did_you_mean(typed, candidates) {
        Some(c) => format!("; did you mean {quote}{c}{quote}?"),
        None => String::new(),
    }
}

/// The ids a user may name in `[lints]`.
pub fn lint_ids() -> Vec<&'static str> {
    crate::lints::all().iter().map(|l| l.id()).collect()
}

/// A configuration error, with the span in the file that is wrong. Errors in user packs
/// (`extend-packs`) are reported the same way, pointing into the pack.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub path: PathBuf,
    pub source: String,
    /// The first error in the file.
    pub message: String,
    pub span: Option<Range<usize>>,
    /// The other errors found in the same file, in the order of the file: every error is
    /// reported in one run.
    pub more: Vec<(String, Option<Range<usize>>)>,
}

impl ConfigError {
    /// Every error in the file: the first and the others.
    pub fn all(&self) -> Vec<(&str, Option<&Range<usize>>)> {
        let mut v = vec![(self.message.as_str(), self.span.as_ref())];
        v.extend(self.more.iter().map(|(m, s)| (m.as_str(), s.as_ref())));
        v
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)?;
        for (m, _) in &self.more {
            write!(f, "\n{}: {m}", self.path.display())?;
        }
        Ok(())
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
    let fail = |mut errs: Vec<(String, Option<Range<usize>>)>| {
        // in the order of the file
        errs.sort_by_key(|(_, s)| s.as_ref().map_or(usize::MAX, |s| s.start));
        let (message, span) = errs.remove(0);
        ConfigError {
            path: path.to_path_buf(),
            source: text.to_string(),
            message,
            span,
            more: errs,
        }
    };
    let top: NodeTable = toml::from_str(text).map_err(|e| {
        let m = if e.message().contains(TOML_DATETIME) {
            "a date is not a valid value in a configuration file".to_string()
        } else {
            toml_error_message(&e, text)
        };
        fail(vec![(m, e.span())])
    })?;
    let mut errs: Vec<(String, Option<Range<usize>>)> = Vec::new();
    let mut e = |m: String, s: Range<usize>| errs.push((m, Some(s)));
    let mut config = crate::Config::default();
    let mut include = None;
    let mut exclude = GlobSet::empty();
    let mut formats = BTreeMap::new();
    let mut overrides = Vec::new();
    let mut extend_packs = Vec::new();
    let mut locales = None;
    for (key, value) in &top.0 {
        match key.get_ref().as_str() {
            "language" => config.default_lang = language(value, text, &mut e),
            "lints" => {
                let l = lint_settings(value, text, &mut e);
                config.lints = l.severities;
                config.options = l.options;
            }
            "include" => include = Some(globs(value, "include", text, &mut e)),
            "exclude" => exclude = globs(value, "exclude", text, &mut e),
            "locales" => locales = Some(globs(value, "locales", text, &mut e)),
            "extend-packs" => {
                for p in strings(value, "extend-packs", text, &mut e) {
                    extend_packs.push((p.get_ref().clone(), inner(text, p.span())));
                }
            }
            "formats" => formats = format_table(value, text, &mut e),
            "overrides" => {
                let Node::Array(items) = value.get_ref() else {
                    e(
                        format!(
                            "`overrides` must be an array of tables ([[overrides]]), not {}",
                            value.get_ref().type_name()
                        ),
                        value.span(),
                    );
                    continue;
                };
                for item in items {
                    if let Some(o) = an_override(item, text, &mut e) {
                        overrides.push(o);
                    }
                }
            }
            other => e(
                format!(
                    "unknown key `{other}`{} (the keys: {})",
                    hint(other, TOP_KEYS, '`'),
                    TOP_KEYS.join(", ")
                ),
                key.span(),
            ),
        }
    }
    if !errs.is_empty() {
        return Err(fail(errs));
    }
    let dir = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    config.locale_globs = locales.map(|set| std::sync::Arc::new((dir.clone(), set)));
    Ok(ConfigFile {
        path: path.to_path_buf(),
        dir,
        text: text.to_string(),
        base: config,
        include,
        exclude,
        formats,
        overrides,
        extend_packs,
    })
}

/// Somewhere to put an error (a message and the span it points at).
type Errors<'a> = dyn FnMut(String, Range<usize>) + 'a;

/// The strings of an array of strings; other values are errors.
fn strings(value: &SNode, key: &str, text: &str, e: &mut Errors<'_>) -> Vec<Spanned<String>> {
    let Node::Array(items) = value.get_ref() else {
        e(
            format!(
                "`{key}` must be an array of strings, not {}",
                value.get_ref().type_name()
            ),
            value.span(),
        );
        return Vec::new();
    };
    let _ = text;
    let mut out = Vec::new();
    for it in items {
        match it.get_ref() {
            Node::Str(s) => out.push(Spanned::new(it.span(), s.clone())),
            other => e(
                format!("`{key}` must hold strings, not {}", other.type_name()),
                it.span(),
            ),
        }
    }
    out
}

/// A list of globs; each bad pattern is an error, the good ones are kept.
fn globs(value: &SNode, key: &str, text: &str, e: &mut Errors<'_>) -> GlobSet {
    let pats = strings(value, key, text, e);
    let mut good = Vec::new();
    for p in pats {
        match files::globset(std::slice::from_ref(&p)) {
            Ok(_) => good.push(p),
            Err((m, s)) => e(m, inner(text, s)),
        }
    }
    files::globset(&good).unwrap_or_else(|_| GlobSet::empty())
}

fn format_table(value: &SNode, text: &str, e: &mut Errors<'_>) -> BTreeMap<String, Format> {
    let mut formats = BTreeMap::new();
    let Node::Table(entries) = value.get_ref() else {
        e(
            format!(
                "`formats` must be a table (extension = \"html\" or \"markdown\"), not {}",
                value.get_ref().type_name()
            ),
            value.span(),
        );
        return formats;
    };
    for (ext, f) in entries {
        let x = ext.get_ref().trim_start_matches('.').to_ascii_lowercase();
        if x.is_empty() || x.contains(['/', '\\', '*']) {
            e(
                format!(
                    "\"{}\" is not a file extension (write it without the dot: php = \"html\")",
                    ext.get_ref()
                ),
                ext.span(),
            );
            continue;
        }
        let fmt = match f.get_ref() {
            Node::Str(s) if Format::from_name(s).is_some() => {
                Format::from_name(s).unwrap_or(Format::Html)
            }
            Node::Str(other) => {
                e(
                    format!(
                        "\"{other}\" is not a format: use \"html\" or \"markdown\"{}",
                        hint(other, &["html", "markdown"], '"')
                    ),
                    inner(text, f.span()),
                );
                continue;
            }
            other => {
                e(
                    format!(
                        "the format of .{x} must be \"html\" or \"markdown\", not {}",
                        other.type_name()
                    ),
                    f.span(),
                );
                continue;
            }
        };
        formats.insert(x, fmt);
    }
    formats
}

/// One `[[overrides]]` entry: `files` (required), `language`, `lints`.
fn an_override(item: &SNode, text: &str, e: &mut Errors<'_>) -> Option<files::Override> {
    let Node::Table(entries) = item.get_ref() else {
        e(
            format!(
                "each override must be a table ([[overrides]]), not {}",
                item.get_ref().type_name()
            ),
            item.span(),
        );
        return None;
    };
    let mut files_set = None;
    let mut language_set = None;
    let mut lints = LintSettings::default();
    for (key, value) in entries {
        match key.get_ref().as_str() {
            "files" => {
                if matches!(value.get_ref(), Node::Array(a) if a.is_empty()) {
                    e(
                        "an override needs at least one pattern in `files`".into(),
                        key.span(),
                    );
                } else {
                    files_set = Some(globs(value, "files", text, e));
                }
            }
            "language" => language_set = language(value, text, e),
            "lints" => lints = lint_settings(value, text, e),
            other => e(
                format!(
                    "unknown key `{other}` in an override{} (its keys: {})",
                    hint(other, OVERRIDE_KEYS, '`'),
                    OVERRIDE_KEYS.join(", ")
                ),
                key.span(),
            ),
        }
    }
    let Some(files) = files_set else {
        // a misspelt `files` has its own error, with the right spelling
        let misspelt = entries
            .iter()
            .any(|(k, _)| did_you_mean(k.get_ref(), &["files"]).is_some());
        if !misspelt && !entries.iter().any(|(k, _)| k.get_ref() == "files") {
            e(
                "an override needs `files`: the globs of the files it applies to".into(),
                item.span(),
            );
        }
        return None;
    };
    Some(files::Override {
        files,
        language: language_set,
        lints,
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
        more: Vec::new(),
    })?;
    let mut cf = parse(path, &text)?;
    if let Ok(dir) = std::fs::canonicalize(&cf.dir) {
        cf.dir = dir;
    }
    cf.load_packs()?;
    Ok(cf)
}

/// What people write for the two languages, with the code they mean.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("dk", "da"),
    ("dan", "da"),
    ("danish", "da"),
    ("dansk", "da"),
    ("da-dk", "da"),
    ("eng", "en"),
    ("english", "en"),
    ("engelsk", "en"),
    ("en-gb", "en"),
    ("en-us", "en"),
    ("uk", "en"),
    ("gb", "en"),
    ("us", "en"),
];

fn language(l: &SNode, text: &str, e: &mut Errors<'_>) -> Option<String> {
    match l.get_ref() {
        Node::Str(s) if s == "en" || s == "da" => Some(s.clone()),
        Node::Str(other) => {
            let lower = other.to_lowercase();
            let near = LANGUAGE_NAMES
                .iter()
                .find(|(n, _)| *n == lower)
                .map(|(_, c)| *c)
                .or_else(|| did_you_mean(other, &["en", "da"]));
            e(
                format!(
                    "language must be \"en\" or \"da\", not \"{other}\"{}",
                    near.map_or(String::new(), |c| format!("; did you mean \"{c}\"?"))
                ),
                inner(text, l.span()),
            );
            None
        }
        other => {
            e(
                format!(
                    "language must be \"en\" or \"da\", not {}",
                    other.type_name()
                ),
                l.span(),
            );
            None
        }
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
    format!(
        "\"{s}\" is not a severity: use \"error\", \"warning\", \"info\" or \"off\"{}",
        hint(s, &["error", "warning", "info", "off"], '"')
    )
}

/// Validate one `[lints]` table: known lint ids, severities, the options each lint's pack
/// declares (with the type of its default, and a range where one applies). Every error is
/// reported; what is valid is kept.
fn lint_settings(value: &SNode, text: &str, e: &mut Errors<'_>) -> LintSettings {
    let mut out = LintSettings::default();
    let Node::Table(raw) = value.get_ref() else {
        e(
            format!(
                "`lints` must be a table (lint id = severity), not {}",
                value.get_ref().type_name()
            ),
            value.span(),
        );
        return out;
    };
    let ids = lint_ids();
    for (id, value) in raw {
        let id_str = id.get_ref().as_str();
        let Some(pack) = crate::lints::all()
            .iter()
            .find(|l| l.id() == id_str)
            .and_then(|l| crate::packs::lint_pack(l.id()))
        else {
            e(
                format!(
                    "unknown lint \"{id_str}\"{} (`consentlint rules` lists them)",
                    hint(id_str, &ids, '"')
                ),
                id.span(),
            );
            continue;
        };
        match value.get_ref() {
            Node::Str(s) => match severity(s) {
                Some(sev) => {
                    out.severities.insert(id_str.to_string(), sev);
                }
                None => e(not_a_severity(s), inner(text, value.span())),
            },
            Node::Table(entries) => {
                for (key, v) in entries {
                    let k = key.get_ref().as_str();
                    if k == "severity" {
                        match v.get_ref() {
                            Node::Str(s) => match severity(s) {
                                Some(sev) => {
                                    out.severities.insert(id_str.to_string(), sev);
                                }
                                None => e(not_a_severity(s), inner(text, v.span())),
                            },
                            other => e(
                                format!("`severity` must be a string, not {}", other.type_name()),
                                v.span(),
                            ),
                        }
                        continue;
                    }
                    let Some(default) = pack.options.get(k) else {
                        let mut known = vec!["severity"];
                        known.extend(pack.options.keys().map(String::as_str));
                        e(
                            format!(
                                "unknown option `{k}` for {id_str}{} (its keys: {})",
                                hint(k, &known, '`'),
                                known.join(", ")
                            ),
                            key.span(),
                        );
                        continue;
                    };
                    match check_option(id_str, k, default, &v.get_ref().to_value()) {
                        Ok(value) => {
                            out.options
                                .entry(id_str.to_string())
                                .or_default()
                                .insert(k.to_string(), value);
                        }
                        Err(m) => e(m, v.span()),
                    }
                }
            }
            other => e(
                format!(
                    "the setting of {id_str} must be a severity (\"error\", \"warning\", \"info\" or \"off\") or a table of `severity` and options, not {}",
                    other.type_name()
                ),
                value.span(),
            ),
        }
    }
    out
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
