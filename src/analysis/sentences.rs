//! Sentence boundaries, aware of the abbreviations and numbering of English
//! and Danish legal text: "e.g.", "i.e.", "f.eks.", "bl.a.", "jf.", "pkt.",
//! "nr.", "stk.", "1. januar", "§ 10, stk. 1." and clause numbers ("27.3")
//! do not end a sentence.

use std::ops::Range;

const ABBREVIATIONS: &[&str] = &[
    // English
    "e.g", "i.e", "etc", "incl", "approx", "no", "nos", "art", "arts", "para", "paras", "sec", "cf",
    "vs", "mr", "mrs", "ms", "dr", "inc", "ltd", "co", "corp", "st", "jr", "fig", "vol", "ref",
    "p", "pp", "min", "max", "u.s", "u.k", "e.u", "a.m", "p.m", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", // Danish
    "f.eks", "bl.a", "jf", "jfr", "pkt", "nr", "stk", "ca", "evt", "mv", "m.v", "osv", "o.l",
    "dvs", "mht", "vedr", "iht", "ift", "pga", "hhv", "inkl", "ekskl", "kl", "tlf", "mio", "mia",
    "kr", "s", "d", "a/s", "aps", "gl", "ang", "bla", "fx", "ds", "afs", "lov", "lovbek", "bek",
    "t.o.m", "f.o.m", "m.m", "m.fl", "el", "sml",
];

const MONTHS_DA: &[&str] = &[
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// Is the period at byte `dot` of `text` the end of a sentence?
/// Closing quotes and brackets that may follow a sentence's last dot.
const CLOSERS: &[char] = &['"', '\'', ')', '”', '’', '»'];

fn ends_sentence(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    // closing quotes and brackets after the dot belong to the sentence: "... advertising
    // purposes.” We also disclose"
    let after = text[dot + 1..].trim_start_matches(CLOSERS);
    // next non-space character
    let next = after.trim_start();
    if next.is_empty() {
        return true;
    }
    let had_space = after.len() != next.len();
    if !had_space {
        // "27.3", "e.g.x", "www.example.com"
        return false;
    }
    // (after the separator, whatever its width: a no-break space is two bytes)
    let word_start = before
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace() || c == '(' || c == '"' || c == '\'')
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    // lower-cased without an allocation when it is ASCII (nearly always); other words go
    // through `to_lowercase`, which can turn a non-ASCII letter into an ASCII one
    let raw = &before[word_start..];
    let mut buf = [0u8; 16];
    let lowered;
    let word = if raw.is_ascii() && raw.len() <= buf.len() {
        let b = &mut buf[..raw.len()];
        b.copy_from_slice(raw.as_bytes());
        b.make_ascii_lowercase();
        std::str::from_utf8(b).unwrap_or("")
    } else {
        lowered = raw.to_lowercase();
        lowered.as_str()
    };
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if ABBREVIATIONS.contains(&word) {
        return false;
    }
    // a number: "1. januar", "§ 10, stk. 1. Du ..." is a judgment call; a clause number is not an end
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_digit() || c == '.') {
        let next_word: String = next
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        if MONTHS_DA.contains(&next_word.as_str()) {
            return false;
        }
        // "27. Diverse" at the start of the text is a clause number
        if before[..word_start].trim().is_empty() {
            return false;
        }
        if next.chars().next().is_some_and(|c| c.is_lowercase()) {
            return false;
        }
    }
    // single capital letter initials ("J. Smith")
    if word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic()) {
        return false;
    }
    // a lower-case continuation is not a new sentence
    if next.chars().next().is_some_and(|c| c.is_lowercase()) {
        return false;
    }
    true
}

/// Byte ranges of the sentences of `text`, trimmed.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for_each(text, |r| out.push(r));
    out
}

