//! `narrow-purpose`: consent scoped so narrowly that foreseeable use needs fresh consent.
//!
//! ## What it finds
//! A sentence about personal data or consent that limits the use to one
//! campaign, competition, message, event, date, brand, shop or channel: a
//! restricting word ("solely", "only", "exclusively", "and not for any other
//! purposes", "udelukkende", "alene", "kun", "og ikke til andre formål")
//! followed, in the same sentence, by the one thing it is limited to ("this
//! competition", "our Spring 2025 campaign", "julekalender 2025",
//! "konkurrencen"). The span runs from the restricting word to the scope.
//!
//! ## Why is this bad?
//! Consent covers only what it names (GDPR Art. 6(1)(a), 5(1)(b)). Consent
//! for one campaign cannot be reused for the next campaign, the newsletter or a
//! sister brand; each needs a fresh, specific consent (EDPB Guidelines 05/2020
//! paras. 58, 110). Reported as information: the narrow purpose is lawful but
//! usually narrower than what the company plans.
//!
//! ## Example
//! ```markdown
//! Your e-mail address will be used solely for our Spring 2025 campaign.
//! ```
//! Use instead (list each purpose you foresee; never widen vaguely):
//! ```markdown
//! We use your e-mail address to run the Spring 2025 competition and, if you
//! tick the box below, to send you our monthly newsletter.
//! ```
//!
//! Silent on restrictions with no single campaign or message as their scope
//! ("only to send your order confirmation"), confidentiality clauses and plain
//! negations ("we never sell your data"), on the scope of a document ("this
//! notice only applies to ...", "gælder kun for ...") and on years that date a
//! law rather than a campaign ("the Consumer Privacy Act of 2018").

use std::sync::OnceLock;

use crate::analysis::{Hit, ListId};
use crate::document::BlockKind;

use super::{diagnostic, range_has_any, Context, Lint};

pub struct NarrowPurpose;

const ID: &str = "narrow-purpose";

/// Bytes between the restricting word and its scope.
const SCOPE_WINDOW: usize = 120;

struct Lists {
    restrict: ListId,
    scope: ListId,
    data: ListId,
    use_: ListId,
    anaphor: ListId,
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
            restrict: id("restrict"),
            scope: id("scope"),
            data: id("data"),
            use_: id("use"),
            anaphor: id("anaphor_scope"),
        }
    })
}

/// Words that make a year the date of a campaign rather than of a law ("the
/// California Consumer Privacy Act of 2018") or an event in the past.
const CAMPAIGN_WORDS: [&str; 22] = [
    "campaign",
    "competition",
    "promotion",
    "contest",
    "giveaway",
    "draw",
    "event",
    "sale",
    "calendar",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "christmas",
    "kampagne",
    "konkurrence",
    "julekalender",
    "lodtrækning",
    "arrangement",
    "jul",
    "påske",
];

/// Is the year at `y` in `text` the date of a campaign: a campaign word in the
/// three words before or after it, and not "Act of 2018", "lov af 2018"?
fn campaign_year(text: &str, y: &std::ops::Range<usize>) -> bool {
    let before: Vec<String> = text[..y.start]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(3)
        .map(str::to_lowercase)
        .collect();
    if before.first().is_some_and(|w| {
        matches!(
            w.as_str(),
            "of" | "af" | "act" | "lov" | "fra" | "from" | "since"
        )
    }) {
        return false;
    }
    let after = text[y.end..]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(3)
        .map(str::to_lowercase);
    before.into_iter().chain(after).any(|w| {
        CAMPAIGN_WORDS
            .iter()
            .any(|c| w.starts_with(c) || w.ends_with(c))
    })
}

/// A year such as "2025" as a word in `text`: a dated campaign.
fn year_in(text: &str) -> Option<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let w = &bytes[i..i + 4];
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let after_ok = i + 4 == bytes.len() || !bytes[i + 4].is_ascii_alphanumeric();
        if before_ok && after_ok && w[0] == b'2' && w[1] == b'0' && w.iter().all(u8::is_ascii_digit)
        {
            return Some(i..i + 4);
        }
        i += 1;
    }
    None
}

/// Extend a scope over a year or scope noun in the next two words.
fn extend_scope(text: &str, hits: &[Hit], scope: ListId, mut end: usize, limit: usize) -> usize {
    for _ in 0..2 {
        let rest = &text[end..limit];
        let trimmed = rest.trim_start();
        let at = end + (rest.len() - trimmed.len());
        let word_len = trimmed
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(trimmed.len());
        if word_len == 0 {
            break;
        }
        let word = &trimmed[..word_len];
        let is_year =
            word.len() == 4 && word.starts_with("20") && word.bytes().all(|c| c.is_ascii_digit());
        let scope_hit = hits
            .iter()
            .filter(|h| h.list == scope && h.start == at)
            .map(|h| h.end)
            .max();
        let noun = [
            "campaign",
            "competition",
            "promotion",
            "contest",
            "giveaway",
            "draw",
            "event",
            "sale",
        ]
        .contains(&word.to_lowercase().as_str());
        if let Some(e) = scope_hit {
            end = e;
        } else if is_year || noun {
            end = at + word_len;
        } else {
            break;
        }
    }
    end
}

fn quote(text: &str) -> String {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() <= 80 {
        return t;
    }
    let cut: String = t.chars().take(80).collect();
    format!("{}…", cut.trim_end())
}

