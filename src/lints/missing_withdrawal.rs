//! `missing-withdrawal`: a consent request with no word on how to withdraw it.
//!
//! ## What it finds
//! A consent request (a checkbox or switch whose label asks for consent,
//! marketing or sharing, even an unticked one; or a sentence that grants or
//! asks for consent to the use of personal data) in a document that says
//! nowhere how to withdraw it: no "unsubscribe", "withdraw your consent",
//! "afmeld", "tilbagekalde dit samtykke", no opt-out of the marketing. Also a
//! withdrawal route harder than giving consent: an "irrevocable" consent, a
//! letter by post only, a fee, phone in office hours, or a route that names
//! only a slow channel ("To withdraw your consent, please send a letter to our
//! head office") with no electronic route in its paragraph.
//!
//! ## Why is this bad?
//! The reader must be told, before consenting, that consent can be withdrawn
//! at any time and how; withdrawing must be as easy as giving consent (GDPR
//! Art. 7(3), 13(2)(c); EDPB Guidelines 05/2020 paras. 114-116).
//!
//! ## Example
//! ```html
//! <label><input type="checkbox" name="news"> Send me the newsletter</label>
//! ```
//! Use instead:
//! ```html
//! <label><input type="checkbox" name="news"> Send me the newsletter.
//!   You can unsubscribe at any time via the link in every e-mail.</label>
//! ```
//!
//! Silent when the document names a withdrawal route anywhere ("you may
//! withdraw your consent at any time", "du kan til enhver tid afmelde dig"),
//! on terms and remember-me boxes, and on consent to jurisdiction, payment or
//! electronic delivery of legal notices. "At any time" alone, next to nothing
//! about consent ("we may change these terms at any time"), is not a route.
//! Silent on terms addressed to a business (developer, advertiser, merchant or cloud
//! terms: `Analysis::business_audience`), where "Customer agrees to the use of GCS" is a
//! contract term, unless the grant is to marketing sent to the reader.
//! Silent, too, on a consent read from using or visiting ("By using the Site, you
//! consent to ..."): implied-consent reports it, and a route would not cure it.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::analysis::context::{names_itself_a_notice, refers_to_other_notice};
use crate::analysis::{Concept, Hit, Lang, ListId};
use crate::document::{Control, ControlKind};

use super::buried_consent::short;
use super::{block_has_any, diagnostic, Context, Lint};

pub struct MissingWithdrawal;

const ID: &str = "missing-withdrawal";

struct Lists {
    route: ListId,
    route_verb: ListId,
    route_anytime: ListId,
    hard: ListId,
    slow: ListId,
    fast: ListId,
    consent_word: ListId,
    terms: ListId,
    marketing: ListId,
    sharing: ListId,
    consent: ListId,
    grant: ListId,
    not_consent: ListId,
    /// Acts that are only using or visiting ("by using the site", "ved at bruge"): a
    /// consent read from them is implied-consent's finding, and no withdrawal route
    /// would make it valid.
    conduct: ListId,
    /// A feature the reader switches on as the grant's condition ("When ... is enabled").
    toggle: ListId,
    /// the channels a box may name (`pre-checked-consent.channel`): a box named only by
    /// one ("Email", "SMS") is a preference
    channel: ListId,
    /// a box that refuses marketing ("Jeg ønsker at reklamebeskytte min virksomhed")
    refusal: ListId,
    /// A question over a group of choices that asks to receive or subscribe, and words
    /// that make it a question about something else (a code, an order).
    question_receive: ListId,
    question_not: ListId,
    benign: Option<ListId>,
    /// What makes a consent box about personal data: the grant recognizer's data words,
    /// the personal-data concept, the special categories and national ID numbers.
    about_data: [ListId; 4],
}

fn lists(cx: &Context<'_>) -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let v = cx.analysis.vocab;
        let id = crate::analysis::list_id;
        Lists {
            route: id("missing-withdrawal.route"),
            route_verb: id("missing-withdrawal.route_verb"),
            route_anytime: id("missing-withdrawal.route_anytime"),
            hard: id("missing-withdrawal.hard"),
            slow: id("missing-withdrawal.slow"),
            fast: id("missing-withdrawal.fast"),
            consent_word: id("missing-withdrawal.consent_word"),
            terms: id("terms.acceptance"),
            marketing: id("marketing.terms"),
            sharing: id("sharing.terms"),
            consent: id("consent.terms"),
            grant: id("consent.grant"),
            not_consent: id("grant.not_consent"),
            conduct: id("implied-consent.use_act"),
            toggle: id("missing-withdrawal.toggle"),
            channel: id("pre-checked-consent.channel"),
            refusal: id("missing-withdrawal.refusal"),
            question_receive: id("missing-withdrawal.question_receive"),
            question_not: id("missing-withdrawal.question_not"),
            benign: v.id("pre-checked-consent.benign"),
            about_data: [
                id("grant.data"),
                id("personal-data.terms"),
                id("sensitive.special"),
                id("sensitive.national_id"),
            ],
        }
    })
}

