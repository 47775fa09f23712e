//! Token patterns: the packs' `[[patterns]]` compiled against the stemmers and the
//! lexicons, once per process and language, and matched over a sentence's tokens
//! ([`super::tokens`]). The syntax is in [`crate::pattern_syntax`].
//!
//! A lexicon (`@list`) is a pack's `lexicon.<lang>.<list>` or `phrases.<lang>.<list>`:
//! every entry is matched by the stems of its words, so "improve our service" also
//! finds "improving our services"; `*` at a word's end or start matches continuations
//! and compound heads ("markedsføring*", "*formål"); `=word` matches that form only.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::tokens::{self, Kind, Token};
use super::Lang;
use crate::packs::{self, Pack};
use crate::pattern_syntax::{self as syntax, Atom, Node};

/// One word constraint of a lexicon entry or a pattern.
#[derive(Debug, Clone)]
enum Word {
    Stem(String),
    Exact(String),
    Prefix(String),
    Suffix(String),
    Punct(char),
}

impl Word {
    fn matches(&self, t: &Token) -> bool {
        match self {
            Word::Stem(s) => t.is_word() && (t.stem == *s || t.norm == *s),
            Word::Exact(s) => t.norm == *s,
            Word::Prefix(p) => t.is_word() && t.norm.starts_with(p.as_str()),
            Word::Suffix(p) => t.is_word() && t.norm.ends_with(p.as_str()),
            Word::Punct(c) => t.kind == Kind::Punct(*c),
        }
    }
}

/// A compiled lexicon: its one-word entries by stem (a set lookup per token) and the rest
/// as sequences.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// [`tokens::word_hash`] of each one-word entry's stem.
    stems: tokens::HashSet64,
    /// Multi-word entries by the hash of their first word's stem (or exact form).
    by_first: HashMap<u64, Vec<usize>, std::hash::BuildHasherDefault<tokens::PreHashed>>,
    /// Multi-word entries whose first word is a prefix, suffix or punctuation.
    unindexed: Vec<usize>,
    others: Vec<Vec<Word>>,
}

impl Lexicon {
    fn build(entries: &[String], lang: Lang) -> Lexicon {
        let mut lx = Lexicon::default();
        for e in entries {
            let mut seq = Vec::new();
            for piece in e.split_whitespace() {
                // `=word`: this form only, where a stem would reach too far ("use" is
                // also "using"; "reason" also "reasonably")
                if let Some(exact) = piece.strip_prefix('=') {
                    seq.push(Word::Exact(tokens::fold_word(exact)));
                    continue;
                }
                let core = piece.trim_matches('*');
                if core.is_empty() {
                    continue;
                }
                let toks = tokens::tokenize(core, 0..core.len(), lang);
                let n = toks.len();
                for (k, t) in toks.into_iter().enumerate() {
                    let w = match t.kind {
                        Kind::Punct(c) => Word::Punct(c),
                        _ if k == 0 && piece.starts_with('*') => Word::Suffix(t.norm),
                        _ if k + 1 == n && piece.ends_with('*') => Word::Prefix(t.norm),
                        // a lexicon entry matches inflections; numbers and short words too
                        _ => Word::Stem(t.stem),
                    };
                    seq.push(w);
                }
            }
            // "bl.a." and "e.g.": the closing dot is the sentence's, not the entry's
            while seq.len() > 1 && matches!(seq.last(), Some(Word::Punct('.'))) {
                seq.pop();
            }
            match seq.as_slice() {
                [] => {}
                [Word::Stem(s)] => {
                    lx.stems.insert(tokens::word_hash(s));
                }
                _ => {
                    let k = lx.others.len();
                    match &seq[0] {
                        Word::Stem(w) | Word::Exact(w) => {
                            lx.by_first.entry(tokens::word_hash(w)).or_default().push(k)
                        }
                        _ => lx.unindexed.push(k),
                    }
                    lx.others.push(seq);
                }
            }
        }
        lx
    }

