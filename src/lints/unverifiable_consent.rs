//! `unverifiable-consent`: consent claimed from a channel that leaves no record or from a third party.
//!
//! TODO(catalogue): what it finds, why it matters, example.

use super::{Context, Lint};

pub struct UnverifiableConsent;

const ID: &str = "unverifiable-consent";

impl Lint for UnverifiableConsent {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<crate::Diagnostic>) {}
}
