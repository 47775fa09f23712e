//! Form fields and their questions (`Document::fields`), one test per source of the
//! question in accessible-name order, English and Danish. Every question's span slices
//! to its text.

use consentlint::document::{Document, FieldKind, QuestionSource};
use consentlint::{parse, Format};

fn doc(src: &str) -> Document {
    let d = parse(src, Format::Html);
    for f in &d.fields {
        assert!(src.get(f.span.clone()).is_some());
        for b in f.question.iter().chain(f.section.iter()) {
            let s = &src[b.span.clone()];
            assert_eq!(
                s.chars().next(),
                b.text.chars().next(),
                "{s:?} / {:?}",
                b.text
            );
            assert_eq!(
                s.chars().last(),
                b.text.chars().last(),
                "{s:?} / {:?}",
                b.text
            );
        }
    }
    d
}

fn question(src: &str) -> (String, QuestionSource) {
    let d = doc(src);
    let f = d.fields.first().expect("a field");
    (
        f.question.as_ref().expect("a question").text.clone(),
        f.question_source.expect("a source"),
    )
}

#[test]
fn label_for() {
    assert_eq!(
        question("<label for=a>Allergier</label><input id=a name=a>"),
        ("Allergier".into(), QuestionSource::LabelFor)
    );
}

#[test]
fn wrapping_label() {
    assert_eq!(
        question("<label>Religion <input name=r></label>"),
        ("Religion".into(), QuestionSource::WrappingLabel)
    );
}

#[test]
fn aria_labelledby_before_label() {
    assert_eq!(
        question(
            "<span id=q>Fagforening</span><label for=a>Svar</label><input id=a aria-labelledby=q>"
        ),
        ("Fagforening".into(), QuestionSource::AriaLabelledBy)
    );
}

#[test]
fn aria_label() {
    assert_eq!(
        question("<input name=x aria-label=\"Medication you take\">"),
        ("Medication you take".into(), QuestionSource::AriaLabel)
    );
}

#[test]
fn title_then_placeholder() {
    assert_eq!(
        question(
            "<textarea name=x title=\"Helbredsoplysninger\" placeholder=\"Skriv her\"></textarea>"
        ),
        ("Helbredsoplysninger".into(), QuestionSource::Title)
    );
    assert_eq!(
        question("<input name=x placeholder=\"DDMMÅÅ-XXXX\">"),
        ("DDMMÅÅ-XXXX".into(), QuestionSource::Placeholder)
    );
}

#[test]
fn aria_describedby() {
    assert_eq!(
        question("<p id=h>Do you have a disability we should know about?</p><input name=d aria-describedby=h>"),
        ("Do you have a disability we should know about?".into(), QuestionSource::AriaDescribedBy)
    );
}

#[test]
fn legend() {
    assert_eq!(
        question("<fieldset><legend>Etnisk oprindelse</legend><input type=radio name=e value=1><label>Ja</label></fieldset>"),
        ("Etnisk oprindelse".into(), QuestionSource::Legend)
    );
}

#[test]
fn preceding_text_in_a_div() {
    assert_eq!(
        question("<div class=row><div>Does your child have any allergies ?</div><div><select name=a><option>Yes</option></select></div></div>"),
        ("Does your child have any allergies ?".into(), QuestionSource::Preceding)
    );
}

#[test]
fn preceding_cell_in_a_table_row() {
    assert_eq!(
        question("<table><tr><td>Tager dit barn medicin?</td><td><input name=m></td></tr></table>"),
        ("Tager dit barn medicin?".into(), QuestionSource::Preceding)
    );
}

#[test]
fn a_bare_yes_label_is_an_answer() {
    assert_eq!(
        question("<p>Are you a member of a trade union?</p><input type=checkbox id=u><label for=u>Yes</label>"),
        ("Are you a member of a trade union?".into(), QuestionSource::Preceding)
    );
}

