"""Clustering precision and recall of deduplication on a syndication corpus built from real articles.

    python bench/syndication.py                      # the shared eval texts if present, else data/
    python bench/syndication.py --articles 300 --copies 3 --model none
    python bench/syndication.py --unify-marks          # copies of mixed-mark sources in one style too

Each source article is republished `--copies` times under other outlets, each copy in one house
style of quotation marks (curly or straight; only the marks the source printed are replaced, so a
paragraph that a quote goes on from stays open, and a source whose quotes mix straight and curly
marks keeps them as printed unless --unify-marks). In each copy every quote is perturbed the way syndication and
translation do: stripped accents, other case and spacing, other dashes and ellipses, only a
fragment of it, or a word reworded (never a negation, a number, a modal or a name). Some copies
are misquotes instead, which must stay apart: a "not" added after the first auxiliary verb, the
first "not" dropped, or the first number changed; how many of those were merged with the quote they alter is printed
("altered_merged", 0 is the aim). A copy that alters one piece of a quote in pieces misquotes the
whole quote; a mention of a misquoted span that holds none of the change (the engine found the
unchanged words as a quote of their own) is an unchanged fragment of the source's quote.
The engine then runs over sources and copies together, and each mention's predicted row is compared
with the quote it was made from (B-cubed and pairwise precision and recall; "copies_pairwise" counts
only the pairs with a copy in them: what syndication adds, apart from how the sources relate;
"..._vs_source_rows" takes as gold the rows the engine gave the source quotes, and
"copies_in_source_row" is the share of copy mentions (misquotes aside) with their source's quote_id).

The pieces of a quote the engine gives in pieces in a source article (over several paragraphs, or
interrupted by its attribution) are one gold quote, as the annotated corpora count them. Source
articles may themselves share quotes (a headline repeats the body, two outlets quote one
speech): those count as one gold quote when their folded words are equal, one is a fragment of
five words or more of the other, or they are alike (Indel similarity 0.8, quotes of five words
or more) with no negation, number, modal or name changed, by the same speaker (names with the same folded words, or one holding
the other's: "Donald Trump" and "Republican Donald Trump"), and a quote with no speaker is the
quote of the one named speaker whose quote has its words, if exactly one does. A quote that is
one of these to a piece of a quote in pieces is that quote. That is the
engine's definition of one quote, applied to the sources with every pair compared; what is
measured is whether the copies land where their sources are.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from quotes import deduplicate, extract
from quotes.alterations import alteration, name_changed, what_changed
from quotes.dedup import _whole_quotes, normalize_quote
from quotes.io import read_articles

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "polnear_train.jsonl"
MARKS = set("“”\"'‘’«»„")
OTHER_WORDS = ["really", "truly", "clearly", "simply", "also", "still", "just", "certainly"]


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_AUXILIARIES = {"will", "would", "can", "could", "should", "is", "are", "was", "were", "must", "may", "might", "has", "have"}


def perturb(quote: str, rng: random.Random) -> tuple[str, str]:
    """A syndicated wording of `quote` and the name of the change; "negate", "denegate" and "renumber" make a
    misquote, the others the same quote."""
    kind = rng.choice(["accents", "case", "dashes", "fragment", "reword", "marks", "negate", "denegate", "renumber"])
    words = quote.split()
    if kind == "denegate":  # a "not" dropped, where the quote has one inside it (one at an end is an excerpt's cut)
        at = next((i for i, w in enumerate(words) if w.lower() == "not" and 0 < i < len(words) - 1), None)
        if at is not None:
            return " ".join(words[:at] + words[at + 1 :]), kind
        kind = "negate"
    if kind == "negate":
        at = next((i for i, w in enumerate(words) if w.lower() in _AUXILIARIES), None)
        if at is not None and (at + 1 == len(words) or words[at + 1].lower() != "not"):
            return " ".join(words[: at + 1] + ["not"] + words[at + 1 :]), kind
        kind = "marks"
    if kind == "renumber":
        at = next((i for i, w in enumerate(words) if w.strip(".,%$").isdigit()), None)
        if at is not None:
            digits = words[at].strip(".,%$")
            return " ".join(words[:at] + [words[at].replace(digits, str(int(digits) + 1), 1)] + words[at + 1 :]), kind
        kind = "marks"
    if kind == "accents":
        return strip_accents(quote), kind
    if kind == "case":
        return "  ".join(w.lower() if i == 0 else w for i, w in enumerate(words)), kind
    if kind == "dashes":
        return quote.replace("—", "--").replace("…", "...").replace(", ", " - ", 1), kind
    if kind == "fragment" and len(words) >= 12:
        start = rng.randint(0, len(words) // 3)
        return " ".join(words[start : start + max(6, len(words) // 2)]), kind
    if kind == "reword" and len(words) >= 8:
        for _ in range(5):  # a word that changes no negation, number or modal: still the same quote
            i = rng.randrange(1, len(words) - 1)
            reworded = " ".join(words[:i] + [rng.choice(OTHER_WORDS)] + words[i + 1 :])
            a, b = normalize_quote(quote), normalize_quote(reworded)
            if alteration(a, b) is None and not name_changed(quote, reworded):
                return reworded, kind
    return quote, "marks"


MISQUOTES = ("negate", "denegate", "renumber")


def republish(article: dict, mentions, copy: int, rng: random.Random, unify_marks: bool = False) -> tuple[dict, list[tuple[int, int, str]]]:
    """A copy of the article with each quote perturbed; returns it and (start, end, gold) per quote."""
    text, out, spans, pos = article["text"], "", [], 0
    # One house style a copy: a republisher straightens every mark or none.
    opener, closer = rng.choice([("“", "”"), ('"', '"')])
    # A source whose quotes open or close with both straight and curly marks may mean something
    # by it (an excerpt in one style quoting someone in the other): unless `unify_marks`, its
    # copies keep every mark as printed.
    marks = {text[m.quote_start - 1] for m in mentions.itertuples() if m.quote_start > 0} | \
        {text[m.quote_end : m.quote_end + 2].strip()[:1] for m in mentions.itertuples()}
    mixed = not unify_marks and '"' in marks and bool(marks & {"“", "”"})
    for m in mentions.itertuples():
        if m.quote_start < pos:
            continue
        new_quote, kind = perturb(m.quote, rng)
        # The quote's own marks are replaced, and only those: a paragraph that a quote goes on
        # from has no closing mark, and its copy has none either.
        before = text[pos : m.quote_start]
        opened = before[-1:] in MARKS and not mixed
        if opened:  # two of a kind ('' in some house styles) are one mark
            before = before[:-2] if before[-2:-1] == before[-1:] else before[:-1]
        out += before + (opener if opened else "")
        label = f"{article['id']}#{m.quote_start}"
        # a misquote is another quote; the source's label before "!" says which one it alters
        # (two copies that alter it alike print one misquote: the key is the altered words)
        key = hashlib.sha1(normalize_quote(new_quote).encode()).hexdigest()[:10]
        spans.append((len(out), len(out) + len(new_quote), f"{label}!{kind}:{key}" if kind in MISQUOTES else label))
        # the original closing mark, also after a space ('today, ” Bozell adds')
        rest = text[m.quote_end : m.quote_end + 4]
        gap = len(rest) - len(rest.lstrip(" "))
        mark = rest[gap : gap + 1] if rest[gap : gap + 1] in MARKS and not mixed else ""
        out += new_quote + (closer if mark else "")
        pos = m.quote_end + (gap + (2 if rest[gap : gap + 2] == mark * 2 else 1) if mark else 0)
    out += text[pos:]
    return {"id": f"{article['id']}~copy{copy}", "text": out, "outlet": f"Syndicate {copy}"}, spans


def _first_pieces(originals) -> dict[str, str]:
    """Gold label of each source mention → that of the first piece of its quote (its own, for a
    quote not in pieces)."""
    _, of = _whole_quotes(originals)
    head: dict[int, str] = {}
    for m, whole in zip(originals.itertuples(), of.tolist()):
        head.setdefault(whole, f"{m.article_id}#{m.quote_start}")
    return {f"{m.article_id}#{m.quote_start}": head[whole] for m, whole in zip(originals.itertuples(), of.tolist())}


def _same_quotes_in_sources(originals) -> dict[str, str]:
    """Gold label → one label for quotes that are already the same in the unperturbed sources (by
    the definition: equal folded words, a fragment of five words or more, or alike without a
    change of meaning, by the same speaker), so that true merges among the sources do not count
    as errors."""
    # The pieces of a quote in pieces (a quote over several paragraphs, or interrupted by its
    # attribution) are one quote, as the engine and the annotated corpora count it.
    pieces = _first_pieces(originals)
    rows = [
        (f"{m.article_id}#{m.quote_start}", f" {normalize_quote(m.quote)} ", f" {normalize_quote(m.speaker)} " if isinstance(m.speaker, str) else "")
        for m in originals.itertuples()
    ]
    rows.sort(key=lambda r: -len(r[1]))
    label = {}
    for i, (gid, words, speaker) in enumerate(rows):
        # One speaker: names with the same folded words, or one holding the other's ("Donald Trump",
        # "Republican Donald Trump"); or both unnamed.
        label[gid] = next(
            (label[other] for other, longer, who in rows[:i]
             if (who == speaker or (who and speaker and (who in speaker or speaker in who)))
             and (words == longer or (len(words.split()) >= 5 and words in longer))),
            gid,
        )
    # By the definition's third rule too: alike (Indel similarity of the folded words 0.8 or more,
    # rapidfuzz's cdist over every pair at once) with no change of meaning, by one speaker.
    texts = [words.strip() for _, words, _ in rows]
    printed = {f"{m.article_id}#{m.quote_start}": m.quote for m in originals.itertuples()}
    # (cdist scores in single precision: a pair at 0.8 exactly is checked again in double)
    alike = process.cdist(texts, texts, scorer=Indel.normalized_similarity, score_cutoff=0.79, workers=-1)
    for i, j in zip(*np.nonzero(alike)):
        (a, wa, sa), (b, wb, sb) = rows[i], rows[j]
        if i < j and label[a] != label[b] and min(wa.count(" "), wb.count(" ")) >= 6 \
                and Indel.normalized_similarity(texts[i], texts[j]) >= 0.8 \
                and (sa == sb or (sa and sb and (sa in sb or sb in sa))) \
                and what_changed(wa.strip(), printed[a], wb.strip(), printed[b]) is None:
            old, new = sorted((label[a], label[b]))
            label.update({k: old for k, v in label.items() if v == new})
    # A quote with no speaker is the quote of the one named speaker who has its words, if one does.
    for gid, words, speaker in rows:
        if speaker == "" and len(words.split()) >= 5:
            named = {(who, label[other]) for other, longer, who in rows
                     if who and (words == longer or words in longer) and len(longer.split()) >= 5}
            if len({who for who, _ in named}) == 1:
                label[gid] = min(lab for _, lab in named)
    # A piece takes its quote's label (the first piece's, as that one took it), and so does a
    # quote that took a piece's label (a fragment of one piece is that quote's).
    def final(gid: str) -> str:
        seen, at = set(), label[pieces[gid]]
        while at not in seen and label[pieces[at]] != at:
            seen.add(at)
            at = label[pieces[at]]
        return at

    return {gid: final(gid) for gid in label}


def _mention_label(spans: list[tuple[int, int, str]], mention, source_words: dict[str, str]) -> str | None:
    """The gold label of a mention (`_span_label`); a mention of a misquoted span that holds
    none of what was changed (the engine found the misquote's unchanged words as a quote of their
    own) is its source's: by the definition, an unchanged fragment of it."""
    label = _span_label(spans, mention.quote_start, mention.quote_end)
    if label and "!" in label and "!~" not in label:
        source, words = label.split("!")[0], normalize_quote(mention.quote)
        if len(words.split()) >= 5 and f" {words} " in source_words.get(source, ""):
            return source
    return label


