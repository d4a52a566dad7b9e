//! The theme: minijinja templates and static assets, embedded in the binary from
//! `themes/default/`, each replaceable by a file of the same name in the configured theme
//! directory. Templates from that directory are reloaded when they change on disk, so a
//! theme can be edited without a restart; assets are hashed once at start-up.

mod assets;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use minijinja::{AutoEscape, Environment, TemplateSource, UndefinedBehavior};
use serde::Serialize;

pub use assets::{Asset, Assets};

#[derive(rust_embed::RustEmbed)]
#[folder = "../../themes/default/"]
#[include = "templates/*"]
#[include = "assets/*"]
#[include = "locales/*"]
pub(crate) struct Embedded;

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("cannot read the theme file {0}: {1}")]
    Read(PathBuf, #[source] std::io::Error),
    #[error("theme template error: {0:#}")]
    Template(#[from] minijinja::Error),
    #[error(transparent)]
    Catalogue(#[from] crate::i18n::I18nError),
}

pub struct Theme {
    env: Environment<'static>,
    pub assets: Arc<Assets>,
    /// The interface languages' messages, for Rust code that puts words on a page.
    pub catalogues: Arc<crate::i18n::Catalogues>,
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Escapes strings for HTML without minijinja's `/` → `&#x2f;`, which is not needed in
/// quoted attributes or text and would add kilobytes of entities to every page.
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    match (state.auto_escape(), value.as_str()) {
        (AutoEscape::Html, Some(text)) if !value.is_safe() => {
            let mut escaped = String::with_capacity(text.len() + 8);
            for c in text.chars() {
                match c {
                    '&' => escaped.push_str("&amp;"),
                    '<' => escaped.push_str("&lt;"),
                    '>' => escaped.push_str("&gt;"),
                    '"' => escaped.push_str("&quot;"),
                    '\'' => escaped.push_str("&#39;"),
                    _ => escaped.push(c),
                }
            }
            out.write_str(&escaped).map_err(|e| {
                minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write the page")
                    .with_source(e)
            })
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// `dir/templates/name`, unless the name could leave that directory.
fn override_path(dir: Option<&Path>, name: &str) -> Option<PathBuf> {
    let safe = !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    dir.filter(|_| safe).map(|d| d.join("templates").join(name))
}

fn load_template(
    dir: Option<&Path>,
    name: &str,
) -> Result<Option<TemplateSource>, minijinja::Error> {
    let from_dir = override_path(dir, name);
    if let Some(path) = from_dir.filter(|p| p.is_file()) {
        let source = std::fs::read_to_string(&path).map_err(|e| {
            minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("cannot read theme template {}", path.display()),
            )
            .with_source(e)
        })?;
        let seen = modified(&path);
        return Ok(Some(
            TemplateSource::new(source).with_uptodate_check(move || modified(&path) == seen),
        ));
    }
    let Some(file) = Embedded::get(&format!("templates/{name}")) else {
        return Ok(None);
    };
    let source = String::from_utf8_lossy(&file.data).into_owned();
    // An embedded template is stale once an override for it appears on disk.
    let watch = override_path(dir, name);
    Ok(Some(TemplateSource::new(source).with_uptodate_check(
        move || watch.as_ref().is_none_or(|p| !p.is_file()),
    )))
}

impl Theme {
    /// Loads the embedded theme, overridden by files in `override_dir` when given.
    pub fn load(override_dir: Option<&Path>) -> Result<Theme, ThemeError> {
        let assets = Arc::new(Assets::load(override_dir)?);
        let catalogues = Arc::new(crate::i18n::Catalogues::load(override_dir)?);
        let mut env = Environment::new();
        // A misspelt variable or a field the view model lacks fails the render (and the test
        // that renders it) instead of printing nothing; `{% if x %}` may still test a
        // value that is absent.
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".xml") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(html_formatter);
        let dir = override_dir.map(Path::to_path_buf);
        env.set_loader(move |name| load_template(dir.as_deref(), name));
        let for_fn = Arc::clone(&assets);
        env.add_function(
            "asset",
            move |name: String| -> Result<String, minijinja::Error> {
                for_fn.url(&name).ok_or_else(|| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("the theme has no asset named `{name}`"),
                    )
                })
            },
        );
        crate::i18n::register(&mut env, Arc::clone(&catalogues));
        let theme = Theme {
            env,
            assets,
            catalogues,
        };
        // Fail at start-up, not on the first reader, if a template does not compile: every
        // embedded template, each in its overridden form when the theme directory has one.
        for path in Embedded::iter() {
            if let Some(name) = path.strip_prefix("templates/") {
                theme.env.get_template(name)?;
            }
        }
        Ok(theme)
    }

    pub fn render<S: Serialize>(&self, name: &str, context: &S) -> Result<String, ThemeError> {
        let template = self.env.get_template(name)?;
        Ok(template.render(minijinja::Value::from(minijinja::value::Serde(context)))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A theme whose `page.html` is replaced by `source`, rendered with `context`.
    fn render_override(source: &str, context: serde_json::Value) -> Result<String, ThemeError> {
        let dir = std::env::temp_dir().join(format!(
            "gazette-theme-test-{}-{}",
            std::process::id(),
            source.len()
        ));
        std::fs::create_dir_all(dir.join("templates")).unwrap();
        std::fs::write(dir.join("templates/page.html"), source).unwrap();
        let out = Theme::load(Some(&dir)).and_then(|t| t.render("page.html", &context));
        let _ = std::fs::remove_dir_all(&dir);
        out
    }

    #[test]
    fn a_misspelt_variable_fails_the_render_instead_of_printing_nothing() {
        let ctx = serde_json::json!({"page": {"title": "About"}});
        let ok = render_override("<h1>{{ page.title }}</h1>", ctx.clone()).unwrap();
        assert_eq!(ok, "<h1>About</h1>");
        let err = render_override("<h1>{{ page.titel }}</h1>", ctx.clone()).unwrap_err();
        assert!(err.to_string().contains("undefined"), "{err}");
        // An optional value may still be tested for presence.
        let ok = render_override("{% if page.subtitle %}x{% endif %}ok", ctx).unwrap();
        assert_eq!(ok, "ok");
    }
}
