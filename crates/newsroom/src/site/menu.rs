//! `/admin/menu`: the site's navigation menu, rows of label and target nested one level
//! (editors and admins). The form works without JS: the add/remove/up/down buttons post the
//! whole form, which comes back changed but unsaved until "Save menu".

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::audit::AuditAction;
use gazette_core::model::{Category, MenuItem};
use serde::Serialize;

use super::{Choice, DoneQuery, MAX_URL, bad_text, check_web_address};
use crate::staff_request::Staff;
use crate::words::Words;
use crate::{Screen, changed};
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::auth::{CurrentUser, now};
use gazette_web::form::{CsrfForm, Fields};
use gazette_web::i18n::{Arg, keys};

/// Longest menu label, in characters.
const MAX_LABEL: usize = gazette_core::limits::MENU_LABEL_MAX;
/// Most rows a menu may have (a header with more would not fit anyway).
const MAX_ROWS: usize = 100;

/// `Ok` for a menu link: a path of this site (`/…`) or a web address.
/// Refuses what is neither a path of this site nor a web address; the error is the
/// catalogue key of the refusal (its argument is the address).
fn check_menu_url(url: &str) -> Result<(), &'static str> {
    if url.starts_with('/') {
        if url.starts_with("//") || bad_text(url) || url.len() > MAX_URL {
            return Err(keys::PROBLEM_MENU_BAD_PATH);
        }
        return Ok(());
    }
    check_web_address(url).map_err(|_| keys::PROBLEM_MENU_BAD_URL)
}

// ---------------------------------------------------------------------------------------
// The menu

/// One row of the menu editor.
#[derive(Serialize, Clone, Default, Debug)]
struct MenuRow {
    /// Stable within one editing session, so parents survive reordering.
    key: String,
    label: String,
    /// `category`, `tag`, `page` or `url`.
    kind: String,
    category: String,
    tag: String,
    page: String,
    url: String,
    /// The key of the parent row, or empty for a top-level entry.
    parent: String,
    /// Filled for display: whether the row is nested, its number and position.
    #[serde(skip_deserializing)]
    child: bool,
}

#[derive(Serialize)]
struct MenuPage {
    rows: Vec<MenuRow>,
    parents: Vec<Choice>,
    categories: Vec<Choice>,
    pages: Vec<Choice>,
    automatic: bool,
    errors: Vec<String>,
    unsaved: bool,
}

/// Rows in display order: each top-level entry followed by its children; orphans last.
fn display_order(rows: Vec<MenuRow>) -> Vec<MenuRow> {
    let tops: BTreeSet<String> = rows
        .iter()
        .filter(|r| r.parent.is_empty())
        .map(|r| r.key.clone())
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for top in rows.iter().filter(|r| r.parent.is_empty()) {
        out.push(MenuRow {
            child: false,
            ..top.clone()
        });
        for child in rows.iter().filter(|r| r.parent == top.key) {
            out.push(MenuRow {
                child: true,
                ..child.clone()
            });
        }
    }
    for orphan in rows
        .iter()
        .filter(|r| !r.parent.is_empty() && !tops.contains(&r.parent))
    {
        out.push(MenuRow {
            child: true,
            ..orphan.clone()
        });
    }
    out
}

/// The menu as editor rows, recognising links to categories, tags and pages.
fn rows_of(menu: &[MenuItem], categories: &[Category], page_slugs: &[String]) -> Vec<MenuRow> {
    let mut rows = Vec::new();
    let mut n = 0;
    let mut row = |item: &MenuItem, parent: &str| {
        n += 1;
        let mut r = MenuRow {
            key: format!("r{n}"),
            label: item.label.clone(),
            kind: "url".into(),
            url: item.url.clone(),
            parent: parent.to_owned(),
            ..MenuRow::default()
        };
        let inner = item.url.strip_suffix('/').unwrap_or(&item.url);
        if let Some(path) = inner.strip_prefix("/category/")
            && categories.iter().any(|c| c.path == path)
        {
            r.kind = "category".into();
            r.category = path.to_owned();
            r.url.clear();
        } else if let Some(slug) = inner.strip_prefix("/tag/")
            && !slug.contains('/')
        {
            r.kind = "tag".into();
            r.tag = slug.to_owned();
            r.url.clear();
        } else if let Some(slug) = inner.strip_prefix('/')
            && page_slugs.iter().any(|p| p == slug)
        {
            r.kind = "page".into();
            r.page = slug.to_owned();
            r.url.clear();
        }
        r
    };
    for top in menu {
        let t = row(top, "");
        let key = t.key.clone();
        rows.push(t);
        for child in &top.children {
            rows.push(row(child, &key));
        }
    }
    rows
}

