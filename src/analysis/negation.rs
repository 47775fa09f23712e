//! Negation and its scope, once for every lint.
//!
//! A phrase is denied when a negator stands right before it ("do not share", "no health
//! data", "uden samtykke"), right after it in Danish verb-second order ("vi videregiver
//! ikke"), or earlier in its clause ("We do not sell, rent or share your data with third
//! parties for marketing", "In no event will we request ..."), including a clause that a
//! negating determiner opens ("No mobile information will be shared", "Ingen oplysninger
//! videregives"). The scope ends where the clause does: at a contrast or exception ("but",
//! "except", "men", "medmindre"), at a semicolon, at a new main clause (", and we"), and a
//! condition keeps its own negation ("If you do not want ..., you can ...", "Hvis du ikke
//! ønsker ..."). "Not limited to", "not only", "ikke udtømmende" deny nothing, nor does
//! "whether or not".
//!
//! The words are the closed classes of the `words` concept pack (`neg`, `neg_det`,
//! `contrast`, `conditional`, `not_denial`, `company`, `reader`), per language.

use std::ops::Range;

use super::pattern::Compiled;
use super::tokens::{self, Kind, Token};
use super::Lang;

/// Words before a phrase in which a negator denies it directly.
const NEAR: usize = 3;

/// Is `at` (a byte range of `text`) denied within its sentence `sentence`?
pub fn negated(text: &str, sentence: Range<usize>, at: Range<usize>, lang: Lang) -> bool {
    let start = sentence.start.min(at.start);
    let end = sentence.end.max(at.end).min(text.len());
    if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return false;
    }
    let toks = tokens::tokenize(text, start..end, lang);
    let first = toks.partition_point(|t| t.start < at.start);
    let last = toks.partition_point(|t| t.start < at.end);
    let c = Compiled::get(lang);
    near_before(c, &toks, first) || near_after(c, &toks, last) || in_scope(c, &toks, first)
}

/// Is `class` at token `i`, ending at the returned index?
fn class(c: &Compiled, name: &str, toks: &[Token], i: usize) -> Option<usize> {
    c.class_end(name, toks, i)
}

/// A negator that denies: not one of "not limited to", "not only", "whether or not".
fn denies(c: &Compiled, toks: &[Token], i: usize, end: usize) -> bool {
    let after = next_word(toks, end);
    let before = prev_word(toks, i);
    !after.is_some_and(|k| class(c, "not_denial", toks, k).is_some())
        && !before.is_some_and(|k| matches!(toks[k].norm.as_str(), "or" | "eller"))
}

fn next_word(toks: &[Token], i: usize) -> Option<usize> {
    (i..toks.len()).find(|&k| toks[k].is_word())
}

fn prev_word(toks: &[Token], i: usize) -> Option<usize> {
    (0..i).rev().find(|&k| toks[k].is_word())
}

/// A negator among the few words right before token `first`, with no clause break between.
fn near_before(c: &Compiled, toks: &[Token], first: usize) -> bool {
    let mut words = 0;
    let mut k = first;
    while k > 0 && words < NEAR + 1 {
        k -= 1;
        let t = &toks[k];
        if t.is_break() || t.kind == Kind::Punct(',') {
            return false;
        }
        if !t.is_word() {
            continue;
        }
        words += 1;
        // the negator may be a word group ("do not"): it must end within reach
        for s in k.saturating_sub(2)..=k {
            if let Some(e) = class(c, "neg", toks, s) {
                if e > k && e <= first && denies(c, toks, s, e) && !wish_in_condition(c, toks, s, e)
                {
                    return true;
                }
            }
        }
        if words >= NEAR {
            break;
        }
    }
    false
}

/// "If you don't want us to share ...": a negator at `neg..e` that denies a wish inside a
/// condition, leaving what follows as the default.
fn wish_in_condition(c: &Compiled, toks: &[Token], neg: usize, e: usize) -> bool {
    next_word(toks, e).is_some_and(|k| class(c, "volition", toks, k).is_some()) && {
        let st = scan(c, toks, neg);
        st.cond && !st.relative
    }
}

/// Danish verb-second order: the negation follows the verb ("videregiver ikke",
/// "beder aldrig om"). Only the adverbs, not "no" or "without" after a phrase.
fn near_after(c: &Compiled, toks: &[Token], last: usize) -> bool {
    let Some(k) = next_word(toks, last) else {
        return false;
    };
    // right after the phrase: "improve our Services — not to sell it" is another clause
    if k != last {
        return false;
    }
    class(c, "neg", toks, k)
        .is_some_and(|e| class(c, "neg_det", toks, k).is_none() && denies(c, toks, k, e))
}

/// Is token `at` inside the scope of a clause negation earlier in the sentence?
fn in_scope(c: &Compiled, toks: &[Token], at: usize) -> bool {
    scan(c, toks, at).negated
}

/// The clause state at a token.
struct State {
    /// inside the scope of a negation
    negated: bool,
    /// inside a condition, concession or relative clause not yet closed by a comma
    cond: bool,
    /// that clause is a relative clause
    relative: bool,
}

/// Is `at` (a byte range of `text`) inside a subordinate clause of its sentence: a
/// condition, a concession or a relative clause ("Provided that Customer gives its prior
/// written consent, ...", "information which you initially provided consent for", "hvis
/// du har givet samtykke")? Words there describe a case; they do not assert or grant.
pub fn subordinate(text: &str, sentence: Range<usize>, at: Range<usize>, lang: Lang) -> bool {
    let start = sentence.start.min(at.start);
    let end = at.end.min(text.len());
    if start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return false;
    }
    // through the first word of `at`: Danish inversion shows there ("siger du")
    let toks = tokens::tokenize(text, start..end, lang);
    let first = toks.partition_point(|t| t.start < at.start);
    let st = scan(Compiled::get(lang), &toks, (first + 1).min(toks.len()));
    // a condition holds the grant only where its comma comes after it ("Provided that
    // Customer gives its consent, Linear may ..."); without one ("If you sign up you
    // consent to ...") the grant may be the main clause
    let closed_later =
        text[at.end.min(sentence.end.max(at.end))..sentence.end.max(at.end)].contains(',');
    relative_that(Compiled::get(lang), &toks, first)
        || st.cond && (st.relative || closed_later)
        || closed_later
            && verb_first_condition(text, start..sentence.end.max(at.end), &toks, first, lang)
}

