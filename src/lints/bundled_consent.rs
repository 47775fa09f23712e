//! `bundled-consent`: consent folded into accepting terms, buying, registering or entering.
//!
//! ## What it finds
//! - a checkbox whose one label both accepts the terms or privacy policy and
//!   consents to marketing or sharing ("I agree to the Privacy Policy & to calls
//!   and SMS"), or covers marketing and sharing with partners in one box;
//! - a `required` box whose label is about marketing or sharing;
//! - a sentence that grants consent to marketing or sharing as a consequence of
//!   entering, registering, buying or becoming a member ("By entering this
//!   competition, entrants consent to receiving SMS", "Ved deltagelse accepterer
//!   du samtidig at blive tilmeldt vores nyhedsbrev", "A condition of membership
//!   is that you agree to receive our newsletter"), or that sits in a terms
//!   document, so that accepting the terms is the consent;
//! - a sentence that makes refusing consent cost the service ("Afviser du dette
//!   samtykke, vil det medføre ophør af dit medlemskab").
//!
//! ## Why is this bad?
//! Consent is not freely given when the performance of a contract, a
//! registration or a competition entry is made conditional on consent to
//! processing that is not necessary for it, or when one box covers several
//! purposes (GDPR Art. 7(4), Recital 43; EDPB Guidelines 05/2020 paras. 26,
//! 42-45, 81).
//!
//! ## Example
//! ```html
//! <label><input type="checkbox" required> I accept the terms and want the newsletter</label>
//! ```
//! Use instead: one box for the terms and a separate, optional, unticked box
//! for the newsletter.
//!
//! Silent on a terms box alone, a marketing box alone that is optional, service
//! messages, processing that the contract needs, and grants in privacy notices
//! that are not tied to entering, registering or buying.

use std::sync::OnceLock;

use crate::analysis::{Concept, Hit, Lang, ListId};
use crate::document::{Control, ControlKind};

use super::buried_consent::short;
use super::{diagnostic, Context, Lint};
use crate::analysis::context::{negated, run_in_title};
use crate::analysis::grants::{
    heading_about_consent, heading_about_practice, title_sets_apart, Grant,
};

pub struct BundledConsent;

const ID: &str = "bundled-consent";

struct Lists {
    trigger: ListId,
    refusal: ListId,
    consequence: ListId,
    terms_doc: ListId,
    accept: ListId,
    messages: ListId,
    tracking: ListId,
    accepting: ListId,
    not_terms_doc: ListId,
    terms: ListId,
    marketing: ListId,
    sharing: ListId,
    benign: Option<ListId>,
}

fn lists(cx: &Context<'_>) -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let v = cx.analysis.vocab;
        let id = crate::analysis::list_id;
        Lists {
            trigger: id("bundled-consent.trigger"),
            refusal: id("bundled-consent.refusal"),
            consequence: id("bundled-consent.consequence"),
            terms_doc: id("bundled-consent.terms_doc"),
            accept: id("bundled-consent.accept"),
            messages: id("bundled-consent.messages"),
            tracking: id("bundled-consent.tracking"),
            accepting: id("bundled-consent.accepting"),
            not_terms_doc: id("bundled-consent.not_terms_doc"),
            terms: id("terms.acceptance"),
            marketing: id("marketing.terms"),
            sharing: id("sharing.terms"),
            benign: v.id("pre-checked-consent.benign"),
        }
    })
}

fn has(hits: &[Hit], list: ListId) -> bool {
    hits.iter().any(|h| h.list == list)
}

/// Is the document a set of terms (conditions, rules, vilkår), judged by its first heading?
fn is_terms_document(cx: &Context<'_>, l: &Lists) -> bool {
    let Some(first) = cx
        .doc
        .blocks
        .iter()
        .position(|b| matches!(b.kind, crate::document::BlockKind::Heading(_)) && b.main)
    else {
        return false;
    };
    let an = cx.analysis;
    an.block_hits(first).any(|h| h.list == l.terms_doc)
        && !an.block_hits(first).any(|h| h.list == l.not_terms_doc)
}

