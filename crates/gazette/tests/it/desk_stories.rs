//! The desk's working screens over HTTP (issue 14, parts 4–6): one story from several
//! outlets folded into one inbox row, the category filter, an editor's keyword alerts
//! (personal, limited even under parallel requests), and a translation draft that shows
//! its original beside the editor and, when the outlet edits it, what changed since.
//! Rounds are recorded through the store as a fetch would; fetching itself is `desk.rs`.

use crate::common;

use common::browser::{Browser, signed_in};
use common::{TestApp, app};
use gazette_store::{Actor, ItemInput, RoundInput, SourceInput};
use reqwest::StatusCode;

/// A fixed "now" close to the items' dates, so the 48-hour window is the test's choice.
const NOW: i64 = 1_796_000_000;
const HOUR: i64 = 3600;

async fn source(app: &TestApp, name: &str, language: &str, category: Option<i64>) -> i64 {
    let mut input = SourceInput::new(name, &format!("https://{name}.example/rss"), "rss");
    input.outlet = format!("{name}.example");
    input.language = language.to_owned();
    input.category_id = category;
    app.store
        .add_desk_source(&input, &Actor::cli(), NOW)
        .await
        .unwrap()
}

fn item(key: &str, title: &str, lead: &str, language: &str, at: i64) -> ItemInput {
    ItemInput {
        key: key.to_owned(),
        url: Some(format!("https://outlet.example/{key}")),
        title: title.to_owned(),
        summary_html: format!("<p>{lead}</p>"),
        content_html: String::new(),
        raw_html: None,
        author: None,
        language: language.to_owned(),
        content_hash: format!("{title}|{lead}"),
        published_at: Some(at),
    }
}

async fn round(app: &TestApp, source_id: i64, items: Vec<ItemInput>) {
    let round = RoundInput {
        items,
        next_fetch_at: NOW + 900,
        ..RoundInput::default()
    };
    app.store
        .record_desk_round(source_id, &round, NOW)
        .await
        .unwrap();
}

const METRO_LEAD: &str = "Paytaxtın Xətai rayonunda yeni metro stansiyası sərnişinlərin \
    istifadəsinə verilib. Stansiyanın açılışında nazir iştirak edib.";

fn ids(page: &common::Page) -> Vec<String> {
    page.attrs("li.desk-item", "data-item")
}

