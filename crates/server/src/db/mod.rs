//! SQLite storage: opening the database, migrations, and the row types.

pub mod keyset;
pub mod people;
pub mod rows;

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

/// Schema migrations in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_name_sort_indexes.sql"),
];

/// File name of the database inside the data folder.
pub const DATABASE_FILE: &str = "gumnut.sqlite3";

/// Opens (creating if needed) the database in `data_dir` and applies any
/// migrations it has not seen yet.
pub fn open(data_dir: &Path) -> rusqlite::Result<Connection> {
    let mut connection = Connection::open(data_dir.join(DATABASE_FILE))?;
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    migrate(&mut connection)?;
    Ok(connection)
}

fn migrate(connection: &mut Connection) -> rusqlite::Result<()> {
    let applied: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied.max(0) as usize) {
        let transaction = connection.transaction()?;
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", (index + 1) as i64)?;
        transaction.commit()?;
        tracing::info!(migration = index + 1, "applied database migration");
    }
    Ok(())
}

/// Reads a value from the `settings` table.
pub fn setting(connection: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    connection
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()
}

/// Stores a value in the `settings` table.
pub fn set_setting(connection: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    connection.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}