/// Is `at` inside a condition whose subject is the reader ("When you communicate with us
/// for business purposes, we save ...", "Hvis du kontakter os i erhvervsøjemed, ...")? The
/// clause tells the reader's own act and why the reader does it, not why the company
/// processes data: a purpose word there is no purpose of processing.
pub fn reader_condition(text: &str, sentence: Range<usize>, at: Range<usize>, lang: Lang) -> bool {
    let start = sentence.start.min(at.start);
    let end = at.end.min(text.len());
    if start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return false;
    }
    // the condition is closed by a comma after `at` ("If you gave us your address for
    // marketing purposes, we may ..."); without one its end is unknown ("... when you
    // browse our website and also allows us to improve our site"), and the phrase may
    // belong to the main clause
    // (a parenthesis or a colon after `at` is no such close: "is processed for analytics
    // purposes (such as ..., ...)")
    let sentence_end = sentence.end.max(at.end).min(text.len());
    let rest = &text[at.end..sentence_end];
    let rest = &rest[..rest.find(['(', ')', ';', ':']).unwrap_or(rest.len())];
    if !rest.contains(',') {
        return false;
    }
    let toks = tokens::tokenize(text, start..end, lang);
    let first = toks.partition_point(|t| t.start < at.start);
    let c = Compiled::get(lang);
    let st = scan(c, &toks, first);
    if !st.cond || st.relative {
        return false;
    }
    // the condition that holds `at`: the last conditional word before it with no clause
    // break in between, and the reader right after it
    let mut k = first;
    while k > 0 {
        k -= 1;
        let t = &toks[k];
        if matches!(t.kind, Kind::Punct(',' | ';' | ':' | '\n')) {
            return false;
        }
        if t.is_word() {
            if let Some(e) = class(c, "conditional", &toks, k) {
                // the company acts inside the condition: "If you do not want us to share
                // your data ... for promotional purposes" is the company's purpose
                let company_acts = (e..first).any(|j| {
                    let n = toks[j].norm.as_str();
                    matches!(n, "we" | "vi")
                        || n == "us"
                            && next_word(&toks, j + 1).is_some_and(|w| toks[w].norm == "to")
                });
                return !company_acts
                    && next_word(&toks, e).is_some_and(|w| class(c, "reader", &toks, w).is_some());
            }
        }
    }
    false
}

/// A condition told by word order alone: the finite verb first, its subject right after
/// it, and the grant still in that first clause ("Har du givet samtykke til
/// markedsføring, men ønsker du ikke længere ...", "Giver du samtykke, sender vi ...",
/// "Should you consent to ..., we will ..."). A question ("Vil du have vores
/// nyhedsbrev?") asks; it is no condition.
fn verb_first_condition(
    text: &str,
    sentence: Range<usize>,
    toks: &[Token],
    at: usize,
    lang: Lang,
) -> bool {
    let words: Vec<&Token> = toks.iter().filter(|t| t.is_word()).take(2).collect();
    let [verb, subject] = words[..] else {
        return false;
    };
    let pronoun = match lang {
        // the plural "I" only as written so: "i" is the preposition ("Her i klubben giver du")
        Lang::Da => {
            matches!(subject.norm.as_str(), "du" | "man")
                || text.get(subject.start..subject.end) == Some("I")
        }
        Lang::En => matches!(subject.norm.as_str(), "you"),
    };
    let verb_first = match lang {
        // any word may lead a Danish yes/no clause; a conjunction or adverb before "du"
        // ("Hvis du", "Nu kan du") is caught by the pronoun test or is no verb here
        Lang::Da => !matches!(
            verb.norm.as_str(),
            "hvis"
                | "når"
                | "om"
                | "som"
                | "da"
                | "hvor"
                | "hvad"
                | "hvordan"
                | "at"
                | "så"
                | "mens"
                | "fordi"
                | "selvom"
                | "end"
        ),
        Lang::En => matches!(verb.norm.as_str(), "should" | "had" | "were"),
    };
    // the grant lies before the first comma, and the sentence is not a question
    let first_comma = toks[..at.min(toks.len())]
        .iter()
        .any(|t| matches!(t.kind, Kind::Punct(',')));
    let question = text.get(sentence.clone()).is_some_and(|s| s.contains('?'));
    pronoun
        && verb_first
        && subject.start > verb.start
        && text[verb.end..subject.start].trim().is_empty()
        && !first_comma
        && !question
}

