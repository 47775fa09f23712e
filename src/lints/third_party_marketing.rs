//! `third-party-marketing`: data passed to partners for their marketing without a separate, named consent.
//!
//! ## What it finds
//! A sentence that shares, sells or passes personal data to unnamed partners,
//! sponsors, "selected companies", clients or other third parties for their
//! marketing ("we pass your details on to selected companies to provide you
//! with offers", "dine oplysninger videregives til vores samarbejdspartnere,
//! som kan kontakte dig med tilbud"), or that lets such third parties market
//! to the reader ("our sponsors may contact you with offers", "you will
//! receive promotions from our partners and associated companies"). Selling or
//! renting the data ("we sell your contact details to selected companies") is the
//! receiver's own use and needs no stated purpose; sharing the reader must opt out of
//! ("If you do not want us to share ... with third parties, you can opt out") is
//! sharing by default; a form label speaks in the first person ("Del mine
//! oplysninger med udvalgte partnere, så de kan sende mig tilbud"). When the
//! sharing sentence names no purpose, a later sentence of the same paragraph
//! that has the third parties market to the reader supplies it, and the
//! finding stays on the sharing sentence. Also the reader's details matched with
//! an advertising platform's users ("email addresses may be used to create
//! lookalike audiences", "Customer Match", "tilpassede målgrupper"): the platform
//! receives them for targeting.
//!
//! ## Why is this bad?
//! Passing data to another company for its own marketing needs consent
//! (GDPR Art. 6(1)(a)) that is informed: the request must name each
//! controller that will rely on it (EDPB Guidelines 05/2020 para. 65 and
//! Example 7; GDPR Art. 13(1)(e)), and must be distinguishable from other
//! matters (Art. 7(2)). Names behind a link or a mouse-over are not named.
//! Electronic marketing from the partners needs prior consent under
//! markedsføringsloven §10. (The old databeskyttelsesloven §13 on passing
//! customer data on for marketing was repealed from 1 January 2024.)
//!
//! ## Example
//! ```markdown
//! 4.2 We may pass your details on to selected companies so that they can send you their offers.
//! ```
//! Use instead:
//! ```markdown
//! - [ ] Yes, pass my e-mail to Acme Ltd so that Acme can send me its offers by e-mail.
//! ```
//!
//! Silent on negations ("we do not sell your data", "Vi videregiver ikke dine
//! oplysninger til tredjemand"), processors acting for the company (hosting,
//! payment, service providers, "databehandler"), sharing that waits for a
//! separate opt-in ("if you tick yes, your details are passed to the
//! sponsor"), aggregated or anonymised data, a sale of the business (merger,
//! acquisition), a defined term ("“sell” means ...") and a list of the reader's
//! rights ("You have the right to request: categories of information sold").

use std::ops::Range;
use std::sync::OnceLock;

use crate::analysis::context::short;
use crate::analysis::{Hit, ListId};
use crate::document::BlockKind;

use super::{block_has_any, diagnostic, range_has_any, Context, Lint};

pub struct ThirdPartyMarketing;

const ID: &str = "third-party-marketing";

struct Lists {
    /// List-based ad targeting on a platform ("lookalike audiences", "Customer Match").
    audience: ListId,
    /// A pointer to more information elsewhere ("For more information about ...").
    pointer: ListId,
    /// A way out of audience matching ("opt out of Customer Match", "fravælge").
    audience_exit: ListId,
    /// The pronouns of the data list ("your", "it", "dine"): no data noun by themselves.
    data_pronoun: ListId,
    receiver: ListId,
    ad_receiver: ListId,
    share: ListId,
    action: ListId,
    contact_action: ListId,
    /// The receiver's own use of the data ("for their own purposes", "who may combine it
    /// with other information"): an independent controller, so a purpose of its own.
    own_use: ListId,
    receive: ListId,
    marketing: ListId,
    processor: ListId,
    condition: ListId,
    /// Consent named as the ground (`ground.consent_basis`): stated for the sharing in the
    /// same paragraph, the sharing waits for consent.
    consent_basis: ListId,
    /// `withdrawal.consent_withdrawal`: a route to withdraw a consent presupposes one.
    consent_withdrawal: ListId,
    anonymous: ListId,
    anaphora: ListId,
    channel: ListId,
    preposition: ListId,
    determiner: ListId,
    data: ListId,
    rights: ListId,
    service_purpose: ListId,
    /// Products and services as the object of running the business ("development of
    /// products and services"): no marketing.
    operations: ListId,
    /// A lead-in that makes its list prohibitions (`terms.prohibition`).
    prohibition: ListId,
    reserve: ListId,
    org: ListId,
    thing: ListId,
    legal: ListId,
    sale: ListId,
    transaction: ListId,
    consent_to: ListId,
    their_use: ListId,
    tracker: ListId,
    agent: ListId,
}