#[tokio::test]
async fn one_story_from_several_outlets_is_one_row_that_lists_the_others() {
    let app = app().start().await;
    let minval = source(&app, "minval", "az", None).await;
    let apa = source(&app, "apa", "az", None).await;
    let report = source(&app, "report", "az", None).await;
    round(
        &app,
        minval,
        vec![
            item(
                "m1",
                "Bakıda yeni metro stansiyası açıldı",
                METRO_LEAD,
                "az",
                NOW - 5 * HOUR,
            ),
            item(
                "m2",
                "Neft qiymətləri bazarda kəskin düşüb",
                "Brent markalı neftin bir barelinin qiyməti birjada ucuzlaşıb.",
                "az",
                NOW - 4 * HOUR,
            ),
        ],
    )
    .await;
    round(
        &app,
        apa,
        vec![item(
            "a1",
            "Bakıda yeni metro stansiyası istifadəyə verildi",
            "Xətai rayonunda yeni metro stansiyası sərnişinlərin istifadəsinə verilib, \
             açılışda nazir iştirak edib.",
            "az",
            NOW - 3 * HOUR,
        )],
    )
    .await;
    round(
        &app,
        report,
        vec![
            item(
                "r1",
                "Bakıda yeni metro stansiyası açıldı",
                METRO_LEAD,
                "az",
                NOW - 2 * HOUR,
            ),
            // The same words three days earlier: another story (a year-old opening).
            item(
                "r0",
                "Bakıda yeni metro stansiyası açıldı",
                METRO_LEAD,
                "az",
                NOW - 72 * HOUR,
            ),
        ],
    )
    .await;

    let mut editor = signed_in(&app, "editor").await;
    let inbox = editor.get("/admin/desk").await;
    assert_eq!(inbox.status, StatusCode::OK);
    // Newest first, one row per story: the metro story (newest item from report), the
    // oil story, and the three-day-old opening.
    let rows = ids(&inbox);
    assert_eq!(rows.len(), 3, "{rows:?}\n{}", inbox.body);
    assert!(inbox.body.contains("3 stories"), "{}", inbox.body);
    assert_eq!(
        inbox.texts("li.desk-item .desk-story"),
        ["The same story from 2 more sources"]
    );

    let every = editor.get("/admin/desk?all=1").await;
    assert_eq!(ids(&every).len(), 5);
    assert!(every.body.contains("5 items"), "{}", every.body);
    assert_eq!(
        every.count(".desk-story"),
        3,
        "each metro item counts the others"
    );

    // Filtered to one outlet, its own item of the story shows, not the newest overall.
    let from_apa = editor.get(&format!("/admin/desk?source={apa}")).await;
    assert_eq!(
        from_apa.texts("li.desk-item h2"),
        ["Bakıda yeni metro stansiyası istifadəyə verildi"]
    );

    let story_row = &rows[0];
    let item = editor.get(&format!("/admin/desk/items/{story_row}")).await;
    assert_eq!(item.status, StatusCode::OK);
    let others = item.texts(".desk-story-list li a");
    assert_eq!(
        others,
        [
            "Bakıda yeni metro stansiyası istifadəyə verildi",
            "Bakıda yeni metro stansiyası açıldı"
        ],
        "{}",
        item.body
    );
    assert!(item.body.contains("apa") && item.body.contains("minval"));
}

#[tokio::test]
async fn one_story_in_two_languages_is_one_row_but_another_story_with_one_name_is_not() {
    let app = app().start().await;
    let az = source(&app, "report-az", "az", None).await;
    let ru = source(&app, "report-ru", "ru", None).await;
    round(
        &app,
        az,
        vec![item(
            "az1",
            "Mingəçevirdə İlham Əliyevin iştirakı ilə 240 meqavatlıq stansiya açıldı",
            "Prezident İlham Əliyev Mingəçevir şəhərində Kür çayı üzərində tikilən \
             stansiyanın açılışında iştirak edib. Layihəyə 2026-cı ildə başlanılıb.",
            "az",
            NOW - 3 * HOUR,
        )],
    )
    .await;
    round(
        &app,
        ru,
        vec![
            item(
                "ru1",
                "В Мингечевире при участии Ильхама Алиева открыта станция на 240 мегаватт",
                "Президент Ильхам Алиев принял участие в открытии станции на реке Кура в \
                 Мингечевире. Работы начались в 2026 году.",
                "ru",
                NOW - 2 * HOUR,
            ),
            item(
                "ru2",
                "В Баку прошёл энергетический форум",
                "Форум в Баку собрал 300 участников из Турции и Грузии.",
                "ru",
                NOW - HOUR,
            ),
        ],
    )
    .await;
    let mut editor = signed_in(&app, "editor").await;
    let inbox = editor.get("/admin/desk").await;
    assert_eq!(
        inbox.texts("li.desk-item h2"),
        [
            "В Баку прошёл энергетический форум",
            "В Мингечевире при участии Ильхама Алиева открыта станция на 240 мегаватт"
        ],
        "{}",
        inbox.body
    );
    assert_eq!(
        inbox.texts(".desk-story"),
        ["The same story from 1 more source"]
    );
}

