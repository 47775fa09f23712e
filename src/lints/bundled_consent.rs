//! `bundled-consent`: consent folded into accepting terms, buying or registering.
//!
//! TODO(catalogue): what it finds, why it matters, example.

use super::{Context, Lint};

pub struct BundledConsent;

const ID: &str = "bundled-consent";

impl Lint for BundledConsent {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<crate::Diagnostic>) {}
}
