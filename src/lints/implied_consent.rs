//! `implied-consent`: consent taken from silence, inaction or continued use.
//!
//! ## What it finds
//! Sentences that take consent (or agreement to a privacy policy, to cookies,
//! to marketing) from something the reader does for another reason or does not
//! do at all, in English and Danish:
//! - an act of use or participation followed by the grant: "By continuing to
//!   browse, you agree to our use of cookies", "By entering this competition,
//!   entrants consent to receiving SMS", "Ved at bruge dette websted accepterer
//!   du ...", "Ved deltagelse i konkurrencen gives samtidig samtykke til ...";
//! - continued use after a change: "your continued use ... constitutes
//!   acceptance of the revised policy", "fortsat brug ... indebærer accept";
//! - deemed or assumed consent: "entry is deemed acceptance", "anses som
//!   samtykke", "If you continue to use this site we will assume that you are
//!   happy with it" (the block around it must be about cookies or data);
//! - silence and opt-out: "unless you opt out", "medmindre du framelder dig";
//! - acknowledgement used as consent: "I understand that my data will be
//!   processed", "you understand and agree that your information will go to
//!   ...", "jeg er bekendt med, at mine oplysninger videregives".
//!
//! ## Why is this bad?
//! Consent must be a statement or a clear affirmative action (GDPR Art. 4(11)).
//! Silence, inactivity and continued use are not consent (Recital 32; EDPB
//! Guidelines 05/2020 paras. 79 and 86), and acknowledging that processing
//! happens is not agreeing to it (footnote 38). The controller must be able to
//! demonstrate a real act of consent (Art. 7(1)).
//!
//! ## Example
//! ```html
//! <p>By continuing to use this site, you consent to the use of cookies.</p>
//! ```
//! Use instead:
//! ```html
//! <button>Accept analytics cookies</button> <button>Reject</button>
//! ```
//!
//! Silent on "By ticking this box ..." and "By clicking 'Subscribe' ..." (the
//! act is the consent), "you may withdraw your consent", "we will ask for your
//! consent", objection to legitimate-interest processing, acknowledgements of
//! liability and warranties, and named processors. Continued use taken as
//! acceptance of revised *terms* only (a contract amendment) is a warning; it
//! is an error when the changed text is a privacy or cookie policy or carries
//! consent to processing.

use std::ops::Range;
use std::sync::OnceLock;

use crate::analysis::context::act_is_the_marketing;
use crate::analysis::pattern::Compiled;
use crate::analysis::tokens::tokenize;
use crate::analysis::{Concept, Hit, ListId};
use crate::document::BlockKind;

use super::{block_has_any, diagnostic, range_has_any, Context, Lint};

pub struct ImpliedConsent;

const ID: &str = "implied-consent";

struct Lists {
    use_act: ListId,
    act: ListId,
    agree: ListId,
    continued_use: ListId,
    accept: ListId,
    deemed: ListId,
    assume: ListId,
    opt_out: ListId,
    acknowledge: ListId,
    data_object: ListId,
    own_data: ListId,
    policy: ListId,
    generic_policy: ListId,
    carried_data: ListId,
    bound: ListId,
    carried_not: ListId,
    amendment: ListId,
    e_delivery: ListId,
    legal: ListId,
    not_implied: ListId,
    asked: ListId,
    /// Not the reader's personal data: a business's identity, its end users' data in a
    /// processor's hands, aggregate statistics (the shared grant concept).
    b2b: ListId,
    /// A legal obligation stated in the sentence (the shared ground concept): a
    /// disclosure the law requires is not consent, implied or otherwise.
    legal_ground: ListId,
    processor: ListId,
    legit_interest: ListId,
    service: ListId,
    consent_word: ListId,
    privacy_title: ListId,
    self_privacy: ListId,
    terms: ListId,
    /// bundled-consent's acts for another reason: the one place that says which acts
    /// those are.
    bundled_trigger: ListId,
    /// Using words coordinated with an act ("By downloading, installing or using the
    /// Service"): the acts are then only using, this lint's finding.
    use_word: ListId,
    /// taking part in a competition, event or club: reported here as well as bundled
    participation: ListId,
    /// the shared personal-data concept
    personal: ListId,
    /// The grant recognizer's service-message objects and promotional words
    /// (`grant.service`, `grant.ad`): shared with every lint that reads grants.
    grant_service: ListId,
    grant_ad: ListId,
    /// the soft opt-in's own similar products (marketing-without-opt-in's list): an
    /// objection route there is the ePrivacy Art. 13(2) opt-out, not consent by silence
    soft_similar: ListId,
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let id = crate::analysis::list_id;
        let own = |n: &str| id(&format!("{ID}.{n}"));
        Lists {
            use_act: own("use_act"),
            act: own("act"),
            agree: own("agree"),
            continued_use: own("continued_use"),
            accept: own("accept"),
            deemed: own("deemed"),
            assume: own("assume"),
            opt_out: own("opt_out"),
            acknowledge: own("acknowledge"),
            data_object: own("data_object"),
            own_data: own("own_data"),
            policy: own("policy"),
            generic_policy: own("generic_policy"),
            carried_data: own("carried_data"),
            bound: own("bound"),
            carried_not: own("carried_not"),
            amendment: own("amendment"),
            e_delivery: own("e_delivery"),
            legal: own("legal"),
            not_implied: own("not_implied"),
            asked: own("asked"),
            b2b: id("grant.b2b"),
            legal_ground: id("ground.legal_obligation"),
            processor: own("processor"),
            legit_interest: own("legit_interest"),
            service: own("service"),
            consent_word: own("consent_word"),
            privacy_title: own("privacy_title"),
            self_privacy: own("self_privacy"),
            terms: id("terms.acceptance"),
            bundled_trigger: id("bundled-consent.trigger"),
            use_word: own("use_word"),
            participation: own("participation"),
            personal: id("personal-data.terms"),
            grant_service: id("grant.service"),
            grant_ad: id("grant.ad"),
            soft_similar: id("marketing-without-opt-in.similar"),
        }
    })
}

