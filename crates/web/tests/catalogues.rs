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

/// Every string constant of `i18n/keys.rs` and `i18n/keys_messages.rs`: the keys Rust
/// code chooses at run time.
fn rust_keys() -> BTreeSet<String> {
    let mut text = String::new();
    for file in ["keys.rs", "keys_messages.rs"] {
        text += &std::fs::read_to_string(root().join("crates/web/src/i18n").join(file)).unwrap();
    }
    let mut keys = core_problem_keys();
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

/// The keys of the refusals the core and the newsroom make: every `Problem::new("…")` in
/// their sources.
fn core_problem_keys() -> BTreeSet<String> {
    let mut files = Vec::new();
    files_under(&root().join("crates/core/src"), "rs", &mut files);
    files_under(&root().join("crates/newsroom/src"), "rs", &mut files);
    let mut keys = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, _) in text.match_indices("Problem::new(\"") {
            let rest = &text[i + "Problem::new(\"".len()..];
            keys.insert(rest[..rest.find('"').unwrap()].to_owned());
        }
    }
    assert!(
        keys.len() > 20,
        "the core's refusals were not found: {keys:?}"
    );
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
        "\"frequency-\" ~ p.frequency",
        "\"status-\" ~ v.status",
        "\"status-\" ~ c.status",
        "\"edition-\" ~ e.status",
        "\"subscribers-\" ~ s[0]",
        "\"menu-kind-\" ~ k",
        "\"role-\" ~ k.role",
        "\"api-key-\" ~ k.state",
        "\"legal-\" ~ p.legal ~ \"-inline\"",
        "\"legal-\" ~ legal ~ \"-inline\"",
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

/// Words that are the same in every language: names of formats, products and protocols.
const NOT_TRANSLATED: &[&str] = &[
    "IP",
    "Markdown",
    "Mastodon",
    "Authorization",
    "Bearer",
    "OPML",
];

/// Attributes people read (or hear, through a screen reader): their text must be a `t()`.
const READ_ATTRIBUTES: &[&str] = &[
    "title",
    "placeholder",
    "aria-label",
    "alt",
    "data-confirm",
    "label",
    "summary",
];

/// The English words left in `text` (a text node or an attribute value with the template
/// expressions taken out): runs of two or more Latin letters, except in addresses and
/// paths (`/tag/…/`, `https://…`, `a@b`) and [`NOT_TRANSLATED`].
fn words_in(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|chunk| !chunk.contains('/') && !chunk.contains('@') && !chunk.contains('='))
        .flat_map(|chunk| chunk.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| w.len() >= 2 && !NOT_TRANSLATED.contains(w))
        .map(str::to_owned)
        .collect()
}

/// Takes a template apart: its markup with every `{{ … }}` and `{% … %}` replaced by a
/// NUL, and the string literals inside those that read like a sentence (two words with a
/// space), which should be catalogue messages too.
fn markup_and_literals(text: &str) -> (String, Vec<String>) {
    let mut markup = String::new();
    let mut literals = Vec::new();
    let mut rest = text;
    loop {
        let next = ["{#", "{{", "{%"]
            .iter()
            .filter_map(|open| rest.find(open).map(|i| (i, *open)))
            .min();
        let Some((start, open)) = next else {
            markup.push_str(rest);
            break;
        };
        markup.push_str(&rest[..start]);
        let close = match open {
            "{#" => "#}",
            "{{" => "}}",
            _ => "%}",
        };
        let inner_start = start + 2;
        let end = rest[inner_start..]
            .find(close)
            .map_or(rest.len(), |e| inner_start + e);
        let inner = &rest[inner_start..end];
        if open != "{#" {
            markup.push('\0');
            for (i, piece) in inner.split('"').enumerate() {
                // Odd pieces are inside quotes; class lists (`a a--b`) and `sizes` values
                // (`(min-width: 40em) 20rem`) are not sentences.
                let code = piece.contains("--") || piece.contains(|c: char| c.is_ascii_digit());
                if i % 2 == 1 && piece.contains(' ') && !code && words_in(piece).len() >= 2 {
                    literals.push(piece.to_owned());
                }
            }
        }
        rest = &rest[(end + close.len()).min(rest.len())..];
        // `{% block body_class %}page page--home{% endblock %}` is a class list.
        if open == "{%"
            && inner.trim().starts_with("block ")
            && inner.trim().ends_with("_class")
            && let Some(e) = rest.find("{% endblock")
        {
            rest = &rest[e..];
        }
    }
    (markup, literals)
}