fn lists(cx: &Context<'_>) -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let v = cx.analysis.vocab;
        let id = |n: &str| {
            v.id(&format!("{ID}.{n}"))
                .unwrap_or_else(|| panic!("phrase list {ID}.{n} missing from the packs"))
        };
        Lists {
            audience: id("audience"),
            pointer: id("pointer"),
            audience_exit: id("audience_exit"),
            data_pronoun: id("data_pronoun"),
            receiver: id("receiver"),
            ad_receiver: id("ad_receiver"),
            share: id("share"),
            action: id("action"),
            contact_action: id("contact_action"),
            own_use: id("own_use"),
            receive: id("receive"),
            marketing: id("marketing"),
            operations: id("operations"),
            processor: id("processor"),
            condition: id("condition"),
            consent_basis: crate::analysis::list_id("ground.consent_basis"),
            consent_withdrawal: crate::analysis::list_id("withdrawal.consent_withdrawal"),
            anonymous: id("anonymous"),
            anaphora: id("anaphora"),
            channel: id("channel"),
            preposition: id("preposition"),
            determiner: id("determiner"),
            data: id("data"),
            rights: id("rights"),
            service_purpose: id("service_purpose"),
            prohibition: crate::analysis::list_id("terms.prohibition"),
            reserve: id("reserve"),
            org: id("org"),
            thing: id("thing"),
            legal: id("legal"),
            sale: id("sale"),
            transaction: id("transaction"),
            consent_to: id("consent_to"),
            their_use: id("their_use"),
            tracker: id("tracker"),
            agent: id("agent"),
        }
    })
}

/// Words in `text[a..b]`.
use crate::document::model::words_between as words;

