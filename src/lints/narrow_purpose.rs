//! `narrow-purpose`: consent scoped so narrowly that foreseeable use needs fresh consent.
//!
//! TODO(catalogue): what it finds, why it matters, example.

use super::{Context, Lint};

pub struct NarrowPurpose;

const ID: &str = "narrow-purpose";

impl Lint for NarrowPurpose {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<crate::Diagnostic>) {}
}
