//! `implied-consent`: consent taken from silence, inaction or continued use.
//!
//! TODO(catalogue): what it finds, why it matters, example.

use super::{Context, Lint};

pub struct ImpliedConsent;

const ID: &str = "implied-consent";

impl Lint for ImpliedConsent {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<crate::Diagnostic>) {}
}
