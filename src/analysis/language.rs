//! Language detection from function words.
//!
//! Real pages often declare the wrong `lang` (a Danish page left at the CMS
//! default `en-US`), so text with enough words is judged by its function
//! words; short text inherits from its container. Danish is told apart from
//! its neighbours Norwegian Bokmål and Swedish by the words they do not
//! share (af/av, dig/deg, os/oss, vores/vår, mig/meg, hvad/hva/vad, ikke/inte, och),
//! and English from German the same way.

/// A language the detector knows. Only English and Danish get text findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Detected {
    En,
    Da,
    Nb,
    Sv,
    De,
    Fr,
    Nl,
    Fi,
    Hu,
    Pl,
    Es,
    It,
}

impl Detected {
    pub fn code(self) -> &'static str {
        match self {
            Detected::En => "en",
            Detected::Da => "da",
            Detected::Nb => "nb",
            Detected::Sv => "sv",
            Detected::De => "de",
            Detected::Fr => "fr",
            Detected::Nl => "nl",
            Detected::Fi => "fi",
            Detected::Hu => "hu",
            Detected::Pl => "pl",
            Detected::Es => "es",
            Detected::It => "it",
        }
    }
}

const ALL: [Detected; 12] = [
    Detected::En,
    Detected::Da,
    Detected::Nb,
    Detected::Sv,
    Detected::De,
    Detected::Fr,
    Detected::Nl,
    Detected::Fi,
    Detected::Hu,
    Detected::Pl,
    Detected::Es,
    Detected::It,
];

