//! The context of a phrase, shared by every lint: the units a lint reads (sentences, and
//! the field labels of a form), whether a phrase is in force or denied, announced by a
//! lead-in or heading, a mention (a right, a definition, a prohibition, a question, a
//! document's title), and the blocks where a legal ground for it may stand.
//!
//! The lints take these from here; none keeps its own copy. They read the lint context
//! ([`crate::lints::Context`]: the source, the document model and the shared analysis).

use std::ops::Range;

use super::{Concept, Hit, ListId};
use crate::document::{Block, BlockKind, ControlKind, Document};
use crate::lints::Context;

/// Is the phrase at `start..end` of block `i`'s text denied in its sentence ("we do not
/// collect", "no health data", "vi indsamler ikke")? See [`super::negation`].
pub(crate) fn negated(cx: &Context<'_>, i: usize, start: usize, end: usize) -> bool {
    cx.analysis.negated_in(
        i,
        &cx.doc.blocks[i].text,
        sentence_range(cx, i, start),
        start..end,
    )
}

/// Is offset `at` of block `i`'s text inside the scope of a negation earlier in the
/// sentence `r`?
pub(crate) fn in_negated_clause(cx: &Context<'_>, i: usize, r: Range<usize>, at: usize) -> bool {
    let at = at.clamp(r.start, r.end);
    cx.analysis.negated_in(i, &cx.doc.blocks[i].text, r, at..at)
}

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
        .find(|s| s.range().start <= at && at < s.range().end.max(s.range().start + 1))
        .map(|s| s.range())
        .unwrap_or(0..cx.doc.blocks[i].text.len())
}

/// The sentence before the one that starts at `start` in block `i`.
pub(crate) fn previous_sentence(cx: &Context<'_>, i: usize, start: usize) -> Option<Range<usize>> {
    cx.analysis
        .sentences_of(i)
        .iter()
        .rev()
        .find(|s| s.range().end <= start)
        .map(|s| s.range())
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
        if skip.iter().any(|s| overlaps(s, &h))
            || negated(cx, i, h.start, h.end)
            || reader_collects(text, &h)
        {
            return false;
        }
        let sr = sentence_range(cx, i, h.start);
        !in_negated_clause(cx, i, sr.clone(), h.start)
            && !cx
                .analysis
                .hits_in(i, sr)
                .any(|m| mention.contains(&m.list))
    })
}

