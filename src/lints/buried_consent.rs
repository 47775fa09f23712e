//! `buried-consent`: a consent grant hidden deep in a document about other matters.
//!
//! ## What it finds
//! A sentence that grants consent ("you consent to", "you agree that we may send
//! you", "giver du samtykke til", "gives samtidig samtykke til") to the use of
//! personal data or to marketing, inside a terms, competition or privacy
//! document that is about other matters, where the grant is
//! - deep in the main content (in its last 40% by default: option `depth`,
//!   set in consentlint.toml as `[lints.buried-consent] depth = 0.5`), and
//! - not emphasised (bold, `<mark>`, a callout), without a bold lead-in of its
//!   own about consent or newsletters, and not in a section whose heading is
//!   about consent, marketing or newsletters, or names the data practice the
//!   section is about (cookies, transfers, sharing, social login, location, SMS):
//!   such a section sets its grant apart as its own matter.
//!
//! ## Why is this bad?
//! A request for consent in a document that also concerns other matters must be
//! clearly distinguishable from them (GDPR Art. 7(2)); consent hidden in general
//! terms is not informed and does not bind (EDPB Guidelines 05/2020 paras. 71,
//! 81; WP260 rev.01 para. 8). The Danish Consumer Ombudsman: consent may not be
//! "gemt i handelsvilkår".
//!
//! ## Example
//! ```markdown
//! ## 27. Diverse
//! Lovvalg er dansk ret. Ved at sende dine oplysninger giver du samtykke til,
//! at vi videregiver dem til vores samarbejdspartnere.
//! ```
//! Use instead: a separate, highlighted consent section near the form, with an
//! unticked box for each purpose.
//!
//! Silent on documents under `min-words` words of main content (default 400),
//! which are about nothing but the consent, on grants
//! before `depth`, on grants that are emphasised or
//! sit under a heading about consent, and on consent to jurisdiction, payment
//! or electronic delivery of legal notices.

pub(crate) use crate::analysis::context::short;
use crate::analysis::grants::{set_apart, Grant};
use crate::document::{Block, BlockKind};

use super::{diagnostic, Context, Lint};

pub struct BuriedConsent;

const ID: &str = "buried-consent";

/// Words a document needs before it "covers other matters" (option `min-words`).
const MIN_DOC_WORDS: usize = 400;

/// Fraction of the main content after which a grant is deep (option `depth`).
const DEPTH: f64 = 0.6;

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Is the grant buried: not a request, in the main content of a document long enough to
/// cover other matters, not set apart, and deep (past the `depth` option)? Its position
/// in the document, if so. bundled-consent asks this too: one span, one lint.
pub(crate) fn buried(cx: &Context<'_>, g: &Grant) -> Option<f64> {
    let doc = cx.doc;
    let min_words = cx.option_usize(ID, "min-words").unwrap_or(MIN_DOC_WORDS);
    let depth = cx.option_f64(ID, "depth").unwrap_or(DEPTH);
    let b: &Block = &doc.blocks[g.block];
    if g.request || doc.main_words < min_words || !b.main || b.kind == BlockKind::Label {
        return None;
    }
    // emphasised, or under a heading of its own: not buried
    if set_apart(doc, cx.analysis, g) {
        return None;
    }
    let pos = doc.position(b);
    (pos >= depth).then_some(pos)
}

impl Lint for BuriedConsent {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
        let doc = cx.doc;
        for g in cx.analysis.grants(cx.doc) {
            let Some(pos) = buried(cx, g) else {
                continue;
            };
            let b: &Block = &doc.blocks[g.block];
            let section = doc.section_of(b);
            let clause = match (b.number.as_deref(), section) {
                (Some(n), _) => {
                    let n = n.trim_end_matches('.');
                    match section.filter(|s| !s.title.is_empty()) {
                        Some(s) if s.number.is_some() => {
                            format!("in clause {n} of '{}'", short(&s.title))
                        }
                        _ => format!("in clause {n}"),
                    }
                }
                (None, Some(s)) => match s.number.as_deref() {
                    Some(n) => format!(
                        "in clause {} '{}'",
                        n.trim_end_matches('.'),
                        short(&s.title)
                    ),
                    None => format!("in section '{}'", short(&s.title)),
                },
                (None, None) => "in the running text".to_string(),
            };
            let pct = (pos * 100.0).round() as usize;
            let msg = format!(
                "consent grant '{}' is buried {clause}, {pct}% into a {}-word document, not set apart or highlighted",
                short(&b.text[g.words.clone()]),
                thousands(doc.main_words)
            );
            let mut d = diagnostic(ID, b.source_span(g.sentence.clone()), msg);
            if let Some(s) = section {
                if s.span.end <= cx.source.len() && !s.span.is_empty() {
                    let num = s
                        .number
                        .as_deref()
                        .map(|n| format!("{n} "))
                        .unwrap_or_default();
                    d = d.with_label(
                        s.span.clone(),
                        format!("section '{num}{}' is not about consent", short(&s.title)),
                    );
                }
            }
            out.push(d);
        }
    }
}