def _span_label(spans: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    """The gold label of the span a mention overlaps most (a quote nested in a longer one takes
    its own span, not the longer one's), else None."""
    overlapping = [(min(e, end) - max(s, start), -(e - s), g) for s, e, g in spans if s < end and start < e]
    return max(overlapping)[2] if overlapping else None


def b_cubed(gold: list[str], pred: list[str]) -> tuple[float, float]:
    by_gold, by_pred = Counter(gold), Counter(pred)
    both = Counter(zip(gold, pred))
    precision = sum(n * n / by_pred[p] for (g, p), n in both.items()) / len(gold)
    recall = sum(n * n / by_gold[g] for (g, p), n in both.items()) / len(gold)
    return precision, recall


def pairwise(gold: list[str], pred: list[str], copied: list[bool] | None = None) -> tuple[float, float]:
    """Pairwise precision and recall; with `copied`, over the pairs with at least one copy in them."""
    def pairs(labels):
        groups: dict[str, list[int]] = {}
        for i, label in enumerate(labels):
            groups.setdefault(label, []).append(i)
        found = {p for g in groups.values() for p in itertools.combinations(g, 2)}
        return found if copied is None else {(i, j) for i, j in found if copied[i] or copied[j]}

    g, p = pairs(gold), pairs(pred)
    return (len(g & p) / len(p) if p else 1.0), (len(g & p) / len(g) if g else 1.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default=str(EVAL) if EVAL.exists() else str(ROOT / "data"))
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--model", default="none")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show-merged", action="store_true", help="name each misquote merged with the quote it alters")
    parser.add_argument("--unify-marks", action="store_true",
                        help="every copy in one style of marks, also where the source mixes straight and curly")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    sources = [{"id": a.id, "text": a.text, "outlet": a.outlet or "Source"}
               for a in itertools.islice(read_articles([args.source]), args.articles)]
    originals = extract(sources, model=args.model)
    articles, gold_spans = list(sources), {}
    for src in sources:
        own = originals[originals["article_id"] == src["id"]].sort_values("quote_start")
        gold_spans[src["id"]] = [(m.quote_start, m.quote_end, f"{src['id']}#{m.quote_start}") for m in own.itertuples()]
        for k in range(1, args.copies + 1):
            copy, spans = republish(src, own, k, rng, args.unify_marks)
            articles.append(copy)
            gold_spans[copy["id"]] = spans
    same_in_sources = _same_quotes_in_sources(originals)
    first_piece = _first_pieces(originals)
    # A copy that alters one piece of a quote in pieces misquotes the whole quote: all its pieces
    # in that copy are the misquote.
    for copy_id, spans in gold_spans.items():
        altered = {first_piece.get(g.split("!")[0]): g.split("!")[1] for _, _, g in spans if "!" in g}
        gold_spans[copy_id] = [(s, e, g if "!" in g or first_piece.get(g) not in altered
                                else f"{g}!~{altered[first_piece[g]]}") for s, e, g in spans]
    mentions = extract(articles, model=args.model)
    deduplicate(mentions)

    gold, pred = [], []
    row_of_source: dict[str, str] = {}
    altered: list[tuple[str, str]] = []  # (the source quote's label, the misquote's row)
    source_words = {f"{m.article_id}#{m.quote_start}": f" {normalize_quote(m.quote)} " for m in originals.itertuples()}
    labels = [_mention_label(gold_spans[m.article_id], m, source_words) for m in mentions.itertuples()]
    for m, label in zip(mentions.itertuples(), labels):
        source_label, _, misquote = (label or "").partition("!")
        gold.append((same_in_sources.get(source_label, source_label) + (f"!{misquote.lstrip('~')}" if misquote else ""))
                    if label else f"unmatched:{m.article_id}:{m.quote_start}")
        pred.append(m.quote_id)
        if label and "~" not in m.article_id:
            row_of_source[label] = m.quote_id
        elif label and "!" in label and "!~" not in label:  # the altered piece itself
            altered.append((label.split("!")[0], m.quote_id))
    merged = sum(row_of_source.get(source) == row for source, row in altered)
    if args.show_merged:
        for source, row in altered:
            if row_of_source.get(source) == row:
                print(f"merged misquote: {source} -> {row}", file=sys.stderr)
    # Against the engine's own rows for the sources: does each copy keep its source's quote_id?
    by_source_row, kept = [], []
    for m, g, label in zip(mentions.itertuples(), gold, labels):
        source = (label or "").split("!")[0]
        if "~" not in m.article_id or not label:
            by_source_row.append(m.quote_id if "~" not in m.article_id else f"unmatched:{m.article_id}:{m.quote_start}")
        elif "!" in label:
            by_source_row.append(g)  # a misquote: its own quote
        else:
            by_source_row.append(row_of_source.get(source, g))
            kept.append(m.quote_id == row_of_source.get(source))
    sp, sr = pairwise(by_source_row, pred, ["~" in a for a in mentions["article_id"]])
    bp, br = b_cubed(gold, pred)
    pp, pr = pairwise(gold, pred)
    copied = ["~" in a for a in mentions["article_id"]]
    cp, cr = pairwise(gold, pred, copied)
    print(json.dumps({
        "source": Path(args.source).name, "source_articles": len(sources), "copies_each": args.copies,
        "mentions": len(mentions), "gold_quotes": len(set(gold)), "predicted_rows": len(set(pred)),
        "b_cubed_precision": round(bp, 4), "b_cubed_recall": round(br, 4),
        "pairwise_precision": round(pp, 4), "pairwise_recall": round(pr, 4),
        "copies_pairwise_precision": round(cp, 4), "copies_pairwise_recall": round(cr, 4),
        "copies_in_source_row": round(sum(kept) / len(kept), 4) if kept else None,
        "copies_pairwise_precision_vs_source_rows": round(sp, 4), "copies_pairwise_recall_vs_source_rows": round(sr, 4),
        "altered_copies": len(altered), "altered_merged": merged, "model": args.model,
    }, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