/// What the implied consent is taken from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// using, visiting, entering, joining, handing over data
    Act,
    /// taking part in a competition, event, programme or club
    Participation,
    /// acceptance of terms only, by use; reported when the terms carry a consent
    TermsByUse,
    /// continued use after a change
    ContinuedUse,
    /// "deemed acceptance"
    Deemed,
    /// silence, "unless you opt out"
    Silence,
    /// "I understand that my data will be processed"
    Acknowledgement,
    /// the only refusal is leaving the site or changing browser settings
    LeaveToRefuse,
}

struct Finding {
    block: usize,
    sentence: Range<usize>,
    span: Range<usize>,
    kind: Kind,
    /// the words quoted in the message
    words: String,
    /// the object is data, cookies, marketing or a privacy policy
    about_data: bool,
}

/// The hits of one sentence, with small queries.
struct Sent<'s> {
    hits: &'s [Hit],
}

impl<'s> Sent<'s> {
    fn first(&self, list: ListId, from: usize) -> Option<&'s Hit> {
        self.hits.iter().find(|h| h.list == list && h.start >= from)
    }
    fn any(&self, list: ListId) -> bool {
        self.hits.iter().any(|h| h.list == list)
    }
    fn any_from(&self, list: ListId, from: usize) -> bool {
        self.first(list, from).is_some()
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

/// The end of a finding: the sentence end without a trailing colon.
fn clause_end(text: &str, sentence: &Range<usize>) -> usize {
    let s = &text[sentence.clone()];
    let t = s.trim_end_matches([':', ' ', '\u{a0}']);
    sentence.start + t.len()
}

impl ImpliedConsent {
    /// `hits` is scratch space for the sentence's hits, reused from sentence to sentence.
    #[allow(clippy::too_many_arguments)]
    fn sentence<'a>(
        &self,
        cx: &Context<'a>,
        l: &Lists,
        block: usize,
        r: Range<usize>,
        marketing: Option<ListId>,
        privacy_doc: bool,
        hits: &mut Vec<Hit>,
    ) -> Option<Finding> {
        let an = cx.analysis;
        let text = &cx.doc.blocks[block].text;
        hits.clear();
        hits.extend(an.hits_in(block, r.clone()));
        let s = Sent { hits };
        if s.hits.is_empty() || s.any(l.not_implied) || s.any(l.asked) || s.any(l.b2b) {
            return None;
        }
        // "You understand and agree that we may disclose ... when we are required to by
        // law": the ground is the law. Not where consent is named as well ("you consent to
        // ... as permitted or required by law": the law only bounds the consent)
        if s.any(l.legal_ground) && !s.any(l.consent_word) {
            return None;
        }
        // consent to receive notices electronically, with no personal data or marketing
        // (e-mails are marketing words, but "notices, disclosures ... electronically" are not)
        if s.any(l.e_delivery)
            && !s.any(l.carried_data)
            && (s.any(l.carried_not) || !marketing.is_some_and(|m| s.any(m)))
        {
            return None;
        }
        let end = clause_end(text, &r);
        let quote = |a: &Hit, b: &Hit| -> String {
            let (x, y) = (a.start.min(b.start), a.end.max(b.end));
            short(&text[x..y])
        };
        let has_marketing = marketing.is_some_and(|m| s.any(m));
        let data_after = |from: usize| {
            s.any_from(l.data_object, from) || marketing.is_some_and(|m| s.any_from(m, from))
        };
        // a consent word whose object is the terms ("consent to these Terms") is
        // contract acceptance, not consent to processing
        let consent_to_data = |h: &Hit| {
            let to_terms = s
                .first(l.terms, h.end)
                .filter(|t| {
                    // "as laid out in this Privacy Policy" is about data
                    !s.hits.iter().any(|p| {
                        (p.list == l.policy || p.list == l.generic_policy)
                            && p.start < t.end
                            && t.start < p.end
                    })
                })
                .is_some_and(|t| {
                    t.start - h.end <= 90 && !data_between(&s, l, marketing, h.end, t.start)
                });
            // "consent to such changes": a contract amendment
            let to_changes = s
                .first(l.amendment, h.end)
                .is_some_and(|t| t.start - h.end <= 12);
            // "the permission of your parent", "consent of the copyright owner":
            // someone else's consent, not the reader's
            // (compare four bytes: lower-casing the rest of the block per hit was quadratic)
            let of_other = text.as_bytes()[h.end..]
                .get(..4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b" of "));
            !(to_terms || to_changes || of_other)
        };
        let consent_after = |from: usize| {
            s.hits
                .iter()
                .any(|h| h.list == l.consent_word && h.start >= from && consent_to_data(h))
        };
        let consent_any = consent_after(r.start);
        // a contract matter in the grant's own clause: "you agree to the jurisdiction of";
        // not one in a clause coordinated after it ("you agree to such processing and you
        // warrant that all data provided by you is true")
        let legal_after = |from: usize| {
            let until = an.clause_end(block, text, r.clone(), from);
            s.hits
                .iter()
                .any(|h| h.list == l.legal && h.start >= from && h.start < until)
        };
        // "this policy" is a privacy policy only in a privacy document or block
        let privacy_block = privacy_doc || an.block_has(block, l.privacy_title);
        // "you acknowledge that you have read our Privacy Policy": reading is not agreeing
        let read_before = |h: &Hit| {
            let b = text[r.start..h.start].to_lowercase();
            let tail: String = b
                .chars()
                .rev()
                .take(24)
                .collect::<String>()
                .chars()
                .rev()
                .collect();
            tail.contains("read ") || tail.contains("læst ")
        };
        let policy_from = |from: usize| {
            s.hits.iter().any(|h| {
                h.start >= from
                    && (h.list == l.policy || (privacy_block && h.list == l.generic_policy))
                    && !read_before(h)
            })
        };
        let policy_any = policy_from(r.start);

        // 1. "by using / by entering ..., you agree / consent ..."
        for trig in s
            .hits
            .iter()
            .copied()
            .filter(|h| h.list == l.use_act || h.list == l.act)
            .filter(|h| at_clause_start(text, r.start, h.start))
        {
            // an act done for another reason (entering, registering, buying): the
            // consent is bundled with it, which is bundled-consent's finding (the
            // taxonomy of issue #10); only using, browsing and handing over data stay
            // Taking part in a competition, event or club is the exception: a consent
            // deemed from it is also not unambiguous (Forbrugerombudsmanden 18/08053)
            let participation = trig.list == l.act
                && s.hits.iter().any(|p| {
                    p.list == l.participation && p.start == trig.start && p.end >= trig.end
                });
            let grant = s
                .first(l.agree, trig.end)
                .filter(|g| g.start - trig.end <= 300);
            let Some(grant) = grant else { continue };
            // ("By downloading, installing or using the Service, you agree": acts
            // coordinated with using are using)
            let used = s
                .hits
                .iter()
                .any(|u| u.list == l.use_word && u.start >= trig.end && u.end <= grant.start);
            if trig.list == l.act
                && !participation
                && !used
                && s.hits.iter().any(|b| {
                    b.list == l.bundled_trigger && b.start <= trig.start && trig.start < b.end
                })
            {
                continue;
            }
            // "users with whom you consent to share": a relative clause, not the grant
            let lead = text[r.start..grant.start].trim_end().to_lowercase();
            if lead.ends_with("whom") || lead.ends_with("which") || lead.ends_with("hvem") {
                continue;
            }
            if legal_after(grant.start) {
                continue;
            }
            // a participation act reports here only when the grant is about data or
            // marketing: "By participating in a Promotion, you agree to the official
            // rules" accepts rules, "you will be deemed to have legal capacity" is no
            // consent, "you are consenting to the movement of your assets" is not about
            // personal data (those stay bundled-consent's, if anyone's)
            if participation {
                let to_terms = s
                    .first(l.terms, grant.end)
                    .is_some_and(|t| t.start - grant.end <= 20);
                let bare_deemed = text[grant.start..grant.end]
                    .to_lowercase()
                    .ends_with("deemed")
                    && !s
                        .hits
                        .iter()
                        .any(|d| d.list == l.deemed && d.start >= grant.start);
                // "By joining our mailing list, you consent to receive our newsletter": the
                // act is the sign-up itself
                let sign_up = marketing.is_some_and(|m| {
                    act_is_the_marketing(
                        text,
                        trig.end,
                        s.hits
                            .iter()
                            .filter(|h| h.list == m)
                            .map(|h| h.start..h.end),
                    )
                });
                if to_terms || bare_deemed || sign_up || !data_after(grant.start) {
                    continue;
                }
            }
            // "you agree not to ...": an obligation, not a consent
            let next: String = text[grant.end..end]
                .chars()
                .take(30)
                .collect::<String>()
                .to_lowercase();
            if next.starts_with(" not ")
                || next.starts_with(" ikke ")
                || next.contains(" that you will not")
            {
                continue;
            }
            // "you agree to be bound by / to comply with X": X is a document
            let bound = s
                .first(l.bound, grant.end)
                .is_some_and(|b| b.start - grant.end <= 12);
            // "you also consent to the Lumo terms of use": the object is a contract (a few
            // words on, a product name between), not the processing of data; a privacy
            // policy as the object stays a consent to processing
            let to_contract = s
                .first(l.terms, grant.end)
                .is_some_and(|t| t.start.saturating_sub(grant.end) <= 24)
                && !policy_from(grant.start)
                && !data_after(grant.start);
            let consent = !bound && !to_contract && consent_after(grant.start);
            // service messages need no consent
            if !consent && s.any(l.service) {
                continue;
            }
            // consent to messages about the reader's account, orders or the service in use
            // ("you consent to receive text messages related to your orders, deliveries,
            // and account"), with nothing promotional: service messages, not consent
            if s.any_from(l.grant_service, grant.end) && !s.any(l.grant_ad) {
                continue;
            }
            let data = !bound && data_after(grant.start);
            let policy = policy_from(grant.start);
            let terms = s.any_from(l.terms, grant.start);
            let use_only = trig.list == l.use_act || used;
            let kind = if participation && (consent || data) {
                Kind::Participation
            } else if consent || data || ((use_only || bound) && policy) {
                Kind::Act
            } else if use_only && terms && s.any(l.continued_use) {
                // "by continuing to use ... you accept the new terms": a contract amendment
                Kind::ContinuedUse
            } else if use_only && terms {
                Kind::TermsByUse
            } else {
                continue;
            };
            return Some(Finding {
                block,
                sentence: r.clone(),
                span: trig.start..end,
                kind,
                words: quote(&trig, grant),
                about_data: consent || data || policy,
            });
        }

        // 2. continued use taken as acceptance
        if let Some(cu) = s
            .hits
            .iter()
            .find(|h| h.list == l.continued_use && readers_use(text, r.start, h))
        {
            let acc = s
                .hits
                .iter()
                .copied()
                .find(|h| (h.list == l.accept || h.list == l.agree) && h.start != cu.start);
            if let Some(acc) = acc {
                let (a, b) = if cu.end <= acc.start {
                    (cu.end, acc.start)
                } else {
                    (acc.end.min(cu.start), cu.start)
                };
                // denied ("by continuing you do not agree"), or an obligation rather than
                // an agreement ("you need to accept")
                let between = format!(" {} ", text[a..b].to_lowercase());
                let negated = an.negated_in(block, text, r.clone(), acc.start..acc.end)
                    || an.negated_in(block, text, r.clone(), cu.start..cu.end)
                    || [
                        " need to ",
                        " have to ",
                        " must ",
                        " nødt til ",
                        " required to ",
                    ]
                    .iter()
                    .any(|n| between.contains(n));
                if !negated && !legal_after(r.start) {
                    let start = cu.start.min(acc.start);
                    // "Your continued use": take the possessive along
                    let start = extend_back(text, r.start, start);
                    // a cookie banner's "... you agree to it": the block says what "it" is
                    // ("collect fees", "transfer" elsewhere in the block do not make it about data)
                    // (cookies, personal data: the words of a banner; not a consent word,
                    // which may be the sentence's own "consent to such changes")
                    let block_topic = an.block_has(block, l.carried_data);
                    // "accept and be bound by the Addendum": the object is a document
                    let bound = s
                        .first(l.bound, acc.end)
                        .is_some_and(|b| b.start - acc.end <= 12);
                    let about = policy_any
                        || (!bound && (s.any(l.data_object) || consent_any))
                        || (!s.any(l.terms) && block_topic);
                    return Some(Finding {
                        block,
                        sentence: r.clone(),
                        span: start..end,
                        kind: Kind::ContinuedUse,
                        words: quote(cu, &acc),
                        about_data: about,
                    });
                }
            }
        }

        // 3. deemed consent, assumed consent
        for h in s
            .hits
            .iter()
            .copied()
            .filter(|h| h.list == l.deemed || h.list == l.assume)
        {
            if legal_after(r.start) {
                break;
            }
            // "such as your consent", "as well as your consent": a list, not a deeming
            if text[h.start..h.end].to_lowercase().starts_with("as ") {
                let before = text[r.start..h.start].trim_end().to_lowercase();
                // "for as long as your consent remains valid": a duration
                if before.ends_with("such") || before.ends_with("well") || before.ends_with("long")
                {
                    continue;
                }
            }
            let about = s.any(l.data_object) || policy_any || has_marketing;
            let terms = s.any(l.terms);
            let consent = consent_any;
            // "If you continue to use this site we will assume that you are happy with it"
            // ...where the block around it says what "it" is (cookies, data)
            let continuing = s.any(l.continued_use) || s.any(l.use_act);
            let block_topic = [l.data_object, l.policy, l.consent_word]
                .into_iter()
                .any(|list| an.block_has(block, list));
            let about = about || (h.list == l.assume && continuing && block_topic);
            // "if we consider that you will be interested": what is assumed must be
            // agreement ("that you are happy with it", "at du er indforstået")
            if h.list == l.assume {
                let after: String = text[h.end..end]
                    .chars()
                    .take(60)
                    .collect::<String>()
                    .to_lowercase();
                let agreed = s
                    .first(l.accept, h.end)
                    .is_some_and(|a| a.start - h.end <= 60)
                    || [
                        "happy", "fine", "okay", " ok ", "content", "tilfreds", "enig",
                    ]
                    .iter()
                    .any(|w| after.contains(w));
                if !agreed {
                    continue;
                }
            }
            if h.list == l.assume && !(about || consent) {
                continue;
            }
            if !(about || terms || consent) {
                continue;
            }
            let start = r.start;
            return Some(Finding {
                block,
                sentence: r.clone(),
                span: start..end,
                kind: Kind::Deemed,
                words: short(&text[h.start..h.end]),
                about_data: about || consent,
            });
        }

        // 4. silence: "unless you opt out", "medmindre du framelder dig"
        if let Some(h) = s.first(l.opt_out, r.start) {
            let sent = an
                .sentences_of(block)
                .iter()
                .find(|x| x.range() == r)
                .expect("sentence of the block");
            let topic = sent.has_any(&[Concept::Consent, Concept::Marketing, Concept::ThirdParty])
                || s.hits.iter().any(|x| {
                    x.list == l.data_object
                        && matches!(
                            text[x.start..x.end].to_lowercase().as_str(),
                            "cookies" | "cookie" | "tracking" | "sporing" | "telemetry"
                        )
                });
            if topic && !s.any(l.legit_interest) && !s.any(l.legal) && !s.any(l.soft_similar) {
                return Some(Finding {
                    block,
                    sentence: r.clone(),
                    span: r.start..end,
                    kind: Kind::Silence,
                    words: short(&text[h.start..h.end]),
                    about_data: true,
                });
            }
        }

        // 5. acknowledgement used as consent
        if let Some(h) = s.first(l.acknowledge, r.start) {
            // "you understand that you will not be able to disclose ...": a rule, not a use
            // (only next to the data: "your data will not be sold", not "servers which
            // may not be located in your country")
            let upto = s
                .first(l.own_data, h.end)
                .map_or(end, |o| (o.end + 25).min(end));
            let upto = (upto..=end)
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(end);
            let negated = an.negated_in(block, text, r.clone(), upto..upto);
            if !negated
                && s.any_from(l.own_data, h.end)
                && s.any_from(l.data_object, h.end)
                && !s.any(l.legal)
                && !s.any(l.processor)
            {
                return Some(Finding {
                    block,
                    sentence: r.clone(),
                    span: h.start..end,
                    kind: Kind::Acknowledgement,
                    words: short(&text[h.start..h.end]),
                    about_data: true,
                });
            }
        }
        None
    }
}

