//! `/admin/settings`: the site settings besides the menu (name, tagline, about, contact,
//! language, social links, legal pages, feed content; admins only).

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::audit::AuditAction;
use gazette_core::model::{SiteSettings, SocialLink};
use gazette_core::problem::Problem;
use gazette_core::{lang, limits};
use serde::Serialize;

use super::{Choice, DoneQuery, check_web_address};
use crate::staff_request::Staff;
use crate::words::Words;
use crate::{Screen, changed};
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::account::plausible_email;
use gazette_web::auth::{CurrentUser, now};
use gazette_web::form::{CsrfForm, Fields};
use gazette_web::i18n::keys;

/// Most other languages and social links the settings keep.
const MAX_LANGUAGES: usize = 20;
const MAX_SOCIAL: usize = 20;

/// Empty social rows offered below the filled ones.
const BLANK_SOCIAL_ROWS: usize = 2;

#[derive(Serialize, Default, Clone)]
struct SocialRow {
    name: String,
    url: String,
}

#[derive(Serialize, Default)]
struct SettingsView {
    name: String,
    tagline: String,
    about: String,
    contact_email: String,
    language: String,
    /// The other languages, comma-separated as typed (`az, ru, tr`).
    languages: String,
    social: Vec<SocialRow>,
    privacy_page: String,
    terms_page: String,
    cookies_page: String,
    feed_full_content: bool,
    /// The chosen library picture's id, as posted (empty: the theme's picture).
    social_media_id: String,
}

#[derive(Serialize)]
struct SettingsPage {
    form: SettingsView,
    pages: Vec<Choice>,
    /// Library pictures offered as the site's social image.
    pictures: Vec<Choice>,
    errors: Vec<String>,
}

/// How many of the newest library pictures the social image choice offers (the chosen
/// one is always among them).
const PICTURE_CHOICES: i64 = 60;

fn with_blank_rows(mut social: Vec<SocialRow>) -> Vec<SocialRow> {
    social.extend(std::iter::repeat_n(SocialRow::default(), BLANK_SOCIAL_ROWS));
    social
}

async fn render_settings(
    app: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    notice: Option<String>,
    form: SettingsView,
    errors: Vec<String>,
) -> Result<Response, WebError> {
    let path = "/admin/settings";
    let pages = app.store.all_pages().await?;
    let unpublished = Words::of(app, user).await?.t(keys::STATUS_UNPUBLISHED);
    let pages = pages
        .into_iter()
        .map(|p| Choice {
            label: if p.published {
                format!("{} (/{}/)", p.title, p.slug)
            } else {
                format!("{} (/{}/) — {unpublished}", p.title, p.slug)
            },
            value: p.slug,
        })
        .collect();
    let mut pictures: Vec<Choice> = app
        .store
        .media_choices(PICTURE_CHOICES)
        .await?
        .into_iter()
        .map(|m| picture_choice(m.id, &m.alt, &m.path))
        .collect();
    if let Ok(chosen) = form.social_media_id.parse::<i64>()
        && !pictures.iter().any(|p| p.value == form.social_media_id)
        && let Some(m) = app.store.media_by_id(chosen).await?
    {
        pictures.insert(0, picture_choice(m.id, &m.alt, &m.path));
    }
    Screen::keyed("admin/settings.html", path, keys::SETTINGS_TITLE)
        .render(
            app,
            user,
            status,
            notice,
            SettingsPage {
                form,
                pages,
                pictures,
                errors,
            },
        )
        .await
}

/// A picture as the choice lists it: its alt text, else its file name.
fn picture_choice(id: i64, alt: &str, path: &str) -> Choice {
    let label = if alt.is_empty() {
        path.rsplit('/').next().unwrap_or(path)
    } else {
        alt
    };
    Choice {
        label: format!("{label} (#{id})"),
        value: id.to_string(),
    }
}

/// `GET /admin/settings`
pub(super) async fn settings_page(
    Staff { app, user }: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let s = app.store.settings().await?;
    let view = SettingsView {
        social: with_blank_rows(
            s.social
                .iter()
                .map(|l| SocialRow {
                    name: l.name.clone(),
                    url: l.url.clone(),
                })
                .collect(),
        ),
        name: s.name,
        tagline: s.tagline,
        about: s.about,
        contact_email: s.contact_email,
        language: s.language,
        languages: s.languages.join(", "),
        privacy_page: s.privacy_page,
        terms_page: s.terms_page,
        cookies_page: s.cookies_page,
        feed_full_content: s.feed_full_content,
        social_media_id: s
            .social_media_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
    };
    let notice =
        (q.done.as_deref() == Some("saved")).then(|| keys::NOTICE_SETTINGS_SAVED.to_owned());
    render_settings(&app, &user, StatusCode::OK, notice, view, Vec::new()).await
}

/// What was typed, cut short enough to quote in a refusal.
fn shown(typed: &str) -> String {
    typed.chars().take(40).collect()
}

/// The codes of the "other languages" field, each once, in the order typed.
fn other_languages(typed: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in typed
        .split([',', ' '])
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        if !out.iter().any(|c| c == code) {
            out.push(code.to_owned());
        }
    }
    out
}

