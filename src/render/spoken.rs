//! TEMPORARY STUB (replaced by the real module).
pub struct SpokenTerm<'a> {
    pub term: &'a str,
    pub spoken: &'a str,
}
pub fn spoken(text: &str, _locale: &str, terms: &[SpokenTerm<'_>]) -> String {
    let mut s = text.to_string();
    for t in terms {
        s = s.replace(t.term, t.spoken);
    }
    s
}
