//! End-to-end tests of the index: relevance, folding, stemming, phrases, filters, sorting,
//! pagination, hostile input, writes and reopening.

use crate::{Index, MAX_PER_PAGE, OpenState, SearchDoc, SearchError, SearchQuery, Sort};

fn doc(id: i64, language: &str, title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        id,
        title: title.into(),
        body: body.into(),
        language: language.into(),
        category_path: "news".into(),
        published_at: 1_700_000_000 + id,
        ..SearchDoc::default()
    }
}

fn index(docs: &[SearchDoc]) -> Index {
    let index = Index::in_memory().expect("in-memory index");
    index.upsert(docs).expect("upsert");
    index
}

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        ..SearchQuery::default()
    }
}

/// Ids found for `q`, best first.
fn ids(index: &Index, q: &SearchQuery) -> Vec<i64> {
    let results = index.search(q).expect("search");
    results.hits.iter().map(|h| h.id).collect()
}

fn find(index: &Index, text: &str) -> Vec<i64> {
    let mut found = ids(index, &query(text));
    found.sort_unstable();
    found
}

fn turkic_corpus() -> Index {
    index(&[
        doc(
            1,
            "az",
            "İlham Əliyev Bakıda",
            "Prezident İlham Əliyev bu gün çıxış etdi.",
        ),
        doc(
            2,
            "az",
            "Şəhər mərkəzi",
            "Bakı şəhərinin mərkəzində yeni park açıldı.",
        ),
        doc(3, "az", "Qız məktəbi", "Qız uşaqları üçün məktəb."),
        doc(
            4,
            "en",
            "A quiz",
            "The qiz festival in Baki is a made-up word test.",
        ),
        doc(
            5,
            "tr",
            "İSTANBUL HABERLERİ",
            "IŞIK festivali ve BAKI ziyareti.",
        ),
        doc(6, "en", "Ilham in capitals", "ILHAM ALIYEV SPOKE."),
    ])
}

#[test]
fn dotted_capital_i_matches_plain_i() {
    let index = turkic_corpus();
    assert_eq!(find(&index, "ilham"), [1, 6]);
    assert_eq!(find(&index, "İlham"), [1, 6]);
    assert_eq!(find(&index, "ILHAM"), [1, 6]);
    assert_eq!(find(&index, "istanbul"), [5]);
}

#[test]
fn ascii_queries_find_special_letters() {
    let index = turkic_corpus();
    assert_eq!(find(&index, "seher"), [2]);
    // ə typed as "a" works too.
    assert_eq!(find(&index, "sahar"), [2]);
    assert_eq!(find(&index, "Aliyev"), [1, 6]);
    assert_eq!(find(&index, "Eliyev"), [1]);
    // Baki finds Bakı (az), BAKI (tr: I is ı there) and Baki (en).
    assert_eq!(find(&index, "Baki"), [2, 4, 5]);
    assert_eq!(find(&index, "isik"), [5]);
    assert_eq!(find(&index, "merkezi"), [2]);
}

#[test]
fn special_letters_typed_are_matched_exactly() {
    let index = turkic_corpus();
    // ı is a letter of its own: "Bakı" finds Bakı (and "Bakıda", its locative) and Turkish
    // BAKI, not the English "Baki".
    assert_eq!(find(&index, "Bakı"), [1, 2, 5]);
    assert_eq!(find(&index, "qız"), [3]);
    assert_eq!(find(&index, "qiz"), [3, 4]);
    assert_eq!(find(&index, "şəhər"), [2]);
    assert_eq!(find(&index, "ŞƏHƏR"), [2]);
    // In a Turkish text, IŞIK is "ışık": found typed exactly, and typed partly with
    // diacritics (the plain i stands for ı too), but not with a wrong diacritic.
    assert_eq!(find(&index, "ışık"), [5]);
    assert_eq!(find(&index, "işik"), [5]);
    assert!(find(&index, "ışic").is_empty());
}

fn query_in(text: &str, language: &str) -> SearchQuery {
    SearchQuery {
        language: Some(language.into()),
        ..query(text)
    }
}

