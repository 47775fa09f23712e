//! Diagnostics: what a lint reports.

use std::ops::Range;

use serde::Serialize;

/// How serious a finding is (defined with the pack format, which names a lint's default).
pub use crate::packs::Severity;

/// A secondary span with its own message ("label text", "in clause 27").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Range<usize>,
    pub message: String,
}

/// A secondary span in another file: the value of a translation key in a locale file
/// (`locales/da.json`) that a component's `t('key')` shows. `file.text[span]` is the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub file: std::sync::Arc<crate::locales::SourceFile>,
    pub span: Range<usize>,
    pub message: String,
}

/// One text edit of an automatic fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// An automatic fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// `safe`: applying it cannot change meaning beyond what the lint says.
    pub applicability: &'static str,
    pub edits: Vec<Edit>,
}

/// A finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub lint: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The offending text: `source[span]`.
    pub span: Range<usize>,
    pub labels: Vec<Label>,
    /// Secondary spans in other files (a translation's value in its locale file).
    pub related: Vec<Related>,
    pub help: Option<String>,
    pub basis: Vec<String>,
    /// Stable across runs and edits elsewhere in the file; filled in by [`crate::lint`].
    pub fingerprint: String,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        lint: &'static str,
        severity: Severity,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            lint,
            severity,
            message: message.into(),
            span,
            labels: Vec::new(),
            related: Vec::new(),
            help: None,
            basis: Vec::new(),
            fingerprint: String::new(),
            fix: None,
        }
    }

    pub fn with_label(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        let h = help.into();
        if !h.trim().is_empty() {
            self.help = Some(h);
        }
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// FNV-1a, 64 bit: stable across platforms and Rust versions (unlike `DefaultHasher`).
pub fn stable_hash(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for &b in *p {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Fill in fingerprints: lint id + normalized offending text + occurrence among equals.
pub fn assign_fingerprints(source: &str, diags: &mut [Diagnostic]) {
    let mut seen: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
    for d in diags.iter_mut() {
        let text = source.get(d.span.clone()).unwrap_or("");
        let norm: String = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let key = stable_hash(&[d.lint.as_bytes(), norm.as_bytes()]);
        let n = seen.entry(key).or_insert(0);
        *n += 1;
        let h = stable_hash(&[d.lint.as_bytes(), norm.as_bytes(), &n.to_le_bytes()]);
        d.fingerprint = format!("{h:016x}");
    }
}
