//! `/digest/` and `/digest/{date}/`: every edition that went out, on the web, with the same
//! items as the mail (all sections) and the editors' note.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use gazette_core::lang::language_name;
use gazette_mail::digest::PICKS_HEADING;
use gazette_store::Edition;
use serde::Serialize;

use crate::error::WebError;
use crate::routes::render;
use crate::seo::Meta;
use crate::state::AppState;

/// Editions listed on `/digest/`.
const ARCHIVE_SIZE: i64 = 120;

#[derive(Serialize)]
struct EditionLink {
    date: String,
    url: String,
    language: String,
    frequency: &'static str,
    items: usize,
}

#[derive(Serialize)]
struct Group {
    heading: String,
    items: Vec<gazette_core::digest::compose::Item>,
}

#[derive(Serialize)]
struct EditionView {
    language: String,
    language_name: String,
    frequency: &'static str,
    note: String,
    groups: Vec<Group>,
}

/// `/digest/{date}/`
pub fn edition_path(date: &str) -> String {
    format!("/digest/{date}/")
}

/// `GET /digest/`
pub async fn archive(State(app): State<Arc<AppState>>) -> Result<Response, WebError> {
    let site = app.site().await?;
    let editions = app.store.published_editions(ARCHIVE_SIZE).await?;
    let links: Vec<EditionLink> = editions
        .iter()
        .map(|e| EditionLink {
            url: edition_path(&e.date),
            date: e.date.clone(),
            language: language_name(&e.language).unwrap_or(&e.language).to_owned(),
            frequency: e.frequency.as_str(),
            items: e.items.len(),
        })
        .collect();
    let meta = Meta::page(
        &site,
        "Digest archive",
        &format!("Every {} digest that went out.", site.name),
        "/digest/",
    );
    render(
        &app,
        "digest/archive.html",
        "/digest/",
        meta,
        serde_json::json!({ "editions": links }),
    )
    .await
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn view(e: &Edition) -> EditionView {
    let mut groups: Vec<Group> = Vec::new();
    for item in &e.items {
        let heading = if item.pick {
            PICKS_HEADING.to_owned()
        } else {
            item.section_name.clone()
        };
        match groups.last_mut() {
            Some(g) if g.heading == heading => g.items.push(item.clone()),
            _ => groups.push(Group {
                heading,
                items: vec![item.clone()],
            }),
        }
    }
    EditionView {
        language: e.language.clone(),
        language_name: language_name(&e.language).unwrap_or(&e.language).to_owned(),
        frequency: e.frequency.as_str(),
        note: e.note.clone(),
        groups,
    }
}

/// `GET /digest/{date}/`
pub async fn edition_page(
    State(app): State<Arc<AppState>>,
    Path(date): Path<String>,
) -> Result<Response, WebError> {
    if !is_date(&date) {
        return Err(WebError::NotFound);
    }
    let editions: Vec<EditionView> = app
        .store
        .editions_of(&date)
        .await?
        .iter()
        .filter(|e| {
            matches!(
                e.status,
                gazette_store::EditionStatus::Sending | gazette_store::EditionStatus::Sent
            )
        })
        .map(view)
        .collect();
    if editions.is_empty() {
        return Err(WebError::NotFound);
    }
    let site = app.site().await?;
    let path = edition_path(&date);
    let meta = Meta::page(
        &site,
        &format!("Digest of {date}"),
        &format!("{}: the digest of {date}.", site.name),
        &path,
    );
    render(
        &app,
        "digest/edition.html",
        &path,
        meta,
        serde_json::json!({ "date": date, "editions": editions }),
    )
    .await
}
