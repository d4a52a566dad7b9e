//! Interface languages over real HTTP (issue 16, part 1): each edition's pages speak its
//! language (`/az/` in Azerbaijani with `<html lang="az">`, `/ru/` in Russian with the
//! right plural forms and number separators), the main edition stays English, lists are in
//! the language's alphabetical order, and a staff member who picks Turkish reads the
//! newsroom in Turkish while the others keep the site's default.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use crate::common;

use common::browser::{csrf_of, location, signed_in};
use common::{TestApp, add_category, app, published};
use reqwest::StatusCode;
use time::OffsetDateTime;

async fn four_languages(app: &TestApp) {
    let mut s = app.store.settings().await.unwrap();
    s.language = "en".into();
    s.languages = vec!["az".into(), "ru".into(), "tr".into()];
    app.store.save_settings(&s).await.unwrap();
}

async fn add(app: &TestApp, slug: &str, title: &str, language: &str, words: usize) -> i64 {
    let body = vec!["söz"; words].join(" ");
    let mut a = published(slug, title, &body);
    a.language = language.into();
    app.store.create_article(&a).await.unwrap()
}

async fn views(app: &TestApp, id: i64, n: u64) {
    let batch: HashMap<i64, u64> = [(id, n)].into_iter().collect();
    app.store
        .add_views(&batch, OffsetDateTime::now_utc())
        .await
        .unwrap();
}

#[tokio::test]
async fn the_azerbaijani_edition_speaks_azerbaijani_and_the_main_one_english() {
    let app = app().start().await;
    four_languages(&app).await;
    // The newest leads the page; the older one is in "Latest", with its views.
    add(&app, "manset", "Manşet", "az", 10).await;
    let mut older = published("neft-qiymeti", "Neft qiyməti", "Neft bahalaşır.");
    older.language = "az".into();
    older.published_at = Some(OffsetDateTime::now_utc() - time::Duration::hours(1));
    let id = app.store.create_article(&older).await.unwrap();
    views(&app, id, 1_150).await;
    add(&app, "oil-price", "Oil price", "en", 10).await;

    let az = app.get("/az/").await;
    assert_eq!(az.status, StatusCode::OK, "{}", az.body);
    assert_eq!(az.attrs("html", "lang"), ["az"]);
    // The chrome is in the edition's language, so it needs no `lang` of its own.
    assert!(az.attrs("header.site-header", "lang").is_empty());
    assert_eq!(az.texts(".skip-link"), ["Məzmuna keç"]);
    assert_eq!(az.texts("#footer-legal"), ["Hüquqi məlumat"]);
    // The site's (English) name keeps its language inside the Azerbaijani heading.
    let site = app.store.settings().await.unwrap().name;
    assert_eq!(
        az.texts("#footer-about span[lang=en]"),
        std::slice::from_ref(&site),
        "{}",
        az.html_of("#footer-about")
    );
    assert_eq!(az.texts("#footer-about"), [format!("{site} haqqında")]);
    assert_eq!(az.attrs(".text-size", "aria-label"), ["Mətnin ölçüsü"]);
    assert_eq!(
        az.attrs("#site-search", "placeholder"),
        ["Məqalələrdə axtar"]
    );
    assert!(az.body.contains("Son xəbərlər"), "{}", az.body);
    // "1,1 min baxış": the view count with a decimal comma and the Azerbaijani unit.
    assert!(az.body.contains("1,1\u{a0}min baxış"), "{}", az.body);
    assert!(!az.body.contains("Views"), "English left on /az/");
    assert!(!az.body.contains("Min Read"), "English left on /az/");

    // The article page is in its own language's interface.
    let article = app.get("/neft-qiymeti/").await;
    assert_eq!(article.attrs("html", "lang"), ["az"]);
    assert!(article.body.contains("dəq oxunur"), "{}", article.body);

    // The main edition keeps English.
    let en = app.get("/").await;
    assert_eq!(en.attrs("html", "lang"), ["en"]);
    assert_eq!(en.texts(".skip-link"), ["Skip to content"]);
    assert!(en.body.contains("Latest"));
}

