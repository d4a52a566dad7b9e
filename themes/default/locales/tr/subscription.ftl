# Abonenin imzalı bağlantılarının açtığı bülten sayfaları, sayısının dilinde (Türkçe).

digest-subscribed = Abone oldunuz
digest-already-confirmed = Bu adres onaylandı ve bülteni alıyor.
digest-thank-you = Teşekkürler: { $email } artık { $site } bültenini alacak. Her bültende tercihlerinizi değiştirmek veya abonelikten çıkmak için bağlantılar var.
digest-your-preferences = Tercihleriniz
digest-ended = Bu abonelik sona erdi
digest-ended-text = Bu adres artık bülteni almıyor. Yeniden almak için tekrar abone olun.
digest-subscribe-again = Yeniden abone ol
digest-data-deleted = Verileriniz silindi
digest-data-deleted-text = { $email } adresini ve onunla saklanan her şeyi sildik. Artık bülten almayacaksınız.
digest-unsubscribed = Abonelikten çıktınız
digest-unsubscribed-text = { $email } artık { $site } bültenlerini almayacak.
