//! Named leases on both backends: one holder at a time among racing claimants, renewal
//! only by the holder, and a lease that was not renewed free for the next claimant.

mod common;

#[tokio::test]
async fn one_holder_at_a_time_until_released_or_expired() {
    for db in common::each_backend().await {
        let store = &db.store;
        let backend = db.backend();
        // Eight claimants race for a free lease: exactly one wins.
        let claims = race_for_lease(store, 8).await;
        let winners: Vec<_> = claims.iter().filter(|(_, held)| held.is_none()).collect();
        assert_eq!(winners.len(), 1, "{backend:?}: {claims:?}");
        let winner = winners[0].0.clone();
        for (who, held) in &claims {
            if *who != winner {
                let held = held.as_ref().unwrap();
                assert_eq!(
                    held.holder, winner,
                    "{backend:?}: the loser is told who holds it"
                );
                assert_eq!((held.taken_at, held.expires_at), (100, 190));
            }
        }
        // Only the holder renews; the holder may take it again.
        assert!(store.renew_lease("import", &winner, 150, 90).await.unwrap());
        assert!(
            !store
                .renew_lease("import", "someone else", 150, 90)
                .await
                .unwrap()
        );
        assert_eq!(
            store.take_lease("import", &winner, 151, 90).await.unwrap(),
            None
        );
        // Not expired yet: refused; once expired: the next claimant gets it.
        let held = store.take_lease("import", "late", 200, 90).await.unwrap();
        assert_eq!(held.map(|h| h.holder), Some(winner.clone()), "{backend:?}");
        assert_eq!(
            store.take_lease("import", "late", 242, 90).await.unwrap(),
            None
        );
        assert!(!store.renew_lease("import", &winner, 243, 90).await.unwrap());
        // Releasing by someone else does nothing; by the holder frees it.
        store.release_lease("import", &winner).await.unwrap();
        assert!(
            store
                .take_lease("import", "third", 243, 90)
                .await
                .unwrap()
                .is_some()
        );
        store.release_lease("import", "late").await.unwrap();
        assert_eq!(
            store.take_lease("import", "third", 243, 90).await.unwrap(),
            None
        );
        // Leases of other names are independent.
        assert_eq!(
            store.take_lease("other", "late", 243, 90).await.unwrap(),
            None
        );
    }
}

/// `n` claimants taking the lease `import` at time 100 for 90 s, all at once.
#[allow(clippy::expect_used)]
async fn race_for_lease(
    store: &gazette_store::Store,
    n: usize,
) -> Vec<(String, Option<gazette_store::LeaseHolder>)> {
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..n {
        let store = store.clone();
        tasks.spawn(async move {
            let who = format!("claimant {i}");
            let held = store.take_lease("import", &who, 100, 90).await;
            (who, held)
        });
    }
    let mut out = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (who, held) = done.expect("claimant task");
        out.push((who, held.expect("take_lease")));
    }
    out
}
