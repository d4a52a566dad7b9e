//! The interface catalogues against the code that uses them: every key a template or Rust
//! code asks for exists in every language, every catalogue key is asked for somewhere,
//! no catalogue has a Fluent syntax error, and each translation uses only the variables
//! the English message is given.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast;
use gazette_web::i18n::{self, Source};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// Keys templates ask for with a literal (`t("key"`), and the arguments of the calls
/// whose key is not a literal (`t(l.label)`), which must be ones the test knows.
fn template_calls() -> (BTreeSet<String>, BTreeSet<String>) {
    let mut files = Vec::new();
    files_under(&root().join("themes/default/templates"), "html", &mut files);
    assert!(files.len() > 40, "the templates were not found: {files:?}");
    let mut keys = BTreeSet::new();
    let mut dynamic = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, _) in text.match_indices("t(") {
            // Only the function `t`, not `set(`, `format(`…
            let before = text[..i].chars().last().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' || before == '.' {
                continue;
            }
            let rest = &text[i + 2..];
            let literal = rest.strip_prefix('"').and_then(|r| {
                let end = r.find('"').unwrap();
                // `t("role-" ~ role)` builds its key: checked as a dynamic call.
                (!r[end + 1..].trim_start().starts_with('~')).then(|| r[..end].to_owned())
            });
            if let Some(key) = literal {
                keys.insert(key);
            } else {
                let arg: String = rest
                    .chars()
                    .take_while(|c| *c != ')' && *c != ',')
                    .collect();
                dynamic.insert(arg.trim().to_owned());
            }
        }
    }
    (keys, dynamic)
}

/// Every string constant of `i18n/keys.rs`: the keys Rust code chooses at run time.
fn rust_keys() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("crates/web/src/i18n/keys.rs")).unwrap();
    let mut keys = BTreeSet::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        let mut rest = line;
        while let Some(start) = rest.find('"') {
            let after = &rest[start + 1..];
            let Some(end) = after.find('"') else { break };
            keys.insert(after[..end].to_owned());
            rest = &after[end + 1..];
        }
    }
    keys
}

/// The variables (`$name`) a pattern refers to.
fn variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    fn expr(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => inline(i, out),
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    variables(&v.value, out);
                }
            }
        }
    }
    fn inline(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => expr(expression, out),
            _ => {}
        }
    }
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expr(expression, out);
        }
    }
}

/// Each language's messages with the variables each uses.
fn catalogues() -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let (embedded, overrides) = i18n::theme_sources(None).unwrap();
    assert!(overrides.is_empty());
    let mut out: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for source in &embedded {
        // A syntax error anywhere fails here, naming the file and line.
        let resource = i18n::parse(source).unwrap_or_else(|e| panic!("{e}"));
        let messages = out.entry(source.lang.clone()).or_default();
        for entry in resource.entries() {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    variables(p, &mut vars);
                }
                let dup = messages.insert(m.id.name.to_owned(), vars);
                assert!(
                    dup.is_none(),
                    "{} defines `{}` twice",
                    source.lang,
                    m.id.name
                );
            }
        }
    }
    out
}

#[test]
fn every_language_has_a_catalogue_and_the_same_keys_as_english() {
    let cats = catalogues();
    let langs: Vec<&str> = cats.keys().map(String::as_str).collect();
    assert_eq!(langs, ["az", "en", "ru", "tr"]);
    let english = &cats["en"];
    for (lang, messages) in &cats {
        let missing: Vec<_> = english
            .keys()
            .filter(|k| !messages.contains_key(*k))
            .collect();
        let extra: Vec<_> = messages
            .keys()
            .filter(|k| !english.contains_key(*k))
            .collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang} has keys English lacks: {extra:?}");
        for (key, vars) in messages {
            // The Russian view count also chooses a form by `$short`, which every caller
            // passes.
            let unknown: Vec<_> = vars
                .difference(&english[key])
                .filter(|v| !(key == "views" && *v == "short"))
                .collect();
            assert!(
                unknown.is_empty(),
                "{lang} `{key}` uses {unknown:?}, which the English message is not given"
            );
        }
    }
}

