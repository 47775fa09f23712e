//! `marketing-without-opt-in`: electronic marketing without prior opt-in consent.
//!
//! ## What it finds
//! Newsletters, offers and other electronic marketing (e-mail, SMS) that the
//! reader gets without asking for them:
//! - automatic enrolment: "you will automatically be subscribed to our
//!   newsletter", "du tilmeldes automatisk vores nyhedsbrev";
//! - enrolment tied to another act or made a condition of it: "by creating an
//!   account you subscribe to our offers", "by entering, entrants consent to
//!   receiving SMS or e-mail messages", "ved deltagelse accepterer du at blive
//!   tilmeldt vores nyhedsbrev", "a condition of membership is that you agree
//!   to receive our newsletters"; the reader's address added to the list as a
//!   consequence of another act ("Your email address might also be added to our
//!   mailing list as a result of signing up to our website", "Kunder tilføjes
//!   vores mailingliste");
//! - terms that take consent to e-mail about any of the company's products
//!   ("you agree that we may send email to you ... about any of our products");
//! - marketing the reader cannot refuse ("a subscription to our newsletter, which
//!   cannot be deselected", "Løbende information om vores løsninger er obligatorisk
//!   og kan ikke fravælges");
//! - competition entrants' details reused for offers ("the Promoter may use
//!   information it collects to provide you with further offers"), also in the
//!   passive ("Your e-mail address will be used to notify the winner and to send
//!   you our newsletter") and as the exception to a denial ("will not use your
//!   email address for any purpose other than notifying the winner and
//!   distributing our email newsletter");
//! - tell-a-friend forms that send an automatic e-mail to a friend.
//!
//! ## Why is this bad?
//! Electronic mail for direct marketing needs the recipient's prior consent
//! (ePrivacy Directive Art. 13(1); markedsføringsloven §10, stk. 1). The soft
//! opt-in (Art. 13(2); §10, stk. 2) only covers the company's own similar
//! products, sent to a customer who could refuse, free and easily, when the
//! address was collected and in every message. A "consent" that comes with
//! entering a competition or opening an account is not an opt-in.
//!
//! ## Example
//! ```markdown
//! 8. By entering the competition you will automatically be subscribed to our newsletter.
//! ```
//! Use instead:
//! ```markdown
//! - [ ] Yes, send me the monthly newsletter with offers by e-mail. Unsubscribe free in every e-mail.
//! ```
//!
//! Silent on service messages ("we e-mail your order confirmation"), on
//! subscribing by ticking a box or signing up for the newsletter itself, on
//! sentences that leave the newsletter to the reader's choice ("if you
//! subscribe", "hvis du tilmelder dig") and on negations.

use std::ops::Range;
use std::sync::OnceLock;

use crate::analysis::pattern::Compiled;
use crate::analysis::tokens::tokenize;
use crate::analysis::{Hit, ListId};

use super::{block_has_any, diagnostic, range_has_any, Context, Lint};
use crate::analysis::context::{act_before, act_is_the_marketing};

pub struct MarketingWithoutOptIn;

const ID: &str = "marketing-without-opt-in";

struct Lists {
    automatic: ListId,
    enrol: ListId,
    trigger: ListId,
    condition_of: ListId,
    agree: ListId,
    send: ListId,
    marketing: ListId,
    channel: ListId,
    sms_email: ListId,
    service: ListId,
    opt_in: ListId,
    competition: ListId,
    use_data: ListId,
    friend: ListId,
    customer: ListId,
    opt_out: ListId,
    similar: ListId,
    receiver: ListId,
    subject: ListId,
    renewal: ListId,
    mandatory: ListId,
    form_field: ListId,
    /// The forms of the adding verbs: the token patterns run only where one stands.
    add_gate: ListId,
    /// An auxiliary that opens a question ("Are you also subscribed ...?").
    question_aux: ListId,
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let id = crate::analysis::list_id;
        let own = |n: &str| id(&format!("{ID}.{n}"));
        Lists {
            automatic: own("automatic"),
            enrol: own("enrol"),
            trigger: own("trigger"),
            condition_of: own("condition_of"),
            agree: own("agree"),
            send: own("send"),
            marketing: own("marketing"),
            channel: own("channel"),
            sms_email: own("sms_email"),
            service: own("service"),
            opt_in: own("opt_in"),
            competition: own("competition"),
            use_data: own("use_data"),
            friend: own("friend"),
            customer: own("customer"),
            opt_out: own("opt_out"),
            similar: own("similar"),
            receiver: id("third-party-marketing.receiver"),
            subject: own("subject"),
            renewal: own("renewal"),
            mandatory: own("mandatory"),
            form_field: own("form_field"),
            add_gate: own("add_gate"),
            question_aux: own("question_aux"),
        }
    })
}

