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

/// Lines of context around each change, as `diff -u` and `git diff` print.
const CONTEXT: usize = 3;

/// A unified diff of two texts, as `git diff` prints it: `--- a/PATH` and `+++ b/PATH`,
/// three lines of context, nearby changes joined into one hunk, and hunk headers that
/// `git apply` and `patch -p1` accept without fuzz. `path` should be relative to the
/// directory the patch is applied in. Empty when the texts are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = line_diff(&a, &b);
    if ops.iter().all(|o| matches!(o, Op::Same)) {
        return String::new();
    }
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    // positions of the changed ops; a hunk covers changes at most 2 * CONTEXT equal lines apart
    let changed: Vec<usize> = (0..ops.len())
        .filter(|&k| !matches!(ops[k], Op::Same))
        .collect();
    let mut k = 0;
    while k < changed.len() {
        let first = changed[k];
        let mut last = first;
        while k + 1 < changed.len() && changed[k + 1] - last <= 2 * CONTEXT + 1 {
            k += 1;
            last = changed[k];
        }
        k += 1;
        let lo = first.saturating_sub(CONTEXT);
        let hi = (last + CONTEXT + 1).min(ops.len());
        // line numbers: count the ops before the hunk
        let (mut ai, mut bi) = (0, 0);
        for o in &ops[..lo] {
            match o {
                Op::Same => {
                    ai += 1;
                    bi += 1;
                }
                Op::Del => ai += 1,
                Op::Ins => bi += 1,
            }
        }
        let (mut na, mut nb) = (0, 0);
        for o in &ops[lo..hi] {
            match o {
                Op::Same => {
                    na += 1;
                    nb += 1;
                }
                Op::Del => na += 1,
                Op::Ins => nb += 1,
            }
        }
        // an empty side starts at the line before it (diff's convention)
        let start = |at: usize, n: usize| if n == 0 { at } else { at + 1 };
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            start(ai, na),
            na,
            start(bi, nb),
            nb
        ));
        for o in &ops[lo..hi] {
            match o {
                Op::Same => {
                    push_line(&mut out, ' ', a[ai]);
                    ai += 1;
                    bi += 1;
                }
                Op::Del => {
                    push_line(&mut out, '-', a[ai]);
                    ai += 1;
                }
                Op::Ins => {
                    push_line(&mut out, '+', b[bi]);
                    bi += 1;
                }
            }
        }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Same,
    Del,
    Ins,
}

/// Above this many differing lines the middle is shown as replaced whole (fixes change a
/// handful of lines; this bounds the work on hostile input).
const MAX_EDIT_DISTANCE: usize = 2000;

/// A shortest edit script from `a` to `b` (Myers' algorithm on the part between the
/// common prefix and suffix).
fn line_diff(a: &[&str], b: &[&str]) -> Vec<Op> {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (x, y) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut ops = vec![Op::Same; pre];
    ops.extend(myers(x, y));
    ops.extend(std::iter::repeat_n(Op::Same, suf));
    ops
}

fn myers(a: &[&str], b: &[&str]) -> Vec<Op> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let whole = || {
        let mut v = vec![Op::Del; a.len()];
        v.extend(std::iter::repeat_n(Op::Ins, b.len()));
        v
    };
    if n == 0 || m == 0 {
        return whole();
    }
    let max = (n + m) as usize;
    let limit = max.min(MAX_EDIT_DISTANCE);
    // v[d] holds, for diagonals k = -d..=d (step 2), the furthest x reached with d edits
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut v: Vec<isize> = vec![0; 2 * limit + 3];
    let off = limit as isize + 1;
    let mut found = None;
    for d in 0..=limit as isize {
        let mut k = -d;
        while k <= d {
            let down = k == -d || (k != d && v[(off + k - 1) as usize] < v[(off + k + 1) as usize]);
            let mut x = if down {
                v[(off + k + 1) as usize]
            } else {
                v[(off + k - 1) as usize] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[(off + k) as usize] = x;
            if x >= n && y >= m {
                found = Some(d);
                break;
            }
            k += 2;
        }
        trace.push(v[(off - d) as usize..=(off + d) as usize].to_vec());
        if found.is_some() {
            break;
        }
    }
    let Some(dmax) = found else {
        return whole();
    };
    // walk back from (n, m)
    let mut ops = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..=dmax).rev() {
        let prev = &trace[(d - 1) as usize];
        let at = |k: isize| prev[(k + d - 1) as usize];
        let k = x - y;
        let down = k == -d || (k != d && at(k - 1) < at(k + 1));
        let pk = if down { k + 1 } else { k - 1 };
        let px = at(pk);
        let py = px - pk;
        // the edit leads from (px, py) to (mx, my); a run of equal lines then reaches (x, y)
        let (mx, my) = if down { (px, py + 1) } else { (px + 1, py) };
        while x > mx && y > my {
            ops.push(Op::Same);
            x -= 1;
            y -= 1;
        }
        ops.push(if down { Op::Ins } else { Op::Del });
        x = px;
        y = py;
    }
    while x > 0 && y > 0 {
        ops.push(Op::Same);
        x -= 1;
        y -= 1;
    }
    ops.reverse();
    ops
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
    fn diff_shows_changed_lines_with_three_lines_of_context() {
        let d = unified_diff("a.md", "one\n- [x] yes\nthree\n", "one\n- [ ] yes\nthree\n");
        assert_eq!(
            d,
            "--- a/a.md\n+++ b/a.md\n@@ -1,3 +1,3 @@\n one\n-- [x] yes\n+- [ ] yes\n three\n"
        );
        let old: String = (1..=20).map(|i| format!("l{i}\n")).collect();
        let new = old
            .replace("l5\n", "L5\n")
            .replace("l11\n", "L11\n")
            .replace("l20\n", "L20");
        let d = unified_diff("f", &old, &new);
        // l5 and l11 are 5 lines apart (within 2 x 3 of context): one hunk; l20 another
        assert_eq!(
            d,
            "--- a/f\n+++ b/f\n@@ -2,13 +2,13 @@\n l2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n l9\n l10\n-l11\n+L11\n l12\n l13\n l14\n\
             @@ -17,4 +17,4 @@\n l17\n l18\n l19\n-l20\n+L20\n\\ No newline at end of file\n"
        );
        assert_eq!(unified_diff("f", &old, &old), "");
    }

    /// The edit script turns the old lines into the new ones, for lines removed, added and
    /// changed anywhere.
    #[test]
    fn line_diff_is_an_edit_script() {
        let cases: &[(&str, &str)] = &[
            ("a\nb\nc\n", "a\nc\n"),
            ("a\nc\n", "a\nb\nc\n"),
            ("", "x\n"),
            ("x\n", ""),
            ("a\nb\nc\nd\ne\n", "b\nX\nd\ne\nf\n"),
            ("1\n2\n3\n", "3\n2\n1\n"),
        ];
        for (old, new) in cases {
            let a: Vec<&str> = old.split_inclusive('\n').collect();
            let b: Vec<&str> = new.split_inclusive('\n').collect();
            let ops = line_diff(&a, &b);
            let (mut i, mut j) = (0, 0);
            let mut out = Vec::new();
            for o in ops {
                match o {
                    Op::Same => {
                        assert_eq!(a[i], b[j]);
                        out.push(a[i]);
                        i += 1;
                        j += 1;
                    }
                    Op::Del => i += 1,
                    Op::Ins => {
                        out.push(b[j]);
                        j += 1;
                    }
                }
            }
            assert_eq!((i, j), (a.len(), b.len()));
            assert_eq!(out, b, "{old:?} -> {new:?}");
        }
    }
}
