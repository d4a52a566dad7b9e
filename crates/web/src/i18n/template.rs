//! The template side of the catalogues: `t("key", n=3)` for a message, `date(iso)` for a
//! date with the language's month names, `language_name(code)` for a language's name, `num(n)` and `short_count(n)` for numbers with
//! its separators. Each reads the page's interface language from the render context's
//! `ui_lang` (set for every page; the fallback language when a context lacks it).

use std::borrow::Cow;
use std::sync::Arc;

use fluent_bundle::{FluentArgs, FluentValue};
use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind, State};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Catalogues, FALLBACK};

/// The page's interface language.
fn ui_lang(state: &State) -> String {
    state
        .lookup("ui_lang")
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| FALLBACK.to_owned())
}

fn fluent_value(value: &Value) -> Option<FluentValue<'static>> {
    match value.kind() {
        ValueKind::Number => {
            let n = f64::try_from(value.clone()).ok()?;
            Some(FluentValue::from(n))
        }
        ValueKind::String => Some(FluentValue::String(Cow::Owned(value.as_str()?.to_owned()))),
        ValueKind::Undefined | ValueKind::None => None,
        _ => Some(FluentValue::String(Cow::Owned(value.to_string()))),
    }
}

/// Adds `t`, `date`, `num` and `short_count` to the theme's environment.
pub fn register(env: &mut Environment<'static>, catalogues: Arc<Catalogues>) {
    let cats = Arc::clone(&catalogues);
    env.add_function(
        "t",
        move |state: &State, key: String, kwargs: Kwargs| -> Result<String, Error> {
            let lang = ui_lang(state);
            let mut args = FluentArgs::new();
            for name in kwargs.args() {
                let value: Value = kwargs.get(name)?;
                if let Some(v) = fluent_value(&value) {
                    args.set(name.to_owned(), v);
                }
            }
            cats.format(&lang, &key, Some(&args)).ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!("no catalogue has the message `{key}`: add it to locales/en/"),
                )
            })
        },
    );
    let cats = Arc::clone(&catalogues);
    env.add_function(
        "language_name",
        move |state: &State, code: String| -> String {
            let key = format!("language-{}", gazette_core::lang::primary(&code));
            cats.format(&ui_lang(state), &key, None)
                .or_else(|| gazette_core::lang::language_name(&code).map(str::to_owned))
                .unwrap_or(code)
        },
    );
    env.add_function("date", |state: &State, iso: Option<String>| -> String {
        let Some(iso) = iso else {
            return String::new();
        };
        match OffsetDateTime::parse(&iso, &Rfc3339) {
            Ok(t) => gazette_core::locale::date(&ui_lang(state), t),
            Err(_) => iso,
        }
    });
    env.add_function("num", |state: &State, n: Value| -> String {
        match u64::try_from(n.clone()) {
            Ok(n) => gazette_core::locale::integer(&ui_lang(state), n),
            Err(_) => f64::try_from(n.clone())
                .map(|x| gazette_core::locale::decimal(&ui_lang(state), x, 1))
                .unwrap_or_else(|_| n.to_string()),
        }
    });
    env.add_function("short_count", |state: &State, n: u64| -> String {
        gazette_core::locale::short_count(&ui_lang(state), n)
    });
}
