//! Clause recognizers: which sentences grant consent, state a purpose, talk
//! about marketing, third parties, sensitive data, withdrawal or acceptance of
//! terms. Driven by the concept packs in `lints/concepts/`, computed once per
//! document, shared by every lint instead of each carrying its own word lists.

use std::ops::Range;
use std::sync::OnceLock;

use super::matcher::{Hit, ListId, Vocab};

/// What a sentence is about. A sentence may be several at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Concept {
    /// "you consent to", "jeg giver samtykke" (`consent.grant`).
    ConsentGrant,
    /// consent vocabulary in general (`consent.terms`).
    Consent,
    /// "we use your data to", "formålet er" (`purpose.statement`).
    Purpose,
    /// newsletters, offers, e-mail and SMS marketing (`marketing.terms`).
    Marketing,
    /// partners, third parties, passing data on (`sharing.terms`).
    ThirdParty,
    /// Art. 9 special categories (`sensitive.special`).
    SpecialCategory,
    /// CPR, personnummer, SSN (`sensitive.national_id`).
    NationalId,
    /// withdrawal and opt-out (`withdrawal.terms`).
    Withdrawal,
    /// accepting terms, conditions, policies (`terms.acceptance`).
    TermsAcceptance,
}

pub const CONCEPTS: [(Concept, &str); 9] = [
    (Concept::ConsentGrant, "consent.grant"),
    (Concept::Consent, "consent.terms"),
    (Concept::Purpose, "purpose.statement"),
    (Concept::Marketing, "marketing.terms"),
    (Concept::ThirdParty, "sharing.terms"),
    (Concept::SpecialCategory, "sensitive.special"),
    (Concept::NationalId, "sensitive.national_id"),
    (Concept::Withdrawal, "withdrawal.terms"),
    (Concept::TermsAcceptance, "terms.acceptance"),
];

impl Concept {
    fn bit(self) -> u16 {
        1 << (self as u8)
    }

    /// The phrase list behind this concept.
    pub fn list(self) -> Option<ListId> {
        concept_lists()[self as usize]
    }
}

fn concept_lists() -> &'static [Option<ListId>; 9] {
    static L: OnceLock<[Option<ListId>; 9]> = OnceLock::new();
    L.get_or_init(|| {
        let v = Vocab::global();
        let mut out = [None; 9];
        for (c, name) in CONCEPTS {
            out[c as usize] = v.id(name);
        }
        out
    })
}

/// Per list id: the bits of the concepts whose list it is (a lookup per hit, not a
/// comparison with every concept's list).
fn concept_bits() -> &'static [u16] {
    static B: OnceLock<Vec<u16>> = OnceLock::new();
    B.get_or_init(|| {
        let lists = concept_lists();
        let len = lists.iter().flatten().map(|l| l.0 as usize + 1).max();
        let mut bits = vec![0u16; len.unwrap_or(0)];
        for (i, l) in lists.iter().enumerate() {
            if let Some(l) = l {
                bits[l.0 as usize] |= 1 << i;
            }
        }
        bits
    })
}

/// A sentence of a block with the concepts it touches: 16 bytes (a 100 MB page has
/// 700,000 sentences). Offsets are `u32`, as in the offset maps: [`crate::document::parse`]
/// reads no source of 4 GiB or more.
#[derive(Debug, Clone)]
pub struct Sentence {
    block: u32,
    start: u32,
    end: u32,
    concepts: u16,
}

impl Sentence {
    /// Index of the block in [`crate::document::Document::blocks`].
    pub fn block(&self) -> usize {
        self.block as usize
    }

    /// Byte range in the block's text.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn has(&self, c: Concept) -> bool {
        self.concepts & c.bit() != 0
    }

    pub fn has_any(&self, cs: &[Concept]) -> bool {
        cs.iter().any(|c| self.has(*c))
    }
}

/// Split a block into sentences and tag each with its concepts.
pub(crate) fn tag_sentences(block: usize, text: &str, hits: &[Hit], out: &mut Vec<Sentence>) {
    let bits = concept_bits();
    // ranges straight from the splitter: no Vec of them per block
    super::sentences::for_each(text, |range| {
        let mut concepts = 0u16;
        // hits are sorted by start: look only at those that start inside the sentence
        let first = hits.partition_point(|h| h.start < range.start);
        for h in hits[first..]
            .iter()
            .take_while(|h| h.start < range.end)
            .filter(|h| h.end <= range.end)
        {
            concepts |= bits.get(h.list.0 as usize).copied().unwrap_or(0);
        }
        // the document is under 4 GiB, so are its block indices and text offsets
        out.push(Sentence {
            block: block as u32,
            start: range.start as u32,
            end: range.end as u32,
            concepts,
        });
    });
}
