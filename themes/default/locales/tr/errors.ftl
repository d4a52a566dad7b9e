# Hata sayfaları (Türkçe).

error-not-found-title = Sayfa bulunamadı
error-not-found = Böyle bir sayfa yok.
error-bad-request-title = Geçersiz istek
error-forbidden-title = İzin yok
error-title = Hata
error-server-title = Bizim tarafımızda bir sorun oluştu
error-request-title = Bu istek tamamlanamadı
error-server = Bizim tarafımızda bir sorun oluştu. Lütfen biraz sonra yeniden deneyin.
error-try-again = Lütfen biraz sonra yeniden deneyin.
error-write-to = Sorun sürerse şu adrese yazın:
error-csrf = Formun güvenlik anahtarı eksik ya da süresi dolmuş. Geri dönün, sayfayı yenileyin ve formu yeniden gönderin.