#[test]
fn every_key_used_exists_and_every_key_is_used() {
    let cats = catalogues();
    let (template_keys, dynamic) = template_calls();
    // The calls whose key is chosen at run time, each from the constants in keys.rs.
    let known: BTreeSet<String> = [
        "l.label",
        "l.inline",
        "item.label",
        "article.source_label",
        "\"role-\" ~ role",
        "\"role-\" ~ admin.role",
        "b.label",
        "\"status-\" ~ status",
        "\"status-\" ~ r.status",
        "\"status-\" ~ tab.status",
        "\"role-\" ~ r",
        "\"role-\" ~ s.role",
        "\"frequency-\" ~ e.frequency",
        // The audit screen's API-key actor (role names) and the article list's bulk actions.
        "\"role-\" ~ l.key_role",
        "a.label",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let unknown: Vec<_> = dynamic.difference(&known).collect();
    assert!(
        unknown.is_empty(),
        "templates call t() with keys the test cannot check: {unknown:?}"
    );
    let used: BTreeSet<String> = template_keys.union(&rust_keys()).cloned().collect();
    for (lang, messages) in &cats {
        let missing: Vec<_> = used.iter().filter(|k| !messages.contains_key(*k)).collect();
        assert!(missing.is_empty(), "the {lang} catalogue lacks {missing:?}");
    }
    let unused: Vec<_> = cats["en"].keys().filter(|k| !used.contains(*k)).collect();
    assert!(
        unused.is_empty(),
        "no template or Rust code uses {unused:?}: remove them"
    );
}

#[test]
fn a_syntax_error_or_a_duplicate_key_is_refused_with_its_file_and_line() {
    let bad = Source {
        lang: "az".into(),
        file: "locales/az/broken.ftl".into(),
        text: "ok = fine\nbroken = { $n ->\n  [one] x\n}\n".into(),
    };
    let err = i18n::parse(&bad).err().unwrap().to_string();
    assert!(
        err.contains("locales/az/broken.ftl")
            && err.contains("near line 4")
            && err.contains("default variant"),
        "{err}"
    );
    let twice = Source {
        lang: "tr".into(),
        file: "locales/tr/twice.ftl".into(),
        text: "a = bir\na = iki\n".into(),
    };
    let err = i18n::Catalogues::build(&[twice], &[])
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("twice.ftl") && err.contains("`a`"), "{err}");
}

#[test]
fn a_theme_overrides_one_message_and_keeps_the_rest() {
    let (embedded, _) = i18n::theme_sources(None).unwrap();
    let over = Source {
        lang: "az".into(),
        file: "theme/locales/az/site.ftl".into(),
        text: "latest = Təzə xəbərlər\n".into(),
    };
    let cats = i18n::Catalogues::build(&embedded, &[over]).unwrap();
    assert_eq!(cats.text("az", "latest"), "Təzə xəbərlər");
    assert_eq!(cats.text("az", "most-read"), "Ən çox oxunanlar");
    assert_eq!(cats.text("en", "latest"), "Latest");
}

#[test]
fn plurals_and_numbers_follow_each_language() {
    use i18n::Arg::{Number, Text};
    let cats = i18n::Catalogues::load(None).unwrap();
    let minutes = |lang: &str, n: f64| cats.text_with(lang, "reading-time", &[("n", Number(n))]);
    assert_eq!(minutes("en", 8.0), "8 Min Read");
    assert_eq!(minutes("ru", 1.0), "1 минута чтения");
    assert_eq!(minutes("ru", 3.0), "3 минуты чтения");
    assert_eq!(minutes("ru", 5.0), "5 минут чтения");
    assert_eq!(minutes("ru", 21.0), "21 минута чтения");
    assert_eq!(minutes("ru", 12.0), "12 минут чтения");
    assert_eq!(minutes("az", 8.0), "8 dəq oxunur");
    assert_eq!(minutes("tr", 8.0), "8 dk okuma");
    let views = |lang: &str, n: u64| {
        let count = gazette_core::locale::short_count(lang, n);
        let short = if n >= 1000 { "yes" } else { "no" };
        cats.text_with(
            lang,
            "views",
            &[
                ("n", Number(n as f64)),
                ("count", Text(&count)),
                ("short", Text(short)),
            ],
        )
    };
    assert_eq!(views("en", 1_100), "1.1k Views");
    assert_eq!(views("en", 1), "1 View");
    assert_eq!(views("az", 1_100), "1,1\u{a0}min baxış");
    assert_eq!(views("tr", 1_100), "1,1\u{a0}bin görüntülenme");
    assert_eq!(views("ru", 22), "22 просмотра");
    assert_eq!(views("ru", 21), "21 просмотр");
    assert_eq!(views("ru", 25), "25 просмотров");
    assert_eq!(views("ru", 21_000), "21\u{a0}тыс. просмотров");
    // A language without a catalogue falls back to English; a regional tag to its language.
    assert_eq!(minutes("de", 2.0), "2 Min Read");
    assert_eq!(minutes("ru-RU", 2.0), "2 минуты чтения");
    // Numbers inside messages are written with the language's separators.
    let page = cats.text_with(
        "ru",
        "page-of",
        &[("page", Number(1.0)), ("total", Number(12345.0))],
    );
    assert_eq!(page, "Страница 1 из 12\u{a0}345");
}
