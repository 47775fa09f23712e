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
use std::sync::OnceLock;

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
    lang: Lang,
    open_start: bool,
    open_end: bool,
}

/// All phrase lists, compiled.
pub struct Vocab {
    names: Vec<String>,
    by_name: HashMap<String, ListId>,
    ac: AhoCorasick,
    /// pattern id -> entries that use this literal
    entries: Vec<Vec<Entry>>,
}

/// Text normalized for matching, with a map back to the original.
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    pub text: String,
    /// For each byte of `text`: start of the original character.
    starts: Vec<u32>,
    /// For each byte of `text`: end of the original character.
    ends: Vec<u32>,
}

impl Normalized {
    /// The original range of the normalized range `a..b`.
    pub fn original(&self, a: usize, b: usize) -> (usize, usize) {
        (self.starts[a] as usize, self.ends[b - 1] as usize)
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
    let mut n = Normalized {
        text: String::with_capacity(text.len()),
        starts: Vec::with_capacity(text.len()),
        ends: Vec::with_capacity(text.len()),
    };
    for (i, c) in text.char_indices() {
        let end = (i + c.len_utf8()) as u32;
        if crate::document::offsets::is_invisible(c) {
            continue;
        }
        if c.is_whitespace() || is_hyphen(c) {
            if !n.text.is_empty() && !n.text.ends_with(' ') {
                n.text.push(' ');
                n.starts.push(i as u32);
                n.ends.push(end);
            }
            continue;
        }
        let mapped: char = match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' | '\u{b4}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{ab}' | '\u{bb}'
            | '\u{2033}' => '"',
            _ => {
                if c.is_ascii() {
                    let l = c.to_ascii_lowercase();
                    n.text.push(l);
                    n.starts.push(i as u32);
                    n.ends.push(end);
                    continue;
                }
                let before = n.text.len();
                for l in c.to_lowercase() {
                    n.text.push(l);
                }
                for _ in before..n.text.len() {
                    n.starts.push(i as u32);
                    n.ends.push(end);
                }
                continue;
            }
        };
        n.text.push(mapped);
        n.starts.push(i as u32);
        n.ends.push(end);
    }
    // trailing space
    if n.text.ends_with(' ') {
        n.text.pop();
        n.starts.pop();
        n.ends.pop();
    }
    n
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

impl Vocab {
    /// The vocabulary of every embedded pack.
    pub fn global() -> &'static Vocab {
        static V: OnceLock<Vocab> = OnceLock::new();
        V.get_or_init(|| Vocab::build(packs::embedded().iter()))
    }

    /// Compile the phrase lists of `packs`.
    pub fn build<'a>(packs: impl Iterator<Item = &'a Pack>) -> Vocab {
        let mut names = Vec::new();
        let mut by_name: HashMap<String, ListId> = HashMap::new();
        let mut literal_ids: HashMap<String, usize> = HashMap::new();
        let mut literals: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<Entry>> = Vec::new();
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
                        let pid = *literal_ids.entry(core.clone()).or_insert_with(|| {
                            literals.push(core.clone());
                            entries.push(Vec::new());
                            literals.len() - 1
                        });
                        entries[pid].push(Entry {
                            list: id,
                            lang,
                            open_start,
                            open_end,
                        });
                    }
                }
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&literals)
            .or_else(|_| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&literals)
            })
            .expect("phrase automaton builds");
        Vocab {
            names,
            by_name,
            ac,
            entries,
        }
    }

    /// The id of a list by name (`"consent.terms"`); `None` if no pack defines it.
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
        for m in self.ac.find_overlapping_iter(t) {
            let (s, e) = (m.start(), m.end());
            let start_boundary = t[..s]
                .chars()
                .next_back()
                .map_or(true, |c| !is_word_char(c));
            let end_boundary = t[e..].chars().next().map_or(true, |c| !is_word_char(c));
            for en in &self.entries[m.pattern().as_usize()] {
                if en.lang != lang {
                    continue;
                }
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
    fn folds_danish_capitals_and_quotes() {
        let n = normalize("ÆØÅ “quoted” soft\u{ad}hyphen a – b");
        assert_eq!(n.text, "æøå \"quoted\" softhyphen a b");
    }
}
