# İnsanlara giden e-postalar: davet, parola sıfırlama, bülten aboneliği, bültenin kendi
# sözleri (Türkçe). Her e-posta sırayla paragraflarıdır, bağlantı aralarındadır.

mail-invite-subject = { $site } haber merkezine davet
mail-invite-intro = { $inviter } sizi { $site } haber merkezine davet ediyor. Rolünüz: { $role }.
mail-invite-open = Adınızı ve parolanızı seçmek için bu bağlantıyı bir hafta içinde açın:
mail-invite-once = Bağlantı yalnızca bir kez çalışır. Bu e-postayı beklemiyorduysanız dikkate almayın.

mail-reset-subject = { $site } parolanızı sıfırlayın
mail-reset-intro = Birisi, umarız sizsiniz, { $site } sitesindeki { $email } hesabının parolasını sıfırlamak istedi.
mail-reset-open = Yeni bir parola seçmek için bu bağlantıyı bir saat içinde açın:
mail-reset-once = Bağlantı yalnızca bir kez çalışır. Bunu siz istemediyseniz bu e-postayı dikkate almayın: parolanız olduğu gibi kalır.

mail-confirm-subject = { $site } bültenine aboneliğinizi onaylayın
mail-confirm-intro = Birisi, umarız sizsiniz, { $site } bülteninin { $email } adresine gönderilmesini istedi.
mail-confirm-open = Onaylamak için bu bağlantıyı açıp düğmeye basın:
mail-confirm-ignore = Bunu siz istemediyseniz bu e-postayı dikkate almayın: size hiçbir şey gönderilmeyecek.

mail-already-subject = { $site } bültenini zaten alıyorsunuz
mail-already-intro = Birisi, umarız sizsiniz, { $email } adresini { $site } bültenine abone etmek istedi. Bu adres bülteni zaten alıyor.
mail-already-change = Bölümleri, dili veya sıklığı değiştirmek ya da abonelikten çıkmak için açın:

mail-digest-daily = Günlük bülten, { $date }
mail-digest-weekly = Haftalık bülten, { $date }
mail-digest-why = Bu e-postayı { $site } bültenine abone olduğunuz için alıyorsunuz.
mail-digest-read-on-web = Sitede oku
mail-digest-change = Tercihlerini değiştir
mail-digest-unsubscribe = Abonelikten çık
mail-digest-on-web-label = Sitede
mail-digest-preferences-label = Tercihler