/// Does a preposition ("to", "with", "til") introduce the receiver at `r`, with only
/// determiners and kinds of partner ("our", "selected", "social media, advertising and
/// analytics", "vores") between? Where the receiver phrase starts after the preposition.
fn introduced(text: &str, r: &Hit, preps: &[&Hit], dets: &[&Hit]) -> Option<usize> {
    let mut at = r.start;
    loop {
        let before = text[..at].trim_end();
        if preps.iter().any(|p| p.end == before.len()) {
            return Some(at);
        }
        // a list of kinds is separated by commas ("social media, advertising")
        let before = before.trim_end_matches(',').trim_end();
        match dets.iter().find(|d| d.end == before.len()) {
            Some(d) => at = d.start,
            None => return None,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// sharing with a purpose stated, or third parties marketing to the reader
    Strong,
    /// sharing with third parties, purpose not stated in the sentence
    Weak,
    /// no sharing of its own, but the third parties' own use of what a sentence just before
    /// shared ("Our partners may combine it with other information"): it gives that
    /// sharing its purpose and is never reported itself
    Confirm,
}

/// Bytes after a finding within which a route to withdraw consent speaks of its sharing.
const WITHDRAWAL_REACH: usize = 300;

struct Candidate {
    range: Range<usize>,
    strength: Strength,
    message: String,
    /// The finding is the consent itself ("you consent to our partners' use of cookies"):
    /// a route to withdraw it does not show that a separate consent names the parties.
    grant: bool,
}

impl ThirdPartyMarketing {
    /// `hs` is scratch space for the sentence's hits, reused from sentence to sentence.
    #[allow(clippy::too_many_arguments)]
    fn sentence<'a>(
        &self,
        cx: &Context<'a>,
        l: &Lists,
        block: usize,
        range: Range<usize>,
        earlier_marketing: bool,
        lead_in_data: bool,
        hs: &mut Vec<Hit>,
    ) -> Option<Candidate> {
        let an = cx.analysis;
        let text = &cx.doc.blocks[block].text;
        hs.clear();
        hs.extend(an.hits_in(block, range.clone()));
        let hs = &*hs;
        let of = |list: ListId| hs.iter().filter(move |h| h.list == list);
        let any = |list: ListId| hs.iter().any(|h| h.list == list);
        if any(l.processor)
            || any(l.condition)
            || any(l.anonymous)
            || any(l.legal)
            || any(l.transaction)
        {
            return None;
        }
        // the next word after `at`, lower-cased
        let next_word = |at: usize| -> String {
            text[at..range.end]
                .trim_start_matches(|c: char| c.is_whitespace() || c == '-')
                .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                .next()
                .unwrap_or("")
                .to_lowercase()
        };
        let word_in = |w: &str, list: ListId| {
            !w.is_empty()
                && an
                    .find(w, an.block_lang[block].unwrap_or(crate::analysis::Lang::En))
                    .iter()
                    .any(|h| h.list == list && h.start == 0 && h.end == w.len())
        };
        // a right of the reader or a definition stated before `pos` ("you may request ...
        // the personal information we share with third parties for their marketing")
        let reserves: Vec<&Hit> = of(l.reserve).collect();
        let rights_before = |pos: usize| {
            of(l.rights).any(|h| {
                h.start <= pos && !reserves.iter().any(|r| r.start < h.end && h.start < r.end)
            })
        };
        // a receiver followed by a name ("our partner Acme Ltd", "sponsor: Lakeside Hotels")
        // is named in the text itself
        let named = |r: &Hit| {
            // "clients of OfferX" names whose clients, not who they are
            let own = text[r.start..r.end].to_lowercase();
            if own.ends_with(" of") || own.ends_with(" af") {
                return false;
            }
            let after = text[r.end..range.end].trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ',' | ':' | '(' | '-' | '–' | '\'' | '"')
            });
            after.starts_with(|c: char| c.is_uppercase())
        };
        let all_receivers: Vec<&Hit> = of(l.receiver).chain(of(l.ad_receiver)).collect();
        // "carefully selected news": an adjective names a receiver only before an
        // organisation noun; "third-party apps" are things, not parties
        let party = |r: &Hit| {
            let extended = all_receivers
                .iter()
                .any(|o| o.start >= r.start && o.start < r.end && o.end > r.end);
            if extended {
                return true;
            }
            let own = text[r.start..r.end].to_lowercase();
            let w = next_word(r.end);
            if own.ends_with("selected") || own.ends_with("udvalgte") {
                return word_in(&w, l.org);
            }
            !word_in(&w, l.thing)
        };
        let receivers: Vec<&Hit> = all_receivers
            .iter()
            .copied()
            .filter(|r| !named(r) && party(r))
            .collect();
        if receivers.is_empty() {
            return None;
        }
        // denied in the sentence ("we do not share, sell or rent your data", "No mobile
        // information will be shared", "vi videregiver ikke"): the shared negation scope
        let negated = |h: &Hit| {
            an.negated_in(block, text, range.clone(), h.start..h.end)
                || an.main_clause_denies(block, text, range.clone(), h.start)
        };
        let preps: Vec<&Hit> = of(l.preposition).collect();
        let dets: Vec<&Hit> = of(l.determiner).collect();
        // each receiver a preposition introduces, with where its phrase starts ("with our
        // social media, advertising and analytics partners")
        let intro: Vec<(&Hit, usize)> = receivers
            .iter()
            .filter_map(|r| introduced(text, r, &preps, &dets).map(|at| (*r, at)))
            .collect();
        // a marketing word of its own: "advertising partners" alone names a receiver, not a purpose
        // nor the company's own marketing ("to measure the performance of our advertising",
        // "til vores egen markedsføring"): a receiver that serves it is the company's
        // agency, and its use is the company's (issue #10, point 7)
        let operations: Vec<&Hit> = of(l.operations).collect();
        let marketing = of(l.marketing).any(|m| {
            !crate::analysis::context::company_owned(text, range.start, m.start)
                && !operations
                    .iter()
                    .any(|o| o.start <= m.start && m.start < o.end)
                && !receivers
                    .iter()
                    .any(|r| r.start <= m.start && m.end <= r.end)
                && !intro.iter().any(|(r, at)| *at <= m.start && m.end <= r.end)
        });
        let channel = any(l.channel);
        // the receiver's own use, said of a receiver before it ("with our advertising
        // partners who may combine it with other information", "Vores partnere kan
        // kombinere disse data med andre oplysninger")
        let own_use = of(l.own_use).any(|o| {
            !negated(o)
                && receivers
                    .iter()
                    .any(|r| r.end <= o.start && words(text, r.end, o.start) <= 8)
        });
        let s = |h: &Hit| text[h.start..h.end].to_string();
        // the whole receiver phrase: "carefully selected" + "selected third parties"
        let whole = |r: &Hit| {
            let mut end = r.end;
            loop {
                let next = receivers
                    .iter()
                    .filter(|o| o.start >= r.start && o.start < end && o.end > end)
                    .map(|o| o.end)
                    .max();
                match next {
                    Some(e) => end = e,
                    None => break,
                }
            }
            text[r.start..end].to_string()
        };
        let mut weak: Option<Candidate> = None;
        // "we pass your details on to selected companies"
        // each receiver introduced by a preposition, with the sharing verb nearest before it
        let pairs: Vec<(&Hit, &Hit)> = intro
            .iter()
            .filter_map(|&(r, at)| {
                of(l.share)
                    .rfind(|v| v.end <= at && words(text, v.end, at) <= 12)
                    .map(|v| (v, r))
            })
            .collect();
        for (v, r) in pairs {
            if negated(v)
                || an.reader_is_subject(block, text, range.clone(), v.start..v.end, false)
                || rights_before(v.start)
                || crate::analysis::context::quoted_word(text, &(v.start..v.end))
            {
                continue;
            }
            // the Danish imperative "Del" of a form label only where it opens the label:
            // elsewhere "del" is the noun "part" ("en del af")
            if text[v.start..v.end].eq_ignore_ascii_case("del")
                && !text[range.start..v.start]
                    .trim_start_matches(|c: char| !c.is_alphanumeric())
                    .is_empty()
            {
                continue;
            }
            // it must be personal data that is passed on: the verb's object ("share your
            // details with"), the subject of a passive ("your data may be passed to"), or the
            // lead-in of a list ("We use your data to: * pass on to selected companies")
            let object = of(l.data).any(|d| {
                (d.start >= v.end && d.end <= r.start)
                    || (d.end <= v.start && words(text, d.end, v.start) <= 5)
            });
            if !(object || lead_in_data) {
                continue;
            }
            // selling or renting data is for the buyer's own use: a purpose of its own
            let sold = of(l.sale).any(|h| h.start == v.start);
            let purpose = marketing || sold || own_use || (any(l.anaphora) && earlier_marketing);
            let c = Candidate {
                range: range.clone(),
                grant: false,
                strength: if purpose {
                    Strength::Strong
                } else {
                    Strength::Weak
                },
                message: if (sold || own_use) && !marketing {
                    format!(
                        "'{}' hands personal data to '{}' for their own use without a separate consent that names them",
                        short(&s(v)),
                        short(&whole(r))
                    )
                } else {
                    format!(
                        "'{}' passes personal data to '{}' for their marketing without a separate consent that names them",
                        short(&s(v)),
                        short(&whole(r))
                    )
                },
            };
            if purpose {
                return Some(c);
            }
            weak = Some(c);
            break;
        }
        // the reader hears from the third party: "partners may contact you with offers"
        for a in of(l.action) {
            // "any third party ... may contact you by post or telephone" is marketing too
            // a contact whose stated purpose is a service one is no marketing ("may continue
            // to contact you via email for administrative purposes", after an opt-out of
            // marketing), unless a marketing purpose is coordinated with it ("for
            // administrative purposes and to send you offers")
            let service = of(l.service_purpose).any(|p| {
                p.start > a.end
                    && !of(l.marketing)
                        .any(|m| m.start >= p.end && words(text, p.end, m.start) <= 6)
            });
            // a receiver the sentence has just passed the data to needs no marketing word
            // to be marketing when it then contacts the reader ("have your details passed to
            // sponsors, and to have them contact you directly")
            if negated(a)
                || service
                || !(marketing
                    || channel
                    || (weak.is_some() && of(l.contact_action).any(|c| c.start == a.start)))
                || rights_before(a.start)
            {
                continue;
            }
            // "we do not disclose your data to third parties for them to market their services"
            let refused = of(l.share).any(|v| v.end <= a.start && negated(v));
            if refused {
                continue;
            }
            if let Some(r) = receivers
                .iter()
                .filter(|r| r.end <= a.start && words(text, r.end, a.start) <= 10)
                .rfind(|r| {
                    // "to bill our advertising partners, and to present you with ads": the
                    // receiver is the object of one infinitive, the company does the other
                    let between = text[r.end..a.start].trim().to_lowercase();
                    let between = between.trim_start_matches(',').trim();
                    !matches!(between, "and to" | "or to" | "og til at" | "og at")
                })
            {
                return Some(Candidate {
                    range,
                    grant: false,
                    strength: Strength::Strong,
                    message: format!(
                        "'{}' ... '{}': unnamed third parties market to the reader without a separate consent that names them",
                        short(&whole(r)),
                        short(&s(a))
                    ),
                });
            }
        }
        // "you will receive offers from our partners"
        for a in of(l.receive) {
            if negated(a) || rights_before(a.start) {
                continue;
            }
            // the receiver is what "from" introduces: "offers from our partners", not
            // "news from Battle.net – carefully selected news"
            // (or a list after "from": "from Acme.com, their partners and associated companies")
            let from_introduces = |r: &Hit| {
                let lower = text[a.end..r.start].to_lowercase();
                let Some(f) = lower.rfind(" from ").or_else(|| lower.rfind(" fra ")) else {
                    return false;
                };
                let between = &lower[f + 5..];
                // a list of senders after "from" ("from us, the lenders and financial
                // service providers, as well as third party marketers") may run longer
                let list = between.contains(',')
                    && [" and ", " or ", " as well as ", " og ", " eller ", " samt "]
                        .iter()
                        .any(|c| between.contains(c));
                let n = words(&lower, f + 5, lower.len());
                (n <= 6 || list && n <= 14)
                    && !between.contains(['–', '—', ':', ';', '(', '_'])
                    && !between.contains(" - ")
            };
            // what is received must be marketing: "receive offers from", not "receive data from"
            if let Some(r) = receivers.iter().find(|r| {
                r.start >= a.end && words(text, a.end, r.start) <= 14 && from_introduces(r) && {
                    let between = text[a.end..r.start].to_lowercase();
                    let from = between.find(" from ").or_else(|| between.find(" fra "));
                    from.is_some_and(|f| {
                        hs.iter().any(|m| {
                            m.list == l.marketing && m.start >= a.end && m.end <= a.end + f
                        })
                    })
                }
            }) {
                return Some(Candidate {
                    range,
                    grant: false,
                    strength: Strength::Strong,
                    message: format!(
                        "'{} ... {}': marketing from unnamed third parties without a separate consent that names them",
                        short(&s(a)),
                        short(&whole(r))
                    ),
                });
            }
        }
        // consent to the third party's own use: "you consent to our partners' use of
        // cookies on this website", "giver du samtykke til vores samarbejdspartneres
        // anvendelse af cookies"; marketing in the sentence or just before it
        if marketing || earlier_marketing {
            for g in of(l.consent_to).filter(|g| !negated(g)) {
                // "the use of cookies by our partners", "brug af cookies af vores partnere":
                // the use, its tracker, then the receiver after "by" / "af"
                let passive = of(l.their_use)
                    .find(|u| u.start >= g.end && words(text, g.end, u.start) <= 1)
                    .and_then(|u| {
                        of(l.tracker).find(|t| t.start >= u.end && words(text, u.end, t.start) <= 2)
                    })
                    .and_then(|t| {
                        receivers.iter().find(|r| {
                            r.start >= t.end
                                && words(text, t.end, r.start) <= 3
                                && of(l.agent).any(|a| {
                                    a.start >= t.end
                                        && words(text, t.end, a.start) == 0
                                        && a.end <= r.start
                                })
                        })
                    });
                // "our partners' use of cookies": the use noun right after the receiver's
                // possessive ("partners'", "partner's", "samarbejdspartneres"), its tracker
                // after it
                let possessive = || {
                    receivers
                        .iter()
                        .find(|r| r.start >= g.end && words(text, g.end, r.start) <= 3)
                        .filter(|r| {
                            of(l.their_use).any(|u| {
                                u.start >= r.end
                                    && text[r.end..u.start]
                                        .trim()
                                        .trim_start_matches(['\'', '’'])
                                        .trim_start_matches('s')
                                        .trim()
                                        .is_empty()
                                    && of(l.tracker).any(|t| {
                                        t.start >= u.end && words(text, u.end, t.start) <= 2
                                    })
                            })
                        })
                };
                if let Some(r) = passive.or_else(possessive) {
                    return Some(Candidate {
                        range,
                        grant: true,
                        strength: Strength::Strong,
                        message: format!(
                            "'{} ... {}': consent to the own use of unnamed third parties; name each of them where the consent is asked",
                            short(&s(g)),
                            short(&whole(r))
                        ),
                    });
                }
            }
        }
        if weak.is_none() && own_use && !any(l.share) {
            return Some(Candidate {
                range,
                grant: false,
                strength: Strength::Confirm,
                message: String::new(),
            });
        }
        weak
    }
}

