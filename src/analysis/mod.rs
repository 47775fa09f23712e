//! Analysis shared by every lint, computed once per document: the language
//! of the document and of each block, and every phrase of every pack found in
//! each block.

pub mod clauses;
pub mod compile;
pub mod dfa;
pub mod grants;
pub mod language;
pub mod matcher;
pub mod pattern;
pub mod sentences;
pub mod tokens;

pub use sentences::sentence_at;

use crate::document::{Block, Control, Document};
pub use clauses::{Concept, Sentence};
pub use language::Detected;
pub use matcher::{Hit, ListId, Vocab};

/// A language the lints support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Da,
}

impl Lang {
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "da" => Some(Lang::Da),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Da => "da",
        }
    }

    fn from_detected(d: Detected) -> Option<Lang> {
        match d {
            Detected::En => Some(Lang::En),
            Detected::Da => Some(Lang::Da),
            _ => None,
        }
    }
}

/// A phrase list by name (`"pack.list"`), for lints and recognizers to look up once. A
/// missing list is a defect in the embedded packs (the pack tests catch it), so it panics
/// with the name.
pub fn list_id(name: &str) -> ListId {
    Vocab::global()
        .id(name)
        .unwrap_or_else(|| panic!("phrase list {name} missing from the packs"))
}

/// Words a block needs before its own text decides its language.
const BLOCK_DETECT_WORDS: usize = 12;

/// What the lints share.
pub struct Analysis {
    /// The document's language (detected, else declared, else the configured default).
    pub doc_lang: Option<Detected>,
    /// Per block: its language, `None` for languages without lints (no text findings).
    pub block_lang: Vec<Option<Lang>>,
    /// Every phrase hit of every block, offsets into the block's text
    /// ([`Analysis::block_hits`], [`Analysis::hits_in`]).
    hits: HitStore,
    /// Every sentence of every block, in reading order, tagged with its concepts.
    pub sentences: Vec<Sentence>,
    /// Per block: the range of `sentences` it holds.
    block_sentences: Vec<std::ops::Range<usize>>,
    /// Per block: a bit set of the lists with a hit in it ([`Analysis::block_has`]).
    block_lists: Vec<u64>,
    /// `u64` words per block in `block_lists`.
    list_words: usize,
    /// Consent grants and requests, found on first use.
    grants: std::sync::OnceLock<Vec<grants::Grant>>,
    pub vocab: &'static Vocab,
}

impl Analysis {
    pub fn new(doc: &Document, default_lang: Option<Detected>) -> Analysis {
        Analysis::with_vocab(doc, default_lang, Vocab::global())
    }

    /// Like [`Analysis::new`] with another vocabulary (built-in packs plus user packs).
    pub fn with_vocab(
        doc: &Document,
        default_lang: Option<Detected>,
        vocab: &'static Vocab,
    ) -> Analysis {
        let declared = doc.declared_lang.as_deref().and_then(language::from_tag);
        // detect over the main text, at most a few thousand words
        let mut sample = String::new();
        for b in doc.blocks.iter().filter(|b| b.main) {
            if sample.len() > 40_000 {
                break;
            }
            sample.push_str(&b.text);
            sample.push('\n');
        }
        if sample.is_empty() {
            for b in &doc.blocks {
                if sample.len() > 40_000 {
                    break;
                }
                sample.push_str(&b.text);
                sample.push('\n');
            }
        }
        let guess = language::detect(&sample, 5000);
        let doc_lang = match guess {
            Some(g) if g.plausible() => Some(g.lang),
            _ => declared
                .or(default_lang)
                .or(guess
                    .filter(|g| g.hits >= 2 && g.margin > 1.0)
                    .map(|g| g.lang))
                .or(Some(Detected::En)),
        };
        let mut block_lang = Vec::with_capacity(doc.blocks.len());
        let mut hits = HitStore::with_blocks(doc.blocks.len());
        let mut sentences = Vec::new();
        let mut block_sentences = Vec::with_capacity(doc.blocks.len());
        let list_words = vocab.list_count().div_ceil(64);
        let mut block_lists = vec![0u64; list_words * doc.blocks.len()];
        // hits are found into one scratch vector and kept packed in one flat array (8 bytes
        // a hit): a large file has about one hit per word, and a vector of 24-byte hits per
        // block was half the peak memory of a 100 MB file
        let mut scratch = Vec::new();
        for (i, b) in doc.blocks.iter().enumerate() {
            let l = block_language(b, doc, doc_lang);
            scratch.clear();
            if let Some(l) = l {
                vocab.find_into(&b.text, l, &mut scratch);
            }
            let first = sentences.len();
            if l.is_some() {
                clauses::tag_sentences(i, &b.text, &scratch, &mut sentences);
            }
            block_sentences.push(first..sentences.len());
            block_lang.push(l);
            let set = &mut block_lists[i * list_words..(i + 1) * list_words];
            for hit in &scratch {
                let l = hit.list.0 as usize;
                set[l / 64] |= 1 << (l % 64);
            }
            hits.push_block(&scratch);
        }
        hits.shrink_to_fit();
        sentences.shrink_to_fit();
        Analysis {
            block_lists,
            list_words,
            doc_lang,
            block_lang,
            hits,
            sentences,
            block_sentences,
            vocab,
            grants: std::sync::OnceLock::new(),
        }
    }

