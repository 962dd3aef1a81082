"""Pictures of a hand showing 0 to 5 fingers, drawn with numpy: our free stand-in for SIGNS.

Each picture is 64x64 RGB: a wrist rising from the bottom edge, a palm, and five fingers (thumb,
index, middle, ring, little), each extended or folded onto the palm. The label is the number of
extended fingers. Pose (rotation, scale, position, left or right hand, finger spread), skin tone,
lighting, background and noise vary from picture to picture, so that the classes are learnable but
not trivial. Each count uses the same fingers (three is index, middle and ring), as in the course's
photos. ``conditions`` other than the default "studio" draw pictures of another distribution
("evening": see ``CONDITIONS``).

Shapes are drawn from signed distances (negative inside), which gives anti-aliased edges for free.
Everything is deterministic given the ``numpy.random.Generator`` passed in.
"""
import numpy as np

SIZE = 64
THUMB, INDEX, MIDDLE, RING, LITTLE = range(5)

# Which fingers are extended for each count, as in the course's SIGNS photos.
EXTENDED_FINGERS = {
    0: (),
    1: (INDEX,),
    2: (INDEX, MIDDLE),
    3: (INDEX, MIDDLE, RING),
    4: (INDEX, MIDDLE, RING, LITTLE),
    5: (THUMB, INDEX, MIDDLE, RING, LITTLE),
}

# Hand geometry in hand units (about a pixel at scale 1): origin at the palm's centre, y up.
PALM_HALF_WIDTH, PALM_HALF_HEIGHT = 11.0, 10.0
FINGER_BASE_X = np.array([-7.5, -2.5, 2.5, 7.5])       # index, middle, ring, little
FINGER_LENGTH = np.array([16.0, 18.0, 16.5, 13.0])
FINGER_FAN = np.array([-0.12, -0.03, 0.05, 0.16])        # radians, tilt of each extended finger
FINGER_RADIUS = 2.9
THUMB_BASE = np.array([-10.0, -4.0])
SKIN_LIGHT, SKIN_DARK = np.array([238.0, 196.0, 168.0]), np.array([112.0, 74.0, 50.0])

# Picture-taking conditions: ranges that the random draws of ``draw_hand`` are scaled to. "studio" is
# the SIGNS files' distribution; "evening" is another one (for the train/dev/test lesson): a dim, warm
# room in front of a dark wall, darker skin tones, noisier pictures. Both draw the same random numbers
# in the same order, so a seed gives the same poses in either.
CONDITIONS = {
    "studio": {"wall": (150.0, 235.0), "wall_tint": (0.8, 0.92, 1.0), "skin": (0.0, 1.0),
               "lighting": (0.8, 1.15), "noise": (2.0, 9.0)},
    "evening": {"wall": (70.0, 120.0), "wall_tint": (1.0, 0.8, 0.6), "skin": (0.0, 0.7),
                "lighting": (0.7, 0.95), "noise": (3.0, 10.0)},
}


