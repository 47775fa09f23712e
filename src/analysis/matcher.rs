//! The shared phrase matcher.
//!
//! Every phrase list of every pack is compiled into one automaton per language over
//! *folded* text ([`crate::fold`]: simple case folding, Æ/Ø/Å included, spaces and
//! hyphens unified, invisible characters dropped, quotes straightened). Matches are
//! whole-word: word boundaries are checked here (Unicode-aware, without regex's slow
//! path). A trailing `*` in a phrase matches word continuations (`markedsføring*` covers
//! "markedsføringsformål"); a leading `*` matches compounds (`*nyhedsbrev` covers
//! "kundenyhedsbrev").
//!
//! The embedded packs are compiled at build time (`build.rs` runs
//! [`super::compile`] and writes the automata out), so a run builds nothing: the
//! automaton is read straight from the binary ([`super::dfa`]). User packs
//! (`extend-packs`) are compiled at run time by the same code, once per process.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::compile::{self, Entry};
use super::dfa::Dfa;
use super::Lang;
use crate::packs::{self, Pack};

pub use crate::fold::Normalized;

/// Fold text for matching (see [`crate::fold`]); counted as work for the hostile-input tests.
pub fn normalize(text: &str) -> Normalized {
    crate::work::add(text.len());
    crate::fold::normalize(text)
}

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

/// The tables `build.rs` generates for one language of the embedded packs.
struct StaticLang {
    dfa: &'static [u8],
    starts: &'static [u32],
    entries: &'static [u32],
}

mod generated {
    use super::StaticLang;
    include!(concat!(env!("OUT_DIR"), "/vocab.rs"));
}

/// All phrase lists, compiled.
pub struct Vocab {
    names: Vec<Cow<'static, str>>,
    /// One table per language ([`Lang`] as index): a search never wades through the
    /// other language's matches.
    langs: [LangTable; 2],
}

/// The phrases of one language: the automaton and, per pattern, its entries.
/// Borrowed from the binary for the embedded packs, owned when built at run time.
struct LangTable {
    dfa: Dfa<Cow<'static, [u8]>>,
    /// Pattern `p`'s entries are `entries[starts[p]..starts[p + 1]]`.
    starts: Cow<'static, [u32]>,
    entries: Cow<'static, [u32]>,
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Da => 1,
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
                &(self.langs[0].starts.len() + self.langs[1].starts.len() - 2),
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

    /// The vocabulary of every embedded pack, compiled at build time: nothing is built
    /// here but two small structs over the embedded tables.
    pub fn global() -> &'static Vocab {
        static V: OnceLock<Vocab> = OnceLock::new();
        V.get_or_init(|| {
            let table = |t: &'static StaticLang| LangTable {
                dfa: Dfa::from_bytes(Cow::Borrowed(t.dfa))
                    .expect("build.rs writes a valid automaton"),
                starts: Cow::Borrowed(t.starts),
                entries: Cow::Borrowed(t.entries),
            };
            Vocab {
                names: generated::LIST_NAMES
                    .iter()
                    .map(|n| Cow::Borrowed(*n))
                    .collect(),
                langs: [
                    table(&generated::LANG_TABLES[0]),
                    table(&generated::LANG_TABLES[1]),
                ],
            }
        })
    }

    /// Compile the phrase lists of `packs` at run time (user packs).
    pub fn build<'a>(packs: impl Iterator<Item = &'a Pack>) -> Vocab {
        let c = compile::compile(packs.map(|p| (p.id.as_str(), &p.phrases)));
        let names = c.names.into_iter().map(Cow::Owned).collect();
        let [en, da] = c.langs;
        let table = |l: compile::CompiledLang| {
            let (starts, entries) = l.flat_entries();
            LangTable {
                dfa: Dfa::from_bytes(Cow::Owned(l.dfa)).expect("compile writes a valid automaton"),
                starts: Cow::Owned(starts),
                entries: Cow::Owned(entries),
            }
        };
        Vocab {
            names,
            langs: [table(en), table(da)],
        }
    }

    /// How many phrase lists there are (list ids run from 0 to this).
    pub fn list_count(&self) -> usize {
        self.names.len()
    }

    /// The id of a list by name (`"consent.terms"`); `None` if no pack defines it.
    pub fn id(&self, name: &str) -> Option<ListId> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| ListId(i as u16))
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

    /// Like [`Vocab::find`], appending to `out` (which must be empty or end before `text`'s hits).
    pub fn find_into(&self, text: &str, lang: Lang, out: &mut Vec<Hit>) {
        let norm = normalize(text);
        self.find_normalized(&norm, lang, out);
    }

    /// Like [`Vocab::find`] over an already normalized text; offsets are into the original.
    pub fn find_normalized(&self, norm: &Normalized, lang: Lang, out: &mut Vec<Hit>) {
        let t = norm.text.as_str();
        if t.is_empty() {
            return;
        }
        let table = &self.langs[lang_index(lang)];
        let bytes = t.as_bytes();
        let first = out.len();
        let mut cursor = 0;
        table.dfa.for_each_match(bytes, |p, s, e| {
            // patterns are whole folded characters: both ends are char boundaries
            let start_boundary = match s.checked_sub(1).map(|i| bytes[i]) {
                None => true,
                Some(c) if c.is_ascii() => !c.is_ascii_alphanumeric(),
                Some(_) => !t[..s].chars().next_back().is_some_and(is_word_char),
            };
            let end_boundary = match bytes.get(e) {
                None => true,
                Some(c) if c.is_ascii() => !c.is_ascii_alphanumeric(),
                Some(_) => !t[e..].chars().next().is_some_and(is_word_char),
            };
            let entries = &table.entries[table.starts[p] as usize..table.starts[p + 1] as usize];
            for &en in entries {
                let en = Entry::unpack(en);
                if (start_boundary || en.open_start) && (end_boundary || en.open_end) {
                    // a wildcard match covers the whole word it is part of
                    let s2 = if start_boundary { s } else { word_start(t, s) };
                    let e2 = if end_boundary { e } else { word_end(t, e) };
                    let (os, oe) = norm.original_seq(s2, e2, &mut cursor);
                    let hit = Hit {
                        list: ListId(en.list),
                        start: os,
                        end: oe,
                    };
                    // keep `out` sorted by (start, end, list) as hits arrive in order of
                    // end: a new hit moves back past the few overlapping ones that start
                    // later (an insertion, not a sort of the block's hits)
                    let key = |h: &Hit| (h.start, h.end, h.list);
                    out.push(hit);
                    let mut k = out.len() - 1;
                    while k > first && key(&out[k - 1]) > key(&out[k]) {
                        out.swap(k - 1, k);
                        k -= 1;
                    }
                }
            }
        });
        // one order whatever order the automaton reports in: by place, then list
        debug_assert!(out[first..]
            .windows(2)
            .all(|w| (w[0].start, w[0].end, w[0].list) <= (w[1].start, w[1].end, w[1].list)));
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
            if c.is_whitespace() || crate::fold::is_hyphen(c) {
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
            // the sequential form agrees, met in order of end as the automaton reports
            let mut cursor = 0;
            for b in 1..=t.len() {
                for a in (0..b).rev().take(12) {
                    if t.is_char_boundary(a) && t.is_char_boundary(b) {
                        assert_eq!(
                            n.original_seq(a, b, &mut cursor),
                            n.original(a, b),
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
