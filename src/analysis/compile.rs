//! Compiling phrase lists: list ids, folded literals, what each literal stands for, and
//! one automaton per language.
//!
//! Self-contained (it needs only `crate::fold` and `super::dfa`): `build.rs` runs it
//! over the embedded packs at build time and the matcher over user packs at run time,
//! so both get the same list ids and the same automaton for the same phrases.

use std::collections::{BTreeMap, HashMap};

/// The languages phrase lists are written in, in table order.
pub const LANGS: [&str; 2] = ["en", "da"];

/// What one literal of a language stands for: a phrase of list `list`, open at the
/// start (`*nyhedsbrev`) or end (`markedsføring*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub list: u16,
    pub open_start: bool,
    pub open_end: bool,
}

impl Entry {
    /// As the matcher's tables hold it: list id in the low 16 bits, bit 16 open start,
    /// bit 17 open end.
    pub fn packed(&self) -> u32 {
        self.list as u32 | (self.open_start as u32) << 16 | (self.open_end as u32) << 17
    }

    /// The list id and the open ends of a [`Entry::packed`] entry.
    pub fn unpack(e: u32) -> Entry {
        Entry {
            list: e as u16,
            open_start: e & 1 << 16 != 0,
            open_end: e & 1 << 17 != 0,
        }
    }
}

/// The phrases of one language, compiled.
#[derive(Debug, Default)]
pub struct CompiledLang {
    /// Folded literals (pattern id = index).
    pub literals: Vec<Vec<u8>>,
    /// Per literal: the entries that use it.
    pub entries: Vec<Vec<Entry>>,
    /// The automaton over `literals` ([`super::dfa::build`]).
    pub dfa: Vec<u8>,
}

impl CompiledLang {
    /// The entries as two flat tables: pattern `p`'s packed entries are
    /// `entries[starts[p]..starts[p + 1]]`.
    pub fn flat_entries(&self) -> (Vec<u32>, Vec<u32>) {
        let mut starts = vec![0u32];
        let mut entries = Vec::new();
        for es in &self.entries {
            entries.extend(es.iter().map(Entry::packed));
            starts.push(entries.len() as u32);
        }
        (starts, entries)
    }
}

/// Every list and every language, compiled.
#[derive(Debug)]
pub struct Compiled {
    /// List names (`"pack.list"`), list id = index.
    pub names: Vec<String>,
    /// One per entry of [`LANGS`].
    pub langs: [CompiledLang; 2],
}

/// A pack's phrase tables: `language -> list -> phrases` (`Pack::phrases`).
pub type Phrases = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// Compile the phrase tables of `(pack id, phrases)` in order: list ids are given in
/// order of first appearance; languages other than [`LANGS`] are skipped.
pub fn compile<'a>(packs: impl IntoIterator<Item = (&'a str, &'a Phrases)>) -> Compiled {
    let lists = packs.into_iter().flat_map(|(pack, phrases)| {
        phrases.iter().flat_map(move |(lang, lists)| {
            lists
                .iter()
                .map(move |(list, items)| (pack, lang.as_str(), list.as_str(), items))
        })
    });
    let mut names: Vec<String> = Vec::new();
    let mut by_name: HashMap<String, u16> = HashMap::new();
    let mut literal_ids: [HashMap<Vec<u8>, usize>; 2] = Default::default();
    let mut langs: [CompiledLang; 2] = Default::default();
    for (pack, lang, list, phrases) in lists {
        let Some(li) = LANGS.iter().position(|l| *l == lang) else {
            continue;
        };
        let name = format!("{pack}.{list}");
        let id = *by_name.entry(name.clone()).or_insert_with(|| {
            names.push(name);
            (names.len() - 1) as u16
        });
        for p in phrases {
            let open_start = p.starts_with('*');
            let open_end = p.ends_with('*');
            let core = crate::fold::normalize(p.trim_matches('*'))
                .text
                .into_bytes();
            if core.is_empty() {
                continue;
            }
            let table = &mut langs[li];
            let pid = *literal_ids[li].entry(core.clone()).or_insert_with(|| {
                table.literals.push(core);
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
    for l in &mut langs {
        l.dfa = super::dfa::build(&l.literals);
    }
    Compiled { names, langs }
}
