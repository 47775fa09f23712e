//! `vague-purpose`: a purpose of processing worded too vaguely to consent to.
//!
//! ## What it finds
//! In sentences about personal data (data, information, cookies, oplysninger,
//! formål in the sentence, its paragraph, the lead-in of its list or its
//! section title):
//! - vague purpose phrases: an improvement verb with a generic object ("to
//!   improve our services", "enhance your experience", "forbedre vores
//!   produkter og ydelser"), a purpose noun introduced by "for" or "and other"
//!   ("for marketing purposes", "for other legitimate business purposes", "and
//!   other operational purposes", "til markedsføringsformål"), and stock
//!   phrases ("research and development", "a more personalised service");
//! - catch-alls in a purpose statement ("including but not limited to",
//!   "herunder men ikke begrænset til", "bl.a.", "og andre relevante formål");
//! - hedges on the company's own processing that name no purpose ("we may
//!   collect and use your data", "vi kan eventuelt anvende dine oplysninger").
//!
//! The span is the vague phrase itself.
//!
//! ## Why is this bad?
//! Personal data may only be collected for specified, explicit purposes (GDPR
//! Art. 5(1)(b)), which the notice must state (Art. 13(1)(c)). WP260 rev.01
//! paras. 12-13 gives "to improve our services", "for research purposes" and
//! "to offer personalised services" as purposes that are not clear enough;
//! consent to a purpose the reader cannot picture is not specific or informed
//! (EDPB Guidelines 05/2020 para. 55, footnote 30).
//!
//! ## Example
//! ```markdown
//! We may use your personal data to improve our services and for marketing purposes.
//! ```
//! Use instead:
//! ```markdown
//! We use your e-mail address to send you the monthly newsletter about new courses.
//! ```
//!
//! Silent on hedges on the reader's rights ("you may withdraw your consent at
//! any time", "du kan til enhver tid"), negations ("we do not use your data
//! for marketing purposes", "ikke til andre formål"), run-in headings followed
//! by the concrete purpose ("Business Operations: we use ..."), headings, and
//! text that is not about personal data (licences, warranty disclaimers, "you
//! may not use the service for commercial purposes").
//!
//! Also silent, from a precision pass on unseen policies: negations anywhere in
//! the same clause ("you will not use carrier data (e.g. ...) for any
//! purpose"); purposes bounded or named elsewhere ("for any purpose other
//! than", "for other purposes described above", "with your consent", "as
//! outlined in this Policy"); list lead-ins that the list completes ("for
//! various business purposes, including to:"); anonymised or aggregated data;
//! content licences and IP clauses; prohibitions on the reader (a lead-in or
//! section title such as "You agree not to:", "Prohibited Practices"); the
//! reader's own controls ("you can prevent ... by opting out") and what the reader
//! may do ("You can further customize your Firefox experience": the reader as the
//! subject, `negation::reader_subject`); running text
//! that speaks of neither data nor processing; capitalised one-line paragraphs
//! used as headings. A vague run-in heading followed by an equally vague
//! explanation is one finding, on the heading. Why the reader acts, in a
//! condition about the reader ("When you contact us for business purposes,
//! ..."; the shared clause analysis, `negation::reader_condition`), and who
//! helps the company ("sub-processors who support our business operations").

use std::ops::Range;
use std::sync::OnceLock;

use crate::analysis::pattern::Compiled;
use crate::analysis::tokens::tokenize;
use crate::analysis::{Hit, Lang, ListId};
use crate::document::{BlockKind, Document};

use super::{block_has_any, diagnostic, range_has_any, Context, Lint};

pub struct VaguePurpose;

const ID: &str = "vague-purpose";

/// Words an improvement verb may reach over to find its object.
const IMPROVE_WINDOW: usize = 5;
/// Bytes before a phrase in which a right cancels it.
const RIGHT_WINDOW: usize = 50;
/// Bytes over which a right reaches within its own clause.
const CLAUSE_RIGHT_WINDOW: usize = 220;
/// Bytes after a purpose noun in which a reference ("described above", "other
/// than", "with your consent") bounds it.
const REFERENCE_WINDOW: usize = 60;

/// Does a sentence open as a purpose ("For our general business operations,
/// ...", "To provide ...", "Til at ...")?
fn purpose_lead(sentence: &str) -> bool {
    let t = sentence
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    ["for ", "to ", "til ", "for at ", "med henblik på "]
        .iter()
        .any(|p| t.starts_with(p))
}

