//! `special-category-without-consent`: special-category data asked for or
//! announced without explicit consent or another Art. 9(2) ground.
//!
//! ## What it finds
//! Special categories of personal data (GDPR Art. 9(1): health, racial or
//! ethnic origin, political opinions, religious or philosophical beliefs,
//! trade union membership, genetic and biometric data, sex life and sexual
//! orientation) that a document asks for in a form field (a `<label>` or
//! `<legend>` such as "Allergies" or "Fagforening") or announces it collects
//! ("you provide us with ethnicity", "ved fremvisning af lægeerklæring", an
//! item under "Personal data we process:"), with no explicit consent for it
//! and no other Art. 9(2) ground stated in the sentence, paragraph, section or
//! form, or anywhere in the document next to sensitive data.
//!
//! ## Why is this bad?
//! Processing special-category data is prohibited unless an Art. 9(2) ground
//! applies. Where the ground is consent it must be *explicit* (Art. 9(2)(a);
//! EDPB Guidelines 05/2020 paras. 93-96): an express statement naming the data
//! and the purpose, not "if you provide this data, you consent to us using it".
//!
//! ## Example
//! ```html
//! <label for="allergies">Allergies</label> <input id="allergies" name="allergies">
//! ```
//! Use instead:
//! ```html
//! <label for="allergies">Allergies</label> <input id="allergies" name="allergies">
//! <label><input type="checkbox" name="health_consent"> I hereby consent to Example Ltd
//! processing my allergy information to plan the meals at the event.</label>
//! ```
//!
//! Silent on policies and terms addressed to a business (advertiser, merchant,
//! developer or cloud terms: "Examples of user information that should be handled with
//! care: ... political affiliation"): the data is the business's customers', and the
//! ground is the business's to state.
//! Silent on data the company handles as someone else's processor ("you remain
//! the data controller ..., Google is your data processor"), on lists of rights,
//! definitions, prohibitions ("no discrimination
//! based on religion"), negations ("we do not collect sensitive data"), names
//! of other documents ("Consumer Health Data Privacy Policy"), and words with
//! a second sense (a running race, browser fingerprinting). A CPR number is not
//! Art. 9 data: see `national-id-without-basis`.

use std::ops::Range;
use std::sync::OnceLock;

use crate::analysis::context::*;
use crate::analysis::{Concept, Hit, ListId};
use crate::document::BlockKind;

use super::{diagnostic, Context, Lint};

pub struct SpecialCategoryWithoutConsent;

const ID: &str = "special-category-without-consent";

struct Lists {
    special: ListId,
    collect: ListId,
    basis: ListId,
    explicit: ListId,
    /// Consent named as the ground for one category: it covers what its sentence names.
    named_ground: ListId,
    performative: ListId,
    mention: ListId,
    neutral: ListId,
    /// A word with a device and a finger sense, and the anchors of its device sense.
    dual_sense: ListId,
    device_sense: ListId,
    generic: ListId,
    other_sensitive: ListId,
    heading_mention: ListId,
    acquire: ListId,
    /// Pointers to another section ("please see"): no announcement, unless it collects.
    pointer: ListId,
    /// A named notice that describes: what it describes is its content, not a collection here.
    describes: ListId,
    retention: ListId,
    /// `lints/concepts/ground.toml`: a legal obligation, consent named as the ground
    grounds: [ListId; 2],
    /// `ground.processor_role`: the company as someone else's processor in this paragraph.
    processor_role: ListId,
    /// `withdrawal.consent_withdrawal`: a route to withdraw a consent presupposes it.
    withdrawal: ListId,
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let id = crate::analysis::list_id;
        Lists {
            special: id("sensitive.special"),
            collect: id("special-category-without-consent.collect"),
            basis: id("special-category-without-consent.basis"),
            explicit: id("special-category-without-consent.explicit"),
            named_ground: id("special-category-without-consent.named_ground"),
            performative: id("special-category-without-consent.performative"),
            mention: id("special-category-without-consent.mention"),
            neutral: id("special-category-without-consent.neutral"),
            dual_sense: id("special-category-without-consent.dual_sense"),
            device_sense: id("special-category-without-consent.device_sense"),
            generic: id("special-category-without-consent.generic"),
            other_sensitive: id("special-category-without-consent.other_sensitive"),
            heading_mention: id("special-category-without-consent.heading_mention"),
            acquire: id("special-category-without-consent.acquire"),
            pointer: id("special-category-without-consent.pointer"),
            describes: id("special-category-without-consent.describes"),
            retention: id("special-category-without-consent.retention"),
            grounds: [id("ground.legal_obligation"), id("ground.consent_basis")],
            processor_role: id("ground.processor_role"),
            withdrawal: id("withdrawal.consent_withdrawal"),
        }
    })
}

