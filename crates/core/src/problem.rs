//! A refusal as data: the catalogue key of its sentence and the named values it mentions,
//! so that the web layer can say it in the reader's or staff member's language while this
//! crate stays free of any catalogue. Typed errors here keep their English `Display` (the
//! Admin API's words and the logs); their `problem()` is the same refusal for people. The
//! English catalogue says each exactly as `Display` does, which a test checks.

/// One refusal: which sentence, and the values it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The catalogue key (`problem-…`).
    pub key: &'static str,
    pub args: Vec<(&'static str, ProblemArg)>,
}

/// A value a refusal names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemArg {
    /// Shown as it is (what was typed, a name).
    Text(String),
    /// A count or limit, written with the language's digits and choosing plural forms.
    Number(i64),
    /// A word to translate too (a status, a kind): its catalogue key.
    Word(String),
    /// A refusal inside the sentence (why a slug is not valid).
    Said(Box<Problem>),
}

impl Problem {
    /// The sentence `key` with no values yet.
    pub fn new(key: &'static str) -> Problem {
        Problem {
            key,
            args: Vec::new(),
        }
    }

    /// Adds a text value.
    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Problem {
        self.args.push((name, ProblemArg::Text(value.into())));
        self
    }

    /// Adds a number.
    pub fn number(mut self, name: &'static str, value: usize) -> Problem {
        let n = i64::try_from(value).unwrap_or(i64::MAX);
        self.args.push((name, ProblemArg::Number(n)));
        self
    }

    /// Adds a word said through the catalogue (`key`).
    pub fn word(mut self, name: &'static str, key: impl Into<String>) -> Problem {
        self.args.push((name, ProblemArg::Word(key.into())));
        self
    }

    /// Adds another refusal as a value.
    pub fn said(mut self, name: &'static str, inner: Problem) -> Problem {
        self.args.push((name, ProblemArg::Said(Box::new(inner))));
        self
    }
}
