//! A dense Aho-Corasick automaton over bytes that is built once, by `build.rs`, and
//! searched straight out of the bytes embedded in the binary.
//!
//! Why not the `aho-corasick` crate: it cannot be serialized, so every process built its
//! automaton again (18.8M instructions for the English phrases, half of a one-file run,
//! issue #5). Here the build script folds the phrases, builds the automaton and writes it
//! out; a run reads transitions from a `&'static [u8]` and builds nothing. User packs
//! (`extend-packs`) build the same automaton at run time with the same code.
//!
//! The automaton is a complete DFA over byte classes (every byte that occurs in some
//! pattern has its own class, all other bytes share class 0), so a search is one table
//! read per byte with no failure links to chase. States that end a pattern are numbered
//! last, so "does anything end here" is one comparison. It reports every occurrence of
//! every pattern, overlapping ones included (the `Standard` semantics of
//! `find_overlapping_iter`).
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! magic "CLDFA1\0\0" | states u32 | classes u32 | width u32 (2 or 4) | match_min u32
//! | patterns u32 | outputs u32 | class of each byte [u8; 256]
//! | transitions [width; states * classes] | pattern lengths [u32; patterns]
//! | output starts [u32; states - match_min + 1] | outputs [u32; outputs]
//! ```
//!
//! This file is self-contained: `build.rs` includes it with `#[path]`.

use std::ops::Range;

const MAGIC: &[u8; 8] = b"CLDFA1\0\0";
const HEADER: usize = 8 + 6 * 4 + 256;

/// Build the automaton for `patterns` (non-empty byte strings) and serialize it.
/// Pattern ids are indexes into `patterns`.
pub fn build(patterns: &[Vec<u8>]) -> Vec<u8> {
    // byte classes: each byte that occurs in a pattern gets its own class
    let mut used = [false; 256];
    for p in patterns {
        for &b in p {
            used[b as usize] = true;
        }
    }
    let mut class = [0u8; 256];
    let mut classes = 1usize;
    for b in 0..256 {
        if used[b] {
            class[b] = classes as u8;
            classes += 1;
        }
    }
    // (at most 256 distinct bytes + class 0 = 257 classes would overflow a u8: every
    // byte value in one pattern set does not happen with folded text, but be safe)
    if classes > 256 {
        for (b, c) in class.iter_mut().enumerate() {
            *c = b as u8;
        }
        classes = 256;
    }

    const NONE: u32 = u32::MAX;
    // the trie, as dense rows
    let mut trans: Vec<u32> = vec![NONE; classes];
    let mut own: Vec<Vec<u32>> = vec![Vec::new()];
    for (pid, p) in patterns.iter().enumerate() {
        if p.is_empty() {
            continue;
        }
        let mut s = 0usize;
        for &b in p {
            let c = class[b as usize] as usize;
            let next = trans[s * classes + c];
            s = if next == NONE {
                let n = own.len();
                own.push(Vec::new());
                trans.extend(std::iter::repeat_n(NONE, classes));
                trans[s * classes + c] = n as u32;
                n
            } else {
                next as usize
            };
        }
        own[s].push(pid as u32);
    }
    let states = own.len();

    // breadth first: failure links, inherited outputs, and the missing transitions
    // filled in from the failure state's (already complete) row
    let mut fail = vec![0u32; states];
    let mut outputs: Vec<Vec<u32>> = own;
    let mut order = Vec::with_capacity(states);
    let mut queue = std::collections::VecDeque::new();
    for t in trans.iter_mut().take(classes) {
        if *t == NONE {
            *t = 0;
        } else {
            fail[*t as usize] = 0;
            queue.push_back(*t as usize);
        }
    }
    order.push(0usize);
    while let Some(s) = queue.pop_front() {
        order.push(s);
        let f = fail[s] as usize;
        if f != s && !outputs[f].is_empty() {
            let inherited = outputs[f].clone();
            outputs[s].extend(inherited);
        }
        for c in 0..classes {
            let t = trans[s * classes + c];
            let via_fail = trans[f * classes + c];
            if t == NONE {
                trans[s * classes + c] = via_fail;
            } else {
                fail[t as usize] = via_fail;
                queue.push_back(t as usize);
            }
        }
    }

    // renumber: states that end a pattern last (root stays 0: patterns are non-empty)
    let mut new_id = vec![0u32; states];
    let mut next = 0u32;
    for &s in order.iter().filter(|&&s| outputs[s].is_empty()) {
        new_id[s] = next;
        next += 1;
    }
    let match_min = next;
    let matching: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&s| !outputs[s].is_empty())
        .collect();
    for &s in &matching {
        new_id[s] = next;
        next += 1;
    }
    let mut by_new = vec![0usize; states];
    for (old, &n) in new_id.iter().enumerate() {
        by_new[n as usize] = old;
    }

    let width: u32 = if states <= u16::MAX as usize + 1 {
        2
    } else {
        4
    };
    let total_outputs: usize = matching.iter().map(|&s| outputs[s].len()).sum();
    let mut out = Vec::with_capacity(
        HEADER + states * classes * width as usize + 4 * (patterns.len() + total_outputs),
    );
    out.extend_from_slice(MAGIC);
    for v in [
        states as u32,
        classes as u32,
        width,
        match_min,
        patterns.len() as u32,
        total_outputs as u32,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&class);
    for &old in &by_new {
        for c in 0..classes {
            let t = new_id[trans[old * classes + c] as usize];
            if width == 2 {
                out.extend_from_slice(&(t as u16).to_le_bytes());
            } else {
                out.extend_from_slice(&t.to_le_bytes());
            }
        }
    }
    for p in patterns {
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
    }
    let mut at = 0u32;
    for &s in &matching {
        out.extend_from_slice(&at.to_le_bytes());
        at += outputs[s].len() as u32;
    }
    out.extend_from_slice(&at.to_le_bytes());
    for &s in &matching {
        for &p in &outputs[s] {
            out.extend_from_slice(&p.to_le_bytes());
        }
    }
    out
}

