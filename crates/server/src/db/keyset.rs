//! Keyset pagination: the page after a cursor is every row whose sort key
//! comes after the cursor row's sort key, so pages never repeat or skip a
//! row even when rows are added or removed between requests.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

use crate::error::{ApiError, ApiResult};
use crate::query::PageRequest;

/// One term of an `ORDER BY`: a SQL expression over the table's columns.
#[derive(Debug, Clone, Copy)]
pub struct SortKey {
    pub expr: &'static str,
    pub descending: bool,
}

impl SortKey {
    pub const fn asc(expr: &'static str) -> Self {
        SortKey {
            expr,
            descending: false,
        }
    }

    pub const fn desc(expr: &'static str) -> Self {
        SortKey {
            expr,
            descending: true,
        }
    }
}

/// A filtered, sorted list query over one table.
pub struct ListQuery<'a> {
    pub table: &'a str,
    pub columns: &'a str,
    /// SQL conditions joined with `AND`, using `?` placeholders.
    pub conditions: Vec<String>,
    pub params: Vec<Value>,
    /// The sort, which must end with the id so the order is total.
    pub keys: &'a [SortKey],
    /// Table with the sort columns of deleted rows, for cursors naming them.
    pub tombstones: Option<&'a str>,
}

impl ListQuery<'_> {
    /// Runs the query for one page; returns the rows and whether more follow.
    pub fn fetch<T>(
        mut self,
        connection: &Connection,
        page: &PageRequest,
        map: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> ApiResult<(Vec<T>, bool)> {
        if let Some(cursor_id) = &page.starting_after_id {
            let cursor = self.cursor_values(connection, cursor_id)?.ok_or_else(|| {
                ApiError::invalid(
                    &["query", "starting_after_id"],
                    format!("cursor {cursor_id} does not name an item of this list"),
                )
            })?;
            let clause = after_clause(self.keys, &cursor, 0, &mut self.params);
            self.conditions.push(clause);
        }

        let where_clause = if self.conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT {} FROM {} {where_clause} ORDER BY {} LIMIT {}",
            self.columns,
            self.table,
            order_by(self.keys),
            page.limit + 1
        );

        let mut statement = connection.prepare(&sql)?;
        let mut rows: Vec<T> = statement
            .query_map(rusqlite::params_from_iter(self.params.iter()), |row| {
                map(row)
            })?
            .collect::<rusqlite::Result<_>>()?;
        let has_more = rows.len() > page.limit;
        rows.truncate(page.limit);
        Ok((rows, has_more))
    }

    /// Reads the sort key of the cursor row from the live table or, for a
    /// deleted row, its tombstone.
    fn cursor_values(&self, connection: &Connection, id: &str) -> ApiResult<Option<Vec<Value>>> {
        let exprs: Vec<&str> = self.keys.iter().map(|key| key.expr).collect();
        let tables = std::iter::once(self.table).chain(self.tombstones);
        for table in tables {
            let sql = format!("SELECT {} FROM {table} WHERE id = ?1", exprs.join(", "));
            let values = connection
                .query_row(&sql, [id], |row| {
                    (0..exprs.len())
                        .map(|index| row.get::<_, Value>(index))
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .optional()?;
            if values.is_some() {
                return Ok(values);
            }
        }
        Ok(None)
    }
}

fn order_by(keys: &[SortKey]) -> String {
    keys.iter()
        .map(|key| {
            format!(
                "{} {}",
                key.expr,
                if key.descending { "DESC" } else { "ASC" }
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Builds `k0 > v0 OR (k0 = v0 AND (k1 > v1 OR ...))`, with `<` for
/// descending keys, pushing the cursor values as parameters.
fn after_clause(
    keys: &[SortKey],
    cursor: &[Value],
    index: usize,
    params: &mut Vec<Value>,
) -> String {
    let key = keys[index];
    let operator = if key.descending { "<" } else { ">" };
    params.push(cursor[index].clone());
    if index + 1 == keys.len() {
        return format!("({} {operator} ?)", key.expr);
    }
    params.push(cursor[index].clone());
    let rest = after_clause(keys, cursor, index + 1, params);
    format!(
        "({expr} {operator} ? OR ({expr} = ? AND {rest}))",
        expr = key.expr
    )
}