/// Is a block's text a heading set as a paragraph: at most eight words with no
/// sentence end, either all in capitals or every word capitalised?
fn heading_like(text: &str) -> bool {
    let t = text.trim();
    let ws: Vec<&str> = t.split_whitespace().collect();
    if ws.is_empty() || ws.len() > 8 || t.ends_with(['.', ':', ';', '!', '?']) {
        return false;
    }
    let letters = || t.chars().filter(|c| c.is_alphabetic());
    if letters().count() > 3 && letters().all(char::is_uppercase) {
        return true;
    }
    ws.iter().all(|w| {
        w.chars()
            .find(|c| c.is_alphabetic())
            .is_none_or(char::is_uppercase)
    }) && ws.len() >= 2
}

/// Is heading `i` one item of an enumeration of purposes: a minor heading (level 3 or
/// deeper) after a lead-in that states the purposes ("Vi bruger dine oplysninger til
/// følgende formål:" over "#### 1. Levere vores service", "#### 2. Forbedre
/// brugeroplevelsen"), with only its sibling headings and their content between?
fn purpose_heading(doc: &Document, i: usize) -> bool {
    let BlockKind::Heading(level) = doc.blocks[i].kind else {
        return false;
    };
    if level < 3 {
        return false;
    }
    // and no sentence under it says more: only short items follow (a heading over a
    // paragraph that explains it is a title, judged by its paragraph)
    let body: Vec<&crate::document::Block> = doc.blocks[i + 1..]
        .iter()
        .take_while(|b| !matches!(b.kind, BlockKind::Heading(_)))
        .take(20)
        .collect();
    if body.is_empty()
        || !body
            .iter()
            .all(|b| b.kind == BlockKind::ListItem && b.text.split_whitespace().count() <= 8)
    {
        return false;
    }
    let mut j = i;
    while j > 0 && i - j < 40 {
        j -= 1;
        let p = &doc.blocks[j];
        match p.kind {
            BlockKind::Heading(lv) if lv < level => return false,
            BlockKind::Heading(_) => {}
            BlockKind::Paragraph if p.text.trim_end().ends_with(':') => {
                return lead_in_of_purposes(&p.text);
            }
            _ => {}
        }
    }
    false
}

/// Does a sentence lead in a list that states the purposes ("..., including
/// to:", "in the following ways:", "til følgende formål:")?
fn lead_in_of_purposes(sentence: &str) -> bool {
    let t = sentence.trim_end().to_lowercase();
    let Some(t) = t.strip_suffix(':') else {
        return false;
    };
    let t = t.trim_end();
    [
        " to",
        "following",
        "as follows",
        " ways",
        "purposes",
        "til at",
        "følgende",
        "formål",
    ]
    .iter()
    .any(|e| t.ends_with(e))
}

/// Does `gap` (text between a negation and a phrase) start a new clause? Text
/// inside parentheses does not count.
fn new_clause(gap: &str) -> bool {
    let mut depth = 0i32;
    let mut flat = String::with_capacity(gap.len());
    for c in gap.chars() {
        match c {
            '(' => depth += 1,
            // the negation sat inside parentheses that close here: "(which is not overridden)"
            ')' if depth == 0 => return true,
            ')' => depth -= 1,
            _ if depth == 0 => flat.push(c),
            _ => {}
        }
    }
    let f = format!(" {} ", flat.to_lowercase());
    if f.contains([';', ':', '.', '!', '?']) {
        return true;
    }
    [
        ", we ",
        ", and we ",
        ", but ",
        " but ",
        " however",
        ", vi ",
        " men ",
        " dog ",
        ", og vi ",
        " instead",
        " i stedet",
        " while ",
        " whereas ",
        ", which ",
        ", hvilket ",
        " if ",
        " hvis ",
        " unless ",
        " medmindre ",
        " and shall ",
        " and will ",
        " and may ",
        " and can ",
        " and we ",
        " and is ",
        " and are ",
        " and has ",
        " and have ",
        " og kan ",
        " og vil ",
        " og må ",
    ]
    .iter()
    .any(|m| f.contains(m))
}

struct Lists {
    improve: ListId,
    improve_object: ListId,
    improve_stop: ListId,
    purpose_noun: ListId,
    purpose_qualifier: ListId,
    purpose_anchor: ListId,
    vague: ListId,
    catch_all: ListId,
    catch_all_short: ListId,
    hedge: ListId,
    data: ListId,
    /// The shared personal-data concept (`lints/concepts/personal-data.toml`).
    personal: ListId,
    purpose_word: ListId,
    purpose_connector: ListId,
    governed: ListId,
    right: ListId,
    not_purpose: ListId,
    condition: ListId,
    processing: ListId,
    prohibition: ListId,
    purpose_reference: ListId,
    requested: ListId,
    improve_specific: ListId,
    rights_statement: ListId,
    back_reference: ListId,
    communicate: ListId,
    licence: ListId,
    anonymous: ListId,
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
            improve: id("improve"),
            improve_object: id("improve_object"),
            improve_stop: id("improve_stop"),
            purpose_noun: id("purpose_noun"),
            purpose_qualifier: id("purpose_qualifier"),
            purpose_anchor: id("purpose_anchor"),
            vague: id("vague"),
            catch_all: id("catch_all"),
            catch_all_short: id("catch_all_short"),
            hedge: id("hedge"),
            data: id("data"),
            personal: crate::analysis::list_id("personal-data.terms"),
            purpose_word: id("purpose_word"),
            purpose_connector: id("purpose_connector"),
            governed: id("governed"),
            right: id("right"),
            not_purpose: id("not_purpose"),
            condition: id("condition"),
            processing: id("processing"),
            prohibition: crate::analysis::list_id("terms.prohibition"),
            purpose_reference: id("purpose_reference"),
            requested: id("requested"),
            improve_specific: id("improve_specific"),
            rights_statement: id("rights_statement"),
            back_reference: id("back_reference"),
            communicate: id("communicate"),
            licence: id("licence"),
            anonymous: id("anonymous"),
        }
    })
}

