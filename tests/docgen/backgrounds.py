"""Surfaces a phone photo of a document lies on: wood, laminate, cloth, stone.

Textures are built at a quarter of the frame size and scaled up: cheap, and the fine
grain comes later from the sensor noise anyway.
"""

from __future__ import annotations

import random

import cv2
import numpy as np

SURFACES = ("dark_wood", "light_wood", "grey_table", "light_table", "dark_table", "cloth",
            "stone", "leather")


def smooth_noise(size: tuple[int, int], cells: int, rng: random.Random) -> np.ndarray:
    """Low-frequency noise in [-1, 1] of `size` (width, height)."""
    width, height = size
    seed = np.random.default_rng(rng.getrandbits(32))
    grid = seed.uniform(-1, 1, (max(2, cells * height // width), cells)).astype(np.float32)
    return cv2.resize(grid, (width, height), interpolation=cv2.INTER_CUBIC)


def _wood(size: tuple[int, int], base: tuple[float, float, float],
          rng: random.Random) -> np.ndarray:
    width, height = size
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    warp = smooth_noise(size, 6, rng) * rng.uniform(8, 20)
    period = rng.uniform(0.012, 0.03) * height
    angle = rng.uniform(-0.3, 0.3)
    along = ys * np.cos(angle) + xs * np.sin(angle)
    grain = np.sin((along + warp) / period * 2 * np.pi) * 0.5 + 0.5
    grain = grain**3 * 0.22 + smooth_noise(size, 20, rng) * 0.05
    planks = smooth_noise(size, 3, rng) * 0.08
    shade = 1.0 - grain + planks
    return np.array(base, np.float32) * shade[..., None]


def _flat(size: tuple[int, int], base: tuple[float, float, float], speckle: float,
          rng: random.Random) -> np.ndarray:
    width, height = size
    seed = np.random.default_rng(rng.getrandbits(32))
    grain = cv2.GaussianBlur(seed.normal(0, 1, (height, width)).astype(np.float32), (0, 0), 1.2)
    shade = 1.0 + grain * speckle + smooth_noise(size, 4, rng) * 0.04
    return np.array(base, np.float32) * shade[..., None]


def _cloth(size: tuple[int, int], base: tuple[float, float, float],
           rng: random.Random) -> np.ndarray:
    width, height = size
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    period = rng.uniform(2.5, 5.0)
    weave = (np.sin(xs / period * np.pi) * np.sin(ys / period * np.pi)) * 0.08
    folds = smooth_noise(size, 5, rng) * 0.12
    return np.array(base, np.float32) * (1.0 + weave + folds)[..., None]


def surface(size: tuple[int, int], rng: random.Random, kind: str | None = None) -> np.ndarray:
    """An RGB float32 surface of `size` (width, height); `kind` from SURFACES or random."""
    kind = kind or rng.choice(SURFACES)
    small = (max(8, size[0] // 4), max(8, size[1] // 4))
    jitter = rng.uniform(0.85, 1.15)
    if kind == "dark_wood":
        texture = _wood(small, (70 * jitter, 45 * jitter, 30 * jitter), rng)
    elif kind == "light_wood":
        texture = _wood(small, (195 * jitter, 150 * jitter, 100 * jitter), rng)
    elif kind == "grey_table":
        level = rng.uniform(95, 150)
        texture = _flat(small, (level, level, level * 1.03), 0.05, rng)
    elif kind == "light_table":
        level = rng.uniform(165, 190)
        texture = _flat(small, (level, level * 0.98, level * 0.95), 0.04, rng)
    elif kind == "dark_table":
        level = rng.uniform(20, 45)
        texture = _flat(small, (level, level, level * 1.1), 0.08, rng)
    elif kind == "cloth":
        hue = rng.choice([(40, 60, 120), (120, 30, 40), (40, 90, 50), (90, 90, 100),
                          (150, 120, 60), (30, 30, 35)])
        texture = _cloth(small, tuple(c * jitter for c in hue), rng)
    elif kind == "stone":
        level = rng.uniform(70, 150)
        texture = _flat(small, (level, level * 0.97, level * 0.93), 0.18, rng)
    elif kind == "leather":
        texture = _flat(small, (90 * jitter, 55 * jitter, 35 * jitter), 0.1, rng)
    else:
        raise ValueError(f"unknown surface {kind!r}")
    return cv2.resize(np.clip(texture, 0, 255), size, interpolation=cv2.INTER_LINEAR)


def clutter(canvas: np.ndarray, rng: random.Random, count: int) -> None:
    """Non-document things in a scene: mugs, pens, keys, plants, a phone (in place)."""
    height, width = canvas.shape[:2]
    for _ in range(count):
        color = tuple(float(rng.randint(0, 255)) for _ in range(3))
        center = (rng.randint(0, width), rng.randint(0, height))
        shape = rng.choice(("ellipse", "pen", "blob", "ring"))
        scale = min(width, height)
        if shape == "ellipse":
            axes = (rng.randint(scale // 12, scale // 4), rng.randint(scale // 12, scale // 4))
            cv2.ellipse(canvas, center, axes, rng.uniform(0, 180), 0, 360, color, -1)
        elif shape == "pen":
            end = (center[0] + rng.randint(-scale // 2, scale // 2),
                   center[1] + rng.randint(-scale // 2, scale // 2))
            cv2.line(canvas, center, end, color, rng.randint(scale // 80, scale // 30))
        elif shape == "ring":
            cv2.circle(canvas, center, rng.randint(scale // 12, scale // 5), color,
                       rng.randint(scale // 60, scale // 25))
        else:
            points = np.array([(center[0] + rng.randint(-scale // 5, scale // 5),
                                center[1] + rng.randint(-scale // 5, scale // 5))
                               for _ in range(7)], np.int32)
            cv2.fillPoly(canvas, [cv2.convexHull(points)], color)
