//! Random pieces of PHP strings, heredocs, Blade and Liquid blocks, toggles, fields and
//! tables glued together: the reader and the lints never panic, and every span slices.

#[test]
fn template_toggle_and_field_markup_never_panics() {
    let pieces = [
        "<?php",
        "?>",
        "echo ",
        "'",
        "\"",
        "\\",
        "<b>",
        "</b>",
        "<<<",
        "X",
        "\n",
        "$a",
        "{$",
        "}",
        "->",
        "[",
        "]",
        "{!!",
        "!!}",
        "@php",
        "@endphp",
        "{% comment %}",
        "{% endcomment %}",
        "<input type=checkbox checked>",
        "<span class=\"qc-toggle qc-toggle-on\">",
        "</span>",
        "Aktiveret",
        "<label for=a>",
        "</label>",
        "{{ x }}",
        "<select>",
        "<td>",
        "<th>",
        "<tr>",
        "<table>",
        "</table>",
        "<head>",
        "<title>",
        "ø",
        "//",
        "#",
        "/*",
        "*/",
        "<button role=switch aria-pressed=true>",
        "<input name=cpr placeholder=DDMMÅÅ-XXXX>",
        "if (",
        "else",
    ];
    let mut x: u64 = 0x1234_5678_9abc_def1;
    for _ in 0..5000 {
        let mut s = String::new();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let n = (x % 30) as usize;
        for k in 0..n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push_str(pieces[(x as usize + k) % pieces.len()]);
        }
        let d = consentlint::parse(&s, consentlint::Format::Html);
        for b in &d.blocks {
            assert!(s.get(b.span.clone()).is_some());
        }
        for f in &d.fields {
            assert!(s.get(f.span.clone()).is_some());
        }
        let _ = consentlint::lint(
            &s,
            consentlint::Format::Html,
            &consentlint::Config::default(),
        );
    }
}