use crate::document::model::words_between as words;

/// Agreement words that take consent ("you agree", "accepterer du"), not "you will".
fn consent_word(t: &str) -> bool {
    let t = t.to_lowercase();
    [
        "agree",
        "consent",
        "accept",
        "samtykke",
        "samtykker",
        "indvillig",
        "acknowledge",
    ]
    .iter()
    .any(|w| t.contains(w))
}

impl MarketingWithoutOptIn {
    /// Why the sentence enrols the reader, if it does. `hs` is scratch space for the
    /// sentence's hits, reused from sentence to sentence.
    #[allow(clippy::too_many_arguments)]
    fn sentence<'a>(
        &self,
        cx: &Context<'a>,
        l: &Lists,
        block: usize,
        range: Range<usize>,
        prev_marketing: bool,
        competition_doc: bool,
        competition_terms: bool,
        opt_out_near: bool,
        extra: &[Hit],
        hs: &mut Vec<Hit>,
    ) -> Option<String> {
        let an = cx.analysis;
        let text = &cx.doc.blocks[block].text;
        hs.clear();
        hs.extend(an.hits_in(block, range.clone()));
        // the pack's token patterns: the company enrolling the reader, read as an enrolment
        let before = hs.len();
        hs.extend(
            extra
                .iter()
                .filter(|h| h.start >= range.start && h.end <= range.end)
                .copied(),
        );
        if hs.len() > before {
            hs.sort_by_key(|h| (h.start, h.end));
        }
        let hs = &*hs;
        let of = |list: ListId| hs.iter().filter(move |h| h.list == list);
        let any = |list: ListId| hs.iter().any(|h| h.list == list);
        if any(l.opt_in) {
            return None;
        }
        let opt_outs: Vec<&Hit> = of(l.opt_out).collect();
        // "regardless of whether you have opted out of receiving marketing": a marketing
        // word that an opt-out governs is not marketing sent to the reader
        let live_marketing = |m: &Hit| {
            !opt_outs
                .iter()
                .any(|o| o.end <= m.start && words(text, o.end, m.start) <= 3)
        };
        let marketing = of(l.marketing).any(&live_marketing);
        if any(l.service) && !marketing {
            return None;
        }
        // not denied in the sentence ("you will not be subscribed", "vi tilmelder dig ikke")
        let live = |list: ListId| -> Vec<&Hit> {
            of(list)
                .filter(|h| !an.negated_in(block, text, range.clone(), h.start..h.end))
                .collect()
        };
        let s = |h: &Hit| text[h.start..h.end].to_string();
        let channel = any(l.channel);
        // "receive" enrols only with marketing or a channel right after it ("receive our
        // newsletter"), not "our servers automatically receive data"
        let enrol: Vec<&Hit> = live(l.enrol)
            .into_iter()
            .filter(|e| {
                let t = text[e.start..e.end].to_lowercase();
                if !(t.starts_with("receiv") || t.starts_with("modtag")) {
                    return true;
                }
                // "receive communications from us, which may include promotional e-mails"
                let next: String = text[e.end..range.end]
                    .split_whitespace()
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                ["communication", "message", "meddelelse", "besked"]
                    .iter()
                    .any(|w| next.contains(w))
                    || hs.iter().any(|m| {
                        (m.list == l.marketing || m.list == l.channel || m.list == l.receiver)
                            && m.start >= e.end
                            && words(text, e.end, m.start) <= 4
                    })
            })
            .collect();
        let send = live(l.send);
        let renewal = any(l.renewal);
        // 0. the enrolment is the by-product of another act, in one clause (the pack's
        // "consequence" patterns: "..., you are also subscribed to our newsletter")
        // (not a question or a condition: "Er du også tilmeldt vores nyhedsbrev?", "Are you
        // also subscribed ...?", "Er du tilmeldt ..., får du ...": the consequence follows a
        // clause before it, and no auxiliary opens it)
        let question = text[range.clone()].trim_end().ends_with('?');
        let opens_clause = |x: &Hit| {
            let before = text[range.start..x.start].trim_end();
            before.is_empty()
                || an
                    .hits_of(block, range.start..x.start, l.question_aux)
                    .any(|a| a.end == range.start + before.len())
        };
        if let Some(a) = extra.iter().find(|x| {
            x.list == l.automatic
                && !question
                && x.start >= range.start
                && x.end <= range.end
                && !opens_clause(x)
                && !an.negated_in(block, text, range.clone(), x.start..x.end)
        }) {
            if marketing || channel {
                return Some(format!(
                    "'{}' enrols the reader in electronic marketing as a by-product of another act, without a prior opt-in",
                    s(a)
                ));
            }
        }
        // 1. automatic enrolment (not the automatic renewal of a paid subscription)
        for a in live(l.automatic).into_iter().filter(|_| !renewal) {
            let near = enrol.iter().chain(send.iter()).find(|e| {
                (e.start >= a.end && words(text, a.end, e.start) <= 6)
                    || (e.end <= a.start && words(text, e.end, a.start) <= 6)
            });
            if let Some(e) = near {
                let listy = {
                    let t = text[e.start..e.end].to_lowercase();
                    t.starts_with("subscri")
                        || t.starts_with("tilmeld")
                        || t.starts_with("enrol")
                        || t.starts_with("added to")
                };
                if marketing || (listy && channel) {
                    let (x, y) = if a.start < e.start { (a, *e) } else { (*e, a) };
                    return Some(format!(
                        "'{} ... {}' enrols the reader in electronic marketing without a prior opt-in",
                        s(x),
                        s(y)
                    ));
                }
            }
        }
        let receiver = any(l.receiver);
        // the soft opt-in: a customer, the company's own similar products, a free opt-out
        // offered here; marketing for partners or for any product is beyond it
        let customer = any(l.customer);
        if customer && !receiver && opt_out_near {
            return None;
        }
        let marketing_ok = marketing || receiver || (any(l.sms_email) && prev_marketing);
        // 2. enrolment tied to another act, or made a condition of it
        let triggers: Vec<&Hit> = of(l.trigger)
            .chain(of(l.condition_of))
            .chain(of(l.customer))
            .collect();
        if let Some(t) = triggers.first() {
            // "By registering on the mailing list or for the newsletter, your address is
            // added to ...": the act's own object is the marketing, so the act is the
            // opt-in (the same reading as bundled-consent's)
            if t.list == l.trigger
                && act_is_the_marketing(text, t.end, of(l.marketing).map(|m| m.start..m.end))
            {
                return None;
            }
            let agree = live(l.agree);
            let subjects: Vec<&Hit> = of(l.subject).collect();
            // the enrolling verb needs a subject of its own: in "when you register, sign up
            // for events, subscribe to our newsletter" the subscribing is one more act of the
            // reader, listed after the trigger, and so is "when you subscribe to ..."
            let own_clause = |d: &Hit| {
                // the trigger is the subject itself: "Customers are added to our list";
                // a pattern's enrolment has the company or the passive as its subject
                if d.start < t.end
                    || subjects.iter().any(|x| x.start == t.start)
                    || extra.iter().any(|x| x.start == d.start && x.end == d.end)
                {
                    return true;
                }
                let starts_with_subject = subjects.iter().any(|x| x.start == d.start);
                let after = subjects
                    .iter()
                    .any(|x| x.start >= d.end && words(text, d.end, x.start) <= 1);
                let nearest = subjects
                    .iter()
                    .rfind(|x| x.start >= t.end && x.end <= d.start);
                match nearest {
                    Some(x) => {
                        let lead = text[..x.start].trim_end().to_lowercase();
                        let sub = [
                            "when", "if", "once", "whenever", "as", "where", "når", "hvis",
                        ]
                        .iter()
                        .any(|w| lead.ends_with(&format!(" {w}")) || lead == *w);
                        !sub || starts_with_subject
                    }
                    None => starts_with_subject || after,
                }
            };
            let does = enrol
                .iter()
                .chain(send.iter())
                .chain(agree.iter())
                .copied()
                .find(|d| own_clause(d));
            // the marketing must be what the reader gets, not part of the act ("by signing
            // up for newsletters or marketing, you agree that we may use your data as
            // outlined in this policy")
            let marketing_ok = marketing_ok
                && (receiver
                    || of(l.marketing).any(|m| {
                        live_marketing(m)
                            && !does.is_some_and(|d| m.start >= t.start && m.end <= d.start)
                    })
                    || (any(l.sms_email) && prev_marketing));
            if let Some(d) = does {
                if marketing_ok && channel && customer && any(l.similar) {
                    return Some(format!(
                        "'{} ... {}': the soft opt-in for similar products needs a free, easy opt-out when the address is collected and in every message",
                        s(t),
                        s(d)
                    ));
                }
                if marketing_ok && channel {
                    return Some(format!(
                        "'{} ... {}': electronic marketing comes with another act (entering, registering, membership) instead of a separate, prior opt-in",
                        s(t),
                        s(d)
                    ));
                }
            }
        }
        // 3. consent to be e-mailed about the company's products, taken in the terms
        for a in live(l.agree).into_iter().filter(|a| consent_word(&s(a))) {
            // "By signing up for the newsletter, you agree to receive our e-mails", "Ved
            // tilmelding til nyhedsbrevet accepterer du at modtage ...": the act before the
            // agreement is done on the marketing itself, so it is the opt-in
            if let Some(act_end) = act_before(text, range.start, a.start) {
                if act_is_the_marketing(text, act_end, of(l.marketing).map(|m| m.start..m.end)) {
                    continue;
                }
            }
            let what = send
                .iter()
                .chain(enrol.iter())
                .find(|e| e.start >= a.end && words(text, a.end, e.start) <= 6);
            if let Some(e) = what {
                if marketing && channel {
                    return Some(format!(
                        "'{} ... {}' takes consent to electronic marketing in the terms instead of a prior opt-in",
                        s(a),
                        s(e)
                    ));
                }
            }
        }
        // 4. marketing the reader cannot refuse ("Information about our solutions is
        // therefore mandatory and cannot be deselected", "nyhedsbrevet kan ikke fravælges")
        if let Some(m) = of(l.mandatory).next() {
            // the marketing is what cannot be refused: it comes before ("the newsletter ...
            // cannot be deselected"), and a form field in between is what is required
            // ("the e-mail field is mandatory")
            let field = |a: usize, b: usize| {
                hs.iter()
                    .any(|h| h.list == l.form_field && h.start >= a && h.start < b)
            };
            // the nearest thing named, before or after, is marketing, not a service
            // message ("transactional messages from which you cannot opt out", "You may
            // not opt out of receiving email notifications regarding your account")
            let dist = |h: &Hit| {
                if h.end <= m.start {
                    words(text, h.end, m.start)
                } else {
                    words(text, m.end, h.start.max(m.end))
                }
            };
            let nearest = hs
                .iter()
                .filter(|h| h.list == l.marketing || h.list == l.service)
                .filter(|h| h.end <= m.start || h.start >= m.end)
                .min_by_key(|h| dist(h));
            let subject = nearest.is_some_and(|k| {
                k.list == l.marketing && live_marketing(k) && !field(range.start, m.start)
            });
            if subject {
                return Some(format!(
                    "'{}': electronic marketing the reader cannot refuse is not consent; it needs a prior, free opt-in and an easy opt-out",
                    s(m)
                ));
            }
        }
        // 4b. a competition's entry details reused for offers: the competition must be
        // talked about here (this paragraph, the one before, or the section heading),
        // not just somewhere in a privacy policy
        let heading = cx.doc.blocks[block]
            .section()
            .map(|k| cx.doc.sections[k].heading_block);
        let competition_near = [Some(block), block.checked_sub(1), heading]
            .into_iter()
            .flatten()
            .any(|k| an.block_has(k, l.competition))
            || competition_terms;
        if competition_doc && competition_near && marketing {
            if let Some(u) = of(l.use_data).next() {
                // what the details are used for: sending ("to send you offers"), or the
                // marketing itself as the purpose ("may use your personal information for
                // online and offline direct marketing")
                let purpose = send.first().copied().or_else(|| {
                    of(l.marketing).find(|m| {
                        live_marketing(m) && m.start >= u.end && words(text, u.end, m.start) <= 8
                    })
                });
                if let Some(e) = purpose {
                    return Some(format!(
                        "'{} ... {}' reuses entrants' details for offers without an opt-in",
                        s(u),
                        s(e)
                    ));
                }
            }
        }
        // 5. tell-a-friend: an automatic e-mail to someone who never asked
        // a friend in this paragraph, the one before it, or the section's heading
        let friend_near = [Some(block), block.checked_sub(1), heading]
            .into_iter()
            .flatten()
            .any(|k| an.block_has(k, l.friend));
        if friend_near && any(l.sms_email) {
            let auto = live(l.automatic);
            // "send them an automatic e-mail": the mail goes to the friend, not to the reader
            let to_friend = send.iter().find(|h| {
                let t = text[h.start..h.end].to_lowercase();
                t.ends_with("them") || t.ends_with("dem")
            });
            if let Some(a) = to_friend.or(auto.first()) {
                // "send" and "automatic" must belong together, not sit in different items
                let together = auto.iter().any(|x| {
                    send.iter().any(|e| {
                        (e.start >= x.end && words(text, x.end, e.start) <= 8)
                            || (x.start >= e.end && words(text, e.end, x.start) <= 8)
                    })
                });
                if to_friend.is_some() || together {
                    return Some(format!(
                        "'{}' e-mails a friend of the reader who never opted in",
                        s(a)
                    ));
                }
            }
        }
        None
    }
}