/// Is `at` inside an indirect question ("To learn whether the Owner is processing Personal
/// Data for direct marketing purposes, Users may refer to ...", "For at finde ud af, om vi
/// behandler dine oplysninger til markedsføringsformål, ...")? The clause asks, it does not
/// state that the processing happens: a purpose there is no purpose claimed. The question
/// word is the last clause opener before `at`, with no sentence break between.
/// Does the sentence's main clause deny, from its opening words up to `at` ("Taboola does
/// not knowingly create segments that are based upon ... sensitive information (for
/// example, ... racial or ethnic origin)", "Vi indsamler aldrig ... helbredsoplysninger")?
/// The negator stands among the first six words, after the subject, with no punctuation
/// before it; the sentence does not open with a condition, and no contrast ("but",
/// "except", "medmindre"), condition, circumstance ("ved", "upon") or semicolon comes
/// between the negator and `at`. Relative
/// clauses and examples after the negated verb stay inside its denial, where the
/// clause-by-clause reading of [`negated`] ends it at the first new subject.
pub fn main_clause_denies(text: &str, sentence: Range<usize>, at: usize, lang: Lang) -> bool {
    let start = sentence.start;
    let end = at.min(text.len());
    if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return false;
    }
    let c = Compiled::get(lang);
    let toks = tokens::tokenize(text, start..end, lang);
    let Some(first) = next_word(&toks, 0) else {
        return false;
    };
    if ["conditional", "contrast", "circumstance", "neg", "neg_det"]
        .iter()
        .any(|n| class(c, n, &toks, first).is_some())
    {
        return false;
    }
    let mut words = 0;
    let mut neg = None;
    for (k, t) in toks.iter().enumerate() {
        if !t.is_word() {
            if matches!(t.kind, Kind::Punct(_)) {
                return false;
            }
            continue;
        }
        words += 1;
        if words > 6 {
            return false;
        }
        // the negator in a subordinate clause ("Please note that although we shall not
        // sell ..., we shall continue to share ...") denies only that clause
        if ["conditional", "contrast", "circumstance", "relative"]
            .iter()
            .any(|n| class(c, n, &toks, k).is_some())
        {
            return false;
        }
        if let Some(e) = class(c, "neg", &toks, k) {
            if denies(c, &toks, k, e) {
                neg = Some(e);
            }
            break;
        }
    }
    let Some(from) = neg else {
        return false;
    };
    // a contrast, a condition or a circumstance opens what the denial does not reach ("Der
    // opkræves ikke gebyr ... ved fremvisning af lægeerklæring": the fee is denied, the
    // doctor's note is asked for)
    // ("based upon" is a preposition, no circumstance; a semicolon before the next item
    // of an enumeration, "shall not (i) sell ...; (ii) share ...", keeps the denial)
    let enumerator = |k: usize| {
        let w = next_word(&toks, k + 1);
        w.is_some_and(|w| {
            toks[w].norm.len() <= 4
                && toks[w]
                    .norm
                    .chars()
                    .all(|ch| matches!(ch, 'i' | 'v' | 'x') || ch.is_ascii_digit())
                || toks[w].norm.len() == 1
        }) && w.is_some_and(|w| matches!(toks.get(w + 1).map(|t| &t.kind), Some(Kind::Punct(')'))))
    };
    // a coordinated main clause with its own subject or modal ("We shall have no
    // obligation ... and shall be free to disclose") is no longer denied
    let new_predicate = |k: usize| {
        matches!(toks[k].norm.as_str(), "and" | "og" | "or" | "eller")
            && next_word(&toks, k + 1)
                .is_some_and(|w| subject(c, &toks, w) || class(c, "modal", &toks, w).is_some())
    };
    !toks[from..].iter().enumerate().any(|(j, t)| {
        let k = from + j;
        matches!(t.kind, Kind::Punct('\n'))
            || matches!(t.kind, Kind::Punct(';')) && !enumerator(k)
            || t.is_word() && new_predicate(k)
            || t.is_word()
                && (["contrast", "conditional"]
                    .iter()
                    .any(|n| class(c, n, &toks, k).is_some())
                    || class(c, "circumstance", &toks, k).is_some()
                        && !prev_word(&toks, k)
                            .is_some_and(|p| matches!(toks[p].norm.as_str(), "based" | "baseret")))
    })
}

/// Is the reader the subject of the verb that starts `at` ("You can further customize your
/// Firefox experience", "Her kan du selv tilpasse din oplevelse")? Then the sentence tells
/// what the reader may do, not what the company processes data for. Only modal verbs and
/// adverbs may stand between the reader and the verb, with no punctuation.
///
/// With `need_modal` false, the reader right before the verb is enough: for verbs whose
/// object is never the reader ("you share your data with", "du deler").
pub fn reader_subject(
    text: &str,
    sentence: Range<usize>,
    at: Range<usize>,
    lang: Lang,
    need_modal: bool,
) -> bool {
    let start = sentence.start.min(at.start);
    let end = at.start.min(text.len());
    if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return false;
    }
    let c = Compiled::get(lang);
    let toks = tokens::tokenize(text, start..end, lang);
    let is = |name: &str, p: usize| class(c, name, &toks, p) == Some(p + 1);
    // a modal verb must tie the reader to the verb ("you can customize", "kan du
    // tilpasse"): without one, "you" before the phrase is mostly its object ("offer you
    // better services", "information about you for marketing purposes")
    let mut modal = false;
    let mut k = toks.len();
    for _ in 0..4 {
        let Some(p) = prev_word(&toks, k) else {
            return false;
        };
        if toks[p + 1..k].iter().any(|t| !t.is_word()) {
            return false;
        }
        // the reader ends right before `k`: one word ("you", "du") or a role ("the user"),
        // after its modal ("you can") or before it, inverted ("kan du", "can you")
        if (p.saturating_sub(2)..=p).any(|s| class(c, "reader", &toks, s) == Some(p + 1)) {
            return !need_modal
                || modal
                || prev_word(&toks, p).is_some_and(|q| q + 1 == p && is("modal", q));
        }
        // a modal of one word ("can") or of several ending here ("be able to", "være i
        // stand til")
        if let Some(m) =
            (p.saturating_sub(3)..=p).find(|&m| class(c, "modal", &toks, m) == Some(p + 1))
        {
            modal = true;
            k = m;
            continue;
        }
        if !is("adv", p) {
            return false;
        }
        k = p;
    }
    false
}

