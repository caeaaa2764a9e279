"""What to tell a player whose document photo failed a quality check, in Turkish and English.

Short, concrete instructions a support agent can paste into a chat as they are. Keys are
the quality codes of `kyc_service.documents.quality`.
"""

from __future__ import annotations

from types import MappingProxyType

GUIDANCE: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType({
    code: MappingProxyType(texts) for code, texts in {
        "no_document": {
            "tr": "Fotoğrafta belge göremedik. Belgenizi düz bir zemine koyup tamamı "
                  "görünecek şekilde yeniden çekin.",
            "en": "We could not see a document in the photo. Place your document on a "
                  "flat surface and take a new photo showing all of it.",
        },
        "cut_off": {
            "tr": "Belgenin bir kısmı kadrajın dışında kalmış. Dört köşesi de görünecek "
                  "şekilde biraz uzaklaşıp yeniden çekin.",
            "en": "Part of the document is outside the frame. Move back a little so all "
                  "four corners are visible, then take the photo again.",
        },
        "glare": {
            "tr": "Belgenin üzerinde parlama var. Flaşı kapatın, belgeyi hafifçe eğin veya "
                  "doğrudan ışık almayan bir yerde yeniden çekin.",
            "en": "There is glare on the document. Turn off the flash, tilt the document "
                  "slightly or move away from direct light, then try again.",
        },
        "blurry": {
            "tr": "Fotoğraf bulanık. Telefonu sabit tutun, netleşmesi için ekranda belgeye "
                  "dokunun ve yeniden çekin.",
            "en": "The photo is blurry. Hold your phone still, tap the document on the "
                  "screen to focus, and take the photo again.",
        },
        "too_dark": {
            "tr": "Fotoğraf çok karanlık. Aydınlık bir ortamda, belgeyi koyu renkli düz "
                  "bir zemine koyarak yeniden çekin.",
            "en": "The photo is too dark. Move to a well-lit place, put the document on a "
                  "dark flat surface and try again.",
        },
        "overexposed": {
            "tr": "Fotoğraf çok parlak, yazılar okunmuyor. Flaşı kapatın ve belgeyi "
                  "doğrudan güneş ışığından uzakta yeniden çekin.",
            "en": "The photo is too bright to read. Turn off the flash and keep the "
                  "document out of direct sunlight, then try again.",
        },
        "too_small": {
            "tr": "Belge fotoğrafta çok küçük görünüyor. Telefonu yaklaştırın; belge "
                  "kadrajın büyük bölümünü kaplasın.",
            "en": "The document looks too small in the photo. Move your phone closer so "
                  "the document fills most of the frame.",
        },
        "low_resolution": {
            "tr": "Fotoğrafın çözünürlüğü düşük. Ekran görüntüsü veya sıkıştırılmış resim "
                  "yerine telefonunuzun kamerasıyla çekilmiş orijinal fotoğrafı yükleyin.",
            "en": "The photo resolution is too low. Upload the original photo from your "
                  "phone camera, not a screenshot or a compressed image.",
        },
        "wrong_side": {
            "tr": "Belgenin yanlış yüzü yüklenmiş. Ön yüz için fotoğraflı yüzü, arka yüz "
                  "için alt kısmında kodlu satırlar bulunan yüzü çekin.",
            "en": "This is the other side of the card. For the front, photograph the side "
                  "with your photo; for the back, the side with the coded lines at the "
                  "bottom.",
        },
    }.items()
})


def guidance_for(code: str) -> dict[str, str]:
    """Instructions for one quality code: {"tr": ..., "en": ...}; KeyError if unknown."""
    return dict(GUIDANCE[code])
