"""Turn a flat document render into a phone photo of it lying on a surface.

Every option is drawn from `rng` unless given, so defects can pin one property (share of
the frame, exposure, blur ...) and leave the rest varied. Pixel maths runs in float32 on
the whole frame; keep frames small in tests (e.g. 1600x1200).
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from tests.docgen.backgrounds import smooth_noise, surface
from tests.docgen.drawing import RENDER_DPI, mm

ID1_CORNER_RADIUS_MM = 3.18
NOMINAL_PAPER = 235.0  # 95th-percentile level of a rendered page


@dataclass(frozen=True)
class Glare:
    """A specular highlight, placed in document coordinates (fractions of width/height)."""

    x: float
    y: float
    radius: float  # fraction of the document diagonal
    strength: float  # added brightness at the centre, before clipping


def _corner_radius(document: Image.Image) -> int:
    """ID-1 cards have rounded corners; paper pages are square."""
    return mm(ID1_CORNER_RADIUS_MM) if document.width <= mm(90) else 0


def _document_corners(frame: tuple[int, int], aspect: float, share: float,
                      center: tuple[float, float], rotation_deg: float, tilt: float,
                      rng: random.Random) -> np.ndarray:
    """Where the document's four corners land in the frame (TL, TR, BR, BL)."""
    width, height = frame
    area = share * width * height
    doc_w = math.sqrt(area * aspect)
    doc_h = doc_w / aspect
    corners = np.array([(-doc_w / 2, -doc_h / 2), (doc_w / 2, -doc_h / 2),
                        (doc_w / 2, doc_h / 2), (-doc_w / 2, doc_h / 2)])
    keystone = rng.uniform(-tilt, tilt)
    corners[:2, 0] *= 1 - keystone
    corners[2:, 0] *= 1 + keystone
    corners += np.array([[rng.uniform(-tilt, tilt) * doc_w, rng.uniform(-tilt, tilt) * doc_h]
                         for _ in range(4)]) * 0.5
    angle = math.radians(rotation_deg)
    rotation = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    return corners @ rotation.T + np.array([center[0] * width, center[1] * height])


def _fit_inside(corners: np.ndarray, frame: tuple[int, int], margin: float) -> np.ndarray:
    """Shrink and shift the quad until it lies inside the frame with a margin."""
    width, height = frame
    lo = np.array([margin * width, margin * height])
    hi = np.array([width * (1 - margin), height * (1 - margin)])
    center = corners.mean(axis=0)
    span = corners.max(axis=0) - corners.min(axis=0)
    scale = min(1.0, float(np.min((hi - lo) / span)))
    corners = center + (corners - center) * scale
    shift = np.maximum(lo - corners.min(axis=0), 0) - np.maximum(corners.max(axis=0) - hi, 0)
    return corners + shift


def _motion_kernel(length: float, angle_deg: float) -> np.ndarray:
    size = max(3, math.ceil(length) | 1)
    kernel = np.zeros((size, size), np.float32)
    half = size // 2
    dx, dy = math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))
    cv2.line(kernel, (round(half - dx * length / 2), round(half - dy * length / 2)),
             (round(half + dx * length / 2), round(half + dy * length / 2)), 1.0, 1)
    return kernel / kernel.sum()


def photograph(document_image: Image.Image | None, rng: random.Random, **options: object
               ) -> Image.Image:
    """Photograph `document_image` (None: an empty scene) and return the RGB frame.

    Options: frame_size (w, h), document_share (fraction of the frame area), center
    (fractions), rotation_deg, tilt, fit_inside (bool), surface (see backgrounds),
    peak_brightness (paper level the exposure aims at: ~200 good, <70 dark, >300
    blown out), light_gradient, glare (Glare), defocus_px, motion_px, motion_angle, noise,
    scene (callable drawing clutter on the background array).
    """
    frame = tuple(options.get("frame_size", (1600, 1200)))
    portrait = document_image is not None and document_image.height > document_image.width
    if portrait and frame[0] > frame[1]:
        frame = (frame[1], frame[0])
    width, height = frame
    canvas = surface((width, height), rng, options.get("surface"))
    scene = options.get("scene")
    if callable(scene):
        scene(canvas, rng)
    if document_image is not None:
        canvas = _place_document(canvas, document_image, rng, options)
    else:
        lighting = 1.0 + smooth_noise((width, height), 2, rng) * float(
            options.get("light_gradient", rng.uniform(0.0, 0.12)))
        gain = float(options.get("peak_brightness", rng.uniform(170, 235))) / NOMINAL_PAPER
        canvas *= (lighting * gain)[..., None]
    canvas = np.minimum(canvas, 255.0 * 1.5)
    canvas = _blur(canvas, rng, options)
    noise = float(options.get("noise", rng.uniform(1.0, 3.0)))
    sensor = np.random.default_rng(rng.getrandbits(32))
    canvas += sensor.normal(0.0, noise, canvas.shape[:2]).astype(np.float32)[..., None]
    return Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8), "RGB")