impl Lint for NarrowPurpose {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
        let l = lists(cx);
        let an = cx.analysis;
        // the hits of a sentence, reused from sentence to sentence
        let mut hits: Vec<Hit> = Vec::new();
        for (i, b) in cx.doc.blocks.iter().enumerate() {
            // a finding needs a data word and a restriction in its sentence
            if matches!(b.kind, BlockKind::Heading(_))
                || !an.block_has(i, l.data)
                || !an.block_has(i, l.restrict)
            {
                continue;
            }
            for sent in an.sentences_of(i) {
                let r = sent.range();
                if !range_has_any(an, i, r.clone(), &[l.restrict]) {
                    continue;
                }
                hits.clear();
                hits.extend(an.hits_in(i, r.clone()));
                if !hits.iter().any(|h| h.list == l.data) {
                    continue;
                }
                let text = &b.text;
                let mut last_end = 0;
                // the diagnostic reported last in this sentence, to extend with "and not for any other purposes"
                let mut last: Option<usize> = None;
                for h in hits.iter().filter(|h| h.list == l.restrict) {
                    if h.start < last_end {
                        continue;
                    }
                    // "solely for", "alene blive brugt til": the restriction is on a use;
                    // "solely responsible", "alene i 2018" are not
                    let near = {
                        let mut k = h.end;
                        let mut n = 0;
                        for (j, c) in text[h.end..r.end].char_indices() {
                            if c.is_whitespace() {
                                n += 1;
                                if n > 4 {
                                    k = h.end + j;
                                    break;
                                }
                            }
                            k = h.end + j + c.len_utf8();
                        }
                        k
                    };
                    // "This notice only applies to our processing of ...": the scope of a
                    // document, not a use of data
                    let next_word = text[h.end..r.end]
                        .split(|c: char| !c.is_alphanumeric())
                        .find(|w| !w.is_empty())
                        .unwrap_or("")
                        .to_lowercase();
                    // ("gælder kun for", "applies only to")
                    let prev_word = text[r.start..h.start]
                        .rsplit(|c: char| !c.is_alphanumeric())
                        .find(|w| !w.is_empty())
                        .unwrap_or("")
                        .to_lowercase();
                    let scope_verb = |w: &str| {
                        matches!(
                            w,
                            "applies" | "apply" | "applicable" | "gælder" | "omfatter" | "covers"
                        )
                    };
                    if scope_verb(&next_word) || scope_verb(&prev_word) {
                        continue;
                    }
                    let negative_form = {
                        let t = text[h.start..h.end].to_lowercase();
                        t.contains("other")
                            || t.contains("andre")
                            || t.contains("andet")
                            || t.contains("intet")
                    };
                    if !negative_form
                        && !hits
                            .iter()
                            .any(|o| o.list == l.use_ && o.start >= h.end && o.end <= near)
                    {
                        continue;
                    }
                    let window_end = (h.end + SCOPE_WINDOW).min(r.end);
                    let window_end = (window_end..=r.end)
                        .find(|&k| text.is_char_boundary(k))
                        .unwrap_or(r.end);
                    // the scope: a campaign word, or a year, after the restriction
                    let scope = hits
                        .iter()
                        .filter(|o| o.list == l.scope && o.start >= h.end && o.end <= window_end)
                        .map(|o| o.end)
                        .next()
                        .or_else(|| {
                            year_in(&text[h.end..window_end])
                                .map(|y| h.end + y.start..h.end + y.end)
                                .filter(|y| campaign_year(text, y))
                                .map(|y| y.end)
                        });
                    // "De oplysninger, som du afgiver i forbindelse med kampagnen, vil kun
                    // blive brugt i denne sammenhæng": a pointer back ("this context") to
                    // the campaign named earlier in the sentence
                    let scope = scope.or_else(|| {
                        let before = hits.iter().any(|o| o.list == l.scope && o.end <= h.start);
                        hits.iter()
                            .filter(|o| {
                                before
                                    && o.list == l.anaphor
                                    && o.start >= h.end
                                    && o.end <= window_end
                            })
                            .map(|o| o.end)
                            .next()
                    });
                    // "and not for any other purposes" after the scope
                    let scope = scope.or_else(|| {
                        let neg = text[h.start..h.end].to_lowercase();
                        if neg.contains("other") || neg.contains("andre") || neg.contains("andet") {
                            hits.iter()
                                .filter(|o| o.list == l.scope && o.end <= h.start)
                                .map(|_| h.end)
                                .next()
                        } else {
                            None
                        }
                    });
                    let Some(end) = scope else { continue };
                    // "our Spring 2025 campaign", "julekalender 2025": take in the year and the noun
                    let end = extend_scope(text, &hits, l.scope, end, r.end);
                    if negative_form {
                        if let Some(k) = last {
                            let d: &mut crate::Diagnostic = &mut out[k];
                            let start_text = d.span.start;
                            let new = b.source_span(h.start..h.end);
                            if new.end > d.span.end {
                                d.span = start_text..new.end;
                            }
                            last_end = h.end;
                            continue;
                        }
                    }
                    let span = h.start..end;
                    last_end = end;
                    last = Some(out.len());
                    let q = quote(&text[span.clone()]);
                    out.push(diagnostic(
                        ID,
                        b.source_span(span),
                        format!(
                            "purpose limited to '{q}': related use later will need fresh consent; list each purpose you foresee"
                        ),
                    ));
                }
            }
        }
    }
}
