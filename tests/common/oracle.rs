//! The browser oracle for the HTML reader's tests: html5ever's text of a page (through
//! scraper), text nodes in tree order outside the elements whose content a reader does
//! not show. One copy for the tree-rule fixtures and the corpus differential.

use scraper::{Html, Node};

/// Elements whose content is not page text. `<template>` content is read (it is what
/// script stamps into the page, and a Vue component is one big `<template>`), and so is
/// `<noscript>` (what a reader without scripting sees).
pub const SKIP: &[&str] = &[
    "script", "style", "title", "textarea", "head", "iframe", "noembed", "noframes", "xmp",
];

/// The text nodes of the page, in tree order.
pub fn dom_texts(src: &str) -> Vec<String> {
    let doc = Html::parse_document(src);
    let mut out = Vec::new();
    let mut stack = vec![doc.tree.root()];
    while let Some(n) = stack.pop() {
        match n.value() {
            Node::Element(e) if SKIP.contains(&e.name()) => continue,
            // with scripting on, html5ever keeps `<noscript>` as raw text: read it as the
            // markup a reader without scripting sees
            Node::Element(e) if e.name() == "noscript" => {
                let inner: String = n
                    .children()
                    .filter_map(|k| k.value().as_text().map(|t| t.text.to_string()))
                    .collect();
                let frag = Html::parse_fragment(&inner);
                out.push(frag.root_element().text().collect::<Vec<_>>().concat());
                continue;
            }
            Node::Text(t) => out.push(t.text.to_string()),
            _ => {}
        }
        let kids: Vec<_> = n.children().collect();
        stack.extend(kids.into_iter().rev());
    }
    out
}