impl Lint for ThirdPartyMarketing {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
        let l = lists(cx);
        let an = cx.analysis;
        // was marketing talked about in the last few sentences (for "for these purposes")?
        let mut recent_marketing: Vec<bool> = Vec::new();
        // every finding names a receiver in its sentence
        let receivers = [l.receiver, l.ad_receiver];
        let mut parts: Vec<Range<usize>> = Vec::new();
        let mut hits = Vec::new();
        for (i, b) in cx.doc.blocks.iter().enumerate() {
            let mut cands: Vec<(usize, Candidate)> = Vec::new();
            // a list item or a paragraph after a lead-in ("We use your data to:") shares its data
            let lead_in_data = i > 0
                && cx.doc.blocks[i - 1].text.trim_end().ends_with(':')
                && an.block_has(i - 1, l.data);
            // a list under a negated lead-in ("We will not:", "Vi gør aldrig følgende:") says
            // what the company does not do
            if b.kind == BlockKind::ListItem {
                let mut k = i;
                while k > 0 && cx.doc.blocks[k - 1].kind == BlockKind::ListItem {
                    k -= 1;
                }
                if k > 0 {
                    let lead = &cx.doc.blocks[k - 1];
                    let end = lead.text.trim_end().len();
                    // nor does a list under the reader's rights ("You have the right to
                    // request: * Categories of your information sold to third parties"), or
                    // under a prohibition ("All other transfers of user data are prohibited,
                    // including: * Transferring user data to advertising platforms")
                    if lead.text.trim_end().ends_with(':')
                        && (an.negated(cx.doc, k - 1, end..end)
                            || an.block_has(k - 1, l.rights)
                            || an.block_has(k - 1, l.prohibition))
                    {
                        recent_marketing.push(false);
                        continue;
                    }
                }
            }
            let may_fire = block_has_any(an, i, &receivers);
            let mut n = 0;
            for sent in joined(&b.text, an.sentences_of(i)) {
                bullets(&b.text, sent, &mut parts);
                for range in parts.drain(..) {
                    let earlier = recent_marketing.iter().rev().take(4).any(|m| *m);
                    // a box ticked to refuse ("Check this box if you do not wish the Bank to
                    // provide your personal data to other members of the Group for their use
                    // in direct marketing") takes consent from silence: implied-consent's
                    // finding, one span, one lint
                    if may_fire
                        && range_has_any(an, i, range.clone(), &receivers)
                        && !super::pack_pattern_in(
                            cx,
                            "implied-consent",
                            i,
                            range.clone(),
                            range.end,
                            |_, kind| kind == "silence",
                        )
                    {
                        if let Some(c) =
                            self.sentence(cx, l, i, range.clone(), earlier, lead_in_data, &mut hits)
                        {
                            cands.push((n, c));
                        }
                    }
                    recent_marketing.push(
                        an.hits_in(i, range)
                            .any(|h| h.list == l.marketing || h.list == l.ad_receiver),
                    );
                    n += 1;
                }
            }
            // the paragraph states consent as the ground of the sharing after it ("The legal
            // basis for disclosing information to third party advertising partners is Article
            // 6 sec. 1 sent. 1 lit. a GDPR ('consent')", "med dit samtykke"): the sharing waits
            // for a consent; whether that consent names the parties is for a reviewer
            // (a route to withdraw the consent in the paragraph presupposes one: "You may
            // choose to share your User Data for this purpose when you sign up ... withdraw
            // your consent at any time")
            if an.block_has(i, l.consent_basis) || an.block_has(i, l.consent_withdrawal) {
                // ("with your consent" / "med dit samtykke" in a later sentence is often
                // another disclosure's condition: "for other purposes, such as with your
                // consent"; the same sentence already counts through `condition`)
                let basis: Vec<(usize, bool)> = an
                    .block_hits(i)
                    .filter(|h| h.list == l.consent_basis || h.list == l.consent_withdrawal)
                    .filter(|h| {
                        let w = b.text[h.start..h.end].to_lowercase();
                        !(w.starts_with("with ") || w.starts_with("med "))
                    })
                    .map(|h| (h.start, h.list == l.consent_withdrawal))
                    .collect();
                // (a consent that is itself the finding is not cured by its own withdrawal
                // route: "giver du samtykke til vores samarbejdspartneres anvendelse af
                // cookies ... Du kan til enhver tid trække dit samtykke tilbage")
                // (and the route speaks of this sharing only right after it, within about two
                // sentences: a general note on withdrawal further on covers no one sharing)
                cands.retain(|(_, c)| {
                    !basis.iter().any(|&(b, withdrawal)| {
                        b >= c.range.start
                            && !(withdrawal && (c.grant || b > c.range.end + WITHDRAWAL_REACH))
                    })
                });
            }
            // a sharing sentence without a purpose counts when a later sentence of the same
            // paragraph has the third parties market to the reader; the finding stays on the
            // sharing sentence
            let mut report: Vec<&Candidate> = Vec::new();
            let mut weak: Vec<(usize, &Candidate)> = Vec::new();
            for (n, c) in &cands {
                match c.strength {
                    Strength::Weak => weak.push((*n, c)),
                    Strength::Confirm => {
                        if weak.first().is_some_and(|w| n - w.0 <= 2) {
                            report.extend(weak.drain(..).map(|w| w.1));
                        }
                    }
                    Strength::Strong => {
                        let first = weak.first().map(|w| w.0);
                        match first {
                            // the purpose follows within two sentences: report the sharing
                            Some(f) if n - f <= 2 => {
                                report.extend(weak.drain(..).map(|w| w.1));
                            }
                            _ => {
                                weak.clear();
                                report.push(c);
                            }
                        }
                    }
                }
            }
            for c in report {
                let mut d = diagnostic(
                    ID,
                    b.source_span(trim(&b.text, c.range.clone())),
                    c.message.clone(),
                );
                if let Some(sec) = cx.doc.section_of(b) {
                    if sec.heading_block != i && !sec.title.trim().is_empty() {
                        d = d.with_label(
                            sec.span.clone(),
                            format!("in section '{}'", short(&sec.title)),
                        );
                    }
                }
                out.push(d);
            }
        }
        self.audiences(cx, l, out);
    }
}

