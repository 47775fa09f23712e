//! The shared phrase matcher.
//!
//! Every phrase list of every pack is compiled once per process into one
//! Aho-Corasick automaton over *normalized* text: simple case folding
//! (Æ/Ø/Å included), NBSP and other spaces as a space, soft hyphens and
//! zero-width characters dropped, curly quotes straightened, runs of white
//! space and hyphens unified into one space. Matches are whole-word: word
//! boundaries are checked here (Unicode-aware, without regex's slow path).
//! A trailing `*` in a phrase matches word continuations (`markedsføring*`
//! covers "markedsføringsformål"); a leading `*` matches compounds
//! (`*nyhedsbrev` covers "kundenyhedsbrev").

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::Lang;
use crate::packs::{self, Pack};

/// Identifies a phrase list: `"<pack id>.<list name>"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ListId(pub u16);

/// A phrase found in a text; offsets are into the text that was searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub list: ListId,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    list: ListId,
    open_start: bool,
    open_end: bool,
}

/// All phrase lists, compiled.
pub struct Vocab {
    names: Vec<String>,
    by_name: HashMap<String, ListId>,
    /// One table per language ([`Lang`] as index): a one-file run on an English page
    /// builds only the English automaton (half the start-up), and a search never wades
    /// through the other language's matches.
    langs: [LangTable; 2],
}

/// The phrases of one language: literals and the automaton over them, built on first use.
struct LangTable {
    literals: Vec<String>,
    /// pattern id -> entries that use this literal
    entries: Vec<Vec<Entry>>,
    ac: OnceLock<AhoCorasick>,
}

impl LangTable {
    fn new() -> LangTable {
        LangTable {
            literals: Vec::new(),
            entries: Vec::new(),
            ac: OnceLock::new(),
        }
    }

    fn automaton(&self) -> &AhoCorasick {
        self.ac.get_or_init(|| {
            // measured for start-up (issue #5), English, 2417 literals: a NoncontiguousNFA
            // skips the contiguous pass (18.8M -> 15.2M instructions) but the corpus run
            // took ~15% more CPU; prefilter(false) saves 0.1M, byte_classes(false) costs
            // 0.3M, dense_depth(0) costs 8.5M. The contiguous NFA stays.
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&self.literals)
                .or_else(|_| {
                    AhoCorasick::builder()
                        .match_kind(MatchKind::Standard)
                        .build(&self.literals)
                })
                .expect("phrase automaton builds")
        })
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Da => 1,
    }
}

/// Text normalized for matching, with a map back to the original.
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    pub text: String,
    /// The map back to the original, as runs by normalized offset (a few per paragraph:
    /// plain ASCII maps byte for byte, so only collapsed white space, removed invisible
    /// characters and non-ASCII characters start a run). Per-byte tables cost two pushes
    /// and 8 bytes for every byte searched.
    runs: Vec<Run>,
}

/// From normalized offset `norm` on: byte `k` comes from original byte
/// `orig + (k - norm)` (`char_len == 0`, plain ASCII), or every byte of the run comes
/// from the one original character `orig..orig + char_len`.
#[derive(Debug, Default, Clone, Copy)]
struct Run {
    norm: u32,
    orig: u32,
    char_len: u32,
}

impl Normalized {
    fn run_at(&self, k: usize) -> &Run {
        let i = self.runs.partition_point(|r| r.norm as usize <= k);
        &self.runs[i - 1]
    }

    /// The original range of the normalized range `a..b`.
    pub fn original(&self, a: usize, b: usize) -> (usize, usize) {
        let r = self.run_at(a);
        let start = if r.char_len == 0 {
            r.orig as usize + (a - r.norm as usize)
        } else {
            r.orig as usize
        };
        let r = self.run_at(b - 1);
        let end = if r.char_len == 0 {
            r.orig as usize + (b - 1 - r.norm as usize) + 1
        } else {
            (r.orig + r.char_len) as usize
        };
        (start, end)
    }
}