    /// The ends (token index after the match) of every entry that matches at `i`.
    pub fn ends_at(&self, toks: &[Token], i: usize, out: &mut Vec<usize>) {
        let Some(t) = toks.get(i) else { return };
        if t.is_word() && (self.stems.contains(&t.stem_hash) || self.stems.contains(&t.norm_hash)) {
            out.push(i + 1);
        }
        let candidates = [t.stem_hash, t.norm_hash]
            .into_iter()
            .enumerate()
            .filter(|&(k, h)| k == 0 || h != t.stem_hash)
            .filter_map(|(_, h)| self.by_first.get(&h))
            .flatten()
            .chain(&self.unindexed);
        for &k in candidates {
            let seq = &self.others[k];
            if i + seq.len() <= toks.len() && seq.iter().zip(&toks[i..]).all(|(w, t)| w.matches(t))
            {
                out.push(i + seq.len());
            }
        }
        if out.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
    }
}

/// Word classes of the shared analysis: four recognised by their form, the rest the
/// closed lists of the `words` concept pack (by their index in
/// [`syntax::CLASSES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Cap,
    Gen,
    Comma,
    Quote,
    Num,
    Break,
    Lex(usize),
}

#[derive(Debug)]
enum CAtom {
    Word(Word),
    Lex(usize),
    Class(Class),
    Any,
    Group(Vec<Vec<CNode>>),
    Start,
    SpanStart,
    SpanEnd,
}

#[derive(Debug)]
struct CNode {
    atom: CAtom,
    min: u8,
    max: u8,
}

/// A compiled pattern of a pack.
#[derive(Debug)]
pub struct Pattern {
    pub pack: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    nodes: Vec<CNode>,
    unless: Vec<Vec<CNode>>,
}

