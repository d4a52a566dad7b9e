# Abunəçinin imzalı keçidləri arxasındakı daycest səhifələri, buraxılışının dilində
# (Azərbaycanca).

digest-subscribed = Abunə oldunuz
digest-already-confirmed = Bu ünvan təsdiqlənib və daycesti alır.
digest-thank-you = Təşəkkür edirik: { $email } { $site } daycestini alacaq. Hər buraxılışda seçimləri dəyişmək və ya abunədən çıxmaq üçün keçidlər var.
digest-your-preferences = Seçimləriniz
digest-ended = Bu abunəlik bitib
digest-ended-text = Bu ünvan artıq daycesti almır. Almaq üçün yenidən abunə olun.
digest-subscribe-again = Yenidən abunə ol
digest-data-deleted = Məlumatlarınız silindi
digest-data-deleted-text = { $email } ünvanını və onunla saxlanılan hər şeyi sildik. Daha daycest almayacaqsınız.
digest-unsubscribed = Abunədən çıxdınız
digest-unsubscribed-text = { $email } artıq { $site } daycestlərini almayacaq.
