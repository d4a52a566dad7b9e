//! A subscriber's standing and choices: status, how often, which sections and which
//! language, as stored (short words and a comma-separated id list) and as read from forms.

use serde::Serialize;

/// Where a subscription stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Asked to subscribe; the confirmation link has not been used yet. Gets no digest.
    Pending,
    /// Confirmed by the link: gets the digest.
    Confirmed,
    /// Left; kept (without sending) so the numbers and the consent record stay.
    Unsubscribed,
    /// The address bounced permanently too often; never mailed again until it subscribes anew.
    Suppressed,
}

crate::enum_names!(Status, "subscription status", {
    Pending => "pending",
    Confirmed => "confirmed",
    Unsubscribed => "unsubscribed",
    Suppressed => "suppressed",
});

/// How often a subscriber gets the digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    #[default]
    Daily,
    Weekly,
}

crate::enum_names!(Frequency, "frequency", {
    Daily => "daily",
    Weekly => "weekly",
});

/// What a subscriber chose on the form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Choices {
    /// Top-level category ids; empty means every section (the default).
    pub sections: Vec<i64>,
    /// Language code of the edition wanted (one the site publishes in).
    pub language: String,
    pub frequency: Frequency,
}

/// Why a form's choices are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    #[error("Choose how often you want the digest: daily or weekly.")]
    Frequency,
    #[error("The section `{0}` does not exist. Reload the page and choose again.")]
    Section(String),
    #[error("The digest is not published in `{0}`. Choose one of the languages offered.")]
    Language(String),
}

impl ChoiceError {
    /// The same refusal as a catalogue key and values (see [`crate::problem`]).
    pub fn problem(&self) -> crate::problem::Problem {
        use crate::problem::Problem;
        match self {
            ChoiceError::Frequency => Problem::new("problem-choice-frequency"),
            ChoiceError::Section(s) => {
                Problem::new("problem-choice-section").text("value", s.clone())
            }
            ChoiceError::Language(s) => {
                Problem::new("problem-choice-language").text("value", s.clone())
            }
        }
    }
}

/// Reads the form's fields: `sections` as posted (ids), `language` (empty: `default_language`)
/// and `frequency` (empty: daily), against what the site offers.
pub fn choices(
    sections: &[&str],
    language: &str,
    frequency: &str,
    known_sections: &[i64],
    languages: &[String],
    default_language: &str,
) -> Result<Choices, ChoiceError> {
    let frequency = match frequency.trim() {
        "" => Frequency::Daily,
        f => f.parse().map_err(|_| ChoiceError::Frequency)?,
    };
    let mut ids = Vec::new();
    for s in sections.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let id = s
            .parse::<i64>()
            .ok()
            .filter(|id| known_sections.contains(id))
            .ok_or_else(|| ChoiceError::Section(s.chars().take(40).collect()))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    // Every section ticked is the same as "all": new sections then come too.
    if known_sections.iter().all(|k| ids.contains(k)) {
        ids.clear();
    }
    ids.sort_unstable();
    let language = match language.trim() {
        "" => default_language.to_owned(),
        l if languages.iter().any(|x| x == l) => l.to_owned(),
        l => return Err(ChoiceError::Language(l.chars().take(20).collect())),
    };
    Ok(Choices {
        sections: ids,
        language,
        frequency,
    })
}

/// Section ids as stored: `"3,7"`, or `""` for all.
pub fn sections_to_text(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Stored section ids back as a list (unreadable parts are skipped).
pub fn sections_from_text(text: &str) -> Vec<i64> {
    text.split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_default_to_all_sections_daily_in_the_site_language() {
        let langs = vec!["en".to_owned(), "az".to_owned()];
        let c = choices(&[], "", "", &[1, 2], &langs, "en").unwrap();
        assert_eq!(
            c,
            Choices {
                sections: vec![],
                language: "en".into(),
                frequency: Frequency::Daily
            }
        );
        let c = choices(&["2", "2"], "az", "weekly", &[1, 2, 3], &langs, "en").unwrap();
        assert_eq!(c.sections, vec![2]);
        assert_eq!(c.language, "az");
        assert_eq!(c.frequency, Frequency::Weekly);
        let all = choices(&["1", "2"], "", "", &[1, 2], &langs, "en").unwrap();
        assert!(all.sections.is_empty());
        assert_eq!(
            choices(&["9"], "", "", &[1], &langs, "en"),
            Err(ChoiceError::Section("9".into()))
        );
        assert_eq!(
            choices(&[], "xx", "", &[1], &langs, "en"),
            Err(ChoiceError::Language("xx".into()))
        );
        assert_eq!(
            choices(&[], "", "hourly", &[1], &langs, "en"),
            Err(ChoiceError::Frequency)
        );
        assert_eq!(sections_from_text(&sections_to_text(&[3, 7])), vec![3, 7]);
        assert!(sections_from_text("").is_empty());
    }
}
