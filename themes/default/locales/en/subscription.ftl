# The digest's pages behind a subscriber's signed links, said in their edition's language
# (English).

digest-subscribed = You are subscribed
digest-already-confirmed = This address is confirmed and gets the digest.
digest-thank-you = Thank you: { $email } will get the digest of { $site }. Every digest has links to change your choices or to unsubscribe.
digest-your-preferences = Your preferences
digest-ended = This subscription has ended
digest-ended-text = This address does not get the digest any more. Subscribe again to receive it.
digest-subscribe-again = Subscribe again
digest-data-deleted = Your data is deleted
digest-data-deleted-text = We deleted { $email } and everything stored with it. You will get no more digests.
digest-unsubscribed = You are unsubscribed
digest-unsubscribed-text = { $email } will get no more { $site } digests.
