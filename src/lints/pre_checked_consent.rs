//! `pre-checked-consent`: a consent box ticked by default.
//!
//! ## What it finds
//! A checkbox, radio button, `<option>`, ARIA switch or checkbox, or Markdown
//! task item that is on by default (`checked`, `checked=""`, `checked="false"`,
//! `selected`, `aria-checked="true"`, JSX `defaultChecked`, `[x]`) and whose
//! label is about consent, marketing, newsletters or sharing data with
//! partners, in English or Danish; and text that asks the reader to untick a
//! box to refuse ("untick this box if you do not wish to receive offers",
//! "fjern krydset, hvis du ikke ønsker at modtage nyhedsbrevet").
//!
//! ## Why is this bad?
//! A pre-ticked box is not consent: consent must be an active, unambiguous
//! indication (GDPR Art. 4(11), Recital 32; CJEU C-673/17 Planet49; EDPB
//! 05/2020 para. 79; markedsføringsloven §10 for electronic marketing).
//!
//! ## Example
//! ```html
//! <label><input type="checkbox" name="newsletter" checked> Send me offers</label>
//! ```
//! Use instead:
//! ```html
//! <label><input type="checkbox" name="newsletter"> Send me offers</label>
//! ```
//!
//! Silent on "Remember me"/"Husk mig", filters, order-status boxes, strictly
//! necessary cookies shown as always on, saved preferences on a settings page,
//! and boxes that are not ticked. A box ticked by template logic is reported at
//! info level.

use std::sync::OnceLock;

use crate::analysis::{Concept, Hit, Lang, ListId};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::{CheckedState, Control, ControlKind};

use super::{diagnostic, Context, Lint};

pub struct PreCheckedConsent;

const ID: &str = "pre-checked-consent";

struct Lists {
    consent: ListId,
    grant: ListId,
    cookie_category: ListId,
    marketing: ListId,
    sharing: ListId,
    terms: ListId,
    untick: ListId,
    deselect: ListId,
    /// The shared personal-data concept: sharing with third parties is consent's topic
    /// only when the reader's data is shared.
    personal: ListId,
    opt_out: ListId,
    benign: ListId,
    negative: ListId,
    affirmative: ListId,
    /// "On" / "Til": a radio label that is a switch's position
    switch_on: ListId,
    settings: ListId,
    signup: ListId,
    topic: ListId,
    channel: ListId,
    service: ListId,
    platform_purpose: ListId,
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let id = crate::analysis::list_id;
        Lists {
            consent: id("consent.terms"),
            grant: id("consent.grant"),
            cookie_category: id("consent.cookie_category"),
            marketing: id("marketing.terms"),
            sharing: id("sharing.terms"),
            terms: id("terms.acceptance"),
            untick: id("pre-checked-consent.untick"),
            deselect: id("pre-checked-consent.deselect"),
            personal: id("personal-data.terms"),
            opt_out: id("pre-checked-consent.opt_out_condition"),
            benign: id("pre-checked-consent.benign"),
            negative: id("pre-checked-consent.negative"),
            affirmative: id("pre-checked-consent.affirmative"),
            switch_on: id("pre-checked-consent.switch_on"),
            settings: id("pre-checked-consent.settings"),
            signup: id("pre-checked-consent.signup"),
            topic: id("pre-checked-consent.topic"),
            channel: id("pre-checked-consent.channel"),
            service: id("pre-checked-consent.service"),
            platform_purpose: id("pre-checked-consent.platform_purpose"),
        }
    })
}

fn has(hits: &[Hit], list: ListId) -> bool {
    hits.iter().any(|h| h.list == list)
}

/// Words in control names and ids that say what a box is for.
fn attribute_signal(c: &Control) -> bool {
    let mut s = String::new();
    for v in [&c.name, &c.id].into_iter().flatten() {
        s.push_str(&v.to_ascii_lowercase());
        s.push(' ');
    }
    const SIGNALS: &[&str] = &[
        "newsletter",
        "nyhedsbrev",
        "optin",
        "opt_in",
        "opt-in",
        "marketing",
        "markedsfoering",
        "markedsforing",
        "subscribe",
        "subscription",
        "consent",
        "samtykke",
        "gdpr",
        "promo",
        "offers",
        "tilbud",
        "partner",
        "thirdparty",
        "third_party",
        "third-party",
        "mailchimp",
        "mc4wp",
        "chimpy",
        "mailing",
        "sms_opt",
        "emailopt",
        "email_opt",
    ];
    SIGNALS.iter().any(|k| s.contains(k))
}

fn kind_name(k: ControlKind) -> &'static str {
    match k {
        ControlKind::Checkbox | ControlKind::AriaCheckbox => "checkbox",
        ControlKind::Radio => "radio button",
        ControlKind::Option => "option",
        ControlKind::Switch => "switch",
        ControlKind::TaskItem => "task-list box",
    }
}

fn short(text: &str) -> String {
    const MAX: usize = 70;
    let t = text.trim();
    if t.chars().count() <= MAX {
        return t.to_string();
    }
    let cut: String = t.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}