/// What the document's stated Art. 9(2)(a) ground covers.
enum Cover {
    /// The special categories as a class.
    All,
    /// The words of the categories it names (none: no ground stated).
    Named(Vec<String>),
}

/// The content words of a category's name, lower-cased: "biometric data" gives
/// "biometric" (words of four letters or more, less the generic "data", "information").
fn category_words(t: &str) -> impl Iterator<Item = String> + '_ {
    t.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| {
            w.chars().count() >= 4
                && !matches!(
                    w.as_str(),
                    "data" | "information" | "your" | "about" | "oplysninger" | "dine"
                )
        })
}

impl SpecialCategoryWithoutConsent {
    /// The special-category hits of a range that name data (not a second
    /// sense, not a title, not negated).
    fn data_hits(&self, cx: &Context<'_>, l: &Lists, i: usize, r: Range<usize>) -> Vec<Hit> {
        let an = cx.analysis;
        let text = &cx.doc.blocks[i].text;
        let neutral: Vec<Hit> = an.hits_of(i, r.clone(), l.neutral).collect();
        // a "fingerprint" in a paragraph about device fingerprinting is a device hash
        let device = an.block_has(i, l.device_sense);
        let dual: Vec<Hit> = if device {
            an.hits_of(i, r.clone(), l.dual_sense).collect()
        } else {
            Vec::new()
        };
        let mut out: Vec<Hit> = Vec::new();
        for h in an.hits_of(i, r, l.special) {
            if neutral.iter().any(|n| overlaps(n, &h))
                || dual.iter().any(|d| d.start == h.start && d.end == h.end)
                || names_a_document(text, h.end)
                || quoted_title(text, h.start, h.end)
                || negated(cx, i, h.start, h.end)
            {
                continue;
            }
            // keep the longest of overlapping hits
            if let Some(last) = out.last_mut() {
                if overlaps(last, &h) {
                    if h.end - h.start > last.end - last.start {
                        *last = h;
                    }
                    continue;
                }
            }
            out.push(h);
        }
        out
    }

    /// Does the range hold a collection verb in force (not negated, not in a
    /// right, a definition or a prohibition, not part of the data's own name, as
    /// "record" in "medical records")?
    fn collects(&self, cx: &Context<'_>, l: &Lists, i: usize, r: Range<usize>) -> bool {
        let special: Vec<Hit> = cx.analysis.hits_of(i, r.clone(), l.special).collect();
        active_collect(cx, i, r, l.collect, &[l.mention], &special)
    }

    /// Does the range hold a negated collection verb ("we do not collect")?
    fn refuses(&self, cx: &Context<'_>, l: &Lists, i: usize, r: Range<usize>) -> bool {
        refused(cx, i, r, l.collect)
    }