/// Is there a data, cookie or marketing word in `a..b` of the sentence?
fn data_between(s: &Sent<'_>, l: &Lists, marketing: Option<ListId>, a: usize, b: usize) -> bool {
    s.hits.iter().any(|h| {
        (h.list == l.data_object || Some(h.list) == marketing) && h.start >= a && h.end <= b
    })
}

/// Does the act open its clause ("By entering, ...", "..., and by using ...",
/// "Note that by entering ...")? "We notify you by sending an e-mail" is the
/// company's act, not the reader's.
fn at_clause_start(text: &str, floor: usize, start: usize) -> bool {
    let before = text[floor..start].trim_end().to_lowercase();
    if before.is_empty() {
        return true;
    }
    // a clause number: "4.2", "(b)", "§ 3", "a)"
    if before
        .chars()
        .all(|c| c.is_ascii_digit() || ".()§ ".contains(c))
        || (before.chars().count() <= 3 && before.ends_with(')'))
    {
        return true;
    }
    if before.ends_with([',', ';', ':', '(', '–', '—', '-', '"', '\'', '“']) {
        return true;
    }
    [
        "and", "or", "that", "og", "eller", "at", "also", "også", "thus", "so",
    ]
    .iter()
    .any(|w| {
        before.ends_with(w)
            && before[..before.len() - w.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Is the continued use the reader's ("your continued use", "if you continue to
/// use", "fortsat brug af webstedet") rather than the company's continued use
/// of the reader's data ("we only continue to use your data if you consent")?
fn readers_use(text: &str, floor: usize, cu: &Hit) -> bool {
    let after: String = text[cu.end..]
        .chars()
        .take(24)
        .collect::<String>()
        .to_lowercase();
    const DATA: &[&str] = &[
        " your data",
        " your personal",
        " your information",
        " your details",
        " dine ",
        " data",
        " personal",
        " the data",
        " such data",
        " this data",
        " this information",
    ];
    if DATA.iter().any(|d| after.starts_with(d)) {
        return false;
    }
    let before = text[floor..cu.start].to_lowercase();
    let before = before.trim_end();
    if before.is_empty() {
        return true;
    }
    // the phrase names the reader itself, after the grant ("Du samtykker til vores
    // cookies, hvis du fortsætter ...", "..., if you continue to use")
    let own: String = text[cu.start..cu.end].to_lowercase();
    if [
        "if you ",
        "hvis du ",
        "når du ",
        "when you ",
        "by ",
        "ved at ",
    ]
    .iter()
    .any(|p| own.starts_with(p))
    {
        return true;
    }
    const READER: &[&str] = &[
        "your",
        "you",
        "by",
        "user's",
        "users'",
        "user",
        "users",
        "the",
        "din",
        "du",
        "ved at",
        "brugerens",
        "brugernes",
        "jeres",
        "i",
        "entrant's",
        "participant's",
        "member's",
        "member",
        "and",
        "or",
        "og",
        "eller",
        "af",
        "of",
    ];
    // "Customer's continued use", "the Member’s continued use"
    if before.ends_with("'s") || before.ends_with("’s") || before.ends_with("s'") {
        return true;
    }
    READER.iter().any(|w| {
        before.ends_with(w)
            && before[..before.len() - w.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Move a start back over "your"/"din"/"the" and an opening "If you"/"By".
fn extend_back(text: &str, floor: usize, start: usize) -> usize {
    let before = &text[floor..start];
    let trimmed = before.trim_end();
    let word_start = trimmed
        .rfind(|c: char| c.is_whitespace())
        .map(|i| i + 1)
        .unwrap_or(0);
    let word = trimmed[word_start..].to_lowercase();
    if matches!(
        word.as_str(),
        "your" | "din" | "dit" | "the" | "den" | "det" | "we" | "by" | "ved" | "any" | "du" | "you"
    ) {
        floor + word_start
    } else {
        start
    }
}

impl Lint for ImpliedConsent {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
        let l = lists();
        let an = cx.analysis;
        // a privacy or cookie policy, by its title (the first heading)
        let first_heading = cx
            .doc
            .blocks
            .iter()
            .position(|b| matches!(b.kind, BlockKind::Heading(_)));
        let title_has = |list: ListId| first_heading.is_some_and(|i| an.block_has(i, list));
        // ...or by what it calls itself near its start ("This Privacy Policy explains
        // ...") when its first heading is "Introduction", not "Terms of Use"
        let privacy_doc = title_has(l.privacy_title)
            || (!title_has(l.terms)
                && (0..an.block_count().min(10))
                    .flat_map(|i| an.block_hits(i))
                    .any(|h| h.list == l.self_privacy));
        let mut found: Vec<Finding> = Vec::new();
        let mut from_patterns: Vec<Finding> = Vec::new();
        // every finding starts from one of these phrases in its sentence (an act,
        // continued use, deeming, an opt-out or an acknowledgement)
        let starts = [
            l.use_act,
            l.act,
            l.continued_use,
            l.deemed,
            l.assume,
            l.opt_out,
            l.acknowledge,
        ];
        let mut hits = Vec::new();
        for (i, b) in cx.doc.blocks.iter().enumerate() {
            // the token patterns of the pack, on blocks about data, cookies or consent
            if let Some(lang) = an.block_lang[i].filter(|_| {
                !matches!(b.kind, BlockKind::Heading(_))
                    && (an.block_has(i, l.personal)
                        || an.block_has(i, l.consent_word)
                        // (the nominal use clause may have the notice as its only object:
                        // "Your use of the Service indicates your agreement to this Privacy
                        // Policy"; only its own patterns read such a block)
                        || an.block_has(i, l.self_privacy)
                        // (an acknowledged receipt of marketing, too)
                        || Concept::Marketing.list().is_some_and(|c| an.block_has(i, c))
                        || Concept::Consent.list().is_some_and(|c| an.block_has(i, c)))
            }) {
                let c = Compiled::get(lang);
                for sent in an.sentences_of(i) {
                    // not the reader's data (a business customer's end users, aggregates),
                    // and not a consent the sentence says is asked for ("When you use the
                    // app, you will be asked if you consent to ...")
                    if an
                        .hits_in(i, sent.range())
                        .any(|h| h.list == l.b2b || h.list == l.asked)
                    {
                        continue;
                    }
                    let toks = tokenize(&b.text, sent.range(), lang);
                    let about = an.block_has(i, l.personal)
                        || an.block_has(i, l.consent_word)
                        || Concept::Consent.list().is_some_and(|c| an.block_has(i, c));
                    for m in c.find(c.of(ID), &toks) {
                        // (the nominal use clause may have the notice as its only object,
                        // an acknowledged receipt has marketing as its object: their own
                        // patterns say what they are about)
                        if !about
                            && !matches!(
                                m.pattern.name,
                                "use-constitutes-consent"
                                    | "brug-udgoer-samtykke"
                                    | "acknowledge-receiving"
                                    | "erkender-at-modtage"
                            )
                        {
                            continue;
                        }
                        let kind = match m.pattern.kind {
                            "leave" => Kind::LeaveToRefuse,
                            "silence" => Kind::Silence,
                            "acknowledge" => Kind::Acknowledgement,
                            _ => Kind::Act,
                        };
                        from_patterns.push(Finding {
                            block: i,
                            sentence: sent.range(),
                            words: short(&b.text[m.range.clone()]),
                            span: m.range,
                            kind,
                            about_data: true,
                        });
                    }
                }
            }
            if !block_has_any(an, i, &starts) {
                continue;
            }
            for sent in an.sentences_of(i) {
                if !range_has_any(an, i, sent.range(), &starts) {
                    continue;
                }
                if let Some(f) = self.sentence(
                    cx,
                    l,
                    i,
                    sent.range(),
                    Concept::Marketing.list(),
                    privacy_doc,
                    &mut hits,
                ) {
                    found.push(f);
                }
            }
        }
        // one finding per span: a pattern's finding where the rules above found none
        for f in from_patterns {
            if !found.iter().any(|g| {
                g.block == f.block && g.span.start < f.span.end && f.span.start < g.span.end
            }) {
                found.push(f);
            }
        }
        if found.is_empty() {
            return;
        }
        // terms accepted by use matter when the terms carry a consent to processing
        let carried: Option<(usize, Range<usize>)> =
            if found.iter().any(|f| f.kind == Kind::TermsByUse) {
                // a set, not a scan of `found` per clause (quadratic on long documents)
                let reported: std::collections::HashSet<(usize, usize, usize)> = found
                    .iter()
                    .map(|f| (f.block, f.sentence.start, f.sentence.end))
                    .collect();
                an.clauses(Concept::ConsentGrant)
                    .find(|s| {
                        !reported.contains(&(s.block(), s.range().start, s.range().end))
                            && an
                                .hits_of(s.block(), s.range(), l.legal)
                                .next()
                                .is_none()
                            // consent to processing or marketing, not to payments,
                            // updates or electronic notices
                            && (s.has(Concept::Marketing)
                                || an
                                    .hits_of(s.block(), s.range(), l.carried_data)
                                    .next()
                                    .is_some())
                            // a consent or permission, not "you authorise us to charge"
                            && an
                                .hits_of(s.block(), s.range(), l.consent_word)
                                .next()
                                .is_some()
                            // not notices in electronic form, software updates, payments
                            && an
                                .hits_of(s.block(), s.range(), l.carried_not)
                                .next()
                                .is_none()
                    })
                    .map(|s| (s.block(), s.range()))
            } else {
                None
            };
        let mut terms_reported = false;
        for f in found {
            let b = &cx.doc.blocks[f.block];
            let span = b.source_span(f.span.clone());
            let mut d = match f.kind {
                Kind::Act => diagnostic(
                    ID,
                    span,
                    format!(
                        "'{}' takes consent from using, visiting or handing over data; that conduct is no clear affirmative act, so consent must be asked for on its own",
                        f.words
                    ),
                ),
                Kind::Participation => diagnostic(
                    ID,
                    span,
                    format!(
                        "'{}' takes consent from taking part; taking part is no clear indication of consent to the use of data or to marketing, so consent must be asked for on its own",
                        f.words
                    ),
                ),
                Kind::TermsByUse => {
                    let Some((cb, cr)) = &carried else { continue };
                    // one finding per document: the terms carry the consent, not each browsewrap
                    if terms_reported {
                        continue;
                    }
                    terms_reported = true;
                    let cblock = &cx.doc.blocks[*cb];
                    let mut d = diagnostic(
                        ID,
                        span,
                        format!(
                            "'{}' takes acceptance of terms that carry a consent from mere use; that consent is implied, not given",
                            f.words
                        ),
                    );
                    d = d.with_label(cblock.source_span(cr.clone()), "the consent these terms carry");
                    d
                }
                Kind::ContinuedUse => {
                    let d = diagnostic(
                        ID,
                        span,
                        format!(
                            "'{}' reads acceptance from continued use; continuing to use a site or service is not consent",
                            f.words
                        ),
                    );
                    // acceptance of revised terms by continued use is a contract
                    // amendment, not consent to processing: not reported
                    if !(f.about_data || privacy_doc) {
                        continue;
                    }
                    d
                }
                Kind::Deemed => {
                    let d = diagnostic(
                        ID,
                        span,
                        format!("'{}' deems consent given instead of asking for it", f.words),
                    );
                    // deemed acceptance of terms only: a contract matter
                    if !f.about_data {
                        continue;
                    }
                    d
                }
                Kind::Silence => diagnostic(
                    ID,
                    span,
                    format!(
                        "'{}' treats silence or inaction as consent; consent must be opted into",
                        f.words
                    ),
                ),
                Kind::LeaveToRefuse => diagnostic(
                    ID,
                    span,
                    format!(
                        "'{}' offers no way to refuse but leaving or changing browser settings, so staying is taken as consent; consent must be opted into",
                        f.words
                    ),
                ),
                Kind::Acknowledgement => diagnostic(
                    ID,
                    span,
                    format!(
                        "'{}' is an acknowledgement, not consent: it informs the reader instead of asking for a choice",
                        f.words
                    ),
                ),
            };
            if let Some(sec) = b
                .section()
                .filter(|_| b.main)
                .and_then(|s| cx.doc.sections.get(s))
            {
                if !sec.title.trim().is_empty() && sec.span.end <= cx.source.len() {
                    let hb = &cx.doc.blocks[sec.heading_block];
                    if hb.span != b.span {
                        d = d.with_label(
                            hb.span.clone(),
                            format!("in section '{}'", short(&sec.title)),
                        );
                    }
                }
            }
            out.push(d);
        }
    }
}