impl PreCheckedConsent {
    fn is_settings_page(&self, cx: &Context<'_>, l: &Lists) -> bool {
        let mut settings = false;
        for (i, b) in cx.doc.blocks.iter().enumerate() {
            if !matches!(
                b.kind,
                crate::document::BlockKind::Heading(_) | crate::document::BlockKind::Label
            ) {
                continue;
            }
            let an = cx.analysis;
            if an.block_hits(i).any(|h| h.list == l.signup) {
                return false;
            }
            if an.block_hits(i).any(|h| h.list == l.settings) {
                settings = true;
            }
        }
        settings
    }

    /// Do the page's headings speak of cookies or consent (a consent platform's layer)?
    fn page_about_cookies(cx: &Context<'_>) -> bool {
        cx.doc.blocks.iter().any(|b| {
            matches!(b.kind, crate::document::BlockKind::Heading(_)) && {
                let t = b.text.to_lowercase();
                [
                    "cookie",
                    "consent",
                    "samtykke",
                    "privacy settings",
                    "privatlivsindstillinger",
                ]
                .iter()
                .any(|k| t.contains(k))
            }
        })
    }

    fn is_consent_control(
        &self,
        cx: &Context<'_>,
        l: &Lists,
        c: &Control,
        lang: Lang,
        cookie_page: bool,
    ) -> bool {
        let label = c.label.as_ref().map(|b| b.text.as_str()).unwrap_or("");
        let hits = if label.is_empty() {
            Vec::new()
        } else {
            cx.analysis.find(label, lang)
        };
        let group = c
            .group_label
            .as_ref()
            .map(|b| b.text.as_str())
            .unwrap_or("");
        let ghits = if group.is_empty() {
            Vec::new()
        } else {
            cx.analysis.find(group, lang)
        };
        if has(&hits, l.benign) {
            return false;
        }
        // a negative answer selected by default ("No thanks") is the compliant default
        if has(&hits, l.negative) && !has(&hits, l.consent) {
            return false;
        }
        if label.is_empty() && has(&ghits, l.benign) {
            return false;
        }
        let lower = format!("{label} {group}").to_lowercase();
        let cookie_context = cookie_page
            || lower.contains("cookie")
            || matches!(c.kind, ControlKind::Switch | ControlKind::AriaCheckbox)
            || c.name
                .as_deref()
                .is_some_and(|n| n.to_ascii_lowercase().contains("cookie"));
        let about = |h: &[Hit]| {
            has(h, l.consent)
                || has(h, l.grant)
                || has(h, l.marketing)
                || has(h, l.topic)
                || has(h, l.sharing)
                || (cookie_context && (has(h, l.cookie_category) || has(h, l.platform_purpose)))
        };
        let label_about = about(&hits);
        // "SMS when my bike is ready": a service message the reader asked for, unless the
        // label also speaks of consent, sharing or marketing beyond the channel
        if has(&hits, l.service)
            && !has(&hits, l.consent)
            && !has(&hits, l.grant)
            && !has(&hits, l.sharing)
            && !has(&hits, l.topic)
            // a consent platform's purpose under a switch is not a service message
            && (!cookie_context || !has(&hits, l.platform_purpose))
            && hits.iter().filter(|h| h.list == l.marketing).all(|m| {
                hits.iter()
                    .any(|c| c.list == l.channel && c.start <= m.start && m.end <= c.end)
            })
        {
            return false;
        }
        if !label_about && has(&hits, l.terms) {
            // accepting terms is a contract, not consent to processing
            return false;
        }
        match c.kind {
            ControlKind::Radio | ControlKind::Option => {
                // a switch-like pair of radios ("On" / "Off", "Til" / "Fra") under a
                // cookie category or a marketing question: the label is the whole answer
                let bare = label.trim().trim_end_matches('.');
                let switch_on = hits
                    .iter()
                    .any(|h| h.list == l.switch_on && label.get(h.start..h.end) == Some(bare));
                label_about
                    || ((has(&hits, l.affirmative) || switch_on)
                        && (about(&ghits) || attribute_signal(c)))
                    || (label.is_empty() && attribute_signal(c))
            }
            ControlKind::TaskItem => {
                // a done item in a to-do list ("Cookie consent banner", "Tilføj tilmelding
                // til nyhedsbrev") is not a consent box: require the reader's own voice
                // (or a cookie category on a page about cookies: "- ☑ Analytiske cookies
                // (valgfri)" shows the banner's state, not a task done)
                label_about
                    && (has(&hits, l.affirmative)
                        || has(&hits, l.grant)
                        || first_person(label, lang)
                        || (cookie_page
                            && label.to_lowercase().contains("cookie")
                            && has(&hits, l.cookie_category)))
            }
            // "Email" under a "Marketing permissions" legend: the group or the name says what for
            _ => label_about || about(&ghits) || attribute_signal(c),
        }
    }

