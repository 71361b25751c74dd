"""Text processing for the search index, exactly as lunr.js 2.3.9 does it.

lunr.py builds the index, lunr.js searches it, so every term must come out of
Python byte for byte as lunr.js would make it; otherwise a word is indexed
under one spelling and searched under another and search fails silently.
lunr.py departs from lunr.js in four places, each fixed here:

- its Porter stemmer turns a final "y" into "i" after a vowel ("survey" ->
  "survei"); lunr.js only after a consonant ("survey" stays);
- its trimmer and tokenizer use Unicode classes where lunr.js uses JavaScript's
  (ASCII `\\W`, its own `\\s`);
- it measures and matches strings in code points where JavaScript uses UTF-16
  units (this matters to the stemmer and to term order, see `js_order`);
- its search pipeline has no trimmer, so "(transformer)" or "bert." match nothing.

Accents are folded before the trimmer (`fold`, lunr pipeline function
"foldAccents", registered in pd-search-text.js): "Müller" is indexed and
searched as "muller", "Nießner" as "niessner"; without it lunr.js's trimmer
would cut "Öztürk" to "ztürk" and "café" to "caf".

Text is NFKC-normalised first (here and in the browser) so that ligatures and
mathematical letters ("ﬁ", "𝑥") index and search as the letters they show.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from generator.deps.lunr import STOP_WORDS

# lunr.tokenizer.separator is /[\s\-]+/ and JavaScript's \s is exactly this set.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_SEPARATOR = re.compile(f"[{_JS_SPACE}\\-]+")
# JavaScript's \W is ASCII-only: lunr.js trims "é" off "café".
_LEADING = re.compile(r"^[^A-Za-z0-9_]+")
_TRAILING = re.compile(r"[^A-Za-z0-9_]+\Z")
_STOP_WORDS = STOP_WORDS
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# Latin letters with diacritics (Latin-1 Supplement, Latin Extended-A/B, Latin Extended
# Additional) and the combining diacritical marks: only characters whose canonical
# decompositions are fixed, so Python's and the browser's Unicode data agree on them.
_FOLDABLE = re.compile("[\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]")
_MARKS = re.compile("[\u0300-\u036f]")
# Letters with no decomposition; the same table as pd-search-text.js (lower case: tokens are).
FOLD_LETTERS = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ł": "l",
    "ı": "i",
    "ħ": "h",
    "ŋ": "n",
    "ŧ": "t",
}


def _fold_char(match: re.Match) -> str:
    base = _MARKS.sub("", unicodedata.normalize("NFD", match.group()))
    return FOLD_LETTERS.get(base, base)


def fold(token: str) -> str:
    """The "foldAccents" pipeline step: "müller" -> "muller", "nießner" -> "niessner", "øre" -> "ore"."""
    return token if token.isascii() else _FOLDABLE.sub(_fold_char, token)


def tokenize(text: str) -> list[str]:
    """lunr.tokenizer: lower-case, split on JavaScript whitespace and '-'."""
    return [token for token in _SEPARATOR.split(normalize(text).lower()) if token]


def trim(token: str) -> str:
    """lunr.trimmer."""
    if token[:1] in _WORD_CHARS and token[-1:] in _WORD_CHARS:
        return token  # the common case, without two regex passes
    return _TRAILING.sub("", _LEADING.sub("", token))


def is_stop_word(token: str) -> bool:
    return token in _STOP_WORDS


def index_terms(text: str) -> list[str]:
    """The terms lunr.js would index for `text`: tokenizer, accent folding, trimmer, stop words, stemmer.

    Like lunr.js, a token made only of punctuation survives as an empty term.
    """
    terms = []
    for token in tokenize(text):
        term = _TERM_OF.get(token, _UNSEEN)
        if term is _UNSEEN:
            term = _term_of(token)
            if len(_TERM_OF) < 500_000:  # bounded, like stem's cache
                _TERM_OF[token] = term
        if isinstance(term, str):  # not None (a token with no term); never _UNSEEN here
            terms.append(term)
    return terms


# token -> its term, or None for a stop word: a corpus repeats its words, and one dict
# lookup per token is several times cheaper than trimming and stemming it again.
_TERM_OF: dict[str, str | None] = {}
_UNSEEN = object()


def _term_of(token: str) -> str | None:
    token = trim(fold(token))
    return None if is_stop_word(token) else stem(token)


def js_order(term: str) -> bytes:
    """Sort key that orders strings as JavaScript compares them (by UTF-16 unit).

    lunr.js rebuilds its token set from the serialised terms and throws "Out
    of order word insertion" unless they come in JavaScript's order; Python's
    own order (by code point) differs once a term mixes characters above
    U+FFFF with ones in U+E000..U+FFFF.
    """
    return term.encode("utf-16-be", "surrogatepass")


# --- lunr.js 2.3.9's Porter stemmer, transcribed rule for rule -----------------

_STEP2 = {
    "ational": "ate",
    "tional": "tion",
    "enci": "ence",
    "anci": "ance",
    "izer": "ize",
    "bli": "ble",
    "alli": "al",
    "entli": "ent",
    "eli": "e",
    "ousli": "ous",
    "ization": "ize",
    "ation": "ate",
    "ator": "ate",
    "alism": "al",
    "iveness": "ive",
    "fulness": "ful",
    "ousness": "ous",
    "aliti": "al",
    "iviti": "ive",
    "biliti": "ble",
    "logi": "log",
}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}

_c = "[^aeiou]"
_v = "[aeiouy]"
_C = _c + "[^aeiouy]*"
_V = _v + "[aeiou]*"
# JavaScript's '.' skips line terminators and '$' is the very end (Python: \Z);
# tokens never contain line terminators, so DOTALL changes nothing but speed.
_MGR0 = re.compile(f"^({_C})?{_V}{_C}", re.S)
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?\\Z", re.S)
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}", re.S)
_S_V = re.compile(f"^({_C})?{_v}", re.S)
_1A = re.compile(r"^(.+?)(ss|i)es\Z", re.S)
_1A2 = re.compile(r"^(.+?)([^s])s\Z", re.S)
_1B = re.compile(r"^(.+?)eed\Z", re.S)
_1B2 = re.compile(r"^(.+?)(ed|ing)\Z", re.S)
_LAST = re.compile(r".\Z", re.S)
_1B_ATBLIZ = re.compile(r"(at|bl|iz)\Z")
_1B_DOUBLE = re.compile(r"([^aeiouylsz])\1\Z")
_CVC = re.compile(f"^{_C}{_v}[^aeiouwxy]\\Z", re.S)
_1C = re.compile(r"^(.+?[^aeiou])y\Z", re.S)
_2 = re.compile(f"^(.+?)({'|'.join(_STEP2)})\\Z", re.S)
_3 = re.compile(f"^(.+?)({'|'.join(_STEP3)})\\Z", re.S)
_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)\Z", re.S)
_4B = re.compile(r"^(.+?)(s|t)(ion)\Z", re.S)
_5 = re.compile(r"^(.+?)e\Z", re.S)
_5_LL = re.compile(r"ll\Z")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """lunr.stemmer: the same output as lunr.js for every string."""
    units = word.encode("utf-16-le", "surrogatepass")
    if len(units) == 2 * len(word):
        return _porter(word)
    # JavaScript sees UTF-16 units: a character above U+FFFF counts as two
    # (for length, '.', '[^s]'), so run the rules on its surrogate-pair spelling.
    spelled = "".join(chr(int.from_bytes(units[i : i + 2], "little")) for i in range(0, len(units), 2))
    return _porter(spelled).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _porter(w: str) -> str:
    if len(w) < 3:
        return w
    first_y = w[0] == "y"
    if first_y:
        w = "Y" + w[1:]
    w = _step1(w)
    match = _1C.match(w)
    if match:
        w = match.group(1) + "i"
    match = _2.match(w)
    if match and _MGR0.match(match.group(1)):
        w = match.group(1) + _STEP2[match.group(2)]
    match = _3.match(w)
    if match and _MGR0.match(match.group(1)):
        w = match.group(1) + _STEP3[match.group(2)]
    w = _step4(w)
    w = _step5(w)
    if first_y:
        w = "y" + w[1:]
    return w


def _step1(w: str) -> str:
    match = _1A.match(w) or _1A2.match(w)
    if match:
        w = match.group(1) + match.group(2)
    match = _1B.match(w)
    if match:
        if _MGR0.match(match.group(1)):
            w = _LAST.sub("", w, count=1)
        return w
    match = _1B2.match(w)
    if match and _S_V.match(match.group(1)):
        w = match.group(1)
        if _1B_ATBLIZ.search(w):
            w += "e"
        elif _1B_DOUBLE.search(w):
            w = _LAST.sub("", w, count=1)
        elif _CVC.match(w):
            w += "e"
    return w


def _step4(w: str) -> str:
    match = _4.match(w)
    if match:
        return match.group(1) if _MGR1.match(match.group(1)) else w
    match = _4B.match(w)
    if match and _MGR1.match(match.group(1) + match.group(2)):
        return match.group(1) + match.group(2)
    return w


def _step5(w: str) -> str:
    match = _5.match(w)
    if match:
        stem_part = match.group(1)
        if _MGR1.match(stem_part) or (_MEQ1.match(stem_part) and not _CVC.match(stem_part)):
            w = stem_part
    if _5_LL.search(w) and _MGR1.match(w):
        w = _LAST.sub("", w, count=1)
    return w
