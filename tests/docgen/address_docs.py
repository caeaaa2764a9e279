"""Address proofs beyond the utility bill: bank statements and the e-Devlet residence
certificate ("Yerleşim Yeri (ve Diğer Adres) Belgesi"), as images and as PDFs.

Each document is first described as a `Page` (header lines, label/value rows, a table,
footer notes), then drawn either with Pillow at 300 dpi (for phone photos and
image-only PDFs) or written as a PDF with a real text layer (`pdf_text`). Dates come in
the formats Turkish issuers use (12.01.2026, 12/01/2026, 12 Ocak 2026), and every page
carries distractor dates (due dates, transaction dates, birth and move-in dates) so a
reader must find the issue date by its label.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from PIL import Image, ImageDraw

from tests.docgen.documents import A4_MM, _money, render_utility_bill
from tests.docgen.drawing import SANS_BOLD, SANS_NARROW, SANS_NARROW_BOLD, font, mm
from tests.docgen.identity import Identity
from tests.docgen.pdf_text import PdfPage

MONTHS_TR = ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos",
             "Eylül", "Ekim", "Kasım", "Aralık")
BANKS = ("Anadolu Katılım Bankası A.Ş.", "Boğaziçi Yatırım Bankası A.Ş.",
         "Ege Ticaret Bankası A.Ş.", "Marmara Dijital Bank A.Ş.")
ADDRESS_KINDS = ("bill", "statement", "certificate_pdf", "certificate_image")


def format_date(value: date, style: str) -> str:
    if style == "dots":
        return value.strftime("%d.%m.%Y")
    if style == "slashes":
        return value.strftime("%d/%m/%Y")
    return f"{value.day} {MONTHS_TR[value.month - 1]} {value.year}"


@dataclass
class Page:
    title: str
    header: list[str]
    rows: list[tuple[str, str]]
    table_head: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    barcode: list[int] = field(default_factory=list)  # bar widths in tenths of a mm


def _barcode(rng: random.Random) -> list[int]:
    return [rng.choice((3, 5, 8)) * (1 if index % 2 == 0 else -1) for index in range(70)]


def statement_page(identity: Identity, issue_date: date, rng: random.Random) -> Page:
    """A bank account statement: holder, address, IBAN, period and transactions."""
    style = rng.choice(("dots", "slashes", "words"))
    date_label = rng.choice(("Düzenleme Tarihi", "Ekstre Tarihi", "Belge Tarihi"))
    name_label = rng.choice(("Müşteri Adı", "Ad Soyad", "Hesap Sahibi"))
    start = issue_date - timedelta(days=30)
    iban = "TR" + "".join(rng.choice("0123456789") for _ in range(24))
    rows = [(name_label, f"{identity.given_names} {identity.surname}"),
            ("Adres", identity.address),
            ("IBAN", " ".join(iban[i:i + 4] for i in range(0, 26, 4))),
            ("Hesap No", str(rng.randint(10_000_000, 99_999_999))),
            ("Dönem", f"{format_date(start, 'dots')} - {format_date(issue_date, 'dots')}"),
            (date_label, format_date(issue_date, style))]
    rng.shuffle(rows[2:5])
    table = []
    balance = rng.uniform(500, 20_000)
    for index in range(6):
        day = start + timedelta(days=5 * index + rng.randint(0, 4))
        amount = rng.uniform(-900, 1500)
        balance += amount
        table.append([format_date(day, "dots"), rng.choice(
            ("EFT Gelen", "Kart Harcaması", "Fatura Ödemesi", "Maaş", "ATM Para Çekme")),
            _money(abs(amount)) + (" -" if amount < 0 else ""), _money(balance)])
    return Page(title="HESAP ÖZETİ", header=[rng.choice(BANKS), "Müşteri Hizmetleri 0850"],
                rows=rows, table_head=["İşlem Tarihi", "Açıklama", "Tutar", "Bakiye"],
                table=table, notes=["Bu hesap özeti elektronik ortamda üretilmiştir.",
                                    "Sorularınız için şubenize başvurunuz."])


def certificate_page(identity: Identity, issue_date: date, rng: random.Random) -> Page:
    """e-Devlet residence certificate: identity rows, address, and many other dates."""
    moved = issue_date - timedelta(days=rng.randint(200, 3000))
    birth_place = rng.choice(("İSTANBUL", "ANKARA", "İZMİR", "KONYA", "TRABZON"))
    date_label = rng.choice(("Belge Tarihi", "Düzenleme Tarihi", "Tarih"))
    rows = [("T.C. Kimlik No", identity.national_id),
            ("Adı", identity.given_names), ("Soyadı", identity.surname),
            ("Baba Adı", identity.father_name), ("Anne Adı", identity.mother_name),
            ("Doğum Yeri", birth_place),
            ("Doğum Tarihi", format_date(identity.birth_date, "dots")),
            ("Yerleşim Yeri Adresi", identity.address),
            ("Beyan Tarihi", format_date(moved, "dots")),
            ("Taşınma Tarihi", format_date(moved - timedelta(days=3), "dots")),
            (date_label, format_date(issue_date, rng.choice(("dots", "words"))))]
    code = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVYZ0123456789") for _ in range(16))
    return Page(title="YERLEŞİM YERİ (VE DİĞER ADRES) BELGESİ",
                header=["T.C. İÇİŞLERİ BAKANLIĞI",
                        "Nüfus ve Vatandaşlık İşleri Genel Müdürlüğü"],
                rows=rows, notes=[f"Belge Doğrulama Kodu: {code}",
                                  "Bu belge 5070 sayılı Elektronik İmza Kanunu uyarınca "
                                  "güvenli elektronik imza ile imzalanmıştır.",
                                  "Belgenin doğruluğunu turkiye.gov.tr adresinden "
                                  "kontrol edebilirsiniz."],
                barcode=_barcode(rng))


def draw_page(page: Page) -> Image.Image:
    """The page at 300 dpi, A4 portrait, labels left and values after a colon."""
    size = (mm(A4_MM[0]), mm(A4_MM[1]))
    image = Image.new("RGB", size, (252, 252, 250))
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(page.header):
        draw.text((mm(15), mm(14 + index * 7)), line, font=font(SANS_BOLD, mm(4.2 - index)),
                  fill=(20, 40, 90))
    draw.line((mm(15), mm(30), mm(195), mm(30)), fill=(20, 40, 90), width=4)
    draw.text((mm(15), mm(36)), page.title, font=font(SANS_BOLD, mm(4.6)), fill=(15, 15, 15))
    body, bold = font(SANS_NARROW, mm(3.6)), font(SANS_NARROW_BOLD, mm(3.6))
    for index, (label, value) in enumerate(page.rows):
        y = mm(50 + index * 8)
        draw.text((mm(15), y), label, font=body, fill=(70, 70, 70))
        draw.text((mm(62), y), f": {value}", font=bold, fill=(15, 15, 15))
    y = mm(60 + len(page.rows) * 8)
    if page.table_head:
        columns = (18, 60, 125, 165)
        draw.rectangle((mm(15), y, mm(195), y + mm(9)), fill=(225, 228, 235))
        for x_mm, heading in zip(columns, page.table_head, strict=True):
            draw.text((mm(x_mm), y + mm(2)), heading, font=bold, fill=(20, 20, 20))
        for row_index, row in enumerate(page.table):
            row_y = y + mm(12 + row_index * 8)
            for x_mm, cell in zip(columns, row, strict=True):
                draw.text((mm(x_mm), row_y), cell, font=body, fill=(30, 30, 30))
        y += mm(16 + len(page.table) * 8)
    for index, note in enumerate(page.notes):
        draw.text((mm(15), y + mm(index * 7)), note, font=font(SANS_NARROW, mm(3.0)),
                  fill=(60, 60, 60))
    x = mm(15)
    for width in page.barcode:
        if width > 0:
            draw.rectangle((x, mm(262), x + mm(width / 10), mm(277)), fill=(0, 0, 0))
        x += mm(abs(width) / 10)
    return image


def write_pdf(page: Page) -> bytes:
    """The same page as a PDF whose text layer holds every label and value."""
    pdf = PdfPage()
    for index, line in enumerate(page.header):
        pdf.text(15, 18 + index * 6, line, 12 - index, "bold")
    pdf.rect(15, 29, 180, 0.6)
    pdf.text(15, 40, page.title, 13, "bold")
    for index, (label, value) in enumerate(page.rows):
        pdf.text(15, 52 + index * 8, label, 10)
        pdf.text(62, 52 + index * 8, f": {value}", 10, "bold")
    y = 62 + len(page.rows) * 8
    for index, note in enumerate(page.notes):
        pdf.text(15, y + index * 6, note, 8)
    x = 15.0
    for width in page.barcode:
        if width > 0:
            pdf.rect(x, 262, width / 10, 15)
        x += abs(width) / 10
    return pdf.to_bytes()


def image_pdf(image: Image.Image) -> bytes:
    """An image-only PDF (a scan): no text layer, so it needs OCR."""
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=300.0)
    return buffer.getvalue()


def render_bank_statement(identity: Identity, issue_date: date, rng: random.Random
                          ) -> Image.Image:
    return draw_page(statement_page(identity, issue_date, rng))


def render_residence_certificate(identity: Identity, issue_date: date, rng: random.Random
                                 ) -> Image.Image:
    return draw_page(certificate_page(identity, issue_date, rng))


def residence_certificate_pdf(identity: Identity, issue_date: date, rng: random.Random
                              ) -> bytes:
    return write_pdf(certificate_page(identity, issue_date, rng))


def render_address_proof(kind: str, identity: Identity, issue_date: date,
                         rng: random.Random) -> Image.Image | bytes:
    """One of `ADDRESS_KINDS`: an image to photograph, or PDF bytes for `certificate_pdf`."""
    if kind == "bill":
        return render_utility_bill(identity, issue_date, rng)
    if kind == "statement":
        return render_bank_statement(identity, issue_date, rng)
    if kind == "certificate_pdf":
        return residence_certificate_pdf(identity, issue_date, rng)
    if kind == "certificate_image":
        return render_residence_certificate(identity, issue_date, rng)
    raise ValueError(f"unknown address proof kind {kind!r}")