    fn untick_text(&self, cx: &Context<'_>, l: &Lists, out: &mut Vec<crate::Diagnostic>) {
        let an = cx.analysis;
        for (i, b) in cx.doc.blocks.iter().enumerate() {
            if !an.block_has(i, l.untick) && !an.block_has(i, l.deselect) {
                continue;
            }
            for sent in an.sentences_of(i) {
                let r = sent.range();
                let Some(h) = an
                    .hits_in(i, r.clone())
                    .find(|h| h.list == l.untick || h.list == l.deselect)
                else {
                    continue;
                };
                let opt_out = an.hits_of(i, r.clone(), l.opt_out).next().is_some();
                // third parties count only with the reader's data: "third party services
                // may be enabled by default, but you can disable them" is a feature
                let topic = sent.has_any(&[Concept::Marketing, Concept::Consent])
                    || sent.has(Concept::ThirdParty)
                        && an.hits_of(i, r.clone(), l.personal).next().is_some();
                // "untick the box" needs a topic; "deselect" also needs "if you do not wish"
                let strong = h.list == l.untick;
                if !(topic && (opt_out || strong)) {
                    continue;
                }
                out.push(diagnostic(
                    ID,
                    b.source_span(r),
                    format!(
                        "'{}' asks the reader to untick a box to refuse: the box is ticked by default",
                        short(&b.text[h.start..h.end])
                    ),
                ));
            }
        }
    }
}

fn first_person(text: &str, lang: Lang) -> bool {
    let words: &[&str] = match lang {
        Lang::En => &["i", "me", "my", "i'd", "i'm"],
        Lang::Da => &["jeg", "mig", "min", "mine", "mit"],
    };
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| words.iter().any(|p| w.eq_ignore_ascii_case(p)))
}

impl Lint for PreCheckedConsent {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
        let l = lists();
        let settings_page = !cx.doc.controls.is_empty() && self.is_settings_page(cx, l);
        let cookie_page = !cx.doc.controls.is_empty() && Self::page_about_cookies(cx);
        for c in &cx.doc.controls {
            let (span, template) = match &c.checked {
                CheckedState::Checked(s) => (s.clone(), false),
                CheckedState::Template(s) => (s.clone(), true),
                CheckedState::Unchecked => continue,
            };
            // a disabled box is not submitted: it shows stored state or an always-on category
            if c.disabled {
                continue;
            }
            let langs = cx.analysis.control_langs(cx.doc, c);
            if !langs
                .iter()
                .any(|&lang| self.is_consent_control(cx, l, c, lang, cookie_page))
            {
                continue;
            }
            if settings_page {
                continue;
            }
            let label = c
                .label
                .as_ref()
                .map(|b| short(&b.text))
                .filter(|s| !s.is_empty());
            let what = match &label {
                Some(t) => format!("{} '{}'", kind_name(c.kind), t),
                None => format!(
                    "{} '{}'",
                    kind_name(c.kind),
                    c.name
                        .as_deref()
                        .or(c.id.as_deref())
                        .unwrap_or("(no label)")
                ),
            };
            let mut d = if template {
                let mut d = diagnostic(
                    ID,
                    span.clone(),
                    format!(
                    "{what} is ticked by template logic; if it renders ticked, it is not consent"
                ),
                );
                d.severity = Severity::Info;
                d
            } else {
                let hidden = if c.hidden {
                    " and hidden from the reader"
                } else {
                    ""
                };
                diagnostic(
                    ID,
                    span.clone(),
                    format!(
                        "{what} is ticked by default{hidden}; consent must be an active opt-in"
                    ),
                )
            };
            if let Some(b) = &c.label {
                if !b.text.is_empty() && b.span.end <= cx.source.len() {
                    d = d.with_label(b.span.clone(), "label");
                }
            }
            // a component's box bound to a variable: where the variable starts out true
            if let Some(init) = &c.checked_by {
                d = d.with_label(init.clone(), "initial value");
            }
            // a box bound to a variable (`v-model="news"`, `checked={news}`,
            // `{...register("news")}`) is not fixed by deleting the binding
            if !template && c.checked_by.is_none() {
                if let Some(f) = fix(cx.source, c, &span) {
                    d = d.with_fix(f);
                }
            }
            out.push(d);
        }
        self.untick_text(cx, l, out);
    }
}

/// Remove what makes the control checked.
fn fix(source: &str, c: &Control, span: &std::ops::Range<usize>) -> Option<Fix> {
    let text = source.get(span.clone())?;
    let edit = if c.kind == ControlKind::TaskItem {
        Edit {
            start: span.start,
            end: span.end,
            replacement: "[ ]".into(),
        }
    } else if text.to_ascii_lowercase().starts_with("aria-checked") {
        Edit {
            start: span.start,
            end: span.end,
            replacement: "aria-checked=\"false\"".into(),
        }
    } else {
        // remove the attribute and the white space before it
        let before = &source[..span.start];
        let ws = before.len() - before.trim_end_matches([' ', '\t', '\n', '\r']).len();
        Edit {
            start: span.start - ws,
            end: span.end,
            replacement: String::new(),
        }
    };
    Some(Fix {
        applicability: "safe",
        edits: vec![edit],
    })
}
