# Bir formun neden kabul edilmediği: çekirdeğin verdiği retler (makale alanları, durum
# geçişleri, bülten adresleri ve tercihleri). Türkçe.

field-title = Başlık
field-subtitle = Alt başlık
field-excerpt = Özet
field-body = Metin
field-meta-description = Arama motorları için açıklama
field-source-outlet = Kaynak yayın
field-source-url = Kaynak adresi
field-source-language = Kaynak dili
field-assignment-note = Görev notu
field-tags = Etiket listesi
problem-not-a-choice = { $field }: `{ $value }` seçenekler arasında yok.
problem-publish-at-shape = `{ $value }` yayım zamanı 2026-05-01T09:30 gibi bir tarih ve saat değil.
problem-tz-offset = `{ $value }` saat dilimi farkı bir dakika sayısı değil.
problem-correction-empty = Düzeltme boş: neyin yanlış olduğunu ve şimdi neyin doğru olduğunu yazın.
problem-correction-too-long = Düzeltme çok uzun: en fazla { $max } karakter.
problem-slug-taken = `{ $value }` adresi (kısa ad) zaten başka bir makale veya sayfa tarafından kullanılıyor; başka bir tane seçin.
problem-field-too-long = { $field } çok uzun: en fazla { $max } karakter.
problem-title-empty = Başlık boş: her makalenin bir başlığı olmalı.
problem-slug-from-title = Bu başlıktan adres (kısa ad) oluşturulamıyor: a-z harfleri, rakamlar ve kısa çizgilerle kendiniz yazın.
problem-slug-invalid = `{ $value }` adresi (kısa ad) geçerli değil: { $reason }. Küçük a-z harfleri, rakamlar ve kısa çizgiler kullanın.
problem-slug-empty = adres boş; küçük harfler, rakamlar ve kısa çizgiler kullanın, ör. `grain-prices-rise`
problem-slug-too-long = adres { $len } karakter; en fazla 200 olabilir
problem-slug-character = adreste `{ $char }` (U+{ $code }) var; yalnızca küçük a–z, 0–9 rakamları ve kısa çizgi kullanılabilir
problem-slug-leading-hyphen = adres kısa çizgiyle başlıyor; bir harf veya rakamla başlamalı
problem-slug-trailing-hyphen = adres kısa çizgiyle bitiyor; bir harf veya rakamla bitmeli
problem-slug-double-hyphen = adreste art arda iki kısa çizgi var; sözcükleri tek kısa çizgiyle ayırın
problem-slug-reserved = `{ $value }` sitenin kendisi tarafından kullanılıyor; başka bir adres seçin
problem-kind = `{ $value }` türü özgün, çeviri veya yeniden yayım değil.
problem-language-code = `{ $value }` dili tr veya pt-BR gibi bir dil kodu değil.
problem-source-outlet = { $kind ->
    [translation] Bir çeviri için kaynak yayının adı gerekir.
   *[other] Bir yeniden yayım için kaynak yayının adı gerekir.
}
problem-source-url = { $kind ->
    [translation] Bir çeviri için özgün metnin adresi gerekir.
   *[other] Bir yeniden yayım için özgün metnin adresi gerekir.
}
problem-source-url-shape = `{ $value }` kaynak adresi https:// ile başlayan bir web adresi değil.
problem-tag-too-long = `{ $value }…` etiketi çok uzun: en fazla { $max } karakter.
problem-tag-no-letters = `{ $value }` etiketinde harf veya rakam yok.
problem-status-move = “{ $from }” durumundaki bir makale “{ $to }” durumuna geçemez.
problem-status-new = Yeni bir makale doğrudan “{ $to }” durumuna geçemez.
problem-publish-at-missing = Yayımlanacağı tarihi ve saati seçin.
problem-publish-at-past = Yayım zamanı geçmişte: daha ileri bir zaman seçin ya da şimdi yayımlayın.
problem-address-empty = E-posta adresinizi girin, ör. name@example.org.
problem-address-too-long = E-posta adresi çok uzun: en fazla { $max } karakter.
problem-address-control = E-posta adresinde satır sonu veya başka bir denetim karakteri var. Yalnızca adresi girin, ör. name@example.org.
problem-address-separator = E-posta adresinde boşluk, virgül veya parantez var. Tek bir adres girin, ör. name@example.org.
problem-address-shape = `{ $value }`, name@example.org gibi bir e-posta adresi değil.
problem-choice-frequency = Bülteni ne sıklıkla istediğinizi seçin: günlük veya haftalık.
problem-choice-section = `{ $value }` bölümü yok. Sayfayı yenileyip yeniden seçin.
problem-choice-language = Bülten `{ $value }` dilinde yayımlanmıyor. Sunulan dillerden birini seçin.
problem-subscribe-limited = Bu adres için ya da ağınızdan çok fazla abonelik isteği geldi. { $minutes } dakika sonra yeniden deneyin.
