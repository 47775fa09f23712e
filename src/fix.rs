//! Applying automatic fixes, and showing them as a unified diff.

use crate::diagnostic::{Diagnostic, Edit};

/// Apply every fix of `diags` to `source`. Edits that overlap an earlier one are skipped
/// (the next run applies them). Returns the new text and the number of fixes applied, or
/// `None` when nothing changes.
pub fn apply(source: &str, diags: &[Diagnostic]) -> Option<(String, usize)> {
    let mut fixes: Vec<&Vec<Edit>> = diags
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|f| &f.edits))
        .collect();
    fixes.sort_by_key(|e| e.first().map_or(0, |x| x.start));
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for edits in fixes {
        let clashes = edits.iter().any(|e| {
            e.start > e.end
                || e.end > source.len()
                || !source.is_char_boundary(e.start)
                || !source.is_char_boundary(e.end)
                || taken.iter().any(|t| e.start < t.end && t.start < e.end)
        });
        if clashes {
            continue;
        }
        taken.extend(edits.iter());
        applied += 1;
    }
    if taken.is_empty() {
        return None;
    }
    taken.sort_by_key(|e| e.start);
    let mut out = String::with_capacity(source.len());
    let mut pos = 0;
    for e in taken {
        out.push_str(&source[pos..e.start]);
        out.push_str(&e.replacement);
        pos = e.end;
    }
    out.push_str(&source[pos..]);
    (out != source).then_some((out, applied))
}

/// A unified diff of two texts, one hunk per run of changed lines, with a line of context.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    // common prefix and suffix per changed region: fixes never add or remove lines
    // except when an edit spans a line break, which the general path below handles
    let mut out = format!("--- {path}\n+++ {path}\n");
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        // find the end of the changed region: the next line equal in both after it
        let (mut ie, mut je) = (i, j);
        'search: for di in 0..=(a.len() - i).min(50) {
            for dj in 0..=(b.len() - j).min(50) {
                let (x, y) = (i + di, j + dj);
                if (x == a.len() && y == b.len())
                    || (x < a.len() && y < b.len() && a[x] == b[y] && (di > 0 || dj > 0))
                {
                    ie = x;
                    je = y;
                    break 'search;
                }
            }
        }
        if ie == i && je == j {
            ie = a.len();
            je = b.len();
        }
        let ctx = i.saturating_sub(1);
        let has_ctx = ctx < i;
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            ctx + 1,
            ie - ctx,
            j.saturating_sub(has_ctx as usize) + 1,
            je - j + has_ctx as usize
        ));
        if has_ctx {
            push_line(&mut out, ' ', a[ctx]);
        }
        for l in &a[i..ie] {
            push_line(&mut out, '-', l);
        }
        for l in &b[j..je] {
            push_line(&mut out, '+', l);
        }
        i = ie;
        j = je;
    }
    out
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{lint, Config, Format};

    #[test]
    fn fixes_every_kind_of_pre_ticked_box() {
        let src = "<p>x</p>\n<label><input type=\"checkbox\" name=\"news\" checked> Send me the newsletter</label>\n\
                   <div role=\"switch\" aria-checked=\"true\" aria-label=\"Marketing cookies\"></div>\n\
                   <select name=\"offers\" aria-label=\"Offers\"><option selected>Yes, send me offers</option><option>No</option></select>\n";
        let diags = lint(src, Format::Html, &Config::default());
        let (fixed, n) = apply(src, &diags).unwrap();
        assert_eq!(n, 3);
        assert!(fixed.contains("<input type=\"checkbox\" name=\"news\"> Send me"));
        assert!(fixed.contains("aria-checked=\"false\""));
        assert!(fixed.contains("<option>Yes, send me offers"));
        let after = lint(&fixed, Format::Html, &Config::default());
        assert!(
            after.iter().all(|d| d.lint != "pre-checked-consent"),
            "{after:?}"
        );
        let md = "- [x] Yes, send me the newsletter\n- [x] Done: add a footer\n";
        let (fixed, _) = apply(md, &lint(md, Format::Markdown, &Config::default())).unwrap();
        assert_eq!(
            fixed,
            "- [ ] Yes, send me the newsletter\n- [x] Done: add a footer\n"
        );
    }

    #[test]
    fn diff_shows_changed_lines() {
        let d = unified_diff("a.md", "one\n- [x] yes\nthree\n", "one\n- [ ] yes\nthree\n");
        assert_eq!(
            d,
            "--- a.md\n+++ a.md\n@@ -1,2 +1,2 @@\n one\n-- [x] yes\n+- [ ] yes\n"
        );
    }
}