/// The rows as posted, in their posted order (by position, then row number), and the
/// problems with positions (such rows keep their place).
fn posted_rows(words: &Words<'_>, form: &Fields) -> Result<(Vec<MenuRow>, Vec<String>), String> {
    let raw = form.rows(&[
        "key", "label", "kind", "category", "tag", "page", "url", "parent", "pos",
    ]);
    if raw.len() > MAX_ROWS {
        return Err(words.t_with(
            keys::PROBLEM_MENU_TOO_MANY,
            &[
                ("n", Arg::Number(raw.len() as f64)),
                ("max", Arg::Number(MAX_ROWS as f64)),
            ],
        ));
    }
    let mut keyed = Vec::with_capacity(raw.len());
    let mut errors = Vec::new();
    for (n, mut fields) in raw {
        let mut take = |f: &str| fields.remove(f).unwrap_or_default().trim().to_owned();
        let pos_text = take("pos");
        let fallback = i64::try_from(n).unwrap_or(i64::MAX);
        let pos = if pos_text.is_empty() {
            fallback
        } else if let Ok(p) = pos_text.parse::<i64>() {
            p
        } else {
            errors.push(words.t_with(
                keys::PROBLEM_MENU_POSITION,
                &[("value", Arg::Text(&pos_text))],
            ));
            fallback
        };
        let key = take("key");
        let row = MenuRow {
            key: if key.is_empty() { format!("n{n}") } else { key },
            label: take("label"),
            kind: take("kind"),
            category: take("category"),
            tag: take("tag"),
            page: take("page"),
            url: take("url"),
            parent: take("parent"),
            child: false,
        };
        keyed.push((pos, n, row));
    }
    keyed.sort_by_key(|(pos, n, _)| (*pos, *n));
    let mut rows: Vec<MenuRow> = keyed.into_iter().map(|(_, _, r)| r).collect();
    // Keys must be unique for parents to mean anything.
    let mut seen = BTreeSet::new();
    for (i, r) in rows.iter_mut().enumerate() {
        if !seen.insert(r.key.clone()) {
            r.key = format!("d{i}");
        }
    }
    Ok((rows, errors))
}

/// Applies an add/remove/up/down button to the rows.
/// What the menu form's pressed button asks for (its `op` value: `save`, `automatic`,
/// `add`, `remove:KEY`, `up:KEY`, `down:KEY`). Anything else only shows the form again.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MenuOp {
    Save,
    Automatic,
    Add,
    Remove(String),
    Up(String),
    Down(String),
    Redisplay,
}

impl MenuOp {
    fn parse(op: &str) -> MenuOp {
        let (verb, key) = op.split_once(':').unwrap_or((op, ""));
        let key = key.to_owned();
        match verb {
            "save" if key.is_empty() => MenuOp::Save,
            "automatic" if key.is_empty() => MenuOp::Automatic,
            "add" => MenuOp::Add,
            "remove" => MenuOp::Remove(key),
            "up" => MenuOp::Up(key),
            "down" => MenuOp::Down(key),
            _ => MenuOp::Redisplay,
        }
    }
}

