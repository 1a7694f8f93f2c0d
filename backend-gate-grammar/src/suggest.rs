//! "Did you mean": the closest known word to a misspelt one.

/// Edit distance between two short words, over chars: insertions, deletions, substitutions and
/// transpositions of adjacent chars (`PSOT` → `POST` is one edit, the commonest typo).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j]: distance between a[..i] and b[..j].
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// The candidate closest to `word`, when it is close enough to be a likely typo: at most a third
/// of the word's length away (at least 1), compared case-insensitively.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (edit_distance(&word, &c.to_ascii_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("auth", "auth"), 0);
        assert_eq!(edit_distance("aut", "auth"), 1);
        assert_eq!(edit_distance("rate_limt", "rate_limit"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "tags"), 4);
        assert_eq!(edit_distance("PSOT", "POST"), 1);
    }

    #[test]
    fn suggests_close_words_only() {
        let keys = ["auth", "public", "rate_limit", "summary", "tags"];
        assert_eq!(did_you_mean("rate_limt", &keys), Some("rate_limit"));
        assert_eq!(did_you_mean("sumary", &keys), Some("summary"));
        assert_eq!(did_you_mean("Auth", &keys), Some("auth"));
        assert_eq!(did_you_mean("tag", &keys), Some("tags"));
        assert_eq!(did_you_mean("description", &keys), None);
        assert_eq!(did_you_mean("x", &keys), None);
    }
}