/// [`active_collect`] less the verbs in a past passive ("for which it was collected", "som
/// de blev indsamlet til"): those look back at an earlier collection, as retention and
/// deletion sentences do, and announce none.
pub(crate) fn active_acquire_now(
    cx: &Context<'_>,
    i: usize,
    r: Range<usize>,
    acquire: ListId,
    mention: &[ListId],
    skip: &[Hit],
) -> bool {
    let text = &cx.doc.blocks[i].text;
    let mut past: Vec<Hit> = skip.to_vec();
    past.extend(cx.analysis.hits_of(i, r.clone(), acquire).filter(|h| {
        // "was collected", and coordinated: "was collected or obtained" (a few words back:
        // a bounded window, so a huge block costs no more per hit)
        let from = crate::text::floor_char_boundary(text, h.start.saturating_sub(64));
        let before = text[from..h.start].to_lowercase();
        for w in before
            .rsplit(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(4)
        {
            if matches!(w, "was" | "were" | "been" | "blev" | "blevet") {
                return true;
            }
            if !(matches!(w, "or" | "and" | "eller" | "og")
                || w.ends_with("ed")
                || w.ends_with("et"))
            {
                return false;
            }
        }
        false
    }));
    active_collect(cx, i, r, acquire, mention, &past)
}

/// Is the reader the subject of the acquiring verb at `h` ("You must disclose the specific
/// health data that you are collecting", "hvis du indsamler helbredsoplysninger")? Then
/// the reader collects, as a developer or an advertiser under the document's rules, and
/// the company announces nothing. A verb phrase that is itself the reader giving data
/// ("you provide", "du giver os") is the company's collection and is not read here.
fn reader_collects(text: &str, h: &Hit) -> bool {
    let verb = text[h.start..h.end].to_lowercase();
    if verb.starts_with("you ") || verb.starts_with("du ") || verb.contains(" us") {
        return false;
    }
    // four words back at most: a bounded window
    let from = crate::text::floor_char_boundary(text, h.start.saturating_sub(64));
    let before = &text[from..h.start];
    let clause = &before[before.rfind(['.', ';', ':', ',', '(']).map_or(0, |k| k + 1)..];
    let words: Vec<String> = clause
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    const AUX: &[&str] = &[
        "are", "is", "may", "must", "will", "should", "can", "also", "do", "does", "have", "has",
        "already", "then", "only", "er", "må", "skal", "vil", "kan", "også", "har", "allerede",
    ];
    for w in words.iter().rev().take(4) {
        if matches!(w.as_str(), "you" | "du") {
            return true;
        }
        if !AUX.contains(&w.as_str()) {
            break;
        }
    }
    reader_receives(&verb, &words)
}

/// Is a receiving verb, as a gerund or an infinitive after a preposition, the reader's own
/// act in a clause the reader is the subject of ("you may experience a delay in receiving
/// or taking your medication", "du kan opleve en forsinkelse i at modtage din medicin")?
/// Then the reader receives goods; the company collects nothing. `words` are the clause's
/// words before the verb.
fn reader_receives(verb: &str, words: &[String]) -> bool {
    const RECEIVE: &[&str] = &["receiving", "getting", "obtaining", "modtage", "få"];
    const PREP: &[&str] = &[
        "in", "of", "before", "after", "while", "when", "i", "ved", "før", "efter", "med",
    ];
    const COMPANY: &[&str] = &["we", "us", "our", "vi", "os", "vores"];
    if !RECEIVE.contains(&verb) {
        return false;
    }
    // the preposition right before the verb (Danish: before its "at")
    let mut k = words.len();
    if k > 0 && verb.ends_with('e') && words[k - 1] == "at" {
        k -= 1;
    }
    if k == 0 || !PREP.contains(&words[k - 1].as_str()) {
        return false;
    }
    // the reader opens the clause (or stands second, after an inverted verb: "kan du")
    words
        .iter()
        .take(2)
        .any(|w| matches!(w.as_str(), "you" | "du"))
        && !words.iter().any(|w| COMPANY.contains(&w.as_str()))
}

/// Is the noun at `at` the company's own, by the first-person plural possessive right
/// before it ("the performance of our advertising", "our own marketing", "vores egen
/// markedsføring")? `start` bounds the look back (the sentence's start).
pub(crate) fn company_owned(text: &str, start: usize, at: usize) -> bool {
    owned(
        text,
        start,
        at,
        &["our", "our own", "vores", "vores egen", "vores egne"],
    )
}

/// Is the noun at `at` the reader's own, by the second-person possessive right before it
/// ("disclose your advertising content", "dine annoncer")? In terms for a business the
/// reader's advertising is its wares, not marketing sent to it.
pub(crate) fn reader_owned(text: &str, start: usize, at: usize) -> bool {
    owned(
        text,
        start,
        at,
        &[
            "your",
            "your own",
            "din",
            "dit",
            "dine",
            "jeres",
            "din egen",
            "dine egne",
        ],
    )
}

/// Does one of `possessives` stand right before `at` (after `start`)?
fn owned(text: &str, start: usize, at: usize, possessives: &[&str]) -> bool {
    let before = text[start.min(at)..at].to_lowercase();
    let before = before.trim_end();
    possessives
        .iter()
        .any(|p| before.ends_with(&format!(" {p}")) || before == *p)
}

/// A collection verb of `list` in `r` that is negated ("we do not collect",
/// "WeChat does not require you to provide").
pub(crate) fn refused(cx: &Context<'_>, i: usize, r: Range<usize>, collect: ListId) -> bool {
    cx.analysis.hits_of(i, r, collect).any(|h| {
        negated(cx, i, h.start, h.end)
            || in_negated_clause(cx, i, sentence_range(cx, i, h.start), h.start)
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
    in_negated_clause(cx, i, p.clone(), p.end)
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
    let mut s = b.section();
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

/// A short paragraph that heads the blocks after it in its section as a heading does,
/// without being one: emphasised or unterminated, before a list or paragraph
/// ("**Consent obtained in other instances**", "**Categories listed in the Customer
/// Records statute (Cal. Civ. Code § 1798.80(e))**", "**Helbredsoplysninger**").
pub(crate) fn heading_paragraph(doc: &Document, i: usize) -> Option<usize> {
    let b = &doc.blocks[i];
    for j in (i.saturating_sub(40)..i).rev() {
        let p = &doc.blocks[j];
        if p.section != b.section || matches!(p.kind, BlockKind::Heading(_)) {
            return None;
        }
        if b.kind == BlockKind::ListItem && p.kind == BlockKind::ListItem {
            continue;
        }
        let t = p.text.trim();
        let short = t.split_whitespace().count() <= 16;
        let heads = p.kind == BlockKind::Paragraph
            && short
            && (p.is_emphasised(&(0..p.text.len())) || !t.ends_with(['.', '!', '?']));
        return heads.then_some(j);
    }
    None
}

/// The blocks that frame block `i` where a section is laid out as a basis table in
/// text: the lead-ins (ending in ':'), labelled paragraphs ("Purpose: ...", "Legal
/// basis: ...", "Retsgrundlag: ...") and run-in headings before it, passing over
/// list items, up to the first ordinary paragraph or heading.
pub(crate) fn frame(doc: &Document, i: usize) -> Vec<usize> {
    let b = &doc.blocks[i];
    let mut out = Vec::new();
    for j in (i.saturating_sub(30)..i).rev() {
        let p = &doc.blocks[j];
        if p.section != b.section || matches!(p.kind, BlockKind::Heading(_)) {
            break;
        }
        let t = p.text.trim();
        let labelled = t
            .find(':')
            .is_some_and(|c| t[..c].split_whitespace().count() <= 4 && c > 0);
        // the other items of a list say nothing about this one: passed over, not read
        if p.kind == BlockKind::ListItem {
            continue;
        }
        if !(t.ends_with(':') || labelled || heading_paragraph(doc, j + 1) == Some(j)) {
            break;
        }
        out.push(j);
    }
    out
}

/// Does the paragraph right before paragraph `i`, in the same section, state a ground of
/// `lists` in a sentence that names the data (`about`), or that points back to it in a
/// paragraph that names it?
fn ground_closes_previous(cx: &Context<'_>, i: usize, lists: &[ListId], about: Concept) -> bool {
    let Some(j) = i.checked_sub(1) else {
        return false;
    };
    let (b, p) = (&cx.doc.blocks[i], &cx.doc.blocks[j]);
    if b.kind != BlockKind::Paragraph || p.kind != BlockKind::Paragraph || p.section != b.section {
        return false;
    }
    let named = touches(cx, j, 0..p.text.len(), about);
    // not a legal obligation: across a paragraph break it is mostly a retention period
    // ("retains biometric information only as long as necessary ... to comply with our
    // legal obligations"), not the ground of what the next paragraph announces
    let obligation = super::list_id("ground.legal_obligation");
    cx.analysis.sentences_of(j).iter().any(|s| {
        let r = s.range();
        cx.analysis
            .hits_in(j, r.clone())
            .any(|h| h.list != obligation && lists.contains(&h.list))
            && (touches(cx, j, r.clone(), about) || named && refers_back(&p.text[r]))
    })
}

/// The short labelled line right after block `i` in its section ("Legal basis: Consent",
/// "Retsgrundlag: samtykke"): at most four words before its colon, at most ten in all.
pub(crate) fn basis_after(doc: &Document, i: usize) -> Option<usize> {
    let b = &doc.blocks[i];
    let n = doc.blocks.get(i + 1)?;
    if n.section != b.section || matches!(n.kind, BlockKind::Heading(_) | BlockKind::ListItem) {
        return None;
    }
    let t = n.text.trim();
    let c = t.find(':')?;
    (c > 0 && t[..c].split_whitespace().count() <= 4 && t.split_whitespace().count() <= 10)
        .then_some(i + 1)
}

/// Words that point back to what the sentence before named ("this requires your
/// consent", "which the law requires", "dette kræver dit samtykke").
fn refers_back(t: &str) -> bool {
    t.split(|c: char| !c.is_alphanumeric()).any(|w| {
        pointing_determiner(w)
            || matches!(
                w.to_lowercase().as_str(),
                "that" | "it" | "which" | "det" | "hvilket" | "hvilke"
            )
    })
}

/// A determiner that points back to what was named before ("this", "such", "denne").
fn pointing_determiner(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "this" | "these" | "such" | "dette" | "disse" | "denne" | "sådanne"
    )
}

/// Is a ground of `lists` stated for unit `r` of block `i` in it or next to it: in the
/// sentence before or after, where that sentence names the data (`about`) or points back to it
/// ("... involves biometric processing. This requires your consent.", "Dette kræver
/// dit samtykke")?
pub(crate) fn ground_beside(
    cx: &Context<'_>,
    i: usize,
    r: &Range<usize>,
    lists: &[ListId],
    about: Concept,
) -> bool {
    let sents = cx.analysis.sentences_of(i);
    let Some(k) = sents.iter().position(|s| s.range().contains(&r.start)) else {
        return false;
    };
    let text = &cx.doc.blocks[i].text;
    // the sentence of the data opens by pointing back ("Such verification is carried out
    // ... from which biometric data are generated" after "subject to your consent, to
    // conduct facial image capture"): the ground before it is its ground
    let points_back = {
        let own = sents[k].range();
        text[own]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(2)
            .any(pointing_determiner)
    };
    // a list item or a table cell is one processing unit (a feature, a purpose): a ground
    // anywhere in it is its ground ("If you ... provide the requisite consent, Zoom may
    // create a voiceprint. ... Zoom will store and use your voiceprint ..."); in running
    // text, the sentences next to the data
    let unit = matches!(
        cx.doc.blocks[i].kind,
        BlockKind::ListItem | BlockKind::TableCell
    );
    let near: Vec<usize> = if unit {
        (0..sents.len()).collect()
    } else {
        [k.checked_sub(1), Some(k), Some(k + 1)]
            .into_iter()
            .flatten()
            .collect()
    };
    near.into_iter()
        .filter_map(|n| sents.get(n).map(|s| (n, s.range())))
        .any(|(n, s)| {
            cx.analysis
                .hits_in(i, s.clone())
                .any(|h| lists.contains(&h.list))
                && (touches(cx, i, s.clone(), about)
                    || refers_back(&text[s])
                    || (n + 1 == k && points_back))
        })
}

/// Is a ground stated for unit `r` of block `i`: a ground of `block` anywhere in its
/// scope (see [`scope`]) or its lead-in, or a ground of `beside` in the sentence next
/// to it ([`ground_beside`]), in its frame ([`frame`]: "Legal basis: necessary to
/// fulfil the agreement" above the list of data, a "Consent obtained" run-in heading)
/// or in its table row ("Biometric data | Legal obligation")?
pub(crate) fn ground_near(
    cx: &Context<'_>,
    i: usize,
    r: &Range<usize>,
    block: &[ListId],
    beside: &[ListId],
    about: Concept,
) -> bool {
    let has = |j: usize, ls: &[ListId]| ls.iter().any(|&l| cx.analysis.block_has(j, l));
    let frame = frame(cx.doc, i);
    scope(cx.doc, i).any(|j| has(j, block))
        || lead_in(cx.doc, i).is_some_and(|j| has(j, block))
        || ground_beside(cx, i, r, beside, about)
        || frame.iter().any(|&j| has(j, beside))
        // a notice that states each purpose's basis on a line after it ("• Profile
        // certification: ... biometric data ..." then "**Legal basis: Consent**"), when no
        // labelled line comes before the unit (then the lines precede what they govern)
        || frame.is_empty() && basis_after(cx.doc, i).is_some_and(|j| has(j, beside))
        // the paragraph before ends by stating the ground for the data it names ("...
        // involves biometric processing ... and this requires your consent." then "We will
        // also carry out manual sampling of the ... facial recognition"): the ground runs on
        // into the next paragraph of the same section
        || ground_closes_previous(cx, i, beside, about)
        || cx.doc.blocks[i].kind == BlockKind::TableCell
            && row_cells(cx, i).into_iter().any(|j| has(j, beside))
}

/// Does the sentence after unit `r` of block `i` continue it ("For example, ...",
/// "This includes ...") with a hit of `list`?
pub(crate) fn continued_with(cx: &Context<'_>, i: usize, r: &Range<usize>, list: ListId) -> bool {
    let text = &cx.doc.blocks[i].text;
    cx.analysis
        .sentences_of(i)
        .iter()
        .map(|s| s.range())
        .find(|s| s.start >= r.end)
        .is_some_and(|s| {
            continues_previous(text, &s) && cx.analysis.hits_of(i, s, list).next().is_some()
        })
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
            .map(|s| s.range())
            .unwrap_or(0..t.len());
        cx.analysis
            .hits_in(j, last.clone())
            .any(|m| mention.contains(&m.list))
            || in_negated_clause(cx, j, last.clone(), last.end)
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
    // a run-in heading ("**Categories listed in the Customer Records statute**")
    if heading_paragraph(doc, i).is_some_and(|j| {
        cx.analysis
            .hits_in(j, 0..doc.blocks[j].text.len())
            .any(|m| heading_mention.contains(&m.list) || mention.contains(&m.list))
    }) {
        return true;
    }
    if let Some(s) = doc.blocks[i].section() {
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
pub(crate) fn has_speaker(t: &str) -> bool {
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

/// Is the hit inside a quoted title of a section or heading ('according to the sections
/// "Verification of ID document" or "Extra control with facial recognition"', 'se afsnittet
/// "Ekstra kontrol med ansigtsgenkendelse"')? Then it names a part of a text, not data.
pub(crate) fn quoted_title(text: &str, start: usize, end: usize) -> bool {
    const OPEN: &[char] = &['"', '“', '„', '«', '‘'];
    const CLOSE: &[char] = &['"', '”', '“', '»', '’'];
    // a part of a text by its name: the document-structure nouns and the naming verbs
    const NAMES: &[&str] = &[
        "section",
        "sections",
        "heading",
        "headings",
        "chapter",
        "chapters",
        "clause",
        "clauses",
        "titled",
        "entitled",
        "called",
        "afsnit",
        "afsnittet",
        "afsnittene",
        "overskrift",
        "overskriften",
        "overskrifterne",
        "kapitel",
        "kapitlet",
        "klausul",
        "klausulen",
        "titlen",
        "kaldet",
    ];
    let from = crate::text::floor_char_boundary(text, start.saturating_sub(160));
    let before = &text[from..start];
    // the opening quote: the last quote before the hit, with no sentence end after it
    let Some(q) = before.rfind(OPEN) else {
        return false;
    };
    if before[q..].contains(['\n', ';']) {
        return false;
    }
    let to = crate::text::floor_char_boundary(text, (end + 160).min(text.len()));
    let after = &text[end..to];
    let Some(c) = after.find(CLOSE) else {
        return false;
    };
    if after[..c].contains(['\n', ';']) {
        return false;
    }
    // the naming word a few words before the opening quote (past other quoted titles of
    // the same list: 'the sections "A" or "B"')
    let lead = &before[before[..q]
        .rfind(['.', ';', '\n', '('])
        .map_or(0, |k| k + 1)..q];
    let words: Vec<String> = lead
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words
        .iter()
        .rev()
        .take(8)
        .any(|w| NAMES.contains(&w.as_str()))
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

/// Is the word at `r` mentioned rather than used: in quotation marks (“sell” means
/// ..., the term "share")? A defined term states no practice.
pub(crate) fn quoted_word(text: &str, r: &Range<usize>) -> bool {
    const OPEN: [char; 5] = ['“', '"', '‘', '\'', '«'];
    const CLOSE: [char; 5] = ['”', '"', '’', '\'', '»'];
    let (Some(before), Some(after)) = (text.get(..r.start), text.get(r.end..)) else {
        return false;
    };
    before.ends_with(OPEN) && after.starts_with(CLOSE)
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
                let r = s.range();
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
/// without a question of its own, the title of its part of the form), or ask the question
/// of a group of choices right after it ([`asks_choice_group`])?
pub(crate) fn is_field_question(cx: &Context<'_>, span: &Range<usize>) -> bool {
    cx.doc.fields.iter().any(|f| {
        !f.hidden
            && f.question
                .as_ref()
                .or(f.section.as_ref())
                .is_some_and(|q| q.span.start < span.end && span.start < q.span.end)
    }) || asks_choice_group(cx, span)
}

/// Is the source span the question of a group of radios or checkboxes right after it,
/// whose own labels are the answers ("HIV Status?" over Positive / Negative / Unknown,
/// "Race/Ethnicity (Check all that apply)" over Asian / Black / Latino), written as a
/// paragraph rather than a `<legend>`? Only markup, white space or a required marker may
/// stand between; the question is short and no statement (it does not end in a full
/// stop), and at least two choices with short labels follow.
pub(crate) fn asks_choice_group(cx: &Context<'_>, span: &Range<usize>) -> bool {
    let src = cx.source;
    let Some(q) = src.get(span.clone()) else {
        return false;
    };
    if q.trim_end().ends_with('.') || q.split_whitespace().count() > 15 {
        return false;
    }
    let choice = |c: &crate::document::Control| {
        !c.hidden && matches!(c.kind, ControlKind::Checkbox | ControlKind::Radio)
    };
    let controls = &cx.doc.controls;
    // controls are kept in document order
    let k = controls.partition_point(|c| c.span.start < span.end);
    let mut next = controls[k..].iter().filter(|c| choice(c));
    let (Some(first), Some(second)) = (next.next(), next.next()) else {
        return false;
    };
    if first.span.start.saturating_sub(span.end) > 1_500
        || second.span.start.saturating_sub(first.span.end) > 1_500
    {
        return false;
    }
    let short = |c: &crate::document::Control| {
        c.label
            .as_ref()
            .is_some_and(|l| l.text.split_whitespace().count() <= 6)
    };
    if !short(first) || !short(second) {
        return false;
    }
    // nothing but markup, white space and a required marker between question and choices
    let gap = src.get(span.end..first.span.start).unwrap_or("");
    // a question printed from an attribute (`<asp:Label Text="Ønsker du ...?">`) ends
    // inside its tag
    let mut in_tag = gap
        .find('>')
        .is_some_and(|g| gap.find('<').is_none_or(|l| g < l));
    gap.chars().all(|c| {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            _ => return c.is_whitespace() || matches!(c, '*' | ':' | '?' | ')'),
        }
        true
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
    let blocks: Vec<usize> = cx.analysis.clauses(c).map(|s| s.block()).collect();
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
    let Some(s) = b.section() else {
        return near;
    };
    let first = doc.blocks.iter().position(|x| x.section() == Some(s));
    let last = doc.blocks.iter().rposition(|x| x.section() == Some(s));
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

/// Trim white space, trailing list punctuation and a form's required marker ("HIV
/// Status? *") off a sentence range.
pub(crate) fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim_end_matches(|c: char| {
        c.is_whitespace() || c == '|' || c == ':' || c == ';' || c == '*'
    });
    let start = r.start + lead;
    let end = (r.start + t.len()).max(start);
    start..end
}

/// A quote of at most 60 characters for a message, cut with an ellipsis.
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
    let s = &cx.doc.sections[b.section()?];
    let h = &cx.doc.blocks[s.heading_block];
    if h.text.trim().is_empty() || s.span.end > cx.source.len() {
        return None;
    }
    Some((s.span.clone(), format!("in section '{}'", short(&h.text))))
}

fn words_after(text: &str, at: usize, n: usize) -> Vec<String> {
    text[at..]
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .take(n)
        .map(|w| w.to_lowercase())
        .collect()
}

/// The run-in heading over block `i`: a clause title written in the running text rather
/// than as a heading. Either a short paragraph emphasised throughout ("**Consent to
/// Electronic Communications.**", `<p><b>Samtykke til markedsføring</b></p>`), an
/// emphasised title opening a paragraph ("**Opt-in and consent** By opting in ..."), or
/// the numbered title that opens a paragraph ("19. Consent to Communications. By using
/// ...", "12. Nyhedsbrev. Når du ..."). Looked for in block `i` and back through the
/// paragraphs of its section up to the first title (a numbered paragraph without a title
/// opens a clause of its own and ends the search). Returns the block and the title's
/// range in its text.
pub(crate) fn run_in_title(doc: &Document, i: usize) -> Option<(usize, Range<usize>)> {
    /// Paragraphs a clause with a run-in title may run on for.
    const REACH: usize = 12;
    let b = doc.blocks.get(i)?;
    for j in (i.saturating_sub(REACH)..=i).rev() {
        let p = &doc.blocks[j];
        if p.section != b.section || matches!(p.kind, BlockKind::Heading(_)) {
            return None;
        }
        if !matches!(p.kind, BlockKind::Paragraph | BlockKind::Other) {
            continue;
        }
        if let Some(r) = emphasised_title(p) {
            // a title that is its whole paragraph heads what follows, not itself
            if j != i || r.end < p.text.trim_end().len() {
                return Some((j, r));
            }
        }
        match numbered_title(&p.text, p.number.is_some()) {
            Some(r) => return Some((j, r)),
            None if p.number.is_some() || starts_numbered(&p.text) => return None,
            None => {}
        }
    }
    None
}

/// Words a run-in title may have.
const TITLE_WORDS: usize = 8;

/// An emphasised run of at most [`TITLE_WORDS`] words that opens the block.
fn emphasised_title(b: &Block) -> Option<Range<usize>> {
    let lead = b.text.len() - b.text.trim_start().len();
    let e = b
        .emphasis
        .iter()
        .find(|e| e.start <= lead && e.end > lead)?;
    let t = b.text[lead..e.end].trim_end();
    let words = t.split_whitespace().count();
    (words > 0 && words <= TITLE_WORDS && !has_speaker(t)).then(|| lead..lead + t.len())
}

/// Does the text open with a clause number ("19.", "4.2", "§ 4")?
fn starts_numbered(text: &str) -> bool {
    let t = text.trim_start().trim_start_matches('§').trim_start();
    t.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t.split_whitespace().next().is_some_and(|w| {
            w.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '\\')
        })
}

/// A title after the clause number at the start of a paragraph (or at its start when the
/// reader took the number off, `numbered`): a few words without a speaker ending in a
/// full stop or colon, with more text after it ("19. Consent to Communications. By ...").
/// "5. We may use your data." is a sentence, not a title.
fn numbered_title(text: &str, numbered: bool) -> Option<Range<usize>> {
    let lead = text.len() - text.trim_start().len();
    let mut at = lead;
    if starts_numbered(text) {
        let t = &text[at..];
        let t2 = t.trim_start_matches('§').trim_start();
        at += t.len() - t2.len();
        let w = t2.split_whitespace().next()?;
        at += w.len();
        at += text[at..].len() - text[at..].trim_start().len();
    } else if !numbered {
        return None;
    }
    let rest = &text[at..];
    let stop = rest.find(['.', ':'])?;
    let title = rest[..stop].trim();
    let words = title.split_whitespace().count();
    let more = rest[stop + 1..].trim();
    (words > 0
        && words <= TITLE_WORDS
        && title.chars().next().is_some_and(char::is_uppercase)
        && !has_speaker(title)
        && !more.is_empty())
    .then(|| at..at + stop)
}

/// Does unit `r` of block `i` send the reader to a notice that is another document ("as
/// described in our [Privacy Policy](...)", "jf. vores privatlivspolitik")? What the
/// reader must be told about a consent, how to withdraw it included, may stand there
/// (layered information: EDPB 05/2020 paras. 62-69, WP260 paras. 35-36). A notice named
/// as the document itself ("this Privacy Policy", "denne privatlivspolitik") is not
/// another document, and in a document that names itself so anywhere
/// ([`names_itself_a_notice`], asked once per document), no notice is.
pub(crate) fn refers_to_other_notice(
    cx: &Context<'_>,
    i: usize,
    r: Range<usize>,
    doc_is_notice: bool,
) -> bool {
    let (notice, own) = notice_lists();
    let hits: Vec<Hit> = cx
        .analysis
        .hits_in(i, r)
        .filter(|h| h.list == notice || h.list == own)
        .collect();
    !doc_is_notice
        && hits.iter().filter(|h| h.list == notice).any(|h| {
            !hits
                .iter()
                .any(|s| s.list == own && s.start <= h.start && h.end <= s.end)
        })
}

/// Does any block of the document name the document itself a notice ("This Privacy
/// Policy explains ...", "Denne privatlivspolitik beskriver ...")?
pub(crate) fn names_itself_a_notice(cx: &Context<'_>) -> bool {
    let (_, own) = notice_lists();
    (0..cx.doc.blocks.len()).any(|b| cx.analysis.block_has(b, own))
}

fn notice_lists() -> (ListId, ListId) {
    static L: std::sync::OnceLock<(ListId, ListId)> = std::sync::OnceLock::new();
    *L.get_or_init(|| {
        (
            super::list_id("terms.notice"),
            super::list_id("terms.notice_self"),
        )
    })
}

/// The end of the act in a lead-in "By <act>" / "Ved (at) <act>" between `from` and
/// `to` (the verb or noun right after the preposition): "By signing| up for the
/// newsletter, you agree ...".
pub(crate) fn act_before(text: &str, from: usize, to: usize) -> Option<usize> {
    let lead = text.get(from..to)?;
    let lower = lead.to_lowercase();
    if lower.len() != lead.len() {
        return None;
    }
    let at = ["by ", "ved "]
        .iter()
        .filter_map(|p| {
            lower
                .match_indices(p)
                .map(|(i, _)| i)
                .find(|&i| i == 0 || !lower[..i].ends_with(|c: char| c.is_alphanumeric()))
                .map(|i| i + p.len())
        })
        .min()?;
    let mut rest = &lower[at..];
    let mut pos = at;
    if let Some(r) = rest.strip_prefix("at ") {
        pos += 3;
        rest = r;
    }
    let word = rest
        .find(|c: char| !c.is_alphanumeric() && c != '-')
        .unwrap_or(rest.len());
    (word > 0).then_some(from + pos + word)
}

/// Is the act ending at `act_end` ("By registering", "Ved tilmelding") done on the
/// marketing itself: one of `marketing` (spans in `text`) follows it in the same clause
/// with only function words between ("By registering on the mailing list", "By joining
/// our newsletter", "Ved tilmelding til nyhedsbrevet")? Then the act is the opt-in, not
/// another act the marketing is folded into or deemed from.
pub(crate) fn act_is_the_marketing(
    text: &str,
    act_end: usize,
    marketing: impl IntoIterator<Item = Range<usize>>,
) -> bool {
    // the words that may join an act to its object
    const GLUE: &[&str] = &[
        "on", "for", "to", "the", "our", "a", "an", "in", "up", "with", "this", "til", "på",
        "vores", "vort", "vor", "i", "med", "os", "dig", "mig", "dette", "denne",
    ];
    let Some(rest) = text.get(act_end..) else {
        return false;
    };
    let clause_end = rest
        .find([',', ';', '.', ':'])
        .map_or(text.len(), |k| act_end + k);
    marketing.into_iter().any(|m| {
        m.start >= act_end
            && m.end <= clause_end
            && text.get(act_end..m.start).is_some_and(|gap| {
                gap.split_whitespace()
                    .all(|w| GLUE.contains(&w.to_lowercase().as_str()))
            })
    })
}
