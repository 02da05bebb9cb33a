"""Walks of a dependency parse whose cost does not grow with the sentence.

spaCy finds a token's children by scanning its whole subtree, and its ancestors by climbing to the
root. In a run-on "sentence" of a thousand quotes and cues (hostile text, or a list of quotes the
parser reads as one sentence) a subtree is as long as the article, so one walk per quote makes an
article's time quadratic. Here children within `WINDOW` tokens come from an index built once per
document, and ancestors are climbed at most `STEPS` steps: nothing a quote's speaker depends on
lies further away.
"""

from __future__ import annotations

import bisect

# How far (tokens) from a token its children are read.
WINDOW = 60
# How many heads up an ancestor is looked for.
STEPS = 8
_INDEX = "quotes.children"  # the key of the per-document index in Doc.user_data
_TEXT = "quotes.text"


def doc_text(doc) -> str:
    """`doc.text`, built once per document: spaCy joins every token anew on each access, and three
    stages read it.

    Example:
        >>> import spacy
        >>> doc_text(spacy.blank("en")("Ann Lee said so."))
        'Ann Lee said so.'
    """
    text = doc.user_data.get(_TEXT)
    # a copy of another doc's user_data (Span.as_doc) holds another text
    if text is None or len(text) != (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0):
        text = doc.user_data[_TEXT] = doc.text
    return text


def keep_text(doc, text: str) -> None:
    """Give `doc_text` the text a doc was made from, which its tokens spell out, so that it need
    not join them: spaCy's `Doc.text` makes a Token object for each (3 ms a news article's doc).

    Example:
        >>> import spacy
        >>> doc = spacy.blank("en")("Ann Lee said so.")
        >>> keep_text(doc, "Ann Lee said so.")
        >>> doc_text(doc)
        'Ann Lee said so.'
    """
    doc.user_data[_TEXT] = text


def children(token, window: int = WINDOW) -> list:
    """The token's children within `window` tokens of it, in document order.

    Example:
        >>> import spacy
        >>> from spacy.tokens import Doc
        >>> doc = Doc(spacy.blank("en").vocab, words=["Lee", "said", "so"], heads=[1, 1, 1],
        ...           deps=["nsubj", "ROOT", "advmod"])
        >>> [t.text for t in children(doc[1])]
        ['Lee', 'so']
    """
    if token.right_edge.i - token.left_edge.i <= 2 * window:  # spaCy keeps the edges: its scan is short
        return [c for c in token.children if abs(c.i - token.i) <= window]
    doc = token.doc
    kids = _index(doc).get(token.i, [])
    lo, hi = bisect.bisect_left(kids, token.i - window), bisect.bisect_right(kids, token.i + window)
    return [doc[i] for i in kids[lo:hi]]


def lefts(token) -> list:
    """`children` before the token.

    Example:
        >>> import spacy
        >>> from spacy.tokens import Doc
        >>> doc = Doc(spacy.blank("en").vocab, words=["Ann", "Lee", "said"], heads=[1, 2, 2], deps=["compound", "nsubj", "ROOT"])
        >>> [t.text for t in lefts(doc[2])], [t.text for t in rights(doc[1])]
        (['Lee'], [])
    """
    return [c for c in children(token) if c.i < token.i]


def rights(token) -> list:
    """`children` after the token (see `lefts`)."""
    return [c for c in children(token) if c.i > token.i]


def governs(ancestor, token, steps: int = STEPS) -> bool:
    """Whether `ancestor` is among the first `steps` heads above `token`. A speech verb governs
    the words of its quote a step or two up; deeper links are another clause's.

    Example:
        >>> import spacy
        >>> from spacy.tokens import Doc
        >>> doc = Doc(spacy.blank("en").vocab, words=["Lee", "said", "we", "won"], heads=[1, 1, 3, 1],
        ...           deps=["nsubj", "ROOT", "nsubj", "ccomp"])
        >>> governs(doc[1], doc[2]), governs(doc[3], doc[1])
        (True, False)
    """
    for _ in range(steps):
        if token.head.i == token.i:
            return False
        token = token.head
        if token.i == ancestor.i:
            return True
    return False


def forget(doc) -> None:
    """Drop the index and the text kept with `doc` (a document handed back to a user, or retokenised)."""
    doc.user_data.pop(_INDEX, None)
    doc.user_data.pop(_TEXT, None)


def _index(doc) -> dict[int, list[int]]:
    """Each token's children, as sorted indices; built on first use, kept with the document."""
    index = doc.user_data.get(_INDEX)
    if index is None:
        index = {}
        for token in doc:
            if token.head.i != token.i:
                index.setdefault(token.head.i, []).append(token.i)
        doc.user_data[_INDEX] = index
    return index
