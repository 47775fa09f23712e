//! `missing-withdrawal`: consent request with no word on how to withdraw it.
//!
//! TODO(catalogue): what it finds, why it matters, example.

use super::{Context, Lint};

pub struct MissingWithdrawal;

const ID: &str = "missing-withdrawal";

impl Lint for MissingWithdrawal {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<crate::Diagnostic>) {}
}
