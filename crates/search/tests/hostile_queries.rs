//! Property tests of search on hostile input: any query text (quotes, operators, symbols,
//! mixed scripts, control characters) and any filter values answer without an error or a
//! panic, and the highlighted title and snippet are always escaped HTML, whatever the
//! documents and the query contain.

use gazette_search::{Index, SearchDoc, SearchQuery, Sort};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "\"",
    "\"\"",
    "-",
    "+",
    "*",
    "?",
    "~",
    "^2",
    "AND",
    "OR",
    "NOT",
    "(",
    ")",
    ":",
    "title:",
    "\\",
    "/",
    "İstanbul",
    "ıRMAK",
    "Bakı",
    "qəzet",
    "Москва",
    "ёлка",
    "the",
    "<script>",
    "&amp;",
    "<mark>",
    "\u{0}",
    "\u{202e}",
    "\u{fe0f}",
    "🇦🇿",
    " ",
    "\t",
    "\n",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(WORDS).prop_map(str::to_owned),
            1 => any::<String>(),
        ],
        0..10,
    )
    .prop_map(|v| v.join(" "))
}

#[allow(clippy::unwrap_used)]
fn index() -> Index {
    let index = Index::in_memory().unwrap();
    let docs: Vec<SearchDoc> = [
        ("İstanbul'da <script>alert(1)</script> ırmak", "tr"),
        ("Bakı qəzet <b>xəbər</b> & \"quotes\"", "az"),
        ("Москва ёлка <img src=x onerror=alert(1)>", "ru"),
        ("The harbour cranes & <mark>marks</mark>", "en"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (title, lang))| SearchDoc {
        id: i as i64 + 1,
        title: (*title).to_owned(),
        body: format!("{title} {title}"),
        language: (*lang).to_owned(),
        published_at: 1_700_000_000 + i as i64,
        ..SearchDoc::default()
    })
    .collect();
    index.upsert(&docs).unwrap();
    index
}

/// Whether `html` has no tags but the `<mark>` highlights.
fn only_marks(html: &str) -> bool {
    html.replace("<mark>", "")
        .replace("</mark>", "")
        .find(['<', '>'])
        .is_none()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_query_answers_with_escaped_highlights(
        q in text(),
        page in any::<u32>(),
        per_page in any::<u32>(),
        from in proptest::option::of(any::<i64>()),
        to in proptest::option::of(any::<i64>()),
        category in proptest::option::of(text()),
        newest in any::<bool>(),
        language in proptest::option::of(text()),
        only_language in proptest::option::of(text()),
    ) {
        let query = SearchQuery {
            text: q.clone(),
            category_path: category,
            from,
            to,
            sort: if newest { Sort::Newest } else { Sort::Relevance },
            page,
            per_page,
            language,
            only_language,
        };
        let results = INDEX.with(|index| index.search(&query));
        prop_assert!(results.is_ok(), "{:?}: {:?}", q, results.err());
        for hit in results.unwrap_or_default().hits {
            prop_assert!(only_marks(&hit.title_html), "{:?} → {:?}", q, hit.title_html);
            prop_assert!(only_marks(&hit.snippet_html), "{:?} → {:?}", q, hit.snippet_html);
        }
    }
}

/// The documents' own markup comes back escaped around real highlights, and the check
/// above would catch it if it did not.
#[test]
fn markup_in_documents_is_escaped_around_highlights() {
    let query = SearchQuery {
        text: "cranes".into(),
        ..SearchQuery::default()
    };
    let hits = INDEX.with(|index| index.search(&query)).unwrap().hits;
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(
        hits[0].title_html.contains("<mark>cranes</mark>"),
        "{hits:?}"
    );
    assert!(hits[0].title_html.contains("&lt;mark&gt;marks"), "{hits:?}");
    assert!(only_marks(&hits[0].title_html));
    assert!(!only_marks("<mark>a</mark><b>"));
}

thread_local! {
    static INDEX: Index = index();
}
