//! Values bound to numbered placeholders when a statement is assembled at run time (a list
//! with optional filters, a multi-row insert): collected as [`Arg`]s next to the SQL text
//! they number, then bound in order with [`bind_args!`].

/// One value of a statement assembled at run time.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Int(i64),
    OptInt(Option<i64>),
    Text(String),
    OptText(Option<String>),
}

/// Binds every [`Arg`] of `$args` (an iterator of `&Arg`), in order, onto `$query`. A macro
/// because sqlx's `query`, `query_as` and `query_scalar` share no trait for `bind`.
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for arg in $args {
            q = match arg {
                $crate::args::Arg::Int(v) => q.bind(*v),
                $crate::args::Arg::OptInt(v) => q.bind(*v),
                $crate::args::Arg::Text(v) => q.bind(v.clone()),
                $crate::args::Arg::OptText(v) => q.bind(v.clone()),
            };
        }
        q
    }};
}
pub(crate) use bind_args;

// Conversions so that a call site can write `&[id.into(), name.into()]`.
impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(v)
    }
}

impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Arg::OptInt(v)
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(v.to_owned())
    }
}

impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg::Text(v.clone())
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(v)
    }
}

impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        Arg::OptText(v.map(str::to_owned))
    }
}
