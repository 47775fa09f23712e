//! Folding text for phrase matching: simple case folding (Æ/Ø/Å included), NBSP and
//! other spaces as a space, soft hyphens and zero-width characters dropped, curly quotes
//! straightened, runs of white space and hyphens unified into one space, with a map from
//! the folded text back to the original.
//!
//! Self-contained on purpose: `build.rs` compiles the embedded packs' phrases with this
//! same file (`#[path]`), so phrases folded at build time and text folded at run time
//! cannot drift apart.

/// Zero-width and soft-hyphen characters: invisible in a rendered page, so a phrase
/// with one inside still reads as the phrase.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
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

    /// [`Normalized::original`] for ranges met in order of `b`, as an automaton reports
    /// them: `cursor` (start at 0) remembers the run of the last end, so both ends are
    /// found by a step or two from there instead of two binary searches per hit.
    pub fn original_seq(&self, a: usize, b: usize, cursor: &mut usize) -> (usize, usize) {
        let runs = &self.runs;
        let mut i = (*cursor).min(runs.len().saturating_sub(1));
        // the run of b - 1: forward from the cursor (or back, if called out of order)
        while i + 1 < runs.len() && (runs[i + 1].norm as usize) < b {
            i += 1;
        }
        while i > 0 && runs[i].norm as usize > b - 1 {
            i -= 1;
        }
        *cursor = i;
        let r = &runs[i];
        let end = if r.char_len == 0 {
            r.orig as usize + (b - 1 - r.norm as usize) + 1
        } else {
            (r.orig + r.char_len) as usize
        };
        // the run of a: back from there (a phrase spans few runs)
        while i > 0 && runs[i].norm as usize > a {
            i -= 1;
        }
        let r = &runs[i];
        let start = if r.char_len == 0 {
            r.orig as usize + (a - r.norm as usize)
        } else {
            r.orig as usize
        };
        (start, end)
    }
}

pub fn is_hyphen(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

/// ASCII that folds to itself or its lower case, byte for byte (not white space, `-`
/// or `` ` ``).
fn is_plain(b: u8) -> bool {
    b.is_ascii() && !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'-' | b'`')
}

/// Normalize text for matching (see the module docs).
pub fn normalize(text: &str) -> Normalized {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut runs: Vec<Run> = Vec::new();
    // the original offset that continues the current byte-for-byte run, if any
    let mut ident_next = usize::MAX;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if is_plain(b) {
            // a run of plain ASCII (most of a text): lower-cased in bulk, one map run
            // (a single space after a plain byte is kept as it is, so words and the
            // spaces between them make one run)
            let start = i;
            while i < bytes.len()
                && (is_plain(bytes[i]) || (bytes[i] == b' ' && is_plain(bytes[i - 1])))
            {
                i += 1;
            }
            if ident_next != start {
                runs.push(Run {
                    norm: out.len() as u32,
                    orig: start as u32,
                    char_len: 0,
                });
            }
            let at = out.len();
            out.extend_from_slice(&bytes[start..i]);
            out[at..].make_ascii_lowercase();
            ident_next = i;
            continue;
        }
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
        if is_invisible(c) {
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
