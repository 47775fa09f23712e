//! The syntax of token patterns in the packs (`[[patterns]]`), parsed here with `std`
//! only: `build.rs` includes this file to reject a broken pattern at build time, and the
//! library compiles the parsed form against its stemmers and lexicons
//! ([`crate::analysis::pattern`]).
//!
//! A pattern is a sequence of token constraints, in the spirit of LanguageTool's rules
//! and spaCy's Matcher:
//!
//! | written | matches one token (or a phrase, for lists) |
//! |---|---|
//! | `improve` | any word with the same Snowball stem (improves, improved, improving) |
//! | `=for` | exactly this word (folded) |
//! | `improv*` | a word starting with these letters |
//! | `*formål` | a word ending in these letters: the head of a compound (markedsføringsformål) |
//! | `@list` | an entry of a phrase list of the pack (or `@pack.list` of another), by stems; entries may be phrases |
//! | `[det]` | a word class from the shared analysis (`[det]`, `[poss]`, `[cap]`, `[comma]`, ...) |
//! | `_` | any word (not punctuation: a gap never crosses a clause break) |
//! | `( a b \| c )` | alternatives, each a sequence |
//! | `X?`, `X{m,n}` | optional, repeated |
//! | `^` | the start of the sentence |
//! | `<` `>` | where the reported span starts and ends (default: the whole match) |

/// One constraint of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    /// A word matched by its stem.
    Stem(String),
    /// A word matched exactly (folded).
    Exact(String),
    /// A word starting with these letters.
    Prefix(String),
    /// A word ending with these letters (the head of a compound).
    Suffix(String),
    /// A phrase list: `list` of the pattern's pack, or `pack.list`.
    List(String),
    /// A word class of the shared analysis.
    Class(String),
    /// Any word.
    Any,
    /// Alternatives, each a sequence.
    Group(Vec<Vec<Node>>),
    /// The start of the sentence.
    SentenceStart,
    /// The reported span starts here.
    SpanStart,
    /// The reported span ends here.
    SpanEnd,
}

/// A constraint with how often it may repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub atom: Atom,
    pub min: u8,
    pub max: u8,
}

/// The word classes the analysis layer knows (`[name]`).
pub const CLASSES: &[&str] = &[
    // determiners and possessives, articles included ("the", "our", "vores", "den")
    "det",
    // possessive pronouns only ("your", "our", "din", "vores")
    "poss",
    // a capitalised word inside the sentence: a name ("Firefox", "Sponsor")
    "cap",
    // a genitive ("the User's", "partners'", "brugerens"): a possessor, not a subject
    "gen",
    // an adverb ("continuously", "løbende"): -ly words and the closed list
    "adv",
    // a comma
    "comma",
    // a quotation mark (around a button's name: uden at vælge "Nej tak")
    "quote",
    // a number
    "num",
    // a clause break: . ; : ! ? ( )
    "break",
    // the reader: you, I, the customer, du, jeg, kunden
    "reader",
    // the company: we, us, the company, vi, os
    "company",
    // a negation: not, never, no, ikke, aldrig, ingen
    "neg",
    // a negating determiner or preposition: no, without, ingen, uden
    "neg_det",
    // a contrast or exception: but, except, unless, men, medmindre
    "contrast",
    // a subordinator opening a condition: if, when, hvis, når
    "conditional",
    // what "not" may stand before without denying: limited, only, udtømmende
    "not_denial",
    // a preposition: at, with, for, til, med
    "prep",
    // a comparative after a negating determiner: longer, more, later, længere
    "neg_comparative",
    // a modal verb: may, will, shall, kan, vil, skal
    "modal",
    // a relative pronoun: which, who, hvilke
    "relative",
    // a verb of wanting: want, wish, ønsker
    "volition",
    // a preposition of circumstance: upon, ved
    "circumstance",
    // the relative "that" / "som"
    "rel_that",
    // words after which "that" opens the content, not a relative clause: agree, is, sådan
    "content_head",
    // a verb of agreeing that governs a later "that": agree, acknowledge, bekræfte
    "agreeing",
    // a question word of an indirect question: whether, hvorvidt, om
    "question",
    // a verb of finding out or asking: learn, find out, finde ud af
    "inquire",
];

/// Parse a pattern.
pub fn parse(src: &str) -> Result<Vec<Node>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut p = Parser { chars, at: 0 };
    let seqs = p.alternatives()?;
    p.skip_ws();
    if p.at < p.chars.len() {
        return Err(format!("unexpected '{}' at {}", p.chars[p.at], p.at));
    }
    if seqs.len() != 1 {
        // a top-level alternation is one group
        return Ok(vec![Node {
            atom: Atom::Group(seqs),
            min: 1,
            max: 1,
        }]);
    }
    let seq = seqs.into_iter().next().unwrap_or_default();
    if !seq.iter().any(consumes) {
        return Err("a pattern must match at least one word".into());
    }
    Ok(seq)
}