/// A serialized automaton, searched in place: over the bytes embedded in the binary
/// (`Dfa<&'static [u8]>`) or over bytes built at run time (`Dfa<Vec<u8>>`, owned, so
/// dropping the automaton frees them).
#[derive(Debug, Clone)]
pub struct Dfa<B> {
    bytes: B,
    classes: usize,
    wide: bool,
    match_min: usize,
    trans: Range<usize>,
    lens: Range<usize>,
    out_starts: Range<usize>,
    outs: Range<usize>,
}

/// The `i`th little-endian `u32` of `b` (one bounds check and one unaligned load).
#[inline(always)]
fn u32_at(b: &[u8], i: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[4 * i..4 * i + 4]);
    u32::from_le_bytes(w)
}

/// The `i`th little-endian `u16` of `b`.
#[inline(always)]
fn u16_at(b: &[u8], i: usize) -> u16 {
    let mut w = [0u8; 2];
    w.copy_from_slice(&b[2 * i..2 * i + 2]);
    u16::from_le_bytes(w)
}

/// Where the class table lies in the bytes.
const CLASS: Range<usize> = 32..32 + 256;

impl<B: AsRef<[u8]>> Dfa<B> {
    /// Read an automaton written by [`build`]; `None` if the bytes are not one (wrong
    /// magic or sizes that do not add up).
    pub fn from_bytes(bytes: B) -> Option<Dfa<B>> {
        let b = bytes.as_ref();
        if b.len() < HEADER || &b[..8] != MAGIC {
            return None;
        }
        let h = |i: usize| u32_at(&b[8..], i) as usize;
        let (states, classes, width, match_min, patterns, outputs) =
            (h(0), h(1), h(2), h(3), h(4), h(5));
        if !(width == 2 || width == 4) || classes == 0 || classes > 256 || match_min > states {
            return None;
        }
        if b[CLASS].iter().any(|&c| c as usize >= classes) {
            return None;
        }
        let mut at = HEADER;
        let mut take = |n: usize| -> Option<Range<usize>> {
            let end = at.checked_add(n)?;
            let r = at..end;
            at = end;
            Some(r)
        };
        let trans = take(states.checked_mul(classes)?.checked_mul(width)?)?;
        let lens = take(patterns.checked_mul(4)?)?;
        let out_starts = take((states - match_min + 1).checked_mul(4)?)?;
        let outs = take(outputs.checked_mul(4)?)?;
        if at != b.len() {
            return None;
        }
        Some(Dfa {
            bytes,
            classes,
            wide: width == 4,
            match_min,
            trans,
            lens,
            out_starts,
            outs,
        })
    }

    /// Call `f(pattern, start, end)` for every occurrence of every pattern in `text`,
    /// in order of `end`.
    pub fn for_each_match(&self, text: &[u8], mut f: impl FnMut(usize, usize, usize)) {
        if self.wide {
            self.search(text, &mut f, |t, i| u32_at(t, i) as usize)
        } else {
            self.search(text, &mut f, |t, i| u16_at(t, i) as usize)
        }
    }

