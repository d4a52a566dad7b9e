//! Highlighted titles and body snippets, as HTML safe to put in a page.
//!
//! tantivy's `SnippetGenerator` finds the best passage, fed with the query's terms and the same
//! analysis as the index (so "runs" lights up for "running" and "şəhər" for "seher"). We render
//! the HTML ourselves rather than with `Snippet::to_html`: it should wrap matches in `<mark>`,
//! escape quotes too, keep a title's trailing punctuation (a fragment ends at its last word) and
//! show "…" where the body was cut.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use gazette_core::text::escape_html as escape;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;

use crate::analysis::{Mode, snippet_analyzer};
use crate::query::ParsedQuery;

/// Longest snippet, in bytes of text (about 30–40 words of Latin script).
const SNIPPET_BYTES: usize = 240;
/// How much of a body is searched for the passage before the rest is.
const FIRST_LOOK_BYTES: usize = 2048;

/// Highlights the text of hits for one query.
pub(crate) struct Highlighter {
    terms: BTreeMap<String, f32>,
    stems: HashSet<String>,
    field: Field,
    by_mode: [Option<SnippetGenerator>; 3],
}

impl Highlighter {
    /// `field` is only a label tantivy requires; the text is passed in.
    pub(crate) fn new(query: &ParsedQuery, field: Field) -> Highlighter {
        let (terms, stems) = query.highlight_terms();
        Highlighter {
            terms,
            stems,
            field,
            by_mode: [None, None, None],
        }
    }

    fn generator(&mut self, mode: Mode) -> &mut SnippetGenerator {
        self.by_mode[mode.code() as usize].get_or_insert_with(|| {
            SnippetGenerator::new(
                self.terms.clone(),
                snippet_analyzer(mode, self.terms.keys(), &self.stems),
                self.field,
                SNIPPET_BYTES,
            )
        })
    }

    /// The whole title, escaped, matches marked.
    pub(crate) fn title_html(&mut self, title: &str, mode: Mode) -> String {
        let generator = self.generator(mode);
        generator.set_max_num_chars(title.len());
        let snippet = generator.snippet(title);
        let start = snippet.fragment_range().start;
        let marks: Vec<Range<usize>> = snippet
            .highlighted()
            .iter()
            .map(|r| r.start + start..r.end + start)
            .collect();
        render(title, &marks)
    }

    /// The best passage of the body, escaped, matches marked, "…" where cut.
    pub(crate) fn snippet_html(&mut self, body: &str, mode: Mode) -> String {
        let body = body.trim();
        let generator = self.generator(mode);
        generator.set_max_num_chars(SNIPPET_BYTES);
        // Finding the passage runs the whole analyser over the text, most of a search's
        // time: look in the opening first (a cut between words, so offsets stay the body's)
        // and read on only when it holds no match.
        let opening = body.floor_char_boundary(FIRST_LOOK_BYTES);
        let opening = match body[..opening].rfind(char::is_whitespace) {
            Some(cut) if opening < body.len() => &body[..cut],
            _ => body,
        };
        let mut snippet = generator.snippet(opening);
        if snippet.is_empty() && opening.len() < body.len() {
            snippet = generator.snippet(body);
        }
        if snippet.is_empty() {
            return lead(body);
        }
        // A fragment runs from a word's start to a word's end: take the punctuation around it
        // ("«", "."), and at the edges of the body whatever is left.
        let range = snippet.fragment_range();
        let is_space_or_word = |c: char| c.is_whitespace() || c.is_alphanumeric();
        let start = body[..range.start].rfind(is_space_or_word).map_or(0, |i| {
            i + body[i..].chars().next().map_or(1, char::len_utf8)
        });
        let end = body[range.end..]
            .find(is_space_or_word)
            .map_or(body.len(), |i| range.end + i);
        let marks: Vec<Range<usize>> = snippet
            .highlighted()
            .iter()
            .map(|r| r.start + range.start..r.end + range.start)
            .collect();
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

/// `text` escaped, with the (possibly overlapping, unsorted) byte ranges wrapped in `<mark>`.
fn render(text: &str, marks: &[Range<usize>]) -> String {
    render_range(text, 0..text.len(), marks)
}

/// `render` of `text[range]`; `marks` are offsets in `text`.
fn render_range(text: &str, range: Range<usize>, marks: &[Range<usize>]) -> String {
    let marks = tantivy::snippet::collapse_overlapped_ranges(marks);
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

    fn field() -> Field {
        let mut builder = tantivy::schema::Schema::builder();
        builder.add_text_field("x", tantivy::schema::STORED)
    }

    #[test]
    fn marks_and_escapes() {
        let mut h = Highlighter::new(&ParsedQuery::parse("seher running", Mode::Default), field());
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
        let mut h = Highlighter::new(&ParsedQuery::parse("needle", Mode::Default), field());
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
        let mut h = Highlighter::new(&ParsedQuery::parse("needle", Mode::Default), field());
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
}
