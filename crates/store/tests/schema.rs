//! The two migration trees (SQLite and PostgreSQL) must build the same schema: the queries
//! are written once for both, so a column or index missing on one backend is a bug that only
//! shows under load or on the other backend.

mod common;

#[tokio::test]
async fn both_migration_trees_define_the_same_tables_columns_and_indexes() {
    let sqlite = common::sqlite().await;
    let lite = sqlite.store.schema_outline().await.unwrap();
    assert!(lite.contains_key("articles"), "{:?}", lite.keys());
    assert!(
        lite.values().any(|t| !t.indexes.is_empty()),
        "no named index found on SQLite"
    );
    let Some(pg) = common::postgres().await else {
        return;
    };
    let pg = pg.store.schema_outline().await.unwrap();
    let names = |o: &gazette_store::SchemaOutline| o.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&lite),
        names(&pg),
        "tables differ (SQLite left, PostgreSQL right)"
    );
    for (table, l) in &lite {
        let p = &pg[table];
        assert_eq!(
            l.columns, p.columns,
            "columns of `{table}` (name: NOT NULL) differ"
        );
        assert_eq!(
            l.indexes, p.indexes,
            "indexes of `{table}` (name: unique) differ"
        );
    }
}
