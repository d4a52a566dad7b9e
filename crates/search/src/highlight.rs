//! Highlighted titles and body snippets, as HTML safe to put in a page.
//!
//! A word is marked when one of its terms (the same analysis as the index: exact, folded,
//! stemmed) is one of the query's, so "runs" lights up for "running" and "şəhər" for "seher".
//! The snippet is the run of matches, within [`SNIPPET_BYTES`], with the highest total weight
//! (the word as typed outweighs its folded and stemmed forms), cut at words.
//!
//! Hand-written rather than tantivy's `SnippetGenerator`: that one runs the whole analyser over
//! the text and allocates a token for every word, which was a fifth of a search page's time;
//! here a word is analysed only when its first letter can start a query term, so most words
//! of a body cost a character test. The HTML is ours too: matches in `<mark>`, quotes escaped,
//! a title's trailing punctuation kept, "…" where the body was cut.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use gazette_core::text::escape_html as escape;
use unicode_normalization::char::is_combining_mark;

use crate::analysis::{
    FOLDED_MARK, Mode, STEM_MARK, WordAnalyzer, casefold, fold, is_word_char, words,
};
use crate::query::ParsedQuery;

/// Longest snippet, in bytes of text (about 30–40 words of Latin script).
const SNIPPET_BYTES: usize = 240;
/// How much of a body is searched for the passage before the rest is.
const FIRST_LOOK_BYTES: usize = 2048;
/// At most this much of the text before the first match is shown, when there is room.
const LEAD_IN_BYTES: usize = 60;

/// Highlights the text of hits for one query.
pub(crate) struct Highlighter {
    /// Every term that can match, with its weight.
    terms: HashMap<String, f32>,
    only: Candidates,
    by_mode: [Option<WordAnalyzer>; 3],
}

impl Highlighter {
    pub(crate) fn new(query: &ParsedQuery) -> Highlighter {
        let (terms, stems) = query.highlight_terms();
        Highlighter {
            only: Candidates::new(terms.keys(), &stems),
            terms: terms.into_iter().collect(),
            by_mode: [None, None, None],
        }
    }

    /// The words of `text` that match, with the weight of their best term, in text order.
    fn matches(&mut self, text: &str, mode: Mode) -> Vec<(Range<usize>, f32)> {
        let analyzer =
            self.by_mode[mode.code() as usize].get_or_insert_with(|| WordAnalyzer::new(mode));
        let (terms, only) = (&self.terms, &self.only);
        words(text)
            .filter(|word| only.may_match(&text[word.clone()], mode))
            .filter_map(|word| {
                let forms = analyzer.forms(&text[word.clone()], |e, f| only.may_stem(e, f));
                let weight = forms
                    .iter()
                    .filter_map(|form| terms.get(form))
                    .copied()
                    .reduce(f32::max)?;
                Some((word, weight))
            })
            .collect()
    }

    /// The whole title, escaped, matches marked.
    pub(crate) fn title_html(&mut self, title: &str, mode: Mode) -> String {
        let marks: Vec<Range<usize>> = self.matches(title, mode).into_iter().map(|m| m.0).collect();
        render(title, &marks)
    }

