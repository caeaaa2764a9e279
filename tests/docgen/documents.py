"""Renderers for the documents players upload, laid out at 300 dpi on true physical sizes.

Layouts follow the public specimens of the 2017 Turkish ID card and the Turkish passport
data page closely enough for quality checks and OCR: bilingual labels, a tinted security
background, a photo box, and an ICAO machine-readable zone in OCR-B.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from PIL import Image, ImageDraw

from tests.docgen.drawing import (
    SANS_BOLD,
    SANS_NARROW,
    SANS_NARROW_BOLD,
    draw_field,
    draw_mrz,
    face_placeholder,
    font,
    guilloche,
    mm,
)
from tests.docgen.identity import Identity
from tests.docgen.mrz_text import td1_lines, td3_lines

ID1_MM = (85.60, 53.98)
PASSPORT_PAGE_MM = (125.0, 88.0)
A4_MM = (210.0, 297.0)
ISSUING_AUTHORITY = "T.C. İÇİŞLERİ BAKANLIĞI"


def _dmy(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _canvas(size_mm: tuple[float, float], seed: str, base: tuple[int, int, int],
            ink: tuple[int, int, int]) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    size = (mm(size_mm[0]), mm(size_mm[1]))
    image = guilloche(size, base, ink, random.Random(seed))
    return image, ImageDraw.Draw(image)


def _card_header(draw: ImageDraw.ImageDraw, title_tr: str, title_en: str) -> None:
    draw.rectangle((mm(3), mm(3), mm(11), mm(8.5)), fill=(200, 16, 46))
    draw.ellipse((mm(5.2), mm(4.2), mm(8.6), mm(7.4)), fill=(245, 245, 245))
    draw.ellipse((mm(6.0), mm(4.6), mm(9.0), mm(7.0)), fill=(200, 16, 46))
    draw.text((mm(13), mm(2.6)), "TÜRKİYE CUMHURİYETİ KİMLİK KARTI",
              font=font(SANS_BOLD, mm(2.3)), fill=(160, 20, 40))
    draw.text((mm(13), mm(5.6)), f"{title_tr} / {title_en}",
              font=font(SANS_NARROW, mm(2.0)), fill=(70, 70, 100))


def render_id_front(identity: Identity) -> Image.Image:
    """Front of the Turkish ID card: photo on the left, bilingual fields, chip, signature."""
    image, draw = _canvas(ID1_MM, f"front{identity.national_id}", (226, 232, 240),
                          (170, 160, 200))
    _card_header(draw, "REPUBLIC OF TÜRKİYE", "IDENTITY CARD")
    photo = face_placeholder((mm(24), mm(31)), random.Random(identity.national_id))
    image.paste(photo, (mm(3.5), mm(12)))
    draw.rectangle((mm(3.5), mm(12), mm(27.5), mm(43)), outline=(90, 90, 110), width=2)
    draw.text((mm(3.5), mm(45)), identity.national_id, font=font(SANS_NARROW_BOLD, mm(2.6)),
              fill=(15, 15, 20))
    label, value = mm(1.55), mm(2.45)
    draw_field(draw, (30, 10.5), "T.C. Kimlik No / TR Identity No", identity.national_id,
               label, value)
    draw_field(draw, (30, 16.5), "Soyadı / Surname", identity.surname, label, value)
    draw_field(draw, (30, 22.5), "Adı / Given Name(s)", identity.given_names, label, value)
    draw_field(draw, (30, 28.5), "Doğum Tarihi / Date of Birth", _dmy(identity.birth_date),
               label, value)
    gender = "E / M" if identity.sex == "M" else "K / F"
    draw_field(draw, (58, 28.5), "Cinsiyeti / Gender", gender, label, value)
    draw_field(draw, (30, 34.5), "Seri No / Document No", identity.document_number,
               label, value)
    draw_field(draw, (58, 34.5), "Uyruğu / Nationality", "T.C. / TUR", label, value)
    draw_field(draw, (30, 40.5), "Son Geçerlilik / Valid Until", _dmy(identity.expiry_date),
               label, value)
    draw.text((mm(58), mm(40.5)), "İmza / Signature", font=font(SANS_NARROW, label),
              fill=(60, 60, 90))
    sx, sy = mm(60), mm(46)
    draw.line([(sx, sy), (sx + mm(4), sy - mm(3)), (sx + mm(7), sy), (sx + mm(12), sy - mm(2)),
               (sx + mm(18), sy + mm(1))], fill=(30, 40, 110), width=4)
    chip = (mm(70), mm(12), mm(81), mm(20.5))
    draw.rounded_rectangle(chip, mm(1.2), fill=(214, 176, 90), outline=(150, 115, 50), width=3)
    draw.line((chip[0], mm(16.2), chip[2], mm(16.2)), fill=(150, 115, 50), width=3)
    draw.line((mm(75.5), chip[1], mm(75.5), chip[3]), fill=(150, 115, 50), width=3)
    ghost = face_placeholder((mm(9), mm(12)), random.Random(identity.national_id), faded=True)
    image.paste(ghost, (mm(72), mm(22)))
    return image


def render_id_back(identity: Identity) -> Image.Image:
    """Back of the Turkish ID card: parents, issuing authority and a 3-line TD1 MRZ."""
    image, draw = _canvas(ID1_MM, f"back{identity.national_id}", (232, 234, 226),
                          (190, 170, 150))
    label, value = mm(1.55), mm(2.45)
    draw_field(draw, (5, 4), "Anne Adı / Mother's Name", identity.mother_name, label, value)
    draw_field(draw, (40, 4), "Baba Adı / Father's Name", identity.father_name, label, value)
    draw_field(draw, (5, 10.5), "Veren Makam / Issued By", ISSUING_AUTHORITY, label, value)
    draw.rectangle((0, mm(35.2), mm(ID1_MM[0]), mm(ID1_MM[1])), fill=(244, 244, 240))
    draw_mrz(draw, td1_lines(identity), left_mm=5.6, bottom_mm=4.0, height_mm=ID1_MM[1])
    return image


def render_passport(identity: Identity) -> Image.Image:
    """Passport data page: photo box, bilingual fields and a 2-line TD3 MRZ."""
    image, draw = _canvas(PASSPORT_PAGE_MM, f"pass{identity.passport_number}",
                          (236, 228, 226), (200, 150, 160))
    draw.text((mm(38), mm(4)), "TÜRKİYE CUMHURİYETİ / REPUBLIC OF TÜRKİYE",
              font=font(SANS_BOLD, mm(2.8)), fill=(140, 20, 40))
    draw.text((mm(38), mm(8.5)), "PASAPORT / PASSPORT", font=font(SANS_BOLD, mm(2.4)),
              fill=(80, 60, 90))
    photo = face_placeholder((mm(32), mm(42)), random.Random(identity.passport_number))
    image.paste(photo, (mm(5), mm(16)))
    label, value = mm(1.9), mm(3.0)
    issue = identity.expiry_date - timedelta(days=365 * 10)
    fields = [
        ((40, 14), "Tipi / Type", "P"), ((62, 14), "Ülke Kodu / Country Code", "TUR"),
        ((95, 14), "Pasaport No / Passport No", identity.passport_number),
        ((40, 22), "Soyadı / Surname", identity.surname),
        ((40, 30), "Adı / Given Name(s)", identity.given_names),
        ((40, 38), "Uyruğu / Nationality", "T.C. / TUR"),
        ((85, 38), "T.C. Kimlik No / Personal No", identity.national_id),
        ((40, 46), "Doğum Tarihi / Date of Birth", _dmy(identity.birth_date)),
        ((85, 46), "Cinsiyeti / Sex", "E / M" if identity.sex == "M" else "K / F"),
        ((40, 54), "Veriliş Tarihi / Date of Issue", _dmy(issue)),
        ((85, 54), "Geçerlilik Tarihi / Date of Expiry", _dmy(identity.expiry_date)),
        ((40, 62), "Makam / Authority", "NÜFUS VE VATANDAŞLIK İŞLERİ"),
    ]
    for at_mm, text, content in fields:
        draw_field(draw, at_mm, text, content, label, value)
    draw.rectangle((0, mm(70), mm(PASSPORT_PAGE_MM[0]), mm(PASSPORT_PAGE_MM[1])),
                   fill=(246, 242, 240))
    draw_mrz(draw, td3_lines(identity), left_mm=6.5, bottom_mm=5.5,
             height_mm=PASSPORT_PAGE_MM[1])
    return image


def render_utility_bill(identity: Identity, issue_date: date, rng: random.Random) -> Image.Image:
    """A4 electricity/water/gas/internet bill with Turkish labels, holder, address, amounts."""
    size = (mm(A4_MM[0]), mm(A4_MM[1]))
    image = Image.new("RGB", size, (250, 250, 247))
    draw = ImageDraw.Draw(image)
    company, service = rng.choice([
        ("Boğaziçi Elektrik Dağıtım A.Ş.", "Elektrik"), ("İSKİ Su ve Kanalizasyon", "Su"),
        ("Başkent Doğalgaz Dağıtım A.Ş.", "Doğalgaz"), ("Türk Telekom A.Ş.", "İnternet"),
    ])
    accent = rng.choice([(0, 90, 160), (200, 90, 0), (0, 130, 90), (120, 0, 120)])
    draw.rectangle((0, 0, size[0], mm(28)), fill=accent)
    draw.text((mm(15), mm(8)), company, font=font(SANS_BOLD, mm(6)), fill=(255, 255, 255))
    draw.text((mm(15), mm(36)), f"{service.upper()} FATURASI", font=font(SANS_BOLD, mm(5)),
              fill=(20, 20, 20))
    body, bold = font(SANS_NARROW, mm(3.6)), font(SANS_NARROW_BOLD, mm(3.6))
    due = issue_date + timedelta(days=rng.randint(10, 20))
    start = issue_date - timedelta(days=30)
    rows = [
        ("Ad Soyad", f"{identity.given_names} {identity.surname}"),
        ("Adres", identity.address),
        ("Abone No", str(rng.randint(10_000_000, 99_999_999))),
        ("Tesisat No", str(rng.randint(1_000_000, 9_999_999))),
        ("Fatura Tarihi", _dmy(issue_date)),
        ("Son Ödeme Tarihi", _dmy(due)),
        ("Dönem", f"{_dmy(start)} - {_dmy(issue_date)}"),
    ]
    for index, (label, value) in enumerate(rows):
        y = mm(52 + index * 8)
        draw.text((mm(15), y), label, font=body, fill=(70, 70, 70))
        draw.text((mm(60), y), f": {value}", font=bold, fill=(15, 15, 15))
    y = mm(115)
    draw.rectangle((mm(15), y, mm(195), y + mm(9)), fill=(225, 228, 235))
    for x_mm, heading in ((18, "Kalem"), (100, "Miktar"), (140, "Birim Fiyat"), (172, "Tutar")):
        draw.text((mm(x_mm), y + mm(2)), heading, font=bold, fill=(20, 20, 20))
    total = 0.0
    items = ["Tüketim Bedeli", "Dağıtım Bedeli", "Enerji Fonu", "TRT Payı", "KDV (%20)"]
    for index, item in enumerate(items):
        row_y = y + mm(12 + index * 8)
        amount = round(rng.uniform(12, 450), 2)
        total += amount
        draw.text((mm(18), row_y), item, font=body, fill=(30, 30, 30))
        draw.text((mm(100), row_y), f"{rng.uniform(1, 300):.2f}", font=body, fill=(30, 30, 30))
        draw.text((mm(140), row_y), f"{rng.uniform(0.5, 9):.4f}", font=body, fill=(30, 30, 30))
        draw.text((mm(172), row_y), _money(amount), font=body, fill=(30, 30, 30))
        draw.line((mm(15), row_y + mm(6.5), mm(195), row_y + mm(6.5)), fill=(200, 200, 200),
                  width=2)
    total_y = y + mm(56)
    draw.text((mm(120), total_y), "Toplam Tutar:", font=font(SANS_BOLD, mm(4.5)), fill=accent)
    draw.text((mm(162), total_y), f"{_money(total)} TL", font=font(SANS_BOLD, mm(4.5)),
              fill=(15, 15, 15))
    notes = ["Faturanızı son ödeme tarihine kadar ödemeniz gerekmektedir.",
             "Otomatik ödeme talimatı için şubenize veya internet şubenize başvurunuz.",
             "Bu belge elektronik ortamda oluşturulmuştur.", f"{company} - Müşteri Hizmetleri"]
    for index, note in enumerate(notes):
        draw.text((mm(15), mm(200 + index * 7)), note, font=body, fill=(60, 60, 60))
    for index in range(90):
        x = mm(15) + index * mm(1.1)
        if rng.random() < 0.55:
            draw.rectangle((x, mm(250), x + mm(0.5 + rng.random() * 0.4), mm(268)),
                           fill=(0, 0, 0))
    return image


def _money(amount: float) -> str:
    """Turkish number format: thousands with dots, decimals with a comma."""
    whole, cents = f"{amount:,.2f}".split(".")
    return f"{whole.replace(',', '.')},{cents}"
