//! `unverifiable-consent`: consent claimed from a channel that leaves no record or from a third party.
//!
//! ## What it finds
//! Sentences that claim a consent the company cannot show a record of, in
//! English and Danish:
//! - consent given by phone, orally or at a stand ("consent given by
//!   telephone", "verbal consent", "samtykke afgivet telefonisk", "mundtligt
//!   samtykke", "consent collected at our stand");
//! - consent obtained through a third party: a partner, a lead supplier, a
//!   sponsor's competition ("we obtained your consent through our partner",
//!   "samtykke indhentet via vores samarbejdspartner");
//! - one person vouching for the consent of others ("you represent that the
//!   individuals in your photos have consented", "du indestår for, at din ven
//!   har givet samtykke").
//!
//! ## Why is this bad?
//! Consent need not be in writing, but the controller must be able to
//! demonstrate it (GDPR Art. 7(1), 5(2); EDPB Guidelines 05/2020 paras.
//! 104-108). A phone call, a chat at a stand or a partner's word leaves the
//! company with no record of who agreed to what, when and on which
//! information; Forbrugerombudsmanden (case 18/05951) holds the sender of
//! marketing to that proof also when the address came from a lead supplier.
//!
//! ## Example
//! ```markdown
//! We obtained your consent to our newsletter through our partner's competition.
//! ```
//! Use instead:
//! ```markdown
//! Sign up in our own form; we store the time and the wording you agreed to.
//! ```
//!
//! Silent on withdrawal by phone, contact by phone with consent given
//! elsewhere ("we may call you if you have consented"), and negations ("we
//! never buy leads").

use std::ops::Range;
use std::sync::OnceLock;

use crate::analysis::{Concept, Hit, ListId};

use super::{block_has_any, diagnostic, range_has_any, Context, Lint};

pub struct UnverifiableConsent;

const ID: &str = "unverifiable-consent";

/// Bytes between a channel ("by phone") and the consent word it belongs to.
const CHANNEL_GAP: usize = 32;
/// Bytes between a partner phrase and the consent word it belongs to.
const PARTNER_GAP: usize = 80;

struct Lists {
    channel: ListId,
    consent_word: ListId,
    weak_consent: ListId,
    ask: ListId,
    subject: ListId,
    strong_obtain: ListId,
    contact: ListId,
    third_source: ListId,
    via_partner: ListId,
    obtain: ListId,
    vouch: ListId,
    others: ListId,
    others_consented: ListId,
    withdrawal: ListId,
    proof: ListId,
}

fn lists(cx: &Context<'_>) -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let v = cx.analysis.vocab;
        let own = |n: &str| {
            let name = format!("{ID}.{n}");
            v.id(&name)
                .unwrap_or_else(|| panic!("phrase list {name} missing from the packs"))
        };
        Lists {
            channel: own("channel"),
            consent_word: own("consent_word"),
            weak_consent: own("weak_consent"),
            ask: own("ask"),
            subject: own("subject"),
            strong_obtain: own("strong_obtain"),
            contact: own("contact"),
            third_source: own("third_source"),
            via_partner: own("via_partner"),
            obtain: own("obtain"),
            vouch: own("vouch"),
            others: own("others"),
            others_consented: own("others_consented"),
            withdrawal: own("withdrawal"),
            proof: own("proof"),
        }
    })
}

fn gap(a: &Hit, b: &Hit) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

fn short(text: &str) -> String {
    const MAX: usize = 80;
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() <= MAX {
        return t;
    }
    let cut: String = t.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}

/// Extend `end` to the end of its clause: the next comma, semicolon, colon or
/// sentence end.
fn clause_end(text: &str, end: usize, sentence_end: usize) -> usize {
    let rest = &text[end..sentence_end];
    match rest.find([',', ';', ':']) {
        Some(i) => end + i,
        None => sentence_end,
    }
}

/// Move `start` back to the start of its clause: after the previous comma,
/// semicolon or colon, or the sentence start.
fn clause_start(text: &str, start: usize, sentence_start: usize) -> usize {
    let before = &text[sentence_start..start];
    let from = match before.rfind([',', ';', ':']) {
        Some(i) => sentence_start + i + 1,
        None => sentence_start,
    };
    let lead = text[from..start].len() - text[from..start].trim_start().len();
    from + lead
}

/// Is the partner `p` where consent `c` came from, rather than part of what was
/// consented to or an aside?
/// - "consent to be contacted by a third party", "consent to allow our partners
///   access": the partner is in the consent's object, unless an obtaining verb
///   sits between them ("consent to our newsletter obtained through a partner");
/// - "(except for websites provided by third parties)": an aside in brackets;
/// - an obtaining verb ("obtained", "given") must be near the pair, not anywhere
///   in the sentence.
fn partner_is_source(text: &str, hits: &[Hit], l: &Lists, c: &Hit, p: &Hit) -> bool {
    let (a, b) = (c.start.min(p.start), c.end.max(p.end));
    if c.end <= p.start {
        let between = text[c.end..p.start].to_lowercase();
        let obtained_between = hits
            .iter()
            .any(|h| h.list == l.strong_obtain && h.start >= c.end && h.end <= p.start);
        if (between.starts_with(" to ") || between.starts_with(" til ")) && !obtained_between {
            return false;
        }
    }
    // the partner inside brackets that do not hold the consent
    let open = text[..p.start].rfind('(');
    let close = text[..p.start].rfind(')');
    if let Some(o) = open {
        if close.is_none_or(|x| x < o)
            && !(c.start > o && text[o..c.start].find(')').is_none())
            && text[p.end..].find(')').is_some()
        {
            return false;
        }
    }
    let lo = a.saturating_sub(40);
    let hi = b + 40;
    hits.iter()
        .any(|h| (h.list == l.obtain || h.list == l.strong_obtain) && h.start >= lo && h.end <= hi)
}

