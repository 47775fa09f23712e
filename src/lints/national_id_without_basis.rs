//! `national-id-without-basis`: national id number (cpr, ssn) asked for without a stated basis.
//!
//! TODO(catalogue): what it finds, why it matters, example.

use super::{Context, Lint};

pub struct NationalIdWithoutBasis;

const ID: &str = "national-id-without-basis";

impl Lint for NationalIdWithoutBasis {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<crate::Diagnostic>) {}
}