impl ThirdPartyMarketing {
    /// The reader's details matched with an advertising platform's users for marketing
    /// ("email addresses may be used to create lookalike audiences", "vi uploader din
    /// e-mailadresse for at lave tilpassede målgrupper"): the platform receives the data
    /// and uses it for targeting, which needs a consent of its own that names it (EDPB
    /// Guidelines 08/2020 on the targeting of social media users, paras. 81-86, list-based
    /// targeting; GDPR Art. 6(1)(a), 13(1)(e)). Silent where the paragraph names consent as
    /// the ground, and on a denial.
    fn audiences(&self, cx: &Context<'_>, l: &Lists, out: &mut Vec<crate::Diagnostic>) {
        let an = cx.analysis;
        for (i, b) in cx.doc.blocks.iter().enumerate() {
            if !an.block_has(i, l.audience)
                || an.block_has(i, l.consent_basis)
                || matches!(b.kind, BlockKind::Heading(_))
            {
                continue;
            }
            let mut parts = Vec::new();
            for s in an.sentences_of(i) {
                bullets(&b.text, s.range(), &mut parts);
            }
            for r in parts {
                let Some(a) = an.hits_of(i, r.clone(), l.audience).next() else {
                    continue;
                };
                // one statement about the matching, with the reader's data in it, that
                // neither waits for a consent nor is denied
                if b.text[r.clone()].split_whitespace().count() > 60
                    || an.negated_in(i, &b.text, r.clone(), a.start..a.end)
                    || an.hits_of(i, r.clone(), l.condition).next().is_some()
                    || an.hits_of(i, r.clone(), l.anonymous).next().is_some()
                    || an.hits_of(i, r.clone(), l.pointer).next().is_some()
                    // a way out of the matching is the reader's choice, not the matching
                    || an.hits_of(i, r.clone(), l.audience_exit).next().is_some()
                    // a data noun, not only a pronoun ("your", "it", "dine")
                    || !an.hits_of(i, r.clone(), l.data).any(|h| {
                        !an.hits_of(i, r.clone(), l.data_pronoun)
                            .any(|p| p.start == h.start && p.end == h.end)
                    })
                {
                    continue;
                }
                let span = b.source_span(trim(&b.text, r.clone()));
                if out
                    .iter()
                    .any(|d| d.lint == ID && d.span.start < span.end && span.start < d.span.end)
                {
                    continue;
                }
                out.push(diagnostic(
                    ID,
                    span,
                    format!(
                        "'{}': the reader's details are matched with an advertising platform's users for marketing; that needs a consent of its own that names the platform",
                        short(&b.text[a.start..a.end])
                    ),
                ));
            }
        }
    }
}

