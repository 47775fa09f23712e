//! The lints: one file each, each reading only the [`Document`] and the [`Analysis`].

use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::packs::{self, Pack};

pub mod pre_checked_consent;

/// What a lint sees.
pub struct Context<'a> {
    pub source: &'a str,
    pub doc: &'a Document,
    pub analysis: &'a Analysis,
}

/// A lint.
pub trait Lint: Sync + Send {
    /// The id, as in `lints/<id>.toml`.
    fn id(&self) -> &'static str;
    /// Report findings into `out`.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// Every lint, in catalogue order.
pub fn all() -> &'static [&'static dyn Lint] {
    static ALL: &[&dyn Lint] = &[&pre_checked_consent::PreCheckedConsent];
    ALL
}

/// The pack of a lint (metadata, phrases, docs).
pub fn pack(id: &str) -> &'static Pack {
    packs::lint_pack(id).unwrap_or_else(|| panic!("lint {id} has no pack in lints/{id}.toml"))
}

/// A diagnostic prefilled from the lint's pack: default severity, basis and help.
pub fn diagnostic(
    id: &'static str,
    span: std::ops::Range<usize>,
    message: impl Into<String>,
) -> Diagnostic {
    let p = pack(id);
    let mut d = Diagnostic::new(
        id,
        p.default_severity.unwrap_or(Severity::Warning),
        span,
        message,
    );
    d.basis = p.basis.clone();
    d.with_help(p.help.trim())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_lint_has_a_pack() {
        for l in super::all() {
            let p = super::pack(l.id());
            assert!(p.default_severity.is_some());
        }
    }
}
