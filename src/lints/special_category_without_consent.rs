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
//! Silent on lists of rights, definitions, prohibitions ("no discrimination
//! based on religion"), negations ("we do not collect sensitive data"), names
//! of other documents ("Consumer Health Data Privacy Policy"), and words with
//! a second sense (a running race, browser fingerprinting). A CPR number is not
//! Art. 9 data: see `national-id-without-basis`.

use std::ops::Range;
use std::sync::OnceLock;

use crate::analysis::{Concept, Hit, ListId};
use crate::document::{Block, BlockKind, Document};

use super::{diagnostic, Context, Lint};

pub struct SpecialCategoryWithoutConsent;

const ID: &str = "special-category-without-consent";

struct Lists {
    special: ListId,
    collect: ListId,
    basis: ListId,
    explicit: ListId,
    performative: ListId,
    mention: ListId,
    neutral: ListId,
    generic: ListId,
    other_sensitive: ListId,
    heading_mention: ListId,
    acquire: ListId,
    retention: ListId,
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
            performative: id("special-category-without-consent.performative"),
            mention: id("special-category-without-consent.mention"),
            neutral: id("special-category-without-consent.neutral"),
            generic: id("special-category-without-consent.generic"),
            other_sensitive: id("special-category-without-consent.other_sensitive"),
            heading_mention: id("special-category-without-consent.heading_mention"),
            acquire: id("special-category-without-consent.acquire"),
            retention: id("special-category-without-consent.retention"),
        }
    })
}

// ---------------------------------------------------------------------------
// Helpers shared with `national-id-without-basis` (candidates for the shared
// analysis layer: negation scope, form-field labels, a block's neighbourhood).

/// Words that negate a verb or noun next to them.
const NEGATORS: &[&str] = &[
    "not", "never", "no", "nor", "without", "cannot", "ikke", "aldrig", "ingen", "intet", "uden",
];

fn words_before(text: &str, at: usize, n: usize) -> Vec<String> {
    text[..at]
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .rev()
        .take(n)
        .map(|w| w.to_lowercase())
        .collect()
}

fn words_after(text: &str, at: usize, n: usize) -> Vec<String> {
    text[at..]
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .take(n)
        .map(|w| w.to_lowercase())
        .collect()
}

fn is_negator(w: &str) -> bool {
    NEGATORS.contains(&w) || w.ends_with("n't") || w.ends_with("n’t")
}

/// Is the phrase at `start..end` of `text` negated: a negator in the three words
/// before it ("do not knowingly collect", "vi vil ikke indsamle", "no health
/// data", "is not intended to process") or
/// right after it (Danish word order: "vi indsamler ikke", "beder aldrig om").
pub(crate) fn negated(text: &str, start: usize, end: usize) -> bool {
    words_before(text, start, 3).iter().any(|w| is_negator(w))
        || words_after(text, end, 1).iter().any(|w| is_negator(w))
}

/// Does the speaker deny the processing before `at` in the sentence `r`: "we"
/// or "vi" followed within three words by a negator ("We do not use or
/// disclose", "vi behandler ikke", "we will never")?
pub(crate) fn we_deny(text: &str, r: Range<usize>, at: usize) -> bool {
    let words: Vec<String> = text[r.start..at.max(r.start)]
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    words.iter().enumerate().any(|(k, w)| {
        (w == "we" || w == "vi" || w == "we'll" || w == "we've")
            && words[k + 1..].iter().take(3).any(|x| is_negator(x))
    })
}

/// Negators that scope over the rest of their clause: "NextRoll does not create
/// consumer profiles based on ... health", "should not be used for processing
/// sensitive data", "vi indsamler ikke helbredsoplysninger".
const CLAUSE_NEGATORS: &[&str] = &["not", "never", "cannot", "nor", "ikke", "aldrig"];

/// Words that end the scope of a negation: a contrast ("men bruger i stedet
/// sygesikringsbevis") or an exception.
const CLAUSE_BREAKS: &[&str] = &[
    "but",
    "however",
    "although",
    "though",
    "whereas",
    "except",
    "unless",
    "instead",
    "while",
    "only",
    "men",
    "dog",
    "derimod",
    "medmindre",
    "undtagen",
    "kun",
];