fn words(l: Detected) -> &'static [&'static str] {
    match l {
        Detected::En => &[
            "the",
            "and",
            "of",
            "to",
            "you",
            "your",
            "we",
            "our",
            "is",
            "are",
            "that",
            "this",
            "with",
            "be",
            "will",
            "by",
            "or",
            "not",
            "it",
            "if",
            "any",
            "may",
            "can",
            "us",
            "from",
            "which",
            "as",
            "have",
            "has",
            "on",
            "these",
            "such",
            "they",
            "their",
            "other",
            "all",
            "when",
            "would",
            "should",
            "what",
            "about",
            "how",
            "use",
            "information",
            "data",
            "i",
            "me",
            "my",
            "yes",
            "please",
            "receive",
            "send",
            "agree",
        ],
        Detected::Da => &[
            "og",
            "at",
            "af",
            "til",
            "er",
            "det",
            "du",
            "dig",
            "din",
            "dine",
            "vi",
            "os",
            "vores",
            "ikke",
            "med",
            "som",
            "på",
            "en",
            "et",
            "har",
            "kan",
            "vil",
            "eller",
            "hvis",
            "skal",
            "fra",
            "ved",
            "når",
            "hvor",
            "også",
            "disse",
            "denne",
            "bliver",
            "blive",
            "jeres",
            "deres",
            "kun",
            "efter",
            "samt",
            "hvad",
            "jeg",
            "mig",
            "oplysninger",
            "hvordan",
            "persondata",
            "mv",
            "øvrige",
            "gerne",
            "nogen",
            "nogle",
            "sådan",
            "hvilke",
            "eksempel",
            // the Danish spelling of verbs Norwegian spells otherwise (bruker, gjøre, kjøpe,
            // motta): a short Danish form or banner shares every function word above with
            // Bokmål and would otherwise tie with it
            "bruger",
            "bruge",
            "bruges",
            // (and the other words whose Danish spelling differs from Bokmål's: uten,
            // annen, annet, setter, velge, fortsetter, aksepterer, vennligst, takk; a
            // one-sentence banner tied with Bokmål and fell back to English; dit, mit and
            // nu are left out, they are Dutch and German words too)
            "uden",
            "anden",
            "andet",
            "sætter",
            "sættes",
            "vælge",
            "vælger",
            "fortsætter",
            "fortsætte",
            "accepterer",
            "acceptere",
            "venligst",
            "tak",
            "gøre",
            "købe",
            "modtage",
            "nyhedsbrev",
            "nyhedsbrevet",
        ],
        Detected::Nb => &[
            "og",
            "at",
            "av",
            "til",
            "er",
            "det",
            "du",
            "deg",
            "din",
            "dine",
            "vi",
            "oss",
            "vår",
            "våre",
            "ikke",
            "med",
            "som",
            "på",
            "en",
            "et",
            "har",
            "kan",
            "vil",
            "eller",
            "hvis",
            "skal",
            "fra",
            "ved",
            "når",
            "hvor",
            "også",
            "disse",
            "denne",
            "blir",
            "bli",
            "deres",
            "kun",
            "etter",
            "samt",
            "hva",
            "jeg",
            "meg",
            "opplysninger",
            "hvordan",
            "gjennom",
            "mellom",
            "noen",
            "slik",
            "hvilke",
            "eksempel",
            "personopplysninger",
            // the Bokmål spelling of the same verbs (see the Danish list)
            "bruker",
            "bruke",
            "brukes",
            "gjøre",
            "kjøpe",
            "motta",
            "nyhetsbrev",
            "nyhetsbrevet",
        ],
        Detected::Sv => &[
            "och",
            "att",
            "av",
            "till",
            "är",
            "det",
            "du",
            "dig",
            "din",
            "dina",
            "vi",
            "oss",
            "vår",
            "våra",
            "inte",
            "med",
            "som",
            "på",
            "en",
            "ett",
            "har",
            "kan",
            "vill",
            "eller",
            "om",
            "för",
            "från",
            "när",
            "också",
            "dessa",
            "denna",
            "blir",
            "deras",
            "endast",
            "efter",
            "samt",
            "vad",
            "jag",
            "mig",
            "hur",
            "uppgifter",
            "personuppgifter",
            "eller",
            "sådana",
            "vilka",
            "genom",
            "mellan",
        ],
        Detected::De => &[
            "und", "der", "die", "das", "ist", "nicht", "wir", "sie", "ihre", "ihr", "mit", "für",
            "zu", "von", "auf", "den", "dem", "ein", "eine", "werden", "wird", "oder", "auch",
            "bei", "uns", "unser", "sind", "können", "dass", "nach", "des", "daten", "einer",
        ],
        Detected::Fr => &[
            "le", "la", "les", "et", "de", "des", "du", "vous", "nous", "est", "que", "qui",
            "pour", "dans", "par", "sur", "une", "un", "votre", "vos", "pas", "avec", "ce",
            "cette", "sont", "données", "aux", "au",
        ],
        Detected::Nl => &[
            "de", "het", "een", "en", "van", "is", "dat", "niet", "wij", "u", "uw", "onze", "met",
            "voor", "zijn", "worden", "wordt", "ook", "bij", "naar", "gegevens",
        ],
        Detected::Fi => &[
            "ja", "on", "ei", "että", "tai", "sinun", "me", "meidän", "voit", "jos", "tämä", "kun",
            "joka", "mukaan", "tietoja", "tiedot", "sekä", "myös", "niin", "olla",
        ],
        Detected::Hu => &[
            "a", "az", "és", "hogy", "nem", "is", "egy", "vagy", "meg", "ha", "ez", "csak",
            "adatok", "adatait", "által", "szerint", "amely", "valamint",
        ],
        Detected::Pl => &[
            "i", "w", "z", "na", "do", "nie", "się", "jest", "że", "lub", "od", "po", "dla", "jak",
            "przez", "oraz", "danych", "twoje", "twoich", "są",
        ],
        Detected::Es => &[
            "el", "la", "los", "las", "y", "de", "que", "en", "por", "para", "con", "su", "sus",
            "datos", "usted", "nuestro", "nuestros", "se", "del", "al",
        ],
        Detected::It => &[
            "il", "la", "le", "e", "di", "che", "per", "con", "del", "della", "dei", "suoi",
            "dati", "sono", "non", "gli", "nel", "alla",
        ],
    }
}

/// FNV-1a over bytes: function words are short, and SipHash's set-up dominated detection.
const FNV_OFFSET: u64 = 0xcbf29ce484222325;
const FNV_PRIME: u64 = 0x100000001b3;

fn fnv(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(FNV_OFFSET, |h, &b| (h ^ b as u64).wrapping_mul(FNV_PRIME))
}

/// Slots of the open-addressing table: a power of two, about seven times the number of
/// distinct function words, so that most words that are not function words land on an
/// empty slot at once (1.1 probes a word on the benchmark sample; 1024 slots took 1.3).
const SLOTS: usize = 2048;

