//! `national-id-without-basis`: a national ID number (CPR-nummer,
//! personnummer, SSN) asked for or used without a stated basis.
//!
//! ## What it finds
//! A national identification number (CPR-nummer, personnummer, social
//! security number, national insurance number) that a form field asks for (a
//! `<label>` "CPR-nr.") or a text says is collected or used ("bruger
//! CPR-nummeret som login", "we collect your social security number"), with no
//! basis stated for it in the sentence, paragraph, section or form: no law that
//! requires it, no consent, no need for unique identification.
//!
//! ## Why is this bad?
//! In Denmark a CPR number is not special-category data under GDPR Art. 9; its
//! rule is databeskyttelsesloven §11 (under GDPR Art. 87): a private party may
//! process it only where a law provides for it, with consent, or where unique
//! identification requires it, and the purpose must be objective (saglig).
//! The reader must be told the basis (GDPR Art. 13(1)(c)).
//!
//! ## Example
//! ```html
//! <label for="cpr">CPR-nummer</label> <input id="cpr" name="cpr">
//! ```
//! Use instead:
//! ```html
//! <label for="cpr">CPR-nummer</label> <input id="cpr" name="cpr">
//! <p>CPR-nummer indhentes, da det er påkrævet efter skattelovgivningen.</p>
//! ```
//!
//! Silent where the basis is stated nearby or next to the number anywhere in
//! the document, on negations ("vi beder aldrig om dit CPR-nummer"), on lists
//! of rights and definitions, and on "CPR" in English (resuscitation).

use std::sync::OnceLock;

use crate::analysis::{Concept, ListId};
use crate::document::BlockKind;

use super::{diagnostic, Context, Lint};
use crate::analysis::context::{
    active_collect, any_unit, collection_context, continues_denial, defines_or_denies, ground_near,
    in_negated_clause, in_question, is_form, mention_context, names_a_document, negated,
    row_says_no, section_label, short, touches, trim, units,
};

pub struct NationalIdWithoutBasis;

const ID: &str = "national-id-without-basis";

struct Lists {
    national_id: ListId,
    basis: ListId,
    consent: ListId,
    mention: ListId,
    collect_en_da: ListId,
    /// the special-category lint's mentions: prohibitions, rights, definitions
    mention_sc: ListId,
    heading_mention: ListId,
    neutral: ListId,
    /// grounds of `lints/concepts/ground.toml`: a legal obligation, unique
    /// identification, consent named as the ground
    grounds: [ListId; 3],
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let id = crate::analysis::list_id;
        Lists {
            national_id: id("sensitive.national_id"),
            basis: id("national-id-without-basis.basis"),
            consent: id("national-id-without-basis.consent"),
            mention: id("national-id-without-basis.mention"),
            collect_en_da: id("special-category-without-consent.collect"),
            mention_sc: id("special-category-without-consent.mention"),
            heading_mention: id("special-category-without-consent.heading_mention"),
            neutral: id("national-id-without-basis.neutral"),
            grounds: [
                id("ground.legal_obligation"),
                id("ground.identification"),
                id("ground.consent_basis"),
            ],
        }
    })
}

