//! Analysis shared by every lint, computed once per document: the language
//! of the document and of each block, and every phrase of every pack found in
//! each block.

pub mod audience;
pub mod clauses;
pub mod compile;
pub mod context;
pub mod dfa;
pub mod grants;
pub mod language;
pub mod matcher;
pub mod negation;
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
    /// Block `i` holds `sentences[block_sentences[i]..block_sentences[i + 1]]`.
    block_sentences: Vec<u32>,
    /// Per block: a bit set of the lists with a hit in it ([`Analysis::block_has`]).
    block_lists: Vec<u64>,
    /// `u64` words per block in `block_lists`.
    list_words: usize,
    /// Consent grants and requests, found on first use.
    grants: std::sync::OnceLock<Vec<grants::Grant>>,
    /// Is the document addressed to a business? Found on first use.
    business: std::sync::OnceLock<bool>,
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
                // (a tie won by Danish is a tie with a sibling, Bokmål or Swedish, whose
                // function words it shares: English is no better reading of it)
                .or(guess
                    .filter(|g| g.hits >= 2 && (g.margin > 1.0 || g.lang == Detected::Da))
                    .map(|g| g.lang))
                .or(Some(Detected::En)),
        };
        let mut block_lang = Vec::with_capacity(doc.blocks.len());
        let mut hits = HitStore::with_blocks(doc.blocks.len(), vocab.list_count());
        let mut sentences = Vec::new();
        let mut block_sentences = Vec::with_capacity(doc.blocks.len() + 1);
        block_sentences.push(0);
        let list_words = vocab.list_count().div_ceil(64);
        let mut block_lists = vec![0u64; list_words * doc.blocks.len()];
        // hits are found into one scratch vector and kept packed ([`HitStore`]): a large
        // file has about one hit per word, and a vector of 24-byte hits per block was half
        // the peak memory of a 100 MB file
        let mut scratch = Vec::new();
        let mut near = None;
        for (i, b) in doc.blocks.iter().enumerate() {
            let (l, clear) = block_language(b, doc, doc_lang, near);
            near = clear.or(near);
            scratch.clear();
            if let Some(l) = l {
                vocab.find_into(&b.text, l, &mut scratch);
            }
            if l.is_some() {
                clauses::tag_sentences(i, &b.text, &scratch, &mut sentences);
            }
            block_sentences
                .push(u32::try_from(sentences.len()).expect("fewer than 2^32 sentences"));
            block_lang.push(l);
            let set = &mut block_lists[i * list_words..(i + 1) * list_words];
            for hit in &scratch {
                let l = hit.list.0 as usize;
                set[l / 64] |= 1 << (l % 64);
            }
            hits.push_block(&scratch);
        }
        hits.finish();
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
            business: std::sync::OnceLock::new(),
        }
    }

    /// Every consent grant or request about personal data or marketing, in reading order
    /// (computed once per document; see [`grants`]).
    pub fn grants(&self, doc: &Document) -> &[grants::Grant] {
        self.grants.get_or_init(|| grants::find(doc, self))
    }

    /// Is the document addressed to a business (a developer, advertiser, merchant or
    /// cloud customer) rather than to a person? See [`audience`].
    pub fn business_audience(&self, doc: &Document) -> bool {
        *self.business.get_or_init(|| audience::business(doc, self))
    }

    /// The sentences of block `i` (none for blocks in unsupported languages).
    pub fn sentences_of(&self, i: usize) -> &[Sentence] {
        &self.sentences[self.block_sentences[i] as usize..self.block_sentences[i + 1] as usize]
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

    /// The language to read block `i` in: its own, else the document's, else English.
    pub fn lang_of(&self, i: usize) -> Lang {
        self.block_lang
            .get(i)
            .copied()
            .flatten()
            .or(self.lang())
            .unwrap_or(Lang::En)
    }

    /// Is `at` (a byte range of `text`, block `i`'s text or a label of it) denied within
    /// `sentence` ("we do not share", "no health data", "vi videregiver ikke")? One
    /// negation analysis for every lint: [`negation::negated`].
    pub fn negated_in(
        &self,
        i: usize,
        text: &str,
        sentence: std::ops::Range<usize>,
        at: std::ops::Range<usize>,
    ) -> bool {
        negation::negated(text, sentence, at, self.lang_of(i))
    }

    /// Is `at` inside a condition about the reader's own act ("When you contact us for
    /// business purposes, ...")? [`negation::reader_condition`].
    pub fn in_reader_condition(
        &self,
        i: usize,
        text: &str,
        sentence: std::ops::Range<usize>,
        at: std::ops::Range<usize>,
    ) -> bool {
        negation::reader_condition(text, sentence, at, self.lang_of(i))
    }

    /// Does the main clause of `sentence` deny everything up to `at` ("Taboola does not
    /// knowingly create segments that are based upon ... (for example, ...)")?
    /// [`negation::main_clause_denies`].
    pub fn main_clause_denies(
        &self,
        i: usize,
        text: &str,
        sentence: std::ops::Range<usize>,
        at: usize,
    ) -> bool {
        negation::main_clause_denies(text, sentence, at, self.lang_of(i))
    }

    /// Is the reader the subject of the verb at the start of `at` ("you can customize
    /// your experience")? [`negation::reader_subject`]; `need_modal` as there.
    pub fn reader_is_subject(
        &self,
        i: usize,
        text: &str,
        sentence: std::ops::Range<usize>,
        at: std::ops::Range<usize>,
        need_modal: bool,
    ) -> bool {
        negation::reader_subject(text, sentence, at, self.lang_of(i), need_modal)
    }

    /// Is `at` inside an indirect question ("whether the Owner is processing ... for
    /// direct marketing purposes")? [`negation::indirect_question`].
    pub fn in_indirect_question(
        &self,
        i: usize,
        text: &str,
        sentence: std::ops::Range<usize>,
        at: std::ops::Range<usize>,
    ) -> bool {
        negation::indirect_question(text, sentence, at, self.lang_of(i))
    }

    /// Where the clause holding `from` ends within `sentence` of block `i`'s text (a
    /// semicolon, a coordinated main clause with its own subject): [`negation::clause_end`].
    pub fn clause_end(
        &self,
        i: usize,
        text: &str,
        sentence: std::ops::Range<usize>,
        from: usize,
    ) -> usize {
        negation::clause_end(text, sentence, from, self.lang_of(i))
    }

    /// Is `at` of block `i`'s text denied within its own sentence?
    pub fn negated(&self, doc: &Document, i: usize, at: std::ops::Range<usize>) -> bool {
        let text = &doc.blocks[i].text;
        let s = self
            .sentences_of(i)
            .iter()
            .find(|s| {
                s.range().start <= at.start && at.start < s.range().end.max(s.range().start + 1)
            })
            .map(|s| s.range())
            .unwrap_or(0..text.len());
        self.negated_in(i, text, s, at)
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

/// The hits of one span of a block's text, as stored: 8 bytes for all the lists that
/// matched exactly there. Offsets are into the block's text (a block holds at most 64 KiB,
/// a heading any length: `u32` as in the offset maps).
#[derive(Debug, Clone, Copy)]
struct SpanHits {
    start: u32,
    /// `end - start`, or [`LONG`] when that does not fit: the end is in [`HitStore::long`].
    len: u16,
    /// Index into [`HitStore::sets`]: the lists, in ascending order.
    set: u16,
}

/// The `len` of a span whose length does not fit in 16 bits (a wildcard phrase that
/// matched inside a 64 KiB "word", such as a base64 string).
const LONG: u16 = u16::MAX;

/// Every block's hits in one flat array of spans: block `i` holds
/// `spans[first[i]..first[i + 1]]`. A large file has about one hit per word, and most
/// words hit several lists at once ("data" is a word of five packs): 3.3M hits on 20 MB
/// of terms are 1.6M spans with 391 distinct sets of lists, so a span names its set.
struct HitStore {
    spans: Vec<SpanHits>,
    first: Vec<u32>,
    /// `(index into spans, end)` for the spans stored with [`LONG`], in index order.
    long: Vec<(u32, u32)>,
    /// Set `k` is `set_lists[set_start[k]..set_start[k + 1]]`; sets `0..lists` are the
    /// single lists, so that a span can always fall back to one entry per list.
    set_start: Vec<u32>,
    set_lists: Vec<u16>,
    /// Sets by their lists, while hits are added.
    interned: std::collections::HashMap<Vec<u16>, u16>,
    /// The number of single-list sets.
    singles: usize,
}

impl HitStore {
    fn with_blocks(blocks: usize, lists: usize) -> HitStore {
        let mut first = Vec::with_capacity(blocks + 1);
        first.push(0);
        let lists = lists.min(u16::MAX as usize);
        HitStore {
            spans: Vec::new(),
            first,
            long: Vec::new(),
            set_start: (0..=lists as u32).collect(),
            set_lists: (0..lists as u16).collect(),
            interned: std::collections::HashMap::new(),
            singles: lists,
        }
    }

    /// Append the next block's hits (sorted by start, end and list).
    fn push_block(&mut self, hits: &[Hit]) {
        let mut i = 0;
        while i < hits.len() {
            let (start, end) = (hits[i].start, hits[i].end);
            let mut j = i + 1;
            while j < hits.len() && hits[j].start == start && hits[j].end == end {
                j += 1;
            }
            match self.set_of(&hits[i..j]) {
                Some(set) => self.push_span(start, end, set),
                // more distinct sets than a u16 names: one span per list
                None => {
                    for h in &hits[i..j] {
                        assert!((h.list.0 as usize) < self.singles, "list ids fit in a u16");
                        self.push_span(start, end, h.list.0);
                    }
                }
            }
            i = j;
        }
        self.first
            .push(u32::try_from(self.spans.len()).expect("fewer than 2^32 spans"));
    }

    /// The set of the lists of `hits` (one span), if it has or can get an id.
    fn set_of(&mut self, hits: &[Hit]) -> Option<u16> {
        if let [h] = hits {
            return ((h.list.0 as usize) < self.singles).then_some(h.list.0);
        }
        let lists: Vec<u16> = hits.iter().map(|h| h.list.0).collect();
        if let Some(&k) = self.interned.get(&lists) {
            return Some(k);
        }
        let k = u16::try_from(self.set_start.len() - 1)
            .ok()
            .filter(|&k| k != u16::MAX)?;
        self.set_lists.extend_from_slice(&lists);
        self.set_start
            .push(u32::try_from(self.set_lists.len()).expect("fewer than 2^32 set entries"));
        self.interned.insert(lists, k);
        Some(k)
    }

    fn push_span(&mut self, start: usize, end: usize, set: u16) {
        let idx = u32::try_from(self.spans.len()).expect("fewer than 2^32 spans");
        let len = match u16::try_from(end - start) {
            Ok(l) if l != LONG => l,
            _ => {
                let end = u32::try_from(end).expect("block offsets fit in 32 bits");
                self.long.push((idx, end));
                LONG
            }
        };
        self.spans.push(SpanHits {
            start: u32::try_from(start).expect("block offsets fit in 32 bits"),
            len,
            set,
        });
    }

    fn finish(&mut self) {
        self.spans.shrink_to_fit();
        self.long.shrink_to_fit();
        self.interned = std::collections::HashMap::new();
    }

    /// The hits of block `i` from the first that starts at or after `from`, sorted by
    /// start, end and list.
    fn in_block(&self, i: usize, from: usize) -> impl Iterator<Item = Hit> + '_ {
        let (a, b) = (self.first[i] as usize, self.first[i + 1] as usize);
        // spans are sorted by start: a binary search, not a scan of the whole block
        let skip = self.spans[a..b].partition_point(|h| (h.start as usize) < from);
        (a + skip..b).flat_map(move |k| {
            let h = self.spans[k];
            let start = h.start as usize;
            let end = if h.len == LONG {
                let j = self
                    .long
                    .binary_search_by_key(&(k as u32), |&(idx, _)| idx)
                    .expect("a long span has its end recorded");
                self.long[j].1 as usize
            } else {
                start + h.len as usize
            };
            let set = h.set as usize;
            let lists =
                &self.set_lists[self.set_start[set] as usize..self.set_start[set + 1] as usize];
            lists.iter().map(move |&l| Hit {
                list: ListId(l),
                start,
                end,
            })
        })
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

/// The language of block `b`: its own text where that is long and clear enough, else its
/// declared language, else the language of the nearest earlier block whose text was clear
/// (`near`: a page with a Danish and an English half has short list items in each), else
/// the document's. Also returns the language detected from the block's own text, when
/// it is clear and one the lints read, for the blocks after it.
fn block_language(
    b: &Block,
    doc: &Document,
    doc_lang: Option<Detected>,
    near: Option<Detected>,
) -> (Option<Lang>, Option<Detected>) {
    // one pass: detection counts the words it reads
    if let (Some(g), words) = language::detect_counting(&b.text, 400) {
        if words >= BLOCK_DETECT_WORDS && g.plausible() {
            let l = Lang::from_detected(g.lang);
            return (l, l.map(|_| g.lang));
        }
    }
    let l = explicit_lang(b.declared_lang.as_deref(), doc)
        .or(near)
        .or(doc_lang)
        .and_then(Lang::from_detected);
    (l, None)
}
