//! The consent-grant recognizer: sentences that grant or ask for consent to the
//! processing of personal data or to marketing ("you consent to", "giver du samtykke",
//! "we ask for your consent to"), and not to jurisdiction, payment, software updates or
//! electronic delivery of notices. Computed once per document
//! ([`Analysis::grants`](super::Analysis::grants)) and shared by `buried-consent`,
//! `bundled-consent` and `missing-withdrawal`; its vocabulary is the concept pack
//! `lints/concepts/grant.toml`.

use std::ops::Range;
use std::sync::OnceLock;

use super::{Analysis, Concept, Hit, ListId};
use crate::document::{BlockKind, Document};

/// The phrase lists of the grant recognizer (`lints/concepts/grant.toml`).
pub struct Lists {
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
    pub topic_heading: ListId,
    pub b2b: ListId,
    pub covenant: ListId,
    pub contract: ListId,
    /// A legal obligation or an authority as the purpose (`ground.legal_obligation`).
    pub legal_obligation: ListId,
    /// The contract itself as the object ("consent to this Agreement").
    pub contract_object: ListId,
    pub anaphor: ListId,
    /// The shared personal-data concept (`lints/concepts/personal-data.toml`).
    pub personal: ListId,
    /// The notices about processing (`terms.notice`): "you consent to our Privacy Policy".
    pub notice: ListId,
}

/// The grant recognizer's lists, looked up once.
pub fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let id = crate::analysis::list_id;
        Lists {
            grant: id("grant.grant"),
            give: id("grant.give"),
            authorize: id("grant.authorize"),
            use_verb: id("grant.use_verb"),
            request: id("grant.request"),
            data: id("grant.data"),
            not_consent: id("grant.not_consent"),
            esign: id("grant.esign"),
            promo: id("grant.promo"),
            consent_heading: id("grant.consent_heading"),
            consent_terms: id("consent.terms"),
            grant_object: id("grant.grant_object"),
            subordinate: id("grant.subordinate"),
            service: id("grant.service"),
            ad: id("grant.ad"),
            b2b: id("grant.b2b"),
            topic_heading: id("grant.topic_heading"),
            covenant: id("grant.covenant"),
            contract: id("grant.contract"),
            legal_obligation: id("ground.legal_obligation"),
            contract_object: id("grant.contract_object"),
            anaphor: id("grant.anaphor"),
            personal: id("personal-data.terms"),
            notice: id("terms.notice"),
        }
    })
}