pub fn indirect_question(text: &str, sentence: Range<usize>, at: Range<usize>, lang: Lang) -> bool {
    let start = sentence.start.min(at.start);
    let end = at.start.min(text.len());
    if start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return false;
    }
    let c = Compiled::get(lang);
    let toks = tokens::tokenize(text, start..end, lang);
    for (k, t) in toks.iter().enumerate().rev() {
        // the question clause holds `at`: no clause break between
        if matches!(t.kind, Kind::Punct(';' | ':' | '\n' | ',')) {
            return false;
        }
        // a question word after a verb of finding out or asking ("To learn, whether ...",
        // "finde ud af, om"): "choices about whether", "control whether" take the
        // processing as given, and "om" elsewhere is "about"
        if t.is_word()
            && class(c, "question", &toks, k).is_some()
            && word_class_before(c, "inquire", &toks, k)
        {
            // the question opens a clause with its own subject ("whether the Owner is
            // processing"), not an alternative ("whether online or offline")
            return next_word(&toks, k + 1).is_some_and(|n| {
                toks[n].cap
                    || ["det", "poss", "reader", "company"]
                        .iter()
                        .any(|cl| class(c, cl, &toks, n).is_some())
            });
        }
    }
    false
}

/// Does a relative "that" / "som" stand right before token `first`, after a noun ("third
/// parties that you permit to share information with us", "tredjeparter, som du giver
/// tilladelse til")? The clause then describes that noun: its subject grants nothing here.
/// After a verb of saying or agreeing "that" opens the grant's own content ("you agree
/// that you ..."), so those verbs, and "so that" / "such that", do not count.
fn relative_that(c: &Compiled, toks: &[Token], first: usize) -> bool {
    // the grant's words may begin with the pronoun itself (a determiner slot: "that you")
    let k = if class(c, "rel_that", toks, first).is_some() {
        first
    } else {
        match prev_word(toks, first).filter(|&k| k + 1 == first || k + 2 == first) {
            Some(k) if class(c, "rel_that", toks, k).is_some() => k,
            _ => return false,
        }
    };
    // after a verb of agreeing or saying, a copula or "so" / "such", "that" opens the
    // content ("is that you agree"); a relative clause needs the noun before it
    let Some(before) = prev_word(toks, k) else {
        return false;
    };
    if class(c, "content_head", toks, before).is_some() {
        return false;
    }
    // a verb of agreeing a few words back in the same clause governs it too ("you agree on
    // behalf of yourself and your guest that you consent")
    let mut j = k;
    let mut words = 0;
    while j > 0 && words < 8 {
        j -= 1;
        let t = &toks[j];
        if !t.is_word() {
            if matches!(t.kind, Kind::Punct(',' | ';' | ':' | '.' | '\n')) {
                break;
            }
            continue;
        }
        words += 1;
        if class(c, "agreeing", toks, j).is_some() {
            return false;
        }
    }
    true
}

/// Does a phrase of word class `name` end on the word right before token `k` (commas
/// between allowed: "To learn, whether", "finde ud af, om")?
fn word_class_before(c: &Compiled, name: &str, toks: &[Token], k: usize) -> bool {
    let Some(p) = prev_word(toks, k) else {
        return false;
    };
    (p.saturating_sub(3)..=p).any(|s| class(c, name, toks, s) == Some(p + 1))
}