/// Turkish and Azerbaijani minimal pairs: words that differ only in a dotless ı, a schwa or a
/// cedilla, typed fully, partly or not at all with diacritics.
fn minimal_pairs() -> Index {
    index(&[
        // "seher" (dawn) is a Turkish word of its own; "şəhər" (city) is Azerbaijani.
        doc(1, "tr", "Seher vakti", "Seher vakti yola çıktık."),
        doc(2, "az", "Şəhər", "Şəhər gecə də işıqlıdır."),
        // kız (girl) and kiz (not a word; a typo that exists in real text).
        doc(3, "tr", "Kız kulesi", "Kız kulesi İstanbul'dadır."),
        doc(4, "tr", "Yazım hatası", "Bu metinde kiz yazılmış."),
        // sıcak (hot) and sicak.
        doc(5, "tr", "Sıcak hava", "Hava çok sıcak."),
    ])
}

#[test]
fn a_letter_typed_with_its_diacritic_binds_and_a_plain_letter_does_not() {
    let index = minimal_pairs();
    // Fully plain: finds every spelling, the one written as typed first.
    assert_eq!(ids(&index, &query("seher")), [1, 2]);
    // Dotless ı is a letter: "kiz" may be "kız" (but "kız" is not "kiz", below).
    assert_eq!(ids(&index, &query("kiz")), [4, 3]);
    // Each of these finds that one article only.
    for (typed, found) in [
        // Fully written: only that word.
        ("şəhər", 2),
        // Partly written: ş binds, the plain e also stands for ə.
        ("şeher", 2),
        ("şəher", 2),
        // The typed ə binds, so not the Turkish "seher"; its plain s and e stand for ş and ə.
        ("sehər", 2),
        ("kız", 3),
        ("sıcak", 5),
        ("sicak", 5),
        ("sıcak hava", 5),
        // Mixed typing in a phrase.
        ("\"şehər gecə\"", 2),
        ("\"seher gece\"", 2),
    ] {
        assert_eq!(find(&index, typed), [found], "{typed}");
    }
}

#[test]
fn exact_words_rank_above_folded_ones_whatever_the_counts() {
    let index = index(&[
        doc(
            1,
            "az",
            "Şəhər şəhər şəhər",
            "Şəhər, şəhər və yenə şəhər: şəhərin mərkəzi.",
        ),
        doc(
            2,
            "tr",
            "Uzun bir yazı",
            &format!("{} seher {}", "kelime ".repeat(200), "son ".repeat(200)),
        ),
    ]);
    assert_eq!(ids(&index, &query("seher")), [2, 1]);
    assert_eq!(ids(&index, &query("şəhər")), [1]);
}

#[test]
fn a_word_without_other_forms_in_the_index_ranks_by_relevance_and_keeps_every_match() {
    // Only the exact form exists: the query leaves out the folded term and the exact-form
    // bonus, and ranking is BM25's (a title outweighs a body).
    let mut docs = vec![
        doc(1, "en", "Harbour", "Boats and nets."),
        doc(2, "en", "Boats", "Harbour and nets."),
        doc(3, "en", "Nets", "Boats only."),
    ];
    let exact_only = index(&docs);
    let results = exact_only.search(&query("harbour")).expect("search");
    assert_eq!(results.total, 2);
    assert_eq!(ids(&exact_only, &query("harbour")), [1, 2]);
    // With a folded form in the index, the exact matches still come first.
    docs.push(doc(4, "tr", "Hárbour", "Hárbour hárbour hárbour."));
    let with_folded = index(&docs);
    assert_eq!(ids(&with_folded, &query("harbour")), [1, 2, 4]);
}

#[test]
fn turkish_and_azerbaijani_suffixes_are_stemmed() {
    let index = index(&[
        doc(1, "tr", "Kitaplar", "Yeni kitaplarımız geldi."),
        doc(2, "az", "Kitablar", "Kitabxanada yeni kitablar var."),
        doc(3, "az", "Şəhərin mərkəzi", "Şəhərlərdə bayram."),
        doc(4, "tr", "Evler", "Evlerden haber yok."),
    ]);
    assert_eq!(find(&index, "kitap"), [1]);
    assert_eq!(find(&index, "kitab"), [2]);
    assert_eq!(find(&index, "şəhər"), [3]);
    assert_eq!(find(&index, "şəhərdən"), [3]);
    assert_eq!(ids(&index, &query_in("evlerde", "tr")), [4]);
    // The word as typed ranks above its other inflections.
    let more = self::index(&[
        doc(1, "az", "Şəhərlərdə", "Bayram."),
        doc(2, "az", "Şəhər", "Bayram."),
    ]);
    assert_eq!(ids(&more, &query("şəhər")), [2, 1]);
}

