//! `vague-purpose`: purpose worded too vaguely to consent to.
//!
//! TODO(catalogue): what it finds, why it matters, example.

use super::{Context, Lint};

pub struct VaguePurpose;

const ID: &str = "vague-purpose";

impl Lint for VaguePurpose {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<crate::Diagnostic>) {}
}