/// Read the clauses of `toks` up to token `at`.
fn scan(c: &Compiled, toks: &[Token], at: usize) -> State {
    let mut negated = false;
    let mut cond = false;
    let mut relative = false;
    let mut clause_start = true;
    // a parenthesis keeps its own negation: "(which is not overridden by ...)"
    let mut saved: Vec<(bool, bool)> = Vec::new();
    let mut i = 0;
    while i < at.min(toks.len()) {
        let t = &toks[i];
        if !t.is_word() {
            match t.kind {
                Kind::Punct(',') => {
                    if cond {
                        // the condition ends; its negation stays in it
                        cond = false;
                        relative = false;
                        negated = false;
                    } else if new_main_clause(c, toks, i + 1) {
                        negated = false;
                    }
                }
                Kind::Punct(';') | Kind::Punct('\n') => {
                    negated = false;
                    cond = false;
                    relative = false;
                    clause_start = true;
                }
                Kind::Punct(':') => clause_start = true,
                Kind::Punct('(') | Kind::Punct('[') => saved.push((negated, cond)),
                Kind::Punct(')') | Kind::Punct(']') => {
                    if let Some((n, c)) = saved.pop() {
                        negated = n;
                        cond = c;
                    }
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        let opens = std::mem::replace(&mut clause_start, false);
        // "... that does not include Personal Information and we may otherwise disclose":
        // a coordinated main clause with its own subject
        // ("... have no obligation and shall be free to disclose": a predicate with its
        // own modal)
        if matches!(t.norm.as_str(), "and" | "og" | "or" | "eller")
            && next_word(toks, i + 1)
                .is_some_and(|k| subject(c, toks, k) || class(c, "modal", toks, k).is_some())
        {
            negated = false;
        }
        if let Some(e) = class(c, "contrast", toks, i) {
            // "including, but not limited to" keeps the clause's negation
            let but_not = class(c, "neg", toks, e).is_some();
            if !but_not {
                negated = false;
                cond = false;
            }
            i = e;
            continue;
        }
        if let Some(e) = class(c, "conditional", toks, i) {
            negated = false;
            cond = true;
            i = e;
            continue;
        }
        if let Some(e) = class(c, "circumstance", toks, i) {
            negated = false;
            i = e;
            continue;
        }
        if class(c, "relative", toks, i).is_some() {
            cond = true;
            relative = true;
        }
        // Danish verb-second order ends a subordinate clause without a comma: "Når du
        // deltager i konkurrencen siger du ja til", "Ved deltagelse accepterer du"
        if cond
            && c.lang() == Lang::Da
            && i > 0
            && class(c, "conditional", toks, i).is_none()
            && next_word(toks, i + 1).is_some_and(|k| {
                k == i + 1 && matches!(toks[k].norm.as_str(), "du" | "vi" | "man" | "jeg" | "de")
            })
            && prev_word(toks, i).is_some_and(|k| class(c, "conditional", toks, k).is_none())
        {
            cond = false;
            relative = false;
        }
        if let Some(e) = class(c, "neg_det", toks, i) {
            // "No information will be shared", "there is no collection ... for other
            // purposes", "make no representations ... for any purpose", "In no event",
            // "Ingen oplysninger"; but "at no cost", "with no fee" deny their noun only,
            // and "without" / "uden" only what follows it
            // "no longer", "no later than": the verb only
            let after_prep =
                prev_word(toks, i).is_some_and(|k| class(c, "prep", toks, k).is_some());
            let comparative =
                next_word(toks, e).is_some_and(|k| class(c, "neg_comparative", toks, k).is_some());
            let preposition = matches!(toks[i].norm.as_str(), "without" | "uden");
            if (e > i + 1 || !(after_prep || preposition || comparative) || opens && !preposition)
                && !comparative
                && denies(c, toks, i, e)
            {
                negated = true;
            }
            i = e;
            continue;
        }
        if let Some(e) = class(c, "neg", toks, i) {
            // "If you do not want us to share ... , you can opt out": inside a condition a
            // denied wish leaves what is wished against as the default, not denied
            let wish = cond
                && !relative
                && next_word(toks, e).is_some_and(|k| class(c, "volition", toks, k).is_some());
            if denies(c, toks, i, e) && !wish {
                negated = true;
            }
            i = e;
            continue;
        }
        i += 1;
    }
    State {
        negated,
        cond,
        relative,
    }
}

/// After a comma: a new main clause with its own subject (", and we", ", vi", ", but you";
/// after a conjunction also ", and continuing to use ...", ", and your data ...") ends a
/// negation's reach.
fn new_main_clause(c: &Compiled, toks: &[Token], i: usize) -> bool {
    let Some(mut k) = next_word(toks, i) else {
        return false;
    };
    let mut conj = false;
    if matches!(toks[k].norm.as_str(), "and" | "so" | "og" | "så") {
        match next_word(toks, k + 1) {
            Some(n) => k = n,
            None => return false,
        }
        conj = true;
    }
    subject(c, toks, k)
        || conj
            && (class(c, "poss", toks, k).is_some()
                || c.lang() == super::Lang::En && toks[k].norm.ends_with("ing"))
}

/// Where the clause holding `from` ends within `sentence`: at a semicolon, or where a
/// coordinated main clause with a subject of its own begins ("you agree to such
/// processing | and you warrant that ...", "og du indestår for ..."). The sentence's end
/// otherwise.
pub fn clause_end(text: &str, sentence: Range<usize>, from: usize, lang: Lang) -> usize {
    let end = sentence.end.min(text.len());
    let from = from.clamp(sentence.start, end);
    if !text.is_char_boundary(from) || !text.is_char_boundary(end) {
        return end;
    }
    let toks = tokens::tokenize(text, from..end, lang);
    let c = Compiled::get(lang);
    for (i, t) in toks.iter().enumerate() {
        if matches!(t.kind, Kind::Punct(';')) {
            return t.start;
        }
        // ("(and you will be deemed to have consented ...)": a parenthesis, not a clause of
        // the sentence)
        if t.is_word()
            && i > 0
            && !matches!(toks[i - 1].kind, Kind::Punct('('))
            && matches!(t.norm.as_str(), "and" | "og")
            && next_word(&toks, i + 1).is_some_and(|k| subject(c, &toks, k))
        {
            return t.start;
        }
    }
    end
}

/// A subject pronoun or the company ("we", "you", "the Company", "vi", "du").
fn subject(c: &Compiled, toks: &[Token], k: usize) -> bool {
    matches!(
        toks[k].norm.as_str(),
        "we" | "you" | "they" | "it" | "i" | "vi" | "du" | "de" | "det" | "jeg"
    ) || class(c, "company", toks, k).is_some_and(|_| toks[k].norm != "us")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Is the phrase `p` in `s` negated?
    fn neg(s: &str, p: &str, lang: Lang) -> bool {
        let at = s.find(p).unwrap_or_else(|| panic!("{p} not in {s}"));
        negated(s, 0..s.len(), at..at + p.len(), lang)
    }

    #[test]
    fn direct_negation_english() {
        assert!(neg(
            "We do not share your data with partners.",
            "share",
            Lang::En
        ));
        assert!(neg("We never sell personal information.", "sell", Lang::En));
        assert!(neg("We collect no health data.", "health data", Lang::En));
        assert!(!neg("We share your data with partners.", "share", Lang::En));
        assert!(!neg("We collect health data.", "health data", Lang::En));
    }

    #[test]
    fn direct_negation_danish() {
        assert!(neg(
            "Vi videregiver ikke dine oplysninger.",
            "videregiver",
            Lang::Da
        ));
        assert!(neg("Vi beder aldrig om dit CPR-nummer.", "beder", Lang::Da));
        assert!(neg("Vi vil ikke sælge dine data.", "sælge", Lang::Da));
        assert!(!neg(
            "Vi videregiver dine oplysninger til partnere.",
            "videregiver",
            Lang::Da
        ));
    }

    #[test]
    fn clause_scope_reaches_coordinated_verbs() {
        let s =
            "We do not sell, rent or share your personal data with third parties for marketing.";
        assert!(neg(s, "marketing", Lang::En));
        assert!(neg(s, "share", Lang::En));
        let d = "Vi sælger, udlejer eller videregiver ikke dine oplysninger til markedsføring.";
        assert!(neg(d, "videregiver", Lang::Da));
    }

    #[test]
    fn a_leading_negating_determiner_denies_its_clause() {
        assert!(neg(
            "No mobile information will be shared with third parties for marketing.",
            "shared",
            Lang::En
        ));
        assert!(neg(
            "Ingen oplysninger videregives til tredjemand med henblik på markedsføring.",
            "videregives",
            Lang::Da
        ));
        assert!(neg("In no event will we sell your data.", "sell", Lang::En));
        // "no" inside a clause denies only the noun after it
        assert!(!neg(
            "You can unsubscribe at no cost, and we share your data with partners.",
            "share",
            Lang::En
        ));
    }

    #[test]
    fn contrast_and_new_clause_end_the_scope() {
        assert!(!neg(
            "We do not sell your data, but we share it with partners for marketing.",
            "share",
            Lang::En
        ));
        assert!(!neg(
            "We do not sell your data; we share it with partners.",
            "share",
            Lang::En
        ));
        assert!(!neg(
            "Vi sælger ikke dine data, men vi deler dem med partnere.",
            "deler",
            Lang::Da
        ));
        assert!(!neg(
            "We do not sell your data, and we use it for marketing.",
            "marketing",
            Lang::En
        ));
    }

    #[test]
    fn negating_determiners_inside_a_clause() {
        assert!(neg(
            "Please note no mobile information will be shared with third parties for their marketing purposes.",
            "marketing",
            Lang::En
        ));
        assert!(neg(
            "For this reason, there is no collection or processing of personal information for other purposes than those described.",
            "other purposes",
            Lang::En
        ));
        assert!(!neg(
            "We send offers at no cost to you and share your data with partners.",
            "share",
            Lang::En
        ));
        assert!(neg(
            "We never share data without your consent.",
            "consent",
            Lang::En
        ));
        assert!(!neg(
            "Without your consent, we share data with partners.",
            "share",
            Lang::En
        ));
    }

    #[test]
    fn boilerplate_and_comparatives_deny_no_clause() {
        assert!(!neg(
            "Without limiting the generality of the foregoing, your interactions may be recorded and used to improve the Services.",
            "improve",
            Lang::En
        ));
        assert!(!neg(
            "Your account will no longer be serviced by us, and continuing to use it means that you agree to the new terms.",
            "agree",
            Lang::En
        ));
        assert!(!neg(
            "We destroy biometric data when it is no longer necessary for the purpose.",
            "biometric data",
            Lang::En
        ));
        assert!(!neg(
            "We may share information that does not include personal data and we may disclose log data for other purposes.",
            "other purposes",
            Lang::En
        ));
    }

    /// Is the phrase `p` in `s` in a subordinate clause?
    fn sub(s: &str, p: &str, lang: Lang) -> bool {
        let at = s.find(p).unwrap_or_else(|| panic!("{p} not in {s}"));
        subordinate(s, 0..s.len(), at..at + p.len(), lang)
    }

    /// Is the phrase `p` in `s` inside a condition about the reader's own act?
    fn reader_cond(s: &str, p: &str, lang: Lang) -> bool {
        let at = s.find(p).unwrap_or_else(|| panic!("{p} not in {s}"));
        reader_condition(s, 0..s.len(), at..at + p.len(), lang)
    }

    #[test]
    fn indirect_questions_claim_nothing() {
        let q = |s: &str, p: &str, lang: Lang| {
            let at = s.find(p).unwrap();
            indirect_question(s, 0..s.len(), at..at + p.len(), lang)
        };
        assert!(q(
            "To learn, whether the Owner is processing Personal Data for direct marketing purposes, Users may refer to the relevant sections.",
            "for direct marketing purposes",
            Lang::En
        ));
        assert!(q(
            "For at finde ud af, om vi behandler dine oplysninger til markedsføringsformål, kan du læse afsnit 4.",
            "til markedsføringsformål",
            Lang::Da
        ));
        // a control or a criterion takes the processing as given
        assert!(!q(
            "You can control whether this domain data is used for product improvement purposes.",
            "for product improvement purposes",
            Lang::En
        ));
        assert!(!q(
            "We process your data for direct marketing purposes.",
            "for direct marketing purposes",
            Lang::En
        ));
        assert!(!q(
            "Vi sender dig nyheder om vores produkter til markedsføringsformål.",
            "til markedsføringsformål",
            Lang::Da
        ));
    }

    #[test]
    fn a_denying_main_clause_covers_its_relative_clauses_and_examples() {
        let q = |s: &str, p: &str, lang: Lang| {
            let at = s.find(p).unwrap();
            main_clause_denies(s, 0..s.len(), at, lang)
        };
        assert!(q(
            "Taboola does not knowingly create segments that are based upon what we consider to be sensitive information (for example, your racial or ethnic origin).",
            "racial",
            Lang::En
        ));
        assert!(q(
            "Vi opretter aldrig segmenter, der bygger på det, vi anser for følsomme oplysninger (for eksempel din etniske oprindelse).",
            "etniske",
            Lang::Da
        ));
        // a contrast lifts the denial; a condition or a late negator is no main clause denial
        assert!(!q(
            "We do not sell your data, but we use your health data to plan meals.",
            "health data",
            Lang::En
        ));
        assert!(!q(
            "If you do not object, we use your health data to plan meals.",
            "health data",
            Lang::En
        ));
        assert!(!q(
            "We use your health data to plan meals and do not sell it.",
            "health data",
            Lang::En
        ));
        assert!(q(
            "Brevo shall not (i) sell Personal Information; (ii) share Personal Information with third parties for cross-contextual behavioral advertising purposes.",
            "share Personal",
            Lang::En
        ));
        assert!(!q(
            "We shall have no obligation with respect to such information and shall be free to use it without limitation.",
            "without limitation",
            Lang::En
        ));
        assert!(!q(
            "Please note that although we shall not sell your personal information after you click that button, we shall continue to share some personal information with our partners to help us perform advertising-related business functions such as, but not limited to:",
            "business functions",
            Lang::En
        ));
        assert!(!q(
            "We do not sell your data; we share it with partners for their marketing.",
            "share it",
            Lang::En
        ));
        assert!(!q(
            "Der opkræves ikke gebyr for beroperioden ved fremvisning af lægeerklæring.",
            "lægeerklæring",
            Lang::Da
        ));
        assert!(!q(
            "Vi bruger dine helbredsoplysninger, men vi sælger dem ikke.",
            "helbredsoplysninger",
            Lang::Da
        ));
    }

    #[test]
    fn the_reader_as_subject_of_a_purpose_verb() {
        let q = |s: &str, p: &str, lang: Lang| {
            let at = s.find(p).unwrap();
            reader_subject(s, 0..s.len(), at..at + p.len(), lang, true)
        };
        assert!(q(
            "You can further customize your Firefox experience by adjusting your toolbars.",
            "customize your Firefox experience",
            Lang::En
        ));
        assert!(q(
            "Under Indstillinger kan du selv tilpasse din oplevelse.",
            "tilpasse din oplevelse",
            Lang::Da
        ));
        assert!(q(
            "You also may be able to customize your experience by selecting topics.",
            "customize your experience",
            Lang::En
        ));
        assert!(q(
            "Du kan tilpasse din oplevelse under Indstillinger.",
            "tilpasse din oplevelse",
            Lang::Da
        ));
        // the reader as the object, or the company as the subject
        assert!(!q(
            "We do so to better understand you and offer You better services.",
            "better services",
            Lang::En
        ));
        assert!(!q(
            "We may collect information about you for marketing purposes.",
            "for marketing purposes",
            Lang::En
        ));
        assert!(!q(
            "We can customize your experience.",
            "customize your experience",
            Lang::En
        ));
        assert!(!q(
            "Vi kan tilpasse din oplevelse.",
            "tilpasse din oplevelse",
            Lang::Da
        ));
    }

    #[test]
    fn relative_clauses_hold_no_grant() {
        // a relative "that" / "som" after a noun describes the noun
        assert!(sub(
            "We receive data from third parties that you permit to share information with us.",
            "you permit",
            Lang::En
        ));
        assert!(sub(
            "Vi modtager oplysninger fra tredjeparter, som du giver tilladelse til at dele med os.",
            "du giver tilladelse",
            Lang::Da
        ));
        // after a verb of agreeing or a copula, "that" opens the grant's own content
        assert!(!sub(
            "You agree on behalf of yourself and your guest that you consent to the recording.",
            "you consent",
            Lang::En
        ));
        assert!(!sub(
            "A condition of membership is that you agree to receive our newsletter.",
            "you agree",
            Lang::En
        ));
    }

    #[test]
    fn reader_conditions() {
        // the reader acts in a condition closed by a comma: why the reader acts
        assert!(reader_cond(
            "When you communicate with us for business purposes, we save your contact details.",
            "for business purposes",
            Lang::En
        ));
        assert!(reader_cond(
            "If you select an option that is unavailable for other reasons, we may substitute it.",
            "for other reasons",
            Lang::En
        ));
        assert!(reader_cond(
            "Hvis du kontakter os til erhvervsformål, gemmer vi dine kontaktoplysninger.",
            "til erhvervsformål",
            Lang::Da
        ));
        // the company acts: a purpose of processing, in the main clause or in a condition
        // whose subject is the company
        assert!(!reader_cond(
            "If you register, we use your data for marketing purposes.",
            "for marketing purposes",
            Lang::En
        ));
        assert!(!reader_cond(
            "When we process your data for marketing purposes, we rely on your consent.",
            "for marketing purposes",
            Lang::En
        ));
        // the reader wishes, the company acts: the company's purpose
        assert!(!reader_cond(
            "If you do not want us to share your personal information with third parties for promotional purposes, you can opt out.",
            "for promotional purposes",
            Lang::En
        ));
        assert!(!reader_cond(
            "Hvis du ikke ønsker, at vi deler dine oplysninger til markedsføringsformål, kan du framelde dig.",
            "til markedsføringsformål",
            Lang::Da
        ));
        // no comma closes the condition: its end is unknown
        assert!(!reader_cond(
            "Cookies help us when you browse our website and also allow us to improve our site.",
            "improve our site",
            Lang::En
        ));
        assert!(!reader_cond(
            "The information you provide when you contact support is processed for analytics purposes (such as statistics, trends).",
            "for analytics purposes",
            Lang::En
        ));
        assert!(!reader_cond(
            "Når vi behandler dine oplysninger til markedsføringsformål, beder vi om dit samtykke.",
            "til markedsføringsformål",
            Lang::Da
        ));
    }

    #[test]
    fn clause_ends() {
        let s =
            "By using the app, you agree to such processing and you warrant that all data is true.";
        let from = s.find("agree").unwrap();
        assert_eq!(
            &s[from..clause_end(s, 0..s.len(), from, Lang::En)],
            "agree to such processing "
        );
        // "and" without a subject of its own joins objects, not clauses
        let s = "You agree to the collection and use of your data; we may change this policy.";
        let from = s.find("agree").unwrap();
        assert_eq!(
            &s[from..clause_end(s, 0..s.len(), from, Lang::En)],
            "agree to the collection and use of your data"
        );
        let s = "Ved at bruge appen accepterer du behandlingen og du indestår for, at oplysningerne er korrekte.";
        let from = s.find("accepterer").unwrap();
        assert_eq!(
            &s[from..clause_end(s, 0..s.len(), from, Lang::Da)],
            "accepterer du behandlingen "
        );
    }

    #[test]
    fn verb_first_conditions() {
        // Danish: the finite verb first, the subject after it, then a comma
        assert!(sub(
            "Har du givet samtykke til markedsføring, men ønsker du ikke længere, at vi kontakter dig, kan du afmelde dig.",
            "givet samtykke",
            Lang::Da
        ));
        assert!(sub(
            "Giver du samtykke til nyhedsbrevet, sender vi dig tilbud hver måned.",
            "samtykke",
            Lang::Da
        ));
        // a question asks for the consent; it is no condition
        assert!(!sub(
            "Vil du give samtykke til, at vi sender dig vores nyhedsbrev?",
            "give samtykke",
            Lang::Da
        ));
        // the verb second: a main clause
        assert!(!sub(
            "Ved tilmelding giver du samtykke til, at vi sender dig tilbud.",
            "giver du samtykke",
            Lang::Da
        ));
        // "i" is the preposition, not the plural "I"
        assert!(!sub(
            "Her i kundeklubben giver du samtykke til, at vi sender dig tilbud, og du kan afmelde dig.",
            "giver du samtykke",
            Lang::Da
        ));
        // English inversion with should, had, were
        assert!(sub(
            "Should you consent to our newsletter, we will e-mail you once a month.",
            "consent",
            Lang::En
        ));
        assert!(!sub(
            "You consent to our newsletter, which we e-mail once a month.",
            "consent",
            Lang::En
        ));
    }

    #[test]
    fn subordinate_clauses() {
        assert!(sub(
            "Provided that Customer gives its prior written consent, Linear may use Customer's logo.",
            "gives its prior written consent",
            Lang::En
        ));
        assert!(sub(
            "This right only applies to information which you initially provided consent for us to use.",
            "you initially provided consent",
            Lang::En
        ));
        assert!(!sub(
            "If you sign up, you consent to receive our newsletter.",
            "you consent",
            Lang::En
        ));
        assert!(!sub(
            "You agree that we may process your data.",
            "we may process",
            Lang::En
        ));
        assert!(sub(
            "Hvis du har givet samtykke, kan du trække det tilbage.",
            "givet samtykke",
            Lang::Da
        ));
        assert!(!sub(
            "Når du tilmelder dig, giver du samtykke til nyhedsbrevet.",
            "giver du samtykke",
            Lang::Da
        ));
        assert!(!sub(
            "Når du deltager i konkurrencen siger du ja til, at vi må ringe til dig.",
            "siger du ja til",
            Lang::Da
        ));
        assert!(!sub(
            "If you sign up you consent to receive our newsletter.",
            "you consent",
            Lang::En
        ));
    }

    #[test]
    fn a_predicate_with_its_own_modal() {
        assert!(!neg(
            "We shall have no obligation of any kind and shall be free to disclose the information to others without limitation.",
            "disclose",
            Lang::En
        ));
        assert!(neg(
            "We will not sell and will not share your data for marketing.",
            "marketing",
            Lang::En
        ));
    }

    #[test]
    fn a_concession_keeps_its_own_negation() {
        assert!(!neg(
            "Although we do not sell your personal information for money, our sharing of your personal information with advertising partners may be deemed a sale.",
            "sharing",
            Lang::En
        ));
        assert!(!neg(
            "Selvom vi ikke sælger dine oplysninger, deler vi dem med annoncører.",
            "deler",
            Lang::Da
        ));
    }

    #[test]
    fn a_denial_reaches_the_end_of_its_clause() {
        let s = "For clarification purposes only, this notice does not limit or inhibit the use of the software provided under these Terms for normal business uses that are personal to that business.";
        assert!(neg(s, "for normal business uses", Lang::En));
        assert!(!neg(
            "We collect personal data to operate and improve our Services - not to sell it.",
            "improve our Services",
            Lang::En
        ));
    }

    #[test]
    fn a_parenthesis_keeps_its_own_negation() {
        let s = "It satisfies a legitimate interest (which is not overridden by your interests), such as research and development.";
        assert!(!neg(s, "research", Lang::En));
        assert!(neg(
            "We do not (at any time) sell your data for marketing.",
            "marketing",
            Lang::En
        ));
    }

    #[test]
    fn a_condition_keeps_its_own_negation() {
        assert!(!neg(
            "If you do not want to receive offers, you can opt out by email.",
            "opt out",
            Lang::En
        ));
        assert!(!neg(
            "Hvis du ikke ønsker nyhedsbrevet, kan du framelde dig.",
            "framelde",
            Lang::Da
        ));
        assert!(neg(
            "If you did not receive offers, tell us.",
            "receive offers",
            Lang::En
        ));
    }

    #[test]
    fn a_denied_wish_in_a_condition_leaves_the_default() {
        // the sharing happens unless the reader acts: an opt-out, not a denial
        assert!(!neg(
            "If you do not want us to share your data with partners, you can opt out.",
            "share",
            Lang::En
        ));
        assert!(!neg(
            "If you don't want to receive offers, tell us.",
            "receive offers",
            Lang::En
        ));
        assert!(!neg(
            "Hvis du ikke ønsker, at vi deler dine oplysninger, kan du framelde dig.",
            "deler",
            Lang::Da
        ));
        // outside a condition the wish is the company's own and denies as before
        assert!(neg(
            "We do not want to share your data and never do.",
            "never do",
            Lang::En
        ));
        assert!(neg("We do not share your data.", "share", Lang::En));
    }

    #[test]
    fn negators_that_deny_nothing() {
        assert!(!neg(
            "including but not limited to marketing and analytics",
            "marketing",
            Lang::En
        ));
        assert!(!neg(
            "We use your data not only to deliver, but to improve our services.",
            "improve",
            Lang::En
        ));
        assert!(!neg(
            "whether or not you buy, we use your data for marketing",
            "marketing",
            Lang::En
        ));
        assert!(!neg(
            "Listen er ikke udtømmende og omfatter markedsføring.",
            "markedsføring",
            Lang::Da
        ));
    }
}
