//! `buried-consent`: consent request buried among other terms.
//!
//! TODO(catalogue): what it finds, why it matters, example.

use super::{Context, Lint};

pub struct BuriedConsent;

const ID: &str = "buried-consent";

impl Lint for BuriedConsent {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<crate::Diagnostic>) {}
}