#[test]
fn a_language_editions_search_keeps_to_its_language() {
    let index = minimal_pairs();
    let only = |text: &str, language: &str| {
        let q = SearchQuery {
            only_language: Some(language.into()),
            ..query(text)
        };
        find_with(&index, &q)
    };
    assert_eq!(only("seher", "tr"), [1]);
    assert_eq!(only("seher", "az"), [2]);
    assert!(only("seher", "ru").is_empty());
    assert_eq!(find(&index, "seher"), [1, 2], "no filter: every language");
}

#[test]
fn the_interface_language_is_a_hint_for_the_query() {
    let index = minimal_pairs();
    // A Turkish reader's capital I is a dotless ı: KIZ is "kız".
    assert_eq!(find_with(&index, &query_in("KIZ", "tr")), [3]);
    // Elsewhere it is an i, which also stands for ı.
    assert_eq!(find_with(&index, &query_in("KIZ", "en")), [3, 4]);
    assert_eq!(find_with(&index, &query("KIZ")), [3, 4]);
}

fn find_with(index: &Index, q: &SearchQuery) -> Vec<i64> {
    let mut found = ids(index, q);
    found.sort_unstable();
    found
}

#[test]
fn russian_stemming_and_folding() {
    let index = index(&[
        doc(
            1,
            "ru",
            "Газета вышла",
            "Свежая газета о событиях в Москве.",
        ),
        doc(2, "ru", "Ёлка на площади", "Новогодняя ёлка."),
        doc(3, "ru", "Елки", "Про елки и палки."),
        doc(4, "ru", "Йод", "Препараты йода."),
    ]);
    assert_eq!(find(&index, "газеты"), [1]);
    assert_eq!(find(&index, "ГАЗЕТ"), [1]);
    assert_eq!(find(&index, "москва"), [1]);
    assert_eq!(find(&index, "елка"), [2, 3]);
    assert_eq!(find(&index, "ёлки"), [2, 3]);
    // й is not и.
    assert!(find(&index, "иод").is_empty());
    assert_eq!(find(&index, "йод"), [4]);
}

#[test]
fn english_stemming_ranks_the_exact_word_first() {
    let index = index(&[
        doc(
            1,
            "en",
            "She runs",
            "Every morning she runs along the river.",
        ),
        doc(2, "en", "Running", "Running is a sport."),
        doc(3, "en", "Swimming", "Nothing to see."),
    ]);
    assert_eq!(ids(&index, &query("running")), [2, 1]);
    assert_eq!(find(&index, "run"), [1, 2]);
    // Not in Turkish documents: English stemming would only damage their words.
    let turkic = self::index(&[doc(1, "tr", "runs", "")]);
    assert!(find(&turkic, "running").is_empty());
    assert_eq!(find(&turkic, "runs"), [1]);
}

#[test]
fn field_boosts_order_results() {
    let mut by_title = doc(1, "en", "Inflation report", "Numbers.");
    let mut by_subtitle = doc(2, "en", "Report", "Numbers.");
    by_subtitle.subtitle = "About inflation".into();
    let mut by_tag = doc(3, "en", "Report", "Numbers.");
    by_tag.tags = vec!["inflation".into()];
    let mut by_author = doc(4, "en", "Report", "Numbers.");
    by_author.authors = vec!["Ann Inflation".into()];
    let by_body = doc(
        5,
        "en",
        "Report",
        "Numbers about inflation in the long body text.",
    );
    by_title.body = "Numbers.".into();
    let index = index(&[by_body, by_author, by_tag, by_subtitle, by_title]);
    let found = ids(&index, &query("inflation"));
    assert_eq!(found[0], 1, "title first: {found:?}");
    assert_eq!(&found[3..], [4, 5], "then authors, then body: {found:?}");
}

#[test]
fn all_words_must_match() {
    let index = index(&[
        doc(1, "en", "Oil prices", "Oil prices rose in Baku."),
        doc(2, "en", "Gas prices", "Gas prices fell."),
    ]);
    assert_eq!(find(&index, "prices"), [1, 2]);
    assert_eq!(find(&index, "oil prices"), [1]);
    assert!(find(&index, "oil gas").is_empty());
}

