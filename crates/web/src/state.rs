//! What every handler shares: the store, the theme, the view counter and the site chrome
//! (settings, menu) that almost every page shows.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64};
use std::time::{Duration, Instant};

use gazette_core::model::{Category, MenuItem, SiteSettings, SocialLink};
use gazette_search::Index;
use gazette_store::Store;
use serde::Serialize;
use tokio::sync::RwLock;

use crate::cache::PageCache;
use crate::counter::ViewCounter;
use crate::theme::Theme;
use crate::view::{category_url, tag_url};

/// Settings the web layer needs from the configuration.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Absolute URL of the site without a trailing slash, e.g. `https://news.example`.
    pub base_url: String,
    /// Where uploaded and generated media live (a directory or a bucket).
    pub media: gazette_media::MediaStore,
    /// Public URL pictures are linked at instead of `{base_url}/media` (a CDN), without a
    /// trailing slash; empty for the site's own `/media/`.
    pub media_url: String,
    /// Memory budget of the page cache, in bytes.
    pub page_cache_bytes: u64,
    /// Reverse proxies whose `X-Forwarded-For` names the client (empty: none).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Largest request body accepted on the upload routes (see `crate::limits`), in bytes.
    pub max_upload_bytes: usize,
    /// Whether fetches from the newsroom (the desk's feed discovery) may reach private
    /// addresses (`fetch_allow_private`).
    pub fetch_allow_private: bool,
}

/// The parts of every page that come from settings: name, menu, footer.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub name: String,
    pub tagline: String,
    pub about: String,
    pub contact_email: String,
    pub base_url: String,
    pub language: String,
    /// Every language the site publishes in, the main one first, with its edition's home.
    pub languages: Vec<LanguageView>,
    pub logo_alt: String,
    pub social: Vec<SocialLink>,
    pub menu: Vec<MenuItem>,
    pub legal: Vec<LegalLink>,
    pub sign_in_url: String,
    /// The picture of social previews for pages and articles without their own: the one
    /// chosen in the settings, else the theme's `social.png`.
    pub social_image: Option<crate::seo::MetaImage>,
}

/// One language of the site: its code, its name in itself, its edition's home page.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageView {
    pub code: String,
    pub name: String,
    pub home: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LegalLink {
    /// The catalogue keys of its name as a heading ("Privacy") and within a sentence.
    pub label: &'static str,
    pub inline: &'static str,
    pub url: String,
}

/// How long the site chrome is reused before it is read again.
const CHROME_TTL: Duration = Duration::from_secs(2);

pub struct AppState {
    pub store: Store,
    /// The full-text index, kept in step with the change log by the binary's follower.
    pub search: Arc<Index>,
    /// True while the index is being rebuilt, so results may be incomplete.
    pub search_rebuilding: AtomicBool,
    /// The highest change id the index has applied (-1 before the follower starts), for
    /// the index lag in metrics (approximate: changes are applied in commit order, not id
    /// order).
    pub search_applied: AtomicI64,
    /// Set once the follower has reached the end of the change log since start: until
    /// then searches may miss articles, and `/readyz` says not ready.
    pub search_caught_up: AtomicBool,
    pub theme: Theme,
    pub views: ViewCounter,
    pub cache: PageCache,
    pub config: WebConfig,
    /// Sends account mail (resets, invitations).
    pub mailer: Arc<gazette_mail::Mailer>,
    chrome: RwLock<Option<(Instant, Arc<SiteView>)>>,
    /// The key that signs the digest's links, read (or made) once from the database.
    digest_key: tokio::sync::OnceCell<Vec<u8>>,
}

impl AppState {
    pub fn new(
        store: Store,
        search: Arc<Index>,
        theme: Theme,
        config: WebConfig,
        mailer: Arc<gazette_mail::Mailer>,
    ) -> Arc<AppState> {
        Arc::new(AppState {
            store,
            search,
            search_rebuilding: AtomicBool::new(false),
            search_applied: AtomicI64::new(-1),
            search_caught_up: AtomicBool::new(false),
            theme,
            views: ViewCounter::default(),
            cache: PageCache::new(
                config.page_cache_bytes,
                crate::headers::fixed(&config.base_url),
            ),
            config,
            mailer,
            chrome: RwLock::new(None),
            digest_key: tokio::sync::OnceCell::new(),
        })
    }

    /// A rendered page, feed or sitemap with its picture links at `media_url` when one is
    /// set.
    pub(crate) fn with_media_url(&self, document: String) -> String {
        match crate::media_links::to_media_url(
            &document,
            &self.config.base_url,
            &self.config.media_url,
        ) {
            std::borrow::Cow::Borrowed(_) => document,
            std::borrow::Cow::Owned(rewritten) => rewritten,
        }
    }

    /// Forgets everything derived from content: called by the change follower.
    pub async fn invalidate(&self) {
        self.cache.invalidate_all();
        self.store.forget_cached();
        *self.chrome.write().await = None;
    }