/// A sentence that grants or asks for consent to processing or marketing.
#[derive(Debug, Clone)]
pub struct Grant {
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
pub fn find(doc: &Document, an: &Analysis) -> Vec<Grant> {
    let l = lists();
    let mut out = Vec::new();
    // every grant starts from one of these phrases: blocks and sentences without any
    // are skipped before their hits are gathered
    let starts = [l.grant, l.request, l.give, l.authorize];
    let has_start = |h: Hit| starts.contains(&h.list);
    // the hits of a sentence, reused from sentence to sentence
    let mut hits: Vec<Hit> = Vec::new();
    for (bi, b) in doc.blocks.iter().enumerate() {
        let Some(lang) = an.block_lang[bi] else {
            continue;
        };
        if matches!(b.kind, BlockKind::Heading(_)) {
            continue;
        }
        let literal = starts.iter().any(|&x| an.block_has(bi, x));
        // the token patterns (any subject: "you, the Entrant, agree", "kunden giver
        // samtykke") run where a grant can be about data or marketing at all
        let patterns =
            (an.block_has(bi, l.data) || an.block_has(bi, l.personal) || an.block_has(bi, l.promo))
                .then(|| super::pattern::Compiled::get(lang));
        if !literal && patterns.is_none() {
            continue;
        }
        for s in an.sentences_of(bi) {
            let r = s.range();
            let about_data = || {
                an.hits_in(bi, r.clone())
                    .any(|h| h.list == l.data || h.list == l.personal)
                    || s.has_any(&[
                        Concept::Marketing,
                        Concept::ThirdParty,
                        Concept::SpecialCategory,
                        Concept::NationalId,
                    ])
            };
            let from_pattern = if an.hits_in(bi, r.clone()).any(has_start) {
                None
            } else {
                match patterns {
                    Some(c) if about_data() => {
                        let toks = super::tokens::tokenize(&b.text, r.clone(), lang);
                        c.find(c.of("grant"), &toks)
                            .first()
                            .map(|m| m.range.clone())
                    }
                    _ => None,
                }
            };
            if from_pattern.is_none() && !an.hits_in(bi, r.clone()).any(has_start) {
                continue;
            }
            hits.clear();
            hits.extend(an.hits_in(bi, r.clone()));
            // a grant the patterns found (any subject), else the literal phrases
            let mut words: Option<(Range<usize>, bool)> = from_pattern.map(|w| (w, false));
            if words.is_none() {
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
                            .filter(|o| !an.negated_in(bi, &b.text, r.clone(), o.start..o.end))
                        {
                            words = Some((h.start..o.end, false));
                            break;
                        }
                    }
                }
            }
            let Some((words, request)) = words else {
                continue;
            };
            if any_of(hits.iter(), l.not_consent) {
                continue;
            }
            // "You are not required to consent to receive promotional texts", "du er ikke
            // forpligtet til at give samtykke": a denied grant grants nothing
            if an.negated_in(bi, &b.text, r.clone(), words.clone()) {
                continue;
            }
            // "when you consent to ...", "unless you give us consent": a consent given
            // elsewhere, described here, not granted by this sentence
            let lead = b.text[..words.start].trim_end();
            if hits
                .iter()
                .any(|h| h.list == l.subordinate && h.end == lead.len() && h.end <= words.start)
                || super::negation::subordinate(&b.text, r.clone(), words.clone(), lang)
            {
                continue;
            }
            // a business's logo or a processor's authorisation, not personal data
            if any_of(hits.iter(), l.b2b) {
                continue;
            }
            // "within 30 days of the time you consent to this Agreement": the contract is
            // concluded, nothing is consented to about data
            if hits.iter().any(|h| {
                h.list == l.contract_object
                    && h.start >= words.end
                    && b.text[words.end..h.start].split_whitespace().all(|w| {
                        matches!(
                            w.to_lowercase().as_str(),
                            "to" | "til" | "i" | "with" | "med"
                        )
                    })
            }) {
                continue;
            }
            // "you agree to use the Service at your sole risk": an undertaking, not consent
            let upto = crate::text::floor_char_boundary(&b.text, (words.end + 40).min(r.end));
            let around = b.text[words.start..upto].to_lowercase();
            let undertaking = [
                "agree to ",
                "agrees to ",
                "agreed to ",
                "accepterer at ",
                "til at ",
            ]
            .iter()
            .filter_map(|k| around.find(k).map(|at| (words.start + at, k.len())))
            // "giver os tilladelse til at bruge": the permission's own object, not a promise
            .filter(|&(at, _)| !b.text[words.end.min(at)..at].trim().is_empty() || at < words.end)
            .map(|(at, len)| at + len)
            .any(|next| hits.iter().any(|h| h.list == l.covenant && h.start == next));
            if undertaking {
                continue;
            }
            // someone else's consent: "without a user's express consent", "Customer gives
            // its prior written consent", "with their consent"
            if others_consent(&b.text[..words.start])
                || others_consent_within(&b.text[words.clone()])
            {
                continue;
            }
            // consent to software updates, legal notices, invoices or codes is not about
            // personal data or marketing
            let ad = any_of(hits.iter(), l.ad);
            // the object after the grant, or, when that object points back ("you agree
            // to receive them"), the words it points to earlier in the sentence
            let from = if hits.iter().any(|h| {
                h.list == l.anaphor
                    && h.start >= words.end
                    && b.text[words.end..h.start].trim().is_empty()
            }) {
                r.start
            } else {
                words.end
            };
            if !ad && hits.iter().any(|h| h.list == l.service && h.start >= from) {
                continue;
            }
            let promo = any_of(hits.iter(), l.promo);
            if any_of(hits.iter(), l.esign) && !promo {
                continue;
            }
            // consent to what the contract needs ("for the purposes of conclusion of the
            // Agreement", "med henblik på opfyldelse af aftalen"): GDPR Art. 6(1)(b) is its
            // ground, if no marketing or sharing rides on it; or to what the law requires
            // ("to fulfill our tax reporting obligations", "to law enforcement"): Art.
            // 6(1)(c), if no marketing rides on it
            let after = |list: ListId| hits.iter().any(|h| h.list == list && h.start >= words.end);
            if !ad
                && !promo
                && !s.has(Concept::Marketing)
                && (after(l.contract)
                    // the disclosure to the authority is the point of the sentence
                    || after(l.legal_obligation))
            {
                continue;
            }
            if !about_data() {
                continue;
            }
            // terms addressed to a business (a developer, advertiser or cloud customer; see
            // `audience`): its permissions are contract terms or a controller's instructions
            // about its own or its end users' data ("Customer agrees to the use of GCS",
            // "you consent that we may disclose your advertising content"), not a person's
            // consent. Consent to marketing sent to the reader, or to the privacy notice
            // that covers the reader's own data, stays one.
            if !hits.iter().any(|h| {
                h.list == l.notice
                    || h.list == l.promo && !super::context::reader_owned(&b.text, r.start, h.start)
            }) && an.business_audience(doc)
            {
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

/// Do the words right before a grant make the consent another party's ("a user's",
/// "its", "their", "brugerens", "deres")?
fn others_consent(before: &str) -> bool {
    let w: Vec<&str> = before
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .rev()
        .take(2)
        .collect();
    let Some(last) = w.first() else {
        return false;
    };
    let last = last.to_lowercase();
    last.ends_with("'s")
        || last.ends_with("’s")
        || matches!(
            last.as_str(),
            "its" | "their" | "his" | "her" | "deres" | "dens" | "dets" | "hans" | "hendes"
        )
}

/// Does the grant's own wording name another party's consent ("the user's express
/// consent", "their prior consent")? Only a possessive before the consent noun counts:
/// "you authorize GitHub's use" is the reader's own authorisation.
/// Adjectives that stand between a possessive and its consent noun ("their prior written
/// consent", "brugerens udtrykkelige samtykke").
const CONSENT_ADJECTIVES: &[&str] = &[
    "express",
    "explicit",
    "prior",
    "written",
    "separate",
    "specific",
    "informed",
    "verifiable",
    "affirmative",
    "full",
    "own",
    "udtrykkelige",
    "udtrykkeligt",
    "forudgående",
    "skriftlige",
    "særskilte",
    "eget",
    "egen",
];

fn others_consent_within(words: &str) -> bool {
    let ws: Vec<&str> = words.split_whitespace().collect();
    ws.iter().enumerate().any(|(k, w)| {
        let w = w.to_lowercase();
        let consent_noun = [
            "consent",
            "permission",
            "authoriz",
            "authoris",
            "samtykke",
            "tilladelse",
        ]
        .iter()
        .any(|n| w.starts_with(n));
        // the possessive right before the noun, or before the noun's own adjectives
        // ("their prior written consent"): "Sponsor and its agents permission" is the
        // agents' possessive, and the permission is the entrants'
        consent_noun
            && (k.saturating_sub(3)..k).rev().any(|p| {
                others_consent(ws[p])
                    && ws[p + 1..k].iter().all(|a| {
                        let a = a.to_lowercase();
                        CONSENT_ADJECTIVES
                            .iter()
                            .any(|x| a.trim_matches(|c: char| !c.is_alphanumeric()) == *x)
                    })
            })
    })
}

/// Is a heading block about consent, marketing or newsletters?
pub fn heading_about_consent(an: &Analysis, block: usize) -> bool {
    let l = lists();
    an.block_has(block, l.consent_heading) || an.block_has(block, l.consent_terms)
}

/// Does a heading block name a data practice (cookies, transfers, sharing, social login,
/// location, SMS)? A grant in the section about that practice is set apart by it.
pub fn heading_about_practice(an: &Analysis, block: usize) -> bool {
    an.block_has(block, lists().topic_heading)
}

/// Does the text range `r` of block `block` (a heading, or a run-in title) name consent,
/// marketing or newsletters, or a data practice?
pub fn title_sets_apart(an: &Analysis, block: usize, r: Range<usize>) -> bool {
    let l = lists();
    an.hits_in(block, r).any(|h| {
        h.list == l.consent_heading || h.list == l.consent_terms || h.list == l.topic_heading
    })
}

/// Is the grant set apart from the other matters of its document (GDPR Art. 7(2)): in
/// emphasis, in a section or under a run-in heading of its own about consent, marketing
/// or the data practice it concerns ("19. Consent to Communications. By using ...",
/// "**Samtykke til nyhedsbrev**"), or after an emphasised lead-in about consent?
pub fn set_apart(doc: &Document, an: &Analysis, g: &Grant) -> bool {
    let b = &doc.blocks[g.block];
    if b.is_emphasised(&g.words) || b.is_emphasised(&g.sentence) {
        return true;
    }
    if let Some(s) = doc.section_of(b) {
        if heading_about_consent(an, s.heading_block) || heading_about_practice(an, s.heading_block)
        {
            return true;
        }
    }
    if has_consent_lead_in(doc, an, g.block, g.words.start) {
        return true;
    }
    super::context::run_in_title(doc, g.block)
        .filter(|(j, r)| *j != g.block || r.end <= g.words.start)
        .is_some_and(|(j, r)| title_sets_apart(an, j, r))
}

/// Does block `bi` carry an emphasised lead-in about consent or newsletters before `at`?
pub fn has_consent_lead_in(doc: &Document, an: &Analysis, bi: usize, at: usize) -> bool {
    let b = &doc.blocks[bi];
    let l = lists();
    b.emphasis.iter().filter(|e| e.end <= at).any(|e| {
        an.hits_in(bi, e.clone())
            .any(|h| h.list == l.consent_heading || h.list == l.consent_terms || h.list == l.promo)
    })
}
