//! The lints: one file each, each reading only the [`Document`] and the [`Analysis`].

use crate::analysis::{Analysis, ListId};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::packs::{self, Pack};

pub mod bundled_consent;
pub mod buried_consent;
pub mod implied_consent;
pub mod marketing_without_opt_in;
pub mod missing_withdrawal;
pub mod narrow_purpose;
pub mod national_id_without_basis;
pub mod pre_checked_consent;
pub mod special_category_without_consent;
pub mod third_party_marketing;
pub mod unverifiable_consent;
pub mod vague_purpose;

/// What a lint sees.
pub struct Context<'a> {
    pub source: &'a str,
    pub doc: &'a Document,
    pub analysis: &'a Analysis,
    /// The run's settings: lints read their options through [`Context::option`].
    pub config: &'a crate::Config,
}

impl Context<'_> {
    /// Option `key` of lint `id`: as configured (`[lints.<id>]`), else the default in the
    /// lint pack's `[options]`.
    pub fn option(&self, id: &str, key: &str) -> Option<&toml::Value> {
        self.config
            .options
            .get(id)
            .and_then(|o| o.get(key))
            .or_else(|| packs::lint_pack(id)?.options.get(key))
    }

    /// A number option (integers are accepted for floats).
    pub fn option_f64(&self, id: &str, key: &str) -> Option<f64> {
        self.option(id, key)
            .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
    }

    /// A whole-number option that cannot be negative.
    pub fn option_usize(&self, id: &str, key: &str) -> Option<usize> {
        self.option(id, key)
            .and_then(|v| v.as_integer())
            .and_then(|i| usize::try_from(i).ok())
    }
}

/// Has block `i` a hit of any of `lists`? Bit tests: lints ask it to skip blocks
/// without the phrase their findings start from.
pub(crate) fn block_has_any(an: &Analysis, i: usize, lists: &[ListId]) -> bool {
    lists.iter().any(|&l| an.block_has(i, l))
}

/// Has `range` of block `i` a hit of any of `lists`? A scan of the hits that start in
/// it, with no allocation: lints ask it to skip sentences that cannot fire.
pub(crate) fn range_has_any(
    an: &Analysis,
    i: usize,
    range: std::ops::Range<usize>,
    lists: &[ListId],
) -> bool {
    an.hits_in(i, range).any(|h| lists.contains(&h.list))
}

/// Does one of `pack`'s token patterns accepted by `which` (given its name and kind) match
/// in `range` of block `i`, starting before `before`? One span, one lint: a lint whose
/// sentence another lint's pattern explains defers to it ("Check this box if you do not
/// wish the Bank to provide your personal data to other members of the Group for their
/// use in direct marketing" is consent read from an unticked box, implied-consent's).
pub(crate) fn pack_pattern_in(
    cx: &Context<'_>,
    pack: &'static str,
    i: usize,
    range: std::ops::Range<usize>,
    before: usize,
    which: impl Fn(&str, &str) -> bool,
) -> bool {
    let Some(lang) = cx.analysis.block_lang[i] else {
        return false;
    };
    pack_pattern_in_text(&cx.doc.blocks[i].text, lang, pack, range, before, which)
}

/// [`pack_pattern_in`] on any text in a known language (a form control's label).
pub(crate) fn pack_pattern_in_text(
    text: &str,
    lang: crate::analysis::Lang,
    pack: &'static str,
    range: std::ops::Range<usize>,
    before: usize,
    which: impl Fn(&str, &str) -> bool,
) -> bool {
    first_pattern_match(text, lang, pack, range, which).is_some_and(|r| r.start < before)
}

/// The byte range of the first match of one of `pack`'s token patterns accepted by `which`
/// in `range` of block `i` (for a lint that names the matched words in its message).
pub(crate) fn pack_pattern_span(
    cx: &Context<'_>,
    pack: &'static str,
    i: usize,
    range: std::ops::Range<usize>,
    which: impl Fn(&str, &str) -> bool,
) -> Option<std::ops::Range<usize>> {
    let lang = cx.analysis.block_lang[i]?;
    first_pattern_match(&cx.doc.blocks[i].text, lang, pack, range, which)
}

/// The earliest match of one of `pack`'s token patterns accepted by `which` (given its
/// name and kind) in `range` of `text`.
fn first_pattern_match(
    text: &str,
    lang: crate::analysis::Lang,
    pack: &'static str,
    range: std::ops::Range<usize>,
    which: impl Fn(&str, &str) -> bool,
) -> Option<std::ops::Range<usize>> {
    let c = crate::analysis::pattern::Compiled::get(lang);
    let toks = crate::analysis::tokens::tokenize(text, range, lang);
    c.find(c.of(pack), &toks)
        .iter()
        .filter(|m| which(m.pattern.name, m.pattern.kind))
        .map(|m| m.range.clone())
        .min_by_key(|r| r.start)
}

/// A lint.
pub trait Lint: Sync + Send {
    /// The id, as in `lints/<id>.toml`.
    fn id(&self) -> &'static str;
    /// Report findings into `out`.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// Every lint, in catalogue order.
/// The lint id closest to a misspelt one (`third-party-marketin`), for "did you mean"
/// hints in suppression comments and configuration errors: at most 3 edits away.
pub fn suggest(id: &str) -> Option<&'static str> {
    fn distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, &cb) in b.iter().enumerate() {
                let cur = row[j + 1];
                row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
                prev = cur;
            }
        }
        row[b.len()]
    }
    if id.len() > 64 {
        return None;
    }
    all()
        .iter()
        .map(|l| (distance(id, l.id()), l.id()))
        .filter(|&(d, _)| d <= 3)
        .min()
        .map(|(_, id)| id)
}

pub fn all() -> &'static [&'static dyn Lint] {
    static ALL: &[&dyn Lint] = &[
        &pre_checked_consent::PreCheckedConsent,
        &buried_consent::BuriedConsent,
        &bundled_consent::BundledConsent,
        &implied_consent::ImpliedConsent,
        &vague_purpose::VaguePurpose,
        &narrow_purpose::NarrowPurpose,
        &special_category_without_consent::SpecialCategoryWithoutConsent,
        &national_id_without_basis::NationalIdWithoutBasis,
        &third_party_marketing::ThirdPartyMarketing,
        &marketing_without_opt_in::MarketingWithoutOptIn,
        &missing_withdrawal::MissingWithdrawal,
        &unverifiable_consent::UnverifiableConsent,
    ];
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

#[cfg(test)]
mod suggest_tests {
    #[test]
    fn misspelt_ids_get_the_nearest_lint() {
        assert_eq!(
            super::suggest("third-party-marketin"),
            Some("third-party-marketing")
        );
        assert_eq!(
            super::suggest("precheckedconsent"),
            Some("pre-checked-consent")
        );
        assert_eq!(
            super::suggest("pre-checked-consnet"),
            Some("pre-checked-consent")
        );
        assert_eq!(super::suggest("nonsense"), None);
    }
}