/// Drops the insides of `<script>` and `<style>`, which are not text.
fn without_code(markup: &str) -> String {
    let mut out = String::new();
    let mut rest = markup;
    while let Some(start) = ["<script", "<style"]
        .iter()
        .filter_map(|t| rest.find(t))
        .min()
    {
        out.push_str(&rest[..start]);
        let close = if rest[start..].starts_with("<script") {
            "</script>"
        } else {
            "</style>"
        };
        rest = rest[start..]
            .find(close)
            .map_or("", |e| &rest[start + e + close.len()..]);
    }
    out.push_str(rest);
    out
}

/// What a template shows in English outside `t()`: text nodes, read attributes, the
/// `value` of buttons, sentence-like literals in expressions. Each as "what: text".
fn english_in(template: &str) -> Vec<String> {
    let (markup, literals) = markup_and_literals(template);
    let markup = without_code(&markup);
    let mut found: Vec<String> = literals
        .into_iter()
        .map(|l| format!("literal in an expression: {l:?}"))
        .collect();
    let mut rest = markup.as_str();
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        if !words_in(text).is_empty() {
            found.push(format!("text: {:?}", text.trim().replace('\0', "{{…}}")));
        }
        let after = &rest[open..];
        let close = after.find('>').unwrap_or(after.len() - 1);
        let tag = &after[..close];
        // A `<button>`'s value is sent, not shown; an input button shows its value.
        let is_button = tag.starts_with("<input")
            && (tag.contains("type=\"submit\"") || tag.contains("type=\"button\""));
        for (i, _) in tag.match_indices("=\"") {
            let name_start = tag[..i]
                .rfind(|c: char| c.is_whitespace())
                .map_or(0, |s| s + 1);
            let name = &tag[name_start..i];
            let value_start = i + 2;
            let value = tag[value_start..]
                .find('"')
                .map_or("", |e| &tag[value_start..value_start + e]);
            let read = READ_ATTRIBUTES.contains(&name) || (is_button && name == "value");
            if read && !words_in(value).is_empty() {
                found.push(format!("{name}=\"{}\"", value.replace('\0', "{{…}}")));
            }
        }
        rest = &after[(close + 1).min(after.len())..];
    }
    if !words_in(rest).is_empty() {
        found.push(format!("text: {:?}", rest.trim()));
    }
    found
}

#[test]
fn templates_show_no_english_outside_the_catalogues() {
    let dir = root().join("themes/default/templates");
    let mut files = Vec::new();
    files_under(&dir, "html", &mut files);
    files.sort();
    let mut report = Vec::new();
    for file in &files {
        let name = file
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for what in english_in(&std::fs::read_to_string(file).unwrap()) {
            report.push(format!("{name}: {what}"));
        }
    }
    assert!(
        report.is_empty(),
        "text in English outside t(): give each a catalogue key in every language\n{}",
        report.join("\n")
    );
}

#[test]
fn the_english_check_finds_text_attributes_and_literals() {
    let page = r#"<h1>{{ t("title") }}</h1><p>Hello {{ name }}</p>
<button type="submit" name="op" value="save" aria-label="Move {{ x }} up">↑</button>
<input type="submit" value="Send it"><input type="hidden" name="kind" value="personal">
<a href="/tag/{{ slug }}/">/tag/{{ slug }}/</a> © {{ year }} · Markdown
{{ m.list(errors, "The menu was not saved:") }}{# a comment in English #}
<script>const words = "not checked here";</script>
{% block body_class %}page page--home{% endblock %}{{ m.image(p, "(min-width: 40em) 20rem") }}"#;
    let found = english_in(page);
    assert_eq!(
        found,
        [
            "literal in an expression: \"The menu was not saved:\"",
            "text: \"Hello {{…}}\"",
            "aria-label=\"Move {{…}} up\"",
            "value=\"Send it\"",
        ],
        "{found:#?}"
    );
}

/// Digits grouped the English way ("1,000") read as the core writes them ("1000").
fn ungrouped(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            !(**c == ','
                && i.checked_sub(1).is_some_and(|p| chars[p].is_ascii_digit())
                && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        })
        .map(|(_, c)| *c)
        .collect()
}