#[test]
fn phrases() {
    let mut tagged = doc(4, "en", "Tags", "");
    tagged.tags = vec!["central".into(), "bank".into()];
    let index = index(&[
        doc(1, "en", "Central bank", "The central bank raised rates."),
        doc(2, "en", "Bank", "The bank is central to the city."),
        doc(
            3,
            "az",
            "Mərkəzi Bank",
            "Azərbaycan Mərkəzi Bankı faizi saxladı.",
        ),
        tagged,
    ]);
    assert_eq!(find(&index, "\"central bank\""), [1]);
    assert_eq!(find(&index, "central bank"), [1, 2, 4]);
    // Folded forms work inside phrases; a phrase does not span two tags.
    assert_eq!(find(&index, "\"merkezi banki\""), [3]);
    assert_eq!(find(&index, "«Mərkəzi Bankı»"), [3]);
    assert!(find(&index, "\"raised bank\"").is_empty());
    // Unbalanced: the open quote runs to the end.
    assert_eq!(find(&index, "rates \"central bank"), [1]);
}

#[test]
fn highlighting() {
    let index = index(&[doc(
        1,
        "az",
        "<Şəhər> & \"park\"",
        "Bakı şəhərinin mərkəzində yeni park açıldı. Şəhər sakinləri <b>sevinir</b>.",
    )]);
    let results = index.search(&query("seher park")).expect("search");
    let hit = &results.hits[0];
    assert_eq!(
        hit.title_html,
        "&lt;<mark>Şəhər</mark>&gt; &amp; &quot;<mark>park</mark>&quot;"
    );
    assert!(
        hit.snippet_html.contains("<mark>park</mark>"),
        "{}",
        hit.snippet_html
    );
    assert!(
        hit.snippet_html.contains("<mark>Şəhər</mark>"),
        "{}",
        hit.snippet_html
    );
    assert!(
        hit.snippet_html.contains("&lt;b&gt;sevinir&lt;/b&gt;"),
        "{}",
        hit.snippet_html
    );
    assert!(!hit.snippet_html.contains("<b>"));

    let index = self::index(&[doc(2, "en", "Title", "Yesterday she runs fast.")]);
    let results = index.search(&query("running")).expect("search");
    assert_eq!(
        results.hits[0].snippet_html,
        "Yesterday she <mark>runs</mark> fast."
    );
    assert_eq!(results.hits[0].title_html, "Title");
}

fn dated_corpus() -> Index {
    let mut docs = Vec::new();
    for (id, category) in [
        (1, "news"),
        (2, "news/economy"),
        (3, "news/economy/oil"),
        (4, "sport"),
        (5, "newsletter"),
        (6, ""),
    ] {
        let mut d = doc(id, "en", "Market report", "The market today.");
        d.category_path = category.into();
        d.published_at = id * 100;
        docs.push(d);
    }
    index(&docs)
}

#[test]
fn category_filter_includes_subcategories() {
    let index = dated_corpus();
    let in_category = |path: &str| {
        let mut found = ids(
            &index,
            &SearchQuery {
                category_path: Some(path.into()),
                ..query("market")
            },
        );
        found.sort_unstable();
        found
    };
    assert_eq!(in_category("news"), [1, 2, 3]);
    assert_eq!(in_category("/news/economy/"), [2, 3]);
    assert_eq!(in_category("news/economy/oil"), [3]);
    assert_eq!(in_category("sport"), [4]);
    assert!(in_category("news/eco").is_empty());
    assert!(in_category("nowhere").is_empty());
    // An empty path is no filter.
    assert_eq!(in_category("/").len(), 6);
}

#[test]
fn date_range_is_inclusive() {
    let index = dated_corpus();
    let between = |from, to| {
        let mut found = ids(
            &index,
            &SearchQuery {
                from,
                to,
                ..query("market")
            },
        );
        found.sort_unstable();
        found
    };
    assert_eq!(between(Some(200), Some(400)), [2, 3, 4]);
    assert_eq!(between(Some(500), None), [5, 6]);
    assert_eq!(between(None, Some(100)), [1]);
    assert!(between(Some(400), Some(200)).is_empty());
    assert!(between(Some(i64::MAX), None).is_empty());
    assert_eq!(between(Some(i64::MIN), Some(i64::MAX)).len(), 6);
}