/// Words that open a subordinate clause whose negation does not reach the main
/// clause after its comma ("If you do not want ..., we ...").
const CONDITIONALS: &[&str] = &[
    "if", "when", "where", "whether", "hvis", "når", "såfremt", "ved",
];

/// Is offset `at` of `text` inside the scope of a verbal negation earlier in
/// its sentence `r` (same clause, no contrast in between)? "AG does not create
/// or use potentially sensitive data segments", "you will not use the Platform
/// to solicit or collect ... sensitive personal data".
pub(crate) fn in_negated_clause(text: &str, r: Range<usize>, at: usize) -> bool {
    let at = at.clamp(r.start, r.end);
    // words and commas, in order
    let mut toks: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text[r.start..at].chars() {
        if c.is_alphanumeric() || c == '\'' || c == '’' {
            word.extend(c.to_lowercase());
            continue;
        }
        if !word.is_empty() {
            toks.push(std::mem::take(&mut word));
        }
        if c == ',' {
            toks.push(",".into());
        }
    }
    if !word.is_empty() {
        toks.push(word);
    }
    let mut negated = false;
    let mut cond = false;
    for (k, w) in toks.iter().enumerate() {
        let w = w.as_str();
        let prev = if k > 0 { toks[k - 1].as_str() } else { "" };
        // the word the negator stands before, past a "be" ("is not be limited")
        let next = toks[k + 1..]
            .iter()
            .map(String::as_str)
            .find(|x| *x != "be")
            .unwrap_or("");
        if w == "," {
            if cond {
                // the conditional clause ends; its negation stays in it
                cond = false;
                negated = false;
            }
        } else if CLAUSE_BREAKS.contains(&w) && !(w == "but" && next == "not") {
            // "including, but not limited to" keeps the clause's negation
            negated = false;
            cond = false;
        } else if CONDITIONALS.contains(&w) {
            // a new clause: "We will not charge a fee if you provide a medical
            // certificate", "ikke betales gebyr ved fremvisning af lægeerklæring"
            negated = false;
            cond = true;
        } else if (CLAUSE_NEGATORS.contains(&w)
            || w.ends_with("n't")
            || w.ends_with("n’t")
            // "In no event will we ever request", "under no circumstances"
            || w == "no" && matches!(next, "event" | "circumstances" | "case")
            || w == "ingen" && matches!(next, "omstændigheder" | "tilfælde"))
            && prev != "or"
            && !NOT_A_DENIAL.contains(&next)
        {
            negated = true;
        }
    }
    negated
}

/// What a negator may stand before without denying anything: "not limited to",
/// "not exhaustive", "not only", "ikke udtømmende".
const NOT_A_DENIAL: &[&str] = &[
    "limited",
    "exhaustive",
    "only",
    "necessarily",
    "just",
    "udtømmende",
    "kun",
    "blot",
];

