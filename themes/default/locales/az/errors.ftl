# Xəta səhifələri (Azərbaycan dili).

error-not-found-title = Səhifə tapılmadı
error-not-found = Belə səhifə yoxdur.
error-bad-request-title = Yanlış sorğu
error-forbidden-title = İcazə yoxdur
error-title = Xəta
error-server-title = Bizim tərəfdə nəsə səhv getdi
error-request-title = Bu sorğunu yerinə yetirmək mümkün olmadı
error-server = Bizim tərəfdə nəsə səhv getdi. Bir az sonra yenidən cəhd edin.
error-try-again = Bir az sonra yenidən cəhd edin.
error-write-to = Problem təkrarlanarsa, bu ünvana yazın:
error-csrf = Formanın təhlükəsizlik açarı yoxdur və ya köhnəlib. Geri qayıdın, səhifəni yeniləyin və formanı yenidən göndərin.