    /// Every consent grant or request about personal data or marketing, in reading order
    /// (computed once per document; see [`grants`]).
    pub fn grants(&self, doc: &Document) -> &[grants::Grant] {
        self.grants.get_or_init(|| grants::find(doc, self))
    }

    /// The sentences of block `i` (none for blocks in unsupported languages).
    pub fn sentences_of(&self, i: usize) -> &[Sentence] {
        &self.sentences[self.block_sentences[i].clone()]
    }

    /// Every sentence that touches concept `c`, in reading order.
    pub fn clauses(&self, c: Concept) -> impl Iterator<Item = &Sentence> + '_ {
        self.sentences.iter().filter(move |s| s.has(c))
    }

    /// Does any sentence of the document touch concept `c`?
    pub fn doc_has(&self, c: Concept) -> bool {
        self.sentences.iter().any(|s| s.has(c))
    }

    /// Has block `i` a hit of `list` anywhere? (A bit test, not a scan of the block's
    /// hits: lints ask this per sentence about neighbouring blocks.)
    pub fn block_has(&self, i: usize, list: ListId) -> bool {
        let l = list.0 as usize;
        self.block_lists
            .get(i * self.list_words + l / 64)
            .is_some_and(|w| w & (1 << (l % 64)) != 0)
    }

    /// The phrase hits of block `i` that lie inside `range` of its text.
    pub fn hits_in(
        &self,
        i: usize,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = Hit> + '_ {
        self.hits
            .in_block(i, range.start)
            .take_while(move |h| h.start < range.end)
            .filter(move |h| h.end <= range.end)
    }

    /// Every phrase hit of block `i`, sorted by start.
    pub fn block_hits(&self, i: usize) -> impl Iterator<Item = Hit> + '_ {
        self.hits.in_block(i, 0)
    }

    /// The number of blocks analysed (the document's blocks).
    pub fn block_count(&self) -> usize {
        self.block_lang.len()
    }

    /// The hits of `list` in block `i` inside `range`.
    pub fn hits_of(
        &self,
        i: usize,
        range: std::ops::Range<usize>,
        list: ListId,
    ) -> impl Iterator<Item = Hit> + '_ {
        self.hits_in(i, range).filter(move |h| h.list == list)
    }

    /// The document language, if it is one the lints support.
    pub fn lang(&self) -> Option<Lang> {
        self.doc_lang.and_then(Lang::from_detected)
    }

    /// The language of a control's label: its own words if there are enough, else an
    /// explicit `lang` around it, else the document's.
    pub fn control_lang(&self, doc: &Document, c: &Control) -> Option<Lang> {
        if let Some(l) = &c.label {
            if let Some(g) = language::detect(&l.text, 200) {
                if l.word_count() >= BLOCK_DETECT_WORDS && g.plausible() {
                    return Lang::from_detected(g.lang);
                }
            }
        }
        explicit_lang(c.declared_lang.as_deref(), doc)
            .or(self.doc_lang)
            .and_then(Lang::from_detected)
            .or_else(|| {
                // nothing declared and no page language (a form partial): judge the short
                // label, then its group text, from their words
                [c.label.as_ref(), c.group_label.as_ref()]
                    .into_iter()
                    .flatten()
                    .filter_map(|b| language::detect(&b.text, 200))
                    .find(|g| g.short_plausible())
                    .and_then(|g| Lang::from_detected(g.lang))
            })
    }

    /// The languages to read a control in: its language, or, where its words are too few
    /// and the page gives none, both English and Danish.
    pub fn control_langs(&self, doc: &Document, c: &Control) -> Vec<Lang> {
        if let Some(l) = self.control_lang(doc, c) {
            return vec![l];
        }
        // a language is known and it is another one (a German or Norwegian page)
        let other = explicit_lang(c.declared_lang.as_deref(), doc)
            .or(self.doc_lang)
            .is_some()
            || [c.label.as_ref(), c.group_label.as_ref()]
                .into_iter()
                .flatten()
                .filter_map(|b| language::detect(&b.text, 200))
                .any(|g| g.hits >= 2 && Lang::from_detected(g.lang).is_none());
        if other {
            Vec::new()
        } else {
            vec![Lang::En, Lang::Da]
        }
    }

    /// Find phrases in any text (a label) in `lang`.
    pub fn find(&self, text: &str, lang: Lang) -> Vec<Hit> {
        self.vocab.find(text, lang)
    }

    /// A list id by name; `None` if no pack defines it.
    pub fn list(&self, name: &str) -> Option<ListId> {
        self.vocab.id(name)
    }
}

