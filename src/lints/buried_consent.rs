//! `buried-consent`: a consent grant hidden deep in a document about other matters.
//!
//! ## What it finds
//! A sentence that grants consent ("you consent to", "you agree that we may send
//! you", "giver du samtykke til", "gives samtidig samtykke til") to the use of
//! personal data or to marketing, inside a terms, competition or privacy
//! document that is about other matters, where the grant is
//! - deep in the main content (in its last 40% by default, option `depth` in
//!   the pack's `[options]`), and
//! - not emphasised (bold, `<mark>`, a callout), without a bold lead-in of its
//!   own about consent or newsletters, and not in a section whose heading is
//!   about consent, marketing or newsletters.
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
//! Silent on short documents that are about nothing but the consent, on grants
//! before `depth`, on grants that are emphasised or
//! sit under a heading about consent, and on consent to jurisdiction, payment
//! or electronic delivery of legal notices.

use std::ops::Range;
use std::sync::OnceLock;

use crate::analysis::{Concept, Hit, ListId};
use crate::document::{Block, BlockKind};

use super::{diagnostic, Context, Lint};

pub struct BuriedConsent;

const ID: &str = "buried-consent";

/// Words a document needs before it "covers other matters".
const MIN_DOC_WORDS: usize = 400;

/// The phrase lists of the consent-request helpers shared by `buried-consent`,
/// `bundled-consent` and `missing-withdrawal` (all in `lints/buried-consent.toml`).
pub(crate) struct Lists {
    pub grant: ListId,
    pub give: ListId,
    pub authorize: ListId,
    pub use_verb: ListId,
    pub request: ListId,
    pub data: ListId,
    pub not_consent: ListId,
    pub esign: ListId,
    pub promo: ListId,
    pub consent_heading: ListId,
    pub consent_terms: ListId,
    pub grant_object: ListId,
    pub subordinate: ListId,
    pub service: ListId,
    pub ad: ListId,
}

pub(crate) fn lists(cx: &Context<'_>) -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let v = cx.analysis.vocab;
        let id = |n: &str| {
            v.id(n)
                .unwrap_or_else(|| panic!("phrase list {n} missing from the packs"))
        };
        Lists {
            grant: id("buried-consent.grant"),
            give: id("buried-consent.give"),
            authorize: id("buried-consent.authorize"),
            use_verb: id("buried-consent.use_verb"),
            request: id("buried-consent.request"),
            data: id("buried-consent.data"),
            not_consent: id("buried-consent.not_consent"),
            esign: id("buried-consent.esign"),
            promo: id("buried-consent.promo"),
            consent_heading: id("buried-consent.consent_heading"),
            consent_terms: id("consent.terms"),
            grant_object: id("buried-consent.grant_object"),
            subordinate: id("buried-consent.subordinate"),
            service: id("buried-consent.service"),
            ad: id("buried-consent.ad"),
        }
    })
}

/// A sentence that grants or asks for consent to processing or marketing.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub block: usize,
    /// The sentence, in the block's text.
    pub sentence: Range<usize>,
    /// The granting words, in the block's text.
    pub words: Range<usize>,
    /// A request ("we ask for your consent to") rather than a grant.
    pub request: bool,
}

fn any_of<'a>(hits: impl Iterator<Item = &'a Hit>, list: ListId) -> bool {
    hits.into_iter().any(|h| h.list == list)
}