fn is_hyphen(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

/// Normalize text for matching (see the module docs).
pub fn normalize(text: &str) -> Normalized {
    crate::work::add(text.len());
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut runs: Vec<Run> = Vec::new();
    // the original offset that continues the current byte-for-byte run, if any
    let mut ident_next = usize::MAX;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            // ASCII: white space and '-' collapse to one space, '`' is an apostrophe
            let mapped = match b {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'-' => {
                    if matches!(out.last(), None | Some(b' ')) {
                        i += 1;
                        continue;
                    }
                    b' '
                }
                b'`' => b'\'',
                _ => b.to_ascii_lowercase(),
            };
            if ident_next != i {
                runs.push(Run {
                    norm: out.len() as u32,
                    orig: i as u32,
                    char_len: 0,
                });
            }
            out.push(mapped);
            i += 1;
            ident_next = i;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or('\u{fffd}');
        let len = c.len_utf8();
        let at = i;
        i += len;
        if crate::document::offsets::is_invisible(c) {
            continue;
        }
        let norm = out.len();
        if c.is_whitespace() || is_hyphen(c) {
            if matches!(out.last(), None | Some(b' ')) {
                continue;
            }
            out.push(b' ');
        } else {
            match c {
                '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{b4}' => {
                    out.push(b'\'')
                }
                '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{ab}' | '\u{bb}'
                | '\u{2033}' => out.push(b'"'),
                _ => {
                    let mut buf = [0u8; 4];
                    for l in c.to_lowercase() {
                        out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                    }
                }
            }
        }
        runs.push(Run {
            norm: norm as u32,
            orig: at as u32,
            char_len: len as u32,
        });
        ident_next = usize::MAX;
    }
    // trailing space
    if out.last() == Some(&b' ') {
        out.pop();
    }
    Normalized {
        // whole characters were pushed, so this is UTF-8; checked anyway (fast, and no unsafe)
        text: String::from_utf8(out).unwrap_or_default(),
        runs,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn word_start(t: &str, mut i: usize) -> usize {
    while let Some(c) = t[..i].chars().next_back() {
        if !is_word_char(c) {
            break;
        }
        i -= c.len_utf8();
    }
    i
}

fn word_end(t: &str, mut i: usize) -> usize {
    while let Some(c) = t[i..].chars().next() {
        if !is_word_char(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

impl std::fmt::Debug for Vocab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocab")
            .field("lists", &self.names.len())
            .field(
                "literals",
                &(self.langs[0].literals.len() + self.langs[1].literals.len()),
            )
            .finish()
    }
}

impl Vocab {
    /// The vocabulary of every embedded pack plus `user` packs (`extend-packs`), compiled
    /// once per distinct set of user packs in a process (cached and kept for the run). The
    /// embedded packs come first, so every list keeps the id it has in [`Vocab::global`]
    /// (lints look their lists up once); user packs only add phrases to existing lists.
    pub fn with_user_packs(user: &[Pack]) -> &'static Vocab {
        if user.iter().all(|p| p.phrases.is_empty()) {
            return Vocab::global();
        }
        type Cache = Mutex<HashMap<String, &'static Vocab>>;
        static CACHE: OnceLock<Cache> = OnceLock::new();
        // the phrase tables are BTreeMaps: their debug form is a stable key
        let key: String = user
            .iter()
            .map(|p| format!("{}{:?}\n", p.id, p.phrases))
            .collect();
        let cache = CACHE.get_or_init(Default::default);
        let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = cache.get(&key) {
            return v;
        }
        let v: &'static Vocab =
            Box::leak(Box::new(Vocab::build(packs::embedded().iter().chain(user))));
        debug_assert!(Vocab::global()
            .names
            .iter()
            .enumerate()
            .all(|(i, n)| v.id(n) == Some(ListId(i as u16))));
        cache.insert(key, v);
        v
    }

    /// The vocabulary of every embedded pack.
    pub fn global() -> &'static Vocab {
        static V: OnceLock<Vocab> = OnceLock::new();
        V.get_or_init(|| Vocab::build(packs::embedded().iter()))
    }

    /// Compile the phrase lists of `packs`.
    pub fn build<'a>(packs: impl Iterator<Item = &'a Pack>) -> Vocab {
        let mut names = Vec::new();
        let mut by_name: HashMap<String, ListId> = HashMap::new();
        let mut literal_ids: [HashMap<String, usize>; 2] = Default::default();
        let mut langs = [LangTable::new(), LangTable::new()];
        for pack in packs {
            for (lang, lists) in &pack.phrases {
                let Some(lang) = Lang::from_code(lang) else {
                    continue;
                };
                for (list, phrases) in lists {
                    let name = format!("{}.{}", pack.id, list);
                    let id = *by_name.entry(name.clone()).or_insert_with(|| {
                        names.push(name.clone());
                        ListId((names.len() - 1) as u16)
                    });
                    for p in phrases {
                        let open_start = p.starts_with('*');
                        let open_end = p.ends_with('*');
                        let core = normalize(p.trim_matches('*')).text;
                        if core.is_empty() {
                            continue;
                        }
                        let li = lang_index(lang);
                        let table = &mut langs[li];
                        let pid = *literal_ids[li].entry(core.clone()).or_insert_with(|| {
                            table.literals.push(core.clone());
                            table.entries.push(Vec::new());
                            table.literals.len() - 1
                        });
                        table.entries[pid].push(Entry {
                            list: id,
                            open_start,
                            open_end,
                        });
                    }
                }
            }
        }
        Vocab {
            names,
            by_name,
            langs,
        }
    }

    /// The id of a list by name (`"consent.terms"`); `None` if no pack defines it.
    /// How many phrase lists there are (list ids run from 0 to this).
    pub fn list_count(&self) -> usize {
        self.names.len()
    }

    pub fn id(&self, name: &str) -> Option<ListId> {
        self.by_name.get(name).copied()
    }

    pub fn name(&self, id: ListId) -> &str {
        &self.names[id.0 as usize]
    }

    /// Every phrase of language `lang` in `text`, in order of start. Offsets are into `text`.
    pub fn find(&self, text: &str, lang: Lang) -> Vec<Hit> {
        let norm = normalize(text);
        let mut out = Vec::new();
        self.find_normalized(&norm, lang, &mut out);
        out
    }

    /// Like [`Vocab::find`] over an already normalized text; offsets are into the original.
    pub fn find_normalized(&self, norm: &Normalized, lang: Lang, out: &mut Vec<Hit>) {
        let t = norm.text.as_str();
        if t.is_empty() {
            return;
        }
        let table = &self.langs[lang_index(lang)];
        for m in table.automaton().find_overlapping_iter(t) {
            let (s, e) = (m.start(), m.end());
            let start_boundary = t[..s]
                .chars()
                .next_back()
                .map_or(true, |c| !is_word_char(c));
            let end_boundary = t[e..].chars().next().map_or(true, |c| !is_word_char(c));
            for en in &table.entries[m.pattern().as_usize()] {
                if (start_boundary || en.open_start) && (end_boundary || en.open_end) {
                    // a wildcard match covers the whole word it is part of
                    let s2 = if start_boundary { s } else { word_start(t, s) };
                    let e2 = if end_boundary { e } else { word_end(t, e) };
                    let (os, oe) = norm.original(s2, e2);
                    out.push(Hit {
                        list: en.list,
                        start: os,
                        end: oe,
                    });
                }
            }
        }
        out.sort_by_key(|h| (h.start, h.end));
        out.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packs::parse_pack;

    /// The per-character normalization the run map replaced, kept as the oracle.
    fn reference(text: &str) -> (String, Vec<(usize, usize)>) {
        let mut t = String::new();
        let mut map = Vec::new();
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            if crate::document::offsets::is_invisible(c) {
                continue;
            }
            let before = t.len();
            if c.is_whitespace() || is_hyphen(c) {
                if t.is_empty() || t.ends_with(' ') {
                    continue;
                }
                t.push(' ');
            } else {
                match c {
                    '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`'
                    | '\u{b4}' => t.push('\''),
                    '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{ab}' | '\u{bb}'
                    | '\u{2033}' => t.push('"'),
                    _ => t.extend(c.to_lowercase()),
                }
            }
            for _ in before..t.len() {
                map.push((i, end));
            }
        }
        if t.ends_with(' ') {
            t.pop();
            map.pop();
        }
        (t, map)
    }

    #[test]
    fn normalize_matches_the_per_character_reference() {
        let cases = [
            "",
            "   ",
            "Hello  World",
            "  lead and trail \n",
            "e-mail – opt‑in — X",
            "Vi ØNSKER İstanbul ß straße",
            "it’s “quoted” `tick` ´acute´ «guill»",
            "soft\u{ad}hyphen zero\u{200b}width \u{feff}bom",
            "nbsp\u{a0}\u{a0}here\t\ttabs\r\nCRLF",
            "😀 emoji ÆØÅ æøå",
            "\u{b}vt\u{c}ff\u{1c}fs",
        ];
        for text in cases {
            let n = normalize(text);
            let (t, map) = reference(text);
            assert_eq!(n.text, t, "{text:?}");
            for a in 0..t.len() {
                for b in a + 1..=t.len() {
                    if t.is_char_boundary(a) && t.is_char_boundary(b) {
                        assert_eq!(
                            n.original(a, b),
                            (map[a].0, map[b - 1].1),
                            "{text:?} {a}..{b}"
                        );
                    }
                }
            }
        }
    }

    fn vocab() -> Vocab {
        let p = parse_pack(
            "t.toml",
            r#"
id = "t"
summary = "test"
[phrases.en]
a = ["e-mail", "remember me", "you consent to"]
[phrases.da]
b = ["markedsføring*", "*nyhedsbrev", "fjern krydset", "ØNSKER"]
"#,
        )
        .unwrap();
        Vocab::build(std::iter::once(&p))
    }

    #[test]
    fn whole_words_and_wildcards() {
        let v = vocab();
        let a = v.id("t.a").unwrap();
        let b = v.id("t.b").unwrap();
        let text = "Send me E-mail\u{a0}or email; Remember\nme. You Consent  to it.";
        let hits = v.find(text, Lang::En);
        let got: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(got, vec!["E-mail", "Remember\nme", "You Consent  to"]);
        assert!(hits.iter().all(|h| h.list == a));
        let da = "Markedsføringsformål og kundenyhedsbrev, men ikke nyhedsbrevet. Fjern krydset hvis du ikke ønsker.";
        let hits = v.find(da, Lang::Da);
        let got: Vec<&str> = hits.iter().map(|h| &da[h.start..h.end]).collect();
        assert_eq!(
            got,
            vec![
                "Markedsføringsformål",
                "kundenyhedsbrev",
                "Fjern krydset",
                "ønsker"
            ]
        );
        assert!(hits.iter().all(|h| h.list == b));
        // language filter
        assert!(v.find(da, Lang::En).is_empty());
        // not inside a word
        assert!(v.find("premailing", Lang::En).is_empty());
    }

    #[test]
    fn user_packs_keep_list_ids_and_share_one_automaton() {
        let user = parse_pack(
            "u.toml",
            "id = \"consent\"\n[phrases.da]\ngrant = [\"siger ja til alt\"]\n",
        )
        .unwrap();
        let v = Vocab::with_user_packs(std::slice::from_ref(&user));
        let g = Vocab::global();
        assert!(!std::ptr::eq(v, g));
        for (i, n) in g.names.iter().enumerate() {
            assert_eq!(v.id(n), Some(ListId(i as u16)), "{n}");
        }
        assert_eq!(v.names.len(), g.names.len(), "no new lists");
        let text = "Du siger ja til alt.";
        let grant = v.id("consent.grant").unwrap();
        let hits = v.find(text, Lang::Da);
        assert!(
            hits.iter()
                .any(|h| h.list == grant && &text[h.start..h.end] == "siger ja til alt"),
            "{hits:?}"
        );
        assert!(!g.find(text, Lang::Da).iter().any(|h| h.list == grant));
        // built once per pack set
        assert!(std::ptr::eq(
            v,
            Vocab::with_user_packs(std::slice::from_ref(&user.clone()))
        ));
        assert!(std::ptr::eq(Vocab::with_user_packs(&[]), g));
    }

    #[test]
    fn folds_danish_capitals_and_quotes() {
        let n = normalize("ÆØÅ “quoted” soft\u{ad}hyphen a – b");
        assert_eq!(n.text, "æøå \"quoted\" softhyphen a b");
    }
}