    /// A sentence anywhere that names sensitive data and explicit consent (or
    /// cites Art. 9(2)): the document deals with the question. Grounds that
    /// double as Art. 6 grounds ("vital interests", "legal claims") count only
    /// near the data.
    ///
    /// What it covers: every category, for explicit consent or consent named for the
    /// special categories as a class ("Your consent for special category data"); only the
    /// categories it names, for consent named for one of them ("opt-in consent for
    /// biometric verification" covers biometric data, not medical records).
    fn doc_basis(&self, cx: &Context<'_>, l: &Lists) -> Cover {
        let an = cx.analysis;
        let mut words: Vec<String> = Vec::new();
        let all = any_unit(cx, Concept::SpecialCategory, |i, r| {
            if an
                .hits_in(i, r.clone())
                .any(|h| h.list == l.explicit || h.list == l.performative)
            {
                return true;
            }
            // a list item or cell that names the data and a route to withdraw consent to it
            // ("_Sensitive Data_ - Such as allergies, disabilities or other health
            // requirements ... Contact DPO@Blizzard.com to withdraw this type of consent",
            // under "Consent obtained in other instances"): a consent for what it names
            if matches!(
                cx.doc.blocks[i].kind,
                BlockKind::ListItem | BlockKind::TableCell
            ) && an.block_has(i, l.withdrawal)
            {
                let text = &cx.doc.blocks[i].text;
                let generic: Vec<Hit> = an.hits_of(i, r.clone(), l.generic).collect();
                for h in an.hits_of(i, r.clone(), l.special) {
                    if !generic.iter().any(|g| overlaps(g, &h)) {
                        words.extend(category_words(&text[h.start..h.end]));
                    }
                }
            }
            if an.hits_of(i, r.clone(), l.named_ground).next().is_none() {
                return false;
            }
            if an.hits_of(i, r.clone(), l.generic).next().is_some() {
                return true;
            }
            let text = &cx.doc.blocks[i].text;
            for h in an.hits_of(i, r, l.special) {
                words.extend(category_words(&text[h.start..h.end]));
            }
            false
        });
        if all {
            Cover::All
        } else {
            Cover::Named(words)
        }
    }

    /// Is the block announced as collected data by its section heading or by a
    /// lead-in ("The personal data we process can include:")?
    fn collection_context(&self, cx: &Context<'_>, l: &Lists, i: usize) -> bool {
        collection_context(cx, i, l.collect, &[l.mention])
    }
}

