//! `marketing-without-opt-in`: electronic marketing without prior opt-in consent.
//!
//! TODO(catalogue): what it finds, why it matters, example.

use super::{Context, Lint};

pub struct MarketingWithoutOptIn;

const ID: &str = "marketing-without-opt-in";

impl Lint for MarketingWithoutOptIn {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<crate::Diagnostic>) {}
}