/// Function word -> bit set of the languages that use it. Open addressing with linear
/// probing, keyed by the FNV-1a hash that the word scanner computes while it reads a word,
/// so that a lookup hashes nothing.
struct Table {
    /// Per slot: 1 + an index into `entries`, or 0 when the slot is empty.
    slots: Box<[u16; SLOTS]>,
    /// (hash, word, languages)
    entries: Vec<(u64, &'static [u8], u16)>,
    /// Words longer than this many bytes are not looked up: the longest function word
    /// plus 2, and at most 20, as before (lower-casing keeps the length of nearly every
    /// word; the rare exception, a capital that lower-cases shorter, only loses a lookup).
    max_len: usize,
}

impl Table {
    fn slot(h: u64) -> usize {
        // the low bits: FNV-1a's top bits cluster function words (6 probes a word)
        h as usize % SLOTS
    }

    /// The languages of the word `key` (lower-cased) with hash `h`; 0 for none.
    /// `eq` compares an entry's word with the key.
    #[inline]
    fn get(&self, h: u64, eq: impl Fn(&[u8]) -> bool) -> u16 {
        let mut s = Self::slot(h);
        loop {
            let e = self.slots[s];
            if e == 0 {
                return 0;
            }
            let (eh, w, bits) = self.entries[e as usize - 1];
            if eh == h && eq(w) {
                return bits;
            }
            s = (s + 1) % SLOTS;
        }
    }
}

fn table() -> &'static Table {
    static T: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut t = Table {
            slots: Box::new([0; SLOTS]),
            entries: Vec::new(),
            max_len: 0,
        };
        for (i, l) in ALL.iter().enumerate() {
            for w in words(*l) {
                let w = w.as_bytes();
                let h = fnv(w);
                let mut s = Table::slot(h);
                loop {
                    let e = t.slots[s] as usize;
                    if e == 0 {
                        t.entries.push((h, w, 1 << i));
                        t.slots[s] = t.entries.len() as u16;
                        break;
                    }
                    if t.entries[e - 1].1 == w {
                        t.entries[e - 1].2 |= 1 << i;
                        break;
                    }
                    s = (s + 1) % SLOTS;
                }
            }
        }
        let longest = t.entries.iter().map(|e| e.1.len()).max().unwrap_or(0);
        t.max_len = (longest + 2).min(20);
        t
    })
}

/// Per byte: the lower-case form of an ASCII letter or digit (a byte of a word, 0x30 to
/// 0x7a); `SEP` for any other ASCII byte (a word separator); `MULTI` for the bytes of
/// multi-byte characters, which are decoded to be classified.
const BYTE_CLASS: [u8; 256] = {
    let mut t = [MULTI; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            SEP
        };
        b += 1;
    }
    t
};
const SEP: u8 = 0;
const MULTI: u8 = 0x80;

/// Is the (non-ASCII) character at byte `i` of `text` a letter or digit, and its length.
#[inline]
fn non_ascii_at(text: &str, i: usize) -> (bool, usize) {
    let c = text[i..].chars().next().unwrap_or(' ');
    (c.is_alphanumeric(), c.len_utf8())
}

/// The result of detection: the best language, and whether it is clear.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Guess {
    pub lang: Detected,
    /// Function-word hits for the winner.
    pub hits: usize,
    /// Winner's hits over the runner-up's (infinite when the runner-up has none).
    pub margin: f64,
}

impl Guess {
    /// Enough evidence to overrule a declared language.
    pub fn confident(&self) -> bool {
        self.hits >= 8 && self.margin >= 1.25
    }

    /// Enough evidence for a block with nothing declared.
    pub fn plausible(&self) -> bool {
        self.hits >= 3 && self.margin >= 1.15
    }
}

impl Guess {
    /// Enough for a short piece with nothing else to go by (a form partial's label with
    /// no `lang` anywhere): two function words and a clear lead.
    pub fn short_plausible(&self) -> bool {
        self.hits >= 2 && self.margin >= 2.0
    }
}

/// Detect over at most `max_words` words of `text`.
pub fn detect(text: &str, max_words: usize) -> Option<Guess> {
    detect_counting(text, max_words).0
}