impl Lint for SpecialCategoryWithoutConsent {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
        let an = cx.analysis;
        if !an.doc_has(Concept::SpecialCategory) {
            return;
        }
        // terms addressed to a business (developer, advertiser, merchant, cloud customer):
        // the special categories it names are the business's own customers' data, and the
        // Art. 9(2) ground is the business's to state as their controller (GDPR Art. 9(2),
        // 28(3)); the document sets rules for it, it does not collect
        if an.business_audience(cx.doc) {
            return;
        }
        let l = lists();
        let named = match self.doc_basis(cx, l) {
            Cover::All => return,
            Cover::Named(words) => words,
        };
        // a ground stated for the categories it names covers their findings
        // (the category as such beside a named kind, "SENSITIVE DATA: Dietary restrictions,
        // food allergies", is the kind's label: the kinds decide)
        let covered = |text: &str, data: &[Hit], generic: &[Hit]| {
            let specific: Vec<&Hit> = data
                .iter()
                .filter(|h| !generic.iter().any(|g| overlaps(g, h)))
                .collect();
            !named.is_empty()
                && !specific.is_empty()
                && specific.iter().all(|h| {
                    // one word the start of the other: "helbred" and
                    // "helbredsoplysninger", "biometric" and "biometrics"
                    category_words(&text[h.start..h.end]).any(|w| {
                        named.iter().any(|n| {
                            n.starts_with(&w)
                                    || w.starts_with(n.as_str())
                                    // a Danish compound ends in its head: "fødevareallergier"
                                    // is an "allergier"
                                    || n.chars().count() >= 5 && w.ends_with(n.as_str())
                        })
                    })
                })
        };
        let doc = cx.doc;
        // a short page with a form is one scope
        let short_page = doc.main_words < 1500 && is_form(cx);
        // a performative consent counts only where it names the data (see doc_basis):
        // "I consent to the newsletter" next to an allergies field is no ground
        let basis = [l.basis, l.explicit];
        let [obligation, consent] = l.grounds;
        // (a route to withdraw the consent presupposes it: "Sensitive Data - Such as
        // allergies ... Contact DPO@Blizzard.com to withdraw this type of consent")
        let beside = [
            l.basis,
            l.explicit,
            l.performative,
            obligation,
            consent,
            l.withdrawal,
        ];
        let page_basis =
            short_page && (0..doc.blocks.len()).any(|j| basis.iter().any(|&x| an.block_has(j, x)));
        for (i, b) in doc.blocks.iter().enumerate() {
            // a finding needs a unit that touches the special categories (a bit test)
            if an.block_lang[i].is_none()
                || matches!(b.kind, BlockKind::Heading(_))
                || !an.block_has(i, l.special)
            {
                continue;
            }
            // the paragraph makes the company someone else's processor of the data ("you
            // remain the data controller ..., Google is your data processor", "Our Clients
            // may load ... race, ethnic identity"): the Art. 9(2) ground is the
            // controller's to state (GDPR Art. 28)
            if an.block_has(i, l.processor_role) {
                continue;
            }
            // one finding per sentence that asks for the data itself; a block that
            // only inherits the asking (from another sentence, its heading or a
            // lead-in) gives one finding, on its first sensitive sentence
            let mut own = Vec::new();
            let mut inherited = Vec::new();
            // a block that denies processing somewhere ("...; we never receive your
            // biometric data") does not inherit the asking (asked only when it matters)
            let denies = || {
                an.sentences_of(i).iter().any(|s| {
                    self.refuses(cx, l, i, s.range())
                        || in_negated_clause(cx, i, s.range(), s.range().end)
                })
            };
            for (r, field) in units(cx, i) {
                // not in navigation, footers, cookie banners
                if !touches(cx, i, r.clone(), Concept::SpecialCategory) || !field && !b.main {
                    continue;
                }
                let data = self.data_hits(cx, l, i, r.clone());
                let Some(first) = data.first().copied() else {
                    continue;
                };
                let in_sentence = |list: ListId| an.hits_of(i, r.clone(), list).next().is_some();
                if in_sentence(l.mention)
                    || self.refuses(cx, l, i, r.clone())
                    || in_negated_clause(cx, i, r.clone(), first.start)
                    || an.main_clause_denies(i, &b.text, r.clone(), first.start)
                {
                    continue;
                }
                if !field
                    && (in_question(&b.text, first.end)
                        || defines_or_denies(&b.text, &r)
                        || continues_denial(cx, i, &r, &[l.mention])
                        || mention_context(cx, i, &[l.mention], &[l.heading_mention])
                        || b.kind == BlockKind::TableCell && row_says_no(cx, i))
                {
                    // "X does not create profiles based on health", "This includes
                    // soliciting sensitive data" after "Do not phish", an item under
                    // "You have the right to request:", a "Biometric | No" row
                    continue;
                }
                // only the category as such ("sensitive personal information"), no
                // Art. 9 kind named: in US law and in security talk that is card
                // numbers, passwords, location; it counts only where it is itself
                // announced as collected and nothing non-Art. 9 is given as example
                let generic = an.hits_of(i, r.clone(), l.generic).collect::<Vec<_>>();
                let generic_only = data.iter().all(|h| generic.iter().any(|g| overlaps(g, h)));
                // (or its paragraph: the US "sensitive personal information" of the CPRA,
                // defined in the paragraph as account credentials and payment data, then
                // referred to as "such sensitive personal information")
                if generic_only
                    && (in_sentence(l.other_sensitive)
                        || continued_with(cx, i, &r, l.other_sensitive)
                        || b.kind == BlockKind::Paragraph && an.block_has(i, l.other_sensitive))
                {
                    continue;
                }
                if in_sentence(l.performative)
                    || field && touches(cx, i, r.clone(), Concept::ConsentGrant)
                {
                    // the label is the consent itself
                    continue;
                }
                if !field && touches(cx, i, r.clone(), Concept::Consent) {
                    // names consent as the ground for this data ("Your consent (where
                    // sensitive data is processed)"): whether it is explicit enough is
                    // for a reviewer, not a finding here
                    continue;
                }
                let asks = field || self.collects(cx, l, i, r.clone());
                // a table cell does not inherit from its heading: category tables
                // ("Sensitive personal information | Collected: No") say yes or no
                // in another cell
                let asked = asks
                    || (!b.text.is_empty() && self.collects(cx, l, i, 0..b.text.len()))
                    || (b.kind != BlockKind::TableCell && self.collection_context(cx, l, i));
                // a title announces nothing even with a verb in it ("Sensitive
                // Personal Information Collected"), unless someone speaks ("We collect")
                // (a form field's question is short and may look like a title: it asks)
                let titled = !field
                    && title_like(b, &r)
                    && (!asks
                        || !has_speaker(&b.text[r.clone()])
                            && !b.text[r.clone()].trim_end().ends_with('.'));
                // retention, deletion ("we delete any biometric data"), unless it acquires
                // the data now ("the purpose for which it was collected" looks back; "saved
                // for the time required to perform the identification process" acquires
                // nothing)
                let kept = in_sentence(l.retention)
                    && !active_acquire_now(cx, i, r.clone(), l.acquire, &[l.mention], &data)
                    || in_sentence(l.pointer)
                        && !active_collect(cx, i, r.clone(), l.collect, &[l.mention], &data)
                    // "The [Facial Media Capture Privacy Notice] applies to ... and explains
                    // how Roblox collects ... your Biometric Data": every collection verb
                    // stands after the describing verb
                    // (a capitalised verb before it is part of the notice's name: "Facial
                    // Media Capture Privacy Notice")
                    || an.hits_of(i, r.clone(), l.describes).next().is_some_and(|d| {
                        let mut name = data.clone();
                        name.extend(an.hits_of(i, r.start..d.start, l.collect).filter(|h| {
                            h.start > r.start
                                && b.text[h.start..].starts_with(|c: char| c.is_uppercase())
                        }));
                        !active_collect(cx, i, r.start..d.start, l.collect, &[l.mention], &name)
                    });
                if !asked || titled || kept || !asks && generic_only {
                    continue;
                }
                // "We use sensitive personal information only as necessary", "the
                // criteria we use to retain ... Sensitive Personal Information": US
                // law's limited-use talk about the bare category, not an announcement
                // the verb must be near the category: "the services you asked for"
                // twenty words on is not asking for it
                let near = r.start.max(first.start.saturating_sub(80))..r.end.min(first.end + 60);
                if generic_only
                    && !field
                    && !active_collect(cx, i, near, l.acquire, &[l.mention], &data)
                {
                    continue;
                }
                if page_basis
                    || covered(&b.text, &data, &generic)
                    || ground_near(cx, i, &r, &basis, &beside, Concept::SpecialCategory)
                {
                    continue;
                }
                let mut names: Vec<String> = Vec::new();
                for h in &data {
                    let n = format!("'{}'", short(&b.text[h.start..h.end]));
                    if !names.contains(&n) && names.len() < 3 {
                        names.push(n);
                    }
                }
                let what = names.join(", ");
                let message = if field {
                    format!(
                        "form field asks for special-category data {what} without explicit consent or another Art. 9(2) ground"
                    )
                } else {
                    format!(
                        "special-category data {what} collected without explicit consent or another Art. 9(2) ground stated"
                    )
                };
                let tr = trim(&b.text, r.clone());
                if tr.is_empty() {
                    continue;
                }
                let mut d = diagnostic(ID, b.source_span(tr), message);
                if let Some((span, msg)) = section_label(cx, b) {
                    d = d.with_label(span, msg);
                }
                if asks {
                    own.push(d);
                } else {
                    inherited.push(d);
                }
            }
            if own.is_empty() {
                if !inherited.is_empty() && !denies() {
                    out.extend(inherited.into_iter().take(1));
                }
            } else {
                out.extend(own);
            }
        }
    }
}