def capsule(x, y, start, end, radius):
    """Signed distance from points ``(x, y)`` to a segment ``start``-``end`` thickened by ``radius``."""
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    t = np.clip(((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
    return np.hypot(x - x0 - t * dx, y - y0 - t * dy) - radius


def rounded_box(x, y, half_width, half_height, radius):
    """Signed distance to a box centred at the origin whose corners are rounded by ``radius``."""
    qx = np.abs(x) - half_width + radius
    qy = np.abs(y) - half_height + radius
    outside = np.hypot(np.maximum(qx, 0.0), np.maximum(qy, 0.0))
    return outside + np.minimum(np.maximum(qx, qy), 0.0) - radius


def finger_shapes(extended, rng):
    """Capsules ``(start, end, radius, shade)`` of the five fingers in hand units, back to front.

    Folded fingers are short, darker knuckles bent over the top of the palm; extended fingers fan out
    a little, each by its own random amount.
    """
    shapes = []
    for finger, base_x in enumerate(FINGER_BASE_X, start=INDEX):
        base = np.array([base_x, PALM_HALF_HEIGHT - 3.0])
        if finger in extended:
            angle = FINGER_FAN[finger - 1] * rng.uniform(0.5, 2.0) + rng.normal(0, 0.05)
            length = FINGER_LENGTH[finger - 1] * rng.uniform(0.9, 1.1)
            tip = base + length * np.array([np.sin(angle), np.cos(angle)])
            shapes.append((base, tip, FINGER_RADIUS * rng.uniform(0.9, 1.1), 1.0))
        else:
            knuckle = base + np.array([0.0, rng.uniform(2.5, 4.0)])
            shapes.append((knuckle, base - np.array([0.0, rng.uniform(2.0, 4.0)]), FINGER_RADIUS * 1.1, 0.82))
    if THUMB in extended:
        angle = rng.uniform(0.6, 1.1)  # radians from vertical, away from the fingers
        tip = THUMB_BASE + rng.uniform(13.0, 16.0) * np.array([-np.sin(angle), np.cos(angle)])
        shapes.append((THUMB_BASE, tip, 3.0, 1.0))
    else:
        shapes.append((THUMB_BASE, np.array([rng.uniform(-3.0, 0.0), rng.uniform(-1.0, 2.0)]), 3.0, 0.9))
    return shapes


def background(rng, grid_x, grid_y, conditions=CONDITIONS["studio"]):
    """A smooth random colour field: a base colour, a linear gradient and a few soft blotches."""
    # In the studio, a light wall tinted towards blue, so that it differs from every skin tone in
    # colour, not only in brightness.
    base = rng.uniform(*conditions["wall"]) * np.array(conditions["wall_tint"]) + rng.uniform(-15, 15, size=3)
    direction = rng.normal(size=2)
    ramp = (direction[0] * grid_x + direction[1] * grid_y) / SIZE
    image = base + 20.0 * ramp[..., None] * rng.uniform(-1, 1, size=3)
    for _ in range(rng.integers(0, 4)):
        centre = rng.uniform(0, SIZE, size=2)
        width = rng.uniform(6, 20)
        blob = np.exp(-((grid_x - centre[0]) ** 2 + (grid_y - centre[1]) ** 2) / (2 * width ** 2))
        image += blob[..., None] * rng.uniform(-35, 35, size=3)
    return image


def draw_hand(fingers, rng, conditions="studio"):
    """One ``(64, 64, 3)`` uint8 picture of a hand showing ``fingers`` (0 to 5) extended fingers,
    taken in ``conditions`` (a key of ``CONDITIONS``)."""
    conditions = CONDITIONS[conditions]
    extended = set(EXTENDED_FINGERS[fingers])
    grid_y, grid_x = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    image = background(rng, grid_x, grid_y, conditions)

    # Pixel -> hand units: shift to the palm's centre, undo rotation and scale, flip y (and x for a
    # left hand).
    scale = rng.uniform(1.15, 1.3)
    angle = rng.normal(0, 0.1)
    centre = np.array([SIZE / 2 + rng.uniform(-2.5, 2.5), SIZE * 0.66 + rng.uniform(-2.5, 2.5)])
    mirror = -1.0 if rng.random() < 0.5 else 1.0
    px, py = (grid_x - centre[0]) / scale, (centre[1] - grid_y) / scale
    x = mirror * (np.cos(angle) * px + np.sin(angle) * py)
    y = -np.sin(angle) * px + np.cos(angle) * py

    skin = SKIN_DARK + rng.uniform(*conditions["skin"]) * (SKIN_LIGHT - SKIN_DARK) + rng.normal(0, 8, size=3)
    light_direction = rng.normal(size=2)
    lighting = rng.uniform(*conditions["lighting"]) * (1 + 0.012 * (light_direction[0] * x + light_direction[1] * y))
    outline = rng.uniform(0.55, 0.75)

    layers = [(capsule(x, y, (0.0, -6.0), (0.0, -60.0), rng.uniform(7.0, 9.0)), 0.95),
              (rounded_box(x, y, PALM_HALF_WIDTH, PALM_HALF_HEIGHT, 5.0), 1.0)]
    layers += [(capsule(x, y, start, end, radius), shade) for start, end, radius, shade in finger_shapes(extended, rng)]
    for distance, shade in layers:
        distance = distance * scale  # back to pixels, for one-pixel-wide edges
        edge = np.clip(0.5 - distance, 0.0, 1.0)[..., None]           # coverage of the shape
        inside = np.clip(-0.7 - distance, 0.0, 1.0)[..., None]        # coverage minus a thin rim
        colour = (skin * shade * lighting[..., None])
        image = image * (1 - edge) + colour * outline * edge
        image = image * (1 - inside) + colour * inside
    image += rng.normal(0, rng.uniform(*conditions["noise"]), size=image.shape)
    return np.clip(np.round(image), 0, 255).astype(np.uint8)


def make_signs(per_class, seed, conditions="studio"):
    """``per_class`` pictures of each count 0..5 in a shuffled order, taken in ``conditions``
    ("studio", the SIGNS files' distribution, or "evening": see ``CONDITIONS``).

    Returns:
        X: (6 * per_class, 64, 64, 3) uint8; y: (6 * per_class,) int64 labels 0..5
    """
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.repeat(np.arange(6, dtype=np.int64), per_class))
    X = np.stack([draw_hand(int(label), rng, conditions) for label in y])
    return X, y