    #[inline(always)]
    fn search(
        &self,
        text: &[u8],
        f: &mut impl FnMut(usize, usize, usize),
        read: impl Fn(&[u8], usize) -> usize,
    ) {
        let b = self.bytes.as_ref();
        let (class, trans) = (&b[CLASS], &b[self.trans.clone()]);
        let (lens, out_starts, outs) = (
            &b[self.lens.clone()],
            &b[self.out_starts.clone()],
            &b[self.outs.clone()],
        );
        let mut s = 0usize;
        for (i, &c) in text.iter().enumerate() {
            s = read(trans, s * self.classes + class[c as usize] as usize);
            if s >= self.match_min {
                let k = s - self.match_min;
                let end = i + 1;
                for o in u32_at(out_starts, k)..u32_at(out_starts, k + 1) {
                    let p = u32_at(outs, o as usize) as usize;
                    let len = u32_at(lens, p) as usize;
                    f(p, end - len, end);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(patterns: &[Vec<u8>], text: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut v = Vec::new();
        for (p, pat) in patterns.iter().enumerate() {
            if pat.is_empty() || pat.len() > text.len() {
                continue;
            }
            for s in 0..=text.len() - pat.len() {
                if &text[s..s + pat.len()] == pat.as_slice() {
                    v.push((p, s, s + pat.len()));
                }
            }
        }
        v.sort();
        v
    }

    fn found(patterns: &[Vec<u8>], text: &[u8]) -> Vec<(usize, usize, usize)> {
        let bytes = build(patterns);
        let dfa = Dfa::from_bytes(&bytes[..]).expect("reads back");
        let mut v = Vec::new();
        let mut last_end = 0;
        dfa.for_each_match(text, |p, s, e| {
            assert!(e >= last_end, "in order of end");
            last_end = e;
            v.push((p, s, e));
        });
        v.sort();
        v
    }

    fn pats(list: &[&str]) -> Vec<Vec<u8>> {
        list.iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    #[test]
    fn every_overlapping_occurrence() {
        let p = pats(&["he", "she", "his", "hers", "e", "h", "ushers"]);
        let t = b"ushers and his hershe";
        assert_eq!(found(&p, t), naive(&p, t));
        let p = pats(&["æøå", "øå", "å", "samtykke", "tykke", "ke"]);
        let t = "æøå samtykke og æøsamtykkeå".as_bytes();
        assert_eq!(found(&p, t), naive(&p, t));
    }

    #[test]
    fn duplicates_and_empty_patterns() {
        let p = pats(&["ab", "", "ab", "b"]);
        let t = b"abab";
        assert_eq!(found(&p, t), naive(&p, t));
        assert!(found(&pats(&[]), b"anything").is_empty());
        assert!(found(&p, b"").is_empty());
    }

    #[test]
    fn agrees_with_a_naive_search_on_generated_input() {
        // a small deterministic generator: many short patterns over a small alphabet
        // make deep failure chains
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut rnd = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let alphabet = "ab ø".as_bytes();
        for round in 0..200 {
            let np = 1 + rnd(30) as usize;
            let patterns: Vec<Vec<u8>> = (0..np)
                .map(|_| {
                    (0..1 + rnd(6))
                        .map(|_| alphabet[rnd(alphabet.len() as u64) as usize])
                        .collect()
                })
                .collect();
            let text: Vec<u8> = (0..rnd(200))
                .map(|_| alphabet[rnd(alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(
                found(&patterns, &text),
                naive(&patterns, &text),
                "round {round}"
            );
        }
    }

    #[test]
    fn wide_state_ids() {
        // more than 65,536 states forces 4-byte transitions
        let patterns: Vec<Vec<u8>> = (0..12_000u64)
            .map(|i| format!("{:08x}z", (i * 2_654_435_761) % (1 << 32)).into_bytes())
            .collect();
        let dfa = Dfa::from_bytes(build(&patterns)).unwrap();
        assert!(dfa.wide);
        let mut text = Vec::new();
        for p in patterns.iter().step_by(997) {
            text.extend_from_slice(b"..");
            text.extend_from_slice(p);
        }
        let text = &text[..];
        assert_eq!(found(&patterns, text), naive(&patterns, text));
    }

    #[test]
    fn refuses_bytes_that_are_not_an_automaton() {
        assert!(Dfa::from_bytes(&b""[..]).is_none());
        assert!(Dfa::from_bytes(&[0u8; 400][..]).is_none());
        let mut b = build(&pats(&["abc"]));
        b.pop();
        assert!(Dfa::from_bytes(b).is_none(), "truncated");
        let mut b = build(&pats(&["abc"]));
        b.push(0);
        assert!(Dfa::from_bytes(b).is_none(), "trailing bytes");
    }
}
