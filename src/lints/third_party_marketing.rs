//! `third-party-marketing`: data passed to partners for their marketing without a separate, named consent.
//!
//! TODO(catalogue): what it finds, why it matters, example.

use super::{Context, Lint};

pub struct ThirdPartyMarketing;

const ID: &str = "third-party-marketing";

impl Lint for ThirdPartyMarketing {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<crate::Diagnostic>) {}
}
