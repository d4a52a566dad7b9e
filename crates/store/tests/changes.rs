//! The change feed that every node follows: committed changes are read exactly once even
//! when transactions commit out of the order of their ids, a saved position resumes, and a
//! position that does not belong to this log is refused. Run on SQLite and, when
//! configured, PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use gazette_core::changes::ChangeEntity;
use gazette_store::testing::HeldWrite;
use gazette_store::{Change, ChangeCursor, ChangePosition, Resume, Store};

/// Reads with `cursor` until `want` changes came or five seconds passed (other tests'
/// transactions on the same server can hold the feed back for a moment), then once more.
async fn read_all(store: &Store, cursor: &mut ChangeCursor, want: usize) -> Vec<Change> {
    let started = Instant::now();
    let mut seen = vec![];
    while seen.len() < want && started.elapsed() < Duration::from_secs(5) {
        seen.extend(cursor.next(store, 100).await.unwrap());
        if seen.len() < want {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    seen.extend(cursor.next(store, 100).await.unwrap());
    seen
}

/// An open write that has logged a change of article `id` and not committed yet.
async fn hold_article(store: &Store, id: i64) -> HeldWrite {
    store
        .hold_write("", ChangeEntity::Article, id)
        .await
        .unwrap()
}

fn entity_ids(changes: &[Change]) -> Vec<i64> {
    changes.iter().map(|c| c.entity_id).collect()
}

#[tokio::test]
async fn a_change_committed_after_a_later_one_is_still_read_once() {
    let Some(db) = common::postgres().await else {
        return;
    };
    let store = &db.store;
    let mut cursor = ChangeCursor::at_end(store).await.unwrap();

    // The long transaction takes the lower id, the short one a higher id and commits first.
    let long = hold_article(store, 1).await;
    let short = hold_article(store, 2).await;
    short.commit().await.unwrap();
    let ids = store.changes_since(0, 10).await.unwrap();
    assert_eq!(
        entity_ids(&ids),
        vec![2],
        "only the short one is visible yet"
    );

    // The follower reads while the long one is open: it must not step past it.
    let early = cursor.next(store, 100).await.unwrap();
    assert!(early.is_empty(), "read past an open transaction: {early:?}");
    // …and it can tell that a committed change is waiting (for the operator's warning).
    assert!(cursor.held_back_since(store).await.unwrap().is_some());

    long.commit().await.unwrap();
    let seen = read_all(store, &mut cursor, 2).await;
    let mut got = entity_ids(&seen);
    got.sort_unstable();
    assert_eq!(got, vec![1, 2], "each change exactly once: {seen:?}");
    assert!(cursor.next(store, 100).await.unwrap().is_empty());
    assert_eq!(cursor.held_back_since(store).await.unwrap(), None);

    // A rolled-back transaction leaves nothing behind and holds nothing back.
    let abandoned = hold_article(store, 3).await;
    let kept = hold_article(store, 4).await;
    kept.commit().await.unwrap();
    drop(abandoned);
    let seen = read_all(store, &mut cursor, 1).await;
    assert_eq!(entity_ids(&seen), vec![4], "{seen:?}");
}

#[tokio::test]
async fn many_writers_committing_in_any_order_are_each_read_once() {
    for db in common::each_backend().await {
        let (store, b) = (&db.store, db.backend());
        let mut cursor = ChangeCursor::at_end(store).await.unwrap();
        // Writers that commit after random delays, while the follower reads all along.
        let writers: Vec<_> = (0..20i64)
            .map(|n| {
                let store = store.clone();
                tokio::spawn(async move {
                    let held = store
                        .hold_write("", ChangeEntity::Article, 100 + n)
                        .await
                        .unwrap();
                    tokio::time::sleep(Duration::from_millis(((n * 37) % 11) as u64 * 5)).await;
                    held.commit().await.unwrap();
                })
            })
            .collect();
        let mut seen = vec![];
        while writers.iter().any(|w| !w.is_finished()) {
            seen.extend(cursor.next(store, 7).await.unwrap());
            tokio::time::sleep(Duration::from_millis(3)).await;
        }
        for w in writers {
            w.await.unwrap();
        }
        let rest = 20usize.saturating_sub(seen.len());
        seen.extend(read_all(store, &mut cursor, rest).await);
        let mut got = entity_ids(&seen);
        got.sort_unstable();
        assert_eq!(got, (100..120).collect::<Vec<_>>(), "{b:?}: {seen:?}");
        let positions: Vec<_> = seen.iter().map(|c| c.position).collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "{b:?}: read out of order: {positions:?}"
        );
    }
}

#[tokio::test]
async fn a_follower_resumes_where_it_stopped_and_refuses_a_foreign_position() {
    for db in common::each_backend().await {
        let (store, b) = (&db.store, db.backend());
        for id in 1..=3 {
            let held = store.hold_write("", ChangeEntity::Tag, id).await.unwrap();
            held.commit().await.unwrap();
        }
        let mut cursor = ChangeCursor::from_start();
        let first = read_all(store, &mut cursor, 3).await;
        assert_eq!(entity_ids(&first), vec![1, 2, 3], "{b:?}");
        // The node stops; its position is kept as text (the search index's marker file).
        let saved = cursor.position().to_string();
        let held = store.hold_write("", ChangeEntity::Tag, 4).await.unwrap();
        held.commit().await.unwrap();

        let position: ChangePosition = saved.parse().unwrap();
        let Resume::From(mut resumed) = ChangeCursor::resume(store, position).await.unwrap() else {
            panic!("{b:?}: a position of this log was refused");
        };
        let later = read_all(store, &mut resumed, 1).await;
        assert_eq!(
            entity_ids(&later),
            vec![4],
            "{b:?}: only what came while down"
        );

        // A position beyond the end of the log was taken on another database.
        let foreign = ChangePosition {
            tx: position.tx + 1_000_000,
            id: position.id + 1000,
        };
        match ChangeCursor::resume(store, foreign).await.unwrap() {
            Resume::Stale { head } => assert_eq!(head.position(), resumed.position(), "{b:?}"),
            Resume::From(_) => panic!("{b:?}: a foreign position was trusted"),
        }
    }
}

#[tokio::test]
async fn a_log_restored_into_another_server_is_reordered_so_new_changes_follow_it() {
    let Some(db) = common::postgres().await else {
        return;
    };
    let store = &db.store;
    for id in 1..=2 {
        let held = store.hold_write("", ChangeEntity::Tag, id).await.unwrap();
        held.commit().await.unwrap();
    }
    // As if the rows came from a server whose transaction numbers ran far ahead of ours.
    store
        .execute_raw("UPDATE changes SET tx = tx + 4000000000000")
        .await
        .unwrap();
    // A follower of the old server had read both.
    let old = store.changes_since(0, 10).await.unwrap()[1].position;
    store.migrate().await.unwrap();

    let held = store.hold_write("", ChangeEntity::Tag, 3).await.unwrap();
    held.commit().await.unwrap();
    let mut cursor = ChangeCursor::from_start();
    let all = read_all(store, &mut cursor, 3).await;
    assert_eq!(entity_ids(&all), vec![1, 2, 3], "{all:?}");
    assert!(matches!(
        ChangeCursor::resume(store, old).await.unwrap(),
        Resume::Stale { .. }
    ));
}

#[test]
fn a_position_reads_back_from_its_text_and_nothing_else_passes() {
    let p = ChangePosition { tx: 812, id: 44 };
    assert_eq!(p.to_string().parse::<ChangePosition>(), Ok(p));
    // A marker written before positions had two parts: those changes all had tx 0.
    assert_eq!("57".parse(), Ok(ChangePosition { tx: 0, id: 57 }));
    for bad in [
        "",
        ":",
        "1:",
        ":2",
        "-1:3",
        "1:-3",
        "a:b",
        "1:2:3",
        "99999999999999999999",
        "1.5",
    ] {
        let err = bad.parse::<ChangePosition>().unwrap_err();
        assert!(err.to_string().contains("TX:ID"), "{bad:?}: {err}");
    }
}
