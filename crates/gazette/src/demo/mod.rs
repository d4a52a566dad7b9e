//! `gazette demo`: fills an empty database with a synthetic news digest: categories as a
//! real digest has them, a special topic, five authors, static pages, generated pictures
//! and articles (originals, translations, reprints) over two years.

mod generate;
mod words;

use std::collections::{HashMap, HashSet};

use gazette_core::model::{CreditRole, Kind, MenuItem, SiteSettings, SocialLink, Source, Status};
use gazette_core::slug::slugify;
use gazette_media::MediaStore;
use gazette_store::{NewArticle, NewAuthor, NewCategory, NewMedia, NewPage, NewTag, Store};
use time::{Duration, OffsetDateTime};

use words::*;

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub articles: usize,
    /// Distinct generated pictures, shared among articles as a stock library would be.
    pub images: usize,
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            articles: 300,
            images: 24,
            seed: 2026,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already has content; the demo only fills an empty one")]
    NotEmpty,
    #[error(transparent)]
    Store(#[from] gazette_store::StoreError),
    #[error(transparent)]
    Media(#[from] gazette_media::MediaError),
    #[error(transparent)]
    Stored(#[from] gazette_media::MediaStoreError),
    #[error("picture generation stopped: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// What the demo wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub articles: usize,
    pub visible: usize,
    pub categories: usize,
    pub authors: usize,
    pub images: usize,
}

const ORIGINAL_WIDTH: u32 = 1600;
const ORIGINAL_HEIGHT: u32 = 900;
const BATCH: usize = 250;

/// Fills `store` (which must be empty) and writes pictures into `media`.
/// `progress(done, total)` is called as articles are written.
pub async fn fill(
    store: &Store,
    media: &MediaStore,
    options: &DemoOptions,
    mut progress: impl FnMut(usize, usize),
) -> Result<DemoSummary, DemoError> {
    if !store.is_empty().await? {
        return Err(DemoError::NotEmpty);
    }
    let now = OffsetDateTime::now_utc();
    store.save_settings(&settings()).await?;
    for (slug, title, body) in pages() {
        store
            .create_page(&NewPage {
                slug: slug.into(),
                title: title.into(),
                body_markdown: body,
                modified_at: now,
            })
            .await?;
    }

    let mut category_ids = Vec::new();
    for (position, (slug, name, description, subs)) in CATEGORIES.iter().enumerate() {
        let id = store
            .create_category(&NewCategory {
                parent_id: None,
                slug: (*slug).into(),
                name: (*name).into(),
                description: (*description).into(),
                position: i64::try_from(position).unwrap_or(0),
            })
            .await?;
        category_ids.push(id);
        for (sub_position, (sub_slug, sub_name)) in subs.iter().enumerate() {
            category_ids.push(
                store
                    .create_category(&NewCategory {
                        parent_id: Some(id),
                        slug: (*sub_slug).into(),
                        name: (*sub_name).into(),
                        description: format!("{sub_name} coverage from the {name} desk."),
                        position: i64::try_from(sub_position).unwrap_or(0),
                    })
                    .await?,
            );
        }
    }
    let mut tag_ids = Vec::new();
    for name in TAGS {
        tag_ids.push(
            store
                .create_tag(&NewTag {
                    slug: slugify(name),
                    name: (*name).into(),
                    special: false,
                })
                .await?,
        );
    }
    let special_id = store
        .create_tag(&NewTag {
            slug: SPECIAL_TOPIC.0.into(),
            name: SPECIAL_TOPIC.1.into(),
            special: true,
        })
        .await?;
    let mut author_ids = Vec::new();
    for (slug, name, bio) in AUTHORS {
        author_ids.push(
            store
                .create_author(&NewAuthor {
                    slug: (*slug).into(),
                    name: (*name).into(),
                    bio: (*bio).into(),
                    avatar_url: None,
                })
                .await?,
        );
    }
    let media_ids = pictures(store, media, options).await?;

    let plan = generate::plan(options.articles, media_ids.len(), options.seed);
    let mut used = HashSet::new();
    let mut batch = Vec::with_capacity(BATCH);
    let mut views: Vec<(i64, u64, bool)> = Vec::new();
    let mut planned_views = Vec::new();
    let mut visible = 0;
    for (i, p) in plan.iter().enumerate() {
        let mut slug = slugify(&p.title);
        if slug.is_empty() {
            slug = format!("article-{i}");
        }
        let base = slug.clone();
        let mut n = 2;
        while !used.insert(slug.clone()) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        let published_at = now - Duration::seconds(p.age_seconds);
        let mut tags: Vec<i64> = p.tags.iter().map(|t| tag_ids[*t]).collect();
        if p.special_topic {
            tags.push(special_id);
        }
        let mut credits = vec![(author_ids[p.author], CreditRole::Author)];
        if let Some(t) = p.translator {
            credits.push((author_ids[t], CreditRole::Translator));
        }
        let source = p.outlet.map(|o| {
            let (outlet, domain, lang) = OUTLETS[o];
            Source {
                outlet: outlet.into(),
                url: format!("https://{domain}/{}/{}", published_at.year(), slug),
                language: Some(lang.into()),
                published_at: Some(published_at - Duration::hours(18)),
            }
        });
        if p.status == Status::Published {
            visible += 1;
        }
        // A few pieces were updated some hours after publication.
        let modified_at = if i % 9 == 4 {
            published_at + Duration::hours(5)
        } else {
            published_at
        };
        batch.push(NewArticle {
            slug,
            title: p.title.clone(),
            subtitle: p.subtitle.clone(),
            excerpt: String::new(),
            body_markdown: p.body.clone(),
            status: p.status,
            kind: p.kind,
            language: "en".into(),
            category_id: Some(category_ids[p.category]),
            featured_media_id: p.image.map(|m| media_ids[m]),
            source: source.filter(|_| p.kind != Kind::Original),
            published_at: (p.status != Status::Draft).then_some(published_at),
            modified_at: modified_at.min(now),
            tag_ids: tags,
            credits,
            corrections: p
                .correction
                .iter()
                .map(|c| (modified_at.min(now), c.clone()))
                .collect(),
        });
        planned_views.push((
            p.views,
            p.status == Status::Published,
            p.age_seconds < 8 * 86_400,
        ));
        if batch.len() == BATCH || i + 1 == plan.len() {
            let ids = store.create_articles(&batch).await?;
            for (id, (v, published, recent)) in ids.into_iter().zip(planned_views.drain(..)) {
                if published {
                    views.push((id, v, recent));
                }
            }
            batch.clear();
            progress(i + 1, plan.len());
        }
    }
    seed_views(store, &views, now).await?;
    Ok(DemoSummary {
        articles: plan.len(),
        visible,
        categories: category_ids.len(),
        authors: author_ids.len(),
        images: media_ids.len(),
    })
}

/// Totals for everyone, plus daily counts over the last week for recent pieces so that
/// "most read" has something to rank.
async fn seed_views(
    store: &Store,
    views: &[(i64, u64, bool)],
    now: OffsetDateTime,
) -> Result<(), DemoError> {
    let older: HashMap<i64, u64> = views.iter().filter(|v| !v.2).map(|v| (v.0, v.1)).collect();
    store.add_views(&older, now - Duration::days(30)).await?;
    let recent: Vec<&(i64, u64, bool)> = views.iter().filter(|v| v.2).collect();
    for day in 0..7_u64 {
        let batch: HashMap<i64, u64> = recent
            .iter()
            .map(|v| (v.0, (v.1 / 7).max(1) + day * (v.0 as u64 % 5)))
            .collect();
        store
            .add_views(
                &batch,
                now - Duration::days(i64::try_from(day).unwrap_or(0)),
            )
            .await?;
    }
    Ok(())
}

async fn pictures(
    store: &Store,
    media: &MediaStore,
    options: &DemoOptions,
) -> Result<Vec<i64>, DemoError> {
    let mut ids = Vec::new();
    for n in 0..options.images {
        let key = format!("demo/{n:02}.jpg");
        let seed = options.seed.wrapping_mul(1_000).wrapping_add(n as u64);
        let (files, widths) = tokio::task::spawn_blocking(move || {
            let picture = gazette_media::demo_picture(seed, ORIGINAL_WIDTH, ORIGINAL_HEIGHT);
            gazette_media::jpeg_with_variants(&picture, &key, gazette_web::IMAGE_WIDTHS)
        })
        .await??;
        media.put_all(files).await?;
        let caption = CAPTIONS[n % CAPTIONS.len()];
        ids.push(
            store
                .create_media(&NewMedia {
                    path: format!("demo/{n:02}.jpg"),
                    mime: "image/jpeg".into(),
                    width: ORIGINAL_WIDTH,
                    height: ORIGINAL_HEIGHT,
                    alt: format!(
                        "Illustration: {}",
                        caption.trim_end_matches('.').to_lowercase()
                    ),
                    caption: caption.into(),
                    credit: "Gazette demo illustration".into(),
                    variant_widths: widths,
                })
                .await?,
        );
    }
    Ok(ids)
}

fn settings() -> SiteSettings {
    SiteSettings {
        name: "The Meridian Digest".into(),
        tagline: "Regional reporting, translations and reprints, every morning".into(),
        about: "The Meridian Digest is an independent newsroom. We publish our own reporting next to \
                careful translations of the best journalism from our neighbours, always with a link \
                to the original."
            .into(),
        contact_email: "newsroom@meridian.example".into(),
        language: "en".into(),
        social: vec![
            SocialLink { name: "Mastodon".into(), url: "https://mastodon.example/@meridian".into() },
            SocialLink { name: "Telegram".into(), url: "https://t.example/meridiandigest".into() },
            SocialLink { name: "YouTube".into(), url: "https://video.example/@meridian".into() },
        ],
        // Empty: the menu follows the categories and special topics.
        menu: Vec::<MenuItem>::new(),
        ..SiteSettings::default()
    }
}

fn pages() -> Vec<(&'static str, &'static str, String)> {
    vec![
        (
            "about",
            "About us",
            "The Meridian Digest is a demo newsroom generated by Gazette. \
            Everything you read here is synthetic: the places, outlets and people are invented.\n\n\
            ## What we publish\n\nOur own reporting, translations of pieces from partner outlets, \
            and reprints with permission. Every translation and reprint links to its original."
                .to_owned(),
        ),
        (
            "privacy",
            "Privacy policy",
            "We count page views without cookies and without storing \
            addresses. The only cookie we set remembers your answer to the cookie notice.\n\n\
            Email addresses given for the daily digest are used for nothing else."
                .to_owned(),
        ),
        (
            "terms",
            "Terms of use",
            "Articles are © their authors and outlets. Quote with a link; \
            ask before republishing in full."
                .to_owned(),
        ),
        (
            "cookies",
            "Cookie policy",
            "We set one cookie, `gazette_consent`, which stores your answer \
            to the cookie notice for a year. We use no advertising or tracking cookies."
                .to_owned(),
        ),
        (
            "contact",
            "Contact",
            "Write to newsroom@meridian.example. For corrections, name the article \
            and what is wrong; we publish every correction with its date."
                .to_owned(),
        ),
    ]
}