/// Does the grant stand under a heading of its own, or a run-in one, about consent,
/// marketing or the data practice ("## Text alerts", "**Opt-in and consent**",
/// "12. Nyhedsbrev.")?
fn own_heading(cx: &Context<'_>, g: &Grant) -> bool {
    let b = &cx.doc.blocks[g.block];
    cx.doc.section_of(b).is_some_and(|s| {
        heading_about_consent(cx.analysis, s.heading_block)
            || heading_about_practice(cx.analysis, s.heading_block)
    }) || run_in_title(cx.doc, g.block)
        .filter(|(j, r)| *j != g.block || r.end <= g.words.start)
        .is_some_and(|(j, r)| title_sets_apart(cx.analysis, j, r))
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

/// Are a marketing purpose and a sharing purpose joined by "and" / "og" in one label
/// ("send me the newsletter and share my details with partners")? "Share my details
/// with partners so they can send me offers" is one purpose, not two.
fn joined(text: &str, hits: &[Hit], l: &Lists) -> bool {
    let m = hits.iter().find(|h| h.list == l.marketing);
    let s = hits.iter().find(|h| h.list == l.sharing);
    let (Some(m), Some(s)) = (m, s) else {
        return false;
    };
    let (a, b) = if m.start < s.start {
        (m.end, s.start)
    } else {
        (s.end, m.start)
    };
    if a >= b {
        return false;
    }
    let between = format!(" {} ", text[a..b].to_lowercase());
    [" and ", " og ", " & ", " as well as ", " samt "]
        .iter()
        .any(|c| between.contains(c))
}

/// Is the control's form a sign-up for the marketing itself: titled so, and besides its
/// boxes at most an e-mail address and a name or two, and no password? A required box there is the
/// opt-in the form exists for ("Subscribe to our newsletter" with a required "GDPR
/// permission" box): consent is not made a condition of anything else (EDPB 05/2020
/// paras. 26, 42-45 are about a contract or service that does not need it).
fn signup_form(cx: &Context<'_>, l: &Lists, c: &Control) -> bool {
    let Some(form) = c.form else { return false };
    let inputs: Vec<&crate::document::Field> = cx
        .doc
        .fields
        .iter()
        .filter(|f| f.form == Some(form) && !f.hidden)
        .filter(|f| {
            !matches!(
                f.input_type.as_deref(),
                Some("checkbox" | "radio" | "submit" | "button" | "hidden" | "reset" | "image")
            )
        })
        .collect();
    let email = |f: &&crate::document::Field| {
        f.input_type.as_deref() == Some("email")
            || f.name
                .as_deref()
                .is_some_and(|n| n.to_lowercase().contains("mail"))
            || f.id
                .as_deref()
                .is_some_and(|n| n.to_lowercase().contains("mail"))
    };
    // no other box in the form accepts terms (then it is a registration)
    let terms_box = cx.doc.controls.iter().any(|o| {
        o.form == Some(form) && {
            let h = label_hits(cx, o);
            has(&h, l.terms) && has(&h, l.accept)
        }
    });
    // and the form is introduced as the sign-up: the heading over its fields names the
    // marketing ("Subscribe to our newsletter", "Tilmeld dig nyhedsbrevet"); a competition
    // entry or a download form with the same shape makes the marketing its price
    let langs = cx.analysis.control_langs(cx.doc, c);
    // (or the e-mail field's own question names it: "Tilmeld e-mailadresse", "Subscribe
    // with your e-mail address", where the page has no heading over the form)
    let names_marketing = |t: &crate::document::Block| {
        langs.iter().any(|&lang| {
            let h = cx.analysis.find(&t.text, lang);
            has(&h, l.marketing) && !has(&h, l.trigger)
        })
    };
    let titled = inputs.iter().any(|f| {
        f.section.as_ref().is_some_and(names_marketing)
            || email(f) && f.question.as_ref().is_some_and(names_marketing)
    });
    titled
        && !terms_box
        && inputs.len() <= 3
        && inputs.iter().any(email)
        // text, e-mail and phone fields only: no password, no address block, no upload
        && inputs.iter().all(|f| {
            matches!(f.kind, crate::document::FieldKind::Input)
                && matches!(
                    f.input_type.as_deref(),
                    None | Some("text" | "email" | "tel")
                )
        })
}

impl BundledConsent {
    fn controls(&self, cx: &Context<'_>, l: &Lists, out: &mut Vec<crate::Diagnostic>) {
        for c in &cx.doc.controls {
            if !matches!(
                c.kind,
                ControlKind::Checkbox
                    | ControlKind::Switch
                    | ControlKind::AriaCheckbox
                    | ControlKind::TaskItem
            ) {
                continue;
            }
            let Some(label) = c.label.as_ref().filter(|b| !b.text.trim().is_empty()) else {
                continue;
            };
            let hits = label_hits(cx, c);
            if l.benign.is_some_and(|b| has(&hits, b)) {
                continue;
            }
            // accepting the terms, not just a pointer to the privacy policy
            let terms = has(&hits, l.terms) && has(&hits, l.accept);
            let marketing = has(&hits, l.marketing);
            let sharing = has(&hits, l.sharing);
            let what = if terms && (marketing || sharing) {
                let other = if marketing {
                    "marketing"
                } else {
                    "sharing with others"
                };
                format!(
                    "one box '{}' both accepts the terms and consents to {other}; ask for each separately",
                    short(&label.text)
                )
            } else if marketing && sharing && joined(&label.text, &hits, l) {
                format!(
                    "one box '{}' covers several purposes (marketing and sharing with others); give each its own box",
                    short(&label.text)
                )
            } else if c.required
                && (marketing || sharing)
                && !(marketing && !sharing && signup_form(cx, l, c))
            {
                format!(
                    "the box '{}' is required: consent to {} cannot be a condition of sending the form",
                    short(&label.text),
                    if marketing { "marketing" } else { "sharing" }
                )
            } else {
                continue;
            };
            if label.span.is_empty() || label.span.end > cx.source.len() {
                continue;
            }
            out.push(diagnostic(ID, label.span.clone(), what));
        }
    }

    fn sentences(&self, cx: &Context<'_>, l: &Lists, out: &mut Vec<crate::Diagnostic>) {
        let an = cx.analysis;
        let terms_doc = is_terms_document(cx, l);
        for g in cx.analysis.grants(cx.doc) {
            if g.request {
                continue;
            }
            let b = &cx.doc.blocks[g.block];
            if b.kind == crate::document::BlockKind::Label {
                continue;
            }
            let s = an
                .sentences_of(g.block)
                .iter()
                .find(|s| s.range() == g.sentence)
                .expect("grant sentence");
            let hits: Vec<Hit> = an.hits_in(g.block, g.sentence.clone()).collect();
            // tracking consented to by signing up ("Ved tilmelding til nyhedsbrevet
            // accepterer du derved brugen af Tracking Pixels"): a second purpose in the
            // sign-up, whatever the sign-up is for
            if let Some(t) = hits
                .iter()
                .find(|h| h.list == l.tracking && h.start >= g.words.start)
            {
                if hits
                    .iter()
                    .any(|h| h.list == l.trigger && h.end <= g.words.start)
                {
                    out.push(diagnostic(
                        ID,
                        b.source_span(g.sentence.clone()),
                        format!(
                            "tracking ('{}') is consented to by signing up ('{}'); ask for it separately, with its own unticked box",
                            short(&b.text[t.start..t.end]),
                            short(&b.text[g.words.clone()])
                        ),
                    ));
                    continue;
                }
            }
            // "By accepting our privacy policy you consent to the processing of your data",
            // "Ved at acceptere handelsbetingelserne giver du samtykke til ...": accepting a
            // document is the act that carries the consent (EDPB 05/2020 para. 26: consent
            // is not bundled with the acceptance of terms; a privacy policy informs, it is
            // not accepted)
            let accepting_doc = hits
                .iter()
                .filter(|h| h.list == l.accepting && h.end <= g.words.start)
                .map(|h| (h.start, h.end))
                .min()
                .filter(|(_, end)| {
                    hits.iter()
                        .any(|h| h.list == l.terms && h.start >= *end && h.end <= g.words.start)
                })
                .map(|(start, _)| {
                    let end = hits
                        .iter()
                        .filter(|h| h.list == l.terms && h.end <= g.words.start)
                        .map(|h| h.end)
                        .max()
                        .unwrap_or(g.words.start);
                    start..end
                });
            let object = if s.has(Concept::Marketing) || has(&hits, l.messages) {
                "marketing"
            } else if s.has(Concept::ThirdParty) {
                "sharing with others"
            } else if has(&hits, l.trigger) || accepting_doc.is_some() {
                // an act for another reason (entering, registering, creating a profile)
                // that carries consent to use personal data: the grant recognizer has
                // already found the sentence to be about personal data
                "the use of personal data"
            } else {
                continue;
            };
            // "by signing up for the newsletter": the act is the marketing itself
            // a denied condition unbundles ("you are not required to consent ... as a
            // condition of purchase", "samtykke er ikke en betingelse for deltagelse")
            let first = hits
                .iter()
                .find(|h| h.list == l.trigger && !negated(cx, g.block, h.start, h.end));
            // a second act coordinated with the first ("When you sign up for the newsletter
            // or download free content, you also agree to receive our newsletter"): the
            // download pays for the newsletter even where the sign-up would not
            let coordinated = super::pack_pattern_span(
                cx,
                ID,
                g.block,
                g.sentence.start..g.words.start,
                |_, kind| kind == "coordinated-act",
            )
            .filter(|r| object == "marketing" && !negated(cx, g.block, r.start, r.end));
            // (the coordinated act names the act that pays, where there is one)
            let trigger = coordinated.clone().or(first
                .filter(|t| {
                    !hits.iter().any(|m| {
                        (m.list == l.marketing || m.list == l.messages)
                            && m.start >= t.end
                            && m.start <= t.end + 30
                            // the act's own object, not the grant's ("By entering, you
                            // agree to receive our newsletter" bundles)
                            && m.end <= g.words.start
                    })
                })
                .map(|h| h.start..h.end));
            // "By enrolling in our SMS programme, you agree to receive ...": an act before
            // the grant whose object is the marketing itself is the opt-in, not a bundle
            let lead = b.text[g.sentence.start..g.words.start].to_lowercase();
            let by_act = lead
                .match_indices("by ")
                .chain(lead.match_indices("ved at "))
                .map(|(i, _)| g.sentence.start + i)
                .min()
                .filter(|_| coordinated.is_none());
            if let Some(at) = by_act {
                if hits.iter().any(|m| {
                    (m.list == l.marketing || m.list == l.messages)
                        && m.start >= at
                        && m.end <= g.words.start
                }) {
                    continue;
                }
            }
            // "By registering, you consent to ... the newsletter" under a heading about the
            // newsletter: the registration is the sign-up for it
            // (or a bare "By registering," right after a sentence about the newsletter)
            if let Some(t) = trigger.clone().filter(|_| coordinated.is_none()) {
                let heading_marketing = cx.doc.section_of(b).is_some_and(|sec| {
                    an.block_hits(sec.heading_block)
                        .any(|h| h.list == l.marketing)
                });
                let bare = b.text[t.end..].trim_start().starts_with(',');
                let mut earlier: Vec<&crate::analysis::Sentence> = an
                    .sentences_of(g.block)
                    .iter()
                    .filter(|s| s.range().end <= g.sentence.start)
                    .collect();
                if earlier.len() < 2 {
                    if let Some(p) = g.block.checked_sub(1) {
                        earlier.splice(0..0, an.sentences_of(p).iter());
                    }
                }
                // a sentence that is itself an act with its grant ("By placing an order,
                // you consent to marketing e-mails") invites no sign-up
                let before_marketing = earlier.iter().rev().take(2).any(|s| {
                    s.has(Concept::Marketing)
                        && !an
                            .hits_in(s.block(), s.range())
                            .any(|h| h.list == l.trigger)
                });
                if heading_marketing || (bare && before_marketing) {
                    continue;
                }
            }
            let why = match (trigger, &accepting_doc) {
                (Some(t), _) => format!("'{}'", short(&b.text[t.clone()])),
                (None, Some(a)) => {
                    format!("accepting a document ('{}')", short(&b.text[a.clone()]))
                }
                // in terms, only marketing: sharing there is often with processors the contract needs
                // not when the grant stands under a heading of its own about the consent or
                // the programme: it has its own opt-in there
                (None, None) if terms_doc && object == "marketing" && !own_heading(cx, g) => {
                    "accepting the terms".to_string()
                }
                (None, None) => continue,
            };
            out.push(diagnostic(
                ID,
                b.source_span(g.sentence.clone()),
                format!(
                    "consent to {object} '{}' is folded into {why}; ask for it separately, with its own unticked box",
                    short(&b.text[g.words.clone()])
                ),
            ));
        }
        // sign-up made the condition of taking part: the pack's token patterns ("It is a
        // condition of entry that you subscribe to our newsletter", "For at deltage skal du
        // tilmelde dig vores nyhedsbrev"), where no grant above already reported the sentence
        for (bi, b) in cx.doc.blocks.iter().enumerate() {
            if an.block_lang[bi].is_none()
                || matches!(b.kind, crate::document::BlockKind::Heading(_))
                || !Concept::Marketing
                    .list()
                    .is_some_and(|m| an.block_has(bi, m))
            {
                continue;
            }
            for s in an.sentences_of(bi) {
                let r = s.range();
                if !super::pack_pattern_in(cx, ID, bi, r.clone(), r.end, |_, kind| {
                    kind == "condition"
                }) {
                    continue;
                }
                let span = b.source_span(r.clone());
                // one finding per paragraph or label: the box "Ja tak – jeg deltager i
                // konkurrencen og tilmelder mig samtidig nyhedsbrevet. Tilmelding er en
                // betingelse for at deltage." bundles once
                let whole = b.source_span(0..b.text.len());
                if out
                    .iter()
                    .any(|d| d.lint == ID && d.span.start < whole.end && whole.start < d.span.end)
                {
                    continue;
                }
                out.push(diagnostic(
                    ID,
                    span,
                    format!(
                        "'{}' makes signing up for marketing a condition of taking part: consent that cannot be refused without losing the entry is not freely given",
                        short(&b.text[r])
                    ),
                ));
            }
        }
        // refusing consent costs the service
        for (bi, b) in cx.doc.blocks.iter().enumerate() {
            if !an.block_has(bi, l.refusal) || !an.block_has(bi, l.consequence) {
                continue;
            }
            for s in an.sentences_of(bi) {
                let r = s.range();
                let Some(rf) = an.hits_of(bi, r.clone(), l.refusal).next() else {
                    continue;
                };
                let Some(cq) = an.hits_of(bi, r.clone(), l.consequence).next() else {
                    continue;
                };
                out.push(diagnostic(
                    ID,
                    b.source_span(r),
                    format!(
                        "'{}' makes consent a condition ('{}'): consent that cannot be refused without losing the service is not freely given",
                        short(&b.text[rf.start..rf.end]),
                        short(&b.text[cq.start..cq.end])
                    ),
                ));
            }
        }
    }
}

impl Lint for BundledConsent {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
        let l = lists(cx);
        self.controls(cx, l, out);
        self.sentences(cx, l, out);
    }
}