#[tokio::test]
async fn the_category_filter_shows_the_items_of_sources_filed_under_it() {
    let app = app().start().await;
    let mut editor = signed_in(&app, "editor").await;
    let economy = app
        .store
        .create_category(&gazette_store::NewCategory {
            parent_id: None,
            slug: "economy".into(),
            name: "Economy".into(),
            description: String::new(),
            position: 0,
        })
        .await
        .unwrap();
    let filed = source(&app, "filed", "az", Some(economy)).await;
    let loose = source(&app, "loose", "az", None).await;
    round(
        &app,
        filed,
        vec![item(
            "f1",
            "Manat məzənnəsi sabit qalır",
            "Mərkəzi Bank bildirib.",
            "az",
            NOW - HOUR,
        )],
    )
    .await;
    round(
        &app,
        loose,
        vec![item(
            "l1",
            "Futbol komandası qalib gəldi",
            "Oyun Bakıda keçirilib.",
            "az",
            NOW - HOUR,
        )],
    )
    .await;
    let page = editor.get(&format!("/admin/desk?category={economy}")).await;
    assert_eq!(
        page.texts("li.desk-item h2"),
        ["Manat məzənnəsi sabit qalır"]
    );
    // Not a number: the filter is ignored rather than an error page.
    let odd = editor.get("/admin/desk?category=%27%3B--").await;
    assert_eq!(odd.status, StatusCode::OK);
    assert_eq!(ids(&odd).len(), 2);

    // The desk speaks the editor's newsroom language, plurals included.
    editor
        .submit(
            "/admin/desk",
            "/account/language",
            &[("ui_language", "ru"), ("back", "/admin/desk")],
        )
        .await;
    let ru = editor.get("/admin/desk?all=1").await;
    assert_eq!(ru.attrs("html", "lang"), ["ru"]);
    assert!(ru.body.contains("Все рубрики"), "{}", ru.body);
    assert!(ru.body.contains("2 материала"), "{}", ru.body);
    let sources = editor.get("/admin/desk/sources").await;
    assert_eq!(sources.texts("h1"), ["Источники ленты"]);
}

async fn add_alert(editor: &mut Browser<'_>, words: &str) -> common::Page {
    editor
        .submit("/admin/desk", "/admin/desk/alerts", &[("words", words)])
        .await
}

