# Haber çöp kutusu (issue 17) ve denetim kaydındaki API anahtarları.
status-trashed = çöp kutusu
notice-article-trashed = Çöp kutusuna taşındı: okurlar artık görmüyor. Buradan geri yükleyin ya da kalıcı olarak silin.
notice-article-untrashed = Çöp kutusundan taslak olarak geri yüklendi.
bulk-review = İncelemeye gönder
bulk-publish = Yayımla
bulk-unpublish = Yayından kaldır
bulk-draft = Taslağa taşı
bulk-trash = Çöp kutusuna taşı
bulk-restore = Taslak olarak geri yükle
bulk-purge = Kalıcı olarak sil
trash-in-hint = Bu haber çöp kutusunda: okurlar görmüyor. Yeniden düzenlemek için taslak olarak geri yükleyin ya da kalıcı olarak silin.
trash-article-hint = Okurlar onu hemen görmez olur. Haber çöp kutusunda bekler; oradan taslak olarak geri yüklenebilir ya da kalıcı olarak silinebilir.
trash-list-hint = Çöp kutusundaki haberler okurlardan, beslemelerden, aramadan ve site haritalarından gizlenir. Onları taslak olarak geri yükleyin ya da kalıcı olarak silin.
audit-by-api-key = { $name } anahtarı ({ $role } olarak)