#[test]
fn the_english_catalogue_says_each_core_refusal_as_the_core_does() {
    use gazette_core::article_input::{RawArticle, check};
    use gazette_core::digest::{address, prefs};
    use gazette_core::editorial::move_problems;
    use gazette_core::model::Status;
    let cats = i18n::Catalogues::load(None).unwrap();
    let long = |n: usize| "x".repeat(n + 1);
    let raws = [
        RawArticle {
            title: long(300),
            subtitle: long(500),
            excerpt: long(1000),
            meta_description: long(300),
            slug: "-bad".into(),
            kind: "opinion".into(),
            language: "not a code".into(),
            tags: vec![long(100), "!!".into()],
            ..RawArticle::default()
        },
        RawArticle {
            title: "!!!".into(),
            kind: "translation".into(),
            source_url: "ftp://x".into(),
            slug: String::new(),
            ..RawArticle::default()
        },
        RawArticle {
            title: " ".into(),
            kind: "reprint".into(),
            slug: "a--b".into(),
            ..RawArticle::default()
        },
        RawArticle {
            title: "Fine".into(),
            slug: "Caps".into(),
            ..RawArticle::default()
        },
        RawArticle {
            title: "Fine".into(),
            slug: "admin".into(),
            ..RawArticle::default()
        },
    ];
    let mut errors: Vec<_> = raws.iter().flat_map(|r| check(r, "en").1).collect();
    errors.extend(move_problems(
        Some(Status::Published),
        Status::Review,
        None,
        10,
    ));
    errors.extend(move_problems(None, Status::Unpublished, None, 10));
    errors.extend(move_problems(None, Status::Scheduled, None, 10));
    errors.extend(move_problems(None, Status::Scheduled, Some(5), 10));
    assert!(errors.len() >= 18, "{errors:#?}");
    for e in &errors {
        let problem = e
            .problem
            .as_ref()
            .unwrap_or_else(|| panic!("{e:?} has no key"));
        assert_eq!(
            ungrouped(&cats.problem("en", problem)),
            e.message,
            "{problem:?}"
        );
        // And every other language says it in its own words.
        for lang in ["az", "ru", "tr"] {
            let said = cats.problem(lang, problem);
            assert_ne!(said, e.message, "{lang} says {:?} in English", problem.key);
            assert!(
                !said.contains("problem-") && !said.contains("field-"),
                "{said}"
            );
        }
    }
    let other: Vec<(String, gazette_core::problem::Problem)> = [
        address::check(""),
        address::check(&"a".repeat(300)),
        address::check("a\nb@example.org"),
        address::check("a b@example.org"),
        address::check("nobody"),
    ]
    .into_iter()
    .filter_map(Result::err)
    .map(|e| (e.to_string(), e.problem()))
    .chain(
        [
            prefs::ChoiceError::Frequency,
            prefs::ChoiceError::Section("9".into()),
            prefs::ChoiceError::Language("xx".into()),
        ]
        .into_iter()
        .map(|e| (e.to_string(), e.problem())),
    )
    .collect();
    assert_eq!(other.len(), 8);
    for (english, problem) in &other {
        assert_eq!(&cats.problem("en", problem), english, "{problem:?}");
        assert_ne!(&cats.problem("ru", problem), english);
    }
}

#[test]
fn a_russian_refusal_counts_in_russian() {
    use gazette_core::problem::Problem;
    let cats = i18n::Catalogues::load(None).unwrap();
    let limited = |n: usize| {
        cats.problem(
            "ru",
            &Problem::new("problem-subscribe-limited").number("minutes", n),
        )
    };
    assert!(limited(1).ends_with("через 1 минуту."), "{}", limited(1));
    assert!(limited(3).ends_with("через 3 минуты."), "{}", limited(3));
    assert!(limited(25).ends_with("через 25 минут."), "{}", limited(25));
    let moved = cats.problem(
        "ru",
        &Problem::new("problem-status-move")
            .word("from", "status-published")
            .word("to", "status-review"),
    );
    assert!(
        !moved.contains("published") && !moved.contains("status-"),
        "{moved}"
    );
}