    /// The best passage of the body, escaped, matches marked, "…" where cut.
    pub(crate) fn snippet_html(&mut self, body: &str, mode: Mode) -> String {
        let body = body.trim();
        // Look in the opening first (a cut between words, so offsets stay the body's) and read
        // on only when it holds no match: the opening is where a reader looks first, too.
        let opening = body.floor_char_boundary(FIRST_LOOK_BYTES);
        let opening = match body[..opening].rfind(char::is_whitespace) {
            Some(cut) if opening < body.len() => &body[..cut],
            _ => body,
        };
        let mut found = self.matches(opening, mode);
        if found.is_empty() && opening.len() < body.len() {
            found = self.matches(body, mode);
        }
        let Some(best) = best_run(&found) else {
            return lead(body);
        };
        let marks: Vec<Range<usize>> = found[best].iter().map(|m| m.0.clone()).collect();
        let (Some(first), Some(last)) = (marks.first(), marks.last()) else {
            return lead(body);
        };
        let range = passage(body, first.start, last.end);
        // The passage runs from a word's start to a word's end: take the punctuation around it
        // ("«", "."), and at the edges of the body whatever is left.
        let is_space_or_word = |c: char| c.is_whitespace() || c.is_alphanumeric();
        let start = body[..range.start].rfind(is_space_or_word).map_or(0, |i| {
            i + body[i..].chars().next().map_or(1, char::len_utf8)
        });
        let end = body[range.end..]
            .find(is_space_or_word)
            .map_or(body.len(), |i| range.end + i);
        let mut html = String::with_capacity(SNIPPET_BYTES + 64);
        if start > 0 {
            html.push('…');
        }
        html.push_str(&render_range(body, start..end, &marks));
        if end < body.len() {
            html.push('…');
        }
        html
    }
}

/// The indexes of the consecutive matches that fit in [`SNIPPET_BYTES`] with the highest total
/// weight, the earliest of equals; `None` without matches.
fn best_run(found: &[(Range<usize>, f32)]) -> Option<Range<usize>> {
    let mut best: Option<(Range<usize>, f32)> = None;
    let mut end = 0;
    for (start, (first, _)) in found.iter().enumerate() {
        end = end.max(start + 1);
        while end < found.len() && found[end].0.end - first.start <= SNIPPET_BYTES {
            end += 1;
        }
        let weight: f32 = found[start..end].iter().map(|m| m.1).sum();
        if best.as_ref().is_none_or(|b| weight > b.1) {
            best = Some((start..end, weight));
        }
    }
    best.map(|b| b.0)
}

/// The words of `text` to show around the matches from `first` to `last` (byte offsets at
/// word edges, `last - first` at most [`SNIPPET_BYTES`]): a little of what comes before, then
/// as much as fits after, from a word's start to a word's end.
fn passage(text: &str, first: usize, last: usize) -> Range<usize> {
    let spare = SNIPPET_BYTES.saturating_sub(last - first);
    let mut start = text.floor_char_boundary(first.saturating_sub((spare / 3).min(LEAD_IN_BYTES)));
    // Not from the middle of a word: from the next one (at the latest, the first match).
    if start > 0 && text[..start].ends_with(is_word_char) {
        start += text[start..].find(|c: char| !is_word_char(c)).unwrap_or(0);
    }
    start += text[start..first]
        .find(is_word_char)
        .unwrap_or(first - start);
    let limit = text.floor_char_boundary(start + SNIPPET_BYTES);
    let mut end = if limit < text.len() && text[limit..].starts_with(is_word_char) {
        // The limit cuts a word: end before it.
        text[..limit]
            .rfind(|c: char| !is_word_char(c))
            .unwrap_or(last)
    } else {
        limit
    };
    end = text[..end]
        .trim_end_matches(|c: char| !is_word_char(c))
        .len();
    start..end.max(last)
}

/// Which words can match one of a query's terms, decided without analysing them, so that a
/// highlight skips most words of a body cheaply. A word may match only if its first letter,
/// lowercased or folded, starts one of the terms (every form of a word starts with its first
/// letter, lowercased or folded), and is worth stemming only if its first two letters (exact
/// or folded) start one of the stems (stemmers strip suffixes, so a stem keeps the start of
/// its word).
struct Candidates {
    first_chars: HashSet<char>,
    stem_prefixes: HashSet<String>,
}