/// A hit as stored: 8 bytes instead of [`Hit`]'s 24. Offsets are into a block's text
/// (a block holds at most 64 KiB, a heading any length: `u32` as in the offset maps).
#[derive(Debug, Clone, Copy)]
struct PackedHit {
    start: u32,
    /// `end - start`, or [`LONG`] when that does not fit: the end is in [`HitStore::long`].
    len: u16,
    list: u16,
}

/// The `len` of a hit whose length does not fit in 16 bits (a wildcard phrase that
/// matched inside a 64 KiB "word", such as a base64 string).
const LONG: u16 = u16::MAX;

/// Every block's hits in one flat array: block `i` holds `hits[first[i]..first[i + 1]]`.
struct HitStore {
    hits: Vec<PackedHit>,
    first: Vec<u32>,
    /// `(index into hits, end)` for the hits stored with [`LONG`], in index order.
    long: Vec<(u32, u32)>,
}

impl HitStore {
    fn with_blocks(blocks: usize) -> HitStore {
        let mut first = Vec::with_capacity(blocks + 1);
        first.push(0);
        HitStore {
            hits: Vec::new(),
            first,
            long: Vec::new(),
        }
    }

    /// Append the next block's hits (sorted by start).
    fn push_block(&mut self, hits: &[Hit]) {
        for h in hits {
            let idx = u32::try_from(self.hits.len()).expect("fewer than 2^32 hits");
            let start = u32::try_from(h.start).expect("block offsets fit in 32 bits");
            let len = match u16::try_from(h.end - h.start) {
                Ok(l) if l != LONG => l,
                _ => {
                    let end = u32::try_from(h.end).expect("block offsets fit in 32 bits");
                    self.long.push((idx, end));
                    LONG
                }
            };
            self.hits.push(PackedHit {
                start,
                len,
                list: h.list.0,
            });
        }
        self.first
            .push(u32::try_from(self.hits.len()).expect("fewer than 2^32 hits"));
    }

    fn shrink_to_fit(&mut self) {
        self.hits.shrink_to_fit();
        self.long.shrink_to_fit();
    }

    /// The hits of block `i` from the first that starts at or after `from`.
    fn in_block(&self, i: usize, from: usize) -> impl Iterator<Item = Hit> + '_ {
        let (a, b) = (self.first[i] as usize, self.first[i + 1] as usize);
        // hits are sorted by start: a binary search, not a scan of the whole block
        let skip = self.hits[a..b].partition_point(|h| (h.start as usize) < from);
        (a + skip..b).map(move |k| self.unpack(k))
    }

    fn unpack(&self, k: usize) -> Hit {
        let h = self.hits[k];
        let start = h.start as usize;
        let end = if h.len == LONG {
            let j = self
                .long
                .binary_search_by_key(&(k as u32), |&(idx, _)| idx)
                .expect("a long hit has its end recorded");
            self.long[j].1 as usize
        } else {
            start + h.len as usize
        };
        Hit {
            list: ListId(h.list),
            start,
            end,
        }
    }
}

/// A `lang` on an element that differs from the document's own declaration.
fn explicit_lang(tag: Option<&str>, doc: &Document) -> Option<Detected> {
    let tag = tag?;
    if Some(tag) == doc.declared_lang.as_deref() {
        return None;
    }
    language::from_tag(tag)
}

fn block_language(b: &Block, doc: &Document, doc_lang: Option<Detected>) -> Option<Lang> {
    // one pass: detection counts the words it reads
    if let (Some(g), words) = language::detect_counting(&b.text, 400) {
        if words >= BLOCK_DETECT_WORDS && g.plausible() {
            return Lang::from_detected(g.lang);
        }
    }
    explicit_lang(b.declared_lang.as_deref(), doc)
        .or(doc_lang)
        .and_then(Lang::from_detected)
}