#[tokio::test]
async fn the_russian_edition_uses_russian_plural_forms_and_month_names() {
    let app = app().start().await;
    four_languages(&app).await;
    // Reading time grows with the words: about 1, 3 and 5 minutes. In a section, so the
    // home page shows their cards with reading times; one more leads the page.
    let section = add_category(&app.store, None, "politika", "Политика", 0).await;
    let add_in = |slug: &'static str, title: &'static str, words: usize| {
        let app = &app;
        async move {
            let body = vec!["слово"; words].join(" ");
            let mut a = published(slug, title, &body);
            a.language = "ru".into();
            a.category_id = Some(section);
            app.store.create_article(&a).await.unwrap()
        }
    };
    let one = add_in("odna-minuta", "Одна минута", 150).await;
    let three = add_in("tri-minuty", "Три минуты", 600).await;
    let five = add_in("pyat-minut", "Пять минут", 1_000).await;
    add_in("glavnoe", "Главное", 10).await;
    views(&app, one, 21).await;
    views(&app, three, 22).await;
    views(&app, five, 25_300).await;

    let ru = app.get("/ru/").await;
    assert_eq!(ru.status, StatusCode::OK, "{}", ru.body);
    assert_eq!(ru.attrs("html", "lang"), ["ru"]);
    assert_eq!(ru.texts(".skip-link"), ["Перейти к содержанию"]);
    let body = &ru.body;
    let form = |n: u32| match (n % 10, n % 100) {
        (1, r) if r != 11 => "минута",
        (2..=4, r) if !(12..=14).contains(&r) => "минуты",
        _ => "минут",
    };
    // Every reading time agrees with its number, and the three forms all occur.
    let mut seen = std::collections::BTreeSet::new();
    for part in body
        .split(" чтения")
        .filter(|p| p.ends_with(['а', 'ы', 'т']))
    {
        let mut words = part.rsplit([' ', '>']);
        let (Some(word), Some(number)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(n) = number.parse::<u32>() else {
            continue;
        };
        assert_eq!(word, form(n), "«{n} {word} чтения» on /ru/");
        seen.insert(word.to_owned());
    }
    assert_eq!(
        seen.len(),
        3,
        "not all three plural forms of минута on /ru/: {seen:?}"
    );
    assert!(body.contains("21 просмотр<"), "{body}");
    assert!(body.contains("22 просмотра<"), "{body}");
    assert!(body.contains("25,3\u{a0}тыс. просмотров"), "{body}");
    // Month names in the genitive, as a Russian date is written.
    let month = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ];
    assert!(
        month.iter().any(|m| body.contains(m)),
        "no Russian month on /ru/"
    );
    assert!(
        !body.contains("Min Read") && !body.contains(" Views"),
        "English left on /ru/"
    );

    // A page missing in the Russian edition: the error page is in Russian too.
    let missing = app.get("/ru/category/no-such-section/").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("На главную"), "{}", missing.body);
}

#[tokio::test]
async fn subsections_are_listed_in_the_editions_alphabetical_order() {
    let app = app().start().await;
    four_languages(&app).await;
    let parent = add_category(&app.store, None, "bolmeler", "Bölmələr", 0).await;
    let names = [
        ("Zəfər", "zefer"),
        ("Çay", "cay"),
        ("Cəmiyyət", "cemiyyet"),
        ("İqtisadiyyat", "iqtisadiyyat"),
        ("Xəbər", "xeber"),
        ("Hava", "hava"),
    ];
    for (i, (name, slug)) in (0..).zip(names) {
        add_category(&app.store, Some(parent), slug, name, i).await;
    }
    let mut a = published("bir", "Bir", "Mətn.");
    a.language = "az".into();
    a.category_id = Some(parent);
    app.store.create_article(&a).await.unwrap();

    let page = app.get("/az/category/bolmeler/").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        page.texts(".chips a"),
        ["Cəmiyyət", "Çay", "Hava", "Xəbər", "İqtisadiyyat", "Zəfər"]
    );
}