impl Candidates {
    fn new<'a>(terms: impl IntoIterator<Item = &'a String>, stems: &HashSet<String>) -> Self {
        Candidates {
            first_chars: terms
                .into_iter()
                .filter_map(|t| {
                    t.trim_start_matches([FOLDED_MARK, STEM_MARK])
                        .chars()
                        .next()
                })
                .collect(),
            stem_prefixes: stems
                .iter()
                .map(|s| s.trim_start_matches(STEM_MARK).chars().take(2).collect())
                .collect(),
        }
    }

    fn may_match(&self, word: &str, mode: Mode) -> bool {
        let Some(first) = word.chars().next() else {
            return false;
        };
        if first.is_ascii() && !(first == 'I' && mode.is_turkic()) {
            return self.first_chars.contains(&first.to_ascii_lowercase());
        }
        let mut buf = [0u8; 4];
        let exact = casefold(first.encode_utf8(&mut buf), mode);
        let (folded, alt) = fold(&exact);
        [Some(exact), Some(folded), alt]
            .into_iter()
            .flatten()
            .filter_map(|form| form.chars().next())
            .any(|c| self.first_chars.contains(&c))
            // A leading combining mark disappears in the word's forms: do not guess.
            || is_combining_mark(first)
    }

    fn may_stem(&self, exact: &str, folded: &str) -> bool {
        let starts = |word: &str| {
            self.stem_prefixes
                .contains(&word.chars().take(2).collect::<String>())
        };
        !self.stem_prefixes.is_empty() && (starts(exact) || starts(folded))
    }
}

/// The start of the body, cut at a word boundary.
fn lead(body: &str) -> String {
    if body.len() <= SNIPPET_BYTES {
        return escape(body);
    }
    let mut end = SNIPPET_BYTES;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let head = &body[..end];
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if space > 0 => &head[..space],
        _ => head,
    };
    let mut html = escape(head.trim_end());
    html.push('…');
    html
}

/// `text` escaped, with the (sorted, disjoint) byte ranges wrapped in `<mark>`.
fn render(text: &str, marks: &[Range<usize>]) -> String {
    render_range(text, 0..text.len(), marks)
}