    fn default_social_image(&self, site: &SiteView) -> Option<crate::seo::MetaImage> {
        const NAME: &str = "social.png";
        let (width, height) = self.theme.assets.png_size(NAME)?;
        Some(crate::seo::MetaImage {
            url: crate::seo::absolute(site, &self.theme.assets.url(NAME)?),
            width,
            height,
            alt: site.name.clone(),
        })
    }

    /// The digest's signing key (see `gazette_core::digest::token`): stored in the
    /// database so every node signs alike, made on first use.
    pub async fn digest_key(&self) -> Result<Vec<u8>, crate::error::WebError> {
        self.digest_key
            .get_or_try_init(|| async {
                let candidate = crate::auth::new_token()?;
                Ok(self.store.signing_key(&candidate).await?.into_bytes())
            })
            .await
            .cloned()
    }

    /// The site chrome, read from the database at most every [`CHROME_TTL`].
    pub async fn site(&self) -> Result<Arc<SiteView>, gazette_store::StoreError> {
        if let Some((at, site)) = self.chrome.read().await.as_ref()
            && at.elapsed() < CHROME_TTL
        {
            return Ok(Arc::clone(site));
        }
        let settings = self.store.settings().await?;
        let categories = self.store.categories().await?;
        let special = self.store.special_tags().await?;
        let menu = if settings.menu.is_empty() {
            menu_from(&categories, &special)
        } else {
            with_special_topics(settings.menu.clone(), &special)
        };
        let mut site = site_view(&settings, menu, &self.config.base_url);
        let chosen = match settings.social_media_id {
            Some(id) => self.store.media_by_id(id).await?,
            None => None,
        };
        // A chosen picture deleted since falls back to the theme's.
        site.social_image = chosen
            .map(|m| crate::seo::MetaImage::of_media(&site, &m))
            .or_else(|| self.default_social_image(&site));
        let site = Arc::new(site);
        *self.chrome.write().await = Some((Instant::now(), Arc::clone(&site)));
        Ok(site)
    }
}

fn site_view(s: &SiteSettings, menu: Vec<MenuItem>, base_url: &str) -> SiteView {
    use crate::i18n::keys;
    let legal = [
        (
            (keys::LEGAL_PRIVACY, keys::LEGAL_PRIVACY_INLINE),
            &s.privacy_page,
        ),
        ((keys::LEGAL_TERMS, keys::LEGAL_TERMS_INLINE), &s.terms_page),
        (
            (keys::LEGAL_COOKIES, keys::LEGAL_COOKIES_INLINE),
            &s.cookies_page,
        ),
    ]
    .into_iter()
    .filter(|(_, slug)| !slug.is_empty())
    .map(|((label, inline), slug)| LegalLink {
        label,
        inline,
        url: gazette_core::urls::page_path(slug),
    })
    .collect();
    SiteView {
        name: s.name.clone(),
        tagline: s.tagline.clone(),
        about: s.about.clone(),
        contact_email: s.contact_email.clone(),
        base_url: base_url.to_owned(),
        language: s.language.clone(),
        languages: s
            .all_languages()
            .into_iter()
            .map(|code| LanguageView {
                name: gazette_core::lang::native_name(&code),
                home: gazette_core::urls::in_edition(
                    &gazette_core::urls::edition_prefix(&code, &s.language),
                    "/",
                ),
                code,
            })
            .collect(),
        logo_alt: format!("{} home", s.name),
        social: s.social.clone(),
        menu,
        legal,
        sign_in_url: "/account/sign-in".to_owned(),
        social_image: None,
    }
}

/// A saved menu's links to tags show as special topics exactly while those tags are marked
/// so (the flag can change after the menu was saved).
fn with_special_topics(
    mut menu: Vec<MenuItem>,
    special: &[gazette_core::model::Tag],
) -> Vec<MenuItem> {
    fn mark(item: &mut MenuItem, special: &[gazette_core::model::Tag]) {
        item.special = special.iter().any(|t| tag_url(t) == item.url);
        for child in &mut item.children {
            mark(child, special);
        }
    }
    for item in &mut menu {
        mark(item, special);
    }
    menu
}

/// Without a menu in the settings: each top-level category with its children, then the
/// special-topic tags.
fn menu_from(categories: &[Category], special: &[gazette_core::model::Tag]) -> Vec<MenuItem> {
    let mut menu: Vec<MenuItem> = categories
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(|top| MenuItem {
            label: top.name.clone(),
            url: category_url(top),
            special: false,
            children: categories
                .iter()
                .filter(|c| c.parent_id == Some(top.id))
                .map(|c| MenuItem {
                    label: c.name.clone(),
                    url: category_url(c),
                    special: false,
                    children: Vec::new(),
                })
                .collect(),
        })
        .collect();
    menu.extend(special.iter().map(|t| MenuItem {
        label: t.name.clone(),
        url: tag_url(t),
        special: true,
        children: Vec::new(),
    }));
    menu
}