#[tokio::test]
async fn a_staff_member_who_picks_turkish_reads_the_newsroom_in_turkish() {
    let app = app().start().await;
    four_languages(&app).await;
    let mut editor = signed_in(&app, "editor").await;

    // The site's default language (English) until they choose.
    let before = editor.get("/admin/articles").await;
    assert_eq!(before.status, StatusCode::OK);
    assert_eq!(before.attrs("html", "lang"), ["en"]);
    assert!(
        before
            .texts(".admin-nav a")
            .contains(&"Articles".to_owned())
    );

    let saved = editor
        .submit(
            "/admin/articles",
            "/account/language",
            &[("ui_language", "tr"), ("back", "/admin/articles")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(location(&saved), "/admin/articles");

    let after = editor.get("/admin/articles").await;
    assert_eq!(after.attrs("html", "lang"), ["tr"]);
    let nav = after.texts(".admin-nav a");
    assert!(nav.contains(&"Haberler".to_owned()), "{nav:?}");
    assert!(after.body.contains("Yeni haber"), "{}", after.body);
    assert!(after.body.contains("Çıkış yap"));
    assert_eq!(
        after.attrs("#admin-language option[selected]", "value"),
        ["tr"]
    );

    // A notice after an action is in Turkish too.
    let tags = editor.get("/admin/tags?done=saved").await;
    assert_eq!(tags.attrs("html", "lang"), ["tr"]);

    // Another staff member still sees the default.
    let mut admin = signed_in(&app, "admin").await;
    let theirs = admin.get("/admin/articles").await;
    assert_eq!(theirs.attrs("html", "lang"), ["en"]);

    // A language without a catalogue, or a hostile value, is refused and nothing changes.
    for bad in ["de", "tr\"><script>", "../../etc"] {
        let page = editor.get("/admin").await;
        let csrf = csrf_of(&page);
        let refused = editor
            .post(
                "/account/language",
                &[("csrf", &csrf), ("ui_language", bad), ("back", "/admin")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(refused.body.contains("choose one of"), "{}", refused.body);
        assert!(!refused.body.contains("<script>"));
    }
    // Back to the site's default; an outside `back` lands on the newsroom.
    let page = editor.get("/admin").await;
    let csrf = csrf_of(&page);
    let reset = editor
        .post(
            "/account/language",
            &[
                ("csrf", &csrf),
                ("ui_language", ""),
                ("back", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&reset), "/admin");
    assert_eq!(editor.get("/admin").await.attrs("html", "lang"), ["en"]);

    // Without the form's token nothing is saved.
    let forged = editor
        .post(
            "/account/language",
            &[("ui_language", "ru"), ("back", "/admin")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(editor.get("/admin").await.attrs("html", "lang"), ["en"]);
}

#[tokio::test]
async fn a_russian_editor_reads_refusals_notices_and_screens_in_russian() {
    let app = app().start().await;
    four_languages(&app).await;
    let mut editor = signed_in(&app, "editor").await;
    editor.choose_language("ru").await;

    // The core's refusals of an article, with their field names and numbers, in Russian.
    let long = "я".repeat(301);
    let article = [
        ("title", long.as_str()),
        ("slug", "-bad"),
        ("kind", "translation"),
        ("category_id", "abc"),
        ("body", "Текст."),
        ("intent", "draft"),
    ];
    let refused = editor
        .submit_expecting(
            StatusCode::BAD_REQUEST,
            "/admin/articles/new",
            "/admin/articles",
            &article,
        )
        .await;
    assert_eq!(refused.attrs("html", "lang"), ["ru"]);
    refused.assert_says(&[
        "Заголовок: слишком длинно, допустимо не больше 300 знаков.",
        "Адрес (slug) `-bad` не подходит: адрес начинается с дефиса; он должен начинаться с буквы или цифры.",
        "Для перевода нужно название издания-источника.",
        "Для перевода нужен адрес оригинала.",
        "Рубрика: `abc` нет среди вариантов.",
    ]);
    assert!(!refused.body.contains("is too long"), "English left");
    assert!(refused.texts("title")[0].starts_with("Новая статья – "));

    // The menu's refusals name the row and the field in Russian.
    let row = [
        ("key_0", "a"),
        ("label_0", "Главная"),
        ("kind_0", "url"),
        ("url_0", "javascript:alert(1)"),
        ("op", "save"),
    ];
    let menu = editor
        .submit_on("/admin/menu", StatusCode::BAD_REQUEST, &row)
        .await;
    menu.assert_says(&[
        "Строка 1 («Главная»): Адрес: `javascript:alert(1)` — ни путь этого сайта",
        "Меню не сохранено:",
    ]);

    // Counts choose the Russian plural form; notices after an action are Russian.
    let media = editor.get("/admin/media?done=deleted").await;
    assert_eq!(media.texts(".media-count"), ["0 изображений"]);
    media.assert_says(&["Изображение удалено."]);
    // The bulk actions' report counts in Russian and says why an item was refused.
    let bulk = [("bulk_action", "draft"), ("ids", "abc"), ("ids", "999999")];
    let bulk = editor
        .submit_expecting(
            StatusCode::OK,
            "/admin/articles",
            "/admin/articles/bulk",
            &bulk,
        )
        .await;
    bulk.assert_says(&[
        "0 статей возвращено в черновики; отказано: 2 — `abc` — не номер статьи; статьи 999999 не существует.",
    ]);
    let keys = editor.get("/admin/api-keys").await;
    assert_eq!(keys.texts("h1"), ["API-ключи"]);
    let key = [("name", ""), ("days", "0")];
    let created = editor
        .submit_on("/admin/api-keys", StatusCode::BAD_REQUEST, &key)
        .await;
    created.assert_says(&[
        "Дайте ключу название",
        "Срок действия — число дней от 1 до 3650 или пусто для бессрочного ключа.",
    ]);
}

#[tokio::test]
async fn an_azerbaijani_admin_and_a_turkish_editor_read_form_refusals_in_their_language() {
    let app = app().start().await;
    four_languages(&app).await;
    let mut admin = signed_in(&app, "admin").await;
    admin.choose_language("az").await;

    // The site settings: every refusal in Azerbaijani, the title too; nothing saved.
    let before = app.store.settings().await.unwrap();
    let form = [
        ("name", " "),
        ("contact_email", "desk at caspian"),
        ("language", "en"),
        ("social_name_0", ""),
        ("social_url_0", "javascript:alert(1)"),
        ("privacy_page", "heç-yer"),
    ];
    let settings = admin
        .submit_on("/admin/settings", StatusCode::BAD_REQUEST, &form)
        .await;
    assert_eq!(settings.attrs("html", "lang"), ["az"]);
    assert!(settings.texts("title")[0].starts_with("Saytın tənzimləmələri"));
    settings.assert_says(&[
        "Saytın adı: oxucuların başlıqda görəcəyi adı yazın.",
        "Əlaqə e-poçtu: `desk at caspian` desk@example.org kimi e-poçt ünvanı deyil; düzəldin və ya boş saxlayın.",
        "Sosial keçid 1: Şəbəkə: şəbəkənin adını yazın, məsələn, Mastodon.",
        "Sosial keçid 1: URL: `javascript:alert(1)` veb ünvanı deyil; https:// (və ya http://) ilə başlayan ünvan yazın.",
        "Məxfilik səhifəsi: `heç-yer` ünvanlı səhifə yoxdur;",
    ]);
    assert!(!settings.body.contains("enter the name"), "English left");
    let after = app.store.settings().await.unwrap();
    assert_eq!(
        (after.name, after.contact_email, after.social.len()),
        (before.name, before.contact_email, before.social.len())
    );

    // A page with no title and a slug starting with a hyphen: both named, nothing saved.
    let form = [
        ("title", ""),
        ("slug", "-pis"),
        ("body", "Mətn."),
        ("language", "az"),
    ];
    let page = admin
        .submit_on("/admin/pages/new", StatusCode::BAD_REQUEST, &form)
        .await;
    page.assert_says(&[
        "Başlıq: səhifənin başlığını yazın.",
        "Ünvan (slug): ünvan defislə başlayır; hərf və ya rəqəmlə başlamalıdır.",
    ]);
    assert!(app.store.all_pages().await.unwrap().is_empty());

    // A desk source, by an editor who reads the newsroom in Turkish: the core's rules,
    // said in Turkish, all at once; nothing followed.
    let mut editor = signed_in(&app, "editor").await;
    editor.choose_language("tr").await;
    let sources = "/admin/desk/sources";
    let form = [
        ("name", ""),
        ("feed_url", "ftp://haber.example/rss"),
        ("feed_kind", "rss"),
        ("fetch_minutes", "0"),
        ("retention_days", "90"),
    ];
    let source = editor
        .submit_on(sources, StatusCode::UNPROCESSABLE_ENTITY, &form)
        .await;
    assert_eq!(source.attrs("html", "lang"), ["tr"]);
    source.assert_says(&[
        "Ad: kaynağa bir ad verin.",
        "Besleme adresi: `ftp://haber.example/rss` http:// veya https:// ile başlamalıdır.",
        "Alma sıklığı: 1 ile 10.080 dakika (7 gün) arasında bir değer girin.",
    ]);
    assert!(!source.body.contains("must start with"), "English left");
    let form = [
        ("name", "Haber"),
        ("feed_url", "https://haber.example/rss"),
        ("fetch_minutes", "on beş"),
    ];
    let words = editor.submit(sources, sources, &form).await;
    words.assert_says(&["Alma sıklığı: “on beş” tam bir dakika sayısı değil."]);
    assert!(app.store.desk_sources().await.unwrap().is_empty());
}
