//! Print the document model of a file: blocks, sections, controls, comments.
//! `cargo run --example dump -- FILE`
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump FILE");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let format = consentlint::source::format_for_path(std::path::Path::new(&path))
        .unwrap_or(consentlint::Format::Html);
    let doc = consentlint::parse(&text, format);
    let an = consentlint::analysis::Analysis::new(&doc, None);
    println!(
        "declared lang: {:?}  detected: {:?}  main words: {}",
        doc.declared_lang, an.doc_lang, doc.main_words
    );
    for (i, b) in doc.blocks.iter().enumerate() {
        println!(
            "[{i}] {:?} lang={:?} main={} sec={:?} num={:?} {:?}",
            b.kind, an.block_lang[i], b.main, b.section, b.number, b.text
        );
        for h in an.block_hits(i) {
            println!(
                "      hit {} {:?}",
                an.vocab.name(h.list),
                &b.text[h.start..h.end]
            );
        }
    }
    for s in &doc.sections {
        println!("section L{} {:?} {:?}", s.level, s.number, s.title);
    }
    for c in &doc.controls {
        println!(
            "control {:?} {:?} span={:?} label({:?})={:?} group={:?} name={:?} hidden={} lang={:?}",
            c.kind,
            c.checked,
            &text[c.span.clone()],
            c.label_source,
            c.label.as_ref().map(|b| &b.text),
            c.group_label.as_ref().map(|b| &b.text),
            c.name,
            c.hidden,
            an.control_lang(&doc, c)
        );
    }
    for c in &doc.comments {
        println!("comment {:?}", &text[c.span.clone()]);
    }
}