def _place_document(canvas: np.ndarray, document_image: Image.Image, rng: random.Random,
                    options: dict[str, object]) -> np.ndarray:
    height, width = canvas.shape[:2]
    aspect = document_image.width / document_image.height
    share = float(options.get("document_share", rng.uniform(0.28, 0.62)))
    center = options.get("center", (rng.uniform(0.42, 0.58), rng.uniform(0.42, 0.58)))
    corners = _document_corners((width, height), aspect, share, center,
                                float(options.get("rotation_deg", rng.uniform(-8, 8))),
                                float(options.get("tilt", rng.uniform(0.0, 0.06))), rng)
    if options.get("fit_inside", True):
        corners = _fit_inside(corners, (width, height), margin=rng.uniform(0.03, 0.08))
    doc = _prefiltered(document_image, corners)
    alpha = _card_alpha(doc.shape[:2],
                        round(_corner_radius(document_image) * doc.shape[1] / document_image.width))
    source = np.array([(0, 0), (doc.shape[1], 0), (doc.shape[1], doc.shape[0]),
                       (0, doc.shape[0])], np.float32)
    matrix = cv2.getPerspectiveTransform(source, corners.astype(np.float32))
    warped = cv2.warpPerspective(doc, matrix, (width, height), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(alpha, matrix, (width, height), flags=cv2.INTER_LINEAR)
    mask = mask.astype(np.float32) / 255.0
    shadow_size = 0.01 * math.sqrt(width * height)
    shadow = cv2.GaussianBlur(mask, (0, 0), shadow_size)
    shadow = np.roll(shadow, (round(shadow_size * 0.6), round(shadow_size * 0.4)), axis=(0, 1))
    canvas *= (1.0 - 0.35 * shadow)[..., None]
    canvas = canvas * (1.0 - mask[..., None]) + warped.astype(np.float32) * mask[..., None]
    lighting = 1.0 + smooth_noise((width, height), 2, rng) * float(
        options.get("light_gradient", rng.uniform(0.0, 0.12)))
    canvas *= lighting[..., None]
    # Metering: the brightest part of the document lands on the requested level.
    lit_paper = float(np.percentile(canvas[mask > 0.5].mean(axis=1), 99))
    canvas *= float(options.get("peak_brightness", rng.uniform(170, 235))) / lit_paper
    glare = options.get("glare")
    if isinstance(glare, Glare):
        canvas += _glare_field(glare, corners, (width, height))[..., None]
    return canvas


def _card_alpha(shape: tuple[int, ...], radius: int) -> np.ndarray:
    """Opaque document with (for cards) rounded corners, so photos show the real outline."""
    height, width = shape[0], shape[1]
    alpha = np.zeros((height, width), np.uint8)
    if radius <= 1:
        alpha[:] = 255
        return alpha
    cv2.rectangle(alpha, (radius, 0), (width - 1 - radius, height - 1), 255, -1)
    cv2.rectangle(alpha, (0, radius), (width - 1, height - 1 - radius), 255, -1)
    for cx in (radius, width - 1 - radius):
        for cy in (radius, height - 1 - radius):
            cv2.circle(alpha, (cx, cy), radius, 255, -1, lineType=cv2.LINE_AA)
    return alpha


def _prefiltered(document_image: Image.Image, corners: np.ndarray) -> np.ndarray:
    """Downscale the 300-dpi render near its size in the frame so warping does not alias."""
    target_w = float(np.linalg.norm(corners[1] - corners[0]))
    if target_w < document_image.width * 0.8:
        scale = target_w / document_image.width
        size = (max(8, round(document_image.width * scale)),
                max(8, round(document_image.height * scale)))
        return np.asarray(document_image.convert("RGB").resize(size, Image.Resampling.BOX))
    return np.asarray(document_image.convert("RGB"))


def _glare_field(glare: Glare, corners: np.ndarray, frame: tuple[int, int]) -> np.ndarray:
    width, height = frame
    top = corners[0] + (corners[1] - corners[0]) * glare.x
    bottom = corners[3] + (corners[2] - corners[3]) * glare.x
    centre = top + (bottom - top) * glare.y
    diagonal = float(np.linalg.norm(corners[2] - corners[0]))
    sigma = glare.radius * diagonal
    ys, xs = np.ogrid[0:height, 0:width]
    distance2 = ((xs - centre[0]) ** 2 + ((ys - centre[1]) * 1.4) ** 2) / (2 * sigma**2)
    return (glare.strength * np.exp(-distance2)).astype(np.float32)


def _blur(canvas: np.ndarray, rng: random.Random, options: dict[str, object]) -> np.ndarray:
    defocus = float(options.get("defocus_px", rng.uniform(0.0, 0.5)))
    if defocus > 0.3:
        canvas = cv2.GaussianBlur(canvas, (0, 0), defocus)
    motion = float(options.get("motion_px", 0.0))
    if motion > 1.0:
        angle = float(options.get("motion_angle", rng.uniform(0, 180)))
        canvas = cv2.filter2D(canvas, -1, _motion_kernel(motion, angle))
    return canvas


def to_jpeg_bytes(image: Image.Image, quality: int = 88) -> bytes:
    """Encode as a phone would; quality 60-95 covers most camera apps and messengers."""
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def document_pixels_per_mm(document_image: Image.Image, frame_width_px: float) -> float:
    """Helper for defects sized in millimetres on the document."""
    return frame_width_px / (document_image.width * 25.4 / RENDER_DPI)