/// [`detect`], and the number of words read (at most `max_words + 1`), so that a caller
/// that also needs to know whether a text is long enough need not count its words again.
///
/// A word is a maximal run of alphanumeric characters (as `char::is_alphanumeric`). The
/// text is scanned byte by byte: ASCII bytes (nearly all of them) are classified and
/// lower-cased by a table and hashed as they are read, with no allocation; only a word
/// with other characters is lower-cased char by char into a buffer and hashed again.
pub fn detect_counting(text: &str, max_words: usize) -> (Option<Guess>, usize) {
    let t = table();
    let b = text.as_bytes();
    let mut counts = [0usize; ALL.len()];
    let mut n = 0;
    let mut lower = String::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        // skip to the start of the next word
        match BYTE_CLASS[c as usize] {
            SEP => {
                i += 1;
                continue;
            }
            MULTI => {
                let (alnum, len) = non_ascii_at(text, i);
                if !alnum {
                    i += len;
                    continue;
                }
            }
            _ => {}
        }
        // read the word, hashing its lower-case ASCII bytes
        let start = i;
        let mut h = FNV_OFFSET;
        let mut ascii = true;
        while let Some(&c) = b.get(i) {
            let l = BYTE_CLASS[c as usize];
            // one test for the common case: SEP is 0 and MULTI is negative as i8
            if l as i8 > 0 {
                h = (h ^ l as u64).wrapping_mul(FNV_PRIME);
                i += 1;
            } else if l == SEP {
                break;
            } else {
                let (alnum, len) = non_ascii_at(text, i);
                if !alnum {
                    break;
                }
                ascii = false;
                i += len;
            }
        }
        n += 1;
        if n > max_words {
            break;
        }
        let w = &b[start..i];
        if w.len() > t.max_len {
            continue;
        }
        let bits = if ascii {
            // the entries are lower case, so this compares with the lower-cased word
            t.get(h, |e| e.eq_ignore_ascii_case(w))
        } else {
            lower.clear();
            for c in text[start..i].chars() {
                lower.extend(c.to_lowercase());
            }
            let key = lower.as_bytes();
            t.get(fnv(key), |e| e == key)
        };
        let mut rest = bits;
        while rest != 0 {
            counts[rest.trailing_zeros() as usize] += 1;
            rest &= rest - 1;
        }
    }
    // the winner is the language with the most hits, the first in `ALL` on a tie; the
    // runner-up likewise among the others
    let best = first_max(&counts, usize::MAX);
    let second = first_max(&counts, best);
    if counts[best] == 0 {
        return (None, n);
    }
    let margin = if counts[second] == 0 {
        f64::INFINITY
    } else {
        counts[best] as f64 / counts[second] as f64
    };
    let guess = Guess {
        lang: ALL[best],
        hits: counts[best],
        margin,
    };
    (Some(guess), n)
}

/// The first index with the highest count, leaving out index `skip`.
fn first_max(counts: &[usize], skip: usize) -> usize {
    let mut best = if skip == 0 { 1 } else { 0 };
    for (i, &c) in counts.iter().enumerate() {
        if i != skip && c > counts[best] {
            best = i;
        }
    }
    best
}

