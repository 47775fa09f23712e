//! `special-category-without-consent`: special-category data without explicit consent or another art. 9(2) ground.
//!
//! TODO(catalogue): what it finds, why it matters, example.

use super::{Context, Lint};

pub struct SpecialCategoryWithoutConsent;

const ID: &str = "special-category-without-consent";

impl Lint for SpecialCategoryWithoutConsent {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<crate::Diagnostic>) {}
}