/// Sentences, with those split at a semicolon joined again: "you may receive these at
/// the address you signed up with; they cover offers" is one statement.
pub(crate) fn joined(text: &str, sents: &[crate::analysis::Sentence]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for s in sents {
        match out.last_mut() {
            // joined runs stay sentence-sized (a 50 MB line of "a; b; c; ..." is not one clause)
            Some(last)
                if last.len() < crate::analysis::sentences::MAX_SENTENCE
                    && text[last.clone()].trim_end().ends_with(';') =>
            {
                last.end = s.range().end
            }
            _ => out.push(s.range()),
        }
    }
    out
}

/// Split a sentence at inline bullets ("... to: * enable you * help us"), as left by
/// list items inside table cells. The parts go into `out` (empty on entry).
fn bullets(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut start = r.start;
    let s = &text[r.clone()];
    // most sentences hold no bullet at all: two byte searches, not a walk over the chars
    if !s.contains('*') && !s.contains('•') {
        if !s.trim().is_empty() {
            out.push(r);
        }
        return;
    }
    let bytes = s.as_bytes();
    for (k, c) in s.char_indices() {
        if (c == '*' || c == '•')
            && k > 0
            && bytes[k - 1].is_ascii_whitespace()
            && s[k + c.len_utf8()..].starts_with(|ch: char| ch.is_whitespace())
        {
            let at = r.start + k;
            if !text[start..at].trim().is_empty() {
                out.push(start..at);
            }
            start = at + c.len_utf8();
        }
    }
    if !text[start..r.end].trim().is_empty() {
        out.push(start..r.end);
    }
}

/// The clause without surrounding white space or a leading clause number ("4.2", "§ 4", "b)").
pub(crate) fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let mut start = r.start + (s.len() - s.trim_start().len());
    let rest = &text[start..r.end];
    let num_len = rest.find(|c: char| c.is_whitespace()).filter(|&n| {
        let w = &rest[..n];
        let w = w.trim_start_matches('§');
        (w.is_empty() && rest.starts_with('§'))
            || (!w.is_empty()
                && w.chars().any(|c| c.is_ascii_digit())
                && w.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | ')')))
            || (w.len() == 2 && w.ends_with(')') && w.starts_with(|c: char| c.is_ascii_lowercase()))
    });
    if let Some(n) = num_len {
        let after = &rest[n..];
        let skip = n + (after.len() - after.trim_start().len());
        // "§ 4 Data": skip the number after the sign too
        let after2 = &rest[skip..];
        let skip = if rest.starts_with('§') {
            let d = after2
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(0);
            let a3 = &after2[d..];
            skip + d + (a3.len() - a3.trim_start().len())
        } else {
            skip
        };
        if start + skip < r.end {
            start += skip;
        }
    }
    let end = r.end - (s.len() - s.trim_end().len());
    if start < end {
        start..end
    } else {
        r
    }
}