impl Lint for MarketingWithoutOptIn {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
        let l = lists();
        let an = cx.analysis;
        // competition terms: the word in a heading, or in several paragraphs
        let comp_blocks: Vec<usize> = (0..cx.doc.blocks.len())
            .filter(|&i| an.block_has(i, l.competition))
            .collect();
        let competition_doc = comp_blocks.iter().any(|&i| {
            matches!(
                cx.doc.blocks[i].kind,
                crate::document::BlockKind::Heading(_)
            )
        }) || comp_blocks.len() * 4 >= cx.doc.blocks.len().max(8);
        // the document is the competition's own terms: it says so at the top (its title
        // or first paragraphs: "Konkurrencen arrangeres af ...", "Official Rules of the
        // ... Sweepstakes"), so every section of it is about the entrants' details
        let competition_terms = competition_doc && comp_blocks.first().is_some_and(|&i| i < 3);
        // every finding has an enrolling, sending or agreeing verb in its sentence
        // (or a use of the details: "Oplysninger bruges til udsendelse af nyhedsbreve")
        let verbs = [l.enrol, l.send, l.agree, l.mandatory, l.use_data];
        let mut hits = Vec::new();
        let mut extra = Vec::new();
        for (i, b) in cx.doc.blocks.iter().enumerate() {
            // the token patterns (an enrolment by the company), on blocks naming a list
            extra.clear();
            if let Some(lang) = an.block_lang[i].filter(|_| {
                an.block_has(i, l.add_gate)
                    && (an.block_has(i, l.marketing) || an.block_has(i, l.channel))
            }) {
                let c = Compiled::get(lang);
                for sent in an.sentences_of(i) {
                    let toks = tokenize(&b.text, sent.range(), lang);
                    for m in c.find(c.of(ID), &toks) {
                        // an enrolment stated as the by-product of another act
                        // ("Når du siger ja til ..., tilmelder du dig samtidig vores
                        // nyhedsbrev"): automatic in itself
                        if m.pattern.kind == "consequence" {
                            extra.push(Hit {
                                list: l.automatic,
                                start: m.range.start,
                                end: m.range.end,
                            });
                        }
                        extra.push(Hit {
                            list: l.enrol,
                            start: m.range.start,
                            end: m.range.end,
                        });
                    }
                }
            }
            if extra.is_empty() && !block_has_any(an, i, &verbs) {
                continue;
            }
            let mut prev_marketing = false;
            // an opt-out offered in this paragraph or the next one
            let opt_out_near =
                (i..(i + 2).min(cx.doc.blocks.len())).any(|k| an.block_has(k, l.opt_out));
            for r in super::third_party_marketing::joined(&b.text, an.sentences_of(i)) {
                if !range_has_any(an, i, r.clone(), &verbs)
                    && !extra.iter().any(|h| h.start >= r.start && h.end <= r.end)
                {
                    prev_marketing = an.hits_of(i, r, l.marketing).next().is_some();
                    continue;
                }
                if let Some(msg) = self.sentence(
                    cx,
                    l,
                    i,
                    r.clone(),
                    prev_marketing,
                    competition_doc,
                    competition_terms,
                    opt_out_near,
                    &extra,
                    &mut hits,
                ) {
                    let mut d = diagnostic(
                        ID,
                        b.source_span(super::third_party_marketing::trim(&b.text, r.clone())),
                        msg,
                    );
                    if let Some(sec) = cx.doc.section_of(b) {
                        if sec.heading_block != i && !sec.title.trim().is_empty() {
                            d = d.with_label(
                                sec.span.clone(),
                                format!("in section '{}'", sec.title.trim()),
                            );
                        }
                    }
                    out.push(d);
                }
                prev_marketing = an.hits_of(i, r, l.marketing).next().is_some();
            }
        }
    }
}
