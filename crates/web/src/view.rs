//! View models: what templates receive. Shapes are documented for theme authors in
//! `themes/default/README.md`; keep the two in step.

use gazette_core::format::{human_date, iso8601};
use gazette_core::model::{Article, ArticleSummary, Author, Category, Media, Tag};
use gazette_core::text::short_count;
use gazette_core::urls;
use serde::Serialize;

/// Widths of the featured-image variants the default theme declares.
pub const IMAGE_WIDTHS: &[u32] = &[480, 720, 960, 1440];

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub name: String,
    pub url: String,
}

impl Link {
    /// The first crumb of every breadcrumb trail.
    pub fn home() -> Link {
        Link {
            name: "Home".into(),
            url: "/".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Image {
    pub src: String,
    pub srcset: String,
    /// The WebP variants as a srcset, empty when the picture has none.
    pub webp_srcset: String,
    pub sizes: &'static str,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub id: i64,
    pub url: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub excerpt: String,
    pub kind: &'static str,
    /// The article's language, for its title's and excerpt's `lang`.
    pub language: String,
    pub category: Option<Link>,
    pub author: Option<Link>,
    pub published: String,
    pub published_iso: String,
    pub image: Option<Image>,
    pub reading_minutes: u32,
    /// The view count; templates write it in the reader's language (`short_count`).
    pub views: u64,
    pub views_short: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub page: u64,
    pub total_pages: u64,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
}

pub fn article_url(slug: &str) -> String {
    urls::article_path(slug)
}

pub fn category_url(c: &Category) -> String {
    urls::category_path(&c.path)
}

pub fn tag_url(t: &Tag) -> String {
    urls::tag_path(&t.slug)
}

pub fn author_url(a: &Author) -> String {
    urls::author_path(&a.slug)
}

pub fn category_link(c: &Category) -> Link {
    Link {
        name: c.name.clone(),
        url: category_url(c),
    }
}

pub fn tag_link(t: &Tag) -> Link {
    Link {
        name: t.name.clone(),
        url: tag_url(t),
    }
}

pub fn author_link(a: &Author) -> Link {
    Link {
        name: a.name.clone(),
        url: author_url(a),
    }
}

pub fn media_url(m: &Media, width: u32) -> String {
    format!("/media/{}", m.variant_path(width))
}

/// `sizes` tells the browser how wide the picture is drawn: full width on phones, the
/// column or card width on larger screens.
pub fn image(m: &Media, sizes: &'static str) -> Image {
    let widths: Vec<u32> = m
        .variant_widths
        .iter()
        .copied()
        .filter(|w| IMAGE_WIDTHS.contains(w))
        .collect();
    let srcset = widths
        .iter()
        .map(|w| format!("{} {w}w", media_url(m, *w)))
        .collect::<Vec<_>>()
        .join(", ");
    let webp_srcset = m
        .webp_widths
        .iter()
        .filter(|w| IMAGE_WIDTHS.contains(w))
        .map(|w| format!("/media/{} {w}w", m.webp_variant_path(*w)))
        .collect::<Vec<_>>()
        .join(", ");
    // The default `src` is a mid-sized variant, for browsers that ignore srcset.
    let src_width = widths
        .iter()
        .copied()
        .find(|w| *w >= 960)
        .or(widths.last().copied())
        .unwrap_or(0);
    Image {
        src: media_url(m, src_width),
        srcset,
        webp_srcset,
        sizes,
        width: m.width,
        height: m.height,
        alt: m.alt.clone(),
        caption: m.caption.clone(),
        credit: m.credit.clone(),
    }
}

pub const CARD_SIZES: &str = "(min-width: 1100px) 340px, (min-width: 700px) 45vw, 100vw";
/// An article's picture: its column on a desktop; on a phone the screen less the page's 1rem
/// margins, so that a phone at 412 px and 1.75 dppx gets the 720 px variant, not the 960 one.
pub const LEAD_SIZES: &str = "(min-width: 1100px) 760px, calc(100vw - 2rem)";

pub fn card(s: &ArticleSummary) -> Card {
    Card {
        id: s.id,
        url: article_url(&s.slug),
        title: s.title.clone(),
        subtitle: s.subtitle.clone(),
        excerpt: s.excerpt.clone(),
        kind: s.kind.as_str(),
        language: s.language.clone(),
        category: s.category.as_ref().map(category_link),
        author: s.author.as_ref().map(author_link),
        published: human_date(s.published_at),
        published_iso: iso8601(s.published_at),
        image: s.featured.as_ref().map(|m| image(m, CARD_SIZES)),
        reading_minutes: s.reading_minutes,
        views: s.views,
        views_short: short_count(s.views),
    }
}

pub fn cards(list: &[ArticleSummary]) -> Vec<Card> {
    list.iter().map(card).collect()
}

/// The card fields of a full article, for the article page.
pub fn article_card(a: &Article) -> Card {
    let published = a.published_at.unwrap_or(a.modified_at);
    Card {
        id: a.id,
        url: article_url(&a.slug),
        title: a.title.clone(),
        subtitle: a.subtitle.clone(),
        excerpt: a.excerpt.clone(),
        kind: a.kind.as_str(),
        language: a.language.clone(),
        category: a.category.as_ref().map(category_link),
        author: a.authors().next().map(author_link),
        published: human_date(published),
        published_iso: iso8601(published),
        image: a.featured.as_ref().map(|m| image(m, LEAD_SIZES)),
        reading_minutes: a.reading_minutes,
        views: a.views,
        views_short: short_count(a.views),
    }
}

/// Links for `page=N` navigation; `base` is the list's path, with its own query if any.
pub fn pagination(base: &str, page: u64, total_items: u64, per_page: u64) -> Pagination {
    let total_pages = total_items.div_ceil(per_page.max(1)).max(1);
    let url = |n: u64| {
        if n == 1 {
            base.to_owned()
        } else {
            let joiner = if base.contains('?') { '&' } else { '?' };
            format!("{base}{joiner}page={n}")
        }
    };
    Pagination {
        page,
        total_pages,
        prev_url: (page > 1).then(|| url(page - 1)),
        next_url: (page < total_pages).then(|| url(page + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::Theme;

    fn media(variant_widths: Vec<u32>, webp_widths: Vec<u32>) -> Media {
        Media {
            id: 1,
            path: "uploads/2026/11/ab-harbour.png".into(),
            mime: "image/png".into(),
            width: 2000,
            height: 1000,
            alt: "Boats at dawn".into(),
            caption: String::new(),
            credit: String::new(),
            variant_widths,
            webp_widths,
        }
    }

    /// Renders the theme's `image` macro for `img` through a probe template on disk.
    fn render(img: &Image, tag: &str) -> String {
        let dir = std::env::temp_dir().join(format!("gazette-view-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("templates")).unwrap();
        std::fs::write(
            dir.join("templates/probe.html"),
            r#"{% import "macros.html" as m %}{{ m.image(img) }}"#,
        )
        .unwrap();
        let theme = Theme::load(Some(&dir)).unwrap();
        let html = theme
            .render("probe.html", &serde_json::json!({ "img": img }))
            .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        html
    }

    #[test]
    fn webp_variants_become_a_picture_source_before_the_img() {
        let img = image(&media(vec![480, 960], vec![480, 960, 1200]), LEAD_SIZES);
        assert_eq!(
            img.webp_srcset,
            "/media/uploads/2026/11/ab-harbour-480.webp 480w, \
             /media/uploads/2026/11/ab-harbour-960.webp 960w"
        );
        let html = render(&img, "webp");
        assert!(
            html.starts_with(
                "<picture><source type=\"image/webp\" srcset=\"/media/uploads/2026/11/ab-harbour-480.webp 480w, "
            ),
            "{html}"
        );
        assert!(
            html.contains(&format!(
                "sizes=\"{LEAD_SIZES}\"><img src=\"/media/uploads/2026/11/ab-harbour-960.png\""
            )),
            "{html}"
        );
        assert!(
            html.contains("srcset=\"/media/uploads/2026/11/ab-harbour-480.png 480w"),
            "{html}"
        );
        assert!(html.ends_with("decoding=\"async\"></picture>"), "{html}");
    }

    #[test]
    fn media_without_webp_variants_keep_a_plain_img() {
        let img = image(&media(vec![480, 960], Vec::new()), CARD_SIZES);
        assert_eq!(img.webp_srcset, "");
        let html = render(&img, "plain");
        assert!(
            html.starts_with("<img src=\"/media/uploads/2026/11/ab-harbour-960.png\""),
            "{html}"
        );
        assert!(
            !html.contains("picture") && !html.contains("webp"),
            "{html}"
        );
    }
}
