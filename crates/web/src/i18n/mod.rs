//! Interface languages: every string the reader's site and the newsroom show comes from
//! Fluent catalogues in the theme (`locales/{en,az,ru,tr}/*.ftl`), embedded like its
//! templates; a theme directory's catalogue is layered over the default's, so a theme can
//! change any message without copying the rest. Templates call `t("key", n=3)`; Rust code
//! that puts words on a page (notices, error pages) goes through [`Catalogues::text`] with
//! the key constants of [`keys`].
//!
//! A language without a catalogue is shown in the site's default language, and a message
//! missing from a catalogue in English; a message missing from English too fails the
//! render (and the catalogue test), so a typo in a key never ships a blank label.
//! Numbers in messages are written with the language's separators ([`gazette_core::locale`]);
//! plural forms are Fluent's (CLDR rules: Russian one/few/many/other).

pub mod keys;
mod keys_messages;
mod template;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

pub use template::register;

/// The language every catalogue falls back to, and whose catalogue must be complete.
pub const FALLBACK: &str = "en";

#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error(
        "the catalogue {file} has a Fluent syntax error near line {line}: {what}; fix the line or remove the file"
    )]
    Syntax {
        file: String,
        line: usize,
        what: String,
    },
    #[error("cannot read the catalogue {0}: {1}")]
    Read(PathBuf, #[source] std::io::Error),
    #[error("the catalogue folder `{0}` is not a language code like `az` or `pt-BR`; rename it")]
    BadLanguage(String),
    #[error("the catalogue {file} defines `{key}` twice; keep one")]
    Duplicate { file: String, key: String },
}

/// One catalogue file: which language, which file, what it says.
pub struct Source {
    pub lang: String,
    pub file: String,
    pub text: String,
}

/// All interface languages' messages.
pub struct Catalogues {
    bundles: BTreeMap<String, FluentBundle<FluentResource>>,
    default: String,
}

/// The theme's catalogue files: the embedded default's, then those of `dir` (the theme
/// directory) which override them message by message.
pub fn theme_sources(dir: Option<&Path>) -> Result<(Vec<Source>, Vec<Source>), I18nError> {
    let mut embedded = Vec::new();
    for path in crate::theme::Embedded::iter() {
        let Some(rest) = path.strip_prefix("locales/") else {
            continue;
        };
        let Some((lang, file)) = rest.split_once('/') else {
            continue;
        };
        if !file.ends_with(".ftl") {
            continue;
        }
        if let Some(data) = crate::theme::Embedded::get(&path) {
            embedded.push(Source {
                lang: lang.to_owned(),
                file: format!("locales/{rest}"),
                text: String::from_utf8_lossy(&data.data).into_owned(),
            });
        }
    }
    let mut overrides = Vec::new();
    if let Some(root) = dir.map(|d| d.join("locales")).filter(|d| d.is_dir()) {
        let langs = std::fs::read_dir(&root).map_err(|e| I18nError::Read(root.clone(), e))?;
        let mut langs: Vec<PathBuf> = langs
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        langs.sort();
        for lang_dir in langs {
            let lang = lang_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let files =
                std::fs::read_dir(&lang_dir).map_err(|e| I18nError::Read(lang_dir.clone(), e))?;
            let mut files: Vec<PathBuf> = files
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
                .collect();
            files.sort();
            for file in files {
                let text =
                    std::fs::read_to_string(&file).map_err(|e| I18nError::Read(file.clone(), e))?;
                overrides.push(Source {
                    lang: lang.clone(),
                    file: file.display().to_string(),
                    text,
                });
            }
        }
    }
    Ok((embedded, overrides))
}

fn line_of(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |t| t.matches('\n').count()) + 1
}

/// Parses one file, refusing any syntax error (Fluent would otherwise skip the entry).
pub fn parse(source: &Source) -> Result<FluentResource, I18nError> {
    FluentResource::try_new(source.text.clone()).map_err(|(_, errors)| {
        let first = errors.first();
        I18nError::Syntax {
            file: source.file.clone(),
            line: first.map_or(1, |e| line_of(&source.text, e.pos.start)),
            what: first.map_or_else(|| "unreadable".to_owned(), |e| e.kind.to_string()),
        }
    })
}

/// Writes Fluent numbers the way each language does (1,5 in az/ru/tr).
macro_rules! number_formatter {
    ($name:ident, $lang:literal) => {
        fn $name<M>(value: &FluentValue, _: &M) -> Option<String> {
            match value {
                FluentValue::Number(n) => {
                    let decimals = n
                        .options
                        .maximum_fraction_digits
                        .unwrap_or(if n.value.fract() == 0.0 { 0 } else { 1 });
                    Some(gazette_core::locale::decimal($lang, n.value, decimals))
                }
                _ => None,
            }
        }
    };
}
number_formatter!(numbers_en, "en");
number_formatter!(numbers_az, "az");
number_formatter!(numbers_ru, "ru");
number_formatter!(numbers_tr, "tr");

fn new_bundle(lang: &str) -> Result<FluentBundle<FluentResource>, I18nError> {
    let id: LanguageIdentifier = lang
        .parse()
        .map_err(|_| I18nError::BadLanguage(lang.to_owned()))?;
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Pages are HTML with their own `lang` and `dir`: no invisible isolation marks.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match gazette_core::lang::primary(lang).as_str() {
        "az" => numbers_az,
        "ru" => numbers_ru,
        "tr" => numbers_tr,
        _ => numbers_en,
    }));
    Ok(bundle)
}

