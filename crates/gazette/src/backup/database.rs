//! The database part of a backup: SQLite is copied with `VACUUM INTO` (consistent while
//! the site writes) and put back by replacing the file; PostgreSQL goes through its own
//! client tools, `pg_dump --format=custom` and `pg_restore` in one transaction, which
//! must be installed beside Gazette and match the server's major version.

use std::path::{Path, PathBuf};

use gazette_store::Backend;
use tokio::process::Command;

use super::{BackupError, Target, io_error};

/// Writes the database into `dir`; returns its backend and the file written.
pub(super) async fn dump(
    target: &Target<'_>,
    dir: &Path,
) -> Result<(Backend, PathBuf), BackupError> {
    match target.store.backend() {
        Backend::Sqlite => {
            let file = dir.join("gazette.db");
            target.store.sqlite_copy_to(&file).await?;
            Ok((Backend::Sqlite, file))
        }
        Backend::Postgres => {
            let file = dir.join("postgres.dump");
            let mut cmd = Command::new("pg_dump");
            cmd.args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                .arg(&file);
            cmd.arg(&target.settings.database_url);
            run(cmd, "pg_dump").await?;
            Ok((Backend::Postgres, file))
        }
    }
}

/// Replaces the target's database with `file`. The target's store is closed first (a
/// SQLite file must not change under open connections), so it cannot be used after.
pub(super) async fn load(target: &Target<'_>, file: &Path) -> Result<(), BackupError> {
    target.store.close().await;
    match target.store.backend() {
        Backend::Sqlite => {
            let path = sqlite_path(&target.settings.database_url).ok_or_else(|| {
                BackupError::Database(format!(
                    "cannot tell the SQLite file from the database URL `{}`",
                    target.settings.database_url
                ))
            })?;
            // Stale journal files of the old database would be replayed into the new one.
            for suffix in ["-wal", "-shm", "-journal"] {
                let mut journal = path.clone().into_os_string();
                journal.push(suffix);
                match std::fs::remove_file(&journal) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(io_error(Path::new(&journal))(e));
                    }
                    _ => {}
                }
            }
            let partial = path.with_extension("db.restoring");
            std::fs::copy(file, &partial).map_err(io_error(&partial))?;
            std::fs::File::open(&partial)
                .and_then(|f| f.sync_all())
                .map_err(io_error(&partial))?;
            std::fs::rename(&partial, &path).map_err(io_error(&path))?;
            Ok(())
        }
        Backend::Postgres => {
            let mut cmd = Command::new("pg_restore");
            cmd.args([
                "--no-owner",
                "--no-privileges",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
            ])
            .arg(&target.settings.database_url)
            .arg(file);
            run(cmd, "pg_restore").await
        }
    }
}

/// Runs a PostgreSQL client tool, turning a failure into its own words.
async fn run(mut cmd: Command, tool: &str) -> Result<(), BackupError> {
    let output = cmd.output().await.map_err(|e| {
        BackupError::Database(format!(
            "cannot run {tool} ({e}); install PostgreSQL's client tools (e.g. apt install postgresql-client) of the server's version"
        ))
    })?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last: Vec<&str> = stderr.lines().rev().take(5).collect();
    Err(BackupError::Database(format!(
        "{tool} failed ({}): {}",
        output.status,
        last.into_iter().rev().collect::<Vec<_>>().join(" / ")
    )))
}

/// The file of a `sqlite://PATH[?options]` or `sqlite:PATH` URL.
fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().filter(|p| !p.is_empty())?;
    Some(PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths_from_urls() {
        assert_eq!(
            sqlite_path("sqlite://data/gazette.db?mode=rwc"),
            Some(PathBuf::from("data/gazette.db"))
        );
        assert_eq!(
            sqlite_path("sqlite:///srv/news/gazette.db"),
            Some(PathBuf::from("/srv/news/gazette.db"))
        );
        assert_eq!(sqlite_path("sqlite:x.db"), Some(PathBuf::from("x.db")));
        assert_eq!(sqlite_path("sqlite://?mode=memory"), None);
        assert_eq!(sqlite_path("postgres://u@h/db"), None);
    }
}