#[test]
fn sort_newest() {
    let index = dated_corpus();
    let q = SearchQuery {
        sort: Sort::Newest,
        ..query("market")
    };
    assert_eq!(ids(&index, &q), [6, 5, 4, 3, 2, 1]);
    let results = index.search(&q).expect("search");
    assert!(results.hits.iter().all(|h| h.score == 0.0));
}

#[test]
fn a_lone_word_searched_with_pruning_gives_the_pages_and_count_of_full_scoring() {
    // A lone word is scored with block-max WAND (its exact form first, see `exact_first`) and
    // counted apart; the same word under a filter that keeps everything is scored match by
    // match. Pages and counts must agree.
    // 600 documents (several postings blocks) with term frequencies and lengths that vary,
    // and a word of the same stem in some, so both query shapes are covered.
    let docs: Vec<SearchDoc> = (1..=600)
        .map(|id| {
            let n = (id * 7919 % 13) as usize + 1;
            let word = if id % 5 == 0 { "harbours" } else { "harbour" };
            let body = format!(
                "{} {}",
                vec![word; n].join(" "),
                vec!["tide"; (id % 17) as usize].join(" ")
            );
            let title = if id % 41 == 0 { "Harbour news" } else { "News" };
            doc(id, "en", title, &body)
        })
        .collect();
    let index = index(&docs);
    for word in ["harbour", "tide", "news"] {
        // "harbour" is typed as such in 480 documents: pages up to 48 come from those alone,
        // page 49 mixes them with "harbours", page 55 has only the latter.
        for page in [1, 2, 7, 40, 48, 49, 55] {
            let pruned = SearchQuery {
                page,
                ..query(word)
            };
            let full = SearchQuery {
                from: Some(0),
                ..pruned.clone()
            };
            let (a, b) = (
                index.search(&pruned).expect("search"),
                index.search(&full).expect("search"),
            );
            assert_eq!(a.total, b.total, "{word}, page {page}: count");
            let ranked = |r: &crate::SearchResults| {
                r.hits.iter().map(|h| (h.id, h.score)).collect::<Vec<_>>()
            };
            assert_eq!(ranked(&a), ranked(&b), "{word}, page {page}: hits");
        }
    }
    assert_eq!(index.search(&query("harbour")).expect("search").total, 600);
}

#[test]
fn pagination_bounds() {
    let docs: Vec<SearchDoc> = (1..=120)
        .map(|id| doc(id, "en", "Weather", "Rain again."))
        .collect();
    let index = index(&docs);
    let page = |page, per_page| {
        let q = SearchQuery {
            page,
            per_page,
            sort: Sort::Newest,
            ..query("rain")
        };
        index.search(&q).expect("search")
    };
    let first = page(1, 10);
    assert_eq!(first.total, 120);
    assert_eq!(first.hits.len(), 10);
    assert_eq!(first.hits[0].id, 120);
    assert_eq!(page(0, 10), first, "page 0 is page 1");
    assert_eq!(page(2, 10).hits[0].id, 110);
    assert_eq!(page(12, 10).hits.len(), 10);
    assert_eq!(page(3, 50).hits.len(), 20);
    let beyond = page(13, 10);
    assert_eq!((beyond.total, beyond.hits.len()), (120, 0));
    let far = page(u32::MAX, 10);
    assert_eq!((far.total, far.hits.len()), (120, 0));
    assert_eq!(page(1, 1_000).hits.len(), MAX_PER_PAGE as usize);
    assert_eq!(page(1, 0).hits.len(), 10);
    assert_eq!(page(u32::MAX, u32::MAX).total, 120);
}

#[test]
fn hostile_queries_never_fail() {
    let index = turkic_corpus();
    let ten_kb = "İlham \"Əliyev ".repeat(800);
    let ten_kb_words = "İlham Əliyev ".repeat(800);
    let inputs = [
        "",
        " ",
        "\"",
        "\"\"\"",
        "\"unbalanced",
        "title:ilham",
        "ilham^10",
        "(ilham OR bakı)",
        "[1 TO 5]",
        "-ilham +bakı",
        "ilh*",
        "ilham~2",
        "\\",
        "\\\"ilham\\\"",
        ":^([-+*~\\",
        "!!! ??? ... ,,,",
        "\u{0}\u{1}\u{E000}",
        "\u{307}\u{301}",
        "ilham\u{0}bakı",
        &ten_kb,
    ];
    for input in inputs {
        let results = index.search(&query(input));
        assert!(results.is_ok(), "{input:?}: {results:?}");
    }
    assert_eq!(index.search(&query("")).expect("empty").total, 0);
    assert_eq!(
        find(&index, "title:ilham"),
        Vec::<i64>::new(),
        "no field syntax"
    );
    assert_eq!(find(&index, "ilham^10"), Vec::<i64>::new(), "10 is a word");
    assert_eq!(find(&index, "(ilham)"), [1, 6]);
    assert_eq!(find(&index, "-ilham"), [1, 6]);
    assert_eq!(find(&index, &ten_kb_words), [1]);
}