/// Map a declared language tag (`da-DK`, `en_GB`, `nb`) to a detected language.
pub fn from_tag(tag: &str) -> Option<Detected> {
    let primary = tag
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    Some(match primary.as_str() {
        "en" => Detected::En,
        "da" | "dk" => Detected::Da,
        "nb" | "no" | "nn" => Detected::Nb,
        "sv" => Detected::Sv,
        "de" => Detected::De,
        "fr" => Detected::Fr,
        "nl" => Detected::Nl,
        "fi" => Detected::Fi,
        "hu" => Detected::Hu,
        "pl" => Detected::Pl,
        "es" => Detected::Es,
        "it" => Detected::It,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(s: &str) -> Detected {
        detect(s, 1000).unwrap().lang
    }

    #[test]
    fn neighbours() {
        assert_eq!(lang("Vi bruger dine oplysninger til at sende dig vores nyhedsbrev, hvis du har givet samtykke."), Detected::Da);
        assert_eq!(lang("Vi bruker dine personopplysninger til å sende deg vårt nyhetsbrev, hvis du har gitt samtykke."), Detected::Nb);
        assert_eq!(lang("Vi använder dina personuppgifter för att skicka dig vårt nyhetsbrev om du har gett samtycke."), Detected::Sv);
        assert_eq!(
            lang("We use your information to send you our newsletter if you have given consent."),
            Detected::En
        );
        assert_eq!(lang("Wir verwenden Ihre Daten, um Ihnen unseren Newsletter zu senden, wenn Sie eingewilligt haben."), Detected::De);
    }

    #[test]
    fn a_short_danish_sentence_is_danish() {
        let g = detect(
            "Hvis du fortsætter til en anden side uden at vælge, sætter vi cookies.",
            200,
        )
        .expect("guess");
        assert_eq!(g.lang, Detected::Da, "{g:?}");
        assert!(g.plausible(), "{g:?}");
    }

    #[test]
    fn short_danish_and_bokmaal_do_not_tie() {
        // every function word here is shared by Danish and Bokmål; the verbs' spelling is not
        let da = detect("Vi bruger din e-mailadresse til markedsføringsformål. Du har ret til at gøre indsigelse.", 200)
            .expect("guess");
        assert_eq!(da.lang, Detected::Da);
        assert!(da.plausible());
        let nb = detect("Vi bruker din e-postadresse til markedsføringsformål. Du har rett til å gjøre innsigelse.", 200)
            .expect("guess");
        assert_eq!(nb.lang, Detected::Nb);
    }

    // The detector as it was before the byte scanner, kept as the oracle for it.
    #[derive(Default, Clone, Copy)]
    struct Fnv(u64);

    impl std::hash::Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            let mut h = if self.0 == 0 {
                0xcbf29ce484222325
            } else {
                self.0
            };
            for &b in bytes {
                h ^= b as u64;
                h = h.wrapping_mul(0x100000001b3);
            }
            self.0 = h;
        }
    }

    type FnvBuild = std::hash::BuildHasherDefault<Fnv>;

    type OldTable = std::collections::HashMap<&'static [u8], u16, FnvBuild>;

    fn old_table() -> &'static (OldTable, usize) {
        static T: std::sync::OnceLock<(OldTable, usize)> = std::sync::OnceLock::new();
        T.get_or_init(|| {
            let mut m: OldTable = Default::default();
            for (i, l) in ALL.iter().enumerate() {
                for w in words(*l) {
                    *m.entry(w.as_bytes()).or_default() |= 1 << i;
                }
            }
            let longest = m.keys().map(|w| w.len()).max().unwrap_or(0);
            (m, longest)
        })
    }

    fn old_detect_counting(text: &str, max_words: usize) -> (Option<Guess>, usize) {
        let (t, longest) = old_table();
        let mut counts = [0usize; ALL.len()];
        let mut n = 0;
        let mut lower = String::new();
        let mut buf = [0u8; 20];
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            if w.is_empty() {
                continue;
            }
            n += 1;
            if n > max_words {
                break;
            }
            if w.len() > 20 || w.len() > *longest + 2 {
                continue;
            }
            let key: &[u8] = if w.is_ascii() {
                for (d, c) in buf.iter_mut().zip(w.bytes()) {
                    *d = c.to_ascii_lowercase();
                }
                &buf[..w.len()]
            } else {
                lower.clear();
                for c in w.chars() {
                    lower.extend(c.to_lowercase());
                }
                lower.as_bytes()
            };
            if let Some(&bits) = t.get(key) {
                let mut b = bits;
                while b != 0 {
                    let i = b.trailing_zeros() as usize;
                    counts[i] += 1;
                    b &= b - 1;
                }
            }
        }
        let mut order: Vec<usize> = (0..ALL.len()).collect();
        order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
        let best = order[0];
        let second = order[1];
        if counts[best] == 0 {
            return (None, n);
        }
        let margin = if counts[second] == 0 {
            f64::INFINITY
        } else {
            counts[best] as f64 / counts[second] as f64
        };
        let guess = Guess {
            lang: ALL[best],
            hits: counts[best],
            margin,
        };
        (Some(guess), n)
    }

    /// Texts that exercise the scanner: languages, mixtures, capitals that lower-case to
    /// another length, separators of every width, words at the length limits.
    fn varied_texts() -> Vec<String> {
        let mut v: Vec<String> = [
            "",
            " ",
            ".,;:!?()[]{}\"'-–—…",
            "!!! ??? ... --- ***",
            "We use your information to send you our newsletter if you have given consent.",
            "Vi bruger dine oplysninger til at sende dig vores nyhedsbrev, hvis du har givet samtykke.",
            "Vi bruker dine personopplysninger til å sende deg vårt nyhetsbrev, hvis du har gitt samtykke.",
            "Vi använder dina personuppgifter för att skicka dig vårt nyhetsbrev om du har gett samtycke.",
            "Wir verwenden Ihre Daten, um Ihnen unseren Newsletter zu senden, wenn Sie eingewilligt haben. Für Sie können wir das.",
            "Nous utilisons vos données pour vous envoyer notre lettre d'information.",
            "Käytämme tietoja, että voit olla mukaan. A adatok által és hogy. Się że są.",
            "PÅ NÅR OGSÅ ØVRIGE SÅDAN På Når Også Øvrige æøå ÆØÅ æ ø å",
            "Vi og du og jeg, the and of to: og at af til. Mixed English og dansk tekst, we og vi.",
            "THE AND OF TO YOU YOUR We Our Is Are ThIs",
            "emoji 😀 the 😀and😀 of🎉to 👍🏽 vores🙂dig",
            "İ İstanbul the İt is KELVIN K sign: K and Å angstrom Å på ẞ ß SS",
            "ǅ ǈ ǋ Σ ΣΑΣ σας the Ω",
            "digits 123 4567 the 1st 2nd and 3rd ² ½ ٣ and x²",
            "nbsp\u{a0}the\u{a0}and – the — of ’s we’re don’t «og» „und“ ‚die‘",
            "personopplysninger PERSONOPPLYSNINGER personopplysningerx personopplysningerxx personopplysningerxxx",
            "aaaaaaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaaaaaa the",
            "øøøøøøøøøø øøøøøøøøøøø the og",
            "the\nand\tof\r\nto\u{2028}you\u{3000}your",
            "a i w z e y u",
            "tab\there, comma,the,and,og;af:til",
            "中文 the 日本語 and русский и текст og",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // long texts: more words than any limit, and a tie-heavy mixture
        v.push("the og ".repeat(3000));
        v.push("Vi bruger dine oplysninger. We use your data. ".repeat(800));
        v.push("und der die das ".repeat(1500) + &"the ".repeat(6000));
        v.push("æøå på når ".repeat(2000));
        v.push("x".repeat(100_000));
        v.push("😀".repeat(10_000) + " the");
        v
    }

    #[test]
    fn scanner_matches_the_old_detector() {
        let texts = varied_texts();
        for t in &texts {
            for max in [0, 1, 2, 3, 7, 8, 9, 40, 200, 400, 401, 5000, 100_000] {
                assert_eq!(
                    detect_counting(t, max),
                    old_detect_counting(t, max),
                    "max {max}: {:?}",
                    t.chars().take(80).collect::<String>()
                );
            }
            // every prefix and suffix of the short texts, cut at char boundaries
            if t.len() < 400 {
                for (i, _) in t.char_indices() {
                    assert_eq!(
                        detect_counting(&t[..i], 400),
                        old_detect_counting(&t[..i], 400)
                    );
                    assert_eq!(
                        detect_counting(&t[i..], 400),
                        old_detect_counting(&t[i..], 400)
                    );
                }
            }
        }
    }

    #[test]
    fn scanner_matches_the_old_detector_on_every_char() {
        // each char alone, between words and inside a word, in both letter cases
        let mut s = String::new();
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            s.clear();
            s.push(c);
            s.push_str(" the ");
            s.push(c);
            s.push_str("og the");
            s.push(c);
            s.push_str("and p");
            s.push(c);
            for max in [1, 2, 400] {
                assert_eq!(
                    detect_counting(&s, max),
                    old_detect_counting(&s, max),
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn the_table_holds_every_function_word() {
        let (old, _) = old_table();
        let t = table();
        assert_eq!(t.entries.len(), old.len());
        for (w, bits) in old {
            assert_eq!(
                t.get(fnv(w), |e| e == *w),
                *bits,
                "{:?}",
                std::str::from_utf8(w)
            );
        }
    }

    #[test]
    fn tags() {
        assert_eq!(from_tag("da-DK"), Some(Detected::Da));
        assert_eq!(from_tag("en_GB"), Some(Detected::En));
        assert_eq!(from_tag("no"), Some(Detected::Nb));
        assert_eq!(from_tag("xx"), None);
    }
}
