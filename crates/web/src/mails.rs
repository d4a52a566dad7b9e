//! The mails Gazette sends to people, in the recipient's language: the newsroom
//! invitation, the password reset link, the digest's confirmation and "already subscribed"
//! mails, and the words around a digest edition. The language is the staff member's own
//! interface language, or the subscriber's edition language, else the site's; its
//! sentences come from the theme's catalogues (`locales/*/emails.ftl`), so a theme can
//! reword them like any other string.

use gazette_core::permissions::Role;
use gazette_mail::Email;
use gazette_mail::digest::DigestWords;

use crate::i18n::{Arg, Catalogues, keys};

/// One mail's words: the catalogues in the recipient's language.
pub struct MailWords<'a> {
    cats: &'a Catalogues,
    lang: String,
}

impl<'a> MailWords<'a> {
    /// The words for a recipient who reads `wanted` (the first language that has a
    /// catalogue), else `site_language`.
    pub fn new(cats: &'a Catalogues, wanted: Option<&str>, site_language: &str) -> MailWords<'a> {
        let lang = cats.interface_language(&[wanted, Some(site_language)]);
        MailWords { cats, lang }
    }

    /// The language the mail is written in.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    fn say(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.cats.text_with(&self.lang, key, args)
    }

    /// Paragraphs with a blank line between them, ending with a line break.
    fn body(paragraphs: &[&str]) -> String {
        let mut text = paragraphs.join("\n\n");
        text.push('\n');
        text
    }

    /// The invitation to the newsroom: `inviter` invites `to` as `role`.
    pub fn invitation(
        &self,
        site: &str,
        base_url: &str,
        inviter: &str,
        to: &str,
        role: Role,
        token: &str,
    ) -> Email {
        let role_name = self.say(&format!("role-{}", role.as_str()), &[]);
        let link = format!("{base_url}/account/invite/{token}");
        Email {
            to: to.to_owned(),
            subject: self.say(keys::MAIL_INVITE_SUBJECT, &[("site", Arg::Text(site))]),
            text: Self::body(&[
                &self.say(
                    keys::MAIL_INVITE_INTRO,
                    &[
                        ("inviter", Arg::Text(inviter)),
                        ("site", Arg::Text(site)),
                        ("role", Arg::Text(&role_name)),
                    ],
                ),
                &self.say(keys::MAIL_INVITE_OPEN, &[]),
                &link,
                &self.say(keys::MAIL_INVITE_ONCE, &[]),
            ]),
        }
    }

    /// A mail to `email` about its account or subscription at `site`: the subject and an
    /// introduction that name both, then `before` the `link`, then `after` it (if any).
    fn link_mail(
        &self,
        site: &str,
        email: &str,
        [subject, intro, before]: [&str; 3],
        link: &str,
        after: Option<&str>,
    ) -> Email {
        let named = [("site", Arg::Text(site)), ("email", Arg::Text(email))];
        let intro = self.say(intro, &named);
        let before = self.say(before, &[]);
        let after = after.map(|key| self.say(key, &[]));
        let mut paragraphs = vec![intro.as_str(), before.as_str(), link];
        paragraphs.extend(after.as_deref());
        Email {
            to: email.to_owned(),
            subject: self.say(subject, &named[..1]),
            text: Self::body(&paragraphs),
        }
    }

    /// The password reset link for the account `email` of `site`.
    pub fn password_reset(&self, site: &str, email: &str, link: &str) -> Email {
        let texts = [
            keys::MAIL_RESET_SUBJECT,
            keys::MAIL_RESET_INTRO,
            keys::MAIL_RESET_OPEN,
        ];
        self.link_mail(site, email, texts, link, Some(keys::MAIL_RESET_ONCE))
    }

    /// The link that confirms a digest subscription.
    pub fn confirm_subscription(&self, site: &str, email: &str, link: &str) -> Email {
        let texts = [
            keys::MAIL_CONFIRM_SUBJECT,
            keys::MAIL_CONFIRM_INTRO,
            keys::MAIL_CONFIRM_OPEN,
        ];
        self.link_mail(site, email, texts, link, Some(keys::MAIL_CONFIRM_IGNORE))
    }

    /// To a confirmed subscriber who asked again: the preferences link instead.
    pub fn already_subscribed(&self, site: &str, email: &str, preferences: &str) -> Email {
        let texts = [
            keys::MAIL_ALREADY_SUBJECT,
            keys::MAIL_ALREADY_INTRO,
            keys::MAIL_ALREADY_CHANGE,
        ];
        self.link_mail(site, email, texts, preferences, None)
    }

    /// The title of a digest edition of `date` (YYYY-MM-DD), daily or weekly, with the
    /// date written the language's way.
    pub fn digest_title(&self, weekly: bool, date: &str) -> String {
        let shown = time::Date::parse(
            date,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .map(|d| gazette_core::locale::date(&self.lang, d.midnight().assume_utc()))
        .unwrap_or_else(|_| date.to_owned());
        let key = if weekly {
            keys::MAIL_DIGEST_WEEKLY
        } else {
            keys::MAIL_DIGEST_DAILY
        };
        self.say(key, &[("date", Arg::Text(&shown))])
    }

    /// The words around a digest edition's items.
    pub fn digest(&self, site: &str) -> DigestWords {
        DigestWords {
            lang: self.lang.clone(),
            picks: self.say(keys::DIGEST_PICKS, &[]),
            why: self.say(keys::MAIL_DIGEST_WHY, &[("site", Arg::Text(site))]),
            read_on_web: self.say(keys::MAIL_DIGEST_READ_ON_WEB, &[]),
            change_preferences: self.say(keys::MAIL_DIGEST_CHANGE, &[]),
            unsubscribe: self.say(keys::MAIL_DIGEST_UNSUBSCRIBE, &[]),
            on_web_label: self.say(keys::MAIL_DIGEST_ON_WEB_LABEL, &[]),
            preferences_label: self.say(keys::MAIL_DIGEST_PREFERENCES_LABEL, &[]),
            unsubscribe_label: self.say(keys::MAIL_DIGEST_UNSUBSCRIBE, &[]),
        }
    }
}
