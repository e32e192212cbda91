"""The extraction-dev scorer (bench/extract_dev_eval.py) reads golds as the data's README says:
markers, URL line and comments dropped, entities decoded, Dragnet comments cut, the three gold
encodings decoded, and bag-of-words P/R on NFC tokens with case kept."""
import importlib.util, os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
spec = importlib.util.spec_from_file_location("ev", os.path.join(ROOT, "bench", "extract_dev_eval.py"))
ev = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ev)


def test_cleaneval_gold_markers_url_comments_entities():
    g = "\n\nURL: http://example.test/a\n<!-- note -->\n<h>Title here\n<p>It&#039;s <P>fine</p><br>\n<l>item"
    assert ev.bag(ev.clean_gold("cleaneval-dev", g)) == ev.bag("Title here It's fine item")


def test_dragnet_gold_cut_at_comments_line():
    g = "Article body words.\n!@#$%^&*()  COMMENTS\nreader says hi"
    assert ev.bag(ev.clean_gold("dragnet", g)) == ev.bag("Article body words.")
    assert "COMMENTS" in ev.clean_gold("dragnet", "no COMMENTS marker line here")


def test_gold_encodings():
    t = "caf\u00e9 na\u00efve"
    assert ev.decode_gold(t.encode("utf-8")) == t
    assert ev.decode_gold(t.encode("utf-16")) == t
    assert ev.decode_gold(t.encode("utf-16-le")) == t
    assert ev.decode_gold(t.encode("cp1252")) == t


def test_bag_of_words_scores():
    assert ev.page_prf("", "gold words") == (0.0, 0.0, 0.0)
    p, r, f = ev.page_prf("a b b c", "b b d")
    assert (p, r) == (0.5, 2 / 3)
    # NFC on both sides, case kept
    assert ev.page_prf("e\u0301t\u00e9", "\u00e9t\u00e9")[0] == 1.0
    assert ev.page_prf("Word", "word")[0] == 0.0


def test_missed_lines_are_the_gold_lines_the_output_mostly_lacks():
    gold = "Headline of the story\nThe first paragraph is here.\n\nA caption under the photo"
    out = "The first paragraph is here. Headline"
    # "Headline" alone is 1 of 4 words: missed; the caption has none of its words in the output
    assert ev.missed_lines(out, gold) == ["Headline of the story", "A caption under the photo"]
    assert ev.missed_lines(gold, gold) == []