/// A word of a text: its byte range.
fn words(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[range.clone()].char_indices() {
        let i = i + range.start;
        let w = c.is_alphanumeric() || c == '\'' || c == '’';
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..range.end);
    }
    out
}

/// Is there sentence punctuation (`.;:!?` or a line break) in `text`?
fn has_break(text: &str) -> bool {
    text.contains(['.', ';', ':', '!', '?', '\n', '(', ')'])
}

/// Text of a phrase for a message, whitespace collapsed and cut to length.
fn quote(text: &str) -> String {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() <= 80 {
        return t;
    }
    let cut: String = t.chars().take(80).collect();
    format!("{}…", cut.trim_end())
}

/// Does an improvement verb at `start` stand where a purpose does: after an
/// infinitive marker ("to improve", "til at forbedre"), in a list of purposes
/// ("provide, secure and improve"), after "helps", or first in its sentence
/// (a list item "Improve the quality of the Site")? "We are constantly
/// improving our services" and "we will improve the Services" are not purposes.
fn purpose_position(text: &str, floor: usize, start: usize) -> bool {
    let before = text[floor..start].trim_end();
    if before.is_empty() || before.ends_with([',', ':', '(']) {
        return true;
    }
    // an item's number ("2. Forbedre brugeroplevelsen", "b) Improve our services")
    if let Some(n) = before.strip_suffix(['.', ')']) {
        if !n.is_empty()
            && n.len() <= 3
            && (n.chars().all(|c| c.is_ascii_digit()) || n.chars().all(|c| c.is_ascii_lowercase()))
        {
            return true;
        }
    }
    let last = before
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        last.as_str(),
        "to" | "and"
            | "or"
            | "help"
            | "helps"
            | "us"
            | "at"
            | "og"
            | "eller"
            | "hjælpe"
            | "hjælper"
            | "os"
            | "in"
    )
}

/// Start a purpose phrase at its infinitive marker: "to improve", "til at forbedre".
fn with_infinitive_marker(text: &str, floor: usize, start: usize) -> usize {
    let before = &text[floor..start];
    let trimmed = before.trim_end();
    let lower = trimmed.to_lowercase();
    for marker in ["til at", "for at", "to"] {
        if lower.ends_with(marker) {
            let at = floor + trimmed.len() - marker.len();
            let ok = at == floor
                || text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| !c.is_alphanumeric());
            if ok && text.is_char_boundary(at) {
                return at;
            }
        }
    }
    start
}

/// Is `s` inside a short emphasised run at the start of its sentence, a run-in
/// heading such as "**Scientific Research**. For activities ..."?
fn run_in_heading(b: &crate::document::Block, sentence: &Range<usize>, s: &Range<usize>) -> bool {
    b.emphasis.iter().any(|e| {
        e.start <= s.start
            && s.end <= e.end
            && b.text[sentence.start.min(e.start)..e.start]
                .trim()
                .is_empty()
            && b.text[e.clone()].split_whitespace().count() <= 6
    })
}

impl VaguePurpose {
    /// Is block `i` about personal data: its text, the lead-in of its list or
    /// table, or its section title?
    fn data_context(&self, cx: &Context<'_>, l: &Lists, i: usize) -> bool {
        let an = cx.analysis;
        let doc: &Document = cx.doc;
        let has_data = |j: usize| an.block_has(j, l.data) || an.block_has(j, l.personal);
        if has_data(i) {
            return true;
        }
        // a list item or table cell: the blocks before it, back to the lead-in paragraph
        let b = &doc.blocks[i];
        if matches!(
            b.kind,
            BlockKind::ListItem | BlockKind::TableCell | BlockKind::Paragraph
        ) {
            let mut j = i;
            let mut steps = 0;
            while j > 0 && steps < 12 {
                j -= 1;
                steps += 1;
                let p = &doc.blocks[j];
                if p.section != b.section {
                    break;
                }
                if has_data(j) {
                    return true;
                }
                if matches!(p.kind, BlockKind::Heading(_)) {
                    break;
                }
            }
        }
        // the section title and its parents
        let mut sec = b.section();
        while let Some(s) = sec {
            let hb = doc.sections[s].heading_block;
            if hb < an.block_count() && has_data(hb) {
                return true;
            }
            sec = doc.sections[s].parent;
        }
        false
    }