/// Does a node match a token (rather than a position)?
fn consumes(n: &Node) -> bool {
    match &n.atom {
        Atom::SentenceStart | Atom::SpanStart | Atom::SpanEnd => false,
        Atom::Group(alts) => alts.iter().any(|s| s.iter().any(consumes)),
        _ => n.max > 0,
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn skip_ws(&mut self) {
        while self.at < self.chars.len() && self.chars[self.at].is_whitespace() {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn alternatives(&mut self) -> Result<Vec<Vec<Node>>, String> {
        let mut alts = vec![self.sequence()?];
        loop {
            self.skip_ws();
            if self.peek() == Some('|') {
                self.at += 1;
                alts.push(self.sequence()?);
            } else {
                return Ok(alts);
            }
        }
    }

    fn sequence(&mut self) -> Result<Vec<Node>, String> {
        let mut seq = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None | Some('|') | Some(')') => return Ok(seq),
                _ => seq.push(self.node()?),
            }
        }
    }

    fn node(&mut self) -> Result<Node, String> {
        let atom = self.atom()?;
        let (mut min, mut max) = (1u8, 1u8);
        match self.peek() {
            Some('?') => {
                self.at += 1;
                min = 0;
            }
            Some('{') => {
                self.at += 1;
                let mut body = String::new();
                while let Some(c) = self.peek() {
                    self.at += 1;
                    if c == '}' {
                        break;
                    }
                    body.push(c);
                }
                let (a, b) = body
                    .split_once(',')
                    .ok_or_else(|| format!("repeat '{{{body}}}' needs the form {{m,n}}"))?;
                min = a
                    .trim()
                    .parse()
                    .map_err(|_| format!("bad repeat '{{{body}}}'"))?;
                max = b
                    .trim()
                    .parse()
                    .map_err(|_| format!("bad repeat '{{{body}}}'"))?;
                if min > max || max > 24 {
                    return Err(format!("repeat '{{{body}}}': need m <= n <= 24"));
                }
            }
            _ => {}
        }
        if matches!(atom, Atom::SentenceStart | Atom::SpanStart | Atom::SpanEnd)
            && (min, max) != (1, 1)
        {
            return Err("'^', '<' and '>' take no repeat".into());
        }
        Ok(Node { atom, min, max })
    }

    fn word(&mut self) -> String {
        let mut w = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || matches!(c, '\'' | '-' | '.' | '*' | '_') {
                w.push(c);
                self.at += 1;
            } else {
                break;
            }
        }
        w
    }

    fn atom(&mut self) -> Result<Atom, String> {
        match self.peek() {
            Some('(') => {
                self.at += 1;
                let alts = self.alternatives()?;
                self.skip_ws();
                if self.peek() != Some(')') {
                    return Err("unclosed '('".into());
                }
                self.at += 1;
                if alts.iter().any(|s| s.is_empty()) {
                    return Err("an empty alternative (write the group with '?' instead)".into());
                }
                Ok(Atom::Group(alts))
            }
            Some('^') => {
                self.at += 1;
                Ok(Atom::SentenceStart)
            }
            Some('<') => {
                self.at += 1;
                Ok(Atom::SpanStart)
            }
            Some('>') => {
                self.at += 1;
                Ok(Atom::SpanEnd)
            }
            Some('[') => {
                self.at += 1;
                let w = self.word();
                if self.peek() != Some(']') {
                    return Err(format!("unclosed '[{w}'"));
                }
                self.at += 1;
                if !CLASSES.contains(&w.as_str()) {
                    return Err(format!(
                        "unknown word class '[{w}]' (known: {})",
                        CLASSES.join(", ")
                    ));
                }
                Ok(Atom::Class(w))
            }
            Some('@') => {
                self.at += 1;
                let w = self.word();
                if w.is_empty() {
                    return Err("'@' needs a list name".into());
                }
                Ok(Atom::List(w))
            }
            Some('=') => {
                self.at += 1;
                let w = self.word();
                if w.is_empty() || w.contains('*') {
                    return Err("'=' needs a plain word".into());
                }
                Ok(Atom::Exact(w.to_lowercase()))
            }
            Some(c) if c.is_alphanumeric() || c == '*' || c == '_' => {
                let w = self.word();
                if w == "_" {
                    return Ok(Atom::Any);
                }
                let core = w.trim_matches('*');
                if core.is_empty() || core.contains('*') {
                    return Err(format!("bad word '{w}'"));
                }
                let lower = core.to_lowercase();
                Ok(if w.starts_with('*') && w.ends_with('*') {
                    return Err(format!("'{w}': '*' on one side only"));
                } else if w.ends_with('*') {
                    Atom::Prefix(lower)
                } else if w.starts_with('*') {
                    Atom::Suffix(lower)
                } else {
                    Atom::Stem(lower)
                })
            }
            Some(c) => Err(format!("unexpected '{c}'")),
            None => Err("pattern ends too early".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms() {
        let p = parse("=to [adv]? < improve [poss]? _{0,2} (@object | *formål) >").unwrap();
        assert_eq!(p.len(), 8);
        assert_eq!(p[0].atom, Atom::Exact("to".into()));
        assert_eq!((p[1].min, p[1].max), (0, 1));
        assert_eq!(p[2].atom, Atom::SpanStart);
        assert_eq!(p[3].atom, Atom::Stem("improve".into()));
        assert_eq!((p[5].min, p[5].max), (0, 2));
        assert!(matches!(&p[6].atom, Atom::Group(a) if a.len() == 2));
    }

    #[test]
    fn rejects_broken_patterns() {
        for bad in [
            "", "(a", "[nope]", "a{3,1}", "a{0,99}", "a{0,25}", "@", "*a*", "< >", "a (|b)", "^?",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} parsed");
        }
    }
}