/// `render` of `text[range]`; `marks` are offsets in `text`.
fn render_range(text: &str, range: Range<usize>, marks: &[Range<usize>]) -> String {
    let mut html = String::with_capacity(range.len() + marks.len() * 13);
    let mut at = range.start;
    for mark in marks {
        // Ranges come from tokenizing this very text; checked anyway, as a page must not break.
        let (Some(before), Some(marked)) = (text.get(at..mark.start), text.get(mark.clone()))
        else {
            continue;
        };
        html.push_str(&escape(before));
        html.push_str("<mark>");
        html.push_str(&escape(marked));
        html.push_str("</mark>");
        at = mark.end;
    }
    html.push_str(&escape(text.get(at..range.end).unwrap_or_default()));
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_escapes() {
        let mut h = Highlighter::new(&ParsedQuery::parse("seher running", Mode::Default));
        assert_eq!(
            h.title_html("<Şəhər> & \"runs\"?", Mode::Azerbaijani),
            "&lt;<mark>Şəhər</mark>&gt; &amp; &quot;runs&quot;?"
        );
        assert_eq!(
            h.title_html("He runs the şəhər", Mode::Default),
            "He <mark>runs</mark> the <mark>şəhər</mark>"
        );
        assert_eq!(h.title_html("Nothing here", Mode::Default), "Nothing here");
    }

    #[test]
    fn a_match_past_the_opening_is_found_and_a_cut_word_is_not_one() {
        let mut h = Highlighter::new(&ParsedQuery::parse("needle", Mode::Default));
        // Only far in: the whole body is read.
        let far = format!("{} a needle at last.", "hay ".repeat(2000));
        assert!(
            h.snippet_html(&far, Mode::Default)
                .contains("<mark>needle</mark>")
        );
        // "needlework" straddling the opening's end is not cut into a false "needle"
        // there: the passage is the real match later on.
        let body = format!(
            "{} needlework and then one needle.",
            "a".repeat(FIRST_LOOK_BYTES - 7)
        );
        assert_eq!(&body[FIRST_LOOK_BYTES - 6..FIRST_LOOK_BYTES], "needle");
        let html = h.snippet_html(&body, Mode::Default);
        assert!(html.contains("one <mark>needle</mark>"), "{html}");
        assert!(!html.contains("<mark>needle</mark>work"), "{html}");
    }

    #[test]
    fn snippet_is_cut_around_matches() {
        let mut h = Highlighter::new(&ParsedQuery::parse("needle", Mode::Default));
        let body = format!(
            "{} the needle is here. {}",
            "hay ".repeat(200),
            "hay ".repeat(200)
        );
        let html = h.snippet_html(&body, Mode::Default);
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(html.contains("<mark>needle</mark>"), "{html}");
        assert!(html.len() < SNIPPET_BYTES + 40);
        // No match in the body: its start.
        let html = h.snippet_html(&"<b>hay</b> ".repeat(100), Mode::Default);
        assert!(
            html.starts_with("&lt;b&gt;hay&lt;/b&gt; ") && html.ends_with('…'),
            "{html}"
        );
        assert_eq!(h.snippet_html("short", Mode::Default), "short");
    }

    #[test]
    fn the_passage_is_the_densest_run_of_the_words_as_typed() {
        let mut h = Highlighter::new(&ParsedQuery::parse("harbour cranes", Mode::Default));
        // A lone "harbour" early, then both words together later: the pair wins.
        let body = format!(
            "The harbour opened. {}New cranes arrived at the harbour today. {}",
            "Filler words here. ".repeat(20),
            "More filler. ".repeat(20)
        );
        let html = h.snippet_html(&body, Mode::Default);
        assert!(
            html.contains("New <mark>cranes</mark> arrived at the <mark>harbour</mark> today."),
            "{html}"
        );
        assert!(!html.contains("The <mark>harbour</mark> opened"), "{html}");
        // Some of what comes before the first match is shown, from a word's start.
        assert!(html.starts_with("…"), "{html}");
        assert!(html.contains("here. New"), "{html}");
        // Stemmed and folded forms count, but the word as typed weighs more.
        let mut h = Highlighter::new(&ParsedQuery::parse("crane", Mode::Default));
        let html = h.snippet_html(
            &format!("{} cranes {}", "x ".repeat(300), "y ".repeat(300)),
            Mode::Default,
        );
        assert!(html.contains("<mark>cranes</mark>"), "{html}");
    }

    #[test]
    fn cuts_fall_between_words_in_any_script() {
        let mut h = Highlighter::new(&ParsedQuery::parse("şəhər", Mode::Azerbaijani));
        let body = format!(
            "{}Şəhər{}",
            "ağac çiçək ".repeat(40),
            " ölkə üçün".repeat(40)
        );
        let html = h.snippet_html(&body, Mode::Azerbaijani);
        assert!(html.contains("<mark>Şəhər</mark>"), "{html}");
        let inner = html.trim_matches('…');
        for word in inner.split_whitespace() {
            let word = word.replace("<mark>", "").replace("</mark>", "");
            assert!(
                ["ağac", "çiçək", "Şəhər", "ölkə", "üçün"].contains(&word.as_str()),
                "a cut word: {word} in {html}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_escaped_html_with_balanced_marks(
            query in "[a-zA-Zşəİıё ]{1,20}",
            text in "\\PC{0,600}",
        ) {
            let mut h = Highlighter::new(&ParsedQuery::parse(&query, Mode::Default));
            for html in [h.snippet_html(&text, Mode::Turkish), h.title_html(&text, Mode::Default)] {
                let bare = html.replace("<mark>", "").replace("</mark>", "");
                proptest::prop_assert!(!bare.contains('<') && !bare.contains('>'), "{}", html);
                proptest::prop_assert_eq!(html.matches("<mark>").count(), html.matches("</mark>").count());
            }
        }
    }
}