fn has(hits: &[Hit], list: ListId) -> bool {
    hits.iter().any(|h| h.list == list)
}

/// Does the document say anywhere how to withdraw consent or opt out?
///
/// A `route` phrase counts on its own ("unsubscribe", "withdraw your consent");
/// a `route_verb` ("withdraw", "opt out") only in a sentence that is about
/// consent or marketing; "at any time" only next to a consent word. Cancelling
/// a paid subscription is not withdrawing consent. Control labels count too.
fn has_route(cx: &Context<'_>, l: &Lists) -> bool {
    let an = cx.analysis;
    // a sentence says it only with one of these
    let needed = [l.route, l.route_verb, l.route_anytime];
    for (bi, _) in cx.doc.blocks.iter().enumerate() {
        if !block_has_any(an, bi, &needed) {
            continue;
        }
        for s in an.sentences_of(bi) {
            let r = s.range();
            if an.hits_of(bi, r.clone(), l.route).next().is_some() {
                return true;
            }
            let consent = an.hits_of(bi, r.clone(), l.consent_word).next().is_some();
            if an.hits_of(bi, r.clone(), l.route_verb).next().is_some()
                && (consent || s.has(Concept::Marketing))
            {
                return true;
            }
            if consent && an.hits_of(bi, r.clone(), l.route_anytime).next().is_some() {
                return true;
            }
        }
    }
    for c in &cx.doc.controls {
        if let Some(label) = &c.label {
            for lang in [Lang::En, Lang::Da] {
                let h = an.find(&label.text, lang);
                if has(&h, l.route) {
                    return true;
                }
            }
        }
    }
    false
}

/// The label's phrase hits, in the control's language, else in the other one.
fn label_hits(cx: &Context<'_>, c: &Control) -> Vec<Hit> {
    let Some(label) = c.label.as_ref().filter(|b| !b.text.trim().is_empty()) else {
        return Vec::new();
    };
    // no findings in languages without lints
    let Some(lang) = cx.analysis.control_lang(cx.doc, c) else {
        return Vec::new();
    };
    let hits = cx.analysis.find(&label.text, lang);
    if !hits.is_empty() {
        return hits;
    }
    let other = match lang {
        Lang::En => Lang::Da,
        Lang::Da => Lang::En,
    };
    cx.analysis.find(&label.text, other)
}

/// Is `text` only channel names ("Email", "SMS", "E-mail / SMS"): every letter inside a
/// channel hit?
fn only_channel(l: &Lists, text: &str, hits: &[Hit]) -> bool {
    let ch: Vec<&Hit> = hits.iter().filter(|h| h.list == l.channel).collect();
    !ch.is_empty()
        && text
            .char_indices()
            .all(|(i, c)| !c.is_alphabetic() || ch.iter().any(|h| h.start <= i && i < h.end))
}

fn is_consent_box(
    l: &Lists,
    c: &Control,
    hits: &[Hit],
    group_text: &str,
    group_hits: &[Hit],
) -> bool {
    if !matches!(
        c.kind,
        ControlKind::Checkbox
            | ControlKind::Switch
            | ControlKind::AriaCheckbox
            | ControlKind::TaskItem
    ) {
        return false;
    }
    if l.benign.is_some_and(|b| has(hits, b)) || has(hits, l.refusal) {
        return false;
    }
    // "[ ] Email [ ] Phone [ ] SMS" under "How should the driver reach you?": a label that
    // is only a channel asks for consent only under a question about marketing or consent
    if let Some(label) = c.label.as_ref() {
        if only_channel(l, &label.text, hits) {
            return group_hits.iter().any(|h| {
                h.list == l.marketing && !only_channel(l, group_text, group_hits)
                    || h.list == l.consent
                    || h.list == l.grant
            });
        }
    }
    // a consent word alone is consent to something: to data or messages only when the
    // label names them ("I consent to my son travelling to matches" is not about data)
    has(hits, l.marketing)
        || has(hits, l.sharing)
        || ((has(hits, l.grant) || has(hits, l.consent))
            && l.about_data.iter().any(|&d| has(hits, d)))
}