    /// Is block `i` an item of a list of prohibitions on the reader: its list
    /// lead-in ("You agree not to:") or its section title ("Prohibited uses",
    /// "Acceptable use") says so?
    fn prohibition_context(&self, cx: &Context<'_>, l: &Lists, i: usize) -> bool {
        let an = cx.analysis;
        let doc: &Document = cx.doc;
        let has = |j: usize| an.block_has(j, l.prohibition);
        let b = &doc.blocks[i];
        // a licence of content ("6.3 License to us. In order to operate and improve
        // the Service, we must obtain rights to your Content"): the run-in heading of
        // the block or a section title
        let licence = |j: usize| an.block_has(j, l.licence);
        if an.block_has(i, l.licence)
            && b.emphasis
                .iter()
                .any(|e| an.hits_of(i, e.clone(), l.licence).next().is_some())
        {
            return true;
        }
        let mut sec = b.section();
        while let Some(s) = sec {
            let hb = doc.sections[s].heading_block;
            if hb < an.block_count() && licence(hb) {
                return true;
            }
            sec = doc.sections[s].parent;
        }
        if matches!(b.kind, BlockKind::ListItem | BlockKind::TableCell) {
            let mut j = i;
            let mut steps = 0;
            while j > 0 && steps < 30 {
                j -= 1;
                steps += 1;
                let p = &doc.blocks[j];
                if p.section != b.section || matches!(p.kind, BlockKind::Heading(_)) {
                    break;
                }
                // the lead-in: a paragraph, or the text of a parent list item that ends
                // in a colon ("**Prohibited Practices.** You will not ...:")
                let lead_in = p.text.trim_end().ends_with(':');
                if matches!(p.kind, BlockKind::Paragraph) || lead_in {
                    if has(j) {
                        return true;
                    }
                    break;
                }
            }
        }
        let mut sec = b.section();
        while let Some(s) = sec {
            let hb = doc.sections[s].heading_block;
            if hb < an.block_count() && has(hb) {
                return true;
            }
            sec = doc.sections[s].parent;
        }
        false
    }

    /// Is the phrase at `start` what a right of the reader governs: right after one, or
    /// later in the same clause ("you may object to the use of your data to improve our
    /// services")? A new clause ("; we", ", but", ", and we") ends its reach.
    fn after_right(&self, text: &str, hits: &[Hit], start: usize, l: &Lists) -> bool {
        hits.iter().any(|h| {
            if h.list != l.right || h.end > start {
                return false;
            }
            if h.end + RIGHT_WINDOW >= start {
                return true;
            }
            if start - h.end > CLAUSE_RIGHT_WINDOW {
                return false;
            }
            !new_clause(&text[h.end..start])
        })
    }
}

