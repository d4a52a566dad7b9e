//! `gazette user …`: accounts from the command line, for scripts and for the first admin
//! on a server without mail. The same store calls as the web, recorded in the audit log
//! with the actor `cli`.

use std::fmt::Write as _;

use anyhow::Context as _;
use gazette_core::permissions::Role;
use gazette_store::{Actor, NewUser, Store, TokenKind};
use gazette_web::auth;

use crate::config::Settings;

/// How long a set-password link printed by `user add` stays valid.
const LINK_SECONDS: i64 = 7 * 24 * 3600;

fn parse_role(role: &str) -> anyhow::Result<Role> {
    role.parse::<Role>()
        .map_err(|e| anyhow::anyhow!("--role: {e}"))
}

fn check_email(email: &str) -> anyhow::Result<()> {
    let ok = email
        .split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.contains('@'))
        && !email.contains(char::is_whitespace);
    anyhow::ensure!(
        ok,
        "--email: `{email}` is not an address like name@example.org"
    );
    Ok(())
}

/// Creates an account. With `password`, it can sign in at once; without, the returned text
/// carries a one-time link (valid a week) where the person sets name and password.
pub async fn add(
    settings: &Settings,
    store: &Store,
    email: &str,
    name: &str,
    role: &str,
    password: Option<&str>,
) -> anyhow::Result<String> {
    let role = parse_role(role)?;
    check_email(email)?;
    anyhow::ensure!(!name.trim().is_empty(), "--name: the name is empty");
    let password_hash = match password {
        Some(p) => {
            auth::check_password(p, p).map_err(|e| anyhow::anyhow!("--password-stdin: {e}"))?;
            Some(auth::hash_password(p).await?)
        }
        None => None,
    };
    let now = auth::now();
    let user = store
        .create_user(
            &NewUser {
                email: email.to_owned(),
                name: name.trim().to_owned(),
                role,
                password_hash: password_hash.clone(),
                author_id: None,
            },
            now,
            &Actor::cli(),
        )
        .await
        .context("the account was not created")?;
    let mut out = format!("Created {} ({}) as {}.\n", user.email, user.name, user.role);
    if password_hash.is_none() {
        let token = invitation_token(store, user.id, now).await?;
        let _ = writeln!(
            out,
            "Set-password link (works once, for 7 days): {}/account/invite/{token}",
            settings.base_url
        );
    }
    Ok(out)
}

/// Creates a staff account and mails the invitation.
pub async fn invite(
    settings: &Settings,
    store: &Store,
    mailer: &gazette_mail::Mailer,
    email: &str,
    name: Option<&str>,
    role: &str,
) -> anyhow::Result<String> {
    let role = parse_role(role)?;
    anyhow::ensure!(
        role.is_staff(),
        "--role: invitations are for staff (admin, editor, author, contributor)"
    );
    check_email(email)?;
    let fallback = email.split('@').next().unwrap_or(email).to_owned();
    let now = auth::now();
    let user = store
        .create_user(
            &NewUser {
                email: email.to_owned(),
                name: name
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map_or(fallback, str::to_owned),
                role,
                password_hash: None,
                author_id: None,
            },
            now,
            &Actor::cli(),
        )
        .await
        .context("the account was not created")?;
    let token = invitation_token(store, user.id, now).await?;
    let site = store.settings().await?;
    let catalogues = gazette_web::i18n::Catalogues::load(settings.theme_dir.as_deref())
        .context("cannot load the theme's catalogues")?;
    let mail = gazette_web::mails::MailWords::new(&catalogues, None, &site.language).invitation(
        &site.name,
        &settings.base_url,
        "An admin",
        &user.email,
        role,
        &token,
    );
    mailer
        .send(&mail)
        .await
        .context("the account was created but the invitation mail was not sent")?;
    Ok(format!(
        "Invitation sent to {} as {role} via {}.\n",
        user.email,
        mailer.describe()
    ))
}

/// Every account as a table.
pub async fn list(store: &Store) -> anyhow::Result<String> {
    let users = store.users().await?;
    let mut out = format!("{:<32} {:<24} {:<12} status\n", "email", "name", "role");
    for u in users {
        let status = if u.disabled {
            "disabled"
        } else if u.password_hash.is_none() {
            "pending"
        } else {
            "active"
        };
        let _ = writeln!(
            out,
            "{:<32} {:<24} {:<12} {status}",
            u.email,
            u.name,
            u.role.as_str()
        );
    }
    Ok(out)
}

/// A new set-password token for `user_id`, good for [`LINK_SECONDS`], recorded as the
/// command line's doing.
async fn invitation_token(store: &Store, user_id: i64, now: i64) -> anyhow::Result<String> {
    let token = auth::new_token()?;
    store
        .create_token(
            &auth::token_hash(&token),
            TokenKind::Invite,
            user_id,
            now,
            now + LINK_SECONDS,
            &Actor::cli(),
        )
        .await?;
    Ok(token)
}

/// `gazette user api-key`: makes an Admin API key and prints its secret (shown once). With
/// `email`, a personal key acting as that staff member; without, an integration key acting
/// with `role`.
pub async fn api_key(
    store: &Store,
    name: &str,
    role: Option<&str>,
    email: Option<&str>,
    days: Option<i64>,
    rate: Option<i64>,
) -> anyhow::Result<String> {
    use gazette_newsroom::api_keys::{Issue, Issued, issue_key};
    let (role, user_id) = match email {
        Some(email) => {
            let user = store
                .user_by_email(&gazette_store::normalize_email(email))
                .await?
                .with_context(|| format!("--email: there is no account {email}"))?;
            anyhow::ensure!(
                !user.disabled && user.role.is_staff(),
                "--email: {email} is disabled or not on the staff"
            );
            (user.role, Some(user.id))
        }
        None => {
            let role =
                parse_role(role.context(
                    "--role: say the role an integration key acts with (or give --email)",
                )?)?;
            anyhow::ensure!(role.is_staff(), "--role: a key needs a staff role");
            (role, None)
        }
    };
    if let Some(d) = days {
        anyhow::ensure!((1..=3650).contains(&d), "--days: from 1 to 3650");
    }
    if let Some(r) = rate {
        anyhow::ensure!(
            (1..=100_000).contains(&r),
            "--rate: from 1 to 100000 requests a second"
        );
    }
    let now = auth::now();
    let issue = Issue {
        name: name.trim().to_owned(),
        role,
        user_id,
        expires_at: days.map(|d| now + d * 86_400),
        rate_per_second: rate,
    };
    match issue_key(store, issue, now, &Actor::cli()).await? {
        Issued::Made(secret) => Ok(format!("{secret}\n")),
        Issued::NoRandom(e) => Err(anyhow::anyhow!("cannot make a key: {e}")),
    }
}