enum Why {
    Channel,
    Partner,
    Vouch,
}

impl UnverifiableConsent {
    /// `hits` is scratch space for the sentence's hits, reused from sentence to sentence.
    fn sentence<'a>(
        &self,
        cx: &Context<'a>,
        l: &Lists,
        block: usize,
        r: Range<usize>,
        hits: &mut Vec<Hit>,
    ) -> Option<(Range<usize>, Why, String)> {
        let text = &cx.doc.blocks[block].text;
        hits.clear();
        hits.extend(cx.analysis.hits_in(block, r.clone()));
        let hits = &*hits;
        let of = |list: ListId| hits.iter().filter(move |h| h.list == list);
        let any = |list: ListId| hits.iter().any(|h| h.list == list);
        if any(l.withdrawal) || any(l.proof) {
            return None;
        }
        let trimmed_end = {
            let s = &text[r.clone()];
            r.start + s.trim_end_matches(['.', ' ']).len()
        };

        // 1. one person vouches for others' consent
        if let Some(v) = of(l.vouch).next() {
            let who = of(l.others).find(|h| h.start >= v.end);
            if let Some(who) = who {
                if let Some(c) = of(l.others_consented).find(|h| h.start >= who.end) {
                    let end = clause_end(text, c.end, trimmed_end);
                    return Some((v.start..end, Why::Vouch, short(&text[who.start..c.end])));
                }
            }
        }

        // weak words ("agreed", "signed up") are consent only in a sentence about
        // consent or marketing
        // (the weak word itself, "tilmeldt", may be a marketing word: it does not count)
        let topic = [Concept::Consent.list(), Concept::Marketing.list()];
        let about_consent = hits.iter().any(|h| {
            topic.contains(&Some(h.list))
                && !of(l.weak_consent).any(|w| w.start < h.end && h.start < w.end)
        });
        let consent: Vec<&Hit> = of(l.consent_word)
            .chain(of(l.weak_consent).filter(|_| about_consent))
            .collect();
        // every consent word denied ("we never buy leads", "without your consent"): the
        // shared negation scope
        if consent.is_empty()
            || consent.iter().all(|c| {
                cx.analysis
                    .negated_in(block, text, r.clone(), c.start..c.end)
            })
        {
            return None;
        }

        // 2. consent by phone, orally, at a stand
        for ch in of(l.channel) {
            // "contact you by phone", "marketing by telephone": the channel of the contact
            let contact_before = of(l.contact).any(|c| c.end <= ch.start && ch.start - c.end <= 24);
            if contact_before {
                continue;
            }
            let Some(c) = consent.iter().copied().find(|c| gap(c, ch) <= CHANNEL_GAP) else {
                continue;
            };
            // nothing but the link between them: no contact words in between
            let (a, b) = (c.start.min(ch.start), c.end.max(ch.end));
            if of(l.contact).any(|x| x.start >= a && x.end <= b) {
                continue;
            }
            let end = clause_end(text, b, trimmed_end);
            let from = clause_start(text, a, r.start);
            return Some((from..end, Why::Channel, short(&text[a..b])));
        }

        // 3. consent taken from a partner, a lead supplier, a competition elsewhere;
        // not where the company will ask for it itself, and only the reader's consent
        // (not "by permission of the licensors")
        if any(l.obtain) && !any(l.ask) && any(l.subject) {
            for p in of(l.via_partner).chain(of(l.third_source)) {
                let Some(c) = consent
                    .iter()
                    .copied()
                    .filter(|c| partner_is_source(text, hits, l, c, p))
                    .find(|c| gap(c, p) <= PARTNER_GAP)
                else {
                    continue;
                };
                let (a, b) = (c.start.min(p.start), c.end.max(p.end));
                let end = clause_end(text, b, trimmed_end);
                let a = clause_start(text, a, r.start);
                return Some((a..end, Why::Partner, short(&text[p.start..p.end])));
            }
        }
        None
    }
}

impl Lint for UnverifiableConsent {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
        let l = lists(cx);
        // a block may be seen twice (the same source text in two blocks): one finding per span
        let mut seen: Vec<std::ops::Range<usize>> = Vec::new();
        // every finding needs a vouching phrase or a consent word in its sentence
        let needed = [l.vouch, l.consent_word, l.weak_consent];
        let mut hits = Vec::new();
        for (i, b) in cx.doc.blocks.iter().enumerate() {
            if !block_has_any(cx.analysis, i, &needed) {
                continue;
            }
            for sent in cx.analysis.sentences_of(i) {
                if !range_has_any(cx.analysis, i, sent.range(), &needed) {
                    continue;
                }
                let Some((range, why, words)) = self.sentence(cx, l, i, sent.range(), &mut hits)
                else {
                    continue;
                };
                let message = match why {
                    Why::Channel => format!(
                        "consent claimed '{words}': oral or phone consent can be valid, but the company must be able to prove it (Art. 7(1)); say how it is recorded"
                    ),
                    Why::Partner => format!(
                        "consent claimed from '{words}': the company must itself be able to prove who consented to what and when (Art. 7(1)); a third party's word is not that proof"
                    ),
                    Why::Vouch => format!(
                        "'{words}': one person vouches for others' consent; the company holds no proof of their consent (Art. 7(1))"
                    ),
                };
                let span = b.source_span(range);
                if seen.contains(&span) {
                    continue;
                }
                seen.push(span.clone());
                out.push(diagnostic(ID, span, message));
            }
        }
    }
}