/// Paths to atoms of which every match of `nodes` must match one somewhere: the first
/// mandatory word or lexicon at the top level, or of each alternative of a mandatory
/// group. `None` when there is no such set (the pattern is tried everywhere).
fn anchor_of(nodes: &[CNode]) -> Option<Vec<&CAtom>> {
    for n in nodes {
        if n.min == 0 {
            continue;
        }
        match &n.atom {
            CAtom::Word(_) | CAtom::Lex(_) => return Some(vec![&n.atom]),
            CAtom::Group(alts) if !alts.is_empty() => {
                let mut all = Vec::new();
                let mut ok = true;
                for alt in alts {
                    match anchor_of(alt) {
                        Some(a) => all.extend(a),
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok {
                    return Some(all);
                }
            }
            _ => {}
        }
    }
    None
}

/// A match of a pattern: its reported range in the block's text, and its tokens.
#[derive(Debug, Clone)]
pub struct Match {
    pub pattern: &'static Pattern,
    /// Byte range in the block's text (between `<` and `>` if the pattern marks them).
    pub range: Range<usize>,
    /// Token range of the whole match.
    pub tokens: Range<usize>,
}

/// Everything compiled for one language.
pub struct Compiled {
    lang: Lang,
    lexicons: Vec<Lexicon>,
    lexicon_ids: HashMap<String, usize>,
    pub patterns: Vec<Pattern>,
    /// Per [`syntax::CLASSES`] entry: its `words` lexicon.
    class_lex: Vec<Option<usize>>,
}

/// The word class named `name` in a pattern.
fn class_named(name: &str) -> Option<Class> {
    Some(match name {
        "cap" => Class::Cap,
        "gen" => Class::Gen,
        "comma" => Class::Comma,
        "quote" => Class::Quote,
        "num" => Class::Num,
        "break" => Class::Break,
        // the others are lists of the `words` pack (`lints/concepts/words.toml`)
        _ => Class::Lex(syntax::CLASSES.iter().position(|n| *n == name)?),
    })
}

impl Compiled {
    /// The patterns and lexicons of the embedded packs for `lang`, compiled once per
    /// process on first use.
    pub fn get(lang: Lang) -> &'static Compiled {
        static EN: OnceLock<Compiled> = OnceLock::new();
        static DA: OnceLock<Compiled> = OnceLock::new();
        let cell = match lang {
            Lang::En => &EN,
            Lang::Da => &DA,
        };
        cell.get_or_init(|| Compiled::build(packs::embedded(), lang))
    }

    fn build(packs: &'static [Pack], lang: Lang) -> Compiled {
        let mut c = Compiled {
            lang,
            lexicons: Vec::new(),
            lexicon_ids: HashMap::new(),
            patterns: Vec::new(),
            class_lex: Vec::new(),
        };
        c.class_lex = syntax::CLASSES
            .iter()
            .map(|name| c.lexicon(packs, &format!("words.{name}")))
            .collect();
        for p in packs {
            for def in p.patterns.iter().filter(|d| d.lang == lang.code()) {
                // checked at build time; a pattern that fails here is left out
                let Ok(nodes) = syntax::parse(&def.pattern) else {
                    continue;
                };
                let nodes = c.compile_seq(packs, &p.id, &nodes);
                let unless = def
                    .unless
                    .iter()
                    .filter_map(|u| syntax::parse(u).ok())
                    .map(|u| c.compile_seq(packs, &p.id, &u))
                    .collect();
                c.patterns.push(Pattern {
                    pack: &p.id,
                    name: &def.name,
                    kind: &def.kind,
                    nodes,
                    unless,
                });
            }
        }
        c
    }

    /// The lexicon `pack.list` (its `lexicon` table first, then `phrases`), compiled once.
    fn lexicon(&mut self, packs: &[Pack], full: &str) -> Option<usize> {
        if let Some(&id) = self.lexicon_ids.get(full) {
            return Some(id);
        }
        let (pack, list) = full.split_once('.')?;
        let p = packs.iter().find(|p| p.id == pack)?;
        let code = self.lang.code();
        let entries = p
            .lexicon
            .get(code)
            .and_then(|l| l.get(list))
            .or_else(|| p.phrases.get(code).and_then(|l| l.get(list)))?;
        let id = self.lexicons.len();
        self.lexicons.push(Lexicon::build(entries, self.lang));
        self.lexicon_ids.insert(full.to_string(), id);
        Some(id)
    }

    fn compile_seq(&mut self, packs: &[Pack], pack: &str, nodes: &[Node]) -> Vec<CNode> {
        nodes
            .iter()
            .map(|n| CNode {
                atom: self.compile_atom(packs, pack, &n.atom),
                min: n.min,
                max: n.max,
            })
            .collect()
    }

    fn compile_atom(&mut self, packs: &[Pack], pack: &str, a: &Atom) -> CAtom {
        let lang = self.lang;
        match a {
            Atom::Stem(w) => CAtom::Word(Word::Stem(tokens::stem(&tokens::fold_word(w), lang))),
            Atom::Exact(w) => CAtom::Word(Word::Exact(tokens::fold_word(w))),
            Atom::Prefix(w) => CAtom::Word(Word::Prefix(tokens::fold_word(w))),
            Atom::Suffix(w) => CAtom::Word(Word::Suffix(tokens::fold_word(w))),
            Atom::List(name) => {
                let full = if name.contains('.') {
                    name.clone()
                } else {
                    format!("{pack}.{name}")
                };
                match self.lexicon(packs, &full) {
                    Some(id) => CAtom::Lex(id),
                    // a list missing in this language matches nothing
                    None => CAtom::Group(Vec::new()),
                }
            }
            // the syntax checks class names at build time (pattern_syntax::CLASSES)
            Atom::Class(c) => match class_named(c) {
                Some(class) => CAtom::Class(class),
                None => CAtom::Group(Vec::new()),
            },
            Atom::Any => CAtom::Any,
            Atom::Group(alts) => CAtom::Group(
                alts.iter()
                    .map(|s| self.compile_seq(packs, pack, s))
                    .collect(),
            ),
            Atom::SentenceStart => CAtom::Start,
            Atom::SpanStart => CAtom::SpanStart,
            Atom::SpanEnd => CAtom::SpanEnd,
        }
    }

    /// The patterns of `pack`.
    pub fn of<'a>(&'a self, pack: &'a str) -> impl Iterator<Item = &'a Pattern> + 'a {
        self.patterns.iter().filter(move |p| p.pack == pack)
    }

    /// The language these patterns are for.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The end (token index after it) of the longest entry of the closed word class
    /// `name` (`"neg"`, `"contrast"`, `"reader"`, ... of the `words` pack) that starts at
    /// token `i`, if one does: the shared analysis reads clauses with these.
    pub fn class_end(&self, name: &str, toks: &[Token], i: usize) -> Option<usize> {
        let class = class_named(name)?;
        let mut out = Vec::new();
        self.class_at(class, toks, i, &mut out);
        out.into_iter().max()
    }

    /// Is token `i` of word class `class`?
    fn class_at(&self, class: Class, toks: &[Token], i: usize, out: &mut Vec<usize>) {
        let Some(t) = toks.get(i) else { return };
        let lex = |k: usize| {
            self.class_lex
                .get(k)
                .copied()
                .flatten()
                .map(|id| &self.lexicons[id])
        };
        let ok = match class {
            // a possessive ("the User's express consent", "Google's use") modifies a noun:
            // it is no subject, which is what every `[cap]` in the packs stands for
            Class::Cap => {
                t.is_word()
                    && t.cap
                    && !at_start(toks, i)
                    && !shouted(toks, i)
                    && !t.norm.ends_with("'s")
                    && !t.norm.ends_with("s'")
            }
            // a genitive: English 's or s'; a Danish definite noun with the genitive -s
            // ("brugerens", "kundens", "selskabets", "deltagernes")
            Class::Gen => {
                t.is_word()
                    && match self.lang {
                        Lang::En => t.norm.ends_with("'s") || t.norm.ends_with("s'"),
                        Lang::Da => {
                            t.norm.len() > 5
                                && ["ens", "ets", "nes"].iter().any(|e| t.norm.ends_with(e))
                        }
                    }
            }
            Class::Comma => t.kind == Kind::Punct(','),
            Class::Quote => matches!(
                t.kind,
                Kind::Punct('"' | '“' | '”' | '„' | '«' | '»' | '\'' | '‘' | '’')
            ),
            Class::Num => t.kind == Kind::Number,
            Class::Break => t.is_break(),
            // adverbs: the closed list, and in English the -ly words
            Class::Lex(k)
                if syntax::CLASSES[k] == "adv"
                    && self.lang == Lang::En
                    && t.is_word()
                    && t.norm.ends_with("ly") =>
            {
                true
            }
            Class::Lex(k) => {
                if let Some(lx) = lex(k) {
                    lx.ends_at(toks, i, out);
                }
                return;
            }
        };
        if ok {
            out.push(i + 1);
        }
    }

    /// Every match of `patterns` in `toks`: at each start the longest match of each
    /// pattern, less those an `unless` pattern overlaps. In token order.
    pub fn find<'a>(
        &'a self,
        patterns: impl Iterator<Item = &'a Pattern>,
        toks: &[Token],
    ) -> Vec<Match>
    where
        'a: 'static,
    {
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        let mut lex_present: HashMap<usize, bool> = HashMap::new();
        for p in patterns {
            // a sentence without a token that any anchor matches cannot match: skip it
            // without trying each position
            if let Some(anchors) = anchor_of(&p.nodes) {
                let present = anchors.iter().any(|atom| {
                    // a lexicon's presence is looked up once per sentence, not per pattern
                    if let CAtom::Lex(id) = atom {
                        if let Some(&known) = lex_present.get(id) {
                            return known;
                        }
                    }
                    let found = (0..toks.len()).any(|j| {
                        scratch.clear();
                        self.atom_ends(atom, toks, j, &mut scratch);
                        !scratch.is_empty()
                    });
                    if let CAtom::Lex(id) = atom {
                        lex_present.insert(*id, found);
                    }
                    found
                });
                if !present {
                    continue;
                }
            }
            // the work is bounded per token, so a hostile sentence of 100,000 words costs
            // a linear amount, whatever the pattern
            let mut total: u64 = 64 * toks.len() as u64 + 20_000;
            let mut i = 0;
            while i < toks.len() && total > 0 {
                let mut best: Option<(usize, Option<usize>, Option<usize>)> = None;
                let mut budget = total.min(20_000) as u32;
                let given = budget;
                self.seq(
                    &p.nodes,
                    toks,
                    i,
                    (None, None),
                    &mut budget,
                    &mut |end, (s, e)| {
                        if end > i && best.is_none_or(|b| end > b.0) {
                            best = Some((end, s, e));
                        }
                    },
                );
                total -= u64::from(given - budget);
                if let Some((end, s, e)) = best {
                    // an anti-pattern cancels a match it overlaps: it starts at most a
                    // pattern's reach before the match
                    let cancelled = p.unless.iter().any(|u| {
                        (i.saturating_sub(24)..end).any(|j| {
                            let mut hit = false;
                            let mut budget = 20_000u32;
                            self.seq(u, toks, j, (None, None), &mut budget, &mut |uend, _| {
                                if uend > j && j < end && i < uend {
                                    hit = true;
                                }
                            });
                            hit
                        })
                    });
                    if !cancelled {
                        let s = s.unwrap_or(i);
                        let e = e.unwrap_or(end);
                        // the span covers whole tokens, never punctuation at its edges
                        let (mut s, mut e) = (s, e.max(s));
                        while s < e && !toks[s].is_word() {
                            s += 1;
                        }
                        while e > s && !toks[e - 1].is_word() {
                            e -= 1;
                        }
                        if s < e {
                            out.push(Match {
                                pattern: p,
                                range: toks[s].start..toks[e - 1].end,
                                tokens: i..end,
                            });
                        }
                        i = end;
                        continue;
                    }
                }
                i += 1;
            }
        }
        out.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn seq(
        &self,
        nodes: &[CNode],
        toks: &[Token],
        i: usize,
        marks: (Option<usize>, Option<usize>),
        budget: &mut u32,
        k: &mut dyn FnMut(usize, (Option<usize>, Option<usize>)),
    ) {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let Some((n, rest)) = nodes.split_first() else {
            k(i, marks);
            return;
        };
        self.repeat(n, rest, toks, i, 0, marks, budget, k);
    }

    #[allow(clippy::too_many_arguments)]
    fn repeat(
        &self,
        n: &CNode,
        rest: &[CNode],
        toks: &[Token],
        i: usize,
        count: u8,
        marks: (Option<usize>, Option<usize>),
        budget: &mut u32,
        k: &mut dyn FnMut(usize, (Option<usize>, Option<usize>)),
    ) {
        if *budget == 0 {
            return;
        }
        // greedy: one more first, then stop here
        if count < n.max {
            let mut ends = Vec::new();
            let mut m = marks;
            match &n.atom {
                CAtom::Start => {
                    if at_start(toks, i) {
                        ends.push(i);
                    }
                }
                CAtom::SpanStart => {
                    m.0 = Some(i);
                    ends.push(i);
                }
                CAtom::SpanEnd => {
                    m.1 = Some(i);
                    ends.push(i);
                }
                CAtom::Group(alts) => {
                    for alt in alts {
                        let mut sub = Vec::new();
                        self.seq(alt, toks, i, m, budget, &mut |e, mk| sub.push((e, mk)));
                        for (e, mk) in sub {
                            if e > i || count + 1 >= n.min {
                                self.repeat(n, rest, toks, e, count + 1, mk, budget, k);
                            }
                        }
                    }
                }
                _ => self.atom_ends(&n.atom, toks, i, &mut ends),
            }
            if !matches!(n.atom, CAtom::Group(_)) {
                for e in ends {
                    if e == i
                        && count + 1 < n.max
                        && !matches!(n.atom, CAtom::Start | CAtom::SpanStart | CAtom::SpanEnd)
                    {
                        continue;
                    }
                    self.repeat(n, rest, toks, e, count + 1, m, budget, k);
                }
            }
        }
        if count >= n.min {
            self.seq(rest, toks, i, marks, budget, k);
        }
    }

    fn atom_ends(&self, a: &CAtom, toks: &[Token], i: usize, out: &mut Vec<usize>) {
        let Some(t) = toks.get(i) else { return };
        match a {
            CAtom::Word(w) => {
                if w.matches(t) {
                    out.push(i + 1);
                }
            }
            CAtom::Lex(id) => self.lexicons[*id].ends_at(toks, i, out),
            CAtom::Class(c) => self.class_at(*c, toks, i, out),
            CAtom::Any => {
                // a word, or the genitive apostrophe or the hyphen of a suspended compound that
                // closes one ("Lykkeberg 1899' nyhedsbrev", "the members' newsletter",
                // "markedsførings- og profileringsformål"): part of the word before it, not a
                // quotation mark or a dash
                let genitive = matches!(t.kind, Kind::Punct('\'' | '-'))
                    && i > 0
                    && toks[i - 1].is_word()
                    && toks[i - 1].end == t.start
                    && toks
                        .get(i + 1)
                        .is_none_or(|n| n.start > t.end || !n.is_word());
                if t.is_word() || genitive {
                    out.push(i + 1);
                }
            }
            _ => {}
        }
    }
}