#[test]
fn upsert_replaces_and_delete_removes() {
    let index = index(&[
        doc(1, "en", "Old title", "old body"),
        doc(2, "en", "Other", ""),
    ]);
    assert_eq!(index.len(), 2);
    index
        .upsert(&[doc(1, "en", "New title", "new body")])
        .expect("upsert");
    assert_eq!(index.len(), 2);
    assert!(find(&index, "old").is_empty());
    assert_eq!(find(&index, "new"), [1]);
    // The last version in one batch wins.
    index
        .upsert(&[doc(3, "en", "First", ""), doc(3, "en", "Second", "")])
        .expect("upsert");
    assert_eq!(index.len(), 3);
    assert!(find(&index, "first").is_empty());
    assert_eq!(find(&index, "second"), [3]);

    index.delete(&[1, 99]).expect("delete");
    assert_eq!(index.len(), 2);
    assert!(find(&index, "new").is_empty());
    index.delete(&[]).expect("delete nothing");
    index.upsert(&[]).expect("upsert nothing");

    index.clear().expect("clear");
    assert!(index.is_empty());
    index.upsert(&[doc(4, "en", "After", "")]).expect("upsert");
    assert_eq!(find(&index, "after"), [4]);
}

#[test]
fn reopen_from_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("v0")).expect("old version dir");
    {
        let index = Index::open(dir.path()).expect("create");
        assert_eq!(index.open_state(), &OpenState::Created);
        index
            .upsert(&[doc(1, "az", "İlham", "Bakı şəhəri")])
            .expect("upsert");
        // A second writer on the same directory is refused, not corrupted.
        match Index::open(dir.path()) {
            Err(SearchError::Locked { .. }) => {}
            other => panic!("expected Locked, got {other:?}"),
        }
    }
    assert!(!dir.path().join("v0").exists(), "old versions are removed");
    let index = Index::open(dir.path()).expect("reopen");
    assert_eq!(index.open_state(), &OpenState::Existing);
    assert_eq!(index.len(), 1);
    assert_eq!(find(&index, "seheri"), [1]);
    let hit = &index.search(&query("ilham")).expect("search").hits[0];
    assert_eq!(hit.title_html, "<mark>İlham</mark>");
}

#[test]
fn damaged_index_is_recreated() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let index = Index::open(dir.path()).expect("create");
        index.upsert(&[doc(1, "en", "Title", "")]).expect("upsert");
    }
    let meta = dir.path().join("v2").join("meta.json");
    std::fs::write(&meta, b"{ not json").expect("damage");
    let index = Index::open(dir.path()).expect("recreate");
    assert!(
        matches!(index.open_state(), OpenState::Recreated { .. }),
        "{:?}",
        index.open_state()
    );
    assert!(index.is_empty());
    index.upsert(&[doc(1, "en", "Title", "")]).expect("usable");
    assert_eq!(index.len(), 1);
}

#[test]
fn unwritable_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"").expect("file");
    let error = Index::open(&file.join("index")).expect_err("not a directory");
    assert!(matches!(error, SearchError::Io { .. }), "{error:?}");
    assert!(error.to_string().contains("writable"), "{error}");
}

#[test]
fn compact_keeps_everything_searchable() {
    let index = Index::in_memory().expect("index");
    for id in 1..=12 {
        index
            .upsert(&[doc(id, "en", "Segment", &format!("body number{id}"))])
            .expect("upsert");
    }
    index.delete(&[3]).expect("delete");
    index.compact().expect("compact");
    assert_eq!(index.len(), 11);
    assert_eq!(find(&index, "number7"), [7]);
    assert!(find(&index, "number3").is_empty());
    // Writing goes on afterwards.
    index.upsert(&[doc(13, "en", "After", "")]).expect("upsert");
    assert_eq!(find(&index, "after"), [13]);
    index.compact().expect("compact again");
}