/// Does one of implied-consent's patterns for consent read from using ("If you use the
/// Service ..., you consent", "Hvis du bruger ..., giver du samtykke") take the grant's
/// sentence? Such a consent is implied-consent's finding, and no withdrawal route would
/// make it valid. Only the patterns of using count: consent deemed from taking part in a
/// competition or from handing over data stays a consent that needs its route.
fn from_using(cx: &Context<'_>, g: &crate::analysis::grants::Grant) -> bool {
    super::pack_pattern_in(
        cx,
        "implied-consent",
        g.block,
        g.sentence.clone(),
        g.words.start,
        |name, _| matches!(name, "use-implies-consent" | "brug-giver-samtykke"),
    )
}

impl Lint for MissingWithdrawal {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
        let l = lists(cx);
        let an = cx.analysis;
        let route = has_route(cx, l);
        let mut reported: Vec<std::ops::Range<usize>> = Vec::new();
        if !route {
            for c in &cx.doc.controls {
                let Some(label) = c.label.as_ref().filter(|b| !b.text.trim().is_empty()) else {
                    continue;
                };
                let hits = label_hits(cx, c);
                let group_text = c.group_label.as_ref().map_or("", |b| b.text.as_str());
                let group_hits = match cx.analysis.control_lang(cx.doc, c) {
                    Some(lang) if !group_text.trim().is_empty() => {
                        cx.analysis.find(group_text, lang)
                    }
                    _ => Vec::new(),
                };
                if !is_consent_box(l, c, &hits, group_text, &group_hits) {
                    continue;
                }
                // a box ticked to refuse ("Check this box if you do not wish ...") takes
                // consent from an unticked box: implied-consent's finding, and a withdrawal
                // route would not make it valid
                if cx.analysis.control_lang(cx.doc, c).is_some_and(|lang| {
                    super::pack_pattern_in_text(
                        &label.text,
                        lang,
                        "implied-consent",
                        0..label.text.len(),
                        label.text.len(),
                        |_, kind| kind == "silence",
                    )
                }) {
                    continue;
                }
                // a box that only accepts the terms is a contract, not consent
                if has(&hits, l.terms) && !(has(&hits, l.marketing) || has(&hits, l.sharing)) {
                    continue;
                }
                if label.span.is_empty() || label.span.end > cx.source.len() {
                    continue;
                }
                if reported
                    .iter()
                    .any(|r| r.start < label.span.end && label.span.start < r.end)
                {
                    continue;
                }
                reported.push(label.span.clone());
                out.push(diagnostic(
                    ID,
                    label.span.clone(),
                    format!(
                        "the box '{}' asks for consent, but nothing on the page says how to withdraw it",
                        short(&label.text)
                    ),
                ));
            }
        }
        // hard routes ("consent is irrevocable", "only by letter"), in sentences about consent
        let mut hard_stmts: Vec<(usize, std::ops::Range<usize>, Hit)> = Vec::new();
        for (bi, _) in cx.doc.blocks.iter().enumerate() {
            // a withdrawal route by a slow channel only ("To withdraw your consent, please
            // send a letter to our head office"): no electronic route in the paragraph
            let slow_only = an.block_has(bi, l.slow) && !an.block_has(bi, l.fast);
            if !an.block_has(bi, l.hard) && !slow_only {
                continue;
            }
            for s in an.sentences_of(bi) {
                let r = s.range();
                let hard = an.hits_of(bi, r.clone(), l.hard).next();
                let slow = || {
                    let route = an.hits_of(bi, r.clone(), l.route).next().is_some()
                        || an.hits_of(bi, r.clone(), l.route_verb).next().is_some();
                    let text = &cx.doc.blocks[bi].text;
                    an.hits_of(bi, r.clone(), l.slow)
                        .find(|h| !an.negated_in(bi, text, r.clone(), h.start..h.end))
                        .filter(|_| slow_only && route)
                };
                let Some(h) = hard.or_else(slow) else {
                    continue;
                };
                // "irrevocably consent to the jurisdiction of the courts" is not about data
                let not_data = an.hits_of(bi, r.clone(), l.not_consent).next().is_some();
                let about = (an.hits_of(bi, r.clone(), l.consent_word).next().is_some()
                    || an.hits_of(bi, r.clone(), l.route).next().is_some())
                    && !not_data;
                if about {
                    hard_stmts.push((bi, r, h));
                }
            }
        }
        let mut hard_used = vec![false; hard_stmts.len()];
        // one finding per clause: a numbered item, else a section
        let mut clauses: HashSet<(Option<u32>, Option<Box<str>>, usize)> = HashSet::new();
        // asked once per document: is it itself a privacy notice?
        let doc_is_notice = std::cell::OnceCell::new();
        for g in cx.analysis.grants(cx.doc) {
            let b = &cx.doc.blocks[g.block];
            // a hard route in the same sentence, else in the same clause
            let hard_idx = hard_stmts.iter().position(|(bi, r, _)| {
                *bi == g.block && r.start <= g.sentence.start && g.sentence.end <= r.end
            });
            let hard_idx = hard_idx.or_else(|| {
                hard_stmts.iter().position(|(bi, _, _)| {
                    let hb = &cx.doc.blocks[*bi];
                    hb.section == b.section && hb.number == b.number
                })
            });
            if route && hard_idx.is_none() {
                continue;
            }
            // "By using the Site, you consent to ...", "If you use the Service outside the
            // US, you consent to ...": consent by conduct, before the grant; the phrase list,
            // else implied-consent's own token patterns for consent read from using
            if hard_idx.is_none()
                && (an
                    .hits_of(g.block, g.sentence.start..g.words.start, l.conduct)
                    .next()
                    .is_some()
                    || from_using(cx, g))
            {
                continue;
            }
            // "When 'Tag Specific People' is enabled, you agree that ...": the reader's own
            // setting gives the consent, and switching it off withdraws it
            if hard_idx.is_none()
                && an
                    .hits_of(g.block, g.sentence.clone(), l.toggle)
                    .next()
                    .is_some()
            {
                continue;
            }
            // "you consent to ... as described in our Privacy Policy": the notice it sends
            // the reader to may say how to withdraw; this document cannot tell
            if hard_idx.is_none()
                && refers_to_other_notice(
                    cx,
                    g.block,
                    g.sentence.clone(),
                    *doc_is_notice.get_or_init(|| names_itself_a_notice(cx)),
                )
            {
                continue;
            }
            let hard = hard_idx.map(|i| {
                let (bi, _, h) = &hard_stmts[i];
                cx.doc.blocks[*bi].text[h.start..h.end].to_string()
            });
            let span = b.source_span(g.sentence.clone());
            if reported
                .iter()
                .any(|r| r.start < span.end && span.start < r.end)
            {
                continue;
            }
            let key = (
                b.section,
                b.number.clone(),
                if b.number.is_none() && b.section.is_none() {
                    g.block
                } else {
                    0
                },
            );
            if !clauses.insert(key) {
                continue;
            }
            reported.push(span.clone());
            if let Some(i) = hard_idx {
                hard_used[i] = true;
            }
            let words = short(&b.text[g.words.clone()]);
            let msg = match hard {
                Some(h) => format!(
                    "consent '{words}' comes with a withdrawal route harder than giving it ('{}')",
                    short(&h)
                ),
                None => format!(
                    "consent '{words}' is asked for, but nothing in the document says how to withdraw it"
                ),
            };
            out.push(diagnostic(ID, span, msg));
        }
        // a hard route stated on its own, for a consent no grant sentence was found for
        for (i, (bi, r, h)) in hard_stmts.iter().enumerate() {
            if hard_used[i] {
                continue;
            }
            let b = &cx.doc.blocks[*bi];
            let span = b.source_span(r.clone());
            if reported
                .iter()
                .any(|x| x.start < span.end && span.start < x.end)
            {
                continue;
            }
            reported.push(span.clone());
            out.push(diagnostic(
                ID,
                span,
                format!(
                    "withdrawing consent is made harder than giving it ('{}')",
                    short(&b.text[h.start..h.end])
                ),
            ));
        }
        // a question about marketing over a group of boxes that answer it by naming the
        // senders or the channels ("Ønsker du fremover at modtage nyhedsbrev fra" over
        // [ ] Bilka [ ] Falk Lauritsen Rejser; "Would you like our newsletter?" over
        // ( ) Yes ( ) No): the question is the consent request
        // (the request of a form no other finding has named: a sign-up sentence under
        // the boxes is the same request; and a question, not a bare field name:
        // "Nyhedsbreve" over [ ] Ja tak names the field)
        if !route && !out.iter().any(|d| d.lint == ID) {
            for (bi, b) in cx.doc.blocks.iter().enumerate() {
                if an.block_lang[bi].is_none()
                    || b.text.split_whitespace().count() < 3
                    || !an.block_has(bi, l.marketing)
                    || !an.block_has(bi, l.question_receive)
                    || an.block_has(bi, l.question_not)
                    || an.block_has(bi, l.refusal)
                    || l.benign.is_some_and(|x| an.block_has(bi, x))
                {
                    continue;
                }
                let span = b.source_span(0..b.text.len());
                if span.is_empty()
                    || reported
                        .iter()
                        .any(|r| r.start < span.end + 1_500 && span.start < r.end)
                    || !crate::analysis::context::asks_choice_group(cx, &span)
                {
                    continue;
                }
                reported.push(span.clone());
                out.push(diagnostic(
                    ID,
                    span,
                    format!(
                        "the question '{}' asks for consent, but nothing on the page says how to withdraw it",
                        short(&b.text)
                    ),
                ));
            }
        }
    }
}