/// [`split`], handing each range to `f` in order instead of collecting them.
pub(crate) fn for_each(text: &str, mut f: impl FnMut(Range<usize>)) {
    crate::work::add(text.len());
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(t) = next_terminator(b, i) {
        i = t;
        let end = match b[i] {
            b'.' if ends_sentence(text, i) => Some(i + 1),
            b'!' | b'?' | b';' if text[i + 1..].starts_with(' ') || i + 1 == b.len() => Some(i + 1),
            _ => None,
        };
        if let Some(mut e) = end {
            // closing quotes and brackets belong to the sentence
            e = text.len() - text[e..].trim_start_matches(CLOSERS).len();
            push_trimmed(text, start..e, &mut f);
            start = e;
            i = e;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut f);
}

/// The first byte at or after `from` that may end a sentence: '.', '!', '?' or ';'.
/// Text is scanned eight bytes at a time (these bytes are rare, and a byte-by-byte loop
/// was most of the cost of splitting).
fn next_terminator(b: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // nonzero if some byte of `x` is zero (no false alarms unless one is; a classic)
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut i = from;
    for chunk in b.get(from..).unwrap_or_default().chunks_exact(8) {
        let w = u64::from_ne_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        // '?' (0x3f) and ';' (0x3b) differ only in bit 2: setting it tests for both at once
        let found = has_zero(w ^ u64::from_ne_bytes([b'.'; 8]))
            | has_zero(w ^ u64::from_ne_bytes([b'!'; 8]))
            | has_zero((w | u64::from_ne_bytes([0x04; 8])) ^ u64::from_ne_bytes([b'?'; 8]));
        if found != 0 {
            break;
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(|c| matches!(c, b'.' | b'!' | b'?' | b';'))
        .map(|p| i + p)
}

/// Longest "sentence" kept whole. Real sentences are far shorter; text without sentence
/// ends (a 50 MB line of words, a minified page) is cut at white space into pieces of about
/// this size, so that no work per sentence can grow with the size of the file.
pub const MAX_SENTENCE: usize = 2000;

/// Bullet characters that open an item of a list typed as text (a Word or web page
/// pasted as plain text: "Data\n• Oplysningerne bruges til ...", "Home • About").
const BULLETS: &[char] = &['•', '●', '▪', '◦', '‣', '·'];

fn push_trimmed(text: &str, r: Range<usize>, out: &mut impl FnMut(Range<usize>)) {
    // a bullet between white space opens a sentence of its own (a line break may have
    // become a space in the block's text)
    let mut r = r;
    if text[r.clone()].contains(BULLETS) {
        let mut from = r.start;
        while let Some(k) = text[from..r.end].find(BULLETS) {
            let at = from + k;
            let c = text[at..].chars().next().map_or(1, char::len_utf8);
            let spaced_before = text[..at].ends_with(char::is_whitespace);
            let spaced_after = text[at + c..].starts_with(char::is_whitespace);
            // (a lead-in keeps its first item: "you consent to: • the collection of ...")
            let lead_in = text[r.start..at].trim_end().ends_with(':');
            if spaced_before && spaced_after && !lead_in {
                push_long(text, r.start..at, out);
                r = at + c..r.end;
            }
            from = at + c;
        }
    }
    push_long(text, r, out);
}

fn push_long(text: &str, r: Range<usize>, out: &mut impl FnMut(Range<usize>)) {
    let mut r = r;
    while r.end - r.start > MAX_SENTENCE {
        let mut cut = crate::text::floor_char_boundary(text, r.start + MAX_SENTENCE);
        // back to the last white space, if there is one in the second half (the half-way
        // point may fall inside a multi-byte character too)
        let mid = crate::text::floor_char_boundary(text, r.start + MAX_SENTENCE / 2);
        if let Some(ws) = text[mid..cut].rfind(char::is_whitespace) {
            cut = mid + ws;
        }
        push_piece(text, r.start..cut, out);
        r = cut..r.end;
    }
    push_piece(text, r, out);
}

fn push_piece(text: &str, r: Range<usize>, out: &mut impl FnMut(Range<usize>)) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.trim_end().len();
    if trail > lead {
        out(r.start + lead..r.start + trail);
    }
}

/// The sentence of `text` that holds byte `pos`.
pub fn sentence_at(text: &str, pos: usize) -> Range<usize> {
    for r in split(text) {
        if r.start <= pos && pos < r.end {
            return r;
        }
    }
    0..text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<&str> {
        split(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn endless_text_is_cut_into_bounded_pieces() {
        let t = "word ".repeat(10_000);
        let parts = split(&t);
        assert!(parts.len() >= 20);
        assert!(parts.iter().all(|r| r.end - r.start <= MAX_SENTENCE));
        assert!(parts.windows(2).all(|w| w[0].end <= w[1].start));
        // 2-, 3- and 4-byte characters: the cut and the half-way point where the search
        // for white space starts must both land on char boundaries
        for unit in ["æøå", "’", "😀", "a’ ", "😀 "] {
            let t = unit.repeat(3000);
            assert!(split(&t)
                .iter()
                .all(|r| t.is_char_boundary(r.start) && t.is_char_boundary(r.end)));
        }
    }

    // The splitter as it was before the eight-byte scan and the ASCII lower-casing, kept
    // as the oracle for them.
    fn old_ends_sentence(text: &str, dot: usize) -> bool {
        let before = &text[..dot];
        let after = text[dot + 1..].trim_start_matches(CLOSERS);
        let next = after.trim_start();
        if next.is_empty() {
            return true;
        }
        let had_space = after.len() != next.len();
        if !had_space {
            return false;
        }
        let word_start = before
            .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '\'')
            .map(|i| i + 1)
            .unwrap_or(0);
        let word = before[word_start..].to_lowercase();
        let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
        if ABBREVIATIONS.contains(&word) {
            return false;
        }
        if !word.is_empty() && word.chars().all(|c| c.is_ascii_digit() || c == '.') {
            let next_word: String = next
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            if MONTHS_DA.contains(&next_word.as_str()) {
                return false;
            }
            if before[..word_start].trim().is_empty() {
                return false;
            }
            if next.chars().next().is_some_and(|c| c.is_lowercase()) {
                return false;
            }
        }
        if word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic()) {
            return false;
        }
        if next.chars().next().is_some_and(|c| c.is_lowercase()) {
            return false;
        }
        true
    }

    fn old_split(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            let end = match c {
                b'.' if old_ends_sentence(text, i) => Some(i + 1),
                b'!' | b'?' | b';' if text[i + 1..].starts_with(' ') || i + 1 == b.len() => {
                    Some(i + 1)
                }
                _ => None,
            };
            if let Some(mut e) = end {
                e = text.len() - text[e..].trim_start_matches(CLOSERS).len();
                push_trimmed(text, start..e, &mut |r| out.push(r));
                start = e;
                i = e;
                continue;
            }
            i += 1;
        }
        push_trimmed(text, start..text.len(), &mut |r| out.push(r));
        out
    }

    #[test]
    fn a_closing_curly_quote_ends_the_sentence_with_its_dot() {
        let t =
            "the section titled “You have a right to tell us not to sell.” We also disclose data.";
        let r = split(t);
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(t[r[0].clone()].ends_with(".”"));
        assert_eq!(&t[r[1].clone()], "We also disclose data.");
    }

    #[test]
    fn split_matches_the_old_splitter() {
        let mut texts: Vec<String> = [
            "",
            ".",
            "!?;.",
            "a. b! c? d; e",
            "We use data, e.g. your e-mail. Then we stop.",
            "Vi bruger bl.a. din e-mail, jf. pkt. 4. Samtykket gælder fra 1. januar 2025. Slut.",
            "See clause 27.3 for more. Ok! Really? Yes; no;x. E.G. Mr. Smith. J. Doe. A/S. ApS. Kr. 100.",
            "§ 10, stk. 1. Du kan. 27. Diverse. 3. marts. 4. Marts. 5. april",
            "\"Quoted.\" (Bracket.) 'Single.' Next. After.\u{a0}Nbsp\u{2003}em",
            "titled “You have a right to tell us not to sell.” We also disclose. «Fin.» Next.’ X",
            "Kelvin \u{212a}r. 100 kr. Kr. İ. ß. Æ. Øh. Å. æøå. Ä. 😀. 😀 ok. x😀. Done",
            "tail without end",
            "ends with space. ",
            "dots... and more.... Fine. www.example.com is. v1.2.3 ok.",
            "punkt.\nNæste linje.\r\nTredje. fourth",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        texts.push("word ".repeat(10_000));
        texts.push("Sentence one. Sentence two! Third? fourth; ".repeat(500));
        texts.push("æøå. ".repeat(3000));
        texts.push("a".repeat(7) + "." + &"b".repeat(9) + ". C");
        for t in &texts {
            assert_eq!(
                split(t),
                old_split(t),
                "{:?}",
                t.chars().take(60).collect::<String>()
            );
            // every suffix puts each terminator at every position of an 8-byte chunk
            if t.len() < 200 {
                for (i, _) in t.char_indices() {
                    assert_eq!(split(&t[i..]), old_split(&t[i..]), "{:?}", &t[i..]);
                    assert_eq!(split(&t[..i]), old_split(&t[..i]), "{:?}", &t[..i]);
                }
            }
        }
        // a period after each char, before an upper- and a lower-case word; not multi-byte
        // white space, on which the oracle panics (it took the word before a period to
        // start one byte after the white space; see `multi_byte_space_before_a_period`)
        let mut s = String::new();
        for c in (0..0x3_0000u32)
            .filter_map(char::from_u32)
            .filter(|c| !(c.is_whitespace() && c.len_utf8() > 1))
        {
            s.clear();
            s.push(c);
            s.push_str(". A x");
            s.push(c);
            s.push_str(". b kr");
            s.push(c);
            s.push_str(". ");
            s.push(c);
            assert_eq!(split(&s), old_split(&s), "{c:?}");
        }
    }

    #[test]
    fn multi_byte_space_before_a_period() {
        // a no-break space, an em space, an ideographic space before the word that ends
        // in a period: the word starts after the whole space, not inside it
        for sp in ['\u{a0}', '\u{2003}', '\u{3000}'] {
            let t = format!("Some text here x{sp}Nbsp. After that we stop.");
            assert_eq!(sents(&t).len(), 2, "{t:?}");
            let t = format!("Vi bruger bl.a.{sp}jf. pkt. 4. Slut.");
            let _ = sents(&t);
        }
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sents("We use data, e.g. your e-mail. Then we stop."),
            vec!["We use data, e.g. your e-mail.", "Then we stop."]
        );
        assert_eq!(
            sents("Vi bruger bl.a. din e-mail, jf. pkt. 4. Samtykket gælder fra 1. januar 2025. Slut."),
            vec!["Vi bruger bl.a. din e-mail, jf. pkt. 4.", "Samtykket gælder fra 1. januar 2025.", "Slut."]
        );
        assert_eq!(
            sents("See clause 27.3 for more. Ok!"),
            vec!["See clause 27.3 for more.", "Ok!"]
        );
        assert_eq!(
            sents("§ 10, stk. 1. Du kan"),
            vec!["§ 10, stk. 1.", "Du kan"]
        );
    }

    #[test]
    fn bullets_typed_as_text_open_sentences() {
        let t = "Data • Oplysningerne bruges til nyhedsbreve • Vinderen kontaktes";
        let parts: Vec<&str> = split(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            parts,
            [
                "Data",
                "Oplysningerne bruges til nyhedsbreve",
                "Vinderen kontaktes"
            ]
        );
        // a lead-in keeps its first item; a bullet inside a word run is not one
        let t = "you consent to: • the collection of data";
        assert_eq!(split(t).len(), 1);
        let t = "Tom•Jerry are here";
        assert_eq!(split(t).len(), 1);
    }
}