impl Lint for NationalIdWithoutBasis {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
        let an = cx.analysis;
        // fields that ask for the number by their markup: `name="cpr"`, a `DDMMÅÅ-XXXX`
        // placeholder (their question may not name the number)
        let id_fields: Vec<&crate::document::Field> = cx
            .doc
            .fields
            .iter()
            .filter(|f| !f.hidden && asks_national_id(f))
            .collect();
        if !an.doc_has(Concept::NationalId) && id_fields.is_empty() {
            return;
        }
        let l = lists();
        // a sentence anywhere that gives the number's basis (a law, or consent to
        // the number itself) covers the document; consent elsewhere (to a
        // newsletter) does not
        let basis = [l.basis, l.grounds[0], l.grounds[1]];
        let beside = [l.basis, l.consent, l.grounds[0], l.grounds[1], l.grounds[2]];
        if any_unit(cx, Concept::NationalId, |i, r| {
            an.hits_in(i, r).any(|h| beside.contains(&h.list))
        }) {
            return;
        }
        let doc = cx.doc;
        let short_page = doc.main_words < 1500 && is_form(cx);
        let page_basis = short_page && (0..doc.blocks.len()).any(|j| an.block_has(j, l.basis));
        for (i, b) in doc.blocks.iter().enumerate() {
            if an.block_lang[i].is_none() || matches!(b.kind, BlockKind::Heading(_)) {
                continue;
            }
            for (r, field) in units(cx, i) {
                if !touches(cx, i, r.clone(), Concept::NationalId) || (!field && !b.main) {
                    continue;
                }
                let text = &b.text;
                let neutral: Vec<_> = an.hits_of(i, r.clone(), l.neutral).collect();
                let Some(first) = an.hits_of(i, r.clone(), l.national_id).find(|h| {
                    !negated(cx, i, h.start, h.end)
                            && !names_a_document(text, h.end)
                            // "passport or national ID card": a document, not a number
                            && !neutral.iter().any(|n| n.start < h.end && h.start < n.end)
                }) else {
                    continue;
                };
                // name the longest phrase found there ("CPR-nummer", not "CPR")
                let first = an
                    .hits_of(i, r.clone(), l.national_id)
                    .filter(|h| h.start == first.start)
                    .max_by_key(|h| h.end)
                    .unwrap_or(first);
                // (a mention in an aside is no statement about the number: "CPR-nummer
                // (via MitID, krypteret)" in a list of what is collected)
                let aside = |h: &crate::analysis::Hit| {
                    let before = &text[r.start..h.start];
                    before
                        .rfind('(')
                        .is_some_and(|o| !before[o..].contains(')'))
                        && text[h.end..r.end].contains(')')
                };
                if an.hits_in(i, r.clone()).any(|h| {
                    (h.list == l.mention || !field && h.list == l.mention_sc) && !aside(&h)
                        || beside.contains(&h.list)
                }) || in_negated_clause(cx, i, r.clone(), first.start)
                {
                    continue;
                }
                // "we never ask for your CPR number", "send ikke dit cpr-nummer"
                if an
                    .hits_of(i, r.clone(), l.collect_en_da)
                    .any(|h| negated(cx, i, h.start, h.end))
                {
                    continue;
                }
                let mention = [l.mention, l.mention_sc];
                if !field {
                    // asked for or used, not only named: by its own sentence, its block,
                    // or (outside tables) a heading or lead-in that announces collection
                    let names: Vec<_> = an.hits_of(i, 0..text.len(), l.national_id).collect();
                    let asked = active_collect(cx, i, r.clone(), l.collect_en_da, &mention, &names)
                        || active_collect(cx, i, 0..text.len(), l.collect_en_da, &mention, &names)
                        || b.kind != BlockKind::TableCell
                            && collection_context(cx, i, l.collect_en_da, &mention);
                    if !asked
                        || in_negated_clause(cx, i, r.clone(), first.start)
                        || in_question(text, first.end)
                        || defines_or_denies(text, &r)
                        || continues_denial(cx, i, &r, &mention)
                        || mention_context(cx, i, &mention, &[l.heading_mention])
                        || b.kind == BlockKind::TableCell && row_says_no(cx, i)
                    {
                        continue;
                    }
                }
                if page_basis || ground_near(cx, i, &r, &basis, &beside, Concept::NationalId) {
                    continue;
                }
                let what = short(&text[first.start..first.end]);
                let message = if field {
                    format!(
                        "form field asks for national ID number '{what}' without a stated basis (a law that requires it, or consent)"
                    )
                } else {
                    format!(
                        "national ID number '{what}' is collected or used without a stated basis (a law that requires it, or consent)"
                    )
                };
                let tr = trim(text, r);
                if tr.is_empty() {
                    continue;
                }
                let mut d = diagnostic(ID, b.source_span(tr), message);
                if let Some((span, msg)) = section_label(cx, b) {
                    d = d.with_label(span, msg);
                }
                out.push(d);
            }
        }
        // a field that asks for the number by its markup, where no finding names it yet
        if page_basis || id_fields.is_empty() {
            return;
        }
        let before = out.len();
        for f in id_fields {
            let shown = f.question.as_ref().map_or(&f.span, |q| &q.span);
            if out[..before]
                .iter()
                .any(|d| d.lint == ID && d.span.start < shown.end && shown.start < d.span.end)
            {
                continue;
            }
            let what = f
                .name
                .as_deref()
                .or(f.placeholder.as_deref())
                .unwrap_or("national ID");
            out.push(diagnostic(
                ID,
                f.span.clone(),
                format!(
                    "form field '{}' asks for a national ID number without a stated basis (a law that requires it, or consent)",
                    short(what)
                ),
            ));
        }
    }
}

/// Does the field ask for a national ID number by its name, id or placeholder
/// (`cpr`, `cpr_nr`, `personnummer`, `ssn`, `DDMMÅÅ-XXXX`, `XXX-XX-XXXX`)?
fn asks_national_id(f: &crate::document::Field) -> bool {
    // a number is typed: a select or a box named "cpr_before" asks about resuscitation
    let typed = f.kind == crate::document::FieldKind::Input
        && f.input_type
            .as_deref()
            .is_none_or(|t| matches!(t, "" | "text" | "number" | "tel" | "password"));
    if !typed {
        return false;
    }
    let named = [&f.name, &f.id].into_iter().flatten().any(|n| {
        let n = n.to_lowercase();
        n.split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with("cpr") || w == "ssn" || w.starts_with("personnummer"))
            || n.contains("socialsecurity")
            || n.contains("social_security")
    });
    let pattern = f.placeholder.as_deref().is_some_and(|p| {
        let p: String = p
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        [
            "DDMMÅÅ-XXXX",
            "DDMMYY-XXXX",
            "DDMMÅÅXXXX",
            "XXXXXX-XXXX",
            "XXX-XX-XXXX",
            "DDMMAA-XXXX",
        ]
        .iter()
        .any(|k| p.contains(k))
    });
    named || pattern
}
