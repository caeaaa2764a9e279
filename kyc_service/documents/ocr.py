"""Text recognition behind one small interface, so the engine is a backend choice.

`TesseractEngine` drives the Debian `tesseract` binary through pytesseract. Tesseract's
OpenMP threads make it several times slower on small shared hosts, so every call runs
with `OMP_THREAD_LIMIT=1`; parallelise across processes instead. Each call starts a
process and loads the language models (~0.1-0.2 s), so callers should send few, small
images: the VIZ reader stacks all of a card's field crops into one image per call.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from lxml import etree
from PIL import Image

from kyc_service.core.errors import KycError

XHTML = "{http://www.w3.org/1999/xhtml}"


class OcrError(KycError):
    """The OCR engine failed or timed out (the caller decides: review, not reject)."""

    code = "ocr_failed"


@dataclass(frozen=True)
class OcrWord:
    """One recognised word; `conf` is 0..1, the box is (left, top, width, height) in px."""

    text: str
    conf: float
    box: tuple[int, int, int, int]
    line: tuple[int, int, int]  # (block, paragraph, line) as the engine grouped them
    # Per character, the engine's alternatives with 0..1 scores (only when requested).
    choices: tuple[tuple[tuple[str, float], ...], ...] = ()

    @property
    def centre_y(self) -> float:
        return self.box[1] + self.box[3] / 2


@dataclass(frozen=True)
class OcrRequest:
    """How to read one image: page segmentation mode, allowed characters, languages."""

    psm: int = 6
    whitelist: str | None = None
    languages: str | None = None  # None: the engine's default
    choices: bool = False  # also return per-character alternatives (slower to parse)


class OcrEngine(Protocol):
    @property
    def name(self) -> str: ...

    def words(self, image: np.ndarray | Image.Image, request: OcrRequest) -> list[OcrWord]:
        """Every word found in `image` (grey or RGB) with its confidence and box."""
        ...


@dataclass(frozen=True)
class TesseractEngine:
    languages: str = "tur+eng"
    timeout_s: float = 10.0
    oem: int = 1  # LSTM only: the legacy engine is slower and less accurate here
    name: str = "tesseract"

    def words(self, image: np.ndarray | Image.Image, request: OcrRequest) -> list[OcrWord]:
        import pytesseract

        # pytesseract hands its subprocess `os.environ`, so this reaches every call.
        os.environ["OMP_THREAD_LIMIT"] = "1"
        picture = image if isinstance(image, Image.Image) else Image.fromarray(image)
        config = f"--oem {self.oem} --psm {request.psm}"
        if request.whitelist:
            config += f" -c tessedit_char_whitelist={request.whitelist}"
        lang = request.languages or self.languages
        try:
            if request.choices:
                hocr = pytesseract.image_to_pdf_or_hocr(
                    picture, lang=lang, config=config + " -c lstm_choice_mode=2",
                    timeout=self.timeout_s, extension="hocr")
                return words_from_hocr(hocr)
            data = pytesseract.image_to_data(picture, lang=lang, config=config,
                                             timeout=self.timeout_s,
                                             output_type=pytesseract.Output.DICT)
        except (RuntimeError, pytesseract.TesseractError, OSError) as exc:
            raise OcrError(f"Tesseract failed: {exc}") from None
        return _words_from_tsv(data)


def _words_from_tsv(data: dict[str, list]) -> list[OcrWord]:
    words = []
    for index, raw in enumerate(data["text"]):
        text = str(raw).strip()
        conf = float(data["conf"][index])
        if not text or conf < 0:
            continue
        box = (int(data["left"][index]), int(data["top"][index]), int(data["width"][index]),
               int(data["height"][index]))
        line = (int(data["block_num"][index]), int(data["par_num"][index]),
                int(data["line_num"][index]))
        words.append(OcrWord(text, conf / 100.0, box, line))
    return words


def _title(element: etree._Element, key: str) -> list[str]:
    for part in (element.get("title") or "").split(";"):
        name, _, value = part.strip().partition(" ")
        if name == key:
            return value.split()
    return []


def words_from_hocr(hocr: bytes) -> list[OcrWord]:
    """Words with their per-character alternatives (`lstm_choice_mode=2`)."""
    root = etree.fromstring(hocr, etree.XMLParser(resolve_entities=False, no_network=True,
                                                  recover=True))
    words = []
    for line_no, line in enumerate(root.iter(f"{XHTML}span")):
        if line.get("class") not in ("ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat"):
            continue
        for word in line.iter(f"{XHTML}span"):
            if word.get("class") != "ocrx_word":
                continue
            text = (word.text or "").strip()
            box = [int(v) for v in _title(word, "bbox")]
            conf = float((_title(word, "x_wconf") or ["0"])[0]) / 100.0
            choices = []
            for group in word:
                if group.get("class") != "ocrx_cinfo":
                    continue
                options = tuple((option.text or "", float(_title(option, "x_confs")[0]) / 100)
                                for option in group if _title(option, "x_confs"))
                if options:
                    choices.append(options)
            if text and len(box) == 4:
                words.append(OcrWord(text, conf, (box[0], box[1], box[2] - box[0],
                                                  box[3] - box[1]),
                                     (0, 0, line_no), tuple(choices)))
    return words


def lines_of(words: list[OcrWord]) -> list[list[OcrWord]]:
    """Words grouped into the engine's lines, top to bottom, each left to right."""
    grouped: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        grouped.setdefault(word.line, []).append(word)
    lines = [sorted(group, key=lambda w: w.box[0]) for group in grouped.values()]
    return sorted(lines, key=lambda group: min(w.box[1] for w in group))


def default_engine() -> OcrEngine:
    return TesseractEngine()