#[test]
fn section_title_and_long_context() {
    let src = "<div class=card-title>Section 6 - Ethnicity</div><p>Whilst it is not compulsory for the following section to be completed, the paragraph below explains why this personal information is considered to be important to us.</p><select name=ethnicity><option>White</option></select>";
    let d = doc(src);
    let f = &d.fields[0];
    assert!(f.question.is_none());
    assert_eq!(f.section.as_ref().unwrap().text, "Section 6 - Ethnicity");
}

#[test]
fn heading_is_the_section() {
    let d = doc("<h2>Helbred</h2><label for=a>Sygdomme</label><input id=a>");
    assert_eq!(d.fields[0].section.as_ref().unwrap().text, "Helbred");
}

#[test]
fn template_rendered_field_behind_a_label() {
    let src = "<p>Do you have any physical or mental health conditions?</p>{{ Form::checkbox('disability', 1) }}<label for=\"disability\">Yes</label>";
    let d = doc(src);
    let f = &d.fields[0];
    assert_eq!(f.kind, FieldKind::Template);
    assert_eq!(
        &src[f.span.clone()],
        "{{ Form::checkbox('disability', 1) }}"
    );
    assert_eq!(
        f.question.as_ref().unwrap().text,
        "Do you have any physical or mental health conditions?"
    );
}

#[test]
fn buttons_and_hidden_inputs_are_not_fields() {
    let d = doc("<input type=hidden name=t><input type=submit value=Send><button>OK</button>");
    assert!(d.fields.is_empty());
}

#[test]
fn a_required_hidden_input_is_a_custom_widget_field() {
    // a browser ignores `required` on a hidden input: a script's picker fills it
    let src = "<div class=\"label\">Indtast terminsdato</div>\n<div><input type=\"hidden\" name=\"day\" required><span>Dag</span></div>\n<input type=\"hidden\" name=\"action\" value=\"form\">";
    let d = doc(src);
    assert_eq!(d.fields.len(), 1);
    assert_eq!(
        d.fields[0].question.as_ref().unwrap().text,
        "Indtast terminsdato"
    );
}

#[test]
fn markdown_with_a_form_has_fields() {
    let src = "# Tilmelding\n\n<label for=\"c\">CPR-nummer</label> <input id=\"c\" name=\"cpr\">\n";
    let d = parse(src, Format::Markdown);
    assert_eq!(d.fields.len(), 1);
    assert_eq!(d.fields[0].question.as_ref().unwrap().text, "CPR-nummer");
}

#[test]
fn table_column_header() {
    let src = "<table><tr><th>Navn</th><th>Fagforening</th></tr><tr><td><input name=n></td><td><input name=f></td></tr></table>";
    let d = doc(src);
    let q: Vec<_> = d
        .fields
        .iter()
        .map(|f| {
            (
                f.question.as_ref().unwrap().text.as_str(),
                f.question_source.unwrap(),
            )
        })
        .collect();
    assert_eq!(
        q,
        [
            ("Navn", QuestionSource::TableHeader),
            ("Fagforening", QuestionSource::TableHeader)
        ]
    );
}

#[test]
fn template_helper_box_is_labelled_by_the_text_after_it() {
    let src = "<h4>Frequency of updates</h4>\n<div>\n@if($c)\n{!! Form::checkbox('lists[]', 4, null) !!}\n@else\n{!! Form::checkbox('lists[]', 4, null) !!}\n@endif\nI wish to receive offers about our products\n</div>";
    let d = parse(src, Format::Html);
    let labels: Vec<&str> = d
        .controls
        .iter()
        .filter_map(|c| c.label.as_ref().map(|l| l.text.as_str()))
        .collect();
    assert!(!labels.is_empty());
    assert!(
        labels
            .iter()
            .all(|l| *l == "I wish to receive offers about our products"),
        "{labels:?}"
    );
    // a tag after the box whose sixth byte falls inside a character
    for tail in ["<abcdé", "<labé", "<é", "é"] {
        let src = format!("{{!! Form::checkbox('news', 1) !!}}{tail} nyhedsbrev og tilbud");
        let _ = parse(&src, Format::Html);
    }
}
