"""Hidden checks of the words assignment."""
import string

from autograder.engine.checks import Exercises, Rubric, run_student

EXERCISES = Exercises({"word_counts": 2, "top_words": 2})
SHORTCUTS = {"word_counts": ["second_helpers.count_all"]}  # a helper that would answer the exercise

VOCABULARY = ["tea", "cup", "pot", "leaf", "milk", "sugar", "spoon", "kettle"]
CASE_MATTERS = "Your word_counts counts 'Tea' and 'tea' as two words: lowercase each word first."
PUNCTUATION_KEPT = "Your word_counts keeps punctuation on the words ('pot,' is not 'pot'): strip it with word.strip(string.punctuation)."
COUNTS_WRONG = "Your word_counts gives other counts than the words of the text: count each word once a time it appears."
ORDER_WRONG = "Your top_words does not list the most frequent words first: sort by count, highest first, ties in alphabetical order."
LENGTH_WRONG = "Your top_words does not return n words (or all of them when there are fewer): return the first n of the sorted list."


def word_counts(text, lower=True, strip=True):
    """The reference: ``{word: count}`` of ``text``'s words, lowercased, punctuation stripped (with
    ``lower`` or ``strip`` False: what forgetting that step gives)."""
    counts = {}
    for word in text.split():
        word = word.strip(string.punctuation) if strip else word
        word = word.lower() if lower else word
        if word:
            counts[word] = counts.get(word, 0) + 1
    return counts


def top_words(counts, n):
    """The reference: the ``n`` most frequent words of ``counts``, ties in alphabetical order."""
    return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))][:n]


def random_text(rng, size):
    """``size`` words of the vocabulary, some capitalized, some followed by punctuation."""
    words = []
    for word in rng.choice(VOCABULARY, size=size):
        word = word.capitalize() if rng.random() < 0.3 else str(word)
        words.append(word + (str(rng.choice(list(",.;:!?"))) if rng.random() < 0.3 else ""))
    return " ".join(words)


@EXERCISES.check("word_counts")
def check_word_counts(student, rng):
    rubric = Rubric(counts=2, case=1, punctuation=1)
    texts = ["Tea, tea and TEA.", "the pot; the cup"] + [random_text(rng, int(rng.integers(5, 40))) for _ in range(3)]
    for text in rubric.cases(texts):
        ok, got = run_student(rubric, rubric.weights, student, text)
        if not ok or got == word_counts(text):
            continue
        if got == word_counts(text, lower=False):
            rubric.fail("case", CASE_MATTERS)
        elif got == word_counts(text, strip=False):
            rubric.fail("punctuation", PUNCTUATION_KEPT)
        else:
            rubric.fail("counts", COUNTS_WRONG)
    return rubric


@EXERCISES.check("top_words")
def check_top_words(student, rng):
    rubric = Rubric(order=2, length=1)
    cases = [({"tea": 3, "cup": 1, "pot": 3}, 2), ({"milk": 1}, 3)]
    cases += [(word_counts(random_text(rng, 30)), int(rng.integers(1, 5))) for _ in range(3)]
    for counts, n in rubric.cases(cases):
        ok, got = run_student(rubric, rubric.weights, student, dict(counts), n)
        if not ok:
            continue
        want = top_words(counts, n)
        if not isinstance(got, list) or len(got) != len(want):
            rubric.fail("length", LENGTH_WRONG)
        elif got != want:
            rubric.fail("order", ORDER_WRONG)
    return rubric
