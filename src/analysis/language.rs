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

/// FNV-1a: function words are short, and SipHash's set-up dominated detection.
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

type Table = std::collections::HashMap<&'static [u8], u16, FnvBuild>;

/// Function word -> bit set of the languages that use it, and the longest word's length
/// in bytes (longer words are not looked up).
fn table() -> &'static (Table, usize) {
    static T: std::sync::OnceLock<(Table, usize)> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut m: Table = Default::default();
        for (i, l) in ALL.iter().enumerate() {
            for w in words(*l) {
                *m.entry(w.as_bytes()).or_default() |= 1 << i;
            }
        }
        let longest = m.keys().map(|w| w.len()).max().unwrap_or(0);
        (m, longest)
    })
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

/// Detect over at most `max_words` words of `text`.
pub fn detect(text: &str, max_words: usize) -> Option<Guess> {
    detect_counting(text, max_words).0
}

/// [`detect`], and the number of words read (at most `max_words + 1`), so that a caller
/// that also needs to know whether a text is long enough need not count its words again.
pub fn detect_counting(text: &str, max_words: usize) -> (Option<Guess>, usize) {
    let (t, longest) = table();
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
        // lower-casing keeps the length of nearly every word; the rare exception
        // (a capital that lower-cases shorter) only loses a lookup
        if w.len() > 20 || w.len() > *longest + 2 {
            continue;
        }
        // ASCII words (most of them) are lower-cased on the stack
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
    fn tags() {
        assert_eq!(from_tag("da-DK"), Some(Detected::Da));
        assert_eq!(from_tag("en_GB"), Some(Detected::En));
        assert_eq!(from_tag("no"), Some(Detected::Nb));
        assert_eq!(from_tag("xx"), None);
    }
}