/// Applies an editing button (add, remove, up, down) to the unsaved rows.
fn apply_op(rows: &mut Vec<MenuRow>, op: &MenuOp) {
    match op {
        MenuOp::Add => {
            let mut n = rows.len() + 1;
            while rows.iter().any(|r| r.key == format!("n{n}")) {
                n += 1;
            }
            rows.push(MenuRow {
                key: format!("n{n}"),
                kind: "url".into(),
                ..MenuRow::default()
            });
        }
        MenuOp::Remove(key) => {
            rows.retain(|r| &r.key != key);
            // Its children move up a level rather than vanish.
            for r in rows.iter_mut().filter(|r| &r.parent == key) {
                r.parent.clear();
            }
        }
        MenuOp::Up(key) | MenuOp::Down(key) => {
            let Some(i) = rows.iter().position(|r| &r.key == key) else {
                return;
            };
            let parent = rows[i].parent.clone();
            let sibling = |j: &usize| rows[*j].parent == parent;
            let other = if matches!(op, MenuOp::Up(_)) {
                (0..i).rev().find(sibling)
            } else {
                (i + 1..rows.len()).find(sibling)
            };
            if let Some(j) = other {
                rows.swap(i, j);
            }
        }
        MenuOp::Save | MenuOp::Automatic | MenuOp::Redisplay => {}
    }
}

