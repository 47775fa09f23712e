//! Tokens with stems: the base of the language layer. A sentence's text becomes words,
//! numbers and punctuation, each with its byte range in the block's text (which maps to
//! the source through the block's offset map), its folded form and, for words, its
//! Snowball stem (English or Danish), so one lexicon entry matches its inflections:
//! forbedre / forbedrer / forbedret / forbedring, improve / improved / improving,
//! nyhedsbrev / nyhedsbrevet / nyhedsbreve.
//!
//! Spelling variants are folded before stemming as a systematic expansion: accents
//! (acceptérer = accepterer), curly apostrophes, and in English the British `-is-` forms
//! of `-ize` verbs and nouns (personalise = personalize, optimisation = optimization).

use std::ops::Range;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::Lang;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    /// Punctuation: the character.
    Punct(char),
}

/// A token of a sentence.
#[derive(Debug, Clone)]
pub struct Token {
    /// Byte range in the block's text.
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Lower-cased, accents and apostrophes folded.
    pub norm: String,
    /// The Snowball stem of `norm` (words only; empty otherwise).
    pub stem: String,
    /// Starts with a capital letter.
    pub cap: bool,
    /// Written in capitals throughout (every letter upper case).
    pub upper: bool,
    /// [`word_hash`] of `norm` and of `stem`: lexicons look words up by these, with no
    /// string hashing per lookup.
    pub norm_hash: u64,
    pub stem_hash: u64,
}

/// A fast, stable hash of a word (FNV-1a): lexicon sets are keyed by it.
pub fn word_hash(w: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in w.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub struct PreHashed(u64);

impl std::hash::Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A set of word hashes.
pub type HashSet64 = std::collections::HashSet<u64, std::hash::BuildHasherDefault<PreHashed>>;

impl Token {
    pub fn is_word(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Number)
    }

    /// A clause break: `. ; : ! ? ( )` and line-ending bullets.
    pub fn is_break(&self) -> bool {
        matches!(
            self.kind,
            Kind::Punct('.' | ';' | ':' | '!' | '?' | '(' | ')' | '•' | '*' | '[' | ']' | '\n')
        )
    }
}

fn stemmer(lang: Lang) -> &'static Stemmer {
    static EN: OnceLock<Stemmer> = OnceLock::new();
    static DA: OnceLock<Stemmer> = OnceLock::new();
    match lang {
        Lang::En => EN.get_or_init(|| Stemmer::create(Algorithm::English)),
        Lang::Da => DA.get_or_init(|| Stemmer::create(Algorithm::Danish)),
    }
}

