# Formanın niyə qəbul olunmadığı: nüvənin verdiyi imtinalar (məqalə sahələri, status
# keçidləri, daycest ünvanları və seçimləri). Azərbaycanca.

field-title = Başlıq
field-subtitle = Alt başlıq
field-excerpt = Qısa məzmun
field-body = Mətn
field-meta-description = Axtarış sistemləri üçün təsvir
field-source-outlet = Mənbə nəşr
field-source-url = Mənbənin ünvanı
field-source-language = Mənbənin dili
field-assignment-note = Tapşırıq qeydi
field-tags = Teqlərin siyahısı
problem-not-a-choice = { $field }: `{ $value }` seçimlər arasında yoxdur.
problem-publish-at-shape = `{ $value }` dərc vaxtı 2026-05-01T09:30 kimi tarix və vaxt deyil.
problem-tz-offset = `{ $value }` saat qurşağı fərqi dəqiqə sayı deyil.
problem-correction-empty = Düzəliş boşdur: nəyin səhv olduğunu və indi nəyin düzgün olduğunu yazın.
problem-correction-too-long = Düzəliş çox uzundur: ən çoxu { $max } simvol.
problem-slug-taken = `{ $value }` ünvanı (slug) artıq başqa məqalə və ya səhifədədir; başqasını seçin.
problem-field-too-long = { $field } çox uzundur: ən çoxu { $max } simvol.
problem-title-empty = Başlıq boşdur: hər məqalənin başlığı olmalıdır.
problem-slug-from-title = Bu başlıqdan ünvan (slug) düzəltmək olmur: a-z hərfləri, rəqəmlər və defislərlə özünüz yazın.
problem-slug-invalid = `{ $value }` ünvanı (slug) yararsızdır: { $reason }. Kiçik a-z hərfləri, rəqəmlər və defislərdən istifadə edin.
problem-slug-empty = ünvan boşdur; kiçik hərflər, rəqəmlər və defislər yazın, məs. `grain-prices-rise`
problem-slug-too-long = ünvan { $len } simvoldur; ən çoxu 200 ola bilər
problem-slug-character = ünvanda `{ $char }` (U+{ $code }) var; yalnız kiçik a–z, 0–9 rəqəmləri və defislər olar
problem-slug-leading-hyphen = ünvan defislə başlayır; hərf və ya rəqəmlə başlamalıdır
problem-slug-trailing-hyphen = ünvan defislə bitir; hərf və ya rəqəmlə bitməlidir
problem-slug-double-hyphen = ünvanda ardıcıl iki defis var; sözləri bir defislə ayırın
problem-slug-reserved = `{ $value }` saytın özünə aiddir; başqa ünvan seçin
problem-kind = `{ $value }` növü orijinal, tərcümə və ya təkrar nəşr deyil.
problem-language-code = `{ $value }` dili az və ya pt-BR kimi dil kodu deyil.
problem-source-outlet = { $kind ->
    [translation] Tərcümə üçün mənbə nəşrin adı lazımdır.
   *[other] Təkrar nəşr üçün mənbə nəşrin adı lazımdır.
}
problem-source-url = { $kind ->
    [translation] Tərcümə üçün orijinalın ünvanı lazımdır.
   *[other] Təkrar nəşr üçün orijinalın ünvanı lazımdır.
}
problem-source-url-shape = `{ $value }` mənbə ünvanı https:// ilə başlayan veb ünvan deyil.
problem-tag-too-long = `{ $value }…` teqi çox uzundur: ən çoxu { $max } simvol.
problem-tag-no-letters = `{ $value }` teqində nə hərf, nə də rəqəm var.
problem-status-move = “{ $from }” statuslu məqalə “{ $to }” statusuna keçə bilməz.
problem-status-new = Yeni məqalə birbaşa “{ $to }” statusuna keçə bilməz.
problem-publish-at-missing = Dərc tarixini və vaxtını seçin.
problem-publish-at-past = Dərc vaxtı artıq keçib: daha gec vaxt seçin və ya indi dərc edin.
problem-address-empty = E-poçt ünvanınızı yazın, məs. name@example.org.
problem-address-too-long = E-poçt ünvanı çox uzundur: ən çoxu { $max } simvol.
problem-address-control = E-poçt ünvanında sətir keçidi və ya başqa idarəetmə simvolu var. Yalnız ünvanı yazın, məs. name@example.org.
problem-address-separator = E-poçt ünvanında boşluq, vergül və ya mötərizə var. Bir ünvan yazın, məs. name@example.org.
problem-address-shape = `{ $value }` name@example.org kimi e-poçt ünvanı deyil.
problem-choice-frequency = Daycesti nə qədər tez-tez almaq istədiyinizi seçin: hər gün və ya həftədə bir.
problem-choice-section = `{ $value }` bölməsi yoxdur. Səhifəni yeniləyin və yenidən seçin.
problem-choice-language = Daycest `{ $value }` dilində çıxmır. Təklif olunan dillərdən birini seçin.
problem-subscribe-limited = Bu ünvandan və ya şəbəkənizdən həddindən çox abunə sorğusu gəlib. { $minutes } dəqiqə sonra yenidən cəhd edin.