/// Is token `i` the first word of its sentence (only punctuation, bullets or quotes
/// before it)?
/// Is word `i` part of a run of text set in capitals ("YOU ARE NOT REQUIRED TO CONSENT")?
/// There a capital marks nothing: no word of it is a name. An acronym among lower-case
/// words ("IBM consents") keeps its capital.
pub(crate) fn shouted(toks: &[Token], i: usize) -> bool {
    let upper = |t: &Token| {
        t.is_word()
            && t.end > t.start + 1
            && t.norm.chars().any(char::is_alphabetic)
            && t.norm.chars().count() >= 2
            && t.cap
            && t.upper
    };
    let Some(t) = toks.get(i) else { return false };
    if !upper(t) {
        return false;
    }
    let prev = toks[..i].iter().rev().find(|t| t.is_word());
    let next = toks[i + 1..].iter().find(|t| t.is_word());
    prev.is_some_and(upper) || next.is_some_and(upper)
}

fn at_start(toks: &[Token], i: usize) -> bool {
    toks[..i.min(toks.len())].iter().all(|t| !t.is_word())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packs::{Pack, PatternDef};

    fn pack(lexicon: &[(&str, &[&str])], pats: &[&str]) -> &'static [Pack] {
        let mut p: Pack =
            crate::packs::parse_pack("t.toml", "id = \"t\"\nsummary = \"t\"\n").unwrap();
        let mut lists = std::collections::BTreeMap::new();
        for (n, es) in lexicon {
            lists.insert(n.to_string(), es.iter().map(|s| s.to_string()).collect());
        }
        p.lexicon.insert("en".into(), lists);
        for (k, s) in pats.iter().enumerate() {
            p.patterns.push(PatternDef {
                name: format!("p{k}"),
                lang: "en".into(),
                source: String::new(),
                kind: String::new(),
                pattern: s.to_string(),
                unless: vec![],
                fires: vec![],
                silent: vec![],
            });
        }
        let mut all = packs::embedded().to_vec();
        all.push(p);
        Box::leak(all.into_boxed_slice())
    }

    fn find(packs: &'static [Pack], text: &str) -> Vec<String> {
        let c: &'static Compiled = Box::leak(Box::new(Compiled::build(packs, Lang::En)));
        let toks = tokens::tokenize(text, 0..text.len(), Lang::En);
        c.find(c.of("t"), &toks)
            .into_iter()
            .map(|m| text[m.range].to_string())
            .collect()
    }

    #[test]
    fn stems_gaps_and_marks() {
        let p = pack(
            &[("object", &["service", "user experience", "web*"])],
            &["=to [adv]? < improve [poss]? _{0,2} @object >"],
        );
        assert_eq!(
            find(
                p,
                "We use data to continuously improving our online services."
            ),
            vec!["improving our online services"]
        );
        assert_eq!(
            find(p, "to improve the user experiences, and"),
            vec!["improve the user experiences"]
        );
        assert_eq!(find(p, "to improve websites"), vec!["improve websites"]);
        // a gap does not cross a comma or a full stop
        assert!(find(p, "to improve it, our services").is_empty());
        assert!(find(p, "to improve. Our services").is_empty());
    }

    #[test]
    fn alternatives_optionals_and_unless() {
        let mut p = pack(
            &[],
            &["(for | with) [det]? (marketing | promotional) purpose"],
        )
        .to_vec();
        let last = p.last_mut().unwrap();
        last.patterns[0].unless = vec!["purpose other than".into()];
        let p: &'static [Pack] = Box::leak(p.into_boxed_slice());
        assert_eq!(
            find(p, "data for the marketing purposes of X"),
            vec!["for the marketing purposes"]
        );
        assert_eq!(
            find(p, "with promotional purposes"),
            vec!["with promotional purposes"]
        );
        assert!(find(p, "for marketing purposes other than ours").is_empty());
    }

    #[test]
    fn sentence_start_and_classes() {
        let p = pack(&[], &["^ [reader] agree", "[neg] share"]);
        assert_eq!(find(p, "- You agree to it"), vec!["You agree",]);
        assert!(find(p, "And you agree").is_empty());
        assert_eq!(find(p, "we never share it"), vec!["never share"]);
    }
}