/// Fold one word: lower case, accents off the vowels (é, è, á, ü ...; not æ, ø, å),
/// apostrophes straightened.
pub fn fold_word(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        for l in c.to_lowercase() {
            out.push(match l {
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'á' | 'à' | 'â' => 'a',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' => 'o',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                '’' | '‘' | '`' | '´' | 'ʼ' | '′' => '\'',
                '‐' | '‑' | '–' => '-',
                other => other,
            });
        }
    }
    out
}

/// British `-is-` forms as `-iz-` (personalise, personalised, personalisation,
/// optimising, organisation): one lexicon entry for both spellings.
fn americanize(w: &str) -> std::borrow::Cow<'_, str> {
    const ENDS: &[&str] = &[
        "isations", "isation", "ising", "ised", "ises", "iser", "isers", "ise",
    ];
    for e in ENDS {
        if let Some(head) = w.strip_suffix(e) {
            // a stem of four letters or more: "advise", "rise", "wise", "precise" keep theirs
            if head.chars().count() >= 4 && !head.ends_with("erc") && !head.ends_with("prec") {
                let mut s = String::with_capacity(w.len());
                s.push_str(head);
                s.push_str("iz");
                s.push_str(&e[2..]);
                return std::borrow::Cow::Owned(s);
            }
        }
    }
    std::borrow::Cow::Borrowed(w)
}

/// The stem of a folded word, from a per-thread cache: words repeat across a document
/// and a corpus, and the stemmer is the costly part of tokenizing.
pub fn stem(norm: &str, lang: Lang) -> String {
    use std::cell::RefCell;
    use std::collections::HashMap;
    type Cache = HashMap<u64, (Box<str>, Box<str>), std::hash::BuildHasherDefault<PreHashed>>;
    thread_local! {
        static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
    }
    let key = word_hash(norm) ^ (lang as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    if let Some(hit) = CACHE.with(|c| {
        c.borrow()
            .get(&key)
            .filter(|(w, _)| &**w == norm)
            .map(|(_, s)| s.to_string())
    }) {
        return hit;
    }
    let s = stem_uncached(norm, lang);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        // bounded: a hostile document of unique words must not grow it without end
        if c.len() > 100_000 {
            c.clear();
        }
        c.insert(key, (norm.into(), s.as_str().into()));
    });
    s
}

fn stem_uncached(norm: &str, lang: Lang) -> String {
    // possessive 's and a trailing apostrophe are not part of the word
    let w = norm
        .strip_suffix("'s")
        .or_else(|| norm.strip_suffix('\''))
        .unwrap_or(norm);
    match lang {
        Lang::En => {
            let w2 = americanize(w);
            let s = stemmer(lang).stem(&w2);
            // an agent noun is not its verb: "developer" is no "develop", "customer" no
            // "custom" (Snowball strips -er); keep the -er so the families stay apart
            let agent = w.strip_suffix("ers").or_else(|| w.strip_suffix("er"));
            match agent {
                Some(head)
                    if !s.ends_with("er") && head.len() >= 3 && s.len() <= head.len() + 1 =>
                {
                    format!("{s}er")
                }
                _ => s.into_owned(),
            }
        }
        Lang::Da => {
            let s = stemmer(lang).stem(w);
            // Snowball keeps the verbal noun in -ing (forbedring, markedsføring): fold it
            // onto its verb (forbedre, markedsføre), as the English stemmer does with
            // -ment (improvement, improve); five letters must stay ("regning" keeps its)
            match s.strip_suffix("ing") {
                Some(head) if head.chars().count() >= 5 => head.to_string(),
                _ => s.into_owned(),
            }
        }
    }
}

/// Top-level domains that make "name.tld" one word (lower case, as typed in addresses).
/// Generic and the EU/Nordic/English-speaking country codes; short codes that are also
/// words ("it", "me", "at", "be", "us") are left out.
const TLDS: &[&str] = &[
    "com", "net", "org", "info", "biz", "app", "io", "ai", "tv", "gov", "edu", "eu", "dk", "se",
    "no", "fi", "de", "nl", "fr", "uk", "co", "ie", "ch", "nu", "es", "pl",
];

fn word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The tokens of `text[range]`.
pub fn tokenize(text: &str, range: Range<usize>, lang: Lang) -> Vec<Token> {
    let mut out = Vec::new();
    let s = &text[range.clone()];
    let base = range.start;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '\n' {
            // a line break inside a block (<br>, a soft break) ends a gap as a clause break does
            out.push(Token {
                start: base + i,
                end: base + i + 1,
                kind: Kind::Punct('\n'),
                norm: String::new(),
                stem: String::new(),
                cap: false,
                upper: false,
                norm_hash: 0,
                stem_hash: 0,
            });
            continue;
        }
        if c.is_whitespace() || crate::fold::is_invisible(c) {
            continue;
        }
        // an ellipsis ("Nej tak ...", "…") leaves words out; it does not end a clause
        if c == '…' {
            continue;
        }
        // a currency sign ("a £2,000 gift card", "$50") is part of the amount, not a word or
        // a break
        if matches!(c, '£' | '$' | '€' | '¥') {
            continue;
        }
        if c == '.' && s[i + 1..].starts_with('.') {
            while it.peek().is_some_and(|(_, n)| *n == '.') {
                it.next();
            }
            continue;
        }
        if word_char(c) {
            let mut end = i + c.len_utf8();
            // a word: letters and digits, with inner apostrophes, hyphens and the dots of
            // abbreviations ("don't", "e-mail", "opt-in", "bl.a", "e.g")
            loop {
                let rest = &s[end..];
                let mut cs = rest.chars();
                match cs.next() {
                    Some(n) if word_char(n) => end += n.len_utf8(),
                    // a number's thousands or decimal separator ("2.000 kr", "2,000", "1,5")
                    Some('.' | ',')
                        if s[i..end].chars().all(|c| c.is_ascii_digit())
                            && cs.clone().next().is_some_and(|c| c.is_ascii_digit()) =>
                    {
                        end += 1;
                    }
                    Some(n @ ('\'' | '’' | 'ʼ' | '′' | '´' | '-' | '‐' | '‑' | '.'))
                        if cs.next().is_some_and(word_char) =>
                    {
                        // a dot joins only single letters ("e.g", "bl.a", "m.v"), not sentences
                        if n == '.' {
                            let word = &s[i..end];
                            let last_part = word.rsplit(['.']).next().unwrap_or(word);
                            let after = rest[1..].split(|c: char| !word_char(c)).next();
                            // a domain name is one word ("blinkx.com", "www.example.co.uk",
                            // "firma.dk"): the site a reader visits, not two sentences
                            let domain = last_part.eq_ignore_ascii_case("www")
                                || after.is_some_and(|a| TLDS.contains(&a));
                            if !domain
                                && (last_part.chars().count() > 2
                                    || after.is_none_or(|a| a.chars().count() > 2))
                            {
                                break;
                            }
                        }
                        end += n.len_utf8();
                    }
                    _ => break,
                }
            }
            // an optional plural ending in brackets ("winner(s)", "entrant(s)", "vinder(e)",
            // "deltager(ne)"): one word, read in the plural
            let mut plural = "";
            if let Some(inner) = s[end..].strip_prefix('(').and_then(|r| {
                let close = r.find(')')?;
                let inner = &r[..close];
                let after = r[close + 1..].chars().next();
                (matches!(inner, "s" | "es" | "e" | "er" | "ne" | "r")
                    && !after.is_some_and(word_char))
                .then_some(inner)
            }) {
                plural = inner;
                end += inner.len() + 2;
            }
            while it.peek().is_some_and(|(j, _)| *j < end) {
                it.next();
            }
            let raw = &s[i..end];
            let norm = if plural.is_empty() {
                fold_word(raw)
            } else {
                fold_word(&format!("{}{plural}", &s[i..end - plural.len() - 2]))
            };
            let number = raw
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == '-');
            let stem = if number {
                String::new()
            } else {
                stem(&norm, lang)
            };
            out.push(Token {
                start: base + i,
                end: base + end,
                kind: if number { Kind::Number } else { Kind::Word },
                cap: c.is_uppercase(),
                upper: raw
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase),
                norm_hash: word_hash(&norm),
                stem_hash: word_hash(&stem),
                norm,
                stem,
            });
        } else {
            out.push(Token {
                start: base + i,
                end: base + i + c.len_utf8(),
                kind: Kind::Punct(match c {
                    // the right single quote, the modifier apostrophe, the prime and the acute
                    // accent all stand for an apostrophe in real text ("Lykkeberg 1899′ nyhedsbrev")
                    '’' | '‘' | 'ʼ' | '′' | '´' => '\'',
                    '“' | '”' | '„' | '«' | '»' => '"',
                    other => other,
                }),
                norm: String::new(),
                stem: String::new(),
                cap: false,
                upper: false,
                norm_hash: 0,
                stem_hash: 0,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(t: &str, lang: Lang) -> Vec<String> {
        tokenize(t, 0..t.len(), lang)
            .into_iter()
            .filter(|t| t.is_word())
            .map(|t| t.stem)
            .collect()
    }

    #[test]
    fn inflections_share_a_stem() {
        for group in [
            &["forbedre", "forbedrer", "forbedret", "forbedring"][..],
            &["nyhedsbrev", "nyhedsbrevet", "nyhedsbreve"],
            &["accepterer", "acceptérer"],
        ] {
            let s: Vec<String> = group
                .iter()
                .map(|w| stems(w, Lang::Da)[0].clone())
                .collect();
            assert!(s.iter().all(|x| x == &s[0]), "{group:?}: {s:?}");
        }
        for group in [
            &["improve", "improves", "improved", "improving"][..],
            &[
                "personalise",
                "personalize",
                "personalising",
                "personalized",
            ],
            &["optimisation", "optimization"],
            &["company's", "company"],
        ] {
            let s: Vec<String> = group
                .iter()
                .map(|w| stems(w, Lang::En)[0].clone())
                .collect();
            assert!(s.iter().all(|x| x == &s[0]), "{group:?}: {s:?}");
        }
    }

    #[test]
    fn bracketed_plural_is_one_plural_word() {
        let t = "All winner(s) and entrant(s) agree; list item(a) and (s) alone stay apart.";
        let toks = tokenize(t, 0..t.len(), Lang::En);
        let words: Vec<(&str, &str)> = toks
            .iter()
            .map(|k| (&t[k.start..k.end], k.norm.as_str()))
            .collect();
        assert!(words.contains(&("winner(s)", "winners")), "{words:?}");
        assert!(words.contains(&("entrant(s)", "entrants")), "{words:?}");
        assert!(words.contains(&("item", "item")), "{words:?}");
        let t = "Vinder(e) og deltager(ne) giver tilladelse.";
        let toks = tokenize(t, 0..t.len(), Lang::Da);
        let norms: Vec<&str> = toks.iter().map(|k| k.norm.as_str()).collect();
        assert!(norms.contains(&"vindere"), "{norms:?}");
        assert!(norms.contains(&"deltagerne"), "{norms:?}");
    }

    #[test]
    fn spans_slice_to_the_words() {
        let t = "We use your e-mail address, e.g. for opt-in. Vi bruger bl.a. dine “data”.";
        let toks = tokenize(t, 0..t.len(), Lang::En);
        let words: Vec<&str> = toks.iter().map(|k| &t[k.start..k.end]).collect();
        assert!(words.contains(&"e-mail"), "{words:?}");
        assert!(words.contains(&"e.g"), "{words:?}");
        assert!(words.contains(&"opt-in"), "{words:?}");
        assert!(words.contains(&"bl.a"), "{words:?}");
        assert!(words.contains(&"data"), "{words:?}");
        // sentences are not joined at their full stop
        let t2 = "We use it.Then more";
        let toks = tokenize(t2, 0..t2.len(), Lang::En);
        assert!(toks.iter().any(|k| k.kind == Kind::Punct('.')));
    }

    #[test]
    fn numbers_keep_their_separators() {
        let t = "et gavekort på 2.000 kr, 2,000 dollars or 1,5 mio. Then 3. May, 4, 5.";
        let toks = tokenize(t, 0..t.len(), Lang::Da);
        let nums: Vec<&str> = toks
            .iter()
            .filter(|k| k.kind == Kind::Number)
            .map(|k| &t[k.start..k.end])
            .collect();
        assert_eq!(nums, ["2.000", "2,000", "1,5", "3", "4", "5"], "{nums:?}");
    }

    #[test]
    fn primes_and_accents_are_apostrophes() {
        // "Lykkeberg 1899′ nyhedsbrev", "Jensen´s": a prime or an acute accent typed for an
        // apostrophe reads as one, inside a word and after it
        let t = "Eksempel 1899′ nyhedsbrev og Jensen´s tilbud";
        let toks = tokenize(t, 0..t.len(), Lang::Da);
        let norms: Vec<&str> = toks.iter().map(|k| k.norm.as_str()).collect();
        assert!(
            toks.iter().any(|k| k.kind == Kind::Punct('\'')),
            "{norms:?}"
        );
        assert!(norms.contains(&"jensen's"), "{norms:?}");
        for k in &toks {
            assert!(t.is_char_boundary(k.start) && t.is_char_boundary(k.end));
        }
    }

    #[test]
    fn domain_names_are_one_word() {
        let t =
            "By accessing blinkx.com, you agree; see www.example.co.uk or firma.dk. The end.Next";
        let toks = tokenize(t, 0..t.len(), Lang::En);
        let words: Vec<&str> = toks
            .iter()
            .filter(|k| k.is_word())
            .map(|k| &t[k.start..k.end])
            .collect();
        assert!(words.contains(&"blinkx.com"), "{words:?}");
        assert!(words.contains(&"www.example.co.uk"), "{words:?}");
        assert!(words.contains(&"firma.dk"), "{words:?}");
        // a missing space after a full stop is still two words
        assert!(
            words.contains(&"end") && words.contains(&"Next"),
            "{words:?}"
        );
    }
}