#[tokio::test]
async fn alerts_mark_what_an_editor_follows_and_stay_their_own() {
    let app = app().start().await;
    let src = source(&app, "minval", "az", None).await;
    round(
        &app,
        src,
        vec![
            item(
                "x1",
                "MİNGƏÇEVİR su anbarında səviyyə qalxıb",
                "Mingəçevir sakinləri narahatdır.",
                "az",
                NOW - HOUR,
            ),
            item(
                "x2",
                "Gəncədə yeni park açılıb",
                "Şəhər sakinləri parkı bəyənib.",
                "az",
                NOW - 2 * HOUR,
            ),
        ],
    )
    .await;
    let mut editor = signed_in(&app, "editor").await;
    let added = add_alert(&mut editor, "  Mingəçevir ").await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let inbox = editor.get("/admin/desk").await;
    assert_eq!(inbox.count("li.desk-item.is-alert"), 1, "{}", inbox.body);
    assert_eq!(
        inbox.texts("li.is-alert .desk-alert-hit mark"),
        ["Mingəçevir"]
    );
    let only = editor.get("/admin/desk?alerts=1").await;
    assert_eq!(
        only.texts("li.desk-item h2"),
        ["MİNGƏÇEVİR su anbarında səviyyə qalxıb"]
    );

    // Bad input is named, and nothing is stored.
    let empty = add_alert(&mut editor, "   ").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.body.contains("type a word or a name to follow"),
        "{}",
        empty.body
    );
    let long = add_alert(&mut editor, &"ş".repeat(101)).await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        long.body
            .contains("at most 100 characters; this one has 101"),
        "{}",
        long.body
    );

    // Another editor neither sees nor removes it.
    let mut other = signed_in(&app, "admin").await;
    let theirs = other.get("/admin/desk").await;
    assert_eq!(theirs.count("li.desk-item.is-alert"), 0);
    let alert_id = inbox.attrs(".desk-alert-list form", "action")[0]
        .trim_start_matches("/admin/desk/alerts/")
        .trim_end_matches("/delete")
        .to_owned();
    let delete = format!("/admin/desk/alerts/{alert_id}/delete");
    let refused = other.submit("/admin/desk", &delete, &[]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let removed = editor.submit("/admin/desk", &delete, &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(editor.get("/admin/desk").await.count("li.is-alert"), 0);
}

#[tokio::test]
async fn the_alert_limit_holds_under_parallel_requests() {
    let app = app().start().await;
    let _editor = signed_in(&app, "editor").await;
    let user = app
        .store
        .user_by_email("editor@example.org")
        .await
        .unwrap()
        .expect("the editor exists");
    for n in 0..45 {
        app.store
            .add_desk_alert(user.id, &format!("name {n}"), NOW)
            .await
            .unwrap();
    }
    let mut tries = tokio::task::JoinSet::new();
    for n in 0..20 {
        let store = app.store.clone();
        tries.spawn(async move {
            store
                .add_desk_alert(user.id, &format!("parallel {n}"), NOW)
                .await
        });
    }
    let results = tries.join_all().await;
    let accepted = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(accepted, 5, "{results:?}");
    assert_eq!(app.store.desk_alerts(user.id).await.unwrap().len(), 50);
    for refused in results.iter().filter_map(|r| r.as_ref().err()) {
        assert!(
            refused.to_string().contains("remove one first"),
            "{refused}"
        );
    }
}

#[tokio::test]
async fn a_translation_works_beside_its_original_and_learns_when_it_changes() {
    let app = app().start().await;
    let src = source(&app, "minval", "az", None).await;
    let first = ItemInput {
        content_html: "<p>Birinci abzas: stansiya açıldı.</p><p>İkinci abzas: nazir danışıb.</p>"
            .to_owned(),
        ..item(
            "t1",
            "Metro stansiyası açıldı",
            "Qısa xülasə.",
            "az",
            NOW - HOUR,
        )
    };
    round(&app, src, vec![first.clone()]).await;
    let mut editor = signed_in(&app, "editor").await;
    let id = ids(&editor.get("/admin/desk").await)[0].clone();
    let made = editor
        .submit(
            &format!("/admin/desk/items/{id}"),
            &format!("/admin/desk/items/{id}/translate"),
            &[],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let edit = common::browser::location(&made).to_owned();

    let page = editor.get(&edit).await;
    assert_eq!(
        page.texts("aside.original .original__paragraphs li"),
        [
            "Birinci abzas: stansiya açıldı.",
            "İkinci abzas: nazir danışıb."
        ]
    );
    assert_eq!(page.attrs("aside.original", "lang"), ["az"]);
    assert_eq!(page.count(".desk-changed"), 0, "nothing changed yet");

    // The outlet corrects its text: the next round records a version.
    let corrected = ItemInput {
        content_html:
            "<p>Birinci abzas: stansiya açıldı.</p><p>İkinci abzas: nazir müavini danışıb.</p>"
                .to_owned(),
        content_hash: "changed".to_owned(),
        ..first
    };
    let later = RoundInput {
        items: vec![corrected],
        next_fetch_at: NOW + 1800,
        ..RoundInput::default()
    };
    app.store
        .record_desk_round(src, &later, gazette_web::auth::now() + 5)
        .await
        .unwrap();
    let page = editor.get(&edit).await;
    assert_eq!(page.count(".desk-changed"), 1, "{}", page.body);
    assert!(
        page.body.contains("The original changed since"),
        "{}",
        page.body
    );
    assert_eq!(
        page.texts(".desk-changed .diff__del"),
        ["− İkinci abzas: nazir danışıb."]
    );
    assert_eq!(
        page.texts(".desk-changed .diff__add"),
        ["+ İkinci abzas: nazir müavini danışıb."]
    );
    assert_eq!(
        page.texts("aside.original .original__paragraphs li")[1],
        "İkinci abzas: nazir müavini danışıb."
    );
}