/// The bundle of `lang` among `bundles`, added empty the first time a catalogue of that
/// language is read (embedded and theme catalogues alike).
fn bundle_of<'a>(
    bundles: &'a mut BTreeMap<String, FluentBundle<FluentResource>>,
    lang: &str,
) -> Result<&'a mut FluentBundle<FluentResource>, I18nError> {
    Ok(match bundles.entry(lang.to_owned()) {
        std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::btree_map::Entry::Vacant(e) => e.insert(new_bundle(lang)?),
    })
}

impl Catalogues {
    /// Builds the bundles from the default catalogue files and a theme's overrides, with
    /// `default` (the site's main language) for languages that have none.
    pub fn build(embedded: &[Source], overrides: &[Source]) -> Result<Catalogues, I18nError> {
        let mut bundles: BTreeMap<String, FluentBundle<FluentResource>> = BTreeMap::new();
        for source in embedded {
            let resource = parse(source)?;
            let bundle = bundle_of(&mut bundles, &source.lang)?;
            bundle.add_resource(resource).map_err(|errors| {
                let key = errors
                    .iter()
                    .find_map(|e| match e {
                        fluent_bundle::FluentError::Overriding { id, .. } => Some(id.clone()),
                        _ => None,
                    })
                    .unwrap_or_default();
                I18nError::Duplicate {
                    file: source.file.clone(),
                    key,
                }
            })?;
        }
        for source in overrides {
            let resource = parse(source)?;
            let bundle = bundle_of(&mut bundles, &source.lang)?;
            bundle.add_resource_overriding(resource);
        }
        Ok(Catalogues {
            bundles,
            default: FALLBACK.to_owned(),
        })
    }

    /// The theme's catalogues (embedded, overridden from `dir`).
    pub fn load(dir: Option<&Path>) -> Result<Catalogues, I18nError> {
        let (embedded, overrides) = theme_sources(dir)?;
        Catalogues::build(&embedded, &overrides)
    }

    /// The interface languages that have a catalogue.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.bundles.keys().map(String::as_str)
    }

    /// The catalogue language for `lang` ("ru-RU" → "ru"), or the fallback.
    pub fn resolve<'a>(&'a self, lang: &str) -> &'a str {
        if let Some((code, _)) = self.bundles.get_key_value(lang) {
            return code;
        }
        let primary = gazette_core::lang::primary(lang);
        match self.bundles.get_key_value(&primary) {
            Some((code, _)) => code,
            None => &self.default,
        }
    }

    /// The first of `wanted` that has a catalogue (as its catalogue's code), else the
    /// fallback language.
    pub fn interface_language(&self, wanted: &[Option<&str>]) -> String {
        wanted
            .iter()
            .flatten()
            .find(|l| self.has(l))
            .map_or_else(|| FALLBACK.to_owned(), |l| self.resolve(l).to_owned())
    }

    /// Whether `lang` has a catalogue of its own.
    pub fn has(&self, lang: &str) -> bool {
        self.bundles.contains_key(lang)
            || self
                .bundles
                .contains_key(&gazette_core::lang::primary(lang))
    }

    /// The message `key` in `lang` with `args`; `None` when no catalogue has it.
    pub fn format(&self, lang: &str, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        let lang = self.resolve(lang);
        let (bundle, message) = [lang, FALLBACK].into_iter().find_map(|l| {
            let bundle = self.bundles.get(l)?;
            Some((bundle, bundle.get_message(key)?))
        })?;
        let pattern = message.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                key,
                lang,
                ?errors,
                "a catalogue message did not format cleanly"
            );
        }
        Some(text.into_owned())
    }

    /// The message `key` in `lang` for Rust code: the key itself when the catalogues lack
    /// it (the catalogue test keeps that from happening).
    pub fn text(&self, lang: &str, key: &str) -> String {
        self.format(lang, key, None)
            .unwrap_or_else(|| key.to_owned())
    }

    /// [`Catalogues::text`] with named arguments (strings and numbers).
    pub fn text_with(&self, lang: &str, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(s) => fluent.set(*name, FluentValue::String(Cow::Owned((*s).to_owned()))),
                Arg::Number(n) => fluent.set(*name, FluentValue::from(*n)),
            }
        }
        self.format(lang, key, Some(&fluent))
            .unwrap_or_else(|| key.to_owned())
    }
}

impl Catalogues {
    /// A refusal from the core ([`gazette_core::problem::Problem`]) in `lang`: its words
    /// (`ProblemArg::Word`) and inner refusals said first, in the same language.
    pub fn problem(&self, lang: &str, problem: &gazette_core::problem::Problem) -> String {
        use gazette_core::problem::ProblemArg;
        let mut fluent = FluentArgs::new();
        for (name, value) in &problem.args {
            let value = match value {
                ProblemArg::Text(s) => FluentValue::String(Cow::Owned(s.clone())),
                ProblemArg::Number(n) => FluentValue::from(*n as f64),
                ProblemArg::Word(key) => FluentValue::String(Cow::Owned(self.text(lang, key))),
                ProblemArg::Said(inner) => {
                    FluentValue::String(Cow::Owned(self.problem(lang, inner)))
                }
            };
            fluent.set(*name, value);
        }
        self.format(lang, problem.key, Some(&fluent))
            .unwrap_or_else(|| problem.key.to_owned())
    }
}

/// An argument of a message called from Rust.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Text(&'a str),
    Number(f64),
}