/// Does the unit open by continuing the sentence before it ("This includes
/// soliciting ...", "More specifically, it includes ...", "Dette omfatter")?
pub(crate) fn continues_previous(text: &str, r: &Range<usize>) -> bool {
    const OPENERS: &[&str] = &[
        "this includes",
        "this include",
        "these include",
        "this covers",
        "this means",
        "this may include",
        "this can include",
        "that includes",
        "it includes",
        "more specifically",
        "specifically",
        "in particular",
        "for example",
        "for instance",
        "e.g.",
        "such as",
        "including",
        "dette omfatter",
        "dette inkluderer",
        "det omfatter",
        "herunder",
        "f.eks.",
        "eksempelvis",
        "for eksempel",
    ];
    let t = text[r.clone()]
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    OPENERS.iter().any(|o| {
        t.starts_with(o)
            && t[o.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// The sentence of block `i` that holds byte `at` of its text.
pub(crate) fn sentence_range(cx: &Context<'_>, i: usize, at: usize) -> Range<usize> {
    cx.analysis
        .sentences_of(i)
        .iter()
        .find(|s| s.range.start <= at && at < s.range.end.max(s.range.start + 1))
        .map(|s| s.range.clone())
        .unwrap_or(0..cx.doc.blocks[i].text.len())
}

/// The sentence before the one that starts at `start` in block `i`.
pub(crate) fn previous_sentence(cx: &Context<'_>, i: usize, start: usize) -> Option<Range<usize>> {
    cx.analysis
        .sentences_of(i)
        .iter()
        .rev()
        .find(|s| s.range.end <= start)
        .map(|s| s.range.clone())
}

/// A collection verb of `list` in `r` of block `i` that is in force: not negated
/// next to it or by its clause ("you will not ... collect"), and not in a
/// sentence that names a right, a definition or a prohibition (one of
/// `mention`: "You have the right to request the following information:").
pub(crate) fn active_collect(
    cx: &Context<'_>,
    i: usize,
    r: Range<usize>,
    collect: ListId,
    mention: &[ListId],
    skip: &[Hit],
) -> bool {
    let text = &cx.doc.blocks[i].text;
    cx.analysis.hits_of(i, r, collect).any(|h| {
        if skip.iter().any(|s| overlaps(s, &h)) || negated(text, h.start, h.end) {
            return false;
        }
        let sr = sentence_range(cx, i, h.start);
        !in_negated_clause(text, sr.clone(), h.start)
            && !cx
                .analysis
                .hits_in(i, sr)
                .any(|m| mention.contains(&m.list))
    })
}

/// A collection verb of `list` in `r` that is negated ("we do not collect",
/// "WeChat does not require you to provide").
pub(crate) fn refused(cx: &Context<'_>, i: usize, r: Range<usize>, collect: ListId) -> bool {
    let text = &cx.doc.blocks[i].text;
    cx.analysis.hits_of(i, r, collect).any(|h| {
        negated(text, h.start, h.end)
            || in_negated_clause(text, sentence_range(cx, i, h.start), h.start)
    })
}

/// Is the unit `r` of block `i` a continuation ("This includes ...") of a
/// sentence that denies, forbids or defines (one of `mention`)?
pub(crate) fn continues_denial(
    cx: &Context<'_>,
    i: usize,
    r: &Range<usize>,
    mention: &[ListId],
) -> bool {
    if !continues_previous(&cx.doc.blocks[i].text, r) {
        return false;
    }
    let Some(p) = previous_sentence(cx, i, r.start) else {
        return false;
    };
    let text = &cx.doc.blocks[i].text;
    in_negated_clause(text, p.clone(), p.end)
        || cx.analysis.hits_in(i, p).any(|m| mention.contains(&m.list))
}

/// Is block `i` announced as collected data by its section heading (or its
/// parent's) or by a lead-in ("The personal data we process can include:"), with
/// a collection verb of `collect` in force there?
pub(crate) fn collection_context(
    cx: &Context<'_>,
    i: usize,
    collect: ListId,
    mention: &[ListId],
) -> bool {
    let doc = cx.doc;
    let b = &doc.blocks[i];
    // the data's own name is no verb: "record" in "Medical records"
    let names = |j: usize| -> Vec<Hit> {
        let lists = [Concept::SpecialCategory.list(), Concept::NationalId.list()];
        cx.analysis
            .block_hits(j)
            .filter(|h| lists.contains(&Some(h.list)))
            .collect()
    };
    let in_force = |j: usize| {
        active_collect(
            cx,
            j,
            0..doc.blocks[j].text.len(),
            collect,
            mention,
            &names(j),
        )
    };
    let mut s = b.section;
    let mut depth = 0;
    while let Some(si) = s {
        let h = doc.sections[si].heading_block;
        if h != i && in_force(h) {
            return true;
        }
        s = doc.sections[si].parent;
        depth += 1;
        if depth >= 2 {
            break;
        }
    }
    lead_in(doc, i).is_some_and(in_force)
}

/// The lead-in of a list item or paragraph: the nearest block before it in its
/// section that ends in a colon, within a few blocks.
pub(crate) fn lead_in(doc: &Document, i: usize) -> Option<usize> {
    let b = &doc.blocks[i];
    // sibling list items do not count against the distance: the eighth item of
    // a list still has its lead-in
    let mut others = 0;
    for j in (i.saturating_sub(40)..i).rev() {
        let p = &doc.blocks[j];
        if p.section != b.section || matches!(p.kind, BlockKind::Heading(_)) {
            return None;
        }
        if p.text.trim_end().ends_with(':') {
            return Some(j);
        }
        if !(b.kind == BlockKind::ListItem && p.kind == BlockKind::ListItem) {
            others += 1;
            if others >= 6 {
                return None;
            }
        }
    }
    None
}

/// Is the block introduced by a lead-in or section heading that denies, forbids,
/// defines or lists rights ("We generally don't want to gather any sensitive
/// information. This includes:", "You have the right to request:",
/// "## Your rights")?
pub(crate) fn mention_context(
    cx: &Context<'_>,
    i: usize,
    mention: &[ListId],
    heading_mention: &[ListId],
) -> bool {
    let doc = cx.doc;
    let bad = |j: usize| {
        let t = &doc.blocks[j].text;
        let last = cx
            .analysis
            .sentences_of(j)
            .last()
            .map(|s| s.range.clone())
            .unwrap_or(0..t.len());
        cx.analysis
            .hits_in(j, last.clone())
            .any(|m| mention.contains(&m.list))
            || in_negated_clause(t, last.clone(), last.end)
    };
    // a lead-in, and the lead-in of a nested list's lead-in ("You must not target
    // ads based on: ... * other sensitive information, including: * health")
    let mut at = i;
    for _ in 0..3 {
        let Some(j) = lead_in(doc, at) else {
            break;
        };
        if bad(j) {
            return true;
        }
        at = j;
    }
    if let Some(s) = doc.blocks[i].section {
        let h = doc.sections[s].heading_block;
        if h != i
            && cx
                .analysis
                .hits_in(h, 0..doc.blocks[h].text.len())
                .any(|m| heading_mention.contains(&m.list))
        {
            return true;
        }
    }
    false
}

/// The other cells of the table row that holds cell block `i`.
pub(crate) fn row_cells(cx: &Context<'_>, i: usize) -> Vec<usize> {
    let doc = cx.doc;
    let mut out = Vec::new();
    let same_row = |a: usize, b: usize| {
        let (x, y) = (a.min(b), a.max(b));
        let gap = cx
            .source
            .get(doc.blocks[x].span.end..doc.blocks[y].span.start)
            .unwrap_or("\n");
        let g = gap.to_ascii_lowercase();
        !(g.contains("<tr") || g.contains("</tr") || (g.contains('\n') && !g.contains('<')))
    };
    for j in (i.saturating_sub(8)..i).rev() {
        if doc.blocks[j].kind != BlockKind::TableCell || !same_row(j, i) {
            break;
        }
        out.push(j);
    }
    for j in i + 1..(i + 9).min(doc.blocks.len()) {
        if doc.blocks[j].kind != BlockKind::TableCell || !same_row(i, j) {
            break;
        }
        out.push(j);
    }
    out
}

/// Does a cell of the row say the data is not collected ("No", "None")?
pub(crate) fn row_says_no(cx: &Context<'_>, i: usize) -> bool {
    row_cells(cx, i).into_iter().any(|j| {
        let t = cx.doc.blocks[j]
            .text
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        matches!(
            t.as_str(),
            "no" | "none" | "not collected" | "n/a" | "nej" | "ingen" | "not applicable"
        )
    })
}

/// Does the text have a speaker or addressee as subject ("we", "you", "vi", "du")?
fn has_speaker(t: &str) -> bool {
    t.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "we" | "you" | "vi" | "du" | "i" | "jeg"
        )
    })
}

/// A short paragraph that only names a topic ("Health Information.", "Our Use
/// of Sensitive Personal Information"): a title, not an announcement.
pub(crate) fn title_like(b: &Block, r: &Range<usize>) -> bool {
    if !matches!(b.kind, BlockKind::Paragraph | BlockKind::Other) {
        return false;
    }
    let t = b.text[r.clone()].trim();
    let words = t.split_whitespace().count();
    words <= 7 && !t.ends_with(':') && b.text.trim().len() == t.len()
}

/// Is the hit followed by the name of a document or a law ("Consumer Health
/// Data Privacy Policy", "Health Insurance Portability Act")? Then it is a
/// title, not data.
pub(crate) fn names_a_document(text: &str, end: usize) -> bool {
    const TITLES: &[&str] = &[
        "policy",
        "policies",
        "notice",
        "statement",
        "act",
        "politik",
        "privatlivspolitik",
        "lov",
        "loven",
        "terms",
        "guidelines",
        "vilkår",
        "betingelser",
    ];
    // "Health Information Portability and Accountability Act"
    words_after(text, end, 5)
        .iter()
        .any(|w| TITLES.contains(&w.as_str()))
}

/// Does the unit define a term ("..., social security number, and any other
/// identifier (“Personal Information”)"), or answer its own question with
/// "None" ("special categories of data (please specify): None")?
pub(crate) fn defines_or_denies(text: &str, r: &Range<usize>) -> bool {
    let t = text[r.clone()].trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let lower = t.to_lowercase();
    let answered_none = [
        ": none",
        ": no",
        ": n/a",
        ": ingen",
        ": nej",
        ": not applicable",
    ]
    .iter()
    .any(|e| lower.ends_with(e));
    let defined = ["(“", "(\"", "(‘", "('"].iter().any(|open| {
        t.match_indices(open).any(|(k, _)| {
            let rest = &t[k + open.len()..];
            let close = rest.find(['”', '"', '’', '\'']);
            close.is_some_and(|c| {
                c < 60
                    && rest[..c].chars().next().is_some_and(char::is_uppercase)
                    && rest[c..].chars().nth(1) == Some(')')
            })
        })
    });
    answered_none || defined
}

/// Is the phrase ending at `end` part of a question ("Do you collect health
/// data?", "What, I have to submit a DNA sample?")? A question announces nothing.
pub(crate) fn in_question(text: &str, end: usize) -> bool {
    text[end..]
        .chars()
        .find(|c| matches!(c, '.' | '!' | '?' | ';' | ':'))
        .is_some_and(|c| c == '?')
}

/// The nearest `<label>`, `<legend>`, `<button>` or `<option>` opened before
/// source offset `at`: true for a field label (label, legend).
fn opened_by_field_label(source: &str, at: usize) -> bool {
    let at = at.min(source.len());
    let from = crate::text::ceil_char_boundary(source, at.saturating_sub(2000));
    let tail = source[from..at].to_ascii_lowercase();
    let mut best: Option<(usize, bool)> = None;
    for (tag, field) in [
        ("<label", true),
        ("<legend", true),
        ("<button", false),
        ("<option", false),
    ] {
        if let Some(p) = tail.rfind(tag) {
            if best.is_none_or(|(bp, _)| p > bp) {
                best = Some((p, field));
            }
        }
    }
    matches!(best, Some((_, true)))
}

/// Markup between two characters of a label block that starts a new field:
/// the reader merges consecutive `<label>`s of a form into one block.
fn field_break(gap: &str) -> bool {
    let g = gap.to_ascii_lowercase();
    [
        "<label",
        "</label",
        "<legend",
        "</legend",
        "<input",
        "<select",
        "<textarea",
        "<br",
        "<div",
        "</div",
        "<p",
        "</p",
    ]
    .iter()
    .any(|t| g.contains(t))
}

/// The units a lint reads in block `i`: for a label block, each field label
/// in it (flagged `true` when it is a `<label>` or `<legend>` short enough to
/// name a field); for any other block, its sentences.
pub(crate) fn units(cx: &Context<'_>, i: usize) -> Vec<(Range<usize>, bool)> {
    let b = &cx.doc.blocks[i];
    if b.kind != BlockKind::Label {
        // a sentence that is a form field's question ("Does your child have any
        // allergies?" in a <div> beside its <select>) names a field like a label does
        return cx
            .analysis
            .sentences_of(i)
            .iter()
            .map(|s| {
                let r = s.range.clone();
                let field = is_field_question(cx, &b.source_span(r.clone()));
                (r, field)
            })
            .collect();
    }
    let text = &b.text;
    let mut segs: Vec<Range<usize>> = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0; // text end of the last non-space char
    let mut last_src_end = 0;
    for (k, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        let src = b.source_span(k..k + c.len_utf8());
        if let Some(st) = start {
            let gap = cx.source.get(last_src_end..src.start).unwrap_or("");
            if field_break(gap) {
                segs.push(st..last_end);
                start = Some(k);
            }
        } else {
            start = Some(k);
        }
        last_end = k + c.len_utf8();
        last_src_end = src.end;
    }
    if let Some(st) = start {
        segs.push(st..last_end);
    }
    segs.into_iter()
        .map(|r| {
            let src = b.source_span(r.clone());
            let words = text[r.clone()]
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .count();
            let field = words <= 25 && opened_by_field_label(cx.source, src.start);
            (r, field)
        })
        .collect()
}

/// Does the source span overlap the question of a visible form field (or, for a field
/// without a question of its own, the title of its part of the form)?
pub(crate) fn is_field_question(cx: &Context<'_>, span: &Range<usize>) -> bool {
    cx.doc.fields.iter().any(|f| {
        !f.hidden
            && f.question
                .as_ref()
                .or(f.section.as_ref())
                .is_some_and(|q| q.span.start < span.end && span.start < q.span.end)
    })
}

/// Is there a unit (sentence, or field label) touching concept `c` for which
/// `pred(block, range)` holds? Units, not the shared sentences: consecutive
/// labels merged into one block must not lend each other words.
pub(crate) fn any_unit(
    cx: &Context<'_>,
    c: Concept,
    mut pred: impl FnMut(usize, Range<usize>) -> bool,
) -> bool {
    let blocks: Vec<usize> = cx.analysis.clauses(c).map(|s| s.block).collect();
    let mut last = None;
    for i in blocks {
        if last == Some(i) {
            continue;
        }
        last = Some(i);
        for (r, _) in units(cx, i) {
            if touches(cx, i, r.clone(), c) && pred(i, r) {
                return true;
            }
        }
    }
    false
}

/// Do the hits of `range` in block `i` touch concept `c`?
pub(crate) fn touches(cx: &Context<'_>, i: usize, r: Range<usize>, c: Concept) -> bool {
    match c.list() {
        Some(l) => cx.analysis.hits_of(i, r, l).next().is_some(),
        None => false,
    }
}

/// Does the page hold a form (controls or field labels)?
pub(crate) fn is_form(cx: &Context<'_>) -> bool {
    !cx.doc.controls.is_empty()
        || (0..cx.doc.blocks.len())
            .any(|i| cx.doc.blocks[i].kind == BlockKind::Label && units(cx, i).iter().any(|u| u.1))
}

/// The blocks whose text may state a basis for a finding in block `i`: its
/// section when that is short, else the blocks near it in its section.
pub(crate) fn scope(doc: &Document, i: usize) -> Range<usize> {
    const NEAR: usize = 4;
    const SMALL_SECTION: usize = 12;
    let b = &doc.blocks[i];
    let near = i.saturating_sub(NEAR)..(i + NEAR + 1).min(doc.blocks.len());
    let Some(s) = b.section else {
        return near;
    };
    let first = doc.blocks.iter().position(|x| x.section == Some(s));
    let last = doc.blocks.iter().rposition(|x| x.section == Some(s));
    let (Some(f), Some(l)) = (first, last) else {
        return near;
    };
    let f = f.min(doc.sections[s].heading_block);
    if l + 1 - f <= SMALL_SECTION {
        f..l + 1
    } else {
        near.start.max(f)..near.end.min(l + 1)
    }
}

/// Trim white space and trailing list punctuation off a sentence range.
pub(crate) fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim_end_matches(|c: char| c.is_whitespace() || c == '|' || c == ':' || c == ';');
    let start = r.start + lead;
    let end = (r.start + t.len()).max(start);
    start..end
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

pub(crate) fn overlaps(a: &Hit, b: &Hit) -> bool {
    a.start < b.end && b.start < a.end
}

/// The secondary label: the heading of the block's section.
pub(crate) fn section_label(cx: &Context<'_>, b: &Block) -> Option<(Range<usize>, String)> {
    let s = &cx.doc.sections[b.section?];
    let h = &cx.doc.blocks[s.heading_block];
    if h.text.trim().is_empty() || s.span.end > cx.source.len() {
        return None;
    }
    Some((s.span.clone(), format!("in section '{}'", short(&h.text))))
}

// ---------------------------------------------------------------------------

impl SpecialCategoryWithoutConsent {
    /// The special-category hits of a range that name data (not a second
    /// sense, not a title, not negated).
    fn data_hits(&self, cx: &Context<'_>, l: &Lists, i: usize, r: Range<usize>) -> Vec<Hit> {
        let an = cx.analysis;
        let text = &cx.doc.blocks[i].text;
        let neutral: Vec<Hit> = an.hits_of(i, r.clone(), l.neutral).collect();
        let mut out: Vec<Hit> = Vec::new();
        for h in an.hits_of(i, r, l.special) {
            if neutral.iter().any(|n| overlaps(n, &h))
                || names_a_document(text, h.end)
                || negated(text, h.start, h.end)
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
        let special: Vec<Hit> = cx
            .analysis
            .hits_of(i, r.clone(), l.special)
            .collect();
        active_collect(cx, i, r, l.collect, &[l.mention], &special)
    }

    /// Does the range hold a negated collection verb ("we do not collect")?
    fn refuses(&self, cx: &Context<'_>, l: &Lists, i: usize, r: Range<usize>) -> bool {
        refused(cx, i, r, l.collect)
    }

    fn has_basis(&self, cx: &Context<'_>, l: &Lists, i: usize) -> bool {
        // a performative consent counts only where it names the data (see doc_basis):
        // "I consent to the newsletter" next to an allergies field is no ground
        cx.analysis.block_hits(i).any(|h| h.list == l.basis || h.list == l.explicit)
    }

    /// A sentence anywhere that names sensitive data and explicit consent (or
    /// cites Art. 9(2)): the document deals with the question. Grounds that
    /// double as Art. 6 grounds ("vital interests", "legal claims") count only
    /// near the data.
    fn doc_basis(&self, cx: &Context<'_>, l: &Lists) -> bool {
        any_unit(cx, Concept::SpecialCategory, |i, r| {
            cx.analysis
                .hits_in(i, r)
                .any(|h| h.list == l.explicit || h.list == l.performative)
        })
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
        let l = lists();
        if self.doc_basis(cx, l) {
            return;
        }
        let doc = cx.doc;
        // a short page with a form is one scope
        let short_page = doc.main_words < 1500 && is_form(cx);
        let page_basis = short_page && (0..doc.blocks.len()).any(|j| self.has_basis(cx, l, j));
        for (i, b) in doc.blocks.iter().enumerate() {
            // a finding needs a unit that touches the special categories (a bit test)
            if an.block_lang[i].is_none()
                || matches!(b.kind, BlockKind::Heading(_))
                || !an.block_has(i, l.special)
            {
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
                    self.refuses(cx, l, i, s.range.clone())
                        || we_deny(&b.text, s.range.clone(), s.range.end)
                })
            };
            for (r, field) in units(cx, i) {
                if !touches(cx, i, r.clone(), Concept::SpecialCategory) {
                    continue;
                }
                if !field && !b.main {
                    // navigation, footers, cookie banners
                    continue;
                }
                let data = self.data_hits(cx, l, i, r.clone());
                let Some(first) = data.first().copied() else {
                    continue;
                };
                let in_sentence = |list: ListId| an.hits_of(i, r.clone(), list).next().is_some();
                if in_sentence(l.mention)
                    || self.refuses(cx, l, i, r.clone())
                    || we_deny(&b.text, r.clone(), first.start)
                {
                    continue;
                }
                if !field
                    && (in_negated_clause(&b.text, r.clone(), first.start)
                        || in_question(&b.text, first.end)
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
                let generic = an
                    .hits_of(i, r.clone(), l.generic)
                    .collect::<Vec<_>>();
                let generic_only = data.iter().all(|h| generic.iter().any(|g| overlaps(g, h)));
                if generic_only && in_sentence(l.other_sensitive) {
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
                if !asked || titled || !asks && (generic_only || in_sentence(l.retention)) {
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
                    || scope(doc, i).any(|j| self.has_basis(cx, l, j))
                    || lead_in(doc, i).is_some_and(|j| self.has_basis(cx, l, j))
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