/// Every consent grant or request about personal data or marketing, in reading order.
///
/// A grant is a performative phrase from `grant` ("you consent to"), or `give`
/// followed closely by a consent word ("you give Mozilla all permissions"), or
/// `authorize` followed closely by a use verb ("you authorize GitHub's use");
/// a request is a phrase from `request` ("bede dig om dit samtykke til"). The
/// sentence must be about personal data or messages, and not about
/// jurisdiction, payment, or electronic delivery of legal notices.
pub(crate) fn find_grants(cx: &Context<'_>) -> Vec<Grant> {
    let l = lists(cx);
    let an = cx.analysis;
    let mut out = Vec::new();
    for (bi, b) in cx.doc.blocks.iter().enumerate() {
        if an.block_lang[bi].is_none() || matches!(b.kind, BlockKind::Heading(_)) {
            continue;
        }
        for s in an.sentences_of(bi) {
            let r = s.range.clone();
            let hits: Vec<&Hit> = an.hits_in(bi, r.clone()).collect();
            let mut words: Option<(Range<usize>, bool)> = None;
            if let Some(h) = hits.iter().find(|h| h.list == l.grant) {
                words = Some((h.start..h.end, false));
            } else if let Some(h) = hits.iter().find(|h| h.list == l.request) {
                words = Some((h.start..h.end, true));
            } else {
                for h in hits
                    .iter()
                    .filter(|h| h.list == l.give || h.list == l.authorize)
                {
                    let want = if h.list == l.give {
                        l.grant_object
                    } else {
                        l.use_verb
                    };
                    // the object within a few words after
                    if let Some(o) = hits
                        .iter()
                        .find(|o| o.list == want && o.start >= h.end && o.start <= h.end + 40)
                        .filter(|o| !negated(&b.text[h.start..o.start]))
                    {
                        words = Some((h.start..o.end, false));
                        break;
                    }
                }
            }
            let Some((words, request)) = words else {
                continue;
            };
            if any_of(hits.iter().copied(), l.not_consent) {
                continue;
            }
            // "when you consent to ...", "unless you give us consent": a consent given
            // elsewhere, described here, not granted by this sentence
            let lead = b.text[..words.start].trim_end();
            if hits
                .iter()
                .any(|h| h.list == l.subordinate && h.end == lead.len() && h.end <= words.start)
            {
                continue;
            }
            // consent to software updates, legal notices, invoices or codes is not about
            // personal data or marketing
            let ad = any_of(hits.iter().copied(), l.ad);
            if !ad
                && hits
                    .iter()
                    .any(|h| h.list == l.service && h.start >= words.end)
            {
                continue;
            }
            let promo = any_of(hits.iter().copied(), l.promo);
            if any_of(hits.iter().copied(), l.esign) && !promo {
                continue;
            }
            let about_data = any_of(hits.iter().copied(), l.data)
                || s.has_any(&[
                    Concept::Marketing,
                    Concept::ThirdParty,
                    Concept::SpecialCategory,
                    Concept::NationalId,
                ]);
            if !about_data {
                continue;
            }
            out.push(Grant {
                block: bi,
                sentence: r,
                words,
                request,
            });
        }
    }
    out
}

/// "you do not give", "giver du ikke": a refusal, not a grant.
fn negated(between: &str) -> bool {
    between
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| {
            let w = w.to_lowercase();
            matches!(w.as_str(), "not" | "never" | "don't" | "ikke" | "aldrig")
        })
}

/// Is a heading block about consent, marketing or newsletters?
pub(crate) fn heading_about_consent(cx: &Context<'_>, block: usize) -> bool {
    let l = lists(cx);
    cx.analysis.hits[block]
        .iter()
        .any(|h| h.list == l.consent_heading || h.list == l.consent_terms)
}

/// Does block `bi` carry an emphasised lead-in about consent or newsletters before `at`?
fn has_consent_lead_in(cx: &Context<'_>, bi: usize, at: usize) -> bool {
    let b = &cx.doc.blocks[bi];
    let l = lists(cx);
    b.emphasis.iter().filter(|e| e.end <= at).any(|e| {
        cx.analysis
            .hits_in(bi, e.clone())
            .any(|h| h.list == l.consent_heading || h.list == l.consent_terms || h.list == l.promo)
    })
}

pub(crate) fn short(text: &str) -> String {
    const MAX: usize = 60;
    let t = text.trim();
    if t.chars().count() <= MAX {
        return t.to_string();
    }
    let cut: String = t.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}

fn depth_option() -> f64 {
    super::pack(ID)
        .options
        .get("depth")
        .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
        .unwrap_or(0.6)
}

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

impl Lint for BuriedConsent {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
        let doc = cx.doc;
        if doc.main_words < MIN_DOC_WORDS {
            return;
        }
        let depth = depth_option();
        for g in find_grants(cx) {
            if g.request {
                continue;
            }
            let b: &Block = &doc.blocks[g.block];
            if !b.main || b.kind == BlockKind::Label {
                continue;
            }
            if b.is_emphasised(&g.words) || b.is_emphasised(&g.sentence) {
                continue;
            }
            let section = doc.section_of(b);
            // a section of its own about consent is not buried
            if let Some(s) = section {
                if heading_about_consent(cx, s.heading_block) {
                    continue;
                }
            }
            // a bold lead-in about consent or newsletters sets the paragraph apart
            if has_consent_lead_in(cx, g.block, g.words.start) {
                continue;
            }
            let pos = doc.position(b);
            if pos < depth {
                continue;
            }
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