/// Reads and checks the settings form; every problem names its field.
fn read_settings(form: &Fields, page_slugs: &[String]) -> (SettingsView, Vec<Problem>) {
    let field = |name: &str| form.get(name).trim().to_owned();
    let mut errors = Vec::new();
    let view = SettingsView {
        name: field("name"),
        tagline: field("tagline"),
        about: field("about"),
        contact_email: field("contact_email"),
        language: field("language"),
        languages: field("languages"),
        social: form
            .rows(&["social_name", "social_url"])
            .into_values()
            .map(|mut r| SocialRow {
                name: r
                    .remove("social_name")
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
                url: r.remove("social_url").unwrap_or_default().trim().to_owned(),
            })
            .filter(|r| !(r.name.is_empty() && r.url.is_empty()))
            .collect(),
        privacy_page: field("privacy_page"),
        terms_page: field("terms_page"),
        cookies_page: field("cookies_page"),
        feed_full_content: !form.get("feed_full_content").is_empty(),
        social_media_id: field("social_media_id"),
    };
    let limits = [
        (keys::SETTINGS_NAME, &view.name, limits::SITE_NAME_MAX),
        (
            keys::SETTINGS_TAGLINE,
            &view.tagline,
            limits::SITE_TAGLINE_MAX,
        ),
        (keys::SETTINGS_ABOUT, &view.about, limits::SITE_ABOUT_MAX),
    ];
    if view.name.is_empty() {
        errors.push(Problem::new(keys::PROBLEM_SETTINGS_NAME_EMPTY));
    }
    for (label, value, max) in limits {
        if value.chars().count() > max {
            errors.push(
                Problem::new(keys::PROBLEM_SETTINGS_TOO_LONG)
                    .word("field", label)
                    .number("max", max),
            );
        }
    }
    if !view.contact_email.is_empty() && !plausible_email(&view.contact_email) {
        errors.push(
            Problem::new(keys::PROBLEM_SETTINGS_CONTACT).text("value", view.contact_email.as_str()),
        );
    }
    if !lang::is_valid_code(&view.language) {
        errors.push(
            Problem::new(keys::PROBLEM_SETTINGS_LANGUAGE).text("value", shown(&view.language)),
        );
    }
    for code in other_languages(&view.languages) {
        if !lang::is_valid_code(&code) {
            errors.push(
                Problem::new(keys::PROBLEM_SETTINGS_OTHER_LANGUAGE).text("value", shown(&code)),
            );
        }
    }
    if other_languages(&view.languages).len() > MAX_LANGUAGES {
        errors.push(
            Problem::new(keys::PROBLEM_SETTINGS_TOO_MANY_LANGUAGES).number("max", MAX_LANGUAGES),
        );
    }
    if view.social.len() > MAX_SOCIAL {
        errors.push(Problem::new(keys::PROBLEM_SETTINGS_TOO_MANY_SOCIAL).number("max", MAX_SOCIAL));
    }
    for (i, link) in view.social.iter().enumerate() {
        let n = i + 1;
        if link.name.is_empty() {
            errors.push(Problem::new(keys::PROBLEM_SETTINGS_NETWORK_EMPTY).number("n", n));
        } else if let Err(e) = limits::check(limits::Field::SocialNetwork, &link.name) {
            errors.push(
                Problem::new(keys::PROBLEM_SETTINGS_NETWORK_LONG)
                    .number("n", n)
                    .number("max", e.max),
            );
        }
        if let Err(why) = check_web_address(&link.url) {
            errors.push(
                Problem::new(keys::PROBLEM_SETTINGS_SOCIAL_URL)
                    .number("n", n)
                    .said("why", why),
            );
        }
    }
    for (label, value) in [
        (keys::SETTINGS_PRIVACY_PAGE, &view.privacy_page),
        (keys::SETTINGS_TERMS_PAGE, &view.terms_page),
        (keys::SETTINGS_COOKIES_PAGE, &view.cookies_page),
    ] {
        if !value.is_empty() && !page_slugs.iter().any(|p| p == value) {
            errors.push(
                Problem::new(keys::PROBLEM_SETTINGS_NO_PAGE)
                    .word("field", label)
                    .text("value", shown(value)),
            );
        }
    }
    (view, errors)
}

/// `POST /admin/settings`
pub(super) async fn settings_post(
    Staff { app, user }: Staff,
    CsrfForm(form): CsrfForm<Fields>,
) -> Result<Response, WebError> {
    let slugs = app.store.page_slugs().await?;
    let (view, mut errors) = read_settings(&form, &slugs);
    let social_media_id = match view.social_media_id.as_str() {
        "" => None,
        typed => match typed.parse::<i64>() {
            Ok(id) if app.store.media_by_id(id).await?.is_some() => Some(id),
            _ => {
                errors.push(
                    Problem::new(keys::PROBLEM_SETTINGS_SOCIAL_IMAGE).text("value", shown(typed)),
                );
                None
            }
        },
    };
    if !errors.is_empty() {
        let view = SettingsView {
            social: with_blank_rows(view.social.clone()),
            ..view
        };
        let words = Words::of(&app, &user).await?;
        let errors = errors.iter().map(|p| words.problem(p)).collect();
        return render_settings(&app, &user, StatusCode::BAD_REQUEST, None, view, errors).await;
    }
    let change = move |s: &mut SiteSettings| {
        s.name = view.name;
        s.tagline = view.tagline;
        s.about = view.about;
        s.contact_email = view.contact_email;
        s.languages = other_languages(&view.languages)
            .into_iter()
            .filter(|c| *c != view.language)
            .collect();
        s.language = view.language;
        s.social = view
            .social
            .into_iter()
            .map(|l| SocialLink {
                name: l.name,
                url: l.url,
            })
            .collect();
        s.privacy_page = view.privacy_page;
        s.terms_page = view.terms_page;
        s.cookies_page = view.cookies_page;
        s.feed_full_content = view.feed_full_content;
        s.social_media_id = social_media_id;
    };
    app.store
        .update_settings(now(), &user.actor(), AuditAction::SettingsUpdate, change)
        .await?;
    changed(&app, "/admin/settings?done=saved").await
}
