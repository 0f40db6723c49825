//! TEMPORARY STUB (replaced by the real module).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStats {
    pub sentences: usize,
    pub words: usize,
    pub syllables: usize,
    pub long_words: usize,
}
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Readability {
    pub formula: Formula,
    pub score: f64,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    FleschReadingEase,
}
impl Formula {
    pub fn name(self) -> &'static str {
        "Flesch Reading Ease"
    }
}
pub fn stats(text: &str, _lang: &str) -> TextStats {
    TextStats {
        sentences: 1,
        words: text.split_whitespace().count(),
        syllables: 0,
        long_words: 0,
    }
}
pub fn readability(_text: &str, _lang: &str) -> Option<Readability> {
    None
}
pub fn sentence_lengths(text: &str, _lang: &str) -> Vec<usize> {
    text.split(['.', '!', '?'])
        .map(|s| s.split_whitespace().count())
        .collect()
}
