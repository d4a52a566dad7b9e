# İnsanlara məktublar: dəvət, parolun sıfırlanması, daycestə abunə, daycestin öz sözləri
# (Azərbaycanca). Məktub ardıcıl abzaslardır, keçid onların arasındadır.

mail-invite-subject = { $site } redaksiyasına dəvət
mail-invite-intro = { $inviter } sizi { $site } redaksiyasına dəvət edir. Rolunuz: { $role }.
mail-invite-open = Adınızı və parolunuzu seçmək üçün bu keçidi bir həftə ərzində açın:
mail-invite-once = Keçid bir dəfə işləyir. Bu məktubu gözləmirdinizsə, ona əhəmiyyət verməyin.

mail-reset-subject = { $site } üçün parolun sıfırlanması
mail-reset-intro = Kimsə, ümid edirik ki, siz, { $site } saytında { $email } hesabının parolunu sıfırlamağı xahiş edib.
mail-reset-open = Yeni parol seçmək üçün bu keçidi bir saat ərzində açın:
mail-reset-once = Keçid bir dəfə işləyir. Bunu siz istəməmisinizsə, bu məktuba əhəmiyyət verməyin: parolunuz olduğu kimi qalır.

mail-confirm-subject = { $site } daycestinə abunəliyinizi təsdiqləyin
mail-confirm-intro = Kimsə, ümid edirik ki, siz, { $site } daycestini { $email } ünvanına almaq istəyib.
mail-confirm-open = Təsdiqləmək üçün bu keçidi açın və düyməni basın:
mail-confirm-ignore = Bunu siz istəməmisinizsə, bu məktuba əhəmiyyət verməyin: sizə heç nə göndərilməyəcək.

mail-already-subject = Siz artıq { $site } daycestini alırsınız
mail-already-intro = Kimsə, ümid edirik ki, siz, { $email } ünvanını { $site } daycestinə abunə etmək istəyib. Bu ünvan onu artıq alır.
mail-already-change = Bölmələri, dili və ya tezliyi dəyişmək, yaxud abunədən çıxmaq üçün açın:

mail-digest-daily = Gündəlik daycest, { $date }
mail-digest-weekly = Həftəlik daycest, { $date }
mail-digest-why = Bu məktubu { $site } daycestinə abunə olduğunuz üçün alırsınız.
mail-digest-read-on-web = Saytda oxu
mail-digest-change = Seçimlərini dəyiş
mail-digest-unsubscribe = Abunədən çıx
mail-digest-on-web-label = Saytda
mail-digest-preferences-label = Seçimlər
