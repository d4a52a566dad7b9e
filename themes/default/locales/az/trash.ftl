# Məqalələrin zibil qutusu (issue 17) və audit jurnalında API açarları.
status-trashed = zibil qutusu
notice-article-trashed = Zibil qutusuna atıldı: oxucular artıq onu görmür. Buradan bərpa edin və ya həmişəlik silin.
notice-article-untrashed = Zibil qutusundan qaralama kimi bərpa edildi.
bulk-review = Yoxlamaya göndər
bulk-publish = Dərc et
bulk-unpublish = Dərcdən çıxar
bulk-draft = Qaralamaya keçir
bulk-trash = Zibil qutusuna at
bulk-restore = Qaralama kimi bərpa et
bulk-purge = Həmişəlik sil
trash-in-hint = Bu məqalə zibil qutusundadır: oxucular onu görmür. Yenidən redaktə etmək üçün qaralama kimi bərpa edin və ya həmişəlik silin.
trash-article-hint = Oxucular onu dərhal görməz olur. Məqalə zibil qutusunda gözləyir: orada qaralama kimi bərpa oluna və ya həmişəlik silinə bilər.
trash-list-hint = Zibil qutusundakı məqalələr oxuculardan, lentlərdən, axtarışdan və sayt xəritələrindən gizlədilir. Onları qaralama kimi bərpa edin və ya həmişəlik silin.
audit-by-api-key = { $name } açarı ({ $role } kimi)
