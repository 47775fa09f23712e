//! Who the document is addressed to: a person, or a business.
//!
//! Developer agreements, advertising and merchant terms, cloud and processor terms
//! address a business that has customers, end users, staff and products of its own. A
//! "you consent to the collection of the data collected by the migration service" or a
//! "Customer agrees to the use of GCS for such storage" there is a contract term or a
//! controller's instruction to its processor (GDPR Art. 28(3)), and the data it speaks of
//! is mostly the business's own or its end users'; legal persons are not data subjects
//! (GDPR Art. 4(1), Recital 14). Consent to marketing sent to the reader stays consent:
//! ePrivacy Art. 13 protects the e-mail address of a business contact too.
//!
//! The document says so in one of two ways (the vocabulary is `terms.business_party` and
//! `terms.business_reader` in `lints/concepts/terms.toml`, English and Danish):
//! - it defines its reader as a business ("the entity or person agreeing to these terms
//!   ('Customer')", "the entity executing these Terms"); or
//! - it keeps naming the reader's own customers, end users, products or campaigns
//!   ("your End Users", "dine kunder"): at least [`MIN_HITS`] times, and at least
//!   [`MIN_PER_MILLE`] times per thousand words, so that a consumer notice saying once
//!   "if you use the service for your customers" does not count.

use super::{Analysis, ListId};
use crate::document::Document;

/// Mentions of the reader's own clientele a business-facing document has at least.
pub const MIN_HITS: usize = 5;
/// ... and at least this many per thousand words.
pub const MIN_PER_MILLE: f64 = 1.5;

fn lists() -> (ListId, ListId) {
    static L: std::sync::OnceLock<(ListId, ListId)> = std::sync::OnceLock::new();
    *L.get_or_init(|| {
        (
            super::list_id("terms.business_party"),
            super::list_id("terms.business_reader"),
        )
    })
}

/// Is the document addressed to a business rather than to a person?
pub fn business(doc: &Document, an: &Analysis) -> bool {
    let (party, reader) = lists();
    let mut hits = 0usize;
    let mut words = 0usize;
    for (i, b) in doc.blocks.iter().enumerate() {
        words += b.text.split_whitespace().count();
        if an.block_has(i, party) {
            return true;
        }
        if an.block_has(i, reader) {
            hits += an.hits_of(i, 0..b.text.len(), reader).count();
        }
    }
    if hits >= MIN_HITS && (hits as f64) * 1000.0 >= MIN_PER_MILLE * words.max(1) as f64 {
        return true;
    }
    // the contract's opening words, read across the blocks a PDF export breaks them into
    // ("... AND THE PERSON OR" / "ENTITY AGREEING TO THESE TERMS ..."): the first blocks
    // joined, a few thousand bytes at most
    let mut opening = String::new();
    for b in doc.blocks.iter().take(40) {
        if opening.len() > 4000 {
            break;
        }
        opening.push_str(&b.text);
        opening.push(' ');
    }
    let lang = an.doc_lang.and_then(|d| super::Lang::from_code(d.code()));
    lang.is_some_and(|l| an.find(&opening, l).iter().any(|h| h.list == party))
}

#[cfg(test)]
mod tests {
    use crate::analysis::Analysis;
    use crate::document::{parse, Format};

    fn business(src: &str) -> bool {
        let doc = parse(src, Format::Markdown);
        let da = src.contains("du ") || src.contains("Du ");
        let an = Analysis::new(&doc, da.then_some(crate::analysis::language::Detected::Da));
        an.business_audience(&doc)
    }

    #[test]
    fn a_defined_business_party_makes_a_business_audience() {
        assert!(business(
            "These Terms are entered into by Google and the entity or person agreeing to these terms (\"Customer\").\n\nCustomer agrees to the use of GCS."
        ));
        assert!(business(
            "Disse vilkår indgås mellem os og den virksomhed, der accepterer vilkårene (\"Kunden\")."
        ));
    }

    #[test]
    fn the_readers_own_clientele_makes_a_business_audience() {
        let en = "You must tell your end users how you use their data. Your customers must agree. \
                  Your end users may ask you. Your employees must be trained. Your products must comply.";
        assert!(business(en), "en");
        let da = "Du skal oplyse dine kunder om behandlingen. Dine slutbrugere kan klage. \
                  Dine medarbejdere skal instrueres. Dine kunder skal give samtykke. Dine produkter skal overholde loven.";
        assert!(business(da), "da");
    }

    #[test]
    fn a_consumer_notice_is_not_a_business_audience() {
        let mut en = String::from("If you use the Service for your customers, other terms apply. ");
        en.push_str(
            &"We use your e-mail address to send you the newsletter you asked for. ".repeat(40),
        );
        assert!(!business(&en));
        let mut da =
            String::from("Hvis du bruger tjenesten for dine kunder, gælder andre vilkår. ");
        da.push_str(&"Vi bruger din e-mailadresse til at sende dig nyhedsbrevet. ".repeat(40));
        assert!(!business(&da));
        // a person who may also act for a company is still addressed as a person
        assert!(!business(
            "If you are agreeing on behalf of a company, you represent that you may bind it."
        ));
    }
}
