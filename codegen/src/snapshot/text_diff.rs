//! A short line diff of two snapshot texts, for `api-snapshot --check` to show what is stale.

/// A short line diff of two snapshots (or any texts): changed lines as `-`/`+`, grouped in
/// hunks headed `@@ -old +new @@` (1-based line numbers), at most `max_lines` lines.
/// Empty when the texts are equal.
pub fn short_diff(old: &str, new: &str, max_lines: usize) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    if a_mid.is_empty() && b_mid.is_empty() {
        return String::new();
    }
    let script = edit_script(a_mid, b_mid);

    let mut out = Vec::new();
    let (mut i, mut j) = (prefix, prefix);
    let mut in_hunk = false;
    for edit in script {
        match edit {
            Edit::Same => {
                i += 1;
                j += 1;
                in_hunk = false;
            }
            Edit::Del(line) | Edit::Add(line) => {
                if !in_hunk {
                    out.push(format!("@@ -{} +{} @@", i + 1, j + 1));
                    in_hunk = true;
                }
                if matches!(edit, Edit::Del(_)) {
                    out.push(format!("-{line}"));
                    i += 1;
                } else {
                    out.push(format!("+{line}"));
                    j += 1;
                }
            }
        }
    }
    let total = out.len();
    if total > max_lines {
        out.truncate(max_lines);
        out.push(format!("… {} more diff lines", total - max_lines));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

enum Edit<'a> {
    Same,
    Del(&'a str),
    Add(&'a str),
}

/// Longest-common-subsequence edit script; past a size where the table would be large it
/// gives up on alignment and shows the whole region as removed then added.
fn edit_script<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Edit<'a>> {
    const MAX_CELLS: usize = 4_000_000;
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        let dels = a.iter().map(|l| Edit::Del(l));
        return dels.chain(b.iter().map(|l| Edit::Add(l))).collect();
    }
    let w = b.len() + 1;
    // lcs[i * w + j]: LCS length of a[i..] and b[j..].
    let mut lcs = vec![0u32; (a.len() + 1) * w];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * w + j] = if a[i] == b[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(Edit::Same);
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
            // Removals first, as `diff` shows them.
            out.push(Edit::Del(a[i]));
            i += 1;
        } else {
            out.push(Edit::Add(b[j]));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_diff_shows_hunks_with_line_numbers() {
        let old = "a\nb\nc\nd\ne\n";
        let new = "a\nB\nc\nd\ne\nf\n";
        assert_eq!(short_diff(old, old, 10), "");
        assert_eq!(
            short_diff(old, new, 10),
            "@@ -2 +2 @@\n-b\n+B\n@@ -6 +6 @@\n+f\n"
        );
        let capped = short_diff(old, new, 2);
        assert!(capped.ends_with("… 3 more diff lines\n"), "{capped}");
    }
}