/// Checks every row and builds the menu; each problem names its row and field.
async fn build_menu(
    app: &AppState,
    words: &Words<'_>,
    rows: &[MenuRow],
    categories: &[Category],
    page_slugs: &[String],
) -> Result<Result<Vec<MenuItem>, Vec<String>>, WebError> {
    let mut errors = Vec::new();
    let tops: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.parent.is_empty())
        .map(|r| r.key.as_str())
        .collect();
    let mut built: Vec<(String, String, MenuItem)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let blank = r.label.is_empty()
            && r.url.is_empty()
            && r.tag.is_empty()
            && r.category.is_empty()
            && r.page.is_empty();
        if blank {
            continue;
        }
        let row = (i + 1) as f64;
        let name = if r.label.is_empty() {
            words.t_with(keys::MENU_ROW, &[("n", Arg::Number(row))])
        } else {
            words.t_with(
                keys::MENU_ROW_LABELLED,
                &[("n", Arg::Number(row)), ("label", Arg::Text(&r.label))],
            )
        };
        // "Row 2 (“News”): " then what is wrong with it.
        let problem =
            |key: &str, args: &[(&str, Arg<'_>)]| format!("{name}: {}", words.t_with(key, args));
        let before = errors.len();
        if r.label.is_empty() {
            errors.push(problem(keys::PROBLEM_MENU_LABEL_EMPTY, &[]));
        } else if r.label.chars().count() > MAX_LABEL {
            errors.push(problem(
                keys::PROBLEM_MENU_LABEL_LONG,
                &[("max", Arg::Number(MAX_LABEL as f64))],
            ));
        }
        if !r.parent.is_empty() {
            if r.parent == r.key {
                errors.push(problem(keys::PROBLEM_MENU_OWN_PARENT, &[]));
            } else if !tops.contains(r.parent.as_str()) {
                errors.push(problem(keys::PROBLEM_MENU_PARENT_NESTED, &[]));
            } else if rows.iter().any(|c| c.parent == r.key) {
                errors.push(problem(keys::PROBLEM_MENU_HAS_CHILDREN, &[]));
            }
        }
        let mut special = false;
        let url = match r.kind.as_str() {
            "category" => {
                if categories.iter().any(|c| c.path == r.category) {
                    gazette_core::urls::category_path(&r.category)
                } else {
                    errors.push(problem(keys::PROBLEM_MENU_CATEGORY, &[]));
                    String::new()
                }
            }
            "tag" => {
                let slug = r.tag.trim_matches('/');
                let slug = slug.strip_prefix("tag/").unwrap_or(slug);
                match app.store.tag_by_slug(slug).await? {
                    Some(tag) => {
                        special = tag.special;
                        gazette_core::urls::tag_path(&tag.slug)
                    }
                    None => {
                        errors.push(problem(
                            keys::PROBLEM_MENU_TAG,
                            &[("value", Arg::Text(&r.tag))],
                        ));
                        String::new()
                    }
                }
            }
            "page" => {
                if page_slugs.contains(&r.page) {
                    gazette_core::urls::page_path(&r.page)
                } else {
                    errors.push(problem(keys::PROBLEM_MENU_PAGE, &[]));
                    String::new()
                }
            }
            "url" => match check_menu_url(&r.url) {
                Ok(()) => r.url.clone(),
                Err(key) => {
                    errors.push(problem(key, &[("value", Arg::Text(&r.url))]));
                    String::new()
                }
            },
            other => {
                errors.push(problem(
                    keys::PROBLEM_MENU_TARGET,
                    &[("value", Arg::Text(other))],
                ));
                String::new()
            }
        };
        if errors.len() == before {
            built.push((
                r.key.clone(),
                r.parent.clone(),
                MenuItem {
                    label: r.label.clone(),
                    url,
                    special,
                    children: Vec::new(),
                },
            ));
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let mut menu: Vec<(String, MenuItem)> = Vec::new();
    for (key, parent, item) in &built {
        if parent.is_empty() {
            menu.push((key.clone(), item.clone()));
        }
    }
    for (_, parent, item) in built.into_iter().filter(|(_, p, _)| !p.is_empty()) {
        if let Some((_, top)) = menu.iter_mut().find(|(k, _)| *k == parent) {
            top.children.push(item);
        }
    }
    Ok(Ok(menu.into_iter().map(|(_, item)| item).collect()))
}

/// Categories (indented by depth) and pages for the selects.
async fn menu_choices(
    app: &AppState,
) -> Result<(Arc<Vec<Category>>, Vec<Choice>, Vec<String>, Vec<Choice>), WebError> {
    let categories = app.store.categories().await?;
    let category_choices = categories
        .iter()
        .map(|c| Choice {
            value: c.path.clone(),
            label: format!("{}{}", "— ".repeat(c.depth()), c.name),
        })
        .collect();
    let pages = app.store.all_pages().await?;
    let slugs = pages.iter().map(|p| p.slug.clone()).collect();
    let page_choices = pages
        .into_iter()
        .map(|p| Choice {
            label: format!("{} (/{}/)", p.title, p.slug),
            value: p.slug,
        })
        .collect();
    Ok((categories, category_choices, slugs, page_choices))
}

struct MenuRender {
    rows: Vec<MenuRow>,
    automatic: bool,
    errors: Vec<String>,
    unsaved: bool,
}

async fn render_menu(
    app: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    notice: Option<String>,
    m: MenuRender,
) -> Result<Response, WebError> {
    let path = "/admin/menu";
    let words = Words::of(app, user).await?;
    let (_, categories, _, pages) = menu_choices(app).await?;
    let rows = display_order(m.rows);
    let parents = rows
        .iter()
        .filter(|r| r.parent.is_empty())
        .map(|r| Choice {
            value: r.key.clone(),
            label: if r.label.is_empty() {
                words.t(keys::MENU_NO_LABEL)
            } else {
                r.label.clone()
            },
        })
        .collect();
    Screen::keyed("admin/menu.html", path, keys::NAV_MENU)
        .render(
            app,
            user,
            status,
            notice,
            MenuPage {
                rows,
                parents,
                categories,
                pages,
                automatic: m.automatic,
                errors: m.errors,
                unsaved: m.unsaved,
            },
        )
        .await
}

/// `GET /admin/menu`
pub(super) async fn menu_page(
    Staff { app, user }: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let loaded = async {
        let settings = app.store.settings().await?;
        let (categories, _, slugs, _) = menu_choices(&app).await?;
        // Without a saved menu the header shows one built from the categories and special
        // topics: start from that.
        let automatic = settings.menu.is_empty();
        let menu = if automatic {
            app.site().await?.menu.clone()
        } else {
            settings.menu
        };
        Ok::<_, WebError>((rows_of(&menu, &categories, &slugs), automatic))
    }
    .await;
    let (rows, automatic) = loaded?;
    let notice = match q.done.as_deref() {
        Some("saved") => Some(keys::NOTICE_MENU_SAVED.to_owned()),
        Some("automatic") => Some(keys::NOTICE_MENU_AUTOMATIC.to_owned()),
        _ => None,
    };
    render_menu(
        &app,
        &user,
        StatusCode::OK,
        notice,
        MenuRender {
            rows,
            automatic,
            errors: Vec::new(),
            unsaved: false,
        },
    )
    .await
}

/// The posted rows shown again, not saved, with what is wrong (400).
async fn refuse(
    app: &AppState,
    user: &CurrentUser,
    rows: Vec<MenuRow>,
    automatic: bool,
    errors: Vec<String>,
) -> Result<Response, WebError> {
    let m = MenuRender {
        rows,
        automatic,
        errors,
        unsaved: true,
    };
    render_menu(app, user, StatusCode::BAD_REQUEST, None, m).await
}

/// `POST /admin/menu`: `op` is `save`, `automatic`, `add`, `remove:KEY`, `up:KEY` or
/// `down:KEY`.
pub(super) async fn menu_post(
    Staff { app, user }: Staff,
    CsrfForm(form): CsrfForm<Fields>,
) -> Result<Response, WebError> {
    let automatic = form.get("automatic") == "1";
    let op = MenuOp::parse(form.get("op"));
    if op == MenuOp::Automatic {
        app.store
            .update_settings(now(), &user.actor(), AuditAction::MenuUpdate, |s| {
                s.menu.clear()
            })
            .await?;
        return changed(&app, "/admin/menu?done=automatic").await;
    }
    let words = Words::of(&app, &user).await?;
    let (mut rows, position_errors) = match posted_rows(&words, &form) {
        Ok(r) => r,
        Err(message) => {
            return Err(WebError::BadRequest(message));
        }
    };
    if !position_errors.is_empty() {
        return refuse(&app, &user, rows, automatic, position_errors).await;
    }
    if op != MenuOp::Save {
        apply_op(&mut rows, &op);
        return render_menu(
            &app,
            &user,
            StatusCode::OK,
            Some(keys::NOTICE_MENU_UNSAVED.to_owned()),
            MenuRender {
                rows,
                automatic,
                errors: Vec::new(),
                unsaved: true,
            },
        )
        .await;
    }
    let built = async {
        let (categories, _, slugs, _) = menu_choices(&app).await?;
        build_menu(&app, &words, &rows, &categories, &slugs).await
    }
    .await;
    let menu = match built {
        Ok(Ok(menu)) => menu,
        Ok(Err(errors)) => {
            return refuse(&app, &user, rows, automatic, errors).await;
        }
        Err(e) => return Err(e),
    };
    if menu.is_empty() {
        return refuse(
            &app,
            &user,
            rows,
            automatic,
            vec![words.t(keys::PROBLEM_MENU_EMPTY)],
        )
        .await;
    }
    app.store
        .update_settings(now(), &user.actor(), AuditAction::MenuUpdate, move |s| {
            s.menu = menu
        })
        .await?;
    changed(&app, "/admin/menu?done=saved").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menu_links_are_site_paths_or_web_addresses() {
        assert!(check_menu_url("/about/").is_ok());
        assert!(check_menu_url("https://example.org/x?y=1").is_ok());
        assert!(check_menu_url("HTTP://example.org").is_ok());
        for bad in [
            "javascript:alert(1)",
            "//evil.example",
            "/a b",
            "https://",
            "data:text/html,x",
            "about",
            "/\"onmouseover",
        ] {
            assert!(check_menu_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn moving_a_row_swaps_it_with_its_sibling() {
        let row = |key: &str, parent: &str| MenuRow {
            key: key.into(),
            parent: parent.into(),
            ..MenuRow::default()
        };
        let mut rows = vec![row("a", ""), row("a1", "a"), row("b", "")];
        apply_op(&mut rows, &MenuOp::parse("up:b"));
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["b", "a1", "a"]);
        apply_op(&mut rows, &MenuOp::parse("remove:a"));
        assert!(rows.iter().all(|r| r.parent.is_empty()));
        apply_op(&mut rows, &MenuOp::parse("add"));
        assert_eq!(rows.len(), 3);
    }
}