impl Lint for VaguePurpose {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
        let l = lists(cx);
        let an = cx.analysis;
        // every finding starts from one of these phrases in its sentence
        let starts = [
            l.improve,
            l.purpose_noun,
            l.vague,
            l.catch_all,
            l.catch_all_short,
            l.hedge,
        ];
        // the hits of a sentence, reused from sentence to sentence
        let mut hits: Vec<Hit> = Vec::new();
        for (i, b) in cx.doc.blocks.iter().enumerate() {
            // (a purpose heading counts where one of its items is vague too: items that
            // name concrete uses explain it)
            if matches!(b.kind, BlockKind::Label)
                || matches!(b.kind, BlockKind::Heading(_))
                    && !(purpose_heading(cx.doc, i)
                        && (i + 1..cx.doc.blocks.len())
                            .take_while(|&k| {
                                !matches!(cx.doc.blocks[k].kind, BlockKind::Heading(_))
                            })
                            .any(|k| block_has_any(an, k, &[l.improve, l.vague])))
            {
                continue;
            }
            // the token patterns run on the sentences of blocks about personal data
            let patterns = an.block_lang[i]
                .filter(|_| self.data_context(cx, l, i))
                .map(Compiled::get);
            if patterns.is_none() && !block_has_any(an, i, &starts) {
                continue;
            }
            // a paragraph that acts as a heading: short and in capitals ("TO
            // COMMUNICATE WITH YOU, INCLUDING FOR MARKETING PURPOSES", "For Advertising
            // Purposes" alone on its line)
            if matches!(b.kind, BlockKind::Paragraph) && heading_like(&b.text) {
                continue;
            }
            let sentences = an.sentences_of(i);
            if sentences.is_empty() {
                continue;
            }
            let mut context: Option<bool> = None;
            // a vague run-in heading of this block, waiting for its explanation
            let mut heading: Option<Range<usize>> = None;
            // a right of the reader spelled out by the sentences after it: the next one
            // refers back to it ("you have the right to erasure ... Those circumstances
            // include: ...") and the list it opens goes on in lower case ("; the processing
            // is for direct marketing purposes"); a sentence that speaks
            // of the company's processing again ends it
            let mut right_before = false;
            let mut spelling_out = false;
            let mut prev: Option<Range<usize>> = None;
            for sent in sentences {
                let r = sent.range();
                let prev_r = prev.replace(r.clone());
                if an
                    .hits_of(i, r.clone(), l.rights_statement)
                    .next()
                    .is_some()
                {
                    right_before = true;
                    continue;
                }
                let lead = b.text[r.clone()].trim_start();
                let refers_back = an
                    .hits_of(i, r.clone(), l.back_reference)
                    .any(|h| b.text[r.start..h.start].trim().is_empty());
                let goes_on = lead.starts_with(|c: char| c.is_lowercase());
                spelling_out = (right_before && refers_back) || (spelling_out && goes_on);
                right_before = false;
                if spelling_out && an.hits_of(i, r.clone(), l.processing).next().is_none() {
                    continue;
                }
                let matches = match patterns {
                    Some(c) => {
                        let toks =
                            tokenize(&b.text, r.clone(), an.block_lang[i].unwrap_or(Lang::En));
                        c.find(c.of(ID), &toks)
                    }
                    None => Vec::new(),
                };
                if matches.is_empty() && !range_has_any(an, i, r.clone(), &starts) {
                    continue;
                }
                hits.clear();
                hits.extend(an.hits_in(i, r.clone()));
                let hits = &hits;
                let text = &b.text;
                let is = |h: &Hit, list: ListId| h.list == list;
                let has = |list: ListId| hits.iter().any(|h| h.list == list);
                if has(l.not_purpose) {
                    continue;
                }
                // anonymised or aggregated data is not personal data, unless it is one item
                // of the personal data used ("personal data, including anonymized data")
                if hits.iter().any(|h| {
                    is(h, l.anonymous) && {
                        let before = text[r.start..h.start].to_lowercase();
                        let tail: String = before
                            .split_whitespace()
                            .rev()
                            .take(3)
                            .collect::<Vec<_>>()
                            .join(" ");
                        !(tail.contains("including") || tail.contains("herunder"))
                    }
                }) {
                    continue;
                }
                let mut found: Vec<(Range<usize>, &'static str)> = Vec::new();

                // 0. the token patterns of the pack (lints/vague-purpose.toml)
                for m in &matches {
                    let kind = match m.pattern.kind {
                        "catch-all" => "catch-all",
                        // all data for a list of purposes: only where the sentence leads in
                        // the list ("may be used for the following purposes:"); with its
                        // purpose after it ("may be used for security reasons") it names one
                        "hedge" if b.text[r.clone()].trim_end().ends_with(':') => "hedge",
                        "hedge" => continue,
                        // "for various business purposes, including to:" leads in the list
                        // that names them
                        "purpose-noun" if lead_in_of_purposes(&b.text[r.clone()]) => continue,
                        _ => "purpose",
                    };
                    found.push((m.range.clone(), kind));
                }

                // 1. improvement verb + generic object
                for h in hits.iter().filter(|h| is(h, l.improve)) {
                    if !purpose_position(text, r.start, h.start) {
                        continue;
                    }
                    let ws = words(text, h.end..r.end);
                    let mut end = None;
                    for (k, w) in ws.iter().enumerate().take(IMPROVE_WINDOW + 1) {
                        if has_break(&text[h.end..w.start]) || text[h.end..w.start].contains(',') {
                            break;
                        }
                        if hits.iter().any(|o| {
                            is(o, l.improve_stop) && o.start == w.start && o.start >= h.end
                        }) {
                            break;
                        }
                        if let Some(o) = hits
                            .iter()
                            .filter(|o| is(o, l.improve_object) && o.start == w.start)
                            .max_by_key(|o| o.end)
                        {
                            // "improving service performance": the object names a concrete aspect
                            let next = words(text, o.end..r.end);
                            let specific = next.first().is_some_and(|n| {
                                !has_break(&text[o.end..n.start])
                                    && hits
                                        .iter()
                                        .any(|x| is(x, l.improve_specific) && x.start == n.start)
                            });
                            if !specific {
                                end = Some(o.end);
                            }
                            break;
                        }
                        // "help improve Firefox": a product name right after "help improve"
                        // ("help improve Google's audio recognition" names its object later)
                        let possessive = {
                            let t = &text[w.clone()];
                            t.ends_with("'s") || t.ends_with("’s")
                        };
                        if k == 0
                            && !possessive
                            && text[h.start..h.end].to_lowercase().starts_with("help")
                            && text[w.clone()]
                                .chars()
                                .next()
                                .is_some_and(char::is_uppercase)
                        {
                            end = Some(w.end);
                            break;
                        }
                    }
                    if let Some(e) = end {
                        found.push((with_infinitive_marker(text, r.start, h.start)..e, "purpose"));
                    }
                }

                // 2. purpose noun introduced by "for ..." or "and other ..."
                for h in hits.iter().filter(|h| is(h, l.purpose_noun)) {
                    let before = words(text, r.start..h.start);
                    let mut start = None;
                    for w in before.iter().rev().take(6) {
                        if has_break(&text[w.end..h.start])
                            && !text[w.end..h.start].trim_start().starts_with(',')
                        {
                            // only commas may stand between the anchor and the noun
                            if text[w.end..h.start].contains(['.', ';', ':', '(', ')']) {
                                break;
                            }
                        }
                        let at = |list: ListId| {
                            hits.iter()
                                .any(|o| is(o, list) && o.start == w.start && o.end <= h.start)
                        };
                        if at(l.purpose_anchor) {
                            start = Some(w.start);
                            break;
                        }
                        let lw = text[w.clone()].to_lowercase();
                        if (lw == "and" || lw == "or" || lw == "og" || lw == "eller") && {
                            let next = text[w.end..h.end].trim_start().to_lowercase();
                            next.starts_with("other") || next.starts_with("andre")
                        } {
                            start = Some(w.start);
                            break;
                        }
                        // "and fulfill other legitimate purposes"
                        if lw == "other" {
                            let k = before.iter().position(|x| x == w).unwrap_or(0);
                            let back = &before[k.saturating_sub(2)..k];
                            if let Some(a) = back.iter().find(|x| {
                                let t = text[(*x).clone()].to_lowercase();
                                t == "and" || t == "or"
                            }) {
                                if !has_break(&text[a.end..w.start]) {
                                    start = Some(a.start);
                                    break;
                                }
                            }
                        }
                        let possessive = lw.ends_with("'s") || lw.ends_with("’s");
                        if !(at(l.purpose_qualifier) || possessive) {
                            break;
                        }
                    }
                    // "for any purpose" is about data only with data words in the sentence
                    let any = text[h.start..h.end].to_lowercase().starts_with("any");
                    if any && !has(l.data) {
                        continue;
                    }
                    // "for any purpose other than ...", "for other purposes described above",
                    // "for other purposes with your consent": bounded or named elsewhere
                    let reach = text[h.end..r.end]
                        .find(['.', ';', ':', '('])
                        .map_or(r.end, |k| h.end + k)
                        .min(h.end + REFERENCE_WINDOW);
                    // ("for other purposes outside the scope of this statement" stays)
                    let outside = |o: &Hit| {
                        let gap = text[h.end..o.start].to_lowercase();
                        gap.contains("outside")
                            || gap.contains("beyond")
                            || gap.contains("uden for")
                    };
                    if hits.iter().any(|o| {
                        is(o, l.purpose_reference)
                            && o.start >= h.end
                            && o.start < reach
                            && !outside(o)
                    }) {
                        continue;
                    }
                    // "We may use information for various business purposes, including to:"
                    // leads in the list that names them
                    // ("..., such as:" only gives examples and stays)
                    if lead_in_of_purposes(&text[r.clone()]) {
                        continue;
                    }
                    // "and other purposes" needs no anchor; "other purposes" alone does
                    if let Some(s) = start {
                        found.push((s..h.end, "purpose"));
                    }
                }

                // 3. vague on their own
                for h in hits.iter().filter(|h| is(h, l.vague)) {
                    let t = text[h.start..h.end].to_lowercase();
                    // a bare category label ("* Scientific Research") is a heading of a list
                    if b.text.trim().trim_end_matches(['.', ':']).len() == h.end - h.start
                        && t.split_whitespace().count() <= 3
                    {
                        continue;
                    }
                    if t == "without limitation" {
                        // only "use/disclose the information ... without limitation", not
                        // "including, without limitation, ..." before a list of examples
                        let s = text[r.clone()].to_lowercase();
                        if !(has(l.data) && (s.contains("disclose") || s.contains("distribute"))) {
                            continue;
                        }
                        let before = text[r.start..h.start]
                            .trim_end_matches(|c: char| !c.is_alphanumeric())
                            .to_lowercase();
                        if before.ends_with("including")
                            || before.ends_with("include")
                            || before.ends_with("includes")
                        {
                            continue;
                        }
                    }
                    // what the reader asked for names the purpose ("yderligere tjenester, som
                    // du har bedt om", "further services that you have requested")
                    let reach = text[h.end..r.end]
                        .find(['.', ';', ':', '('])
                        .map_or(r.end, |k| h.end + k)
                        .min(h.end + REFERENCE_WINDOW);
                    if hits.iter().any(|o| {
                        is(o, l.requested)
                            && o.start >= h.end
                            && o.start < reach
                            && text[h.end..o.start].split_whitespace().count() <= 3
                    }) {
                        continue;
                    }
                    // "other relevant information" is a purpose only as what is sent to
                    // the reader ("inform you about offers and other pertinent
                    // information"), not in a list of data collected or shared
                    if t.ends_with("information")
                        && !hits
                            .iter()
                            .any(|o| is(o, l.communicate) && o.end <= h.start)
                    {
                        continue;
                    }
                    // the object of a rule, not a purpose: "legal obligations applicable to
                    // our business operations", "laws that apply to research", "regler, der
                    // gælder for vores forretning"
                    if hits.iter().any(|g| {
                        is(g, l.governed)
                            && g.end <= h.start
                            && text[g.end..h.start].trim().is_empty()
                    }) {
                        continue;
                    }
                    found.push((h.start..h.end, "purpose"));
                }

                // 4. catch-alls in a sentence that states purposes (and has no other finding),
                // or in one that opens by pointing back to such a sentence ("We process your
                // data to manage your membership. This includes, but is not limited to,
                // registration, payment, marketing")
                let continues_purposes = refers_back
                    // the sentence before opens with the company's processing of data ("We
                    // process your data to ..."), not one that mentions it on the way ("X takes
                    // measures to protect the information we collect")
                    && prev_r.is_some_and(|p| {
                        an.hits_of(i, p.clone(), l.processing).any(|h| {
                            b.text[p.start..h.start].split_whitespace().count() <= 1
                        }) && an.hits_of(i, p, l.data).next().is_some()
                    });
                if continues_purposes && found.is_empty() {
                    if let Some(h) = hits.iter().find(|h| is(h, l.catch_all)) {
                        found.push((h.start..h.end, "catch-all"));
                    }
                }
                if found.is_empty() && has(l.purpose_word) && has(l.processing) {
                    // the catch-all must follow the statement of purpose: "used for ...,
                    // including but not limited to"; a list of data or examples before it is
                    // not an open purpose. Without a data word in the sentence it must open
                    // the purposes itself ("bruges til bl.a. ..."): "technology used for
                    // surveillance, including but not limited to spyware" lists products
                    let purposes: Vec<&Hit> = hits
                        .iter()
                        .filter(|h| is(h, l.purpose_word) || is(h, l.processing))
                        .collect();
                    let first_purpose =
                        purposes.iter().map(|h| h.start).min().unwrap_or(usize::MAX);
                    for h in hits
                        .iter()
                        .filter(|h| is(h, l.catch_all) && h.start > first_purpose)
                    {
                        let direct = purposes.iter().any(|p| {
                            p.end <= h.start && text[p.end..h.start].split_whitespace().count() <= 1
                        });
                        if has(l.data) || direct {
                            found.push((h.start..h.end, "catch-all"));
                        }
                    }
                }
                // "etc." / "osv." only in a list of what the company's processing sends to
                // the reader ("we use the e-mail address to send you ..., etc.")
                if found.is_empty() && has(l.processing) {
                    let first_stated = hits
                        .iter()
                        .filter(|h| is(h, l.communicate))
                        .map(|h| h.end)
                        .min()
                        .unwrap_or(usize::MAX);
                    if let Some(h) = hits
                        .iter()
                        .filter(|h| is(h, l.catch_all_short) && h.start > first_stated)
                        .min_by_key(|h| (h.start, std::cmp::Reverse(h.end)))
                    {
                        found.push((h.start..h.end, "catch-all"));
                    }
                }

                // 5. hedges that name no purpose
                for h in hits.iter().filter(|h| is(h, l.hedge)) {
                    // "if you connect an app, we may collect and use ...": a circumstance
                    if hits.iter().any(|o| is(o, l.condition) && o.end <= h.start) {
                        continue;
                    }
                    // "We may use your information in the following ways:" leads in a list
                    let purpose_after = hits
                        .iter()
                        .any(|o| is(o, l.purpose_connector) && o.start >= h.end)
                        || text[r.clone()].trim_end().ends_with(':');
                    let data_after = hits.iter().any(|o| is(o, l.data) && o.start >= h.start);
                    if !purpose_after && data_after {
                        // the span runs to the data it hedges: "we may use and process your data"
                        let end = hits
                            .iter()
                            .filter(|o| is(o, l.data) && o.start >= h.end)
                            .map(|o| o.end)
                            .next()
                            .filter(|e| e - h.end <= 60)
                            .unwrap_or(h.end);
                        found.push((h.start..end, "hedge"));
                    }
                }

                if found.is_empty() {
                    continue;
                }
                if context.is_none() {
                    context = Some(self.data_context(cx, l, i));
                }
                if context != Some(true) {
                    continue;
                }
                // a sentence of running text must itself speak of data or of processing it
                // ("we're constantly developing new technologies to improve our Services"
                // is about the product, even in a privacy notice); list items and table
                // cells take it from their lead-in
                let running_text = matches!(b.kind, BlockKind::Paragraph | BlockKind::Quote);
                if running_text
                    && !(has(l.data)
                        || has(l.personal)
                        || an.block_has(i, l.personal)
                        || has(l.processing)
                        || an.block_has(i, l.data)
                        || an.block_has(i, l.processing)
                        || purpose_lead(&text[r.clone()]))
                {
                    continue;
                }
                if self.prohibition_context(cx, l, i) {
                    continue;
                }
                // longest first, then drop overlaps
                found.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
                let mut kept: Vec<(Range<usize>, &'static str)> = Vec::new();
                let mut folded: Vec<Range<usize>> = Vec::new();
                for (s, kind) in found {
                    // overlapping what was kept, or an explanation already folded into its
                    // run-in heading
                    if kept
                        .iter()
                        .map(|(k, _)| k)
                        .chain(folded.iter())
                        .chain(heading.iter())
                        .any(|k| k.start < s.end && s.start < k.end)
                    {
                        continue;
                    }
                    // denied ("we do not sell, rent or share your data for marketing
                    // purposes"), or under a right of the reader
                    // or why the reader acts, in a condition about the reader ("When
                    // you contact us for business purposes, ...")
                    if an.negated_in(i, text, r.clone(), s.clone())
                        || an.main_clause_denies(i, text, r.clone(), s.start)
                        || an.in_reader_condition(i, text, r.clone(), s.clone())
                        || an.in_indirect_question(i, text, r.clone(), s.clone())
                        || an.reader_is_subject(i, text, r.clone(), s.clone(), true)
                        || self.after_right(text, hits, s.start, l)
                    {
                        continue;
                    }
                    // a run-in heading ("Business Operations:", "**Scientific Research**.")
                    let rest = text[s.end..r.end].trim_start();
                    if rest.starts_with(':') {
                        if heading.is_none() {
                            heading = Some(s);
                        }
                        continue;
                    }
                    // the explanation after a vague run-in heading is vague too
                    // ("Improving site quality: feedback helps us improve the quality of
                    // the experience"): one finding, on the heading
                    if let Some(hd) = heading.take() {
                        kept.push((hd, kind));
                        folded.push(s);
                        continue;
                    }
                    if run_in_heading(b, &r, &s) {
                        continue;
                    }
                    // "for internal reasons, primarily for business purposes": one finding
                    if let Some((last, _)) = kept.last_mut() {
                        let gap = &text[last.end..s.start];
                        // a list of vague phrases ("additional functionality and a more
                        // personalised experience") is one finding
                        if !has_break(gap) && gap.split_whitespace().count() <= 3 {
                            last.end = s.end;
                            continue;
                        }
                    }
                    kept.push((s, kind));
                }
                for (s, kind) in kept {
                    let q = quote(&text[s.clone()]);
                    let message = match kind {
                        "catch-all" => format!(
                            "catch-all '{q}' leaves the purposes open-ended; list every purpose"
                        ),
                        "hedge" => format!(
                            "'{q}' hedges the processing and names no purpose to consent to"
                        ),
                        _ => format!("purpose '{q}' is too vague to consent to"),
                    };
                    let mut d = diagnostic(ID, b.source_span(s), message);
                    if let Some(sec) = b.section() {
                        let section = &cx.doc.sections[sec];
                        if !section.title.trim().is_empty() && section.span.end <= cx.source.len() {
                            let hb = &cx.doc.blocks[section.heading_block];
                            if !hb.text.is_empty() {
                                d = d.with_label(
                                    hb.span.clone(),
                                    format!("in section '{}'", quote(&section.title)),
                                );
                            }
                        }
                    }
                    out.push(d);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_are_in_the_vocabulary() {
        let v = crate::analysis::Vocab::global();
        let text = include_str!("../../lints/vague-purpose.toml");
        let p =
            crate::packs::parse_pack("vague-purpose.toml", text).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            p.phrases.contains_key("en"),
            "{:?}",
            p.phrases.keys().collect::<Vec<_>>()
        );
        assert!(v.id("vague-purpose.improve").is_some());
    }
}
